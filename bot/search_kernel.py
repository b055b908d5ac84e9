"""Compiled inner loops of the BM25 engine: inverting the corpus and exact top-k with MaxScore pruning.

Numba compiles these once and caches the machine code on disk (`cache=True`), so a new process pays only
the cache load, not the JIT. Everything here works on plain arrays; bot/search.py owns the data layout.
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Float sums taken in a different order differ by a few ulps; bounds are widened by this relative amount
# so that pruning never drops a document that could reach the top k.
_SLACK = 1e-9


@njit(cache=True, nogil=True)
def invert(terms: np.ndarray, lengths: np.ndarray, n_terms: int) -> tuple:
    """Term-major postings from a doc-major token stream: (indptr, doc ids ascending per term, tf)."""
    last = np.full(n_terms, -1, np.int64)
    indptr = np.zeros(n_terms + 1, np.int64)
    pos = 0
    for d in range(lengths.shape[0]):
        for _ in range(lengths[d]):
            t = terms[pos]
            pos += 1
            if last[t] != d:
                last[t] = d
                indptr[t + 1] += 1
    for t in range(n_terms):
        indptr[t + 1] += indptr[t]
    docs = np.empty(indptr[n_terms], np.int32)
    tfs = np.zeros(indptr[n_terms], np.int32)
    fill = indptr[:-1].copy()
    last[:] = -1
    pos = 0
    for d in range(lengths.shape[0]):
        for _ in range(lengths[d]):
            t = terms[pos]
            pos += 1
            if last[t] != d:
                last[t] = d
                docs[fill[t]] = d
                fill[t] += 1
            tfs[fill[t] - 1] += 1
    return indptr, docs, tfs


@njit(cache=True, nogil=True)
def _worse(s1: float, d1: int, s2: float, d2: int) -> bool:
    """Whether (s1, d1) ranks below (s2, d2): lower score, or the same score and a higher doc id."""
    return s1 < s2 or (s1 == s2 and d1 > d2)


@njit(cache=True, nogil=True)
def _sift_down(hs: np.ndarray, hd: np.ndarray, size: int, i: int) -> None:
    """Restore the min-heap (worst entry at the root) below position i."""
    while True:
        child = 2 * i + 1
        if child >= size:
            return
        if child + 1 < size and _worse(hs[child + 1], hd[child + 1], hs[child], hd[child]):
            child += 1
        if not _worse(hs[child], hd[child], hs[i], hd[i]):
            return
        hs[i], hs[child] = hs[child], hs[i]
        hd[i], hd[child] = hd[child], hd[i]
        i = child


@njit(cache=True, nogil=True)
def _top(acc: np.ndarray, ids: np.ndarray, n: int, k: int, hs: np.ndarray, hd: np.ndarray) -> int:
    """Keep the k best of ids[:n] by acc (ties to the lower id) in heap hs/hd; return how many were kept."""
    size = 0
    for j in range(n):
        d = ids[j]
        s = acc[d]
        if size < k:
            hs[size] = s
            hd[size] = d
            size += 1
            i = size - 1
            while i > 0:  # sift up
                parent = (i - 1) // 2
                if not _worse(hs[i], hd[i], hs[parent], hd[parent]):
                    break
                hs[i], hs[parent] = hs[parent], hs[i]
                hd[i], hd[parent] = hd[parent], hd[i]
                i = parent
        elif _worse(hs[0], hd[0], s, d):
            hs[0] = s
            hd[0] = d
            _sift_down(hs, hd, size, 0)
    return size


@njit(cache=True, nogil=True)
def _gallop(docs: np.ndarray, lo: int, hi: int, target: int) -> int:
    """First position p in [lo, hi) with docs[p] >= target (hi if none), searching outward from lo."""
    step = 1
    bound = lo
    while bound < hi and docs[bound] < target:
        lo = bound + 1
        bound = lo + step
        step *= 2
    if bound > hi:
        bound = hi
    while lo < bound:
        mid = (lo + bound) // 2
        if docs[mid] < target:
            lo = mid + 1
        else:
            bound = mid
    return lo


@njit(cache=True, nogil=True)
def _accumulate(t: int, c: float, indptr, docs, weights, acc, seen, touched, n: int) -> int:
    """Add c * weight of every posting of term t; new documents are appended to touched. Returns n."""
    for p in range(indptr[t], indptr[t + 1]):
        d = docs[p]
        if not seen[d]:
            seen[d] = True
            touched[n] = d
            n += 1
        acc[d] += c * weights[p]
    return n


@njit(cache=True, nogil=True)
def _probe(t: int, c: float, indptr, docs, weights, acc, cands: np.ndarray, n_cands: int) -> None:
    """Add term t's weight to each candidate (ascending doc ids) that has it, galloping through postings."""
    p = indptr[t]
    hi = indptr[t + 1]
    for j in range(n_cands):
        p = _gallop(docs, p, hi, cands[j])
        if p >= hi:
            return
        if docs[p] == cands[j]:
            acc[cands[j]] += c * weights[p]


