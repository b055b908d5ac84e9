"""The BM25 engine: parity with rank_bm25, persistence, corrupt files, edge cases."""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.search import Bm25Params, CorruptEngine, Engine, EngineBuilder, UnknownDocument

WORDS = [f"w{i}" for i in range(400)]
ZIPF = [1 / (i + 1) for i in range(len(WORDS))]


def _corpus(n: int = 400, seed: int = 7) -> list[list[str]]:
    """Zipf-distributed sentences, a few empty, some exact duplicates (equal scores, tie-breaking)."""
    rng = random.Random(seed)
    docs = [rng.choices(WORDS, ZIPF, k=rng.randint(0, 30)) for _ in range(n)]
    docs[10] = docs[20] = docs[30]
    return docs


def _queries(seed: int = 3, n: int = 150) -> list[list[str]]:
    """Queries of 1–6 terms, some with repeats and words the corpus never saw."""
    rng = random.Random(seed)
    queries = []
    for i in range(n):
        q = rng.choices(WORDS, ZIPF, k=rng.randint(1, 6))
        if i % 4 == 0:
            q.append(q[0])
        if i % 5 == 0:
            q.append("unseen-word")
        queries.append(q)
    return queries


def _build(docs: list[list[str]], params: Bm25Params = Bm25Params()) -> Engine:  # noqa: B008
    """An engine over docs."""
    builder = EngineBuilder(params)
    builder.add_many(docs)
    return builder.build()


def _expected_top(scores: np.ndarray, k: int) -> list[int]:
    """rank_bm25's top k: score descending, ties to the lower doc id, positive scores only.

    Scores equal up to float rounding (sums taken in another order) count as ties.
    """
    order = sorted(range(len(scores)), key=lambda i: (-round(scores[i], 9), i))
    return [i for i in order[:k] if scores[i] > 0]


@pytest.fixture(scope="module")
def docs() -> list[list[str]]:
    """The parity corpus."""
    return _corpus()


@pytest.fixture(scope="module")
def engine(docs: list[list[str]]) -> Engine:
    """An engine over the parity corpus, its compiled kernel loaded."""
    built = _build(docs)
    assert built.ready(timeout=120)
    return built


def test_the_floor_applies_to_a_term_in_more_than_half_the_docs(docs, engine) -> None:
    reference = BM25Okapi(docs)
    assert engine.df("w0") > len(docs) / 2
    assert engine.idf("w0") == pytest.approx(reference.idf["w0"], abs=1e-12)
    assert engine.idf("w0") == pytest.approx(0.25 * reference.average_idf, abs=1e-12)


@pytest.mark.parametrize("params", [Bm25Params(), Bm25Params(k1=1.2, b=0.5, epsilon=0.1)])
def test_scores_equal_rank_bm25_for_every_doc(docs, params) -> None:
    engine = _build(docs, params)
    reference = BM25Okapi(docs, k1=params.k1, b=params.b, epsilon=params.epsilon)
    for query in _queries():
        expected = reference.get_scores(query)
        assert np.abs(engine.scores(query, range(len(docs))) - expected).max() < 1e-6


@pytest.mark.parametrize("block_size", [1 << 16, 7, 64])
@pytest.mark.parametrize("k", [10, 3])
def test_top_k_order_and_scores_equal_rank_bm25(docs, engine, block_size, k) -> None:
    """Many small blocks exercise the pruning (seeded threshold, non-essential terms, probes)."""
    reference = BM25Okapi(docs)
    engine.block_size = block_size
    try:
        for query in _queries():
            expected = reference.get_scores(query)
            got = engine.search(query, k=k)
            assert [d for d, _ in got] == _expected_top(expected, k), query
            assert all(abs(s - expected[d]) < 1e-6 for d, s in got)
    finally:
        engine.block_size = 1 << 16


@contextmanager
def _numpy_path(engine: Engine) -> Iterator[Engine]:
    """The engine with its compiled kernels switched off for the block."""
    engine.compiled = False
    try:
        yield engine
    finally:
        engine.compiled = True


def test_numpy_path_gives_the_same_results_as_the_kernel(engine) -> None:
    for query in _queries():
        expected = engine.search(query, k=10)
        with _numpy_path(engine):
            assert engine.search(query, k=10) == expected


def test_scores_of_given_docs_are_the_same_floats_with_and_without_the_kernel(docs, engine) -> None:
    rng = random.Random(5)
    for query in _queries():
        ids = [rng.randrange(len(docs)) for _ in range(rng.randrange(0, 40))]
        compiled = engine.scores(query, ids)
        with _numpy_path(engine):
            assert compiled.tolist() == engine.scores(query, ids).tolist(), query


