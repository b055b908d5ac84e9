"""Questions about a period (bot/answer/periods.py) and article dates (bot/answer/dates.py), on tables and
on the dated test archive."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answer.anchors import find_periods
from bot.answer.core import answer
from bot.answer.dates import dateline_date, parse_date
from bot.answer.periods import (
    ELSEWHERE,
    EXACT,
    OTHER,
    OVERLAPS,
    UNSTATED,
    absolute,
    asked_period,
    fit,
    level,
    listed,
    period_text,
    select,
    shifted,
)
from bot.models import AnswerType, Candidate, Period, Source, Span
from bot.search import SearchIndex

TODAY = date(2026, 1, 15)


def period(text: str):
    """The one period written in `text`."""
    (found,) = find_periods(text)
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-01", date(2025, 9, 1)),
        ("2025-09-01T10:30:00Z", date(2025, 9, 1)),
        ("2024/3/7", date(2024, 3, 7)),
        ("September 1, 2025", date(2025, 9, 1)),
        ("Sept. 1, 2025", date(2025, 9, 1)),
        ("1 September 2025", date(2025, 9, 1)),
        ("2025", None),
        ("2025-02-30", None),
        ("", None),
        (None, None),
    ],
)
def test_article_dates_are_read_in_the_usual_spellings(text: str | None, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("LONDON, March 3, 2024 (Reuters) - The bank said profit rose.", date(2024, 3, 3)),
        ("NEW YORK, Sept. 1, 2025 -- Shares fell on Monday.", date(2025, 9, 1)),
        ("ISLAMABAD, September 01 (APP): Uzbekistan is advancing.", None),  # no year: no date
        ("The bank said on March 3, 2024 that profit rose.", None),  # not a dateline
    ],
)
def test_a_dateline_gives_a_date_only_with_a_year(sentence: str, expected: date | None) -> None:
    assert dateline_date(sentence) == expected


@pytest.mark.parametrize(
    ("asked", "stated", "expected"),
    [
        ("in 2023", "in 2023", EXACT),
        ("in 2023", "in 2022", OTHER),
        ("in 2023", "from 2016 to 2025", OVERLAPS),
        ("in 2024", "in Q3 2024", OVERLAPS),
        ("Q3 2024", "the second half of 2024", OVERLAPS),
        ("Q3 2024", "the first half of 2024", OTHER),
        ("in Q3", "the third quarter of 2024", EXACT),
        ("in March 2025", "in April 2025", OTHER),
        ("in 2024", "in Q3", UNSTATED),
    ],
)
def test_how_a_stated_period_fits_the_asked_one(asked: str, stated: str, expected: int) -> None:
    assert fit(period(asked), period(stated)) == expected


@pytest.mark.parametrize(
    ("text", "article", "expected"),
    [
        ("last year", date(2023, 4, 2), {"year": 2022}),
        ("this year", date(2019, 11, 20), {"year": 2019}),
        ("in March", date(2025, 9, 1), {"year": 2025, "month": 3}),
        ("in March", date(2025, 2, 1), {"year": 2024, "month": 3}),  # the latest March by then
        ("the third quarter", date(2024, 10, 20), {"year": 2024, "quarter": 3}),
        ("in 2021", date(2025, 1, 1), {"year": 2021}),
        ("last year", None, {"offset": -1}),  # no date: stays relative
    ],
)
def test_relative_periods_resolve_against_the_article_date(
    text: str, article: date | None, expected: dict
) -> None:
    found = absolute(period(text), article)
    assert found.model_dump(exclude_none=True, exclude={"text"}) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", "2024"),
        ("from 2016 to 2025", "2016 to 2025"),
        ("Q3 2024", "Q3 2024"),
        ("the first half of 2025", "the first half of 2025"),
        ("in March 2024", "March 2024"),
        ("in the third quarter", "Q3"),
    ],
)
def test_periods_are_written_one_way(text: str, expected: str) -> None:
    assert period_text(period(text)) == expected


def test_periods_shift_by_years_quarters_and_months() -> None:
    assert period_text(shifted(period("Q1 2024"), "quarter", -1)) == "Q4 2023"
    assert period_text(shifted(period("Q3 2024"), "year", -1)) == "Q3 2023"
    assert period_text(shifted(period("March 2024"), "month", 1)) == "April 2024"
    assert period_text(shifted(period("the first half of 2025"), "half", -1)) == "the second half of 2024"
    assert shifted(period("2024"), "quarter", -1) is None  # no quarter to count from
    assert shifted(period("Q3"), "year", -1) is None


def test_periods_are_listed_in_time_order_once_each_with_their_best_ranked_figure() -> None:
    given = [(period("2024"), "12"), (period("2022"), "14"), (period("in 2022"), "9")]
    assert listed(given) == "2022 (14) and 2024 (12)"
    assert listed([(period("2024"), None), (period("2022"), None)]) == "2022 and 2024"
    many = [(period(str(year)), None) for year in range(2015, 2023)]
    assert listed(many) == "2015, 2016, 2017, 2018, 2019 and 3 more"


def test_the_period_asked_is_made_absolute_against_today() -> None:
    assert asked_period("how many passengers last year?", TODAY).year == 2025
    assert asked_period("how many passengers in Q3?", TODAY).quarter == 3
    assert asked_period("how many passengers?", TODAY) is None


@pytest.mark.parametrize(
    ("question", "figure", "source"),
    [
        # "last year" in an article of 2023-04-02
        ("How many passengers did the Vesta metro carry in 2022?", "150 million", "APP"),
        # "last year" in an article of 2021-03-15
        ("How many passengers did the Vesta metro carry in 2020?", "95 million", "APP"),
        # "this year" in an article of 2019-11-20
        ("How many passengers did the Vesta metro carry in 2019?", "120 million", "Daily News"),
        # dated only by its dateline
        ("How many passengers did the Vesta metro carry in the first half of 2025?", "90 million", "Reuters"),
        # "in the third quarter" of an article of 2024-10-20
        ("How many passengers did the Vesta metro carry in the third quarter?", "44 million", "APP"),
        ("How much net profit did Vesta Bank make in 2022?", "USD 55 million", "APP"),
        ("How many contracts did Telnor sign in 2022?", "14", "APP"),
    ],
)
def test_a_period_selects_the_figure_stated_for_it(
    archive_index: SearchIndex, question: str, figure: str, source: str
) -> None:
    result = answer(question, archive_index, today=TODAY)
    assert result.found, result.reason
    assert (result.figure, result.source.source) == (figure, source)
    assert result.period is not None


def test_the_figure_a_sentence_states_for_the_asked_period_is_taken(archive_index: SearchIndex) -> None:
    # "171 million passengers in 2024, up from 150 million in 2022": 2022 belongs to the 150 million.
    result = answer("How many passengers did the Vesta metro carry in 2024?", archive_index, today=TODAY)
    assert result.figure == "171 million"
    result = answer("How many passengers did the Vesta metro carry in 2022?", archive_index, today=TODAY)
    assert (result.figure, result.as_of) == ("150 million", "2025-01-10")
    assert result.passage[result.highlight.start : result.highlight.end] == "150 million"
    assert [s.date for s in result.also_reported_by] == ["2023-04-02"]  # "last year" in an article of 2023


def test_another_figure_of_the_sentence_answers_for_its_own_period() -> None:
    google = figure_cand("Google earned $264bn from advertising in 2024, up from $238bn in 2023.", "$264bn")
    google = google.model_copy(update={"figure_kind": AnswerType.MONEY})
    chosen, reason = select(period("2023"), [google], {})
    assert reason is None and [c.figure for c in chosen] == ["$238bn"]
    assert select(period("2024"), [google], {})[0][0].figure == "$264bn"


def test_last_year_in_the_question_is_counted_from_today(archive_index: SearchIndex) -> None:
    result = answer(
        "How much net profit did Vesta Bank make last year?", archive_index, today=date(2025, 3, 1)
    )
    assert result.figure == "USD 80 million"
    assert (result.period.year, result.period.text) == (2024, "last year")


def test_only_other_periods_stated_is_said_not_answered(archive_index: SearchIndex) -> None:
    result = answer("How much net profit did Vesta Bank make in 2023?", archive_index, today=TODAY)
    assert not result.found and result.figure is None
    assert result.reason == (
        "The articles give 2020 (USD 40 million), 2022 (USD 55 million) and 2024 (USD 80 million), not 2023."
    )
    assert result.period.year == 2023


def test_the_sample_article_answers_its_periods_as_before(sample_index: SearchIndex) -> None:
    result = answer("How many contracts were signed in January 2024?", sample_index)
    assert result.figure == "12"
    assert (result.period.month, result.period.year) == (1, 2024)
    assert answer("how many base stations in 2024?", sample_index).figure == "27,000"  # 2016 to 2025


def figure_cand(sentence: str, figure: str, doc: str = "a") -> Candidate:
    """A candidate whose figure is the first `figure` written in `sentence`."""
    start = sentence.index(figure)
    span = Span(start=start, end=start + len(figure))
    return Candidate(figure=figure, figure_kind="count", highlight=span, passage=sentence, sentence_id=0,
                     source=Source(doc_id=doc), score=1.0, bm25=1.0)  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "figure", "asked", "expected"),
    [
        # a period opening the sentence is every figure's
        (
            "In January 2024, companies signed 12 contracts worth over USD 1 billion.",
            "USD 1 billion",
            "January 2024",
            EXACT,
        ),
        # otherwise a period is the nearest figure's
        (
            "The metro carried 171 million passengers in 2024, up from 150 million in 2022.",
            "171 million",
            "2022",
            OTHER,
        ),
        (
            "The metro carried 171 million passengers in 2024, up from 150 million in 2022.",
            "150 million",
            "2022",
            EXACT,
        ),
        # a figure with no period of its own, in an undated article: cannot tell
        ("1,300,000 people lived in Warsaw, but in 1945 only 420,000.", "1,300,000", "1939", UNSTATED),
        ("1,300,000 people lived in Warsaw, but in 1945 only 420,000.", "only 420,000", "1939", OTHER),
        # unless a comparison stands between them: the period is then the compared figure's
        (
            "In 2025, exports reached USD 7.4 million, nearly triple the figure recorded in 2024.",
            "USD 7.4 million",
            "2024",
            OTHER,
        ),
        (
            "In 2025, exports reached USD 7.4 million, nearly triple the figure recorded in 2024.",
            "USD 7.4 million",
            "2025",
            EXACT,
        ),
        ("Sales rose 5% from 2023.", "5%", "2023", UNSTATED),
        ("Compared with 2023, sales rose 5%.", "5%", "2023", UNSTATED),
        ("Sales rose 5% in 2023.", "5%", "2023", EXACT),
        # a comparison between a period and a later figure: the period is not that figure's
        ("Google earned $264bn from advertising in 2024, up from $238bn in 2023.", "$264bn", "2024", EXACT),
        ("Unilever's profit doubled in 2023 to £6.2bn.", "£6.2bn", "2023", EXACT),
    ],
)
def test_a_period_belongs_to_the_figure_it_is_written_with(
    sentence: str, figure: str, asked: str, expected: int
) -> None:
    assert level(period(asked), figure_cand(sentence, figure), None)[0] == expected


def test_when_the_best_ranked_states_another_period_only_its_measure_or_a_closer_match_stands_in() -> None:
    exports = figure_cand(
        "In 2025, exports reached USD 7.4 million, triple the 2024 figure.", "USD 7.4 million"
    )
    contracts = figure_cand("In 2024, firms signed 12 contracts.", "12", doc="b").model_copy(
        update={"sentence_id": 1}
    )
    refused = ([], "The articles give 2025 (USD 7.4 million), not 2024.")
    assert select(period("2024"), [exports, contracts], {}) == refused
    assert select(period("2024"), [exports, contracts], {}, near={0: 1.0, 1: 0.5}) == refused
    assert select(period("2024"), [exports, contracts], {}, near={0: 0.6, 1: 0.8}) == ([contracts], None)
    assert select(period("2024"), [contracts, exports], {}) == ([contracts], None)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which year's drought was more extreme than in 2005?", None),
        ("When was inequality lower than it had been in 1986?", None),
        ("How much did sales rise compared with 2023?", None),
        ("What were sales in 2024 compared with 2023?", 2024),
        ("How many passengers in 2022?", 2022),
        ("When did Polonia win the championship prior to 2000?", None),  # a bound, not the period asked
    ],
)
def test_a_period_the_question_compares_with_is_not_the_one_asked(
    question: str, expected: int | None
) -> None:
    asked = asked_period(question, TODAY)
    assert (asked.year if asked else None) == expected


def test_a_figure_without_a_period_is_as_of_its_article_date() -> None:
    cand = figure_cand("Telnor operates 18,000 base stations.", "18,000")
    assert level(period("2023"), cand, date(2023, 4, 5))[0] == OVERLAPS
    assert level(period("2022"), cand, date(2023, 4, 5)) == (ELSEWHERE, [Period(text="2023", year=2023)])


def test_in_an_undated_corpus_rank_decides_among_figures_that_may_be_for_the_period() -> None:
    right = figure_cand("Ten players were selected to the Pro Bowl.", "Ten", doc="a")
    wrong = figure_cand("In 2015, 7 players were chosen for the gala.", "7", doc="b")
    other = figure_cand("In 2014, 9 players were selected.", "9", doc="c")
    assert select(period("2015"), [right, wrong, other], {}) == ([right, wrong], None)
    assert select(period("2015"), [wrong, right], {}) == ([wrong], None)  # the best-ranked states it


def test_the_archive_has_no_base_station_count_for_2022(archive_index: SearchIndex) -> None:
    # 18,000 as of April 2023, 12,000 as of March 2021; the undated brochure cannot stand in for 2022
    result = answer("How many base stations did Telnor have in 2022?", archive_index, today=TODAY)
    assert not result.found
    assert result.reason == (
        "The articles give 2019 (9,500), 2021 (12,000), 2023 (18,000) and 2025 (24,000), not 2022."
    )
    result = answer("How many base stations did Telnor have in 2023?", archive_index, today=TODAY)
    assert (result.figure, result.as_of, [s.source for s in result.also_reported_by]) == (
        "18,000",
        "2023-04-05",
        ["APP"],
    )
