"""Figures in news sentences (counts, money, percentages, dates, durations, quantities), by plain regex."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.ingest import figure_patterns as fp
from bot.ingest.figure_context import Found, join_figures, noun_after, noun_before
from bot.models import AnswerType, Figure, Span


def extract_figures(sentence: str) -> list[Figure]:
    """Every figure in a news sentence, in order: its text, span, kind, value, unit, qualifier and noun."""
    return list(_extract(sentence))


# Answering one question reads the same candidate sentences several times (ranking, then picking).
@lru_cache(maxsize=8192)
def _extract(sentence: str) -> tuple[Figure, ...]:
    """The figures of one sentence, cached: figures are immutable, so callers may share them."""
    has_digit = fp.DIGIT_RUN.search(sentence) is not None
    hints = set(fp.LETTERS.findall(sentence.lower()))
    written, dated = not hints.isdisjoint(fp.WRITTEN_HINTS), not hints.isdisjoint(fp.DATE_HINTS)
    if not written and not hints.isdisjoint(fp.SCALE_HINTS):
        written = fp.A_SCALE.search(sentence) is not None
    if not (has_digit or written or dated):
        return ()
    found: list[Found] = []
    phones: list[tuple[int, int]] = []
    if "centur" in sentence:  # "the first half of the eighteenth century", "the 14th century"
        found = [_date(sentence, m.span()) for m in fp.WRITTEN_CENTURY.finditer(sentence)]
    if has_digit:
        phones = [m.span() for m in fp.PHONE.finditer(sentence)]
        taken = [(f.start, f.end) for f in found]
        spans = (span for span in _date_spans(sentence) if not _overlaps(span, phones + taken))
        found += [_date(sentence, span) for span in spans]
    if dated:
        taken = [(f.start, f.end) for f in found]
        alone = [m.span("d") for m in fp.MONTH_ALONE.finditer(sentence)]
        found += [_date(sentence, span) for span in alone if not _overlaps(span, taken)]
    dates = [(f.start, f.end) for f in found]
    found += _numbers(sentence, _starts(sentence, has_digit, written), dates, phones)
    found.sort(key=lambda f: f.start)
    return tuple(_to_figure(f, sentence) for f in join_figures(found, sentence))


def _date_spans(s: str) -> list[tuple[int, int]]:
    """Dates, searched only near digit runs: every date pattern holds a digit, 40 characters from its ends."""
    windows: list[list[int]] = []
    for run in fp.DIGIT_RUN.finditer(s):
        if windows and run.start() - 40 <= windows[-1][1]:
            windows[-1][1] = min(len(s), run.end() + 30)
        else:
            windows.append([max(0, run.start() - 40), min(len(s), run.end() + 30)])
    return [m.span() for start, end in windows for m in fp.DATES.finditer(s, start, end)]


def _starts(s: str, has_digit: bool, written: bool) -> list[int]:
    """Where a figure may start: each digit run (or the currency before it) and each written number."""
    starts = []
    for m in fp.DIGIT_RUN.finditer(s) if has_digit else ():
        at = m.start() - 1 if m.start() and s[m.start() - 1] == "." else m.start()  # ".08%"
        cur = fp.CUR_BEFORE.search(s, max(0, at - 8), at)
        starts.append(cur.start() if cur else at)
    if written:
        starts += [m.start() for m in fp.WRITTEN_START.finditer(s)]
        starts.sort()
    return starts


def _numbers(
    s: str, starts: list[int], dates: list[tuple[int, int]], phones: list[tuple[int, int]]
) -> list[Found]:
    """The figures that are not dates, matched at each possible start that a previous match did not cover."""
    out: list[Found] = []
    covered = 0
    for start in starts:
        m = fp.FIGURE.match(s, start) if start >= covered else None
        if not m:
            continue
        covered = m.end()
        core = m.span("num") if m["num"] else m.span("frac") if m["frac"] else m.span("words")
        if _overlaps(m.span(), dates) or _overlaps(core, phones) or _is_code(s, m.start(), core[1]):
            continue
        if not _is_standalone(m, s):
            continue
        fig = _number(m, s)
        if fig is not None:
            out.append(fig)
    return out


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether a span shares any character with one of `spans`."""
    return any(span[0] < end and start < span[1] for start, end in spans)


