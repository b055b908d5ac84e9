"""Follow-up questions: whether a message can stand alone, and how it merges with the previous turn.

A message is elliptical when it starts with "and" or "what about", has a pronoun with nothing before it to
refer to, or has no content word of its own: only a period ("and in 2024?"), only a name ("what about
Ucell?") or a bare question word ("where?"). It then merges with the previous turn's question: its period
replaces the period, its name the name, its noun the measured noun, a pronoun becomes the previous subject,
a new question word asks about the same thing; the rest (names, period) is kept. Pure: no index, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.answer.anchors import Name, find_names, find_periods, resolved
from bot.answer.dates import parse_date
from bot.answer.periods import of_date, period_text, shifted
from bot.answer.question_words import word_set
from bot.answer.questions import QUESTION_WORDS, analyse
from bot.ingest import STOP_WORDS
from bot.models import AnswerType, Model, Period

_CONNECTOR = re.compile(
    r"^\s*(?:(?:and|but|ok(?:ay)?|so|then)\s*,?\s*)?(?:what|how)\s+about\b[\s,]*"
    r"|^\s*(?:and|also|plus)\b[\s,]*|^\s*what\s+of\b[\s,]*",
    re.IGNORECASE,
)
# Periods counted from the previous turn's: "the year before", "a quarter later", "the previous month".
_CONTEXT_RELATIVE = re.compile(
    r"\b(?:the|a|an|one)\s+(?P<u1>year|half|quarter|month)\s+(?P<d1>before|earlier|after|later)\b"
    r"|\bthe\s+(?P<d2>previous|preceding|prior|following|next)\s+(?P<u2>year|half|quarter|month)\b",
    re.IGNORECASE,
)
_BACK = word_set("before earlier previous preceding prior")
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")
_WH_PHRASE = re.compile(
    r"^\s*(?:how\s+(?:many|much|long|old|far|big|large|often|high|tall|deep|wide|fast)|what|which|who|whom|"
    r"whose|when|where|why|how)\b",
    re.IGNORECASE,
)
PRONOUNS = word_set("it they them this that these those he she him")
POSSESSIVES = word_set("its their his her")
_DEMONSTRATIVES = word_set("this that these those")
_PLURAL_PRONOUNS = word_set("they them these those their")
_AUX = word_set("is are was were be been has have had do does did will would can could should may might")
_DO = word_set("do does did will would can could should may might")
_BE = word_set("is are was were be been")
_IRREGULAR_PARTICIPLES = word_set(
    "built made paid sold bought held won lost sent spent brought taught found given taken written chosen "
    "known shown seen done begun run led set put cut hit hurt shut split spread"
)
_FILLER = word_set("please then again now so ok okay exactly instead there here one ones figure")
_VERBS = word_set(
    "built build builds made make makes paid pay pays sold sell sells bought buy buys spent spend won win "
    "lost took take takes gave give gives held hold holds said say says cost costs rose rise rises fell fall "
    "falls grew grow grows got get gets sent send put ran run runs led lead leads reach reaches"
)
_ORDINAL = re.compile(r"(?:first|second|third|fourth|final|1st|2nd|3rd|4th)\b", re.IGNORECASE)
_PREPOSITIONS = word_set("in for at of on by during since from to")
_SINGULAR, _PLURAL = ("was", "is", "has", "does"), ("were", "are", "have", "do")
_TO_PLURAL = dict(zip(_SINGULAR, _PLURAL, strict=True))
_TO_SINGULAR = dict(zip(_PLURAL, _SINGULAR, strict=True))


class Turn(Model):
    """What a follow-up is read against: the previous question as answered, and what it was about."""

    question: str
    answer_type: AnswerType = AnswerType.OTHER
    focus: str | None = None
    period: Period | None = None
    as_of: str | None = None
    article: str | None = None
    figure: str | None = None
    sentence: int | None = None  # the answer's sentence id, whose article "who wrote it?" asks about


@dataclass(frozen=True)
class Reading:
    """How a message was read: the self-contained question to answer, and whether context was used."""

    question: str
    follow_up: bool = False


@dataclass
class Parts:
    """A message taken apart: connector, question phrase, periods, names, pronoun and content words."""

    body: str
    connector: bool = False
    wh: str | None = None
    periods: list[tuple[int, int, Period | tuple[str, int]]] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)
    pronoun: tuple[int, int] | None = None
    content: list[str] = field(default_factory=list)
    aux: bool = False

    @property
    def possessive(self) -> bool:
        """Whether the unresolved pronoun is a possessive ('their cost')."""
        return self.pronoun is not None and self._word(self.pronoun) in POSSESSIVES

    @property
    def plural(self) -> bool:
        """Whether the unresolved pronoun is plural ('they', 'their')."""
        return self.pronoun is not None and self._word(self.pronoun) in _PLURAL_PRONOUNS

    def _word(self, span: tuple[int, int]) -> str:
        return self.body[span[0] : span[1]].lower()


def parse(message: str) -> Parts:
    """Take a message apart (periods, names, pronoun, content words), its leading connector removed."""
    body = message.strip()
    connector = _CONNECTOR.match(body)
    body = (body[connector.end() :] if connector else body).strip().rstrip("?!.").strip()
    wh = _WH_PHRASE.match(body)
    parts = Parts(body, bool(connector), " ".join(wh.group().lower().split()) if wh else None)
    for m in _CONTEXT_RELATIVE.finditer(body):
        unit, direction = (m.group("u1") or m.group("u2")).lower(), (m.group("d1") or m.group("d2")).lower()
        parts.periods.append((m.start(), m.end(), (unit, -1 if direction in _BACK else 1)))
    at = 0
    for period in find_periods(body):
        start = body.find(period.text, at)
        if start >= 0 and not any(s <= start < e for s, e, _ in parts.periods):
            parts.periods.append((start, start + len(period.text), period))
            at = start + len(period.text)
    parts.periods.sort(key=lambda item: item[0])
    parts.names = find_names(body)
    _read_words(parts)
    return parts


def _read_words(parts: Parts) -> None:
    """Sort the message's words into content words and the first pronoun with nothing to refer to."""
    named = {w.lower() for name in parts.names for w in name.text.split()}
    dated = [(s, e) for s, e, _ in parts.periods]
    tokens = [m for m in _WORD.finditer(parts.body) if not any(s <= m.start() < e for s, e in dated)]
    lows = [re.sub(r"['’]s?$", "", m.group()).lower() for m in tokens]
    before = False  # a content word or a name seen: a later pronoun may refer to it
    for i, (m, low) in enumerate(zip(tokens, lows, strict=True)):
        if low in named:
            before = True
        elif low in PRONOUNS or low in POSSESSIVES:
            nxt = lows[i + 1] if i + 1 < len(lows) else ""
            determiner = low in _DEMONSTRATIVES and _is_content(nxt)
            if determiner and i > 0 and lows[i - 1] in _AUX and i + 2 == len(lows):
                determiner = False  # "how much did that cost": a pronoun before the verb
            if low == "it" and any(_is_content(w) and not _verb_like(w) for w in lows[i + 1 :]):
                determiner = True  # "how much did it cost to build the bridge": 'it' refers to nothing
            if not before and not determiner and parts.pronoun is None:
                parts.pronoun = (m.start(), m.end())
        elif _is_content(low):
            parts.content.append(low)
            before = before or not _verb_like(low)  # "who signed it": a verb is nothing to refer to
        parts.aux = parts.aux or low in _AUX


