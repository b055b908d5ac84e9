"""The Telegram guards fail closed: whatever happens to a guard's own reply, the question is not answered.

Each guard (the allowlist, admin-only /reindex, the rate limit, group addressing, stale or foreign buttons,
rate-limited inline queries) is driven with its refusal failing in every way a send can fail: a timeout,
a network error, flood control, a user who blocked the bot, a 400, and a reply PTB cannot parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from telegram.error import NetworkError, TimedOut
from telegram.ext import Application
from telegram.request import RequestData
from test_telegram_handlers import (
    ADMIN,
    BOT_USER,
    USER,
    RecordingRequest,
    press,
    say,
    settings,
    update,
)

import bot.answer as qa
from bot.chat.telegram_bot import handlers as telegram_bot
from bot.chat.telegram_bot.handlers import (
    ADMINS_ONLY,
    ASK_AGAIN,
    MENTION_ONLY,
    PRIVATE,
    STALE_BUTTON,
    TOO_FAST,
    build_application,
)
from bot.chat.telegram_bot.replies import button_data
from bot.search import SearchIndex

QUESTION = "how many base stations?"
OUTSIDER = 9


class FailingRequest(RecordingRequest):
    """The recording fake Bot API, plus replies that PTB cannot parse (a success without a result)."""

    def __init__(self) -> None:
        super().__init__()
        self.garbled: set[str] = set()

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Record the call; a garbled method answers 200 with no `result` (PTB raises KeyError)."""
        endpoint = url.rsplit("/", 1)[-1]
        if endpoint in self.garbled:
            self.garbled.discard(endpoint)
            self.calls.append((endpoint, request_data.parameters if request_data else {}))
            return 200, json.dumps({"ok": True}).encode()
        return await super().do_request(url, method, request_data, *args, **kwargs)


def _raise(error: Exception) -> Callable[[FailingRequest, str], None]:
    return lambda fake, method: fake.raises.setdefault(method, []).append(error)


def _http(status: int, description: str, **parameters: Any) -> Callable[[FailingRequest, str], None]:
    return lambda fake, method: fake.fail(method, status, description, **parameters)


FAILURES: dict[str, Callable[[FailingRequest, str], None]] = {
    "timed out": _raise(TimedOut()),
    "network error": _raise(NetworkError("connection reset by peer")),
    "flood control (RetryAfter)": _http(429, "Too Many Requests: retry after 7", retry_after=7),
    "blocked (Forbidden)": _http(403, "Forbidden: bot was blocked by the user"),
    "BadRequest": _http(400, "Bad Request: message text is empty"),
    "unparsable reply (KeyError)": lambda fake, method: fake.garbled.add(method),
}
failures = pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())


