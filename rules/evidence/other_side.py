"""Someone else wrote: a thread of only the user's own mail is nobody's interview."""

from __future__ import annotations

from rules.evidence.base import VETO, Evidence, Facts

NAME = "other_side"


def rule(facts: Facts) -> Evidence | None:
    if facts.hiring:
        return None
    return Evidence(NAME, VETO, "not an interview: nobody else has written in this thread")
