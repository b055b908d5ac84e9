"""Refitting the question-type classifier (bot/answer/question_types.npz) on TREC's train_5500.label.

Run, with the file's full path (and WordNet 3.0 in /usr/share/wordnet, `apt-get install wordnet-base`;
without it the lexicon is left out):
`python -m bot.evaluation.fit_question_types train_5500.label`
A multinomial logistic regression in numpy (L2, Adam, full batch) over question_features' features,
the rules' type among them; its classes are factbot's types, 'other' split by TREC's coarse class.
Only the training file is read; `factbot eval TREC_10.label` scores the result.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.answer import (
    LEXICON_FILE,
    TYPE_WEIGHTS_FILE,
    TypeModel,
    analyse_by_rules,
    known_tokens,
    type_features,
)
from bot.evaluation.trecqc import LabelledQuestion, load_label_file
from bot.evaluation.wordnet import NOTICE, read_lexicon
from bot.models import FIGURE_TYPES


def targets(labels: Sequence[str], types: Sequence[str]) -> list[str]:
    """A class per question: its factbot type, and for 'other' also TREC's coarse class ('other:DESC')."""
    return [
        t if t != "other" else "other:" + label.split(":")[0] for label, t in zip(labels, types, strict=True)
    ]


def fit_logistic(
    rows: list[list[str]], labels: list[str], c: float = 8.0, steps: int = 300, rate: float = 0.1
) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    """Vocabulary, weights (features x classes), bias and classes of an L2 logistic regression
    (loss: mean log-loss + |W|^2 / (2 c n), as scikit-learn's C)."""
    vocab = sorted({f for fs in rows for f in fs})
    index = {f: i for i, f in enumerate(vocab)}
    classes = sorted(set(labels))
    ids = [np.array(sorted({index[f] for f in fs}), dtype=np.int64) for fs in rows]
    flat = np.concatenate(ids)
    owner = np.repeat(np.arange(len(ids)), [len(r) for r in ids])
    onehot = np.eye(len(classes))[[classes.index(y) for y in labels]]
    params = [np.zeros((len(vocab), len(classes))), np.zeros(len(classes))]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    for step in range(1, steps + 1):
        w, b = params
        scores = np.zeros(onehot.shape)
        np.add.at(scores, owner, w[flat])
        scores += b - scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        delta = (p / p.sum(axis=1, keepdims=True) - onehot) / len(ids)
        grad_w = w / (c * len(ids))
        np.add.at(grad_w, flat, delta[owner])
        for param, grad, m in zip(params, (grad_w, delta.sum(axis=0)), moments, strict=True):
            m[0] = 0.9 * m[0] + 0.1 * grad
            m[1] = 0.999 * m[1] + 0.001 * grad * grad
            param -= rate * (m[0] / (1 - 0.9**step)) / (np.sqrt(m[1] / (1 - 0.999**step)) + 1e-8)
    return vocab, params[0], params[1], classes


def _rows(
    data: Sequence[LabelledQuestion], known: frozenset[str], lexicon: dict[str, str]
) -> list[list[str]]:
    """The features of each question, the rules' type among them."""
    rules = [analyse_by_rules(q.question).answer_type.value for q in data]
    return [type_features(q.question, r, known, lexicon)[0] for q, r in zip(data, rules, strict=True)]


def _labels(data: Sequence[LabelledQuestion]) -> list[str]:
    """The class of each question."""
    return targets([q.label for q in data], [q.gold.value for q in data])


def cross_validate(
    data: list[LabelledQuestion], lexicon: dict[str, str], k: int, c: float, steps: int
) -> tuple[float, float]:
    """Accuracy overall and on figure types of analyse()'s reading (the rules' figure types stand, the
    model reads the rest), each question read by a model fitted without its fold (folds by a hash of the
    question, so repeated questions stay in one fold)."""
    fold = [hashlib.sha1(q.question.lower().encode()).digest()[0] % k for q in data]
    right: list[tuple[bool, bool]] = []
    for f in range(k):
        train = [q for q, g in zip(data, fold, strict=True) if g != f]
        held = [q for q, g in zip(data, fold, strict=True) if g == f]
        known = known_tokens([q.question for q in train])
        vocab, w, b, classes = fit_logistic(_rows(train, known, lexicon), _labels(train), c, steps)
        model = TypeModel.from_arrays(vocab, w, b, classes, known, lexicon)
        for q in held:
            rule = analyse_by_rules(q.question).answer_type
            kind = rule if rule in FIGURE_TYPES else model.classify(q.question, rule)  # as analyse() reads it
            right.append((kind is q.gold, q.gold in FIGURE_TYPES))
    figures = [ok for ok, figure in right if figure]
    return sum(ok for ok, _ in right) / len(right), sum(figures) / max(len(figures), 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the training file; write the weights and the lexicon beside bot/answer/question_types.py."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("train", type=Path)
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--C", type=float, default=8.0, dest="c")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--cv", type=int, default=0, help="only cross-validate on the training file, K folds")
    args = parser.parse_args(argv)
    data = load_label_file(args.train)
    lexicon = read_lexicon(args.wordnet) if (args.wordnet / "data.noun").is_file() else {}
    if args.cv:
        accuracy, figures = cross_validate(data, lexicon, args.cv, args.c, args.steps)
        print(f"{args.cv}-fold cross-validation: accuracy {accuracy:.4f}, figure types {figures:.4f}")
        return 0
    questions = [q.question for q in data]
    known = known_tokens(questions)
    vocab, w, b, classes = fit_logistic(_rows(data, known, lexicon), _labels(data), args.c, args.steps)
    keep = np.abs(w).max(axis=1) > 1e-3
    np.savez_compressed(
        TYPE_WEIGHTS_FILE, vocab=np.array(vocab)[keep], W=w[keep].astype(np.float16), b=b.astype(np.float32),
        classes=np.array(classes), known=np.array(sorted(known)),
    )  # fmt: skip
    if lexicon:
        lines = [f"# {NOTICE}"] + [f"{word}\t{tags}" for word, tags in sorted(lexicon.items())]
        with gzip.GzipFile(LEXICON_FILE, "wb", mtime=0) as handle:  # mtime 0: the same bytes every refit
            handle.write(("\n".join(lines) + "\n").encode("utf-8"))
    else:
        LEXICON_FILE.unlink(missing_ok=True)
    print(f"wrote {TYPE_WEIGHTS_FILE}: {int(keep.sum())} features x {len(classes)} classes")
    print(f"lexicon: {len(lexicon)} nouns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
