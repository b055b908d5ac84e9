"""Fitting pick_figure's weights (bot.answer.figure_choice.WEIGHTS) on SQuAD numeric, fit half by article.

Run with the file's full path:
`python -m bot.evaluation.fit_figure_choice ../shared/data/squad11_numeric/squad11_dev_numeric.jsonl`
It writes bot/answer/figure_choice_weights.json (`--dry-run`: prints them only) and prints, on both halves,
how often the chosen figure of the gold sentence matches a gold answer. Only the fit half is fitted.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answer import FIGURE_FEATURES, FIGURE_PRIOR, FIGURE_WEIGHTS_FILE, analyse, figure_options
from bot.evaluation.datasets import EvalSet, load_dataset
from bot.evaluation.fitting import Group  # here: the candidate figures of a question's gold sentence
from bot.evaluation.runs import figure_scores
from bot.evaluation.splits import Half, half_of
from bot.ingest import words

# How strongly the features with a prior (FIGURE_PRIOR) are held to it: the data moves them little.
PRIOR_L2 = 1.0


def figure_groups(data: EvalSet, half: Half) -> tuple[list[Group], int]:
    """Groups of the questions of one half, and how many questions the half has."""
    qs = [q for q in data.questions if q.n_pos > 0 and half_of(q.title or q.group) == half]
    groups = []
    for q in qs:
        sentence = next(c.sentence for c in q.candidates if c.label > 0)
        asked = {w for w in words(q.question) if w[0].isdigit()}
        options = figure_options(analyse(q.question), sentence, asked)
        if options:
            y = [figure_scores(f, q.answers)[0] for f, _ in options]
            groups.append(Group(np.array([row for _, row in options]), np.array(y)))
    return groups, len(qs)


def fit_logit(groups: list[Group], l2: float = 1e-2, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """Weights maximising the conditional log-likelihood of the right figures within each group, each
    weight pulled (L2) towards its prior: 0, or FIGURE_PRIOR for features the data hardly shows."""
    kept = [g for g in groups if g.y.any() and not g.y.all()]
    prior = np.array([FIGURE_PRIOR.get(name, 0.0) for name in FIGURE_FEATURES])
    strength = np.array([PRIOR_L2 if name in FIGURE_PRIOR else l2 for name in FIGURE_FEATURES])
    w = prior.copy()
    for _ in range(steps):
        grad = strength * (w - prior)
        for g in kept:
            s = g.x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            target = g.y / g.y.sum()
            grad -= (g.x.T @ (target - p)) / len(kept)
        w -= rate * grad
    return w


def chosen_right(groups: list[Group], n: int, w: np.ndarray) -> float:
    """Share of the half's questions whose highest-scoring figure matches a gold answer."""
    return sum(float(g.y[int(np.argmax(g.x @ w))]) for g in groups) / max(n, 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the fit half, score both halves, write (or print) the weights."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("squad", type=Path)
    parser.add_argument("--l2", type=float, default=1e-2)
    parser.add_argument("--dry-run", action="store_true", help="print the weights, write nothing")
    args = parser.parse_args(argv)
    data = load_dataset(args.squad)
    halves = {half: figure_groups(data, half) for half in ("fit", "check")}
    w = fit_logit(halves["fit"][0], l2=args.l2)
    for half, (groups, n) in halves.items():
        print(f"{half}: n={n} chosen figure right {chosen_right(groups, n, w):.4f}")
    text = weights_json(w, args.l2)
    if args.dry_run:
        print(text, end="")
    else:
        FIGURE_WEIGHTS_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {FIGURE_WEIGHTS_FILE}")
    return 0


def weights_json(w: np.ndarray, l2: float) -> str:
    """The weights file: what was fitted, how to refit it, and each weight to 3 decimals (-0.0 as 0.0)."""
    doc = {
        "model": "conditional logit over the figures of one sentence: score = features · weights "
        "(bot/answer/figure_choice.py)",
        "command": "python -m bot.evaluation.fit_figure_choice "
        "../shared/data/squad11_numeric/squad11_dev_numeric.jsonl",
        "fitted_on": "SQuAD 1.1 dev numeric, fit half by article (bot.evaluation.splits.half_of): the "
        "figures "
        f"of each question's gold sentence, L2 {l2:g} towards 0 and {PRIOR_L2:g} towards PRIOR",
        "weights": {name: round(float(v), 3) + 0.0 for name, v in zip(FIGURE_FEATURES, w, strict=True)},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
