"""Question analysis pinned on a table of questions, and the two scores the answer picker uses."""

from __future__ import annotations

import pytest

from bot.answer.questions import analyse, analyse_by_rules, no_figure_reason, noun_overlap, type_matches
from bot.ingest.figures import extract_figures
from bot.models import AnswerType, Figure, Span

COUNT, MONEY, PERCENT, DATE = AnswerType.COUNT, AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DATE
DURATION, QUANTITY, OTHER = AnswerType.DURATION, AnswerType.QUANTITY, AnswerType.OTHER
PERSON, ORGANISATION, PLACE = AnswerType.PERSON, AnswerType.ORGANISATION, AnswerType.PLACE

# (question, expected answer type, expected focus)
QUESTIONS = [
    ("How many base stations were built?", COUNT, "base stations"),
    ("How many new mobile base stations did Uzbektelecom build?", COUNT, "new mobile base stations"),
    ("How many students trained at Huawei?", COUNT, "students"),
    ("How many tons of goods were delivered?", QUANTITY, "tons of goods"),
    ("How many agreements cover the cooperation?", COUNT, "agreements"),
    ("How many contracts were signed in January 2024?", COUNT, "contracts"),
    ("How many years did the war last?", DURATION, "years"),
    ("How much did the projects cost?", MONEY, "projects"),
    ("How much money did Uzbektelecom invest?", MONEY, "money"),
    ("How much cargo was delivered?", QUANTITY, "cargo"),
    ("How much time did it take?", DURATION, "time"),
    ("How much of the market does Huawei control?", PERCENT, "market"),
    ("By how much did exports grow?", PERCENT, "exports"),
    ("How long is the bridge?", QUANTITY, "bridge"),
    ("How long did the war last?", DURATION, "war"),
    ("How old is the president?", DURATION, "president"),
    ("How far is Tashkent from Beijing?", QUANTITY, "tashkent"),
    ("What were the contracts worth?", MONEY, "contracts"),
    ("What was the value of the contracts signed in January 2024?", MONEY, "contracts"),
    ("When was the trilateral memorandum signed?", DATE, "trilateral memorandum"),
    ("What year was the company founded?", DATE, "company"),
    ("In which year did Uzbekistan become independent?", DATE, "uzbekistan"),
    ("What share of exports goes to China?", PERCENT, "exports"),
    ("What percentage of voters backed the proposal?", PERCENT, "voters"),
    ("What is the unemployment rate in Uzbekistan?", PERCENT, "unemployment rate"),
    ("What is the exchange rate of the som?", MONEY, "som"),
    ("Who is the president of Uzbekistan?", PERSON, "president"),
    ("Which company built the data centers?", ORGANISATION, "company"),
    ("Which country signed the agreement?", PLACE, "country"),
    ("Where is the Digital Education Lab?", PLACE, "digital education lab"),
    ("What is the population of Tashkent?", COUNT, "population"),
    ("What is the capital of Uzbekistan?", PLACE, "capital"),
    ("Why did exports rise?", OTHER, None),
    ("What's the budget of the project?", MONEY, "project"),
    ("How many megawatts will the plant produce?", QUANTITY, "megawatts"),
    ("What was the total investment in telecom?", MONEY, "total investment"),
    ("How big is the data center?", QUANTITY, "data center"),
    ("What is the length of the pipeline?", QUANTITY, "pipeline"),
    ("Which month was the memorandum signed?", DATE, "memorandum"),
    ("What did the president say about ICT?", OTHER, None),
    ("How much were IT service exports to China worth in 2025?", MONEY, "IT service exports"),
    ("How many people live in Tashkent?", COUNT, "people"),
    ("Whose company built the lab?", PERSON, "company"),
    ("How many MW does the plant generate?", QUANTITY, "mw"),
    ("When did James Dean die?", DATE, "james dean"),
    ("Where was Franz Kafka born?", PLACE, "franz kafka"),
    ("Who founded the Black Panthers?", PERSON, "black panthers"),
    ("How often does the comet approach the earth?", DURATION, "comet"),
    ("What is the monetary value of the Nobel Peace Prize?", MONEY, "nobel peace prize"),
    ("How fast does the Concorde fly?", QUANTITY, "concorde"),
    ("How many calories are there in a Big Mac?", COUNT, "calories"),
    ("What are Burger King's gross sales?", MONEY, "burger kings gross sales"),
    ("At what age did Rossini stop writing opera?", DURATION, "age"),
    ("What percent of the labor force work in agriculture?", PERCENT, "labor force"),
    ("How much Saharan dust falls on the Amazon each year?", QUANTITY, "saharan dust"),
    ("What debts did the group leave?", MONEY, "debts"),
    ("Is the bridge open?", OTHER, None),
    ("How many hours does the flight take?", DURATION, "hours"),
    ("What was the price of oil in March 1974?", MONEY, "oil"),
    ("How many percent of voters backed the deal?", PERCENT, "voters"),
    ("Which agency approved the investment?", ORGANISATION, "agency"),
    ("What organisation runs the IT Park?", ORGANISATION, "organisation"),
    ("Which firms executed projects exceeding USD 500 million?", ORGANISATION, "firms"),
    ("What proportion of exports went to China?", PERCENT, "exports"),
    ("In what month was the memorandum signed?", DATE, "memorandum"),
    ("Which city hosts the Digital Education Lab?", PLACE, "city"),
    ("How much funding did the startups attract?", MONEY, "funding"),
    ("How long is the Rhine?", QUANTITY, "rhine"),
    ("How long are presidential terms?", DURATION, "presidential terms"),
    ("How long was Warsaw the capital?", DURATION, "warsaw"),
    ("How much percentage of the land is farmed?", PERCENT, "land"),
    ("What is the year round climate in Santa Fe?", OTHER, None),
    ("What was the age difference between the two players?", DURATION, "age"),
    ("What was the cost of the other events?", MONEY, "events"),
    ("What is the fare cost for the round trip?", MONEY, "fare cost"),
]

