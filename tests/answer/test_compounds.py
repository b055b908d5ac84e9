"""Words typed run together are read as the two words the archive holds."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.compounds import split_compounds
from bot.answer.core import answer
from bot.ingest import tokenize
from bot.search import SearchIndex

ARCHIVE = {t: 5 for t in tokenize("base stations data centers mobile operators the station governor ships")}


def df(token: str) -> int:
    return ARCHIVE.get(token, 0)


def together(a: str, b: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how many basestations", "how many base stations"),
        ("DataCenters in Tashkent", "Data Centers in Tashkent"),
        ("how many base stations", "how many base stations"),  # held: left alone
        ("mobileoperators?", "mobile operators?"),
        ("zebrafish counts", "zebrafish counts"),  # no split the archive holds both halves of
        ("thestation", "thestation"),  # a half that is a stop word is no reading
        ("governorships", "governorships"),  # an English noun the archive lacks, not "governor ships"
    ],
)
def test_a_word_the_archive_lacks_splits_into_two_it_holds(text: str, expected: str) -> None:
    assert split_compounds(text, df, together) == expected


def test_of_several_splits_the_one_whose_rarer_half_is_commoner_wins() -> None:
    counts = dict(zip(tokenize("zorb quix zorbq uix"), (5, 2, 3, 1), strict=True))
    assert split_compounds("zorbquix", lambda t: counts.get(t, 0), together) == "zorb quix"
    counts[tokenize("uix")[0]] = 4
    assert split_compounds("zorbquix", lambda t: counts.get(t, 0), together) == "zorbq uix"


def test_halves_no_sentence_holds_together_are_no_reading() -> None:
    assert split_compounds("basestations", df, lambda a, b: False) == "basestations"


def test_a_run_together_question_is_answered(archive_index: SearchIndex) -> None:
    result = answer("telnor basestations", archive_index, today=date(2026, 1, 15))
    assert result.found and result.figure == "24,000"
