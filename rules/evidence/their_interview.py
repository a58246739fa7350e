"""The other side speaking of an interview of their own ("I have my final interview at Acme tomorrow
at 2pm"): a friend telling of theirs, not one arranged for the user, whatever its date and time."""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "their_interview"
WEIGHT = -6.0  # as strong as a denial: the interview in the mail is someone else's


def rule(facts: Facts) -> Evidence | None:
    if phrases.first("their_interview", facts.hiring_text) is None:
        return None
    return Evidence(NAME, WEIGHT, "not your interview: the other side speaks of their own", facts.quote("their_interview"))
