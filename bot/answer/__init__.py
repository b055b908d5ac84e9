"""Answer: a question and a `SearchIndex` in; an `Answer` (figure, sentence, article) out.

- `questions`: a question → its `QuestionAnalysis` (expected answer type, focus noun, content words).
- `ranking`: BM25's candidate sentences → final scores (coverage, proximity, answer-type features).
- `candidates`: BM25's hits → `Scored` sentences, reranked, each with its figure (`figure_choice`).
- `support`: whether a candidate and its article hold enough of the question to be its answer.
- `core`: `answer(question, index) -> Answer`: the stages above in order, and "not found" rather than a
  guess. Knows nothing of Telegram, terminals or settings.
"""

from bot.answer.core import InvalidQuestion, answer, clean_question, suggest_questions
from bot.answer.figure_choice import PRIOR as FIGURE_PRIOR
from bot.answer.figure_choice import figure_options, pick_figure
from bot.answer.figure_features import FEATURES as FIGURE_FEATURES
from bot.answer.question_features import features as type_features
from bot.answer.question_text import known_tokens
from bot.answer.question_types import LEXICON_FILE, WEIGHTS_FILE, TypeModel, type_model
from bot.answer.questions import analyse, analyse_by_rules, echoes_question, noun_overlap, type_matches
from bot.answer.ranking import FEATURES, WEIGHTS, features, rerank

__all__ = [
    "FEATURES",
    "FIGURE_FEATURES",
    "FIGURE_PRIOR",
    "LEXICON_FILE",
    "WEIGHTS",
    "WEIGHTS_FILE",
    "InvalidQuestion",
    "TypeModel",
    "analyse",
    "analyse_by_rules",
    "answer",
    "clean_question",
    "echoes_question",
    "features",
    "figure_options",
    "known_tokens",
    "noun_overlap",
    "pick_figure",
    "rerank",
    "suggest_questions",
    "type_features",
    "type_matches",
    "type_model",
]
