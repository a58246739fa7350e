"""The user is asked for a reference for someone else: not an interview of theirs.

Being asked to act as a referee ("listed you as a reference", "be a reference for") is strong
evidence; a recruiter mentioning the reference-check step of the user's own process ("after the
final round we do reference checks") is weak.
"""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "reference"
AS_REFEREE, PROCESS_STEP = -4.0, -1.0


def rule(facts: Facts) -> Evidence | None:
    referee = phrases.hits("reference_check", facts.text)
    step = phrases.hits("reference_check", facts.text, "weak_patterns")
    if not referee and not step:
        return None
    weight = AS_REFEREE * len(referee) + (PROCESS_STEP if step else 0.0)
    words = ", ".join(dict.fromkeys(h.lower() for h in referee + step))
    if referee:
        return Evidence(NAME, weight, "not an interview of yours: a reference for someone else", words)
    return Evidence(NAME, weight, "reference checks are mentioned (a step of a hiring process, maybe someone else's)", words)
