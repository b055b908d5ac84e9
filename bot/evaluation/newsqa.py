"""NewsQA in `factbot eval`: open retrieval over every story, on the fit and check halves, beside plain BM25.

`newsqa_dev.jsonl` holds the questions (`qid`, `story`, `question`, `answers`); the stories are read from
`newsqa_dev_stories.jsonl` beside it, as factbot corpus lines. A question is answered when the returned
sentence holds a gold answer after SQuAD normalisation; its article is right when it is the question's story.
On the numeric questions (a gold answer has a digit), the figure is right when, as shown or without its
qualifier, it and a gold answer contain one another after SQuAD normalisation, in a sentence that is right.
On the questions factbot reads as asking for a person, place or organisation, the highlighted name is
right in the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi

from bot.answer import NAME_TYPES, ranked
from bot.evaluation.datasets import DatasetError, jsonl_records
from bot.evaluation.metrics import contains_answer, normalize_answer
from bot.evaluation.runs import (
    Row,
    ask,
    bare_figure,
    build_temp_index,
    figure_at,
    mean_or_zero,
    plain_tokens,
    with_tempdir,
)
from bot.evaluation.splits import half_of
from bot.models import Answer, Article, Figure
from bot.search import SearchIndex

NEWSQA = "newsqa"
DEPTHS = (1, 5, 10, 20, 40, 100)
# The baseline's sentences: split after . ! or ? when a space and a capital letter follow.
_NAIVE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class NewsQuestion:
    """One crowd-written question about a story, with the crowd's answer spans."""

    qid: str
    story: str
    question: str
    answers: tuple[str, ...]

    @property
    def half(self) -> str:
        """'fit' or 'check': the half of its story."""
        return half_of(self.story)

    @property
    def numeric(self) -> bool:
        """Whether a gold answer has a digit in it."""
        return any(ch.isdigit() for a in self.answers for ch in a)


@dataclass(frozen=True)
class NewsSet:
    """The questions and the stories of a NewsQA slice."""

    split: str
    questions: tuple[NewsQuestion, ...]
    stories: tuple[Article, ...]


def is_newsqa(path: Path) -> bool:
    """Whether the file's first record is a NewsQA question (a story id and answers, no candidates)."""
    record = next((r for _, r in jsonl_records(path)), None)
    if not isinstance(record, dict):
        return False
    return "story" in record and "answers" in record and "candidates" not in record


def stories_path(path: Path) -> Path:
    """The stories file beside a questions file: newsqa_dev.jsonl → newsqa_dev_stories.jsonl."""
    return path.with_name(f"{path.stem}_stories{path.suffix}")


def load_newsqa(path: Path, split_name: str | None = None, limit: int | None = None) -> NewsSet:
    """Read the questions and the stories beside them; raise DatasetError when either is unusable."""
    stories_file = stories_path(path)
    if not stories_file.is_file():
        raise DatasetError(f"{path}: the stories file {stories_file.name} is not beside it")
    try:
        questions = [
            NewsQuestion(str(r["qid"]), str(r["story"]), str(r["question"]), tuple(map(str, r["answers"])))
            for _, r in jsonl_records(path)
        ]
        stories = [
            Article(doc_id=str(r["id"]), title=str(r.get("title") or ""), source=r.get("source"),
                    text=str(r["text"]))
            for _, r in jsonl_records(stories_file)
        ]  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise DatasetError(f"{path}: malformed NewsQA record ({exc})") from exc
    known = {s.doc_id for s in stories}
    kept = tuple(q for q in questions if q.story in known and any(map(normalize_answer, q.answers)))
    return NewsSet(split_name or "dev", kept[:limit] if limit else kept, tuple(stories))


@dataclass(frozen=True)
class Outcome:
    """What one system did for one question: top sentence right, its story right, first gold depth."""

    hit: bool
    article: bool
    found: bool
    gold_rank: int | None  # 0-based position of the first gold-holding sentence in the ranked list
    figure: bool = False  # the sentence is right and so is the figure highlighted in it
    named: bool = False  # factbot read the question as asking for a name (person, place, organisation)
    name: bool = False  # the sentence is right and so is the name highlighted in it


