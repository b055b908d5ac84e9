"""Conversations (bot/answer/conversation.py) on the dated test archive: follow-ups answered, expiry, reset,
and the state kept as plain JSON."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.answer.conversation import Conversation
from bot.answer.core import InvalidQuestion
from bot.models import Answer
from bot.search import SearchIndex

TODAY = date(2026, 1, 15)


def talk(
    conversation: Conversation, index: SearchIndex, *messages: str, start: float = 1_000.0
) -> list[Answer]:
    """Ask the messages one after another, a second apart."""
    return [conversation.ask(m, index, now=start + i, today=TODAY) for i, m in enumerate(messages)]


def test_follow_ups_are_answered_as_full_questions(archive_index: SearchIndex) -> None:
    first, mobitel, earlier = talk(
        Conversation(10),
        archive_index,
        "How many base stations does Telnor have?",
        "what about Mobitel?",
        "and in 2019?",
    )
    assert (first.figure, first.follow_up, first.interpreted_as) == ("24,000", False, first.question)
    assert (mobitel.question, mobitel.follow_up) == ("what about Mobitel?", True)
    assert mobitel.interpreted_as == "How many base stations does Mobitel have?"
    assert (mobitel.figure, mobitel.as_of) == ("9,000", "2025-01-10")
    assert [e.figure for e in mobitel.timeline] == ["4,000"]
    assert (earlier.figure, earlier.period.year) == ("4,000", 2019)


def test_greetings_are_left_out_of_what_a_follow_up_is_read_as(archive_index: SearchIndex) -> None:
    first, mobitel = talk(
        Conversation(10),
        archive_index,
        "hey, can you tell me how many base stations Telnor has?",
        "thanks! and what about Mobitel?",
    )
    assert (first.figure, first.interpreted_as) == ("24,000", "how many base stations Telnor has?")
    assert (mobitel.question, mobitel.follow_up) == ("thanks! and what about Mobitel?", True)
    assert mobitel.interpreted_as == "how many base stations Mobitel has?"
    assert mobitel.figure == "9,000"


def test_periods_step_back_and_a_missing_period_is_said(archive_index: SearchIndex) -> None:
    answers = talk(
        Conversation(10),
        archive_index,
        "How many passengers did the Vesta metro carry in 2022?",
        "and in 2020?",
        "the year before?",
        "and in 2023?",
        "the year before?",
    )
    assert [a.figure for a in answers] == ["150 million", "95 million", "120 million", None, "150 million"]
    assert answers[2].interpreted_as == "How many passengers did the Vesta metro carry in 2019?"
    assert (
        answers[3].reason.startswith("The articles give 2019 (120 million), 2020 (95 million), 2022")
        and "not 2023" in answers[3].reason
    )
    assert answers[4].interpreted_as.endswith(
        "in 2022?"
    )  # counted from the question asked, though unanswered


def test_a_pronoun_takes_the_previous_subject(archive_index: SearchIndex) -> None:
    _, cost = talk(
        Conversation(10),
        archive_index,
        "How many contracts did Telnor sign in 2024?",
        "how much did they cost?",
    )
    assert cost.interpreted_as == "how much did the contracts cost for Telnor in 2024?"
    assert cost.figure == "USD 300 million"


def test_the_context_expires_after_the_minutes(archive_index: SearchIndex) -> None:
    conversation = Conversation(minutes=10)
    conversation.ask("How many contracts did Telnor sign in 2024?", archive_index, now=0.0, today=TODAY)
    assert conversation.ask("and in 2022?", archive_index, now=599.0, today=TODAY).follow_up is True
    late = conversation.ask("and in 2020?", archive_index, now=599.0 + 601, today=TODAY)
    assert late.follow_up is False and late.interpreted_as == "and in 2020?"


def test_reset_and_zero_minutes_mean_no_follow_ups(archive_index: SearchIndex) -> None:
    conversation = Conversation(10)
    talk(conversation, archive_index, "How many contracts did Telnor sign in 2024?")
    conversation.reset()
    assert conversation.ask("and in 2022?", archive_index, now=1_001.0, today=TODAY).follow_up is False
    never = Conversation(0)
    answers = talk(never, archive_index, "How many contracts did Telnor sign in 2024?", "and in 2022?")
    assert answers[1].follow_up is False


def test_the_state_is_plain_json_and_survives_a_round_trip(archive_index: SearchIndex) -> None:
    conversation = Conversation(10)
    talk(conversation, archive_index, "How many contracts did Telnor sign in 2024?")
    saved = json.loads(json.dumps(conversation.state()))
    restored = Conversation.from_state(saved, minutes=10)
    assert restored.turn == conversation.turn and restored.at == conversation.at
    follow = restored.ask("and in 2022?", archive_index, now=1_010.0, today=TODAY)
    assert (follow.follow_up, follow.figure) == (True, "14")
    assert Conversation().state() == {}


@pytest.mark.parametrize(
    "state", [None, {}, {"turn": {"question": 5}}, {"turn": "x", "at": 1}, {"at": "soon"}]
)
def test_an_unreadable_state_starts_afresh(state: object) -> None:
    conversation = Conversation.from_state(state, minutes=10)  # type: ignore[arg-type]
    assert conversation.turn is None and conversation.context(now=0.0) is None


def test_an_unusable_message_is_refused_and_the_context_kept(archive_index: SearchIndex) -> None:
    conversation = Conversation(10)
    talk(conversation, archive_index, "How many contracts did Telnor sign in 2024?")
    with pytest.raises(InvalidQuestion):
        conversation.ask("?!?", archive_index, now=1_001.0, today=TODAY)
    assert conversation.ask("and in 2022?", archive_index, now=1_002.0, today=TODAY).follow_up is True
