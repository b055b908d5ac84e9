"""Fitting the reranker's weights (bot/answer/ranking_weights.json) on training questions: pairwise loss.

Run from the repository, with the folder of the shared data (train splits and fit halves only):
`python -m bot.evaluation.fitting ../shared/data`
It fits on TrecQA train and WikiQA train (each question's own candidates, and open retrieval over the
split's articles), SQuAD numeric's fit half (split by article title) and NewsQA's fit half (split by
story), both in open retrieval; writes the weights; and prints P@1 on the check halves and dev splits.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer import FEATURES, RANKER_WEIGHTS_FILE, analyse, candidate_features, features
from bot.evaluation.datasets import SQUAD, TRECQA, EvalQuestion, EvalSet, load_dataset
from bot.evaluation.metrics import RankingScores, contains_answer, ranked_labels, ranking_scores
from bot.evaluation.newsqa import load_newsqa
from bot.evaluation.runs import articles_of, build_temp_index, is_positive, own_context
from bot.evaluation.splits import half_of
from bot.ingest import tokenize
from bot.search import EngineBuilder, SearchIndex

# How much each kind of group weighs in the loss, relative to one question of open retrieval. Chosen by
# mean P@1 over the check halves and the dev splits (docs/evaluation.md).
OWN_WEIGHT = 0.5
TRECQA_OWN_WEIGHT = 8.0  # TrecQA train has 78 clean questions against WikiQA's 873 (as before #9)
L2 = 1e-3


@dataclass(frozen=True)
class Group:
    """One question's candidates as a feature matrix with labels."""

    x: np.ndarray
    y: np.ndarray
    in_clean: bool = True


def own_features(data: EvalSet) -> Iterator[tuple[EvalQuestion, list[str], np.ndarray]]:
    """Each answerable question with its own candidates' texts and features, as eval ranks them."""
    unique = list(dict.fromkeys(c.sentence for q in data.questions for c in q.candidates))
    ids = {s: i for i, s in enumerate(unique)}
    builder = EngineBuilder()
    builder.add_many(tokenize(s) for s in unique)
    engine = builder.build()
    for q in data.questions:
        if q.n_pos == 0:
            continue
        texts = [c.sentence for c in q.candidates]
        bm25 = engine.scores(tokenize(q.question), [ids[s] for s in texts]).tolist()
        context = own_context(data, q, bm25, engine.idf)
        yield q, texts, features(analyse(q.question), texts, bm25, engine.idf, context=context)


def feature_groups(data: EvalSet) -> list[Group]:
    """Features of each answerable question's own candidates, as eval ranks them."""
    return [Group(x, np.array([c.label for c in q.candidates]), q.in_clean) for q, _, x in own_features(data)]


def open_groups(questions: Sequence[tuple[str, Callable[[str], bool]]], index: SearchIndex) -> list[Group]:
    """Features of each question's open-retrieval candidates (as answer() ranks them), labelled by `right`."""
    groups = []
    for question, right in questions:
        x, texts = candidate_features(question, index)
        y = np.array([1 if right(t) else 0 for t in texts])
        if len(y) and 0 < y.sum() < len(y):
            groups.append(Group(x, y))
    return groups


def eval_open_groups(data: EvalSet, keep: Callable[[EvalQuestion], bool], folder: Path) -> list[Group]:
    """Open-retrieval groups of a TrecQA, WikiQA or SQuAD file, over an index of all its articles."""
    index = build_temp_index(articles_of(data).values(), folder)
    if data.kind == SQUAD:
        label = lambda q: lambda t: contains_answer(t, q.answers)  # noqa: E731
    else:
        label = lambda q: lambda t: is_positive(data, q, t)  # noqa: E731
    return open_groups([(q.question, label(q)) for q in data.questions if q.n_pos and keep(q)], index)


def newsqa_groups(path: Path, half: str, folder: Path) -> list[Group]:
    """Open-retrieval groups of one half of NewsQA, over an index of every story."""
    data = load_newsqa(path)
    index = build_temp_index(data.stories, folder)
    qs = [q for q in data.questions if q.half == half]
    return open_groups([(q.question, lambda t, q=q: contains_answer(t, q.answers)) for q in qs], index)


def fit_pairwise(
    sets: Sequence[tuple[list[Group], float]], l2: float = L2, steps: int = 800, rate: float = 0.5
) -> np.ndarray:
    """Weights minimising the logistic loss of (positive - negative) pairs; each question weighs the same
    within its set, times the set's weight."""
    diffs, pair_weights = [], []
    for groups, weight in sets:
        for g in groups:
            pos, neg = g.x[g.y > 0], g.x[g.y <= 0]
            if len(pos) and len(neg):
                d = (pos[:, None, :] - neg[None, :, :]).reshape(-1, g.x.shape[1])
                diffs.append(d)
                pair_weights.append(np.full(len(d), weight / len(d)))
    d = np.vstack(diffs)
    pw = np.concatenate(pair_weights)
    pw /= pw.sum()
    w = np.zeros(d.shape[1])
    w[0] = 1.0  # start from plain BM25
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(np.clip(d @ w, -30, 30)))
        w -= rate * (l2 * w - (d * (pw * p)[:, None]).sum(axis=0))
    return w


