"""The hiring side gave a decision timeline for an interview round: hiring-process talk."""

from __future__ import annotations

from rules.evidence.base import Evidence, Facts

NAME = "timeline"
WEIGHT = 1.0


def rule(facts: Facts) -> Evidence | None:
    stated = next((r.deadline for r in facts.rounds if r.deadline.basis != "default" and r.deadline.sentence), None)
    if stated is None:
        return None
    return Evidence(NAME, WEIGHT, "the hiring side gave a decision timeline", stated.sentence)
