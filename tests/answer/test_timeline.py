"""The latest figure first, the others over time (bot/answer/timeline.py): on hand-made candidates and on the
dated test archive."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.answer.core import answer
from bot.answer.timeline import MAX_TIMELINE, arrange, same_measure
from bot.models import Article, Candidate, Source, Span
from bot.search import SearchIndex, build_from_articles

TODAY = date(2026, 1, 15)


def cand(doc: str, sentence: str, figure: str, *, title: str = "Telnor network", sid: int = 0) -> Candidate:
    """A count candidate whose figure is written in its sentence."""
    start = sentence.index(figure)
    return Candidate(
        figure=figure,
        figure_kind="count",
        highlight=Span(start=start, end=start + len(figure)),
        passage=sentence,
        sentence_id=sid,
        source=Source(doc_id=doc, title=title, source=doc.upper()),
        score=1.0,
        bm25=1.0,
    )


def test_the_latest_article_answers_and_the_others_follow_newest_first() -> None:
    cands = [
        cand("b", "Telnor runs 12,000 base stations.", "12,000"),
        cand("d", "Telnor runs 24,000 base stations.", "24,000"),
        cand("u", "Telnor had 7,000 base stations.", "7,000"),
        cand("a", "Telnor runs 9,500 base stations.", "9,500"),
        cand("c", "Telnor runs 18,000 base stations.", "18,000"),
    ]
    dates = {
        "a": date(2019, 1, 1),
        "b": date(2021, 1, 1),
        "c": date(2023, 1, 1),
        "d": date(2025, 1, 1),
        "u": None,
    }
    story = arrange(cands, dates, alternatives=3)
    assert story.main.figure == "24,000" and story.as_of == date(2025, 1, 1)
    assert [(e.figure, e.date) for e in story.timeline] == [
        ("18,000", "2023-01-01"),
        ("12,000", "2021-01-01"),
        ("9,500", "2019-01-01"),
        ("7,000", None),  # undated: last
    ]
    assert [c.figure for c in story.alternatives] == ["12,000", "7,000", "9,500"]  # rank order, main left out


def test_restatements_are_folded_into_the_figure_they_repeat() -> None:
    cands = [
        cand("new", "Telnor runs 24,000 base stations.", "24,000"),
        cand("echo", "Telnor now operates around 24 000 base stations.", "around 24 000"),
        cand("old", "Telnor runs 18,000 base stations.", "18,000"),
        cand("old-echo", "Telnor operates 18,000 base stations.", "18,000"),
    ]
    dates = {
        "new": date(2025, 1, 1),
        "echo": date(2025, 1, 2),
        "old": date(2023, 1, 1),
        "old-echo": date(2023, 1, 5),
    }
    story = arrange(cands, dates, alternatives=3)
    assert story.main.source.doc_id == "echo"  # the newest of the two that say 24,000
    assert [s.doc_id for s in story.also_reported_by] == ["new"]
    [entry] = story.timeline
    assert entry.source.doc_id == "old-echo" and [s.doc_id for s in entry.also_reported_by] == ["old"]


def test_one_figure_per_article_and_at_most_five() -> None:
    cands = [
        cand(f"d{y}", f"Telnor runs {y - 2000},000 base stations.", f"{y - 2000},000")
        for y in range(2010, 2020)
    ]
    cands.append(cand("d2019", "Telnor also runs 3 shops.", "3"))
    dates = {f"d{y}": date(y, 1, 1) for y in range(2010, 2020)}
    story = arrange(cands, dates, alternatives=3)
    assert story.main.figure == "19,000"
    assert len(story.timeline) == MAX_TIMELINE
    assert [e.date[:4] for e in story.timeline] == ["2018", "2017", "2016", "2015", "2014"]


def test_other_measures_and_other_subjects_stay_out_of_the_timeline() -> None:
    top = cand("a", "Telnor runs 24,000 base stations.", "24,000")
    assert not same_measure(top, cand("b", "Telnor employs 5,000 people.", "5,000"))  # counts another thing
    other_firm = cand("c", "Mobitel runs 9,000 base stations.", "9,000", title="Mobitel grows")
    assert not same_measure(top, other_firm)  # names nothing in common
    assert same_measure(top, cand("d", "It now runs 18,000 base stations.", "18,000"))  # Telnor in the title


def test_a_headline_stands_for_a_sentence_only_when_the_sentence_names_nothing() -> None:
    rival = cand("a", "Mobitel now runs 9,000 base stations.", "9,000", title="Telnor builds its 24,000th")
    assert not same_measure(rival, cand("b", "Telnor now runs 24,000 base stations.", "24,000"))
    assert same_measure(rival, cand("c", "Mobitel, the second operator, runs 4,000 base stations.", "4,000"))
    tesla = cand("d", "Tesla delivered 1.79 million vehicles.", "1.79 million", title="Tesla sales")
    abroad = cand(
        "e", "It delivered 1.8 million vehicles in China and Europe.", "1.8 million", title="Tesla deliveries"
    )
    assert same_measure(tesla, abroad)  # its headline names Tesla


def test_a_rival_typed_in_lower_case_keeps_its_own_history(archive_index: SearchIndex) -> None:
    result = answer("how many base stations does mobitel run", archive_index, today=TODAY)
    assert (result.figure, result.source.date) == ("9,000", "2025-01-10")
    assert [entry.figure for entry in result.timeline] == ["4,000"]


def test_a_figure_that_names_no_noun_counts_alike_only_if_its_sentence_mentions_it() -> None:
    top = cand("a", "Telnor signed 14 contracts with equipment suppliers in 2022.", "14")
    metro = cand("b", "The Vesta metro carried 171 million passengers in 2024, up from 150 million in 2022.",
                 "150 million")  # fmt: skip
    assert not same_measure(top, metro)  # its headline names Telnor, but it does not count contracts
    assert same_measure(top, cand("c", "Of the contracts, Telnor signed 9 in 2021.", "9"))


def test_a_passage_answer_has_no_timeline() -> None:
    who = Candidate(
        passage="Telnor is led by Ana Berg.", sentence_id=1, source=Source(doc_id="x"), score=1.0, bm25=1.0
    )
    story = arrange([who], {"x": date(2025, 1, 1)}, alternatives=3)
    assert story.main is who and story.timeline == [] and story.as_of == date(2025, 1, 1)


def test_the_archive_answers_with_the_latest_count_and_its_history(archive_index: SearchIndex) -> None:
    result = answer("How many base stations does Telnor have?", archive_index, today=TODAY)
    assert (result.figure, result.source.source, result.as_of) == ("24,000", "Vesta Tribune", "2025-01-12")
    assert [s.source for s in result.also_reported_by] == ["APP"]
    timeline = [(e.figure, e.date, e.source.source) for e in result.timeline]
    assert timeline == [
        ("18,000", "2023-04-05", "Norland Herald"),
        ("12,000", "2021-03-15", "APP"),
        ("9,500", "2019-11-20", "Daily News"),
        ("7,000", None, "Telnor"),
    ]
    assert [s.source for s in result.timeline[0].also_reported_by] == ["APP"]  # 18,000 said twice


def test_a_date_from_the_dateline_counts_when_the_article_has_none(archive_index: SearchIndex) -> None:
    result = answer("How many passengers did the Vesta metro carry?", archive_index, today=TODAY)
    assert (result.figure, result.source.date, result.as_of) == ("90 million", None, "2025-07-15")
    assert result.timeline[0].date == "2025-01-10"


def test_a_corpus_of_one_article_has_no_timeline(sample_index: SearchIndex) -> None:
    result = answer("How many base stations?", sample_index)
    assert result.figure == "27,000" and result.as_of == "2025-09-01"
    assert result.timeline == [] and result.also_reported_by == []


def test_undated_articles_work_as_before(tmp_path: Path) -> None:
    articles = [
        Article(doc_id=f"a{i}", title="Telnor", text=f"Telnor runs {n} base stations in Norland.")
        for i, n in enumerate(["9,500", "12,000", "18,000"])
    ]
    build_from_articles(articles, tmp_path / "index")
    result = answer("How many base stations does Telnor run?", SearchIndex.open(tmp_path / "index"))
    assert result.found and result.as_of is None
    assert {result.figure, *(e.figure for e in result.timeline)} == {"9,500", "12,000", "18,000"}
    assert all(e.date is None for e in result.timeline)
