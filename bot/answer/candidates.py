"""Candidate sentences for a question: BM25's hits, reranked, each with the figure that would answer."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bot.answer.context import context_matrix
from bot.answer.figure_choice import pick_figure
from bot.answer.ranking import WEIGHTS, features
from bot.ingest import extract_figures, tokenize, words
from bot.models import Candidate, Figure, QuestionAnalysis
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


@dataclass
class Scored:
    """A candidate sentence while it is ranked: its text, article, scores and chosen figure."""

    sentence_id: int
    text: str
    article: int
    bm25: float
    score: float
    figure: Figure | None = None
    fit: float = 0.0
    tokens: list[str] = field(default_factory=list)
    rank_score: float = 0.0  # what the candidates are ordered by: the score plus the figure's bonus
    row: np.ndarray | None = None  # the reranker's features (ranking.FEATURES), for the answerability gate


def small_corpus_hits(index: SearchIndex, tokens: list[str]) -> list[tuple[int, float]]:
    """In a corpus of a few sentences every word can be in half of them, where rank_bm25's IDF is at
    or below zero and no score is positive: then rank the sentences that hold a question word anyway."""
    if index.n_sentences > SMALL_CORPUS or not any(index.engine.df(t) for t in tokens):
        return []
    scores = index.engine.scores(tokens, range(index.n_sentences))
    if not scores.any():  # every IDF is 0 (a word in exactly half of two sentences): count the words held
        rows = index.sentences(range(index.n_sentences))
        scores = np.array([len(set(tokens) & set(tokenize(rows[i][0]))) * 1e-6 for i in sorted(rows)])
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


def scored(tokens: list[str], hits: list, index: SearchIndex) -> list[Scored]:
    """The hits as Scored candidates with their text, article and tokens."""
    rows = index.sentences(doc for doc, _ in hits)
    cands = [Scored(doc, rows[doc][0], rows[doc][1], bm25, 0.0) for doc, bm25 in hits if doc in rows]
    for cand in cands:
        cand.tokens = tokenize(cand.text)
    return cands


def feature_matrix(
    analysis: QuestionAnalysis, tokens: list[str], cands: list[Scored], index: SearchIndex
) -> tuple[np.ndarray, list[list[Figure]]]:
    """The reranker's features of each candidate, with its article as context, and its figures."""
    figures = [extract_figures(c.text) for c in cands]
    bm25 = [c.bm25 for c in cands]
    toks = [c.tokens for c in cands]
    context = context_matrix(tokens, [c.sentence_id for c in cands], toks, bm25, index)
    x = features(analysis, [c.text for c in cands], bm25, index.engine.idf, figures, toks, context)
    return x, figures


def rank(analysis: QuestionAnalysis, tokens: list[str], hits: list, index: SearchIndex) -> list[Scored]:
    """Rerank the hits with their context, pick each sentence's figure, order by score plus figure fit."""
    cands = scored(tokens, hits, index)
    x, _ = feature_matrix(analysis, tokens, cands, index)
    scores = (x @ WEIGHTS).tolist()
    question_numbers = {w for w in words(analysis.text) if w[0].isdigit()}
    for cand, score, row in zip(cands, scores, x, strict=True):
        cand.score, cand.row = float(score), row
        cand.figure, cand.fit = pick_figure(analysis, cand.text, question_numbers)
    top = max((c.score for c in cands), default=0.0)
    bonus = FIGURE_BONUS * abs(top)
    for cand in cands:
        cand.rank_score = cand.score + bonus * cand.fit
    return sorted(cands, key=lambda c: (-c.rank_score, c.sentence_id))


def to_candidate(c: Scored, index: SearchIndex) -> Candidate:
    """The public form of a ranked candidate, with its article's source."""
    figure = c.figure
    return Candidate(
        figure=figure.text if figure else None,
        figure_kind=figure.kind if figure else None,
        highlight=figure.span if figure else None,
        passage=c.text,
        sentence_id=c.sentence_id,
        source=index.source(c.article),
        score=round(c.score, 6),
        bm25=round(c.bm25, 6),
    )
