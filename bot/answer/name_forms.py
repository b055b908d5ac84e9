"""The other forms of a name: a country and its adjective ('Germany', 'German'), so that an article that
says "the German invasion" names Germany.

The pairs are WordNet 3.0's pertainyms of proper adjectives (`name_forms.txt`, written by
`python -m bot.evaluation.fit_name_forms /usr/share/wordnet`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.ingest import stem

NAME_FORMS_FILE = Path(__file__).with_name("name_forms.txt")


@lru_cache(maxsize=1)
def _forms(path: Path = NAME_FORMS_FILE) -> dict[str, frozenset[str]]:
    """Each word of the file with the words it pairs with, both ways (empty when the file is missing)."""
    if not path.is_file():
        return {}
    pairs: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            adjective, nouns = line.split("\t")
            for noun in nouns.split():
                pairs.setdefault(adjective, set()).add(noun)
                pairs.setdefault(noun, set()).add(adjective)
    return {word: frozenset(others) for word, others in pairs.items()}


def other_forms(word: str) -> frozenset[str]:
    """The search stems of a name word's other forms: 'Germany' -> {'german'}, 'Israelis' -> {'israel'}."""
    forms = _forms()
    low = word.lower()
    found = forms.get(low) or (forms.get(low[:-1], frozenset()) if low.endswith("s") else frozenset())
    return frozenset(stem(w) for w in found)
