"""The real `factbot telegram` process against the Telegram Bot API emulator: polling, webhook, buttons,
/reindex without a restart, and buttons that still work after a restart."""

from __future__ import annotations

import html
import json
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from e2e_support import (
    ADMIN,
    BotProcess,
    Emulator,
    bot_command,
    bot_environment,
    buttons,
    start_bot,
    user_message,
)

SAMPLE_QUESTIONS = {
    "how many base stations?": "27,000",
    "How many new mobile base stations were built with Chinese financing?": "27,000",
    "how many tons of goods were delivered?": "more than 226 tons",
    "how much were the Uzbektelecom projects worth?": "around USD 700 million",
    "how many contracts were signed in January 2024?": "12",
}
NEW_ARTICLE = """---
title: Springfield widget plant doubles output
source: Springfield Gazette
date: 2025-10-02
---
The Acme widget plant in Springfield produced 4,321 widgets in October, its managers said.
The plant employs workers from three towns.
"""
WIDGET_QUESTION = "how many widgets did the Acme plant in Springfield produce?"
# "More answers" edits in a numbered list, or says there are none.
MORE_ANSWERS = r"^1\. <b>27,000</b>|^<b>27,000</b>[\s\S]*No other answers"


def text_of(reply: dict) -> str:
    """The HTML text of a bot message as the emulator stored it."""
    return str(reply["message"]["text"])


@pytest.mark.parametrize(("question", "figure"), SAMPLE_QUESTIONS.items())
def test_sample_article_questions_get_the_right_figure(
    emulator: Emulator, polling_bot: BotProcess, question: str, figure: str
) -> None:
    chat_id = 1000 + len(question)
    emulator.send(polling_bot.token, chat_id, question)
    [reply] = emulator.replies(polling_bot.token, chat_id)
    text = text_of(reply)
    assert text.startswith(f"<b>{figure}</b>"), text
    assert f"<u><b>{figure}</b></u>" in text
    assert "Uzbekistan deepens digital cooperation with China" in text
    assert set(buttons(reply)) == {"More answers", "Show context"}
    typing = emulator.calls(polling_bot.token, "sendChatAction")
    assert {"chat_id": str(chat_id), "action": "typing"} in [
        {k: c[k] for k in ("chat_id", "action")} for c in typing
    ]


def test_start_help_and_sources(emulator: Emulator, polling_bot: BotProcess) -> None:
    token, chat_id = polling_bot.token, 2001
    emulator.send(token, chat_id, "/start")
    [start] = emulator.replies(token, chat_id)
    assert "For example" in text_of(start) and "<code>" in text_of(start)
    emulator.send(token, chat_id, "/sources")
    [sources] = emulator.replies(token, chat_id)
    assert "Uzbekistan deepens digital cooperation with China" in text_of(sources)
    commands = emulator.calls(token, "setMyCommands")[-1]["commands"]
    assert '"ask"' in commands and '"reindex"' in commands


def test_buttons_edit_the_answer(emulator: Emulator, polling_bot: BotProcess) -> None:
    token, chat_id = polling_bot.token, 2002
    emulator.send(token, chat_id, "how much were the Uzbektelecom projects worth?")
    [reply] = emulator.replies(token, chat_id)
    data = buttons(reply)
    emulator.press(token, chat_id, reply["messageId"], data["More answers"])
    more = r"^1\. <b>around USD 700 million</b>[\s\S]*\n\n2\. <b>"
    assert "Show context" in wait_for_edit(emulator, token, chat_id, reply["messageId"], more, markup=True)
    emulator.press(token, chat_id, reply["messageId"], data["Show context"])
    # The context keeps the figure on top; the answer's sentence is bold with the figure underlined.
    context = r"^<b>around USD 700 million</b>\n[\s\S]*<u>around USD 700 million</u>"
    edited = wait_for_edit(emulator, token, chat_id, reply["messageId"], context)
    figure, *sentences, source = edited.split("\n")
    assert figure == "<b>around USD 700 million</b>"
    [marked] = [line for line in sentences if "<u>around USD 700 million</u>" in line]
    assert marked.startswith("<b>") and marked.endswith("</b>")
    assert "27,000 new mobile base stations" in html.unescape(marked)
    plain = [line for line in sentences if line != marked]
    assert "Major investment flows underline the depth of the partnership." in plain
    assert all("<" not in line for line in plain)
    assert source == "<i>Uzbekistan deepens digital cooperation with China · APP · 2025-09-01</i>"


