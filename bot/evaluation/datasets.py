"""Readers for the external question sets (TrecQA, WikiQA, SQuAD numeric) in their derived JSONL form."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.errors import FactbotError

TRECQA = "trecqa"
WIKIQA = "wikiqa"
SQUAD = "squad"

_SPLIT = re.compile(r"(train|dev|test)", re.IGNORECASE)


class DatasetError(FactbotError):
    """The dataset file is missing, unreadable, or not one of the recognised formats."""


@dataclass(frozen=True)
class EvalCandidate:
    """One candidate answer sentence of a question, with its gold label."""

    sentence: str
    label: int
    matches_pattern: bool = False


@dataclass(frozen=True)
class EvalQuestion:
    """One question with its candidate sentences and whatever gold answers the set provides."""

    qid: str
    question: str
    candidates: tuple[EvalCandidate, ...]
    group: str  # the article the candidates come from: one document of the open-retrieval corpus
    numeric: bool = False
    in_clean: bool = False
    answers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    title: str = ""

    @property
    def n_pos(self) -> int:
        """How many candidates are labelled correct."""
        return sum(1 for c in self.candidates if c.label > 0)

    @property
    def has_digit_answer(self) -> bool:
        """Whether some gold answer contains a digit (the numeric subset for figure accuracy)."""
        return any(any(ch.isdigit() for ch in a) for a in self.answers)


@dataclass(frozen=True)
class EvalSet:
    """A whole dataset file: its format, split name and questions."""

    kind: str
    split: str
    questions: tuple[EvalQuestion, ...]

    @property
    def name(self) -> str:
        """A short label such as 'trecqa test'."""
        return f"{self.kind} {self.split}"


def detect_format(record: dict) -> str:
    """Tell TrecQA, WikiQA and SQuAD records apart by their fields; raise DatasetError otherwise."""
    if not isinstance(record, dict) or "candidates" not in record or "question" not in record:
        raise DatasetError("not a question record: expected the fields 'question' and 'candidates'")
    if "answer_patterns" in record:
        return TRECQA
    if "document_id" in record or "gold_answer_phrases" in record:
        return WIKIQA
    if "answers" in record and "context" in record:
        return SQUAD
    raise DatasetError(f"unrecognised question record with fields {sorted(record)}")


def _candidates(record: dict) -> tuple[EvalCandidate, ...]:
    """The candidate sentences of one record."""
    return tuple(
        EvalCandidate(str(c["sentence"]), int(c.get("label", 0)), bool(c.get("matches_pattern", False)))
        for c in record["candidates"]
    )


def parse_record(record: dict, kind: str) -> EvalQuestion:
    """Turn one JSONL record of the given format into an EvalQuestion."""
    cands = _candidates(record)
    common = {
        "qid": str(record["qid"]),
        "question": str(record["question"]),
        "candidates": cands,
        "numeric": bool(record.get("numeric_question", False)),
    }
    if kind == TRECQA:
        answers = tuple(record.get("gold_answer_spans") or ())
        return EvalQuestion(
            **common,
            group=f"trecqa-{record['qid']}",
            in_clean=bool(record.get("in_clean")),
            answers=answers,
            patterns=tuple(record.get("answer_patterns") or ()),
        )
    if kind == WIKIQA:
        return EvalQuestion(
            **common,
            group=str(record.get("document_id") or record["qid"]),
            in_clean=bool(record.get("in_clean")),
            answers=tuple(record.get("gold_answer_phrases") or ()),
            title=str(record.get("document_title") or ""),
        )
    has_pos = any(c.label > 0 for c in cands)
    has_neg = any(c.label <= 0 for c in cands)
    return EvalQuestion(
        **common,
        group=str(record.get("context") or record["qid"]),
        in_clean=has_pos and has_neg,
        answers=tuple(a["text"] for a in record.get("answers") or ()),
        title=str(record.get("title") or ""),
    )


def jsonl_records(path: Path) -> Iterator[tuple[int, dict]]:
    """The JSON objects of a JSONL file with their line numbers, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DatasetError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc


def load_dataset(path: Path, split_name: str | None = None, limit: int | None = None) -> EvalSet:
    """Read a derived JSONL file, recognise its format from the first record, and return its questions."""
    if not path.is_file():
        raise DatasetError(f"dataset file not found: {path}")
    kind: str | None = None
    questions: list[EvalQuestion] = []
    for number, record in jsonl_records(path):
        if limit is not None and len(questions) >= limit:
            break
        try:
            this = detect_format(record)
            kind = kind or this
            if this != kind:
                raise DatasetError(f"mixes {kind} and {this} records")
            questions.append(parse_record(record, kind))
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{path}:{number}: malformed record ({exc})") from exc
        except DatasetError as exc:
            raise DatasetError(f"{path}:{number}: {exc}") from exc
    if kind is None:
        raise DatasetError(f"{path}: no question records")
    return EvalSet(kind, split_name or _split_from_name(path), tuple(questions))


def _split_from_name(path: Path) -> str:
    """'test' for trecqa_test.jsonl, 'dev' for squad11_dev_numeric.jsonl, else the file stem."""
    found = _SPLIT.search(path.stem)
    return found.group(1).lower() if found else path.stem
