"""NewsQA in `factbot eval`: the reader, the gold check, the naive baseline split and one small run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.datasets import DatasetError
from bot.evaluation.metrics import contains_answer
from bot.evaluation.newsqa import (
    evaluate_newsqa,
    figure_matches,
    is_newsqa,
    load_newsqa,
    naive_sentences,
    stories_path,
)
from bot.ingest import extract_figures
from bot.models import Article

STORIES = [
    ("s1", "Ghana opened 14 new clinics in Accra on Monday. Officials said more would follow."),
    ("s2", "The Nordic Rail strike ended after 9 days. Trains ran again on Friday."),
    ("s3", "Atlas Mining hired 250 workers in Peru. The company plans to expand."),
    ("s4", "Flooding in Nepal displaced 3,000 families. Aid agencies sent tents and food."),
    ("s5", "A bridge in Chile collapsed during a storm. Nobody was hurt, the police said."),
    ("s6", "Metro Water raised prices by 4 percent in Poland. Customers complained loudly."),
]
QUESTIONS = [
    ("1", "s1", "How many clinics did Ghana open?", ["14"]),
    ("2", "s2", "How long did the Nordic Rail strike last?", ["9 days"]),
    ("3", "s4", "How many families did flooding in Nepal displace?", ["3,000 families"]),
    ("4", "s6", "By how much did Metro Water raise prices?", ["4 percent"]),
    ("5", "s3", "Where did Atlas Mining hire workers?", ["Peru"]),
]


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "newsqa_dev.jsonl"
    lines = [{"qid": q, "story": s, "question": text, "answers": a} for q, s, text, a in QUESTIONS]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    stories = [{"id": i, "title": f"CNN story {i}", "source": "CNN", "text": t} for i, t in STORIES]
    stories_path(path).write_text("".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8")
    return path


def test_reads_questions_with_the_stories_beside_them(tmp_path: Path) -> None:
    path = _write(tmp_path)
    assert is_newsqa(path)
    data = load_newsqa(path)
    assert [q.qid for q in data.questions] == ["1", "2", "3", "4", "5"]
    assert len(data.stories) == 6 and data.stories[0].title == "CNN story s1"
    assert {q.half for q in data.questions} <= {"fit", "check"}


def test_a_missing_stories_file_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path)
    stories_path(path).unlink()
    with pytest.raises(DatasetError, match="stories"):
        load_newsqa(path)


def test_gold_is_matched_after_squad_normalisation() -> None:
    assert contains_answer("The strike ended after 9 days.", ["9 days"])
    assert contains_answer("It displaced 3,000 families", ["3,000 families."])
    assert not contains_answer("It lasted 19 days", ["9 days"])
    assert not contains_answer(None, ["9"])


def test_the_baseline_splits_at_a_stop_before_a_capital() -> None:
    story = Article(doc_id="x", text="Prices rose 4 percent. customers left. Sales fell! Why? Nobody knows.")
    sentences, owners = naive_sentences([story])
    assert sentences == ["Prices rose 4 percent. customers left.", "Sales fell!", "Why?", "Nobody knows."]
    assert owners == ["x"] * 4


def test_a_small_run_reports_both_systems_on_both_halves(tmp_path: Path) -> None:
    rows = evaluate_newsqa(load_newsqa(_write(tmp_path)))
    hit = {(r.subset, r.metric): r for r in rows}
    overall = hit[("all", "passage hit@1")]
    assert overall.n == 5 and overall.baseline is not None
    assert overall.factbot >= 0.75
    assert ("fit half", "article hit@1") in hit and ("check half", "gold sentence in top 5") in hit
    assert 0.0 <= hit[("shuffled control", "correctly says not found")].factbot <= 1.0
    halves = [hit[(f"shuffled control, {h} half", "correctly says not found")] for h in ("fit", "check")]
    assert sum(r.n for r in halves) == hit[("shuffled control", "correctly says not found")].n
    numeric = hit[("all, numeric q", "figure and sentence right")]
    assert numeric.n == 4 and numeric.factbot >= 0.75  # every gold answer but 'Peru' has a digit
    assert numeric.factbot <= hit[("all, numeric q", "sentence right")].factbot
    named = hit[("all, name q", "name and sentence right")]
    assert named.n == 1 and named.factbot == 1.0  # 'Peru', highlighted in its sentence


def test_a_small_run_asks_each_question_of_its_own_story_alone_and_of_the_next(tmp_path: Path) -> None:
    rows = {(r.subset, r.metric): r for r in evaluate_newsqa(load_newsqa(_write(tmp_path)))}
    shares = [
        rows[("all, own story alone", m)]
        for m in ("passage hit", "answered, sentence wrong", "says not found")
    ]
    assert [r.n for r in shares] == [5, 5, 5]
    assert abs(sum(r.factbot for r in shares) - 1.0) < 1e-9
    assert shares[0].factbot >= 0.75  # each story alone still answers its own question
    assert rows[("all, next story alone", "correctly says not found")].n == 5


def test_a_figure_matches_a_gold_span_either_way_and_without_its_qualifier() -> None:
    (stations,) = extract_figures("It built more than 27,000 base stations.")
    assert figure_matches(stations, ["27,000"])  # the gold inside the figure as shown
    assert figure_matches(stations, ["27,000 base stations were built"])  # the figure inside the gold
    (days,) = extract_figures("The strike lasted 9 days.")
    assert not figure_matches(days, ["19 days"]) and not figure_matches(days, ["Friday"])
    assert not figure_matches(None, ["9 days"])
