"""Questions about an article itself (its author, date, source), answered from its metadata."""

from __future__ import annotations

import pytest

from bot.answer import Conversation, answer
from bot.answer.metadata import WHICH_ARTICLE, MetaQuestion, read_meta
from bot.models import AnswerType, Article
from bot.search import SearchIndex, build_from_articles


@pytest.mark.parametrize(
    ("question", "meta"),
    [
        ("Who wrote the article?", MetaQuestion("author", "")),
        ("who is the author?", MetaQuestion("author", "")),
        ("Who wrote the article about base stations?", MetaQuestion("author", "base stations")),
        ("who's the author of this story", MetaQuestion("author", "")),
        ("When was the article published?", MetaQuestion("date", "")),
        ("when was the story on the census written", MetaQuestion("date", "the census")),
        ("Which agency ran the story?", MetaQuestion("source", "")),
        ("What is the source of this article?", MetaQuestion("source", "")),
        ("who wrote it?", MetaQuestion("author", "")),
        ("When was this published?", MetaQuestion("date", "")),
        ("when did it come out", MetaQuestion("date", "")),
        ("Who ran it?", MetaQuestion("source", "")),
    ],
)
def test_questions_about_an_article_itself_are_read_with_their_subject(
    question: str, meta: MetaQuestion
) -> None:
    assert read_meta(question) == meta


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote the letter to the president?",  # about the text: no article named
        "Who is the author of Harry Potter?",
        "Who wrote the report on climate change?",  # a report is news, not the article
        "When was the memorandum signed?",
        "How many articles of the treaty were signed?",
        "Who wrote it into the law?",  # the pronoun is not the whole object
        "When was it released?",  # a product, as often as an article
        "When was it signed?",
    ],
)
def test_questions_about_the_text_are_not_read_as_metadata(question: str) -> None:
    assert read_meta(question) is None


TOWERS = Article(
    doc_id="towers",
    title="Uzbektelecom builds base stations",
    author="Rehan Khan",
    source="APP",
    date="2025-09-01",
    text="Uzbektelecom built 27,000 new mobile base stations with Chinese financing.",
)
CENSUS = Article(
    doc_id="census",
    title="Kazakhstan counts its people",
    source="Norland Herald",
    date="2024-03-02",
    text="Kazakhstan is home to 20 million inhabitants, the census office said.",
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    folder = tmp_path_factory.mktemp("meta") / "index"
    build_from_articles([TOWERS, CENSUS], folder)
    return SearchIndex.open(folder)


def test_the_article_named_by_its_subject_answers_with_its_metadata(index: SearchIndex) -> None:
    result = answer("Who wrote the article about base stations?", index)
    assert result.found, result.reason
    assert (result.figure, result.figure_kind, result.source.doc_id) == (
        "Rehan Khan",
        AnswerType.PERSON,
        "towers",
    )
    assert result.passage == TOWERS.title
    published = answer("When was the story about the census published?", index)
    assert (published.figure, published.source.doc_id) == ("2024-03-02", "census")


def test_metadata_an_article_lacks_is_not_made_up(index: SearchIndex) -> None:
    result = answer("Who wrote the article about the census?", index)
    assert not result.found
    assert result.reason == "The article does not give its author."


def test_without_a_subject_the_question_asks_which_article(index: SearchIndex) -> None:
    result = answer("Who wrote the article?", index)
    assert not result.found
    assert result.reason == WHICH_ARTICLE


def test_in_a_conversation_the_article_is_the_last_answers(index: SearchIndex) -> None:
    chat = Conversation(10)
    assert chat.ask("How many base stations were built?", index, now=0.0).figure == "27,000"
    result = chat.ask("Who wrote the article?", index, now=1.0)
    assert (result.figure, result.source.doc_id) == ("Rehan Khan", "towers")
    assert chat.ask("Which agency ran the story?", index, now=2.0).figure == "APP"


def test_in_a_conversation_it_is_the_last_answers_article(index: SearchIndex) -> None:
    chat = Conversation(10)
    assert chat.ask("How many inhabitants does Kazakhstan have?", index, now=0.0).figure == "20 million"
    published = chat.ask("When was it published?", index, now=1.0)
    assert (published.figure, published.source.doc_id, published.follow_up) == ("2024-03-02", "census", False)
    assert chat.ask("who wrote it?", index, now=2.0).reason == "The article does not give its author."


def test_a_single_article_needs_no_subject(tmp_path) -> None:
    build_from_articles([TOWERS], tmp_path / "index")
    result = answer("who is the author?", SearchIndex.open(tmp_path / "index"))
    assert result.figure == "Rehan Khan"


def test_a_turn_whose_sentence_moved_in_a_rebuild_names_no_article(index: SearchIndex) -> None:
    chat = Conversation(10)
    chat.ask("How many base stations were built?", index, now=0.0)
    chat.turn = chat.turn.model_copy(update={"article": "gone"})  # as if the index was rebuilt since
    assert chat.ask("Who wrote the article?", index, now=1.0).reason == WHICH_ARTICLE
