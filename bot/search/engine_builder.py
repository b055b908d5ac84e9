"""Building an Engine: tokenised sentences in, term-major postings with precomputed BM25 weights out.

Memory stays bounded however large the corpus: tokens are numbered as they arrive, and every
`SEGMENT_TOKENS` tokens the segment is inverted and spilled to disk (`segments.py`); `write()` merges
the segments into the final memory-mapped arrays a chunk at a time. What grows with the corpus in
memory is only what the index keeps anyway: the vocabulary and one length per document.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from bot.search.engine import Bm25Params, Engine
from bot.search.npyio import NpyWriter, save_npy
from bot.search.segments import MERGE_CHUNK, SegmentFiles, merge

_FLUSH_TOKENS = 1 << 20  # EngineBuilder numbers its pending tokens this many at a time
SEGMENT_TOKENS = 1 << 24  # tokens inverted per segment (~400 MiB of scratch at the spill)
TOKENS_TMP = "tokens.tmp"  # every document's first-seen token ids, in order, renumbered by write()


class EngineBuilder:
    """Collects tokenised documents (sentences) and builds an Engine over them, in bounded memory."""

    def __init__(self, params: Bm25Params = Bm25Params(), workdir: Path | None = None) -> None:  # noqa: B008
        """Start an empty corpus with these parameters; segments go to `workdir` (or a temp dir)."""
        self.params = params
        # Tokens wait as strings and are numbered a million at a time with dict.fromkeys and map(), which
        # run in C: about three times faster than numbering each token as it arrives, and the strings
        # (often fresh objects from worker processes) are let go early.
        self._pending: list[str] = []
        self._ids: dict[str, int] = {}  # token → id in first-seen order; renumbered sorted in write()
        self._tokens: list[str] = []  # first-seen id → token
        self._chunks: list[np.ndarray] = []  # numbered tokens of the current segment
        self._lengths = array("i")
        self._segment_start = 0  # first doc of the current segment
        self._segment_tokens = 0
        self._own_dir = workdir is None
        self._dir = Path(tempfile.mkdtemp(prefix="factbot-segments-")) if workdir is None else workdir
        self._dir.mkdir(parents=True, exist_ok=True)
        # A builder dropped before write() (an interrupted eval, an exception mid-corpus) must not leave
        # its scratch folder in /tmp: segments run to hundreds of MiB on a large archive.
        self._remove_dir = weakref.finalize(self, shutil.rmtree, self._dir, True) if self._own_dir else None
        self._files = SegmentFiles(self._dir)
        self._token_file = (self._dir / TOKENS_TMP).open("wb")

    @property
    def n_docs(self) -> int:
        """Documents added so far."""
        return len(self._lengths)

    def add(self, tokens: Sequence[str]) -> int:
        """Add one document; return its doc id (0, 1, 2, ... in order of addition)."""
        self.add_many([tokens])
        return len(self._lengths) - 1

    def add_many(self, docs: Iterable[Sequence[str]]) -> None:
        """Add many documents in order."""
        extend, append = self._pending.extend, self._lengths.append
        for tokens in docs:
            extend(tokens)
            append(len(tokens))
            if len(self._pending) >= _FLUSH_TOKENS:
                self._flush()
                if self._segment_tokens >= SEGMENT_TOKENS:
                    self._spill()
                extend = self._pending.extend

    def _flush(self) -> None:
        """Number the pending tokens (first-seen ids) and keep them as an int32 chunk."""
        ids, tokens = self._ids, self._tokens
        for token in dict.fromkeys(self._pending):
            if token not in ids:
                ids[token] = len(ids)
                tokens.append(token)
        chunk = np.frombuffer(array("i", map(ids.__getitem__, self._pending)), np.int32)
        self._chunks.append(chunk)
        self._segment_tokens += len(chunk)
        self._pending = []

    def _spill(self) -> None:
        """Invert the current segment, its terms in string order, and append it to the segment files."""
        from bot.search.kernel import invert

        self._flush()
        if len(self._lengths) == self._segment_start:
            return
        terms = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int32)
        self._chunks, self._segment_tokens = [], 0
        lengths = np.frombuffer(self._lengths, np.int32)[self._segment_start :].copy()
        if int(lengths.sum(dtype=np.int64)) != len(terms):  # the kernel would read past the tokens
            raise RuntimeError(f"segment of {len(terms)} tokens but {lengths.sum()} by its lengths")
        present = np.flatnonzero(np.bincount(terms, minlength=len(self._tokens)))
        ordered = np.array(sorted(present.tolist(), key=self._tokens.__getitem__), np.int32)
        local = np.zeros(len(self._tokens), np.int32)
        local[ordered] = np.arange(len(ordered), dtype=np.int32)
        indptr, docs, tfs = invert(local[terms], lengths, len(ordered))
        self._files.add(ordered, indptr, docs + np.int32(self._segment_start), tfs)
        self._token_file.write(terms.data)
        self._segment_start = len(self._lengths)

    def write(
        self,
        directory: Path,
        tokens_to: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict:
        """Merge the segments into an engine saved in `directory`; return its manifest entry.

        With `tokens_to`, also write each document's token ids (into the sorted vocabulary) there as
        CSR: `token_indptr.npy` (int64) and `token_ids.npy` (int32). The builder cannot be used after.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        try:
            self._spill()
            self._files.close()
            self._token_file.close()
            vocab, rank = self._sorted_vocab()
            lengths = np.frombuffer(self._lengths, np.int32).copy()
            merged = merge(self._files, rank, lengths, self.params, directory, progress)
            np.save(directory / "doc_len.npy", lengths, allow_pickle=False)
            engine = Engine(self.params, vocab, {}, avgdl=merged.avgdl, average_idf=merged.average_idf)
            info = engine.write_meta(directory, n_docs=len(lengths), n_postings=self._files.postings)
            if tokens_to is not None:
                self._write_tokens(Path(tokens_to), rank, lengths)
            return info
        finally:
            self._cleanup()

    def _sorted_vocab(self) -> tuple[list[str], np.ndarray]:
        """The vocabulary sorted, and each first-seen id's rank in it."""
        order = sorted(range(len(self._tokens)), key=self._tokens.__getitem__)
        vocab = [self._tokens[i] for i in order]
        rank = np.empty(len(order), np.int32)
        rank[np.array(order, np.int64)] = np.arange(len(order), dtype=np.int32)
        self._ids, self._tokens = {}, []
        return vocab, rank

    def _write_tokens(self, folder: Path, rank: np.ndarray, lengths: np.ndarray) -> None:
        """Every document's token ids in the sorted vocabulary, renumbered from the temporary file."""
        folder.mkdir(parents=True, exist_ok=True)
        save_npy(folder / "token_indptr.npy", np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]))
        total = int(lengths.sum(dtype=np.int64))
        stream = np.memmap(self._dir / TOKENS_TMP, np.int32, "r", shape=(total,)) if total else None
        with NpyWriter(folder / "token_ids.npy", np.int32) as out:
            for lo in range(0, total, MERGE_CHUNK):
                out.append(rank[stream[lo : lo + MERGE_CHUNK]])
        del stream

    def _cleanup(self) -> None:
        """Delete the segment files (the whole folder when the builder made it)."""
        self._files.close()
        self._token_file.close()
        if self._remove_dir is not None:
            self._remove_dir()
        else:
            for name in ("docs.tmp", "tfs.tmp", TOKENS_TMP):
                (self._dir / name).unlink(missing_ok=True)

    def build(self) -> Engine:
        """Invert the corpus and precompute every posting's weight: an Engine held in memory."""
        with tempfile.TemporaryDirectory(prefix="factbot-engine-") as tmp:
            self.write(Path(tmp))
            return Engine.load(Path(tmp), mmap=False)
