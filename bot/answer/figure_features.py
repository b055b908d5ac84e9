"""What a question's figure is judged on, among the figures of one sentence: one feature row per figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from bot.answer.anchors import find_names
from bot.answer.figure_words import Asked, asked, other_name_of, word_features
from bot.answer.pool import KINDS, Pool, changes, distinct, hashed, member, owners
from bot.answer.question_words import ALL_TYPE_NOUNS, word_set
from bot.answer.questions import TYPE_NOUNS, echoes_question, is_unit, noun_overlap, type_matches
from bot.ingest import DURATION_UNITS, MULTIPLIED, STOP_WORDS, canonical_unit, sentence_words, stem, words
from bot.models import AnswerType, Figure, QuestionAnalysis, Span

FEATURES = (
    "kind",  # the figure's kind is the expected answer type
    "kind_near",  # the figure's kind is near the expected one: its partial fit ('how many tons' and a count)
    "noun",  # share of the question's measured noun found in the figure's counted noun or unit
    "noun_other",  # the figure counts a noun that shares nothing with the question
    "noun_elsewhere",  # ... and the sentence names the question's noun, but only outside the figure's phrase
    "unit",  # the figure's unit, or its conversion's, is the one the question names ("how many kgs")
    "unit_other",  # the question names a unit and the figure has another one
    "near",  # the question's words close to the figure: mean of exp(-distance / 3) over them
    "nearest",  # 1 / (1 + tokens to the closest question word)
    "name_near",  # the question's names close to the figure: exp(-distance / 5) of the closest name
    "other_name",  # the question names an entity, but the name closest to the figure is another one
    "clause",  # share of the question's words (present in the sentence) in the figure's clause
    "phrase",  # the same, within commas as well
    "change",  # the question asks by how much, and the figure is a change ("by 3%", "rose 3%", a multiple)
    "level_for_change",  # the question asks by how much, and the figure is a level ("to $8.2bn")
    "change_for_level",  # the question asks for an amount, and the figure is a change
    "date_detail",  # a date question: the figure states a month (0.5) and a day too (1)
    "weekday",  # a date question: the figure is a weekday alone
    "year_for_year",  # the question asks which year, and the figure states one
    "range",  # the question asks for years or a span of time, and the figure is a range
    "bracketed",  # the figure stands inside brackets (a citation year, an aside)
    "first",  # the first figure of the sentence that fits the expected type
)


_CHANGE_WORDS = word_set(
    "rise rose risen rising increase increased increases increasing grow grew grown growth gain gained "
    "fall fell fallen drop dropped decline declined jump jumped climb climbed change changed cut "
    "shrink shrank surge surged boost boosted grows growing rises falls falling drops dropping declines "
    "declining"
)
_LEVEL_BEFORE = word_set("to at reached reaching totalled totaled total hit hitting stood")
_CHANGE_BEFORE = word_set(
    "by up down rose fell grew gained jumped climbed dropped declined lost surged slipped increased "
    "decreased rising falling growing cut added shed"
)
_CHANGE_AFTER = word_set("increase rise jump gain drop decline fall growth higher lower more less")
_WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
_MONTHS = word_set(
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec"
)
_RANGE = re.compile(r"\d\s*(?:[-–—]|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*\S*\d")
_PARTS = word_set("month day date week")
_SPAN_WORDS = word_set("years decades centuries period periods long")
_AGE_WORDS = word_set("age aged ages")


@dataclass(frozen=True)
class Cues:
    """What the features need from the question, read once per question."""

    analysis: QuestionAnalysis
    terms: frozenset[str]
    names: tuple[frozenset[str], ...]
    focus: frozenset[str]
    units: frozenset[str]
    change: bool
    year: bool
    span: bool
    numbers: frozenset[str]
    age: bool = False  # "how old", "what age": someone's age, not any length of time


@lru_cache(maxsize=4096)
def cues_of(analysis: QuestionAnalysis) -> Cues:
    """Read the cues of an analysed question: its words, names, units, and whether it asks a change."""
    asked = words(analysis.text)
    typed = TYPE_NOUNS.get(analysis.answer_type, frozenset())
    units = frozenset(canonical_unit(w) for w in asked if is_unit(w) or w in DURATION_UNITS)
    terms = {stem(w) for w in analysis.content_words if w not in typed and canonical_unit(w) not in units}
    names = tuple(n.stems for n in find_names(analysis.text))
    return Cues(
        analysis=analysis,
        terms=frozenset(terms - {"mani", "much"}),
        names=names,
        focus=_measured(analysis, names),
        units=units,
        change=_asks_change(analysis, asked),
        year=analysis.answer_type is AnswerType.DATE and "year" in asked and not _PARTS.intersection(asked),
        span=bool(_SPAN_WORDS.intersection(asked)) or analysis.answer_type is AnswerType.DURATION,
        numbers=frozenset(w for w in asked if w[0].isdigit()),
        age=_asks_age(asked),
    )


def _asks_age(asked: list[str]) -> bool:
    """'How old is he', 'what age', 'the age of the victim': someone's age."""
    return bool(_AGE_WORDS.intersection(asked)) or any(a == "how" and b == "old" for a, b in pairwise(asked))


