"""What a question's figure is judged on, among the figures of one sentence: one feature row per figure."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.anchors import find_names
from bot.answer.questions import TYPE_NOUNS, echoes_question, is_unit, noun_overlap, type_matches
from bot.ingest import DURATION_UNITS, STOP_WORDS, canonical_unit, stem, words
from bot.models import AnswerType, Figure, QuestionAnalysis

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
    "change",  # the question asks by how much, and the figure is a change ("by 3%", "rose 3%")
    "level_for_change",  # the question asks by how much, and the figure is a level ("to $8.2bn")
    "change_for_level",  # the question asks for an amount, and the figure is a change
    "date_detail",  # a date question: the figure states a month (0.5) and a day too (1)
    "weekday",  # a date question: the figure is a weekday alone
    "year_for_year",  # the question asks which year, and the figure states one
    "range",  # the question asks for years or a span of time, and the figure is a range
    "bracketed",  # the figure stands inside brackets (a citation year, an aside)
    "first",  # the first figure of the sentence that fits the expected type
)


def _set(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
_STRONG = frozenset(";:—–")  # brackets hold conversions and asides, not new clauses
_CHANGE_WORDS = _set(
    "rise rose risen rising increase increased increases increasing grow grew grown growth gain gained "
    "fall fell fallen drop dropped decline declined jump jumped climb climbed change changed cut "
    "shrink shrank surge surged boost boosted"
)
_LEVEL_BEFORE = _set("to at reached reaching totalled totaled total hit hitting stood")
_CHANGE_BEFORE = _set(
    "by up down rose fell grew gained jumped climbed dropped declined lost surged slipped increased "
    "decreased rising falling growing cut added shed"
)
_CHANGE_AFTER = _set("increase rise jump gain drop decline fall growth higher lower more less")
_WEEKDAYS = _set("monday tuesday wednesday thursday friday saturday sunday")
_MONTHS = _set(
    "january february march april may june july august september october november december jan feb mar "
    "apr jun jul aug sep sept oct nov dec"
)
_RANGE = re.compile(r"\d\s*(?:[-–—]|\bto\b|\band\b|\buntil\b|\bthrough\b)\s*\S*\d")
_PARTS = _set("month day date week")
_TYPED = frozenset().union(*TYPE_NOUNS.values())  # "population", "number", "value": the type, not the thing
_SPAN_WORDS = _set("years decades centuries period periods long")


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
    )


def _measured(analysis: QuestionAnalysis, names: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The stems of the noun the question measures: its focus without type words ('population') or names."""
    named = frozenset().union(*names)
    focus = (w for w in words(analysis.focus or "") if w not in STOP_WORDS and w not in _TYPED)
    return frozenset(stem(w) for w in focus) - named


def _asks_change(analysis: QuestionAnalysis, asked: list[str]) -> bool:
    """'By how much did exports rise', 'how much did profit grow', 'what was the increase': a change."""
    if analysis.answer_type in (AnswerType.DATE, AnswerType.DURATION) or "to" in asked:
        return False  # "when did it rise", "to what did it rise": not the size of a change
    return bool(_CHANGE_WORDS.intersection(asked)) and ("how" in asked or "what" in asked or "by" in asked)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    stem: str
    low: str
    cap: bool
    clause: int
    phrase: int


@lru_cache(maxsize=4096)
def _tokens(sentence: str) -> tuple[_Token, ...]:
    """The sentence's word tokens with their offsets, stems and clause numbers."""
    out, clause, phrase, last = [], 0, 0, 0
    for m in _TOKEN.finditer(sentence):
        gap = sentence[last : m.start()]
        clause += any(ch in _STRONG for ch in gap)
        phrase += any(ch in _STRONG or ch == "," for ch in gap)
        low = m.group().lower()
        cap = m.group()[0].isupper() and low not in STOP_WORDS
        out.append(_Token(m.start(), m.end(), stem(low), low, cap, clause, phrase))
        last = m.end()
    return tuple(out)


def candidates(cues: Cues, figures: list[Figure]) -> list[Figure]:
    """The figures that may answer: of a fitting kind, and not only the numbers the question states."""
    expected = cues.analysis.answer_type
    return [f for f in figures if type_matches(expected, f) > 0 and not echoes_question(f, cues.numbers)]


def feature_rows(cues: Cues, sentence: str, figures: list[Figure]) -> list[list[float]]:
    """One row of FEATURES per candidate figure of the sentence, in order."""
    toks = _tokens(sentence)
    rows = []
    for i, figure in enumerate(figures):
        first, last = _token_range(toks, figure)
        values = {"first": 1.0 if i == 0 else 0.0, "bracketed": _bracketed(sentence, figure)}
        values |= _fit_values(cues, figure, toks, first)
        values |= _closeness(cues, toks, first, last)
        values |= _role(cues, toks, first, last)
        values |= _date_values(cues, figure)
        rows.append([values[name] for name in FEATURES])
    return rows


def _token_range(toks: tuple[_Token, ...], figure: Figure) -> tuple[int, int]:
    """The first and last token inside the figure's span."""
    inside = [i for i, t in enumerate(toks) if t.start < figure.span.end and figure.span.start < t.end]
    return (inside[0], inside[-1]) if inside else (0, 0)


