"""What a question asks for (answer type, the noun it is about, its content words), and how figures fit it."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.answer.anchors import find_names, find_periods
from bot.answer.question_text import repair_typos
from bot.answer.question_types import type_model
from bot.answer.question_words import (
    ALL_TYPE_NOUNS,
    AUX,
    CHANGE_VERBS,
    CODE_NUMBERS,
    COST_VERBS,
    DEALS,
    DETERMINERS,
    DO,
    EVENT_NOUNS,
    FIGURE_KINDS,
    GROWING,
    HOW_QUANTITY,
    LEADING,
    LENGTH_NOUNS,
    MATERIALS,
    MONEY_WORDS,
    MORE_TYPE_NOUNS,
    NEAR,
    QUESTION_WORDS,
    RAISED,
    SHARES,
    SPAN_MODIFIERS,
    TIME_NOUNS,
    TRANSPARENT_HEADS,
    TYPE_NOUNS,
    UNITS,
    VERBS,
)
from bot.ingest import DURATION_UNITS, STOP_WORDS, canonical_unit, stem, words
from bot.models import AnswerType, Figure, QuestionAnalysis

_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
# "When called upon to surrender, what general replied ...": the question is after the clause.
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:when|if|while|after|before|since|of|in|on)\b[^,?]*,(?=\s*(?:what|which|who|whom|whose|where|how)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def analyse(question: str) -> QuestionAnalysis:
    """Read the expected answer type, the focus noun and the content words. The rules read them first (on
    the question with typos in its question words repaired); the learned classifier (question_types),
    with the rules' type among its features, then reads the type, except that a figure type the rules
    read stands against a model's 'other' that leads it only narrowly. Kept per question text: the
    reading depends on nothing else (the shipped model is loaded once), and is immutable."""
    model = type_model()
    rules = analyse_by_rules(repair_typos(question, model.known) if model else question)
    rules = rules.model_copy(update={"text": question})
    if model is None:
        return rules
    kind = model.classify(question, rules.answer_type)
    if kind is AnswerType.DATE and not _asks_a_date(question):
        return rules  # "what did the metro carry last year": 'last year' says when, not what is asked
    return rules if kind is rules.answer_type else rules.model_copy(update={"answer_type": kind})


_DATE_CUES = frozenset({"when", "year", "years", "date", "dates", "month", "day", "decade", "century", "era"})


def _asks_a_date(question: str) -> bool:
    """Whether a word that asks for a date ('when', 'year', 'date') is left once the periods the question
    names ('last year', 'in 2024') are taken out."""
    text = question
    for period in find_periods(question):
        text = text.replace(period.text, " ")
    return bool(_DATE_CUES.intersection(w.lower() for w in words(text)))


def analyse_by_rules(question: str) -> QuestionAnalysis:
    """Read the expected answer type, the focus noun and the content words from a question, by rules."""
    # An acronym that spells a stop word ("IT", "US") is a name here, so it is kept upper-case.
    caps = set() if question.isupper() else {w.casefold() for w in _ACRONYM.findall(question)}
    toks = [t.upper() if t in caps and t in STOP_WORDS else t for t in words(question)]
    asked = toks[len(words(clause[0])) :] if (clause := _LEADING_CLAUSE.match(question)) else toks
    answer_type, focus = _how_question(asked) or _wh_question(asked) or (AnswerType.OTHER, None)
    content = [t.lower() for t in toks if t not in STOP_WORDS and t not in QUESTION_WORDS]
    return QuestionAnalysis(
        text=question, answer_type=answer_type, focus=focus, content_words=tuple(dict.fromkeys(content))
    )


def _how_question(toks: list[str]) -> tuple[AnswerType, str | None] | None:
    """'how many', 'how much', 'how long', 'how old', 'how far' ... questions."""
    at = _find(toks, "how")
    if at is None or at + 1 >= len(toks):
        return None
    word, rest = toks[at + 1], at + 2
    if word == "many":
        focus = _noun_phrase(toks, rest, allow_of=True)
        kind = _many_type(focus)
        if kind is AnswerType.PERCENT and focus and " of " in focus:
            focus = focus.split(" of ", 1)[1]  # "how many percent of voters" is about voters
        return kind, focus
    if word == "much":
        return _much(toks, rest)
    if word == "long":
        return _how_long(toks, rest)
    if word == "old":
        return AnswerType.DURATION, _subject(toks, rest)
    if word == "fast" and GROWING.intersection(toks[rest:]):
        return AnswerType.PERCENT, _subject(toks, rest)  # "how fast is the economy growing": a rate
    if word in HOW_QUANTITY:
        subject = _subject(toks, rest)
        last = (subject or "").split()[-1:]
        if word in {"big", "large"} and last == ["population"]:
            return AnswerType.COUNT, subject  # "how large is Missouri's population"
        money = word in {"big", "large"} and bool(last) and last[0] in DEALS
        return (AnswerType.MONEY if money else AnswerType.QUANTITY), subject  # "how big was the deal"
    if word in {"often", "early", "late", "soon"}:  # "every four years", "at four", "by 2030"
        return (AnswerType.DURATION if word == "often" else AnswerType.DATE), _subject(toks, rest)
    return None


def _many_type(focus: str | None) -> AnswerType:
    """'how many people' is a count; 'how many tons' a quantity; 'how many years' a duration."""
    head = (focus or "").split(" of ")[0].split()
    if len(head) > 1 and head[-1] in {"ago", "old"}:
        head = head[:-1]  # "how many years ago", "how many years old"
    unit = head[-1] if head else ""
    if unit in DURATION_UNITS:
        return AnswerType.DURATION
    if unit in {"percent", "percentage"}:
        return AnswerType.PERCENT
    if head and canonical_unit(head[0]) in UNITS and head[0] not in MATERIALS:
        return AnswerType.QUANTITY  # "how many miles east of Berlin"
    return AnswerType.QUANTITY if canonical_unit(unit) in UNITS else AnswerType.COUNT


def _how_long(toks: list[str], rest: int) -> tuple[AnswerType, str | None]:
    """'how long is the bridge/the Rhine' asks for a length; 'how long did the war last' for a duration."""
    subject = _subject(toks, rest)
    if {"last", "lasted", "take", "took", "takes"} & set(toks):
        return AnswerType.DURATION, subject
    if any(t in LENGTH_NOUNS for t in toks[rest:]):
        return AnswerType.QUANTITY, subject
    be = rest < len(toks) and toks[rest] in AUX and toks[rest] not in DO
    words = (subject or "").split()
    ends = bool(words) and toks[-1] == words[-1]  # nothing after the subject: "how long is the Rhine"
    thing = be and ends and words[-1] not in EVENT_NOUNS and words[-1][:-1] not in EVENT_NOUNS
    return (AnswerType.QUANTITY if thing else AnswerType.DURATION), subject


_RAISE = frozenset({"raise", "raised"})


def _much(toks: list[str], rest: int) -> tuple[AnswerType, str | None]:
    """'how much money/time/cargo', 'how much did X cost', 'how much of X', 'by how much did X rise'."""
    nxt = toks[rest] if rest < len(toks) else ""
    if nxt == "of" or nxt in SHARES:
        skip = 2 if nxt in SHARES and rest + 1 < len(toks) and toks[rest + 1] == "of" else 1
        return AnswerType.PERCENT, _noun_phrase(toks, rest + skip)
    if nxt in AUX:
        subject = _subject(toks, rest)
        verbs = set(toks[rest + 1 :])
        if "weigh" in verbs:
            return AnswerType.QUANTITY, subject
        change = verbs & CHANGE_VERBS
        if change <= _RAISE and not verbs & RAISED:
            change = set()  # "how much did the charity raise": money raised, not a rise
        if change and "cost" not in verbs:
            return AnswerType.PERCENT, subject
        return AnswerType.MONEY, subject
    focus = _noun_phrase(toks, rest, allow_of=True)
    if nxt in TIME_NOUNS:
        return AnswerType.DURATION, focus
    if nxt in MONEY_WORDS or (nxt.endswith("s") and nxt[:-1] in MONEY_WORDS):
        return AnswerType.MONEY, focus
    return (AnswerType.QUANTITY if focus else AnswerType.MONEY), focus  # "how much dust"; "how much is it"


def _wh_question(toks: list[str]) -> tuple[AnswerType, str | None] | None:
    """when / who / where / what-or-which + a type noun / '... worth' questions."""
    first = next((i for i, t in enumerate(toks) if t in QUESTION_WORDS), None)
    wh = toks[first] if first is not None else ""
    rest = first + 1 if first is not None else 0
    if wh == "when":
        return AnswerType.DATE, _subject(toks, rest)
    if wh == "where":
        return AnswerType.PLACE, _subject(toks, rest)
    if wh in {"what", "whats", "which"} or first is None:
        typed = _typed_noun(toks, rest)
        if typed:
            return typed
    if "worth" in toks[rest:]:
        return AnswerType.MONEY, _subject(toks, rest)
    if wh in {"who", "whom", "whos"}:
        return AnswerType.PERSON, _subject(toks, rest)
    if wh == "whose":
        return AnswerType.PERSON, _noun_phrase(toks, rest)
    return None


def _typed_noun(toks: list[str], rest: int) -> tuple[AnswerType, str | None] | None:
    """The answer type named by the noun after 'what'/'which' or in 'what is (X's) the Y of Z'."""
    i, skipped_do = rest, False
    while i < len(toks) and (toks[i] in AUX or toks[i] in DETERMINERS or toks[i] in {"in", "at", "by"}):
        skipped_do = skipped_do or toks[i] in DO
        i += 1
    while rest < i < len(toks) and toks[i][0].isdigit() and not skipped_do:
        i += 1  # "what was the 1940 annual salary"
    if skipped_do:
        return _verb_type(toks, i)  # "what did the president say": the noun is the subject, not the answer
    if "s" in toks[i : i + 7] and toks[i] != "s":  # "what are Burger King's gross sales"
        owned = _typed_phrase(toks, toks.index("s", i) + 1)
        if owned:
            return owned
    typed = _typed_phrase(toks, i)
    if typed is None and i == rest and i < len(toks):  # "which city hosts ...": a verb the lists lack
        kind = _kind_of(toks[i])
        if kind in (AnswerType.PLACE, AnswerType.ORGANISATION, AnswerType.PERSON) or toks[i] in SHARES:
            return kind, toks[i]  # "what percentage watch ..."
    return typed


