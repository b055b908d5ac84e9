"""Where the question's terms stand in each candidate sentence, for all candidates at once from their
token ids: which terms each holds, which adjacent pairs, how close together, how early, how much else."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer.compiled import kernels
from bot.answer.lookups import matches
from bot.answer.pool import Pool, changes, distinct


@dataclass(frozen=True)
class Terms:
    """What the lexical features need from the question: its distinct terms as ids (weighted ones first,
    then other terms looked for, -1 when no sentence holds one) and its adjacent term pairs."""

    ids: np.ndarray
    weighted: int  # the first `weighted` ids are the question's weighted terms
    pairs: np.ndarray  # (pairs, 2) ids of the question's distinct adjacent term pairs


def terms_of(pool: Pool, weighted: Sequence[str], others: Sequence[str], pairs: Sequence[tuple]) -> Terms:
    """The question's terms in the pool's id space."""
    ids = pool.term_ids([*weighted, *others])
    pair_ids = pool.term_ids([t for pair in pairs for t in pair]).reshape(-1, 2)
    return Terms(ids, len(weighted), pair_ids)


@dataclass(frozen=True)
class Placed:
    """Where the question's terms stand in each sentence (rows)."""

    has: np.ndarray  # which terms (columns, as in Terms.ids) it holds
    first: np.ndarray  # the position of its first weighted term (-1 when it holds none)
    proximity: np.ndarray  # `windows`: its matched weighted terms / the smallest window holding them
    pairs: np.ndarray  # `pairs_held`: how many of the question's adjacent term pairs it holds
    distinct: np.ndarray  # `distinct_tokens`: how many distinct tokens it holds


def placed(pool: Pool, terms: Terms) -> Placed:
    """The question's terms in every sentence: from the compiled kernels when they are loaded, else from
    the numpy functions below (the same arrays)."""
    where = _placed(pool, terms)
    pool.term_columns.update((t, where.has[:, j]) for j, t in enumerate(terms.ids.tolist()) if t >= 0)
    return where


def _placed(pool: Pool, terms: Terms) -> Placed:
    """placed(), from the kernels or numpy."""
    k = kernels()
    if k is None:
        has, at, column = held(pool, terms)
        matched = has[:, : terms.weighted].sum(axis=1)
        prox = windows(pool, at, column, matched)
        return Placed(has, first_positions(pool, at), prox, pairs_held(pool, terms), distinct_tokens(pool))
    has, column = k.term_columns(pool.token_ptr, pool.token_ids, terms.ids)
    known = np.ascontiguousarray(terms.pairs[(terms.pairs >= 0).all(axis=1)])
    first, window, paired, distinct = k.sentence_counts(
        pool.token_ptr, pool.token_ids, column, terms.weighted, known
    )
    matched = has[:, : terms.weighted].sum(axis=1)
    # matched / window as windows() divides them, one sentence at a time: the same floats.
    prox = np.where(matched >= 2, matched / np.maximum(window, 1), 0.0)
    return Placed(has, first, prox, paired.astype(np.float64), distinct)


def holds(pool: Pool, ids: np.ndarray) -> np.ndarray:
    """Which term ids (columns; -1 for a term no sentence has) each sentence (rows) holds: holding()'s
    matrix, with the columns placed() made for the question's terms reused."""
    kept, wanted = pool.term_columns, ids.tolist()
    missing = [t for t in dict.fromkeys(wanted) if t >= 0 and t not in kept]
    if missing:
        kept.update(zip(missing, holding(pool, np.array(missing, np.int64))[0].T, strict=True))
    none = np.zeros(pool.n, np.bool_)
    return np.array([kept[t] if t >= 0 else none for t in wanted], np.bool_).reshape(len(wanted), pool.n).T