def test_holds_many_is_holds_for_each_token_with_and_without_the_kernel(docs, engine) -> None:
    rng = random.Random(6)
    for query in _queries():
        ids = [rng.randrange(len(docs)) for _ in range(rng.randrange(1, 40))]
        expected = [engine.holds(t, ids).tolist() for t in query]
        assert engine.holds_many(query, ids).tolist() == expected, query
        with _numpy_path(engine):
            assert engine.holds_many(query, ids).tolist() == expected, query


def test_a_new_engine_answers_at_once_while_the_kernel_loads(docs) -> None:
    fresh = _build(docs)
    first = fresh.search(["w3", "w7"])
    assert fresh.ready(timeout=120)
    assert fresh.search(["w3", "w7"]) == first


def test_duplicate_docs_tie_to_the_lower_id(docs, engine) -> None:
    query = docs[30][:3]
    ids = [d for d, _ in engine.search(query, k=len(docs))]
    assert ids.index(10) < ids.index(20) < ids.index(30)


def test_repeated_query_term_counts_twice(engine) -> None:
    once = dict(engine.search(["w50"], k=5))
    twice = dict(engine.search(["w50", "w50"], k=5))
    assert once.keys() == twice.keys()
    assert all(twice[d] == pytest.approx(2 * once[d]) for d in once)


def test_unknown_terms_and_empty_queries_give_nothing(engine) -> None:
    assert engine.search([], k=10) == []
    assert engine.search(["unseen-word"], k=10) == []
    assert engine.search(["w5"], k=0) == []
    assert engine.df("unseen-word") == 0
    assert engine.idf("unseen-word") is None


def test_k_larger_than_the_corpus_returns_every_matching_doc(docs, engine) -> None:
    expected = BM25Okapi(docs).get_scores(["w3", "w7"])
    got = engine.search(["w3", "w7"], k=10 * len(docs))
    assert [d for d, _ in got] == _expected_top(expected, len(docs))


def test_empty_corpus_builds_saves_and_answers_nothing(tmp_path: Path) -> None:
    engine = EngineBuilder().build()
    assert engine.n_docs == 0
    engine.save(tmp_path / "e")
    loaded = Engine.load(tmp_path / "e")
    assert loaded.search(["anything"]) == []
    assert loaded.scores(["anything"], []).shape == (0,)


def test_numbering_in_small_batches_changes_nothing(docs, engine, monkeypatch) -> None:
    monkeypatch.setattr("bot.search.engine_builder._FLUSH_TOKENS", 7)
    builder = EngineBuilder()
    builder.add_many(docs[:200])
    for tokens in docs[200:]:
        builder.add(tokens)
    batched = builder.build()
    assert batched.vocab == engine.vocab
    for query in _queries(n=40):
        assert batched.search(query) == engine.search(query)


@pytest.mark.parametrize("segment, chunk", [(1, 1), (37, 5), (500, 64)])
def test_many_segments_give_the_same_arrays_as_one(tmp_path: Path, docs, segment, chunk, monkeypatch) -> None:
    """Tiny segments and merge chunks (one term's list split across both) change no byte of the engine."""
    one = EngineBuilder()
    one.add_many(docs)
    one.write(tmp_path / "one", tokens_to=tmp_path / "one-tokens")
    monkeypatch.setattr("bot.search.engine_builder._FLUSH_TOKENS", 3)
    monkeypatch.setattr("bot.search.engine_builder.SEGMENT_TOKENS", segment)
    monkeypatch.setattr("bot.search.segments.MERGE_CHUNK", chunk)
    many = EngineBuilder(workdir=tmp_path / "segments")
    many.add_many(docs)
    info = many.write(tmp_path / "many", tokens_to=tmp_path / "many-tokens")
    assert not list((tmp_path / "segments").iterdir()), "segment files were left behind"
    for name in [*info["files"], "token_indptr.npy", "token_ids.npy"]:
        folder = "tokens" if name.startswith("token") else ""
        a, b = (tmp_path / f"{kind}{'-' if folder else ''}{folder}" / name for kind in ("one", "many"))
        assert a.read_bytes() == b.read_bytes(), name
    reference, engine = BM25Okapi(docs), Engine.load(tmp_path / "many")
    for query in _queries(n=30):
        assert np.abs(engine.scores(query, range(len(docs))) - reference.get_scores(query)).max() < 1e-6


def test_token_ids_spell_each_document(tmp_path: Path, docs) -> None:
    builder = EngineBuilder()
    builder.add_many(docs)
    builder.write(tmp_path / "e", tokens_to=tmp_path / "t")
    vocab = Engine.load(tmp_path / "e").vocab
    indptr, ids = np.load(tmp_path / "t" / "token_indptr.npy"), np.load(tmp_path / "t" / "token_ids.npy")
    assert [[vocab[t] for t in ids[indptr[i] : indptr[i + 1]]] for i in range(len(docs))] == docs


def test_add_returns_consecutive_doc_ids() -> None:
    builder = EngineBuilder()
    assert [builder.add(["a", "b"]), builder.add([]), builder.add(["a"])] == [0, 1, 2]


