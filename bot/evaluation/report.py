"""`factbot eval`: answer quality on TrecQA, WikiQA, SQuAD numeric and NewsQA, beside plain BM25."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bot.evaluation import trecqc
from bot.evaluation.datasets import SQUAD, TRECQA, WIKIQA, DatasetError, EvalQuestion, EvalSet, load_dataset
from bot.evaluation.metrics import contains_answer, exact_match, matches_patterns
from bot.evaluation.newsqa import NEWSQA, NewsSet, evaluate_newsqa, is_newsqa, load_newsqa
from bot.evaluation.runs import (
    Row,
    article_key,
    articles_of,
    ask,
    build_temp_index,
    control_indexes,
    figure_at,
    figure_scores,
    is_positive,
    mean_or_zero,
    paragraph_askings,
    plain_tokens,
    rank_candidates,
    ranking_rows,
    top_figures,
    with_tempdir,
)
from bot.evaluation.splits import half_of
from bot.models import Answer, Figure
from bot.search import EngineBuilder, SearchIndex

# Best published figures on the test splits (PROVENANCE.md §4): (dataset, subset, metric) → (value, system).
PUBLISHED = {
    (TRECQA, "clean", "MAP"): (0.709, "Yih et al. 2013 LCLR"),
    (TRECQA, "clean", "MRR"): (0.770, "Yih et al. 2013 LCLR"),
    (WIKIQA, "(>=1 positive)", "MAP"): (0.652, "CNN-Cnt, Yang et al. 2015"),
    (WIKIQA, "(>=1 positive)", "MRR"): (0.6652, "CNN-Cnt, Yang et al. 2015"),
}


def answerable(data: EvalSet) -> list[EvalQuestion]:
    """Questions that have at least one correct candidate."""
    return [q for q in data.questions if q.n_pos > 0]


def open_rows(data: EvalSet, index: SearchIndex) -> list[Row]:
    """Ask every answerable question against the whole split: P@1, figure accuracy, abstention."""
    qs = answerable(data)
    answers = [ask(q.question, index) for q in qs]
    tops = [a.passage if a and a.found else None for a in answers]
    base_tops = _baseline_open_tops(data, qs)
    rows = [
        Row(
            "open retrieval",
            "answerable q",
            "P@1",
            len(qs),
            mean_or_zero(is_positive(data, q, t) for q, t in zip(qs, tops, strict=True)),
            mean_or_zero(is_positive(data, q, t) for q, t in zip(qs, base_tops, strict=True)),
        )
    ]
    if data.kind == SQUAD:  # tuned on the fit half of the articles: the check half is the honest figure
        rows += _half_rows(data, qs, tops, base_tops, answers)
    if data.kind == TRECQA:
        rows.append(_pattern_row("open retrieval", "top passage matches answer pattern", qs, tops, base_tops))
        rows += _trec_figure_rows(qs, answers)
    if data.kind == SQUAD:
        rows += _squad_figure_rows("open retrieval", qs, answers)
    found = [a is not None and a.found for a in answers]
    rows.append(Row("abstention", "answerable q", "says not found", len(qs), 1.0 - mean_or_zero(found)))
    return rows


def _half_rows(
    data: EvalSet, qs: list[EvalQuestion], tops: list[str | None], base: list[str | None], answers: list
) -> list[Row]:
    """Open P@1 and "not found" on the fit and check halves of a set split by article (SQuAD)."""
    rows = []
    for half in ("fit", "check"):
        keep = [i for i, q in enumerate(qs) if half_of(article_key(data, q)) == half]
        ours = mean_or_zero(is_positive(data, qs[i], tops[i]) for i in keep)
        theirs = mean_or_zero(is_positive(data, qs[i], base[i]) for i in keep)
        rows.append(Row("open retrieval", f"answerable q, {half} half", "P@1", len(keep), ours, theirs))
        missed = 1.0 - mean_or_zero(answers[i] is not None and answers[i].found for i in keep)
        rows.append(Row("abstention", f"answerable q, {half} half", "says not found", len(keep), missed))
    return rows


def _baseline_open_tops(data: EvalSet, qs: list[EvalQuestion]) -> list[str | None]:
    """Plain BM25's top sentence over all the split's sentences, per question (None when nothing scores)."""
    sentences = list(dict.fromkeys(c.sentence for q in data.questions for c in q.candidates))
    builder = EngineBuilder()
    builder.add_many(plain_tokens(s) for s in sentences)
    engine = builder.build()
    tops: list[str | None] = []
    for q in qs:
        hits = engine.search(plain_tokens(q.question), k=1)
        tops.append(sentences[hits[0][0]] if hits else None)
    return tops


def _pattern_row(
    section: str, metric: str, qs: list[EvalQuestion], tops: list[str | None], base: list[str | None]
) -> Row:
    """Share of questions whose top passage matches a TREC answer pattern."""
    ours = mean_or_zero(matches_patterns(t, q.patterns) for q, t in zip(qs, tops, strict=True))
    theirs = mean_or_zero(matches_patterns(t, q.patterns) for q, t in zip(qs, base, strict=True))
    return Row(section, "answerable q", metric, len(qs), ours, theirs)


def _trec_figure_rows(qs: list[EvalQuestion], answers: list) -> list[Row]:
    """The returned figure matches the answer pattern: all answerable and numeric questions."""
    rows = []
    for name, keep in (("answerable q", lambda q: True), ("numeric q", lambda q: q.numeric)):
        pairs = [(q, a) for q, a in zip(qs, answers, strict=True) if keep(q)]
        hits = [a is not None and a.found and matches_patterns(a.figure, q.patterns) for q, a in pairs]
        rows.append(Row("figure", name, "figure matches answer pattern", len(pairs), mean_or_zero(hits)))
    return rows


def _squad_figure_rows(section: str, qs: list[EvalQuestion], answers: list) -> list[Row]:
    """SQuAD exact match and token F1 of the figure, and whether the passage holds a gold answer."""
    rows = []
    for name, keep in (("all numeric q", lambda q: True), ("digit answer", lambda q: q.has_digit_answer)):
        pairs = [(q, a if a is not None and a.found else None) for q, a in zip(qs, answers, strict=True)]
        pairs = [(q, a) for q, a in pairs if keep(q)]
        figures = [(q.answers, figure_at(a.passage, a.highlight) if a else None) for q, a in pairs]
        rows += [
            Row(section, name, "passage holds gold answer", len(pairs),
                mean_or_zero(contains_answer(a.passage if a else None, q.answers) for q, a in pairs)),
            *_figure_rows(section, name, figures),
        ]  # fmt: skip
    return rows


def _figure_rows(section: str, subset: str, picked: list[tuple[tuple[str, ...], Figure | None]]) -> list[Row]:
    """Figure EM and F1 (a qualifier or conversion shown does not break the match), and EM as shown."""
    scores = [figure_scores(f, golds) for golds, f in picked]
    n = len(picked)
    return [
        Row(section, subset, "figure EM", n, mean_or_zero(em for em, _ in scores)),
        Row(section, subset, "figure F1", n, mean_or_zero(f1 for _, f1 in scores)),
        Row(section, subset, "figure EM, as shown", n,
            mean_or_zero(exact_match(f.text if f else None, golds) for golds, f in picked)),
    ]  # fmt: skip


def ranked_figure_rows(data: EvalSet, ours: dict[str, list[float]]) -> list[Row]:
    """SQuAD: the figure picked from the top-ranked sentence of the question's own paragraph."""
    qs = [q for q in answerable(data) if q.qid in ours]
    tops = top_figures(data, ours)
    rows = []
    subsets = (
        ("all numeric q", lambda q: True),
        ("digit answer", lambda q: q.has_digit_answer),
        (
            "check half",
            lambda q: half_of(q.title or q.group) == "check",
        ),  # pick_figure was fitted on the other
    )
    for name, keep in subsets:
        picked = [(q.answers, tops[q.qid][1]) for q in qs if keep(q)]
        rows += _figure_rows("own paragraph, ranked", name, picked)
    return rows


