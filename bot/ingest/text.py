"""Turning text into search tokens: the one function the corpus and the questions both go through."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# 2: accents folded ('café' = 'cafe', 'São' = 'Sao'); 3: British spellings folded; 4: 'U.S.' = 'US'
TOKENIZER_VERSION = 4

# Digit groups separated by ',', a space, a no-break or a thin space: "27,000", "27 000", "1,250,000.5".
_GROUPED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f\u2009 ]\d{3})+(?![\d])")
_GROUP_SEPARATORS = re.compile(r"[,\u00a0\u202f\u2009 ]")
_SEPARATED_DIGITS = re.compile(r"\d[,\u00a0\u202f\u2009 ]\d")
_APOSTROPHES = re.compile(r"['’‘`]")
# An apostrophe between letters ("Uzbekistan's", "O'Brien") joins the word instead of splitting it.
# Initials written with full stops, read as one word: 'U.S.' = 'US', 'U.K.' = 'UK' (two letters or more).
_DOTTED = re.compile(r"(?<![\w.])(?:[^\W\d_]\.){2,}")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’‘`](?=\w)")
# Decimal numbers stay one token ("7.4"); otherwise runs of letters/digits (Unicode-aware, no underscore).
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")

# English function words and question words. They are dropped before scoring: in more than half of the
# sentences of a large corpus they reach rank_bm25's IDF floor and then outweigh real content words.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been before being
    below between both but by can cannot could couldn did didn do does doesn doing don down during each
    few for from further had hadn has hasn have haven having he her here hers herself him himself his
    how i if in into is isn it its itself just let ll me more most mustn my myself no nor not of off on
    once only or other ought our ours ourselves out over own re s same shan she should shouldn so some
    such t than that the their theirs them themselves then there these they this those through to too
    under until up ve very was wasn we were weren what when where which while who whom why will with won
    would wouldn you your yours yourself yourselves many much whose d m o y ma mightn needn
    """.split()  # noqa: SIM905
)

_STEMMER = Stemmer.Stemmer("english")


_ISE_ROOTS = (
    "organis realis recognis privatis criticis apologis authoris prioritis minimis maximis mobilis "
    "stabilis subsidis legalis modernis utilis finalis normalis summaris nationalis industrialis "
    "globalis liberalis capitalis categoris characteris harmonis jeopardis specialis sympathis visualis "
    "optimis computeris digitalis centralis decentralis standardis neutralis penalis hospitalis "
    "immunis urbanis rationalis revolutionis stigmatis marginalis monopolis publicis localis "
    "emphasis memoris symbolis terroris vaporis weaponis democratis militaris polaris popularis "
    "regularis colonis civilis fertilis sterilis energis galvanis ostracis patronis scrutinis"
)
_RE_ROOTS = "centre metre kilometre centimetre millimetre litre theatre fibre calibre spectre"
_OUR_ROOTS = (
    "labour colour favour honour neighbour behaviour harbour rumour vapour flavour humour endeavour "
    "armour odour saviour vigour rigour valour parlour splendour clamour fervour tumour"
)
_PAIRS = (
    "centred:centered tonne:ton tonnes:tons defence:defense defences:defenses offence:offense "
    "offences:offenses licence:license licences:licenses pretence:pretense programme:program "
    "programmes:programs "
    "catalogue:catalog catalogues:catalogs analogue:analog travelled:traveled travelling:traveling "
    "traveller:traveler travellers:travelers cancelled:canceled cancelling:canceling labelled:labeled "
    "labelling:labeling modelled:modeled modelling:modeling fuelled:fueled fuelling:fueling "
    "signalled:signaled signalling:signaling totalled:totaled totalling:totaling channelled:channeled "
    "counselled:counseled counsellor:counselor counsellors:counselors levelled:leveled "
    "levelling:leveling jewellery:jewelry enrolment:enrollment enrolments:enrollments fulfil:fulfill "
    "fulfils:fulfills instalment:installment instalments:installments skilful:skillful wilful:willful "
    "aluminium:aluminum grey:gray ageing:aging judgement:judgment judgements:judgments "
    "sceptical:skeptical sceptic:skeptic sceptics:skeptics plough:plow ploughs:plows mould:mold "
    "aeroplane:airplane aeroplanes:airplanes paediatric:pediatric anaesthetic:anesthetic "
    "oestrogen:estrogen haemorrhage:hemorrhage leukaemia:leukemia diarrhoea:diarrhea foetus:fetus "
    "orthopaedic:orthopedic encyclopaedia:encyclopedia manoeuvre:maneuver manoeuvres:maneuvers "
    "practise:practice practised:practiced practising:practicing analyse:analyze analysed:analyzed "
    "analysing:analyzing paralyse:paralyze paralysed:paralyzed catalyse:catalyze"
)


