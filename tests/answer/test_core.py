"""The core: right figures for questions about the sample article, refusals, and bad questions."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer import MEANING
from bot.answer.core import InvalidQuestion, answer, clean_question, suggest_questions
from bot.ingest.text import tokenize
from bot.models import AnswerType, Article
from bot.search import SearchIndex, build_from_articles, build_index
from tests.conftest import SAMPLE, corpus_with_sample
from tests.distractors import write_jsonl

# (question, expected figure text contained in the answer's figure, expected answer type)
ANSWERABLE = [
    ("How many base stations?", "27,000", AnswerType.COUNT),
    ("how many new mobile base stations were built", "27,000", AnswerType.COUNT),
    ("What were the contracts worth?", "USD 1 billion", AnswerType.MONEY),
    ("When was the memorandum signed?", "March 2025", AnswerType.DATE),
    ("How many contracts were signed in January 2024?", "12", AnswerType.COUNT),
    ("How much were Uzbektelecom's projects worth?", "USD 700 million", AnswerType.MONEY),
    ("How many tons of goods were delivered?", "226 tons", AnswerType.QUANTITY),
    ("How many tonnes of goods were delivered?", "226 tons", AnswerType.QUANTITY),
    ("How many Uzbek students trained at Huawei?", "50", AnswerType.COUNT),
    ("What did IT service exports to China reach in 2025?", "USD 7.4 million", AnswerType.OTHER),
    ("How many agreements does the cooperation cover?", "dozen", AnswerType.COUNT),
    ("How much did Beeline, Mobiuz and Ucell projects exceed?", "USD 500 million", AnswerType.MONEY),
    ("how much did mobile operators invest with chinese firms", "USD 500 million", AnswerType.MONEY),
    ("How much financing did China provide?", "USD 700 million", AnswerType.MONEY),
    ("By how much did IT service exports to China grow?", "nearly triple", AnswerType.PERCENT),
    ("hey, can you tell me how many base stations were built?", "27,000", AnswerType.COUNT),
    ("Could you please tell me when the memorandum was signed, thanks", "March 2025", AnswerType.DATE),
    ("tell me about the number of base stations", "27,000", AnswerType.COUNT),
    ("What did Beeline, Mobiuz and Ucell spend?", "USD 500 million", AnswerType.MONEY),
]

UNANSWERABLE = [
    "How many satellites has Uzbekistan launched?",
    "What is the capital of France?",
    "How many people live in Tashkent?",
    "When did RENRUI open its call center?",
    "What is the price of bitcoin?",
    "What was the GDP of Uzbekistan in 2024?",
    "What was Uzbektelecom's revenue?",
    "How many Chinese companies operate in Uzbekistan?",
    "IT service exports 2024",  # 2025's figure is 'nearly triple the figure recorded in 2024'
    "What were IT service exports to China in 2024?",
    "What percentage of exports go to China?",  # no share is given, only counts and sums
    "What's the population of Uzbekistan?",  # '27,000 base stations' counts no people
]
# Refused on the article alone; among thousands of unrelated articles the gate lets 'the first half of
# 2025' through ('in partnership with China Post'): a known miss, in the notes.
ALONE_UNANSWERABLE = ["When did the partnership start?"]  # 'built over decades'


@pytest.mark.parametrize(("question", "figure", "kind"), ANSWERABLE)
def test_answers_sample_questions_with_the_right_figure(
    sample_index: SearchIndex, question: str, figure: str, kind: AnswerType
) -> None:
    result = answer(question, sample_index)
    assert result.found, result.reason
    assert result.answer_type is kind
    assert figure in (result.figure or "")
    assert result.highlight is not None
    assert result.passage[result.highlight.start : result.highlight.end] == result.figure
    assert result.source.source == "APP" and result.source.date == "2025-09-01"


NAMED = [
    ("Who signed the memorandum?",
     "Uzbekistan’s IT Park, Kazakhstan’s Astana Hub, and China’s Growth Vision Pro Ltd."),
    ("who is the president of uzbekistan", "Shavkat Mirziyoyev"),
    ("Which companies opened in the IT Park?", "ZTE and SOLUXE CONSULTING"),
    ("Who delivered the goods?", "Uzbekiston Pochtasi"),
    ("Where will the call center open?", "Samarkand"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "name"), NAMED)
def test_answers_sample_who_and_where_questions_with_the_name(
    sample_index: SearchIndex, question: str, name: str
) -> None:
    result = answer(question, sample_index)
    assert result.found, result.reason
    assert result.figure == name
    assert result.passage[result.highlight.start : result.highlight.end] == name


def test_an_untyped_question_highlights_no_date_that_follows_another_verb(sample_index: SearchIndex) -> None:
    result = answer("What did the trilateral memorandum aim to do?", sample_index)
    assert result.found and "memorandum" in result.passage
    assert result.figure is None  # 'signed in March 2025' is not what it aimed to do


@pytest.mark.parametrize("question", UNANSWERABLE + ALONE_UNANSWERABLE)
def test_refuses_questions_the_article_cannot_answer(sample_index: SearchIndex, question: str) -> None:
    result = answer(question, sample_index)
    assert not result.found
    assert result.figure is None and result.passage is None and result.reason


# Paraphrases that share too few words with their sentence for the coverage thresholds.
PARAPHRASED = [("How many Uzbek young people went to Huawei for training?", "More than 50")]


@pytest.mark.parametrize(("question", "figure"), PARAPHRASED)
def test_a_small_corpus_answers_a_paraphrase_by_its_meaning_and_not_without_it(
    sample_index: SearchIndex, monkeypatch: pytest.MonkeyPatch, question: str, figure: str
) -> None:
    assert MEANING.on and MEANING.rescue < 1.0 and MEANING.match_rescue < 1.0
    assert answer(question, sample_index).figure == figure
    monkeypatch.setattr(MEANING, "rescue", math.inf)
    monkeypatch.setattr(MEANING, "match_rescue", math.inf)
    assert not answer(question, sample_index).found
    monkeypatch.setattr(MEANING, "match_rescue", 0.3)  # a close token match alone stands in too
    assert answer(question, sample_index).figure == figure
    monkeypatch.setattr(MEANING, "enabled", False)
    assert not answer(question, sample_index).found


def test_a_close_meaning_does_not_answer_a_count_of_another_thing(archive_index: SearchIndex) -> None:
    # 'Telnor now runs 24,000 mobile base stations' is close in meaning, but counts no subscribers.
    assert MEANING.on
    result = answer("how many subscribers does telnor have", archive_index)
    assert not result.found, (result.figure, result.passage)


def test_a_where_question_returns_the_passage_with_the_place_highlighted(sample_index: SearchIndex) -> None:
    result = answer("Where will RENRUI open a call center?", sample_index)
    assert result.found
    assert (result.figure, result.figure_kind) == ("Samarkand", AnswerType.PLACE)
    assert result.passage[result.highlight.start : result.highlight.end] == "Samarkand"


def test_a_question_for_neither_figure_nor_name_returns_the_passage_alone(sample_index: SearchIndex) -> None:
    result = answer("What does the Digital Education Lab in Tashkent teach?", sample_index)
    assert result.found, result.reason
    assert result.answer_type is AnswerType.OTHER
    assert result.figure is None
    assert "Digital Education Lab" in result.passage


def test_alternatives_are_other_sentences(sample_index: SearchIndex) -> None:
    result = answer("How much money was invested with Chinese financing?", sample_index, alternatives=3)
    ids = [result.sentence_id] + [c.sentence_id for c in result.alternatives]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "question",
    ["", "   \n\t ", "x" * 1_000_001, "\x00\x01\x02binary\xff", "?!?...", "🙂🙂🙂", "\ufffd\ufffd"],
    ids=["empty", "whitespace", "1MB", "binary", "punctuation", "emoji", "replacement-chars"],
)
def test_rejects_unusable_questions_with_a_message(sample_index: SearchIndex, question: str) -> None:
    with pytest.raises(InvalidQuestion) as excinfo:
        answer(question, sample_index)
    assert str(excinfo.value)


def test_odd_unicode_is_normalised() -> None:
    assert clean_question("ｈｏｗ  many\u00a0base\u200bstations？").startswith("how many base")


def test_only_stop_words_is_not_found(sample_index: SearchIndex) -> None:
    result = answer("What is it?", sample_index)
    assert not result.found


def test_suggested_questions_are_answerable(sample_index: SearchIndex) -> None:
    suggestions = suggest_questions(sample_index, n=3)
    assert suggestions
    assert all(answer(q, sample_index).found for q in suggestions)


@pytest.fixture(scope="module")
def crowded_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The sample article among 3,000 unrelated articles that share its everyday vocabulary."""
    base = tmp_path_factory.mktemp("crowded")
    corpus = corpus_with_sample(base)
    write_jsonl(corpus / "distractors.jsonl", 3_000)
    build_index(corpus, base / "index")
    return SearchIndex.open(base / "index")