def _is_standalone(m: re.Match[str], s: str) -> bool:
    """A real figure, not part of a word or code ("5G", "G20") and not a label ("Article 370", "No. 5")."""
    start, end = m.span()
    if start == end or (start > 0 and (s[start - 1].isalnum() or s[start - 1] in "_#")):
        return False
    if end < len(s) and (s[end].isalnum() or s[end] == "_"):
        return False
    return not fp.LABEL.search(s, max(0, start - 12), start)


def _is_code(s: str, start: int, end: int) -> bool:
    """Digits inside a code or clock time: "COVID-19", "INV-2023-0045", "555-123-4567", "v2.4.1", "10:30"."""
    i = start
    while i > 0 and (s[i - 1].isalnum() or s[i - 1] in "-/:."):
        i -= 1
    before = s[i:start]
    if before.lower().rstrip("-") in fp.TIME_PREFIXES:  # "pre-2020", "post-war"
        return False
    return any(ch.isalpha() for ch in before) or ":" in before or fp.CODE_AFTER.match(s, end) is not None


def _is_name(s: str, start: int) -> bool:
    """Whether a number follows a capitalised word that it names ("Apollo 11"), not a month or a lead word."""
    before = fp.WORD_BEFORE.search(s, max(0, start - 20), start)
    if not before or not before[1][0].isupper() or before[1].endswith(("'s", "’s", "AD", "BC")):
        return False
    if fp.SCORE.match(s, start):  # "beat the Cardinals 49–15"
        return False
    word = before[1].lower()
    return (
        word not in fp.NOT_NOUNS
        and word not in fp.MONTH_SET
        and not fp.QUALIFIER.search(s, before.start(), start)
    )


def _parse_written(text: str) -> float | None:
    """The value of a written number: 'twenty-five' → 25, 'two hundred and six' → 206, 'a dozen' → 12."""
    lowered = " ".join(text.lower().split())
    lowered = lowered[: -len("fold")].rstrip("-") if lowered.endswith("fold") else lowered  # "threefold"
    if lowered in fp.MULTIPLES:
        return fp.MULTIPLES[lowered]
    if lowered in fp.VAGUE or lowered.startswith(("tens", "hundreds", "a few", "several", "many")):
        return None
    total = 0
    for part in re.split(r"[\s-]+", lowered):
        if part in fp.WRITTEN_NUMBERS:
            total += fp.WRITTEN_NUMBERS[part]
        elif part == "hundred":
            total = max(total, 1) * 100
        elif part == "dozen":
            total = max(total, 1) * 12
    return float(total)


def _number(m: re.Match[str], s: str) -> Found | None:
    """Classify one numeric match: money, percent, duration, quantity, year or count."""
    start, end = m.span()
    if m["frac"]:
        top, _, bottom = m["frac"].lower().replace(" ", "-").rpartition("-")
        share = (fp.WRITTEN_NUMBERS.get(top) or 1) * 100 / fp.DENOMINATORS[bottom.rstrip("s")]
        return _finish(Found(start, end, AnswerType.PERCENT, round(share, 2), "%"), s)
    before = s[:start].rstrip()[-1:]
    if m["words"] and m["words"][0].isupper() and before and before not in fp.SENTENCE_OPENERS:
        return None  # a name ("the Big Five", "Group of Seven"), not a count
    if m["num"]:
        value: float | None = float(m["num"].translate(fp.NO_SEPARATORS))
    else:
        value = _parse_written(m["words"])
    if m["den"]:
        den = fp.WRITTEN_NUMBERS.get(m["den"].lower()) or (
            100 if m["den"].lower() == "hundred" else int(m["den"])
        )
        share = None if value is None else round(100 * value / den, 2)
        return _finish(Found(start, end, AnswerType.PERCENT, share, "%"), s)
    if m["words"] and (m["words"].lower() in fp.TIMES_WORDS or m["words"].lower().endswith("fold")):
        return _finish(Found(start, end, AnswerType.COUNT, value, "times"), s)
    plain = not (m["scale"] or m["mk"] or m["post"] or m["cur"])
    lone = plain and m["words"] and m["words"].lower() in {"one", "zero"}
    named = plain and m["num"] and not fp.YEAR_FULL.fullmatch(m["num"]) and _is_name(s, start)
    if (lone or named) and noun_after(s, Found(start, end, AnswerType.COUNT, value)) is None:
        return None  # "one of the partners", "Salyut 1", "Peugeot 309": not figures
    if m["mk"] == "m" and not m["cur"]:
        nxt = fp.NOUN_WORD.match(s, end)
        if not nxt or nxt[1].lower() in fp.NOT_NOUNS or nxt[1].lower() in fp.NOT_MILLION:
            return _finish(Found(start, end, AnswerType.QUANTITY, value, "m"), s)  # "a 50m bridge"
    scale = fp.SCALES.get((m["scale"] or m["mk"] or "").lower(), 1.0)
    if value is not None:
        value *= scale
    return _finish(_classify(m, start, end, value, scale), s)


