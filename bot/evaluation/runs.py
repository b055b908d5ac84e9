"""Evaluation building blocks: ranking each question's own candidates, corpora and indexes for the runs."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rank_bm25 import BM25Okapi

from bot.answer import InvalidQuestion, analyse, answer, list_context, pick_figure, rerank
from bot.evaluation.datasets import SQUAD, TRECQA, EvalQuestion, EvalSet
from bot.evaluation.metrics import contains_answer, exact_match, ranked_labels, ranking_scores, token_f1
from bot.ingest import extract_figures, tokenize, words
from bot.models import Answer, Article, Figure, Span
from bot.search import EngineBuilder, SearchIndex, build_from_articles

_PLAIN = re.compile(r"[a-z0-9]+")
_LEAD_WORDS = re.compile(
    r"^(?:the\s+(?:last|past|next|previous|coming|first|following|recent)|from|between)\s+", re.I
)


@dataclass(frozen=True)
class Row:
    """One line of the results table: a metric on a subset, for factbot and the plain-BM25 baseline."""

    section: str
    subset: str
    metric: str
    n: int
    factbot: float
    baseline: float | None = None


def plain_tokens(text: str) -> list[str]:
    """The baseline's tokens: lower-cased [a-z0-9]+ runs, nothing removed, nothing stemmed."""
    return _PLAIN.findall(text.lower())


def _ranking_subsets(data: EvalSet) -> list[tuple[str, Callable[[EvalQuestion], bool]]]:
    """The question subsets the ranking metrics are reported on, per dataset."""
    has_pos: Callable[[EvalQuestion], bool] = lambda q: q.n_pos > 0  # noqa: E731
    if data.kind == TRECQA:
        return [
            ("clean", lambda q: q.in_clean),
            ("raw (>=1 positive)", has_pos),
            ("clean, numeric q", lambda q: q.in_clean and q.numeric),
        ]
    if data.kind == SQUAD:
        return [
            ("own paragraph", has_pos),
            ("own paragraph, digit answer", lambda q: has_pos(q) and q.has_digit_answer),
        ]
    return [
        ("(>=1 positive)", has_pos),
        ("clean", lambda q: q.in_clean),
        ("numeric q", lambda q: has_pos(q) and q.numeric),
    ]


def rank_candidates(data: EvalSet) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Scores of each question's own candidates: factbot (BM25 + rerank) and plain BM25, by qid."""
    unique: dict[str, int] = {}
    for q in data.questions:
        for c in q.candidates:
            unique.setdefault(c.sentence, len(unique))
    sentences = list(unique)
    builder = EngineBuilder()
    builder.add_many(tokenize(s) for s in sentences)
    engine = builder.build()
    plain = BM25Okapi([plain_tokens(s) for s in sentences]) if sentences else None
    ours: dict[str, list[float]] = {}
    base: dict[str, list[float]] = {}
    for q in data.questions:
        if not q.candidates or plain is None:
            continue
        ids = [unique[c.sentence] for c in q.candidates]
        texts = [c.sentence for c in q.candidates]
        bm25 = engine.scores(tokenize(q.question), ids).tolist()
        context = own_context(data, q, bm25, engine.idf)
        ours[q.qid] = rerank(analyse(q.question), texts, bm25, engine.idf, context=context)
        base[q.qid] = list(plain.get_batch_scores(plain_tokens(q.question), ids))
    return ours, base


def own_context(
    data: EvalSet, q: EvalQuestion, bm25: list[float], idf: Callable[[str], float | None]
) -> np.ndarray | None:
    """The article context of a question's own candidates, where they are one article in page order
    (WikiQA, a SQuAD paragraph); None for TrecQA, whose lists mix documents and put positives first."""
    if data.kind == TRECQA:
        return None
    texts = [c.sentence for c in q.candidates]
    return list_context(tokenize(q.question), [tokenize(t) for t in texts], bm25, q.title, idf)


