"""The answerability gate: whether the best candidate within the support thresholds (or, when none is,
the best that keeps support's floors) answers the question, or "not found" does.

An additive logistic regression (each feature linear, with hinges at a few knots) over what answer() has
already computed for that candidate: its reranker score and margins, its BM25 against the question's IDF,
how much of the question its sentence, context and article hold (and of the question's two rarest terms,
and how likely by chance), its figure's fit, its article's BM25 against the other articles', and the
question's length, rarity and names. It was fitted to tell an index holding the question's article from
the shuffled control's index without it. Weights, knots and the one operating threshold live in
`gate_weights.json`, refitted by `python -m bot.evaluation.fit_gate DATA_DIR` (docs/evaluation.md).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer.candidates import Scored
from bot.answer.context import term_weights
from bot.answer.ranking import FEATURES as RANKER_FEATURES
from bot.answer.support import Support
from bot.search import SearchIndex

GATE_FILE = Path(__file__).with_name("gate_weights.json")
# The gate of the words-only ranking (the meaning stage off or not installed): fitted without the cosine.
GATE_WORDS_FILE = Path(__file__).with_name("gate_weights_words.json")
# The reranker's own columns the gate reads (none of these is scaled by coverage in ranking.py).
_ROW = ("bm25_idf", "coverage_idf", "all_terms", "names", "type_fit", "focus_figure")
_CONTEXT = ("title_cov", "context_cov", "article_cov")
GATE_FEATURES = (
    "score",  # the reranker's score
    "margin",  # its ordering score over the next candidate's
    "margin_other",  # its ordering score over the best candidate's of another article
    "rank",  # log(1 + its place in the ranking)
    *_ROW,
    *_CONTEXT,
    "figure_fit",  # how well its figure fits what the question asks (figure_choice)
    "near",  # support's weighted share of the question in the sentence, its headline, the sentence before
    "article",  # ... with the whole article
    "rare_near",  # share of the question's two rarest terms in the sentence, headline and sentence before
    "rare_article",  # ... with the whole article
    "chance_near",  # log, base the sentence count, of how many sentences would hold those terms by chance
    "chance_article",  # ... of how many articles would hold the article's question terms by chance
    "missing",  # rarity of the rarest question term its article lacks (0: it lacks none)
    "unseen",  # weighted share of the question that no sentence of the index holds
    "article_bm25",  # its article's BM25 over the question's total IDF
    "article_best",  # 1 when its article scores best of the candidates' articles
    "article_lead",  # its article's BM25 minus the best other article's, over the question's total IDF
    "same_article",  # share of the first 10 candidates that come from its article
    "log_terms",  # log(1 + the question's distinct terms)
    "rarity",  # mean rarity of the question's terms: log(N / df) / log(N), 1 for a term no sentence has
    "specificity",  # their sum
    "n_names",  # how many names the question mentions
    "wants_figure",  # 1 when the question asks for a figure
    "meaning",  # its cosine with the question (bot/answer/semantic.py; 0 below the stage's depth)
)
_COLUMNS = [RANKER_FEATURES.index(f) for f in (*_ROW, *_CONTEXT)]
TOP = 10  # the first candidates, of which `same_article` counts the share from the candidate's article
RARE = 2  # how many of the question's rarest terms `rare_near` and `rare_article` look for
# The gate was fitted on collections of 24 to 2,000 articles. Over fewer than this its article evidence
# (BM25 against the other articles, how rare a term is) means little, and the support thresholds decide.
MIN_GATE_ARTICLES = 20


@dataclass(frozen=True)
class GateModel:
    """A fitted gate: an additive logistic model, linear in each feature plus hinges at a few knots, and
    the one operating threshold on its probability."""

    weights: np.ndarray  # one per feature
    knots: np.ndarray  # (features, knots) where each feature's slope changes; +inf pads unused slots
    hinge_weights: np.ndarray  # (features, knots): the change of slope at each knot
    bias: float
    threshold: float

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The probability, per row of features, that the question is answered by that candidate."""
        x = np.atleast_2d(x)
        z = self.bias + x @ self.weights + hinges(x, self.knots) @ self.hinge_weights.ravel()
        return 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -30.0), 30.0)))  # np.clip, without its set-up

    def answers(self, x: np.ndarray) -> bool:
        """Whether one candidate's features clear the threshold."""
        return bool(self.probability(x)[0] >= self.threshold)


