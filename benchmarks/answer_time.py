"""Time per full answer on a real archive: answer() over NewsQA's questions on an index of its stories.

Run: `.venv/bin/python -m benchmarks.answer_time ../shared/data/newsqa` (median and p90 in ms, after
warm-up; the figures in docs/evaluation.md, issue #9, come from it). Each question is answered twice in
turn, with the meaning stage (its cache of sentence vectors emptied first, so nothing is reused) and
without it (`FACTBOT_MEANING=false`), and both are printed with their ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bot.answer import MEANING, answer, kernels_ready, load_encoder, use_meaning
from bot.models import Article
from bot.search import SearchIndex, build_from_articles


def _records(path: Path) -> list[dict]:
    """The JSON objects of a JSONL file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    """Build the index, answer the questions one at a time, print the median and p90 per answer."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, help="the folder of newsqa_dev.jsonl and its stories")
    parser.add_argument("--questions", type=int, default=300)
    args = parser.parse_args(argv)
    stories = _records(args.folder / "newsqa_dev_stories.jsonl")
    questions = [q["question"] for q in _records(args.folder / "newsqa_dev.jsonl")][: args.questions]
    with tempfile.TemporaryDirectory() as tmp:
        articles = [Article(doc_id=s["id"], title=s["title"], text=s["text"]) for s in stories]
        build_from_articles(articles, Path(tmp))
        index = SearchIndex.open(Path(tmp))
        index.engine.ready(timeout=60)
        kernels_ready(timeout=60)
        for question in questions[:20]:
            answer(question, index)
        times: dict[bool, list[float]] = {True: [], False: []}
        encoder = load_encoder()
        for question in questions:
            for on in (True, False):
                use_meaning(on)
                if encoder is not None:
                    encoder.clear()
                started = time.perf_counter()
                answer(question, index)
                times[on].append((time.perf_counter() - started) * 1000)
        use_meaning(True)
    for on, label in ((True, "with the meaning stage"), (False, "words only")):
        t = sorted(times[on])
        p90 = t[int(0.9 * len(t))]
        print(f"{len(t)} answers {label}: median {statistics.median(t):.2f} ms, p90 {p90:.2f} ms")
    ratio = statistics.median(times[True]) / statistics.median(times[False])
    missing = "" if MEANING.on else " (the model is not installed)"
    print(f"median ratio, with / without: {ratio:.1f}{missing}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
