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

from bot.answer import (
    TIME_NOUNS,
    UNIT_NOUNS,
    analyse,
    analyse_by_rules,
    question_tokens,
    repair_typos,
    singular,
    type_model,
)
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


def factbot_label(q: LabelledQuestion) -> AnswerType:
    """The label as factbot means it (reported apart from the issue's mapping): TREC files 'how many
    miles/years' and 'how much oil/of X' under NUM:count and 'the population of X' mostly under NUM:other;
    factbot's figures carry their units, so it asks a quantity, duration or percent, and a count."""
    toks = question_tokens(q.question)
    if q.label == "NUM:other" and "population" in toks:
        return AnswerType.COUNT
    if q.gold is not AnswerType.COUNT or not {"many", "much"} & set(toks):
        return q.gold
    at = next(i for i, t in enumerate(toks) if t in {"many", "much"})
    if at == 0 or toks[at - 1] != "how":
        return q.gold
    rest = [t for t in toks[at + 1 :] if t not in {"more", "fewer", "less", "square", "cubic"}]
    word = singular(rest[0]) if rest and rest[0] != "times" else ""  # "how many times": a count
    if word in TIME_NOUNS or word == "time":
        return AnswerType.DURATION
    if word in UNIT_NOUNS:
        return AnswerType.QUANTITY
    if toks[at] == "much" and word == "of":
        return AnswerType.PERCENT
    if toks[at] == "much" and word.isalpha() and word not in _NOT_MATERIAL:
        return AnswerType.QUANTITY  # "how much caffeine is in ..."
    return q.gold


def _words(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


_NOT_MATERIAL = _words("is are was were do does did has have had will would can could should money")


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


def readings(questions: Sequence[LabelledQuestion]) -> dict[str, TypeScores]:
    """analyse()'s scores under the issue's mapping ("analyse") and against factbot's reading of the labels
    ("factbot_labels"); the classifier's own TREC reading, without factbot_semantics ("trec_reading")."""
    gold = [q.gold for q in questions]
    predicted = [analyse(q.question).answer_type for q in questions]
    out = {
        "analyse": score(gold, predicted),
        "factbot_labels": score([factbot_label(q) for q in questions], predicted),
    }
    model = type_model()
    if model is not None:
        rules = [analyse_by_rules(repair_typos(q.question, model.known)).answer_type for q in questions]
        trec = [model.classify(q.question, r, trec=True) for q, r in zip(questions, rules, strict=True)]
        out["trec_reading"] = score(gold, trec)
    return out


def main(path: Path, as_json: bool, limit: int | None) -> int:
    """Classify every question of a `.label` file and print the scores; return the exit code."""
    started = time.perf_counter()
    try:
        questions = load_label_file(path, limit)
    except DatasetError as exc:
        print(f"factbot eval: {exc}", file=sys.stderr)
        return 2
    scores = readings(questions)
    relabelled = sum(factbot_label(q) is not q.gold for q in questions)
    seconds = time.perf_counter() - started
    if as_json:
        extra = {k: v.__dict__ for k, v in scores.items() if k != "analyse"}
        print(
            json.dumps(
                {"dataset": "trecqc", "split": path.stem, **scores["analyse"].__dict__, **extra}, indent=2
            )
        )
        return 0
    print(format_scores(f"trecqc {path.stem}", scores["analyse"], seconds))
    print(_other_readings(scores, relabelled))
    return 0


def _other_readings(scores: dict[str, TypeScores], relabelled: int) -> str:
    """The classifier's own TREC reading and factbot's reading of the labels, as text."""
    own = scores["factbot_labels"]
    lines = [""]
    if "trec_reading" in scores:
        trec = scores["trec_reading"]
        lines.append(
            "the classifier's TREC reading (issue's mapping, without factbot's 'how many <unit>', 'how "
            f"often' and population readings): {trec.accuracy:.4f} (figure types: {trec.figure_accuracy:.4f})"
        )
    lines.append(
        f"factbot's reading of the labels (NOT the issue's mapping: {relabelled} labels read as factbot "
        f"means them, trecqc.factbot_label): {own.accuracy:.4f} "
        f"(figure types, {own.figure_n} q: {own.figure_accuracy:.4f})"
    )
    return "\n".join(lines)
