"""End-to-end fixtures: the Telegram Bot API emulator on a free loopback port, and a real polling
`factbot telegram` process talking to it. Helpers live in e2e_support.py.

Every Bot API request the bots make is logged by the shim and checked against the pinned spec (tests/botapi)
after each test, and once more for the requests made after the last test."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_support import E2E, BotProcess, Emulator, emulator_missing, start_bot

from tests.botapi.checker import check_requests


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is end-to-end."""
    for item in items:
        if E2E in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The emulator (telegram-test-api + shim) on a free 127.0.0.1 port, for the whole session."""
    reason = emulator_missing()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("emulator")
    log, requests = (folder / "emulator.log").open("w"), folder / "bot-api-requests.jsonl"
    environment = {**os.environ, "FACTBOT_BOT_API_LOG": str(requests)}
    proc = subprocess.Popen(
        ["node", "emulator.js", "0"], cwd=E2E, stdout=subprocess.PIPE, stderr=log, text=True, env=environment
    )
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("READY"):
        proc.kill()
        pytest.fail(f"the emulator did not start: {line!r}; see {log.name}")
    emulator = Emulator(f"http://127.0.0.1:{int(line.split()[1])}", bot_api_log=requests)
    yield emulator
    emulator.http.close()
    proc.terminate()
    proc.wait(10)
    log.close()
    fail_on_violations(emulator, "after the last test")


@pytest.fixture(autouse=True)
def bot_api_contract(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that used the emulator, check every Bot API request the bots made meanwhile."""
    yield
    if "emulator" in request.fixturenames:
        fail_on_violations(request.getfixturevalue("emulator"), "during this test")


def fail_on_violations(emulator: Emulator, when: str) -> None:
    """Check the requests logged since the last check; fail, listing them, on any violation."""
    violations = check_requests(emulator.new_bot_requests(), wire=True)
    if violations:
        listed = "\n".join(violations)
        pytest.fail(f"{len(violations)} Bot API contract violations {when}:\n{listed}", pytrace=False)


@pytest.fixture(scope="session")
def polling_bot(emulator: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """One polling bot over its own copy of the sample corpus, shared by the tests."""
    bot = start_bot(emulator, "e2e-polling-token-4f1c", tmp_path_factory.mktemp("polling"))
    yield bot
    bot.stop()
    assert bot.token not in bot.output(), "the bot token leaked into the bot's output"
