"""The answer from the index's precomputed tokens, figures and readings equals the answer recomputed from
the sentences' text (tokenize, extract_figures, read_sentence), on the sample article and the archive; so
do the answerability gate's features."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pytest

from bot.answer import answer, gate_rows, ranked
from bot.answer import candidates as candidates_module
from bot.answer.core import MAX_CHECKED, _asked, _support, ranked_candidates
from bot.answer.pool import Pool
from bot.answer.questions import analyse
from bot.answer.support import Support
from bot.ingest import tokenize
from bot.search import SearchIndex, build_index
from tests.conftest import corpus_with_sample
from tests.distractors import write_jsonl

TODAY = date(2026, 1, 15)
QUESTIONS = [
    "How many base stations?",
    "How many base stations does Telnor have?",
    "How many base stations did Telnor have in 2023?",
    "How many base stations did Telnor run last year?",
    "How many passengers did the Vesta metro carry?",
    "How many passengers did the metro carry in the first half of 2024?",
    "What was Vesta Bank's profit?",
    "What was Vesta Bank's profit in the third quarter?",
    "How many contracts did Telnor sign?",
    "What were the contracts worth?",
    "When was the memorandum signed?",
    "How much were Uzbektelecom's projects worth?",
    "How many tons of goods were delivered?",
    "What did IT service exports to China reach in 2025?",
    "Who signed the memorandum?",
    "Where are the base stations?",
    "What share of the market does Telnor hold?",
    "How many satellites has Uzbekistan launched?",
    "What is the capital of France?",
]


def _from_text(index: SearchIndex, ids: list[int]) -> Pool:
    """The recomputing path: the candidates' texts fetched, then tokenised, extracted and read."""
    rows = index.sentences(ids)
    return Pool.from_texts([rows[int(i)][0] for i in ids])


def _ranked(question: str, index: SearchIndex) -> list[tuple]:
    return [(c.sentence_id, c.score, c.figure, c.fit, c.text) for c in ranked(question, index)]


@pytest.mark.parametrize("which", ["sample_index", "archive_index"])
def test_answers_and_rankings_equal_the_recomputed_ones(
    which: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    index: SearchIndex = request.getfixturevalue(which)
    stored = [(answer(q, index, today=TODAY), _ranked(q, index)) for q in QUESTIONS]
    monkeypatch.setattr(candidates_module.Pool, "from_index", staticmethod(_from_text))
    recomputed = [(answer(q, index, today=TODAY), _ranked(q, index)) for q in QUESTIONS]
    assert stored == recomputed
    assert sum(a.found for a, _ in stored) >= 5
    assert any(a.timeline for a, _ in stored) or which == "sample_index"


def _gate_rows(index: SearchIndex) -> list[list[tuple]]:
    return [
        [(c.sentence_id, x.tolist(), ok, covered, r) for c, x, ok, covered, r in gate_rows(q, index)]
        for q in QUESTIONS
    ]


@pytest.mark.parametrize("which", ["sample_index", "archive_index"])
def test_gate_features_equal_the_recomputed_ones(
    which: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    index: SearchIndex = request.getfixturevalue(which)
    stored = _gate_rows(index)
    monkeypatch.setattr(candidates_module.Pool, "from_index", staticmethod(_from_text))
    monkeypatch.setattr(Support, "prefetch", lambda self, cands: None)  # each term looked up per candidate
    assert stored == _gate_rows(index)
    assert sum(ok for rows in stored for _, _, ok, _, _ in rows) >= 5


@pytest.mark.parametrize("which", ["sample_index", "archive_index"])
def test_prefetched_support_shares_are_the_evidence_floats(
    which: str, request: pytest.FixtureRequest
) -> None:
    index: SearchIndex = request.getfixturevalue(which)
    checked = 0
    for question in QUESTIONS:
        text = _asked(question, index)
        analysis, tokens = analyse(text), tokenize(text)
        cands = ranked_candidates(analysis, tokens, index)
        check = _support(index, tokens, analysis, cands)
        for cand in cands[:MAX_CHECKED]:
            seen = check.evidence(cand)
            assert check._seen(cand) == (seen.near, seen.article, seen.named)
            checked += 1
    assert checked >= 40


def _counting(fetch: Callable[[list[int]], dict], fetched: list[int]) -> Callable[[Iterable[int]], dict]:
    """A store read that also records which sentences it read."""

    def counted(ids: Iterable[int]) -> dict:
        fetched.extend(ids := list(ids))
        return fetch(ids)

    return counted


def test_texts_are_fetched_only_for_the_candidates_looked_at(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = corpus_with_sample(tmp_path)
    write_jsonl(corpus / "distractors.jsonl", 300)
    build_index(corpus, tmp_path / "index")
    index = SearchIndex.open(tmp_path / "index")
    question = "How many base stations were built?"
    pool = ranked(question, index)
    fetched: list[int] = []
    for name in ("sentences", "sentences_with_sources"):
        monkeypatch.setattr(index, name, _counting(getattr(index, name), fetched))
    assert answer(question, index).found
    assert 0 < len(fetched) < len(pool) / 2, (len(fetched), len(pool))
