"""Plain-text rendering of answers for terminals and pipes (the console and `factbot ask`)."""

from __future__ import annotations

from bot.models import Answer, Candidate, Source, TimelineEntry

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
    if candidate.figure:  # an article's author or date answers without a place in the passage
        figure = f"{_BOLD}{candidate.figure}{_RESET}" if color else candidate.figure
        lines.append(figure)
    if candidate.figure and candidate.highlight:
        passage = highlighted(passage, candidate.highlight.start, candidate.highlight.end, color)
    lines.append(passage)
    if candidate.source:
        src = source_line(candidate.source)
        lines.append(f"{_DIM}— {src}{_RESET}" if color else f"— {src}")
    return "\n".join(lines)


def answer_text(answer: Answer, color: bool) -> str:
    """The human-readable reply to a question: how a follow-up was read, the answer, its history."""
    if not answer.found:
        reply = f"I couldn't find that in the articles. {answer.reason or ''}".rstrip()
    else:
        reply = "\n".join([candidate_text(dated(answer), color), *history_lines(answer)])
    if answer.follow_up:
        reading = f"Reading that as: {answer.interpreted_as}"
        reply = f"{_DIM}{reading}{_RESET}\n{reply}" if color else f"{reading}\n{reply}"
    return reply


def dated(answer: Answer) -> Answer:
    """The answer with its date (as_of) on its source, when the date came from the dateline."""
    if answer.source is None or answer.source.date or not answer.as_of:
        return answer
    return answer.model_copy(update={"source": answer.source.model_copy(update={"date": answer.as_of})})


def history_lines(answer: Answer) -> list[str]:
    """'Also reported by: …' and 'Earlier: 18,000 (APP, 2023-04-02) · …', when other articles report it."""
    lines = []
    if answer.also_reported_by:
        also = [f"{reporter(s)} ({s.date or 'undated'})" for s in answer.also_reported_by]
        lines.append("Also reported by: " + ", ".join(also))
    if answer.timeline:
        label = "Earlier" if answer.as_of else "Other figures"
        lines.append(f"{label}: " + " · ".join(map(entry_text, answer.timeline)))
    return lines


def entry_text(entry: TimelineEntry) -> str:
    """'18,000 (Norland Herald, 2023-04-05; also APP)'."""
    also = "; also " + ", ".join(map(reporter, entry.also_reported_by)) if entry.also_reported_by else ""
    return f"{entry.figure or '?'} ({reporter(entry.source)}, {entry.date or 'undated'}{also})"


def reporter(source: Source) -> str:
    """Who reported it: the source's name, else the article's title."""
    return source.source or source.title or source.doc_id


def alternatives_text(answer: Answer, color: bool) -> str:
    """The next best answers, numbered, or a line saying there are none."""
    if not answer.alternatives:
        return "No other answers."
    blocks = [f"{i}. " + candidate_text(c, color) for i, c in enumerate(answer.alternatives, start=2)]
    return "\n\n".join(blocks)
