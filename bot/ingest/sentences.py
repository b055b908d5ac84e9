"""Splitting the body of a news article into sentences, and telling answer passages from boilerplate.

`split_sentences` returns character spans into the text it was given, stripped of surrounding whitespace
(and of a leading list bullet), in order. It drops what is not an answer passage (see `is_passage`):
boilerplate, bylines and fragments too short to say anything. A dateline ("ISLAMABAD, September 01 (APP):")
is never a sentence of its own: it stays inside the span of the sentence it introduces, so figures and
offsets are untouched; `dateline_length` tells a caller how much of a sentence to skip when showing it.

Boundaries: a blank line always ends a sentence; a single line break ends one too, unless the next line
plainly continues the sentence (it starts in lower case) or the paragraph is hard-wrapped at a fixed width
and the break is a wrap (the next line's first word would not have fitted on the line). Within running
text, '.', '!', '?' and ellipses end a sentence when the next word can start one; abbreviations, initials,
decimals and a lower-case next word ("Growth Vision Pro Ltd. to support") do not.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.ingest.text import STOP_WORDS
from bot.models import Span

SPLITTER_VERSION = 1

# A non-blank line, without its surrounding whitespace (\S never matches a line break).
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
# Sentence-final punctuation with any closing quotes or brackets, followed by whitespace.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
# The start of the next sentence: whitespace, opening quotes or brackets, then the first word.
_NEXT = re.compile(r"\s+([\"'“‘(\[]*)([^\s\"'”’.,;:!?)\]]*)")
_FIRST_WORD = re.compile(r"\S+")
_BULLET = re.compile(r"[-–—•*▪·]\s+(?=\w)")
_OPENERS = "\"'“‘([«"
_CLOSERS = "\"'”’)]»"
_LINE_TERMINAL = ".!?…:"


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string."""
    return frozenset(words.split())


# Abbreviations after which a sentence never ends (a name or a number always follows).
_TITLES = _word_set(
    """mr mrs ms messrs mme dr prof st gen gens gov govs sen sens rep reps lt col capt cpt sgt maj adm
    cmdr brig hon rev fr pres supt insp det rt vs v e.g i.e cf viz approx incl esp rs tk dhs"""
)
# Abbreviations that only mean "number" when a number follows ("No. 10", but "He said no. The ...").
_NUMBER_ABBREVIATIONS = _word_set("no nos vol vols p pp fig figs art arts sec ch para op")
# Abbreviations that may end a sentence: split only when a word that typically starts one follows.
_AMBIGUOUS = _word_set(
    """ltd co inc corp plc bros jr sr al etc jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun mln bln bn pct est dept govt intl ca"""
)
_TIME_LIKE = frozenset({"etc", "a.m", "p.m"})
_CALENDAR = _word_set(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)
_STARTERS = STOP_WORDS | _word_set("however meanwhile according earlier later since separately last")

# At least three (or two) words, found without scanning a long sentence to its end.
_THREE_WORDS = re.compile(r"[^\W_]+(?:[\W_]+[^\W_]+){2}")
_TWO_WORDS = re.compile(r"[^\W_]+[\W_]+[^\W_]")
_RIGHTS_RESERVED = re.compile(r"\ball\s+rights\s+reserved\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")

