"""Which figure in a sentence answers the question, and how well it fits."""

from __future__ import annotations

from bot.answer.questions import echoes_question, noun_overlap, type_matches
from bot.ingest import extract_figures, stem, tokenize
from bot.models import FIGURE_TYPES, AnswerType, Figure, QuestionAnalysis


def pick_figure(
    analysis: QuestionAnalysis, sentence: str, exclude: set[str] = frozenset()
) -> tuple[Figure | None, float]:
    """The figure in a sentence that best answers the question, and how well it fits (0..2)."""
    if analysis.answer_type is AnswerType.OTHER:
        return _figure_after_question_word(analysis, sentence, exclude)
    if analysis.answer_type not in FIGURE_TYPES:
        return None, 0.0
    best: tuple[Figure | None, float] = (None, 0.0)
    for figure in extract_figures(sentence):
        kind_fit = type_matches(analysis.answer_type, figure)
        if kind_fit <= 0 or echoes_question(figure, exclude):
            continue
        fit = kind_fit + noun_overlap(analysis.focus, figure)
        if fit > best[1]:
            best = (figure, fit)
    return best


def _figure_after_question_word(
    analysis: QuestionAnalysis, sentence: str, exclude: set[str]
) -> tuple[Figure | None, float]:
    """For an untyped question ('what did exports reach?'): a figure right after one of its words."""
    asked = {stem(w) for w in analysis.content_words}
    for figure in extract_figures(sentence):
        before = tokenize(sentence[max(0, figure.span.start - 30) : figure.span.start])[-2:]
        if asked.intersection(before) and not echoes_question(figure, exclude):
            return figure, 0.5
    return None, 0.0
