"""The other forms of a name: a country and its adjective ('Germany', 'German'), so that an article that
says "the German invasion" names Germany; and its other names ('UN' and 'United Nations', 'UK' and
'Britain'), so that an article that spells out what the question abbreviates names it too.

The pairs are WordNet 3.0's pertainyms of proper adjectives (`name_forms.txt`), the other names the
groups of names WordNet gives an organisation or a place beside its acronym (`name_aliases.txt`); both
are written by `python -m bot.evaluation.fit_name_forms /usr/share/wordnet`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.ingest import stem, tokenize

NAME_FORMS_FILE = Path(__file__).with_name("name_forms.txt")
NAME_ALIASES_FILE = Path(__file__).with_name("name_aliases.txt")


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


def _key(name: str) -> str:
    """A name as looked up among the aliases: without full stops, its words single-spaced ('U.S.' = 'US')."""
    return " ".join(name.replace(".", "").split())


@lru_cache(maxsize=1)
def _aliases(path: Path = NAME_ALIASES_FILE) -> dict[str, tuple[frozenset[str], ...]]:
    """Each name of the file with the search stems of its other names, one set per name (empty when the
    file is missing)."""
    if not path.is_file():
        return {}
    others: dict[str, dict[str, None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            names = list(dict.fromkeys(_key(n) for n in line.split("|")))
            for name in names:
                others.setdefault(name, {}).update(dict.fromkeys(n for n in names if n != name))
    return {
        name: tuple(dict.fromkeys(st for n in alts if (st := frozenset(tokenize(n)))))
        for name, alts in others.items()
    }


def aliases(name: str) -> tuple[frozenset[str], ...]:
    """The search stems of each other name of a name, as written (case counts: 'US', not 'us'): 'UN' ->
    ({'unit', 'nation'},); none for a name WordNet does not give with an acronym."""
    return _aliases().get(_key(name), ())