def _verb_type(toks: list[str], i: int) -> tuple[AnswerType, str | None] | None:
    """'what does it cost', 'what do they get paid' ask for money; 'what does X weigh' for a quantity."""
    for j in range(i + 1, len(toks)):
        if toks[j] in COST_VERBS and toks[j - 1] not in DETERMINERS | {"about", "of"}:
            return AnswerType.MONEY, _noun_phrase(toks, i)
        if toks[j] in {"weigh", "weighs"}:
            return AnswerType.QUANTITY, _noun_phrase(toks, i)
    return None


def _typed_phrase(toks: list[str], i: int) -> tuple[AnswerType, str | None] | None:
    """The type and focus read from the head (last word) of the noun phrase at `i`, if it names a type."""
    phrase, end = _phrase_at(toks, i, allow_of=False, verbs=True)
    if (
        end < len(toks) and _kind_of(toks[end]) and toks[end] not in {"share", "shares"}
    ):  # "the fare cost", "the contracts worth": a type, not a verb
        phrase, end = [*phrase, toks[end]], end + 1
    if len(phrase) > 1 and phrase[-1] in TRANSPARENT_HEADS and _kind_of(phrase[-2]):
        phrase = phrase[:-1]  # "the age difference", "the speed limit": the type is the modifier's
    kind = _kind_of(phrase[-1]) if phrase else None
    if kind is None:
        return None
    word, modifier = phrase[-1], (phrase[-2] if len(phrase) > 1 else "")
    if word == "rate" and modifier == "exchange":
        kind = AnswerType.MONEY
    if word in {"number", "numbers"} and modifier in CODE_NUMBERS:
        return None  # "the phone number"
    takes = {"take", "takes", "took"} & set(toks[end:])
    if word in {"time", "period"} and (modifier in SPAN_MODIFIERS or takes):
        kind = AnswerType.DURATION  # "the gestation period", "the time it takes"
    if kind not in FIGURE_KINDS:
        return kind, " ".join(phrase)
    if end < len(toks) and toks[end] == "of" and word not in {"population"}:
        of = _noun_phrase(toks, end + 1)  # "the value of the contracts" is about the contracts
        return _of_kind(kind, word, of), of
    if kind is AnswerType.DATE:
        return kind, _subject(toks, end)
    if word == "worth":  # "what were the contracts worth"
        return kind, " ".join(phrase[:-1]) or None
    return kind, " ".join(phrase)


