"""A real `factbot telegram` process over the dated test archive, against the emulator: a follow-up read
against the previous question, the other articles' figures under the answer, a button pressed after the
follow-up, and /new."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from e2e_support import ROOT, BotProcess, Emulator, buttons, start_bot
from test_telegram_e2e import text_of, wait_for_edit

ARCHIVE = ROOT / "tests" / "fixtures" / "archive"
CONTRACTS = "How many contracts did Telnor sign in 2024?"
READ_AS_2022 = "<i>Reading that as: How many contracts did Telnor sign in 2022?</i>\n"


@pytest.fixture(scope="module")
def archive_bot(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """A polling bot over a copy of the test archive."""
    base = tmp_path_factory.mktemp("archive-bot")
    shutil.copytree(ARCHIVE, base / "corpus")
    bot = start_bot(emulator, "e2e-archive-token-3c7d", base)
    yield bot
    bot.stop()
    assert bot.token not in bot.output()


def say(emulator: Emulator, bot: BotProcess, chat_id: int, text: str, **extra: object) -> dict:
    """Send one message and wait for the one reply."""
    emulator.send(bot.token, chat_id, text, **extra)
    [reply] = emulator.replies(bot.token, chat_id)
    return reply


def test_a_follow_up_then_its_buttons_then_new(emulator: Emulator, archive_bot: BotProcess) -> None:
    chat_id = 4001
    assert text_of(say(emulator, archive_bot, chat_id, CONTRACTS)).startswith("<b>20</b>")
    follow = say(emulator, archive_bot, chat_id, "and in 2022?")
    assert text_of(follow).startswith(READ_AS_2022 + "<b>14</b>\n"), text_of(follow)
    emulator.press(archive_bot.token, chat_id, follow["messageId"], buttons(follow)["More answers"])
    wait_for_edit(
        emulator,
        archive_bot.token,
        chat_id,
        follow["messageId"],
        "^" + re.escape(READ_AS_2022) + r"(1\. )?<b>14</b>",
    )
    assert text_of(say(emulator, archive_bot, chat_id, "/new")).startswith("Starting afresh")
    alone = say(emulator, archive_bot, chat_id, "and in 2022?")
    assert "Reading that as" not in text_of(alone)


def test_the_answer_shows_the_earlier_figures(emulator: Emulator, archive_bot: BotProcess) -> None:
    reply = text_of(say(emulator, archive_bot, 4002, "How many base stations does Telnor have?"))
    assert reply.startswith("<b>24,000</b>")
    assert (
        "\nAlso reported by: APP (2025-01-10)\nEarlier: 18,000 (Norland Herald, 2023-04-05; also APP)"
        in reply
    )


def test_group_users_do_not_share_a_conversation(emulator: Emulator, archive_bot: BotProcess) -> None:
    group = -4003
    emulator.send(archive_bot.token, group, f"/ask {CONTRACTS}", user_id=41)
    emulator.replies(archive_bot.token, group)
    other = say(emulator, archive_bot, group, "/ask and in 2022?", user_id=42)
    assert "Reading that as" not in text_of(other)
    mine = say(emulator, archive_bot, group, "/ask and in 2022?", user_id=41)
    assert text_of(mine).startswith(READ_AS_2022), text_of(mine)


def test_new_is_in_the_command_menu(emulator: Emulator, archive_bot: BotProcess) -> None:
    commands = emulator.calls(archive_bot.token, "setMyCommands")[-1]["commands"]
    assert '"new"' in commands


def test_the_sample_bot_follows_up_too(emulator: Emulator, polling_bot: BotProcess) -> None:
    chat_id = 4004
    assert text_of(say(emulator, polling_bot, chat_id, "how many base stations?")).startswith("<b>27,000</b>")
    cost = text_of(say(emulator, polling_bot, chat_id, "how much did they cost?"))
    assert cost.startswith("<i>Reading that as: how much did the base stations cost?</i>\n<b>"), cost
    assert "USD 700 million" in cost
