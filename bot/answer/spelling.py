"""Names the question misspells: a capitalised word that no sentence holds, one edit away from a word the
articles do hold ('Melanchhon' for 'Melanchthon', 'ARPNET' for 'ARPANET'), is read as that word.

Short names are left alone, where one letter makes another name ('Perry' and 'Kerry', 'Obama' and
'Osama'): a letter changed only in names of SUBSTITUTE_MIN letters or more, a letter added or dropped in
names of CHANGE_MIN or more, two letters swapped in names of SWAP_MIN or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from string import ascii_lowercase

from bot.answer.name_forms import other_forms
from bot.ingest import stem
from bot.search import SearchIndex

SUBSTITUTE_MIN = 7
CHANGE_MIN = 6
SWAP_MIN = 5
_WORD = re.compile(r"\b[A-Z][A-Za-z]+\b")


def respelled(question: str, index: SearchIndex) -> str:
    """The question with each misspelt name (not its first word) spelt as the articles spell it."""
    out, last = [], 0
    for m in _WORD.finditer(question):
        if m.start() == 0:
            continue
        fixed = _respelled(m.group(), index)
        if fixed != m.group():
            out += [question[last : m.start()], fixed]
            last = m.end()
    return "".join(out) + question[last:] if out else question


def _respelled(word: str, index: SearchIndex) -> str:
    """A name as the articles spell it, when it is one edit from exactly the stems they hold (the most
    frequent of those wins), else the name as given."""
    low = word.lower()
    token = stem(low)
    if len(low) < SWAP_MIN or not low.startswith(token) or index.engine.df(token):
        return word
    if any(index.engine.df(form) for form in other_forms(word)):  # 'Germans' for Germany: named
        return word
    known = sorted(((index.engine.df(e), e) for e in set(_edits(token))), reverse=True)
    if not known or not known[0][0]:
        return word
    spelt = known[0][1] + low[len(token) :]
    return spelt.upper() if word.isupper() else spelt[0].upper() + spelt[1:]


def _edits(word: str) -> Iterator[str]:
    """The words one edit from `word` that its length allows (see the module docstring)."""
    n = len(word)
    splits = [(word[:i], word[i:]) for i in range(n + 1)]
    if n >= SWAP_MIN:
        yield from (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    if n >= CHANGE_MIN:
        yield from (a + b[1:] for a, b in splits if b)
        yield from (a + c + b for a, b in splits for c in ascii_lowercase)
    if n >= SUBSTITUTE_MIN:
        yield from (a + c + b[1:] for a, b in splits if b for c in ascii_lowercase if c != b[0])