def _of_kind(kind: AnswerType, word: str, of: str | None) -> AnswerType:
    """'the size of the endowment' asks for money; 'the amount of time' for a duration."""
    head = (of or "").split()[-1:] or [""]
    if head[0] in MONEY_WORDS and kind in (AnswerType.QUANTITY, AnswerType.COUNT):
        return AnswerType.MONEY
    if word != "amount":
        return kind
    if head[0] in MONEY_WORDS:
        return AnswerType.MONEY  # "the amount of money"
    if head[0] in TIME_NOUNS:
        return AnswerType.DURATION
    return AnswerType.QUANTITY if head[0] in MATERIALS else AnswerType.COUNT


def _kind_of(word: str) -> AnswerType | None:
    """The answer type that a noun names ('year' → date, 'company' → organisation), if any."""
    for lists in (TYPE_NOUNS, MORE_TYPE_NOUNS):
        for kind, nouns in lists.items():
            if word in nouns or (word.endswith("s") and word[:-1] in nouns):
                return kind
    return None


def _find(toks: list[str], word: str) -> int | None:
    """Index of the first occurrence of a word, or None."""
    return toks.index(word) if word in toks else None


def _noun_phrase(toks: list[str], start: int, allow_of: bool = False, verbs: bool = True) -> str | None:
    """Up to four content words from `start`, stopping at a function word or (if `verbs`) a verb."""
    return " ".join(_phrase_at(toks, start, allow_of, verbs)[0]) or None


