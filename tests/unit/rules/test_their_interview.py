"""rules/evidence/their_interview.py: the other side speaks of an interview of their own."""

from __future__ import annotations

import pytest
from rule_threads import facts, hiring

from rules.evidence import their_interview


@pytest.mark.parametrize("text", [
    "Hey! I have my final interview at Acme tomorrow at 2pm, super nervous. Any tips?",
    "It went well I think! I had my interview on Monday and they said they'd decide by next Friday.",
    "Guess what, I got an interview at Foxglove for Thursday at 10!",
])
def test_a_friend_telling_of_their_own_interview_weighs_against(text: str) -> None:
    found = their_interview.rule(facts(hiring(text)))
    assert found is not None and found.weight == their_interview.WEIGHT
    assert found.reason.startswith("not your interview")


@pytest.mark.parametrize("text", [
    "We'd like to invite you to an interview on Thursday at 10 for the Staff Engineer role.",
    "Your interview with our hiring manager is confirmed for Monday at 2pm.",
    "Thanks for your time today - our interview panel enjoyed meeting you.",
])
def test_counter_example_a_recruiter_writing_of_the_candidates_interview_is_no_evidence(text: str) -> None:
    assert their_interview.rule(facts(hiring(text))) is None
