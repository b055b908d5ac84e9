"""How the question-type classifier and its combination with the rules were chosen: K-fold
cross-validation on train_5500 only (`python -m bot.evaluation.fit_question_types TRAIN --cv 5`).

Folds go by a hash of the question's tokens, so a question repeated in the file stays in one fold; each
held-out question is read as analyse() reads it (the rules on its typo-repaired text, then the model
fitted without its fold). Scores are the mean over `seeds` fold assignments, under the issue's mapping
("trec") and with factbot's reading of TREC's labels ("factbot", trecqc.factbot_label).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from bot.answer import Reading, TypeModel, analyse_by_rules, known_tokens, question_tokens, repair_typos
from bot.evaluation.trecqc import LabelledQuestion, factbot_label
from bot.evaluation.type_fitting import fit
from bot.models import FIGURE_TYPES, AnswerType

Policy = Callable[[TypeModel, Reading], AnswerType]


def _policies() -> dict[str, Policy]:
    """The ways of combining the rules and the model that were compared."""
    out: dict[str, Policy] = {
        "rules' figure types stand (before)": lambda m, r: (
            r.rule if r.rule in FIGURE_TYPES else m.decide(r, margin=0.0)
        ),
        "model decides (margin 0)": lambda m, r: m.decide(r, margin=0.0),
    }
    for margin in (0.3, 0.5, 0.75, 1.0):
        out[f"rules' figure type beats 'other' by margin {margin}"] = lambda m, r, g=margin: m.decide(
            r, margin=g
        )
    out["TREC reading (no factbot semantics), margin 0"] = lambda m, r: m.decide(r, trec=True, margin=0.0)
    out["TREC reading (no factbot semantics), margin 0.5"] = lambda m, r: m.decide(r, trec=True, margin=0.5)
    return out


def folds(data: Sequence[LabelledQuestion], k: int, seed: int) -> list[int]:
    """The fold of each question: a hash of its tokens and the seed."""
    keys = (f"{seed}:{' '.join(question_tokens(q.question))}".encode() for q in data)
    return [hashlib.sha1(key).digest()[0] % k for key in keys]


def held_out_readings(
    data: Sequence[LabelledQuestion], lexicon: dict[str, str], k: int, seed: int, model: str, c: float
) -> list[tuple[TypeModel, Reading]]:
    """Each question's reading by the model fitted on the other folds (and that model)."""
    fold = folds(data, k, seed)
    out: list[tuple[TypeModel, Reading] | None] = [None] * len(data)
    for f in range(k):
        train = [q for q, g in zip(data, fold, strict=True) if g != f]
        known = known_tokens([q.question for q in train])
        vocab, w, b, classes = fit(train, known, lexicon, model, c)
        decision = "probability" if model == "lr" else "margin"
        fitted = TypeModel.from_arrays(vocab, w, b, classes, known, lexicon, decision=decision)
        for i in (i for i, g in enumerate(fold) if g == f):
            rule = analyse_by_rules(repair_typos(data[i].question, known)).answer_type
            out[i] = (fitted, fitted.read(data[i].question, rule))
    return [r for r in out if r is not None]


def accuracy(gold: Sequence[AnswerType], predicted: Sequence[AnswerType]) -> tuple[float, float]:
    """Accuracy overall and on the questions whose gold type is a figure type."""
    pairs = list(zip(gold, predicted, strict=True))
    figures = [g is p for g, p in pairs if g in FIGURE_TYPES]
    return sum(g is p for g, p in pairs) / len(pairs), sum(figures) / max(len(figures), 1)


def cross_validate(
    data: Sequence[LabelledQuestion], lexicon: dict[str, str], k: int, seeds: int, model: str, c: float
) -> dict[str, tuple[float, float, float, float]]:
    """Per policy: mean accuracy and figure-type accuracy under the issue's mapping, then under factbot's."""
    golds = ([q.gold for q in data], [factbot_label(q) for q in data])
    per_seed: dict[str, list[list[float]]] = {name: [] for name in _policies()}
    for seed in range(seeds):
        readings = held_out_readings(data, lexicon, k, seed, model, c)
        for name, policy in _policies().items():
            predicted = [policy(m, r) for m, r in readings]
            per_seed[name].append([x for gold in golds for x in accuracy(gold, predicted)])
    means = {name: np.mean(rows, axis=0).tolist() for name, rows in per_seed.items()}
    return {name: (m[0], m[1], m[2], m[3]) for name, m in means.items()}


def format_table(scores: dict[str, tuple[float, float, float, float]]) -> str:
    """The cross-validation table, one policy a row."""
    lines = ["| policy | issue's mapping: all / figure types | factbot's reading: all / figure types |"]
    lines.append("|---|---|---|")
    lines += [
        f"| {name} | {a:.4f} / {f:.4f} | {fa:.4f} / {ff:.4f} |" for name, (a, f, fa, ff) in scores.items()
    ]
    return "\n".join(lines)
