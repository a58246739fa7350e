"""rules/evidence/user_is_hiring.py: the user writes as the one hiring."""

from __future__ import annotations

from rule_threads import facts, hiring, mine

from rules.evidence import user_is_hiring


def test_reversed_voices_weigh_heavily() -> None:
    thread = facts(
        hiring("Thank you so much for the opportunity! I look forward to hearing from you about my application."),
        mine("Thanks for applying. We'd like to invite you to an interview; our hiring team will be in touch."))
    found = user_is_hiring.rule(thread)
    assert found is not None and found.weight <= user_is_hiring.BASE + 2 * user_is_hiring.PER_PHRASE


def test_counter_example_a_candidate_thanking_for_the_opportunity_is_me() -> None:
    thread = facts(hiring("Thanks for applying. We'd like to invite you to an interview on Thursday."),
                   mine("Thank you for the opportunity, I look forward to hearing from you."))
    assert user_is_hiring.rule(thread) is None


def test_counter_example_one_phrase_is_not_enough() -> None:
    thread = facts(hiring("Thank you for the opportunity to present."), mine("See you Thursday."))
    assert user_is_hiring.rule(thread) is None
