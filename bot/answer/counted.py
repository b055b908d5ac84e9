"""Whether a count answers a 'how many' question, or counts another thing the sentence names beside it.

"Companies from both countries signed 12 contracts" names companies but counts contracts: it does not say
how many companies. Only that case is refused: a sentence that does not name the asked noun may count it
by another word ("3,000 soldiers" for troops, "12,000 cars" for units), so it passes. Nor is a count
refused when its noun is of the asked noun's kind: the same WordNet class (lexicographer file, from the
shipped question lexicon: 'victims' and 'children' are both persons), or a word any count may use.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer.question_features import lex_tags
from bot.answer.question_text import singular
from bot.answer.question_types import type_model
from bot.answer.question_words import ANY_COUNTED, CLASSIFIER_NOUNS, VERBS
from bot.ingest import STOP_WORDS, stem
from bot.models import AnswerType, Figure, QuestionAnalysis

_WORD = re.compile(r"\w+(?:[-']\w+)*")


def counted_words(analysis: QuestionAnalysis) -> tuple[str, ...]:
    """The words that may name what a 'how many' question counts: the words of its focus, typed in lower
    case (not names), that the lexicon knows as nouns ('companies' in 'how many Chinese companies
    operate'). Empty when anything may be counted ('how many people', 'how many times', 'how many types
    of ...')."""
    if analysis.answer_type is not AnswerType.COUNT or not analysis.focus:
        return ()
    phrase = analysis.focus.split(" of ")[0].split()
    if any(w in ANY_COUNTED or w in CLASSIFIER_NOUNS for w in phrase):
        return ()
    typed = set(_WORD.findall(analysis.text))
    return tuple(w for w in phrase if w in typed and w not in STOP_WORDS and w not in VERBS and _classes(w))


def other_count(
    asked: Sequence[str], figure: Figure | None, sentence: Sequence[str], strict: bool = False
) -> tuple[str, str] | None:
    """For a count of another thing than asked, beside the asked noun in its sentence (search tokens
    `sentence`), that thing ('contracts') and the asked noun it stands beside ('companies'); else None.
    `strict`: whether or not the sentence names the asked noun (once a better sentence showed that the
    articles name it without counting it)."""
    if not asked or figure is None or figure.kind is not AnswerType.COUNT or not figure.noun:
        return None
    # The counted noun's common words: a name in it ('Model 3s', 'Uzbek students') says nothing of its kind.
    given = [w.lower() for w in _WORD.findall(figure.noun) if w.islower() and w not in STOP_WORDS]
    wanted = {stem(w) for w in asked}
    if not given or any(w in ANY_COUNTED for w in given) or stem(given[-1]) in wanted:
        return None  # what a count counts is its noun's head: '27,000 mobile base stations' counts stations
    tokens, shared = set(sentence), {stem(w) for w in given}
    # the asked words the sentence names, other than those the counted noun shares ('mobile' operators)
    beside = [w for w in asked if (strict or stem(w) in tokens) and stem(w) not in shared]
    theirs = frozenset().union(*(_classes(w) for w in given if stem(w) not in wanted))
    if not beside or not theirs or any(_classes(w) & theirs for w in beside):
        return None
    return figure.noun, beside[0]


def _classes(word: str) -> frozenset[str]:
    """The WordNet lexicographer classes of a noun's senses ('person', 'group', 'communication'), with its
    singular's: WordNet gives some plurals a sense of their own ('tears' as weeping, beside 'tear')."""
    model = type_model()
    lexicon = model.lexicon if model is not None else {}
    forms = {word, singular(word)} if word.endswith("s") else {word}
    return frozenset(t[2:] for form in forms for t in lex_tags(form, lexicon) if t[:2] in ("L:", "A:"))
