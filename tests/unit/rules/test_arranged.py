"""rules/evidence/arranged.py: an interview arranged, or one the hiring side says took place."""

from __future__ import annotations

from rule_threads import arranged as round_
from rule_threads import facts, hiring

from rules.evidence import arranged


def test_an_invite_weighs_more_than_a_confirmed_slot() -> None:
    invite = arranged.rule(facts(hiring("Invite attached."), rounds=(round_("invite"),)))
    slot = arranged.rule(facts(hiring("Thursday at 10 is confirmed."), rounds=(round_("confirmed"),)))
    assert invite is not None and slot is not None
    assert (invite.weight, slot.weight) == (arranged.INVITE, arranged.CONFIRMED)
    assert slot.reason.startswith("interview arranged for 2026-11-19T14:00")


def test_an_interview_known_only_after_the_fact_is_quoted() -> None:
    thread = facts(hiring("Hi Alex, it was great to talk with you yesterday. We'll be in touch next week."),
                   rounds=(round_("held"),))
    found = arranged.rule(thread)
    assert found is not None and found.weight == arranged.HELD
    assert found.quote == "Hi Alex, it was great to talk with you yesterday."


def test_thanks_for_your_time_today_without_a_round_still_counts() -> None:
    found = arranged.rule(facts(hiring("Thanks for your time today, Alex. We'll decide by Friday.")))
    assert found is not None and found.weight == arranged.HELD


def test_counter_example_an_application_acknowledgement_arranges_nothing() -> None:
    found = arranged.rule(facts(hiring("We have received your application for the Staff Engineer role.")))
    assert found is not None and found.veto
    assert found.reason.endswith("(an application acknowledgement)")


def test_counter_example_a_rejection_before_any_interview() -> None:
    found = arranged.rule(facts(hiring("We regret to inform you that we will not be moving forward with your "
                                       "application.")))
    assert found is not None and found.veto and "rejection before any interview" in found.reason