def _spellings() -> dict[str, str]:
    """British spellings and their American ones ('tonnes' → 'tons', 'organisation' → 'organization'),
    so that a question typed one way finds an article written the other. A list, not suffix rules: '-ise'
    and '-our' endings are not all spellings ('promise', 'rise', 'four', 'hour')."""
    pairs: dict[str, str] = {}
    for root in _ISE_ROOTS.split():
        american = root[:-1] + "z"
        for end in ("e", "es", "ed", "ing", "ation", "ations", "er", "ers"):  # never bare: 'emphasis'
            pairs[root + end] = american + end
    for root in _OUR_ROOTS.split():
        american = root[:-3] + "or"
        for end in ("", "s", "ed", "ing", "al", "able", "ful", "ite", "ites", "hood", "hoods", "er", "ers"):
            pairs[root + end] = american + end
    for root in _RE_ROOTS.split():
        american = root[:-2] + "er"
        for end in ("", "s"):
            pairs[root + end] = american + end
    for pair in _PAIRS.split():
        british, american = pair.split(":")
        pairs[british] = american
    return pairs


# The pairs are applied before stemming, so 'tonnes' and 'tons' share a stem (Snowball: 'tonn', 'ton').
SPELLINGS = _spellings()

# Latin letters that carry no combining mark to strip but are still read as their plain letter.
_LATIN_EXTRA = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}


class _AccentFold(dict):
    """A str.translate table, filled on demand: a Latin letter with diacritics → its plain letter."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        parts = unicodedata.normalize("NFD", char)
        base = parts[0]
        folded = _LATIN_EXTRA.get(char, base if len(parts) > 1 and base.isascii() else char)
        self[code] = folded
        return folded


_FOLD = _AccentFold()


def fold_accents(text: str) -> str:
    """Latin letters without their accents ('São Paulo' → 'Sao Paulo'); other scripts stay as they are."""
    return text if text.isascii() else text.translate(_FOLD)


def normalise(text: str) -> str:
    """Fold compatibility characters (NFKC), case and accents; write grouped numbers without separators."""
    text = fold_accents(unicodedata.normalize("NFKC", text).casefold())
    # The substitutions are the costly part: skip them when the text has nothing they could change.
    if _APOSTROPHES.search(text):
        text = _INNER_APOSTROPHE.sub("", text)
    if "." in text and _DOTTED.search(text):
        text = _DOTTED.sub(lambda m: m.group().replace(".", "") + " ", text)
    if _SEPARATED_DIGITS.search(text):
        text = _GROUPED_NUMBER.sub(lambda m: _GROUP_SEPARATORS.sub("", m.group()), text)
    return text


def words(text: str) -> list[str]:
    """Lower-cased word tokens with stop words kept and nothing stemmed: for question analysis."""
    return _TOKEN.findall(normalise(text))


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The English Snowball stem of one lower-cased word, in its American spelling (numbers pass through
    unchanged)."""
    if word[0].isdigit():
        return word
    return _STEMMER.stemWord(SPELLINGS.get(word, word))


def tokenize(text: str) -> list[str]:
    """Search tokens: normalised, stop words removed, stemmed. Used for both corpus and questions."""
    return [stem(w) for w in _TOKEN.findall(normalise(text)) if w not in STOP_WORDS]


def counted(n: int, noun: str) -> str:
    """'1 article', '2,000 articles': a count with its noun in the right number."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def tokenizer_settings() -> dict[str, object]:
    """What an index records about the tokenizer, so a mismatch is detected on load."""
    return {
        "version": TOKENIZER_VERSION,
        "stemmer": "english-snowball",
        "stop_words": len(STOP_WORDS),
        "numbers": "grouped digits joined; decimals kept whole",
        "accents": "latin folded",
        "spellings": f"british folded to american ({len(SPELLINGS)} words)",
        "initials": "dotted initials joined",
    }
