"""Misspelt names read as the articles spell them, short names left alone."""

from __future__ import annotations

import pytest

from bot.answer import answer
from bot.answer.spelling import respelled
from bot.models import Article
from bot.search import SearchIndex, build_from_articles

LETTERS = Article(
    doc_id="letters",
    title="Luther's letters",
    text=(
        "On 1 August 1521, Luther wrote to Melanchthon about grace. ARPANET became operational in 1969. "
        "Senator Kerry spoke in Germany in 2004."
    ),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("spelling") / "index"
    build_from_articles([LETTERS], folder)
    return SearchIndex.open(folder)


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("When did Luther write to Melanchhon?", "When did Luther write to Melanchthon?"),
        ("When did ARPNET become operational?", "When did ARPANET become operational?"),
        ("When did Luther write to Melanchthon?", "When did Luther write to Melanchthon?"),
        ("When did Perry speak?", "When did Perry speak?"),  # 'Kerry' is another name
        ("When did Germans speak?", "When did Germans speak?"),  # named in another form, not misspelt
        ("Melanchhon wrote when?", "Melanchhon wrote when?"),  # the first word is left alone
    ],
)
def test_a_misspelt_name_is_read_as_the_articles_spell_it(
    index: SearchIndex, question: str, read: str
) -> None:
    assert respelled(question, index) == read


def test_a_question_with_a_misspelt_name_is_answered(index: SearchIndex) -> None:
    result = answer("When did Luther write to Melanchhon about grace?", index)
    assert result.found, result.reason
    assert result.figure == "1 August 1521"
