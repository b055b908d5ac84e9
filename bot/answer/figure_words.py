"""The sentence's words around each candidate figure, for all figures of a question's candidates at once:
how close the question's words and names stand, whether its clause or phrase holds them, whether the
nearest name is another one, and whether the asked noun stands only in another phrase.

Words are compared as hashes of their stems (bot/ingest/reading.py); each figure is paired with every
word of its sentence, so one numpy pass reads them all, and a short loop per figure finishes the values
whose order of additions must stay that of one figure at a time.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from bot.answer.compiled import kernels
from bot.answer.pool import distinct, hashed, member
from bot.ingest import Word, word_hash
from bot.search import MARK_BITS, ReadingBatch


@dataclass(frozen=True)
class Asked:
    """The question's words as hashes: its terms, each name's stems, and the measured noun."""

    terms: np.ndarray
    n_terms: int
    names: tuple[frozenset[int], ...]
    name_stems: frozenset[int]
    name_text: tuple[frozenset[str], ...]
    focus: np.ndarray
    name_hashes: np.ndarray  # name_stems sorted, for the compiled kernel


def asked(terms: frozenset[str], names: Sequence[frozenset[str]], focus: frozenset[str]) -> Asked:
    """The question's words hashed."""
    name_hashes = tuple(frozenset(word_hash(s) for s in name) for name in names)
    return Asked(
        terms=hashed(terms),
        n_terms=len(terms),
        names=name_hashes,
        name_stems=frozenset().union(*name_hashes),
        name_text=tuple(names),
        focus=hashed(focus),
        name_hashes=np.array(sorted(frozenset().union(*name_hashes)), np.int64),
    )


@dataclass
class _Pairs:
    """Every (figure, word of its sentence) pair, and each figure's phrase and clause (its first word's)."""

    figure: np.ndarray
    stem: np.ndarray
    cap: np.ndarray
    outside: np.ndarray
    distance: np.ndarray
    clause: np.ndarray
    phrase: np.ndarray
    fig_clause: np.ndarray
    fig_phrase: np.ndarray


def _pairs(r: ReadingBatch, sentence: np.ndarray, first: np.ndarray, last: np.ndarray) -> _Pairs:
    """Pair each figure with the words of its sentence."""
    phrase, clause, cap = r.word_places()
    lo, hi = r.word_ptr[sentence], r.word_ptr[sentence + 1]
    offsets = np.concatenate([[0], np.cumsum(hi - lo)])
    fig = np.repeat(np.arange(len(sentence)), hi - lo)
    pos = np.arange(offsets[-1]) - offsets[fig]
    word = lo[fig] + pos
    f, la = first[fig], last[fig]
    head = np.minimum(np.maximum(lo + first, 0), max(len(phrase) - 1, 0))  # np.clip: same, far slower
    return _Pairs(
        figure=fig,
        stem=r.stems[word],
        cap=cap[word],
        outside=(pos < f) | (pos > la),
        distance=np.where(pos < f, f - pos, pos - la),
        clause=clause[word],
        phrase=phrase[word],
        fig_clause=clause[head] if len(phrase) else np.zeros(len(sentence), np.int64),
        fig_phrase=phrase[head] if len(phrase) else np.zeros(len(sentence), np.int64),
    )


