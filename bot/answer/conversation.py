"""A conversation: the last question asked and what it was about, so that the next message can follow up
on it; forgotten after some minutes. Its state is plain JSON, for Telegram's chat_data or a file."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from bot.answer.core import InvalidQuestion, answer, clean_question
from bot.answer.followup import Reading, Turn, read
from bot.answer.metadata import read_meta
from bot.answer.question_text import without_chatter
from bot.models import Answer
from bot.search import SearchIndex

Answerer = Callable[..., Answer]


class Conversation:
    """The last turn of one conversation (one console, one Telegram chat, one user in a group)."""

    def __init__(self, minutes: float = 10.0, turn: Turn | None = None, at: float = 0.0) -> None:
        """A conversation whose context lasts `minutes` after the last question (0: no follow-ups)."""
        self.minutes = minutes
        self.turn = turn
        self.at = at

    @classmethod
    def from_state(cls, state: dict[str, Any] | None, minutes: float) -> Conversation:
        """The conversation saved by `state()`; a missing or unreadable state starts afresh."""
        try:
            turn = Turn.model_validate(state["turn"]) if state else None
            return cls(minutes, turn, float(state["at"]) if state else 0.0)
        except (KeyError, TypeError, ValueError, ValidationError):
            return cls(minutes)

    def state(self) -> dict[str, Any]:
        """The conversation as JSON-serialisable data ({} when there is nothing to remember)."""
        if self.turn is None:
            return {}
        return {"turn": self.turn.model_dump(mode="json", exclude_defaults=True), "at": self.at}

    def context(self, now: float) -> Turn | None:
        """The previous turn, unless it is older than the conversation's minutes."""
        if self.turn is None or self.minutes <= 0 or now - self.at > self.minutes * 60:
            return None
        return self.turn

    def expired(self, now: float) -> bool:
        """Whether there is nothing left to follow up on."""
        return self.context(now) is None

    def reset(self) -> None:
        """Forget the context: the next message stands alone."""
        self.turn, self.at = None, 0.0

    def ask(
        self,
        message: str,
        index: SearchIndex,
        *,
        now: float | None = None,
        today: date | None = None,
        answer: Answerer = answer,
    ) -> Answer:
        """Answer a message in this conversation: read against the previous turn, then remembered."""
        now = time.time() if now is None else now
        text = clean_question(message)
        # 'hey, and in 2022?' follows up as 'and in 2022?'; the merged question carries no greeting either
        context = self.context(now)
        bare = without_chatter(text)
        # "who wrote it?" asks of the last answer's article; merged with the last question, it would not
        reading = Reading(bare) if read_meta(bare) else read(bare, context, today or date.today())
        extra: dict[str, Any] = {"today": today} if today else {}
        if context is not None and context.sentence is not None and context.article is not None:
            extra["about"] = (context.sentence, context.article)  # "who wrote the article?" asks of it
        try:
            result = answer(reading.question, index, **extra)
        except InvalidQuestion:  # the merged question is too long: the message alone
            reading = Reading(text)
            result = answer(text, index, **extra)
        result = result.model_copy(
            update={"question": text, "follow_up": reading.follow_up, "interpreted_as": result.question}
        )
        self.remember(result, now)
        return result

    def remember(self, result: Answer, now: float) -> None:
        """Keep an answered question as the turn that the next message may follow up on."""
        self.turn = Turn(
            question=result.interpreted_as or result.question,
            answer_type=result.answer_type,
            focus=result.focus,
            period=result.period,
            as_of=result.as_of,
            article=result.source.doc_id if result.source else None,
            figure=result.figure,
            sentence=result.sentence_id,
        )
        self.at = now
