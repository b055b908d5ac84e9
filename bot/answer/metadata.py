"""Questions about an article itself, not its text: who wrote it, when it came out, which outlet ran it.

"Who wrote the article about base stations?" is answered from the article's own metadata (author, date,
source), not from a sentence: the article is the one whose sentences best match the rest of the question
('base stations'), or the one the conversation is about, or the only one. The question must name an
article ('the article', 'this story', 'the piece'), or be no more than "who wrote it?" or "when was this
published?", so "who wrote the letter" or "who wrote the report" stays a question about the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import AnswerType, Source

_ARTICLE = r"(?:the|this|that|an?|your|its)\s+(?:news\s+)?(?:article|story|piece)s?"
_ISSUED = r"published|written|posted|released|come\s+out|appear|appeared|run"
# "who wrote it?", "when was this published?": a pronoun stands for the article only as the question's whole
# object and with a verb that an article takes; 'released' is left out, as "when was it released" may ask
# of a product.
_IT = r"(?:it|this|that)"
_END = r"\s*[?.!]*$"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "author",
        re.compile(
            rf"\b(?:who\s+(?:wrote|writes|has\s+written|authored|penned)\s+{_ARTICLE}"
            rf"|who(?:\s+is|\s+was|['’]s)\s+(?:the\s+)?(?:author|writer|reporter)\s+of\s+{_ARTICLE}"
            rf"|(?:who(?:\s+is|['’]s)|what(?:\s+is|['’]s)|name)\s+(?:the\s+)?(?:author|writer|byline)\b"
            rf"(?!\s+of\s+(?!{_ARTICLE})))"
            rf"|^\s*who\s+(?:wrote|has\s+written|authored|penned)\s+{_IT}{_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\bwhen\s+(?:was|were|did)\s+{_ARTICLE}\b.*?\b(?:{_ISSUED})\b"
            rf"|\b(?:what\s+is\s+)?(?:the\s+)?(?:publication|publishing)\s+date\b"
            rf"|\bhow\s+(?:old|recent)\s+is\s+{_ARTICLE}"
            rf"|^\s*when\s+(?:was|did)\s+{_IT}\s+(?:get\s+)?(?:published|written|posted|come\s+out|appear){_END}",
            re.IGNORECASE,
        ),
    ),
    (
        "source",
        re.compile(
            rf"\b(?:who|which\s+(?:outlet|agency|paper|newspaper|site|publication))\s+(?:published|ran|"
            rf"carried|reported)\s+{_ARTICLE}|\b(?:what|which)\s+is\s+(?:the\s+)?source\s+of\s+{_ARTICLE}"
            rf"|\bwhere\s+(?:is|was|does|did)\s+{_ARTICLE}\s+(?:from|come\s+from|published)\b"
            rf"|^\s*who\s+(?:published|ran|carried)\s+{_IT}{_END}",
            re.IGNORECASE,
        ),
    ),
)
# "who wrote the article about base stations?": what the article is about, after the article words.
_TOPIC = re.compile(
    rf"{_ARTICLE}\s+(?:about|on|that\s+covers|covering|regarding|concerning)\s+(?P<topic>.+?)"
    rf"(?:\s+(?:{_ISSUED}))?[\s?.!]*$",
    re.IGNORECASE,
)
KINDS = {"author": AnswerType.PERSON, "date": AnswerType.DATE, "source": AnswerType.ORGANISATION}
_WHAT = {"author": "its author", "date": "its date", "source": "its source"}


@dataclass(frozen=True)
class MetaQuestion:
    """What a question asks of an article ('author', 'date', 'source'), and what the article is about."""

    field: str
    topic: str  # '' when the question does not say which article


def read_meta(question: str) -> MetaQuestion | None:
    """The metadata a question asks for, or None when it asks about the articles' text."""
    for field, pattern in _PATTERNS:
        if pattern.search(question):
            topic = _TOPIC.search(question)
            return MetaQuestion(field, topic.group("topic").strip(" ?.!") if topic else "")
    return None


def meta_value(source: Source, field: str) -> str | None:
    """The article's author, date or source (the outlet), None when its metadata does not say."""
    value = {"author": source.author, "date": source.date, "source": source.source}[field]
    return value.strip() if value and value.strip() else None


def missing(field: str) -> str:
    """Why an article's metadata does not answer."""
    return f"The article does not give {_WHAT[field]}."


WHICH_ARTICLE = (
    "Which article? Say what it is about, for example 'who wrote the article about base stations?', or ask "
    "about something in it first."
)
