"""The answer layer's compiled kernels change nothing: the same look-ups and answers as its numpy code."""

from __future__ import annotations

from datetime import date

import numpy as np

from bot.answer import answer
from bot.answer.compiled import ready, use_compiled
from bot.answer.lookups import Lookups
from bot.search import SearchIndex

QUESTIONS = [
    "How many base stations were built?",
    "How much money was invested with Chinese financing?",
    "How many students trained at Huawei Technologies?",
    "Where will RENRUI open a call center?",
    "When was the agreement signed?",
]


def _both_ways(run: object) -> tuple:
    """run() with the kernels, then with numpy alone."""
    assert ready(timeout=300)
    got = []
    for compiled in (True, False):
        use_compiled(compiled)
        try:
            got.append(run())  # type: ignore[operator]
        finally:
            use_compiled(True)
    return tuple(got)


def test_leads_and_previous_sentences_are_looked_up_alike(sample_index: SearchIndex) -> None:
    terms = ["base", "station", "huawei", "uzbekistan", "nosuchword"]

    def look() -> list:
        lk = Lookups(sample_index, list(range(sample_index.n_sentences)))
        return [lk.leads(terms).tolist(), lk.before(terms).tolist()]

    with_kernels, with_numpy = _both_ways(look)
    assert with_kernels == with_numpy
    assert np.array(with_kernels[0]).any()


def test_answers_are_the_same(sample_index: SearchIndex) -> None:
    def answers() -> list[str]:
        return [answer(q, sample_index, today=date(2025, 6, 1)).model_dump_json() for q in QUESTIONS]

    with_kernels, with_numpy = _both_ways(answers)
    assert with_kernels == with_numpy