def naive_sentences(stories: Sequence[Article]) -> tuple[list[str], list[str]]:
    """The baseline's sentences of every story, and the story id of each."""
    sentences, owners = [], []
    for story in stories:
        for part in _NAIVE_SPLIT.split(story.text):
            if part.strip():
                sentences.append(part.strip())
                owners.append(story.doc_id)
    return sentences, owners


def baseline_outcomes(data: NewsSet) -> dict[str, Outcome]:
    """Plain BM25 (rank_bm25 over lower-cased [a-z0-9]+) over naively split sentences of every story."""
    sentences, owners = naive_sentences(data.stories)
    bm25 = BM25Okapi([plain_tokens(s) for s in sentences])
    out = {}
    for q in data.questions:
        scores = bm25.get_scores(plain_tokens(q.question))
        order = sorted(range(len(sentences)), key=lambda i: -scores[i])[: max(DEPTHS)]
        rank = next((r for r, i in enumerate(order) if contains_answer(sentences[i], q.answers)), None)
        top = order[0]
        out[q.qid] = Outcome(rank == 0, owners[top] == q.story, True, rank)
    return out


def factbot_outcomes(data: NewsSet, index: SearchIndex) -> dict[str, Outcome]:
    """factbot's answer() and its ranked candidates, per question, over an index of every story."""
    out = {}
    for q in data.questions:
        result = ask(q.question, index)
        found = result is not None and result.found
        hit = found and contains_answer(result.passage, q.answers)
        article = found and result.source is not None and result.source.doc_id == q.story
        pool = ranked(q.question, index)[: max(DEPTHS)] if result is not None else []
        rank = next((r for r, c in enumerate(pool) if contains_answer(c.text, q.answers)), None)
        figure = hit and figure_matches(figure_at(result.passage, result.highlight), q.answers)
        named = result is not None and result.answer_type in NAME_TYPES
        name = hit and named and result.figure is not None and _contain_each_other([result.figure], q.answers)
        out[q.qid] = Outcome(hit, article, found, rank, figure, named, name)
    return out


def figure_matches(figure: Figure | None, golds: Sequence[str]) -> bool:
    """Whether the figure, as shown or without its qualifier, and a gold answer contain one another."""
    if figure is None:
        return False
    return _contain_each_other([figure.text, bare_figure(figure) or ""], golds)


def _contain_each_other(forms: Sequence[str], golds: Sequence[str]) -> bool:
    """Whether one of the forms shown and a gold answer contain one another after SQuAD normalisation."""
    return any(contains_answer(f, golds) for f in forms) or any(contains_answer(g, forms) for g in golds)


def outcome_rows(data: NewsSet, ours: dict[str, Outcome], base: dict[str, Outcome]) -> list[Row]:
    """Passage and article hit@1, recall@K and "not found", per half and overall."""
    rows = []
    for half in ("fit", "check", "all"):
        qs = [q for q in data.questions if half == "all" or q.half == half]
        a, b = [ours[q.qid] for q in qs], [base[q.qid] for q in qs]
        name, n = f"{half} half" if half != "all" else "all", len(qs)
        rows.append(Row("open retrieval", name, "passage hit@1", n, mean_or_zero(o.hit for o in a),
                        mean_or_zero(o.hit for o in b)))  # fmt: skip
        rows.append(Row("open retrieval", name, "article hit@1", n, mean_or_zero(o.article for o in a),
                        mean_or_zero(o.article for o in b)))  # fmt: skip
        for k in DEPTHS[1:]:
            at_k = [mean_or_zero(o.gold_rank is not None and o.gold_rank < k for o in x) for x in (a, b)]
            rows.append(Row("recall", name, f"gold sentence in top {k}", n, *at_k))
        rows.append(Row("abstention", name, "says not found", n, 1.0 - mean_or_zero(o.found for o in a)))
        numeric = [ours[q.qid] for q in qs if q.numeric]
        rows.append(Row("figure", f"{name}, numeric q", "sentence right", len(numeric),
                        mean_or_zero(o.hit for o in numeric)))  # fmt: skip
        rows.append(Row("figure", f"{name}, numeric q", "figure and sentence right", len(numeric),
                        mean_or_zero(o.figure for o in numeric)))  # fmt: skip
        named = [ours[q.qid] for q in qs if ours[q.qid].named]
        rows.append(Row("name", f"{name}, name q", "sentence right", len(named),
                        mean_or_zero(o.hit for o in named)))  # fmt: skip
        rows.append(Row("name", f"{name}, name q", "name and sentence right", len(named),
                        mean_or_zero(o.name for o in named)))  # fmt: skip
    return rows


