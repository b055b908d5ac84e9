"""Tests for fitting the meaning stage: the weight it finds and the P@1 it reports."""

from __future__ import annotations

import numpy as np

from bot.evaluation.fit_meaning import Top, fit, p_at_1


def tops(n: int, rng: np.random.Generator) -> list[Top]:
    """Questions whose right sentence is second by score but closest in meaning."""
    out = []
    for i in range(n):
        scores = np.array([2.0, 1.9, 1.0]) + rng.normal(0, 0.01, 3)
        out.append(Top(f"q{i}", ["a", "b", "c"], scores, np.array([0, 1, 0])))
    return out


def test_a_cosine_that_marks_the_right_sentence_gets_a_weight_that_puts_it_first() -> None:
    rng = np.random.default_rng(0)
    groups = {"fit: toy, open": tops(30, rng), "check: toy, open": tops(10, rng)}
    cos = {id(t): np.array([0.2, 0.8, 0.1]) for g in groups.values() for t in g}
    weight = fit(groups, cos, depth=3)
    assert weight > 0
    assert p_at_1(groups["check: toy, open"], cos, 3, 0.0) == 0.0
    assert p_at_1(groups["check: toy, open"], cos, 3, weight) == 1.0


def test_a_question_whose_best_few_hold_no_right_sentence_counts_as_a_miss() -> None:
    top = Top("q", ["a", "b"], np.array([2.0, 1.0]), np.array([0, 0]))
    assert p_at_1([top], {id(top): np.array([0.1, 0.9])}, 2, 5.0) == 0.0
