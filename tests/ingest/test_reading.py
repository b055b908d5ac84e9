"""How the answer layer reads a sentence: words with clauses, capitals, copulas, figures in place."""

from __future__ import annotations

from bot.ingest import capitalised_stems, extract_figures, read_sentence, sentence_words, word_hash
from bot.ingest.reading import NO_WORD, asks, copula_stems


def test_words_carry_offsets_stems_capitals_and_clause_numbers() -> None:
    sentence = "Huawei, which employs 3,000 engineers; built base stations."
    words = sentence_words(sentence)
    assert [w.low for w in words] == ["huawei", "which", "employs", "3,000", "engineers", "built", "base",
                                      "stations"]  # fmt: skip
    assert [sentence[w.start : w.end] for w in words][3] == "3,000"
    assert [w.stem for w in words][-1] == "station"
    assert [w.cap for w in words] == [True] + [False] * 7
    assert [w.phrase for w in words] == [0, 1, 1, 1, 1, 2, 2, 2]  # commas and ';' open phrases
    assert [w.clause for w in words] == [0, 0, 0, 0, 0, 1, 1, 1]  # only ';' opens a clause


def test_capitals_copulas_and_questions() -> None:
    sentence = "The Telnor network reached Kenya's towns."
    assert capitalised_stems(sentence, skip_first=True) == {"telnor", "kenya"}
    assert copula_stems("Wicca is a religion and the stations were built.") == {"wicca", "station"}
    assert asks('He asked: "How many are there?"') and not asks("There are many.")


def test_a_figure_is_read_in_place() -> None:
    sentence = "Exports rose by 12% (a record) to $40bn."
    reading = read_sentence(sentence, extract_figures(sentence))
    first = reading.figures[0]
    assert (reading.words[first.first].low, reading.words[first.last].low) == ("12", "12")
    assert (first.before, first.after, first.bracketed) == ("by", "a", False)
    assert first.words_before == ("export", "rose")
    assert reading.figures[-1].after == ""
    assert read_sentence("No figure here.", []).words == ()


def test_word_hashes_are_stable_and_never_the_empty_mark() -> None:
    assert word_hash("station") == word_hash("station") != word_hash("stations")
    assert word_hash("") != NO_WORD
    assert word_hash("station") == -209585118911701412  # the same in every process: indexes store it