def holding(pool: Pool, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which term ids (columns; -1 for a term no sentence has) each sentence (rows) holds; and every token
    that is one of them: its place in the flat token array and the term's column."""
    k = kernels()
    if k is not None:
        out, columns = k.term_columns(pool.token_ptr, pool.token_ids, ids)
        at = np.flatnonzero(columns >= 0)
        return out, at, columns[at]
    at, column = matches(pool.token_ids, ids)
    out = np.zeros((pool.n, len(ids)), np.bool_)
    out[pool.segment[at], column] = True
    return out, at, column


def held(pool: Pool, terms: Terms) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which terms (columns) each sentence (rows) holds; and every token that is a weighted term:
    its place in the flat token array and the term's column."""
    out, at, column = holding(pool, terms.ids)
    weighted = column < terms.weighted
    return out, at[weighted], column[weighted]


def pairs_held(pool: Pool, terms: Terms) -> np.ndarray:
    """How many of the question's distinct adjacent term pairs each sentence holds adjacent, in order."""
    known = terms.pairs[(terms.pairs >= 0).all(axis=1)]
    flat, seg = pool.token_ids, pool.segment
    if not len(known) or len(flat) < 2:
        return np.zeros(pool.n)
    width = int(max(flat.max(), known.max())) + 1
    keys = flat[:-1] * width + flat[1:]
    wanted = distinct(np.sort(known[:, 0] * width + known[:, 1]))
    column = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
    at = np.nonzero((wanted[column] == keys) & (seg[:-1] == seg[1:]))[0]
    found = np.zeros((pool.n, len(wanted)), np.bool_)
    found[seg[at], column[at]] = True
    return found.sum(axis=1).astype(np.float64)


def windows(pool: Pool, at: np.ndarray, column: np.ndarray, matched: np.ndarray) -> np.ndarray:
    """Per sentence: its matched terms / the length of the smallest window of tokens holding them all
    (0 with fewer than two)."""
    out = np.zeros(pool.n)
    seg = pool.segment[at]
    local = at - pool.token_ptr[seg]
    bounds = np.searchsorted(seg, np.arange(pool.n + 1))
    for s in np.nonzero(matched >= 2)[0].tolist():
        lo, hi = int(bounds[s]), int(bounds[s + 1])
        out[s] = matched[s] / _window(local[lo:hi].tolist(), column[lo:hi].tolist(), int(matched[s]))
    return out


def _window(positions: list[int], terms: list[int], need: int) -> int:
    """The smallest (last - first + 1) over runs of the occurrences that hold all `need` terms."""
    have: dict[int, int] = {}
    best, left = positions[-1] - positions[0] + 1, 0
    for right, term in enumerate(terms):
        have[term] = have.get(term, 0) + 1
        while len(have) == need:
            best = min(best, positions[right] - positions[left] + 1)
            gone = terms[left]
            have[gone] -= 1
            if not have[gone]:
                del have[gone]
            left += 1
    return best


def first_positions(pool: Pool, at: np.ndarray) -> np.ndarray:
    """Per sentence, the position of its first weighted term (-1 when it holds none)."""
    out = np.full(pool.n, -1, np.int64)
    if not len(at):
        return out
    seg = pool.segment[at]  # `at` ascends, so each sentence's first term comes first
    new = changes(seg)
    out[seg[new]] = at[new] - pool.token_ptr[seg[new]]
    return out


def distinct_tokens(pool: Pool) -> np.ndarray:
    """Per sentence, how many distinct tokens it holds."""
    flat = pool.token_ids
    if not len(flat):
        return np.zeros(pool.n, np.int64)
    width = int(flat.max()) + 1
    keys = distinct(np.sort(pool.segment * width + flat))
    return np.bincount(keys // width, minlength=pool.n)


_LOG1P = np.array([math.log1p(n) for n in range(1024)])


def log_lengths(lengths: np.ndarray) -> np.ndarray:
    """log(1 + n) of each length, as math.log1p gives it (numpy's log1p may differ in the last bit)."""
    if not len(lengths) or lengths.max() < len(_LOG1P):
        return _LOG1P[lengths]
    return np.array([math.log1p(n) for n in lengths.tolist()])
