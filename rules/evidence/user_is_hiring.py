"""The user writes like the hiring side and the other side like a candidate: the user is hiring."""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "user_is_hiring"
# Two voices reversed is structural, not one word: strong from the start.
BASE, PER_PHRASE = -3.0, -2.0


def rule(facts: Facts) -> Evidence | None:
    theirs = phrases.count("hiring_voice", facts.my_text) + phrases.count("candidate_voice", facts.hiring_text)
    ours = phrases.count("hiring_voice", facts.hiring_text) + phrases.count("candidate_voice", facts.my_text)
    if theirs < 2 or theirs <= ours:
        return None
    return Evidence(NAME, BASE + PER_PHRASE * (theirs - ours),
                    "not an interview of yours: you write as the one hiring, and they write as the candidate")
