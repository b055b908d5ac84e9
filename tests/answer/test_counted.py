"""What a 'how many' question counts, and whether a count of another noun answers it."""

from __future__ import annotations

import pytest

from bot.answer.counted import counted_words, other_count
from bot.answer.questions import analyse
from bot.ingest import extract_figures


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        ("How many Chinese companies operate in Uzbekistan?", ("companies",)),
        ("how many troops were sent?", ("troops",)),
        ("How many settlers original settled in Manakintown?", ("settlers", "original")),
        ("How many people died in the crash?", ()),  # 'people': any count of persons answers
        ("How many types of tests are there?", ()),  # kinds of something: any count of kinds
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
    ("asked", "sentence", "stated"),
    [
        ("companies", "Companies from both countries signed 12 contracts.", "contracts"),
        ("companies", "More than 50 Uzbek students trained at Huawei.", "Uzbek students"),
        ("contracts", "Companies from both countries signed 12 contracts.", None),  # the noun asked
        ("children", "The teen was one of 19 victims of the killings.", None),  # persons both
        ("organizations", "In 2001, 16 national science academies issued a statement.", None),  # groups
        ("passengers", "The crash killed 12 people.", None),  # 'people' counts anything
        ("companies", "Huawei employs 5,000 Qwertyzians there.", None),  # unknown to the lexicon
        ("courses", "They must keep a four-course rate average.", None),  # a word of its noun asked
        ("atoms", "Two atoms of the element bind to form dioxygen.", None),
    ],
)
def test_a_count_of_another_kind_of_thing_is_told_apart(
    asked: str, sentence: str, stated: str | None
) -> None:
    counts = [f for f in extract_figures(sentence) if f.noun]
    assert counts, sentence
    assert other_count((asked,), counts[0]) == stated
