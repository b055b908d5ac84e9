"""The tokenizer: one function for corpus and questions, numbers normalised, Unicode-aware, stemmed."""

from __future__ import annotations

import pytest

from bot.ingest.text import (
    SPELLINGS,
    STOP_WORDS,
    counted,
    normalise,
    stem,
    tokenize,
    tokenizer_settings,
    words,
)


@pytest.mark.parametrize("written", ["27,000", "27000", "27 000", "27\u00a0000", "27\u202f000"])
def test_grouped_numbers_match_however_written(written: str) -> None:
    assert tokenize(f"{written} base stations") == ["27000", "base", "station"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("USD 7.4 million", ["usd", "7.4", "million"]),
        ("1,250,000.5 tons", ["1250000.5", "ton"]),
        ("In 2016 100 people came", ["2016", "100", "peopl", "came"]),
        ("a 5 x", ["5", "x"]),
        ("5G and COVID-19", ["5g", "covid", "19"]),
    ],
)
def test_numbers_digits_and_one_character_tokens_are_kept(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_stop_words_are_removed_and_words_are_stemmed() -> None:
    assert tokenize("How many contracts were signed by the companies?") == ["contract", "sign", "compani"]
    assert {"the", "how", "many", "what", "when"} <= STOP_WORDS


def test_possessives_and_inner_apostrophes_join_the_word() -> None:
    assert tokenize("Uzbekistan’s partners") == tokenize("Uzbekistan's partners") == ["uzbekistan", "partner"]


def test_unicode_is_folded() -> None:
    assert tokenize("ＵＳＤ ７００") == ["usd", "700"]
    assert tokenize("Straße CAFÉ") == tokenize("strasse café")
    assert tokenize("Ташкент и Самарканд") == ["ташкент", "и", "самарканд"]


def test_question_and_corpus_share_the_function() -> None:
    sentence = "resulting in 27,000 new mobile base stations"
    assert set(tokenize("how many base stations?")) <= set(tokenize(sentence))


def test_words_keep_stop_words_unstemmed() -> None:
    assert words("How many base stations?") == ["how", "many", "base", "stations"]


def test_normalise_and_stem_edge_cases() -> None:
    assert normalise("") == ""
    assert tokenize("") == [] and tokenize("?!… 🙂") == []
    assert stem("2025") == "2025"


def test_counted_puts_the_noun_in_the_right_number() -> None:
    assert (counted(1, "article"), counted(0, "article"), counted(2000, "article")) == (
        "1 article",
        "0 articles",
        "2,000 articles",
    )


def test_settings_describe_the_tokenizer() -> None:
    assert tokenizer_settings()["stemmer"] == "english-snowball"


@pytest.mark.parametrize(
    ("plain", "accented"),
    [("cafe", "café"), ("Sao Paulo", "São Paulo"), ("Lodz", "Łódź"), ("Malmo", "Malmö"), ("naive", "naïve")],
)
def test_accents_are_folded_alike_in_questions_and_articles(plain: str, accented: str) -> None:
    assert tokenize(plain) == tokenize(accented)


def test_accent_folding_leaves_other_scripts_alone() -> None:
    assert tokenize("Ташкент й") == ["ташкент", "й"]
    assert tokenizer_settings()["accents"] == "latin folded"


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("226 tons", "226 tonnes"),
        ("the organization organized", "the organisation organised"),
        ("a program in the city center", "a programme in the city centre"),
        ("labor costs, favorite colors", "labour costs, favourite colours"),
        ("5 kilometers of defense lines", "5 kilometres of defence lines"),
        ("traveled, canceled, modeling", "travelled, cancelled, modelling"),
    ],
)
def test_british_and_american_spellings_are_searched_alike(american: str, british: str) -> None:
    assert tokenize(british) == tokenize(american)


@pytest.mark.parametrize("word", ["promise", "rise", "four", "hour", "emphasis", "analyses", "tire", "metro"])
def test_words_that_only_look_british_are_not_respelled(word: str) -> None:
    assert word not in SPELLINGS
