"""The name forms shipped for other_forms: WordNet's pertainyms of proper adjectives."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation.fit_name_forms import write_name_forms
from bot.evaluation.wordnet import read_name_forms

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
