"""Telegram: updates from the Bot API in; replies (HTML, buttons, inline results) out.

- `handlers`: one async function per command or kind of update, guards first (allowlist, rate limit,
  group addressing); searches run in worker threads.
- `replies`: `Answer`s → Telegram HTML within 4,096 characters, and the 64-byte button data.
- `conversations`: follow-ups, one conversation per private chat and per user in a group (`/new`).
- `runtime`: the process: polling or webhook, flood-control retries, token redaction, exit codes.
"""

from bot.chat.telegram_bot.handlers import build_application
from bot.chat.telegram_bot.runtime import ExitCode, main

__all__ = ["ExitCode", "build_application", "main"]
