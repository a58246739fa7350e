"""rules/evidence/recruiting_system.py: mail sent through an applicant-tracking system."""

from __future__ import annotations

from rule_threads import facts, hiring

from rules.evidence import recruiting_system
from watcher.model import Address


def test_mail_through_greenhouse_counts_for_a_job() -> None:
    robot = Address("no-reply@greenhouse.io", "Quillfeather Recruiting")
    found = recruiting_system.rule(facts(hiring("Your interview is confirmed.", sender=robot)))
    assert found is not None and found.weight == recruiting_system.WEIGHT
    assert "Greenhouse" in found.reason


def test_counter_example_a_general_scheduling_tool_is_no_recruiting_system() -> None:
    robot = Address("notifications@calendly.com", "Calendly")
    assert recruiting_system.rule(facts(hiring("New event: 30 minute meeting.", sender=robot))) is None


def test_counter_example_a_person_at_rippling_writes_for_rippling_not_through_it() -> None:
    person = Address("maya.lindqvist@rippling.com", "Maya Lindqvist")
    assert recruiting_system.rule(facts(hiring("I'm the recruiter for our Staff Engineer role.", sender=person))) is None
