"""The interactive console: one conversation, a question per line; :more, :new, :sources, :help, :quit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from bot.answer import Conversation, InvalidQuestion
from bot.chat.render import alternatives_text, answer_text, source_line
from bot.ingest import counted
from bot.models import Answer
from bot.search import SearchIndex

PROMPT = "factbot> "
HELP = """Ask a factual question about the articles, for example: how many base stations were built?
Follow up on it: "and in 2024?", "what about Ucell?", "how much did they cost?".
  :more      the next best answers to the last question
  :new       start afresh: the next question does not follow up on the last one
  :sources   the articles in the index
  :help      this text
  :quit      leave (Ctrl-D and Ctrl-C work too)"""
HISTORY = Path(os.environ.get("FACTBOT_HISTORY", Path.home() / ".factbot_history"))


def run_console(index: SearchIndex, stdin: TextIO, stdout: TextIO, conversation_minutes: float = 10.0) -> int:
    """Read questions until :quit or end of input; returns the exit status (always 0).

    The lines are one conversation: a follow-up refers to the previous question for
    `conversation_minutes` (FACTBOT_CONVERSATION_MINUTES), until `:new`."""
    interactive = stdin.isatty() and stdout.isatty()
    if interactive:
        _load_history()
    stdout.write(
        f"factbot: {counted(index.n_articles, 'article')}, {counted(index.n_sentences, 'sentence')}. "
        ":help for help.\n"
    )
    last: Answer | None = None
    conversation = Conversation(conversation_minutes)
    while True:
        try:
            line = input(PROMPT) if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")
            break
        if not interactive and not line:
            break
        command = line.strip()
        if command in (":quit", ":q", ":exit"):
            break
        reply, last = _respond(command, index, last, conversation, color=interactive)
        if reply:
            stdout.write(reply + "\n\n")
            stdout.flush()
    if interactive:
        _save_history()
    return 0


def _respond(
    command: str, index: SearchIndex, last: Answer | None, conversation: Conversation, color: bool
) -> tuple[str, Answer | None]:
    """The reply to one console line, and the answer that :more will continue from."""
    if not command:
        return "", last
    if command == ":new":
        conversation.reset()
        return "Starting afresh: the next question stands alone.", None
    if command == ":help":
        return HELP, last
    if command == ":sources":
        return _sources(index), last
    if command == ":more":
        return (alternatives_text(last, color) if last else "Ask a question first."), last
    if command.startswith(":"):
        return f"Unknown command {command!r}. {HELP}", last
    try:
        result = conversation.ask(command, index)
    except InvalidQuestion as exc:
        return str(exc), last
    return answer_text(result, color), result


def _sources(index: SearchIndex) -> str:
    lines = [f"{n:>6,} sentences  {source_line(src)}" for src, n in index.articles()]
    return "\n".join(lines) or "The index holds no articles."


def _load_history() -> None:
    try:
        import readline

        readline.read_history_file(HISTORY)
    except (ImportError, OSError):
        pass


def _save_history() -> None:
    try:
        import readline

        readline.set_history_length(1000)
        readline.write_history_file(HISTORY)
    except (ImportError, OSError):
        pass
