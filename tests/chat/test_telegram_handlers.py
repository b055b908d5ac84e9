"""factbot on Telegram, in-process: real handlers and index, a recording fake Bot API (no network).

Like PTB's own tests (`OfflineRequest` in tests/auxil/networking.py): a `BaseRequest` subclass records each
call and answers with canned JSON or a queued error; updates are fed with `app.process_update`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
import shutil
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Bot, Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData
from test_telegram_replies import check_telegram_html, visible

import bot.answer as qa
from bot.chat.telegram_bot import handlers as telegram_bot
from bot.chat.telegram_bot.handlers import (
    ASK_AGAIN,
    INDEX,
    ONLY_TEXT,
    RATE,
    SETTINGS,
    SOMETHING_WRONG,
    build_application,
    post_init,
    within_rate,
)
from bot.chat.telegram_bot.replies import MAX_MESSAGE, button_data, telegram_length
from bot.config import Settings
from bot.models import Span
from bot.search import SearchIndex, build_index
from tests.conftest import SAMPLE

TOKEN = "123456:SECRET-token-value"
BOT_USER = {"id": 666, "is_bot": True, "first_name": "Factbot", "username": "FactTestBot"}
ADMIN, USER = 1, 7
HOSTILE = """---
title: <b>Tom & Jerry</b> report
source: A&B <news>
date: 2024-05-05
---
The <b>Acme & Sons</b> plant in Springfield made 4,321 <widgets> in 2023 & sold most of them.
"""
_ids = itertools.count(1)


class RecordingRequest(BaseRequest):
    """Records every Bot API call and answers like Telegram, or with a queued error."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.raises: dict[str, list[Exception]] = {}
        self._message_ids = itertools.count(10_000)

    @property
    def read_timeout(self) -> float:
        """Unused: nothing waits."""
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def fail(self, method: str, status: int, description: str, **parameters: Any) -> None:
        """Make the next call of `method` fail with this HTTP status and Telegram error."""
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self.errors.setdefault(method, []).append((status, body))

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of every call of `method`, in order."""
        return [params for name, params in self.calls if name == method]

    def texts(self, method: str = "sendMessage") -> list[str]:
        """The text of every call of `method`."""
        return [params["text"] for params in self.sent(method)]

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Record the call; answer with a queued exception, a queued error or a canned success."""
        endpoint = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        self.calls.append((endpoint, params))
        if self.raises.get(endpoint):
            raise self.raises[endpoint].pop(0)
        if self.errors.get(endpoint):
            status, body = self.errors[endpoint].pop(0)
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self._result(endpoint, params)}).encode()

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT_USER
        if endpoint == "getUpdates":
            return []
        if endpoint == "sendMessage":
            chat = {"id": int(params["chat_id"]), "type": "private"}
            text = params.get("text", "")
            message_id = next(self._message_ids)
            return {"message_id": message_id, "date": 1, "chat": chat, "from": BOT_USER, "text": text}
        return True


