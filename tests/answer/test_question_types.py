"""The learned question types: phrasings people type that TREC lacks, TREC-style places and persons,
typos, and the shipped weights file."""

from __future__ import annotations

import numpy as np
import pytest

from bot.answer.question_features import structure
from bot.answer.question_text import repair_typos, tokens
from bot.answer.question_types import WEIGHTS_FILE, TypeModel, type_model
from bot.answer.questions import analyse
from bot.models import AnswerType

COUNT, MONEY, PERCENT, DATE = AnswerType.COUNT, AnswerType.MONEY, AnswerType.PERCENT, AnswerType.DATE
DURATION, QUANTITY, OTHER = AnswerType.DURATION, AnswerType.QUANTITY, AnswerType.OTHER
PERSON, ORGANISATION, PLACE = AnswerType.PERSON, AnswerType.ORGANISATION, AnswerType.PLACE

PHRASINGS = [
    # keyword queries, no question word
    ("BASE STATIONS", COUNT),
    ("Nokia handset sales 2004", MONEY),
    ("uzbektelecom contracts value", MONEY),
    ("base stations built", COUNT),
    ("contracts january 2024", COUNT),  # the period after the noun is no head
    ("memorandum signing date", DATE),
    ("tons of goods delivered", QUANTITY),
    ("unemployment rate uzbekistan", PERCENT),
    ("capital of Uzbekistan", PLACE),
    ("Uzbektelecom CEO", PERSON),
    # chatty wrappers and "the number of ..."
    ("tell me about the number of base stations", COUNT),
    ("the number of students trained at Huawei", COUNT),
    ("can you tell me how many base stations were built", COUNT),
    ("please tell me who the president of Uzbekistan is", PERSON),
    ("Tell me about the partnership", OTHER),
    # changes, sizes, shares, multiples
    ("by how much did profit rise", PERCENT),
    ("How much did revenue fall last year?", PERCENT),
    ("how big was the investment", MONEY),
    ("How big was the deal with China?", MONEY),
    ("How big is the data center?", QUANTITY),
    ("what share of exports goes to China", PERCENT),
    ("What share of the market does Huawei hold?", PERCENT),
    ("How many times has the team won the cup?", COUNT),
    # typos
    ("hwo mnay base stations", COUNT),
    ("whn was the memorandum signed", DATE),
    ("waht is the value of the contracts", MONEY),
    ("how lnog did the project take", DURATION),
    ("how much mony did uzbektelecom invest", MONEY),
    # places, persons and organisations that the rules read as other
    ("What county is Fresno in?", PLACE),
    ("Which river flows through Paris?", PLACE),
    ("What mountain range runs along the border of Chile?", PLACE),
    ("What French composer wrote Bolero?", PERSON),
    ("What is the name of the president's wife?", PERSON),
    ("What organisation runs the IT Park?", ORGANISATION),
    ("What team won the 1998 World Cup?", ORGANISATION),
    # figure types the rules read, which the model now weighs
    ("What is the life expectancy of an elephant?", DURATION),
    ("What are the odds of giving birth to twins?", PERCENT),
    ("What is the federal minimum wage?", MONEY),
    ("How many years ago did the Titanic sink?", DURATION),
    ("How often does the comet approach the earth?", DURATION),
    ("What is Columbia Tristar's phone number?", OTHER),
    # a period the question names says when, not what it asks
    ("what did the metro carry last year", OTHER),
    ("What year did the war end?", DATE),
]

# (question, head noun of the asked phrase, its "of" noun) as the classifier's features read them
HEADS = [
    ("What 19th-century painter died in the Marquesas Islands?", "painter", ""),
    ("What athlete makes the most money from merchandise?", "athlete", ""),
    ("What actor first portrayed James Bond?", "actor", ""),
    ("What former major-league left-handed pitcher was known as Space Man?", "pitcher", ""),
    ("What mountain range runs along the border of Chile?", "range", ""),
    ("Which one of the Mercury astronauts did not fly?", "astronauts", ""),
    ("What is the name of Aristotle Onassis's yacht?", "yacht", ""),
    ("What is the average speed of a hummingbird?", "speed", "hummingbird"),
    ("What killed Bob Marley?", "", ""),
    ("How many Nobel prizes each year?", "prizes", ""),
    ("What is the population of Tashkent?", "population", "tashkent"),
]


@pytest.mark.parametrize(("question", "kind"), PHRASINGS)
def test_reads_the_type_people_mean(question: str, kind: AnswerType) -> None:
    assert analyse(question).answer_type is kind


@pytest.mark.parametrize(("question", "head", "of"), HEADS)
def test_the_head_noun_is_the_asked_noun(question: str, head: str, of: str) -> None:
    st = structure(tokens(question))
    assert (st.head, st.of) == (head, of)


def _one_feature_model(other_lead: float, rule_margin: float) -> TypeModel:
    """A model whose only score is 'other' ahead of 'count' by `other_lead`."""
    weights, bias = np.zeros((1, 2)), np.array([0.0, other_lead])
    return TypeModel.from_arrays(
        ["w=zzz"], weights, bias, ["count", "other:DESC"], frozenset(), {}, "margin", rule_margin
    )


def test_a_rules_figure_type_stands_against_a_narrow_other_only() -> None:
    narrow, clear = _one_feature_model(0.3, 0.75), _one_feature_model(1.2, 0.75)
    assert narrow.classify("What is zzz?", COUNT) is COUNT
    assert clear.classify("What is zzz?", COUNT) is OTHER
    assert narrow.classify("What is zzz?", PLACE) is OTHER  # only figure types are weighed so
    assert narrow.decide(narrow.read("What is zzz?", COUNT), margin=0.0) is OTHER


def test_typos_in_question_words_are_repaired_and_names_left_alone() -> None:
    known = type_model().known
    assert repair_typos("hwo mnay base stations", known) == "how many base stations"
    assert repair_typos("waht did Wen say?", known) == "what did Wen say?"


def test_tokens_fold_a_users_typing_and_trecs_alike() -> None:
    assert tokens("What is Australia's flower?") == tokens("What is Australia 's flower ?")
    assert tokens("Whats the population in 1998 of the U.S.?") == [
        "what", "'s", "the", "population", "in", "#year", "of", "the", "us",
    ]  # fmt: skip


def test_the_weights_are_plain_arrays_loaded_without_pickle() -> None:
    with np.load(WEIGHTS_FILE, allow_pickle=False) as z:
        assert {"vocab", "W", "b", "classes", "known", "meta"} <= set(z.files)
        assert z["W"].shape == (len(z["vocab"]), len(z["classes"]))
    model = TypeModel.load()
    assert (model.decision, model.rule_margin) == ("margin", 0.75)
    assert model.classify("How many people live in Oslo?", AnswerType.COUNT) is COUNT
