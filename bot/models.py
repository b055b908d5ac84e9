"""The data that flows through factbot: articles, figures, question analyses and answers."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Model(BaseModel):
    """Base for every factbot model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerType(StrEnum):
    """What kind of answer a question expects, and what kind of value a figure is."""

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    DATE = "date"
    DURATION = "duration"
    QUANTITY = "quantity"
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    OTHER = "other"


FIGURE_TYPES: frozenset[AnswerType] = frozenset(
    {
        AnswerType.COUNT,
        AnswerType.MONEY,
        AnswerType.PERCENT,
        AnswerType.DATE,
        AnswerType.DURATION,
        AnswerType.QUANTITY,
    }
)
"""The answer types whose answer is a figure."""


class Article(Model):
    """One news article as read from the corpus."""

    doc_id: str = Field(description="Stable id: the JSONL `id`, or the file path relative to the corpus.")
    title: str = ""
    text: str
    source: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    path: str = Field("", description="Where it came from: corpus-relative path, with ':LINE' for JSONL.")


class Source(Model):
    """The article an answer comes from, as shown to the user."""

    doc_id: str
    title: str = ""
    source: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


class Span(Model):
    """A half-open character range [start, end) inside a text (a sentence, or an article body)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Figure(Model):
    """A figure found in a sentence: a number, an amount of money, a percentage, a date, ..."""

    text: str = Field(description="As written in the sentence, qualifier included: 'more than 226 tons'.")
    span: Span
    kind: AnswerType = Field(description="count, money, percent, date, duration, quantity.")
    value: float | None = Field(None, description="Normalised number: 700000000.0 for 'USD 700 million'.")
    unit: str | None = Field(None, description="Currency code, '%', or the unit word ('tons').")
    qualifier: str | None = Field(None, description="'more than', 'around', 'up to', ... if present.")
    noun: str | None = Field(None, description="What is counted: 'new mobile base stations'.")
    conversion: Figure | None = Field(
        None,
        description="The same amount in other units, in brackets after it: '£1.3bn' in '$2.4bn (£1.3bn)'.",
    )


class Period(Model):
    """A period a question asks about or a sentence states: a year, a quarter or half of it, a month.

    Relative periods ("last year", "this quarter") carry `offset` and no year until `resolved` against an
    article's date.
    """

    text: str = Field(description="As written: 'the fourth quarter of 2024', 'Q3', 'last year'.")
    year: int | None = None
    year_end: int | None = Field(None, description="Last year of a range: 2025 in 'from 2016 to 2025'.")
    quarter: int | None = Field(None, ge=1, le=4)
    half: int | None = Field(None, ge=1, le=2)
    month: int | None = Field(None, ge=1, le=12)
    offset: int | None = Field(
        None, description="Years from the article's date: -1 'last year', 0 'this year'."
    )


class QuestionAnalysis(Model):
    """What rule-based analysis read from a question."""

    text: str
    answer_type: AnswerType
    focus: str | None = Field(None, description="The noun asked about: 'base stations' in 'how many ...'.")
    content_words: tuple[str, ...] = Field((), description="Lower-cased content words, no question words.")


class Candidate(Model):
    """One possible answer: a sentence, the figure in it, and its article."""

    figure: str | None = None
    figure_kind: AnswerType | None = None
    highlight: Span | None = Field(None, description="Where the figure sits in `passage`.")
    passage: str
    sentence_id: int
    source: Source
    score: float = Field(description="Final ranking score (BM25 plus answer-type evidence).")
    bm25: float = Field(description="The BM25 Okapi score of the sentence for the question.")


class TimelineEntry(Model):
    """Another article's differing figure for the same question, with the date it was reported."""

    figure: str | None = None
    date: str | None = Field(None, description="ISO date of the article (front matter, else dateline).")
    passage: str
    source: Source
    also_reported_by: list[Source] = Field(default_factory=list, description="Articles restating it.")


class Answer(Model):
    """The reply to one question: the best candidate, flattened, plus the next best ones."""

    question: str
    found: bool
    answer_type: AnswerType
    focus: str | None = None
    figure: str | None = None
    figure_kind: AnswerType | None = None
    highlight: Span | None = None
    passage: str | None = None
    sentence_id: int | None = None
    source: Source | None = None
    score: float | None = None
    bm25: float | None = None
    reason: str | None = Field(None, description="Why nothing was found, when found is false.")
    alternatives: list[Candidate] = Field(default_factory=list)
    follow_up: bool = Field(False, description="Whether the question was read against the conversation.")
    interpreted_as: str = Field("", description="The self-contained question answered (= question).")
    period: Period | None = Field(None, description="The period the question asks about, made absolute.")
    as_of: str | None = Field(None, description="ISO date of the answer's article, or None when undated.")
    also_reported_by: list[Source] = Field(default_factory=list, description="Articles restating it.")
    timeline: list[TimelineEntry] = Field(
        default_factory=list, description="Up to 5 other articles' differing figures, newest first."
    )

    @model_validator(mode="before")
    @classmethod
    def _interpreted_as_question(cls, data: Any) -> Any:
        """Without a follow-up reading, the question answered is the question asked."""
        if isinstance(data, dict) and not data.get("interpreted_as") and "question" in data:
            return {**data, "interpreted_as": data["question"]}
        return data

    def best(self) -> Candidate | None:
        """The answer's own candidate (figure, passage, source), or None when nothing was found."""
        if not self.found or self.passage is None or self.sentence_id is None or self.source is None:
            return None
        return Candidate(**{name: getattr(self, name) for name in Candidate.model_fields})
