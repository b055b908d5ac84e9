"""Tests for fitting the meaning rescue: what answer() would do at a cosine, and the cosine chosen."""

from __future__ import annotations

import math

from bot.evaluation.fit_rescue import Asked, answered, best_rescue, outcome


def test_a_covered_candidate_answers_whatever_the_rescue_cosine() -> None:
    asked = Asked(True, "fit", ((False, 0.9, False), (True, 0.1, True)))
    assert answered(asked, math.inf) is True
    assert answered(asked, 0.5) is True


def test_without_a_covered_candidate_the_first_close_one_that_keeps_the_floors_answers() -> None:
    asked = Asked(True, "fit", ((False, None, False), (False, 0.4, False), (False, 0.7, True)))
    assert answered(asked, math.inf) is None
    assert answered(asked, 0.6) is True
    assert answered(asked, 0.3) is False  # the 0.4 candidate comes first, and it is wrong


def test_the_cosine_chosen_answers_paraphrases_and_still_refuses_siblings() -> None:
    own = [Asked(True, "fit", ((False, 0.65, True),))] * 4
    sibling = [Asked(False, "fit", ((False, 0.45, False),))] * 4
    rescue = best_rescue(own + sibling, grid=(0.4, 0.5, 0.6, 0.7))
    assert rescue == 0.6  # 0.5 and 0.6 both score best; the higher is kept
    fitted = outcome(own + sibling, rescue)
    assert (fitted.right, fitted.not_found, fitted.refused) == (1.0, 0.0, 1.0)


def test_a_wrong_sentence_counts_against_the_cosine_that_answers_with_it() -> None:
    right = [Asked(True, "fit", ((False, 0.72, True),))] * 2
    wrong = [Asked(True, "fit", ((False, 0.62, False),))] * 3
    assert best_rescue(right + wrong, grid=(0.6, 0.65, 0.7, 0.75)) == 0.7
    fitted = outcome(right + wrong, 0.7)
    assert (fitted.right, fitted.wrong, fitted.not_found) == (0.4, 0.0, 0.6)


def test_the_cosine_chosen_weighs_every_set_alike() -> None:
    # SQuAD-like questions gain most from 0.5; a set whose rescued answers are all wrong loses there.
    squad = [Asked(True, "fit", ((False, 0.55, True),)), Asked(True, "fit", ((False, 0.75, True),))]
    news = [Asked(True, "fit", ((False, 0.55, False),), "newsqa")] * 2
    assert best_rescue(squad, grid=(0.5, 0.7)) == 0.5
    assert best_rescue(squad + news, grid=(0.5, 0.7)) == 0.7


def test_no_rescue_is_chosen_when_every_rescued_answer_is_wrong() -> None:
    asked = [Asked(True, "fit", ((False, 0.8, False),)), Asked(False, "fit", ((False, 0.8, False),))]
    assert best_rescue(asked, grid=(0.5, 0.7)) == math.inf
