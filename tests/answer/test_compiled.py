"""The answer layer's compiled kernels change nothing: the same look-ups and answers as its numpy code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np

from bot.answer import answer
from bot.answer.compiled import ready, use_compiled
from bot.answer.figure_features import cues_of, feature_matrix, options
from bot.answer.lookups import Lookups
from bot.answer.pool import Pool
from bot.answer.questions import analyse
from bot.search import SearchIndex
from tests.answer.test_figure_choice import CHOICES

QUESTIONS = [
    "How many base stations were built?",
    "How much money was invested with Chinese financing?",
    "How many students trained at Huawei Technologies?",
    "Where will RENRUI open a call center?",
    "When was the agreement signed?",
]


def _both_ways(run: Callable[..., object], *args: object) -> tuple:
    """run(*args) with the kernels, then with numpy alone."""
    assert ready(timeout=300)
    got = []
    for compiled in (True, False):
        use_compiled(compiled)
        try:
            got.append(run(*args))
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


def _rows(*args: object) -> list:
    return feature_matrix(*args).tolist()  # type: ignore[arg-type]


def test_figure_word_features_are_the_same(sample_index: SearchIndex) -> None:
    stored = sample_index.sentences(range(sample_index.n_sentences))
    texts = [stored[i][0] for i in sorted(stored)] + [sentence for sentence, _, _ in CHOICES]
    pools = [Pool.from_index(sample_index, sorted(stored)), Pool.from_texts(texts)]
    questions = [question for _, question, _ in CHOICES] + QUESTIONS + ["How many Huawei base stations?"]
    compared = 0
    for pool in pools:
        for question in questions:
            cues = cues_of(analyse(question))
            opts = options(cues, pool)
            with_kernels, with_numpy = _both_ways(_rows, cues, pool, opts)
            assert with_kernels == with_numpy, question
            compared += len(with_kernels)
    assert compared > 500
