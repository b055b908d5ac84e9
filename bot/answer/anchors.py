"""What a question is anchored to: the names it mentions, the periods it asks about, the noun it measures.

An answer must be about the question's anchors: its sentence (or that sentence's article) names them, and
it does not state a different period from the one asked. The same readers find the periods a sentence
states, so questions and sentences are compared on one footing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.question_types import type_model
from bot.answer.question_words import word_set
from bot.ingest import STOP_WORDS, stem, words
from bot.models import Period, QuestionAnalysis

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
            "august aug", "september sep sept", "october oct", "november nov", "december dec",
        ),
        start=1,
    )
    for m in names.split()
}  # fmt: skip
_WEEKDAYS = word_set("monday tuesday wednesday thursday friday saturday sunday")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORDINAL_NAMES = {"final": 4, "last": 4}  # "the final quarter"
_RELATIVE = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_ORD = r"(first|second|third|fourth|1st|2nd|3rd|4th|final)"
_OF_YEAR = rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?({_YEAR}))?"
_PERIODS = re.compile(
    "|".join(
        (
            rf"(?P<q>\bQ([1-4])(?:\s*(?:of\s+)?['’]?({_YEAR}|\d\d))?\b)",
            rf"(?P<oq>\b{_ORD}[\s-]+quarter{_OF_YEAR})",
            rf"(?P<h>\bH([12])(?:\s*({_YEAR}))?\b)",
            rf"(?P<oh>\b(first|second|1st|2nd)\s+half{_OF_YEAR})",
            rf"(?P<m>\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
            rf"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+(?:of\s+)?({_YEAR}))?\b)",
            rf"(?P<r>\b(?:between\s+({_YEAR})\s+and|(?:from\s+)?({_YEAR})\s*(?:-|–|—|to|through|until))"
            rf"\s*({_YEAR}|\d\d)\b)",
            rf"(?P<fy>\b(?:FY|fiscal(?:\s+year)?\s*)['’]?({_YEAR}|\d\d)\b)",
            rf"(?P<y>(?<![\d.,])({_YEAR})(?![\d]|\.\d|,\d{{3}}))",
            r"(?P<rel>\b(last|past|previous|this|current|next|coming)\s+(year|quarter|month))",
        )
    ),
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.&-]*|\S")
_POSSESSIVE = re.compile(r"['’]s?$")
_PERIOD_WORD = re.compile(r"q[1-4]|h[12]|fy\d*")  # "Q3", "H1", "FY2024": periods, not names


@dataclass(frozen=True)
class Name:
    """A name the question mentions ('Kenya', 'Cam Newton', 'IT'), with the search stems of its words.

    `frame` is the slot it fills: "'s" for a possessive, 'of', 'in' after in/at/across/from, 'for', 'by',
    or None. Two different names in the same frame are neighbours of one type ('in China' and
    'in Asia', "YouTube's revenue" and "Google's revenue").
    """

    text: str
    stems: frozenset[str]
    frame: str | None = None
    aliases: tuple[frozenset[str], ...] = ()  # the stems of each other name of it ('United Nations' for 'UN')

    def held(self, present: set[str] | frozenset[str]) -> bool:
        """Whether `present` names it: one of its stems, or every stem of one of its other names."""
        return not self.stems.isdisjoint(present) or any(alias <= present for alias in self.aliases)

    def known(self) -> frozenset[str]:
        """Its stems and those of its other names."""
        return self.stems.union(*self.aliases)


@dataclass(frozen=True)
class Anchors:
    """The question's names, the periods it asks about, and the noun it measures (its focus)."""

    names: tuple[Name, ...]
    periods: tuple[Period, ...]
    measured: str | None


def question_anchors(analysis: QuestionAnalysis) -> Anchors:
    """Read the anchors of an analysed question."""
    return Anchors(names=tuple(find_names(analysis.text)), periods=tuple(find_periods(analysis.text)),
                   measured=analysis.focus)  # fmt: skip


def find_names(text: str) -> list[Name]:
    """Runs of capitalised words and acronyms ('Cam Newton', 'Kenya's', 'IT'), months and question words
    excepted; the first word counts only when it is not a common word ('Nokia handset sales')."""
    return list(_names(text))


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[Name, ...]:
    """find_names, kept per text (a question's names are read for its anchors and its figure cues; Names
    are immutable)."""
    if text.isupper() or text.islower():
        return _known_places(text)
    found: list[Name] = []
    run: list[str] = []
    frame, before = None, ""
    for i, raw in enumerate(_NAME_TOKEN.findall(text)):
        if _is_name_word(raw, first=i == 0):
            frame = frame if run else _FRAMES.get(before)
            run.append(_POSSESSIVE.sub("", raw))
            if _POSSESSIVE.search(raw):  # "Kenya's GDP": the owner is a name of its own
                _close(run, found, "'s")
                run = []
            continue
        _close(run, found, frame)
        run, before = [], raw.casefold()
    _close(run, found, frame)
    return tuple(found)


