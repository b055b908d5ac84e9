"""The article index: whole-article and headline BM25 (rank_bm25's scores), sentence ranges, round trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from bot.models import Article
from bot.search import ArticleIndex, ArticleIndexBuilder, EngineBuilder, SearchIndex, build_from_articles

ARTICLES = [
    (["nokia", "profit"], [["share", "rose"], ["firm", "net", "profit", "rose"]]),
    (["kenya", "mobil"], [["subscrib", "ad"], ["oper", "kenya"], ["regul", "said"]]),
    (["metro", "line"], [["sao", "paulo", "metro"]]),
    (["grain", "deliveri"], [["ministri", "deliv", "grain"], ["district", "rural"]]),
    (["bank", "rate"], [["bank", "rais", "rate"]]),
    (["rail", "station"], [["station", "open"]]),
]


def _built() -> ArticleIndex:
    builder = ArticleIndexBuilder()
    for title, sentences in ARTICLES:
        builder.add(title, sentences)
    return builder.build()


def test_article_scores_are_rank_bm25s_over_headline_and_body() -> None:
    index = _built()
    docs = [title + [t for s in sentences for t in s] for title, sentences in ARTICLES]
    reference = BM25Okapi(docs)
    query = ["profit", "kenya", "rose"]
    assert np.allclose(index.body.scores(query, range(len(docs))), reference.get_scores(query), atol=1e-9)
    titles = BM25Okapi([title for title, _ in ARTICLES])
    assert np.allclose(index.titles.scores(["metro"], range(len(docs))), titles.get_scores(["metro"]))


def test_sentences_know_their_article() -> None:
    index = _built()
    assert index.article_of([0, 1, 2, 4, 5, 9]).tolist() == [0, 0, 1, 1, 2, 5]
    assert list(index.sentence_range(1)) == [2, 3, 4]


def test_round_trip(tmp_path: Path) -> None:
    _built().save(tmp_path / "articles")
    loaded = ArticleIndex.load(tmp_path / "articles")
    assert loaded.n_articles == len(ARTICLES)
    assert loaded.body.search(["grain"], k=1)[0][0] == 3


def test_engine_holds_tells_which_docs_contain_a_token() -> None:
    builder = EngineBuilder()
    builder.add_many([["a", "b"], ["b"], ["c"], ["b", "c"]])
    engine = builder.build()
    assert engine.holds("b", [3, 0, 2, 1]).tolist() == [True, True, False, True]
    assert engine.holds("zzz", [0, 1]).tolist() == [False, False]


def test_a_built_index_opens_with_its_article_index(tmp_path: Path) -> None:
    articles = [Article(doc_id=f"a{i}", title=f"Headline {i}", text=f"Sentence {i} one. Another {i} two.")
                for i in range(3)]  # fmt: skip
    build_from_articles(articles, tmp_path / "index")
    index = SearchIndex.open(tmp_path / "index")
    assert index.article_index.n_articles == 3
    assert int(index.article_index.first[-1]) == index.n_sentences
