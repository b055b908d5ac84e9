"""The final score of a candidate sentence: BM25 plus coverage, proximity and answer-type evidence."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from bot.answer.context import CONTEXT_FEATURES, term_weights
from bot.answer.figure_features import kind_fits, noun_fit
from bot.answer.lexical import log_lengths, placed, terms_of
from bot.answer.pool import Pool, distinct, hashed, member, owners
from bot.answer.questions import TYPE_NOUNS, echoes_question
from bot.answer.semantic import MEANING, Meaning, lifted
from bot.ingest import capitalised_stems, stem, tokenize, words
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


def load_weights(path: Path = WEIGHTS_FILE, names: Sequence[str] = FEATURES) -> np.ndarray:
    """Fitted linear weights from a plain JSON file's "weights" (the reranker's, written by
    bot.evaluation.fitting, by default), in the order of `names`; a name the file lacks weighs 0."""
    fitted = json.loads(path.read_text(encoding="utf-8"))["weights"]
    return np.array([float(fitted.get(name, 0.0)) for name in names])


WEIGHTS = load_weights()


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


def _query(analysis: QuestionAnalysis, idf: Callable[[str], float | None]) -> _Query:
    """Precompute the question's terms, their IDF weights, pairs, names and type cue words."""
    terms = tokenize(analysis.text)
    weights = term_weights(terms, idf)
    cue_words = TYPE_NOUNS.get(analysis.answer_type, frozenset())
    return _Query(
        weights=weights,
        bigrams=frozenset(pairwise(terms)),
        focus=frozenset(tokenize(analysis.focus)) if analysis.focus else frozenset(),
        names=frozenset(capitalised_stems(analysis.text, skip_first=True) & weights.keys()),
        cues=frozenset(stem(w) for w in analysis.content_words if w in cue_words),
        numbers=frozenset(w for w in words(analysis.text) if w[0].isdigit()),
        analysis=analysis,
    )


def _figure_fits(q: _Query, pool: Pool) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: the best type fit of a figure the question does not itself state, and its
    focus-noun overlap (Figures are made only for sentences with a figure of a fitting kind)."""
    fit, focus_fit = np.zeros(pool.n), np.zeros(pool.n)
    if q.analysis.answer_type not in FIGURE_TYPES or not len(pool.figure_kinds):
        return fit, focus_fit
    kinds = kind_fits(q.analysis.answer_type)[pool.figure_kinds]  # type_matches of each figure
    fitting = kinds > 0
    kind_of, starts = kinds.tolist(), pool.figure_ptr.tolist()
    for i in distinct(owners(pool.figure_ptr, np.nonzero(fitting)[0])).tolist():
        best, start = (0.0, 0.0), starts[i]
        for j, figure in enumerate(pool.figures(i)):
            kind = kind_of[start + j]
            if not kind > 0 or (q.numbers and echoes_question(figure, q.numbers)):
                continue
            best = max(best, (kind, noun_fit(pool, start + j, q.analysis.focus, figure)))
        fit[i], focus_fit[i] = best
    return fit, focus_fit


def _any_of(ptr: np.ndarray, values: np.ndarray, hit: np.ndarray) -> np.ndarray:
    """Per sentence (offsets `ptr` into `values`), 1.0 when any of its values has `hit`."""
    out = np.zeros(len(ptr) - 1)
    out[owners(ptr, np.nonzero(hit)[0])] = 1.0
    return out


def _words(q: _Query, pool: Pool) -> dict[str, np.ndarray]:
    """The features read from the sentence's words beyond its tokens: a name the question lacks when it
    asks for a person, organisation or place; a question term before a copula; the sentence asks."""
    r = pool.readings
    asked = hashed(q.weights)
    entity = np.zeros(pool.n)
    if q.analysis.answer_type in ENTITY_TYPES:
        entity = _any_of(r.capital_ptr, r.capitals, ~member(r.capitals, asked))
    return {
        "entity": entity,
        "copula": _any_of(r.copula_ptr, r.copulas, member(r.copulas, asked)),
        "asks": r.asks().astype(np.float64),
    }


def _lexical(q: _Query, pool: Pool, fits: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Coverage, order, proximity, position, novelty and length features of every sentence, and which of
    the question's weighted terms (columns) each sentence (rows) holds."""
    weighted = list(q.weights)
    extra = sorted(q.focus - q.weights.keys())
    terms = terms_of(pool, weighted, extra, sorted(q.bigrams))
    where = placed(pool, terms)
    has = where.has
    own = has[:, : len(weighted)]
    w = np.array(list(q.weights.values()))
    cues = np.array([t in q.cues for t in weighted], np.bool_)
    covered = own | (cues[None, :] & (fits > 0)[:, None])
    total = sum(q.weights.values()) or 1.0
    matched = own.sum(axis=1)
    first = where.first
    lengths = pool.lengths
    distinct = where.distinct
    names = np.array([t in q.names for t in weighted], np.bool_)
    focus = np.array([t in q.focus for t in [*weighted, *extra]], np.bool_)
    values = {
        "coverage_idf": (covered * w).sum(axis=1) / total,
        "coverage": matched / (len(q.weights) or 1),
        "all_terms": (covered.sum(axis=1) == len(q.weights)).astype(np.float64),
        "bigrams": where.pairs / len(q.bigrams) if q.bigrams else np.zeros(pool.n),
        "proximity": where.proximity,
        "early": np.where(first >= 0, 1.0 - first / np.maximum(lengths, 1), 0.0),
        "novelty": np.where(distinct > 0, (distinct - matched) / np.maximum(distinct, 1), 0.0),
        "log_length": log_lengths(lengths),
        "names": own[:, names].sum(axis=1) / len(q.names) if q.names else np.zeros(pool.n),
        "focus": has[:, focus].sum(axis=1) / len(q.focus) if q.focus else np.zeros(pool.n),
    }
    return values, own