def _known_places(text: str) -> tuple[Name, ...]:
    """In a question typed all in lower case (or all in capitals), which shows no names by its letters, the
    countries, states, cities and continents WordNet knows ('kazakhstan', 'paris'), so that they anchor it
    as capitalised ones would. A word counts when a place is its first sense ('turkey' is a bird first), it
    is no common word for a kind of place ('city', 'island') and no two-letter abbreviation ('me', 'or');
    other names cannot be told from words."""
    model = type_model()
    if model is None:
        return ()
    tokens = _NAME_TOKEN.findall(text)
    found: list[Name] = []
    for i, raw in enumerate(tokens):
        word = _POSSESSIVE.sub("", raw).casefold()
        tags = model.lexicon.get(word, "")
        if (len(word) < 4 and word not in _SHORT_PLACES) or word in _PLACE_NOUNS:
            continue
        if not tags.startswith(("L:location", "L:object")) or place_level(Name(word, frozenset())) is None:
            continue
        frame = "'s" if _POSSESSIVE.search(raw) else _FRAMES.get(tokens[i - 1].casefold() if i else "")
        _close([_POSSESSIVE.sub("", raw)], found, frame)  # as typed: a follow-up replaces it in the text
    return tuple(found)


_SHORT_PLACES = word_set("uk usa uae")
_PLACE_NOUNS = word_set(
    """archipelago bog cape city commonwealth continent country countryside farmland flat ground homeland
    island isle kingdom land mainland marsh metropolis north south east west peninsula plain province state
    steppe subcontinent sultanate swamp turf union wetland wilderness wonderland woodland capital town
    village county district region territory republic nation empire colony"""
)


_FRAMES = {"of": "of", "in": "in", "at": "in", "across": "in", "within": "in", "from": "in", "for": "for",
           "by": "by"}  # fmt: skip


def rival(name: Name, stated: list[Name], asked: list[Name] | tuple[Name, ...]) -> Name | None:
    """A name the sentence states in the asked name's frame that is none of the asked names: 'Asia' in
    "sales in Asia" against "sales in China". Only framed names count; None when there is none."""
    if name.frame is None:
        return None
    known = frozenset().union(*(a.known() for a in asked))
    return next((s for s in stated if s.frame == name.frame and not s.stems & known), None)


# How large a place is, by its WordNet hypernyms: a figure for one country does not answer for another, nor
# does a continent's ('Asia' for 'China'), but a city's may be part of its country's and is left alone.
_LEVELS = (("country", "H:country.location"), ("state", "H:state.location"), ("city", "H:city.location"),
           ("land", "H:land.object"))  # fmt: skip
_RIVAL_LEVELS = {"country": {"country", "land"}, "land": {"country", "land"}, "state": {"state"},
                 "city": {"city"}}  # fmt: skip


def place_level(name: Name) -> str | None:
    """'country', 'state', 'city' or 'land' (a continent) for a place WordNet knows, None for anything else
    (a person, a company, a name it does not know)."""
    model = type_model()
    key = "_".join(name.text.casefold().rstrip(".").split())  # "in Asia.": the sentence's full stop
    tags = model.lexicon.get(key, "") if model is not None else ""
    if not any(t in tags for t in ("L:location", "A:location", "L:object")):
        return None
    return next((level for level, tag in _LEVELS if tag in tags), None)


def neighbour(name: Name, stated: list[Name], asked: list[Name] | tuple[Name, ...]) -> Name | None:
    """A place the sentence names of the asked place's level that is none of the asked names: 'Uzbekistan'
    in "Uzbekistan's operator built 27,000 base stations" against "how many ... in Kazakhstan"; None when
    the asked name is no place WordNet knows or the sentence names no such neighbour."""
    level = place_level(name)
    if level is None:
        return None
    known = frozenset().union(*(a.known() for a in asked))
    return next((s for s in stated if not s.stems & known and place_level(s) in _RIVAL_LEVELS[level]), None)


def _is_name_word(raw: str, first: bool) -> bool:
    """A capitalised word that is not a function word, month, weekday or (first) an everyday word."""
    if not raw[0].isupper():
        return False
    low = _POSSESSIVE.sub("", raw).casefold()
    if low in _MONTHS or low in _WEEKDAYS or _PERIOD_WORD.fullmatch(low):
        return False
    if raw.isupper() and len(raw) >= 2:
        return True  # "IT", "US", "GDP": an acronym is a name even when it spells a stop word
    if low in STOP_WORDS or low in _QUESTION_STARTS:
        return False
    return not first or low not in _EVERYDAY_FIRST


