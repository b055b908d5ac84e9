"""Fitting the question-type classifier: the SVM, the classes, factbot's reading of TREC's labels, the
cross-validation's folds and policies, and the weights file a refit writes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.answer import TypeModel, known_tokens
from bot.evaluation.fit_question_types import save
from bot.evaluation.question_types_cv import cross_validate, folds, format_table
from bot.evaluation.trecqc import LabelledQuestion, factbot_label, load_label_file, type_of_label
from bot.evaluation.type_fitting import RULE_MARGIN, fit, fit_svm, targets
from bot.models import AnswerType

LINES = [
    "NUM:count How many people live in Oslo ?",
    "NUM:count How many people live in Bergen ?",
    "NUM:count How many players are on a team ?",
    "LOC:city What is the capital of Norway ?",
    "LOC:city What is the capital of Sweden ?",
    "LOC:country What country is Oslo in ?",
    "HUM:ind Who was the first king of Norway ?",
    "HUM:ind Who wrote Peer Gynt ?",
    "DESC:def What is a fjord ?",
    "DESC:def What is a glacier ?",
    "NUM:dist How far is Oslo from Bergen ?",
    "NUM:date When was Oslo founded ?",
]


def _q(label: str, question: str) -> LabelledQuestion:
    return LabelledQuestion(label, type_of_label(label), question)


@pytest.fixture
def label_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.label"
    path.write_text("\n".join(LINES) + "\n", encoding="latin-1")
    return path


def test_svm_separates_classes_and_refits_to_the_same_weights() -> None:
    rows = [np.array(r) for r in ([0, 2], [0, 3], [1, 2], [1, 3])]
    w1, b1 = fit_svm(rows, [0, 0, 1, 1], n_features=4, n_classes=2, c=1.0)
    w2, b2 = fit_svm(rows, [0, 0, 1, 1], n_features=4, n_classes=2, c=1.0)
    assert np.array_equal(w1, w2) and np.array_equal(b1, b2)
    scores = np.array([w1[r].sum(axis=0) + b1 for r in rows])
    assert scores.argmax(axis=1).tolist() == [0, 0, 1, 1]
    assert w1[0, 0] > 0 > w1[1, 0]  # feature 0 speaks for class 0, feature 1 against it


def test_other_is_split_by_trecs_coarse_class() -> None:
    data = [
        _q("DESC:def", "What is a fjord?"),
        _q("ENTY:food", "What is lutefisk?"),
        _q("LOC:city", "Where?"),
    ]
    assert targets(data) == ["other:DESC", "other:ENTY", "place"]


@pytest.mark.parametrize(
    ("label", "question", "kind"),
    [
        ("NUM:count", "How many miles is it from London to Plymouth?", AnswerType.QUANTITY),
        ("NUM:count", "How many square feet is the house?", AnswerType.QUANTITY),
        ("NUM:count", "How many years did Sleeping Beauty sleep?", AnswerType.DURATION),
        ("NUM:count", "How much caffeine is in a cup of coffee?", AnswerType.QUANTITY),
        ("NUM:count", "How much of the earth's surface is frozen?", AnswerType.PERCENT),
        ("NUM:other", "What is the population of Ohio?", AnswerType.COUNT),
        ("NUM:count", "How many times has the song been recorded?", AnswerType.COUNT),
        ("NUM:count", "How many people live in Oslo?", AnswerType.COUNT),
        ("NUM:money", "How much money did he make?", AnswerType.MONEY),
    ],
)
def test_factbot_reads_trecs_unit_and_population_labels_as_its_types(
    label: str, question: str, kind: AnswerType
) -> None:
    assert factbot_label(_q(label, question)) is kind


def test_folds_keep_a_repeated_question_together_and_differ_by_seed() -> None:
    data = [
        _q("NUM:count", "How many people live in Oslo ?"),
        _q("NUM:count", "How many people live in Oslo?"),
    ]
    data += [_q("DESC:def", f"What is word {i}?") for i in range(40)]
    assert len(set(folds(data, 5, 0)[:2])) == 1
    assert folds(data, 5, 0) != folds(data, 5, 1)


def test_cross_validation_scores_each_policy(label_file: Path) -> None:
    scores = cross_validate(load_label_file(label_file), {}, k=2, seeds=1, model="svm", c=0.3)
    assert "rules' figure types stand (before)" in scores and len(scores) == 8
    assert all(0.0 <= x <= 1.0 for row in scores.values() for x in row)
    assert format_table(scores).count("\n") == len(scores) + 1


def test_a_refit_writes_plain_arrays_that_load_with_their_decision(label_file: Path, tmp_path: Path) -> None:
    data = load_label_file(label_file)
    known = known_tokens([q.question for q in data])
    fitted = fit(data, known, {})
    meta = {"decision": "margin", "rule_margin": str(RULE_MARGIN)}
    assert save(fitted, known, {}, meta, folder=tmp_path) > 0
    first = (tmp_path / "question_types.npz").read_bytes()
    save(fit(data, known, {}), known, {}, meta, folder=tmp_path)
    assert (tmp_path / "question_types.npz").read_bytes() == first  # a refit writes the same bytes
    with np.load(tmp_path / "question_types.npz", allow_pickle=False) as z:
        assert z["W"].dtype == np.float16 and sorted(z["meta"].tolist())[1] == f"rule_margin={RULE_MARGIN}"
    model = TypeModel.load(tmp_path / "question_types.npz", tmp_path / "question_lexicon.txt.gz")
    assert (model.decision, model.rule_margin) == ("margin", RULE_MARGIN)
    assert model.classify("How many people live in Bergen?", AnswerType.COUNT) is AnswerType.COUNT