def score(groups: list[Group], weights: np.ndarray, clean_only: bool = False) -> RankingScores:
    """MAP/MRR/P@1 of the weighted features on the groups (only clean ones if asked)."""
    kept = [g for g in groups if g.in_clean or not clean_only]
    return ranking_scores([ranked_labels((g.x @ weights).tolist(), g.y.tolist()) for g in kept])


def all_groups(data_dir: Path, folder: Path) -> dict[str, list[Group]]:
    """Every fit and check group, by name ('fit: ...' groups are fitted, the rest only scored)."""
    trec = {s: load_dataset(data_dir / "trecqa" / f"trecqa_{s}.jsonl") for s in ("train", "dev")}
    wiki = {s: load_dataset(data_dir / "wikiqa" / f"wikiqa_{s}.jsonl") for s in ("train", "dev")}
    squad = load_dataset(data_dir / "squad11_numeric" / "squad11_dev_numeric.jsonl")
    news = data_dir / "newsqa" / "newsqa_dev.jsonl"
    every = lambda q: True  # noqa: E731
    half = lambda h: lambda q: half_of(q.title or q.group) == h  # noqa: E731
    groups = {
        "fit: trecqa train, own": feature_groups(trec["train"]),
        "fit: wikiqa train, own": feature_groups(wiki["train"]),
        "fit: trecqa train, open": eval_open_groups(trec["train"], every, folder / "t"),
        "fit: wikiqa train, open": eval_open_groups(wiki["train"], every, folder / "w"),
        "fit: squad fit half, open": eval_open_groups(squad, half("fit"), folder / "s"),
        "fit: newsqa fit half, open": newsqa_groups(news, "fit", folder / "n"),
        "check: trecqa dev, own": feature_groups(trec["dev"]),
        "check: wikiqa dev, own": feature_groups(wiki["dev"]),
        "check: squad check half, open": eval_open_groups(squad, half("check"), folder / "s2"),
        "check: newsqa check half, open": newsqa_groups(news, "check", folder / "n2"),
    }
    return groups


def fit(groups: dict[str, list[Group]], own_weight: float = OWN_WEIGHT, l2: float = L2) -> np.ndarray:
    """Fit the weights on the 'fit:' groups."""
    sets = [(g, group_weight(name, own_weight)) for name, g in groups.items() if name.startswith("fit:")]
    return fit_pairwise(sets, l2)


def group_weight(name: str, own_weight: float = OWN_WEIGHT) -> float:
    """How much a named set of groups weighs in the loss: open retrieval 1, own candidates less."""
    if not name.endswith("own"):
        return 1.0
    return own_weight * (TRECQA_OWN_WEIGHT if TRECQA in name else 1.0)


def write_weights(weights: np.ndarray, path: Path = RANKER_WEIGHTS_FILE) -> None:
    """Save the weights as plain JSON, with how they were made."""
    doc = {
        "model": "linear: score = features · weights (bot/answer/ranking.py)",
        "command": "python -m bot.evaluation.fitting ../shared/data",
        "fitted_on": "TrecQA train, WikiQA train (own candidates and open retrieval); SQuAD numeric and "
        "NewsQA dev fit halves (open retrieval); pairwise logistic loss, L2 "
        f"{L2}, own-candidate groups weighed {OWN_WEIGHT} (TrecQA's x{TRECQA_OWN_WEIGHT:g})",
        "weights": {name: round(float(v), 4) for name, v in zip(FEATURES, weights, strict=True)},
    }
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def refit_arguments(description: str | None, argv: Sequence[str] | None) -> argparse.Namespace:
    """A refit command's arguments: the shared data folder, and --dry-run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("data_dir", type=Path, help="the shared data folder (trecqa/, wikiqa/, ...)")
    parser.add_argument("--dry-run", action="store_true", help="print, but do not write the weights")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the fit groups, write the weights, print P@1/MAP on every group."""
    args = refit_arguments(__doc__, argv)
    with tempfile.TemporaryDirectory(prefix="factbot-fit-") as tmp:
        groups = all_groups(args.data_dir, Path(tmp))
    weights = fit(groups)
    for name, g in groups.items():
        s = score(g, weights, clean_only=TRECQA in name)
        print(f"{name}: n={s.n} MAP={s.map:.4f} MRR={s.mrr:.4f} P@1={s.p1:.4f}")
    if not args.dry_run:
        write_weights(weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
