"""The BM25 engine: rank_bm25's BM25Okapi scores over sentences, from an inverted, memory-mapped index.

Pipeline: `EngineBuilder.add(tokens)` per sentence → `build()` → `Engine.save(dir)`; later
`Engine.load(dir)` (memory-mapped) → `search(tokens, k)`. Scores equal `rank_bm25.BM25Okapi(docs, k1, b,
epsilon).get_scores(query)` to float64 rounding: every posting stores its precomputed weight
idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(d) / avgdl)), with rank_bm25's IDF floor applied.
"""

from __future__ import annotations

import bisect
import json
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from pydantic import Field, ValidationError

from bot.errors import FactbotError
from bot.models import Model
from bot.search.npyio import load_npy
from bot.search.readings import use_rows_kernel

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: vocabulary sorted (term ids in sorted order)
PARAMS_FILE = "params.json"
VOCAB_FILE = "vocab.json"
# Documents scored per block: the block's float64 accumulators (512 KiB) stay in a core's L2 cache.
BLOCK = 1 << 16
# name → dtype of every array file; all are plain .npy written with allow_pickle=False.
ARRAYS: dict[str, np.dtype] = {
    "indptr": np.dtype(np.int64),  # n_terms + 1 offsets into docs/weights, term-major
    "docs": np.dtype(np.int32),  # doc ids, ascending within each term
    "weights": np.dtype(np.float64),  # the BM25 contribution of that term to that doc
    "idf": np.dtype(np.float64),  # per term, after rank_bm25's floor
    "bounds": np.dtype(np.float64),  # per term, its largest weight (MaxScore's upper bound)
    "doc_len": np.dtype(np.int32),  # tokens per doc
}


class CorruptEngine(FactbotError):
    """A saved engine is missing, truncated, or inconsistent."""


class UnknownDocument(FactbotError):
    """A doc id outside the engine was asked for."""


class Bm25Params(Model):
    """BM25 Okapi parameters, with rank_bm25's defaults."""

    k1: float = Field(1.5, ge=0)
    b: float = Field(0.75, ge=0, le=1)
    epsilon: float = 0.25


