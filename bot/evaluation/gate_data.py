"""The gate's data: each answerable question asked, as `factbot eval` asks it, of an index holding its
article and of the shuffled control's index without it, with the gate's features of the checked candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer import GATE_FEATURES, InvalidQuestion, gate_rows
from bot.evaluation.datasets import SQUAD, EvalQuestion, EvalSet, load_dataset
from bot.evaluation.metrics import contains_answer
from bot.evaluation.newsqa import load_newsqa
from bot.evaluation.runs import article_key, articles_of, build_temp_index, control_indexes, is_positive
from bot.evaluation.splits import half_of
from bot.search import SearchIndex

# The sets by role: fitted on, chosen on (dev) and only reported (test and the check halves).
SETS = {
    "fit": ("trecqa train", "wikiqa train", "squad fit half", "newsqa fit half"),
    "dev": ("trecqa dev", "wikiqa dev"),
    "test": ("trecqa test", "wikiqa test", "squad check half", "newsqa check half"),
}
_FILES = {
    "trecqa": "trecqa/trecqa_{}.jsonl",
    "wikiqa": "wikiqa/wikiqa_{}.jsonl",
    "squad": "squad11_numeric/squad11_dev_numeric.jsonl",
    "newsqa": "newsqa/newsqa_dev.jsonl",
}


@dataclass(frozen=True)
class Asked:
    """One question asked of one index: its checked candidates' gate features, floors and labels."""

    key: str  # the question's article or story (folds keep an article's questions together)
    x: np.ndarray  # gate features, one row per checked candidate, best first
    ok: np.ndarray  # the candidate passes the hard floors (names, rival names, a figure when asked)
    gold: np.ndarray  # the candidate is a right answer sentence, whichever index it comes from
    own: bool  # the index holds the question's article (False: the shuffled control)
    covered: np.ndarray | None = None  # it also passes the support thresholds (None: read as none does)

    @property
    def top(self) -> int | None:
        """The place of the candidate answer() would gate: the best that passes the support thresholds,
        or when none does, the best that passes the floors."""
        for mask in (self.covered, self.ok):
            passing = np.flatnonzero(mask) if mask is not None else []
            if len(passing):
                return int(passing[0])
        return None

    @property
    def right(self) -> np.ndarray:
        """Whether each candidate is a right answer of this asking (none is, against the control)."""
        return self.gold & self.own


Labelled = tuple[str, str, Callable[[str], bool]]  # the article key, the question, its right-answer test


def ask_all(questions: Sequence[Labelled], index: SearchIndex, own: bool) -> list[Asked]:
    """Each question's checked candidates against one index."""
    out = []
    for key, question, right in questions:
        try:
            rows = gate_rows(question, index)
        except InvalidQuestion:
            rows = []
        x = np.array([r[1] for r in rows]).reshape(len(rows), len(GATE_FEATURES))
        ok, covered = np.array([r[2] for r in rows], bool), np.array([r[3] for r in rows], bool)
        out.append(Asked(key, x, ok, np.array([right(r[0].text) for r in rows], bool), own, covered))
    return out


def _labelled(data: EvalSet, qs: Sequence[EvalQuestion]) -> list[Labelled]:
    """Each question with its article and the test of a right answer sentence."""
    if data.kind == SQUAD:
        return [(article_key(data, q), q.question, lambda t, q=q: contains_answer(t, q.answers)) for q in qs]
    return [(article_key(data, q), q.question, lambda t, q=q: is_positive(data, q, t)) for q in qs]


def eval_set_pairs(data: EvalSet, keep: Callable[[EvalQuestion], bool], folder: Path) -> list[Asked]:
    """Each kept answerable question against the split's whole index and against the control's half."""
    qs = [q for q in data.questions if q.n_pos > 0 and keep(q)]
    pairs = ask_all(_labelled(data, qs), build_temp_index(articles_of(data).values(), folder / "all"), True)
    other = control_indexes(data, folder / "control")
    if other is not None:
        for q in qs:
            pairs += ask_all(_labelled(data, [q]), other(q), own=False)
    return pairs


def newsqa_pairs(path: Path, half: str, folder: Path) -> list[Asked]:
    """One half's questions against an index of every story and against the other half's stories."""
    data = load_newsqa(path)
    qs = [
        (q.story, q.question, lambda t, q=q: contains_answer(t, q.answers))
        for q in data.questions
        if q.half == half
    ]
    pairs = ask_all(qs, build_temp_index(data.stories, folder / "all"), own=True)
    other = [s for s in data.stories if half_of(s.doc_id) != half]
    return pairs + ask_all(qs, build_temp_index(other, folder / "control"), own=False)


def pairs_of(data_dir: Path, name: str, folder: Path) -> list[Asked]:
    """The pairs of one named set ('wikiqa train', 'squad fit half', 'newsqa check half', ...)."""
    kind, split = name.split(" ", 1)
    if kind == "newsqa":
        return newsqa_pairs(data_dir / _FILES[kind], split.split()[0], folder)
    if kind == "squad":
        half = split.split()[0]
        data = load_dataset(data_dir / _FILES[kind])
        return eval_set_pairs(data, lambda q: half_of(article_key(data, q)) == half, folder)
    return eval_set_pairs(load_dataset(data_dir / _FILES[kind].format(split)), lambda q: True, folder)


def collect(data_dir: Path, names: Sequence[str], folder: Path) -> dict[str, list[Asked]]:
    """The pairs of each named set, in order."""
    return {name: pairs_of(data_dir, name, folder / name.replace(" ", "-")) for name in names}
