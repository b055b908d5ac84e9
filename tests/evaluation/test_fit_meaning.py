"""Tests for fitting the meaning stage: the weights it finds and the P@1 it reports."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from bot.evaluation.fit_meaning import Top, fit, p_at_1, write_weights


def tops(n: int, rng: np.random.Generator) -> list[Top]:
    """Questions whose right sentence is second by score but closest in meaning."""
    out = []
    for i in range(n):
        scores = np.array([2.0, 1.9, 1.0]) + rng.normal(0, 0.01, 3)
        out.append(Top(f"q{i}", ["a", "b", "c"], scores, np.array([0, 1, 0])))
    return out


def test_closeness_that_marks_the_right_sentence_gets_weights_that_put_it_first() -> None:
    rng = np.random.default_rng(0)
    groups = {"fit: toy, open": tops(30, rng), "check: toy, open": tops(10, rng)}
    # columns: cosine, token match; both mark the second sentence
    close = {id(t): np.array([[0.2, 0.5], [0.8, 0.9], [0.1, 0.4]]) for g in groups.values() for t in g}
    weights = fit(groups, close, depth=3)
    assert weights[0] > 0 and weights[1] > 0
    assert p_at_1(groups["check: toy, open"], close, 3, (0.0, 0.0)) == 0.0
    assert p_at_1(groups["check: toy, open"], close, 3, weights) == 1.0


def test_a_question_whose_best_few_hold_no_right_sentence_counts_as_a_miss() -> None:
    top = Top("q", ["a", "b"], np.array([2.0, 1.0]), np.array([0, 0]))
    assert p_at_1([top], {id(top): np.array([[0.1, 0.2], [0.9, 0.9]])}, 2, (5.0, 5.0)) == 0.0


def test_rewriting_the_weights_keeps_the_rescue_that_fit_rescue_wrote(tmp_path: Path) -> None:
    path = tmp_path / "semantic_weights.json"
    path.write_text(json.dumps({"depth": 5, "weight": 1.0, "rescue": 0.69, "match_rescue": 0.66}))
    write_weights(10, (4.8, 3.2), path)
    doc = json.loads(path.read_text())
    assert (doc["depth"], doc["weight"], doc["match_weight"]) == (10, 4.8, 3.2)
    assert (doc["rescue"], doc["match_rescue"]) == (0.69, 0.66)
