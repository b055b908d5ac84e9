"""Answers as Telegram HTML: escaped, highlighted, trimmed to Telegram's limits, with their buttons.

Everything here is pure (no network, no index): strings in, strings and keyboards out.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit, ParseMode

from bot.errors import FactbotError
from bot.models import Answer, Candidate, Source, Span, TimelineEntry

MAX_MESSAGE = int(MessageLimit.MAX_TEXT_LENGTH)  # 4,096
MAX_CALLBACK_DATA = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)  # 64 bytes
MORE, CONTEXT = "m", "c"
_ELLIPSIS = "…"
_MAX_TITLE = 200
_MAX_QUESTION_ECHO = 300
_TAG = re.compile(r"<[^>]*>")
_BUTTON = re.compile(rf"([{MORE}{CONTEXT}])\|([^|]*)\|([0-9]+)(?:\|([0-9]+)-([0-9]+))?")
_FIGURE_MARK = ("<u><b>", "</b></u>")
READING = "Reading that as: "
_MAX_READING = 1000  # a question is at most 1,000 characters: a button can read it back whole


class BadCallbackData(FactbotError):
    """Callback data that this bot did not write (or an older, incompatible version wrote)."""


@dataclass(frozen=True)
class ButtonPress:
    """What a button under an answer asks for: an action on one sentence of one index generation.

    `highlight` is where the answer's figure sits in that sentence (None when it has none, or for buttons
    written before it was carried).
    """

    action: str
    generation: str
    sentence_id: int
    highlight: Span | None = None


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), never less than `len(text)`."""
    return len(text.encode("utf-16-le")) // 2


def esc(text: str) -> str:
    """Escape user or article text for Telegram's HTML parse mode ('&', '<', '>' and '"')."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def clip(text: str, limit: int) -> str:
    """Cut plain text to at most `limit` characters at a word boundary, marking the cut with '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + _ELLIPSIS


def generation_tag(generation: str) -> str:
    """A short, stable tag for an index generation that fits in callback data."""
    if len(generation) <= 16 and "|" not in generation:
        return generation
    return hashlib.sha256(generation.encode()).hexdigest()[:12]


def _inside(span: Span | None, text: str) -> bool:
    """True when `span` is a non-empty range inside `text`."""
    return span is not None and 0 <= span.start < span.end <= len(text)


