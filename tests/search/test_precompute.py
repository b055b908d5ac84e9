"""Precomputed tokens, figures and article arrays: equal to what the tokenizer and extractor give."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.ingest import extract_figures, tokenize
from bot.models import Article
from bot.search import CorruptIndex, ReadingBatch, SearchIndex, build_from_articles, build_index, open_index
from bot.search.layout import CURRENT, MANIFEST
from tests.distractors import write_jsonl

# Sentences the generated corpus lacks: written numbers, ranges, None fields, non-ASCII text.
ODD = [
    "Nearly a dozen ministers and between 5 and 10 million people came; « 27 000 » visitors, ÉTÉ 2024.",
    "No figure here at all, only words.",
    "Exports rose from 5% to 7% over three years, to CNY 3 billion (about US$410 million).",
]


def _current(index_dir: Path) -> Path:
    return index_dir / (index_dir / CURRENT).read_text().strip()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """An index of 300 generated articles plus a few odd sentences, over two JSONL files."""
    base = tmp_path_factory.mktemp("generated")
    corpus = base / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "news.jsonl", 300)
    odd = {"id": "odd", "title": "Odd", "text": " ".join(ODD), "date": "not a date"}
    (corpus / "odd.jsonl").write_text(json.dumps(odd) + "\n", encoding="utf-8")
    build_index(corpus, base / "index")
    return SearchIndex.open(base / "index")


@pytest.mark.parametrize("which", ["sample_index", "generated"])
def test_tokens_and_figures_equal_the_tokenizer_and_the_extractor(which: str, request) -> None:
    index: SearchIndex = request.getfixturevalue(which)
    ids = list(range(index.n_sentences))
    texts = [text for _, text in index.store.range_texts(0, index.n_sentences)]
    assert index.tokens(ids) == [tokenize(t) for t in texts]
    assert index.figures(ids) == [extract_figures(t) for t in texts]
    assert sum(map(len, index.figures(ids))) > 0
    vocab = index.engine.vocab
    assert [[vocab[i] for i in row] for row in index.token_ids(ids)] == index.tokens(ids)


def _batch_fields(batch: ReadingBatch) -> dict[str, list]:
    return {name: getattr(batch, name).tolist() for name in batch.__dataclass_fields__}


@pytest.mark.parametrize("which", ["sample_index", "generated", "archive_index"])
def test_readings_equal_what_the_sentences_read_from_text_give(which: str, request) -> None:
    index: SearchIndex = request.getfixturevalue(which)
    ids = list(range(index.n_sentences))
    texts = [text for _, text in index.store.range_texts(0, index.n_sentences)]
    stored = index.readings(ids)
    assert _batch_fields(stored) == _batch_fields(ReadingBatch.from_sentences(texts, index.figures(ids)))
    assert len(stored.stems) > 0 and stored.asks().dtype == np.bool_
    picked = [5, 2, 5, index.n_sentences - 1]
    again = ReadingBatch.from_sentences([texts[i] for i in picked], index.figures(picked))
    assert _batch_fields(index.readings(picked)) == _batch_fields(again)


def test_a_figure_with_a_bracketed_conversion_round_trips(tmp_path: Path) -> None:
    text = "The deal is worth $2.4bn (£1.3bn), the company said. It employs 5,000 people."
    build_from_articles([Article(doc_id="deal", title="A deal", text=text)], tmp_path / "index")
    index = SearchIndex.open(tmp_path / "index")
    rows = index.sentences(range(index.n_sentences))
    expected = [extract_figures(rows[i][0]) for i in range(index.n_sentences)]
    assert any(f.conversion is not None for figures in expected for f in figures)
    assert index.figures(range(index.n_sentences)) == expected


def test_gathers_follow_the_order_asked_with_repeats(generated: SearchIndex) -> None:
    ids = [7, 3, 7, generated.n_sentences - 1, 0]
    texts = generated.sentences(ids)
    assert generated.figures(ids) == [extract_figures(texts[i][0]) for i in ids]
    assert generated.tokens(ids) == [tokenize(texts[i][0]) for i in ids]
    assert generated.tokens([]) == [] and generated.figures([]) == []


def test_article_arrays_agree_with_the_store(generated: SearchIndex) -> None:
    ids = np.arange(generated.n_sentences)
    rows = generated.sentences(ids.tolist())
    assert generated.article_ids(ids).tolist() == [rows[i][1] for i in ids.tolist()]
    articles = generated.articles()
    first, count = generated.article_spans(range(len(articles)))
    assert count.tolist() == [n for _, n in articles]
    assert first.tolist() == np.concatenate([[0], np.cumsum(count)[:-1]]).tolist()
    dates = generated.article_dates(range(len(articles)))
    assert str(dates[0]) == "2024-05-01" and np.isnat(dates[-1])  # the odd article's date is not ISO


def test_an_index_of_the_old_format_is_rebuilt_with_a_message(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(sample_corpus, index_dir)
    folder = _current(index_dir)
    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps(manifest | {"format_version": 1}))
    with pytest.raises(CorruptIndex, match="older format"):
        SearchIndex.open(index_dir)
    notices: list[str] = []
    index = open_index(sample_corpus, index_dir, notify=notices.append)
    assert index.generation != folder.name and index.tokens([0])
    assert any("older format" in n and "rebuilding" in n for n in notices), notices


def test_a_changed_figure_extractor_forces_a_rebuild(sample_corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(sample_corpus, index_dir)
    folder = _current(index_dir)
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["figures"]["fingerprint"] = "an-older-extractor"
    (folder / MANIFEST).write_text(json.dumps(manifest))
    notices: list[str] = []
    index = open_index(sample_corpus, index_dir, notify=notices.append)
    assert index.generation != folder.name
    assert any("figure extractor" in n for n in notices), notices


@pytest.mark.parametrize("name", ["figures.npy", "word_stems.npy", "copula_indptr.npy"])
def test_truncated_precomputed_arrays_are_corrupt(sample_corpus: Path, tmp_path: Path, name: str) -> None:
    index_dir = tmp_path / "index"
    build_index(sample_corpus, index_dir)
    path = _current(index_dir) / "precomputed" / name
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(CorruptIndex, match="damaged"):
        SearchIndex.open(index_dir)


def test_compiled_row_gather_equals_numpy() -> None:
    from bot.search.kernel import csr_rows
    from bot.search.readings import gather_rows, use_rows_kernel

    rng = np.random.default_rng(5)
    try:
        for _ in range(200):
            counts = rng.integers(0, 6, rng.integers(1, 30))
            ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
            ptr.setflags(write=False)  # as the stored, memory-mapped offsets are
            data = [rng.integers(0, 99, int(ptr[-1])), rng.random(int(ptr[-1]))]
            at = rng.integers(0, len(counts), rng.integers(0, 40)).astype(np.int64)
            use_rows_kernel(None)
            expected = [a.tolist() for a in gather_rows(ptr, data, at)]
            use_rows_kernel(csr_rows)
            assert [a.tolist() for a in gather_rows(ptr, data, at)] == expected
            with pytest.raises(IndexError):  # out of range: numpy's own error, as without the kernel
                gather_rows(ptr, data, np.array([len(counts) + 1], np.int64))
    finally:
        use_rows_kernel(None)


def test_sentences_read_with_known_sources_are_the_same(generated: SearchIndex) -> None:
    ids = [0, 5, 17, 40, generated.n_sentences - 1]
    first = generated.store.sentences_with_sources(ids)  # reads the sources and keeps them
    articles = generated.article_ids(ids).tolist()
    again = generated.store.sentences_with_sources(ids, articles)  # texts alone, sources kept
    assert again == first and list(again) == list(first)
    assert generated.sentences_with_sources(ids) == first
    assert generated.store.sentences_with_sources(ids, [a + 1 for a in articles]) == first  # a wrong hint
    assert generated.sentences_with_sources([generated.n_sentences]) == {}
