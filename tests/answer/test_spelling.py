"""Misspelt names and words read as the articles spell them; short words and real English words left alone."""

from __future__ import annotations

import pytest

from bot.answer import answer, ranked
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
TOWERS = Article(
    doc_id="towers",
    title="Uzbektelecom builds towers",
    text=(
        "Uzbektelecom built 27,000 mobile base stations from 2016 to 2025. "
        "Two hundred marines guarded the port, and the goods were delivered by rail. "
        "Twelve contracts were signed in January."
    ),
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("spelling") / "index"
    build_from_articles([LETTERS, TOWERS], folder)
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


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("how many base statoins were built", "how many base stations were built"),  # swapped
        ("how many contarcts were signed", "how many contracts were signed"),
        ("what did uzbektelcom build", "what did uzbektelecom build"),  # a name typed in lower case
        ("how were the goods deliverd", "how were the goods delivered"),  # a dropped letter put back
        ("how many mariners guarded the port", "how many mariners guarded the port"),  # English: another word
        ("how many stations were builr", "how many stations were builr"),  # too short to repair
        ("how many base stations", "how many base stations"),
    ],
)
def test_a_misspelt_lower_case_word_is_read_as_the_articles_spell_it_unless_it_is_english(
    index: SearchIndex, question: str, read: str
) -> None:
    assert respelled(question, index) == read


def test_a_question_with_a_misspelt_word_is_answered(index: SearchIndex) -> None:
    result = answer("how many mobile base statoins were built?", index)
    assert result.found, result.reason
    assert result.figure == "27,000"


def test_the_ranking_for_evaluation_reads_the_question_as_answer_does(index: SearchIndex) -> None:
    (top, *_) = ranked("how many base statoins were built", index)
    assert "base stations" in top.text
