"""Questions about a period: the period asked, the periods each sentence states (relative ones resolved
against its article's date), and the candidates stated for the asked period, or which periods there are.

Periods are read by `anchors.find_periods`; here they are made absolute and compared as spans of months.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from bot.answer.anchors import find_periods, resolved
from bot.answer.timeline import Figures, same_measure
from bot.ingest import dateline_length, extract_figures
from bot.models import AnswerType, Candidate, Figure, Period

# How well a sentence's period fits the asked one; ELSEWHERE: as of an article date outside it.
EXACT, OVERLAPS, UNSTATED, ELSEWHERE, OTHER = 2, 1, 0, -1, -2
_HALVES = {1: "first", 2: "second"}
# Words that make a period the compared figure's, not the one written next to it: a comparison ('than',
# 'compared with') anywhere between the two or just before a period written first, a multiple between a
# figure and a later period ('USD 7.4 million, nearly triple the figure recorded in 2024'), and 'from'
# right before the period ('rose 5% from 2023'; 'earned $200bn from advertising in 2024' keeps its year).
_COMPARISONS = frozenset({"than", "compared", "comparison", "versus", "vs", "against"})
_MULTIPLES = frozenset({"double", "triple", "quadruple", "twice", "thrice", "times", "fold"})
# In a question, a period after these bounds a span ('prior to 2000'): not the period asked.
_BOUNDS = frozenset({"prior", "before", "after", "since", "until", "till"})
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def asked_period(question: str, today: date) -> Period | None:
    """The first period a question asks about, a relative one ('last year') resolved against today; not
    one it compares with ('more extreme than in 2005', 'lower than it had been in 1986')."""
    at = 0
    for period in find_periods(question):
        start = question.find(period.text, at)
        at = start + len(period.text) if start >= 0 else at
        if start < 0 or not _after_comparison(question[:start]):
            return resolved(period, today.year)
    return None


def _after_comparison(before: str) -> bool:
    """Whether the last few words of `before` hold a comparison ('than it had been in', 'compared with'),
    or a bound stands right before the period ('prior to 2000', 'since 2010'); 'from' does not ('how much
    gas came from Russia in 2021')."""
    words = _words(before)
    return bool(_COMPARISONS.intersection(words[-5:]) or _BOUNDS.intersection(words[-2:]))


def absolute(period: Period, when: date | None) -> Period:
    """A period made absolute against a date (an article's): 'last year' by anchors.resolved, and 'in March'
    or 'the third quarter' without a year as the latest such period that began by that date."""
    if when is None:
        return period
    period = resolved(period, when.year)
    if period.year is not None or period.offset is not None:
        return period
    year = when.year if _months(period)[0] <= when.month else when.year - 1
    return period.model_copy(update={"year": year})


def _months(period: Period) -> tuple[int, int]:
    """The first and last month (1-12) of a period within its year."""
    if period.month is not None:
        return period.month, period.month
    if period.quarter is not None:
        return 3 * period.quarter - 2, 3 * period.quarter
    if period.half is not None:
        return 6 * period.half - 5, 6 * period.half
    return 1, 12


def fit(asked: Period, stated: Period) -> int:
    """EXACT when the sentence states the asked period itself, OVERLAPS when one covers part of the other
    (a range of years, a quarter of the asked year), OTHER for a different period, UNSTATED when the two
    cannot be compared (a year against a bare quarter)."""
    parts = ("year", "quarter", "half", "month")
    if not any(getattr(asked, f) is not None and getattr(stated, f) is not None for f in parts):
        return UNSTATED
    (a_first, a_last), (s_first, s_last) = _months(asked), _months(stated)
    same_years = asked.year is None or stated.year is None
    if not same_years:
        a_end, s_end = asked.year_end or asked.year, stated.year_end or stated.year
        if a_end < stated.year or s_end < asked.year:
            return OTHER
        same_years = (asked.year, asked.year_end) == (stated.year, stated.year_end)
    if a_last < s_first or s_last < a_first:
        return OTHER
    return EXACT if same_years and (a_first, a_last) == (s_first, s_last) else OVERLAPS


def in_period(asked: Period, when: date | None) -> bool:
    """Whether a date falls inside the asked period."""
    if when is None:
        return False
    first, last = _months(asked)
    in_years = asked.year is None or asked.year <= when.year <= (asked.year_end or asked.year)
    return in_years and first <= when.month <= last


def level(
    asked: Period, cand: Candidate, when: date | None, figures: Figures | None = None
) -> tuple[int, list[Period]]:
    """How well a candidate's figure fits the asked period, and the comparable periods given for it.

    A period opening the sentence ('In 2024, ...', 'From 2016 to 2025, ...') is every figure's; another
    belongs to the figure written nearest to it ('171 million in 2024, up from 150 million in 2022').
    A figure with no period of its own is as of its article's date: OVERLAPS inside the asked period,
    ELSEWHERE outside it, and UNSTATED when the article is undated."""
    stated = [(s, e, p) for s, e, p in located_periods(cand.passage, when) if fit(asked, p) != UNSTATED]
    mine = (None, _span(cand))
    known = figures.get(cand.sentence_id) if figures is not None else None
    found = known if known is not None or not stated else _figures(cand.passage)
    own = [
        p
        for s, e, p in stated
        if not _compared(cand.passage, mine[1], s, e)
        and (_opening(cand.passage, s, e) or _nearest_figure(cand.passage, s, e, found) in mine)
    ]
    if own:
        return max(fit(asked, p) for p in own), own
    if when is None:
        return UNSTATED, []
    if in_period(asked, when):
        return OVERLAPS, []
    return ELSEWHERE, [Period(text=str(when.year), year=when.year)]


def _compared(sentence: str, span: tuple[int, int] | None, start: int, end: int) -> bool:
    """Whether the period at [start, end) is the compared figure's rather than that of the figure at `span`:
    a comparison stands between the two ('USD 7.4 million, nearly triple the figure recorded in 2024',
    'rose 5% from 2023'), or right before a period written first ('Compared with 2023, sales rose 5%')."""
    if span is None:
        return False
    if span[1] > start:  # the period written first: a comparison right before it
        return bool(_COMPARISONS.intersection(_words(sentence[dateline_length(sentence) : start])[-2:]))
    return _separates(_words(sentence[span[1] : start]))


def _apart(sentence: str, span: tuple[int, int], start: int, end: int) -> bool:
    """Whether a comparison separates a figure at `span` from the period at [start, end) written before
    it ('in 2024, up from $238bn', 'in 2023, compared with 2.9 million'), or after it (`_compared`)."""
    if span[0] < end:
        return _compared(sentence, span, start, end)
    return _separates(_words(sentence[end : span[0]]))


def _separates(between: list[str]) -> bool:
    """Whether the words between a figure and a period compare: a comparison or a multiple among them, or
    'from' last ('rose 5% from 2023', 'in 2024, up from $238bn')."""
    return bool((_COMPARISONS | _MULTIPLES).intersection(between)) or between[-1:] == ["from"]


def _words(text: str) -> list[str]:
    """The lower-case words of a text ('threefold' read as 'three fold')."""
    return re.findall(r"[a-z]+?(?=fold\b)|fold\b|[a-z]+", text.lower())


def _opening(sentence: str, start: int, end: int) -> bool:
    """Whether the period at [start, end) opens the sentence: at most four words before it (the dateline
    aside) and a comma right after it ('In January 2024, companies ...')."""
    before = sentence[dateline_length(sentence) : start].split()
    return len(before) <= 4 and sentence[end:].lstrip().startswith(",")


def located_periods(sentence: str, when: date | None) -> list[tuple[int, int, Period]]:
    """The periods a sentence states after its dateline, each with where it is written, made absolute."""
    found: list[tuple[int, int, Period]] = []
    at = dateline_length(sentence)
    for period in find_periods(sentence[at:]):
        start = sentence.find(period.text, at)
        if start < 0:
            continue
        at = start + len(period.text)
        found.append((start, at, absolute(period, when)))
    return found


def _span(cand: Candidate) -> tuple[int, int] | None:
    """Where the candidate's figure is written."""
    return (cand.highlight.start, cand.highlight.end) if cand.highlight else None


def _nearest_figure(sentence: str, start: int, end: int, figures: Sequence[Figure]) -> tuple[int, int] | None:
    """The span of the figure (not a date, nor a multiple) of the sentence's `figures` written nearest to
    [start, end), its counted noun included in the distance; None when the sentence has no such figure."""
    best: tuple[int, tuple[int, int]] | None = None
    for figure in figures:
        if _apart(sentence, (figure.span.start, figure.span.end), start, end):
            continue  # 'in 2024, up from $238bn': the compared figure, not the period's
        if figure.kind is AnswerType.DATE or (figure.span.start < end and start < figure.span.end):
            continue  # a date, or the period itself read as a figure ('2005 dollars')
        if figure.unit == "times":
            continue  # a multiple compares ('USD 7.4 million in 2025, nearly triple ...'): not the period's
        reach = figure.span.end
        if figure.noun and sentence[reach:].lstrip().startswith(figure.noun):
            reach = sentence.index(figure.noun, reach) + len(figure.noun)
        gap = max(0, start - reach, figure.span.start - end)
        if best is None or gap < best[0]:
            best = (gap, (figure.span.start, figure.span.end))
    return best[1] if best else None


@lru_cache(maxsize=1024)
def _figures(sentence: str) -> tuple[Figure, ...]:
    """The figures of a sentence (cached: a candidate's sentence is read for each of its periods)."""
    return tuple(extract_figures(sentence))


def select(
    asked: Period | None,
    cands: Sequence[Candidate],
    dates: dict[str, date | None],
    figures: Figures | None = None,
    near: dict[int, float] | None = None,
) -> tuple[list[Candidate], str | None]:
    """The candidates for the asked period, in rank order; when none of them is, none and the reason
    ('The articles give 2022 and 2024, not 2023.').

    The best-ranked candidate that may be for the period sets the measure; when the best-ranked of all
    states another period, only a candidate of its measure, or one whose context holds as much of the
    question, may. When it states the period, the candidates of that measure that state it best are
    kept; when it cannot tell (an undated article, no period of its own), rank decides among all that
    may be for it, unless dated ones of its measure are all as of other dates. By sentence id:
    `figures`, each candidate's sentence's figures (extracted again without); `near`, the share of the
    question its context holds."""
    if asked is None or not cands:
        return list(cands), None
    levels = [level(asked, c, dates.get(c.source.doc_id), figures) for c in cands]
    cands = list(cands)
    for i, (lv, _) in enumerate(levels):
        if lv == OTHER:  # '171 million in 2024, up from 150 million in 2022', asked for 2022
            found = _for_period(asked, cands[i], dates.get(cands[i].source.doc_id), figures)
            if found is not None:
                cands[i], levels[i] = found
    possible = [i for i, (lv, _) in enumerate(levels) if lv >= UNSTATED]
    if levels[0][0] < UNSTATED:  # the best-ranked states another period: who may stand in for it
        possible = [i for i in possible if _stands_in(cands[0], cands[i], figures, near)]
    top = cands[possible[0]] if possible else cands[0]
    peers = [i for i, c in enumerate(cands) if same_measure(top, c, figures)]
    best = max(levels[i][0] for i in peers)
    if possible and levels[possible[0]][0] >= OVERLAPS:
        return [cands[i] for i in peers if levels[i][0] == best], None
    if possible and (best >= OVERLAPS or not any(levels[i][0] == ELSEWHERE for i in peers)):
        return [cands[i] for i in possible], None
    others = [(p, cands[i].figure) for i in peers for p in levels[i][1]]
    if not others:
        return list(cands), None
    return [], f"The articles give {listed(others)}, not {period_text(asked)}."


def _for_period(
    asked: Period, cand: Candidate, when: date | None, figures: Figures | None
) -> tuple[Candidate, tuple[int, list[Period]]] | None:
    """The candidate with the figure of its kind that its sentence states for the asked period, with its
    level, when its own figure is another period's; None when the sentence states none for it."""
    known = figures.get(cand.sentence_id) if figures is not None else None
    for figure in _figures(cand.passage) if known is None else known:
        if figure.kind is not cand.figure_kind or figure.unit == "times" or figure.span == cand.highlight:
            continue
        other = cand.model_copy(update={"figure": figure.text, "highlight": figure.span})
        fits = level(asked, other, when, figures)
        if fits[0] == EXACT:
            return other, fits
    return None


def _stands_in(
    first: Candidate, cand: Candidate, figures: Figures | None, near: dict[int, float] | None
) -> bool:
    """Whether a candidate may answer for the asked period in place of the best-ranked one, which states
    another: it gives the same measure, or its context holds at least as much of the question."""
    if same_measure(first, cand, figures):
        return True
    if near is None:
        return False
    return near.get(cand.sentence_id, 0.0) >= near.get(first.sentence_id, 0.0)


def listed(given: Sequence[tuple[Period, str | None]]) -> str:
    """'2022 (14) and 2024 (12)', '2019, 2022 and 2024': the distinct periods given, in time order, each
    with the best-ranked figure given for it; at most six."""
    first: dict[str, tuple[Period, str | None]] = {}
    for period, figure in given:  # in rank order: the first figure for a period is its best
        first.setdefault(period_text(period), (period, figure))
    order = sorted(
        first.items(), key=lambda kv: (kv[1][0].year or 0, _months(kv[1][0]), kv[1][0].year_end or 0)
    )
    texts = [f"{text} ({figure})" if figure else text for text, (_, figure) in order]
    if len(texts) > 6:
        texts = [*texts[:5], f"{len(texts) - 5} more"]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def period_text(period: Period) -> str:
    """A period as the bot writes it: '2024', '2016 to 2025', 'Q3 2024', 'the first half of 2025',
    'March 2024' (a relative period it could not resolve keeps its own words)."""
    if period.year is None and period.offset is not None:
        return period.text
    year = "" if period.year is None else str(period.year)
    if period.year_end is not None:
        return f"{year} to {period.year_end}"
    if period.month is not None:
        return f"{_MONTH_NAMES[period.month - 1]} {year}".strip()
    if period.quarter is not None:
        return f"Q{period.quarter} {year}".strip()
    if period.half is not None:
        return f"the {_HALVES[period.half]} half" + (f" of {year}" if year else "")
    return year or period.text


def shifted(period: Period, unit: str, steps: int) -> Period | None:
    """The period `steps` units (year, half, quarter, month) later, or earlier when negative."""
    if period.year is None:
        return None
    if unit == "year":
        end = period.year_end + steps if period.year_end else None
        return period.model_copy(update={"text": "", "year": period.year + steps, "year_end": end})
    if period.year_end is not None or _months(period) == (1, 12):
        return None  # "the quarter before" a whole year: no quarter to count from
    size = {"month": 1, "quarter": 3, "half": 6}[unit]
    first = _months(period)[0] - 1 + steps * size  # months since January of the period's year
    year, month = period.year + first // 12, first % 12 + 1
    parts = {"month": month} if unit == "month" else {unit: (month - 1) // size + 1}
    return Period(text="", year=year, **parts)


def of_date(when: date, unit: str) -> Period:
    """The year, half, quarter or month that a date falls in."""
    if unit == "year":
        return Period(text="", year=when.year)
    if unit == "month":
        return Period(text="", year=when.year, month=when.month)
    size = {"quarter": 3, "half": 6}[unit]
    return Period(text="", year=when.year, **{unit: (when.month - 1) // size + 1})