def pool_features(
    analysis: QuestionAnalysis,
    pool: Pool,
    bm25: Sequence[float],
    idf: Callable[[str], float | None],
    context: Callable[[np.ndarray, dict[str, float]], np.ndarray] | None = None,
) -> np.ndarray:
    """The feature matrix of a pool's sentences (columns as in FEATURES); `context(own, weights)` gives
    the CONTEXT_FEATURES columns from the question's term weights and which of those terms (rows) each
    sentence (columns) holds."""
    q = _query(analysis, idf)
    fit, focus_fit = _figure_fits(q, pool)
    values, held_terms = _lexical(q, pool, fit)
    b = np.asarray(bm25, np.float64)
    best = max(bm25, default=0.0)
    values["bm25_rel"] = b / best if best > 0 else np.zeros(pool.n)
    values["bm25_idf"] = b / (sum(q.weights.values()) or 1.0)
    values["type_fit"], values["focus_figure"] = fit, focus_fit
    values |= _words(q, pool)
    own = np.column_stack([values[name] for name in SENTENCE_FEATURES]).reshape(pool.n, -1)
    ctx = np.zeros((pool.n, len(CONTEXT_FEATURES)))
    if context is not None:
        ctx = context(held_terms.T, q.weights)
    # The article's score, the neighbours and the lead count in proportion to what the sentence itself
    # holds of the question: a strong article does not lift a sentence that is about something else.
    scaled = ctx * np.where(_SCALED, own[:, [_COVERAGE]], 1.0)
    return np.hstack([own, scaled])


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
    pool = Pool.from_texts(sentences, figures, tokens)
    return pool_features(analysis, pool, bm25, idf, None if context is None else lambda own, w: context)


def rerank(
    analysis: QuestionAnalysis,
    sentences: Sequence[str],
    bm25: Sequence[float],
    idf: Callable[[str], float | None],
    figures: Sequence[list[Figure]] | None = None,
    tokens: Sequence[list[str]] | None = None,
    context: np.ndarray | None = None,
    meaning: Meaning = MEANING,
) -> list[float]:
    """Final score per sentence, higher is better: the features weighed, then the best few lifted by
    their meaning's closeness to the question's (`meaning`).

    Pass `figures` (extract_figures per sentence) and `tokens` (tokenize per sentence) when the caller
    already has them: re-tokenising is about half of the time for 100 sentences.
    """
    if not sentences:
        return []
    scores = features(analysis, sentences, bm25, idf, figures, tokens, context) @ WEIGHTS
    return lifted(meaning, analysis.text, sentences, scores).tolist()
