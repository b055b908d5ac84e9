"""Compiled per-sentence loops of the answer layer: where a question's terms stand in each candidate.

Numba compiles these once and caches the machine code on disk (`cache=True`). They give the integer
arrays that bot/answer/lexical.py's numpy code gives (which serves until they are loaded, see
`compiled.py`); every float is still computed by that module, in numpy, in the same order.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def term_columns(ptr: np.ndarray, flat: np.ndarray, ids: np.ndarray) -> tuple:
    """For sentences (offsets `ptr` into token ids `flat`) and term ids `ids` (distinct, -1 for none):
    which terms (columns) each sentence (rows) holds, and each token's column (-1 when none)."""
    n, m = ptr.shape[0] - 1, ids.shape[0]
    has = np.zeros((n, m), np.bool_)
    column = np.full(flat.shape[0], -1, np.int64)
    for s in range(n):
        for p in range(ptr[s], ptr[s + 1]):
            v = flat[p]
            for j in range(m):
                if ids[j] == v:
                    has[s, j] = True
                    column[p] = j
                    break
    return has, column


@njit(cache=True, nogil=True)
def sentence_counts(ptr: np.ndarray, flat: np.ndarray, column: np.ndarray, weighted: int,
                    pairs: np.ndarray) -> tuple:  # fmt: skip
    """Per sentence, from each token's term column (`term_columns`; the first `weighted` columns are the
    question's weighted terms): the position of its first weighted term (-1 for none), the length of the
    smallest window of tokens holding every weighted term it holds, how many of the distinct id pairs
    `pairs` (rows of two ids) it holds adjacent and in order, and how many distinct tokens it holds."""
    n = ptr.shape[0] - 1
    first = np.full(n, -1, np.int64)
    window = np.zeros(n, np.int64)
    paired = np.zeros(n, np.int64)
    distinct = np.zeros(n, np.int64)
    have = np.zeros(max(weighted, 1), np.int64)
    found = np.zeros(pairs.shape[0], np.bool_)
    longest = 0
    for s in range(n):
        longest = max(longest, ptr[s + 1] - ptr[s])
    scratch = np.empty(longest, flat.dtype)
    for s in range(n):
        lo, hi = ptr[s], ptr[s + 1]
        need = 0
        for p in range(lo, hi):
            c = column[p]
            if 0 <= c < weighted:
                if first[s] < 0:
                    first[s] = p - lo
                if have[c] == 0:
                    need += 1
                have[c] += 1
        have[:] = 0
        if need >= 2:
            window[s] = _smallest_window(lo, hi, column, weighted, need, have)
        paired[s] = _pairs_in(lo, hi, flat, pairs, found)
        distinct[s] = _distinct(flat, lo, hi, scratch)
    return first, window, paired, distinct


@njit(cache=True, nogil=True)
def _distinct(flat: np.ndarray, lo: int, hi: int, scratch: np.ndarray) -> int:
    """How many distinct values flat[lo:hi] holds (insertion-sorted into `scratch`: sentences are short)."""
    count = 0
    for p in range(lo, hi):
        v, i = flat[p], count
        while i > 0 and scratch[i - 1] > v:
            i -= 1
        if i > 0 and scratch[i - 1] == v:
            continue
        for j in range(count, i, -1):
            scratch[j] = scratch[j - 1]
        scratch[i] = v
        count += 1
    return count


@njit(cache=True, nogil=True)
def _smallest_window(lo: int, hi: int, column: np.ndarray, weighted: int, need: int, have: np.ndarray) -> int:
    """The smallest (last - first + 1) over runs of a sentence's weighted-term tokens holding all `need`
    weighted terms it holds; `have` (zeros, one per column) is left as zeros."""
    best, held, left = hi - lo, 0, lo
    for right in range(lo, hi):
        c = column[right]
        if not 0 <= c < weighted:
            continue
        if have[c] == 0:
            held += 1
        have[c] += 1
        while held == need:
            d = column[left]
            if 0 <= d < weighted:
                best = min(best, right - left + 1)
                have[d] -= 1
                if have[d] == 0:
                    held -= 1
            left += 1
    for p in range(left, hi):
        c = column[p]
        if 0 <= c < weighted:
            have[c] = 0
    return best


@njit(cache=True, nogil=True)
def _pairs_in(lo: int, hi: int, flat: np.ndarray, pairs: np.ndarray, found: np.ndarray) -> int:
    """How many distinct rows of `pairs` stand adjacent, in order, in flat[lo:hi]; `found` is scratch."""
    found[:] = False
    for p in range(lo, hi - 1):
        a, b = flat[p], flat[p + 1]
        for j in range(pairs.shape[0]):
            if pairs[j, 0] == a and pairs[j, 1] == b:
                found[j] = True
    count = 0
    for j in range(pairs.shape[0]):
        if not found[j]:
            continue
        repeated = False
        for i in range(j):
            if pairs[i, 0] == pairs[j, 0] and pairs[i, 1] == pairs[j, 1]:
                repeated = True
        count += not repeated
    return count
