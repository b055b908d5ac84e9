"""Words the question misspells, read as the articles spell them.

- A capitalised word that no sentence holds, one edit away from a word the articles do hold ('Melanchhon'
  for 'Melanchthon', 'ARPNET' for 'ARPANET'), is read as that word.
- So is a lower-case word, when it is not an English word either ('statoins' for 'stations',
  'uzbektelcom' for 'Uzbektelecom'): a real word that the articles lack ('mariners' where they say
  'marines') asks about something else and is left as typed. The English words are those of the sentence
  model's WordPiece vocabulary (when it is installed) and the nouns of the shipped WordNet lexicon, with
  their plain inflections.

Short words are left alone, where one letter makes another word ('Perry' and 'Kerry', 'Obama' and
'Osama'): a letter changed only in words of SUBSTITUTE_MIN letters or more, a letter added or dropped in
words of CHANGE_MIN or more, two letters swapped in words of SWAP_MIN or more.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from string import ascii_lowercase

from bot.answer.name_forms import other_forms
from bot.answer.question_types import type_model
from bot.answer.semantic import model_folder
from bot.ingest import SPELLINGS, stem
from bot.search import SearchIndex

SUBSTITUTE_MIN = 7
CHANGE_MIN = 6
SWAP_MIN = 5
_WORD = re.compile(r"(?<![\w'-])(?:[A-Z][A-Za-z]+|[a-z]+)(?![\w'-])")


def respelled(question: str, index: SearchIndex) -> str:
    """The question with each misspelt word spelt as the articles spell it: a name (not the question's
    first word), or a lower-case word that is not English."""
    out, last = [], 0
    for m in _WORD.finditer(question):
        word = m.group()
        if word[0].isupper() and m.start() == 0:
            continue
        if word.islower() and is_english(word):
            continue
        fixed = _respelled(word, index)
        if fixed != m.group():
            out += [question[last : m.start()], fixed]
            last = m.end()
    return "".join(out) + question[last:] if out else question


def _respelled(word: str, index: SearchIndex) -> str:
    """A word as the articles spell it, when it is one edit from words they hold (the most frequent of those
    wins), else the word as given. A name's edits are of its stem; a lower-case word's are of the word, then
    stemmed ('deliverd' is one letter from 'delivered', whose stem is not one letter from its own)."""
    low = word.lower()
    token = stem(low)
    if len(low) < SWAP_MIN or index.engine.df(token):
        return word
    if word.islower():
        # An English word the articles hold wins, then the most frequent, then the first in _edits' order:
        # 'deliverd' is 'delivered' (a letter put back), not 'deliver' or 'delivers'. Another edit must
        # keep nearly all of its letters in its stem, as a name does ('uzbektelecom'): 'reformilate' is not
        # 'reformicate', which stems to 'reform'.
        def rank(e: str) -> tuple[bool, bool, int]:
            token = stem(e)
            df = index.engine.df(token)
            english = df > 0 and is_english(e)
            return df > 0 and (english or len(token) >= len(e) - 2), english, df

        best = max(_edits(low, stray=False), key=rank, default=word)
        return best if rank(best)[0] else word
    if not low.startswith(token) or any(index.engine.df(form) for form in other_forms(word)):
        return word  # other_forms: 'Germans' for Germany is named, not misspelt
    known = sorted(((index.engine.df(e), e) for e in set(_edits(token))), reverse=True)
    if not known or not known[0][0]:
        return word
    spelt = known[0][1] + low[len(token) :]
    return spelt.upper() if word.isupper() else spelt[0].upper() + spelt[1:]


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English words known here: the sentence model's whole-word WordPiece tokens (when the model is
    installed), the lexicon's nouns and the British spellings that are read as American ones."""
    model = type_model()
    known = set(model.lexicon) if model is not None else set()
    known.update(SPELLINGS)
    folder = model_folder()
    if folder is not None:
        try:
            vocab = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
            known.update(w for w in vocab if w.isalpha() and w.islower())
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a broken model folder leaves the lexicon's nouns; the encoder reports the damage itself
    return frozenset(known)


# Inflections taken off a word to find it in english_words(): 'trained' -> 'train', 'cities' -> 'city'.
_ENDINGS = (
    ("s", ""),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ies", "y"),
    ("ied", "y"),
)


def is_english(word: str) -> bool:
    """Whether a lower-case word, or it without a plain inflection, is a known English word."""
    known = english_words()
    return word in known or any(
        word.endswith(end) and word[: -len(end)] + base in known for end, base in _ENDINGS
    )


def _edits(word: str, stray: bool = True) -> Iterator[str]:
    """The words one edit from `word` that its length allows (see the module docstring), the likelier typos
    first: two letters swapped, one dropped, one doubled or stray, one changed. Without `stray`, a letter
    is taken out only where it is doubled ('playeed'), so a real name ('lemans') is not cut to a word."""
    n = len(word)
    splits = [(word[:i], word[i:]) for i in range(n + 1)]
    if n >= SWAP_MIN:
        yield from (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    if n >= CHANGE_MIN:
        yield from (a + c + b for a, b in splits for c in ascii_lowercase)  # a dropped letter put back
        yield from (a + b[1:] for a, b in splits if b and (stray or a[-1:] == b[0]))
    if n >= SUBSTITUTE_MIN:
        yield from (a + c + b[1:] for a, b in splits if b for c in ascii_lowercase if c != b[0])
