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
def _push(hs: np.ndarray, hd: np.ndarray, size: int, k: int, s: float, d: int) -> int:
    """Offer (s, d) to the heap of the k best (worst at the root); return the new size."""
    if size < k:
        hs[size] = s
        hd[size] = d
        i = size
        while i > 0:  # sift up
            parent = (i - 1) // 2
            if not _worse(hs[i], hd[i], hs[parent], hd[parent]):
                break
            hs[i], hs[parent] = hs[parent], hs[i]
            hd[i], hd[parent] = hd[parent], hd[i]
            i = parent
        return size + 1
    if _worse(hs[0], hd[0], s, d):
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
    return _bsearch(docs, lo, min(bound, hi), target)


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


@njit(cache=True, nogil=True)
def _bsearch(docs: np.ndarray, lo: int, hi: int, target: int) -> int:
    """First position p in [lo, hi) with docs[p] >= target (hi if none)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if docs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _accumulate(c: float, start: int, stop: int, docs, weights, base: int, acc, seen, tl, n: int) -> int:
    """Add c * weight of postings [start, stop) into the block's acc; new local ids go to tl. Returns n."""
    for p in range(start, stop):
        d = docs[p] - base
        if d < 0 or d >= acc.shape[0]:  # only a damaged index; never write outside the block
            continue
        tl[n] = d
        n += 1 - seen[d]  # branch-free: the id stays in tl only the first time it is seen
        seen[d] = 1
        acc[d] += c * weights[p]
    return n


@njit(cache=True, nogil=True)
def _filter(acc, seen, tl, n: int, bound: float, floor: float) -> int:
    """Keep the candidates whose score plus bound reaches floor; reset the others. Returns how many."""
    kept = 0
    for j in range(n):
        d = tl[j]
        if acc[d] + bound >= floor:
            tl[kept] = d
            kept += 1
        else:
            acc[d] = 0.0
            seen[d] = 0
    return kept


@njit(cache=True, nogil=True)
def _probe(c: float, start: int, stop: int, docs, weights, base: int, acc, seen, tl, n: int) -> None:
    """Add one non-essential term's weight to the candidates tl[:n] that hold it.

    Few candidates against many postings: binary search each. Otherwise one sequential pass over the
    postings, adding where the document is a candidate (cheaper than searching).
    """
    length = stop - start
    if n * (np.log2(length + 1.0) + 1.0) * 4.0 < length:
        for j in range(n):
            p = _bsearch(docs, start, stop, tl[j] + base)
            if p < stop and docs[p] == tl[j] + base:
                acc[tl[j]] += c * weights[p]
    else:
        for p in range(start, stop):
            d = docs[p] - base
            if 0 <= d < acc.shape[0] and seen[d]:
                acc[d] += c * weights[p]


@njit(cache=True, nogil=True)
def _sparse_block(
    mults, cur, stop, docs, weights, base, essential, rem, floor, acc, seen, tl, hs, hd, size, stats
):
    """Score one block touched by few postings: track the touched ids; return the heap's new size."""
    k = hs.shape[0]
    n = 0
    for i in range(essential):
        n = _accumulate(mults[i], cur[i], stop[i], docs, weights, base, acc, seen, tl, n)
    for i in range(essential, mults.shape[0]):
        n = _filter(acc, seen, tl, n, rem[i], floor)
        stats[1] += n
        _probe(mults[i], cur[i], stop[i], docs, weights, base, acc, seen, tl, n)
    for j in range(n):
        d = tl[j]
        s = acc[d]
        if s > 0 and s >= floor and (size < k or s >= hs[0]):
            size = _push(hs, hd, size, k, s, d + base)
        acc[d] = 0.0
        seen[d] = 0
    return size


@njit(cache=True, nogil=True)
def _dense_block(mults, cur, stop, docs, weights, base, span, essential, rem, floor, acc, hs, hd, size):
    """Score one block most of whose documents are touched: plain adds, then one pass over the block.

    A document whose essential weights sum to 0 counts as untouched here; with non-negative weights
    (the only case with non-essential terms) its score is below floor anyway.
    """
    k = hs.shape[0]
    for i in range(essential):
        c = mults[i]
        for p in range(cur[i], stop[i]):
            d = docs[p] - base
            if 0 <= d < span:  # only a damaged index fails this
                acc[d] += c * weights[p]
    for i in range(essential, mults.shape[0]):
        c = mults[i]
        for p in range(cur[i], stop[i]):
            d = docs[p] - base
            if 0 <= d < span and acc[d] != 0.0 and acc[d] + rem[i] >= floor:
                acc[d] += c * weights[p]
    for d in range(span):
        s = acc[d]
        if s != 0.0:
            acc[d] = 0.0
            if s > 0 and s >= floor and (size < k or s >= hs[0]):
                size = _push(hs, hd, size, k, s, d + base)
    return size


_SEED_TERMS = 2
_SEED_MAX_POSTINGS = 1 << 10  # scanning costs ~10 ns a posting; at 1M, 2^10 beat 2^14 and no seed (A/B)


@njit(cache=True, nogil=True)
def _seed(mults, cur, end, weights, k: int, hs, hd) -> float:
    """A lower bound of the k-th best score: the k-th largest weight within one short postings list."""
    best = -np.inf
    for i in range(min(_SEED_TERMS, cur.shape[0])):
        if end[i] - cur[i] < k or end[i] - cur[i] > _SEED_MAX_POSTINGS:
            continue
        size = 0
        for p in range(cur[i], end[i]):
            size = _push(hs, hd, size, k, mults[i] * weights[p], p)
        best = max(best, hs[0])
    return best


