"""Articles as evidence, and the question's anchors, on small hand-made corpora (issue #9's mechanisms)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.answer import answer
from bot.models import Article
from bot.search import SearchIndex, build_from_articles
from tests.distractors import article as distractor


def _index(tmp_path: Path, articles: list[Article], distractors: int = 12) -> SearchIndex:
    """An index of the given articles among a few unrelated ones (so BM25's IDF behaves as at scale)."""
    rng = random.Random(3)
    raw = [distractor(rng, i) for i in range(distractors)]
    others = [Article(doc_id=d["id"], title=d["title"], text=d["text"], date=d["date"]) for d in raw]
    build_from_articles([*articles, *others], tmp_path / "index")
    return SearchIndex.open(tmp_path / "index")


NOKIA = Article(
    doc_id="nokia",
    title="Nokia profit jumps on handset demand",
    date="2024-10-20",
    text=(
        "HELSINKI, Oct 20 (Reuters) - Shares rose sharply in early trading on Thursday.\n\n"
        "The firm said net profit rose 12% to $1.1bn in the third quarter.\n\n"
        "Analysts had expected weaker handset demand in Europe."
    ),
)


def test_a_subject_named_only_in_the_headline_is_answered(tmp_path: Path) -> None:
    result = answer("How much did Nokia's net profit rise?", _index(tmp_path, [NOKIA]))
    assert result.found, result.reason
    assert "net profit rose 12%" in result.passage
    assert result.source.doc_id == "nokia"


PHONES = Article(
    doc_id="phones",
    title="Smartphone makers report a record year",
    date="2024-02-01",
    text=(
        "Kenya's mobile operators added 3 million subscribers last year, the regulator said.\n\n"
        "Uganda's mobile operators added 1.2 million subscribers over the same period.\n\n"
        "Smartphone sales in Asia rose to 300 million units.\n\n"
        "Shipments to China were flat, the company said.\n\n"
        "Sales in Brazil reached 40 million units."
    ),
)


def test_a_possessive_entity_picks_its_own_sentence(tmp_path: Path) -> None:
    index = _index(tmp_path, [PHONES])
    kenya = answer("How many subscribers did Kenya's mobile operators add?", index)
    uganda = answer("How many subscribers did Uganda's mobile operators add?", index)
    assert kenya.found and uganda.found
    assert kenya.figure == "3 million" and uganda.figure == "1.2 million"


def test_a_neighbouring_entity_is_not_an_answer(tmp_path: Path) -> None:
    result = answer("How many smartphones were sold in India?", _index(tmp_path, [PHONES]))
    assert not result.found
    result = answer("How many units did smartphone sales in China reach?", _index(tmp_path / "b", [PHONES]))
    assert not result.found
    assert "not for China" in result.reason
    assert "Asia" in result.reason or "Brazil" in result.reason  # a nearby figure, said to be for another


def test_a_possessive_neighbour_is_refused_and_offered_as_nearby(tmp_path: Path) -> None:
    result = answer("How many subscribers did Tanzania's mobile operators add?", _index(tmp_path, [PHONES]))
    assert not result.found
    assert result.figure is None


TOWERS = Article(
    doc_id="towers",
    title="Central Asia builds its networks",
    date="2025-09-01",
    text=(
        "Kazakhstan's Astana Hub signed a memorandum with Chinese partners in March.\n\n"
        "Trade across the region has doubled since 2016.\n\n"
        "Uzbekistan's operator Uzbektelecom built 27,000 new mobile base stations with Chinese financing."
    ),
)


def test_a_figure_for_another_country_in_the_same_article_is_refused_and_offered(tmp_path: Path) -> None:
    index = _index(tmp_path, [TOWERS])
    asked = answer("How many base stations were built in Uzbekistan?", index)
    assert asked.found and asked.figure == "27,000"
    other = answer("How many base stations were built in Kazakhstan?", index)
    assert not other.found
    assert "for Uzbekistan (27,000), not for Kazakhstan" in other.reason


def test_a_country_named_in_the_headline_keeps_the_sentence_about_another(tmp_path: Path) -> None:
    headed = TOWERS.model_copy(update={"title": "Kazakhstan watches its neighbour's networks grow"})
    result = answer("How many base stations were built in Kazakhstan?", _index(tmp_path, [headed]))
    assert result.found and result.figure == "27,000"  # the headline may say what the sentence leaves out


def test_a_city_in_the_sentence_is_no_neighbour_of_the_asked_country(tmp_path: Path) -> None:
    city = TOWERS.model_copy(
        update={"text": TOWERS.text.replace("Uzbekistan's operator Uzbektelecom", "Tashkent's operator")}
    )
    city = city.model_copy(update={"text": city.text.replace("Kazakhstan's Astana Hub", "Uzbekistan's hub")})
    result = answer("How many base stations were built in Uzbekistan?", _index(tmp_path, [city]))
    assert result.found and result.figure == "27,000"


def test_a_name_written_with_full_stops_is_the_asked_one(tmp_path: Path) -> None:
    guards = Article(
        doc_id="guards",
        title="Blast on the coast road",
        text="A car bomb in Lebanon hurt 3 U.S. Embassy guards on Tuesday, the army said.",
    )
    result = answer("How many US embassy guards were hurt?", _index(tmp_path, [guards]))
    assert result.found, result.reason  # 'U.S.' is the US asked, so 'Lebanon' stands in for no other
    assert result.figure == "3"


INFLATION = [
    Article(
        doc_id="uk", title="Prices", text="Inflation in the United Kingdom rose to 3.2 percent in March."
    ),
    Article(doc_id="fr", title="Prices", text="Inflation in France rose to 2.1 percent in March."),
    Article(doc_id="un", title="Border", text="The United Nations said 2,000 refugees crossed on Monday."),
]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("What was UK inflation in March?", "3.2 percent"),
        ("What was Britain's inflation rate in March?", "3.2 percent"),
        ("How many refugees crossed according to the UN?", "2,000"),
    ],
)
def test_a_name_the_article_spells_out_is_the_asked_one(tmp_path: Path, question: str, figure: str) -> None:
    result = answer(question, _index(tmp_path, INFLATION))
    assert result.found, result.reason
    assert result.figure == figure


