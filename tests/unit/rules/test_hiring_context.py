"""rules/evidence/hiring_context.py: the mail is about a job the user could get."""

from __future__ import annotations

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
    found = hiring_context.rule(facts(hiring("Can we meet on Thursday at 10 to talk about the kitchen renovation?")))
    assert found is not None and found.veto


def test_counter_example_one_loose_word_is_no_hiring_context() -> None:
    found = hiring_context.rule(facts(hiring("We have a special offer for you: meet us Thursday at 10.")))
    assert found is not None and found.veto


def test_counter_example_an_applicant_tracking_system_is_context_enough() -> None:
    robot = Address("no-reply@ashbyhq.com", "Quillfeather")
    assert hiring_context.rule(facts(hiring("See you Thursday at 10.", sender=robot))) is None


def test_a_recruiting_firms_domain_is_context() -> None:
    agent = Address("sam.hale@brightpathtalent.example.com", "Sam Hale")
    found = hiring_context.rule(facts(hiring("Can we speak Thursday at 10?", sender=agent)))
    assert found is not None and found.weight >= 1 and "recruiting firm" in found.reason


def test_the_hiring_team_named_as_such_is_context() -> None:
    found = hiring_context.rule(facts(hiring(
        "Great news: the hiring team for Solutions Architect would like to speak with you on Thursday at 2.")))
    assert found is not None and not found.veto and "hiring team" in found.reason


def test_counter_example_a_webinar_on_the_technical_interview_is_no_hiring_context() -> None:
    found = hiring_context.rule(facts(hiring("Confirmation: Ace Your Technical Interview - Live Q&A, Thursday at 10.")))
    assert found is not None and found.veto
