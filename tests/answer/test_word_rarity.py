"""English word rarity (WordNet's SemCor counts) and the support weights it sets in small collections."""

from __future__ import annotations

from pathlib import Path

from bot.answer import answer, english_rarity
from bot.answer.support import FEW_ARTICLES, coverage_weights
from bot.ingest import tokenize
from bot.models import Article
from bot.search import SearchIndex, build_from_articles

BRIDGE = Article(
    doc_id="bridge",
    title="Riverside bridge",
    text=(
        "The Riverside bridge over the Tamar was opened by the mayor in 1997. It cost 40 million pounds and "
        "carries about 12,000 cars a day. Engineers from Leeds designed its steel arch."
    ),
)


def _index(tmp_path: Path, articles: list[Article]) -> SearchIndex:
    build_from_articles(articles, tmp_path / "index")
    return SearchIndex.open(tmp_path / "index")


def test_common_words_are_less_rare_than_uncommon_ones_and_unknown_words_are_rarest() -> None:
    take, marry, kingdom, unknown = (
        english_rarity(tokenize(w)[0]) for w in ("take", "marry", "kingdom", "Tamar")
    )
    assert 0.0 < take < marry < kingdom < unknown == 1.0


def test_in_one_article_an_absent_common_word_weighs_less_than_an_absent_rare_one(tmp_path: Path) -> None:
    weights = coverage_weights(
        _index(tmp_path, [BRIDGE]), tokenize("When did the floods take place in Antioch?"), True
    )
    assert weights["take"] < weights["flood"] < weights["antioch"] == 2.0


def test_absent_words_weigh_most_for_other_questions_and_in_larger_collections(tmp_path: Path) -> None:
    tokens = tokenize("When did the floods take place?")
    one = _index(tmp_path / "one", [BRIDGE])
    assert set(coverage_weights(one, tokens, figure=False).values()) == {2.0}
    many = [BRIDGE.model_copy(update={"doc_id": f"b{i}"}) for i in range(FEW_ARTICLES)]
    assert set(coverage_weights(_index(tmp_path / "many", many), tokens, figure=True).values()) == {2.0}


def test_a_question_in_other_common_words_is_answered_from_one_article(tmp_path: Path) -> None:
    index = _index(tmp_path, [BRIDGE])
    result = answer("When did the opening of the Riverside bridge take place?", index)
    assert result.found, result.reason
    assert result.figure == "1997"
    for question in (
        "When was the Riverside bridge damaged by floods?",
        "How many lanes does the bridge have?",
    ):
        assert not answer(question, index).found, question