def test_another_name_of_the_asked_country_is_no_answer_for_a_third(tmp_path: Path) -> None:
    result = answer("What was German inflation in March?", _index(tmp_path, INFLATION))
    assert not result.found


PROFITS = Article(
    doc_id="profits",
    title="Uzbektelecom results",
    date="2024-03-10",
    text=(
        "Uzbektelecom reported net profit of USD 120 million for 2022.\n\n"
        "The operator expects to add 2,000 base stations next year."
    ),
)


def test_a_period_mismatch_is_not_an_answer(tmp_path: Path) -> None:
    index = _index(tmp_path, [PROFITS])
    asked_2022 = answer("What was Uzbektelecom's net profit in 2022?", index)
    assert asked_2022.found and asked_2022.figure == "USD 120 million"
    asked_2023 = answer("What was Uzbektelecom's net profit in 2023?", index)
    assert not asked_2023.found
    assert "2022" in asked_2023.reason and "2023" in asked_2023.reason


@pytest.mark.parametrize(
    "question", ["How many metro lines does Sao Paulo have?", "how many metro lines in são paulo"]
)
def test_accents_do_not_matter(tmp_path: Path, question: str) -> None:
    city = Article(
        doc_id="sp",
        title="São Paulo expands its metro",
        text="São Paulo now has 6 metro lines, the city said. A café opened at every new station.",
    )
    result = answer(question, _index(tmp_path, [city]))
    assert result.found, result.reason
    assert result.figure == "6"


def test_a_sum_of_money_does_not_answer_a_measure_the_article_never_names(tmp_path: Path) -> None:
    deal = Article(
        doc_id="acme",
        title="Acme wins rail deal",
        date="2024-05-02",
        text="Acme signed contracts worth $40 million with the national railway in 2024.",
    )
    index = _index(tmp_path, [deal])
    assert answer("How much were Acme's contracts worth?", index).figure == "$40 million"
    for measure in ("revenue", "profit", "GDP", "debt"):
        assert not answer(f"What was Acme's {measure} in 2024?", index).found, measure


def test_a_count_answers_a_population_only_where_the_article_speaks_of_its_people(tmp_path: Path) -> None:
    towers = Article(
        doc_id="towers",
        title="Uzbekistan builds base stations",
        text="Uzbekistan built 27,000 new mobile base stations from 2016 to 2025, the operator said.",
    )
    census = Article(
        doc_id="census",
        title="Kazakhstan counts its people",
        text="Kazakhstan is home to 20 million inhabitants, the census office said.",
    )
    index = _index(tmp_path, [towers, census])
    assert not answer("What's the population of Uzbekistan?", index).found
    result = answer("What is the population of Kazakhstan?", index)
    assert result.found, result.reason
    assert result.figure == "20 million"


DEALS = Article(
    doc_id="deals",
    title="Telecom deals signed in Tashkent",
    date="2024-01-20",
    text=(
        "In January, companies from both countries signed 12 contracts worth $1 billion.\n\n"
        "The army sent 5,000 soldiers to guard the new lines, officials said."
    ),
)


def test_a_count_of_another_noun_beside_the_one_asked_is_refused_and_offered(tmp_path: Path) -> None:
    index = _index(tmp_path, [DEALS])
    assert answer("How many contracts were signed?", index).figure == "12"
    companies = answer("How many companies from both countries signed telecom contracts in Tashkent?", index)
    assert not companies.found
    assert "contracts (12)" in (companies.reason or "") and "companies" in (companies.reason or "")


def test_a_count_by_another_word_of_the_same_kind_still_answers(tmp_path: Path) -> None:
    result = answer("How many recruits did the army send to guard the new lines?", _index(tmp_path, [DEALS]))
    assert result.found, result.reason
    assert result.figure == "5,000"
