"""Writing bot/answer/name_forms.txt: proper adjectives and the names they pertain to, from WordNet 3.0.

Run (WordNet 3.0 in /usr/share/wordnet, `apt-get install wordnet-base`):
`python -m bot.evaluation.fit_name_forms /usr/share/wordnet`
One line per adjective: 'german<TAB>germany' (WordNet's pertainym pointers, word to word, single words
only). `bot.answer.name_forms` reads the file.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from bot.answer import NAME_FORMS_FILE
from bot.evaluation.wordnet import NOTICE, read_name_forms


def write_name_forms(forms: dict[str, set[str]], path: Path = NAME_FORMS_FILE) -> int:
    """The forms as text, 'adjective<TAB>noun noun' sorted, without a word's own form; lines written."""
    lines = [f"{a}\t{' '.join(sorted(ns - {a}))}" for a, ns in sorted(forms.items()) if ns - {a}]
    path.write_text("\n".join([f"# {NOTICE}", *lines]) + "\n", encoding="utf-8")
    return len(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Read WordNet's adjectives and nouns from the folder given and write the shipped name forms."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="WordNet 3.0's dict folder (/usr/share/wordnet)")
    args = parser.parse_args(argv)
    print(f"{write_name_forms(read_name_forms(args.wordnet)):,} adjectives -> {NAME_FORMS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
