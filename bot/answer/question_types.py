"""A question's answer type, learned: a linear SVM over the question's features (question_features),
fitted on TREC question classification (train_5500 only), with the rules' type as one of its features.

The weights ship as plain files beside this module: `question_types.npz` (vocabulary, weights, classes,
the training tokens the typo repair leaves alone, and the decision settings; loaded with
allow_pickle=False) and `question_lexicon.txt.gz` (noun -> WordNet tags, from WordNet 3.0, Princeton
University). Refit them with `python -m bot.evaluation.fit_question_types train_5500.label`.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.answer.question_features import CHANGE, TIME_UNITS, UNITS, Structure, features, kind_of
from bot.answer.question_text import singular
from bot.answer.question_words import AUX, GROWING
from bot.models import FIGURE_TYPES, AnswerType

WEIGHTS_FILE = Path(__file__).with_name("question_types.npz")
LEXICON_FILE = Path(__file__).with_name("question_lexicon.txt.gz")
_TYPES = list(AnswerType)
_OTHER = _TYPES.index(AnswerType.OTHER)


@dataclass(frozen=True)
class TypeModel:
    """The fitted classifier: feature index, weights per class, each class's factbot type, and how the
    rules' figure type is weighed against the model's 'other' (`rule_margin`)."""

    index: Mapping[str, int]
    weights: np.ndarray
    bias: np.ndarray
    class_types: np.ndarray  # for each class, the index of its AnswerType in list(AnswerType)
    known: frozenset[str]
    lexicon: Mapping[str, str]
    decision: str = "margin"  # "margin": a linear SVM's scores; "probability": a logistic regression's
    rule_margin: float = 0.0
    type_mask: np.ndarray = field(init=False, repr=False)  # types x classes: 0 where the class is the type's

    def __post_init__(self) -> None:
        """Precompute the mask that picks each type's best class."""
        mask = np.where(np.arange(len(AnswerType))[:, None] == self.class_types[None, :], 0.0, -np.inf)
        object.__setattr__(self, "type_mask", mask.astype(np.float32))

    @classmethod
    def load(cls, weights: Path = WEIGHTS_FILE, lexicon: Path = LEXICON_FILE) -> TypeModel:
        """Read the weights file (and the lexicon, when there is one)."""
        with np.load(weights, allow_pickle=False) as z:
            meta = dict(item.split("=", 1) for item in z["meta"].tolist()) if "meta" in z.files else {}
            known = frozenset(z["known"].tolist())
            arrays = (z["vocab"].tolist(), z["W"], z["b"], z["classes"].tolist(), known)
        return cls.from_arrays(
            *arrays,
            read_lexicon(lexicon) if lexicon.is_file() else {},
            decision=meta.get("decision", "probability"),
            rule_margin=float(meta.get("rule_margin", 0.0)),
        )

    @classmethod
    def from_arrays(
        cls,
        vocab: list[str],
        weights: np.ndarray,
        bias: np.ndarray,
        classes: list[str],
        known: frozenset[str],
        lexicon: Mapping[str, str],
        decision: str = "margin",
        rule_margin: float = 0.0,
    ) -> TypeModel:
        """A model from fitted arrays; a class is a type, or 'other:COARSE'."""
        types = [t.value for t in AnswerType]
        return cls(
            index={f: i for i, f in enumerate(vocab)},
            weights=weights.astype(np.float32),
            bias=bias.astype(np.float32),
            class_types=np.array([types.index(c.split(":")[0]) for c in classes]),
            known=known,
            lexicon=lexicon,
            decision=decision,
            rule_margin=rule_margin,
        )

    def type_scores(self, feats: list[str]) -> np.ndarray:
        """A score per AnswerType: its best class's SVM score, or its classes' probabilities summed."""
        index = self.index
        rows = [index[f] for f in dict.fromkeys(feats) if f in index]
        s = np.add.reduce(self.weights[rows], axis=0) + self.bias
        if self.decision == "margin":
            return (s + self.type_mask).max(axis=1)  # each type's best class
        p = np.exp(s - s.max())
        return np.bincount(self.class_types, weights=p / p.sum(), minlength=len(AnswerType))

    def read(self, question: str, rule_type: AnswerType | None = None) -> Reading:
        """The question's structure, the type a rule layer forces (if any) and the model's type scores."""
        rule = rule_type.value if rule_type else None
        feats, st = features(question, rule, self.known, self.lexicon)
        forced = keyword_type(st, rule) or construction_type(st, rule)
        return Reading(st, rule_type, AnswerType(forced) if forced else None, self.type_scores(feats))

    def decide(self, reading: Reading, trec: bool = False, margin: float | None = None) -> AnswerType:
        """The type: a forced one, else the model's best; but when the rules read a figure type and the
        model prefers 'other' by less than `margin` (default: the fitted rule_margin), the rules' type.
        With `trec`, TREC's reading: without factbot_semantics."""
        if reading.forced:
            return reading.forced
        rule, scores = reading.rule, reading.scores
        learned = _TYPES[int(np.argmax(scores))]
        margin = self.rule_margin if margin is None else margin
        if learned is AnswerType.OTHER and rule in FIGURE_TYPES:
            learned = rule if scores[_OTHER] - scores[_TYPES.index(rule)] < margin else learned
        if trec:
            return learned
        return AnswerType(factbot_semantics(reading.structure, learned.value, rule.value if rule else None))

    def classify(self, question: str, rule_type: AnswerType | None = None, trec: bool = False) -> AnswerType:
        """The answer type of a question; `rule_type` is the rules' reading (bot.answer.questions)."""
        return self.decide(self.read(question, rule_type), trec)


