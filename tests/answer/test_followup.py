"""Follow-up questions (bot/answer/followup.py): which messages cannot stand alone, and the question read
from a message and the previous turn."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.followup import Turn, elliptical, read
from bot.answer.periods import asked_period
from bot.answer.questions import analyse

TODAY = date(2026, 1, 15)


def turn(question: str, as_of: str | None = "2025-09-01") -> Turn:
    """The turn a conversation keeps after answering `question`."""
    analysis = analyse(question)
    period = asked_period(question, TODAY)
    return Turn(
        question=question, answer_type=analysis.answer_type, focus=analysis.focus, period=period, as_of=as_of
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("and in 2024?", True),  # a leading "and", only a period
        ("what about Ucell?", True),  # "what about", only a name
        ("Ucell?", True),  # only a name
        ("2023?", True),  # only a period
        ("the year before?", True),
        ("how much did they cost?", True),  # a pronoun with nothing before it
        ("when was it signed?", True),
        ("where?", True),  # a bare question word
        ("how many?", True),
        ("how many in 2024?", True),
        ("how many base stations were built?", False),
        ("how many base stations did Huawei build and what did they cost?", False),  # "they": the stations
        ("who is Cam Newton?", False),
        ("How much did it cost to build the Golden Gate Bridge?", False),  # 'it' refers to nothing
        ("what was their market share?", True),
        ("When was the memorandum signed?", False),
        ("how many passengers did the metro carry last year?", False),
        ("Nokia handset sales 2004", False),
    ],
)
def test_which_messages_cannot_stand_alone(message: str, expected: bool) -> None:
    assert elliptical(message) is expected


CONTRACTS = "How many contracts did Telnor sign in 2024?"


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        # a period added or changed
        (CONTRACTS, "and in 2022?", "How many contracts did Telnor sign in 2022?"),
        (CONTRACTS, "the year before?", "How many contracts did Telnor sign in 2023?"),
        (CONTRACTS, "and a year later?", "How many contracts did Telnor sign in 2025?"),
        (CONTRACTS, "and last year?", "How many contracts did Telnor sign in 2025?"),  # counted from today
        (CONTRACTS, "and in Q3?", "How many contracts did Telnor sign in Q3 2024?"),  # the year kept
        ("how many base stations?", "and in 2024?", "how many base stations in 2024?"),
        ("how many base stations?", "the year before?", "how many base stations in 2024?"),  # before as_of
        (
            "How many passengers did the metro carry in the first half of 2025?",
            "and in the second half?",
            "How many passengers did the metro carry in the second half of 2025?",
        ),
        (
            "How many passengers did the metro carry last year?",
            "and the year before?",
            "How many passengers did the metro carry in 2024?",
        ),
        # an entity changed
        (CONTRACTS, "what about Mobitel?", "How many contracts did Mobitel sign in 2024?"),
        (CONTRACTS, "and how many for Mobitel?", "How many contracts did Mobitel sign in 2024?"),
        ("how many base stations?", "what about Ucell?", "how many base stations for Ucell?"),
        (
            "How many stations did Huawei build in Kenya?",
            "and in Ghana?",
            "How many stations did Huawei build in Ghana?",
        ),
        ("How much did Kenya's exports grow?", "and Ghana's?", "How much did Ghana's exports grow?"),
        # the measured noun changed
        (CONTRACTS, "what about base stations?", "How many base stations did Telnor sign in 2024?"),
        # a pronoun for the previous subject, the rest kept
        (CONTRACTS, "how much did they cost?", "how much did the contracts cost for Telnor in 2024?"),
        (CONTRACTS, "how much did that cost?", "how much did the contracts cost for Telnor in 2024?"),
        (CONTRACTS, "and their value?", "what was the value of the contracts for Telnor in 2024?"),
        ("how many base stations?", "how much did they cost?", "how much did the base stations cost?"),
        ("When was the memorandum signed?", "who signed it?", "who signed the memorandum?"),
        # agreement follows the referent; "when" is not answered by the period
        (CONTRACTS, "when was it signed?", "when were the contracts signed for Telnor?"),
        # a bare question word asks the same thing anew
        ("When was the memorandum signed?", "where?", "where was the memorandum signed?"),
        ("When was the memorandum signed?", "who?", "by whom was the memorandum signed?"),  # passive
        ("When was the bridge built?", "who?", "by whom was the bridge built?"),
        ("How old was the president?", "who?", "who was the president?"),  # not passive
        (CONTRACTS, "where?", "where did Telnor sign contracts in 2024?"),
        (CONTRACTS, "when?", "when did Telnor sign contracts?"),
        (CONTRACTS, "how many?", CONTRACTS),
    ],
)
def test_an_elliptical_message_merges_with_the_previous_question(
    previous: str, message: str, expected: str
) -> None:
    reading = read(message, turn(previous), TODAY)
    assert reading.question == expected
    assert reading.follow_up is (expected != message)


@pytest.mark.parametrize(
    "message",
    [
        "how many base stations were built?",
        "who is Cam Newton?",
        "how many passengers did the metro carry last year?",
        "How many contracts did Telnor sign in 2024?",
    ],
)
def test_a_question_that_stands_alone_starts_afresh(message: str) -> None:
    reading = read(message, turn(CONTRACTS), TODAY)
    assert (reading.question, reading.follow_up) == (message, False)


def test_without_a_previous_turn_every_message_stands_alone() -> None:
    assert read("and in 2024?", None, TODAY).follow_up is False
    assert read("how much did they cost?", None, TODAY).question == "how much did they cost?"


def test_a_message_that_changes_nothing_is_not_a_follow_up() -> None:
    reading = read("and how many contracts did Telnor sign in 2024?", turn(CONTRACTS), TODAY)
    assert reading.follow_up is False


def test_a_turn_is_plain_json() -> None:
    saved = turn(CONTRACTS).model_dump(mode="json")
    assert Turn.model_validate(saved) == turn(CONTRACTS)
    assert saved["period"]["year"] == 2024