def _groups(figure: np.ndarray, mask: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs selected by `mask` (grouped by figure, in word order) and each figure's bounds in them."""
    at = np.nonzero(mask)[0]
    return at, np.searchsorted(figure[at], np.arange(n + 1))


def _closeness(a: Asked, p: _Pairs, n: int) -> dict[str, np.ndarray]:
    """How close the question's words and names stand to each figure, and whether they share its clause
    and comma-phrase."""
    out = {k: np.zeros(n) for k in ("near", "nearest", "name_near", "clause", "phrase")}
    at, bounds = _groups(p.figure, member(p.stem, a.terms) & p.outside, n)
    stems, dist = p.stem[at].tolist(), p.distance[at].tolist()
    clauses, phrases = p.clause[at].tolist(), p.phrase[at].tolist()
    for o in np.nonzero(np.diff(bounds))[0].tolist():
        lo, hi = int(bounds[o]), int(bounds[o + 1])
        where: dict[int, int] = {}
        for s, d in zip(stems[lo:hi], dist[lo:hi], strict=True):
            where[s] = min(d, where.get(s, d))
        out["near"][o] = sum(math.exp(-d / 3) for d in where.values()) / a.n_terms
        out["nearest"][o] = 1 / (1 + min(where.values()))
        names = [min((where[s] for s in name if s in where), default=None) for name in a.names]
        close = [d for d in names if d is not None]
        out["name_near"][o] = math.exp(-min(close) / 5) if close else 0.0
        fc, fp = int(p.fig_clause[o]), int(p.fig_phrase[o])
        out["clause"][o] = sum(c == fc for c in clauses[lo:hi]) / (hi - lo)
        out["phrase"][o] = sum(ph == fp for ph in phrases[lo:hi]) / (hi - lo)
    return out


def _other_name(a: Asked, p: _Pairs, n: int, exact: Callable[[int], float]) -> np.ndarray:
    """1 when the capitalised word nearest each figure, within its phrase, is not one of the question's
    names; `exact(figure)` decides from the words' strings when equally near words disagree."""
    out = np.zeros(n)
    if not a.names:
        return out
    same = p.phrase == p.fig_phrase[p.figure]
    at, bounds = _groups(p.figure, p.cap & same & p.outside, n)
    stems, dist = p.stem[at].tolist(), p.distance[at].tolist()
    for o in np.nonzero(np.diff(bounds))[0].tolist():
        lo, hi = int(bounds[o]), int(bounds[o + 1])
        nearest = min(dist[lo:hi])
        named = {s in a.name_stems for s, d in zip(stems[lo:hi], dist[lo:hi], strict=True) if d == nearest}
        out[o] = exact(o) if len(named) > 1 else (0.0 if named == {True} else 1.0)
    return out


def other_name_of(a: Asked, toks: Sequence[Word], first: int, last: int) -> float:
    """The same for one figure, from its sentence's words (where equally near names must be ordered)."""
    phrase = toks[first].phrase
    caps = [
        (first - i if i < first else i - last, toks[i].stem)
        for i in range(len(toks))
        if toks[i].cap and toks[i].phrase == phrase and not first <= i <= last
    ]
    if not caps:
        return 0.0
    return 0.0 if any(min(caps)[1] in name for name in a.name_text) else 1.0


def _named_apart(a: Asked, p: _Pairs, n: int) -> np.ndarray:
    """Whether each figure's sentence names the measured noun, but none of its words in the figure's
    phrase ('Huawei, which employs 3,000 engineers, built base stations')."""
    if not len(a.focus):
        return np.zeros(n, np.bool_)
    focus = member(p.stem, a.focus)
    keys = distinct(np.sort(p.figure[focus] * len(a.focus) + np.searchsorted(a.focus, p.stem[focus])))
    everything = np.bincount(keys // len(a.focus), minlength=n) == len(a.focus)
    inside = np.zeros(n, np.bool_)
    inside[p.figure[focus & (p.phrase == p.fig_phrase[p.figure])]] = True
    return everything & ~inside


def word_features(
    a: Asked,
    r: ReadingBatch,
    sentence: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    exact: Callable[[int], float],
) -> dict[str, np.ndarray]:
    """The word features of each figure (its sentence's position in `r`, its first and last word)."""
    n = len(sentence)
    k = kernels()
    if k is not None:
        return _compiled(k, a, r, (sentence, first, last), exact)
    p = _pairs(r, sentence, first, last)
    out = _closeness(a, p, n)
    out["other_name"] = _other_name(a, p, n, exact)
    out["named_apart"] = _named_apart(a, p, n).astype(np.float64)
    return out


def _compiled(
    k: ModuleType, a: Asked, r: ReadingBatch, figures: tuple[np.ndarray, ...], exact: Callable[[int], float]
) -> dict[str, np.ndarray]:
    """word_features from the compiled kernel's counts and distances; the floats made from them here as
    _closeness and _other_name make them, in the same order."""
    n = len(figures[0])
    bits = np.array(MARK_BITS, np.int64)
    near, shared, capital, apart = k.figure_words(
        r.word_ptr, r.stems, r.marks, *figures, a.terms, a.name_hashes, a.focus, bits
    )
    ptr, stems, dists = (v.tolist() for v in near)
    clauses, phrases, matched = (v.tolist() for v in shared)
    out = {key: np.zeros(n) for key in ("near", "nearest", "name_near", "clause", "phrase")}
    for o in np.flatnonzero(shared[2]).tolist():
        lo, hi = ptr[o], ptr[o + 1]
        where = dict(zip(stems[lo:hi], dists[lo:hi], strict=True))
        out["near"][o] = sum(math.exp(-d / 3) for d in where.values()) / a.n_terms
        out["nearest"][o] = 1 / (1 + min(where.values()))
        names = [min((where[s] for s in name if s in where), default=None) for name in a.names]
        close = [d for d in names if d is not None]
        out["name_near"][o] = math.exp(-min(close) / 5) if close else 0.0
        out["clause"][o] = clauses[o] / matched[o]
        out["phrase"][o] = phrases[o] / matched[o]
    out["other_name"] = np.zeros(n)
    if a.names:
        nearest, named, other = capital
        for o in np.flatnonzero(nearest >= 0).tolist():
            out["other_name"][o] = exact(o) if named[o] and other[o] else (0.0 if named[o] else 1.0)
    out["named_apart"] = apart.astype(np.float64)
    return out
