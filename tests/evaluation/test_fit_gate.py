"""Fitting the gate: the logistic fit, the knots, the threshold's objective and the saved file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.answer import GATE_FEATURES, GateModel, load_gate
from bot.evaluation.fit_gate import choose_threshold, fit_logistic, fit_model, rates, set_weights, write_gate
from bot.evaluation.gate_data import Asked
from bot.evaluation.splits import fold_of


def _asked(own: bool, right: bool = False) -> Asked:
    """A pair with one candidate that keeps the floors."""
    return Asked("a", np.zeros((1, len(GATE_FEATURES))), np.array([True]), np.array([right]), own)


def test_the_logistic_fit_separates_what_is_separable() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(float)
    weights, bias = fit_logistic(x * 3 + 1, y, np.ones(len(y)), l2=1e-3)
    assert weights[0] > 0 > weights[1] and abs(weights[0] / weights[1] + 2) < 0.5
    assert np.mean(((x * 3 + 1) @ weights + bias > 0) == (y > 0)) > 0.97


def test_the_fitted_gate_round_trips_through_its_json(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, len(GATE_FEATURES)))
    y = (np.abs(x[:, 0]) > 1).astype(float)  # only a bend in the first feature tells the classes apart
    model = fit_model(x, y, set_weights(np.zeros(len(y))), l2=1e-3, threshold=0.3)
    assert np.mean((model.probability(x) > 0.5) == (y > 0)) > 0.85
    write_gate(model, 1e-3, tmp_path / "gate.json")
    loaded = load_gate(tmp_path / "gate.json")
    assert loaded.threshold == 0.3
    assert np.allclose(loaded.probability(x), model.probability(x), atol=1e-4)


def test_the_threshold_keeps_every_set_within_the_not_found_cap() -> None:
    pairs = [_asked(True, True) for _ in range(20)] + [_asked(False) for _ in range(20)]
    own = np.linspace(0.2, 1.0, 20)  # the answerable questions' probabilities
    control = np.linspace(0.0, 0.6, 20)
    data = {"a": pairs, "b": pairs}
    probs = {"a": np.r_[own, control], "b": np.r_[own, control]}
    t, refused = choose_threshold(data, probs)
    assert rates(pairs, probs["a"], t)[0] <= 0.05
    assert t > 0.2 and refused == rates(pairs, probs["a"], t)[1]


def test_set_weights_and_folds() -> None:
    w = set_weights(np.array([0, 0, 0, 1]))
    assert np.allclose(w, [1 / 3, 1 / 3, 1 / 3, 1.0])
    assert {fold_of(f"story-{i}", 5) for i in range(100)} == set(range(5))
    assert fold_of("story-1", 5) == fold_of("story-1", 5)


def test_the_saved_gate_writes_no_negative_zero(tmp_path: Path) -> None:
    n = len(GATE_FEATURES)
    knots = np.full((n, 1), np.inf)
    knots[0, 0] = 1.0
    hinge = np.zeros((n, 1))
    hinge[0, 0] = -1e-9  # rounds to -0.0 unless the writer folds the sign away
    model = GateModel(np.full(n, -1e-9), knots, hinge, -1e-9, 0.5)
    write_gate(model, 1e-3, tmp_path / "gate.json")
    assert "-0.0" not in (tmp_path / "gate.json").read_text(encoding="utf-8")


def test_the_gated_candidate_is_the_best_within_the_thresholds_else_within_the_floors() -> None:
    x, gold = np.zeros((3, len(GATE_FEATURES))), np.zeros(3, bool)
    ok = np.array([True, True, False])
    assert Asked("a", x, ok, gold, True, np.array([False, True, False])).top == 1
    assert Asked("a", x, ok, gold, True, np.zeros(3, bool)).top == 0
    assert Asked("a", x, np.zeros(3, bool), gold, True, np.zeros(3, bool)).top is None
