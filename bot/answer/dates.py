"""When an article was true: its date from the front matter or JSONL, else from its dateline, else none."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from bot.ingest import dateline_length
from bot.models import Candidate
from bot.search import SearchIndex

_MONTHS = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
         "aug august", "sep sept september", "oct october", "nov november", "dec december"),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # fmt: skip
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def parse_date(text: str | None) -> date | None:
    """A full calendar date written as ISO ('2025-09-01', '2025-09-01T10:00Z'), 'September 1, 2025' or
    '1 September 2025'; None for anything else (a year or a month alone is not a date)."""
    if not text:
        return None
    if match := _ISO.search(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _MONTH_DAY_YEAR.search(text):
        month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), int(match.group(3))
    elif match := _DAY_MONTH_YEAR.search(text):
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dateline_date(first_sentence: str) -> date | None:
    """The date in an article's dateline ('LONDON, March 3, 2024 (Reuters) -'), when it has a year."""
    length = dateline_length(first_sentence)
    return parse_date(first_sentence[:length]) if length else None


def article_dates(candidates: Iterable[Candidate], index: SearchIndex) -> dict[str, date | None]:
    """Each candidate article's date, by doc_id: the article's own date, else its dateline's, else None."""
    dates: dict[str, date | None] = {}
    undated: dict[str, int] = {}  # doc_id -> a sentence of the article, for its dateline
    for cand in candidates:
        doc_id = cand.source.doc_id
        if doc_id not in dates:
            dates[doc_id] = parse_date(cand.source.date)
            if dates[doc_id] is None:
                undated[doc_id] = cand.sentence_id
    if undated:
        dates |= _datelines(undated, index)
    return dates


def _datelines(sentences: dict[str, int], index: SearchIndex) -> dict[str, date | None]:
    """The dateline date of the article that holds each sentence (by doc_id), the first sentences read
    in one store query."""
    first, n = index.article_spans(index.article_ids(sentences.values()).tolist())
    leads = index.sentences(first[n > 0].tolist())
    out: dict[str, date | None] = {}
    for doc_id, lead, count in zip(sentences, first.tolist(), n.tolist(), strict=True):
        out[doc_id] = dateline_date(leads[lead][0]) if count > 0 and lead in leads else None
    return out
