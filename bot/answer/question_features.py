"""What the question-type classifier sees: a question's structure (its question word, the head noun
after it, a keyword query's head) and the sparse string features read from it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from bot.answer.question_text import WH, singular, tokens
from bot.answer.question_words import DO, word_set
from bot.ingest import CALENDAR_WORDS

AUX = word_set(
    "is are was were be been being am 's do does did has have had will would can could should shall may "
    "might must"
)
DET = word_set("the a an this that these those its their his her our your my some any one each every")
PREP = word_set(
    "of in on at for by to from with about into over under between during since per than as via after before "
    "along through across around near"
)
IMPERATIVE = word_set("name list give tell define describe explain show find identify")
PARTICIPLES = word_set(
    "built made sold paid spent won lost held bought given taken done set put sent shown grown"
)
# Irregular past forms that end a noun phrase: "what french composer wrote bolero".
PAST = PARTICIPLES | word_set(
    "wrote sang became began came went took gave got ran saw said told flew drew fought taught thought "
    "brought caught led met rode swam threw wore won beat chose spoke stole struck"
)
_STOPS = frozenset({'"', "?", "and", "or", "n't", "that", "who"})
# Adverbs that end the asked phrase: "what actor first portrayed ...", "the prosecutor, later fired".
ADVERBS = word_set("first also ever once later still never usually often originally recently currently")
# Leading politeness and imperative wrappers users type before the real question or phrase.
_WRAPPER = re.compile(
    r"^(?:(?:please|pls|hey|hi|ok|so|and|now|also|then)\s+)*"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?)?"
    r"(?:(?:tell|show|give|find|get)\s+(?:me|us)(?:\s+(?:about|on|of|regarding))?"
    r"|(?:i\s+(?:want|need|would\s+like|'d\s+like)\s+to\s+know(?:\s+about)?)"
    r"|(?:do\s+you\s+know)|(?:info(?:rmation)?\s+(?:on|about))|(?:what\s+about))\s+"
)
# Nouns that name an answer type when they head the phrase after what/which or a keyword query.
HEAD_KINDS: dict[str, frozenset[str]] = {
    "date": word_set("year date month day decade century birthday birthdate anniversary when"),
    "percent": word_set(
        "percentage percent share proportion fraction ratio rate odds chance chances probability likelihood "
        "inflation unemployment turnout"
    ),
    "money": word_set(
        "value cost price worth budget investment funding revenue salary fee fine profit income sales "
        "turnover gdp loan debt aid deficit spending expenditure valuation money compensation subsidy "
        "grant tax wage wages earnings payment fare exports imports ransom bail reward bonus pension rent "
        "damages savings"
    ),
    "count": word_set("number population total count"),
    "duration": word_set("age duration lifespan lifetime span period term expectancy"),
    "quantity": word_set(
        "length distance height area size weight capacity speed temperature depth width volume output "
        "production quantity diameter elevation altitude circumference radius mass"
    ),
    "organisation": word_set(
        "company organisation organization firm agency operator bank institution ministry university "
        "group party team club department manufacturer carrier airline brand newspaper network union "
        "corporation business enterprise startup school"
    ),
    "place": word_set(
        "capital city country region province town village state place location district continent "
        "island port nation site venue county river mountain lake"
    ),
    "person": word_set(
        "person official minister president leader chief director ceo chairman author player singer "
        "actor founder spokesman spokeswoman governor mayor ambassador"
    ),
}
_KIND_OF = {w: k for k, ws in HEAD_KINDS.items() for w in ws}
UNITS = word_set(
    "ton tonne kilogram kilo gram pound ounce kilometre kilometer metre meter mile foot feet inch yard acre "
    "hectare litre liter gallon barrel megawatt gigawatt kilowatt watt degree calorie mph km kg mw gw kwh "
    "gigabyte terabyte megabyte byte bushel carat centimetre centimeter millimetre millimeter"
)
TIME_UNITS = word_set("second minute hour day week month year decade century")
# Heads that pass the type on to their "of" phrase: "the name of the battle", "what kind of tree".
TRANSPARENT = word_set("name type kind sort group member one part form breed species variety brand make")
# Nouns in -ed/-ing that the verb test would otherwise cut a phrase at ("the average speed").
_ED_ING_NOUNS = word_set(
    "speed breed seed creed greed need feed bed shed reed steed thing king ring wing string spring "
    "building ceiling meeting wedding painting clothing morning evening ending offering opening "
    "funding spending earnings beijing wyoming deed weed sled"
)
CHANGE = word_set(
    "grow grew grown rise rose risen increase increased fall fell fallen drop dropped decline declined "
    "shrink shrank jump jumped climb climbed gain gained decrease decreased surge surged change changed "
    "improve improved"
)


def kind_of(word: str) -> str | None:
    """The answer type a head noun names ('city' -> place, 'cost' -> money), if any."""
    return _KIND_OF.get(word) or _KIND_OF.get(singular(word))


@dataclass
class Structure:
    """What the features are read from: the tokens, question word, head noun and its neighbours."""

    toks: list[str]
    wh: str = ""
    first: int | None = None
    keyword: bool = False
    after: str = ""  # the word after "how"
    subject: str = ""  # "how big was the investment": the head of what is asked about
    head: str = ""
    phrase: list[str] = field(default_factory=list)
    of: str = ""  # the head of "... of X" after the head
    poss: str = ""  # "craft 's lawyer": the possessed noun
    transparent: str = ""  # "the name of the battle": the head that passed the type on
    skipped_do: bool = False


def _is_verbish(word: str) -> bool:
    """A word in -ed or -ing that is not a known noun (nor hyphenated, as "left-handed"): likely a verb."""
    if "-" in word or word in _ED_ING_NOUNS or kind_of(word):
        return False
    return (len(word) > 3 and word.endswith("ed")) or (len(word) > 4 and word.endswith("ing"))


def _third_person(word: str, previous: str) -> bool:
    """'runs' after 'range': a verb in -s after a singular noun, rather than a plural noun."""
    return word.endswith("s") and not word.endswith("ss") and not previous.endswith("s") and not kind_of(word)


def _phrase(toks: list[str], i: int) -> tuple[list[str], int]:
    """The noun phrase at i (determiners skipped), up to a preposition, auxiliary or verb-like word."""
    while i < len(toks) and toks[i] in DET:
        i += 1
    out: list[str] = []
    while i < len(toks) and len(out) < 5:
        w = toks[i]
        if w in PREP or w in AUX or w in WH or w in DET or w in _STOPS:
            break
        if out and (_is_verbish(w) or w in CHANGE or w in PAST or w in ADVERBS or w[0] == "#"):
            break
        if out and kind_of(out[-1]) and w.endswith("s") and not kind_of(w):
            break  # "what organization runs ...": a verb after the type noun
        after = toks[i + 1] if i + 1 < len(toks) else ""
        if out and (after in {"the", "a", "an"} or (_third_person(w, out[-1]) and after in PREP)):
            break  # "what athlete makes the most money", "what range runs along ...": the verb
        out.append(w)
        i += 1
    return out, i


def strip_wrapper(toks: list[str]) -> list[str]:
    """Drop 'tell me about', 'can you tell me', 'please' ... before the question or phrase."""
    text = " ".join(toks) + " "
    m = _WRAPPER.match(text)
    return (text[m.end() :].split() or toks) if m else toks


def structure(raw: list[str]) -> Structure:
    """Read the question word, the head noun of the asked phrase, and whether it is a keyword query."""
    toks = strip_wrapper(raw)
    first = next((i for i, t in enumerate(toks) if t in WH), None)
    lead = toks[0] if toks else ""
    st = Structure(toks=toks, wh=toks[first] if first is not None else "", first=first)
    st.keyword = first is None and lead not in AUX and lead not in IMPERATIVE
    start = None
    if st.wh in {"what", "which"}:
        start = first + 1
    elif first is None and lead in IMPERATIVE:
        start = 1
    elif st.keyword:
        start = 0
    elif st.wh == "how" and first + 1 < len(toks):
        st.after = toks[first + 1]
        start = first + 2 if st.after in {"many", "much"} else None
        if start is None:
            j = first + 2
            while j < len(toks) and (toks[j] in AUX or toks[j] in DET):
                j += 1
            subject, _ = _phrase(toks, j)
            st.subject = subject[-1] if subject else ""
    if start is not None:
        _read_head(st, start, imperative=first is None and lead in IMPERATIVE)
    return st


def _read_head(st: Structure, start: int, imperative: bool) -> None:
    """Fill in the head noun of the phrase at `start`, its possessor's noun and its 'of' phrase."""
    toks, j = st.toks, start
    while j < len(toks) and (toks[j] in AUX or toks[j] in DET):
        st.skipped_do = st.skipped_do or toks[j] in DO
        j += 1
    phrase, end = _phrase(toks, j)
    if phrase and end < len(toks) and toks[end] == "'s":
        possessed, after = _phrase(toks, end + 1)
        if possessed:
            st.poss = possessed[-1]
            if imperative or j > start:  # "name randy craft 's lawyer": the possessed noun heads
                phrase, end = possessed, after
    if st.keyword:
        phrase, end = _keyword_phrase(toks)
    elif (
        phrase and j == start and (phrase[0] in PAST or (phrase[0].endswith("ed") and _is_verbish(phrase[0])))
    ):
        return  # "what killed bob marley": a verb, no asked noun
    if not phrase and 0 < end < len(toks) and toks[end] == "of" and toks[end - 1] == "one":
        phrase = ["one"]  # "which one of the astronauts": the astronauts head
    if phrase:
        st.head, st.phrase = phrase[-1], phrase
        if end < len(toks) and toks[end] == "of":
            _read_of(st, end + 1)


