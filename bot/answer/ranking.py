"""The final score of a candidate sentence: BM25 plus coverage, proximity and answer-type evidence."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from bot.answer.context import CONTEXT_FEATURES, term_weights
from bot.answer.questions import TYPE_NOUNS, echoes_question, noun_overlap, type_matches
from bot.ingest import STOP_WORDS, extract_figures, stem, tokenize, words
from bot.models import FIGURE_TYPES, AnswerType, Figure, QuestionAnalysis

ENTITY_TYPES = frozenset({AnswerType.PERSON, AnswerType.ORGANISATION, AnswerType.PLACE})

SENTENCE_FEATURES = (
    "bm25_rel",  # BM25 divided by the best BM25 among the candidates
    "bm25_idf",  # BM25 divided by the question's total IDF
    "coverage_idf",  # share of the question's IDF mass present (type cue words count when a figure fits)
    "coverage",  # share of the question's distinct terms present
    "all_terms",  # 1 when every question term is present
    "bigrams",  # share of the question's adjacent term pairs found adjacent, in order
    "proximity",  # matched terms / length of the smallest window holding them all
    "early",  # 1 - relative position of the first question term: the sentence is about the topic
    "novelty",  # share of the sentence's terms that are not in the question
    "log_length",  # log(1 + number of terms)
    "names",  # share of the question's capitalised words present
    "type_fit",  # best fit of a figure (not one the question states) to the expected answer type
    "focus_figure",  # best overlap of the focus noun with a fitting figure's counted noun or unit
    "entity",  # an unseen capitalised word when a person, organisation or place is asked for
    "focus",  # share of the focus noun's terms present
    "copula",  # a question term directly followed by is/was/are/...: a defining sentence
    "asks",  # the sentence is itself a question (an interviewer's, or an echo of the one asked)
)
# The sentence's own features, then its article's (bot/answer/context.py; zeros without an index).
FEATURES = SENTENCE_FEATURES + CONTEXT_FEATURES
WEIGHTS_FILE = Path(__file__).with_name("ranking_weights.json")
_COVERAGE = SENTENCE_FEATURES.index("coverage_idf")
_SCALED = np.array([f in ("article_rel", "article_top", "neighbours", "lead") for f in CONTEXT_FEATURES])


def load_weights(path: Path = WEIGHTS_FILE) -> np.ndarray:
    """The fitted weights (plain JSON written by bot.evaluation.fitting), in FEATURES order."""
    fitted = json.loads(path.read_text(encoding="utf-8"))["weights"]
    return np.array([float(fitted.get(name, 0.0)) for name in FEATURES])


WEIGHTS = load_weights()

_CAPITALISED = re.compile(r"(?<![\w'’])([A-Z][\w'’-]*)")
_COPULA = re.compile(r"\s(?:is|was|are|were|refers|means|became)\b", re.IGNORECASE)
_LAST_WORD = re.compile(r"([^\W_]+)\W{0,3}$")


@dataclass(frozen=True)
class _Query:
    """What the features need from the question, computed once per question."""

    weights: dict[str, float]
    bigrams: frozenset[tuple[str, str]]
    focus: frozenset[str]
    names: frozenset[str]
    cues: frozenset[str]
    numbers: frozenset[str]
    analysis: QuestionAnalysis


def _capitalised_stems(text: str, skip_first: bool) -> set[str]:
    """Stems of capitalised non-stop words in the text, the first word optionally skipped."""
    found = _CAPITALISED.findall(text)
    if skip_first and found and text.lstrip().startswith(found[0]):
        found = found[1:]
    return {stem(w) for word in found for w in words(word) if w not in STOP_WORDS}


def _query(analysis: QuestionAnalysis, idf: Callable[[str], float | None]) -> _Query:
    """Precompute the question's terms, their IDF weights, pairs, names and type cue words."""
    terms = tokenize(analysis.text)
    weights = term_weights(terms, idf)
    cue_words = TYPE_NOUNS.get(analysis.answer_type, frozenset())
    return _Query(
        weights=weights,
        bigrams=frozenset(pairwise(terms)),
        focus=frozenset(tokenize(analysis.focus)) if analysis.focus else frozenset(),
        names=frozenset(_capitalised_stems(analysis.text, skip_first=True) & weights.keys()),
        cues=frozenset(stem(w) for w in analysis.content_words if w in cue_words),
        numbers=frozenset(w for w in words(analysis.text) if w[0].isdigit()),
        analysis=analysis,
    )


def _window(tokens: list[str], wanted: set[str]) -> int:
    """Length of the smallest window of tokens that holds every wanted term (all must occur)."""
    need, have, best, left = len(wanted), {}, len(tokens), 0
    for right, tok in enumerate(tokens):
        if tok in wanted:
            have[tok] = have.get(tok, 0) + 1
        while len(have) == need:
            best = min(best, right - left + 1)
            gone = tokens[left]
            if gone in have:
                have[gone] -= 1
                if not have[gone]:
                    del have[gone]
            left += 1
    return best


