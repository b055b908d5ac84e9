"""TREC question classification in `factbot eval`: the file reader, the label mapping and the scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import main as eval_main
from bot.evaluation.datasets import DatasetError
from bot.evaluation.trecqc import detokenise, load_label_file, score, type_of_label
from bot.models import AnswerType

LINES = [
    "NUM:count How many people live in Oslo ?",
    "LOC:city What is the capital of Norway ?",
    "HUM:ind Who was the first king of Norway ?",
    "NUM:dist How far is Oslo from Bergen ?",
    "DESC:def What is a fjord ?",
    "ENTY:food What is the best known dish of Norway \xf0 ?",  # the train file's one Latin-1 byte
]


@pytest.fixture
def label_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.label"
    path.write_bytes(("\n".join(LINES) + "\n").encode("latin-1"))
    return path


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("NUM:count", AnswerType.COUNT), ("NUM:money", AnswerType.MONEY),
        ("NUM:perc", AnswerType.PERCENT), ("NUM:date", AnswerType.DATE),
        ("NUM:period", AnswerType.DURATION), ("NUM:volsize", AnswerType.QUANTITY),
        ("NUM:temp", AnswerType.QUANTITY), ("HUM:ind", AnswerType.PERSON),
        ("HUM:gr", AnswerType.ORGANISATION), ("LOC:other", AnswerType.PLACE),
        ("NUM:code", AnswerType.OTHER), ("HUM:desc", AnswerType.OTHER),
    ],
)  # fmt: skip
def test_labels_map_to_factbot_types(label: str, kind: AnswerType) -> None:
    assert type_of_label(label) is kind


def test_tokenised_text_reads_as_typed() -> None:
    assert detokenise("What is Australia 's national flower ?") == "What is Australia's national flower?"
    assert detokenise("Who said `` Can we talk '' ?") == 'Who said " Can we talk "?'


def test_reads_latin1_label_files(label_file: Path) -> None:
    questions = load_label_file(label_file)
    assert [q.gold for q in questions[:3]] == [AnswerType.COUNT, AnswerType.PLACE, AnswerType.PERSON]
    assert questions[-1].question.endswith("Norway \xf0?")
    assert len(load_label_file(label_file, limit=2)) == 2


def test_a_line_without_a_label_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.label"
    path.write_text("How many people live in Oslo ?\n", encoding="latin-1")
    with pytest.raises(DatasetError, match=r"bad\.label:1"):
        load_label_file(path)


def test_scores_count_accuracy_precision_recall_and_confusion() -> None:
    c, p, o = AnswerType.COUNT, AnswerType.PLACE, AnswerType.OTHER
    s = score([c, c, p, o], [c, o, p, p])
    assert s.accuracy == 0.5 and s.figure_n == 2 and s.figure_accuracy == 0.5
    assert s.per_type["count"] == (2, 1.0, 0.5)
    assert s.per_type["place"] == (1, 0.5, 1.0)
    assert s.confusion["count"]["other"] == 1 and s.confusion["other"]["place"] == 1


def test_factbot_eval_reads_a_label_file(label_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_main(label_file, None, False, None) == 0
    out = capsys.readouterr().out
    assert "answer type accuracy" in out and "confusion" in out
    assert out.splitlines()[0].startswith("trecqc tiny: 6 questions")
