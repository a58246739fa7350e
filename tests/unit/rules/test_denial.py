"""rules/evidence/denial.py: the hiring side saying this is no interview."""

from __future__ import annotations

from rule_threads import facts, hiring, mine

from rules.evidence import denial


def test_an_informational_chat_in_their_words_weighs_heavily() -> None:
    found = denial.rule(facts(hiring("Happy to do an informational chat on Thursday - it's not a formal interview.")))
    assert found is not None and found.weight == denial.WEIGHT
    assert "not a formal interview" in found.quote


def test_counter_example_my_own_words_are_not_theirs() -> None:
    # the user calling it a coffee chat does not make the hiring side's interview one
    thread = facts(hiring("Your interview with the team is on Thursday at 10."), mine("Great, like a coffee chat then!"))
    assert denial.rule(thread) is None


def test_counter_example_an_interview_is_no_denial() -> None:
    assert denial.rule(facts(hiring("The final round interview is on Thursday."))) is None


def test_a_founder_setting_an_informal_tone_for_a_hiring_call_denies_nothing() -> None:
    assert denial.rule(facts(hiring(
        "We're hiring our Founding Backend Engineer and I'd love to chat. Nothing formal, no whiteboard - just a "
        "conversation about what we're building and what you're looking for. Would Thursday at 4pm ET work?"))) is None


def test_a_headhunter_mapping_the_market_with_no_role_yet_says_it_is_no_interview() -> None:
    found = denial.rule(facts(hiring("I'm doing some market mapping for a client. To be clear, there's no specific "
                                     "role at this stage. Would Thursday 29 October at 16:00 GMT work?")))
    assert found is not None and found.weight == denial.WEIGHT


def test_counter_example_no_other_role_open_says_nothing_of_this_one() -> None:
    assert denial.rule(facts(hiring("Your interview is on Thursday at 10:00. There are no other roles open on the "
                                    "team, so this is the one."))) is None


def test_a_clinics_intake_interview_is_no_job_interview() -> None:
    found = denial.rule(facts(hiring("Dr. Ostrowski has been called in to cover a shift, so we need to reschedule your "
                                     "intake interview. Our next opening with her is Monday, November 23 at 2:00 PM.")))
    assert found is not None and found.weight == denial.WEIGHT


def test_a_volunteers_sign_up_is_no_job_interview() -> None:
    found = denial.rule(facts(hiring("Thank you for signing up to volunteer with Harborlight Food Bank!")))
    assert found is not None and found.weight == denial.WEIGHT


def test_a_schools_parent_interview_is_no_job_interview() -> None:
    found = denial.rule(facts(hiring("Thank you for submitting Maya's application for admission to Grade 3. You will "
                                     "meet with me for a 30-minute parent interview on Friday.")))
    assert found is not None and found.weight == denial.WEIGHT


def test_informational_interviews_say_it_is_no_interview() -> None:
    found = denial.rule(facts(hiring("Always glad to do informational interviews. Thursday at 8:30 works.")))
    assert found is not None and found.weight == denial.WEIGHT


def test_a_mentoring_programmes_match_is_no_interview() -> None:
    found = denial.rule(facts(hiring("Welcome to the Alumni Mentoring Program! Your mentor is Celeste Armitage.")))
    assert found is not None and found.weight == denial.WEIGHT
