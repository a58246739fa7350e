"""The hiring side saying in so many words that this is no interview ("not a formal interview",
"an informational chat", "a coffee chat")."""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "denial"
WEIGHT = -6.0


def rule(facts: Facts) -> Evidence | None:
    if phrases.first("not_an_interview", facts.hiring_text) is None:
        return None
    return Evidence(NAME, WEIGHT, "not an interview, in the hiring side's words", facts.quote("not_an_interview"))
