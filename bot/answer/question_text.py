"""A question's text as the type classifier reads it: TREC's tokens and a user's typing folded alike,
numbers folded to #year/#num, and typos in the few words a question's type hangs on repaired."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from bot.answer.question_words import word_set


def _set_order(text: str) -> list[str]:
    """The words of a space-separated list, in order (the first of equally near keywords wins)."""
    return text.split()


WH = word_set("what which who whom whose when where why how")
# Words whose misspellings are worth repairing: a question's type hangs on them.
KEYWORDS = tuple(
    _set_order(
        "what which who whom whose when where why how many much long old far big large often number percent "
        "percentage share proportion population amount total value cost price worth year date time times the "
        "was were is are did does signed built company country city people name money"
    )
)
_KEYWORD_LETTERS = {kw: Counter(kw) for kw in KEYWORDS}
_BIT = {c: 1 << i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}  # every keyword letter is one
# Each keyword with its length, whether it is a question word, and its letters as a bit set.
_KEYWORD_BITS = tuple((kw, len(kw), kw in WH, sum(_BIT[c] for c in set(kw))) for kw in KEYWORDS)


def _near_length(n: int) -> tuple[tuple[str, int], ...]:
    """The keywords (in order, with their bit sets) a token of n letters may be a typo of: within two
    letters of its length, and only question words for a two-letter token."""
    return tuple((kw, bits) for kw, size, wh, bits in _KEYWORD_BITS if abs(size - n) <= 2 and (n != 2 or wh))


_BY_LENGTH = {n: _near_length(n) for n in range(2, 16)}
_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_POS = {c: (r, i) for r, row in enumerate(_KEYBOARD) for i, c in enumerate(row)}
_TOKEN = re.compile(r"n't|'s|'re|'ll|'ve|'d|'m|[a-z0-9]+(?:[.\-][a-z0-9]+)*\.?|\$|%|\"")
_ABBREV_DOT = re.compile(r"^(?:[a-z]\.)+[a-z]?\.?$")
_BRITISH = re.compile(r"(?<=\w\w\w)is(?=ations?\b)")
_WORD = re.compile(r"[A-Za-z]+")
_CLITIC = re.compile(r"(\w)'(s|re|ll|ve|d|m)\b")
_CONTRACTED = {
    "whats": ("what", "'s"),
    "whos": ("who", "'s"),
    "hows": ("how", "'s"),
    "wheres": ("where", "'s"),
}


def normalise(text: str) -> str:
    """NFKC, lower case; quotes and clitics spaced as TREC writes them ("australia's" -> "australia 's")."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _BRITISH.sub("iz", text)  # "organisation": TREC is written in American English
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("''", '"')
    text = _CLITIC.sub(r"\1 '\2", text)
    text = re.sub(r"(\w)n't\b", r"\1 n't", text)
    text = re.sub(r"\bwon 't\b|\bwo n't\b", "will n't", text)
    return re.sub(r"(\w)' ", r"\1 ", text)  # "fields' real name"


def _digits(tok: str) -> str:
    """Numbers as classes: a year, another number, a token with digits in it."""
    if tok.isdigit():
        return "#year" if len(tok) == 4 and tok[0] in "12" else "#num"
    return "#numx" if any(c.isdigit() for c in tok) else tok


@lru_cache(maxsize=65536)
def key_distance(a: str, b: str) -> float:
    """Damerau-Levenshtein distance; keyboard neighbours and a missing letter cost a little less."""
    n, m = len(a), len(b)
    d = [[float(i)] + [0.0] * m for i in range(n + 1)]
    d[0] = [j * 0.9 for j in range(m + 1)]  # a letter missing from the typed word is the commonest slip
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sub = 0.0 if a[i - 1] == b[j - 1] else _substitution(a[i - 1], b[j - 1])
            d[i][j] = min(d[i - 1][j] + 1.0, d[i][j - 1] + 0.9, d[i - 1][j - 1] + sub)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 0.8)
    return d[n][m]


def _substitution(x: str, y: str) -> float:
    """The cost of typing x for y: less when the keys are neighbours."""
    px, py = _POS.get(x), _POS.get(y)
    return 0.95 if px and py and abs(px[0] - py[0]) <= 1 and abs(px[1] - py[1]) <= 1 else 1.0


def _typo_candidates(tok: str, known: frozenset[str]) -> list[str]:
    """Question keywords within one edit of an unknown alphabetic token, best first (ties kept)."""
    if tok in known or not tok.isalpha() or len(tok) < 2:
        return []
    return list(_nearest_keywords(tok))


@lru_cache(maxsize=65536)
def _nearest_keywords(tok: str) -> tuple[str, ...]:
    """The keywords nearest to `tok` by key_distance, within its length's bound."""
    best: list[str] = []
    best_d = 1.0001 if len(tok) < 7 else 2.0001
    letters, n = Counter(tok), len(tok)
    mine = sum(_BIT.get(c, 0) for c in letters)
    foreign = sum(c not in _BIT for c in letters)  # distinct letters no keyword has
    gap = _least_gap(best_d)
    for kw, other in _BY_LENGTH.get(n) or _near_length(n):
        # A weaker bound first, from sets alone: each distinct letter one word lacks is one letter of the
        # bag gap at least (the sets' differences counted on bit sets, against the least gap over bound).
        if (mine & ~other).bit_count() + foreign >= gap or (other & ~mine).bit_count() >= gap:
            continue
        # Every edit but a transposition adds or drops a letter of the bag, at 0.9 or more, so the letters
        # one word has and the other lacks bound the distance from below: most keywords need no table.
        if (
            0.9 * max(_bag_gap(letters, _KEYWORD_LETTERS[kw]), _bag_gap(_KEYWORD_LETTERS[kw], letters))
            > best_d + 1e-9
        ):
            continue
        dist = key_distance(tok, kw)
        if dist < best_d - 1e-9:
            best, best_d = [kw], dist
            gap = _least_gap(best_d)
        elif abs(dist - best_d) < 1e-9:
            best.append(kw)
    return tuple(best)


