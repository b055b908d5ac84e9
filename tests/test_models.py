"""The shared models: strict fields and the answer's own candidate."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.models import Answer, AnswerType, Candidate, Source, Span


def _answer(**extra: object) -> Answer:
    return Answer(question="how many?", found=True, answer_type=AnswerType.COUNT, **extra)


def test_best_is_the_answers_own_candidate() -> None:
    source = Source(doc_id="a.md", title="A", source="APP", date="2025-09-01")
    answer = _answer(
        figure="27,000",
        highlight=Span(start=0, end=6),
        passage="27,000 stations",
        sentence_id=3,
        source=source,
        score=2.5,
        bm25=1.5,
    )
    best = answer.best()
    assert isinstance(best, Candidate)
    assert (best.figure, best.passage, best.sentence_id, best.source, best.score) == (
        "27,000",
        "27,000 stations",
        3,
        source,
        2.5,
    )


def test_best_is_none_when_nothing_was_found() -> None:
    assert Answer(question="q", found=False, answer_type=AnswerType.OTHER, reason="no").best() is None


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Source(doc_id="a", colour="red")
