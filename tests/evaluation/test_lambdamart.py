"""The LambdaMART comparison's training rows: the reranker's fit groups, as LightGBM's ranking input."""

from __future__ import annotations

import numpy as np

from bot.answer import FEATURES, WEIGHTS
from bot.evaluation.fitting import Group, group_weight
from bot.evaluation.lambdamart import training_rows


def test_fit_groups_become_ranking_rows_that_start_from_the_linear_score() -> None:
    rng = np.random.default_rng(0)
    width = len(FEATURES)
    mixed = Group(rng.normal(size=(3, width)), np.array([0, 1, 0]))
    all_right = Group(rng.normal(size=(2, width)), np.array([1, 1]))
    own = Group(rng.normal(size=(2, width)), np.array([1, 0]))
    groups = {
        "fit: squad fit half, open": [mixed, all_right],
        "fit: wikiqa train, own": [own],
        "check: newsqa check half, open": [mixed],
    }
    x, y, sizes, weights, linear = training_rows(groups)
    assert sizes == [3, 2]  # the all-right group teaches nothing; check groups are never fitted
    assert np.array_equal(x, np.vstack([mixed.x, own.x])) and y.tolist() == [0, 1, 0, 1, 0]
    assert weights.tolist() == [1.0] * 3 + [group_weight("fit: wikiqa train, own")] * 2
    assert np.allclose(linear, x @ WEIGHTS)