def _classify(m: re.Match[str], start: int, end: int, value: float | None, scale: float) -> Found:
    """Decide the kind and unit from the currency and the word after the number."""
    post = m["post"] or ""
    key = " ".join(post.lower().split())
    key = key[:-4] if key.endswith((" old", "-old")) else key  # "45-year-old" is 45 years
    kind, unit = AnswerType.COUNT, None
    if m["cur"]:
        cur = "".join(m["cur"].split()).rstrip(".")
        kind, unit = AnswerType.MONEY, "Rs" if cur in {"Rs", "₨"} else fp.SYMBOLS.get(cur, cur)
    elif key in fp.SUBUNITS:  # "45 euro cents"
        kind, unit = AnswerType.MONEY, fp.SUBUNITS[key][0]
        value = None if value is None else round(value * fp.SUBUNITS[key][1], 6)
    elif key in ("times", "fold"):  # "12.5 times", "10-fold": a multiple
        kind, unit = AnswerType.COUNT, "times"
    elif key.startswith("pound") and scale == 1.0:
        kind, unit = AnswerType.QUANTITY, "pounds"  # "142 pounds" is a weight; "5 million pounds" money
    elif key in fp.CURRENCY_WORDS or post in fp.ISO:
        kind, unit = AnswerType.MONEY, fp.CURRENCY_WORDS.get(key, post)
    elif post.startswith("%") or key.startswith(("per", "percent")):
        kind, unit = AnswerType.PERCENT, "percentage points" if "point" in key else "%"
    elif key.startswith(("basis", "bps")) or key == "pp":
        kind, unit = AnswerType.PERCENT, "percentage points" if key == "pp" else "basis points"
    elif key in fp.DURATION_UNITS:
        kind, unit = AnswerType.DURATION, fp.DURATION_UNITS[key]
    elif post:
        kind, unit = AnswerType.QUANTITY, post
    elif m["num"] and scale == 1.0 and fp.YEAR_FULL.fullmatch(m["num"]):
        kind = AnswerType.DATE
    elif m["num"] and not m["cur"] and scale == 1.0 and _is_age(m.string, start, end):
        kind, unit = AnswerType.DURATION, "years"  # "Paul Chandler, 60, said", "aged 60": an age
    return Found(
        start,
        end,
        kind,
        value,
        unit,
        scale=scale,
        bare=kind is AnswerType.COUNT and scale == 1.0 and not unit,
    )


def _is_age(s: str, start: int, end: int) -> bool:
    """Whether a whole number from 1 to 119 is someone's age: after "aged" or "the age of", or between
    commas after a name ("Paul Chandler, 60, who")."""
    digits = s[start:end]
    if not digits.isdigit() or not 0 < int(digits) < 120:
        return False
    if fp.AGE_BEFORE.search(s, max(0, start - 20), start):
        return True
    before = fp.APPOSED_BEFORE.search(s, max(0, start - 30), start)
    if not before or before[1].lower() in fp.NOT_NOUNS or before[1].lower() in fp.CALENDAR_WORDS:
        return False
    return fp.APPOSED_END.match(s, end) is not None


