"""factbot end to end: `factbot index` over a JSONL archive, `factbot ask --json` on questions from stdin."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.processes import measure, run_worker
from benchmarks.synthetic import write_articles


def run_e2e(n: int, n_questions: int, seed: int, work: Path, root: Path, mem_limit_gib: float = 12.0) -> dict:
    """Index an n-sentence archive with the factbot CLI and ask it n_questions; bm25s on the same text."""
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
    result["gather"] = run_worker(["gather", "-", str(work), str(index)])
    result["index_bytes"] = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    if n >= 10_000_000:  # about 20 minutes on this machine; the 1M tier compares the text builds
        result["bm25s_text"] = {"error": "not run at this size (see the 1M tier)"}
        return result
    jsonl = str(corpus / "archive.jsonl")
    bm25s = ["bm25s-text", "-", jsonl, str(work / "bm25s-index")]
    result["bm25s_text"] = run_worker(bm25s, mem_limit_mib=mem_limit_gib * 1024)
    return result