def ranking_rows(data: EvalSet, ours: dict[str, list[float]], base: dict[str, list[float]]) -> list[Row]:
    """MAP, MRR and P@1 on each subset (plus, for SQuAD, whether the top sentence holds a gold answer)."""
    rows: list[Row] = []
    for name, keep in _ranking_subsets(data):
        qs = [q for q in data.questions if keep(q) and q.qid in ours]
        ranked = {
            who: ranking_scores([ranked_labels(s[q.qid], [c.label for c in q.candidates]) for q in qs])
            for who, s in (("ours", ours), ("base", base))
        }
        for metric, label in (("map", "MAP"), ("mrr", "MRR"), ("p1", "P@1")):
            rows.append(
                Row(
                    "ranking",
                    name,
                    label,
                    len(qs),
                    *(getattr(ranked[w], metric) for w in ("ours", "base")),
                )
            )
        if data.kind == SQUAD:
            hits = [
                mean_or_zero(contains_answer(_top(s[q.qid], q), q.answers) for q in qs) for s in (ours, base)
            ]
            rows.append(Row("ranking", name, "top sentence holds gold answer", len(qs), *hits))
    return rows


def top_figures(data: EvalSet, ours: dict[str, list[float]]) -> dict[str, tuple[str, Figure | None]]:
    """Each ranked question's top candidate sentence and the figure factbot picks from it, by qid."""
    out = {}
    for q in data.questions:
        if q.qid in ours:
            top = _top(ours[q.qid], q)
            asked = {w for w in words(q.question) if w[0].isdigit()}
            out[q.qid] = (top, pick_figure(analyse(q.question), top, asked)[0])
    return out


def bare_figure(figure: Figure | None) -> str | None:
    """The figure without its qualifier, lead words or conversion ('early 2012' -> '2012', 'the next
    380 years' -> '380 years', '6 miles (9.7 km)' -> '6 miles'), as SQuAD answers are often written."""
    if figure is None:
        return None
    text = figure.text
    if figure.conversion is not None:
        text = text[: figure.conversion.span.start - figure.span.start].rstrip(" (")
    qualifier = figure.qualifier
    if qualifier and text.lower().startswith(qualifier.lower()):
        text = text[len(qualifier) :].strip()
    return _LEAD_WORDS.sub("", text) or figure.text


def figure_at(passage: str | None, highlight: Span | None) -> Figure | None:
    """The figure an answer highlights in its passage, as extracted (with qualifier and conversion); when
    it highlights a part of one (the year alone of a full date, for "which year"), that part, as shown."""
    if not passage or highlight is None:
        return None
    figures = extract_figures(passage)
    for figure in figures:
        if figure.span == highlight:
            return figure
        if figure.conversion is not None and figure.conversion.span == highlight:
            return figure.conversion
    for figure in figures:
        if figure.span.start <= highlight.start and highlight.end <= figure.span.end:
            shown = passage[highlight.start : highlight.end]
            return figure.model_copy(
                update={"text": shown, "span": highlight, "qualifier": None, "conversion": None}
            )
    return None


def figure_scores(figure: Figure | None, golds: Sequence[str]) -> tuple[float, float]:
    """SQuAD exact match and F1 of a figure: as shown, or without its qualifier, whichever is higher."""
    if figure is None:
        return 0.0, 0.0
    forms = (figure.text, bare_figure(figure))
    return max(exact_match(f, golds) for f in forms), max(token_f1(f, golds) for f in forms)


def _top(scores: Sequence[float], q: EvalQuestion) -> str:
    """The candidate sentence with the highest score (first one on ties)."""
    return q.candidates[int(np.argmax(scores))].sentence


def mean_or_zero(values: Iterable[float | bool]) -> float:
    """The mean of numbers or of flags (the share of true ones), 0.0 for none."""
    items = [float(v) for v in values]
    return sum(items) / len(items) if items else 0.0


def articles_of(data: EvalSet, per_paragraph: bool = False) -> dict[str, Article]:
    """One article per candidate list (TrecQA), Wikipedia page (WikiQA) or SQuAD article title/paragraph."""
    groups: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for q in data.questions:
        key = article_key(data, q, per_paragraph)
        parts = groups.setdefault(key, [])
        text = q.group if data.kind == SQUAD else "\n\n".join(_article_order(data, q))
        if text and text not in parts:
            parts.append(text)
        titles[key] = q.title
    return {
        key: Article(doc_id=key, title=titles[key], text="\n\n".join(parts))
        for key, parts in groups.items()
        if parts
    }


