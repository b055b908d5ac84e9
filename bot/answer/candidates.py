"""Candidate sentences for a question: BM25's hits, reranked, each with the figure that would answer."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bot.answer.context import context_matrix
from bot.answer.figure_choice import pick_figures
from bot.answer.lookups import Lookups
from bot.answer.pool import Pool
from bot.answer.ranking import FEATURES, WEIGHTS, pool_features
from bot.answer.semantic import MEANING, Meaning
from bot.ingest import words
from bot.models import Candidate, Figure, QuestionAnalysis, Source
from bot.search import SearchIndex

# The candidates of a question: BM25's best sentences, and every sentence of the articles that score best
# as a whole (an answer sentence often shares no word with the question: "It cut its stake to 40%").
# Depths chosen by recall@K of the gold sentence on NewsQA's fit half (docs/evaluation.md).
CANDIDATES = 40
ARTICLES = 2
MAX_ARTICLE_SENTENCES = 60
SMALL_CORPUS = 5_000
# How much a fitting figure lifts a candidate, as a share of the best candidate's score.
FIGURE_BONUS = 0.35


@dataclass(slots=True)
class Scored:
    """A candidate sentence while it is ranked: its article, scores and chosen figure; its text, tokens
    and figures are read from its pool when asked for."""

    sentence_id: int
    article: int
    bm25: float
    score: float
    figure: Figure | None = None
    fit: float = 0.0
    rank_score: float = 0.0  # what the candidates are ordered by: the score plus the figure's bonus
    row: np.ndarray | None = None  # the reranker's features (ranking.FEATURES), for the answerability gate
    pool: Pool | None = field(default=None, repr=False, compare=False)
    at: int = 0  # its position in the pool
    meaning: float = 0.0  # the question's cosine with it, for the best MEANING.depth (else 0)
    match: float = 0.0  # its token match with the question, for the same candidates (else 0)

    @property
    def text(self) -> str:
        """The sentence's text (fetched from the store with the next few in rank order)."""
        return self._pool.text(self.at)

    @property
    def tokens(self) -> list[str]:
        """The sentence's search tokens."""
        return self._pool.tokens(self.at)

    @property
    def figures(self) -> list[Figure]:
        """The sentence's figures, as extract_figures gives them."""
        return self._pool.figures(self.at)

    @property
    def _pool(self) -> Pool:
        if self.pool is None:
            raise ValueError("a Scored made without its pool has no text")
        return self.pool


def small_corpus_hits(index: SearchIndex, tokens: list[str]) -> list[tuple[int, float]]:
    """In a corpus of a few sentences every word can be in half of them, where rank_bm25's IDF is at
    or below zero and no score is positive: then rank the sentences that hold a question word anyway."""
    if index.n_sentences > SMALL_CORPUS or not any(index.engine.df(t) for t in tokens):
        return []
    scores = index.engine.scores(tokens, range(index.n_sentences))
    if not scores.any():  # every IDF is 0 (a word in exactly half of two sentences): count the words held
        held = index.tokens(range(index.n_sentences))
        scores = np.array([len(set(tokens) & set(toks)) * 1e-6 for toks in held])
    order = sorted((i for i in range(index.n_sentences) if scores[i] != 0), key=lambda i: (-scores[i], i))
    return [(i, float(scores[i])) for i in order[:CANDIDATES]]


def gather(tokens: list[str], index: SearchIndex) -> list[tuple[int, float]]:
    """BM25's best sentences, then the other sentences of the best whole articles, each with its BM25."""
    hits = index.engine.search(tokens, k=CANDIDATES) or small_corpus_hits(index, tokens)
    seen = {doc for doc, _ in hits}
    extra = []
    for article, _ in index.article_index.body.search(tokens, k=ARTICLES):
        sentences = index.article_index.sentence_range(article)[:MAX_ARTICLE_SENTENCES]
        extra += [i for i in sentences if i not in seen]
    if not extra:
        return hits
    return hits + list(zip(extra, index.engine.scores(tokens, extra).tolist(), strict=True))


