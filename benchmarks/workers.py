"""One engine, one job, in a process of its own, so memory and start-up figures are clean.

    python -m benchmarks.workers build ENGINE DATA_DIR INDEX_DIR
    python -m benchmarks.workers serve ENGINE DATA_DIR INDEX_DIR --parity N
    python -m benchmarks.workers answer - DATA_DIR FACTBOT_INDEX_DIR     (factbot's full answer, in-process)
    python -m benchmarks.workers bm25s-text - JSONL_FILE INDEX_DIR       (bm25s tokenize + index on text)
    python -m benchmarks.workers gather - DATA_DIR FACTBOT_INDEX_DIR     (candidates: recomputed vs gathered)

The last line printed is one JSON object with the figures. Engines: see ENGINES.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

ENGINES = ("factbot", "rank_bm25", "bm25s-numpy", "bm25s-numba", "tantivy")
K = 10


def _peak_rss_mib() -> float:
    """This process's peak resident memory so far (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib() -> float:
    """This process's resident memory now."""
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _dir_bytes(path: Path) -> int:
    """Bytes in all files under path."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _docs(data: Path) -> list[list[str]]:
    """The benchmark corpus as token lists."""
    from benchmarks.synthetic import Corpus

    return Corpus.load(data / "corpus").docs()


def _doc_stream(data: Path) -> Iterator[list[str]]:
    """The benchmark corpus as token lists, streamed from its memory-mapped arrays."""
    from benchmarks.synthetic import Corpus

    for chunk in Corpus.load(data / "corpus").chunks():
        yield from chunk


def build(engine: str, data: Path, index: Path) -> dict:
    """Build and save one engine's index; time, peak memory and size on disk.

    factbot and tantivy take documents one at a time, so they are streamed from the corpus arrays;
    bm25s takes the whole corpus as lists, which are made first (their memory is `corpus_rss_mib`).
    """
    streamed = engine in ("factbot", "tantivy")
    docs = _doc_stream(data) if streamed else _docs(data)
    rss_before = _rss_mib()
    start = time.perf_counter()
    if engine == "factbot":
        from bot.search import EngineBuilder

        builder = EngineBuilder(workdir=index / "segments")
        builder.add_many(docs)
        builder.write(index)
        (index / "segments").rmdir()
    elif engine.startswith("bm25s"):
        import bm25s

        retriever = bm25s.BM25(backend=engine.split("-")[1])
        retriever.index(docs, show_progress=False)
        retriever.save(index)
    elif engine == "tantivy":
        _tantivy_build(docs, index)
    else:
        raise SystemExit(f"{engine} has no separate build")
    seconds = time.perf_counter() - start
    return {"build_s": seconds, "peak_rss_mib": _peak_rss_mib(), "corpus_rss_mib": rss_before,
            "index_bytes": _dir_bytes(index)}  # fmt: skip


def _tantivy_build(docs: Iterable[list[str]], index: Path) -> None:
    """A tantivy index of the tokens, joined by spaces and split on whitespace again."""
    import tantivy

    index.mkdir(parents=True, exist_ok=True)
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="freq")
    writer = tantivy.Index(builder.build(), path=str(index)).writer(heap_size=512_000_000, num_threads=2)
    for tokens in docs:
        writer.add_document(tantivy.Document(body=" ".join(tokens)))
    writer.commit()
    writer.wait_merging_threads()


def _searcher(engine: str, data: Path, index: Path) -> tuple[Callable, Callable | None, Callable | None]:
    """Functions answering one query (tokens) with [(doc, score)], a batch if any, a warm-up wait if any."""
    if engine == "factbot":
        from bot.search import Engine

        fb = Engine.load(index)
        return (lambda q: fb.search(q, K)), (lambda qs: fb.search_many(qs, K, workers=2)), fb.ready
    if engine.startswith("bm25s"):
        import bm25s

        retriever = bm25s.BM25.load(index, mmap=True)
        retriever.backend = engine.split("-")[1]

        def one(q: list[str]) -> list:
            res = retriever.retrieve([q], k=K, show_progress=False, n_threads=1)
            return list(zip(res.documents[0].tolist(), res.scores[0].tolist(), strict=True))

        return one, (lambda qs: retriever.retrieve(qs, k=K, show_progress=False, n_threads=2)), None
    if engine == "tantivy":
        return _tantivy_searcher(index), None, None
    from rank_bm25 import BM25Okapi

    bm25 = BM25Okapi(_docs(data))

    def rank(q: list[str]) -> list:
        scores = bm25.get_scores(q)
        # A full sort, as rank_bm25's get_top_n does; ties (to 1e-9) go to the lower doc id.
        top = np.lexsort((np.arange(len(scores)), -np.round(scores, 9)))[:K]
        return [(d, float(scores[d])) for d in top.tolist() if scores[d] > 0]

    return rank, None, None


def _tantivy_searcher(index: Path) -> Callable:
    """tantivy: a disjunction of term queries, top 10 by its BM25, hit counting off."""
    import tantivy

    idx = tantivy.Index.open(str(index))
    schema, searcher = idx.schema, idx.searcher()

    def one(q: list[str]) -> list:
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)) for t in q]
        )
        return [(a.doc, s) for s, a in searcher.search(query, K, count=False).hits]

    return one


def serve(engine: str, data: Path, index: Path, parity: int) -> dict:
    """Load, answer every query once, timing each; the first `parity` results are returned for checking."""
    queries = json.loads((data / "queries.json").read_text())
    if engine == "rank_bm25":
        queries = queries[:parity]
    start = time.perf_counter()
    one, batch, ready = _searcher(engine, data, index)
    load_s = time.perf_counter() - start
    first = one(queries[0])
    first_at = time.time()
    out = {"load_s": load_s, "first_result_at": first_at, "first_hits": len(first), "queries": len(queries)}
    if ready is not None:
        # factbot's first answers come from numpy while its compiled kernel loads in a background
        # thread; the latencies below are timed once the kernel is in use.
        ready()
        out["kernel_ready_at"] = time.time()
    wall, cpu, results = [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        hits = one(q)
        cpu.append(time.thread_time() - c0)
        wall.append(time.perf_counter() - t0)
        if len(results) < parity:
            results.append([[int(d), float(s)] for d, s in hits])
    out |= _percentiles("latency_ms", np.array(wall) * 1e3) | _percentiles("cpu_ms", np.array(cpu) * 1e3)
    if batch is not None:
        batch(queries[:20])  # warm up: a batch path may compile or spawn threads on first use
        t0 = time.perf_counter()
        batch(queries)
        out["batch_qps"] = len(queries) / (time.perf_counter() - t0)
    out["serving_rss_mib"] = _rss_mib()
    out["results"] = results
    if engine == "factbot":
        out |= _factbot_work(index, queries)
    return out


def _percentiles(name: str, values: np.ndarray) -> dict:
    """p50 and p99 of values, named."""
    return {f"{name}_p50": float(np.median(values)), f"{name}_p99": float(np.percentile(values, 99))}


def _factbot_work(index: Path, queries: list[list[str]]) -> dict:
    """Postings per query: all of them (what an exhaustive engine reads) and what factbot summed."""
    from bot.search import Engine

    engine = Engine.load(index)
    full, summed = [], []
    for q in queries:
        full.append(sum(engine.df(t) for t in set(q)))
        before = engine.work()["postings"]
        engine.search(q, K)
        summed.append(engine.work()["postings"] - before)
    return _percentiles("postings", np.array(full)) | _percentiles("postings_summed", np.array(summed))


def answer(data: Path, index: Path) -> dict:
    """factbot's full answer (retrieval, figure extraction, the Answer model) per question, in-process:
    with the meaning stage as shipped, and in turn by words alone (FACTBOT_MEANING=false)."""
    from bot.answer import MEANING, use_meaning
    from bot.answer import answer as answer_question
    from bot.search import SearchIndex

    questions = (data / "questions.txt").read_text(encoding="utf-8").splitlines()
    start = time.perf_counter()
    idx = SearchIndex.open(index)
    load_s = time.perf_counter() - start
    wall: dict[bool, list[float]] = {True: [], False: []}
    found = 0
    for q in questions:
        for on in (True, False):
            use_meaning(on)
            t0 = time.perf_counter()
            reply = answer_question(q, idx)
            reply.model_dump_json()
            wall[on].append(time.perf_counter() - t0)
            if on:
                found += reply.found
    use_meaning(True)
    out = {"load_s": load_s, "questions": len(questions), "found": found, "serving_rss_mib": _rss_mib()}
    out |= {"meaning": MEANING.on} | _percentiles("answer_ms_words", np.array(wall[False]) * 1e3)
    return out | _percentiles("answer_ms", np.array(wall[True]) * 1e3)


DEPTHS = (40, 100, 400)


def gather(data: Path, index: Path) -> dict:
    """Per question and candidate depth: what the answer layer does now for its candidates (fetch the
    texts, tokenize, extract figures) against gathering the precomputed tokens, figures and articles."""
    from bot.ingest import extract_figures, tokenize
    from bot.search import SearchIndex

    questions = (data / "questions.txt").read_text(encoding="utf-8").splitlines()
    idx = SearchIndex.open(index)
    idx.engine.ready()
    times: dict[str, list[float]] = {}
    for q in questions:
        hits = [doc for doc, _ in idx.engine.search(tokenize(q), max(DEPTHS))]
        for depth in DEPTHS:
            ids = hits[:depth]
            steps = {
                "fetch": lambda ids=ids: idx.sentences(ids),
                "recompute": lambda ids=ids: [
                    (tokenize(t), extract_figures(t)) for t, _ in idx.sentences(ids).values()
                ],
                "gather": lambda ids=ids: (idx.tokens(ids), idx.figures(ids), idx.article_ids(ids)),
            }
            for name, step in steps.items():
                t0 = time.perf_counter()
                step()
                times.setdefault(f"{name}_{depth}", []).append(time.perf_counter() - t0)
    out = {"questions": len(questions), "serving_rss_mib": _rss_mib()}
    for name, values in times.items():
        out |= _percentiles(f"{name}_ms", np.array(values) * 1e3)
    return out


def bm25s_text(jsonl: Path, index: Path) -> dict:
    """bm25s on the same text: read, split sentences, tokenize (stop words, Snowball stems), index, save."""
    import bm25s
    import Stemmer

    start = time.perf_counter()
    sentences = []
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            sentences += json.loads(line)["text"].split(". ")
    tokens = bm25s.tokenize(
        sentences, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False
    )
    retriever = bm25s.BM25(backend="numba")
    retriever.index(tokens, show_progress=False)
    retriever.save(index)
    return {
        "seconds": time.perf_counter() - start,
        "sentences": len(sentences),
        "peak_rss_mib": _peak_rss_mib(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run one job and print its figures as the last line of JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", choices=["build", "serve", "answer", "bm25s-text", "gather"])
    parser.add_argument("engine", choices=[*ENGINES, "-"])
    parser.add_argument("data", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--parity", type=int, default=0, help="return the first N results for checking")
    args = parser.parse_args(argv)
    if args.job == "build":
        result = build(args.engine, args.data, args.index)
    elif args.job == "serve":
        result = serve(args.engine, args.data, args.index, args.parity)
    elif args.job == "answer":
        result = answer(args.data, args.index)
    elif args.job == "gather":
        result = gather(args.data, args.index)
    else:
        result = bm25s_text(args.data, args.index)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