_QUESTION_STARTS = word_set(
    "what whats when where which who whos whom whose why how hows tell give show list name find please "
    "did does do is are was were will would can could should has have had"
)
# Capitalised only because they start the question: "Total revenue in 2024", "Profit of Nokia".
_EVERYDAY_FIRST = word_set(
    "total profit revenue revenues sales number share price cost value growth net gross average annual "
    "population exports imports budget amount percentage rate"
)


def _close(run: list[str], found: list[Name], frame: str | None = None) -> None:
    """Add a finished run of name words, if it has any searchable word."""
    stems = frozenset(stem(w) for raw in run for w in words(raw) if w not in STOP_WORDS or raw.isupper())
    if stems:
        found.append(Name(text=" ".join(run), stems=stems, frame=frame))


def find_periods(text: str) -> list[Period]:
    """Every period the text states or asks about, in order: years, ranges, quarters, halves, months."""
    return list(_periods(text))


@lru_cache(maxsize=4096)
def _periods(text: str) -> tuple[Period, ...]:
    """find_periods, kept per text (a question's periods are read for its anchors and its asked period;
    Periods are immutable)."""
    return tuple(p for p in map(_period, _PERIODS.finditer(text)) if p is not None)


def _period(m: re.Match[str]) -> Period | None:
    """The Period of one match of _PERIODS."""
    kind = m.lastgroup
    g = [x for x in m.groups()[m.re.groupindex[kind] : m.re.groupindex[kind] + 3]] if kind else []
    text = m.group(0).strip()
    if kind == "q":
        return Period(text=text, quarter=int(g[0]), year=_year(g[1]))
    if kind == "oq":
        n = _ORDINALS.get(g[0].lower()) or _ORDINAL_NAMES.get(g[0].lower())
        return Period(text=text, quarter=n, year=_year(g[1]))
    if kind == "h":
        return Period(text=text, half=int(g[0]), year=_year(g[1]))
    if kind == "oh":
        return Period(text=text, half=_ORDINALS[g[0].lower()], year=_year(g[1]))
    if kind == "m":
        word = g[0].lower().rstrip(".")
        if word in {"may", "mar"} and not g[1] and not text[0].isupper():
            return None  # "may" the verb, "mar" the verb
        return Period(text=text, month=_MONTHS[word], year=_year(g[1]))
    if kind == "r":
        start = int(g[0] or g[1])
        end = _year(g[2], century_of=start)
        return Period(text=text, year=start, year_end=end) if end and end > start else None
    if kind == "fy":
        return Period(text=text, year=_year(g[0]))
    if kind == "y":
        return Period(text=text, year=int(g[0]))
    if kind == "rel":
        unit = g[1].lower()
        offset = _RELATIVE[g[0].lower()]
        return Period(text=text, offset=offset) if unit == "year" else None
    return None


def _year(text: str | None, century_of: int | None = None) -> int | None:
    """A four-digit year, or a two-digit one ('Q3 '24', '2016-18') read in the given or current century."""
    if not text:
        return None
    if len(text) == 4:
        return int(text)
    base = (century_of or 2000) // 100 * 100
    return base + int(text)


def resolved(period: Period, article_year: int | None) -> Period:
    """A relative period ('last year') made absolute against the year of the article that states it."""
    if period.offset is None or article_year is None:
        return period
    return period.model_copy(update={"year": article_year + period.offset, "offset": None})


def conflicts(asked: Period, stated: list[Period]) -> bool:
    """Whether a sentence states periods and none of them fits the asked one ('2022' against 2023)."""
    comparable = [s for s in stated if _comparable(asked, s)]
    return bool(comparable) and not any(_fits(asked, s) for s in comparable)


def _comparable(asked: Period, stated: Period) -> bool:
    """Whether the two periods say something about the same thing (a year, or a part of a year)."""
    if asked.year is not None and stated.year is not None:
        return True
    return any(getattr(asked, f) is not None and getattr(stated, f) is not None for f in ("quarter", "half"))


def _fits(asked: Period, stated: Period) -> bool:
    """Whether a stated period is, or covers, the asked one."""
    if asked.year is not None and stated.year is not None:
        last = stated.year_end or stated.year
        if not stated.year <= asked.year <= last:
            return False
    for part in ("quarter", "half", "month"):
        a, s = getattr(asked, part), getattr(stated, part)
        if a is not None and s is not None and a != s:
            return False
    if asked.quarter is not None and stated.half is not None:
        return (asked.quarter + 1) // 2 == stated.half
    return True
