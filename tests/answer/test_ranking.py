"""Tests for the sentence reranker: shape, answer-type evidence, coverage and the feature matrix."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answer.ranking import FEATURES, WEIGHTS, features, rerank
from bot.ingest.text import tokenize
from bot.models import AnswerType, QuestionAnalysis

IDF = {"base": 2.0, "station": 2.5, "built": 1.5, "uzbekistan": 3.0, "mobil": 1.8}


def idf(token: str) -> float | None:
    """A tiny fixed IDF table; unknown words give None, as the engine does."""
    return IDF.get(token)


def count_question() -> QuestionAnalysis:
    """'How many base stations were built in Uzbekistan?' analysed by hand."""
    return QuestionAnalysis(
        text="How many base stations were built in Uzbekistan?",
        answer_type=AnswerType.COUNT,
        focus="base stations",
        content_words=("base", "stations", "built", "uzbekistan"),
    )


def test_empty_input_gives_no_scores() -> None:
    assert rerank(count_question(), [], [], idf) == []


def test_one_score_per_sentence() -> None:
    sentences = ["Uzbekistan built base stations.", "Nothing here.", "Stations in Uzbekistan."]
    scores = rerank(count_question(), sentences, [3.0, 0.0, 2.0], idf)
    assert len(scores) == 3
    assert all(isinstance(s, float) for s in scores)


def test_weights_match_the_feature_list() -> None:
    assert len(WEIGHTS) == len(FEATURES)


def test_expected_figure_and_focus_noun_beat_a_sentence_without() -> None:
    with_figure = "Uzbekistan built 27,000 new mobile base stations last year."
    without = "Uzbekistan built base stations and mobile towers across the country."
    bm25 = [4.0, 4.2]  # the sentence without a figure even has the higher BM25
    scores = rerank(count_question(), [with_figure, without], bm25, idf)
    assert scores[0] > scores[1]


def test_a_figure_the_question_states_is_not_evidence() -> None:
    question = QuestionAnalysis(
        text="When did Uzbekistan build stations in 2024?",
        answer_type=AnswerType.DATE,
        content_words=("uzbekistan", "build", "stations", "2024"),
    )
    sentences = ["Uzbekistan built stations in 2024.", "Uzbekistan built stations in March 2023."]
    x = features(question, sentences, [1.0, 1.0], idf)
    type_fit = FEATURES.index("type_fit")
    assert x[0, type_fit] == 0.0
    assert x[1, type_fit] > 0.0


def test_covering_more_of_the_question_scores_higher() -> None:
    sentences = ["Uzbekistan built 500 base stations.", "The stations were painted."]
    scores = rerank(count_question(), sentences, [2.0, 2.0], idf)
    assert scores[0] > scores[1]


def test_feature_values_for_a_known_sentence() -> None:
    sentence = "Uzbekistan built 27,000 base stations."
    x = features(count_question(), [sentence], [5.0], idf)
    row = dict(zip(FEATURES, x[0], strict=True))
    assert row["bm25_rel"] == pytest.approx(1.0)
    assert row["coverage"] == pytest.approx(1.0)
    assert row["all_terms"] == 1.0
    assert row["focus"] == pytest.approx(1.0)
    assert row["type_fit"] == pytest.approx(1.0)
    assert row["log_length"] == pytest.approx(np.log1p(len(tokenize(sentence))))


def test_precomputed_figures_are_used_instead_of_extraction() -> None:
    sentence = "Uzbekistan built 27,000 base stations."
    x = features(count_question(), [sentence], [5.0], idf, figures=[[]])
    assert x[0, FEATURES.index("type_fit")] == 0.0


def test_entity_evidence_for_who_questions() -> None:
    question = QuestionAnalysis(
        text="Who built the base stations?", answer_type=AnswerType.ORGANISATION, content_words=("base",)
    )
    x = features(
        question, ["In 2020 Huawei built the stations.", "the base stations were built."], [1, 1], idf
    )
    entity = FEATURES.index("entity")
    assert (x[0, entity], x[1, entity]) == (1.0, 0.0)


def test_precomputed_tokens_give_the_same_scores() -> None:
    sentences = ["Uzbekistan built 27,000 base stations.", "Stations were painted."]
    given = rerank(count_question(), sentences, [3.0, 1.0], idf, tokens=[tokenize(s) for s in sentences])
    assert given == rerank(count_question(), sentences, [3.0, 1.0], idf)


def test_list_context_reads_the_headline_the_lead_and_the_sentence_before() -> None:
    from bot.answer import list_context
    from bot.answer.context import CONTEXT_FEATURES

    sentences = ["Nokia reported results on Thursday.", "The firm said net profit rose 12%.", "Shares fell."]
    tokens = [tokenize(s) for s in sentences]
    rows = list_context(tokenize("How much did Nokia's net profit rise?"), tokens, [1.0, 3.0, 0.0],
                        "Nokia profit jumps", lambda t: 1.0)  # fmt: skip
    col = {name: i for i, name in enumerate(CONTEXT_FEATURES)}
    assert rows[:, col["lead"]].tolist() == [1.0, 0.5, 1 / 3]
    # nokia (headline, sentence before), net and profit of nokia/net/profit/rise ("rose" stems apart)
    assert rows[1, col["context_cov"]] == 0.75
    assert rows[1, col["title_cov"]] > 0 and rows[2, col["context_cov"]] < 1.0
