"""rules/evidence/colleagues.py: mail from the user's own employer is no interview of theirs."""

from __future__ import annotations

from rule_threads import facts, hiring

from rules.evidence import colleagues
from watcher.model import Address

COLLEAGUE = Address("priya.nair@employer.example.com", "Priya Nair")


def test_a_colleague_arranging_an_interview_is_vetoed() -> None:
    found = colleagues.rule(facts(hiring("Can you interview a candidate on Thursday at 10?", sender=COLLEAGUE)))
    assert found is not None and found.veto
    assert "your own employer" in found.reason


def test_counter_example_an_outside_recruiter_is_not_a_colleague() -> None:
    assert colleagues.rule(facts(hiring("Could you do an interview on Thursday at 10?"))) is None


def test_counter_example_a_colleague_in_copy_of_an_outside_thread_does_not_make_it_internal() -> None:
    thread = facts(hiring("Looping in Priya for the interview.", sender=COLLEAGUE),
                   hiring("Thursday at 10 works on our side.", hours=2))
    assert colleagues.rule(thread) is None


def test_hr_inviting_the_user_as_an_internal_applicant_is_no_colleagues_thread() -> None:
    found = colleagues.rule(facts(hiring(
        "Thank you for applying to the Platform Reliability Lead posting through the internal job board. Marcus Webb "
        "has reviewed your application and would like to meet with you for a 45-minute interview.", sender=COLLEAGUE)))
    assert found is None


def test_counter_example_an_internal_candidate_the_user_interviews_is_still_vetoed() -> None:
    found = colleagues.rule(facts(hiring(
        "We have an internal candidate for the Platform Reliability Lead role: please interview her on Thursday and "
        "submit your scorecard. Thank you for your interest in helping.", sender=COLLEAGUE)))
    assert found is not None and found.veto
