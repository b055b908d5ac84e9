"""Tests for fitting the meaning rescue: what answer() would do at a cosine and a token match, and the
ones chosen."""

from __future__ import annotations

import math

from bot.evaluation.fit_rescue import NEVER, Asked, answered, best_rescue, outcome

INF = math.inf


def _cos(cosine: float) -> tuple[float, float]:
    """A candidate's (cosine, token match) with a match too low to rescue it."""
    return (cosine, 0.0)


def test_a_covered_candidate_answers_whatever_the_rescue() -> None:
    asked = Asked(True, "fit", ((False, _cos(0.9), False), (True, _cos(0.1), True)))
    assert answered(asked, NEVER) is True
    assert answered(asked, (0.5, INF)) is True


def test_without_a_covered_candidate_the_first_close_one_that_keeps_the_floors_answers() -> None:
    asked = Asked(True, "fit", ((False, None, False), (False, _cos(0.4), False), (False, _cos(0.7), True)))
    assert answered(asked, NEVER) is None
    assert answered(asked, (0.6, INF)) is True
    assert answered(asked, (0.3, INF)) is False  # the 0.4 candidate comes first, and it is wrong


def test_a_close_token_match_answers_where_the_cosine_is_low() -> None:
    asked = Asked(True, "fit", ((False, (0.3, 0.8), True),))
    assert answered(asked, (0.6, INF)) is None
    assert answered(asked, (0.6, 0.7)) is True


def test_the_cosine_chosen_answers_paraphrases_and_still_refuses_siblings() -> None:
    own = [Asked(True, "fit", ((False, _cos(0.65), True),))] * 4
    sibling = [Asked(False, "fit", ((False, _cos(0.45), False),))] * 4
    rescue = best_rescue(own + sibling, grid=(0.4, 0.5, 0.6, 0.7), match_grid=(0.5,))
    assert rescue == (0.6, INF)  # 0.5 and 0.6 both score best, the higher is kept; no match is needed
    fitted = outcome(own + sibling, rescue)
    assert (fitted.right, fitted.not_found, fitted.refused) == (1.0, 0.0, 1.0)


def test_the_match_is_chosen_after_the_cosine_for_what_the_cosine_misses() -> None:
    by_cosine = [Asked(True, "fit", ((False, (0.7, 0.5), True),))] * 2
    long_sentences = [Asked(True, "fit", ((False, (0.4, 0.8), True),))] * 2  # a low cosine, a close match
    siblings = [Asked(False, "fit", ((False, (0.4, 0.6), False),))] * 4
    rescue = best_rescue(by_cosine + long_sentences + siblings, grid=(0.5, 0.7), match_grid=(0.55, 0.7, 0.9))
    assert rescue == (0.7, 0.7)
    fitted = outcome(by_cosine + long_sentences + siblings, rescue)
    assert (fitted.right, fitted.not_found, fitted.refused) == (1.0, 0.0, 1.0)


def test_a_wrong_sentence_counts_against_the_cosine_that_answers_with_it() -> None:
    right = [Asked(True, "fit", ((False, _cos(0.72), True),))] * 2
    wrong = [Asked(True, "fit", ((False, _cos(0.62), False),))] * 3
    assert best_rescue(right + wrong, grid=(0.6, 0.65, 0.7, 0.75), match_grid=(0.5,))[0] == 0.7
    fitted = outcome(right + wrong, (0.7, INF))
    assert (fitted.right, fitted.wrong, fitted.not_found) == (0.4, 0.0, 0.6)


def test_the_cosine_chosen_weighs_every_set_alike() -> None:
    # SQuAD-like questions gain most from 0.5; a set whose rescued answers are all wrong loses there.
    squad = [
        Asked(True, "fit", ((False, _cos(0.55), True),)),
        Asked(True, "fit", ((False, _cos(0.75), True),)),
    ]
    news = [Asked(True, "fit", ((False, _cos(0.55), False),), "newsqa")] * 2
    assert best_rescue(squad, grid=(0.5, 0.7))[0] == 0.5
    assert best_rescue(squad + news, grid=(0.5, 0.7))[0] == 0.7


def test_no_rescue_is_chosen_when_every_rescued_answer_is_wrong() -> None:
    asked = [
        Asked(True, "fit", ((False, (0.8, 0.9), False),)),
        Asked(False, "fit", ((False, (0.8, 0.9), False),)),
    ]
    assert best_rescue(asked, grid=(0.5, 0.7), match_grid=(0.6, 0.8)) == NEVER
