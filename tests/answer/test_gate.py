"""The answerability gate: its file loads and scores, it refuses a question whose article is absent and
answers it when present, and small corpora are left to the support thresholds."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

import bot.answer.core as core
from bot.answer import GATE_FEATURES, GATE_FILE, GATE_WORDS_FILE, GateModel, answer, gate_rows, load_gate
from bot.answer.gate import MIN_GATE_ARTICLES
from bot.models import Article
from bot.search import SearchIndex, build_from_articles
from tests.distractors import article as distractor

MINE = Article(
    doc_id="copper",
    title="Zambia's Kansanshi copper mine lifts output",
    date="2024-03-02",
    text=(
        "First Quantum Minerals said on Friday its Kansanshi mine in Zambia produced 142,000 tonnes of "
        "copper in 2023, up 8% on the year.\n\n"
        "The company plans to spend $1.25 billion on an expansion of the smelter at Kansanshi.\n\n"
        "Zambia is Africa's second-largest copper producer after Congo."
    ),
)
QUESTIONS = [
    ("How many tonnes of copper did Zambia's Kansanshi mine produce?", "142,000 tonnes"),
    ("How much will First Quantum spend on the smelter expansion?", "$1.25 billion"),
]


def _others(n: int) -> list[Article]:
    """Unrelated news-like articles that share everyday vocabulary with the mine's."""
    rng = random.Random(7)
    raw = [distractor(rng, i) for i in range(n)]
    return [Article(doc_id=d["id"], title=d["title"], text=d["text"], date=d["date"]) for d in raw]


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SearchIndex]:
    """The same 40 unrelated articles with the mine's article and without it."""
    base = tmp_path_factory.mktemp("gate")
    build_from_articles([MINE, *_others(40)], base / "with")
    build_from_articles(_others(40), base / "without")
    return {name: SearchIndex.open(base / name) for name in ("with", "without")}


def test_the_shipped_gate_loads_and_scores() -> None:
    doc = json.loads(GATE_FILE.read_text(encoding="utf-8"))
    assert {f["name"] for f in doc["features"]} == set(GATE_FEATURES)
    gate = load_gate()
    assert gate.weights.shape == (len(GATE_FEATURES),) and 0.0 < gate.threshold < 1.0
    p = gate.probability(np.zeros((3, len(GATE_FEATURES))))
    assert p.shape == (3,) and np.all((p > 0) & (p < 1))


def test_a_hinge_changes_the_slope_at_its_knot(tmp_path: Path) -> None:
    names = GATE_FEATURES[:1]
    doc = {
        "bias": -1.0,
        "threshold": 0.5,
        "features": [{"name": names[0], "weight": 1.0, "hinges": [[2.0, -1.0]]}],
    }
    (tmp_path / "gate.json").write_text(json.dumps(doc), encoding="utf-8")
    gate = load_gate(tmp_path / "gate.json")
    x = np.zeros((3, len(GATE_FEATURES)))
    x[:, 0] = [1.0, 2.0, 5.0]  # z = -1 + x - max(0, x - 2): 0, 1, 1
    z = np.log(gate.probability(x) / (1 - gate.probability(x)))
    assert np.allclose(z, [0.0, 1.0, 1.0])
    assert gate.answers(x[1:2]) and not gate.answers(np.full((1, len(GATE_FEATURES)), -5.0))


@pytest.mark.parametrize(("question", "figure"), QUESTIONS)
def test_answers_when_the_article_is_there_and_refuses_when_not(
    indexes: dict[str, SearchIndex], question: str, figure: str
) -> None:
    present = answer(question, indexes["with"])
    assert present.found, present.reason
    assert present.figure == figure and present.source.doc_id == "copper"
    absent = answer(question, indexes["without"])
    assert not absent.found, (absent.figure, absent.passage)


def test_gate_rows_give_every_checked_candidate_its_features(indexes: dict[str, SearchIndex]) -> None:
    rows = gate_rows(QUESTIONS[0][0], indexes["with"])
    assert rows and all(x.shape == (len(GATE_FEATURES),) and np.isfinite(x).all() for _, x, *_ in rows)
    assert all(ok for _, _, ok, covered, _ in rows if covered)  # the thresholds come on top of the floors
    assert all(ok for _, _, ok, _, rescuable in rows if rescuable)  # and so does what a rescue may take
    first = next(c for c, _, _, covered, _ in rows if covered)
    assert "142,000 tonnes" in first.text


class _Refusing(GateModel):
    """A gate that refuses everything and counts how often it was asked."""

    asked = 0

    def answers(self, x: np.ndarray) -> bool:
        """Refuse, and count."""
        type(self).asked += 1
        return False


def test_small_corpora_are_left_to_the_support_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indexes: dict[str, SearchIndex]
) -> None:
    shipped = core.GATE
    monkeypatch.setattr(
        core, "GATE", _Refusing(shipped.weights, shipped.knots, shipped.hinge_weights, 0.0, 0.5)
    )
    few = _others(MIN_GATE_ARTICLES - 2)
    build_from_articles([MINE, *few], tmp_path / "small")
    small = answer(QUESTIONS[0][0], SearchIndex.open(tmp_path / "small"))
    assert small.found and _Refusing.asked == 0
    assert not answer(QUESTIONS[0][0], indexes["with"]).found and _Refusing.asked == 1


def test_the_words_only_gate_ships_without_the_meaning_feature_and_is_used_when_the_stage_is_off() -> None:
    from bot.answer.core import GATE, GATE_WORDS, gate_for
    from bot.answer.semantic import MEANING, Meaning

    doc = json.loads(GATE_WORDS_FILE.read_text(encoding="utf-8"))
    names = {f["name"] for f in doc["features"]}
    assert names < set(GATE_FEATURES) and "meaning" not in names
    assert GATE_WORDS.weights[GATE_FEATURES.index("meaning")] == 0.0
    assert GATE.weights[GATE_FEATURES.index("meaning")] != 0.0
    assert gate_for(Meaning(0, 0.0)) is GATE_WORDS
    assert gate_for(MEANING) is GATE  # the stage is installed and on in the test environment