def _is_content(low: str) -> bool:
    """A word that says what the question is about (not a function, question, filler or number word)."""
    if not low or low[0].isdigit():
        return False
    return not (low in STOP_WORDS or low in QUESTION_WORDS or low in _AUX or low in _FILLER)


def _verb_like(low: str) -> bool:
    """A word that reads as a verb rather than a noun a pronoun could refer to."""
    return low in _VERBS or (low.endswith(("ed", "ing")) and len(low) > 4)


def elliptical(message: str) -> bool:
    """Whether a message cannot stand alone as a question."""
    return _elliptical(parse(message))


def _elliptical(parts: Parts) -> bool:
    """Whether a message taken apart cannot stand alone."""
    if parts.connector or parts.pronoun:
        return True
    if parts.content:
        return False
    return not (parts.wh and parts.names)  # "who is Cam Newton?" stands alone


def read(message: str, previous: Turn | None, today: date) -> Reading:
    """The self-contained question a message asks, read against the previous turn when it is elliptical."""
    if previous is None:
        return Reading(message)
    parts = parse(message)
    if not _elliptical(parts):
        return Reading(message)
    merged = _merge(parts, previous, today)
    if merged is None or _plain(merged) == _plain(parts.body):
        return Reading(message)
    return Reading(merged, follow_up=True)


