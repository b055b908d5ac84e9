"""Figures in news sentences (counts, money, percentages, dates, durations, quantities), by plain regex."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import AnswerType, Figure
from bot.text import STOP_WORDS

_SMALL = (  # noqa: SIM905
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
WRITTEN_NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)
}
SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "mln": 1e6,
    "tn": 1e12, "trn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5, "m": 1e6, "k": 1e3,
}  # fmt: skip
_VAGUE = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions"})
_ISO = (  # noqa: SIM905
    "USD EUR GBP JPY CNY RMB UZS PKR INR RUB KZT KGS TJS TMT AFN IRR AED SAR QAR KWD BHD OMR TRY CHF AUD "
    "CAD NZD HKD SGD KRW BDT LKR NPR MYR IDR THB VND PHP EGP NGN KES ZAR GHS ETB BRL MXN ARS UAH PLN SEK "
    "NOK DKK ILS JOD MAD AZN GEL AMD BYN MNT"
).split()
_SYMBOLS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₽": "RUB", "₩": "KRW",
    "₺": "TRY", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "RMB": "CNY",
    "Dollars": "USD", "Pounds": "GBP", "Euros": "EUR",
}  # fmt: skip
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD", "euro": "EUR",
    "euros": "EUR", "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP",
    "yuan": "CNY", "renminbi": "CNY", "yen": "JPY",
    "rupee": "rupees", "rupees": "rupees", "soum": "UZS", "soums": "UZS", "sum": "UZS", "tenge": "KZT",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "dirham": "AED", "dirhams": "AED",
    "riyal": "SAR", "riyals": "SAR", "taka": "BDT", "rupiah": "IDR", "ringgit": "MYR", "lira": "TRY",
    "francs": "CHF", "naira": "NGN", "rand": "ZAR", "afghanis": "AFN", "manat": "AZN", "som": "som",
}  # fmt: skip
DURATION_UNITS: dict[str, str] = {
    u: canon for canon, forms in {
        "seconds": "second seconds secs", "minutes": "minute minutes mins", "hours": "hour hours hrs",
        "days": "day days", "weeks": "week weeks", "months": "month months", "years": "year years yrs",
        "decades": "decade decades", "centuries": "century centuries",
    }.items() for u in forms.split()
}  # fmt: skip
# Measurement units: word units match in any case, abbreviations only as written ("MW", "GB").
UNIT_WORDS = (
    "miles per hour|kilometres per hour|kilometers per hour|metric tons|metric tonnes|tons|tonnes|ton|"
    "tonne|kilograms|kilogrammes|kilogram|grams|kilometres|kilometers|kilometre|kilometer|"
    "square kilometres|square kilometers|square metres|square meters|miles|mile|metres|meters|metre|meter|"
    "centimetres|centimeters|millimetres|hectares|hectare|acres|acre|megawatts|megawatt|gigawatts|"
    "gigawatt|kilowatts|kilowatt|watts|litres|liters|litre|liter|barrels|barrel|cubic metres|cubic meters|"
    "gallons|gigabytes|terabytes|megabytes|degrees|feet|foot|inches|ounces|carats|kilowatt-hours|"
    "megawatt-hours|bushels|containers|yards|yard"
)
UNIT_ABBREVIATIONS = (
    "sq km|km2|km²|km/h|kmph|km|kg|cm|mm|ha|MW|GW|kW|TW|kWh|MWh|GWh|TWh|kV|MB|GB|TB|PB|Mbps|Gbps|Kbps|GHz|"
    "MHz|TEUs|TEU|bcm|bpd|m3|m³|mph|°C|°F|ft|oz|t"
)
_PERCENT = r"%|(?i:per\s?cent|percent|percentage\spoints?|basis\spoints?)\b|bps\b|pp\b"
_MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()  # noqa: SIM905
_MONTH = (
    "(?=[JFMASOND])(?:" + "|".join(f"{m}|{m.upper()}" for m in _MONTHS[:12]) + "|(?:" + "|".join(_MONTHS[12:])
)
_MONTH += r")\.?)"
_WEEKDAY = "(?=[MTWFS])(?:" + "|".join(_WEEKDAYS) + ")"
_YEAR = r"(?:1[89]\d\d|20\d\d)"  # in ranges and period phrases
_ANY_YEAR = r"(?:1\d\d\d|20\d\d)"  # after a month or day: "March 1523"
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"

_DATES = re.compile(
    rf"""(?<![\w/.-])(?:
      \d{{4}}-[01]\d-[0-3]\d | [0-3]?\d/[01]?\d/\d{{4}}
    | (?i:from|between)\s+(?:{_MONTH}\s+)?{_YEAR}\s+(?:to|and|until|till|through)\s+(?:{_MONTH}\s+)?{_YEAR}
    | {_YEAR}\s?[-–/]\s?(?:{_YEAR}|\d\d)(?![\d%-])
    | 1[0-7]\d\d\s?[-–]\s?1[0-8]\d\d(?!\s+(?!(?:and|or|to|in|at|on|by|for|of|the|when|as|was|were)\b)[a-z])
    | {_YEAR}\s+(?:to|until|till|through)\s+{_YEAR}
    | {_DAY}\s+(?:of\s+)?{_MONTH}\s?,?(?:\s+{_ANY_YEAR})? | {_MONTH}\s+{_DAY}\s?,?\s+{_ANY_YEAR}
    | {_MONTH},?\s+{_ANY_YEAR} | (?i:(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?){_ANY_YEAR}
    | {_MONTH}\s+{_DAY}(?!%)
    | (?i:(?:the\s+)?(?:first|second|third|fourth|final|last|early|late|end|start|beginning|middle)\s+
        (?:half\s+|quarter\s+|part\s+|months?\s+)?of\s+){_YEAR} | [QH][1-4]\s+{_YEAR} | FY\s?{_YEAR}
    | (?i:mid-?|early\s+|late\s+){_YEAR} | (?:the\s+)?(?i:early\s+|late\s+|mid-?)?(?:1\d|20)\d0s
    | (?i:(?:the\s+)?(?:early\s+|late\s+|mid-?)?)\d{{1,2}}(?:st|nd|rd|th)
      (?:\s+(?:and|to|or)\s+\d{{1,2}}(?:st|nd|rd|th))?[\s-](?i:centur(?:y|ies))(?:\s+(?:BC|AD|BCE|CE))?
    )(?![\w-])""",
    re.VERBOSE,
)
# A month or weekday on its own is a date only after a preposition ("in March", "on Monday"; not "May I").
_MONTH_ALONE = re.compile(
    rf"\b(?i:in|on|by|since|until|from|to|of|last|next|this|early|late|during)\s+(?P<d>{_MONTH}|{_WEEKDAY})"
    r"(?![\w-])"
)
_DIGITS = r"\d{1,3}(?:(?:,|[\u00a0\u202f\u2009 ](?=\d{3}(?!\d)))\d{3})+(?:\.\d+)?|\d*\.?\d+"
# Fractions read as shares: "two-thirds", "a quarter of".
_FRACTION = (
    r"(?:one|two|three|four|five|nine)-(?:halves|thirds?|quarters?|fifths?|tenths?)"
    r"|(?:a|one)\s+(?:half|third|quarter|fifth|tenth)(?=\s+of\b|\s*[.,;]|$)|half(?=\s+(?:of|the)\b)"
)
_DENOMINATORS = {"half": 2, "halve": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_WORD = "|".join(sorted(WRITTEN_NUMBERS, key=len, reverse=True))
_WRITTEN = (
    rf"(?:(?:{_WORD})(?:-(?:{_WORD}))?(?:\s+hundred(?:\s+and\s+(?:{_WORD})(?:-(?:{_WORD}))?)?)?"
    rf"(?:\s+dozen)?|an?\s+(?:dozen|hundred)|(?:tens|hundreds)\s+of\s+thousands"
    rf"|(?:a\s+few|several|many)\s+(?:hundred|thousand|million)|{'|'.join(_VAGUE)})"
)
_ISO_ALT = "|".join(_ISO)
_CUR_NAMES = "Dollars|Pounds|Euros"  # "Pounds 12m", as some papers write it
_CUR_PRE = rf"US\s?\$|HK\$|NZ\$|[ACS]\$|[$€£¥₹₽₩₺₨]|(?:Rs\.?|{_CUR_NAMES}|{_ISO_ALT})(?=\s?\d)"
_CUR_WORDS = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True)).replace(
    "\\ ", r"\s+"
)
_UNIT_WORDS, _UNIT_ABBR = UNIT_WORDS.replace(" ", r"\s+"), UNIT_ABBREVIATIONS.replace(" ", r"\s?")
_DUR = "(?i:" + "|".join(sorted(DURATION_UNITS, key=len, reverse=True)) + r")(?:[\s-]old\b)?"
_FIGURE = re.compile(
    rf"""(?:(?P<cur>{_CUR_PRE})\s?)?
    (?:(?P<num>{_DIGITS})|(?P<frac>\b(?i:{_FRACTION}))|(?P<words>\b(?i:{_WRITTEN})\b))
    (?:\s+in\s+(?P<den>10|ten|five|four|three|100|hundred)\b)?
    (?:\s?(?P<scale>(?i:thousand|million|billion|trillion|crores?|lakhs?)\b|bn\b|mn\b|mln\b|tn\b|trn\b)
       |(?P<mk>[mk])\b)?
    (?:[\s-]?(?P<post>{_PERCENT}|(?i:{_CUR_WORDS})\b|(?:{_ISO_ALT})\b|\b{_DUR}\b|(?i:{_UNIT_WORDS})\b
       |(?:{_UNIT_ABBR})(?![\w/²³])))?
    """,
    re.VERBOSE,
)
# Where figure matching starts: digit runs (a currency before them is found by looking back) and number words.
_DIGIT_RUN = re.compile(r"\d+")
_CUR_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:US\s?\$|HK\$|NZ\$|[ACS]\$|[$€£¥₹₽₩₺₨]|Rs\.?|{_CUR_NAMES}|{_ISO_ALT})\s?$"
)
_WRITTEN_START = re.compile(rf"\b(?i:{_FRACTION}|{_WRITTEN})\b")
_LETTERS = re.compile(r"[a-z]+")
_WRITTEN_HINTS = (
    frozenset(WRITTEN_NUMBERS) | _VAGUE | {"dozen", "hundred", "tens", "third", "quarter", "half"}
)
_DATE_HINTS = frozenset(m.lower() for m in _MONTHS + _WEEKDAYS)
_PHONE = re.compile(
    r"\+\d{1,3}[\s-]?(?:\(?\d+\)?[\s-]?){2,}\d+|\(0?\d{2,4}\)\s?\d{3,4}[\s-]?\d{3,4}|\b0\d{2,4}-\d{5,8}\b"
    r"|\b\d{3}-\d{3}-\d{4}\b"
)
# After a number: a clock time, a dotted version or a third hyphenated group ("555-123-4567").
_CODE_AFTER = re.compile(r"[:.]\d|(?:[-/]\d+){2}")
_QUALIFIER = re.compile(
    r"\b(?i:more\s+than|over|nearly|almost|around|about|approximately|roughly|up\s+to|exceeding|at\s+least|"
    r"less\s+than|fewer\s+than|some|close\s+to|as\s+many\s+as|as\s+much\s+as|just\s+over|just\s+under|"
    r"well\s+over|under|below|above|in\s+excess\s+of|upwards\s+of|an\s+estimated|estimated|at\s+most|"
    r"no\s+more\s+than|no\s+fewer\s+than|no\s+less\s+than|only|just|nearly|almost|approx\.?|"
    r"between|from)\s+$"
)
_TIME_LEAD = re.compile(r"\b(?i:the\s+(?:last|past|next|previous|coming|first|following|recent)\s+)$")
_LABEL = re.compile(
    r"\b(?:No\.?|Nos\.?|Number|Article|Section|Chapter|Clause|Rule|Resolution|Flight|Route|Highway|Phase|"
    r"Level|Grade|Class|Block|Sector|Room|Unit|Gate|Platform|Terminal|Line|Bus|Vol\.?|Volume|Issue|Page|"
    r"Item|Part|Stage|Round|Model|Version|Windows|iPhone|Galaxy|Boeing|Airbus|Pixel|Apollo|Soyuz|"
    r"Plot|Street|Road|Ward|Camp|Battalion|Brigade|Division|Regiment|Corps|Paragraph|"
    r"Schedule|Annex|Table|Figure|Fig\.|pp?\.)\s+$"
)
_DATE_CONTEXT = re.compile(
    r"(?:\b(?i:in|since|by|from|until|till|to|of|the|between|before|after|during|through|year|early|late|"
    r"mid|a|an|his|her|its|their|our|this|that)|['’]s)\s+$|\($|\b(?i:pre|post|mid)-$"
)
_CHANGE_VERB = re.compile(
    r"\b(?i:rose|rising|risen|increas\w*|grew|grow\w*|fell|fall\w*|drop\w*|declin\w*|jump\w*|climb\w*|"
    r"surg\w*|rais\w*|cut|reduc\w*|expand\w*|up|down|went|boost\w*|slid|slipp\w*|soar\w*|plung\w*|doubl\w*|"
    r"widen\w*|narrow\w*)\s+$"
)
_TIME_PREFIXES = frozenset({"pre", "post", "mid", "early", "late", "circa", "c."})
_AGO = re.compile(r"\s+ago\b")
_SCORE = re.compile(r"\d+\s?[-–]\s?\d")
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Za-z][\w'’.-]*) $")
_NOUN_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")
_WORDS_BEFORE = re.compile(r"(?<![A-Za-z'’-])((?:[A-Za-z][A-Za-z'’-]*\s+){0,2}[A-Za-z][A-Za-z'’-]*)\s+$")
_OF = re.compile(r"\s+of(?:\s+(?:the|a|an|its|their|his|her))?(?=\s)")
_NOUN_BEFORE = re.compile(
    r"(?<![A-Za-z'’-])((?:[A-Za-z][A-Za-z'’-]*\s+){0,2}[A-Za-z][A-Za-z'’-]*)\s+"
    r"(?i:worth|valued\s+at|totall?ing|costing|amounting\s+to|of|at)\s+$"
)
# Words that end a counted noun: links, adverbs of time, common verbs that do not end in -ed/-ing.
_VERBS_AND_LINKS = """
    long wide tall deep away following excluding involving bringing making taking earn earns live less
    fewer worth per each annually respectively ago alone apiece last next since including like via amid
    among across within despite toward towards versus vs according compared plus minus yearly monthly
    daily weekly earlier later already still now total combined said says say will may might must shall
    can year-on-year while whereas although though whom whose either neither nor yet till until upon
    onto against inside died die dies took take takes cost costs rose rise rises fell fall falls made
    make makes came come comes went go goes got get gets gave give gives left lost won paid pay sold
    bought built brought held kept met ran saw sent spent stood told began became become grew led wrote
    fled remain remains include includes seek seeks see sees face faces"""
_NOT_NOUNS = STOP_WORDS.union(
    _VERBS_AND_LINKS.split(), WRITTEN_NUMBERS, SCALES, CURRENCY_WORDS, DURATION_UNITS
)

_MONTH_SET = {m.lower() for m in _MONTHS}
_LY_NOUNS = {"family", "supply", "assembly", "rally", "ally", "italy", "anomaly", "monopoly", "reply", "july"}
_YEAR_FULL = re.compile(_ANY_YEAR)
_NO_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f\u2009")
_YEAR_IN = re.compile(rf"(?<!\d){_ANY_YEAR}(?!\d)")
_RANGE_LEAD = re.compile(r"\b(?i:between|from)\s+$")
_SENTENCE_OPENERS = frozenset(".!?:;\"'`(“‘—–-")
_NOT_MILLION = {"long", "high", "tall", "wide", "deep", "away", "above", "below"}


@dataclass(slots=True)
class _Found:
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


def extract_figures(sentence: str) -> list[Figure]:
    """Every figure in a news sentence, in order: its text, span, kind, value, unit, qualifier and noun."""
    has_digit = _DIGIT_RUN.search(sentence) is not None
    hints = set(_LETTERS.findall(sentence.lower()))
    written, dated = not hints.isdisjoint(_WRITTEN_HINTS), not hints.isdisjoint(_DATE_HINTS)
    if not (has_digit or written or dated):
        return []
    found: list[_Found] = []
    phones: list[tuple[int, int]] = []
    if has_digit:
        phones = [m.span() for m in _PHONE.finditer(sentence)]
        found = [_date(sentence, span) for span in _date_spans(sentence) if not _overlaps(span, phones)]
    if dated:
        taken = [(f.start, f.end) for f in found]
        alone = (m.span("d") for m in _MONTH_ALONE.finditer(sentence))
        found += [_date(sentence, span) for span in alone if not _overlaps(span, taken)]
    dates = [(f.start, f.end) for f in found]
    found += _numbers(sentence, _starts(sentence, has_digit, written), dates, phones)
    found.sort(key=lambda f: f.start)
    return [_to_figure(f, sentence) for f in _merge_ranges(found, sentence)]


def _date_spans(s: str) -> list[tuple[int, int]]:
    """Dates, searched only near digit runs: every date pattern holds a digit, 40 characters from its ends."""
    windows: list[list[int]] = []
    for run in _DIGIT_RUN.finditer(s):
        if windows and run.start() - 40 <= windows[-1][1]:
            windows[-1][1] = min(len(s), run.end() + 30)
        else:
            windows.append([max(0, run.start() - 40), min(len(s), run.end() + 30)])
    return [m.span() for start, end in windows for m in _DATES.finditer(s, start, end)]


def _starts(s: str, has_digit: bool, written: bool) -> list[int]:
    """Where a figure may start: each digit run (or the currency before it) and each written number."""
    starts = []
    for m in _DIGIT_RUN.finditer(s) if has_digit else ():
        at = m.start() - 1 if m.start() and s[m.start() - 1] == "." else m.start()  # ".08%"
        cur = _CUR_BEFORE.search(s, max(0, at - 8), at)
        starts.append(cur.start() if cur else at)
    if written:
        starts += [m.start() for m in _WRITTEN_START.finditer(s)]
        starts.sort()
    return starts


def _numbers(
    s: str, starts: list[int], dates: list[tuple[int, int]], phones: list[tuple[int, int]]
) -> list[_Found]:
    """The figures that are not dates, matched at each possible start that a previous match did not cover."""
    out: list[_Found] = []
    covered = 0
    for start in starts:
        m = _FIGURE.match(s, start) if start >= covered else None
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
    return not _LABEL.search(s, max(0, start - 12), start)


def _is_code(s: str, start: int, end: int) -> bool:
    """Digits inside a code or clock time: "COVID-19", "INV-2023-0045", "555-123-4567", "v2.4.1", "10:30"."""
    i = start
    while i > 0 and (s[i - 1].isalnum() or s[i - 1] in "-/:."):
        i -= 1
    before = s[i:start]
    if before.lower().rstrip("-") in _TIME_PREFIXES:  # "pre-2020", "post-war"
        return False
    return any(ch.isalpha() for ch in before) or ":" in before or _CODE_AFTER.match(s, end) is not None


def _is_name(s: str, start: int) -> bool:
    """Whether a number follows a capitalised word that it names ("Apollo 11"), not a month or a lead word."""
    before = _WORD_BEFORE.search(s, max(0, start - 20), start)
    if not before or not before[1][0].isupper() or before[1].endswith(("'s", "’s", "AD", "BC")):
        return False
    if _SCORE.match(s, start):  # "beat the Cardinals 49–15"
        return False
    word = before[1].lower()
    return (
        word not in _NOT_NOUNS and word not in _MONTH_SET and not _QUALIFIER.search(s, before.start(), start)
    )


def _parse_written(text: str) -> float | None:
    """The value of a written number: 'twenty-five' → 25, 'two hundred and six' → 206, 'a dozen' → 12."""
    lowered = text.lower()
    if lowered in _VAGUE or lowered.startswith(("tens", "hundreds", "a few", "several", "many")):
        return None
    total = 0
    for part in re.split(r"[\s-]+", lowered):
        if part in WRITTEN_NUMBERS:
            total += WRITTEN_NUMBERS[part]
        elif part == "hundred":
            total = max(total, 1) * 100
        elif part == "dozen":
            total = max(total, 1) * 12
    return float(total)


def _number(m: re.Match[str], s: str) -> _Found | None:
    """Classify one numeric match: money, percent, duration, quantity, year or count."""
    start, end = m.span()
    if m["frac"]:
        top, _, bottom = m["frac"].lower().replace(" ", "-").rpartition("-")
        share = (WRITTEN_NUMBERS.get(top) or 1) * 100 / _DENOMINATORS[bottom.rstrip("s")]
        return _finish(_Found(start, end, AnswerType.PERCENT, round(share, 2), "%"), s)
    before = s[:start].rstrip()[-1:]
    if m["words"] and m["words"][0].isupper() and before and before not in _SENTENCE_OPENERS:
        return None  # a name ("the Big Five", "Group of Seven"), not a count
    if m["num"]:
        value: float | None = float(m["num"].translate(_NO_SEPARATORS))
    else:
        value = _parse_written(m["words"])
    if m["den"]:
        den = WRITTEN_NUMBERS.get(m["den"].lower()) or (
            100 if m["den"].lower() == "hundred" else int(m["den"])
        )
        share = None if value is None else round(100 * value / den, 2)
        return _finish(_Found(start, end, AnswerType.PERCENT, share, "%"), s)
    plain = not (m["scale"] or m["mk"] or m["post"] or m["cur"])
    lone = plain and m["words"] and m["words"].lower() in {"one", "zero"}
    named = plain and m["num"] and not _YEAR_FULL.fullmatch(m["num"]) and _is_name(s, start)
    if (lone or named) and _noun_after(s, _Found(start, end, AnswerType.COUNT, value)) is None:
        return None  # "one of the partners", "Salyut 1", "Peugeot 309": not figures
    if m["mk"] == "m" and not m["cur"]:
        nxt = _NOUN_WORD.match(s, end)
        if not nxt or nxt[1].lower() in _NOT_NOUNS or nxt[1].lower() in _NOT_MILLION:
            return _finish(_Found(start, end, AnswerType.QUANTITY, value, "m"), s)  # "a 50m bridge"
    scale = SCALES.get((m["scale"] or m["mk"] or "").lower(), 1.0)
    if value is not None:
        value *= scale
    return _finish(_classify(m, start, end, value, scale), s)


def _classify(m: re.Match[str], start: int, end: int, value: float | None, scale: float) -> _Found:
    """Decide the kind and unit from the currency and the word after the number."""
    post = m["post"] or ""
    key = post.lower()
    key = key[:-4] if key.endswith("old") else key  # "45-year-old" is 45 years
    kind, unit = AnswerType.COUNT, None
    if m["cur"]:
        cur = "".join(m["cur"].split()).rstrip(".")
        kind, unit = AnswerType.MONEY, "Rs" if cur in {"Rs", "₨"} else _SYMBOLS.get(cur, cur)
    elif key.startswith("pound") and scale == 1.0:
        kind, unit = AnswerType.QUANTITY, "pounds"  # "142 pounds" is a weight; "5 million pounds" money
    elif key in CURRENCY_WORDS or post in _ISO:
        kind, unit = AnswerType.MONEY, CURRENCY_WORDS.get(key, post)
    elif post.startswith("%") or key.startswith(("per", "percent")):
        kind, unit = AnswerType.PERCENT, "percentage points" if "point" in key else "%"
    elif key.startswith(("basis", "bps")) or key == "pp":
        kind, unit = AnswerType.PERCENT, "percentage points" if key == "pp" else "basis points"
    elif key in DURATION_UNITS:
        kind, unit = AnswerType.DURATION, DURATION_UNITS[key]
    elif post:
        kind, unit = AnswerType.QUANTITY, post
    elif m["num"] and scale == 1.0 and _YEAR_FULL.fullmatch(m["num"]):
        kind = AnswerType.DATE
    return _Found(start, end, kind, value, unit, scale=scale, bare=kind is AnswerType.COUNT and scale == 1.0)


def _finish(f: _Found, s: str) -> _Found:
    """Attach the qualifier before the figure and the counted noun after it; settle years against counts."""
    if f.kind is AnswerType.DURATION and (ago := _AGO.match(s, f.end)):
        f.kind, f.end, f.value, f.unit = AnswerType.DATE, ago.end(), None, None  # "65 million years ago"
        qual = _QUALIFIER.search(s, max(0, f.start - 25), f.start)
        f.start, f.qualifier = (qual.start(), qual[0].strip().lower()) if qual else (f.start, None)
        return f
    if f.kind is AnswerType.DURATION:
        lead = _TIME_LEAD.search(s, max(0, f.start - 30), f.start)
        if lead:  # "the last eight years": a period, not a qualified amount
            f.start = lead.start()
            return f
    qual = _QUALIFIER.search(s, max(0, f.start - 25), f.start)
    word = qual[0].strip().lower() if qual else None
    if word in {"between", "from"} or (word == "over" and f.kind is AnswerType.DURATION):
        qual = word = None  # ranges are joined later; "over three years" means across three years
    noun = None if f.kind is AnswerType.DURATION else _noun_after(s, f)
    if f.kind is AnswerType.DATE:
        context = _DATE_CONTEXT.search(s, max(0, f.start - 12), f.start)
        modern = (f.value or 0) >= 1800
        counted = noun is not None and noun[0].islower() and noun.split()[0].endswith("s")
        if not qual and (context or (modern and not counted)):
            return f  # "in 1523", "2024.", "the 2024 elections", "the Good Friday 1998 agreement"
        if qual and noun is None and modern:
            return f  # "up to 2025"
        f.kind, f.bare = AnswerType.COUNT, True  # "recruited 2000 teachers", "about 1500"
    if noun and noun.lower() in CURRENCY_WORDS:  # "millions of dollars"
        f.kind, f.unit, noun = AnswerType.MONEY, CURRENCY_WORDS[noun.lower()], None
    if f.kind is AnswerType.MONEY and noun is None:
        noun = _noun_before(s, qual.start() if qual else f.start, word)
    f.start, f.qualifier, f.noun = qual.start() if qual else f.start, word, noun
    return f


def _noun_after(s: str, f: _Found) -> str | None:
    """The counted noun after a figure: up to four words, stopping at a function word, verb or punctuation."""
    pos = f.end
    of = _OF.match(s, pos)
    if of and (f.unit or f.scale > 1 or f.value is None):  # "226 tons of goods", "83% of voters"
        pos = of.end()
    nouns: list[str] = []
    while len(nouns) < 4:
        m = _NOUN_WORD.match(s, pos)
        if not m:
            break
        word = m[1].rstrip("'’-")
        low = word.lower()
        if low in _NOT_NOUNS or low in _MONTH_SET or (low.endswith("ly") and low not in _LY_NOUNS):
            break
        if low.endswith(("ed", "ing")) and len(low) > 4 and (nouns or not _next_is_word(s, m.end())):
            break  # a verb ("students trained at"), unless it modifies a following noun ("registered voters")
        nouns.append(word)
        pos = m.end()
        if word != m[1]:
            break
    return " ".join(nouns) or None


def _next_is_word(s: str, pos: int) -> bool:
    """Whether a content word follows directly."""
    m = _NOUN_WORD.match(s, pos)
    return bool(m) and m[1].lower() not in _NOT_NOUNS


def _noun_before(s: str, pos: int, qualifier: str | None) -> str | None:
    """What an amount is the value of: 'contracts' in '12 contracts worth over USD 1 billion'."""
    m = _NOUN_BEFORE.search(s, max(0, pos - 60), pos)
    if not m and qualifier and qualifier.startswith("exceed"):
        m = _WORDS_BEFORE.search(s, max(0, pos - 60), pos)
    if not m:
        return None
    kept: list[str] = []
    for word in reversed(m[1].split()):
        low = word.lower()
        if low in _NOT_NOUNS or low.endswith(("ed", "ly", "'s", "’s")) or low in _MONTH_SET:
            break
        kept.insert(0, word)
    return " ".join(kept) or None


def _date(s: str, span: tuple[int, int]) -> _Found:
    """A date: its value is the (first) year written in it, else None."""
    year = _YEAR_IN.search(s, span[0], span[1])
    return _Found(span[0], span[1], AnswerType.DATE, float(year[0]) if year else None)


def _merge_ranges(found: list[_Found], s: str) -> list[_Found]:
    """Join 'between 5 and 10 million', '5-10%' and 'from 3 to 4 years' into one figure (value = lower)."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and _is_range(prev, f, s):
            lead = _RANGE_LEAD.search(s, max(0, prev.start - 10), prev.start)
            f.value = prev.value * f.scale if prev.bare and prev.value is not None else prev.value
            f.qualifier = lead[0].strip().lower() if lead else prev.qualifier
            f.start = lead.start() if lead else prev.start
            out[-1] = f
        else:
            out.append(f)
    return out


def _is_range(prev: _Found, f: _Found, s: str) -> bool:
    """Whether two neighbouring figures are the two ends of one range rather than a change or a list."""
    if AnswerType.DATE in (prev.kind, f.kind) or not (
        prev.bare or (prev.kind, prev.unit) == (f.kind, f.unit)
    ):
        return False
    if prev.value is None or f.value is None or prev.value * (f.scale if prev.bare else 1.0) > f.value:
        return False
    gap = s[prev.end : f.start].strip().lower()
    lead = _RANGE_LEAD.search(s, max(0, prev.start - 10), prev.start)
    if gap == "and":
        return bool(lead) and lead[0].lower().startswith("between")
    changed = _CHANGE_VERB.search(s, max(0, prev.start - 40), lead.start() if lead else prev.start)
    return (
        gap in {"-", "–", "—", "to", "- to", "-to"}
        and not changed
        and (gap != "to" or prev.bare or bool(lead))
    )


def _to_figure(f: _Found, s: str) -> Figure:
    """The public model for one found figure."""
    fields = {"text": s[f.start : f.end], "span": {"start": f.start, "end": f.end}, "kind": f.kind}
    return Figure.model_validate(
        fields | {"value": f.value, "unit": f.unit, "qualifier": f.qualifier, "noun": f.noun}
    )


def canonical_unit(word: str) -> str:
    """One spelling per unit, so 'MW' meets 'megawatts' and 'tonnes' meets 'tons' when comparing nouns."""
    low = word.lower()
    low = low[:-1] if len(low) > 3 and low.endswith("s") else low
    return _UNIT_ALIASES.get(low, low)


_UNIT_ALIASES = {
    "tonne": "ton", "t": "ton", "metric ton": "ton", "metric tonne": "ton", "kilogram": "kg",
    "kilogramme": "kg", "kilometre": "km", "kilometer": "km", "metre": "m", "meter": "m", "mw": "megawatt",
    "gw": "gigawatt", "kw": "kilowatt", "gb": "gigabyte", "tb": "terabyte", "mb": "megabyte",
    "litre": "liter", "ha": "hectare", "teu": "container", "ft": "foot", "feet": "foot",
    "square kilometre": "sq km", "square kilometer": "sq km", "km2": "sq km", "km²": "sq km",
}  # fmt: skip