# The rules alone: readings fixed on TREC's training questions, (question, answer type, focus).
RULE_QUESTIONS = [
    ("When the exhibit was on display in the U.S., what moving company transported it?", ORGANISATION,
     "moving company"),
    ("What is Dick Clark's birthday?", DATE, None),
    ("What are the odds of giving birth to twins?", PERCENT, "giving birth"),
    ("What is the federal minimum wage?", MONEY, "federal minimum wage"),
    ("What was the 1940 annual salary for a boilermaker?", MONEY, "annual salary"),
    ("What does each of the utilities cost in Monopoly?", MONEY, None),
    ("What did the mobile operators invest?", MONEY, "mobile operators"),
    ("What did they spend on the stadium?", MONEY, None),
    ("What amount of money did Marcos steal?", MONEY, "money"),
    ("What ransom did the pirates demand?", MONEY, "ransom"),
    ("What bail was set for the suspect?", MONEY, "bail"),
    ("How much would the measure save California?", MONEY, "measure save"),
    ("How much did the charity raise?", MONEY, "charity"),  # money raised, not a rise
    ("How much did the Fed raise rates?", PERCENT, "fed"),
    ("How fast is the economy growing?", PERCENT, "economy"),
    ("How fast can the car go?", QUANTITY, "car"),
    ("What was UK inflation in March?", PERCENT, "uk inflation"),
    ("What is the life expectancy of an elephant?", DURATION, "elephant"),
    ("What is the gestation period for human pregnancies?", DURATION, "gestation period"),
    ("What is the average time it takes to kiss?", DURATION, "average time"),
    ("How long is human gestation?", DURATION, "human gestation"),
    ("How many years ago did the Titanic sink?", DURATION, "years ago"),
    ("How many more weeks of winter are there?", DURATION, "weeks of winter"),
    ("How many bytes are in a terabyte?", QUANTITY, "bytes"),
    ("What is the temperature today?", QUANTITY, "temperature"),
    ("How large is Missouri's population?", COUNT, "missouris population"),
    ("What is Columbia Tristar's phone number?", OTHER, None),
    ("What two countries share the Khyber Pass?", PLACE, "two countries"),
    ("What market share does Huawei hold?", PERCENT, "market share"),
    ("What time does the train leave?", DATE, "train"),
]  # fmt: skip

SAMPLE_SENTENCE = (
    "From 2016 to 2025, Uzbekistan’s telecom operator ‘Uzbektelecom’ implemented projects worth around "
    "USD 700 million with Chinese financing, resulting in 27,000 new mobile base stations, nationwide "
    "broadband expansion, and advanced data centers."
)


def _figure(kind: AnswerType, noun: str | None = None, unit: str | None = None) -> Figure:
    return Figure(text="1", span=Span(start=0, end=1), kind=kind, value=1.0, unit=unit, noun=noun)


def _best(question: str, sentence: str) -> str:
    """The figure the answer picker would choose: best type fit plus noun overlap."""
    analysis = analyse(question)
    scored = [
        (type_matches(analysis.answer_type, f) + noun_overlap(analysis.focus, f), f.text)
        for f in extract_figures(sentence)
        if type_matches(analysis.answer_type, f) > 0
    ]
    return max(scored)[1]


@pytest.mark.parametrize(("question", "answer_type", "focus"), QUESTIONS)
def test_analyse_reads_answer_type_and_focus(
    question: str, answer_type: AnswerType, focus: str | None
) -> None:
    analysis = analyse(question)
    assert (analysis.answer_type, analysis.focus) == (answer_type, focus)
    assert analysis.text == question


