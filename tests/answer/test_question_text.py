"""bot/answer/question_text.py: the keyword typo search (repairs themselves: test_question_types.py) and
the conversational wrapping taken off a question."""

from __future__ import annotations

import random
import string

import pytest

from bot.answer.question_text import KEYWORDS, WH, _nearest_keywords, key_distance, without_chatter


def _exhaustive(tok: str) -> tuple[str, ...]:
    """The nearest keywords by key_distance over every keyword, with no pruning."""
    bound = 1.0001 if len(tok) < 7 else 2.0001
    dists = {
        kw: key_distance(tok, kw)
        for kw in KEYWORDS
        if abs(len(kw) - len(tok)) <= 2 and (len(tok) != 2 or kw in WH)
    }
    best = min((d for d in dists.values() if d < bound), default=None)
    return () if best is None else tuple(kw for kw, d in dists.items() if abs(d - best) < 1e-9)


def _misspelt(rng: random.Random) -> str:
    """A keyword with one to three random insertions, deletions, substitutions or swaps."""
    word = list(rng.choice(KEYWORDS))
    for _ in range(rng.randint(1, 3)):
        op, i = rng.randrange(4), rng.randrange(len(word))
        if op == 0:
            word.insert(i, rng.choice(string.ascii_lowercase))
        elif op == 1 and len(word) > 1:
            word.pop(i)
        elif op == 2:
            word[i] = rng.choice(string.ascii_lowercase)
        elif i + 1 < len(word):
            word[i], word[i + 1] = word[i + 1], word[i]
    return "".join(word)


def test_pruned_keyword_search_equals_the_exhaustive_one() -> None:
    rng = random.Random(7)
    toks = {_misspelt(rng) for _ in range(3000)} | {"uzbektelecom", "stations", "hwo", "mnay", "waht", "ab"}
    toks |= {
        "whaté",
        "wé",
        "ñumber",
        "populaçion",
        "percentageabcdef",
        "proportionproportion",
    }  # odd letters, long
    found = {tok: _nearest_keywords(tok) for tok in toks}
    assert found == {tok: _exhaustive(tok) for tok in toks}
    assert sum(bool(v) for v in found.values()) > 1000  # the sample does reach the repair


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("hey, can you tell me how many base stations were built?", "how many base stations were built?"),
        ("Hi! How many base stations?", "How many base stations?"),
        ("Could you please tell me when the memorandum was signed", "when the memorandum was signed"),
        ("do you know who signed it?", "who signed it?"),
        ("I'd like to know the value of the contracts, please", "the value of the contracts"),
        ("how many base stations, thanks!", "how many base stations"),
        ("So, what was the GDP?", "what was the GDP?"),
        ("thanks! and what about Mobitel?", "and what about Mobitel?"),
        ("Thanks to whom did it win?", "Thanks to whom did it win?"),
        ("Well-known firms: how many?", "Well-known firms: how many?"),  # a word, not a greeting
        ("tell me about the number of base stations", "the number of base stations"),
        ("What can you tell me about the contracts?", "the contracts?"),
        ("do you know about the deal", "the deal"),
        ("about the deal", "about the deal"),  # no wrapping before it
        ("Tell me", "Tell me"),  # nothing would be left
        ("What did the show tell them?", "What did the show tell them?"),
    ],
)
def test_greetings_and_please_are_taken_off_and_the_question_kept(typed: str, asked: str) -> None:
    assert without_chatter(typed) == asked