def _read_of(st: Structure, start: int) -> None:
    """The head of the 'of' phrase at `start` (or of what it possesses: "the name of onassis 's yacht");
    after a transparent head ("the name of the battle") it becomes the head itself."""
    of_phrase, end = _phrase(st.toks, start)
    if of_phrase and end < len(st.toks) and st.toks[end] == "'s":
        possessed, _ = _phrase(st.toks, end + 1)
        of_phrase = possessed or of_phrase
    st.of = of_phrase[-1] if of_phrase else ""
    if st.of and singular(st.head) in TRANSPARENT:
        st.transparent, st.head, st.of, st.phrase = st.head, st.of, "", [st.of]


def _keyword_phrase(toks: list[str]) -> tuple[list[str], int]:
    """A keyword query's phrase: 'nokia handset sales #year' -> its words up to a preposition."""
    words: list[str] = []
    for t in toks:
        if t in PREP or t in AUX or t in {'"', "and", "or"}:
            break
        if t[0] != "#" and t not in DET:
            words.append(t)
    while len(words) > 1 and (
        _is_verbish(words[-1]) or words[-1] in PARTICIPLES or words[-1] in CALENDAR_WORDS
    ):
        words.pop()  # "base stations built", "contracts january 2024"
    typed = [w for w in words if kind_of(w)]
    if typed:  # "memorandum signing date", "unemployment rate uzbekistan"
        words = words[: len(words) - words[::-1].index(typed[-1])]
    return words, (toks.index(words[-1]) + 1 if words else 0)


