"""Answer: a question and a `SearchIndex` in; an `Answer` (figure, sentence, article) out.

- `questions`: a question → its `QuestionAnalysis` (expected answer type, focus noun, content words).
- `ranking`: BM25's candidate sentences → final scores (coverage, proximity, answer-type features),
  weighed by the fitted `weights.json`.
- `context`: a candidate's article as evidence: its BM25, headline, preceding sentence and lead.
- `candidates`: BM25's hits → `Scored` sentences, reranked, each with its figure (`figure_choice`).
- `support`: whether a candidate and its article hold enough of the question to be its answer.
- `core`: `answer(question, index) -> Answer`: the stages above in order, and "not found" rather than a
  guess. Knows nothing of Telegram, terminals or settings.
"""

from bot.answer.candidates import Scored
from bot.answer.context import list_context
from bot.answer.core import (
    InvalidQuestion,
    answer,
    candidate_features,
    clean_question,
    ranked,
    suggest_questions,
)
from bot.answer.figure_choice import pick_figure
from bot.answer.questions import analyse, echoes_question, noun_overlap, type_matches
from bot.answer.ranking import FEATURES, WEIGHTS, WEIGHTS_FILE, features, rerank

__all__ = [
    "FEATURES",
    "WEIGHTS",
    "WEIGHTS_FILE",
    "InvalidQuestion",
    "Scored",
    "analyse",
    "answer",
    "candidate_features",
    "clean_question",
    "echoes_question",
    "features",
    "list_context",
    "noun_overlap",
    "pick_figure",
    "ranked",
    "rerank",
    "suggest_questions",
    "type_matches",
]