def _finish(f: Found, s: str) -> Found:
    """Attach the qualifier before the figure and the counted noun after it; settle years against counts."""
    if f.kind is AnswerType.DURATION and (ago := fp.AGO.match(s, f.end)):
        f.kind, f.end, f.value, f.unit = AnswerType.DATE, ago.end(), None, None  # "65 million years ago"
        qual = fp.QUALIFIER.search(s, max(0, f.start - 25), f.start)
        f.start, f.qualifier = (qual.start(), qual[0].strip().lower()) if qual else (f.start, None)
        return f
    if f.kind is AnswerType.DURATION:
        lead = fp.TIME_LEAD.search(s, max(0, f.start - 30), f.start)
        if lead:  # "the last eight years": a period, not a qualified amount
            f.start = lead.start()
            return f
    qual = fp.QUALIFIER.search(s, max(0, f.start - 25), f.start)
    word = qual[0].strip().lower() if qual else None
    if word in {"between", "from"} or (word == "over" and f.kind is AnswerType.DURATION):
        qual = word = None  # ranges are joined later; "over three years" means across three years
    noun = None if f.kind is AnswerType.DURATION else noun_after(s, f)
    if f.kind is AnswerType.DATE:
        context = fp.DATE_CONTEXT.search(s, max(0, f.start - 12), f.start)
        modern = (f.value or 0) >= 1800
        counted = noun is not None and noun[0].islower() and noun.split()[0].endswith("s")
        if counted and context and context[0].strip().lower() in fp.COUNT_CONTEXT:
            context = None  # "attended by 2000 guests", "of 1500 students": a count after all
        # "in 1523", "the 2024 elections", "the Good Friday 1998 agreement", "as early as 1519"
        if not qual and (
            context
            or (modern and not counted)
            or (noun is None and fp.DATE_QUALIFIER.search(s, max(0, f.start - 25), f.start))
        ):
            if noun and noun[0].islower() and fp.MODIFIER_BEFORE.search(s, max(0, f.start - 8), f.start):
                f.noun = noun  # "a 2002 essay": the year of the essay
            return f
        if qual and noun is None and modern:
            return f  # "up to 2025"
        f.kind, f.bare = AnswerType.COUNT, True  # "recruited 2000 teachers", "about 1500"
    if noun and noun.lower() in fp.CURRENCY_WORDS:  # "millions of dollars"
        f.kind, f.unit, noun = AnswerType.MONEY, fp.CURRENCY_WORDS[noun.lower()], None
    if f.kind is AnswerType.MONEY and noun is None:
        noun = noun_before(s, qual.start() if qual else f.start, word)
    f.start, f.qualifier, f.noun = qual.start() if qual else f.start, word, noun
    return f


def _date(s: str, span: tuple[int, int]) -> Found:
    """A date: its value is the (first) year written in it, else None; 'circa' or 'early' its qualifier."""
    start, end = span
    year = fp.YEAR_IN.search(s, start, end)
    found = Found(start, end, AnswerType.DATE, float(year[0]) if year else None)
    if lead := fp.DATE_LEAD.match(s, start, end):  # "early 1961", "mid-2000s"
        found.qualifier = lead[0].rstrip(" -").lower()
    elif qual := fp.DATE_QUALIFIER.search(s, max(0, start - 25), start):  # "circa 1964–1965"
        found.start, found.qualifier = qual.start(), " ".join(qual[0].lower().split())
    return found


def _to_figure(f: Found, s: str) -> Figure:
    """The public model for one found figure (and the conversion in brackets after it)."""
    value = None if f.value is None else float(f"{f.value:.12g}")  # 8.2 * 1e9 is 8.2e9, not 8199999999.99
    return Figure(
        text=s[f.start : f.end], span=Span(start=f.start, end=f.end), kind=f.kind, value=value, unit=f.unit,
        qualifier=f.qualifier, noun=f.noun, conversion=_to_figure(f.conversion, s) if f.conversion else None,
    )  # fmt: skip


def canonical_unit(word: str) -> str:
    """One spelling per unit, so 'MW' meets 'megawatts' and 'tonnes' meets 'tons' when comparing nouns."""
    low = word.lower()
    low = low[:-1] if len(low) > 3 and low.endswith("s") else low
    return fp.UNIT_ALIASES.get(low, low)
