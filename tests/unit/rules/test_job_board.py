"""rules/evidence/job_board.py: a job board's robots, but not the people who work there."""

from __future__ import annotations

from rule_threads import facts, hiring, mine

from rules.evidence import job_board
from watcher.model import Address


def test_job_alerts_from_a_board_are_vetoed() -> None:
    robot = Address("jobalerts-noreply@linkedin.com", "LinkedIn Job Alerts")
    found = job_board.rule(facts(hiring("New jobs matching Staff Engineer: interview-ready roles.", sender=robot)))
    assert found is not None and found.veto


def test_counter_example_a_recruiter_writing_personally_from_the_boards_domain_is_a_person() -> None:
    # LinkedIn hires too: its own recruiter writes from linkedin.com
    person = Address("jordan.okafor@linkedin.com", "Jordan Okafor")
    assert job_board.rule(facts(hiring("I'm hiring for a Staff Engineer on my team; interview Thursday?",
                                       sender=person))) is None


def test_counter_example_a_thread_i_answered_is_not_just_alerts() -> None:
    robot = Address("inmail-hit-reply@linkedin.com", "Jordan via LinkedIn")
    assert job_board.rule(facts(hiring("Open to a chat about a role?", sender=robot), mine("Sure, Thursday?"))) is None
