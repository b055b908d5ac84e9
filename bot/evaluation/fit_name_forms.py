"""Writing bot/answer/name_forms.txt and name_aliases.txt from WordNet 3.0: proper adjectives and the names
they pertain to, and the names that WordNet gives one organisation or place beside its acronym.

Run (WordNet 3.0 in /usr/share/wordnet, `apt-get install wordnet-base`):
`python -m bot.evaluation.fit_name_forms /usr/share/wordnet`
name_forms.txt has one line per adjective: 'german<TAB>germany' (WordNet's pertainym pointers, word to
word, single words only); name_aliases.txt one line per synset: 'United Nations|UN'.
`bot.answer.name_forms` reads both files.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from bot.answer import NAME_ALIASES_FILE, NAME_FORMS_FILE
from bot.evaluation.wordnet import NOTICE, read_name_aliases, read_name_forms


def write_name_forms(forms: dict[str, set[str]], path: Path = NAME_FORMS_FILE) -> int:
    """The forms as text, 'adjective<TAB>noun noun' sorted, without a word's own form; lines written."""
    lines = [f"{a}\t{' '.join(sorted(ns - {a}))}" for a, ns in sorted(forms.items()) if ns - {a}]
    path.write_text("\n".join([f"# {NOTICE}", *lines]) + "\n", encoding="utf-8")
    return len(lines)


def write_name_aliases(groups: list[list[str]], path: Path = NAME_ALIASES_FILE) -> int:
    """The alias groups as text, one 'name|name|...' line each, sorted; lines written."""
    lines = sorted({"|".join(g) for g in groups if len(g) > 1 and not any("|" in n for n in g)})
    path.write_text("\n".join([f"# {NOTICE}", *lines]) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Read WordNet's nouns and adjectives from the folder given and write the shipped name files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="WordNet 3.0's dict folder (/usr/share/wordnet)")
    args = parser.parse_args(argv)
    print(f"{write_name_forms(read_name_forms(args.wordnet)):,} adjectives -> {NAME_FORMS_FILE}")
    print(f"{write_name_aliases(read_name_aliases(args.wordnet)):,} alias groups -> {NAME_ALIASES_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
