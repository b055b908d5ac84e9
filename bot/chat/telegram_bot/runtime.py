"""The `factbot telegram` process: flood limits and retries, a token kept out of logs, polling or a webhook,
and the exit code.

`main()` is the entry point that `factbot telegram` calls. The Application itself (handlers, state) comes
from bot.chat.telegram_bot.handlers; this module only runs it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from enum import IntEnum
from typing import Any
from urllib.parse import urlparse

from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError
from telegram.ext import AIORateLimiter, Application

from bot.chat.telegram_bot.handlers import CONFLICT, build_application
from bot.config import Settings
from bot.errors import FactbotError
from bot.search import open_index

log = logging.getLogger(__name__)

CONFLICT_MESSAGE = (
    "factbot: Telegram says another process is already polling with this bot token "
    "(Conflict: terminated by other getUpdates request). Stop the other instance and start again."
)


class ExitCode(IntEnum):
    """What the `factbot telegram` process exits with."""

    OK = 0
    NETWORK = 1  # the Bot API cannot be reached, or the webhook's port cannot be served
    SETUP = 2  # a setup mistake: no token, a token Telegram rejects, an index that cannot be opened
    CONFLICT = 3  # another process polls with the same token


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood limiter (which honours RetryAfter) that also retries transient network errors.

    Chat actions ("typing…") skip the limiter: they are cosmetic and should not delay real answers.
    """

    def __init__(self, network_retries: int = 3, retry_after_retries: int = 3) -> None:
        super().__init__(max_retries=retry_after_retries)
        self._network_retries = network_retries

    async def process_request(
        self, callback: Any, args: Any, kwargs: Any, endpoint: str, data: Any, rate_limit_args: Any
    ) -> Any:
        """Send one request through the limiter, retrying network errors with a growing pause."""
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # a NetworkError subclass, but our mistake: retrying cannot help
                raise
            except NetworkError as exc:
                if attempt == self._network_retries:
                    raise
                log.warning(
                    "%s failed (%s); retry %d of %d", endpoint, exc, attempt + 1, self._network_retries
                )
                await asyncio.sleep(0.25 * 2**attempt)
        return None  # unreachable: the loop returns or raises


class RedactSecret(logging.Filter):
    """Replace a secret (the bot token) in every log record that passes through a handler."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback without the secret; never drops a record."""
        if not self._secret:
            return True
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, "[token]"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self._secret, "[token]")
        return True


def protect_logs(token: str, level: str = "WARNING") -> None:
    """Keep the token out of logs: httpx (which logs URLs) at WARNING, and a redacting filter."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    for handler in root.handlers:
        handler.addFilter(RedactSecret(token))


def run(app: Application, settings: Settings, webhook_url: str | None, listen: str, port: int) -> int:
    """Run until stopped, by polling or behind a webhook; the exit code (conflict is non-zero)."""
    if webhook_url:
        secret = settings.telegram_webhook_secret
        app.run_webhook(
            listen=listen,
            port=port,
            url_path=urlparse(webhook_url).path.lstrip("/"),
            webhook_url=webhook_url,
            secret_token=secret.get_secret_value() if secret else secrets.token_urlsafe(32),
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        app.run_polling(poll_interval=settings.telegram_poll_interval, allowed_updates=Update.ALL_TYPES)
    return ExitCode.CONFLICT if app.bot_data.get(CONFLICT) else ExitCode.OK


def main(settings: Settings, webhook_url: str | None, listen: str, port: int) -> int:
    """Start factbot on Telegram; return the process exit code (2 for a setup mistake)."""
    token = settings.telegram_bot_token.get_secret_value().strip() if settings.telegram_bot_token else ""
    if not token:
        print(
            "factbot: TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather and put its token "
            "in the environment or in .env.",
            file=sys.stderr,
        )
        return ExitCode.SETUP
    protect_logs(token, settings.log_level)
    try:
        index = open_index(
            settings.corpus_dir, settings.index_dir, auto_rebuild_max_mb=settings.auto_rebuild_max_mb
        )
    except FactbotError as exc:
        print(f"factbot: {exc}", file=sys.stderr)
        return ExitCode.SETUP
    app = build_application(settings, index, rate_limiter=RetryingRateLimiter())
    return serve(app, settings, token, webhook_url, listen, port)


def serve(
    app: Application, settings: Settings, token: str, webhook_url: str | None, listen: str, port: int
) -> int:
    """Run `app` and turn how it ended into a message on stderr (never the token) and an exit code."""
    try:
        code = run(app, settings, webhook_url, listen, port)
    except InvalidToken:
        print("factbot: Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather.", file=sys.stderr)
        return ExitCode.SETUP
    except NetworkError as exc:
        message = str(exc).replace(token, "[token]")
        print(
            f"factbot: cannot reach the Telegram Bot API at {settings.telegram_api_url}: {message}",
            file=sys.stderr,
        )
        return ExitCode.NETWORK
    except OSError as exc:  # e.g. the webhook's port is taken
        print(f"factbot: cannot serve the webhook on {listen}:{port}: {exc}", file=sys.stderr)
        return ExitCode.NETWORK
    if code == ExitCode.CONFLICT:
        print(CONFLICT_MESSAGE, file=sys.stderr)
    return code
