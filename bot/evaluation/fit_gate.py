"""Fitting the answerability gate (bot/answer/gate_weights.json) on train splits and fit halves.

Run from the repository, with the folder of the shared data: `python -m bot.evaluation.fit_gate DATA_DIR`
(about 2 minutes; `--report` adds the dev, test and check-half table, `--dry-run` writes nothing). Each
answerable question of TrecQA train, WikiQA train, SQuAD numeric's fit half (by article title) and
NewsQA's fit half (by story) is asked, as `factbot eval` asks it, of an index holding its article and of
the shuffled control's index without it. The gate sees the candidate answer() would gate (the best within
the support thresholds, else the best within the floors) and learns which index it came from. L2 is
chosen by cross-validation on the fit sets (folds by article), and the one threshold by the objective:
the most control questions refused, on average over the four sets, while the answerable ones said
"not found" stay at or under 5% on each. The fit is deterministic (Newton's method, folds by hash).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answer import GATE_FEATURES, GATE_FILE, GATE_WORDS_FILE, GateModel, hinges, use_meaning
from bot.evaluation.gate_data import SETS, Asked, collect
from bot.evaluation.splits import fold_of

L2 = (1e-3, 3e-3, 1e-2, 3e-2, 1e-1)
KNOTS = (20, 40, 60, 80)  # percentiles of each feature over the fit rows where its slope may change
MAX_NOT_FOUND = 0.05
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.0, 1.0001, 0.0025), 4)
COMMAND = "python -m bot.evaluation.fit_gate ../shared/data"
HAND = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6)  # sentence coverages of the support thresholds, for comparison


def top_rows(pairs: Sequence[Asked]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The features of each pair's gated candidate (Asked.top), for the pairs that have
    one: with whether it was asked of its own article's index, and which pairs those are."""
    kept = [i for i, p in enumerate(pairs) if p.top is not None]
    x = np.array([pairs[i].x[pairs[i].top] for i in kept]).reshape(len(kept), len(GATE_FEATURES))
    return x, np.array([pairs[i].own for i in kept], float), np.array(kept, int)