def highlighted(
    passage: str, start: int | None, end: int | None, window: int, mark: tuple[str, str] = _FIGURE_MARK
) -> str:
    """The passage as HTML with [start, end) inside `mark` (underlined bold), trimmed to about `window`."""
    if start is None or end is None or not 0 <= start < end <= len(passage):
        return esc(clip(passage, window))
    room = max(window - (end - start), 0)
    left, right = max(start - room // 2, 0), min(end + room - room // 2, len(passage))
    if left > 0 and " " in passage[left:start]:
        left = passage.index(" ", left, start) + 1
    if right < len(passage) and " " in passage[end:right]:
        right = passage.rindex(" ", end, right)
    before = (_ELLIPSIS if left > 0 else "") + passage[left:start]
    after = passage[end:right] + (_ELLIPSIS if right < len(passage) else "")
    return f"{esc(before)}{mark[0]}{esc(passage[start:end])}{mark[1]}{esc(after)}"


def figure_line(figure: str | None) -> str:
    """The figure in bold on a line of its own, or '' when there is none."""
    return f"<b>{esc(clip(figure, 200))}</b>\n" if figure else ""


def source_line(source: Source | None) -> str:
    """'title · source · date' as HTML, the title linked when the article has an http(s) URL."""
    if source is None:
        return ""
    title = esc(clip(source.title or source.doc_id, _MAX_TITLE))
    if source.url and source.url.lower().startswith(("http://", "https://")):
        title = f'<a href="{esc(source.url)}">{title}</a>'
    extras = [esc(clip(part, 100)) for part in (source.source, source.date) if part]
    return " · ".join([title, *extras])


def candidate_block(candidate: Candidate, window: int) -> str:
    """One candidate: the figure in bold, the sentence with the figure highlighted, then the source."""
    span = candidate.highlight
    sentence = highlighted(
        candidate.passage, span.start if span else None, span.end if span else None, window
    )
    return f"{figure_line(candidate.figure)}{sentence}\n<i>{source_line(candidate.source)}</i>"


def fit(render: Callable[[int], str], window: int = 1500) -> str:
    """Call `render(window)` with a shrinking passage window until the result fits in one message."""
    while True:
        text = render(window)
        if telegram_length(text) <= MAX_MESSAGE or window <= 40:
            break
        window = window * 2 // 3
    plain, limit = html.unescape(_TAG.sub("", text)), MAX_MESSAGE
    while telegram_length(text) > MAX_MESSAGE:  # only titles and figures left: drop the markup and cut
        text, limit = esc(clip(plain, limit)), limit * 3 // 4
    return text


def format_answer(answer: Answer) -> str:
    """The reply to a question: how a follow-up was read, then the best answer and the other articles'
    figures, or a short 'not found' with a hint."""
    heading = reading_line(answer.interpreted_as) if answer.follow_up else ""
    best = answer.best()
    if best is None:
        return heading + format_not_found(answer)
    best = _dated(best, answer.as_of)
    history = history_html(answer)
    if telegram_length(heading + candidate_block(best, 40) + history) > MAX_MESSAGE:
        history = ""  # too long even around the shortest passage: the answer comes first
    return fit(lambda window: heading + candidate_block(best, window) + history)


def reading_line(question: str) -> str:
    """'Reading that as: …' in italics on a line of its own: how a follow-up was understood."""
    return f"<i>{esc(READING + clip(question, _MAX_READING))}</i>\n"


def read_back(text: str | None) -> str | None:
    """The question in a message's 'Reading that as: …' first line: in plain text, as Telegram gives a
    message's text, or still in the HTML that `reading_line` wrote."""
    first = (text or "").split("\n", 1)[0]
    if first.startswith("<i>" + esc(READING)) and first.endswith("</i>"):
        first = html.unescape(first[3:-4])
    if not first.startswith(READING):
        return None
    return first[len(READING) :].strip() or None


def _dated(best: Candidate, as_of: str | None) -> Candidate:
    """The candidate with its date (as_of) on its source, when the date came from the dateline."""
    if best.source.date or not as_of:
        return best
    return best.model_copy(update={"source": best.source.model_copy(update={"date": as_of})})


def history_html(answer: Answer) -> str:
    """'Also reported by: …' and 'Earlier: 18,000 (APP, 2023-04-02) · …' under the answer, or ''."""
    lines = []
    if answer.also_reported_by:
        also = [f"{_reporter(s)} ({s.date or 'undated'})" for s in answer.also_reported_by[:5]]
        lines.append("Also reported by: " + ", ".join(also))
    if answer.timeline:
        label = "Earlier" if answer.as_of else "Other figures"
        lines.append(f"{label}: " + " · ".join(map(_entry, answer.timeline)))
    return "".join(f"\n{esc(line)}" for line in lines)


def _entry(entry: TimelineEntry) -> str:
    """'18,000 (Norland Herald, 2023-04-05; also APP)', each part clipped."""
    also = ", ".join(_reporter(s) for s in entry.also_reported_by[:2])
    also = f"; also {also}" if also else ""
    return f"{clip(entry.figure or '?', 60)} ({_reporter(entry.source)}, {entry.date or 'undated'}{also})"


def _reporter(source: Source) -> str:
    """Who reported it: the source's name, else the article's title, clipped."""
    return clip(source.source or source.title or source.doc_id, 40)


def format_not_found(answer: Answer) -> str:
    """'I couldn't find that' with why (when the core says) and a hint on asking better."""
    lines = ["I couldn't find that in the articles."]
    if answer.reason:
        lines.append(f"<i>{esc(clip(answer.reason, 300))}</i>")
    lines.append("Try the words the articles would use (“how many base stations…”), or see /sources.")
    return "\n".join(lines)


def format_more(answer: Answer, heading: str = "") -> str:
    """The best answer followed by the next best ones, numbered, all within one message (after
    `heading`, the 'Reading that as' line of a follow-up)."""
    best = answer.best()
    if best is None:
        return heading + format_not_found(answer)
    others = answer.alternatives
    if not others:
        return fit(lambda window: heading + candidate_block(best, window) + "\n\n<i>No other answers.</i>")

    def render(window: int) -> str:
        blocks = [candidate_block(c, window) for c in others]
        numbered = "\n\n".join(f"{i}. {block}" for i, block in enumerate(blocks, start=2))
        return f"{heading}1. {candidate_block(best, window)}\n\n{numbered}"

    return fit(render, window=600)


def format_context(
    rows: Sequence[tuple[int, str]],
    sentence_id: int,
    source: Source | None,
    highlight: Span | None = None,
    heading: str = "",
) -> str:
    """The answer's figure, then the sentences around it (the answer's own in bold), then the source.

    `highlight` is the figure's place in the answer's sentence: it gives the figure line and is underlined.
    `heading` (a follow-up's 'Reading that as' line) goes first, so that 'More answers' can read it back.
    """
    answer_text = dict(rows).get(sentence_id, "")
    span = highlight if _inside(highlight, answer_text) else None
    head = figure_line(answer_text[span.start : span.end]) if span else ""

    def render(window: int) -> str:
        parts = []
        for sid, text in rows:
            if sid != sentence_id:
                parts.append(esc(clip(text, window)))
            elif span:
                parts.append(f"<b>{highlighted(text, span.start, span.end, window, ('<u>', '</u>'))}</b>")
            else:
                parts.append(f"<b>{esc(clip(text, window))}</b>")
        tail = f"\n<i>{source_line(source)}</i>" if source else ""
        return heading + head + "\n".join(parts) + tail

    return fit(render, window=1000)


def format_help(examples: Sequence[str], n_articles: int) -> str:
    """What the bot does and how to ask, with example questions taken from the corpus."""
    lines = [
        f"I answer questions about figures in {n_articles} news article{'s' if n_articles != 1 else ''}: "
        "how many, how much, what share, when.",
        "Send me a question; in groups, mention me, reply to me or use /ask.",
    ]
    if examples:
        lines.append("\nFor example:")
        lines.extend(f"• <code>{esc(clip(q, _MAX_QUESTION_ECHO))}</code>" for q in examples)
    lines.append("\n/sources lists the articles I have read.")
    return fit(lambda _window: "\n".join(lines))


def format_sources(articles: Sequence[tuple[Source, int]]) -> str:
    """The articles in the index, one line each, cut with 'and N more' to fit one message."""
    if not articles:
        return "The index holds no articles yet."
    head = f"<b>{len(articles)} article{'s' if len(articles) != 1 else ''}</b>"
    lines: list[str] = []
    used = telegram_length(head) + 40
    for i, (source, count) in enumerate(articles):
        line = f"• {source_line(source)} ({count} sentence{'s' if count != 1 else ''})"
        if used + telegram_length(line) + 1 > MAX_MESSAGE:
            lines.append(f"… and {len(articles) - i} more")
            break
        lines.append(line)
        used += telegram_length(line) + 1
    return "\n".join([head, *lines])


def question_text(text: str | None, username: str | None) -> str:
    """The question in a message's text: without a leading /command and without @mentions of the bot."""
    text = (text or "").strip()
    if text.startswith("/"):
        text = text.split(maxsplit=1)[1] if " " in text else ""
    if username:
        text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def inline_articles(answer: Answer) -> list[InlineQueryResultArticle]:
    """The best answer and the next ones as inline-mode results, each a ready-to-send HTML message."""
    best = answer.best()
    candidates = [best, *answer.alternatives] if best else []
    return [
        InlineQueryResultArticle(
            id=f"{rank}-{c.sentence_id}",
            title=clip(c.figure or c.passage, 100),
            description=clip(c.passage, 200),
            input_message_content=InputTextMessageContent(
                fit(lambda window, c=c: candidate_block(c, window)), parse_mode=ParseMode.HTML
            ),
        )
        for rank, c in enumerate(candidates)
    ]


def answer_keyboard(
    generation: str,
    sentence_id: int,
    highlight: Span | None = None,
    *,
    more: bool = True,
    context: bool = True,
) -> InlineKeyboardMarkup:
    """The buttons under an answer: 'More answers' and 'Show context' (each left out once shown)."""
    wanted = [(more, "More answers", MORE), (context, "Show context", CONTEXT)]
    buttons = [
        InlineKeyboardButton(label, callback_data=button_data(action, generation, sentence_id, highlight))
        for shown, label, action in wanted
        if shown
    ]
    return InlineKeyboardMarkup([buttons])


def button_data(action: str, generation: str, sentence_id: int, highlight: Span | None = None) -> str:
    """Callback data 'action|generation-tag|sentence-id[|start-end]': all a button needs after a restart.

    The optional 'start-end' is where the answer's figure sits in the sentence, for 'Show context'.
    """
    data = f"{action}|{generation_tag(generation)}|{sentence_id}"
    if highlight is not None:
        data += f"|{highlight.start}-{highlight.end}"
    if len(data.encode()) > MAX_CALLBACK_DATA:
        raise BadCallbackData(f"callback data too long ({len(data.encode())} bytes): {data!r}")
    return data


def parse_button(data: str | None) -> ButtonPress:
    """Read callback data written by `button_data`; raise BadCallbackData for anything else."""
    match = _BUTTON.fullmatch(data or "")
    if match is None:
        raise BadCallbackData(f"unknown button: {data!r}")
    action, generation, sentence_id, start, end = match.groups()
    highlight = None
    if start is not None:
        if int(start) >= int(end):
            raise BadCallbackData(f"empty figure span in button: {data!r}")
        highlight = Span(start=int(start), end=int(end))
    return ButtonPress(action, generation, int(sentence_id), highlight)
