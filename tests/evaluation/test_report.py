"""Tests for the evaluation: metrics on hand-made rankings, the dataset readers, and format recognition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.datasets import SQUAD, TRECQA, WIKIQA, DatasetError, detect_format, load_dataset
from bot.evaluation.metrics import (
    average_precision,
    contains_answer,
    exact_match,
    matches_patterns,
    normalize_answer,
    precision_at_1,
    ranked_labels,
    ranking_scores,
    reciprocal_rank,
    token_f1,
)

TREC_RECORD = {
    "qid": "1.1",
    "question": "How many people live in Oslo ?",
    "numeric_question": True,
    "n_pos": 1,
    "n_neg": 1,
    "in_clean": True,
    "gold_answer_spans": ["700,000"],
    "answer_patterns": ["700,?000"],
    "candidates": [
        {"sentence": "Oslo is a city .", "label": 0, "matches_pattern": False},
        {"sentence": "About 700,000 people live in Oslo .", "label": 1, "matches_pattern": True},
    ],
}
WIKI_RECORD = {
    "qid": "Q1",
    "question": "what is a fjord",
    "numeric_question": False,
    "has_positive": True,
    "in_clean": False,
    "gold_answer_phrases": ["a long narrow inlet"],
    "document_id": "D1",
    "document_title": "Fjord",
    "candidates": [{"sentence_id": "D1-0", "sentence": "A fjord is a long narrow inlet.", "label": 1}],
}
SQUAD_RECORD = {
    "qid": "abc",
    "question": "When was the bridge opened?",
    "numeric_question": True,
    "title": "Bridge",
    "answers": [{"text": "1932", "answer_start": 28}, {"text": "in 1932", "answer_start": 25}],
    "context": "It was built. It was opened in 1932.",
    "candidates": [
        {"sentence": "It was built.", "char_start": 0, "label": 0},
        {"sentence": "It was opened in 1932.", "char_start": 14, "label": 1},
    ],
}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records as JSON lines and return the path."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_average_precision_of_known_rankings() -> None:
    assert average_precision([1, 0, 1]) == pytest.approx((1 + 2 / 3) / 2)
    assert average_precision([0, 1]) == pytest.approx(0.5)
    assert average_precision([0, 0]) == 0.0


def test_reciprocal_rank_and_precision_at_1() -> None:
    assert reciprocal_rank([0, 0, 1]) == pytest.approx(1 / 3)
    assert reciprocal_rank([0]) == 0.0
    assert precision_at_1([1, 0]) == 1.0
    assert precision_at_1([0, 1]) == 0.0
    assert precision_at_1([]) == 0.0


def test_ranked_labels_sorts_by_score_and_keeps_ties_in_order() -> None:
    assert ranked_labels([0.1, 0.9, 0.5], [0, 1, 2]) == [1, 2, 0]
    assert ranked_labels([1.0, 1.0, 1.0], [0, 1, 0]) == [0, 1, 0]


def test_ranking_scores_average_over_questions() -> None:
    scores = ranking_scores([[1, 0], [0, 1]])
    assert scores.n == 2
    assert scores.map == pytest.approx(0.75)
    assert scores.mrr == pytest.approx(0.75)
    assert scores.p1 == pytest.approx(0.5)
    assert ranking_scores([]).n == 0


def test_squad_normalisation_exact_match_and_f1() -> None:
    assert normalize_answer("The  Eiffel, Tower!") == "eiffel tower"
    assert exact_match("the 1932", ["1932"]) == 1.0
    assert exact_match("1933", ["1932"]) == 0.0
    assert exact_match(None, ["1932"]) == 0.0
    assert token_f1("in May 1932", ["May 1932"]) == pytest.approx(0.8)
    assert token_f1("June", ["May 1932", "June 1933"]) == pytest.approx(2 / 3)
    assert token_f1("", ["x"]) == 0.0


def test_contains_answer_matches_whole_tokens_only() -> None:
    assert contains_answer("It opened in 1932.", ["1932"])
    assert not contains_answer("It opened in 19321.", ["1932"])
    assert not contains_answer(None, ["1932"])


def test_answer_patterns_match_case_insensitively() -> None:
    assert matches_patterns("About 700,000 people", ["700,?000"])
    assert matches_patterns("NATURE worship", ["nature"])
    assert not matches_patterns("Oslo is a city", ["700,?000"])
    assert matches_patterns("a (b", ["(b"])  # an invalid regex falls back to a literal


def test_detect_format_tells_the_three_sets_apart() -> None:
    assert detect_format(TREC_RECORD) == TRECQA
    assert detect_format(WIKI_RECORD) == WIKIQA
    assert detect_format(SQUAD_RECORD) == SQUAD
    with pytest.raises(DatasetError):
        detect_format({"question": "x", "candidates": [], "other": 1})
    with pytest.raises(DatasetError):
        detect_format({"text": "no question"})


def test_read_trecqa(tmp_path: Path) -> None:
    data = load_dataset(write_jsonl(tmp_path / "trecqa_test.jsonl", [TREC_RECORD]))
    assert (data.kind, data.split) == (TRECQA, "test")
    question = data.questions[0]
    assert question.patterns == ("700,?000",)
    assert question.numeric and question.in_clean and question.n_pos == 1
    assert question.candidates[1].matches_pattern
    assert question.has_digit_answer


def test_read_wikiqa(tmp_path: Path) -> None:
    data = load_dataset(write_jsonl(tmp_path / "wikiqa_dev.jsonl", [WIKI_RECORD]), split_name="mine")
    assert (data.kind, data.split) == (WIKIQA, "mine")
    question = data.questions[0]
    assert question.group == "D1"
    assert question.title == "Fjord"
    assert question.answers == ("a long narrow inlet",)


def test_read_squad_with_limit(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "squad11_dev_numeric.jsonl", [SQUAD_RECORD, {**SQUAD_RECORD, "qid": "d"}])
    data = load_dataset(path, limit=1)
    assert (data.kind, data.split, len(data.questions)) == (SQUAD, "dev", 1)
    question = data.questions[0]
    assert question.answers == ("1932", "in 1932")
    assert question.in_clean
    assert question.group == SQUAD_RECORD["context"]


def test_reader_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not found"):
        load_dataset(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl:1"):
        load_dataset(bad)
    with pytest.raises(DatasetError, match="mixes"):
        load_dataset(write_jsonl(tmp_path / "mixed.jsonl", [TREC_RECORD, SQUAD_RECORD]))
    with pytest.raises(DatasetError, match="no question records"):
        load_dataset(write_jsonl(tmp_path / "empty.jsonl", []))


def trec_fixture(path: Path) -> Path:
    """A tiny TrecQA-style file: three questions about different topics, each with its own candidates."""
    records = []
    topics = [("Oslo", "700,000 people"), ("Bergen", "285,000 people"), ("Tromso", "77,000 people")]
    for n, (city, figure) in enumerate(topics, start=1):
        records.append(
            {
                **TREC_RECORD,
                "qid": f"{n}.1",
                "question": f"How many people live in {city} ?",
                "gold_answer_spans": [figure.split()[0]],
                "answer_patterns": [figure.split()[0].replace(",", ",?")],
                "candidates": [
                    {"sentence": f"{city} is a city with a harbour .", "label": 0},
                    {"sentence": f"About {figure} live in {city} .", "label": 1},
                    {"sentence": f"{city} has a long winter .", "label": 0},
                ],
            }
        )
    return write_jsonl(path, records)


def test_main_prints_json_with_every_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.evaluation.report import main

    assert main(trec_fixture(tmp_path / "trecqa_test.jsonl"), None, True, None) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["dataset"], report["split"], report["questions"]) == (TRECQA, "test", 3)
    sections = {row["section"] for row in report["rows"]}
    assert sections == {"ranking", "open retrieval", "figure", "abstention"}
    clean_map = next(r for r in report["rows"] if r["subset"] == "clean" and r["metric"] == "MAP")
    assert clean_map["factbot"] == pytest.approx(1.0)
    assert clean_map["baseline"] is not None


def test_main_prints_a_table_and_honours_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.evaluation.report import main

    assert main(trec_fixture(tmp_path / "trecqa_dev.jsonl"), "mine", False, 2) == 0
    out = capsys.readouterr().out
    assert out.startswith("trecqa mine: 2 questions")
    assert "plain BM25" in out and "MAP" in out


def test_main_reports_a_bad_file_with_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.evaluation.report import main

    assert main(tmp_path / "missing.jsonl", None, False, None) == 2
    assert "not found" in capsys.readouterr().err


def test_squad_own_paragraph_refusals_and_the_sibling_control_are_given_per_half(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.evaluation.report import main

    length = {
        **SQUAD_RECORD,
        "qid": "len",
        "question": "How long is the bridge?",
        "answers": [{"text": "500 metres", "answer_start": 9}],
        "context": "It spans 500 metres. It carries a railway.",
        "candidates": [
            {"sentence": "It spans 500 metres.", "char_start": 0, "label": 1},
            {"sentence": "It carries a railway.", "char_start": 21, "label": 0},
        ],
    }
    harbour = {**SQUAD_RECORD, "qid": "def", "title": "Harbour", "context": "The harbour was opened in 1932."}
    harbour["candidates"] = [{"sentence": "The harbour was opened in 1932.", "char_start": 0, "label": 1}]
    path = write_jsonl(tmp_path / "squad_dev.jsonl", [SQUAD_RECORD, length, harbour])  # Bridge: fit half
    assert main(path, None, True, None) == 0
    rows = {
        r["subset"]: r for r in json.loads(capsys.readouterr().out)["rows"] if r["section"] == "abstention"
    }
    assert (rows["own paragraph, fit half"]["n"], rows["own paragraph, check half"]["n"]) == (2, 1)
    # Each Bridge question is asked of the other Bridge paragraph, which does not answer it.
    sibling = rows["own paragraph, sibling control, fit half"]
    assert (sibling["n"], sibling["factbot"]) == (2, 1.0)
    assert rows["own paragraph, sibling control, check half"]["n"] == 0  # Harbour has one paragraph


def test_the_figure_an_answer_highlights_is_scored_as_shown() -> None:
    from bot.evaluation.runs import figure_at, figure_scores
    from bot.models import Span

    passage = "The storm hit the fleet on 8 April 1191 near Cyprus, 300 miles (483 km) from port."
    whole = figure_at(passage, Span(start=27, end=39))
    year = figure_at(passage, Span(start=35, end=39))  # the year alone, for "what year did ..."
    assert whole is not None and whole.text == "8 April 1191"
    assert year is not None and year.text == "1191"
    assert figure_scores(year, ["1191"]) == (1.0, 1.0)
    assert figure_at(passage, Span(start=0, end=3)) is None
