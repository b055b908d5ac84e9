"""A seeded, news-like synthetic corpus for the engine benchmark: token ids, texts and questions.

Words follow a Zipf law (s = 1) over ~300k ranks. The head mixes English stop words with common content
words, as news text does ("the", "of", "said", "year", ...); the tokenizer drops the stop words, so the
engines see content tokens only, as factbot's do. About 30% of sentences carry a figure ("27,000 ...",
"USD 700 million", "12.5 percent", a year). Same seed, same corpus, on any machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.ingest import STOP_WORDS

VOCAB_SIZE = 300_000
ZIPF_S = 1.0
MIN_LEN, MAX_LEN = 8, 40
FIGURE_SHARE = 0.3
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["sha", "shi", "cho", "ya", "wa", "ye"]
_SCALES = ["thousand", "million", "billion"]
_DRAW_CHUNK = 1 << 24


@dataclass(frozen=True)
class Corpus:
    """Content tokens per sentence (ids into vocab), the words of each rank, and stop-word ranks."""

    terms: np.ndarray  # int32, content tokens of all sentences, concatenated
    lengths: np.ndarray  # int32, content tokens per sentence
    vocab: list[str]  # token id → token (words, then figure tokens)
    n_words: int  # ids below this are words; above are figure tokens (numbers, "usd", ...)

    @property
    def n_docs(self) -> int:
        """Sentences."""
        return len(self.lengths)

    def docs(self) -> list[list[str]]:
        """The sentences as lists of token strings (what rank_bm25 and bm25s are fed)."""
        return [doc for chunk in self.chunks() for doc in chunk]

    def chunks(self, size: int = 100_000) -> Iterator[list[list[str]]]:
        """The sentences as token lists, `size` at a time (a streaming build holds one chunk)."""
        words = np.array(self.vocab, dtype=object)
        bounds = np.concatenate([[0], np.cumsum(self.lengths, dtype=np.int64)])
        for lo in range(0, self.n_docs, size):
            hi = min(lo + size, self.n_docs)
            flat = words[self.terms[bounds[lo] : bounds[hi]]].tolist()
            at = (bounds[lo : hi + 1] - bounds[lo]).tolist()
            yield [flat[at[i] : at[i + 1]] for i in range(hi - lo)]

    def save(self, directory: Path) -> None:
        """Write as plain .npy + JSON, so every engine's subprocess reads identical tokens."""
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "terms.npy", self.terms, allow_pickle=False)
        np.save(directory / "lengths.npy", self.lengths, allow_pickle=False)
        (directory / "vocab.json").write_text(json.dumps({"vocab": self.vocab, "n_words": self.n_words}))

    @classmethod
    def load(cls, directory: Path) -> Corpus:
        """Read what save() wrote."""
        meta = json.loads((directory / "vocab.json").read_text())
        terms = np.load(directory / "terms.npy", mmap_mode="r", allow_pickle=False)
        lengths = np.load(directory / "lengths.npy", allow_pickle=False)
        return cls(terms, lengths, meta["vocab"], meta["n_words"])


