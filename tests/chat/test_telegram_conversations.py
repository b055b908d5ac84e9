"""Conversations on Telegram, in-process over the recording fake Bot API: follow-ups per private chat and per
user in a group (never crossing), expiry, /new, buttons after a follow-up, and the timeline in a reply."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.ext import Application
from test_telegram_handlers import BOT_USER, USER, RecordingRequest, message, press, settings, update
from test_telegram_replies import check_telegram_html, visible

from bot.chat.telegram_bot.conversations import CONVERSATIONS
from bot.chat.telegram_bot.handlers import build_application
from bot.chat.telegram_bot.replies import MAX_MESSAGE, format_answer, read_back, telegram_length
from bot.models import Answer, AnswerType, Source, Span, TimelineEntry
from bot.search import SearchIndex

TELNOR = "How many base stations does Telnor have?"
CONTRACTS = "How many contracts did Telnor sign in 2024?"
GROUP, ANNA, BORIS = -500, 21, 22


@pytest.fixture
async def app(request_log: RecordingRequest, archive_index: SearchIndex) -> AsyncIterator[Application]:
    """A bot over the dated test archive."""
    application = build_application(settings(), archive_index, request=request_log)
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def request_log() -> RecordingRequest:
    """The fake Bot API of one test."""
    return RecordingRequest()


async def ask(app: Application, log: RecordingRequest, text: str, **kwargs: Any) -> str:
    """Send one message; the bot's reply (HTML)."""
    before = len(log.sent())
    await app.process_update(update(app.bot, message=message(text, **kwargs)))
    [reply] = log.texts()[before:]
    check_telegram_html(reply)
    return reply


async def test_two_private_chats_interleaved_never_cross(
    app: Application, request_log: RecordingRequest
) -> None:
    assert (await ask(app, request_log, TELNOR, chat_id=31, user_id=31)).startswith("<b>24,000</b>")
    assert (await ask(app, request_log, CONTRACTS, chat_id=32, user_id=32)).startswith("<b>20</b>")
    mobitel = await ask(app, request_log, "what about Mobitel?", chat_id=31, user_id=31)
    earlier = await ask(app, request_log, "and in 2022?", chat_id=32, user_id=32)
    assert mobitel.startswith(
        "<i>Reading that as: How many base stations does Mobitel have?</i>\n<b>9,000</b>"
    )
    assert earlier.startswith(
        "<i>Reading that as: How many contracts did Telnor sign in 2022?</i>\n<b>14</b>"
    )


async def test_two_users_in_one_group_keep_their_own_conversations(
    app: Application, request_log: RecordingRequest
) -> None:
    in_group = {"chat_id": GROUP}
    await ask(app, request_log, f"/ask {TELNOR}", user_id=ANNA, **in_group)
    await ask(app, request_log, f"/ask {CONTRACTS}", user_id=BORIS, **in_group)
    anna = await ask(app, request_log, "/ask and in 2019?", user_id=ANNA, **in_group)
    boris = await ask(app, request_log, "/ask and in 2022?", user_id=BORIS, **in_group)
    assert "Reading that as: How many base stations does Telnor have in 2019?" in anna
    assert visible(anna).split("\n")[1] == "9,500"
    assert "Reading that as: How many contracts did Telnor sign in 2022?" in boris
    # Anna's private chat is another conversation: there, "and in 2022?" has nothing to follow.
    alone = await ask(app, request_log, "and in 2022?", chat_id=ANNA, user_id=ANNA)
    assert "Reading that as" not in alone
    assert set(app.chat_data[GROUP][CONVERSATIONS]) == {f"user:{ANNA}", f"user:{BORIS}"}


async def test_the_context_expires(app: Application, request_log: RecordingRequest) -> None:
    await ask(app, request_log, CONTRACTS)
    state = app.chat_data[USER][CONVERSATIONS]["chat"]
    state["at"] -= 10 * 60 + 1  # the question was asked ten minutes and a second ago
    reply = await ask(app, request_log, "and in 2022?")
    assert "Reading that as" not in reply


async def test_new_starts_afresh(app: Application, request_log: RecordingRequest) -> None:
    await ask(app, request_log, CONTRACTS)
    assert await ask(app, request_log, "/new") == "Starting afresh: your next question stands alone."
    assert "Reading that as" not in await ask(app, request_log, "and in 2022?")
    assert "Reading that as" in await ask(
        app, request_log, "and in 2024?"
    )  # the context is that question now


