"""The candidate sentences of one question, with what the answer layer reads of them: search tokens as
ids, figures and readings, gathered from the index's precomputed arrays (no tokenising, no extraction,
no text) or read from text for sentences that are not indexed. Texts are fetched only when asked for,
a few at a time in rank order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np

from bot.answer.lookups import Lookups
from bot.ingest import extract_figures, tokenize, word_hash
from bot.models import AnswerType, Figure, Source
from bot.search import ReadingBatch, SearchIndex

TEXT_BATCH = 16  # texts fetched in one store round trip, from the one asked for on in rank order


KINDS = list(AnswerType)  # a stored figure's kind is its index here


class Pool:
    """Candidate sentences (positions 0..n-1): their tokens, figures, readings and, on demand, texts.

    `token_ids` holds every sentence's token ids one after the other (`token_ptr` says where each
    starts), `figure_kinds` every figure's kind as an index into KINDS (`figure_ptr`); Figures and texts
    are made only for the sentences asked about."""

    def __init__(
        self,
        tokens: tuple[np.ndarray, np.ndarray],
        figure_kinds: np.ndarray,
        readings: ReadingBatch,
        term_id: Callable[[str], int | None],
        vocab: Sequence[str],
    ) -> None:
        """Wrap gathered parts (use from_index or from_texts)."""
        self.token_ptr, self.token_ids = tokens[0], tokens[1].astype(np.int64)  # ids combine into pair keys
        self.figure_kinds, self.readings = figure_kinds, readings
        self.figure_ptr = readings.figure_ptr
        self._term_id, self._vocab = term_id, vocab
        self.n = len(self.token_ptr) - 1
        self.lengths = np.diff(self.token_ptr)
        self.segment = np.repeat(np.arange(self.n), self.lengths)
        self._figures: dict[int, list[Figure]] = {}
        self._decode: Callable[[int], list[Figure]] = lambda at: []
        self._texts: dict[int, str] = {}
        self._fetch: Callable[[list[int]], dict[int, str]] = lambda at: {}
        self._order: list[int] = []
        self._tokens: dict[int, list[str]] = {}
        self.lookups: Lookups | None = None  # the question's terms around the candidates, once ranked
        self.articles: np.ndarray | None = None  # each sentence's article (in an index)
        self.sources: dict[int, Source] = {}  # the articles' sources read with the texts
        self.memo: dict[tuple, float] = {}  # per-figure values computed once per question
        self.term_columns: dict[int, np.ndarray] = {}  # by term id: which sentences hold it (lexical.holds)

    @classmethod
    def from_index(cls, index: SearchIndex, ids: Sequence[int]) -> Pool:
        """The given sentences of an index, from its precomputed arrays."""
        sids = np.asarray(ids, np.int64)
        got = index.candidates(sids)
        kinds = got.figure_rows["kind"].astype(np.int64)
        engine = index.engine
        pool = cls((got.token_ptr, got.token_ids), kinds, got.readings, engine.term_id, engine.vocab)
        ptr, rows = got.figure_ptr, got.figure_rows
        pool._decode = lambda at: index.decode_figures(rows[ptr[at] : ptr[at + 1]])

        def fetch(at: list[int]) -> dict[int, str]:
            rows = index.sentences_with_sources(sids[at].tolist())
            pool.sources.update({article: source for _, article, source in rows.values()})
            return {p: rows[int(sids[p])][0] for p in at}

        pool._fetch = fetch
        pool.articles = got.articles.astype(np.int64)
        return pool

    @classmethod
    def from_texts(
        cls,
        texts: Sequence[str],
        figures: Sequence[list[Figure]] | None = None,
        tokens: Sequence[list[str]] | None = None,
    ) -> Pool:
        """Sentences given as text (figures and tokens as extract_figures and tokenize give them)."""
        figures = [extract_figures(t) for t in texts] if figures is None else [list(f) for f in figures]
        tokens = [tokenize(t) for t in texts] if tokens is None else tokens
        ids: dict[str, int] = {}
        flat = np.array([ids.setdefault(t, len(ids)) for row in tokens for t in row], np.int64)
        ptr = np.concatenate([[0], np.cumsum([len(t) for t in tokens], dtype=np.int64)])
        kinds = np.array([KINDS.index(f.kind) for row in figures for f in row], np.int64)
        readings = ReadingBatch.from_sentences(texts, figures)
        pool = cls((ptr, flat), kinds, readings, ids.get, list(ids))
        pool._figures, pool._texts = dict(enumerate(figures)), dict(enumerate(texts))
        return pool

    def __len__(self) -> int:
        """Number of sentences."""
        return self.n

    def term_ids(self, terms: Sequence[str]) -> np.ndarray:
        """The token id of each term (-1 for one no sentence of the corpus holds)."""
        return np.array([-1 if (t := self._term_id(term)) is None else t for term in terms], np.int64)

    def tokens(self, at: int) -> list[str]:
        """One sentence's search tokens."""
        toks = self._tokens.get(at)
        if toks is None:
            ids = self.token_ids[self.token_ptr[at] : self.token_ptr[at + 1]].tolist()
            toks = self._tokens[at] = [self._vocab[i] for i in ids]
        return toks

    def figures(self, at: int) -> list[Figure]:
        """One sentence's figures, as extract_figures gives them."""
        figures = self._figures.get(at)
        if figures is None:
            figures = self._figures[at] = self._decode(at)
        return figures

    def in_order(self, order: Sequence[int]) -> None:
        """The rank order texts are fetched in (TEXT_BATCH at a time from the one asked for)."""
        self._order = list(order)

    def texts(self, at: Sequence[int]) -> list[str]:
        """Several sentences' texts, those not fetched yet in one store query."""
        missing = [p for p in dict.fromkeys(at) if p not in self._texts]
        if missing:
            self._texts.update(self._fetch(missing))
        return [self._texts[p] for p in at]

    def text(self, at: int) -> str:
        """One sentence's text (fetched with the next few in rank order that are not fetched yet)."""
        text = self._texts.get(at)
        if text is None:
            rank = self._order.index(at) if at in self._order else None
            window = [] if rank is None else self._order[rank + 1 : rank + 4 * TEXT_BATCH]
            wanted = [at, *[p for p in window if p not in self._texts][: TEXT_BATCH - 1]]
            self._texts.update(self._fetch(wanted))
            text = self._texts[at]
        return text


def hashed(words: Iterable[str]) -> np.ndarray:
    """The distinct word hashes of some words, sorted: what `member` looks values up in."""
    return np.array(sorted({word_hash(w) for w in words}), np.int64)


def member(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Whether each value is one of `wanted` (sorted and distinct): np.isin, without its set-up cost."""
    if not len(wanted):
        return np.zeros(len(values), np.bool_)
    at = np.minimum(np.searchsorted(wanted, values), len(wanted) - 1)
    return wanted[at] == values


def owners(ptr: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The row (of offsets `ptr`, length rows + 1) that each flat position belongs to."""
    return np.searchsorted(ptr, at, side="right") - 1


def distinct(sorted_values: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted array (np.unique without sorting again)."""
    if len(sorted_values) < 2:
        return sorted_values
    return sorted_values[changes(sorted_values)]


def changes(values: np.ndarray) -> np.ndarray:
    """Whether each value differs from the one before it (the first always does), as a bool array."""
    out = np.empty(len(values), np.bool_)
    out[:1] = True
    np.not_equal(values[1:], values[:-1], out=out[1:])
    return out
