"""Plain-text rendering of answers for terminals and pipes (the console and `factbot ask`)."""

from __future__ import annotations

from bot.models import Answer, Candidate, Source

_BOLD = "\033[1m"
_HIGHLIGHT = "\033[1;33m"
_DIM = "\033[2m"
_RESET = "\033[0m"


def highlighted(passage: str, start: int, end: int, color: bool) -> str:
    """The passage with [start, end) marked: ANSI colour on a terminal, **stars** otherwise."""
    open_, close = (_HIGHLIGHT, _RESET) if color else ("**", "**")
    return passage[:start] + open_ + passage[start:end] + close + passage[end:]


def source_line(source: Source) -> str:
    """'Title · Source · Date · URL', leaving out what the article does not have."""
    parts = [source.title or source.doc_id, source.source, source.date, source.url]
    return " · ".join(p for p in parts if p)


def candidate_text(candidate: Candidate | Answer, color: bool) -> str:
    """Figure, passage with the figure marked, and source, on up to three lines."""
    lines = []
    passage = candidate.passage or ""
    if candidate.figure and candidate.highlight:
        figure = f"{_BOLD}{candidate.figure}{_RESET}" if color else candidate.figure
        lines.append(figure)
        passage = highlighted(passage, candidate.highlight.start, candidate.highlight.end, color)
    lines.append(passage)
    if candidate.source:
        src = source_line(candidate.source)
        lines.append(f"{_DIM}— {src}{_RESET}" if color else f"— {src}")
    return "\n".join(lines)


def answer_text(answer: Answer, color: bool) -> str:
    """The human-readable reply to a question."""
    if not answer.found:
        return f"I couldn't find that in the articles. {answer.reason or ''}".rstrip()
    return candidate_text(answer, color)


def alternatives_text(answer: Answer, color: bool) -> str:
    """The next best answers, numbered, or a line saying there are none."""
    if not answer.alternatives:
        return "No other answers."
    blocks = [f"{i}. " + candidate_text(c, color) for i, c in enumerate(answer.alternatives, start=2)]
    return "\n\n".join(blocks)