@dataclass(frozen=True)
class Reading:
    """What the model read from one question, before the decision."""

    structure: Structure
    rule: AnswerType | None
    forced: AnswerType | None
    scores: np.ndarray


def read_lexicon(path: Path) -> dict[str, str]:
    """The noun -> WordNet tags lexicon: one 'noun<TAB>tags' line each, after a '#' notice line."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


@lru_cache(maxsize=1)
def type_model() -> TypeModel | None:
    """The shipped classifier, loaded once; None when its weights file is missing."""
    return TypeModel.load() if WEIGHTS_FILE.is_file() else None


def keyword_type(st: Structure, rule: str | None) -> str | None:
    """A keyword query's type (no question word, which TREC lacks, so the model does not decide): its
    head's type, the rules', a plural head's count ('base stations': how many), else other."""
    if not st.keyword:
        return None
    head = st.head
    kind = "money" if head == "rate" and "exchange" in st.toks else kind_of(head)
    kind = kind or (kind_of(st.of) if st.of else None)  # "share of exports"
    if kind:
        return kind
    if singular(head) in TIME_UNITS:
        return "duration"
    if singular(head) in UNITS:
        return "quantity"  # "tons of goods delivered"
    if rule and rule != "other":
        return rule
    return "count" if head and singular(head) != head else "other"  # "base stations": how many


def _verb_follows(toks: list[str], word: str) -> bool:
    """Whether an auxiliary follows the word: 'how much did ...', 'how much will ...'."""
    at = toks.index(word) if word in toks else -1
    return 0 <= at < len(toks) - 1 and toks[at + 1] in AUX


def construction_type(st: Structure, rule: str | None = None) -> str | None:
    """Constructions TREC lacks: 'by how much did X rise' (a change), 'how many times' (a count),
    'how big was the investment' (money), 'how fast is the economy growing' (a rate); and 'how much did
    the measure save' and 'how much did the Fed cut rates' as the rules read them (TREC files many a
    'how much' as a count or money)."""
    if st.wh != "how":
        return None
    if st.after == "much" and set(st.toks) & CHANGE and "cost" not in st.toks:
        return "percent"
    if st.after == "much" and _verb_follows(st.toks, "much"):
        rated = any(kind_of(t) == "percent" for t in st.toks)  # "how much did the Fed cut rates"
        if rule == "money" or (rule == "percent" and rated):
            return rule
    if st.after == "fast" and set(st.toks) & GROWING:
        return "percent"
    if st.after == "many" and st.head == "times":
        return "count"
    if st.after in {"big", "large", "high"} and kind_of(st.subject) == "money":
        return "money"
    return None


def factbot_semantics(st: Structure, learned: str, rule: str | None) -> str:
    """Where factbot's meaning differs from TREC's labels: TREC files 'how many miles/years' and 'how
    much oil' under NUM:count, factbot's figures carry their units, so the rules' quantity, duration or
    percent stands; and 'what is the population of X' asks for a count, not 'other'."""
    head = singular(st.head)
    if st.wh == "how" and st.after in {"many", "much"} and learned == "count":
        if rule in {"quantity", "duration", "percent"}:
            return rule
        if head in TIME_UNITS:
            return "duration"
        if head in UNITS:
            return "quantity"
    if head == "population" and learned == "other":
        return "count"
    if st.wh == "how" and st.after == "often" and rule == "duration" and learned in {"count", "other"}:
        return "duration"  # "every 76 years": TREC files most "how often" under NUM:count
    return learned