def _lexical(q: _Query, tokens: list[str], fits: bool) -> dict[str, float]:
    """Coverage, order, proximity, position, novelty and length features of one tokenised sentence."""
    present = set(tokens)
    matched = present & q.weights.keys()
    covered = matched | (q.cues & q.weights.keys()) if fits else matched
    total = sum(q.weights.values()) or 1.0
    first = next((i for i, t in enumerate(tokens) if t in q.weights), None)
    return {
        "coverage_idf": sum(q.weights[t] for t in covered) / total,
        "coverage": len(matched) / (len(q.weights) or 1),
        "all_terms": 1.0 if len(covered) == len(q.weights) else 0.0,
        "bigrams": len(q.bigrams & set(pairwise(tokens))) / len(q.bigrams) if q.bigrams else 0.0,
        "proximity": len(matched) / _window(tokens, matched) if len(matched) >= 2 else 0.0,
        "early": 1.0 - first / len(tokens) if first is not None else 0.0,
        "novelty": len(present - q.weights.keys()) / len(present) if present else 0.0,
        "log_length": math.log1p(len(tokens)),
        "names": len(q.names & present) / len(q.names) if q.names else 0.0,
        "focus": len(q.focus & present) / len(q.focus) if q.focus else 0.0,
    }


def _figure_fit(q: _Query, figures: list[Figure]) -> tuple[float, float]:
    """Best type fit of a figure the question does not itself state, and its focus-noun overlap."""
    best = (0.0, 0.0)
    if q.analysis.answer_type not in FIGURE_TYPES:
        return best
    for figure in figures:
        if echoes_question(figure, q.numbers):
            continue
        fit = type_matches(q.analysis.answer_type, figure)
        if fit > 0:
            best = max(best, (fit, noun_overlap(q.analysis.focus, figure)))
    return best


def _copula(q: _Query, sentence: str) -> float:
    """1 when a question term is directly followed by a copula ('Wicca is ...'), else 0."""
    for m in _COPULA.finditer(sentence):
        last = _LAST_WORD.search(sentence, max(0, m.start() - 40), m.start())
        if last and stem(last.group(1).lower()) in q.weights:
            return 1.0
    return 0.0


def _row(
    q: _Query, sentence: str, tokens: list[str], bm25: float, best: float, figures: list[Figure]
) -> list[float]:
    """The feature values of one sentence, in FEATURES order."""
    fit, focus_fit = _figure_fit(q, figures)
    values = _lexical(q, tokens, fit > 0)
    values["bm25_rel"] = bm25 / best if best > 0 else 0.0
    values["bm25_idf"] = bm25 / (sum(q.weights.values()) or 1.0)
    values["type_fit"], values["focus_figure"] = fit, focus_fit
    entity = q.analysis.answer_type in ENTITY_TYPES
    values["entity"] = 1.0 if entity and _capitalised_stems(sentence, True) - q.weights.keys() else 0.0
    values["copula"] = _copula(q, sentence)
    values["asks"] = 1.0 if sentence.rstrip(" \"'”’)").endswith("?") else 0.0
    return [values[name] for name in SENTENCE_FEATURES]


def features(
    analysis: QuestionAnalysis,
    sentences: Sequence[str],
    bm25: Sequence[float],
    idf: Callable[[str], float | None],
    figures: Sequence[list[Figure]] | None = None,
    tokens: Sequence[list[str]] | None = None,
    context: np.ndarray | None = None,
) -> np.ndarray:
    """The feature matrix (one row per sentence, columns as in FEATURES) that `rerank` weighs; `context`
    holds the CONTEXT_FEATURES columns (zeros when the sentences come without their articles)."""
    q = _query(analysis, idf)
    if figures is None:
        figures = [extract_figures(s) for s in sentences]
    if tokens is None:
        tokens = [tokenize(s) for s in sentences]
    best = max(bm25, default=0.0)
    rows = [
        _row(q, s, t, float(b), best, f) for s, t, b, f in zip(sentences, tokens, bm25, figures, strict=True)
    ]
    own = np.array(rows, dtype=np.float64).reshape(len(rows), len(SENTENCE_FEATURES))
    if context is None:
        context = np.zeros((len(rows), len(CONTEXT_FEATURES)))
    # The article's score, the neighbours and the lead count in proportion to what the sentence itself
    # holds of the question: a strong article does not lift a sentence that is about something else.
    scaled = context * np.where(_SCALED, own[:, [_COVERAGE]], 1.0)
    return np.hstack([own, scaled])


def rerank(
    analysis: QuestionAnalysis,
    sentences: Sequence[str],
    bm25: Sequence[float],
    idf: Callable[[str], float | None],
    figures: Sequence[list[Figure]] | None = None,
    tokens: Sequence[list[str]] | None = None,
    context: np.ndarray | None = None,
) -> list[float]:
    """Final score per sentence, higher is better.

    Pass `figures` (extract_figures per sentence) and `tokens` (tokenize per sentence) when the caller
    already has them: re-tokenising is about half of the time for 100 sentences.
    """
    if not sentences:
        return []
    return (features(analysis, sentences, bm25, idf, figures, tokens, context) @ WEIGHTS).tolist()
