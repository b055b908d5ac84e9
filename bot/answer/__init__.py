"""Answer: a question and a `SearchIndex` in; an `Answer` (figure, sentence, article) out.

- `questions`: a question → its `QuestionAnalysis` (expected answer type, focus noun, content words).
- `ranking`: BM25's candidate sentences → final scores (coverage, proximity, answer-type features).
- `core`: `answer(question, index) -> Answer`: retrieval, reranking, the figure picked from each sentence,
  and the support check that says "not found" rather than guess. Knows nothing of Telegram, terminals or
  settings.
"""

from bot.answer.core import InvalidQuestion, answer, clean_question, pick_figure, suggest_questions
from bot.answer.questions import analyse, echoes_question, noun_overlap, type_matches
from bot.answer.ranking import FEATURES, WEIGHTS, features, rerank

__all__ = [
    "FEATURES",
    "WEIGHTS",
    "InvalidQuestion",
    "analyse",
    "answer",
    "clean_question",
    "echoes_question",
    "features",
    "noun_overlap",
    "pick_figure",
    "rerank",
    "suggest_questions",
    "type_matches",
]