def _fit_values(cues: Cues, figure: Figure, toks: tuple[_Token, ...], first: int) -> dict[str, float]:
    """Kind, counted noun and unit against what the question asks for."""
    focus = cues.analysis.focus
    noun = noun_overlap(focus, figure)
    kind = type_matches(cues.analysis.answer_type, figure)
    other = 1.0 if figure.noun and cues.focus and noun == 0 else 0.0
    units = {canonical_unit(u) for f in (figure, figure.conversion) if f and f.unit for u in [f.unit]}
    return {
        "kind": 1.0 if kind == 1.0 else 0.0,
        "kind_near": kind if kind < 1.0 else 0.0,
        "noun": noun,
        "noun_other": other,
        "noun_elsewhere": other if _named_apart(cues.focus, toks, toks[first].phrase) else 0.0,
        "unit": 1.0 if cues.units & units else 0.0,
        "unit_other": 1.0 if cues.units and units and not cues.units & units else 0.0,
    }


def _named_apart(focus: frozenset[str], toks: tuple[_Token, ...], phrase: int) -> bool:
    """Whether the sentence names the measured noun, but none of its words in the figure's phrase
    ('Huawei, which employs 3,000 engineers, built base stations': the stations have no figure)."""
    if not focus or not focus <= {t.stem for t in toks}:
        return False
    return not any(t.stem in focus for t in toks if t.phrase == phrase)


def _closeness(cues: Cues, toks: tuple[_Token, ...], first: int, last: int) -> dict[str, float]:
    """How close the question's words and names stand to the figure, and whether they share its clause."""
    where: dict[str, int] = {}
    present = [i for i, t in enumerate(toks) if t.stem in cues.terms and not first <= i <= last]
    for i in present:
        d = first - i if i < first else i - last
        where[toks[i].stem] = min(d, where.get(toks[i].stem, d))
    near = sum(math.exp(-d / 3) for d in where.values()) / len(cues.terms) if cues.terms else 0.0
    nearest = 1 / (1 + min(where.values())) if where else 0.0
    names = [min((where[s] for s in name if s in where), default=None) for name in cues.names]
    close = [d for d in names if d is not None]
    same = [toks[i] for i in present]
    return {
        "near": near,
        "nearest": nearest,
        "name_near": math.exp(-min(close) / 5) if close else 0.0,
        "other_name": _other_name(cues, toks, first, last),
        "clause": sum(t.clause == toks[first].clause for t in same) / len(same) if same else 0.0,
        "phrase": sum(t.phrase == toks[first].phrase for t in same) / len(same) if same else 0.0,
    }


def _other_name(cues: Cues, toks: tuple[_Token, ...], first: int, last: int) -> float:
    """1 when the capitalised word nearest the figure, within its phrase, is not one of the question's
    names ('Italy holds 12.4%, Japan 31.0%' asked about Japan: 12.4% stands by Italy)."""
    if not cues.names:
        return 0.0
    phrase = toks[first].phrase
    caps = [
        (first - i if i < first else i - last, toks[i].stem)
        for i in range(len(toks))
        if toks[i].cap and toks[i].phrase == phrase and not first <= i <= last
    ]
    if not caps:
        return 0.0
    return 0.0 if any(min(caps)[1] in name for name in cues.names) else 1.0


def _role(cues: Cues, toks: tuple[_Token, ...], first: int, last: int) -> dict[str, float]:
    """Whether the figure is a change ('by 3%', 'rose 3%', '3% higher') or a level ('to $8.2bn')."""
    before = toks[first - 1].low if first > 0 else ""
    after = toks[last + 1].low if last + 1 < len(toks) else ""
    is_change = before in _CHANGE_BEFORE or after in _CHANGE_AFTER
    is_level = before in _LEVEL_BEFORE and not is_change
    return {
        "change": 1.0 if cues.change and is_change else 0.0,
        "level_for_change": 1.0 if cues.change and is_level else 0.0,
        "change_for_level": 1.0 if not cues.change and is_change else 0.0,
    }


def _date_values(cues: Cues, figure: Figure) -> dict[str, float]:
    """For a date question: how much of a date the figure gives, and whether it is a range."""
    dated = cues.analysis.answer_type is AnswerType.DATE and figure.kind is AnswerType.DATE
    parts = words(figure.text) if dated or cues.span else []
    month = any(w in _MONTHS for w in parts)
    day = month and any(w.isdigit() and len(w) <= 2 for w in parts)
    return {
        "date_detail": (0.5 * month + 0.5 * day) if dated else 0.0,
        "weekday": 1.0 if dated and parts and all(w.rstrip("s") in _WEEKDAYS for w in parts) else 0.0,
        "year_for_year": 1.0 if cues.year and any(len(w) >= 3 and w.isdigit() for w in parts) else 0.0,
        "range": 1.0 if cues.span and _RANGE.search(figure.text) else 0.0,
    }


def _bracketed(sentence: str, figure: Figure) -> float:
    """1 when the figure stands inside brackets that open before it and close after it."""
    before = sentence[: figure.span.start]
    return 1.0 if before.count("(") > before.count(")") else 0.0
