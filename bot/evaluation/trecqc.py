"""`factbot eval TREC_10.label`: factbot's answer types measured on TREC question classification.

Li & Roth (2002) label each question with one of 50 fine classes; MAPPING reads them as factbot's ten
answer types (issue #13). The report gives accuracy overall and on the figure types, precision and
recall per type, and the confusion table (rows: the label's type, columns: factbot's).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.answer import analyse, analyse_by_rules, type_model
from bot.evaluation.datasets import DatasetError
from bot.models import FIGURE_TYPES, AnswerType

MAPPING: dict[str, AnswerType] = {
    "NUM:count": AnswerType.COUNT,
    "NUM:money": AnswerType.MONEY,
    "NUM:perc": AnswerType.PERCENT,
    "NUM:date": AnswerType.DATE,
    "NUM:period": AnswerType.DURATION,
    **{f"NUM:{fine}": AnswerType.QUANTITY for fine in ("dist", "weight", "speed", "temp", "volsize")},
    "HUM:ind": AnswerType.PERSON,
    "HUM:gr": AnswerType.ORGANISATION,
}
TYPES = tuple(AnswerType)
_LINE = re.compile(r"([A-Z]+:[a-zA-Z]+) (.+)")
_SPLIT_CLITIC = re.compile(r"(\w) (['’](?:s|re|ve|ll|d|t)\b|n['’]t\b)")
_SPACED_PUNCT = re.compile(r" ([?.,!;:)])|([(``]) ")


@dataclass(frozen=True)
class LabelledQuestion:
    """One TREC question: its fine label, the factbot type that label maps to, and the text."""

    label: str
    gold: AnswerType
    question: str


def type_of_label(label: str) -> AnswerType:
    """The factbot answer type of a TREC fine label ('LOC:city' -> place, 'NUM:count' -> count)."""
    if label in MAPPING:
        return MAPPING[label]
    return AnswerType.PLACE if label.startswith("LOC:") else AnswerType.OTHER


def detokenise(text: str) -> str:
    """TREC's tokenised text as a person types it: "Australia 's capital ?" -> "Australia's capital?"."""
    text = text.replace("``", '"').replace("''", '"')
    text = _SPLIT_CLITIC.sub(r"\1\2", text)
    return _SPACED_PUNCT.sub(lambda m: m.group(1) or m.group(2), text).strip()


def load_label_file(path: Path, limit: int | None = None) -> list[LabelledQuestion]:
    """Read a TREC QC `.label` file (Latin-1, one `COARSE:fine question` per line)."""
    if not path.is_file():
        raise DatasetError(f"dataset file not found: {path}")
    out: list[LabelledQuestion] = []
    for number, line in enumerate(path.read_text(encoding="latin-1").splitlines(), start=1):
        if not line.strip():
            continue
        m = _LINE.fullmatch(line.strip())
        if not m:
            raise DatasetError(f"{path}:{number}: not a 'COARSE:fine question' line")
        out.append(LabelledQuestion(m[1], type_of_label(m[1]), detokenise(m[2])))
        if limit is not None and len(out) >= limit:
            break
    return out


@dataclass(frozen=True)
class TypeScores:
    """Accuracy, per-type precision and recall, and the confusion counts of one run."""

    n: int
    accuracy: float
    figure_n: int
    figure_accuracy: float
    per_type: dict[str, tuple[int, float, float]]  # type -> (gold count, precision, recall)
    confusion: dict[str, dict[str, int]]  # gold type -> predicted type -> count


def score(gold: Sequence[AnswerType], predicted: Sequence[AnswerType]) -> TypeScores:
    """Compare predicted answer types with the gold ones."""
    pairs = list(zip(gold, predicted, strict=True))
    figure = [(g, p) for g, p in pairs if g in FIGURE_TYPES]
    confusion = {g.value: {p.value: 0 for p in TYPES} for g in TYPES}
    for g, p in pairs:
        confusion[g.value][p.value] += 1
    golds, preds = Counter(g for g, _ in pairs), Counter(p for _, p in pairs)
    per_type = {}
    for t in TYPES:
        hit = confusion[t.value][t.value]
        per_type[t.value] = (
            golds[t],
            hit / preds[t] if preds[t] else 0.0,
            hit / golds[t] if golds[t] else 0.0,
        )
    return TypeScores(
        n=len(pairs),
        accuracy=sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0,
        figure_n=len(figure),
        figure_accuracy=sum(g == p for g, p in figure) / len(figure) if figure else 0.0,
        per_type=per_type,
        confusion=confusion,
    )


def format_scores(name: str, s: TypeScores, seconds: float) -> str:
    """The scores as text: accuracy lines, the per-type table and the confusion table."""
    lines = [
        f"{name}: {s.n} questions, {seconds:.1f} s",
        f"answer type accuracy: {s.accuracy:.4f} (figure types, {s.figure_n} q: {s.figure_accuracy:.4f})",
        "",
        f"{'type':<13}{'n':>5}{'precision':>11}{'recall':>8}",
    ]
    lines += [f"{t:<13}{n:>5}{p:>11.4f}{r:>8.4f}" for t, (n, p, r) in s.per_type.items()]
    short = [t.value[:5] for t in TYPES]
    lines += ["", "confusion (rows: TREC label's type, columns: factbot's type)"]
    lines.append(f"{'':<13}" + "".join(f"{c:>6}" for c in short))
    lines += [f"{g:<13}" + "".join(f"{row[p.value]:>6}" for p in TYPES) for g, row in s.confusion.items()]
    return "\n".join(lines)


def main(path: Path, as_json: bool, limit: int | None) -> int:
    """Classify every question of a `.label` file and print the scores; return the exit code."""
    started = time.perf_counter()
    try:
        questions = load_label_file(path, limit)
    except DatasetError as exc:
        print(f"factbot eval: {exc}", file=sys.stderr)
        return 2
    predicted = [analyse(q.question).answer_type for q in questions]
    scores = score([q.gold for q in questions], predicted)
    model = type_model()
    trec = None
    if model is not None:
        readings = [
            model.classify(q.question, analyse_by_rules(q.question).answer_type, trec=True) for q in questions
        ]
        trec = score([q.gold for q in questions], readings)
    seconds = time.perf_counter() - started
    if as_json:
        extra = {"trec_reading": trec.__dict__} if trec else {}
        print(json.dumps({"dataset": "trecqc", "split": path.stem, **scores.__dict__, **extra}, indent=2))
    else:
        print(format_scores(f"trecqc {path.stem}", scores, seconds))
        if trec:
            print(
                "\nthe classifier's TREC reading (without factbot's 'how many <unit>' and population "
                f"readings): {trec.accuracy:.4f} (figure types: {trec.figure_accuracy:.4f})"
            )
    return 0
