"""The mail calls it an interview ("phone screen", "onsite", "final round").

A call about the role arranged with the hiring side is a screening conversation even without the
word, so its absence weighs nothing; it is only said.
"""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "interview_language"
WEIGHT = 1.0


def rule(facts: Facts) -> Evidence | None:
    word = phrases.first("interview", facts.text)
    if word is None:
        return Evidence(NAME, 0.0, "a call about the role, arranged with the hiring side (a screening conversation)")
    return Evidence(NAME, WEIGHT, f'interview language: "{word.group(0)}"')
