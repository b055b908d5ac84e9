"""The name forms shipped for other_forms: WordNet's pertainyms of proper adjectives."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import aliases
from bot.evaluation.fit_name_forms import write_name_aliases, write_name_forms
from bot.evaluation.wordnet import read_name_aliases, read_name_forms

WORDNET = Path("/usr/share/wordnet")


def test_the_written_file_pairs_each_adjective_with_its_names_but_not_itself(tmp_path: Path) -> None:
    path = tmp_path / "forms.txt"
    assert write_name_forms({"german": {"germany"}, "english": {"english", "england"}}, path) == 2
    assert path.read_text().splitlines()[1:] == ["english\tengland", "german\tgermany"]


@pytest.mark.skipif(not (WORDNET / "data.adj").is_file(), reason="WordNet 3.0 is not installed")
def test_pertainyms_are_read_word_to_word() -> None:
    forms = read_name_forms(WORDNET)
    assert forms["german"] == {"germany"}
    assert forms["chinese"] == {"china"}  # not 'Taiwan', another word of the synset it points into


def test_the_written_aliases_keep_one_group_a_line_sorted(tmp_path: Path) -> None:
    path = tmp_path / "aliases.txt"
    assert write_name_aliases([["United Nations", "UN"], ["European Union", "EU"], ["Solo"]], path) == 2
    assert path.read_text().splitlines()[1:] == ["European Union|EU", "United Nations|UN"]


def test_the_shipped_aliases_give_each_name_the_stems_of_its_others() -> None:
    assert aliases("UN") == (frozenset({"unit", "nation"}),)
    assert aliases("U.N.") == aliases("UN")  # full stops aside
    assert frozenset({"unit", "kingdom"}) in aliases("Britain")
    assert aliases("un") == ()  # case counts: the word 'un' is no name


@pytest.mark.skipif(not (WORDNET / "data.noun").is_file(), reason="WordNet 3.0 is not installed")
def test_alias_groups_are_read_from_the_synsets_of_groups_and_places_with_an_acronym() -> None:
    groups = read_name_aliases(WORDNET)
    assert ["United Nations", "UN"] in groups
    assert all(any(n.replace(".", "").isupper() for n in g) for g in groups)
