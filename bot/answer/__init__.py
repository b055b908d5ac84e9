"""Answer: a question and a `SearchIndex` in; an `Answer` (figure, sentence, article) out.

- `questions`: a question → its `QuestionAnalysis` (expected answer type, focus noun, content words).
- `ranking`: BM25's candidate sentences → final scores (coverage, proximity, answer-type features),
  weighed by the fitted `ranking_weights.json`.
- `context`: a candidate's article as evidence: its BM25, headline, preceding sentence and lead.
- `candidates`: BM25's hits → `Scored` sentences, reranked, each with its figure (`figure_choice`).
- `semantic`: the meaning stage: the best 10 candidates reordered by their all-MiniLM-L6-v2 cosine with
  the question (a numpy forward pass over the model package's weights), weighed by `semantic_weights.json`.
- `support`: whether a candidate and its article hold enough of the question to be its answer: the
  hard floors (names, rival names, a minimum coverage) and the thresholds for alternatives.
- `gate`: whether the best candidate (within the thresholds, else the floors) answers: a logistic model
  over what the ranking and support computed, weighed by the fitted `gate_weights.json`.
- `core`: `answer(question, index) -> Answer`: the stages above in order, and "not found" rather than a
  guess. Knows nothing of Telegram, terminals or settings.
- `periods`: the period a question asks about, the periods a sentence states (relative ones resolved
  against its article's date), and the candidates stated for the asked period; `dates`: article dates.
- `timeline`: of several articles' answers, the latest first, restatements folded, the others over time.
- `kernels` (loaded by `compiled`, in the background): numba loops over the candidates' tokens, with the
  numpy code in `lexical` and `lookups` as their fallback; `kernels_ready(timeout)` waits for them.
- `followup` and `conversation`: a message read against the previous turn ("and in 2024?"), and the
  turn kept, as JSON, for a few minutes.
"""

from bot.answer.candidates import Scored
from bot.answer.compiled import ready as kernels_ready
from bot.answer.context import list_context
from bot.answer.conversation import Conversation
from bot.answer.core import (
    InvalidQuestion,
    answer,
    candidate_features,
    clean_question,
    gate_rows,
    ranked,
    suggest_questions,
)
from bot.answer.figure_choice import PRIOR as FIGURE_PRIOR
from bot.answer.figure_choice import WEIGHTS_FILE as FIGURE_WEIGHTS_FILE
from bot.answer.figure_choice import figure_options, pick_figure
from bot.answer.figure_features import FEATURES as FIGURE_FEATURES
from bot.answer.followup import Turn, elliptical
from bot.answer.gate import GATE_FEATURES, GATE_FILE, GATE_WORDS_FILE, GateModel, hinges, load_gate
from bot.answer.name_forms import NAME_ALIASES_FILE, NAME_FORMS_FILE, aliases, other_forms
from bot.answer.names import NAME_TYPES
from bot.answer.question_features import TIME_UNITS as TIME_NOUNS
from bot.answer.question_features import UNITS as UNIT_NOUNS
from bot.answer.question_features import features as type_features
from bot.answer.question_text import known_tokens, repair_typos, singular
from bot.answer.question_text import tokens as question_tokens
from bot.answer.question_types import LEXICON_FILE, Reading, TypeModel, type_model
from bot.answer.question_types import WEIGHTS_FILE as TYPE_WEIGHTS_FILE
from bot.answer.questions import analyse, analyse_by_rules, echoes_question, noun_overlap, type_matches
from bot.answer.ranking import FEATURES, WEIGHTS, features, rerank
from bot.answer.ranking import WEIGHTS_FILE as RANKER_WEIGHTS_FILE
from bot.answer.semantic import MEANING, Encoder, Meaning, closeness, load_encoder, use_meaning
from bot.answer.semantic import WEIGHTS_FILE as MEANING_WEIGHTS_FILE

__all__ = [
    "FEATURES",
    "FIGURE_FEATURES",
    "FIGURE_PRIOR",
    "FIGURE_WEIGHTS_FILE",
    "GATE_FEATURES",
    "GATE_FILE",
    "GATE_WORDS_FILE",
    "LEXICON_FILE",
    "MEANING",
    "MEANING_WEIGHTS_FILE",
    "NAME_ALIASES_FILE",
    "NAME_FORMS_FILE",
    "NAME_TYPES",
    "RANKER_WEIGHTS_FILE",
    "TIME_NOUNS",
    "TYPE_WEIGHTS_FILE",
    "UNIT_NOUNS",
    "WEIGHTS",
    "Conversation",
    "Encoder",
    "GateModel",
    "InvalidQuestion",
    "Meaning",
    "Reading",
    "Scored",
    "Turn",
    "TypeModel",
    "aliases",
    "analyse",
    "analyse_by_rules",
    "answer",
    "candidate_features",
    "clean_question",
    "closeness",
    "echoes_question",
    "elliptical",
    "features",
    "figure_options",
    "gate_rows",
    "hinges",
    "kernels_ready",
    "known_tokens",
    "list_context",
    "load_encoder",
    "load_gate",
    "noun_overlap",
    "other_forms",
    "pick_figure",
    "question_tokens",
    "ranked",
    "repair_typos",
    "rerank",
    "singular",
    "suggest_questions",
    "type_features",
    "type_matches",
    "type_model",
    "use_meaning",
]