def _merge(parts: Parts, prev: Turn, today: date) -> str | None:
    """The previous question changed by the message, or the message completed from the previous one."""
    parts, period = _absolute_periods(parts, prev, today)
    own = parts.content or parts.pronoun or (parts.names and parts.aux)
    if parts.wh and own:  # a question of its own: "how much did they cost?", "who is Cam Newton?"
        question = _substituted(parts, prev) if parts.pronoun else parts.body
        return None if question is None else _finish(_carried(question, parts, prev))
    if parts.possessive and parts.content:  # "and their cost?"
        referent = _referent(prev)
        if referent is None:
            return None
        return _finish(_carried(f"what was the {' '.join(parts.content)} of {referent}", parts, prev))
    question = _asked_anew(prev, parts.wh, keep_period=period is None) if parts.wh else prev.question
    if parts.content:
        question = _with_focus(question, prev, " ".join(parts.content))
    if parts.names:
        question = _with_name(question, parts)
    if period is not None:
        question = _with_period(question, prev.period, period)
    return _finish(question)


def _asked_anew(prev: Turn, wh: str, keep_period: bool) -> str:
    """'where?': the previous question with another question word, its period moved to the end (or left
    out when the new question asks when)."""
    bare = _without_period(prev.question, prev.period.text) if prev.period else prev.question
    question = _rephrased(bare, wh)
    if question == bare:  # the same question word: the same question
        return prev.question
    if keep_period and prev.period and analyse(_finish(question)).answer_type is not AnswerType.DATE:
        question = _append(question, f"in {period_text(prev.period)}")
    return question


def _absolute_periods(parts: Parts, prev: Turn, today: date) -> tuple[Parts, str | None]:
    """The message with its periods written out absolutely ('the year before' → 'in 2023'), and the text
    of its first period; 'Q3' takes the previous period's year."""
    body, first = parts.body, None
    for start, end, period in reversed(parts.periods):
        new = _absolute(period, prev, today)
        if new is None:
            continue
        if isinstance(period, Period) and new == period:
            first = period.text
            continue
        first = period_text(new)
        body = _put(body, start, end, first)
    if body == parts.body:
        return parts, first
    reparsed = parse(body)
    reparsed.connector = parts.connector
    return reparsed, first


def _absolute(period: Period | tuple[str, int], prev: Turn, today: date) -> Period | None:
    """A period of the message made absolute: against the previous turn's period, or today."""
    if isinstance(period, tuple):
        unit, steps = period
        when = parse_date(prev.as_of)
        base = prev.period or (of_date(when, unit) if when else None)
        return shifted(base, unit, steps) if base else None
    new = resolved(period, today.year)
    last = prev.period
    if new.year is None and new.offset is None and last and last.year and not last.year_end:
        new = new.model_copy(update={"year": last.year})
    return new


def _put(text: str, start: int, end: int, period: str) -> str:
    """`text` with [start, end) replaced by a period, after 'in' unless a preposition is there already."""
    before = text[:start].rstrip()
    if before.lower().endswith(" the"):
        before = before[:-4]  # the old period's article: "in the first half" → "in Q3 2025"
    if _ORDINAL.match(period):
        period = "the " + period  # "in the first half of 2025"
    last = before.split()[-1].lower() if before.split() else ""
    joiner = " " if last in _PREPOSITIONS else " in "
    return (before + joiner + period + text[end:]).strip()


def _with_period(question: str, old: Period | None, new: str) -> str:
    """The question about another period: the old one's words replaced, or the new one added."""
    at = question.lower().find(old.text.lower()) if old and old.text else -1
    if at < 0:
        return _append(question, f"in {new}")
    return _put(question, at, at + len(old.text), new)


def _without_period(question: str, text: str) -> str:
    """The question without a period's words (and the preposition before them)."""
    pattern = rf"(?:\b(?:{'|'.join(_PREPOSITIONS)})\s+)?{re.escape(text)}"
    return " ".join(re.sub(pattern, " ", question, count=1, flags=re.IGNORECASE).split())