async def test_buttons_after_a_follow_up_use_the_question_as_read(
    app: Application, request_log: RecordingRequest
) -> None:
    await ask(app, request_log, CONTRACTS)
    follow = message("and in 2022?")
    await app.process_update(update(app.bot, message=follow))
    sent = request_log.sent()[-1]
    more, context = (b["callback_data"] for b in sent["reply_markup"]["inline_keyboard"][0])
    private = {"id": USER, "type": "private"}
    shown = {"message_id": 10_001, "date": 1, "chat": private, "from": BOT_USER, "reply_to_message": follow}
    await app.process_update(press(app.bot, more, {**shown, "text": visible(sent["text"])}))
    edit = request_log.sent("editMessageText")[-1]["text"]
    check_telegram_html(edit)
    assert edit.startswith("<i>Reading that as: How many contracts did Telnor sign in 2022?</i>\n")
    assert "<b>14</b>" in edit.split("\n")[1]
    await app.process_update(press(app.bot, context, {**shown, "text": visible(edit)}))
    edit = request_log.sent("editMessageText")[-1]["text"]
    assert read_back(visible(edit)) == "How many contracts did Telnor sign in 2022?"  # still there to read
    assert "<u>14</u>" in edit


async def test_the_reply_shows_the_other_articles_figures(
    app: Application, request_log: RecordingRequest
) -> None:
    reply = visible(await ask(app, request_log, TELNOR))
    lines = reply.split("\n")
    assert lines[0] == "24,000" and lines[2].endswith("Vesta Tribune · 2025-01-12")
    assert lines[3] == "Also reported by: APP (2025-01-10)"
    assert lines[4] == (
        "Earlier: 18,000 (Norland Herald, 2023-04-05; also APP) · 12,000 (APP, 2021-03-15) · "
        "9,500 (Daily News, 2019-11-20) · 7,000 (Telnor, undated)"
    )


def long_answer(text: str, reporters: int) -> Answer:
    """A follow-up answer whose every part (question, sentence, titles, figures) is made of `text`."""
    source = Source(doc_id="x", title=text, source=text, date="2025-01-01", url="https://x.test/" + "a" * 300)
    also = [source] * reporters
    entries = [
        TimelineEntry(figure=text, date=f"202{i}-01-01", passage=text, source=source, also_reported_by=also)
        for i in range(5)
    ]
    sentence = text * 3 + "with 27,000 stations " + text * 3
    start = sentence.index("27,000")
    return Answer(
        question=text,
        found=True,
        answer_type=AnswerType.COUNT,
        figure="27,000",
        highlight=Span(start=start, end=start + 6),
        passage=sentence,
        sentence_id=1,
        source=source,
        score=1.0,
        bm25=1.0,
        follow_up=True,
        interpreted_as=("how many <stations> & more " * 40)[:1000],
        as_of="2025-01-01",
        also_reported_by=also,
        timeline=entries,
    )


def test_a_long_timeline_is_escaped_and_fits_one_message() -> None:
    text = format_answer(long_answer("Norland <Herald> & Tribune " * 8, reporters=3))
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE
    assert text.startswith("<i>Reading that as: how many &lt;stations&gt; &amp; more")
    assert "<u><b>27,000</b></u>" in text
    [earlier] = [line for line in visible(text).split("\n") if line.startswith("Earlier: ")]
    assert earlier.count(" (Norland <Herald>") == 5 and "2020-01-01" in earlier


def test_a_timeline_too_long_for_one_message_gives_way_to_the_answer() -> None:
    text = format_answer(long_answer("<b>A & B</b> " * 300, reporters=9))
    check_telegram_html(text)
    assert telegram_length(text) <= MAX_MESSAGE
    assert read_back(visible(text)).startswith("how many <stations> & more")
    assert "<u><b>27,000</b></u>" in text


@pytest.mark.parametrize(
    "text",
    [
        "Reading that as: how many <x> & y?\n27,000",  # the plain text Telegram gives a button's message
        "<i>Reading that as: how many &lt;x&gt; &amp; y?</i>\n<b>27,000</b>",  # the HTML the bot wrote
    ],
)
def test_the_question_as_read_is_read_back_from_the_message(text: str) -> None:
    assert read_back(text) == "how many <x> & y?"


@pytest.mark.parametrize(
    "text", [None, "", "27,000\nReading that as: not the first line", "Reading that as: "]
)
def test_a_message_without_a_reading_line_reads_back_nothing(text: str | None) -> None:
    assert read_back(text) is None