def own_paragraph_rows(data: EvalSet, folder: Path) -> list[Row]:
    """SQuAD: each question asked through answer() against an index of its own paragraph only; and, the
    sibling control, against one of another paragraph of its article that holds no gold answer (the same
    topic, another fact: it should say not found)."""
    qs, articles = answerable(data), articles_of(data, per_paragraph=True)
    asked = paragraph_askings(qs, articles)
    answers: dict[str, dict[str, Answer | None]] = {"own": {}, "sibling": {}}
    for n, (paragraph, pairs) in enumerate(asked.items()):
        index = build_temp_index([articles[paragraph]], folder / f"p{n}")
        for kind, q in pairs:
            answers[kind][q.qid] = ask(q.question, index)
    own = answers["own"]
    rows = _squad_figure_rows("own paragraph, answer()", qs, [own[q.qid] for q in qs])
    rows += _refusal_rows(data, "own paragraph", "says not found", own, "answerable q")
    return rows + _refusal_rows(
        data, "own paragraph, sibling control", "correctly says not found", answers["sibling"]
    )


def _refusal_rows(
    data: EvalSet, name: str, metric: str, answers: dict[str, Answer | None], whole: str = ""
) -> list[Row]:
    """The share of "not found" among the answers (by qid): all of them, then per half of the articles
    (tuned on the fit half, so the check half is the honest figure)."""
    qs = [q for q in data.questions if q.qid in answers]
    rows = []
    for half in (None, "fit", "check"):
        kept = [answers[q.qid] for q in qs if half is None or half_of(article_key(data, q)) == half]
        subset = (f"{name}, {whole}" if whole else name) if half is None else f"{name}, {half} half"
        refused = 1.0 - mean_or_zero(a is not None and a.found for a in kept)
        rows.append(Row("abstention", subset, metric, len(kept), refused))
    return rows


