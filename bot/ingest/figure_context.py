"""Around a figure's number: the noun it counts, the other end of its range, a conversion in brackets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from bot.ingest import figure_patterns as fp
from bot.models import AnswerType


@dataclass(slots=True)
class Found:
    """A figure while it is being built: offsets, parsed parts and whether it is a bare number."""

    start: int
    end: int
    kind: AnswerType
    value: float | None
    unit: str | None = None
    qualifier: str | None = None
    noun: str | None = None
    scale: float = 1.0
    bare: bool = False
    conversion: Found | None = None


def noun_after(s: str, f: Found) -> str | None:
    """The counted noun after a figure: up to four words, stopping at a function word, verb or punctuation."""
    pos = f.end
    of = fp.OF.match(s, pos)
    if of and (f.unit or f.scale > 1 or f.value is None):  # "226 tons of goods", "83% of voters"
        pos = of.end()
    nouns: list[str] = []
    while len(nouns) < 4:
        m = fp.NOUN_WORD.match(s, pos) or (None if nouns else fp.HYPHEN_WORD.match(s, pos))
        if not m:  # a hyphenated word counts too: "the three-stage rocket" counts stages
            break
        word = m[1].rstrip("'’-")
        low = word.lower()
        if low in fp.NOT_NOUNS or low in fp.MONTH_SET or (low.endswith("ly") and low not in fp.LY_NOUNS):
            break
        if low.endswith(("ed", "ing")) and len(low) > 4 and (nouns or not next_is_word(s, m.end())):
            break  # a verb ("students trained at"), unless it modifies a following noun ("registered voters")
        nouns.append(word)
        pos = m.end()
        if word != m[1]:
            break
    return " ".join(nouns) or None


def next_is_word(s: str, pos: int) -> bool:
    """Whether a content word follows directly."""
    m = fp.NOUN_WORD.match(s, pos)
    return bool(m) and m[1].lower() not in fp.NOT_NOUNS


def noun_before(s: str, pos: int, qualifier: str | None) -> str | None:
    """What an amount is the value of: 'contracts' in '12 contracts worth over USD 1 billion'."""
    m = fp.NOUN_BEFORE.search(s, max(0, pos - 60), pos)
    if not m and qualifier and qualifier.startswith("exceed"):
        m = fp.WORDS_BEFORE.search(s, max(0, pos - 60), pos)
    if not m:
        return None
    if m.groupdict().get("verb") and not m[1].split()[-1].islower():
        return None  # "exports to China reached ...": the word before the verb is not what is worth it
    kept: list[str] = []
    for word in reversed(m[1].split()):
        low = word.lower()
        if low in fp.NOT_NOUNS or low.endswith(("ed", "ly", "'s", "’s")) or low in fp.MONTH_SET:
            break
        kept.insert(0, word)
    return " ".join(kept) or None


def join_figures(found: list[Found], s: str) -> list[Found]:
    """Join the two ends of each range, then each figure with the conversion in brackets after it; a
    figure listed after another of its kind counts the same noun ('12.4% of the bonds, Japan 31.0%')."""
    joined = _join_conversions(_merge_ranges(found, s), s)
    for prev, f in pairwise(joined):
        same = (prev.kind, prev.unit) == (f.kind, f.unit)
        if f.noun is None and prev.noun and same and fp.LISTED.fullmatch(s, prev.end, f.start):
            f.noun = prev.noun
    return joined


def _merge_ranges(found: list[Found], s: str) -> list[Found]:
    """Join 'between 5 and 10 million', '5-10%' and 'from 3 to 4 years' into one figure (value = lower)."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind is AnswerType.DURATION
            and f.bare
            and s[prev.start : prev.end].isdigit()
        ):
            as_prev = replace(f, kind=prev.kind, unit=prev.unit, bare=False, noun=None)
            f = as_prev if _is_range(prev, as_prev, s) else f  # "aged 18 to 25": both are ages
        if prev is not None and _is_range(prev, f, s):
            lead = fp.RANGE_LEAD.search(s, max(0, prev.start - 10), prev.start)
            if prev.value is not None:
                f.value = prev.value * f.scale if prev.bare else prev.value
            f.qualifier = lead[0].strip().lower() if lead else prev.qualifier
            f.start = lead.start() if lead else prev.start
            out[-1] = f
        else:
            out.append(f)
    return out


def _is_range(prev: Found, f: Found, s: str) -> bool:
    """Whether two neighbouring figures are the two ends of one range rather than a change or a list."""
    gap = s[prev.end : f.start].strip().lower()
    lead = fp.RANGE_LEAD.search(s, max(0, prev.start - 10), prev.start)
    if prev.kind is AnswerType.DATE and f.kind is AnswerType.DATE:
        return _is_date_range(prev, f, gap, lead is not None and lead[0].lower().startswith("between"), lead)
    if AnswerType.DATE in (prev.kind, f.kind) or not (
        prev.bare or (prev.kind, prev.unit) == (f.kind, f.unit)
    ):
        return False
    if prev.value is None or f.value is None or prev.value * (f.scale if prev.bare else 1.0) > f.value:
        return False
    if gap == "and":
        return bool(lead) and lead[0].lower().startswith("between")
    if gap in fp.DASHES:
        return True
    before = lead.start() if lead else prev.start
    changed = fp.CHANGE_VERB.search(s, max(0, before - 40), before) or fp.BY_BEFORE.search(s, 0, before)
    if gap == "to" and changed and prev.bare and f.kind is AnswerType.PERCENT:
        return not (lead and lead[0].strip().lower() == "from")  # "grew by 15 to 20 percent": a range
    return gap == "to" and not changed  # not "rose from 5% to 7%", not "rose by 3% to 5%"


def _is_date_range(prev: Found, f: Found, gap: str, between: bool, lead: object) -> bool:
    """'24 August – 3 October 1572', 'from 4 August 1915 until November 1918', 'between May and June'."""
    if prev.value is not None and f.value is not None and prev.value > f.value:
        return False
    if gap in fp.DASHES:
        return True
    if gap == "and":
        return between
    return lead is not None and gap in {"to", "until", "till", "through"}


def _join_conversions(found: list[Found], s: str) -> list[Found]:
    """'$2.4bn (£1.3bn)', '121 metres (397 ft)': one figure, the bracketed amount as its conversion."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        close = fp.CLOSE_BRACKET.match(s, f.end)
        if prev is None or not close or not fp.OPEN_BRACKET.fullmatch(s, prev.end, f.start):
            out.append(f)
        elif (prev.kind, f.kind) in fp.CONVERTIBLE and prev.conversion is None:
            prev.conversion, prev.end = f, close.end()
            prev.noun = prev.noun or f.noun or noun_after(s, prev)
        else:
            out.append(f)
    return out