# Questions that name what distinguishes the sample article; "what were the contracts worth?" alone is
# rightly answered from any article about contracts, and "how many contracts were signed in January
# 2024?" by the distractors' own "signed 23 contracts worth USD 215 million ... in January 2024".
AMBIGUOUS = {"What were the contracts worth?", "How many contracts were signed in January 2024?"}
SPECIFIC = [row for row in ANSWERABLE if row[0] not in AMBIGUOUS]


@pytest.mark.parametrize(("question", "figure", "kind"), SPECIFIC)
def test_stays_right_among_thousands_of_unrelated_articles(
    crowded_index: SearchIndex, question: str, figure: str, kind: AnswerType
) -> None:
    result = answer(question, crowded_index)
    assert result.found, result.reason
    assert figure in (result.figure or "")
    assert result.source.doc_id.endswith(SAMPLE.name)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_still_refuses_among_thousands_of_unrelated_articles(
    crowded_index: SearchIndex, question: str
) -> None:
    result = answer(question, crowded_index)
    assert not result.found, (result.figure, result.passage)


def test_core_does_not_import_telegram_or_settings() -> None:
    modules = "('telegram', 'bot.config', 'argparse')"
    code = f"import sys, bot.answer; print(sorted(m for m in {modules} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    )
    assert out.stdout.strip() == "[]"


def test_tiny_corpus_where_every_word_is_common_still_answers(tmp_path: Path) -> None:
    text = "The Nile port added 3 cranes in July. The Nile port cranes moved 4,200 containers in June."
    build_from_articles([Article(doc_id="nile", title="Nile port", text=text)], tmp_path / "index")
    index = SearchIndex.open(tmp_path / "index")
    question = "How many cranes did the Nile port add?"
    assert index.engine.search(tokenize(question)) == []  # no positive BM25 score: the fallback answers
    result = answer(question, index)
    assert result.found and result.figure == "3"


def test_a_name_mentioned_in_part_is_enough(sample_index: SearchIndex) -> None:
    result = answer("How many students trained at Huawei Technologies?", sample_index)
    assert result.found and "50" in result.figure


def test_a_written_figure_is_kept_when_the_question_has_a_number(tmp_path: Path) -> None:
    text = "In 2025 the ministry signed nearly a dozen agreements with partners abroad."
    build_from_articles([Article(doc_id="m", title="Ministry", text=text)], tmp_path / "index")
    result = answer(
        "How many agreements did the ministry sign in 2025?", SearchIndex.open(tmp_path / "index")
    )
    assert result.found and "dozen" in result.figure
