"""Postings built a segment at a time on disk, then merged term by term into the engine's final arrays.

Each segment (a run of consecutive documents) is inverted alone and appended to two temporary files,
`docs.tmp` (int32 doc ids) and `tfs.tmp` (int32 term frequencies), its terms in the vocabulary's sorted
(string) order. One "run" is one term's postings within one segment. Because segments follow the doc
order and each segment's runs follow the string order, sorting all runs by (term, segment) gives the
final term-major layout, and the merge reads each segment's runs front to back: a chunk of the output
touches one contiguous stretch of every segment, so memory stays bounded by the chunk, not the corpus.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bot.search.engine import Bm25Params
from bot.search.npyio import NpyWriter

# Postings merged per output chunk: about 60 bytes each of scratch while weights are computed.
MERGE_CHUNK = 1 << 22


class SegmentFiles:
    """The temporary postings of all segments: two raw files and, per run, its term and length."""

    def __init__(self, folder: Path) -> None:
        """Start empty files in `folder` (which must exist)."""
        self.folder = folder
        self._docs = (folder / "docs.tmp").open("wb")
        self._tfs = (folder / "tfs.tmp").open("wb")
        self.run_terms: list[np.ndarray] = []  # per segment: first-seen term ids, in string order
        self.run_lengths: list[np.ndarray] = []  # per segment: postings of each of those terms
        self.postings = 0

    def add(self, terms: np.ndarray, indptr: np.ndarray, docs: np.ndarray, tfs: np.ndarray) -> None:
        """Append one inverted segment: its terms (string order), their offsets, doc ids and tfs."""
        self._docs.write(np.ascontiguousarray(docs, np.int32).data)
        self._tfs.write(np.ascontiguousarray(tfs, np.int32).data)
        self.run_terms.append(terms.astype(np.int32))
        self.run_lengths.append(np.diff(indptr).astype(np.int64))
        self.postings += len(docs)

    def close(self) -> None:
        """Flush the files (they stay for the merge)."""
        self._docs.close()
        self._tfs.close()

    def mapped(self) -> tuple[np.ndarray, np.ndarray]:
        """docs.tmp and tfs.tmp memory-mapped; drop them after each chunk to give back their pages."""
        if not self.postings:
            return np.zeros(0, np.int32), np.zeros(0, np.int32)
        docs = np.memmap(self.folder / "docs.tmp", np.int32, "r", shape=(self.postings,))
        tfs = np.memmap(self.folder / "tfs.tmp", np.int32, "r", shape=(self.postings,))
        return docs, tfs


class Merged:
    """The global figures of a merge: vocabulary ranks, df, idf and the averages BM25 needs."""

    def __init__(self, rank: np.ndarray, df: np.ndarray, n_docs: int, n_tokens: int, p: Bm25Params) -> None:
        """IDF with rank_bm25's floor, from the document frequency of every term (sorted ids)."""
        self.rank = rank
        self.df = df
        self.indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        n_terms = len(df)
        idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        self.average_idf = float(idf.sum() / n_terms) if n_terms else 0.0
        idf[idf < 0] = p.epsilon * self.average_idf
        self.idf = idf
        self.avgdl = float(n_tokens / n_docs) if n_docs else 0.0


def merge(
    files: SegmentFiles,
    rank: np.ndarray,
    lengths: np.ndarray,
    params: Bm25Params,
    out: Path,
    progress: Callable[[int, int], None] | None = None,
) -> Merged:
    """Write docs.npy, weights.npy, indptr.npy, idf.npy and bounds.npy into `out` from the segments."""
    terms = rank[np.concatenate(files.run_terms)] if files.run_terms else np.zeros(0, np.int32)
    lens = np.concatenate(files.run_lengths) if files.run_lengths else np.zeros(0, np.int64)
    src = np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int64) if len(lens) else lens
    df = np.bincount(terms, weights=lens, minlength=len(rank)).astype(np.int64)
    merged = Merged(rank, df, len(lengths), int(lengths.sum(dtype=np.int64)), params)
    order = np.argsort(terms, kind="stable")  # (term, segment): each term's doc ids ascending
    runs = (terms[order], lens[order], src[order])
    bounds = np.full(len(rank), -np.inf)
    with NpyWriter(out / "docs.npy", np.int32) as docs_out, NpyWriter(out / "weights.npy", "f8") as w_out:
        for lo, hi in _chunks(runs[1]):
            terms, lens, src = (column[lo:hi] for column in runs)
            docs, weights = _chunk(files, terms, lens, src, lengths, merged, params)
            starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
            np.maximum.at(bounds, terms, np.maximum.reduceat(weights, starts))
            docs_out.append(docs)
            w_out.append(weights)
            if progress is not None:
                progress(docs_out.rows, files.postings)
    for name, array in (("indptr", merged.indptr), ("idf", merged.idf), ("bounds", bounds)):
        np.save(out / f"{name}.npy", array, allow_pickle=False)
    return merged


def _chunks(lens: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive ranges of runs holding about MERGE_CHUNK postings each (at least one run)."""
    ends = np.cumsum(lens)
    total = int(ends[-1]) if len(ends) else 0
    inner = np.searchsorted(ends, np.arange(MERGE_CHUNK, total, MERGE_CHUNK), "right").tolist()
    cuts = [0, *inner, len(lens)]
    return [(lo, hi) for lo, hi in itertools.pairwise(cuts) if hi > lo]


def _chunk(
    files: SegmentFiles,
    terms: np.ndarray,
    lens: np.ndarray,
    src: np.ndarray,
    lengths: np.ndarray,
    merged: Merged,
    p: Bm25Params,
) -> tuple[np.ndarray, np.ndarray]:
    """The doc ids and exact BM25 weights of consecutive runs (same operations as an in-memory build)."""
    total = int(lens.sum())
    starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
    where = np.arange(total, dtype=np.int64) + np.repeat(src - starts, lens)
    docs_tmp, tfs_tmp = files.mapped()
    docs = np.asarray(docs_tmp[where])
    tf = np.asarray(tfs_tmp[where]).astype(np.float64)
    del docs_tmp, tfs_tmp  # unmapped: the pages read leave this process's resident memory
    norm = p.k1 * (1 - p.b + p.b * lengths[docs] / merged.avgdl)
    weights = np.repeat(merged.idf[terms], lens) * (tf * (p.k1 + 1) / (tf + norm))
    return docs, weights
