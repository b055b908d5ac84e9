"""The archive-scale benchmark (issue 4): factbot's engine against rank_bm25, bm25s and tantivy.

    .venv/bin/python -m benchmarks.engines                      # N = 10k, 100k, 1M, then end to end at 1M
    .venv/bin/python -m benchmarks.engines --tiers 1M           # one tier alone (and end to end at it)
    .venv/bin/python -m benchmarks.engines --tiers 10M          # factbot, bm25s-numba, tantivy at 10M
    .venv/bin/python -m benchmarks.engines --sizes 2000 --queries 100 --no-e2e     # a quick look

One seeded synthetic corpus and query set per N (benchmarks/synthetic.py), identical tokens for every
engine; each engine builds in one subprocess and serves in another, so memory figures are clean. It
prints one table and writes it as JSON to benchmarks/results/. Latencies are per single query, top 10;
"cpu" columns are the thread's CPU time, which a loaded machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from benchmarks.e2e import run_e2e
from benchmarks.processes import ROOT, run_worker
from benchmarks.report import render
from benchmarks.synthetic import make_corpus, make_queries
from benchmarks.workers import ENGINES

RESULTS = ROOT / "benchmarks" / "results"
# Named tiers: sentences, and the engines run there (rank_bm25 and bm25s-numpy take minutes a query at 10M).
TIERS: dict[str, tuple[int, tuple[str, ...]]] = {
    "10k": (10_000, ENGINES),
    "100k": (100_000, ENGINES),
    "1M": (1_000_000, ENGINES),
    "10M": (10_000_000, ("factbot", "bm25s-numba", "tantivy")),
}


def memory_bandwidth_gbs() -> float:
    """One core's read bandwidth: summing a 256 MiB float32 array, best of five."""
    data = np.ones(1 << 26, np.float32)
    data.sum()
    best = min(_timed(data.sum) for _ in range(5))
    return data.nbytes / best / 1e9


def _timed(fn) -> float:
    """Seconds one call of fn takes."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def parity(factbot: list, reference: list) -> dict:
    """How many top-10 lists equal rank_bm25's (ties within 1e-9 ordered by doc id), worst score gap."""
    same, worst = 0, 0.0
    for ours, theirs in zip(factbot, reference, strict=False):
        same += [d for d, _ in ours] == [d for d, _ in theirs]
        worst = max([worst, *(abs(a[1] - b[1]) for a, b in zip(ours, theirs, strict=False))])
    return {
        "queries": min(len(factbot), len(reference)),
        "identical_top10": same,
        "max_abs_score_diff": worst,
    }


def bench_size(n: int, args: argparse.Namespace, work: Path, engines: list[str]) -> dict:
    """Build and serve every engine on one corpus of n sentences."""
    data = work / f"n{n}"
    corpus = make_corpus(n, seed=args.seed)
    corpus.save(data / "corpus")
    queries = make_queries(corpus, args.queries, seed=args.seed + 1)
    (data / "queries.json").write_text(json.dumps(queries))
    n_parity = args.parity or (1000 if n <= 10_000 else 100 if n <= 100_000 else 50)
    n_parity = min(n_parity, args.queries)
    row: dict = {"n": n, "postings": int(corpus.terms.shape[0]), "vocab": len(corpus.vocab), "engines": {}}
    limit = args.mem_limit_gib * 1024
    for engine in engines:
        index = data / f"index-{engine}"
        build = ["build", engine, str(data), str(index)]
        figures = {} if engine == "rank_bm25" else run_worker(build, mem_limit_mib=limit)
        if "error" not in figures:
            serve = ["serve", engine, str(data), str(index), "--parity", str(n_parity)]
            figures |= run_worker(serve, mem_limit_mib=limit)
        row["engines"][engine] = figures
        print(f"  N={n:,} {engine}: {_brief(figures)}", file=sys.stderr, flush=True)
    ours, ref = (row["engines"].get(e, {}).get("results") for e in ("factbot", "rank_bm25"))
    if ours and ref:
        row["parity"] = parity(ours, ref)
    for figures in row["engines"].values():
        figures.pop("results", None)
    return row


def _brief(figures: dict) -> str:
    """One line of progress."""
    if "error" in figures:
        return "ERROR " + figures["error"]
    p50, p99 = figures.get("latency_ms_p50", float("nan")), figures.get("latency_ms_p99", float("nan"))
    return f"p50 {p50:.3f} ms, p99 {p99:.3f} ms"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", default="10k,100k,1M", help=f"comma-separated, of {','.join(TIERS)}")
    parser.add_argument("--sizes", help="comma-separated sentence counts instead of tiers (every engine)")
    parser.add_argument("--mem-limit-gib", type=float, default=12.0, help="stop a job past this RSS")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--engines", default="", help=f"only these of {','.join(ENGINES)}")
    parser.add_argument("--parity", type=int, default=0, help="rank_bm25 queries (default 1000/100/50 by N)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--e2e-size", type=int, default=0, help="sentences for the CLI run (default: largest)"
    )
    parser.add_argument("--no-e2e", action="store_true", help="skip factbot index / ask end to end")
    parser.add_argument("--workdir", type=Path, help="where corpora and indexes go (default: a temp dir)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON results")
    parser.add_argument("--render", type=Path, help="only print the table of a saved results JSON")
    args = parser.parse_args(argv)
    if args.render:
        print(render(json.loads(args.render.read_text(encoding="utf-8"))))
        return 0
    only = [e for e in args.engines.split(",") if e]
    if args.sizes:
        plan = [(int(n), list(ENGINES)) for n in args.sizes.split(",")]
    else:
        plan = [(TIERS[t][0], list(TIERS[t][1])) for t in args.tiers.split(",")]
    plan = [(n, [e for e in engines if not only or e in only]) for n, engines in plan]
    sizes = [n for n, _ in plan]
    with tempfile.TemporaryDirectory(prefix="factbot-bench-") as tmp:
        work = args.workdir or Path(tmp)
        result = {
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": _machine(),
            "bandwidth_gbs": memory_bandwidth_gbs(),
            "sizes": [],
        }
        result["command"] = " ".join(["python -m benchmarks.engines", *(argv or sys.argv[1:])])
        for n, engines in plan:
            result["sizes"].append(bench_size(n, args, work, engines))
        if not args.no_e2e:
            e2e_n = args.e2e_size or max(sizes)
            result["e2e"] = run_e2e(e2e_n, args.queries, args.seed, work / "e2e", ROOT, args.mem_limit_gib)
    text = render(result)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = result["started"].replace(":", "").replace("-", "")
    for name in (f"engines-{stamp}.json", "latest.json"):
        (args.out / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.out / "latest.txt").write_text(text + "\n", encoding="utf-8")
    return 0


def _machine() -> dict:
    """What the figures were taken on."""
    import os

    load = os.getloadavg()
    cpu = platform.processor() or platform.machine()
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "loadavg_at_start": load}


if __name__ == "__main__":
    raise SystemExit(main())