_BOILERPLATE = re.compile(
    r"""(?:
      (?:advertisements?|advert|ad|sponsored(?:\s+content)?|promoted)\W*$
    | (?:story|article)\s+continues\s+(?:below|after)
    | continue\s+reading\b | scroll\s+(?:down\s+)?to\s+(?:continue|read)
    | (?:also\s+read|read\s+also|read\s+more|more\s+from|you\s+may\s+also\s+like|recommended(?:\s+for\s+you)?
       |related(?:\s+(?:stories|articles|news|posts|coverage))?|see\s+also|don'?t\s+miss|must\s+read
       |trending(?:\s+now)?)\s*(?:[:|\-–—>»]|$)
    | (?:follow|like|find|join)\s+us\s+(?:on|at)\b
    | follow\s+(?:the\s+)?\S+(?:\s+\S+)?\s+on\s+(?:twitter|x|facebook|instagram|telegram|whatsapp|linkedin
       |youtube|threads|google\s+news)\b
    | (?:subscribe|sign\s+up|register)\b.{0,60}\b(?:newsletters?|channel|updates|alerts|subscription)\b
    | (?:click|tap)\s+here\b
    | (?:download|get)\s+(?:our|the)\s+(?:\S+\s+)?app\b
    | join\s+(?:our|us\s+on)\b.{0,40}\b(?:whatsapp|telegram|channel)\b
    | for\s+(?:the\s+latest|more)\s+(?:news|updates|stories)\b
    | \(?(?:additional\s+)?(?:reporting|writing|editing|edited|compiled|translated|produced)\s+by\b
    | \(?with\s+inputs?\s+from\b
    | (?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4})
    | \(?(?:file\s+)?(?:photos?|images?|pictures?|pic|photograph|caption|credits?|photo\s+credit|video|watch
       |listen)\s*(?:credit)?\s*[:|]
    | (?:share(?:\s+this(?:\s+article|\s+story)?)?|tags?|topics|filed\s+under|print|email)\s*(?::.*|\|.*)?$
    | (?:first\s+published|published|updated|last\s+updated|posted)(?:\s+on\b\s*:?|\s*:)\s*
       (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)
    | (?:first\s+)?published\s+in\s+(?:the\s+)?[A-Z].{0,50}\d{4}\W*$
    | (?:updated\s+|posted\s+)?\d+\s+(?:mins?|minutes?|hours?|hrs?|days?)\s+ago$
    | (?:https?://|www\.)\S+$ | \S+@\S+\.\w+$
    | reading\s+time\b | \d+\s+min(?:ute)?s?\s+read\b
    | (?:(?:our|a|from\s+our)\s+)?(?:staff\s+|special\s+)?(?:correspondent|reporter)$
    | (?:web|news|sports|business|monitoring)\s+desk$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "By Rehan Khan", "By Staff Reporter", "BY REHAN KHAN | September 1, 2025": capitalised name words only,
# so "By 2030, ..." and "By contrast, ..." are not bylines.
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|and|&|de|da|del|van|von|al|bin|ibn|el|ul)"
_BYLINE = re.compile(
    rf"(?i:(?:written\s+|reported\s+|story\s+)?by)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,6}}"
    r"(?:\s*[,|–—-]\s*[^.]{0,60})?$"
)
# A dateline cut off by its own full stop ("MOSCOW, July 4. /TASS/."): it belongs to the next sentence.
_DATELINE_FRAGMENT = re.compile(
    r"\s*[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\.?(?:\s*/[^/\s]{2,20}/\.?)?"
)
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"  # the place, in capitals
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?"  # ", Uzbekistan" or ", Sept."
    r"(?:,?\s+\d{1,2}(?:,\s*\d{4})?)?"  # " 01" or " 1, 2025"
    r"(?:\s*\([^()]{2,30}\))?"  # " (APP)"
    r"\s*(?::|--|[—–-](?=\s)|\.\s*/[^/\s]{2,20}/\.?)\s*"  # ":", "--", " - ", or ". /TASS/."
)


def split_sentences(text: str) -> list[Span]:
    """The answer passages of an article body: stripped spans into `text`, boilerplate left out."""
    spans: list[Span] = []
    for seg_start, seg_end in _segments(text):
        segment = text[seg_start:seg_end]
        start = 0
        for end in _boundaries(segment):
            _add(spans, text, seg_start + start, seg_start + end)
            start = end
        _add(spans, text, seg_start + start, seg_end)
    return spans


def is_passage(sentence: str) -> bool:
    """Whether a sentence can answer a question: not boilerplate, not a byline, not a bare fragment."""
    enough = _THREE_WORDS.search(sentence) or (_DIGIT.search(sentence) and _TWO_WORDS.search(sentence))
    return bool(enough) and not is_boilerplate(sentence)


def is_boilerplate(line: str) -> bool:
    """Whether a line or sentence is site furniture: adverts, 'Also read', credits, copyright, a byline."""
    line = line.strip().lstrip("-–—•*▪·|> \t").strip()
    if _BOILERPLATE.match(line) or _BYLINE.match(line):
        return True
    return "eserved" in line and _RIGHTS_RESERVED.search(line) is not None


def dateline_length(sentence: str) -> int:
    """How many leading characters of a sentence are a dateline such as 'ISLAMABAD, September 01 (APP): '."""
    match = _DATELINE.match(sentence)
    if match is None or match.end() >= len(sentence):
        return 0
    place = match.group().split(",")[0].split("(")[0].strip(" :-–—")
    # A dateline place is capitalised ("ISLAMABAD", "NEW DELHI"); "UN -" or "IT:" are too short to tell.
    return match.end() if len(place) >= 4 else 0


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    """Append [start, end) trimmed of whitespace and a list bullet, if it is an answer passage."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end or not is_passage(text[start:end]):
        return
    bullet = _BULLET.match(text, start, end)
    spans.append(Span(start=bullet.end() if bullet else start, end=end))


def _segments(text: str) -> list[tuple[int, int]]:
    """Runs of text that no line break interrupts: each is split further by punctuation."""
    blocks: list[list[tuple[int, int]]] = []
    previous_end = 0
    for match in _LINE.finditer(text):
        if not blocks or text.count("\n", previous_end, match.start()) > 1:
            blocks.append([])
        blocks[-1].append(match.span())
        previous_end = match.end()
    width = max((end - start for block in blocks for start, end in block), default=0)
    full = [[_is_full(text, line, after, width) for line, after in pairwise(block)] for block in blocks]
    wrapped = _is_hard_wrapped(blocks, full, width)
    segments: list[tuple[int, int]] = []
    for block, block_full in zip(blocks, full, strict=True):
        segments.extend(_block_segments(text, block, block_full if wrapped else [False] * len(block_full)))
    return segments


def _is_hard_wrapped(blocks: list[list[tuple[int, int]]], full: list[list[bool]], width: int) -> bool:
    """Whether the text is wrapped at a fixed width: most long lines end where the next word won't fit."""
    if not 40 <= width <= 120:
        return False
    long_lines = [
        line_full
        for block, block_full in zip(blocks, full, strict=True)
        for (start, end), line_full in zip(block, block_full, strict=False)
        if 2 * (end - start) >= width
    ]
    return bool(long_lines) and 3 * sum(long_lines) >= 2 * len(long_lines)


def _block_segments(text: str, lines: list[tuple[int, int]], wraps: list[bool]) -> list[tuple[int, int]]:
    """Join the lines of one paragraph block where a line break does not end the sentence."""
    segments: list[tuple[int, int]] = []
    seg_start = lines[0][0]
    for ((start, end), (next_start, next_end)), wrap in zip(pairwise(lines), wraps, strict=True):
        terminal = text[start:end].rstrip(_CLOSERS)[-1:] in _LINE_TERMINAL
        continues = not terminal and text[next_start].islower()
        if _BULLET.match(text, next_start, next_end) or not (continues or wrap):
            segments.append((seg_start, end))
            seg_start = next_start
    segments.append((seg_start, lines[-1][1]))
    return segments


def _is_full(text: str, line: tuple[int, int], next_line: tuple[int, int], width: int) -> bool:
    """Whether the next line's first word would not have fitted on this line: a wrap, not a break."""
    next_word = _FIRST_WORD.match(text, next_line[0], next_line[1])
    next_length = next_word.end() - next_word.start() if next_word else 0
    return line[1] - line[0] + 1 + next_length > width


def _boundaries(segment: str) -> list[int]:
    """Offsets in `segment` right after each sentence-final punctuation mark that ends a sentence."""
    ends: list[int] = []
    for match in _END.finditer(segment):
        following = _NEXT.match(segment, match.end())
        if following is None or (following.end() == len(segment) and not following.group(2)):
            continue
        window = segment[max(0, match.start() - 40) : match.start()]
        previous = _last_word(window)
        if not _ends_sentence(match.group(), previous, following.group(2), bool(following.group(1))):
            continue
        if not _DATELINE_FRAGMENT.fullmatch(segment, ends[-1] if ends else 0, match.end()):
            ends.append(match.end())
    return ends


def _last_word(window: str) -> str:
    """The word that touches the end of `window`, without quotes or brackets ('' after a space)."""
    parts = window.split()
    if not parts or window[-1].isspace():
        return ""
    return parts[-1].strip(_OPENERS + _CLOSERS)


def _ends_sentence(mark: str, previous: str, following: str, quoted: bool) -> bool:
    """Decide one candidate boundary from its mark, the word before it and the word after it."""
    first = following[:1]
    if first.islower():
        return False
    if "." not in mark.rstrip(_CLOSERS) or "!" in mark or "?" in mark or ".." in mark:
        return True
    word = previous.lower()
    if word in _NUMBER_ABBREVIATIONS or (first.isdigit() and len(previous) <= 3 and previous[:1].isupper()):
        return not first.isdigit()
    if word in _TITLES or (len(previous) == 1 and previous.isupper()):
        return False
    if word in _AMBIGUOUS or ("." in word and word.replace(".", "").isalpha()):
        return _starts_sentence(word, following, quoted)
    return True


def _starts_sentence(abbreviation: str, following: str, quoted: bool) -> bool:
    """After an abbreviation that may end a sentence: does the next word begin a new one?"""
    if quoted and following[:1].isupper():
        return True
    if not following[:1].isupper():
        return False
    if abbreviation in _TIME_LIKE:
        time_zone = following.isupper() and len(following) <= 4  # "9 a.m. ET", "5 p.m. IST"
        return not time_zone and following.lower() not in _CALENDAR
    return following.lower() in _STARTERS