@pytest.fixture
def fake() -> FailingRequest:
    """The fake Bot API of one test."""
    return FailingRequest()


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question that reached the core (`qa.answer`), in order."""
    questions: list[str] = []
    real = qa.answer

    def recording(question: str, index: SearchIndex, **kwargs: Any) -> Any:
        questions.append(question)
        return real(question, index, **kwargs)

    monkeypatch.setattr(qa, "answer", recording)
    return questions


def bot_over(fake: FailingRequest, index: SearchIndex, **values: str) -> Application:
    """An Application over the fake Bot API with these settings."""
    return build_application(settings(**values), index, request=fake)


@failures
async def test_allowlist_holds_when_the_refusal_fails(
    failure: Callable[[FailingRequest, str], None],
    fake: FailingRequest,
    asked: list[str],
    sample_index: SearchIndex,
) -> None:
    async with bot_over(fake, sample_index, FACTBOT_ALLOWED_CHATS="42") as app:
        failure(fake, "sendMessage")
        await say(app, QUESTION, chat_id=OUTSIDER, user_id=OUTSIDER)
    assert asked == []
    assert fake.texts() == [PRIVATE]
    assert fake.sent("sendChatAction") == []


async def test_allowlist_holds_when_the_refusal_is_delivered_but_its_result_unreadable(
    fake: FailingRequest, asked: list[str], sample_index: SearchIndex
) -> None:
    """The case seen against the emulator: the refusal arrives, but its `date` is in milliseconds."""
    sent = {"message_id": 1, "date": 1_767_225_600_000, "chat": {"id": OUTSIDER, "type": "private"}}
    fake.errors["sendMessage"] = [(200, {"ok": True, "result": {**sent, "from": BOT_USER, "text": PRIVATE}})]
    async with bot_over(fake, sample_index, FACTBOT_ALLOWED_CHATS="42") as app:
        await say(app, QUESTION, chat_id=OUTSIDER, user_id=OUTSIDER)
    assert asked == []
    assert fake.texts() == [PRIVATE]


@failures
async def test_reindex_stays_admin_only_when_the_refusal_fails(
    failure: Callable[[FailingRequest, str], None],
    fake: FailingRequest,
    sample_index: SearchIndex,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builds: list[tuple[Any, ...]] = []
    monkeypatch.setattr(telegram_bot, "build_index", lambda *args: builds.append(args))
    async with bot_over(fake, sample_index) as app:
        failure(fake, "sendMessage")
        await say(app, "/reindex", user_id=USER)
    assert USER != ADMIN and builds == []
    assert fake.texts() == [ADMINS_ONLY]


@failures
async def test_rate_limit_holds_when_its_notice_fails(
    failure: Callable[[FailingRequest, str], None],
    fake: FailingRequest,
    asked: list[str],
    sample_index: SearchIndex,
) -> None:
    async with bot_over(fake, sample_index, FACTBOT_RATE_LIMIT_PER_MINUTE="1") as app:
        await say(app, QUESTION)
        failure(fake, "sendMessage")
        await say(app, QUESTION)
        await say(app, QUESTION)
    assert asked == [QUESTION]
    answer, *rest = fake.texts()
    assert answer.startswith("<b>27,000</b>") and rest == [TOO_FAST]


@failures
async def test_group_mention_without_a_question_is_not_answered_when_the_hint_fails(
    failure: Callable[[FailingRequest, str], None],
    fake: FailingRequest,
    asked: list[str],
    sample_index: SearchIndex,
) -> None:
    mention = [{"type": "mention", "offset": 0, "length": 12}]
    async with bot_over(fake, sample_index) as app:
        await say(app, QUESTION, chat_id=-100)
        failure(fake, "sendMessage")
        await say(app, "@FactTestBot", chat_id=-100, entities=mention)
    assert asked == []
    assert fake.texts() == [MENTION_ONLY]


@failures
@pytest.mark.parametrize("stale", [True, False], ids=["older index", "foreign data"])
async def test_refused_button_edits_nothing_when_its_answer_fails(
    failure: Callable[[FailingRequest, str], None],
    stale: bool,
    fake: FailingRequest,
    asked: list[str],
    sample_index: SearchIndex,
) -> None:
    on = {"message_id": 3, "date": 1, "chat": {"id": USER, "type": "private"}, "text": "x"}
    data = button_data("m", "old-generation", 4) if stale else "something-else"
    async with bot_over(fake, sample_index) as app:
        failure(fake, "answerCallbackQuery")
        await app.process_update(press(app.bot, data, on))
    assert asked == []
    assert fake.sent("editMessageText") == [] and fake.texts() == []
    [refusal] = fake.sent("answerCallbackQuery")
    assert refusal["text"] == (ASK_AGAIN if stale else STALE_BUTTON)


@failures
async def test_rate_limited_inline_query_is_not_answered_when_the_empty_answer_fails(
    failure: Callable[[FailingRequest, str], None],
    fake: FailingRequest,
    asked: list[str],
    sample_index: SearchIndex,
) -> None:
    sender = {"id": USER, "is_bot": False, "first_name": "U"}
    async with bot_over(fake, sample_index, FACTBOT_RATE_LIMIT_PER_MINUTE="1") as app:
        for n in range(3):
            if n == 1:
                failure(fake, "answerInlineQuery")
            inline = {"id": f"q{n}", "from": sender, "query": QUESTION, "offset": ""}
            await app.process_update(update(app.bot, inline_query=inline))
    assert asked == [QUESTION]
    first, *refused = fake.sent("answerInlineQuery")
    assert first["results"] and [r["results"] for r in refused] == [[], []]
    assert fake.texts() == []