def test_group_chatter_is_ignored_and_mentions_answered(emulator: Emulator, polling_bot: BotProcess) -> None:
    token, group = polling_bot.token, -2003
    emulator.send(token, group, "how many base stations? (chatter, not for the bot)", user_id=5)
    mention = [{"type": "mention", "offset": 0, "length": len("@TestNameBot")}]
    emulator.send(token, group, "@TestNameBot how many base stations?", user_id=5, entities=mention)
    emulator.send(token, group, "/ask how many base stations?", user_id=5)
    emulator.send(token, group, "/sources", user_id=5)
    replies = [text_of(r) for r in emulator.replies(token, group, n=3)]
    assert sum(r.startswith("<b>27,000</b>") for r in replies) == 2, replies
    assert sum("Uzbekistan deepens" in r and "sentences)" in r for r in replies) == 1, replies
    assert emulator.post("waitUpdates", {"token": token, "chatId": group, "timeout": 0.5}) == []


def test_reindex_is_refused_to_non_admins(emulator: Emulator, polling_bot: BotProcess) -> None:
    emulator.send(polling_bot.token, 2004, "/reindex")
    [reply] = emulator.replies(polling_bot.token, 2004)
    assert "only the bot's admins" in text_of(reply)


def test_reindex_picks_up_a_new_article_without_restart(emulator: Emulator, polling_bot: BotProcess) -> None:
    token, chat_id = polling_bot.token, 2005
    emulator.send(token, chat_id, "how many base stations?")
    [before] = emulator.replies(token, chat_id)
    emulator.send(token, chat_id, WIDGET_QUESTION)
    assert text_of(emulator.replies(token, chat_id)[0]).startswith("I couldn't find that")
    (polling_bot.corpus / "springfield-widgets.md").write_text(NEW_ARTICLE, encoding="utf-8")
    emulator.send(token, ADMIN, "/reindex")
    started, done = emulator.replies(token, ADMIN, n=2, timeout=60)
    assert "Rebuilding" in text_of(started) and text_of(done).startswith("Done:"), text_of(done)
    emulator.send(token, chat_id, WIDGET_QUESTION)
    [after] = emulator.replies(token, chat_id)
    assert text_of(after).startswith("<b>4,321"), text_of(after)
    emulator.press(token, chat_id, before["messageId"], buttons(before)["More answers"])
    wait_for_call(emulator, token, "answerCallbackQuery", "the index was rebuilt, please ask again")