@njit(cache=True, nogil=True)
def _prune(acc, cands: np.ndarray, n: int, bound: float, theta: float) -> int:
    """Keep, in order, the candidates whose score plus the remaining bound can still reach theta."""
    kept = 0
    floor = theta - _SLACK * (abs(theta) + bound)
    for j in range(n):
        d = cands[j]
        if acc[d] + bound >= floor:
            cands[kept] = d
            kept += 1
    return kept


@njit(cache=True, nogil=True)
def top_k(
    terms, mults, bounds, indptr, docs, weights, k: int, acc, seen, touched, out_docs, out_scores
) -> int:
    """Exact top-k (score desc, doc asc, score > 0) for terms ordered by bound desc; returns the count.

    Term-at-a-time MaxScore: whole postings lists are accumulated until the k-th best partial score
    exceeds what the remaining terms could add at most; from then on no unseen document can enter the
    top k, so the remaining (long, low-weight) lists are only probed for the surviving candidates.
    acc, seen and touched are zeroed scratch of length n_docs and are left zeroed.
    """
    m = terms.shape[0]
    rem = np.zeros(m + 1)
    for i in range(m - 1, -1, -1):
        rem[i] = rem[i + 1] + max(bounds[i], 0.0)
    hs = np.empty(k)
    hd = np.empty(k, np.int64)
    n = 0
    i = 0
    theta = -np.inf
    # A negative weight (rank_bm25's floor over a negative mean IDF) breaks the bounds: then no pruning.
    prunable = m == 0 or bounds.min() >= 0
    while i < m:
        if prunable and n >= k and theta > 0 and rem[i] * (1 + _SLACK) < theta - _SLACK * theta:
            break
        n = _accumulate(terms[i], mults[i], indptr, docs, weights, acc, seen, touched, n)
        i += 1
        # The k-th best partial score can only exceed rem[i] if the processed bound does.
        if prunable and i < m and n >= k and rem[0] - rem[i] > rem[i]:
            size = _top(acc, touched, n, k, hs, hd)
            theta = hs[0] if size == k else -np.inf
    cands = touched
    n_cands = n
    if i < m:
        cands = np.sort(touched[:n])
        n_cands = _prune(acc, cands, n, rem[i], theta)
        while i < m:
            _probe(terms[i], mults[i], indptr, docs, weights, acc, cands, n_cands)
            i += 1
            size = _top(acc, cands, n_cands, k, hs, hd)
            theta = hs[0] if size == k else -np.inf
            n_cands = _prune(acc, cands, n_cands, rem[i], theta)
    size = _top(acc, cands, n_cands, k, hs, hd)
    count = _drain(hs, hd, size, out_docs, out_scores)
    for j in range(n):
        acc[touched[j]] = 0.0
        seen[touched[j]] = False
    return count


@njit(cache=True, nogil=True)
def _drain(hs: np.ndarray, hd: np.ndarray, size: int, out_docs, out_scores) -> int:
    """Empty the heap best-first into the outputs, keeping only positive scores; return the count."""
    for j in range(size - 1, -1, -1):
        out_scores[j] = hs[0]
        out_docs[j] = hd[0]
        hs[0] = hs[j]
        hd[0] = hd[j]
        _sift_down(hs, hd, j, 0)
    count = 0
    while count < size and out_scores[count] > 0:
        count += 1
    return count