def word_list(rng: np.random.Generator, size: int = VOCAB_SIZE) -> tuple[list[str], np.ndarray]:
    """Words by frequency rank, and a mask of the ranks that are stop words (most of the head)."""
    stops = sorted(STOP_WORDS)
    rng.shuffle(stops)
    n_syl = len(_SYLLABLES)
    words: list[str] = []
    for lo, hi, syllables in ((0, 3_000, 2), (3_000, 100_000, 3), (100_000, size, 4)):  # frequent = short
        codes = rng.choice(n_syl**syllables, size=max(0, min(hi, size) - lo), replace=False).tolist()
        words += ["".join(_SYLLABLES[(c // n_syl**j) % n_syl] for j in range(syllables)) for c in codes]
    seen = set(stops)
    for i, word in enumerate(words):
        if word in seen:  # a syllable string that spells a stop word ("mine" is not one, but be safe)
            word = words[i] = f"{word}{i}"
        seen.add(word)
    is_stop = np.zeros(size, bool)
    # Real news: the 10 most frequent words are function words, ~7 in 10 of the next 50, fewer beyond;
    # the most frequent content word ("said") is then in ~15% of sentences, as in news text.
    share = np.select([np.arange(400) < 10, np.arange(400) < 60], [1.0, 0.7], 0.2)
    head = np.flatnonzero(rng.random(400) < share)[: len(stops)]
    is_stop[head] = True
    for rank, stop in zip(head, stops, strict=False):
        words[rank] = stop
    return words, is_stop


def _figures(rng: np.random.Generator, n: int) -> list[tuple[list[str], str]]:
    """n figure phrases: their search tokens and how the text writes them."""
    kinds = rng.integers(0, 4, n)
    nums = rng.integers(1, 1000, n)
    phrases = []
    for kind, num in zip(kinds.tolist(), nums.tolist(), strict=True):
        if kind == 0:
            phrases.append(([str(num * 500)], f"{num * 500:,}"))  # "27,000 <noun>"
        elif kind == 1:
            scale = _SCALES[num % 3]
            phrases.append((["usd", str(num), scale], f"USD {num} {scale}"))
        elif kind == 2:
            pct = f"{num % 100}.{num % 10}"
            phrases.append(([pct, "percent"], f"{pct} percent"))
        else:
            phrases.append(([str(1990 + num % 40)], f"in {1990 + num % 40}"))
    return phrases


@dataclass(frozen=True)
class _Draw:
    """The raw random stream both the token corpus and the article texts are made from."""

    words: list[str]
    is_stop: np.ndarray
    lengths: np.ndarray  # words per sentence, stop words included
    ranks: np.ndarray  # word ranks of all sentences, concatenated
    with_figure: np.ndarray  # sentence numbers that carry a figure
    figures: list[tuple[list[str], str]]


def _draw(n_docs: int, seed: int) -> _Draw:
    """Draw sentence lengths, Zipf word ranks and figure phrases from the seed."""
    rng = np.random.default_rng(seed)
    words, is_stop = word_list(rng)
    cdf = np.cumsum(1.0 / np.arange(1, VOCAB_SIZE + 1) ** ZIPF_S)
    lengths = rng.integers(MIN_LEN, MAX_LEN + 1, n_docs)
    ranks = np.empty(int(lengths.sum()), np.int32)
    for lo in range(0, len(ranks), _DRAW_CHUNK):  # the same stream as one draw, without 16 B a word
        piece = rng.random(min(_DRAW_CHUNK, len(ranks) - lo))
        ranks[lo : lo + len(piece)] = np.searchsorted(cdf, piece * cdf[-1])
    with_figure = np.flatnonzero(rng.random(n_docs) < FIGURE_SHARE)
    return _Draw(words, is_stop, lengths, ranks, with_figure, _figures(rng, len(with_figure)))


def make_corpus(n_docs: int, seed: int = 42) -> Corpus:
    """n_docs sentences of 8–40 words (before stop-word removal), ~30% with a figure phrase."""
    draw = _draw(n_docs, seed)
    sent = np.repeat(np.arange(n_docs, dtype=np.int32), draw.lengths)
    keep = ~draw.is_stop[draw.ranks]
    ranks, sent = draw.ranks[keep], sent[keep]
    table: dict[str, int] = {}
    fig_terms = [table.setdefault(t, VOCAB_SIZE + len(table)) for tokens, _ in draw.figures for t in tokens]
    fig_sent = np.repeat(draw.with_figure, [len(tokens) for tokens, _ in draw.figures]).astype(np.int32)
    all_sent = np.concatenate([sent, fig_sent])
    order = np.argsort(all_sent, kind="stable")  # words first, then the figure, within each sentence
    terms = np.concatenate([ranks, np.array(fig_terms, np.int32)])[order]
    counts = np.bincount(all_sent, minlength=n_docs).astype(np.int32)
    # Renumber ids densely in order of first appearance, as a tokenizer-built vocabulary would be.
    vocab_all = draw.words + sorted(table, key=table.get)
    uniq, first = np.unique(terms, return_index=True)
    by_first = uniq[np.argsort(first)]
    remap = np.full(len(vocab_all), -1, np.int32)
    remap[by_first] = np.arange(len(by_first), dtype=np.int32)
    vocab = [vocab_all[i] for i in by_first.tolist()]
    n_words = int(np.sum(by_first < VOCAB_SIZE))
    return Corpus(remap[terms], counts, vocab, n_words)


def write_articles(path: Path, n_docs: int, seed: int = 42, per_article: int = 20) -> list[str]:
    """Write the same corpus as text, one JSONL article per `per_article` sentences; return questions.

    The questions (one per figure sentence, up to 5,000) ask for that sentence's figure with a few of its
    content words, the way a reader would ("How many kalomi tebeka were ...?").
    """
    draw = _draw(n_docs, seed)
    figure_of = dict(zip(draw.with_figure.tolist(), (text for _, text in draw.figures), strict=True))
    bounds = np.concatenate([[0], np.cumsum(draw.lengths)])
    words, is_stop = draw.words, draw.is_stop
    questions: list[str] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for a, start in enumerate(range(0, n_docs, per_article)):
            sentences = []
            stop = min(start + per_article, n_docs)
            base = int(bounds[start])
            ranks = draw.ranks[base : bounds[stop]].tolist()  # one article at a time: bounded memory
            at = (bounds[start : stop + 1] - base).tolist()
            for d in range(start, stop):
                mine = ranks[at[d - start] : at[d - start + 1]]
                sentence = [words[r] for r in mine]
                figure = figure_of.get(d)
                if figure is not None:
                    sentence.insert(len(sentence) // 3, figure)
                    content = [words[r] for r in mine if not is_stop[r]]
                    if len(questions) < 5000 and len(content) >= 2:
                        questions.append(_question(figure, content[:3]))
                sentences.append(" ".join(sentence).capitalize() + ".")
            record = {"id": f"a{a}", "title": " ".join(sentences[0].split()[:6]), "text": " ".join(sentences)}
            out.write(json.dumps(record | {"source": "synthetic", "date": "2025-09-01"}) + "\n")
    return questions


def _question(figure: str, content: list[str]) -> str:
    """A question asking for this kind of figure about these words."""
    about = " ".join(content)
    if figure.startswith("USD"):
        return f"How much was {about} worth?"
    if figure.endswith("percent"):
        return f"What percentage of {about}?"
    if figure.startswith("in "):
        return f"When did {about} happen?"
    return f"How many {about}?"


def make_queries(corpus: Corpus, n: int = 1000, seed: int = 7) -> list[list[str]]:
    """n queries of 2–6 distinct words, each drawn from one random sentence (so it has an answer)."""
    rng = np.random.default_rng(seed)
    bounds = np.concatenate([[0], np.cumsum(corpus.lengths)])
    queries: list[list[str]] = []
    while len(queries) < n:
        d = int(rng.integers(corpus.n_docs))
        tokens = corpus.terms[bounds[d] : bounds[d + 1]]
        distinct = np.unique(tokens)
        if len(distinct) < 2:
            continue
        size = min(int(rng.integers(2, 7)), len(distinct))
        picked = rng.choice(distinct, size=size, replace=False)
        queries.append([corpus.vocab[t] for t in picked.tolist()])
    return queries
