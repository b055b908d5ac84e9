"""The console, driven with input strings through `run_console` and through `factbot console`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.chat.console import run_console
from bot.search import SearchIndex
from tests.conftest import ARCHIVE, ROOT


def drive(index: SearchIndex, lines: str) -> str:
    """Feed lines to the console and return what it printed."""
    out = io.StringIO()
    assert run_console(index, io.StringIO(lines), out) == 0
    return out.getvalue()


def test_question_then_more_then_quit(sample_index: SearchIndex) -> None:
    text = drive(sample_index, "How much were the projects worth?\n:more\n:quit\nnever asked\n")
    assert "**around USD 700 million**" in text
    assert "2. " in text and "USD 500 million" in text
    assert "never asked" not in text


def test_sources_lists_the_article(sample_index: SearchIndex) -> None:
    text = drive(sample_index, ":sources\n")
    assert "Uzbekistan deepens digital cooperation with China" in text and "APP" in text


def test_help_unknown_command_and_more_before_asking(sample_index: SearchIndex) -> None:
    text = drive(sample_index, ":help\n:bogus\n:more\n")
    assert ":sources" in text
    assert "Unknown command ':bogus'" in text
    assert "Ask a question first." in text


def test_bad_questions_get_a_message_and_the_console_goes_on(sample_index: SearchIndex) -> None:
    text = drive(sample_index, "?!?\n" + "x" * 5000 + "\nhow many base stations?\n")
    assert "no words" in text and "too long" in text
    assert "27,000" in text


def test_not_found_is_said_plainly(sample_index: SearchIndex) -> None:
    assert "I couldn't find that in the articles." in drive(sample_index, "What is the capital of France?\n")


def test_end_of_input_exits_cleanly(sample_index: SearchIndex) -> None:
    assert drive(sample_index, "").startswith("factbot: 1 article, ")


def test_console_command_end_to_end(sample_corpus: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "TELEGRAM_"))}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        cwd=sample_corpus.parent,
        input="When was the memorandum signed?\n:sources\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "March 2025" in out.stdout and "Traceback" not in out.stderr


def test_a_conversation_follows_up_until_new(archive_index: SearchIndex) -> None:
    text = drive(
        archive_index,
        "How many base stations does Telnor have?\nwhat about Mobitel?\n:more\n:new\nand in 2019?\n",
    )
    before, alone = text.split("\nStarting afresh: the next question stands alone.\n\n")
    first, mobitel, more = before.split("\n", 1)[1].split("\n\n", 2)
    assert first.splitlines()[0] == "24,000"
    assert "Also reported by: APP (2025-01-10)" in first
    assert "Earlier: 18,000 (Norland Herald, 2023-04-05; also APP) · 12,000 (APP, 2021-03-15)" in first
    assert mobitel.splitlines()[:2] == ["Reading that as: How many base stations does Mobitel have?", "9,000"]
    assert more.startswith("2. ")
    assert "Reading that as" not in alone


def test_a_period_with_no_figure_says_which_periods_there_are(archive_index: SearchIndex) -> None:
    text = drive(archive_index, "How much net profit did Vesta Bank make in 2024?\nand in 2023?\n")
    assert "Reading that as: How much net profit did Vesta Bank make in 2023?\n" in text
    assert (
        "I couldn't find that in the articles. The articles give 2020 (USD 40 million), 2022 (USD 55 million)"
        " and 2024 (USD 80 million), not 2023."
    ) in text


def test_no_follow_ups_when_the_conversation_lasts_zero_minutes(archive_index: SearchIndex) -> None:
    out = io.StringIO()
    run_console(
        archive_index, io.StringIO("How many contracts did Telnor sign in 2024?\nand in 2022?\n"), out, 0
    )
    assert "Reading that as" not in out.getvalue()


def test_console_command_follows_up_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "TELEGRAM_"))}
    env["PYTHONPATH"] = str(ROOT)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "console",
            "--corpus",
            str(ARCHIVE),
            "--index",
            str(tmp_path / "index"),
        ],
        cwd=tmp_path,
        input="How many contracts did Telnor sign in 2024?\nand in 2022?\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "Reading that as: How many contracts did Telnor sign in 2022?\n14\n" in out.stdout