@lru_cache(maxsize=256)
def _least_gap(bound: float) -> int:
    """The least letter gap g with 0.9 * g > bound + 1e-9: the bound _nearest_keywords prunes at."""
    gap = 0
    while not 0.9 * gap > bound + 1e-9:
        gap += 1
    return gap


def _bag_gap(a: Counter[str], b: Counter[str]) -> int:
    """How many letters of `a` (with repeats) `b` lacks."""
    return sum(n - b[c] for c, n in a.items() if n > b[c])


def tokens(question: str, known: frozenset[str] = frozenset()) -> list[str]:
    """Normalised tokens, numbers folded, keyword typos repaired when `known` (training tokens and
    bigrams "a_b") is given: a tie ("hwo": who or how) goes to the word that forms a known bigram."""
    out: list[str] = []
    for tok in _TOKEN.findall(normalise(question)):
        if tok.endswith(".") and not _ABBREV_DOT.match(tok):
            tok = tok.rstrip(".")
        tok = tok.replace(".", "") if _ABBREV_DOT.match(tok) else tok  # "u.s." -> "us"
        if tok:
            out.append(_digits(tok))
    if known:
        out = _repair_all(out, known)
    return [part for tok in out for part in _CONTRACTED.get(tok, (tok,))]


def _repair_all(toks: list[str], known: frozenset[str]) -> list[str]:
    """Every token repaired; ties are broken against neighbours that are themselves repaired ('hwo mnay')."""
    cands = [_typo_candidates(tok, known) for tok in toks]
    if not any(cands):
        return toks
    first = [_repaired(toks, i, cands[i], known, toks) for i in range(len(toks))]
    return [_repaired(toks, i, cands[i], known, first) for i in range(len(toks))]


def _repaired(toks: list[str], i: int, cands: list[str], known: frozenset[str], context: list[str]) -> str:
    """Token i, or the keyword it is a typo of (ties go to a bigram known with `context`'s neighbours)."""
    if len(cands) > 1:
        prev = context[i - 1] if i else "<s>"
        nxt = context[i + 1] if i + 1 < len(context) else "</s>"
        cands = sorted(cands, key=lambda c: -((f"{prev}_{c}" in known) + (f"{c}_{nxt}" in known)))
    return cands[0] if cands else toks[i]


def repair_typos(question: str, known: frozenset[str]) -> str:
    """The question with typos in its question words repaired ('waht is the vaule' -> 'what is the
    value'), the rest of its text untouched."""
    found = list(_WORD.finditer(question))
    words = [m.group().lower() for m in found]
    out, last = [], 0
    for i, (m, word, fixed) in enumerate(zip(found, words, _repair_all(words, known), strict=True)):
        if fixed != word and (i == 0 or not m.group()[0].isupper()):  # "Wen", "Tim": names, not typos
            out += [question[last : m.start()], fixed.capitalize() if m.group()[0].isupper() else fixed]
            last = m.end()
    return "".join(out) + question[last:] if out else question


# Conversational wrapping around a question, not part of what is asked: "hey, can you tell me how many
# base stations were built, please?" asks "how many base stations were built?".
_CHATTER_HEAD = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|please|quick question)\b(?!-)[\s,!:;.]*"
    r"|(?:so|well|thanks|thank\s+you|thx)\s*[,!.]\s*)*"
    r"(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:tell|show|give)\s+me|"
    r"(?:please\s+)?(?:tell|show)\s+me|do\s+you\s+know|does\s+anyone\s+know|any\s+idea|"
    r"i(?:\s+(?:want|wanted|would\s+like|need)|['’]d\s+like)\s+to\s+know|i\s+(?:was\s+)?wonder(?:ing)?|"
    r"(?:can|could)\s+you\s+(?:please\s+)?(?:find\s+out|check|look\s+up)|"
    r"what\s+(?:can|could)\s+you\s+tell\s+me|what\s+do\s+you\s+know)?"
    # "tell me about the number of stations" asks for the number of stations
    r"(?:(?:(?<=\bme)|(?<=\bup)|(?<=\bknow)|(?<=\bout))\s+(?:more\s+)?about\b)?"
    r"[\s,:;-]*",
    re.IGNORECASE,
)
_CHATTER_TAIL = re.compile(
    r"[\s,;-]*\b(?:please|pls|thanks|thank\s+you|thx)\b[\s!.]*(?=[?.!]*$)", re.IGNORECASE
)


def without_chatter(question: str) -> str:
    """The question without a greeting, "can you tell me" or "please" around it; unchanged when that
    would leave nothing."""
    core = _CHATTER_TAIL.sub("", _CHATTER_HEAD.sub("", question, count=1), count=1).strip()
    return core if any(ch.isalnum() for ch in core) else question


def singular(word: str) -> str:
    """A plural noun's singular, roughly: 'cities' -> 'city', 'stations' -> 'station'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def known_tokens(questions: list[str]) -> frozenset[str]:
    """Training tokens, and the training bigrams "a_b" that hold a keyword (the typo repair's tie-break)."""
    known: set[str] = set()
    keywords = set(KEYWORDS)
    for q in questions:
        toks = ["<s>", *tokens(q), "</s>"]
        known.update(toks[1:-1])
        known.update(f"{a}_{b}" for a, b in pairwise(toks) if a in keywords or b in keywords)
    return frozenset(known)