def test_a_builder_dropped_before_write_removes_its_scratch_folder() -> None:
    builder = EngineBuilder()
    builder.add_many([["seven", "towers"], ["twelve", "towers"]])
    folder = builder._dir
    assert folder.is_dir()
    del builder
    gc.collect()
    assert not folder.exists()


def test_a_written_builder_removes_its_scratch_folder(tmp_path: Path) -> None:
    builder = EngineBuilder()
    builder.add_many([["seven", "towers"], ["twelve", "bridges"], ["nine", "roads"]])
    folder = builder._dir
    builder.write(tmp_path / "engine")
    assert not folder.exists()
    assert [doc for doc, _ in Engine.load(tmp_path / "engine").search(["towers"], 1)] == [0]


def test_scores_of_an_unknown_doc_is_an_error(engine, docs) -> None:
    with pytest.raises(UnknownDocument):
        engine.scores(["w1"], [len(docs)])


def test_save_load_round_trip_is_memory_mapped_and_identical(tmp_path: Path, engine) -> None:
    info = engine.save(tmp_path / "engine")
    assert info["n_docs"] == engine.n_docs and info["n_postings"] == engine.n_postings
    assert all((tmp_path / "engine" / f).is_file() for f in info["files"])
    loaded = Engine.load(tmp_path / "engine")
    assert loaded.ready(timeout=120)
    assert isinstance(loaded._a["weights"].base, np.memmap)
    assert loaded.params == engine.params and loaded.n_terms == engine.n_terms
    for query in _queries(n=40):
        assert loaded.search(query) == engine.search(query)
        assert loaded.df(query[0]) == engine.df(query[0]) and loaded.idf(query[0]) == engine.idf(query[0])


def test_search_many_equals_search(engine) -> None:
    queries = _queries(n=60)
    assert engine.search_many(queries, k=5, workers=2) == [engine.search(q, 5) for q in queries]


@pytest.fixture
def saved(tmp_path: Path, engine) -> Path:
    """A saved copy of the parity engine that a test may damage."""
    engine.save(tmp_path / "engine")
    return tmp_path / "engine"


def test_truncated_array_is_corrupt(saved: Path) -> None:
    path = saved / "weights.npy"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(CorruptEngine, match="weights"):
        Engine.load(saved)


def test_missing_file_is_corrupt(saved: Path) -> None:
    (saved / "docs.npy").unlink()
    with pytest.raises(CorruptEngine, match="docs"):
        Engine.load(saved)


@pytest.mark.parametrize("name", ["vocab.json", "params.json"])
def test_bad_json_is_corrupt(saved: Path, name: str) -> None:
    (saved / name).write_text("{not json", encoding="utf-8")
    with pytest.raises(CorruptEngine):
        Engine.load(saved)


def test_vocab_of_the_wrong_length_is_corrupt(saved: Path) -> None:
    vocab = json.loads((saved / "vocab.json").read_text(encoding="utf-8"))
    (saved / "vocab.json").write_text(json.dumps(vocab[:-1]), encoding="utf-8")
    with pytest.raises(CorruptEngine, match="vocab"):
        Engine.load(saved)


def test_out_of_range_doc_id_is_corrupt(saved: Path) -> None:
    docs = np.load(saved / "docs.npy")
    docs[-1] = 10**6
    np.save(saved / "docs.npy", docs, allow_pickle=False)
    with pytest.raises(CorruptEngine, match="outside"):
        Engine.load(saved)


def test_array_of_another_dtype_is_corrupt(saved: Path) -> None:
    np.save(saved / "idf.npy", np.load(saved / "idf.npy").astype(np.float32), allow_pickle=False)
    with pytest.raises(CorruptEngine, match="idf"):
        Engine.load(saved)


def test_unsorted_vocab_is_corrupt(saved: Path) -> None:
    vocab = json.loads((saved / "vocab.json").read_text(encoding="utf-8"))
    (saved / "vocab.json").write_text(json.dumps(vocab[::-1]), encoding="utf-8")
    with pytest.raises(CorruptEngine, match="sorted"):
        Engine.load(saved)


def test_other_format_version_is_corrupt(saved: Path) -> None:
    info = json.loads((saved / "params.json").read_text(encoding="utf-8"))
    (saved / "params.json").write_text(json.dumps(info | {"format_version": 99}), encoding="utf-8")
    with pytest.raises(CorruptEngine, match="format"):
        Engine.load(saved)


def test_an_engine_only_probed_for_terms_loads_its_kernels_too(tmp_path: Path, engine, docs) -> None:
    engine.save(tmp_path / "headlines")
    probed = Engine.load(tmp_path / "headlines")  # like the headlines' engine: never searched
    before = probed.holds_many(["w1", "w2"], range(len(docs)))
    probed._warming.join(120)
    assert probed._doc_holds is not None
    assert probed.holds_many(["w1", "w2"], range(len(docs))).tolist() == before.tolist()
