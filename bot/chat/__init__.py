"""Chat: `Answer`s in; what a person reads out: the console, plain-text rendering, and Telegram.

- `render`: an `Answer` → text for a terminal (how a follow-up was read, the figure highlighted, the
  source line, the other articles' figures).
- `console`: the interactive loop, one conversation (`:more`, `:new`, `:sources`, `:help`, `:quit`).
- `progress`: a build's progress as a tqdm bar per phase on a terminal, a line every few seconds elsewhere.
- `telegram_bot`: the Telegram adapter: `handlers` (commands, questions, buttons, guards), `replies`
  (Telegram HTML within the Bot API limits, button data) and `runtime` (polling or webhook, retries,
  exit codes). Import it as `bot.chat.telegram_bot`; it is not imported here, so the console never loads
  python-telegram-bot.
"""

from bot.chat.console import run_console
from bot.chat.progress import LogProgress, TerminalProgress, progress_for
from bot.chat.render import alternatives_text, answer_text, source_line

__all__ = [
    "LogProgress",
    "TerminalProgress",
    "alternatives_text",
    "answer_text",
    "progress_for",
    "run_console",
    "source_line",
]
