"""The benchmark's printed table: engines side by side, parity, distance to the physical limit, targets."""

from __future__ import annotations

import itertools
import math

COLUMNS = [
    ("build s", "build_s", 1, 1),
    ("build MiB", "peak_rss_mib", 1, 0),
    ("index MiB", "index_bytes", 2**-20, 0),
    ("load ms", "load_s", 1e3, 1),
    ("cold s", "cold_start_s", 1, 2),
    ("serve MiB", "serving_rss_mib", 1, 0),
    ("p50 ms", "latency_ms_p50", 1, 3),
    ("p99 ms", "latency_ms_p99", 1, 3),
    ("cpu p50", "cpu_ms_p50", 1, 3),
    ("cpu p99", "cpu_ms_p99", 1, 3),
    ("batch q/s", "batch_qps", 1, 0),
]
# Issue 12's targets by the largest N of a run (1M's for smaller runs); build MiB is the engine build's peak.
TARGETS = {
    1_000_000: {"p50_ms": 0.1, "p99_ms": 2.0, "cold_s": 1.0, "serve_mib": 400.0, "answer_p50_ms": 1.0},
    10_000_000: {"p50_ms": 1.0, "p99_ms": 10.0, "cold_s": 1.0, "serve_mib": 2048.0, "build_mib": 4096.0,
                 "answer_p50_ms": 1.5},
}  # fmt: skip


def targets_for(n: int) -> dict[str, float]:
    """The targets that apply at n sentences."""
    return TARGETS[10_000_000] if n >= 10_000_000 else TARGETS[1_000_000]


def _cell(figures: dict, key: str, scale: float, digits: int) -> str:
    """One number, or '–' when the engine has none."""
    value = figures.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value * scale:,.{digits}f}"


def _ratio(peer: dict, ours: dict, key: str) -> str:
    """How many times slower the peer is than factbot on this latency."""
    if key not in peer or not ours.get(key):
        return "–"
    return f"{peer[key] / ours[key]:,.1f}×"