def _design(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """Each feature and its hinges."""
    return np.hstack([x, hinges(x, knots)])


def fit_logistic(z: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression by Newton's method on standardised columns, returned in raw units."""
    mean, scale = z.mean(axis=0), z.std(axis=0)
    scale[scale < 1e-9] = 1.0
    s = np.hstack([(z - mean) / scale, np.ones((len(z), 1))])
    w = w / w.sum()
    penalty = l2 * np.diag(np.r_[np.ones(z.shape[1]), 0.0])
    beta = np.zeros(s.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(s @ beta, -30, 30)))
        grad = s.T @ (w * (p - y)) + penalty @ beta
        hess = (s * (w * p * (1 - p))[:, None]).T @ s + penalty + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = beta[:-1] / scale
    return weights, float(beta[-1] - weights @ mean)


def fit_model(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float, threshold: float = 0.5) -> GateModel:
    """The gate fitted on rows of features: knots at the percentiles, then the logistic weights."""
    width = len(KNOTS)
    knots = np.full((x.shape[1], width), np.inf)
    for j in range(x.shape[1]):
        points = np.unique(np.percentile(x[:, j], KNOTS))
        points = points[points < x[:, j].max()]
        knots[j, : len(points)] = points
    used = np.isfinite(knots).ravel()
    design = _design(x, np.where(np.isfinite(knots), knots, 0.0))[:, np.r_[np.ones(x.shape[1], bool), used]]
    weights, bias = fit_logistic(design, y, w, l2)
    hinge_weights = np.zeros(knots.size)
    hinge_weights[used] = weights[x.shape[1] :]
    return GateModel(weights[: x.shape[1]], knots, hinge_weights.reshape(knots.shape), bias, threshold)


def set_weights(sets: np.ndarray) -> np.ndarray:
    """Row weights under which every set weighs the same in the loss."""
    w = np.zeros(len(sets))
    for s in np.unique(sets):
        w[sets == s] = 1.0 / (sets == s).sum()
    return w


def predicted(data: dict[str, list[Asked]], model: GateModel) -> dict[str, np.ndarray]:
    """Each pair's gate probability from a fitted gate (-1 when no candidate keeps the floors)."""
    out = {}
    for name, pairs in data.items():
        x, _, kept = top_rows(pairs)
        out[name] = np.full(len(pairs), -1.0)
        if len(kept):
            out[name][kept] = model.probability(x)
    return out


def out_of_fold(data: dict[str, list[Asked]], l2: float) -> dict[str, np.ndarray]:
    """Each pair's gate probability from a gate fitted on the other folds (folds by article)."""
    rows = {name: top_rows(pairs) for name, pairs in data.items()}
    x, y, sets, folds = _stacked(data, rows)
    w, p = set_weights(sets), np.zeros(len(y))
    for k in range(FOLDS):
        p[folds == k] = fit_model(x[folds != k], y[folds != k], w[folds != k], l2).probability(x[folds == k])
    out, at = {}, 0
    for name, (_, _, kept) in rows.items():
        out[name] = np.full(len(data[name]), -1.0)
        out[name][kept] = p[at : at + len(kept)]
        at += len(kept)
    return out


def _stacked(data: dict[str, list[Asked]], rows: dict) -> tuple[np.ndarray, ...]:
    """Every set's top rows stacked: features, labels, set numbers and folds."""
    x = np.vstack([r[0] for r in rows.values()])
    y = np.concatenate([r[1] for r in rows.values()])
    sets = np.concatenate([np.full(len(r[1]), i) for i, r in enumerate(rows.values())])
    folds = np.concatenate([[fold_of(data[n][i].key, FOLDS) for i in r[2]] for n, r in rows.items()])
    return x, y, sets, folds.astype(int)


def rates(pairs: Sequence[Asked], p: np.ndarray, t: float) -> tuple[float, float, float]:
    """At threshold t: answerable said "not found", control refused, answerable answered right."""
    own = np.array([a.own for a in pairs])
    right = np.array([a.top is not None and bool(a.right[a.top]) for a in pairs])
    passed = p >= t
    return (
        float(np.mean(~passed[own])),
        float(np.mean(~passed[~own])),
        float(np.mean(passed[own] & right[own])),
    )


def choose_threshold(data: dict[str, list[Asked]], probs: dict[str, np.ndarray]) -> tuple[float, float]:
    """The threshold that refuses the most control questions, on average over the sets, while "not found"
    on answerable questions stays at or under MAX_NOT_FOUND on every set; and that mean control refusal."""
    best = (0.0, -1.0)
    for t in THRESHOLDS:
        r = [rates(data[n], probs[n], t) for n in data]
        missed, refused = max(a[0] for a in r), np.mean([a[1] for a in r])
        if missed <= MAX_NOT_FOUND and refused > best[1]:
            best = (float(t), float(refused))
    return best


def _r(x: float, digits: int = 6) -> float:
    """x rounded for the file, with -0.0 written as 0.0 (a weight that rounds to zero from either side)."""
    return round(float(x), digits) + 0.0


def write_gate(model: GateModel, l2: float, path: Path = GATE_FILE) -> None:
    """Save the gate as plain JSON: per feature its weight and hinges, the bias and the threshold."""
    features = []
    for i, name in enumerate(GATE_FEATURES):
        knots = zip(model.knots[i], model.hinge_weights[i], strict=True)
        pairs = [[_r(k), _r(w)] for k, w in knots if np.isfinite(k)]
        features.append({"name": name, "weight": _r(model.weights[i]), "hinges": pairs})
    doc = {
        "model": "logistic: p = 1 / (1 + exp(-(bias + sum(weight * x) + sum(hinge * max(0, x - knot)))))",
        "command": COMMAND,
        "fitted_on": ", ".join(SETS["fit"])
        + f"; each set weighs the same; L2 {l2:g} on standardised columns",
        "label": "1 when asked of an index holding the question's article, 0 for the shuffled control",
        "objective": f"most control refused (mean over the sets) with not found <= {MAX_NOT_FOUND} on each",
        "threshold": _r(model.threshold, 4),
        "bias": _r(model.bias),
        "features": features,
    }
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def choose_l2(data: dict[str, list[Asked]]) -> tuple[float, float, dict[str, np.ndarray]]:
    """The L2 strength whose out-of-fold probabilities meet the objective best: (l2, threshold, probs)."""
    best: tuple[float, float, float, dict[str, np.ndarray]] | None = None
    for l2 in L2:
        probs = out_of_fold(data, l2)
        t, refused = choose_threshold(data, probs)
        print(f"L2 {l2:g}: out of fold, threshold {t:.4f}, mean control refused {refused:.4f}")
        if best is None or refused > best[2]:
            best = (l2, t, refused, probs)
    assert best is not None
    return best[0], best[1], best[3]


def tradeoff(data: dict[str, list[Asked]], probs: dict[str, np.ndarray], marks: Sequence[float]) -> str:
    """A table: per threshold, each set's not found / control refused / answered right."""
    head = "threshold  " + "  ".join(f"{n:>24}" for n in data)
    lines = [head]
    for t in marks:
        cells = ("{:.3f} / {:.3f} / {:.3f}".format(*rates(data[n], probs[n], t)) for n in data)
        lines.append(f"{t:9.4f}  " + "  ".join(f"{c:>24}" for c in cells))
    return "\n".join(lines)


def hand_tradeoff(data: dict[str, list[Asked]], sentence: Sequence[float], article: float = 0.5) -> str:
    """The same table for the support thresholds alone (no gate), at several sentence coverages: the
    answer is the best candidate within the floors whose context and article cover that much."""
    near, whole = GATE_FEATURES.index("near"), GATE_FEATURES.index("article")
    lines = ["coverage   " + "  ".join(f"{n:>24}" for n in data)]
    for floor in sentence:
        cells = []
        for pairs in data.values():
            passed = [a.ok & (a.x[:, near] >= floor) & (a.x[:, whole] >= article) for a in pairs]
            first = [int(np.flatnonzero(m)[0]) if m.any() else None for m in passed]
            own = [a.own for a in pairs]
            nf = np.mean([f is None for f, o in zip(first, own, strict=True) if o])
            cr = np.mean([f is None for f, o in zip(first, own, strict=True) if not o])
            hit = np.mean(
                [f is not None and bool(a.right[f]) for a, f in zip(pairs, first, strict=True) if a.own]
            )
            cells.append(f"{nf:.3f} / {cr:.3f} / {hit:.3f}")
        lines.append(f"{floor:9.2f}  " + "  ".join(f"{c:>24}" for c in cells))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Collect the fit pairs, choose L2 and the threshold, fit, write the gate; print the trade-off."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path, help="the shared data folder (trecqa/, wikiqa/, ...)")
    parser.add_argument("--dry-run", action="store_true", help="print, but do not write the gate")
    parser.add_argument("--report", action="store_true", help="also score dev, test and the check halves")
    parser.add_argument(
        "--words", action="store_true", help="the meaning stage off: refit the words-only gate (its own file)"
    )
    args = parser.parse_args(argv)
    if args.words:
        use_meaning(False)
    with tempfile.TemporaryDirectory(prefix="factbot-gate-") as tmp:
        fit = collect(args.data_dir, SETS["fit"], Path(tmp))
        l2, threshold, oof = choose_l2(fit)
        x, y, sets, _ = _stacked(fit, {n: top_rows(p) for n, p in fit.items()})
        model = fit_model(x, y, set_weights(sets), l2, threshold)
        marks = sorted({threshold, *np.round(np.arange(0.05, 0.95, 0.05), 2)})
        print(
            "fit sets, out of fold: not found / control refused / answered right\n"
            + tradeoff(fit, oof, marks)
        )
        print("fit sets, support thresholds alone (article coverage 0.5)\n" + hand_tradeoff(fit, HAND))
        if args.report:
            held = collect(args.data_dir, SETS["dev"] + SETS["test"], Path(tmp))
            print("held out: not found / control refused / answered right\n"
                  + tradeoff(held, predicted(held, model), marks))  # fmt: skip
            print("held out, support thresholds alone (article coverage 0.5)\n" + hand_tradeoff(held, HAND))
    print(f"threshold {threshold:.4f}, L2 {l2:g}")
    if not args.dry_run:
        write_gate(model, l2, GATE_WORDS_FILE if args.words else GATE_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