class Engine:
    """A built BM25 index: exact top-k search, exact scores of given docs, df and idf of a token."""

    def __init__(
        self,
        params: Bm25Params,
        vocab: list[str],
        arrays: dict[str, np.ndarray],
        avgdl: float,
        average_idf: float,
    ) -> None:
        """Wrap arrays laid out as ARRAYS describes (use EngineBuilder.build or Engine.load)."""
        self.params = params
        self.vocab = vocab  # sorted
        self._ids: dict[str, int | None] = {}  # tokens looked up so far
        for array_ in arrays.values():
            array_.flags.writeable = False  # one compiled signature for built and memory-mapped arrays
        self._a = arrays
        self.n_docs = len(arrays["doc_len"]) if arrays else 0
        self.avgdl = avgdl
        self.average_idf = average_idf
        self._local = threading.local()
        self.block_size = BLOCK  # documents scored per block; tests set it small to cross many blocks
        self.compiled = True  # False: always search with numpy (slower, same results)
        self._kernel = None  # the compiled top-k, once bot.search.kernel is imported and loaded
        self._doc_scores = None  # the compiled scores of given docs, loaded with it
        self._doc_holds = None  # ... and which of given docs hold each of some terms
        self._warming: threading.Thread | None = None

    def _id(self, token: str) -> int | None:
        """The term id of a token, None if unknown (bisection in the sorted vocabulary, remembered)."""
        t = self._ids.get(token, -1)
        if t == -1:
            i = bisect.bisect_left(self.vocab, token)
            t = i if i < len(self.vocab) and self.vocab[i] == token else None
            if len(self._ids) > 200_000:
                self._ids = {}
            self._ids[token] = t
        return t

    def term_id(self, token: str) -> int | None:
        """The id of a token in the sorted vocabulary (`vocab[id]`), None if no document holds it."""
        return self._id(token)

    @property
    def n_terms(self) -> int:
        """Distinct tokens in the corpus."""
        return len(self.vocab)

    @property
    def n_postings(self) -> int:
        """(term, document) pairs stored."""
        return len(self._a["docs"])

    def df(self, token: str) -> int:
        """How many documents contain the token (0 if unknown)."""
        t = self._id(token)
        return 0 if t is None else int(self._a["indptr"][t + 1] - self._a["indptr"][t])

    def idf(self, token: str) -> float | None:
        """rank_bm25's IDF of the token after the epsilon floor, None if unknown."""
        t = self._id(token)
        return None if t is None else float(self._a["idf"][t])

    def _query(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Known query terms with their repeat counts and bounds, largest bound first."""
        counts: dict[int, int] = {}
        for t in map(self._id, tokens):
            if t is not None:
                counts[t] = counts.get(t, 0) + 1
        bounds = self._a["bounds"]
        rows = sorted(((float(bounds[t]) * c, t, float(c)) for t, c in counts.items()), key=lambda r: -r[0])
        return (
            np.array([r[1] for r in rows], np.int64),
            np.array([r[2] for r in rows]),
            np.array([r[0] for r in rows]),
        )

    def _scratch(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This thread's zeroed accumulators (allocated lazily; the kernel leaves them zeroed)."""
        local = self._local
        size = max(1, min(self.block_size, self.n_docs))
        if getattr(local, "acc", None) is None or len(local.acc) != size:
            local.acc = np.zeros(size)
            local.seen = np.zeros(size, np.int8)
            local.touched = np.zeros(size + 1, np.int32)
            local.stats = np.zeros(3, np.int64)  # running work counters, see kernel.top_k
        return local.acc, local.seen, local.touched

    def search(self, tokens: Sequence[str], k: int = 10) -> list[tuple[int, float]]:
        """Top-k (doc id, score) by BM25, best first, ties to the lower doc id; only scores > 0."""
        k = min(k, self.n_docs)
        if k <= 0:
            return []
        terms, mults, bounds = self._query(tokens)
        if not len(terms):
            return []
        if self._kernel is None or not self.compiled:
            if self.compiled:
                self._warm_in_background()
            return self._search_numpy(terms, mults, k)
        a = self._a
        out_docs, out_scores = np.empty(k, np.int64), np.empty(k)
        acc, seen, touched = self._scratch()
        n = self._kernel(terms, mults, bounds, a["indptr"], a["docs"], a["weights"], self.n_docs, k, acc,
                         seen, touched, out_docs, out_scores, self._local.stats)  # fmt: skip
        return list(zip(out_docs[:n].tolist(), out_scores[:n].tolist(), strict=True))

    def _search_numpy(self, terms: np.ndarray, mults: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The same top-k without the compiled kernel (additions in the same order, so the same floats)."""
        a = self._a
        spans = [(int(a["indptr"][t]), int(a["indptr"][t + 1])) for t in terms.tolist()]
        docs = np.concatenate([a["docs"][lo:hi] for lo, hi in spans])
        weights = np.concatenate([a["weights"][lo:hi] * c for (lo, hi), c in zip(spans, mults, strict=True)])
        uniq, where = np.unique(docs, return_inverse=True)
        scores = np.bincount(where, weights=weights, minlength=len(uniq))
        best = np.lexsort((uniq, -scores))[:k]
        return [(d, s) for d, s in zip(uniq[best].tolist(), scores[best].tolist(), strict=True) if s > 0]

    def _warm_in_background(self) -> None:
        """Import and load the compiled kernel in a daemon thread; searches use numpy until it is ready."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._warm, name="bm25-kernel", daemon=True)
            self._warming.start()

    def _warm(self) -> None:
        """Load (or compile, if numba's cache is unusable) the kernel and run it once."""
        try:
            from bot.search.kernel import csr_rows, doc_holds, doc_scores, top_k

            _warm_rows(csr_rows)
        except Exception as exc:  # no numba, or no writable cache dir at all: numpy serves every query
            log.warning("BM25 kernel unavailable, searching with numpy (slower, same results): %s", exc)
            return
        a, k = self._a, 1
        acc, seen, touched = self._scratch()
        probe = (np.zeros(1, np.int64), np.ones(1), np.zeros(1), a["indptr"], a["docs"], a["weights"])
        if self.n_terms:
            top_k(
                *probe,
                self.n_docs,
                k,
                acc,
                seen,
                touched,
                np.empty(k, np.int64),
                np.empty(k),
                np.zeros(3, np.int64),
            )
        unknown = np.full(1, -1, np.int64)  # compiles (or loads) it without reading any postings
        doc_scores(unknown, a["indptr"], a["docs"], a["weights"], np.zeros(1, np.int64), np.zeros(1))
        doc_holds(unknown, a["indptr"], a["docs"], np.zeros(1, np.int64), np.zeros((1, 1), np.bool_))
        self._doc_scores, self._doc_holds = doc_scores, doc_holds
        self._kernel = top_k

    def ready(self, timeout: float | None = None) -> bool:
        """Start loading the compiled kernel if needed and wait up to timeout s; whether it is in use."""
        self._warm_in_background()
        if self._warming is not None:
            self._warming.join(timeout)
        return self._kernel is not None

    def work(self) -> dict[str, int]:
        """This thread's running totals of search work: postings summed, list look-ups, probed candidates."""
        stats = self._scratch() and self._local.stats
        return {"postings": int(stats[0]), "probed": int(stats[1]), "blocks": int(stats[2])}

    def search_many(self, queries: Sequence[Sequence[str]], k: int = 10, workers: int = 2) -> list:
        """search() for many queries, in order; one thread per slice of them (the kernel releases the GIL)."""
        if workers <= 1 or len(queries) < 8 * workers or not self.ready(timeout=0):
            return [self.search(q, k) for q in queries]
        step = -(-len(queries) // workers)
        slices = [queries[i : i + step] for i in range(0, len(queries), step)]
        with ThreadPoolExecutor(len(slices)) as pool:
            parts = pool.map(lambda part: [self.search(q, k) for q in part], slices)
            return [hits for part in parts for hits in part]

    def scores(self, tokens: Sequence[str], doc_ids: Sequence[int]) -> np.ndarray:
        """Exact BM25 scores of the given docs, in the order given."""
        ids = np.asarray(doc_ids, np.int64).reshape(-1)
        if len(ids) and (ids.min() < 0 or ids.max() >= self.n_docs):
            raise UnknownDocument(f"doc ids must be in [0, {self.n_docs}); got {ids.min()}..{ids.max()}")
        out = np.zeros(len(ids))
        a = self._a
        if self._doc_scores is None and self.compiled:
            self._warm_in_background()  # an engine that is never searched (the headlines') is warmed here
        if self._doc_scores is not None and self.compiled and len(ids):
            terms = np.array([-1 if (t := self._id(token)) is None else t for token in tokens], np.int64)
            # A fresh C-ordered, writeable copy of the ids: the one signature compiled at warm-up.
            self._doc_scores(terms, a["indptr"], a["docs"], a["weights"], np.array(ids), out)
            return out
        for t in map(self._id, tokens):  # one addition per query token, as rank_bm25 does
            lo, hi = (0, 0) if t is None else (int(a["indptr"][t]), int(a["indptr"][t + 1]))
            if hi == lo or not len(ids):
                continue
            docs = a["docs"][lo:hi]
            pos = np.minimum(np.searchsorted(docs, ids), hi - lo - 1)
            out += np.where(docs[pos] == ids, a["weights"][lo + pos], 0.0)  # x + 0.0 is x: no change
        return out

    def holds(self, token: str, doc_ids: Sequence[int]) -> np.ndarray:
        """Whether each given doc contains the token (a bool per doc id, in the order given)."""
        ids = np.asarray(doc_ids, np.int64).reshape(-1)
        t = self._id(token)
        if t is None or not len(ids):
            return np.zeros(len(ids), np.bool_)
        docs = self._a["docs"][int(self._a["indptr"][t]) : int(self._a["indptr"][t + 1])]
        pos = np.minimum(np.searchsorted(docs, ids), max(len(docs) - 1, 0))
        return docs[pos] == ids if len(docs) else np.zeros(len(ids), np.bool_)

    def holds_many(self, tokens: Sequence[str], doc_ids: Sequence[int]) -> np.ndarray:
        """Whether each given doc (columns) contains each token (rows): `holds` for several tokens."""
        ids = np.array(doc_ids, np.int64).reshape(-1)  # a fresh C-ordered copy: the compiled signature
        if self._doc_holds is None and self.compiled:
            self._warm_in_background()
        if self._doc_holds is None or not self.compiled or not len(ids) or not len(tokens):
            return np.array([self.holds(t, ids) for t in tokens], np.bool_).reshape(len(tokens), len(ids))
        terms = np.array([-1 if (t := self._id(token)) is None else t for token in tokens], np.int64)
        out = np.zeros((len(terms), len(ids)), np.bool_)
        self._doc_holds(terms, self._a["indptr"], self._a["docs"], ids, out)
        return out

    def save(self, directory: Path) -> dict:
        """Write plain .npy arrays and JSON into directory; return counts and files for a manifest."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        for name, array_ in self._a.items():
            np.save(directory / f"{name}.npy", np.ascontiguousarray(array_), allow_pickle=False)
        return self.write_meta(directory, n_docs=self.n_docs, n_postings=self.n_postings)

    def write_meta(self, directory: Path, n_docs: int, n_postings: int) -> dict:
        """Write vocab.json and params.json beside arrays already saved; return the manifest entry."""
        (directory / VOCAB_FILE).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        info = {
            "format_version": FORMAT_VERSION,
            "params": self.params.model_dump(),
            "n_docs": n_docs,
            "n_terms": self.n_terms,
            "n_postings": n_postings,
            "avgdl": self.avgdl,
            "average_idf": self.average_idf,
        }
        (directory / PARAMS_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")
        files = [PARAMS_FILE, VOCAB_FILE, *(f"{name}.npy" for name in ARRAYS)]
        info["files"] = files
        info["bytes"] = sum((directory / f).stat().st_size for f in files)
        return info

    @classmethod
    def load(cls, directory: Path, mmap: bool = True) -> Engine:
        """Open a saved engine, memory-mapped (or read whole); raise CorruptEngine if anything is wrong."""
        directory = Path(directory)
        try:
            info = json.loads((directory / PARAMS_FILE).read_text(encoding="utf-8"))
            if info.get("format_version") != FORMAT_VERSION:
                raise CorruptEngine(f"{directory}: engine format {info.get('format_version')!r}, "
                                    f"expected {FORMAT_VERSION}")  # fmt: skip
            params = Bm25Params(**info["params"])
            vocab = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
            arrays = {name: _load_array(directory / f"{name}.npy", mmap) for name in ARRAYS}
            avgdl, average_idf = float(info["avgdl"]), float(info["average_idf"])
        except CorruptEngine:
            raise
        except (OSError, ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
            raise CorruptEngine(f"cannot read the search engine in {directory}: {exc}") from exc
        _check(directory, info, vocab, arrays)
        return cls(params, vocab, arrays, avgdl=avgdl, average_idf=average_idf)


def _load_array(path: Path, mmap: bool = True) -> np.ndarray:
    """A .npy file memory-mapped (read-only), or read whole when it is too small to map."""
    try:
        return load_npy(path, mmap)
    except (OSError, ValueError) as exc:
        raise CorruptEngine(f"cannot read {path}: {exc}") from exc


def _check(directory: Path, info: dict, vocab: object, arrays: dict[str, np.ndarray]) -> None:
    """Raise CorruptEngine unless the files agree with each other and with params.json."""
    problems = [
        f"{n}.npy holds {a.dtype}, not {ARRAYS[n]}" for n, a in arrays.items() if a.dtype != ARRAYS[n]
    ]
    n_terms, nnz, n_docs = len(arrays["idf"]), len(arrays["docs"]), len(arrays["doc_len"])
    expected = {
        "indptr": n_terms + 1,
        "weights": nnz,
        "bounds": n_terms,
        "doc_len": info.get("n_docs"),
        "docs": info.get("n_postings"),
        "idf": info.get("n_terms"),
    }
    problems += [f"{n}.npy has {arrays[n].shape} entries, expected {e}" for n, e in expected.items()
                 if arrays[n].ndim != 1 or len(arrays[n]) != e]  # fmt: skip
    if not isinstance(vocab, list) or len(vocab) != n_terms or not all(isinstance(t, str) for t in vocab):
        problems.append(f"{VOCAB_FILE} is not a list of {n_terms} strings")
    if not problems:
        indptr = arrays["indptr"]
        if indptr[0] != 0 or indptr[-1] != nnz or np.any(np.diff(indptr) < 0):
            problems.append("indptr.npy is not a valid offset table")
        elif nnz:
            # A sample, not every id: reading all of docs.npy would cost load time and resident memory.
            # The kernel skips out-of-range ids itself, so damage further in gives wrong hits, not a crash.
            sample = arrays["docs"][np.linspace(0, nnz - 1, min(nnz, 4096)).astype(np.int64)]
            if sample.min() < 0 or sample.max() >= n_docs:
                problems.append("docs.npy holds doc ids outside the corpus")
        if not problems and n_terms > 1:
            sample = np.linspace(0, n_terms - 2, min(n_terms - 1, 1024)).astype(np.int64).tolist()
            if any(vocab[i] >= vocab[i + 1] for i in sample):
                problems.append(f"{VOCAB_FILE} is not sorted")
    if problems:
        raise CorruptEngine(f"the search engine in {directory} is inconsistent: " + "; ".join(problems))


def _warm_rows(csr_rows: Callable) -> None:
    """Load the compiled row gather for the stored arrays (read-only maps) and for arrays made in memory,
    then let readings.gather_rows use it."""
    ptr, at = np.array([0, 1], np.int64), np.zeros(1, np.int64)
    mapped = ptr.copy()
    mapped.setflags(write=False)
    csr_rows(ptr, at)
    csr_rows(mapped, at)
    use_rows_kernel(csr_rows)
