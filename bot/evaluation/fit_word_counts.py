"""Writing bot/answer/word_counts.txt.gz: how often SemCor tagged each search token, from WordNet 3.0.

Run (WordNet 3.0 in /usr/share/wordnet, `apt-get install wordnet-base`):
`python -m bot.evaluation.fit_word_counts /usr/share/wordnet`
Each lemma of cntlist.rev (single words only) is stemmed as the tokenizer stems it and its tag counts are
summed per stem; an irregular form ('took') counts as its base ('take'). The line '#total' after the notice
holds the total of the tag counts. `bot.answer.word_rarity` reads the file.
"""

from __future__ import annotations

import argparse
import gzip
from collections.abc import Sequence
from pathlib import Path

from bot.answer import WORD_COUNTS_FILE
from bot.evaluation.wordnet import NOTICE, read_counts
from bot.ingest import STOP_WORDS, stem


def stem_counts(counts: dict[str, int]) -> dict[str, int]:
    """Tag counts per search token: summed over the lemmas that stem alike; stop words left out."""
    out: dict[str, int] = {}
    for word, count in counts.items():
        if word not in STOP_WORDS:
            token = stem(word)
            out[token] = out.get(token, 0) + count
    return out


def write_counts(counts: dict[str, int], total: int, path: Path = WORD_COUNTS_FILE) -> None:
    """The counts as gzipped text, 'token<TAB>count' sorted by token, the same bytes every run."""
    lines = [f"# {NOTICE}", f"#total\t{total}"] + [f"{t}\t{n}" for t, n in sorted(counts.items())]
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Read WordNet's cntlist.rev from the folder given and write the shipped counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="WordNet 3.0's dict folder (/usr/share/wordnet)")
    args = parser.parse_args(argv)
    total = sum(
        int(line.split()[2]) for line in (args.wordnet / "cntlist.rev").read_text("latin-1").splitlines()
    )
    counts = stem_counts(read_counts(args.wordnet))
    write_counts(counts, total)
    print(f"{len(counts):,} tokens, {total:,} tags -> {WORD_COUNTS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
