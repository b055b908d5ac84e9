"""Building an Engine: tokenised sentences in, term-major postings with precomputed BM25 weights out."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

import numpy as np

from bot.search.engine import Bm25Params, Engine

_FLUSH_TOKENS = 1 << 20  # EngineBuilder numbers its pending tokens this many at a time


class EngineBuilder:
    """Collects tokenised documents (sentences) and builds an Engine over them."""

    def __init__(self, params: Bm25Params = Bm25Params()) -> None:  # noqa: B008 (frozen model)
        """Start an empty corpus scored with the given parameters."""
        self.params = params
        # Tokens wait as strings and are numbered a million at a time with dict.fromkeys and map(), which
        # run in C: about three times faster than numbering each token as it arrives, and the strings
        # (often fresh objects from worker processes) are let go early.
        self._pending: list[str] = []
        self._ids: dict[str, int] = {}  # token → id in first-seen order; renumbered sorted in build()
        self._chunks: list[np.ndarray] = []
        self._lengths = array("i")

    @property
    def n_docs(self) -> int:
        """Documents added so far."""
        return len(self._lengths)

    def add(self, tokens: Sequence[str]) -> int:
        """Add one document; return its doc id (0, 1, 2, ... in order of addition)."""
        self._pending += tokens
        self._lengths.append(len(tokens))
        if len(self._pending) >= _FLUSH_TOKENS:
            self._flush()
        return len(self._lengths) - 1

    def add_many(self, docs: Iterable[Sequence[str]]) -> None:
        """Add many documents in order."""
        extend, append = self._pending.extend, self._lengths.append
        for tokens in docs:
            extend(tokens)
            append(len(tokens))
            if len(self._pending) >= _FLUSH_TOKENS:
                self._flush()
                extend = self._pending.extend

    def _flush(self) -> None:
        """Number the pending tokens (first-seen ids) and keep them as an int32 chunk."""
        ids = self._ids
        for token in dict.fromkeys(self._pending):
            if token not in ids:
                ids[token] = len(ids)
        self._chunks.append(np.frombuffer(array("i", map(ids.__getitem__, self._pending)), np.int32))
        self._pending = []

    def _terms(self) -> tuple[np.ndarray, list[str]]:
        """All term ids, renumbered so that ids follow the sorted vocabulary (found by bisection)."""
        self._flush()
        vocab = sorted(self._ids)
        rank = np.empty(len(vocab), np.int32)
        rank[np.fromiter(map(self._ids.__getitem__, vocab), np.int64, len(vocab))] = np.arange(len(vocab))
        terms = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int32)
        return rank[terms], vocab

    def build(self) -> Engine:
        """Invert the corpus and precompute every posting's weight."""
        from bot.search.kernel import invert

        p = self.params
        lengths = np.array(self._lengths, np.int32)
        terms, vocab = self._terms()
        n_docs, n_terms = len(lengths), len(vocab)
        indptr, docs, tfs = invert(terms, lengths, n_terms)
        df = np.diff(indptr)
        idf = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
        average_idf = float(idf.sum() / n_terms) if n_terms else 0.0
        idf[idf < 0] = p.epsilon * average_idf
        avgdl = float(terms.shape[0] / n_docs) if n_docs else 0.0
        weights = np.zeros(len(docs))
        if len(docs):
            tf = tfs.astype(np.float64)
            norm = p.k1 * (1 - p.b + p.b * lengths[docs] / avgdl)
            weights = np.repeat(idf, df) * (tf * (p.k1 + 1) / (tf + norm))
        bounds = np.maximum.reduceat(weights, indptr[:-1]) if n_terms else np.zeros(0)
        arrays = {"indptr": indptr, "docs": docs, "weights": weights, "idf": idf}
        arrays |= {"bounds": bounds, "doc_len": lengths.copy()}
        return Engine(p, vocab, arrays, avgdl=avgdl, average_idf=average_idf)
