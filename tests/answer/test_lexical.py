"""The question's terms in candidate sentences, from token ids: held terms, pairs, windows, positions."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from bot.answer.lexical import distinct_tokens, first_positions, held, pairs_held, terms_of, windows
from bot.answer.lookups import matches
from bot.answer.pool import Pool
from bot.ingest import tokenize
from bot.search import ReadingBatch

SENTENCES = [
    "Telnor built base stations, and more base stations followed.",
    "Stations of the base were built by Telnor.",
    "Nothing about it.",
    "Base stations base stations base.",
]
QUESTION = ["telnor", "base", "station", "built", "unknownword"]


def _naive(tokens: list[str]) -> tuple:
    wanted = set(QUESTION) & set(tokens)
    pairs = len(set(pairwise(QUESTION)) & set(pairwise(tokens)))
    spans = [
        j - i + 1
        for i in range(len(tokens))
        for j in range(i, len(tokens))
        if wanted and wanted <= set(tokens[i : j + 1])
    ]
    first = next((i for i, t in enumerate(tokens) if t in QUESTION), -1)
    proximity = len(wanted) / min(spans) if len(wanted) >= 2 else 0.0
    return sorted(wanted), pairs, proximity, first, len(set(tokens))


def _features(pool: Pool) -> list[tuple]:
    terms = terms_of(pool, QUESTION, [], list(pairwise(QUESTION)))
    has, at, column = held(pool, terms)
    matched = has.sum(axis=1)
    rows = zip(
        has.tolist(), pairs_held(pool, terms), windows(pool, at, column, matched),
        first_positions(pool, at), distinct_tokens(pool), strict=True,
    )  # fmt: skip
    return [
        (sorted(t for t, h in zip(QUESTION, row, strict=True) if h), p, w, f, d) for row, p, w, f, d in rows
    ]


def test_features_from_token_ids_equal_the_ones_from_token_lists() -> None:
    expected = [_naive(tokenize(s)) for s in SENTENCES]
    assert _features(Pool.from_texts(SENTENCES)) == expected


def test_large_stored_ids_do_not_overflow_in_pair_keys() -> None:
    tokens = [tokenize(s) for s in SENTENCES]
    vocab = sorted({t for row in tokens for t in row})
    big = {t: 3_000_000 + i * 100_000 for i, t in enumerate(vocab)}  # as an int32 array stores them
    ptr = np.concatenate([[0], np.cumsum([len(t) for t in tokens])])
    flat = np.array([big[t] for row in tokens for t in row], np.int32)
    readings = ReadingBatch.from_sentences(SENTENCES, [[] for _ in SENTENCES])
    pool = Pool((ptr, flat), np.zeros(0, np.int64), readings, big.get, vocab)
    assert _features(pool) == [_naive(t) for t in tokens]


def test_matches_are_the_nonzero_of_the_comparison() -> None:
    rng = np.random.default_rng(4)
    for _ in range(50):
        values = rng.integers(0, 30, rng.integers(0, 200))
        ids = np.concatenate([rng.permutation(30)[: rng.integers(0, 8)], [-1, -1][: rng.integers(0, 3)]])
        expected = np.nonzero(values[:, None] == ids[None, :])
        got = matches(values, ids)
        assert [a.tolist() for a in got] == [a.tolist() for a in expected]
