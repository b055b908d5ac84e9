"""Candidate sentences for a question: BM25's hits, reranked, each with the figure that would answer."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bot.answer.figure_choice import pick_figure
from bot.answer.ranking import rerank
from bot.ingest import extract_figures, tokenize, words
from bot.models import Candidate, Figure, QuestionAnalysis
from bot.search import SearchIndex

CANDIDATES = 40
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


def rank(analysis: QuestionAnalysis, tokens: list[str], hits: list, index: SearchIndex) -> list[Scored]:
    """Rerank BM25 hits, pick each sentence's figure, and order by score plus figure fit."""
    rows = index.sentences(doc for doc, _ in hits)
    cands = [Scored(doc, rows[doc][0], rows[doc][1], bm25, 0.0) for doc, bm25 in hits if doc in rows]
    for cand in cands:
        cand.tokens = tokenize(cand.text)
    texts, figures = [c.text for c in cands], [extract_figures(c.text) for c in cands]
    bm25 = [c.bm25 for c in cands]
    scores = rerank(analysis, texts, bm25, index.engine.idf, figures, [c.tokens for c in cands])
    question_numbers = {w for w in words(analysis.text) if w[0].isdigit()}
    for cand, score in zip(cands, scores, strict=True):
        cand.score = float(score)
        cand.figure, cand.fit = pick_figure(analysis, cand.text, question_numbers)
    top = max((c.score for c in cands), default=0.0)
    bonus = FIGURE_BONUS * abs(top)
    return sorted(cands, key=lambda c: (-(c.score + bonus * c.fit), c.sentence_id))


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
