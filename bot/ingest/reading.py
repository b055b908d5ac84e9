"""How the answer layer reads a sentence beside its search tokens and figures: its words with offsets,
stems, capitals and clause numbers (figure choice), the capitalised words and the words before a copula
(reranking), whether it asks, and what stands around each figure. Computed at index time for every
sentence (bot/search/readings.py) and from text for sentences that are not indexed, by the same code.

Words are compared with the question's as 64-bit hashes of their strings (`word_hash`): no vocabulary
to store or load, and equal strings always give equal hashes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from bot.ingest.text import STOP_WORDS, stem, tokenize, words
from bot.models import Figure

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
_STRONG = re.compile(r"[;:—–]")  # brackets hold conversions and asides, not new clauses
_PHRASE = re.compile(r"[;:—–,]")
_CAPITALISED = re.compile(r"(?<![\w'’])([A-Z][\w'’-]*)")
_COPULA = re.compile(r"\s(?:is|was|are|were|refers|means|became)\b", re.IGNORECASE)
_LAST_WORD = re.compile(r"([^\W_]+)\W{0,3}$")
NO_WORD = 0  # the hash of "no word" (before the first token, after the last)
BEFORE_CHARS = 30  # how far before a figure `words_before` looks


@lru_cache(maxsize=1 << 20)
def word_hash(word: str) -> int:
    """A word's 64-bit hash (signed, never NO_WORD), the same in every process."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True) or 1


class Word(NamedTuple):
    """One word token of a sentence: where it stands, its stem and lower case, whether it is capitalised
    (and not a stop word), and the clause and comma-phrase it belongs to, counted from 0."""

    start: int
    end: int
    stem: str
    low: str
    cap: bool
    clause: int
    phrase: int


@lru_cache(maxsize=4096)
def sentence_words(sentence: str) -> tuple[Word, ...]:
    """The sentence's word tokens with their offsets, stems and clause numbers. A comma, semicolon,
    colon or dash between two words starts a new phrase; all but the comma a new clause too."""
    marks = [(m.start(), m.group() != ",") for m in _PHRASE.finditer(sentence)]
    out, clause, phrase, last, j = [], 0, 0, 0, 0
    for m in _TOKEN.finditer(sentence):
        start, end = m.span()
        opened = strong = False
        while j < len(marks) and marks[j][0] < start:
            if marks[j][0] >= last:  # between the words, not inside one ('27,000')
                opened, strong = True, strong or marks[j][1]
            j += 1
        phrase += opened
        clause += strong
        raw = m.group()
        low = raw.lower()
        out.append(
            Word(start, end, stem(low), low, raw[0].isupper() and low not in STOP_WORDS, clause, phrase)
        )
        last = end
    return tuple(out)


def capitalised_stems(text: str, skip_first: bool) -> set[str]:
    """Stems of capitalised non-stop words in the text, the first word optionally skipped."""
    found = _CAPITALISED.findall(text)
    if skip_first and found and text.lstrip().startswith(found[0]):
        found = found[1:]
    return {s for word in found for s in _word_stems(word)}


@lru_cache(maxsize=1 << 16)
def _word_stems(word: str) -> tuple[str, ...]:
    """The stems of a capitalised word's non-stop words ('Kenya's' -> 'kenya')."""
    return tuple(stem(w) for w in words(word) if w not in STOP_WORDS)


def copula_stems(sentence: str) -> set[str]:
    """The stems of the words directly before a copula ('Wicca' in 'Wicca is ...')."""
    out = set()
    for m in _COPULA.finditer(sentence):
        last = _LAST_WORD.search(sentence, max(0, m.start() - 40), m.start())
        if last:
            out.add(stem(last.group(1).lower()))
    return out


def asks(sentence: str) -> bool:
    """Whether the sentence is itself a question."""
    return sentence.rstrip(" \"'”’)").endswith("?")


def token_range(toks: Sequence[Word], figure: Figure) -> tuple[int, int]:
    """The first and last word inside the figure's span ((0, 0) when none is)."""
    inside = [i for i, t in enumerate(toks) if t.start < figure.span.end and figure.span.start < t.end]
    return (inside[0], inside[-1]) if inside else (0, 0)


def bracketed(sentence: str, figure: Figure) -> bool:
    """Whether the figure stands inside brackets that open before it and close after it."""
    before = sentence[: figure.span.start]
    return before.count("(") > before.count(")")


def words_before(sentence: str, figure: Figure) -> list[str]:
    """The last two search tokens of the few characters before the figure."""
    return tokenize(sentence[max(0, figure.span.start - BEFORE_CHARS) : figure.span.start])[-2:]


@dataclass(frozen=True)
class FigureReading:
    """What stands around one figure: its word range, the words either side, brackets, search tokens
    before it."""

    first: int
    last: int
    before: str  # the lower-case word before the figure ('' at the start)
    after: str  # ... and after it ('' at the end)
    bracketed: bool
    words_before: tuple[str, ...]


def figure_reading(sentence: str, toks: Sequence[Word], figure: Figure) -> FigureReading:
    """One figure of the sentence read in place."""
    first, last = token_range(toks, figure)
    return FigureReading(
        first=first,
        last=last,
        before=toks[first - 1].low if first > 0 else "",
        after=toks[last + 1].low if last + 1 < len(toks) else "",
        bracketed=bracketed(sentence, figure),
        words_before=tuple(words_before(sentence, figure)),
    )


@dataclass(frozen=True)
class Reading:
    """A sentence as the answer layer reads it (the words only when it has figures)."""

    words: tuple[Word, ...]
    capitalised: frozenset[str]
    copula: frozenset[str]
    asks: bool
    figures: tuple[FigureReading, ...]


def read_sentence(sentence: str, figures: Sequence[Figure]) -> Reading:
    """Read one sentence with its figures (as extract_figures gives them)."""
    toks = sentence_words(sentence) if figures else ()
    return Reading(
        words=toks,
        capitalised=frozenset(capitalised_stems(sentence, skip_first=True)),
        copula=frozenset(copula_stems(sentence)),
        asks=asks(sentence),
        figures=tuple(figure_reading(sentence, toks, f) for f in figures),
    )
