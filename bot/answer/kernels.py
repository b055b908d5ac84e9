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


@njit(cache=True, nogil=True)
def _contains(sorted_values: np.ndarray, v: np.int64) -> bool:
    """Whether a sorted array holds v."""
    i = np.searchsorted(sorted_values, v)
    return i < sorted_values.shape[0] and sorted_values[i] == v


@njit(cache=True, nogil=True)
def word_places(word_ptr: np.ndarray, marks: np.ndarray, phrase_bit: int, clause_bit: int) -> tuple:
    """Per word: its comma-phrase and clause number within its sentence (ReadingBatch.word_places)."""
    phrase = np.zeros(marks.shape[0], np.int64)
    clause = np.zeros(marks.shape[0], np.int64)
    for s in range(word_ptr.shape[0] - 1):
        p = c = 0
        for w in range(word_ptr[s], word_ptr[s + 1]):
            p += (marks[w] & phrase_bit) > 0
            c += (marks[w] & clause_bit) > 0
            phrase[w], clause[w] = p, c
    return phrase, clause


@njit(cache=True, nogil=True)
def figure_words(word_ptr: np.ndarray, stems: np.ndarray, marks: np.ndarray, sentence: np.ndarray,
                 first: np.ndarray, last: np.ndarray, terms: np.ndarray, name_stems: np.ndarray,
                 focus: np.ndarray, bits: np.ndarray) -> tuple:  # fmt: skip
    """For each figure (its sentence in the batch, its first and last word), among its sentence's words
    outside it: the question's terms (sorted hashes) as distinct stems in order of first appearance with
    their least distance (offsets `near_ptr`), how many term words share its clause and its phrase; the
    distance of the nearest capitalised word in its phrase (-1 for none) and whether those at that
    distance include a name stem and a word that is not one; and whether its sentence holds every focus
    stem but none in its phrase. `bits`: the new-phrase, new-clause and capital bits of `marks`."""
    n = sentence.shape[0]
    phrase, clause = word_places(word_ptr, marks, bits[0], bits[1])
    near_ptr = np.zeros(n + 1, np.int64)
    near_stem = np.empty(0, np.int64)
    near_dist = np.empty(0, np.int64)
    same_clause, same_phrase, matched = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.int64)
    cap_dist = np.full(n, -1, np.int64)
    cap_named, cap_other, apart = np.zeros(n, np.bool_), np.zeros(n, np.bool_), np.zeros(n, np.bool_)
    seen = np.zeros(max(focus.shape[0], 1), np.bool_)
    for o in range(n):
        lo, hi = word_ptr[sentence[o]], word_ptr[sentence[o] + 1]
        f, la = first[o], last[o]
        head = min(max(lo + f, 0), max(phrase.shape[0] - 1, 0))
        fc = clause[head] if phrase.shape[0] else 0
        fp = phrase[head] if phrase.shape[0] else 0
        start = near_ptr[o]
        count = start
        for w in range(lo, hi):
            pos = w - lo
            if f <= pos <= la:
                continue
            d = f - pos if pos < f else pos - la
            s = stems[w]
            if _contains(terms, s):
                matched[o] += 1
                same_clause[o] += clause[w] == fc
                same_phrase[o] += phrase[w] == fp
                known = False
                for i in range(start, count):
                    if near_stem[i] == s:
                        near_dist[i] = min(near_dist[i], d)
                        known = True
                        break
                if not known:
                    if count == near_stem.shape[0]:
                        near_stem = _grown(near_stem)
                        near_dist = _grown(near_dist)
                    near_stem[count], near_dist[count] = s, d
                    count += 1
            if (marks[w] & bits[2]) > 0 and phrase[w] == fp:
                if cap_dist[o] < 0 or d < cap_dist[o]:
                    cap_dist[o], cap_named[o], cap_other[o] = d, False, False
                if d == cap_dist[o]:
                    if _contains(name_stems, s):
                        cap_named[o] = True
                    else:
                        cap_other[o] = True
        near_ptr[o + 1] = count
        if focus.shape[0]:
            apart[o] = _apart(lo, hi, stems, phrase, fp, focus, seen)
    near = (near_ptr, near_stem[: near_ptr[n]], near_dist[: near_ptr[n]])
    return near, (same_clause, same_phrase, matched), (cap_dist, cap_named, cap_other), apart


@njit(cache=True, nogil=True)
def _apart(lo: int, hi: int, stems: np.ndarray, phrase: np.ndarray, fp: int, focus: np.ndarray,
           seen: np.ndarray) -> bool:  # fmt: skip
    """Whether words lo..hi hold every focus stem (sorted, distinct) but none in phrase `fp`."""
    seen[:] = False
    for w in range(lo, hi):
        i = np.searchsorted(focus, stems[w])
        if i < focus.shape[0] and focus[i] == stems[w]:
            if phrase[w] == fp:
                return False
            seen[i] = True
    return seen.all()


@njit(cache=True, nogil=True)
def _grown(values: np.ndarray) -> np.ndarray:
    """The array with twice the room (at least 16), its values kept at the front."""
    out = np.empty(max(16, 2 * values.shape[0]), values.dtype)
    out[: values.shape[0]] = values
    return out