def test_webhook_and_buttons_after_a_restart(emulator: Emulator, tmp_path: Path) -> None:
    token, chat_id, port = "e2e-webhook-token-9b2e", 3001, free_port()
    url = f"http://127.0.0.1:{port}/factbot-hook"
    args = ("--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port))
    bot = start_bot(emulator, token, tmp_path, *args, ready="setWebhook")
    try:
        assert emulator.calls(token, "setWebhook")[-1]["url"] == url
        emulator.send(token, chat_id, "how many base stations?")
        [reply] = emulator.replies(token, chat_id)
        assert text_of(reply).startswith("<b>27,000</b>")
    finally:
        bot.stop()
    assert emulator.calls(token, "webhookFailed") == []
    restarted = start_bot(emulator, token, tmp_path)  # polling now, same index: the old buttons still work
    try:
        emulator.press(token, chat_id, reply["messageId"], buttons(reply)["More answers"])
        wait_for_edit(emulator, token, chat_id, reply["messageId"], MORE_ANSWERS)
    finally:
        restarted.stop()
    for process in (bot, restarted):
        assert token not in process.output()


def wait_for_edit(
    emulator: Emulator, token: str, chat_id: int, message_id: int, expected: str, markup: bool = False
) -> str:
    """Wait until the bot's message has been edited to match the regex `expected`; its text (+ markup)."""
    for _ in range(400):
        message = emulator.bot_message(token, chat_id, message_id)
        text = str(message.get("text", ""))
        if re.search(expected, text):
            return text + (str(message.get("reply_markup")) if markup else "")
        time.sleep(0.05)
    raise AssertionError(f"message {message_id} never showed {expected!r}; it says {text!r}")


def wait_for_call(emulator: Emulator, token: str, method: str, text: str) -> None:
    """Wait until the bot has made a call of `method` whose text contains `text` (case-insensitive)."""
    for _ in range(400):
        if any(text.lower() in str(c.get("text", "")).lower() for c in emulator.calls(token, method)):
            return
        time.sleep(0.05)
    raise AssertionError(f"no {method} with {text!r}: {emulator.calls(token, method)}")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_answers_are_telegram_sized_html(emulator: Emulator, polling_bot: BotProcess) -> None:
    # The shim rejects malformed HTML and > 4,096 characters like Telegram: a hostile question still works.
    emulator.send(polling_bot.token, 2006, "<b>& how many base stations? </b> & <i>")
    [reply] = emulator.replies(polling_bot.token, 2006)
    assert re.match(r"<b>27,000</b>|I couldn't find", text_of(reply))


def test_inline_query_is_answered_with_articles(emulator: Emulator, polling_bot: BotProcess) -> None:
    body = {"botToken": polling_bot.token, "from": {"id": 2007, "is_bot": False, "first_name": "U"}}
    emulator.post("sendInlineQuery", {**body, "query": "how many base stations?"})
    wait_for_call(emulator, polling_bot.token, "answerInlineQuery", "")
    results = json.loads(emulator.calls(polling_bot.token, "answerInlineQuery")[-1]["results"])
    assert results[0]["title"] == "27,000"
    assert results[0]["input_message_content"]["message_text"].startswith("<b>27,000</b>")


def test_sticker_gets_a_one_line_hint(emulator: Emulator, polling_bot: BotProcess) -> None:
    sticker = {
        "file_id": "f",
        "file_unique_id": "u",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    body = user_message(polling_bot.token, 2008, "")
    del body["text"]
    emulator.post("sendMessage", {**body, "sticker": sticker})
    [reply] = emulator.replies(polling_bot.token, 2008)
    assert text_of(reply) == "I only read text: send me your question as a message."


def test_a_second_poller_ends_the_first_with_a_clear_conflict(emulator: Emulator, tmp_path: Path) -> None:
    # (The first one's last getUpdates on its way out may in turn end the second: Telegram does the same.)
    token = "e2e-conflict-token-77aa"
    first = start_bot(emulator, token, tmp_path / "first")
    second = start_bot(emulator, token, tmp_path / "second")
    try:
        assert first.proc.wait(30) == 3
        assert "another process is already polling with this bot token" in first.output()
        assert token not in first.output()
    finally:
        first.stop()
        second.stop()


def test_webhook_port_in_use_is_a_clear_error(emulator: Emulator, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        url = f"http://127.0.0.1:{port}/hook"
        args = ["--webhook-url", url, "--listen", "127.0.0.1", "--port", str(port)]
        env = bot_environment(emulator, "e2e-port-token-5d1e", tmp_path)
        command = [*bot_command(), "telegram", *args]
        done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"cannot serve the webhook on 127.0.0.1:{port}" in done.stderr
