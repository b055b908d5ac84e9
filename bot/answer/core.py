"""The core: answer(question, index) -> Answer. Knows nothing of Telegram, terminals or settings."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.answer.candidates import CANDIDATES, rank, small_corpus_hits, to_candidate
from bot.answer.dates import article_dates
from bot.answer.periods import asked_period, select
from bot.answer.questions import analyse, no_figure_reason
from bot.answer.support import Support, names, type_cues
from bot.answer.timeline import arrange
from bot.errors import FactbotError
from bot.ingest import extract_figures, tokenize, words
from bot.models import FIGURE_TYPES, Answer, AnswerType, Candidate, Period, QuestionAnalysis
from bot.search import SearchIndex

MAX_QUESTION_CHARS = 1_000
# Candidates checked for support, best first; lower-ranked sentences are not offered as answers.
MAX_CHECKED = 30
# Accepted candidates kept beyond the alternatives, so that other articles' figures can form a timeline.
TIMELINE_DEPTH = 8
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


class InvalidQuestion(FactbotError):
    """The question cannot be searched: empty, too long, binary, or without any words."""


def clean_question(question: str) -> str:
    """The question with Unicode normalised and whitespace collapsed; raises InvalidQuestion."""
    if not isinstance(question, str):
        raise InvalidQuestion("A question must be text.")
    if len(question) > MAX_QUESTION_CHARS * 4:
        raise InvalidQuestion(f"That question is too long ({len(question):,} characters; at most 1,000).")
    text = unicodedata.normalize("NFKC", question)
    if "\x00" in text or "\ufffd" in text or len(_CONTROL.findall(text)) > 2:
        raise InvalidQuestion("That looks like binary data, not a question. Please type a question.")
    text = " ".join(_CONTROL.sub(" ", text).split())
    if not text:
        raise InvalidQuestion("The question is empty. Ask something like: how many base stations were built?")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQuestion(f"That question is too long ({len(text):,} characters; at most 1,000).")
    if not words(text):
        raise InvalidQuestion("The question has no words in it. Ask about a figure, e.g. 'how many ...?'")
    return text


def answer(question: str, index: SearchIndex, *, alternatives: int = 3, today: date | None = None) -> Answer:
    """Answer a question from the index: the figure, its sentence and article, or found=False.

    A period in the question ('in 2023', 'last year' against `today`) selects the figure stated for it;
    of several articles the latest answers, and the others' figures come as its timeline."""
    text = clean_question(question)
    analysis = analyse(text)
    period = asked_period(text, today or date.today())  # [#10] the period asked, made absolute
    tokens = tokenize(text)
    if not tokens:
        return _not_found(
            text, analysis, "The question has only common words; name what you are asking about.", period
        )
    hits = index.engine.search(tokens, k=CANDIDATES) or small_corpus_hits(index, tokens)
    if not hits:
        return _not_found(text, analysis, "None of the question's words appear in the articles.", period)
    ranked = rank(analysis, tokens, hits, index)
    wants_figure = analysis.answer_type in FIGURE_TYPES
    check = Support(index, tokens, type_cues(analysis), names(text))
    accepted = []
    for cand in ranked[:MAX_CHECKED]:
        if (cand.figure is not None or not wants_figure) and check(cand):
            accepted.append(cand)
            if len(accepted) > alternatives + TIMELINE_DEPTH:  # [#10] deeper, for the timeline
                break
    if not accepted and wants_figure and any(map(check, ranked[:5])):
        return _not_found(text, analysis, no_figure_reason(analysis), period)
    if not accepted:
        reason = "The articles don't seem to say; no sentence matches the question."
        return _not_found(text, analysis, reason, period)
    # [#10] the candidates stated for the asked period, the latest of them first, the others as a timeline
    return _dated_answer(
        text, analysis, period, [to_candidate(c, index) for c in accepted], index, alternatives
    )


def _dated_answer(
    text: str,
    analysis: QuestionAnalysis,
    period: Period | None,
    cands: list[Candidate],
    index: SearchIndex,
    alternatives: int,
) -> Answer:
    """The answer from accepted candidates (best first): of those stated for the asked period, the latest
    article's, with the other articles' figures over time; or why the articles give other periods only."""
    dates = article_dates(cands, index)
    chosen, off_period = select(period, cands, dates)
    if off_period:
        return _not_found(text, analysis, off_period, period)
    story = arrange(chosen, dates, alternatives, ranked=cands)
    return Answer(
        question=text,
        found=True,
        answer_type=analysis.answer_type,
        focus=analysis.focus,
        period=period,
        **story.fields(),
    )


def _not_found(question: str, analysis: QuestionAnalysis, reason: str, period: Period | None) -> Answer:
    return Answer(
        question=question,
        found=False,
        answer_type=analysis.answer_type,
        focus=analysis.focus,
        reason=reason,
        period=period,
    )


def suggest_questions(index: SearchIndex, n: int = 3, scan: int = 400) -> list[str]:
    """Example questions made from the corpus's own counted figures, each checked to be answerable."""
    suggestions: list[str] = []
    rows = index.sentences(range(min(scan, index.n_sentences)))
    for sid in sorted(rows):
        for figure in extract_figures(rows[sid][0]):
            if figure.kind is not AnswerType.COUNT or not figure.noun:
                continue
            question = f"How many {figure.noun}?"
            if question not in suggestions and answer(question, index).found:
                suggestions.append(question)
            break
        if len(suggestions) >= n:
            break
    return suggestions
