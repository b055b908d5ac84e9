"""A name in another form: a country and its adjective ('Germany', 'German')."""

from __future__ import annotations

from pathlib import Path

from bot.answer import answer, other_forms
from bot.models import Article
from bot.search import SearchIndex, build_from_articles


def test_a_country_and_its_adjective_are_forms_of_one_name() -> None:
    assert "german" in other_forms("Germany")
    assert "germani" in other_forms("German")
    assert "israel" in other_forms("Israelis")
    assert "philippin" in other_forms("Filipino")
    assert other_forms("Tashkent") == frozenset()


def test_an_article_naming_a_country_by_its_adjective_names_it(tmp_path: Path) -> None:
    text = "The German invasion of Poland was launched on 1 September 1939."
    text += " Warsaw held out until 27 September."
    build_from_articles([Article(doc_id="w", title="Siege of Warsaw", text=text)], tmp_path / "index")
    result = answer("When was Germany's invasion of Poland launched?", SearchIndex.open(tmp_path / "index"))
    assert result.found, result.reason
    assert result.figure == "1 September 1939"
