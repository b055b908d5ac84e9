"""LambdaMART against the linear reranker, on the reranker's own fit and check groups (issue #9, item 4).

Run from the repository, with the folder of the shared data and LightGBM (`pip install -e '.[fit]'`):
`python -m bot.evaluation.lambdamart ../shared/data`
It fits LightGBM's lambdarank on the groups of `bot.evaluation.fitting` (TrecQA and WikiQA train, own
candidates and open retrieval; the SQuAD numeric and NewsQA fit halves in open retrieval), each candidate
starting from its linear score (init_score), so the trees learn a correction and the score keeps the scale
that the meaning stage, the figure bonus and the gate read. It prints P@1 on every group with the linear
weights alone and with the trees. It writes nothing: the comparison chose the linear model
(docs/evaluation.md, stop 24), and factbot does not need LightGBM.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bot.answer import WEIGHTS
from bot.evaluation.fitting import Group, all_groups, group_weight
from bot.evaluation.metrics import RankingScores, ranked_labels, ranking_scores

# The best mean P@1 over a random half of the fit groups (fitted on the other half), on a grid of leaves
# (4, 8, 16), learning rate (0.02, 0.05), leaf size (20, 50), rounds (25 to 400) and the linear score's
# scale (1, 3).
PARAMS = {
    "objective": "lambdarank",
    "num_leaves": 8,
    "learning_rate": 0.05,
    "min_data_in_leaf": 50,
    "lambdarank_truncation_level": 10,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "seed": 1,
    "num_threads": 2,
    "deterministic": True,
    "verbose": -1,
}
ROUNDS = 400


class LightGBMMissing(RuntimeError):
    """LightGBM is not installed; only this comparison needs it."""


def training_rows(
    groups: dict[str, list[Group]],
) -> tuple[np.ndarray, np.ndarray, list[int], np.ndarray, np.ndarray]:
    """The fit groups as LightGBM's ranking rows: features, labels, group sizes, weights, linear scores.
    A group whose candidates are all right or all wrong teaches nothing and is left out."""
    xs, ys, sizes, weights = [], [], [], []
    for name, gs in groups.items():
        if not name.startswith("fit:"):
            continue
        for g in gs:
            if 0 < int((g.y > 0).sum()) < len(g.y):
                xs.append(g.x)
                ys.append((g.y > 0).astype(int))
                sizes.append(len(g.y))
                weights.append(np.full(len(g.y), group_weight(name)))
    x = np.vstack(xs)
    return x, np.concatenate(ys), sizes, np.concatenate(weights), x @ WEIGHTS


def p_at_1(groups: list[Group], score: Callable[[np.ndarray], np.ndarray]) -> RankingScores:
    """Ranking scores of the groups, each ordered by `score` (a group's feature rows -> one score each)."""
    return ranking_scores([ranked_labels(score(g.x).tolist(), g.y.tolist()) for g in groups])


def main(argv: Sequence[str] | None = None) -> int:
    """Fit LambdaMART on the fit groups; print P@1 per group with the linear weights and with the trees."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path, help="the shared data folder (trecqa/, wikiqa/, ...)")
    args = parser.parse_args(argv)
    try:
        import lightgbm as lgb
    except ImportError as exc:
        raise LightGBMMissing("the comparison needs LightGBM: pip install -e '.[fit]'") from exc
    with tempfile.TemporaryDirectory(prefix="factbot-fit-") as tmp:
        groups = all_groups(args.data_dir, Path(tmp))
    x, y, sizes, weights, linear = training_rows(groups)
    data = lgb.Dataset(x, y, group=sizes, weight=weights, init_score=linear)
    booster = lgb.train(PARAMS, data, num_boost_round=ROUNDS)
    for name, gs in groups.items():
        alone = p_at_1(gs, lambda rows: rows @ WEIGHTS)
        boosted = p_at_1(gs, lambda rows: rows @ WEIGHTS + booster.predict(rows))
        print(f"{name}: n={alone.n} P@1 linear {alone.p1:.4f}, with the trees {boosted.p1:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
