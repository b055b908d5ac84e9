"""Fitting the question-type classifier on TREC questions: its classes, feature rows and linear models.

The SVM is liblinear's L2-regularised L2-loss SVM in its dual (scikit-learn's LinearSVC with its
defaults: squared hinge, one class against the rest, an intercept as a constant feature that is
regularised too), solved by dual coordinate descent (Hsieh et al. 2008) in numba, in a fixed
pseudo-random order, so a refit gives the same weights. A multinomial logistic regression (numpy, full
batch Adam) is kept for comparison in the cross-validation.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba
import numpy as np

from bot.answer import analyse_by_rules, type_features
from bot.evaluation.trecqc import LabelledQuestion

C = 0.3
RULE_MARGIN = 0.75
Fitted = tuple[list[str], np.ndarray, np.ndarray, list[str]]  # vocabulary, weights, bias, classes


@numba.njit(cache=False)
def _dual_cd(
    indptr: np.ndarray, indices: np.ndarray, y: np.ndarray, c: float, n_features: int, epochs: int, tol: float
) -> np.ndarray:
    """One binary problem (y in {-1, +1}); the weights, the last one the intercept's."""
    n = len(y)
    w = np.zeros(n_features + 1)
    alpha = np.zeros(n)
    diag = 0.5 / c
    sq = np.empty(n)
    for i in range(n):
        sq[i] = indptr[i + 1] - indptr[i] + 1.0 + diag  # |x_i|^2 with binary features and the bias
    order = np.arange(n)
    np.random.seed(0)
    for _ in range(epochs):
        np.random.shuffle(order)
        worst = 0.0
        for i in order:
            s = w[n_features]
            for k in range(indptr[i], indptr[i + 1]):
                s += w[indices[k]]
            g = y[i] * s - 1.0 + diag * alpha[i]
            pg = min(g, 0.0) if alpha[i] == 0.0 else g
            worst = max(worst, abs(pg))
            if pg != 0.0:
                old = alpha[i]
                alpha[i] = max(old - g / sq[i], 0.0)
                step = (alpha[i] - old) * y[i]
                for k in range(indptr[i], indptr[i + 1]):
                    w[indices[k]] += step
                w[n_features] += step
        if worst < tol:
            break
    return w


def fit_svm(
    rows: list[np.ndarray], labels: list[int], n_features: int, n_classes: int, c: float = 0.3
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes) and bias of one-against-the-rest SVMs; `rows` hold each example's
    distinct feature ids (value 1), `labels` its class id."""
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64)
    indices = np.concatenate(rows).astype(np.int64)
    target = np.asarray(labels)
    weights = np.zeros((n_features, n_classes))
    bias = np.zeros(n_classes)
    for k in range(n_classes):
        y = np.where(target == k, 1.0, -1.0)
        w = _dual_cd(indptr, indices, y, c, n_features, 1000, 0.01)
        weights[:, k], bias[k] = w[:n_features], w[n_features]
    return weights, bias


def fit_logistic(
    rows: list[np.ndarray],
    labels: list[int],
    n_features: int,
    n_classes: int,
    c: float = 8.0,
    steps: int = 300,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias of an L2 multinomial logistic regression (loss: mean log-loss + |W|^2 / (2 c n),
    as scikit-learn's C), by full-batch Adam."""
    flat = np.concatenate(rows)
    owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
    onehot = np.eye(n_classes)[labels]
    params = [np.zeros((n_features, n_classes)), np.zeros(n_classes)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    for step in range(1, steps + 1):
        w, b = params
        scores = np.zeros(onehot.shape)
        np.add.at(scores, owner, w[flat])
        scores += b - scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        delta = (p / p.sum(axis=1, keepdims=True) - onehot) / len(rows)
        grad_w = w / (c * len(rows))
        np.add.at(grad_w, flat, delta[owner])
        for param, grad, m in zip(params, (grad_w, delta.sum(axis=0)), moments, strict=True):
            m[0] = 0.9 * m[0] + 0.1 * grad
            m[1] = 0.999 * m[1] + 0.001 * grad * grad
            param -= 0.1 * (m[0] / (1 - 0.9**step)) / (np.sqrt(m[1] / (1 - 0.999**step)) + 1e-8)
    return params[0], params[1]


def targets(data: Sequence[LabelledQuestion]) -> list[str]:
    """A class per question: its factbot type, and for 'other' also TREC's coarse class ('other:DESC')."""
    return [q.gold.value if q.gold.value != "other" else "other:" + q.label.split(":")[0] for q in data]


def feature_rows(
    data: Sequence[LabelledQuestion], known: frozenset[str], lexicon: dict[str, str]
) -> list[list[str]]:
    """The features of each training question, the rules' type among them."""
    rules = [analyse_by_rules(q.question).answer_type.value for q in data]
    return [type_features(q.question, r, known, lexicon)[0] for q, r in zip(data, rules, strict=True)]


def fit(
    data: Sequence[LabelledQuestion],
    known: frozenset[str],
    lexicon: dict[str, str],
    model: str = "svm",
    c: float = C,
) -> Fitted:
    """Vocabulary, weights (features x classes), bias and classes of the SVM (or, with model 'lr', of a
    logistic regression, for comparison)."""
    rows, labels = feature_rows(data, known, lexicon), targets(data)
    vocab = sorted({f for fs in rows for f in fs})
    classes = sorted(set(labels))
    index = {f: i for i, f in enumerate(vocab)}
    ids = [np.array(sorted({index[f] for f in fs}), dtype=np.int64) for fs in rows]
    y = [classes.index(label) for label in labels]
    fitter = fit_logistic if model == "lr" else fit_svm
    weights, bias = fitter(ids, y, len(vocab), len(classes), c)
    return vocab, weights, bias, classes
