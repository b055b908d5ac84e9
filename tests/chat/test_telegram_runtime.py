"""The `factbot telegram` process around the Application: retries, conflicts, exit codes, a token that never
shows. Uses the recording fake Bot API of test_telegram_bot.py (no network)."""

from __future__ import annotations

import ast
import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram.error import NetworkError
from telegram.ext import Application
from test_telegram_handlers import TOKEN, RecordingRequest, say, settings

from bot.chat.telegram_bot import handlers as telegram_bot
from bot.chat.telegram_bot import runtime as telegram_runtime
from bot.chat.telegram_bot.handlers import build_application
from bot.chat.telegram_bot.runtime import ExitCode, RedactSecret, RetryingRateLimiter, main, run
from bot.config import Settings
from bot.search import SearchIndex


@pytest.fixture
def request_log() -> RecordingRequest:
    """The fake Bot API of one test."""
    return RecordingRequest()


@pytest.fixture
async def app(request_log: RecordingRequest, sample_index: SearchIndex) -> AsyncIterator[Application]:
    """An initialised Application behind the process's flood limiter, over the fake Bot API."""
    application = build_application(
        settings(), sample_index, rate_limiter=RetryingRateLimiter(), request=request_log
    )
    await application.initialize()
    yield application
    await application.shutdown()


async def test_retry_after_is_honoured(app: Application, request_log: RecordingRequest) -> None:
    request_log.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await say(app, "how many base stations?")
    assert len(request_log.sent()) == 2
    assert request_log.texts()[-1].startswith("<b>27,000</b>")


async def test_transient_network_errors_are_retried(app: Application, request_log: RecordingRequest) -> None:
    request_log.fail("sendMessage", 502, "Bad Gateway")
    request_log.raises["sendMessage"] = [NetworkError("connection reset")]
    await say(app, "how many base stations?")
    assert len(request_log.sent()) == 3
    assert request_log.texts()[-1].startswith("<b>27,000</b>")


def test_conflict_ends_polling_with_a_clear_nonzero_exit(
    sample_index: SearchIndex, caplog: pytest.LogCaptureFixture
) -> None:
    fake = RecordingRequest()
    fake.fail("getUpdates", 409, "Conflict: terminated by other getUpdates request")
    app = build_application(settings(), sample_index, rate_limiter=RetryingRateLimiter(), request=fake)
    asyncio.set_event_loop(asyncio.new_event_loop())
    with caplog.at_level(logging.ERROR):
        code = run(app, settings(), None, "127.0.0.1", 0)
    assert code == ExitCode.CONFLICT
    assert any("polling conflict" in r.getMessage() for r in caplog.records)


def test_missing_token_is_a_clear_message_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(Settings(_env_file=None), None, "127.0.0.1", 8443) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_token_is_redacted_from_log_records_and_tracebacks() -> None:
    url = f"https://x/bot{TOKEN}/getMe"
    record = logging.LogRecord("httpx", logging.INFO, "", 0, "POST %s", (url,), None)
    RedactSecret(TOKEN).filter(record)
    assert TOKEN not in record.getMessage() and "[token]" in record.getMessage()
    try:
        raise RuntimeError(f"request to {url} failed")
    except RuntimeError:
        failed = logging.LogRecord("bot", logging.ERROR, "", 0, "failed", None, sys.exc_info())
    RedactSecret(TOKEN).filter(failed)
    text = logging.Formatter().format(failed)
    assert TOKEN not in text and "[token]" in text


def test_settings_token_does_not_print() -> None:
    assert TOKEN not in repr(settings()) and TOKEN not in str(settings().model_dump())


def test_unreachable_api_exits_1_without_printing_the_token(
    sample_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    asyncio.set_event_loop(asyncio.new_event_loop())
    config = settings(
        TELEGRAM_API_URL="http://127.0.0.1:9/bot",
        FACTBOT_CORPUS_DIR=str(sample_corpus),
        FACTBOT_INDEX_DIR=str(tmp_path / "index"),
    )
    with caplog.at_level(logging.DEBUG):
        assert main(config, None, "127.0.0.1", 0) == 1
    err = capsys.readouterr().err
    assert "cannot reach the Telegram Bot API" in err
    assert TOKEN not in err and all(TOKEN not in r.getMessage() for r in caplog.records)


def test_exit_codes_keep_the_numbers_the_readme_documents() -> None:
    assert {code.name: int(code) for code in ExitCode} == {"OK": 0, "NETWORK": 1, "SETUP": 2, "CONFLICT": 3}


def imported_at_load(module: object) -> set[str]:
    """The modules a module's top-level import statements name."""
    tree = ast.parse(Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_imports_point_one_way_runtime_to_application() -> None:
    assert "bot.chat.telegram_bot.handlers" in imported_at_load(telegram_runtime)
    assert not {"bot.chat.telegram_bot.runtime", "telegram_runtime"} & imported_at_load(telegram_bot)


def test_runtime_module_keeps_no_global_state() -> None:
    mutable = [name for name, value in vars(telegram_runtime).items() if isinstance(value, dict | list | set)]
    assert set(mutable) <= {"__builtins__"}