def _phrase_at(toks: list[str], start: int, allow_of: bool, verbs: bool) -> tuple[list[str], int]:
    """The words of the noun phrase at `start` and the index just after it."""
    out: list[str] = []
    i = start
    while i < len(toks) and toks[i] in LEADING:
        i += 1
    while i < len(toks) and len(out) < 4:
        word = toks[i]
        if allow_of and word == "of" and out and canonical_unit(out[-1]) in UNITS | TIME_NOUNS | SHARES:
            out.append(word)  # "tons of goods"
        elif word in STOP_WORDS or word in QUESTION_WORDS or word in AUX or word[0].isdigit():
            break
        elif verbs and out and (_is_verb(word) or (word in {"share", "shares"} and out[-1].endswith("s"))):
            break  # "students trained at", "people live in", "two countries share"
        elif word in {"today", "now", "currently", "nowadays"}:
            break
        else:
            out.append(word)
        i += 1
    while out and out[-1] == "of":
        out.pop()
        i -= 1
    return out, i


def _subject(toks: list[str], start: int) -> str | None:
    """The noun phrase after the auxiliary: 'the memorandum' in 'when was the memorandum signed'."""
    i = start
    while i < len(toks) and toks[i] in AUX:
        i += 1
    if i == start and i < len(toks) and _is_verb(toks[i]):
        i += 1  # "who founded the Black Panthers": the subject asked about follows the verb
    phrase, after = _phrase_at(toks, i, allow_of=False, verbs=True)
    ends = after >= len(toks) or toks[after] in STOP_WORDS
    if i > start and toks[i - 1] in DO and len(phrase) > 1 and ends:
        phrase.pop()  # "when did the comet approach the earth": the last word is the verb
    return " ".join(phrase) or None


def _is_verb(word: str) -> bool:
    """A known verb, or a word in -ed/-ing."""
    return word in VERBS or (word.endswith(("ed", "ing")) and len(word) > 4)


_FIGURE_WORDS = {
    AnswerType.COUNT: "number", AnswerType.MONEY: "amount", AnswerType.PERCENT: "share or rate",
    AnswerType.DATE: "date", AnswerType.DURATION: "length of time", AnswerType.QUANTITY: "figure",
}  # fmt: skip


def no_figure_reason(analysis: QuestionAnalysis) -> str:
    """What to say when the articles discuss the question but give no figure of its kind for it."""
    word = _FIGURE_WORDS.get(analysis.answer_type, "figure")
    topic = analysis.focus if analysis.focus and analysis.focus.split()[-1] not in ALL_TYPE_NOUNS else None
    named = " and ".join(name.text for name in find_names(analysis.text)[:2])
    topic = topic or named or " ".join(analysis.content_words[:3]) or "this"
    return f"The articles discuss {topic} but give no {word} for it."


def is_unit(word: str) -> bool:
    """Whether a word names a measurement unit ('kgs', 'miles', 'km', 'megawatts')."""
    return canonical_unit(word) in UNITS


def echoes_question(figure: Figure, question_numbers: frozenset[str] | set[str]) -> bool:
    """Whether the figure only restates numbers the question gives ('in 2024'): context, not the answer."""
    stated = {w for w in words(figure.text) if w[0].isdigit()}
    return bool(question_numbers) and bool(stated) and stated <= question_numbers


def type_matches(expected: AnswerType, figure: Figure) -> float:
    """How well a figure's kind fits the expected answer type: 1 exact, partial for near kinds, else 0."""
    if expected not in FIGURE_KINDS:
        return 0.0
    if figure.kind is expected:
        return 1.0
    return NEAR.get((expected, figure.kind), 0.0)


def noun_overlap(focus: str | None, figure: Figure) -> float:
    """Share (0..1) of the focus noun's stemmed words found in the figure's counted noun or unit."""
    wanted = _terms(focus or "")
    if not wanted:
        return 0.0
    return len(wanted & _terms(" ".join(filter(None, (figure.noun, figure.unit))))) / len(wanted)


@lru_cache(maxsize=16_384)
def _terms(text: str) -> frozenset[str]:
    """Stemmed content words, unit spellings folded together ('MW' and 'megawatts', 'tonnes' and 'tons')."""
    return frozenset(stem(canonical_unit(w)) for w in words(text) if w not in STOP_WORDS)