def control_rows(data: EvalSet, folder: Path) -> list[Row]:
    """Shuffled control: each question asked against an index that lacks its topic; it should abstain.
    SQuAD's rows are also given per fit and check half of its articles."""
    other = control_indexes(data, folder)
    if other is None:
        return []
    qs = answerable(data)
    abstained = []
    for q in qs:
        result = ask(q.question, other(q))
        abstained.append(result is None or not result.found)
    subsets = [("shuffled control", [True] * len(qs))]
    if data.kind == SQUAD:
        subsets += [(f"shuffled control, {h} half", [half_of(article_key(data, q)) == h for q in qs])
                    for h in ("fit", "check")]  # fmt: skip
    return [
        Row("abstention", name, "correctly says not found", sum(keep),
            mean_or_zero(a for a, k in zip(abstained, keep, strict=True) if k))
        for name, keep in subsets
    ]  # fmt: skip


def evaluate(data: EvalSet) -> list[Row]:
    """All rows for one dataset: ranking, open retrieval, figures, abstention."""
    ours, base = rank_candidates(data)
    rows = ranking_rows(data, ours, base)
    if data.kind == SQUAD:
        rows += ranked_figure_rows(data, ours)

    def run(folder: Path) -> list[Row]:
        out = open_rows(data, build_temp_index(articles_of(data).values(), folder / "all"))
        if data.kind == SQUAD:
            out += own_paragraph_rows(data, folder / "own")
        return out + control_rows(data, folder / "control")

    return rows + with_tempdir(run)


def format_table(data: EvalSet | NewsSet, rows: list[Row], seconds: float) -> str:
    """The results as an aligned text table."""
    head = ("section", "subset", "metric", "n", "factbot", "plain BM25", "ratio", "published best")
    lines = [head]
    kind = data.kind if isinstance(data, EvalSet) else NEWSQA
    for r in rows:
        pub = PUBLISHED.get((kind, r.subset, r.metric)) if data.split == "test" else None
        base = "" if r.baseline is None else f"{r.baseline:.4f}"
        ratio = f"{r.factbot / r.baseline:.3f}" if r.baseline else ""
        lines.append((r.section, r.subset, r.metric, str(r.n), f"{r.factbot:.4f}", base, ratio,
                      f"{pub[0]:.4f} ({pub[1]})" if pub else ""))  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    name = data.name if isinstance(data, EvalSet) else f"{NEWSQA} {data.split}"
    text = [f"{name}: {len(data.questions)} questions, {seconds:.1f} s"]
    text += [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in lines
    ]
    return "\n".join(text)


def to_json(data: EvalSet | NewsSet, rows: list[Row], seconds: float) -> str:
    """The results as a JSON document."""
    return json.dumps(
        {
            "dataset": data.kind if isinstance(data, EvalSet) else NEWSQA,
            "split": data.split,
            "questions": len(data.questions),
            "seconds": round(seconds, 2),
            "rows": [asdict(r) for r in rows],
        },
        indent=2,
    )


def main(path: Path, split_name: str | None, as_json: bool, limit: int | None) -> int:
    """Evaluate one dataset file and print the table (or JSON); return the exit code."""
    if path.suffix == ".label":  # TREC question classification: answer types, not answers
        return trecqc.main(path, as_json, limit)
    started = time.perf_counter()
    try:
        news = path.is_file() and is_newsqa(path)
        data = load_newsqa(path, split_name, limit) if news else load_dataset(path, split_name, limit)
    except DatasetError as exc:
        print(f"factbot eval: {exc}", file=sys.stderr)
        return 2
    rows = evaluate_newsqa(data) if isinstance(data, NewsSet) else evaluate(data)
    seconds = time.perf_counter() - started
    print(to_json(data, rows, seconds) if as_json else format_table(data, rows, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), None, "--json" in sys.argv, None))
