"""Question anchors: names, periods and how periods are compared (bot/answer/anchors.py)."""

from __future__ import annotations

import pytest

from bot.answer.anchors import (
    Name,
    conflicts,
    find_names,
    find_periods,
    neighbour,
    question_anchors,
    resolved,
    rival,
)
from bot.answer.questions import analyse


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What was Kenya's GDP?", ["Kenya", "GDP"]),
        ("Nokia handset sales 2004", ["Nokia"]),
        ("how many IT specialists work in the US?", ["IT", "US"]),
        ("Did Cam Newton play in the Super Bowl?", ["Cam Newton", "Super Bowl"]),
        ("Total revenue of Uzbektelecom in March", ["Uzbektelecom"]),
        ("How many base stations did Huawei build?", ["Huawei"]),
        ("BASE STATIONS", []),
        ("how many base stations", []),
    ],
)
def test_names_of_a_question(question: str, names: list[str]) -> None:
    assert [n.text for n in find_names(question)] == names


def test_a_name_carries_the_stems_the_index_uses() -> None:
    (name,) = find_names("What did Uzbekistan's operators earn?")
    assert name.stems == frozenset({"uzbekistan"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many base stations in 2024?", [{"year": 2024}]),
        ("net profit in the fourth quarter of 2024", [{"quarter": 4, "year": 2024}]),
        ("Q3 2024 sales", [{"quarter": 3, "year": 2024}]),
        ("sales in Q4", [{"quarter": 4}]),
        ("in the first half of 2025", [{"half": 1, "year": 2025}]),
        ("H1 2025 results", [{"half": 1, "year": 2025}]),
        ("signed in March 2025", [{"month": 3, "year": 2025}]),
        ("From 2016 to 2025, Uzbektelecom built", [{"year": 2016, "year_end": 2025}]),
        ("between 2019 and 2021", [{"year": 2019, "year_end": 2021}]),
        ("in 2016-18", [{"year": 2016, "year_end": 2018}]),
        ("FY2024 revenue", [{"year": 2024}]),
        ("profit rose in 2022 and 2024", [{"year": 2022}, {"year": 2024}]),
        ("revenue last year", [{"offset": -1}]),
        ("it may rise", []),
        ("27,000 stations and 2,024 cars", []),
    ],
)
def test_periods_stated_or_asked(text: str, expected: list[dict]) -> None:
    found = [p.model_dump(exclude_none=True, exclude={"text"}) for p in find_periods(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("asked", "sentence", "conflict"),
    [
        ("in 2023", "profit rose in 2022 and 2024", True),
        ("in 2023", "profit rose to 5 in 2023 from 4 in 2022", False),
        ("in 2023", "profit rose sharply", False),  # states no period: not a conflict
        ("in 2024", "From 2016 to 2025, the operator built 27,000 stations", False),
        ("Q4 2024", "in the third quarter of 2024", True),
        ("Q4 2024", "in the second half of 2024", False),
        ("Q4 2024", "in the first half of 2024", True),
        ("in March 2025", "signed in April 2025", True),
    ],
)
def test_a_stated_period_conflicts_only_when_none_fits(asked: str, sentence: str, conflict: bool) -> None:
    (period,) = find_periods(asked)
    assert conflicts(period, find_periods(sentence)) is conflict


def test_relative_period_resolves_against_the_article_year() -> None:
    (last_year,) = find_periods("revenue last year")
    assert resolved(last_year, 2025).year == 2024
    assert resolved(last_year, None).year is None


def test_question_anchors_hold_the_measured_noun() -> None:
    anchors = question_anchors(analyse("How many base stations did Uzbektelecom build in 2024?"))
    assert [n.text for n in anchors.names] == ["Uzbektelecom"]
    assert [p.year for p in anchors.periods] == [2024]
    assert anchors.measured == "base stations"


@pytest.mark.parametrize(
    ("text", "frames"),
    [
        ("How many smartphones were sold in China?", [("China", "in")]),
        ("What was YouTube's revenue?", [("YouTube", "'s")]),
        ("the revenue of Google rose", [("Google", "of")]),
        ("How much did Nokia earn?", [("Nokia", None)]),
    ],
)
def test_a_name_knows_the_slot_it_fills(text: str, frames: list[tuple[str, str | None]]) -> None:
    assert [(n.text, n.frame) for n in find_names(text)] == frames


def test_a_rival_is_another_name_in_the_same_slot() -> None:
    (china,) = find_names("How many smartphones were sold in China?")
    assert rival(china, find_names("Smartphone sales in Asia rose."), [china]).text == "Asia"
    assert rival(china, find_names("Apple's sales rose in China."), [china]) is None
    assert rival(china, find_names("Apple's sales rose."), [china]) is None  # another slot: no rival
    (nokia,) = find_names("How much did Nokia earn?")
    assert rival(nokia, find_names("Siemens earned $3bn."), [nokia]) is None  # unframed names never rival


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("how many base stations did kazakhstan build", [("kazakhstan", None)]),
        ("HOW MANY TOWERS IN UZBEKISTAN", [("UZBEKISTAN", "in")]),
        ("what are kenya's exports to the uk", [("kenya", "'s"), ("uk", None)]),
        # no place first ('turkey' is a bird), a word for a kind of place, or an abbreviation that is a word
        ("how many turkey farms are in the state", []),
        ("how many people live in the city", []),
        ("what did me and or say", []),
    ],
)
def test_a_question_typed_in_one_case_is_anchored_by_the_places_wordnet_knows(
    question: str, names: list[tuple[str, str | None]]
) -> None:
    assert [(n.text, n.frame) for n in find_names(question)] == names


def test_a_neighbour_is_a_place_of_the_asked_ones_level() -> None:
    asked = find_names("How many base stations were built in Kazakhstan?")
    stated = find_names("Uzbekistan's operator and Tashkent's mayor built them in Asia.")
    assert neighbour(asked[0], stated, asked).text == "Uzbekistan"
    assert neighbour(asked[0], [n for n in stated if n.text != "Uzbekistan"], asked).text == "Asia."
    assert neighbour(asked[0], find_names("Tashkent's mayor built them."), asked) is None  # a city
    company = find_names("How many base stations did Uzbektelecom build?")
    assert neighbour(company[0], stated, company) is None  # no place WordNet knows


def test_a_name_is_held_by_one_of_its_stems_or_by_every_stem_of_another_name_of_it() -> None:
    un = Name("UN", frozenset({"un"}), None, (frozenset({"unit", "nation"}),))
    assert un.held({"un", "said"})
    assert un.held({"unit", "nation", "said"})
    assert not un.held({"unit", "state"})  # 'United States' is not the United Nations
    assert un.known() == {"un", "unit", "nation"}
