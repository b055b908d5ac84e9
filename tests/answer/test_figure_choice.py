"""Which figure answers: sentences with several figures, units, changes against levels, and dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.answer.core import answer
from bot.answer.figure_choice import PRIOR, WEIGHTS_FILE, pick_figure
from bot.answer.figure_features import FEATURES
from bot.answer.questions import analyse
from bot.ingest import words
from bot.models import Article
from bot.search import SearchIndex, build_from_articles

SAMPLE = (
    "From 2016 to 2025, the operator implemented projects worth around USD 700 million, resulting in "
    "27,000 new mobile base stations."
)

# (sentence, question, the figure expected, as shown)
CHOICES = [
    # several figures: the one beside the entity, the noun or the period the question names
    ("Italy holds 12.4% of the bonds, Japan 31.0%.", "What share of the bonds does Japan hold?", "31.0%"),
    ("Italy holds 12.4% of the bonds, Japan 31.0%.", "What share of the bonds does Italy hold?", "12.4%"),
    ("Japan holds 31.0% of the bonds and Italy 12.4%.", "What percentage of the bonds does Italy hold?",
     "12.4%"),
    (SAMPLE, "How many base stations?", "27,000"),
    (SAMPLE, "What were the projects worth?", "around USD 700 million"),
    ("In 1933, out of 1,178,914 inhabitants 833,500 were of Polish mother tongue.",
     "How many inhabitants were there in 1933?", "1,178,914"),
    ("The port handled 2.4 million tonnes of grain and 800,000 tonnes of coal in 2024.",
     "How much coal did the port handle?", "800,000 tonnes"),
    ("The firm, founded more than 150 years ago, employs 3,000 people.",
     "How many people does the firm employ?", "3,000"),
    # units stay with the number; the conversion is returned when the question asks for its unit
    ("The program returned 842 pounds (382 kg) of lunar rocks.",
     "How many kgs of rocks did the program return?", "382 kg"),
    ("The program returned 842 pounds (382 kg) of lunar rocks.",
     "How many pounds of rocks did the program return?", "842 pounds (382 kg)"),
    ("He won the 100m final in 10.85 seconds, a day after a 10.92 seconds heat.",
     "How long did the final take him?", "10.85 seconds"),
    ("A coffee costs 45 euro cents more, and a tea 30 euro cents.", "How much more does a coffee cost?",
     "45 euro cents"),
    ("Sales were 12.5 times higher than in 2019, when 40 stores opened.", "How many times higher were sales?",
     "12.5 times"),
    # the change when the question asks by how much, the level when it asks how much
    ("Revenue rose 3% to $8.2bn.", "By how much did revenue rise?", "3%"),
    ("Its market share rose 5 percentage points to 31%.", "By how much did its market share rise?",
     "5 percentage points"),
    ("Its market share rose 5 percentage points to 31%.", "What is its market share?", "31%"),
    ("Exports rose by $2.4bn (£1.3bn) to $40bn.", "By how much did exports rise?", "$2.4bn (£1.3bn)"),
    ("Exports rose by $2.4bn (£1.3bn) to $40bn.", "How much were exports worth?", "$40bn"),
    ("Net profit fell 12% to €1.1bn in the quarter.", "How much did net profit fall?", "12%"),
    # a multiple said by its verb is a change: it answers by how much, not how many
    ("Net profit doubled to $2bn in 2024.", "By how much did net profit grow?", "doubled"),
    ("Net profit doubled to $2bn in 2024.", "What was net profit in 2024?", "$2bn"),
    ("Net profit halved to $1bn in 2024.", "By how much did net profit fall?", "halved"),
    ("The number of employees more than tripled over five years to 45,000.", "How many employees are there?",
     "45,000"),
    # dates: a day and month beat a weekday; the year when asked which year; a range for which years
    ("The match on Friday, 5 April drew 40,000 fans.", "When was the match?", "5 April"),
    ("The gallery of Japanese art opened in December 1986.", "What year did the gallery open?", "1986"),
    ("The gallery of Japanese art opened in December 1986.", "When did the gallery open?", "December 1986"),
    ("The programme originally ran from 1963 to 1989 and returned in 2005.",
     "In which years did the programme originally run?", "from 1963 to 1989"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "question", "expected"), CHOICES)
def test_picks_the_figure_the_question_names(sentence: str, question: str, expected: str) -> None:
    asked = {w for w in words(question) if w[0].isdigit()}
    figure, fit = pick_figure(analyse(question), sentence, asked)
    assert figure is not None and figure.text == expected
    assert sentence[figure.span.start : figure.span.end] == figure.text
    assert fit > 0


def test_no_figure_of_the_asked_kind_gives_none() -> None:
    figure, fit = pick_figure(
        analyse("How many people does the firm employ?"), "The firm was founded in 1870."
    )
    assert figure is None and fit == 0.0


def test_the_numbers_the_question_states_are_not_its_answer() -> None:
    figure, _ = pick_figure(
        analyse("What happened in 2024?"), "In 2024 the firm hired 450 engineers.", {"2024"}
    )
    assert figure is None or figure.text != "2024"


def test_a_figure_that_counts_something_else_is_not_the_answer() -> None:
    sentence = "Huawei, which employs 3,000 engineers, built new base stations in Tashkent."
    assert pick_figure(analyse("How many base stations did Huawei build?"), sentence) == (None, 0.0)
    figure, _ = pick_figure(analyse("How many engineers does Huawei employ?"), sentence)
    assert figure is not None and figure.text == "3,000"


def test_a_sum_is_not_refused_for_what_it_was_spent_on() -> None:
    # the question's focus is who paid; the sum's noun is what it paid for
    sentence = (
        "Mobile operators Beeline, Mobiuz, and Ucell have also executed projects exceeding USD 500 million"
        " in cooperation with Chinese firms."
    )
    figure, _ = pick_figure(analyse("How much did mobile operators invest with Chinese firms?"), sentence)
    assert figure is not None and figure.text == "exceeding USD 500 million"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # a sum or a quantity of another kind than asked measures something else
        (
            "How many Chinese firms operate there?",
            "Chinese firms delivered more than 226 tons of goods.",
            None,
        ),
        ("What percentage of exports go to China?", "Exports to China reached USD 7.4 million.", None),
        ("What share of exports goes to China?", "China signed nearly a dozen agreements.", None),
        (
            "What share of voters backed the deal?",
            "It signed 12 agreements; two thirds of voters backed it.",
            "two thirds",
        ),
        # a multiple answers a change or 'how many times', not a count of things
        (
            "By how much did exports grow?",
            "Exports reached USD 7.4 million, nearly triple the 2024 figure.",
            "nearly triple",
        ),
        (
            "How many companies signed?",
            "Exports reached USD 7.4 million, nearly triple the 2024 figure.",
            None,
        ),
        ("How many times has Nadal won?", "Nadal has won it twice.", "twice"),
        ("How much can ctenophores eat?", "Ctenophores can eat ten times their own weight.", "ten times"),
        # a change may be a sum: 'by how much did profit rise'
        ("By how much did profit rise?", "Profit rose by $2bn to $8.2bn.", "$2bn"),
        # a length of time does not say when, but answers a span; 'ago' makes it a date
        (
            "When did the country gain independence?",
            "Since independence, and over the last eight years, it has prioritised partnerships.",
            None,
        ),
        (
            "Since when has it prioritised partnerships?",
            "Over the last eight years it has prioritised partnerships.",
            "the last eight years",
        ),
        (
            "How long has it prioritised partnerships?",
            "For eight years it has prioritised partnerships.",
            "eight years",
        ),
        ("When did the firm open its lab?", "The firm opened its lab eight years ago.", "eight years ago"),
        # an age question takes an age, not any length of time
        (
            "How old is she?",
            "After playing the role for three years, the 16-year-old said she would stay.",
            "16-year-old",
        ),
        (
            "How old is Paul Chandler?",
            "Doctors examined Paul Chandler, 60, after 388 days in captivity.",
            "60",
        ),
        ("What age was the gunman?", "The gunman, Bruce Pardo, 45, fired for two minutes.", "45"),
        ("How old is she?", "She has played the role for three years.", None),
        ("How long has she played the role?", "She has played the role for three years.", "three years"),
    ],
)
def test_a_figure_of_another_kind_answers_only_when_it_can_stand_in(
    question: str, sentence: str, expected: str | None
) -> None:
    figure, _ = pick_figure(analyse(question), sentence)
    assert (figure.text if figure else None) == expected


def test_every_feature_has_a_fitted_weight() -> None:
    assert set(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]) == set(FEATURES)
    assert set(PRIOR) <= set(FEATURES)


def test_a_date_question_takes_the_year_of_the_asked_noun() -> None:
    sentence = (
        "Churchill raised hackles with a 2002 essay that argued the September 11, 2001, attacks were just."
    )
    figure, _ = pick_figure(analyse("When was Churchill's essay published?"), sentence)
    assert figure is not None and figure.text == "2002"


@pytest.mark.parametrize(
    ("title", "text", "question", "reason"),
    [
        (
            "Huawei in Uzbekistan",
            "Huawei, which employs 3,000 engineers, built new base stations in Tashkent. "
            "The company opened a lab in Samarkand. Officials praised the new network. "
            "The network covers the capital and two regions.",
            "How many base stations did Huawei build?",
            "The articles discuss base stations but give no number for it.",
        ),
        # with a figure of a related kind on the subject, that figure is offered as the nearest
        (
            "Japan's GDP falls",
            "Japan's gross domestic product fell 12.7 percent in the fourth quarter of 2008. "
            "The finance minister called it the worst crisis since the war. Exporters cut jobs. "
            "Carmakers halted lines at several plants.",
            "What was Japan's GDP in the fourth quarter of 2008?",
            "The articles discuss Japan and GDP but give no amount for it. The nearest figure they give is "
            "12.7 percent: \u201cJapan's gross domestic product fell 12.7 percent in the fourth quarter of "
            "2008.\u201d",
        ),
    ],
)
def test_answer_says_the_articles_discuss_it_but_give_no_figure(
    tmp_path: Path, title: str, text: str, question: str, reason: str
) -> None:
    build_from_articles([Article(doc_id="a", title=title, text=text)], tmp_path / "index")
    result = answer(question, SearchIndex.open(tmp_path / "index"))
    assert not result.found and result.figure is None
    assert result.reason == reason
