"""What a 'how many' question counts, and when a count in its sentence is of another thing."""

from __future__ import annotations

import pytest

from bot.answer.counted import counted_words, other_count
from bot.answer.questions import analyse
from bot.ingest import extract_figures, tokenize


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        ("How many Chinese companies operate in Uzbekistan?", ("companies",)),
        ("how many troops were sent?", ("troops",)),
        ("How many people died in the crash?", ()),  # 'people': any count of persons answers
        ("How many types of tests are there?", ()),  # kinds of something: any count of kinds
        ("How many times has Nadal won at Roland Garros?", ()),  # occasions: a count of titles answers
        ("How many Huguenots fled France?", ()),  # a name: not read as a class
        ("BASE STATIONS", ()),  # not a 'how many' question
        ("When was the memorandum signed?", ()),
    ],
)
def test_the_counted_words_are_the_lower_case_nouns_of_the_focus(
    question: str, nouns: tuple[str, ...]
) -> None:
    assert counted_words(analyse(question)) == nouns


@pytest.mark.parametrize(
    ("asked", "sentence", "other"),
    [
        # The sentence names the asked noun but counts another thing.
        ("companies", "Companies from both countries signed 12 contracts.", ("contracts", "companies")),
        (
            "companies",
            "Companies from both countries signed 12 new contracts.",
            ("new contracts", "companies"),
        ),
        # What a count counts is its noun's head, not a word it shares with the question.
        (
            ("mobile", "operators"),
            "The operator built 27,000 new mobile base stations.",
            ("new mobile base stations", "operators"),
        ),
        (("mobile", "stations"), "The operator built 27,000 new mobile base stations.", None),
        # The asked noun is counted, or is not in the sentence (it may be counted by another word).
        ("contracts", "Companies from both countries signed 12 contracts.", None),
        ("troops", "The United States will send 3,000 soldiers to Poland.", None),
        ("jobs", "Ford will lay off 3,000 workers in Germany.", None),
        ("units", "Tesla sold 12,000 Model 3s in China.", None),
        ("courses", "Students must keep a four-course rate average.", None),
        # Of the asked noun's kind, or a word any count may use.
        ("children", "Police found 19 victims, children and young women among them.", None),
        ("passengers", "The crash killed 12 people, passengers and crew.", None),
        # A name in the counted noun says nothing of its kind.
        ("cars", "Of all its cars, Tesla sold 12,000 Model 3s in China.", None),
    ],
)
def test_a_count_of_another_thing_beside_the_asked_noun_is_told_apart(
    asked: str | tuple[str, ...], sentence: str, other: tuple[str, str] | None
) -> None:
    counts = [f for f in extract_figures(sentence) if f.noun]
    assert counts, sentence
    asked = (asked,) if isinstance(asked, str) else asked
    assert other_count(asked, counts[0], tokenize(sentence)) == other


def test_once_strict_a_count_of_another_kind_is_refused_even_without_the_asked_noun() -> None:
    sentence = "The army sent 5,000 soldiers to guard the new lines."
    figure = next(f for f in extract_figures(sentence) if f.noun)
    assert other_count(("companies",), figure, tokenize(sentence)) is None
    assert other_count(("companies",), figure, tokenize(sentence), strict=True) == ("soldiers", "companies")
    assert other_count(("recruits",), figure, tokenize(sentence), strict=True) is None  # persons both
