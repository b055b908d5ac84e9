"""The name that answers a who, where or which-organisation question, picked out of its sentence.

A figure question's answer is a figure; a person, place or organisation question's is a name. The
sentence's names are its runs of capitalised words ('Growth Vision Pro Ltd.', 'Bank of England'), with
titles taken off the front ('President Shavkat Mirziyoyev' answers as 'Shavkat Mirziyoyev'). Each is
weighed by the evidence that it is of the asked kind:

- a person: a title before it, 'said' after it, a person's name in WordNet ('Clinton');
- a place: 'in', 'at', 'near' or 'from' before it, a place in WordNet ('Samarkand', 'Kenya');
- an organisation: a word such as 'Ltd', 'Bank' or 'Ministry', an acronym, a group in WordNet ('NATO').

Names the question itself gives are not its answer, nor are months, weekdays or the words of a figure. Of
the rest, the one with the most evidence wins, the nearest to the question's words on a tie; with no
evidence of the asked kind, no name is highlighted and the sentence answers alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.anchors import Name, place_level
from bot.answer.name_forms import other_forms
from bot.answer.question_text import singular
from bot.answer.question_types import type_model
from bot.answer.question_words import word_set
from bot.answer.spelling import english_words
from bot.ingest import CALENDAR_WORDS, STOP_WORDS, dateline_length, stem
from bot.models import AnswerType, Figure, Span

NAME_TYPES = frozenset({AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION})
_ORG = AnswerType.ORGANISATION
_WORD = re.compile(r"[^\W_](?:[\w&.\-]|['’](?=\w))*")
# Lower-case words that may sit inside one name: 'Bank of England', 'Leonardo da Vinci'.
_JOINERS = word_set("of de da del der di du van von bin al la le y the for")
TITLES = word_set(
    """president vice prime minister secretary senator sen rep representative congressman congresswoman
    governor gov mayor chancellor premier king queen prince princess sheikh emir pope cardinal bishop
    archbishop rev reverend father mr mrs ms miss dr doctor prof professor sir lord lady dame judge justice
    general gen colonel col captain capt lieutenant lt sergeant sgt major commander admiral ambassador
    chairman chairwoman chair chief executive ceo cfo founder director spokesman spokeswoman spokesperson
    officer commissioner inspector detective agent coach manager deputy foreign defense defence interior
    finance economy trade health education justice energy state federal former late acting interim
    opposition leader"""
)
_ORG_WORDS = word_set(
    """ltd ltd. limited inc inc. corp corp. corporation co co. company companies group bank holdings plc llc
    ag sa gmbh jsc university college institute school academy ministry department agency authority
    commission committee council association federation union league party army police court parliament
    assembly congress senate government administration board bureau office service services foundation
    fund trust society organisation organization network hub park airlines airways motors telecom systems
    technologies industries partners club team times post news records studios pictures entertainment band"""
)
# Words that only qualify a title: "who is the former president" asks about the president.
_QUALIFIERS = word_set(
    """vice former late acting interim foreign defense defence interior finance economy trade health
    education justice energy state federal opposition deputy"""
)
# What an organisation's name says it is, by its head word ('Tashkent University of ...': a university), and
# the nouns of a question asking for one or the other: "which companies" is not answered by a university.
_COMPANY_HEADS = word_set(
    """ltd ltd. limited inc inc. corp corp. corporation co co. company group holdings plc llc ag sa gmbh jsc
    bank airlines airways motors telecom systems technologies industries partners studios pictures"""
)
_INSTITUTION_HEADS = word_set(
    """university college institute school academy ministry department agency authority commission committee
    council association federation union league party army police court parliament assembly congress senate
    government administration board bureau office foundation fund trust society"""
)
_COMPANIES_ASKED = word_set(
    """company companies firm firms business businesses corporation corporations operator operators maker
    makers manufacturer manufacturers carrier carriers provider providers bank banks brand brands retailer
    retailers startup startups carmaker carmakers airline airlines"""
)
_INSTITUTIONS_ASKED = word_set(
    """university universities college colleges school schools institute institutes ministry ministries
    agency agencies council councils court courts party parties"""
)
# The size of place a which- or what-question asks for, as `anchors.place_level` reads a name's.
_LEVEL_ASKED = {"city": "city", "cities": "city", "capital": "city", "town": "city", "towns": "city",
                "country": "country", "countries": "country", "nation": "country", "nations": "country",
                "state": "state", "states": "state", "province": "state", "continent": "land"}  # fmt: skip
_WH = word_set("who whom whose which what where")
_PLACE_BEFORE = word_set("in at near from into across throughout outside inside around to")
_PERSON_AFTER = word_set("said says told added wrote explained noted stressed according asked")


@dataclass(frozen=True)
class _Name:
    start: int  # character offsets in the sentence
    end: int
    first: int  # token positions of its first and last word
    last: int
    titled: bool  # a title stood before it


def name_answer(
    sentence: str,
    answer_type: AnswerType,
    asked: set[str],
    figures: Sequence[Figure],
    verbs: frozenset[str] = frozenset(),
    *,
    roles: frozenset[str] = frozenset(),
    several: bool = False,
    sort: str | None = None,
) -> Figure | None:
    """The name in the sentence that answers a question of `answer_type` (person, place, organisation),
    as a figure of that kind with its span; `asked` holds the question's search stems, `figures` the
    sentence's figures (whose words are no names), `verbs` the stems of the question's other words
    (search drops some verbs, 'won'), `roles` the titles it asks about ('president' in "who is the
    president of ..."). With `several` (the question admits more than one: "which companies", "who
    signed"), a list of names of the kind that holds the best one ('A, B and C') answers whole. `sort` is
    the noun of the organisation or place asked ('companies', 'university', 'capital': `asked_sort`); a
    name whose head says it is of the other sort (a university for "which companies"), or a place WordNet
    knows to be of another size (a country for "which city"), is not of the asked kind. None when no name
    shows the asked kind."""
    if answer_type not in NAME_TYPES:
        return None
    level = _LEVEL_ASKED.get(sort or "") if answer_type is AnswerType.PLACE else None
    # 'TEHRAN, Iran (CNN) -- ': where the story happened, which answers 'where', and nothing else.
    skip = 0 if answer_type is AnswerType.PLACE else dateline_length(sentence)
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence) if m.start() >= skip]
    taken = [(f.span.start, f.span.end) for f in figures]
    near = [i for i, (_, _, w) in enumerate(tokens) if stem(w.lower()) in asked]
    names = _names(sentence, tokens, taken)
    kind: set[int] = set()  # positions in names of those of the asked kind
    own: set[int] = set()  # positions of the question's own names
    best: tuple[float, float, int] | None = None
    for at, name in enumerate(names):
        stems = _stems(sentence[name.start : name.end])
        if not stems or stems <= asked:
            own.add(at)
            continue  # the question's own name
        evidence = _evidence(name, tokens, answer_type, asked)
        if sort is not None and _other_sort(tokens, name, sort):
            evidence = 0.0
        if level is not None and place_level(Name(sentence[name.start : name.end], frozenset())) not in (
            None,
            level,
        ):
            evidence = 0.0  # 'China' for "what is the capital of ...": a country WordNet knows, not a city
        if (
            evidence <= 0
            and answer_type is AnswerType.PERSON
            and _evidence(name, tokens, AnswerType.PLACE, asked) > 0
            and _is_the_asked(sentence, tokens, name, asked)
        ):
            evidence = 0.2  # "who are Uzbekistan's partners": 'China has emerged as one of its partners'
        if evidence > 0 or (answer_type is AnswerType.PERSON and _evidence(name, tokens, _ORG, asked) > 0):
            kind.add(at)  # 'who signed' is answered by organisations too, when they are listed
        if evidence <= 0:
            continue
        if stems & asked:  # 'Fred Durst' for "Durst's group": of the question's subject, likelier not it
            evidence -= 1.0
        if answer_type is not AnswerType.PLACE and (
            _does_the_asked(sentence, tokens, name, asked | verbs)
            or _agent_of_the_asked(tokens, name, asked | verbs)
        ):
            evidence += 1.0  # "who won the election": 'Donald Trump won ...', not '..., beating Clinton'
        if roles and _holds_role(sentence, name.start, name.end, roles):
            evidence += 2.0  # "who is the president": 'President Shavkat Mirziyoyev', 'X, Amtrak's president'
        distance = min((_distance(sentence, tokens, name, i) for i in near), default=len(tokens))
        if best is None or (evidence, -distance) > best[:2]:
            best = (evidence, -distance, at)
    if best is None:
        return None
    start, end = names[best[2]].start, names[best[2]].end
    if several:
        start, end = _listed(sentence, names, best[2], kind, own)
    return Figure(text=sentence[start:end], span=Span(start=start, end=end), kind=answer_type)


def asked_sort(question: str) -> str | None:
    """The noun that says which sort of organisation or place a which- or what-question asks for
    ('companies' in "which Chinese companies ...?", 'university', 'capital'), when it says one; None
    otherwise."""
    toks = [w.lower() for w in _WORD.findall(question)]
    at = next((i for i, w in enumerate(toks) if w in {"which", "what", "what's", "what’s"}), None)
    if at is None:
        return None
    sorts = _COMPANIES_ASKED | _INSTITUTIONS_ASKED | _LEVEL_ASKED.keys()
    return next((w for w in toks[at + 1 : at + 5] if w in sorts), None)


def _other_sort(tokens: list[tuple[int, int, str]], name: _Name, sort: str) -> bool:
    """Whether the name's head word ('University' in 'Tashkent University of Information Technologies':
    the last word before 'of', else its last word) says it is of another sort than asked."""
    words = [_base(w) for _, _, w in tokens[name.first : name.last + 1]]
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    if sort in _COMPANIES_ASKED:
        return head in _INSTITUTION_HEADS
    return sort in _INSTITUTIONS_ASKED and head in _COMPANY_HEADS


def role_named(sentence: str, figure: Figure, roles: frozenset[str]) -> bool:
    """Whether the name shown bears one of the asked titles ('President Shavkat Mirziyoyev', 'George
    Warrington, Amtrak's president' for "who is the president")."""
    return _holds_role(sentence, figure.span.start, figure.span.end, roles)


# ', the country's president,' / ', Amtrak's chief executive': determiners, possessives, names, then a title.
_APPOSITION = re.compile(
    r"\s*,\s*((?:(?:the|a|an|its|his|her|their|[\w.&-]*['’]s|[A-Z][\w.&-]*|vice|deputy|former|acting)\s+){0,3}"
    r"[\w-]+)(?=\s*(?:[,.;:]|\b(?:and|of|at|for)\b|$))"
)


def _holds_role(sentence: str, start: int, end: int, roles: frozenset[str]) -> bool:
    """Whether the name at [start, end) has an asked title right before it, or after it between commas."""
    before = [m.group() for m in _WORD.finditer(sentence[:start])][-3:]
    if any(_title_word(w) in roles for w in before):
        return True
    after = _APPOSITION.match(sentence, end)
    return after is not None and any(_title_word(w) in roles for w in _WORD.findall(after.group(1)))


def asked_roles(question: str) -> frozenset[str]:
    """The titles a who-question asks about ('president', 'chief', 'executive'), without the words that
    only qualify one ('former', 'foreign')."""
    return frozenset(w for w in (_base(w) for w in _WORD.findall(question)) if w in TITLES - _QUALIFIERS)


def asks_for_several(question: str, focus: str | None = None) -> bool:
    """Whether a who, where or which question admits several names: 'which companies', 'who signed' and
    'who are', but not 'who is the president' or 'which company'; `focus` is the noun a which-question
    asks about ('mobile operators')."""
    toks = [w.lower() for w in _WORD.findall(question)]
    at = next((i for i, w in enumerate(toks) if w in _WH), None)
    if at is None or at + 1 >= len(toks):
        return False
    after = toks[at + 1]
    if after in {"are", "were"}:
        return True
    if after in {"is", "was"} or after.endswith(("'s", "’s")) or toks[at] in {"where", "whose"}:
        return False
    if toks[at] in {"which", "what"}:
        head = (focus or after).split()[-1].lower()
        return singular(head) != head  # 'which (mobile) operators', not 'which company'
    return True  # 'who signed', 'who won'


# "platforms such as AliExpress, Temu and Shein": the names after it are examples of the noun before it.
_EXAMPLES = re.compile(
    r",?\s+(?:such\s+as|including|like|namely|notably|among\s+them|for\s+example|e\.g\.,?)\s+", re.IGNORECASE
)
_ASK_FOR = word_set("which what name list")


def asked_group(question: str) -> str | None:
    """The plural noun a which- or what-question asks for members of ('platforms' in "which Chinese
    e-commerce platforms were used?", "name the platforms"); None for any other question."""
    toks = [w.lower() for w in _WORD.findall(question)]
    at = next((i for i, w in enumerate(toks) if w in _ASK_FOR), None)
    if at is None:
        return None
    run = []
    for w in toks[at + 1 :]:
        if w in STOP_WORDS and not (toks[at] in {"name", "list"} and not run and w in {"the", "all"}):
            break
        if w not in {"the", "all"}:
            run.append(w)
    # the first plural of the run: 'carmakers' in "what carmakers cut output", which has no verb marked
    return next((w for w in run if singular(w) != w), None)


def examples(sentence: str, group: str, asked: set[str], figures: Sequence[Figure]) -> Figure | None:
    """The names the sentence gives as examples of the asked group ('AliExpress, Temu, and Shein' after
    "e-commerce platforms such as" for `group` 'platforms'), as an answer figure; None when it gives none.
    `asked` holds the question's search stems, whose own names are no examples."""
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    taken = [(f.span.start, f.span.end) for f in figures]
    want = stem(group)
    for _, end, word in tokens:
        cue = _EXAMPLES.match(sentence, end) if stem(word.lower()) == want else None
        if cue is None:
            continue
        names = _names(sentence, tokens, taken)
        first = next((k for k, n in enumerate(names) if n.start == cue.end()), None)
        if first is None:
            continue
        own = {k for k, n in enumerate(names) if _stems(sentence[n.start : n.end]) <= asked}
        if first in own:
            continue
        start, stop = _listed(sentence, names, first, set(range(len(names))), own)
        return Figure(text=sentence[start:stop], span=Span(start=start, end=stop), kind=AnswerType.OTHER)
    return None


def _stems(text: str) -> set[str]:
    """The search stems of a name's words, stop words left out."""
    return {stem(w.lower()) for w in _WORD.findall(text)} - STOP_WORDS


def _listed(sentence: str, names: list[_Name], best: int, kind: set[int], own: set[int]) -> tuple[int, int]:
    """The span of the list of names that holds names[best]: names joined by possessives are one member
    ("Uzbekistan's IT Park"), members are joined by commas and a final 'and' or 'or', most members show
    the asked kind by their name or their possessor's (positions in `kind`: 'Beeline' is also a word for
    a straight line) and none is the question's own (in `own`). The best name's own span when it is in no
    such list."""
    members: list[tuple[int, int, int]] = []  # (start, end, position of the member's last name)
    owners: dict[int, int] = {}  # a member's last name → its possessor's position ("Uzbekistan's IT Park")
    for at, name in enumerate(names):
        if members and sentence[members[-1][1] : name.start] in {"'s ", "’s "}:
            owners[at] = members[-1][2]
            members[-1] = (members[-1][0], name.end, at)
        else:
            members.append((name.start, name.end, at))
    here = next(k for k, (_, _, last) in enumerate(members) if last >= best)
    lo = hi = here
    while lo > 0 and _joined(sentence, members[lo - 1], members[lo]):
        lo -= 1
    while hi + 1 < len(members) and _joined(sentence, members[hi], members[hi + 1]):
        hi += 1
    # the list ends at its last member after a conjunction: 'A, B and C', not the 'D' of 'A, B and C, D'
    ends = [
        k for k in range(lo + 1, hi + 1) if _CONJUNCTION.search(sentence[members[k - 1][1] : members[k][0]])
    ]
    listed = [members[k][2] for k in range(lo, ends[-1] + 1)] if ends else []
    # a member is of the kind by its name or its possessor's: "which countries" lists "China's Growth ..."
    of_kind = [at for at in listed if at in kind or owners.get(at) in kind]
    if not listed or own.intersection(listed) or 2 * len(of_kind) <= len(listed):
        return names[best].start, names[best].end
    return members[lo][0], members[ends[-1]][1]


_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+|&\s*)?|and\s+|or\s+|&\s*)")
_CONJUNCTION = re.compile(r"\b(?:and|or)\b|&")


