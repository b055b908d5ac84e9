"""Words typed run together ('basestations', 'datacentres'): split where the archive writes both halves.

A question's word that no sentence of the archive holds is read as two words when it splits into two
that some sentence of the archive writes one after the other, each at least MIN_PART letters; of several
splits, the one whose rarer half is the more common wins (the likelier reading). A word the archive holds
is never split, nor an English noun (the shipped WordNet lexicon's: 'governorships' is not 'governor
ships'), nor one whose halves no sentence writes as a phrase: 'bluesky' against an archive that writes
'Sky' and 'blue broadband' is a word the archive lacks, and so a sign that it does not hold the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.answer.question_features import lex_tags
from bot.answer.question_types import type_model
from bot.ingest import STOP_WORDS, tokenize

MIN_PART = 3
_LETTERS = re.compile(r"[^\W\d_]{6,}")


def split_compounds(text: str, df: Callable[[str], int], together: Callable[[str, str], bool]) -> str:
    """The text with each run-together word the archive lacks written as its two words (`df`: in how
    many sentences the archive holds a search token; `together`: whether a sentence writes the two
    one after the other)."""

    def split(m: re.Match[str]) -> str:
        word = m.group()
        tokens = tokenize(word)
        if not tokens or any(df(t) for t in tokens) or _is_noun(word.lower()):
            return word
        best: tuple[int, str] | None = None
        for at in range(MIN_PART, len(word) - MIN_PART + 1):
            left, right = word[:at], word[at:]
            if left.lower() in STOP_WORDS or right.lower() in STOP_WORDS:
                continue
            parts = tokenize(left) + tokenize(right)
            if len(parts) != 2:
                continue
            support = min(df(t) for t in parts)
            if support and (best is None or support > best[0]) and together(*parts):
                best = (support, f"{left} {right}")
        return best[1] if best else word

    return _LETTERS.sub(split, text)


def _is_noun(word: str) -> bool:
    """Whether the shipped lexicon knows the word (or its singular) as a WordNet noun."""
    model = type_model()
    return model is not None and bool(lex_tags(word, model.lexicon))
