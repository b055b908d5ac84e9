"""The vocabulary and compiled patterns that bot.ingest.figures reads figures with (no logic here)."""

from __future__ import annotations

import re

from bot.ingest.text import STOP_WORDS
from bot.models import AnswerType

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
# Written numbers that are a fraction of the scale after them, or a multiple: "half a million", "twice".
MULTIPLES = {"a": 1.0, "an": 1.0, "half a": 0.5, "half an": 0.5, "twice": 2.0, "thrice": 3.0}
# Multiples written as words ("nearly triple the figure", "a threefold rise"): a count of times.
MULTIPLIERS = {"double": 2.0, "triple": 3.0, "quadruple": 4.0}
# Multiples said by a verb ("profits doubled", "sales more than tripled", "output halved"): a count of
# times, as "twice".
MULTIPLIED = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
MULTIPLES |= MULTIPLIERS | MULTIPLIED
TIMES_WORDS = frozenset({"twice", "thrice", *MULTIPLIERS, *MULTIPLIED})
VAGUE = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions"})
ISO = (  # noqa: SIM905
    "USD EUR GBP JPY CNY RMB UZS PKR INR RUB KZT KGS TJS TMT AFN IRR AED SAR QAR KWD BHD OMR TRY CHF AUD "
    "CAD NZD HKD SGD KRW BDT LKR NPR MYR IDR THB VND PHP EGP NGN KES ZAR GHS ETB BRL MXN ARS UAH PLN SEK "
    "NOK DKK ILS JOD MAD AZN GEL AMD BYN MNT"
).split()
SYMBOLS = {
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
# Sub-units of a currency after a number: "45 euro cents" is EUR 0.45.
SUBUNITS: dict[str, tuple[str, float]] = {
    "euro cents": ("EUR", 0.01), "euro cent": ("EUR", 0.01), "cents": ("USD", 0.01), "cent": ("USD", 0.01),
    "pence": ("GBP", 0.01), "kopecks": ("RUB", 0.01), "paise": ("INR", 0.01),
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
    "cubic metre|cubic meter|square metre|square meter|"
    "gallons|gigabytes|terabytes|megabytes|degrees|feet|foot|inches|ounces|carats|kilowatt-hours|"
    "megawatt-hours|bushels|containers|yards|yard|nanometres|nanometers|nanometre|nanometer|micrometres|"
    "micrometers|micrometre|micrometer|microns|micron|cubic feet|cubic foot|square feet|square foot|"
    "square miles|square mile|nautical miles|nautical mile|light years|light-years|pounds-force|knots|"
    "horsepower"
)
UNIT_ABBREVIATIONS = (
    "sq km|km2|km²|km/h|kmph|km|kg|cm|mm|ha|MW|GW|kW|TW|kWh|MWh|GWh|TWh|kV|MB|GB|TB|PB|Mbps|Gbps|Kbps|GHz|"
    "MHz|TEUs|TEU|bcm|bpd|m3|m³|m2|m²|sq ft|sq mi|mph|°C|°F|ft|oz|lbf|lbs|lb|kN|nm|μm|µm|mi|hp|kcal|t"
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
# After a range of older years: no noun may follow, or "1000 to 1500 people" would read as years.
_NO_NOUN = r"(?!\s+(?!(?:and|or|to|in|at|on|by|for|of|the|when|as|was|were)\b)[a-z])"

DATES = re.compile(
    rf"""(?<![\w/.-])(?:
      \d{{4}}-[01]\d-[0-3]\d | [0-3]?\d/[01]?\d/\d{{4}}
    | (?i:from|between)\s+(?:{_MONTH}\s+)?{_YEAR}\s+(?:to|and|until|till|through)\s+(?:{_MONTH}\s+)?{_YEAR}
    | (?i:from|between)\s+{_ANY_YEAR}\s+(?:to|and|until|till|through)\s+{_ANY_YEAR}{_NO_NOUN}
    | {_YEAR}\s?[-–/]\s?(?:{_YEAR}|\d\d)(?![\d%-])
    | 1[0-7]\d\d\s?[-–]\s?1[0-8]\d\d(?![\d%-]){_NO_NOUN} | 1[0-7]\d\d\s?[-–]\s?\d\d(?![\d%-])
    | {_YEAR}\s+(?:to|until|till|through)\s+{_YEAR}
    | {_ANY_YEAR}\s+(?:to|until|till|through)\s+{_ANY_YEAR}{_NO_NOUN}
    | \d{{1,4}}\s?(?:BC|BCE|AD|CE)\b | (?:AD|CE)\s?\d{{1,4}}
    | {_DAY}\s+(?:of\s+)?{_MONTH}\s?,?(?:\s+{_ANY_YEAR})? | {_MONTH}\s+{_DAY}\s?,?\s+{_ANY_YEAR}
    | (?i:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+|early\s+|late\s+|mid-?){_MONTH},?\s+{_ANY_YEAR}
    | {_MONTH},?\s+{_ANY_YEAR}
    | (?i:(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?){_ANY_YEAR}
      (?:\s?[-–/]\s?(?:{_YEAR}|\d\d)(?![\d%-]))?
    | {_MONTH}\s+{_DAY}(?!%)
    | (?i:(?:the\s+)?(?:first|second|third|fourth|final|last|early|late|end|start|beginning|middle)\s+
        (?:half\s+|quarter\s+|part\s+|months?\s+)?of\s+){_YEAR} | [QH][1-4]\s+{_YEAR} | FY\s?{_YEAR}
    | (?i:mid-?|early\s+|late\s+){_YEAR}
    | (?:the\s+)?(?i:early\s+|late\s+|mid-?)?(?:1\d|20)\d0s(?:\s+(?:and|to|or)\s+(?:the\s+)?(?:1\d|20)\d0s)?
    | (?i:(?:the\s+)?(?:early\s+|late\s+|mid-?)?)\d{{1,2}}(?:st|nd|rd|th)
      (?:\s+(?:and|to|or)\s+\d{{1,2}}(?:st|nd|rd|th))?[\s-](?i:centur(?:y|ies))(?:\s+(?:BC|AD|BCE|CE))?
    )(?![\w-])""",
    re.VERBOSE,
)
_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first"
)
# "the early nineteenth century", "the eighteenth-century": centuries written out.
# "the 10th and 11th centuries", "the 14th to 17th centuries": two centuries joined are one date.
_CENTURY_ORDINAL = rf"(?i:{_ORDINAL_WORDS}|\d{{1,2}}(?:st|nd|rd|th))"
WRITTEN_CENTURY = re.compile(
    r"(?:\b(?i:(?:the\s+)?(?:first|second|last|latter|early|late)\s+(?:half|quarter|part)\s+of)\s+)?"
    rf"(?:\b(?i:the)\s+)?(?i:(?:early|late|mid)[\s-]+)?\b(?:{_CENTURY_ORDINAL}\s+(?i:and|to|or)\s+)?"
    rf"{_CENTURY_ORDINAL}[\s-](?i:centur(?:y|ies))\b"
)
# A month or weekday on its own is a date only after a preposition ("in March", "on Monday"; not "May I").
MONTH_ALONE = re.compile(
    rf"\b(?i:in|on|by|since|until|till|from|to|of|last|next|this|every|each|early|late|during|between|and|"
    rf"before|after|through|throughout)\s+"
    rf"(?P<d>{_MONTH}|{_WEEKDAY}s?)"
    r"(?![\w-])"
)
_DIGITS = r"\d{1,3}(?:(?:,|[\u00a0\u202f\u2009 ](?=\d{3}(?!\d)))\d{3})+(?:\.\d+)?|\d*\.?\d+"
# Fractions read as shares: "two-thirds", "a quarter of".
_PARTS = r"halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?"
_FRACTION = (
    rf"(?:one|two|three|four|five|six|seven|eight|nine)-(?:{_PARTS})"
    r"|(?:two|three|four|five|six|seven|eight|nine)\s+(?:thirds|fifths|sixths|sevenths|eighths|ninths|tenths)\b"
    r"|(?:two|three|four|five|six|seven|eight|nine)\s+(?:halves|quarters)(?=\s+of\b)"  # not 'two quarters'
    r"|(?:a|one)\s+(?:half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)(?=\s+of\b|\s*[.,;)]|$)"
    r"|one\s+half\b(?!-)"  # "one half was to go to Rome"; 'one third party' is a count of parties
    r"|half(?=\s+(?:of|the)\b)"
)
DENOMINATORS = {
    "half": 2, "halve": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip
_WORD = "|".join(sorted(WRITTEN_NUMBERS, key=len, reverse=True))
# "plans to double the size of its fleet": a verb, not a multiple
_NOT_A_VERB = "".join(f"(?<!{w} )" for w in ("to", "will", "would", "could", "can", "may", "might", "should"))
_WRITTEN = (
    rf"(?:(?:{_WORD})(?:-(?:{_WORD}))?(?:\s+hundred(?:\s+and\s+(?:{_WORD})(?:-(?:{_WORD}))?)?)?"
    rf"(?:\s+dozen)?|an?\s+(?:dozen|hundred)|(?:tens|hundreds)\s+of\s+thousands|twice|thrice"
    rf"|{_NOT_A_VERB}(?:{'|'.join(MULTIPLIERS)})(?=\s+(?:the|its|their|what)\b)|(?:{_WORD})-?fold"
    rf"|(?i:{'|'.join(MULTIPLIED)})(?![\w-])(?!\s+(?i:down|up)\b)"  # not "doubled down", "doubled up"
    rf"|(?:half\s+)?an?(?=\s+(?:thousand|million|billion|trillion)\b)"
    rf"|(?:a\s+few|several|many)\s+(?:hundred|thousand|million)|{'|'.join(VAGUE)})"
)
_ISO_ALT = "|".join(ISO)
_CUR_NAMES = "Dollars|Pounds|Euros"  # "Pounds 12m", as some papers write it
_CUR_PRE = rf"US\s?\$|HK\$|NZ\$|[ACS]\$|[$€£¥₹₽₩₺₨]|(?:Rs\.?|{_CUR_NAMES}|{_ISO_ALT})(?=\s?\d)"
_CUR_WORDS = "|".join(
    re.escape(w) for w in sorted({*CURRENCY_WORDS, *SUBUNITS}, key=len, reverse=True)
).replace("\\ ", r"\s+")
_UNIT_WORDS, _UNIT_ABBR = UNIT_WORDS.replace(" ", r"\s+"), UNIT_ABBREVIATIONS.replace(" ", r"\s?")
_DUR = "(?i:" + "|".join(sorted(DURATION_UNITS, key=len, reverse=True)) + r")(?:[\s-]old\b)?"
FIGURE = re.compile(
    rf"""(?:(?P<cur>{_CUR_PRE})\s?)?
    (?:(?P<num>{_DIGITS})|(?P<frac>\b(?i:{_FRACTION}))|(?P<words>\b(?i:{_WRITTEN})\b))
    (?:\s+in\s+(?P<den>10|ten|five|four|three|100|hundred)\b)?
    (?:[\s-]?(?P<scale>(?i:thousand|million|billion|trillion|crores?|lakhs?)\b|bn\b|mn\b|mln\b|tn\b|trn\b)
       |\s?(?P<mk>[mk])\b(?![.'’]\w))?
    (?:[\s-]?(?P<post>{_PERCENT}|(?i:{_CUR_WORDS})\b|(?:{_ISO_ALT})\b|\b{_DUR}\b|(?i:{_UNIT_WORDS})\b
       |(?i:times|fold)\b
       |(?:{_UNIT_ABBR})(?![\w/²³])))?
    """,
    re.VERBOSE,
)
# Where figure matching starts: digit runs (a currency before them is found by looking back) and number words.
DIGIT_RUN = re.compile(r"\d+")
CUR_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?:US\s?\$|HK\$|NZ\$|[ACS]\$|[$€£¥₹₽₩₺₨]|Rs\.?|{_CUR_NAMES}|{_ISO_ALT})\s?$"
)
WRITTEN_START = re.compile(rf"\b(?i:{_FRACTION}|{_WRITTEN})\b")
LETTERS = re.compile(r"[a-z]+")
WRITTEN_HINTS = frozenset(WRITTEN_NUMBERS) | VAGUE | {"dozen", "hundred", "tens", "third", "quarter", "half"}
WRITTEN_HINTS |= {"twice", "thrice", *MULTIPLIERS, *MULTIPLIED} | {w + "fold" for w in WRITTEN_NUMBERS}
# "a million", "half a billion": a scale word written without digits (after digits, the digits find it).
SCALE_HINTS = frozenset({"thousand", "million", "billion", "trillion"})
A_SCALE = re.compile(r"\b(?i:an?)\s+(?i:thousand|million|billion|trillion)\b")
# The names of the months (with their short forms) and of the weekdays, lower-cased.
CALENDAR_WORDS = frozenset(m.lower() for m in _MONTHS + _WEEKDAYS)
DATE_HINTS = CALENDAR_WORDS | {d.lower() + "s" for d in _WEEKDAYS}
DATE_HINTS |= {"century", "centuries"}
PHONE = re.compile(
    r"\+\d{1,3}[\s-]?(?:\(?\d+\)?[\s-]?){2,}\d+|\(0?\d{2,4}\)\s?\d{3,4}[\s-]?\d{3,4}|\b0\d{2,4}-\d{5,8}\b"
    r"|\b\d{3}-\d{3}-\d{4}\b"
)
# After a number: a clock time, a dotted version or a third hyphenated group ("555-123-4567").
CODE_AFTER = re.compile(r"[:.]\d|(?:[-/]\d+){2}")
# A qualifier right before a figure ("more than", "around"); "between"/"from" mark a range instead.
QUALIFIER = re.compile(
    r"\b(?i:more\s+than|over|nearly|almost|around|about|approximately|roughly|up\s+to|exceeding|at\s+least|"
    r"less\s+than|fewer\s+than|some|close\s+to|as\s+many\s+as|as\s+much\s+as|just\s+over|just\s+under|"
    r"well\s+over|under|below|above|in\s+excess\s+of|upwards\s+of|an\s+estimated|estimated|at\s+most|"
    r"no\s+more\s+than|no\s+fewer\s+than|no\s+less\s+than|only|just|nearly|almost|approx\.?|"
    r"between|from)\s+$"
)
# Words before a year-like number that a plural noun after it makes a count ("by 2000 guests").
COUNT_CONTEXT = frozenset({"by", "of", "to", "a", "an"})
# A year between a determiner and a noun modifies that noun: "a 2002 essay", "the 2024 elections".
MODIFIER_BEFORE = re.compile(r"(?i:\b(?:a|an|the|its|his|her|their|our|this|that)|['’]s) $")
# A qualifier before a date ("circa 1964", "as early as 1707"), and one inside it ("early 1961").
DATE_QUALIFIER = re.compile(
    r"\b(?i:circa|c\.|ca\.|around|about|approximately|roughly|sometime\s+in|as\s+early\s+as|as\s+late\s+as)\s+$"
)
DATE_LEAD = re.compile(rf"(?i:early|late|mid)\b-?\s*(?=\d|{_MONTH})")
# "the last eight years": a period, kept as part of a duration's text.
TIME_LEAD = re.compile(r"\b(?i:the\s+(?:last|past|next|previous|coming|first|following|recent)\s+)$")
# A number after these words names a thing ("Article 370", "Flight 17"); it is not a figure.
LABEL = re.compile(
    r"\b(?:No\.?|Nos\.?|Number|Article|Section|Chapter|Clause|Rule|Resolution|Flight|Route|Highway|Phase|"
    r"Level|Grade|Class|Block|Sector|Room|Unit|Gate|Platform|Terminal|Line|Bus|Vol\.?|Volume|Issue|Page|"
    r"Item|Part|Stage|Round|Model|Version|Windows|iPhone|Galaxy|Boeing|Airbus|Pixel|Apollo|Soyuz|"
    r"Plot|Street|Road|Ward|Camp|Battalion|Brigade|Division|Regiment|Corps|Paragraph|"
    r"Schedule|Annex|Table|Figure|Fig\.|pp?\.)\s+$"
)
# Words before a four-digit number that make it a year ("in 1523", "the 2024 elections", "(1629)").
DATE_CONTEXT = re.compile(
    r"(?:\b(?i:in|since|by|from|until|till|to|of|the|between|before|after|during|through|year|early|late|"
    r"mid|a|an|his|her|its|their|our|this|that)|['’]s)\s+$|\($|\b(?i:pre|post|mid)-$"
)
# "rose from 5% to 7%" is a change, not the range "5% to 7%".
CHANGE_VERB = re.compile(
    r"\b(?i:rose|rising|risen|increas\w*|grew|grow\w*|fell|fall\w*|drop\w*|declin\w*|jump\w*|climb\w*|"
    r"surg\w*|rais\w*|cut|reduc\w*|expand\w*|up|down|went|boost\w*|slid|slipp\w*|soar\w*|plung\w*|doubl\w*|"
    r"widen\w*|narrow\w*)\s+$"
)
TIME_PREFIXES = frozenset({"pre", "post", "mid", "early", "late", "circa", "c."})
AGO = re.compile(r"\s+ago\b")
SCORE = re.compile(r"\d+\s?[-–]\s?\d")
WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Za-z][\w'’.-]*) $")
# A person's age as news writes it, set off by commas after the name: "Paul Chandler, 60, who ...",
# "said Ann Lee, 45." The name is a capitalised word; the number ends its clause.
APPOSED_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][\w'’.-]*), $")
# "died aged 45", "at the age of 45", "ages 18 to 25"
AGE_BEFORE = re.compile(r"(?i:\b(?:aged|age|age of|ages)(?: between)?) $")
APPOSED_END = re.compile(r"[,;)]|\.(?:\s|$)|$")
HYPHEN_WORD = re.compile(r"-([^\W\d_](?:[^\W\d_]|['’])*)")
NOUN_WORD = re.compile(r"\s+([^\W\d_](?:[^\W\d_]|['’-])*)")
WORDS_BEFORE = re.compile(r"(?<![A-Za-z'’-])((?:[A-Za-z][A-Za-z'’-]*\s+){0,2}[A-Za-z][A-Za-z'’-]*)\s+$")
# "226 tons of goods": the counted noun follows "of".
OF = re.compile(r"\s+of(?:\s+(?:the|a|an|its|their|his|her))?(?=\s)")
# What an amount is the value of: "contracts worth", "a budget of".
NOUN_BEFORE = re.compile(
    r"(?<![A-Za-z'’-])((?:[A-Za-z][A-Za-z'’-]*\s+){0,2}[A-Za-z][A-Za-z'’-]*)\s+"
    r"(?i:worth|valued\s+at|totall?ing|costing|amounting\s+to|of|at|(?P<verb>is|was|are|were|reached|totall?ed|"
    r"stood\s+at|amounted\s+to|rose\s+to|fell\s+to))\s+$"
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
NOT_NOUNS = STOP_WORDS.union(
    _VERBS_AND_LINKS.split(), WRITTEN_NUMBERS, SCALES, CURRENCY_WORDS, DURATION_UNITS
)

MONTH_SET = {m.lower() for m in _MONTHS}
LY_NOUNS = {"family", "supply", "assembly", "rally", "ally", "italy", "anomaly", "monopoly", "reply", "july"}
YEAR_FULL = re.compile(_ANY_YEAR)
NO_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f\u2009")
YEAR_IN = re.compile(rf"(?<!\d){_ANY_YEAR}(?!\d)")
RANGE_LEAD = re.compile(r"\b(?i:between|from)\s+$")
DASHES = frozenset({"-", "–", "—", "- to", "-to", "–to"})
BY_BEFORE = re.compile(r"\b(?i:by)\s+$")
# Between two figures of a list that share a noun: "12.4% of the bonds, Japan 31.0%", "5% of X and 7%".
LISTED = re.compile(r"[^\d;:()]{0,40}?(?:,|\band\b|\bwhile\b)[^\d;:()]{0,25}")
# A conversion in brackets right after a figure: "$2.4bn (£1.3bn)", "6 miles (9.7 km)".
OPEN_BRACKET = re.compile(r"\s*\(\s*")
CLOSE_BRACKET = re.compile(r"\s*\)")
CONVERTIBLE = frozenset({(AnswerType.MONEY, AnswerType.MONEY), (AnswerType.QUANTITY, AnswerType.QUANTITY)})
SENTENCE_OPENERS = frozenset(".!?:;\"'`(“‘—–-")
# After "50m" these words mean metres, not millions ("a 50m-long bridge").
NOT_MILLION = {"long", "high", "tall", "wide", "deep", "away", "above", "below"}
# One spelling per unit, used when comparing a question's noun with a figure's unit.
UNIT_ALIASES = {
    "tonne": "ton", "t": "ton", "metric ton": "ton", "metric tonne": "ton", "kilogram": "kg",
    "kilogramme": "kg", "kilometre": "km", "kilometer": "km", "metre": "m", "meter": "m", "mw": "megawatt",
    "gw": "gigawatt", "kw": "kilowatt", "gb": "gigabyte", "tb": "terabyte", "mb": "megabyte",
    "litre": "liter", "ha": "hectare", "teu": "container", "ft": "foot", "feet": "foot",
    "square kilometre": "sq km", "square kilometer": "sq km", "km2": "sq km", "km²": "sq km", "mi": "mile",
    "kgs": "kg", "kms": "km", "lbs": "pound", "lb": "pound", "nanometre": "nm", "nanometer": "nm",
    "micrometre": "μm", "micrometer": "μm", "micron": "μm", "µm": "μm", "m²": "m2", "square metre": "m2",
    "square meter": "m2",
}  # fmt: skip
