"""How the answer layer reads a sentence: words with clauses, capitals, copulas, figures in place."""

from __future__ import annotations

import random
import re

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


def _clauses_by_search(sentence: str) -> list[tuple[int, int]]:
    """Reference: each word's (clause, phrase) by searching the gap before it for marks."""
    out, clause, phrase, last = [], 0, 0, 0
    for m in re.finditer(r"\d+(?:[.,]\d+)*|[^\W_]+", sentence):
        gap = sentence[last : m.start()]
        if re.search(r"[;:—–,]", gap):
            phrase += 1
            clause += re.search(r"[;:—–]", gap) is not None
        out.append((clause, phrase))
        last = m.end()
    return out


def test_clause_and_phrase_numbers_match_searching_each_gap_on_varied_sentences() -> None:
    pieces = ["Telnor", "built", "27,000", "3.5", "1,2,3", "stations", "in", "Kenya's", "(2024)", "—", " – "]
    pieces += [",", ";", ":", ", ", "; ", " -", "12%", "$40bn", "“so”", ",27,000,", "—27,000—", "a,b", "x;y"]
    rng = random.Random(12)
    sentences = [
        "".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randrange(1, 14)))
        for _ in range(3000)
    ] + [",Lead, then 27,000; at 3:15 — end.", "Revenue: 1,200,000 – up, again; done", ";;,,", ""]
    for sentence in sentences:
        words = sentence_words(sentence)
        assert [(w.clause, w.phrase) for w in words] == _clauses_by_search(sentence), sentence
        assert [sentence[w.start : w.end].lower() for w in words] == [w.low for w in words]
