"""The word counts shipped for english_rarity: WordNet's SemCor tag counts per search token."""

from __future__ import annotations

import gzip
from pathlib import Path

from bot.evaluation.fit_word_counts import stem_counts, write_counts
from bot.evaluation.wordnet import read_counts


def test_lemmas_that_stem_alike_are_summed_and_stop_words_left_out() -> None:
    assert stem_counts({"marry": 40, "married": 6, "the": 900}) == {"marri": 46}


def test_cntlist_senses_are_summed_and_irregular_forms_get_their_base_count(tmp_path: Path) -> None:
    (tmp_path / "cntlist.rev").write_text(
        "take%2:38:00:: 1 700\ntake%2:40:00:: 2 32\nice_cream%1:13:00:: 1 5\n"
    )
    (tmp_path / "verb.exc").write_text("took take\n")
    assert read_counts(tmp_path) == {"take": 732, "took": 732}


def test_the_written_file_records_the_total_and_each_token(tmp_path: Path) -> None:
    write_counts({"take": 732}, 258_691, tmp_path / "counts.txt.gz")
    lines = gzip.decompress((tmp_path / "counts.txt.gz").read_bytes()).decode().splitlines()
    assert lines[1:] == ["#total\t258691", "take\t732"]