def _joined(sentence: str, a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    """Whether two members stand next to each other in a list: only a comma, 'and' or 'or' between."""
    return bool(_LIST_GAP.fullmatch(sentence[a[1] : b[0]]))


def _distance(sentence: str, tokens: list[tuple[int, int, str]], name: _Name, i: int) -> float:
    """Words between a name and a question word at token i; a comma or dash between counts as two more,
    and a name after the word is the nearer of two ('the Taj Mahal in India', not 'Reef in Australia,')."""
    if i > name.last:
        gap, between = i - name.last, sentence[tokens[name.last][1] : tokens[i][0]]
    else:
        gap, between = max(name.first - i, 0), sentence[tokens[i][1] : tokens[name.first][0]]
    marks = sum(between.count(c) for c in ",;:–—()")
    return gap + 2 * marks + (0.5 if i > name.last else 0.0)


def _names(sentence: str, tokens: list[tuple[int, int, str]], taken: list[tuple[int, int]]) -> list[_Name]:
    """The runs of capitalised words (joined by 'of', 'de' ..., broken by punctuation), titles taken off
    the front ('U.S. President-elect Barack Obama': 'Barack Obama') and possessives off the end."""
    out: list[_Name] = []
    i = 0
    while i < len(tokens):
        if not _capital(tokens[i], taken):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not _possessive(tokens[j][2]):
            if _capital(tokens[j + 1], taken) and _spaced(sentence, tokens[j], tokens[j + 1]):
                j += 1
            elif (
                j + 2 < len(tokens)
                and tokens[j + 1][2] in _JOINERS
                and _capital(tokens[j + 2], taken)
                and _spaced(sentence, tokens[j], tokens[j + 1])
                and _spaced(sentence, tokens[j + 1], tokens[j + 2])
            ):
                j += 2
            else:
                break
        first, titled = i, False
        # A title inside the run ends the part before the name, unless the run is an organisation's name.
        if _base(tokens[j][2]) not in _ORG_WORDS:
            for k in range(j - 1, i - 1, -1):
                if _title(tokens[k][2]):
                    first, titled = k + 1, True
                    break
        while first <= j and (_title(tokens[first][2]) or _stop_word(tokens[first][2])):
            titled = titled or _title(tokens[first][2])
            first += 1
        if first == 0 == i == j and _common_start(tokens[0][2]):
            first += 1  # a sentence's first word is capitalised whatever it is
        if first <= j:
            start, end = tokens[first][0], tokens[j][1]
            word = tokens[j][2]
            if _possessive(word):
                end -= 2
            elif word.endswith(".") and word.lower() not in _ORG_WORDS:
                end -= 1
            titled = titled or (first > 0 and _title(tokens[first - 1][2]))
            out.append(_Name(start, end, first, j, titled))
        i = j + 1
    return out


_AUXILIARIES = word_set("has have had was were is are will would also then")
_FUNCTION_WORDS = word_set(
    "the a an in on at of to for and or by with from as is are was were be been has have had"
)


def _does_the_asked(sentence: str, tokens: list[tuple[int, int, str]], name: _Name, asked: set[str]) -> bool:
    """Whether the name is the subject of a verb of the question: the word after it (an auxiliary
    passed over) is one of the question's ('Donald Trump won' for 'who won')."""
    k = name.last + 1
    if (
        k < len(tokens)
        and tokens[k][2].lower() in _AUXILIARIES
        and _spaced(sentence, tokens[k - 1], tokens[k])
    ):
        k += 1
    if k >= len(tokens) or not _spaced(sentence, tokens[name.last], tokens[name.last + 1]):
        return False
    word = tokens[k][2].lower()
    return word not in _FUNCTION_WORDS and stem(word) in asked


_COPULAS = word_set("is are was were be been becomes became become remains remained emerged stands ranks")
_PREDICATE_SPAN = 8  # words from the copula to the asked noun
_CLAUSE_ENDS = word_set(
    "where which who whom whose that when while because although though after before if and but"
)


def _is_the_asked(sentence: str, tokens: list[tuple[int, int, str]], name: _Name, asked: set[str]) -> bool:
    """Whether the name is the subject of a copula whose predicate, within the clause, holds one of the
    question's words: 'China has emerged as one of Uzbekistan's most significant partners' for "who are
    Uzbekistan's partners", 'Germany is the largest contributor' for "who is the largest contributor". The
    clause ends at a comma, a full stop or a conjunction ('Kenya is a country where partners met')."""
    k = name.last + 1
    if k < len(tokens) and tokens[k][2].lower() in _AUXILIARIES - _COPULAS:
        k += 1
    if k >= len(tokens) or tokens[k][2].lower() not in _COPULAS:
        return False
    if any(not _spaced(sentence, tokens[i], tokens[i + 1]) for i in range(name.last, k)):
        return False
    for i in range(k + 1, min(k + 1 + _PREDICATE_SPAN, len(tokens))):
        if not _spaced(sentence, tokens[i - 1], tokens[i]):
            return False  # a comma or a full stop ends the clause
        word = tokens[i][2]
        if word.lower() in _CLAUSE_ENDS:
            return False  # 'Kenya is a country where partners met': the noun is in another clause
        if word.islower() and word not in _FUNCTION_WORDS and stem(_base(word)) in asked:
            return True  # a common noun of the question ('partners'), not its own name
    return False


_AGENT_MARKS = word_set("by through via")


def _agent_of_the_asked(tokens: list[tuple[int, int, str]], name: _Name, asked: set[str]) -> bool:
    """Whether the name is the agent of a passive verb of the question: 'by' or 'through' before it, a
    few words after the verb ('goods were delivered in Uzbekistan through Uzbekiston Pochtasi' for "who
    delivered the goods")."""
    k = name.first - 1
    if k > 0 and tokens[k][2].lower() == "the":
        k -= 1
    if k < 1 or tokens[k][2].lower() not in _AGENT_MARKS:
        return False
    return any(
        stem(w.lower()) in asked and w.lower() not in _FUNCTION_WORDS for _, _, w in tokens[max(0, k - 5) : k]
    )


def _spaced(sentence: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Whether only spaces stand between two words (a comma or a dash ends a name)."""
    return not sentence[a[1] : b[0]].strip()


def _base(word: str) -> str:
    """A word as the lists hold it: lower case, without a trailing dot or possessive."""
    return word.lower().rstrip(".").removesuffix("'s").removesuffix("’s")


def _title_word(word: str) -> str:
    """A word as a title is looked up: 'President-elect' as 'president'."""
    return _base(word).split("-")[0]


def _title(word: str) -> bool:
    """Whether a word is a title ('President', 'Sgt.', 'President-elect')."""
    return _title_word(word) in TITLES


def _capital(token: tuple[int, int, str], taken: list[tuple[int, int]]) -> bool:
    """Whether a word may be part of a name: capitalised, no date word, outside every figure."""
    start, end, word = token
    if not word[0].isupper() or word.lower().rstrip(".") in CALENDAR_WORDS:
        return False
    return not any(a < end and start < b for a, b in taken)


def _stop_word(word: str) -> bool:
    """A common word before a name ('The'), but not an acronym that spells one ('IT Park', 'US Steel')."""
    return word.lower() in STOP_WORDS and not (len(word) > 1 and word.isupper())


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s"))


def _common_start(word: str) -> bool:
    """Whether a sentence's capitalised first word is an ordinary word ('Recent', 'Postal'), not a name."""
    tags = _tags(word.lower().rstrip("."))
    if any(t in tags for t in ("L:location", "L:group", "L:person")):
        return False  # 'Duke, a former member ...', 'China has emerged ...' (titles are taken off before)
    return word.lower() in STOP_WORDS or bool(tags) or word.lower() in english_words()


def _evidence(
    name: _Name, tokens: list[tuple[int, int, str]], answer_type: AnswerType, asked: set[str]
) -> float:
    """How much the name's words and surroundings show it to be of the asked kind (at most 0: none)."""
    words = [w for _, _, w in tokens[name.first : name.last + 1]]
    low = [_base(w) for w in words]
    tags = set().union(*(_tags(w).split() for w in low))
    before = tokens[name.first - 1][2].lower() if name.first > 0 else ""
    after = tokens[name.last + 1][2].lower() if name.last + 1 < len(tokens) else ""
    org = any(w in _ORG_WORDS for w in low) * 2.0 + ("L:group" in tags) * 1.5
    org += len(words) == 1 and _acronym(words[0])
    place = ("L:location" in tags) * 2.0 + (before in _PLACE_BEFORE) * 1.0
    person = (
        name.titled * 2.0 + (after in _PERSON_AFTER) * 1.0 + ("L:person" in tags and "L:location" not in tags)
    )
    if len(words) == 1 and after.islower() and other_forms(words[0]) and "L:location" not in tags:
        return 0.0  # 'the Sudanese region', 'Mexican state': a country's adjective, not a name
    following = tokens[name.last + 1][2] if name.last + 1 < len(tokens) else ""
    if following.islower() and stem(following) in asked and other_forms(words[0]):
        return 0.0  # 'Chinese IT companies, including ZTE' for "which companies": they qualify the noun
    unknown = not (org or place or person)
    if answer_type is AnswerType.PERSON:  # 'who' may be answered by an organisation, but a person first
        if not org and not place:  # a name of no other kind is likelier a person's, more so in 2-3 words
            person += 0.5 if 2 <= len(words) <= 3 else 0.25
        return person - place if person > 0 else (0.1 * (org - place) if org >= 2 else 0.0)
    if answer_type is AnswerType.PLACE:
        return place - org - person
    return 0.25 if unknown else org - person - 0.5 * place  # 'Limp Bizkit singer ...': a band, unknown


def _acronym(word: str) -> bool:
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha()


def _tags(word: str) -> str:
    """The word's WordNet tags in the shipped lexicon ('' for none)."""
    model = type_model()
    return model.lexicon.get(word, "") if model is not None else ""
