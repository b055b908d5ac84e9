"""How rare a word is in English at large, for a collection too small to tell by its own IDF.

In an index of a few sentences a question word that no sentence holds weighs as if it were the rarest of
words, though it may be as common as 'take' or 'place'. The counts are WordNet 3.0's SemCor sense tags
(`word_counts.txt.gz`, written by `python -m bot.evaluation.fit_word_counts /usr/share/wordnet`).
"""

from __future__ import annotations

import gzip
import math
from functools import lru_cache
from pathlib import Path

WORD_COUNTS_FILE = Path(__file__).with_name("word_counts.txt.gz")
# The rarity is the IDF a word would have in an archive of REFERENCE_SENTENCES sentences of
# WORDS_PER_SENTENCE words each, over that archive's largest IDF.
REFERENCE_SENTENCES = 1_000_000
WORDS_PER_SENTENCE = 20


@lru_cache(maxsize=1)
def _counts(path: Path = WORD_COUNTS_FILE) -> tuple[dict[str, int], int]:
    """The tag count of each search token and the total of all tags (empty when the file is missing)."""
    if not path.is_file():
        return {}, 0
    counts: dict[str, int] = {}
    total = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#total\t"):
                total = int(line.split("\t")[1])
            elif not line.startswith("#"):
                token, count = line.rstrip("\n").split("\t")
                counts[token] = int(count)
    return counts, total


def english_rarity(token: str) -> float:
    """A search token's rarity in English, 0 (in every sentence) to 1 (a word SemCor never tagged): the
    log of the sentences per sentence holding it, as a share of the log of a million sentences."""
    counts, total = _counts()
    count = counts.get(token, 0)
    if not count or not total:
        return 1.0
    share = min(count * WORDS_PER_SENTENCE / total, 1.0)
    return min(max(-math.log(share) / math.log(REFERENCE_SENTENCES), 0.0), 1.0)
