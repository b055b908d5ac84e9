"""Where else a candidate's article holds the question's terms: its headline, the whole article, its lead
and the sentence before the candidate. Looked up once per term for all of a question's candidates and
kept, so the context features and the support check share them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bot.answer.compiled import kernels
from bot.search import SearchIndex


class Lookups:
    """The question's terms in the surroundings of a fixed list of candidate sentences."""

    def __init__(self, index: SearchIndex, sentence_ids: Sequence[int]) -> None:
        """Place each candidate in its article: the article, its first sentence, the one before."""
        ai = index.article_index
        self.index = index
        self.sids = np.asarray(sentence_ids, np.int64)
        arts = ai.article_of(self.sids)
        listed = arts.tolist()
        self.column = {a: j for j, a in enumerate(sorted(set(listed)))}
        self.articles = np.array(list(self.column), np.int64)  # distinct, ascending
        self.where = np.array([self.column[a] for a in listed], np.int64)
        self.first = ai.first[arts]
        self.prev = np.where(self.sids > self.first, self.sids - 1, -1)
        self.next = np.where(self.sids + 1 < ai.first[arts + 1], self.sids + 1, -1)
        self._memo: dict[tuple[str, str], np.ndarray] = {}
        self._near: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._scores: dict[tuple, np.ndarray] = {}

    def article_scores(self, tokens: Sequence[str]) -> np.ndarray:
        """The BM25 (at least 0) of each candidate article as a whole (`articles`) for the question's
        tokens; computed once, for the context features and the gate."""
        key = ("articles", *tokens)
        if key not in self._scores:
            body = self.index.article_index.body
            self._scores[key] = np.maximum(body.scores(list(tokens), self.articles), 0.0)
        return self._scores[key]

    def titles(self, terms: Sequence[str]) -> np.ndarray:
        """Whether each term (rows) is in the headline of each candidate article (columns, `articles`)."""
        titles = self.index.article_index.titles
        return self._rows("title", terms, lambda ts: titles.holds_many(ts, self.articles))

    def bodies(self, terms: Sequence[str]) -> np.ndarray:
        """Whether each term is anywhere in each candidate article (headline included)."""
        body = self.index.article_index.body
        return self._rows("body", terms, lambda ts: body.holds_many(ts, self.articles))

    def leads(self, terms: Sequence[str]) -> np.ndarray:
        """Whether each term is in each candidate's article's first sentence (columns: candidates)."""
        return self._rows("near", terms, self._in_sentences)[:, : len(self.sids)]

    def before(self, terms: Sequence[str]) -> np.ndarray:
        """Whether each term is in the sentence before each candidate (False for an article's first)."""
        return self._rows("near", terms, self._in_sentences)[:, len(self.sids) :]

    def _rows(
        self, kind: str, terms: Sequence[str], look: Callable[[list[str]], Sequence[np.ndarray]]
    ) -> np.ndarray:
        """One row per term, each looked up once per question (those not looked up yet in one go)."""
        missing = [t for t in dict.fromkeys(terms) if (kind, t) not in self._memo]
        if missing:
            self._memo.update(((kind, t), row) for t, row in zip(missing, look(missing), strict=True))
        width = len(self.articles) if kind in ("title", "body") else 2 * len(self.sids)
        return np.array([self._memo[(kind, t)] for t in terms], np.bool_).reshape(len(terms), width)

    def _in_sentences(self, terms: list[str]) -> np.ndarray:
        """Whether each term (rows) is in each lead, then in each preceding sentence (columns), from the
        stored tokens."""
        if self._near is None:
            wanted = np.concatenate([self.first, np.maximum(self.prev, 0)])
            ptr, flat = self.index.token_csr(wanted)
            valid = np.concatenate([np.ones(len(self.sids), np.bool_), self.prev >= 0])
            self._near = ptr, flat.astype(np.int64), valid
        ptr, flat, valid = self._near
        term_id = self.index.engine.term_id
        ids = np.array([-1 if (t := term_id(term)) is None else t for term in terms], np.int64)
        k = kernels()
        if k is not None:
            return k.term_columns(ptr, flat, ids)[0].T & valid[None, :]
        owner = np.repeat(np.arange(len(valid)), np.diff(ptr))
        out = np.zeros((len(terms), len(valid)), np.bool_)
        at, row = matches(flat, ids)
        out[row, owner[at]] = True
        return out & valid[None, :]


def matches(values: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where `values` equal one of `ids` (distinct, but for any -1, which no value is): the positions,
    ascending, and the index in `ids` of each; as np.nonzero(values[:, None] == ids) gives them."""
    # Compared with the ids as rows, each row a long run of values: far faster than the other way round.
    hit = ids[:, None] == values[None, :]
    at = np.flatnonzero(hit.any(axis=0))
    if not len(at):
        return at, np.zeros(0, np.int64)
    return at, hit[:, at].argmax(axis=0)