def _article_order(data: EvalSet, q: EvalQuestion) -> list[str]:
    """A question's candidates in the order its article gets them. TrecQA's files list the positives
    first, which would hand position features the labels: its sentences go in a fixed pseudo-random
    order (by a hash of their text). WikiQA's are in page order, which is the article's own."""
    sentences = [c.sentence for c in q.candidates]
    if data.kind != TRECQA:
        return sentences
    return sorted(sentences, key=lambda s: hashlib.sha1(s.encode("utf-8")).hexdigest())


def article_key(data: EvalSet, q: EvalQuestion, per_paragraph: bool = False) -> str:
    """Which article a question's candidates belong to."""
    if data.kind == SQUAD and not per_paragraph:
        return q.title or q.group
    return q.group


def topic_key(data: EvalSet, q: EvalQuestion) -> str:
    """What a question is about, for the control: the TrecQA series (32.1 and 32.2 share it), else article."""
    if data.kind == TRECQA:
        return "trecqa-" + q.qid.split(".")[0]
    return article_key(data, q)


def control_indexes(data: EvalSet, folder: Path) -> Callable[[EvalQuestion], SearchIndex] | None:
    """The shuffled control: the topics split into two halves, each indexed; for a question, the index of
    the half that lacks its topic. None when there is only one topic."""
    articles = articles_of(data)
    topic = {article_key(data, q): topic_key(data, q) for q in data.questions}
    topics = sorted(set(topic.values()))
    halves = (set(topics[0::2]), set(topics[1::2]))
    if not halves[1]:
        return None
    indexes = [
        build_temp_index((a for k, a in sorted(articles.items()) if topic[k] in half), folder / f"half{i}")
        for i, half in enumerate(halves)
    ]
    return lambda q: indexes[1] if topic_key(data, q) in halves[0] else indexes[0]


def siblings(qs: Sequence[EvalQuestion], articles: dict[str, Article]) -> dict[str, str]:
    """For each question, the next paragraph of its article (in file order, round to the start) that
    holds none of its gold answers; questions of a one-paragraph article get none."""
    by_title: dict[str, list[str]] = {}
    for key, article in articles.items():
        by_title.setdefault(article.title, []).append(key)
    out = {}
    for q in qs:
        order = by_title.get(articles[q.group].title, [])
        at = order.index(q.group) if q.group in order else 0
        later = order[at + 1 :] + order[:at]
        found = next((p for p in later if not contains_answer(articles[p].text, q.answers)), None)
        if found is not None:
            out[q.qid] = found
    return out


Askings = dict[str, list[tuple[str, EvalQuestion]]]  # paragraph key -> ("own" or "sibling", question)


def paragraph_askings(qs: Sequence[EvalQuestion], articles: dict[str, Article]) -> Askings:
    """SQuAD, per paragraph: the questions asked of an index of it alone, each marked 'own' (its own
    paragraph) or 'sibling' (the control: another paragraph of its article that lacks its answer)."""
    sibling = siblings(qs, articles)
    asked: Askings = {}
    for q in qs:
        asked.setdefault(q.group, []).append(("own", q))
        if q.qid in sibling:
            asked.setdefault(sibling[q.qid], []).append(("sibling", q))
    return asked


def build_temp_index(articles: Iterable[Article], folder: Path) -> SearchIndex:
    """Index the articles into a folder and open the result."""
    build_from_articles(articles, folder)
    return SearchIndex.open(folder)


def ask(question: str, index: SearchIndex) -> Answer | None:
    """factbot's answer, or None when the question is rejected as invalid."""
    try:
        return answer(question, index)
    except InvalidQuestion:
        return None


def is_positive(data: EvalSet, q: EvalQuestion, passage: str | None) -> bool:
    """Whether a returned passage is a correct answer sentence for the question."""
    if not passage:
        return False
    if data.kind == SQUAD:
        return contains_answer(passage, q.answers)
    flat = " ".join(passage.split())
    return any(c.label > 0 and (flat in c.sentence or c.sentence in flat) for c in q.candidates)


def with_tempdir(run: Callable[[Path], list[Row]]) -> list[Row]:
    """Run a function with a fresh temporary folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="factbot-eval-") as tmp:
        return run(Path(tmp))