def size_table(row: dict) -> list[str]:
    """The engines at one N, with latency ratios to factbot."""
    head = ["engine", *(c[0] for c in COLUMNS), "p50 ×fb", "p99 ×fb"]
    lines = [f"N = {row['n']:,} sentences ({row['postings']:,} tokens, {row['vocab']:,} distinct)"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    ours = row["engines"].get("factbot", {})
    for engine, figures in row["engines"].items():
        if "error" in figures:
            lines.append(f"| {engine} | error: {figures['error']} |")
            continue
        cells = [_cell(figures, key, scale, digits) for _, key, scale, digits in COLUMNS]
        cells += [_ratio(figures, ours, "latency_ms_p50"), _ratio(figures, ours, "latency_ms_p99")]
        lines.append(f"| {engine} | " + " | ".join(cells) + " |")
    return lines


def limit_lines(row: dict, bandwidth_gbs: float) -> list[str]:
    """Parity with rank_bm25 and the distance to a memory-bandwidth-bound engine."""
    lines = []
    if "parity" in row:
        p = row["parity"]
        same = f"{p['identical_top10']}/{p['queries']}"
        gap = f"{p['max_abs_score_diff']:.1e}"
        lines.append(
            f"- parity with rank_bm25: identical top-10 on {same} queries, max |score difference| {gap}"
        )
    fb = row["engines"].get("factbot", {})
    if "postings_p50" in fb:
        bound = [fb[f"postings_{q}"] * 8 / (bandwidth_gbs * 1e9) * 1e3 for q in ("p50", "p99")]
        lists = f"p50 {fb['postings_p50']:,.0f} / p99 {fb['postings_p99']:,.0f}"
        summed = f"p50 {fb['postings_summed_p50']:,.0f} / p99 {fb['postings_summed_p99']:,.0f}"
        lines.append(f"- postings per query: {lists} in the query's lists; factbot summed {summed}")
        lines.append(
            f"- bandwidth-bound exhaustive engine (8 B/posting at {bandwidth_gbs:.1f} GB/s, one core): "
            f"p50 {bound[0]:.3f} ms / p99 {bound[1]:.3f} ms; factbot p50 {fb.get('latency_ms_p50', 0):.3f} / "
            f"p99 {fb.get('latency_ms_p99', 0):.3f} ms"
        )
    return lines


def target_lines(result: dict) -> list[str]:
    """Issue 4's targets at the largest N, with the figure measured in this run."""
    row = result["sizes"][-1]
    fb = row["engines"].get("factbot", {})
    if not fb or "error" in fb:
        return []
    lines = [f"Targets at N = {row['n']:,} (measured / target):"]
    targets = targets_for(row["n"])
    checks = [
        ("p50", fb.get("latency_ms_p50"), targets["p50_ms"], "ms"),
        ("p99", fb.get("latency_ms_p99"), targets["p99_ms"], "ms"),
        ("cold start", fb.get("cold_start_s"), targets["cold_s"], "s"),
        ("serving RSS", fb.get("serving_rss_mib"), targets["serve_mib"], "MiB"),
    ]
    if "build_mib" in targets:
        checks.append(("engine build peak", fb.get("peak_rss_mib"), targets["build_mib"], "MiB"))
    if fb.get("kernel_ready_s"):
        ready = f"{fb['kernel_ready_s']:.2f} s"
        lines.append(
            f"- (first answers come from numpy; the compiled kernel was in use {ready} after process start)"
        )
    for name, value, target, unit in checks:
        if value is not None:
            mark = "met" if value <= target else "MISSED"
            lines.append(f"- {name}: {value:.3f} {unit} / ≤ {target} {unit}: {mark}")
    for peer, times in (("bm25s-numba", 2), ("tantivy", 5), ("rank_bm25", 2000)):
        figures = row["engines"].get(peer, {})
        if "latency_ms_p50" in figures and fb.get("latency_ms_p50"):
            r50 = figures["latency_ms_p50"] / fb["latency_ms_p50"]
            r99 = figures["latency_ms_p99"] / fb["latency_ms_p99"]
            mark = "met" if min(r50, r99) >= times else "MISSED"
            lines.append(f"- vs {peer}: {r50:,.1f}× (p50), {r99:,.1f}× (p99) faster / ≥ {times}×: {mark}")
    return lines + scaling_lines(result)


def scaling_lines(result: dict) -> list[str]:
    """Growth of factbot's latency and memory from one N to the next (linear would be the size ratio)."""
    rows = [r for r in result["sizes"] if "latency_ms_p50" in r["engines"].get("factbot", {})]
    lines = []
    for small, big in itertools.pairwise(rows):
        a, b = small["engines"]["factbot"], big["engines"]["factbot"]
        growth = {
            key: b[key] / a[key]
            for key in ("latency_ms_p50", "latency_ms_p99", "index_bytes", "serving_rss_mib")
        }
        lines.append(
            f"- scaling {small['n']:,} → {big['n']:,} (×{big['n'] / small['n']:.0f}): "
            f"p50 ×{growth['latency_ms_p50']:.1f}, p99 ×{growth['latency_ms_p99']:.1f}, "
            f"index ×{growth['index_bytes']:.1f}, serving RSS ×{growth['serving_rss_mib']:.1f}"
        )
    return lines


def e2e_lines(e2e: dict) -> list[str]:
    """factbot's CLI end to end, and bm25s on the same text."""
    if "skipped" in e2e:
        return [f"End to end: {e2e['skipped']}"]
    lines = [f"End to end on {e2e['sentences']:,} sentences of JSONL articles, {e2e['questions']} questions:"]
    for name, key in (("factbot index", "index"), ("bm25s tokenize+index", "bm25s_text")):
        r = e2e.get(key, {})
        if "error" in r:
            peak = f" (peak {r['peak_rss_mib']:,.0f} MiB)" if "peak_rss_mib" in r else ""
            lines.append(f"- {name}: error: {r['error']}{peak}")
        elif r:
            cpu = r.get("cpu_s", r.get("process_cpu_s"))
            used = f" (CPU {cpu:.1f} s, all processes)" if cpu else ""
            lines.append(f"- {name}: {r['seconds']:.1f} s{used}, peak {r['peak_rss_mib']:,.0f} MiB")
    lines += _build_ratio(e2e.get("index", {}), e2e.get("bm25s_text", {}))
    if "index_bytes" in e2e:
        lines.append(f"- factbot index on disk: {e2e['index_bytes'] / 2**20:,.0f} MiB")
    ask = e2e.get("ask", {})
    if ask and "error" not in ask:
        got = f"{ask.get('answers', 0)} answers ({ask.get('found', 0)} found)"
        lines.append(
            f"- factbot ask --json (one process, questions on stdin): {ask['seconds']:.1f} s for {got}, "
            f"peak {ask['peak_rss_mib']:,.0f} MiB"
        )
    elif ask:
        lines.append(f"- factbot ask --json: error: {ask['error']}")
    inproc = e2e.get("answer_in_process", {})
    if "answer_ms_p50" in inproc:
        target = targets_for(e2e["sentences"])["answer_p50_ms"]
        times = (
            f"p50 {inproc['answer_ms_p50']:.2f} ms, p99 {inproc['answer_ms_p99']:.2f} ms "
            f"(target p50 ≤ {target} ms)"
        )
        rest = f"index load {inproc['load_s']:.2f} s; RSS {inproc['serving_rss_mib']:,.0f} MiB"
        stage = "with the meaning stage" if inproc.get("meaning") else "the meaning stage not installed"
        lines.append(f"- full answer in process, {stage}: {times}; {rest}")
        if "answer_ms_words_p50" in inproc:
            words = f"p50 {inproc['answer_ms_words_p50']:.2f} ms, p99 {inproc['answer_ms_words_p99']:.2f} ms"
            lines.append(f"- full answer in process, words only (FACTBOT_MEANING=false): {words}")
    elif inproc:
        lines.append(f"- full answer in process: error: {inproc.get('error')}")
    return lines + gather_lines(e2e.get("gather", {}))


def _build_ratio(ours: dict, theirs: dict) -> list[str]:
    """factbot index against bm25s tokenize+index, in wall and CPU time."""
    if "seconds" not in ours or "seconds" not in theirs or "error" in theirs:
        return []
    line = f"- factbot index is {theirs['seconds'] / ours['seconds']:.2f}× as fast as bm25s tokenize+index"
    line += " in this run (wall time"
    if ours.get("cpu_s") and theirs.get("process_cpu_s"):
        line += f"; {theirs['process_cpu_s'] / ours['cpu_s']:.2f}× in CPU time"
    return [line + ")"]


def gather_lines(g: dict) -> list[str]:
    """Per answer: the candidates' data recomputed (what bot/answer does now) or gathered precomputed."""
    if "error" in g:
        return [f"- candidate data per answer: error: {g['error']}"]
    if not g:
        return []
    lines = ["- candidate data per answer, p50 / p99 ms (fetch = texts from SQLite; recompute = fetch, "
             "tokenize, extract figures; gather = precomputed tokens, figures, article ids):"]  # fmt: skip
    for depth in (40, 100, 400):
        cells = [
            f"{name} {g[f'{name}_{depth}_ms_p50']:.3f} / {g[f'{name}_{depth}_ms_p99']:.3f}"
            for name in ("fetch", "recompute", "gather")
            if f"{name}_{depth}_ms_p50" in g
        ]
        speedup = g.get(f"recompute_{depth}_ms_p50", 0) / max(g.get(f"gather_{depth}_ms_p50", 0), 1e-9)
        lines.append(f"  - {depth} candidates: " + "; ".join(cells) + f"; gather {speedup:.1f}× faster")
    return lines


def render(result: dict) -> str:
    """The whole report as text (Markdown tables)."""
    m = result["machine"]
    load = m["loadavg_at_start"][0]
    head = (
        f"factbot engine benchmark, {result['started']}; {m['cpus']} CPUs, load average at start {load:.1f}"
    )
    lines = [f"{head}; one core reads {result['bandwidth_gbs']:.1f} GB/s"]
    if "command" in result:
        lines.append(f"command: {result['command']}")
    lines.append("")
    for row in result["sizes"]:
        lines += [*size_table(row), *limit_lines(row, result["bandwidth_gbs"]), ""]
    lines += target_lines(result)
    if "e2e" in result:
        lines += ["", *e2e_lines(result["e2e"])]
    return "\n".join(lines)
