"""End-to-end helpers: a client that plays Telegram users through the emulator (see shim.js), and real
`factbot telegram` processes started against it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

E2E = Path(__file__).resolve().parent
ROOT = E2E.parents[1]
SAMPLE = ROOT / "corpus" / "uzbekistan-china-digital-cooperation.md"
ADMIN = 1
STARTUP_SECONDS = 60


def emulator_missing() -> str | None:
    """Why the emulator cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not on PATH: the Telegram emulator needs Node.js (then run bash .ci/install-e2e.sh)"
    if not (E2E / "node_modules" / "telegram-test-api" / "package.json").is_file():
        return "the Telegram emulator is not installed: run bash .ci/install-e2e.sh"
    return None


@dataclass
class Emulator:
    """A running emulator and a small client that plays Telegram users through it.

    `bot_api_log` is the file where the shim appends every Bot API request the bots make (one JSON line each).
    """

    url: str
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=40))
    bot_api_log: Path | None = None
    _read_to: int = 0

    def new_bot_requests(self) -> list[tuple[str, dict[str, Any]]]:
        """The (method, params) of the Bot API requests logged since the last call (whole lines only)."""
        if self.bot_api_log is None or not self.bot_api_log.exists():
            return []
        with self.bot_api_log.open("rb") as log:
            log.seek(self._read_to)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1]
        self._read_to += len(complete)
        return [(r["method"], r["params"]) for r in map(json.loads, complete.splitlines())]

    @property
    def api_url(self) -> str:
        """What TELEGRAM_API_URL must be for a bot to use this emulator."""
        return f"{self.url}/bot"

    def post(self, route: str, body: dict[str, Any]) -> Any:
        """POST to one of the emulator's client routes; the `result`."""
        response = self.http.post(f"{self.url}/{route}", json=body)
        response.raise_for_status()
        return response.json()["result"]

    def send(self, token: str, chat_id: int, text: str, *, user_id: int | None = None, **extra: Any) -> None:
        """A user sends `text` (a /command gets its entity); groups have negative ids."""
        body = user_message(token, chat_id, text, user_id=user_id, **extra)
        self.post("sendCommand" if "entities" in body and text.startswith("/") else "sendMessage", body)

    def replies(self, token: str, chat_id: int, n: int = 1, timeout: float = 30) -> list[dict[str, Any]]:
        """Wait for the bot's next `n` messages to a chat: [{messageId, message: {text, reply_markup..}}]."""
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while len(got) < n and time.monotonic() < deadline:
            wait = max(min(deadline - time.monotonic(), 10), 0.1)
            got += self.post("waitUpdates", {"token": token, "chatId": chat_id, "timeout": wait})
        assert len(got) >= n, f"expected {n} replies in chat {chat_id}, got {len(got)}: {got}"
        return got

    def press(self, token: str, chat_id: int, message_id: int, data: str, user_id: int | None = None) -> None:
        """A user presses the inline button with callback `data` under the bot's message."""
        message = {"message_id": message_id, "chat": chat(chat_id), "date": int(time.time())}
        body = {"botToken": token, "data": data, "from": person(user_id or abs(chat_id)), "message": message}
        self.post("sendCallback", body)

    def bot_message(self, token: str, chat_id: int, message_id: int) -> dict[str, Any]:
        """The current state of one bot message (edits included)."""
        for item in self.post("getUpdatesHistory", {"token": token}):
            message = item.get("message", {})
            if item.get("messageId") == message_id and str(message.get("chat_id")) == str(chat_id):
                return message
        raise AssertionError(f"no bot message {message_id} in chat {chat_id}")

    def calls(self, token: str, method: str) -> list[dict[str, Any]]:
        """The bodies of recorded calls of `method` (setMyCommands, answerCallbackQuery, ...)."""
        return [c["body"] for c in self.post("getBotCalls", {"token": token}) if c["method"] == method]


def person(user_id: int) -> dict[str, Any]:
    """A human Telegram user."""
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


def chat(chat_id: int) -> dict[str, Any]:
    """A private chat for positive ids, a group for negative ones."""
    if chat_id < 0:
        return {"id": chat_id, "type": "group", "title": "Group"}
    return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}


def user_message(token: str, chat_id: int, text: str, *, user_id: int | None = None, **extra: Any) -> dict:
    """The emulator's client body for one user message."""
    body = {
        "botToken": token,
        "chat": chat(chat_id),
        "from": person(user_id or abs(chat_id)),
        "date": int(time.time()),
        "text": text,
        **extra,
    }
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return body


def buttons(reply: dict[str, Any]) -> dict[str, str]:
    """The inline buttons under a bot message: label -> callback data."""
    markup = reply["message"].get("reply_markup") or {}
    if isinstance(markup, str):
        markup = json.loads(markup)
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


@dataclass
class BotProcess:
    """A real `factbot telegram` process."""

    proc: subprocess.Popen
    token: str
    corpus: Path
    log: Path

    def stop(self) -> None:
        """Stop it as an operator would (SIGTERM), then make sure it is gone."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def output(self) -> str:
        """What the process logged (the token must never be in it)."""
        return self.log.read_text(errors="replace")


def bot_command() -> list[str]:
    """`factbot` when installed, else the same CLI through `python -m bot`."""
    factbot = Path(sys.executable).with_name("factbot")
    return [str(factbot)] if factbot.exists() else [sys.executable, "-m", "bot"]


def make_corpus(base: Path) -> Path:
    """A fresh corpus folder holding the sample article."""
    corpus = base / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    return corpus


def bot_environment(emulator: Emulator, token: str, base: Path) -> dict[str, str]:
    """The environment of a bot process on the corpus (made if missing) and index under `base`."""
    corpus = base / "corpus" if (base / "corpus").is_dir() else make_corpus(base)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FACTBOT_", "TELEGRAM_"))}
    environment.update(
        {
            "TELEGRAM_BOT_TOKEN": token,
            "TELEGRAM_API_URL": emulator.api_url,
            "TELEGRAM_POLL_INTERVAL": "0.01",
            "FACTBOT_CORPUS_DIR": str(corpus),
            "FACTBOT_INDEX_DIR": str(base / "index"),
            "FACTBOT_ADMINS": str(ADMIN),
            "FACTBOT_LOG_LEVEL": "INFO",
            "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


def start_bot(
    emulator: Emulator, token: str, base: Path, *args: str, ready: str = "deleteWebhook"
) -> BotProcess:
    """Start `factbot telegram ARGS` under `base`; wait for its `ready` call (polling: deleteWebhook)."""
    environment = bot_environment(emulator, token, base)
    corpus = Path(environment["FACTBOT_CORPUS_DIR"])
    log = base / f"bot-{len(list(base.glob('bot-*.log')))}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*bot_command(), "telegram", *args],
            cwd=base,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    bot = BotProcess(proc, token, corpus, log)
    before = len(emulator.calls(token, ready))
    deadline = time.monotonic() + STARTUP_SECONDS
    while len(emulator.calls(token, ready)) <= before:
        if proc.poll() is not None or time.monotonic() > deadline:
            bot.stop()
            pytest.fail(f"factbot telegram did not start (exit {proc.poll()}):\n{bot.output()[-3000:]}")
        time.sleep(0.05)
    return bot