@pytest.mark.parametrize(("question", "answer_type", "focus"), RULE_QUESTIONS)
def test_rules_read_answer_type_and_focus(question: str, answer_type: AnswerType, focus: str | None) -> None:
    analysis = analyse_by_rules(question)
    assert (analysis.answer_type, analysis.focus) == (answer_type, focus)


def test_content_words_are_lower_case_without_stop_or_question_words_and_keep_numbers() -> None:
    analysis = analyse("How many contracts were signed in January 2024?")
    assert analysis.content_words == ("contracts", "signed", "january", "2024")


def test_content_words_keep_an_acronym_that_spells_a_stop_word() -> None:
    assert "it" in analyse("How much were IT service exports worth?").content_words


def test_question_with_no_question_word_is_other() -> None:
    analysis = analyse("Tell me about the partnership")
    assert analysis.answer_type is OTHER
    assert analysis.content_words == ("tell", "partnership")


def test_empty_question_is_other_with_no_focus() -> None:
    analysis = analyse("")
    assert (analysis.answer_type, analysis.focus, analysis.content_words) == (OTHER, None, ())


@pytest.mark.parametrize(
    ("expected", "kind", "score"),
    [
        (COUNT, COUNT, 1.0),
        (MONEY, MONEY, 1.0),
        (DATE, DATE, 1.0),
        (COUNT, QUANTITY, 0.5),
        (QUANTITY, COUNT, 0.5),
        (MONEY, COUNT, 0.3),
        (DURATION, COUNT, 0.3),
        (DURATION, DATE, 0.2),
        (COUNT, MONEY, 0.0),
        (COUNT, DATE, 0.0),
        (PERCENT, DATE, 0.0),
        (PERSON, COUNT, 0.0),
        (PLACE, DATE, 0.0),
        (ORGANISATION, MONEY, 0.0),
        (OTHER, COUNT, 0.0),
    ],
)
def test_type_matches_scores_kind_fit(expected: AnswerType, kind: AnswerType, score: float) -> None:
    assert type_matches(expected, _figure(kind)) == score


def test_when_question_is_matched_exactly_by_a_year() -> None:
    year = next(f for f in extract_figures("The plant opened in 2024.") if f.text == "2024")
    assert type_matches(analyse("When did the plant open?").answer_type, year) == 1.0


@pytest.mark.parametrize(
    ("focus", "noun", "unit", "overlap"),
    [
        ("base stations", "new mobile base stations", None, 1.0),
        ("new base stations", "mobile base stations", None, 2 / 3),
        ("students", "Uzbek students", None, 1.0),
        ("student", "Uzbek students", None, 1.0),
        ("tons of goods", "goods", "tons", 1.0),
        ("megawatts", None, "MW", 1.0),
        ("tonnes", None, "tons", 1.0),
        ("contracts", "agreements", None, 0.0),
        ("base stations", None, None, 0.0),
        (None, "base stations", None, 0.0),
        ("", "base stations", None, 0.0),
    ],
)
def test_noun_overlap_compares_stemmed_words_of_focus_and_figure(
    focus: str | None, noun: str | None, unit: str | None, overlap: float
) -> None:
    assert noun_overlap(focus, _figure(COUNT, noun, unit)) == pytest.approx(overlap)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("How many base stations were built?", "27,000"),
        ("How much were the projects worth?", "around USD 700 million"),
        ("When did Uzbektelecom implement the projects?", "From 2016 to 2025"),
    ],
)
def test_type_fit_and_noun_overlap_pick_the_right_figure_in_a_busy_sentence(
    question: str, answer: str
) -> None:
    assert _best(question, SAMPLE_SENTENCE) == answer


def test_contracts_question_picks_the_count_of_contracts_not_their_value() -> None:
    sentence = "In January 2024, companies signed 12 contracts worth over USD 1 billion."
    assert _best("How many contracts were signed?", sentence) == "12"
    assert _best("What were the contracts worth?", sentence) == "over USD 1 billion"


def test_echoes_question_only_for_figures_made_of_the_questions_numbers() -> None:
    from bot.answer.questions import echoes_question
    from bot.ingest.figures import extract_figures

    year, dozen = extract_figures("In 2024 it signed nearly a dozen deals.")
    assert echoes_question(year, {"2024"})
    assert not echoes_question(dozen, {"2024"})
    assert not echoes_question(year, set())


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        (
            "How many base stations did Huawei build?",
            "The articles discuss base stations but give no number for it.",
        ),
        ("What is the population of Tashkent?", "The articles discuss Tashkent but give no number for it."),
        ("When was the memorandum signed?", "The articles discuss memorandum but give no date for it."),
        ("What were the contracts worth?", "The articles discuss contracts but give no amount for it."),
    ],
)
def test_no_figure_reason_names_what_the_articles_discuss(question: str, reason: str) -> None:
    assert no_figure_reason(analyse(question)) == reason
