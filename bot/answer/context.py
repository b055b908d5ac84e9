"""A candidate sentence read with its article: the article's BM25, its headline, the sentence before it
and the lead, where a question's words may be spread ("The firm said ..." under a headline naming it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bot.answer.lookups import Lookups
from bot.ingest import tokenize
from bot.search import Engine

# article_rel, article_top, neighbours and lead are scaled by the sentence's coverage_idf in ranking.py.
CONTEXT_FEATURES = (
    "article_rel",  # the article's BM25 (headline and body as one field) / the best candidate article's
    "article_top",  # 1 for the candidates of the best-scoring article
    "title_cov",  # IDF-weighted share of the question's terms in the headline
    "context_cov",  # ... in the sentence, its headline, the sentence before it and the article's lead
    "article_cov",  # ... anywhere in the article
    "neighbours",  # BM25 of the sentences before and after / the best candidate's BM25
    "lead",  # 1 / (1 + the sentence's position in its article)
)


def term_weights(tokens: Sequence[str], idf: Callable[[str], float | None]) -> dict[str, float]:
    """Each distinct question term's IDF (a word the corpus lacks weighs like its rarest word)."""
    known = [v for v in map(idf, set(tokens)) if v is not None]
    default = max(known, default=1.0)
    return {t: max(idf(t) or default, 0.01) for t in tokens}


def context_matrix(
    tokens: list[str],
    lookups: Lookups,
    own: np.ndarray,
    bm25: Sequence[float],
    weights: dict[str, float],
) -> np.ndarray:
    """The CONTEXT_FEATURES of each candidate sentence (of `lookups`, in its order); `weights` are the
    question's term weights (`term_weights`), and `own` says which of those terms (rows, in order) each
    sentence (columns) holds itself."""
    n = len(lookups.sids)
    out = np.zeros((n, len(CONTEXT_FEATURES)))
    if not n or not tokens:
        return out
    lk, where = lookups, lookups.where
    body = lk.article_scores(tokens)
    terms, w = list(weights), np.array(list(weights.values()))
    total = w.sum() or 1.0
    title = lk.titles(terms)[:, where]
    article = lk.bodies(terms)[:, where] | own
    near = own | title | lk.leads(terms) | lk.before(terms)
    best_body = body.max()
    out[:, 0] = body[where] / best_body if best_body > 0 else 0.0
    out[:, 1] = (body[where] >= best_body) & (best_body > 0)
    out[:, 2] = w @ title / total
    out[:, 3] = w @ near / total
    out[:, 4] = w @ article / total
    out[:, 5] = _neighbour_bm25(tokens, lk.prev, lk.next, lk.index.engine) / max(max(bm25), 1e-9)
    out[:, 6] = 1.0 / (1.0 + (lk.sids - lk.first))
    return out


def _neighbour_bm25(tokens: list[str], prev: np.ndarray, nxt: np.ndarray, engine: Engine) -> np.ndarray:
    """BM25 of the sentence before plus the sentence after (0 where there is none)."""
    ids = np.concatenate([prev, nxt])
    scores = np.where(ids >= 0, engine.scores(tokens, np.maximum(ids, 0)), 0.0)
    return np.maximum(scores[: len(prev)], 0) + np.maximum(scores[len(prev) :], 0)


def list_context(
    tokens: list[str],
    sentence_tokens: Sequence[list[str]],
    bm25: Sequence[float],
    title: str,
    idf: Callable[[str], float | None],
) -> np.ndarray:
    """The CONTEXT_FEATURES of sentences that are one article in order (a page's candidate sentences)."""
    n = len(sentence_tokens)
    out = np.zeros((n, len(CONTEXT_FEATURES)))
    if not n or not tokens:
        return out
    weights = term_weights(tokens, idf)
    total = sum(weights.values()) or 1.0
    sets = [set(t) for t in sentence_tokens]
    headline = set(tokenize(title))
    everything = headline.union(*sets)
    best = max(max(bm25), 1e-9)
    for i, own in enumerate(sets):
        before = sets[i - 1] if i else set()
        near = own | headline | before | sets[0]
        beside = sum(max(bm25[j], 0.0) for j in (i - 1, i + 1) if 0 <= j < n) / best
        shares = [_share(weights, part, total) for part in (headline, near, everything)]
        out[i] = (1.0, 1.0, *shares, beside, 1 / (1 + i))
    return out


def _share(weights: dict[str, float], present: set[str], total: float) -> float:
    """IDF-weighted share of the question's terms in `present`."""
    return sum(w for t, w in weights.items() if t in present) / total
