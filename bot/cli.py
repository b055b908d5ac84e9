"""The `factbot` command line: index, ask, console, telegram, eval. Errors become messages here."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pydantic import ValidationError

from bot.config import Settings
from bot.errors import FactbotError

if TYPE_CHECKING:  # imported lazily at run time so `factbot --help` starts fast
    from bot.search import SearchIndex


class ExitStatus(IntEnum):
    """Process exit codes."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", type=Path, help="corpus folder (default ./corpus, or FACTBOT_CORPUS_DIR)")
    common.add_argument("--index", type=Path, help="index folder (default ./index, or FACTBOT_INDEX_DIR)")
    parser = argparse.ArgumentParser(
        prog="factbot",
        description="Answers factual questions about news articles. With no command: the Telegram bot "
        "when TELEGRAM_BOT_TOKEN is set, otherwise the console.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("index", parents=[common], help="rebuild the index from the corpus")
    ask = sub.add_parser("ask", parents=[common], help="answer one question (or JSON Lines from stdin)")
    ask.add_argument("question", nargs="?", help="the question; with --json and none, read stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per line for stdin)")
    ask.add_argument(
        "--conversation", action="store_true", help="with --json from stdin: the lines are one conversation"
    )
    sub.add_parser("console", parents=[common], help="interactive questions and answers")
    tg = sub.add_parser("telegram", parents=[common], help="run the Telegram bot")
    tg.add_argument("--webhook-url", help="serve a webhook at this public URL instead of polling")
    tg.add_argument("--listen", default="127.0.0.1", help="webhook listen address (default 127.0.0.1)")
    tg.add_argument("--port", type=int, default=8443, help="webhook listen port (default 8443)")
    ev = sub.add_parser("eval", help="measure answer quality on a QA dataset file (JSONL)")
    ev.add_argument(
        "dataset",
        type=Path,
        help="trecqa_*.jsonl, wikiqa_*.jsonl, squad11_dev_numeric.jsonl or TREC QC *.label",
    )
    ev.add_argument("--split-name", help="name shown for the split (default: from the file name)")
    ev.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ev.add_argument("--limit", type=int, help="only the first N questions")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of raising for user mistakes."""
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
    except ValidationError as exc:
        print(f"factbot: bad setting: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}", file=sys.stderr)
        return ExitStatus.USAGE
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    command = args.command or ("telegram" if settings.telegram_bot_token else "console")
    if not settings.meaning:
        from bot.answer import use_meaning  # lazily, as everywhere here: `factbot --help` starts fast

        use_meaning(False)
    try:
        return int(_COMMANDS[command](args, settings))
    except FactbotError as exc:
        print(f"factbot: {exc}", file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        return ExitStatus.OK


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if getattr(args, "corpus", None):
        overrides["FACTBOT_CORPUS_DIR"] = args.corpus
    if getattr(args, "index", None):
        overrides["FACTBOT_INDEX_DIR"] = args.index
    return Settings(**overrides)


def _notice(message: str) -> None:
    print(f"factbot: {message}", file=sys.stderr)


def open_settings_index(settings: Settings) -> SearchIndex:
    """Open (building or refreshing as needed) the index named by the settings."""
    from bot.chat import progress_for
    from bot.search import open_index

    progress = progress_for(sys.stderr)
    try:
        return open_index(
            settings.corpus_dir,
            settings.index_dir,
            auto_rebuild_max_mb=settings.auto_rebuild_max_mb,
            notify=lambda message: (progress.close(), _notice(message)),
            progress=progress,
        )
    finally:
        progress.close()


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Rebuild the index and print a one-line summary (and each skipped item)."""
    from bot.chat import progress_for
    from bot.search import build_index

    progress = progress_for(sys.stderr)
    try:
        report = build_index(settings.corpus_dir, settings.index_dir, progress=progress)
    finally:
        progress.close()  # the bar ends its line before anything else is printed
    for item in report.skipped:
        where = f"{item.path}:{item.line}" if item.line else item.path
        print(f"skipped {where}: {item.reason}", file=sys.stderr)
    print(f"{str(report).capitalize()} → {settings.index_dir}")
    return ExitStatus.OK


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question, or JSON Lines from stdin with --json and no question."""
    from bot.answer import InvalidQuestion, answer
    from bot.chat import answer_text

    if args.conversation and (args.question is not None or not args.json):
        print("factbot ask: --conversation reads the questions from stdin, with --json", file=sys.stderr)
        return ExitStatus.USAGE
    if args.question is None and not args.json:
        print("factbot ask: give a QUESTION (or use --json to read questions from stdin)", file=sys.stderr)
        return ExitStatus.USAGE
    index = open_settings_index(settings)
    if args.question is None:
        minutes = settings.conversation_minutes if args.conversation else None
        return _ask_stream(index, sys.stdin, sys.stdout, minutes)
    index.engine.compiled = False  # one question: numpy answers it sooner than the kernel would load
    try:
        result = answer(args.question, index)
    except InvalidQuestion as exc:
        print(f"factbot ask: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    print(result.model_dump_json() if args.json else answer_text(result, color=sys.stdout.isatty()))
    return ExitStatus.OK


def _ask_stream(index: SearchIndex, lines: TextIO, out: TextIO, conversation_minutes: float | None) -> int:
    """One JSON object per input line; a bad line gets an error object, never stops the stream.

    With `conversation_minutes` the lines are one conversation (follow-ups read against the previous
    line); without, each line stands alone."""
    from bot.answer import Conversation, InvalidQuestion, answer

    conversation = Conversation(conversation_minutes) if conversation_minutes is not None else None
    for line in lines:
        if not line.strip():
            continue
        question = line.rstrip("\n")
        try:
            result = conversation.ask(question, index) if conversation else answer(question, index)
            out.write(result.model_dump_json() + "\n")
        except InvalidQuestion as exc:
            error = {"question": question[:200], "found": False, "error": str(exc), "follow_up": False}
            out.write(json.dumps(error) + "\n")
    out.flush()
    return ExitStatus.OK


def cmd_console(args: argparse.Namespace, settings: Settings) -> int:
    """The interactive console."""
    from bot.chat import run_console

    return run_console(open_settings_index(settings), sys.stdin, sys.stdout, settings.conversation_minutes)


def cmd_telegram(args: argparse.Namespace, settings: Settings) -> int:
    """The Telegram bot, polling or behind a webhook."""
    from bot.chat.telegram_bot import main as telegram_main

    webhook_url = getattr(args, "webhook_url", None)
    return telegram_main(
        settings, webhook_url, getattr(args, "listen", "127.0.0.1"), getattr(args, "port", 8443)
    )


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Answer-quality evaluation on a dataset file."""
    from bot.evaluation import main as eval_main

    if not args.dataset.is_file():
        print(f"factbot eval: no such file: {args.dataset}", file=sys.stderr)
        return ExitStatus.USAGE
    return eval_main(args.dataset, args.split_name, args.json, args.limit)


_COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "index": cmd_index,
    "ask": cmd_ask,
    "console": cmd_console,
    "telegram": cmd_telegram,
    "eval": cmd_eval,
}