def message(text: str | None, *, chat_id: int = USER, user_id: int = USER, **extra: Any) -> dict[str, Any]:
    """A Message dict; a leading /command gets its bot_command entity, as Telegram adds."""
    chat = (
        {"id": chat_id, "type": "private"} if chat_id > 0 else {"id": chat_id, "type": "group", "title": "g"}
    )
    sender = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
    data: dict[str, Any] = {"message_id": next(_ids), "date": 1, "chat": chat, "from": sender, **extra}
    if text is not None:
        data["text"] = text
        command = re.match(r"/\S+", text)
        if command:
            data["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
    return data


def update(bot: Bot, **payload: Any) -> Update:
    """An Update around one payload: message=..., callback_query=..., inline_query=..."""
    return Update.de_json({"update_id": next(_ids), **payload}, bot)


def press(bot: Bot, data: str, on: dict[str, Any], user_id: int = USER) -> Update:
    """A button press on the message `on` (which, like Telegram's, may carry `reply_to_message`)."""
    sender = {"id": user_id, "is_bot": False, "first_name": "U"}
    query = {"id": str(next(_ids)), "from": sender, "chat_instance": "1", "data": data, "message": on}
    return update(bot, callback_query=query)


def settings(**values: Any) -> Settings:
    """Settings for a test bot: no .env, a fake token, user 1 is the admin."""
    base = {"TELEGRAM_BOT_TOKEN": TOKEN, "FACTBOT_ADMINS": str(ADMIN), "TELEGRAM_API_URL": "http://fake/bot"}
    return Settings(_env_file=None, **{**base, **values})


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The sample article plus one whose title and text are full of '<b>' and '&'."""
    base = tmp_path_factory.mktemp("tg")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus)
    (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    build_index(corpus, base / "index")
    return SearchIndex.open(base / "index")


@pytest.fixture
def request_log() -> RecordingRequest:
    """The fake Bot API of one test."""
    return RecordingRequest()


@pytest.fixture
async def app(request_log: RecordingRequest, hostile_index: SearchIndex) -> AsyncIterator[Application]:
    """An initialised Application over the fake Bot API and the test index."""
    application = build_application(settings(), hostile_index, request=request_log)
    await application.initialize()
    yield application
    await application.shutdown()


async def say(app: Application, text: str | None, **kwargs: Any) -> dict[str, Any]:
    """Feed one incoming message; return it (as sent)."""
    data = message(text, **kwargs)
    await app.process_update(update(app.bot, message=data))
    return data


async def test_private_text_is_answered_with_figure_sentence_source_and_buttons(
    app: Application, request_log: RecordingRequest
) -> None:
    question = await say(app, "how many base stations?")
    assert [name for name, _ in request_log.calls[-2:]] == ["sendChatAction", "sendMessage"]
    sent = request_log.sent()[-1]
    check_telegram_html(sent["text"])
    assert sent["parse_mode"] == "HTML"
    assert sent["text"].startswith("<b>27,000</b>\n")
    assert "<u><b>27,000</b></u> new mobile base stations" in sent["text"]
    assert "Uzbekistan deepens digital cooperation with China</i>" in sent["text"] or "· APP" in sent["text"]
    assert sent["reply_parameters"]["message_id"] == question["message_id"]
    buttons = sent["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["More answers", "Show context"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)


async def test_unanswerable_question_gets_short_not_found_without_buttons(
    app: Application, request_log: RecordingRequest
) -> None:
    await say(app, "what is the boiling point of mercury on Jupiter's moons?")
    sent = request_log.sent()[-1]
    assert sent["text"].startswith("I couldn't find that in the articles.")
    assert "reply_markup" not in sent


async def test_start_and_help_give_example_questions_from_the_corpus(
    app: Application, request_log: RecordingRequest
) -> None:
    await say(app, "/start")
    await say(app, "/help")
    start, help_ = request_log.texts()[-2:]
    assert start == help_
    check_telegram_html(start)
    examples = re.findall(r"<code>(.*?)</code>", start)
    assert 1 <= len(examples) <= 3
    assert examples == [re.sub("&", "&amp;", q) for q in qa.suggest_questions(app.bot_data[INDEX], 3)]


async def test_ask_command_answers_and_bare_ask_shows_usage(
    app: Application, request_log: RecordingRequest
) -> None:
    await say(app, "/ask how many base stations?")
    assert request_log.texts()[-1].startswith("<b>27,000</b>")
    await say(app, "/ask")
    assert request_log.texts()[-1].startswith("Usage: /ask")


async def test_sources_lists_articles_escaped(app: Application, request_log: RecordingRequest) -> None:
    await say(app, "/sources")
    text = request_log.texts()[-1]
    check_telegram_html(text)
    assert text.startswith("<b>2 articles</b>")
    assert "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; report" in text and "A&amp;B &lt;news&gt;" in text


async def test_hostile_question_and_article_text_are_escaped(
    app: Application, request_log: RecordingRequest
) -> None:
    await say(app, "<b>& how many <widgets> did the Acme & Sons plant make?")
    text = request_log.texts()[-1]
    check_telegram_html(text)
    assert text.startswith("<b>4,321")
    assert "The <b>Acme & Sons</b> plant" in visible(text)


async def test_group_chatter_is_ignored_but_mentions_replies_and_ask_are_answered(
    app: Application, request_log: RecordingRequest
) -> None:
    group = -100
    await say(app, "how many base stations?", chat_id=group)
    assert request_log.sent() == []
    mention = [{"type": "mention", "offset": 0, "length": 12}]
    await say(app, "@FactTestBot how many base stations?", chat_id=group, entities=mention)
    await say(app, "/ask@FactTestBot how many base stations?", chat_id=group)
    bot_message = {
        "message_id": 5,
        "date": 1,
        "chat": {"id": group, "type": "group"},
        "from": BOT_USER,
        "text": "x",
    }
    await say(app, "and how many base stations?", chat_id=group, reply_to_message=bot_message)
    texts = request_log.texts()
    assert len(texts) == 3 and all(t.startswith("<b>27,000</b>") for t in texts)


async def test_more_answers_button_edits_in_next_answers(
    app: Application, request_log: RecordingRequest
) -> None:
    question = await say(app, "how many base stations?")
    sent = request_log.sent()[-1]
    private = {"id": USER, "type": "private"}
    answer_message = {"message_id": 10_000, "date": 1, "chat": private, "from": BOT_USER, "text": "x"}
    answer_message["reply_to_message"] = question
    more = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await app.process_update(press(app.bot, more, answer_message))
    edit = request_log.sent("editMessageText")[-1]
    check_telegram_html(edit["text"])
    expected = qa.answer("how many base stations?", app.bot_data[INDEX])
    if expected.alternatives:
        assert edit["text"].startswith("1. <b>27,000</b>")
        assert f"\n\n{len(expected.alternatives) + 1}. " in edit["text"]
    else:
        assert edit["text"].startswith("<b>27,000</b>") and "No other answers" in edit["text"]
    assert [b["text"] for b in edit["reply_markup"]["inline_keyboard"][0]] == ["Show context"]
    assert request_log.sent("answerCallbackQuery")


async def test_show_context_keeps_the_figure_first_and_marks_the_answer_sentence(
    app: Application, request_log: RecordingRequest
) -> None:
    await say(app, "how many base stations?")
    sent = request_log.sent()[-1]
    answer_message = {"message_id": 10_000, "date": 1, "chat": {"id": USER, "type": "private"}, "text": "x"}
    context = sent["reply_markup"]["inline_keyboard"][0][1]["callback_data"]
    await app.process_update(press(app.bot, context, answer_message))
    edit = request_log.sent("editMessageText")[-1]
    check_telegram_html(edit["text"])
    figure, *sentences, source = edit["text"].split("\n")
    assert figure == "<b>27,000</b>"
    assert source == "<i>Uzbekistan deepens digital cooperation with China · APP · 2025-09-01</i>"
    index = app.bot_data[INDEX]
    sentence_id = qa.answer("how many base stations?", index).sentence_id
    rows = index.context(sentence_id)
    assert len(rows) >= 3 and [visible(line) for line in sentences] == [text for _, text in rows]
    [marked] = [line for (sid, _), line in zip(rows, sentences, strict=True) if sid == sentence_id]
    assert marked.startswith("<b>") and marked.endswith("</b>")
    assert "<u>27,000</u> new mobile base stations" in marked
    assert sum("<" in line for line in sentences) == 1  # the other sentences are plain
    assert [b["text"] for b in edit["reply_markup"]["inline_keyboard"][0]] == ["More answers"]


async def test_show_context_after_more_answers_still_shows_the_figure(
    app: Application, request_log: RecordingRequest
) -> None:
    question = await say(app, "how many base stations?")
    more = request_log.sent()[-1]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    private = {"id": USER, "type": "private"}
    answer_message = {
        "message_id": 10_000,
        "date": 1,
        "chat": private,
        "text": "x",
        "reply_to_message": question,
    }
    await app.process_update(press(app.bot, more, answer_message))
    [context] = request_log.sent("editMessageText")[-1]["reply_markup"]["inline_keyboard"][0]
    await app.process_update(press(app.bot, context["callback_data"], answer_message))
    text = request_log.sent("editMessageText")[-1]["text"]
    check_telegram_html(text)
    assert text.startswith("<b>27,000</b>\n") and "<u>27,000</u>" in text


async def test_show_context_button_without_a_figure_span_still_shows_the_sentences(
    app: Application, request_log: RecordingRequest
) -> None:
    index = app.bot_data[INDEX]
    sentence_id = qa.answer("how many base stations?", index).sentence_id
    on = {"message_id": 3, "date": 1, "chat": {"id": USER, "type": "private"}, "text": "x"}
    await app.process_update(press(app.bot, button_data("c", index.generation, sentence_id), on))
    text = request_log.sent("editMessageText")[-1]["text"]
    check_telegram_html(text)
    assert re.search(r"^<b>[^<]*27,000 new mobile base stations[^<]*</b>$", text, re.M)
    assert "<u>" not in text and visible(text.split("\n")[0]) == index.context(sentence_id)[0][1]


async def test_button_from_an_older_index_asks_to_ask_again(
    app: Application, request_log: RecordingRequest
) -> None:
    on = {"message_id": 3, "date": 1, "chat": {"id": USER, "type": "private"}, "text": "x"}
    await app.process_update(press(app.bot, button_data("m", "old-generation", 4), on))
    answered = request_log.sent("answerCallbackQuery")[-1]
    assert answered["text"] == ASK_AGAIN and answered["show_alert"] is True
    assert request_log.sent("editMessageText") == []


async def test_more_answers_without_the_question_in_sight_asks_again(
    app: Application, request_log: RecordingRequest
) -> None:
    on = {"message_id": 3, "date": 1, "chat": {"id": USER, "type": "private"}, "text": "x"}
    data = button_data("m", app.bot_data[INDEX].generation, 4)
    await app.process_update(press(app.bot, data, on))
    assert "ask again" in request_log.sent("answerCallbackQuery")[-1]["text"]


async def test_foreign_button_data_is_answered_not_crashed(
    app: Application, request_log: RecordingRequest
) -> None:
    on = {"message_id": 3, "date": 1, "chat": {"id": USER, "type": "private"}, "text": "x"}
    await app.process_update(press(app.bot, "something-else", on))
    assert "ask again" in request_log.sent("answerCallbackQuery")[-1]["text"]


async def test_inline_query_returns_top_answers_as_articles(
    app: Application, request_log: RecordingRequest
) -> None:
    sender = {"id": USER, "is_bot": False, "first_name": "U"}
    inline = {"id": "q1", "from": sender, "query": "how many base stations?", "offset": ""}
    await app.process_update(update(app.bot, inline_query=inline))
    results = request_log.sent("answerInlineQuery")[-1]["results"]
    assert results and results[0]["type"] == "article" and results[0]["title"] == "27,000"
    content = results[0]["input_message_content"]
    check_telegram_html(content["message_text"])
    assert content["parse_mode"] == "HTML" and len({r["id"] for r in results}) == len(results)
    await app.process_update(update(app.bot, inline_query={**inline, "id": "q2", "query": " "}))
    assert request_log.sent("answerInlineQuery")[-1]["results"] == []


async def test_non_text_message_gets_one_line_hint(app: Application, request_log: RecordingRequest) -> None:
    sticker = {
        "file_id": "f",
        "file_unique_id": "u",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    await say(app, None, sticker=sticker)
    assert request_log.texts() == [ONLY_TEXT]


async def test_replies_never_exceed_the_telegram_limit(
    app: Application, request_log: RecordingRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = qa.answer
    long_passage = "very & long <text> " * 2_000 + "with 27,000 stations " + "more words " * 2_000

    def huge(question: str, index: SearchIndex, **kw: Any) -> Any:
        result = real("how many base stations?", index, **kw)
        start = long_passage.index("27,000")
        return result.model_copy(
            update={"passage": long_passage, "highlight": Span(start=start, end=start + 6)}
        )

    monkeypatch.setattr(qa, "answer", huge)
    await say(app, "how many base stations?")
    text = request_log.texts()[-1]
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE and "<u><b>27,000</b></u>" in text


async def test_forbidden_is_logged_and_skipped(
    app: Application, request_log: RecordingRequest, caplog: pytest.LogCaptureFixture
) -> None:
    request_log.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with caplog.at_level(logging.WARNING):
        await say(app, "how many base stations?")
    assert len(request_log.sent()) == 1
    assert any("blocked" in r.getMessage() for r in caplog.records)


async def test_handler_exception_is_logged_and_user_told_without_traceback(
    app: Application,
    request_log: RecordingRequest,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kaboom in the engine")

    monkeypatch.setattr(qa, "answer", broken)
    with caplog.at_level(logging.ERROR):
        await say(app, "how many base stations?")
    assert request_log.texts() == [SOMETHING_WRONG]
    assert any(r.exc_info and "kaboom" in str(r.exc_info[1]) for r in caplog.records)


async def test_invalid_question_gets_the_reason(app: Application, request_log: RecordingRequest) -> None:
    await say(app, "?!? ... ???")
    text = request_log.texts()[-1]
    check_telegram_html(text)
    assert text.startswith("Please ask a question in words.")


async def test_per_user_rate_limit_answers_a_flood_politely_once(
    request_log: RecordingRequest, hostile_index: SearchIndex
) -> None:
    app = build_application(settings(FACTBOT_RATE_LIMIT_PER_MINUTE="2"), hostile_index, request=request_log)
    async with app:
        for _ in range(5):
            await say(app, "how many base stations?")
        await say(app, "how many base stations?", chat_id=8, user_id=8)
    texts = request_log.texts()
    assert len(texts) == 4
    assert texts[2].startswith("You're asking faster than I can answer")
    assert texts[3].startswith("<b>27,000</b>")


async def test_allowlist_admits_listed_chats_only(
    request_log: RecordingRequest, hostile_index: SearchIndex
) -> None:
    app = build_application(settings(FACTBOT_ALLOWED_CHATS="42"), hostile_index, request=request_log)
    async with app:
        await say(app, "how many base stations?", chat_id=9, user_id=9)
        await say(app, "how many base stations?", chat_id=-5, user_id=9)
        await say(app, "how many base stations?", chat_id=42, user_id=42)
        await say(
            app,
            "@FactTestBot how many base stations?",
            chat_id=-5,
            user_id=42,
            entities=[{"type": "mention", "offset": 0, "length": 12}],
        )
    texts = request_log.texts()
    assert texts[0] == "Sorry, this bot is private."
    assert len(texts) == 3 and all(t.startswith("<b>27,000</b>") for t in texts[1:])


async def test_reindex_is_for_admins_and_swaps_in_a_new_index(
    request_log: RecordingRequest, tmp_path: Path, sample_corpus: Path
) -> None:
    build_index(sample_corpus, tmp_path / "index")
    config = settings(FACTBOT_CORPUS_DIR=str(sample_corpus), FACTBOT_INDEX_DIR=str(tmp_path / "index"))
    app = build_application(config, SearchIndex.open(tmp_path / "index"), request=request_log)
    async with app:
        old = app.bot_data[INDEX].generation
        await say(app, "/reindex", user_id=USER)
        assert request_log.texts()[-1] == "Sorry, only the bot's admins can rebuild the index."
        (sample_corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
        await say(app, "/reindex", chat_id=ADMIN, user_id=ADMIN)
        assert request_log.texts()[-1].startswith("Done:")
        assert app.bot_data[INDEX].generation != old
        await say(app, "how many widgets did the Acme & Sons plant make?")
    assert request_log.texts()[-1].startswith("<b>4,321")


async def test_set_my_commands_at_start_up(app: Application, request_log: RecordingRequest) -> None:
    await post_init(app)
    commands = [c["command"] for c in request_log.sent("setMyCommands")[-1]["commands"]]
    assert commands == ["ask", "help", "sources", "new", "reindex"]


def test_module_keeps_no_global_state() -> None:
    mutable = [name for name, value in vars(telegram_bot).items() if isinstance(value, dict | list | set)]
    assert set(mutable) <= {"__builtins__", "COMMANDS"}


async def test_questions_are_answered_while_a_reindex_runs(
    request_log: RecordingRequest, hostile_index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, started = threading.Event(), threading.Event()

    def slow_build(*args: Any) -> str:
        started.set()
        release.wait(30)
        return "indexed (a stand-in build)"

    monkeypatch.setattr(telegram_bot, "build_index", slow_build)
    monkeypatch.setattr(telegram_bot, "open_index", lambda *a, **k: hostile_index)
    app = build_application(settings(), hostile_index, request=request_log)
    async with app:
        rebuild = asyncio.create_task(say(app, "/reindex", chat_id=ADMIN, user_id=ADMIN))
        await asyncio.to_thread(started.wait, 30)
        await say(app, "how many base stations?")
        assert request_log.texts()[-1].startswith("<b>27,000</b>")
        release.set()
        await rebuild
    assert request_log.texts()[-1].startswith("Done:")


async def test_edited_messages_are_not_answered_again(
    app: Application, request_log: RecordingRequest
) -> None:
    await app.process_update(update(app.bot, edited_message=message("/ask how many base stations?")))
    await app.process_update(update(app.bot, edited_message=message("how many base stations?")))
    assert request_log.sent() == []


def test_rate_table_forgets_idle_users() -> None:
    idle = time.monotonic() - 120
    rates = {uid: (deque([idle]), [False]) for uid in range(5_000)}
    context = SimpleNamespace(bot_data={SETTINGS: settings(), RATE: rates})
    assert within_rate(context, 1) is True
    assert list(rates) == [1]


async def test_answers_reply_to_the_question_even_if_it_was_deleted(
    app: Application, request_log: RecordingRequest
) -> None:
    await say(app, "how many base stations?")
    assert request_log.sent()[-1]["reply_parameters"]["allow_sending_without_reply"] is True
