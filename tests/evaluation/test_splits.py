"""Fit/check halves by article (bot/evaluation/splits.py)."""

from __future__ import annotations

from bot.evaluation.splits import half_of


def test_halves_are_stable_and_roughly_even() -> None:
    keys = [f"story-{i}" for i in range(2_000)]
    halves = [half_of(k) for k in keys]
    assert halves == [half_of(k) for k in keys]
    assert set(halves) == {"fit", "check"}
    assert 900 < halves.count("fit") < 1_100
