"""Fitting the reranker's weights (bot.answer.ranking.WEIGHTS) on training questions: pairwise logistic loss.

Run, with the files' full paths:
`python -m bot.evaluation.fitting trecqa_train.jsonl wikiqa_train.jsonl \
    --dev trecqa_dev.jsonl wikiqa_dev.jsonl`
It prints the weights to paste into ranking.py (`_FITTED`) and MAP/MRR on every file given.
Only the train files are fitted; the dev files are only scored.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer import FEATURES, analyse, features
from bot.evaluation.datasets import TRECQA, EvalSet, load_dataset
from bot.evaluation.metrics import RankingScores, ranked_labels, ranking_scores
from bot.ingest import tokenize
from bot.search import EngineBuilder


@dataclass(frozen=True)
class Group:
    """One question's candidates as a feature matrix with labels."""

    x: np.ndarray
    y: np.ndarray
    in_clean: bool


def feature_groups(data: EvalSet) -> list[Group]:
    """Features of each answerable question's own candidates, scored as `factbot eval` scores them."""
    unique = list(dict.fromkeys(c.sentence for q in data.questions for c in q.candidates))
    ids = {s: i for i, s in enumerate(unique)}
    builder = EngineBuilder()
    builder.add_many(tokenize(s) for s in unique)
    engine = builder.build()
    groups = []
    for q in data.questions:
        if q.n_pos == 0:
            continue
        texts = [c.sentence for c in q.candidates]
        bm25 = engine.scores(tokenize(q.question), [ids[s] for s in texts]).tolist()
        x = features(analyse(q.question), texts, bm25, engine.idf)
        groups.append(Group(x, np.array([c.label for c in q.candidates]), q.in_clean))
    return groups


def fit_pairwise(
    sets: Sequence[list[Group]], l2: float = 1e-3, steps: int = 800, rate: float = 0.5
) -> np.ndarray:
    """Weights minimising the logistic loss of (positive - negative) pairs; each question weighs the same."""
    diffs, pair_weights = [], []
    for groups in sets:
        for g in groups:
            pos, neg = g.x[g.y > 0], g.x[g.y <= 0]
            if len(pos) and len(neg):
                d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, g.x.shape[1])
                diffs.append(d)
                pair_weights.append(np.full(len(d), 1.0 / len(d)))
    d = np.vstack(diffs)
    pw = np.concatenate(pair_weights)
    pw /= pw.sum()
    w = np.zeros(d.shape[1])
    w[0] = 1.0  # start from plain BM25
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(np.clip(d @ w, -30, 30)))
        w -= rate * (l2 * w - (d * (pw * p)[:, None]).sum(axis=0))
    return w


def score(groups: list[Group], weights: np.ndarray, clean_only: bool) -> RankingScores:
    """MAP/MRR/P@1 of the weighted features on the groups (only clean ones if asked)."""
    kept = [g for g in groups if g.in_clean or not clean_only]
    return ranking_scores([ranked_labels((g.x @ weights).tolist(), g.y.tolist()) for g in kept])


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the train files, report on every file, print the weights."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", nargs="+", type=Path)
    parser.add_argument("--dev", nargs="*", type=Path, default=[])
    parser.add_argument("--repeat-trecqa", type=int, default=8, help="weigh TrecQA train questions N times")
    parser.add_argument("--l2", type=float, default=1e-3)
    args = parser.parse_args(argv)
    loaded = {p: load_dataset(p) for p in [*args.train, *args.dev]}
    groups = {p: feature_groups(d) for p, d in loaded.items()}
    fitted = [
        groups[p] for p in args.train for _ in range(args.repeat_trecqa if loaded[p].kind == TRECQA else 1)
    ]
    weights = fit_pairwise(fitted, l2=args.l2)
    for p, data in loaded.items():
        s = score(groups[p], weights, clean_only=data.kind == TRECQA)
        print(f"{p.name}: n={s.n} MAP={s.map:.4f} MRR={s.mrr:.4f} P@1={s.p1:.4f}")
    print("_FITTED = {")
    for name, value in zip(FEATURES, weights, strict=True):
        print(f'    "{name}": {value:.3f},')
    print("}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