def lex_tags(word: str, lex: Mapping[str, str]) -> list[str]:
    """The WordNet tags of a noun, or of its singular."""
    tags = lex.get(word)
    if tags is None and word.endswith("s"):
        tags = (
            lex.get(singular(word))
            or lex.get(word[:-1])
            or (lex.get(word[:-2]) if word.endswith("es") else None)
        )
    return tags.split() if tags else []


def features(
    question: str, rule_type: str | None, known: frozenset[str], lex: Mapping[str, str]
) -> tuple[list[str], Structure]:
    """The sparse string features of a question, and the structure they were read from."""
    st = structure(tokens(question, known))
    toks = [t for t in st.toks if t != "?"]
    seq = ["<s>", *toks, "</s>"]
    feats = ["w=" + t for t in toks] + ["b=" + a + "_" + b for a, b in pairwise(seq)]
    feats += ["f2=" + "_".join(seq[1:3]), "last=" + (toks[-1] if toks else "")]
    feats.append("wh=" + (st.wh or ("kw" if st.keyword else "none:" + (toks[0] if toks else ""))))
    if st.first is not None:
        nxt = toks[st.first + 1 : st.first + 3]
        feats += ["wh1=" + st.wh + "_" + (nxt[0] if nxt else ""), "wh2=" + st.wh + "_" + "_".join(nxt)]
        feats.append("whpos=" + str(min(st.first, 3)))
    if st.head:
        feats += _head_features(st, lex)
    if st.transparent:
        feats.append("transp=" + st.transparent)
    if st.wh == "how" and st.after in {"many", "much"} and st.head:
        feats.append("hm=" + st.after + "_" + singular(st.head))
    if st.wh == "how" and set(toks) & CHANGE:
        feats.append("howchange=" + st.after)
    if st.keyword:
        feats.append("keyword")
    if rule_type:
        feats += ["rule=" + rule_type, "rulewh=" + rule_type + "_" + (st.wh or "kw")]
    return feats, st


def _head_features(st: Structure, lex: Mapping[str, str]) -> list[str]:
    """Features of the head noun: itself, its suffix, the type it names, its 'of' phrase, WordNet tags."""
    wh, sing = st.wh or "kw", singular(st.head)
    feats = ["head=" + st.head, "hs=" + sing, "hsuf=" + sing[-3:], "hsuf2=" + sing[-2:], f"hwh={wh}_{sing}"]
    if kind := kind_of(st.head):
        feats += ["hkind=" + kind, f"hkindwh={wh}_{kind}"]
    feats += ["hunit"] * (sing in UNITS) + ["htime"] * (sing in TIME_UNITS)
    if st.of:
        feats += ["hof=" + sing + "_" + singular(st.of), "of=" + singular(st.of)]
        feats += ["ofkind=" + k for k in [kind_of(st.of)] if k]
    if len(st.phrase) > 1:
        feats.append("mod=" + st.phrase[-2])
    feats += ["wn=" + t for t in lex_tags(st.head, lex)]
    feats += ["wnof=" + t for t in lex_tags(st.of, lex)] if st.of else []
    if st.poss:
        feats += ["wnposs=" + t for t in lex_tags(st.poss, lex)] + ["poss=" + singular(st.poss)]
        feats += ["posskind=" + k for k in [kind_of(st.poss)] if k]
    if st.skipped_do:
        feats.append("hsubj")
    return feats