def scored(hits: list, index: SearchIndex) -> list[Scored]:
    """The hits as Scored candidates, their tokens, figures and readings gathered from the index."""
    ids = [doc for doc, _ in hits]
    pool = Pool.from_index(index, ids)
    articles = pool.articles.tolist() if pool.articles is not None else index.article_ids(ids).tolist()
    return [
        Scored(doc, article, bm25, 0.0, None, 0.0, 0.0, None, pool, at)  # positional: a third faster
        for at, ((doc, bm25), article) in enumerate(zip(hits, articles, strict=True))
    ]


def feature_matrix(
    analysis: QuestionAnalysis, tokens: list[str], cands: list[Scored], index: SearchIndex
) -> np.ndarray:
    """The reranker's features of each candidate (of one pool, in its order), with its article as context."""
    pool = cands[0].pool if cands else None
    if pool is None:
        return np.zeros((0, len(FEATURES)))
    bm25 = [c.bm25 for c in cands]
    pool.lookups = Lookups(index, [c.sentence_id for c in cands])
    context = lambda own, weights: context_matrix(tokens, pool.lookups, own, bm25, weights)  # noqa: E731
    return pool_features(analysis, pool, bm25, index.engine.idf, context)


def rank(
    analysis: QuestionAnalysis, tokens: list[str], hits: list, index: SearchIndex, meaning: Meaning = MEANING
) -> list[Scored]:
    """Rerank the hits with their context, pick each sentence's figure, order by score plus figure fit;
    then the best few again, with their meaning's closeness to the question's."""
    cands = scored(hits, index)
    if not cands:
        return []
    x = feature_matrix(analysis, tokens, cands, index)
    scores = x @ WEIGHTS
    question_numbers = {w for w in words(analysis.text) if w[0].isdigit()}
    picked = pick_figures(analysis, cands[0].pool, question_numbers)
    bonus = FIGURE_BONUS * abs(float(scores.max()))
    final = scores + bonus * np.array([fit for _, fit in picked])  # as score + bonus * fit, per candidate
    rows = zip(cands, scores.tolist(), final.tolist(), x, picked, strict=True)
    for cand, score, rank_score, row, (figure, fit) in rows:
        cand.score, cand.rank_score, cand.row, cand.figure, cand.fit = score, rank_score, row, figure, fit
    order = np.lexsort((np.array([c.sentence_id for c in cands]), -final)).tolist()
    cands[0].pool.in_order(order)
    ordered = [cands[i] for i in order]
    if meaning.on:
        ordered = _by_meaning(analysis.text, ordered, meaning)
        cands[0].pool.in_order([c.at for c in ordered])
    return ordered


def _by_meaning(question: str, ordered: list[Scored], meaning: Meaning) -> list[Scored]:
    """The best `meaning.depth` candidates reordered among themselves, each lifted by its cosine and token
    match with the question; the rest keep their places below them."""
    top = ordered[: meaning.depth]
    cosines, matches = meaning.closeness(question, [c.text for c in top])
    lifts = meaning.lift(cosines, matches).tolist()
    for cand, cosine, match, lift in zip(top, cosines.tolist(), matches.tolist(), lifts, strict=True):
        cand.meaning, cand.match = cosine, match
        cand.rank_score += lift
    top.sort(key=lambda c: (-c.rank_score, c.sentence_id))
    return top + ordered[meaning.depth :]


def to_candidates(cands: list[Scored], index: SearchIndex) -> list[Candidate]:
    """The public form of ranked candidates: their texts and their articles' sources read in one go."""
    pool = cands[0].pool if cands else None
    if pool is not None and all(c.pool is pool for c in cands):
        texts, known = pool.texts([c.at for c in cands]), pool.sources
    else:
        texts, known = [c.text for c in cands], {}
    missing = {c.article for c in cands} - known.keys()
    sources = known | (index.sources(missing) if missing else {})
    return [to_candidate(c, index, sources[c.article], text) for c, text in zip(cands, texts, strict=True)]


def to_candidate(
    c: Scored, index: SearchIndex, source: Source | None = None, text: str | None = None
) -> Candidate:
    """The public form of a ranked candidate, with its article's source."""
    figure = c.figure
    return Candidate(
        figure=figure.text if figure else None,
        figure_kind=figure.kind if figure else None,
        highlight=figure.span if figure else None,
        passage=c.text if text is None else text,
        sentence_id=c.sentence_id,
        source=index.source(c.article) if source is None else source,
        score=round(c.score, 6),
        bm25=round(c.bm25, 6),
    )