def control_rows(data: NewsSet, folder: Path) -> list[Row]:
    """Shuffled control: each question asked of an index holding only the other half's stories; per half
    and overall."""
    by_half = {h: [s for s in data.stories if half_of(s.doc_id) == h] for h in ("fit", "check")}
    indexes = {h: build_temp_index(by_half[h], folder / h) for h in by_half}
    other = {"fit": "check", "check": "fit"}
    refused = {}
    for q in data.questions:
        result = ask(q.question, indexes[other[q.half]])
        refused[q.qid] = result is None or not result.found
    rows = []
    for half in ("fit", "check", "all"):
        kept = [refused[q.qid] for q in data.questions if half == "all" or q.half == half]
        name = "shuffled control" + (f", {half} half" if half != "all" else "")
        rows.append(Row("abstention", name, "correctly says not found", len(kept), mean_or_zero(kept)))
    return rows


def story_pairs(data: NewsSet) -> dict[str, list[tuple[bool, NewsQuestion]]]:
    """Per story, the questions asked of an index of it alone: its own (True), and those of the story
    before it by id (False, the control: the same kind of text, without the answer)."""
    order = sorted(s.doc_id for s in data.stories)
    following = {sid: order[(i + 1) % len(order)] for i, sid in enumerate(order)}
    asked: dict[str, list[tuple[bool, NewsQuestion]]] = {}
    for q in data.questions:
        asked.setdefault(q.story, []).append((True, q))
        asked.setdefault(following[q.story], []).append((False, q))
    return asked


def own_story_rows(data: NewsSet, folder: Path) -> list[Row]:
    """Each question through answer() against an index of its own story alone (a corpus too small for
    the gate): right sentence, wrong sentence, not found; and against the next story alone, which should
    say not found. Per half and overall."""
    stories = {s.doc_id: s for s in data.stories}
    own: dict[str, Answer | None] = {}
    other: dict[str, Answer | None] = {}
    for n, (story, pairs) in enumerate(story_pairs(data).items()):
        index = build_temp_index([stories[story]], folder / f"s{n}")
        for is_own, q in pairs:
            (own if is_own else other)[q.qid] = ask(q.question, index)
    rows = []
    for half in ("fit", "check", "all"):
        qs = [q for q in data.questions if half == "all" or q.half == half]
        name = f"{half} half" if half != "all" else "all"
        found = [(a, q) for q in qs if (a := own[q.qid]) is not None and a.found]
        right = sum(contains_answer(a.passage, q.answers) for a, q in found)
        n = max(len(qs), 1)
        alone, control = f"{name}, own story alone", f"{name}, next story alone"
        rows += [
            Row("small corpus", alone, "passage hit", len(qs), right / n),
            Row("small corpus", alone, "answered, sentence wrong", len(qs), (len(found) - right) / n),
            Row("small corpus", alone, "says not found", len(qs), 1.0 - len(found) / n),
            Row("small corpus", control, "correctly says not found", len(qs),
                mean_or_zero(other[q.qid] is None or not other[q.qid].found for q in qs)),
        ]  # fmt: skip
    return rows


def evaluate_newsqa(data: NewsSet) -> list[Row]:
    """Every NewsQA row: open retrieval on both halves beside plain BM25, recall@K, abstention, control,
    and each question asked of its own story alone."""
    base = baseline_outcomes(data)

    def run(folder: Path) -> list[Row]:
        ours = factbot_outcomes(data, build_temp_index(data.stories, folder / "all"))
        rows = outcome_rows(data, ours, base) + control_rows(data, folder / "control")
        return rows + own_story_rows(data, folder / "own")

    return with_tempdir(run)