def _with_name(question: str, parts: Parts) -> str:
    """The question about the message's names: replacing a name of the previous question, or added."""
    first, last = parts.names[0].text, parts.names[-1].text
    start, end = parts.body.find(first), parts.body.rfind(last) + len(last)
    new = parts.body[start:end] if 0 <= start < end else first
    prep = parts.body[:start].split()[-1].lower() if parts.body[:start].split() else ""
    prep = prep if prep in _PREPOSITIONS else ""
    old = find_names(question)
    if not old:
        return _append(question, f"{prep or 'for'} {new}")
    for name in old if prep else ():  # "and in Ghana?": the name after the same preposition
        at = re.search(rf"\b{prep}\s+({re.escape(name.text)})", question, re.IGNORECASE)
        if at:
            return question[: at.start(1)] + new + question[at.end(1) :]
    return question.replace(old[0].text, new, 1)


def _with_focus(question: str, prev: Turn, noun: str) -> str:
    """The question about another thing: the measured noun replaced, or the new one added."""
    at = question.lower().find(prev.focus.lower()) if prev.focus else -1
    if at < 0:
        return _append(question, f"for {noun}")
    return question[:at] + noun + question[at + len(prev.focus or "") :]


def _referent(prev: Turn) -> str | None:
    """What a pronoun stands for: the previous question's measured noun as written, else its first name."""
    if prev.focus:
        at = prev.question.lower().find(prev.focus.lower())
        text = prev.question[at : at + len(prev.focus)] if at >= 0 else prev.focus
        return text if text[0].isupper() or text[0].isdigit() else f"the {text}"
    names = find_names(prev.question)
    return names[0].text if names else None


def _substituted(parts: Parts, prev: Turn) -> str | None:
    """The message with its pronoun replaced by the previous subject (the verb before it agreeing)."""
    referent = _referent(prev)
    if referent is None or parts.pronoun is None:
        return None
    start, end = parts.pronoun
    if parts.possessive:
        referent += "'" if referent.endswith("s") else "'s"
    before = parts.body[:start].split()
    plural = referent.endswith("s") and not referent.endswith("ss")
    if before and not parts.possessive and plural != parts.plural:
        swap = _TO_PLURAL if plural else _TO_SINGULAR
        before[-1] = swap.get(before[-1].lower(), before[-1])
    return " ".join([*before, referent]) + parts.body[end:]


def _carried(question: str, parts: Parts, prev: Turn) -> str:
    """The question with the previous turn's names and period that it does not state itself."""
    extra = []
    if not parts.names:
        missing = [n.text for n in find_names(prev.question) if n.text.lower() not in question.lower()]
        if missing:
            extra.append("for " + " and ".join(missing))
    if not parts.periods and prev.period and analyse(_finish(question)).answer_type is not AnswerType.DATE:
        extra.append(f"in {period_text(prev.period)}")
    return _append(question, " ".join(extra)) if extra else question


def _rephrased(question: str, wh: str) -> str:
    """The previous question asked with another question word: 'when were the contracts signed'."""
    found = _WH_PHRASE.match(question)
    if found and " ".join(found.group().lower().split()) == wh:
        return question
    rest = (question[found.end() :] if found else question).strip().rstrip("?!.").strip()
    words = rest.split()
    at = next((i for i, w in enumerate(words) if w.lower() in _AUX), None)
    if wh == "who" and at == 0 and words[0].lower() in _BE and _participle(words[-1]):
        return f"by whom {rest}"  # "when was the memorandum signed" → "by whom was the memorandum signed"
    if at is None or at == 0:
        return f"{wh} {rest}"
    aux, subject, tail = words[at], " ".join(words[:at]), " ".join(words[at + 1 :])
    if aux.lower() in _DO:  # "how many stations does Telnor have" → "where does Telnor have stations"
        return f"{wh} {aux} {tail} {subject}"
    return f"{wh} {aux} {subject} {tail}"  # "how many contracts were signed" → "when were contracts signed"


def _participle(word: str) -> bool:
    """Whether a word reads as a past participle ('signed', 'built'): the question is passive."""
    low = word.lower().rstrip("?!.")
    return low in _IRREGULAR_PARTICIPLES or (len(low) > 4 and low.endswith(("ed", "en")))


def _append(question: str, words: str) -> str:
    """The question with words added at its end, before the question mark."""
    return f"{question.strip().rstrip('?!.').strip()} {words}"


def _finish(question: str) -> str:
    """One line, single spaces, a question mark at the end."""
    text = " ".join(question.split()).rstrip("?!. ")
    return text + "?"


def _plain(text: str) -> list[str]:
    """The words of a text, lower-cased, for telling whether a reading changed anything."""
    return [w.lower() for w in _WORD.findall(text)]
