"""factbot end to end: `factbot index` over a JSONL archive, `factbot ask --json` on questions from stdin."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.synthetic import write_articles


def measure(cmd: list[str], stdin: Path | None, stdout: Path, cwd: Path) -> dict:
    """Run cmd; wall time and the peak resident memory of its whole process tree (sampled)."""
    import psutil

    start = time.perf_counter()
    with (stdin or Path("/dev/null")).open("rb") as fin, stdout.open("wb") as fout:
        proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=subprocess.PIPE, cwd=cwd)
        peak = 0
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "peak_rss_mib": peak / 2**20, "returncode": proc.returncode}
    if proc.returncode:
        out["error"] = (err.strip().splitlines() or ["?"])[-1][:300]
    return out


def run_e2e(n: int, n_questions: int, seed: int, work: Path, root: Path) -> dict:
    """Index an n-sentence archive with the factbot CLI and ask it n_questions; bm25s on the same text."""
    from benchmarks.engines import run_worker

    factbot = Path(sys.executable).parent / "factbot"
    if not factbot.exists():
        note = f"skipped: no factbot console script at {factbot} (pip install -e . first)"
        print(note, file=sys.stderr)
        return {"skipped": note}
    corpus, index = work / "corpus", work / "index"
    questions = write_articles(corpus / "archive.jsonl", n, seed)[:n_questions]
    (work / "questions.txt").write_text("\n".join(questions) + "\n", encoding="utf-8")
    result: dict = {"sentences": n, "questions": len(questions)}
    common = ["--corpus", str(corpus), "--index", str(index)]
    result["index"] = measure([str(factbot), "index", *common], None, work / "index.out", root)
    answers = work / "answers.jsonl"
    result["ask"] = measure([str(factbot), "ask", "--json", *common], work / "questions.txt", answers, root)
    lines = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines() if line.strip()]
    result["ask"] |= {"answers": len(lines), "found": sum(bool(a.get("found")) for a in lines)}
    result["answer_in_process"] = run_worker(["answer", "-", str(work), str(index)])
    jsonl = str(corpus / "archive.jsonl")
    result["bm25s_text"] = run_worker(["bm25s-text", "-", jsonl, str(work / "bm25s-index")])
    return result
