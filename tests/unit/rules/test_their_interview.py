"""rules/evidence/their_interview.py: the other side speaks of an interview of their own."""

from __future__ import annotations

import pytest
from rule_threads import facts, hiring

from rules.evidence import their_interview
from watcher.model import Address


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


FRIEND = Address("sam.whitley@fastmail.example.net", "Sam Whitley")


def test_a_friend_asking_how_your_interview_went_arranged_none() -> None:
    found = their_interview.rule(facts(hiring(
        "How did the interview go on Thursday? Was the hiring manager as intense as the reviews said? Did they say "
        "when you'd hear back? Also - dinner Saturday at 7 at the Thai place?", sender=FRIEND, subject="thursday?")))
    assert found is not None and found.weight == their_interview.WEIGHT


def test_counter_example_an_agency_recruiter_asking_how_it_went_is_the_hiring_side() -> None:
    agency = Address("priya.shah@northgate-talent.example.com", "Priya Shah")
    assert their_interview.rule(facts(hiring(
        "How did the interview with Harbor Freight go? They loved you - can you do a final round Tuesday at 3pm ET?",
        sender=agency))) is None


def test_a_friend_asking_how_the_onsite_went_is_no_interview_with_them() -> None:
    found = their_interview.rule(facts(hiring("hey!! today was the big onsite right? how did it go?? also are we still "
                                              "on for saturday, tacos at 7?", sender=FRIEND)))
    assert found is not None and found.weight == their_interview.WEIGHT