@njit(cache=True, nogil=True)
def top_k(
    terms,
    mults,
    bounds,
    indptr,
    docs,
    weights,
    n_docs: int,
    k: int,
    acc,
    seen,
    tl,
    out_docs,
    out_scores,
    stats,
) -> int:
    """Exact top-k (score desc, doc asc, score > 0) for terms ordered by bound desc; returns the count.

    Block-at-a-time MaxScore. Documents are scored in blocks of len(acc) ids, small enough for the
    block's accumulators to stay in cache. Once k documents are held, a suffix of terms (lowest bounds)
    whose bounds sum below the k-th best score becomes non-essential: a document holding only those
    cannot enter the top k (a tie loses too, as later blocks have higher ids), so their postings are not
    scanned, only probed for the candidates the essential terms found. When every term is
    non-essential, the search stops. Before the first block, the k-th largest single weight of the two
    highest-bound terms seeds that threshold (k documents score at least that much), so a rare term's
    few documents make the common terms non-essential from the start. acc, seen and tl are scratch of
    the block's size, left zeroed.
    stats += [postings accumulated, candidates probed, blocks scored].
    """
    m = terms.shape[0]
    block = acc.shape[0]
    rem = np.zeros(m + 1)
    for i in range(m - 1, -1, -1):
        rem[i] = rem[i + 1] + max(bounds[i], 0.0)
    # A negative weight (rank_bm25's floor over a negative mean IDF) breaks the bounds: then no pruning.
    prunable = m == 0 or bounds.min() >= 0
    cur = np.empty(m, np.int64)
    end = np.empty(m, np.int64)
    stop = np.empty(m, np.int64)
    for i in range(m):
        cur[i] = indptr[terms[i]]
        end[i] = indptr[terms[i] + 1]
    hs = np.empty(k)
    hd = np.empty(k, np.int64)
    seed = _seed(mults, cur, end, weights, k, hs, hd) if prunable else -np.inf
    size = 0
    essential = m
    for base in range(0, n_docs, block):
        theta = max(seed, hs[0] if size == k else -np.inf)
        floor = -np.inf
        if theta > 0:
            floor = theta - _SLACK * (theta + rem[0])
            while essential > 0 and rem[essential - 1] < floor:
                essential -= 1
            if essential == 0:
                break
        for i in range(m):
            stop[i] = _gallop(docs, cur[i], end[i], base + block)
        span = min(block, n_docs - base)
        work = 0
        for i in range(essential):
            work += stop[i] - cur[i]
        stats[0] += work
        stats[2] += 1
        if work * 4 > span:
            size = _dense_block(
                mults, cur, stop, docs, weights, base, span, essential, rem, floor, acc, hs, hd, size
            )
        else:
            args = (mults, cur, stop, docs, weights, base, essential, rem, floor, acc, seen, tl, hs, hd, size)
            size = _sparse_block(*args, stats)
        for i in range(m):
            cur[i] = stop[i]
    return _drain(hs, hd, size, out_docs, out_scores)


@njit(cache=True, nogil=True)
def doc_scores(terms: np.ndarray, indptr: np.ndarray, docs: np.ndarray, weights: np.ndarray, ids: np.ndarray,
               out: np.ndarray) -> None:  # fmt: skip
    """Add each term's weight (terms in query order, repeats included, -1 for unknown) of each of the docs
    `ids` into `out`: one addition per term, as Engine.scores' numpy path makes them."""
    for t in terms:
        if t < 0:
            continue
        lo, hi = indptr[t], indptr[t + 1]
        if hi == lo:
            continue
        for i in range(ids.shape[0]):
            p = _bsearch(docs, lo, hi, ids[i])
            if p < hi and docs[p] == ids[i]:
                out[i] += weights[p]


@njit(cache=True, nogil=True)
def doc_holds(terms: np.ndarray, indptr: np.ndarray, docs: np.ndarray, ids: np.ndarray,
              out: np.ndarray) -> None:  # fmt: skip
    """Whether each term (rows of `out`; -1 for unknown) is in each of the docs `ids` (columns)."""
    for r in range(terms.shape[0]):
        t = terms[r]
        if t < 0:
            continue
        lo, hi = indptr[t], indptr[t + 1]
        for i in range(ids.shape[0]):
            p = _bsearch(docs, lo, hi, ids[i])
            out[r, i] = p < hi and docs[p] == ids[i]


@njit(cache=True, nogil=True)
def csr_rows(ptr: np.ndarray, at: np.ndarray) -> tuple:
    """For rows `at` of a CSR layout (offsets `ptr`): the gathered rows' offsets, the positions of their
    entries in order, and whether every row was in range (if not, the first two are not to be used)."""
    n, rows = at.shape[0], ptr.shape[0] - 1
    offsets = np.zeros(n + 1, np.int64)
    for i in range(n):
        if not 0 <= at[i] < rows:
            return offsets, np.empty(0, np.int64), False
        offsets[i + 1] = offsets[i] + ptr[at[i] + 1] - ptr[at[i]]
    where = np.empty(offsets[n], np.int64)
    for i in range(n):
        lo, start = ptr[at[i]], offsets[i]
        for j in range(offsets[i + 1] - start):
            where[start + j] = lo + j
    return offsets, where, True
