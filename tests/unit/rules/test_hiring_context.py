"""rules/evidence/hiring_context.py: the mail is about a job the user could get."""

from __future__ import annotations

import pytest
from rule_threads import facts, hiring

from rules.evidence import hiring_context
from watcher.model import Address


def test_job_words_count_each_up_to_a_cap() -> None:
    found = hiring_context.rule(facts(hiring(
        "Thanks for your application for the Staff Engineer role. I'm the recruiter; compensation and salary "
        "are in the job description.")))
    assert found is not None and found.weight == hiring_context.MOST
    assert found.reason.startswith("hiring context:")


def test_no_job_words_at_all_is_a_veto() -> None:
    found = hiring_context.rule(facts(hiring("Can we meet on Thursday at 10 to talk about the kitchen renovation?", subject="Thursday")))
    assert found is not None and found.veto


def test_counter_example_one_loose_word_is_no_hiring_context() -> None:
    found = hiring_context.rule(facts(hiring("We have a special offer for you: meet us Thursday at 10.", subject="Thursday")))
    assert found is not None and found.veto


def test_counter_example_an_applicant_tracking_system_is_context_enough() -> None:
    robot = Address("no-reply@ashbyhq.com", "Quillfeather")
    assert hiring_context.rule(facts(hiring("See you Thursday at 10.", sender=robot, subject="Thursday"))) is None


def test_a_recruiting_firms_domain_is_context() -> None:
    agent = Address("sam.hale@brightpathtalent.example.com", "Sam Hale")
    found = hiring_context.rule(facts(hiring("Can we speak Thursday at 10?", sender=agent)))
    assert found is not None and found.weight >= 1 and "recruiting firm" in found.reason


def test_the_hiring_team_named_as_such_is_context() -> None:
    found = hiring_context.rule(facts(hiring(
        "Great news: the hiring team for Solutions Architect would like to speak with you on Thursday at 2.")))
    assert found is not None and not found.veto and "hiring team" in found.reason


def test_counter_example_a_webinar_on_the_technical_interview_is_no_hiring_context() -> None:
    found = hiring_context.rule(facts(hiring("Confirmation: Ace Your Technical Interview - Live Q&A, Thursday at 10.",
                                               subject="Live Q&A")))
    assert found is not None and found.veto


@pytest.mark.parametrize("subject", ["Interview: Senior Backend Engineer", "Product Designer interview",
                                     "Interview invitation – Data Scientist", "Interview with Sablewind (Account Executive)",
                                     "Technical interview — Site Reliability Engineer", "Engineering Manager: next steps"])
def test_a_job_title_in_the_subject_is_context(subject: str) -> None:
    found = hiring_context.rule(facts(hiring("Your interview is scheduled for Thursday at 2pm on Zoom.", subject=subject)))
    assert found is not None and not found.veto


@pytest.mark.parametrize("text", ["Our engineer will come by on Thursday at 2pm to look at the boiler.",
                                  "Can we meet Thursday at 2pm? Our Sales Team wants to show you the new plan.",
                                  "The Product Team interview for the newsletter is on Thursday at 2pm."])
def test_counter_example_a_trade_or_a_team_is_no_job_title(text: str) -> None:
    found = hiring_context.rule(facts(hiring(text, subject="Thursday")))
    assert found is not None and found.veto


@pytest.mark.parametrize("text", ["Thanks for applying! Could we do a phone screen on Wednesday at 1pm?",
                                  "Since you're applying for the platform team, can we talk Wednesday at 1pm?"])
def test_thanks_for_applying_is_context(text: str) -> None:
    found = hiring_context.rule(facts(hiring(text, subject="Phone screen")))
    assert found is not None and not found.veto


def test_counter_example_applying_a_discount_is_no_hiring_context() -> None:
    found = hiring_context.rule(facts(hiring("Applying the discount code at checkout? Call us Wednesday at 1pm.",
                                             subject="Your order")))
    assert found is not None and found.veto


@pytest.mark.parametrize("text", [
    "Congratulations, you've advanced to the final round! Your onsite is on Monday at 10am.",
    "Good news: you're moving on to the next stage. The interview is on Tuesday at 11am.",
    "Thanks for submitting the take-home assignment. Can we review it together on Wednesday at 2pm?",
    "It was great meeting you at the career fair. Can you interview with our team on Thursday at 9am?"])
def test_a_step_of_a_hiring_process_is_context(text: str) -> None:
    found = hiring_context.rule(facts(hiring(text, subject="Next steps")))
    assert found is not None and not found.veto


def test_counter_example_the_final_round_of_a_competition_is_no_hiring_context() -> None:
    found = hiring_context.rule(facts(hiring("Your startup has made it to the final round of the pitch contest: "
                                             "Monday at 10am on the main stage.", subject="Pitch contest")))
    assert found is not None and found.veto


def test_the_writers_own_job_title_under_their_name_is_no_job_offered() -> None:
    rep = Address("tyler.benson@routewise.example.com", "Tyler Benson")
    found = hiring_context.rule(facts(hiring(
        "You're all set for Wed 11/11 at 2:00 PM CT with me and our solutions engineer.\n\nTyler\n\nTyler Benson\n"
        "Account Executive, Mid-Market | Routewise\n(312) 555-0166", sender=rep, subject="Quick call with the Routewise team?")))
    assert found is not None and found.veto


def test_counter_example_a_recruiters_title_under_her_name_still_says_who_writes() -> None:
    recruiter = Address("tamsin.reyes@corvina-pay.example.com", "Tamsin Reyes")
    found = hiring_context.rule(facts(hiring(
        "Are you free Tuesday at 2pm for a quick call?\n\nTamsin Reyes\nTechnical Recruiter | Corvina Payments",
        sender=recruiter, subject="Quick call?")))
    assert found is not None and not found.veto
