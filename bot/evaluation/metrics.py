"""Ranking and answer metrics: MAP, MRR, P@1, SQuAD exact match and token F1, TREC answer patterns."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = frozenset(string.punctuation)


def ranked_labels(scores: Sequence[float], labels: Sequence[int]) -> list[int]:
    """Labels in descending score order; ties keep the original order (a stable sort)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def average_precision(ranked: Sequence[int]) -> float:
    """Mean of precision at each relevant rank; 0.0 when nothing is relevant."""
    hits, total = 0, 0.0
    for rank, label in enumerate(ranked, start=1):
        if label > 0:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def reciprocal_rank(ranked: Sequence[int]) -> float:
    """1/rank of the first relevant item; 0.0 when nothing is relevant."""
    for rank, label in enumerate(ranked, start=1):
        if label > 0:
            return 1.0 / rank
    return 0.0


def precision_at_1(ranked: Sequence[int]) -> float:
    """1.0 when the top item is relevant, else 0.0."""
    return 1.0 if ranked and ranked[0] > 0 else 0.0


@dataclass(frozen=True)
class RankingScores:
    """MAP, MRR and P@1 over a set of questions."""

    n: int
    map: float
    mrr: float
    p1: float


def ranking_scores(rankings: Sequence[Sequence[int]]) -> RankingScores:
    """Average AP, RR and P@1 over questions, each given as labels in ranked order."""
    n = len(rankings)
    if n == 0:
        return RankingScores(0, 0.0, 0.0, 0.0)
    return RankingScores(
        n,
        sum(average_precision(r) for r in rankings) / n,
        sum(reciprocal_rank(r) for r in rankings) / n,
        sum(precision_at_1(r) for r in rankings) / n,
    )


def normalize_answer(text: str) -> str:
    """SQuAD v1.1 normalisation: lower-case, drop punctuation and articles, squeeze whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str | None, golds: Sequence[str]) -> float:
    """1.0 when the normalised prediction equals some normalised gold answer (SQuAD EM)."""
    if prediction is None or not golds:
        return 0.0
    pred = normalize_answer(prediction)
    return 1.0 if any(pred == normalize_answer(g) for g in golds) else 0.0


def _f1(prediction: str, gold: str) -> float:
    """Token-overlap F1 of one prediction against one gold answer, both normalised."""
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    common = Counter(pred_tokens) & Counter(gold_tokens)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred_tokens), same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def token_f1(prediction: str | None, golds: Sequence[str]) -> float:
    """The best SQuAD token F1 of the prediction over the gold answers."""
    if prediction is None or not golds:
        return 0.0
    return max(_f1(prediction, g) for g in golds)


def contains_answer(text: str | None, golds: Sequence[str]) -> bool:
    """Whether the normalised text contains some normalised, non-empty gold answer."""
    if not text:
        return False
    norm = f" {normalize_answer(text)} "
    return any(g and f" {g} " in norm for g in (normalize_answer(a) for a in golds))


def matches_patterns(text: str | None, patterns: Sequence[str]) -> bool:
    """Whether some TREC answer pattern (a regex, matched case-insensitively) occurs in the text."""
    if not text:
        return False
    return any(_search(p, text) for p in patterns)


def _search(pattern: str, text: str) -> bool:
    """re.search, treating an invalid pattern as a literal string."""
    try:
        return re.search(pattern, text, re.IGNORECASE) is not None
    except re.error:
        return pattern.lower() in text.lower()
