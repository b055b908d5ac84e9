"""Whether a count answers a 'how many' question: it counts what was asked, or something of its kind.

"Companies from both countries signed 12 contracts" does not say how many companies. A count answers when
its counted noun is the one asked, a word any count may use ('people'), or a noun of the same WordNet
class (its lexicographer file: 'victims' and 'children' are both persons, 'academies' and
'organizations' both groups); the class comes from the shipped question lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.answer.question_features import lex_tags
from bot.answer.question_text import singular
from bot.answer.question_types import type_model
from bot.answer.question_words import ANY_COUNTED, CLASSIFIER_NOUNS, VERBS
from bot.ingest import STOP_WORDS, stem
from bot.models import AnswerType, Figure, QuestionAnalysis


def counted_words(analysis: QuestionAnalysis) -> tuple[str, ...]:
    """The words that may name what a 'how many' question counts ('companies' in 'how many Chinese
    companies operate'): the lower-case words of its focus that the lexicon knows as nouns; none when
    anything may be counted ('how many people', 'how many types of ...') or no word is known."""
    if analysis.answer_type is not AnswerType.COUNT or not analysis.focus:
        return ()
    phrase = analysis.focus.split(" of ")[0].split()
    if any(w in ANY_COUNTED or w in CLASSIFIER_NOUNS for w in phrase):
        return ()
    typed = set(re.findall(r"[\w'-]+", analysis.text))
    return tuple(w for w in phrase if w in typed and w not in STOP_WORDS and w not in VERBS and _classes(w))


def other_count(asked: tuple[str, ...], figure: Figure | None) -> str | None:
    """The noun a count gives instead of the one asked ('contracts' for companies), if it gives another:
    none of its words is a word asked, a word any count may use, or a noun of the same class as one.
    A word the lexicon lacks is given the benefit of the doubt."""
    if not asked or figure is None or figure.kind is not AnswerType.COUNT or not figure.noun:
        return None
    given = [w for w in figure.noun.lower().split() if w not in STOP_WORDS]
    stems = {stem(w) for w in asked}
    if not given or any(w in ANY_COUNTED or stem(w) in stems for w in given):
        return None
    classes = [_classes(w) for w in given]
    if not all(classes):
        return None
    mine = frozenset().union(*(_classes(w) for w in asked))
    return None if any(c & mine for c in classes) else figure.noun


def _classes(word: str, lexicon: Mapping[str, str] | None = None) -> frozenset[str]:
    """The WordNet lexicographer classes of a noun's senses ('person', 'group', 'communication'), with its
    singular's: WordNet gives some plurals a sense of their own ('tears' as weeping, beside 'tear')."""
    if lexicon is None:
        model = type_model()
        lexicon = model.lexicon if model is not None else {}
    forms = {word, singular(word)} if word.endswith("s") else {word}
    return frozenset(t[2:] for form in forms for t in lex_tags(form, lexicon) if t[:2] in ("L:", "A:"))