def _measured(analysis: QuestionAnalysis, names: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The stems of the noun the question measures: its focus without type words ('population') or names."""
    named = frozenset().union(*names)
    focus = (w for w in words(analysis.focus or "") if w not in STOP_WORDS and w not in ALL_TYPE_NOUNS)
    return frozenset(stem(w) for w in focus) - named


def _asks_change(analysis: QuestionAnalysis, asked: list[str]) -> bool:
    """'By how much did exports rise', 'how much did profit grow', 'what was the increase': a change."""
    if analysis.answer_type in (AnswerType.DATE, AnswerType.DURATION) or _asks_level(asked):
        return False  # "when did it rise", "to what did it rise": not the size of a change
    return bool(_CHANGE_WORDS.intersection(asked)) and ("how" in asked or "what" in asked or "by" in asked)


def _asks_level(asked: list[str]) -> bool:
    """'To what did it rise', 'it rose to how much': the level reached ('exports to China' is a place)."""
    after = {asked[i + 1] for i, w in enumerate(asked[:-1]) if w == "to"}
    before = {asked[i - 1] for i, w in enumerate(asked) if w == "to" and i > 0}
    return bool(after & {"what", "how", "which"} or before & _CHANGE_WORDS)


def candidates(cues: Cues, figures: list[Figure]) -> list[Figure]:
    """The figures that may answer: of a fitting kind, and not only the numbers the question states."""
    expected = cues.analysis.answer_type
    return [f for f in figures if type_matches(expected, f) > 0 and not echoes_question(f, cues.numbers)]


_CHANGE_BEFORE_H, _LEVEL_BEFORE_H = hashed(_CHANGE_BEFORE), hashed(_LEVEL_BEFORE)
_CHANGE_AFTER_H = hashed(_CHANGE_AFTER)


@lru_cache(maxsize=4096)
def _asked(cues: Cues) -> Asked:
    """The question's words as the word features compare them."""
    return asked(cues.terms, cues.names, cues.focus)


@dataclass(frozen=True)
class Options:
    """The figures of a pool's sentences that may answer, in order: each one's sentence (its position in
    the pool), its row among the pool's figures (`readings.figure_rows`), and the Figure."""

    sentence: np.ndarray
    row: np.ndarray
    figures: list[Figure]


def options(cues: Cues, pool: Pool, exclude: set[str] | frozenset[str] = frozenset()) -> Options:
    """The candidate figures of every sentence (Figures made only for sentences with a fitting kind)."""
    sentence, row, figures = [], [], []
    fitting = kind_fits(cues.analysis.answer_type)[pool.figure_kinds] > 0
    has = distinct(owners(pool.figure_ptr, np.nonzero(fitting)[0]))
    fits, starts = fitting.tolist(), pool.figure_ptr.tolist()
    for i in has.tolist():
        start = starts[i]
        for j, f in enumerate(pool.figures(i)):
            if fits[start + j] and not _echoes(f, cues.numbers) and not _echoes(f, exclude):
                sentence.append(i)
                row.append(start + j)
                figures.append(f)
    return Options(np.array(sentence, np.int64), np.array(row, np.int64), figures)


def _echoes(figure: Figure, numbers: set[str] | frozenset[str]) -> bool:
    """echoes_question, which is False whenever the question states no number."""
    return bool(numbers) and echoes_question(figure, numbers)


def feature_matrix(cues: Cues, pool: Pool, opts: Options) -> np.ndarray:
    """One row of FEATURES per candidate figure, in order."""
    n = len(opts.figures)
    if not n:
        return np.zeros((0, len(FEATURES)))
    reading = pool.readings.figure_rows[opts.row]
    first, last = reading["first"].astype(np.int64), reading["last"].astype(np.int64)
    exact = lambda o: _other_name_exact(cues, pool, opts, o)  # noqa: E731
    values = word_features(_asked(cues), pool.readings, opts.sentence, first, last, exact)
    is_change = member(reading["before"], _CHANGE_BEFORE_H) | member(reading["after"], _CHANGE_AFTER_H)
    # a multiple said by its verb ('profits doubled') is a change like 'rose 3%'
    is_change |= np.array([f.text.split()[-1].lower() in MULTIPLIED for f in opts.figures], dtype=bool)
    is_level = member(reading["before"], _LEVEL_BEFORE_H) & ~is_change
    # any other multiple ('nearly triple the 2024 figure') is a change asked for, not a change_for_level
    multiple = np.array([f.unit == "times" for f in opts.figures], dtype=bool)
    values["change"] = (cues.change & (is_change | multiple)).astype(np.float64)
    values["level_for_change"] = (cues.change & is_level).astype(np.float64)
    values["change_for_level"] = ((not cues.change) & is_change).astype(np.float64)
    values["bracketed"] = reading["bracketed"].astype(np.float64)
    values["first"] = changes(opts.sentence).astype(np.float64)
    values |= _figure_values(cues, pool, opts)
    values["noun_elsewhere"] = values["noun_other"] * values.pop("named_apart")
    return np.column_stack([values[name] for name in FEATURES])


def _figure_values(cues: Cues, pool: Pool, opts: Options) -> dict[str, np.ndarray]:
    """The features read from each figure itself: kind, noun, unit, how much of a date."""
    rows = zip(opts.row.tolist(), opts.figures, strict=True)
    own = [
        _fit_values(cues, f, noun_fit(pool, r, cues.analysis.focus, f)) + _date_values(cues, f)
        for r, f in rows
    ]
    table = np.array(own, np.float64).reshape(len(own), len(_FIT) + len(_DATE))
    return {name: table[:, j] for j, name in enumerate((*_FIT, *_DATE))}


def _other_name_exact(cues: Cues, pool: Pool, opts: Options, o: int) -> float:
    """other_name of one figure from its sentence's text (equally near words must be ordered by stem)."""
    toks = sentence_words(pool.text(int(opts.sentence[o])))
    reading = pool.readings.figure_rows[opts.row[o]]
    return other_name_of(_asked(cues), toks, int(reading["first"]), int(reading["last"]))


_FIT = ("kind", "kind_near", "noun", "noun_other", "unit", "unit_other")
_DATE = ("date_detail", "weekday", "year_for_year", "range")


def noun_fit(pool: Pool, row: int, focus: str | None, figure: Figure) -> float:
    """noun_overlap of one of the pool's figures (by its row), computed once per question: the ranking
    and the figure choice both ask."""
    key = ("noun", focus, row)
    value = pool.memo.get(key)
    if value is None:
        value = pool.memo[key] = noun_overlap(focus, figure)
    return value


def _fit_values(cues: Cues, figure: Figure, noun: float) -> tuple[float, ...]:
    """Kind, counted noun (its overlap `noun`) and unit against what the question asks for (_FIT)."""
    kind = type_matches(cues.analysis.answer_type, figure)
    units = {canonical_unit(u) for f in (figure, figure.conversion) if f and f.unit for u in [f.unit]}
    return (
        1.0 if kind == 1.0 else 0.0,  # kind
        kind if kind < 1.0 else 0.0,  # kind_near
        noun,
        1.0 if figure.noun and cues.focus and noun == 0 else 0.0,  # noun_other
        1.0 if cues.units & units else 0.0,  # unit
        1.0 if cues.units and units and not cues.units & units else 0.0,  # unit_other
    )


def _date_values(cues: Cues, figure: Figure) -> tuple[float, ...]:
    """For a date question: how much of a date the figure gives, and whether it is a range (_DATE)."""
    dated = cues.analysis.answer_type is AnswerType.DATE and figure.kind is AnswerType.DATE
    parts = _figure_words(figure.text) if dated or cues.span else ()
    month = any(w in _MONTHS for w in parts)
    day = month and any(w.isdigit() and len(w) <= 2 for w in parts)
    return (
        (0.5 * month + 0.5 * day) if dated else 0.0,  # date_detail
        1.0 if dated and parts and all(w.rstrip("s") in _WEEKDAYS for w in parts) else 0.0,  # weekday
        1.0 if cues.year and any(len(w) >= 3 and w.isdigit() for w in parts) else 0.0,  # year_for_year
        1.0 if cues.span and _figure_range(figure.text) else 0.0,  # range
    )


@lru_cache(maxsize=16_384)
def _figure_words(text: str) -> tuple[str, ...]:
    """A figure text's words (figure texts repeat across sentences and questions)."""
    return tuple(words(text))


@lru_cache(maxsize=16_384)
def _figure_range(text: str) -> bool:
    """Whether a figure text is a range ('1963 to 1989')."""
    return _RANGE.search(text) is not None


@lru_cache(maxsize=32)
def kind_fits(expected: AnswerType) -> np.ndarray:
    """type_matches of a figure of each kind (indexed as in pool.KINDS) for the expected answer type."""
    return np.array(
        [type_matches(expected, Figure(text="0", span=Span(start=0, end=1), kind=k)) for k in KINDS]
    )