def hinges(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """max(0, x - knot) for every feature and each of its knots, flattened feature by feature."""
    x = np.atleast_2d(x)
    return np.maximum(x[:, :, None] - knots[None, :, :], 0.0).reshape(len(x), -1)


def load_gate(path: Path = GATE_FILE) -> GateModel:
    """The gate saved as plain JSON by bot.evaluation.fit_gate: per feature by name, its weight and its
    hinges as [knot, weight] pairs (a feature the file lacks weighs nothing)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    fitted = {f["name"]: f for f in doc["features"]}
    width = max((len(f.get("hinges", ())) for f in fitted.values()), default=0)
    knots = np.full((len(GATE_FEATURES), width), np.inf)
    hinge_weights = np.zeros((len(GATE_FEATURES), width))
    for i, name in enumerate(GATE_FEATURES):
        for j, (knot, weight) in enumerate(fitted.get(name, {}).get("hinges", ())):
            knots[i, j], hinge_weights[i, j] = float(knot), float(weight)
    weights = np.array([float(fitted.get(name, {}).get("weight", 0.0)) for name in GATE_FEATURES])
    return GateModel(weights, knots, hinge_weights, float(doc["bias"]), float(doc["threshold"]))


def _rarity(df: int, n: int) -> float:
    """log(n / df) / log(n), clipped to [0, 1]: 0 for a term in every document, 1 for one in none."""
    return 1.0 if df <= 0 else min(max(math.log(n / df) / math.log(max(n, 2)), 0.0), 1.0)


class GateQuery:
    """What the gate needs from a question and its ranked candidates, computed once per question."""

    def __init__(self, index: SearchIndex, tokens: list[str], check: Support, ranked: list[Scored]) -> None:
        """Weigh the question's terms, score the candidates' articles as wholes, find the unseen terms."""
        self.ranked, self.check = ranked, check
        ai, terms = index.article_index, list(check.weights)
        self.idf_total = sum(term_weights(tokens, index.engine.idf).values()) or 1.0
        articles = sorted({c.article for c in ranked})
        lookups = ranked[0].pool.lookups if ranked and ranked[0].pool is not None else None
        if lookups is not None and lookups.articles.tolist() == articles:
            scores = lookups.article_scores(tokens)  # the context features' scores of the same articles
        else:
            scores = np.maximum(ai.body.scores(tokens, articles), 0.0) if articles else []
        self.article_bm25 = dict(zip(articles, map(float, scores), strict=True))
        df = {t: index.engine.df(t) for t in terms}
        self.in_sentences = {t: _rarity(df[t], index.n_sentences) for t in terms}
        self.in_articles = {t: _rarity(ai.body.df(t), ai.n_articles) for t in terms}
        self.rare = frozenset(sorted(terms, key=lambda t: (-self.in_sentences[t], t))[:RARE])
        total = check.total or 1.0
        unseen = sum(w for t, w in check.weights.items() if not df[t])
        specificity = sum(self.in_sentences.values())
        self.question = [unseen / total]
        self.about = [math.log1p(len(terms)), specificity / max(len(terms), 1), specificity, len(check.names)]
        self.top_articles = [c.article for c in ranked[:TOP]]

    def features(self, i: int, wants_figure: bool) -> np.ndarray:
        """The gate's features (GATE_FEATURES order) of the i-th ranked candidate as the answer."""
        cand, ranked = self.ranked[i], self.ranked
        seen = self.check.evidence(cand)
        after = ranked[i + 1].rank_score if i + 1 < len(ranked) else cand.rank_score
        other = max((c.rank_score for c in ranked if c.article != cand.article), default=cand.rank_score)
        own = self.article_bm25.get(cand.article, 0.0)
        rival = max((s for a, s in self.article_bm25.items() if a != cand.article), default=0.0)
        row = cand.row[_COLUMNS] if cand.row is not None else np.zeros(len(_COLUMNS))
        rare = [len(self.rare & t) / max(len(self.rare), 1) for t in (seen.near_terms, seen.article_terms)]
        chance = [1.0 - sum(self.in_sentences[t] for t in seen.near_terms),
                  1.0 - sum(self.in_articles[t] for t in seen.article_terms)]  # fmt: skip
        missing = max((r for t, r in self.in_articles.items() if t not in seen.article_terms), default=0.0)
        return np.array([
            cand.score, cand.rank_score - after, cand.rank_score - other, math.log1p(i), *row, cand.fit,
            seen.near, seen.article, *rare, *chance, missing, *self.question,
            own / self.idf_total, float(own >= rival), (own - rival) / self.idf_total,
            self.top_articles.count(cand.article) / max(len(self.top_articles), 1),
            *self.about, float(wants_figure), cand.meaning,
        ])  # fmt: skip
