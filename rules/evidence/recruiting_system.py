"""Mail sent through an applicant-tracking system: whatever it says, it is about a job."""

from __future__ import annotations

from rules.evidence.base import Evidence, Facts

NAME = "recruiting_system"
WEIGHT = 1.0


def rule(facts: Facts) -> Evidence | None:
    if not facts.ats:
        return None
    return Evidence(NAME, WEIGHT, f"sent through {facts.ats}, an applicant-tracking / scheduling system")
