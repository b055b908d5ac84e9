"""The question's terms in candidate sentences, from token ids: held terms, pairs, windows, positions."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from bot.answer.compiled import ready, use_compiled
from bot.answer.lexical import (
    Terms,
    distinct_tokens,
    first_positions,
    held,
    holding,
    holds,
    pairs_held,
    placed,
    terms_of,
    windows,
)
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


def _random_pool(rng: np.random.Generator) -> tuple[Pool, Terms]:
    """Sentences of random token ids (a few empty), and question terms with unknown ones and pairs."""
    lengths = rng.integers(0, 30, rng.integers(1, 40))
    ptr = np.concatenate([[0], np.cumsum(lengths)])
    flat = rng.integers(0, 25, int(ptr[-1]))
    readings = ReadingBatch.from_sentences([""] * len(lengths), [[] for _ in lengths])
    pool = Pool((ptr, flat), np.zeros(0, np.int64), readings, lambda t: None, [])
    ids = np.concatenate([rng.permutation(25)[: rng.integers(0, 9)], [-1, -1][: rng.integers(0, 3)]])
    ids = rng.permutation(ids).astype(np.int64)
    pairs = rng.choice(np.concatenate([ids, [-1, 3]]), (rng.integers(0, 6), 2)).astype(np.int64)
    return pool, Terms(ids, int(rng.integers(0, len(ids) + 1)), pairs)


def _placed(pool: Pool, terms: Terms, compiled: bool) -> list[list]:
    use_compiled(compiled)
    try:
        where = placed(pool, terms)
        has, at, column = holding(pool, terms.ids)
    finally:
        use_compiled(True)
    return [a.tolist() for a in (where.has, where.first, where.proximity, where.pairs, where.distinct, has,
                                 at, column)]  # fmt: skip


def test_compiled_kernels_give_the_numpy_arrays() -> None:
    assert ready(timeout=300)
    rng = np.random.default_rng(12)
    for _ in range(300):
        pool, terms = _random_pool(rng)
        assert _placed(pool, terms, compiled=True) == _placed(pool, terms, compiled=False)


def test_placed_equals_the_naive_features_both_ways() -> None:
    assert ready(timeout=300)
    pool = Pool.from_texts(SENTENCES)
    terms = terms_of(pool, QUESTION, [], list(pairwise(QUESTION)))
    expected = [_naive(tokenize(s))[1:] for s in SENTENCES]
    for compiled in (True, False):
        got = _placed(pool, terms, compiled)
        assert list(zip(got[3], got[2], got[1], got[4], strict=True)) == expected


def test_holds_reuses_the_placed_columns_and_equals_holding() -> None:
    rng = np.random.default_rng(8)
    for _ in range(100):
        pool, terms = _random_pool(rng)
        placed(pool, terms)
        some = [*terms.ids[: rng.integers(0, len(terms.ids) + 1)].tolist(), *rng.integers(-1, 25, 4).tolist()]
        ids = np.array([t for i, t in enumerate(some) if t < 0 or t not in some[:i]], np.int64)  # distinct
        assert holds(pool, ids).tolist() == holding(pool, ids)[0].tolist()
