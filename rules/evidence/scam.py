"""An employment scam the user never answered: an "interview" over a chat app for a job they never
applied for. It arranges a time and calls itself an interview, so the other rules would take it."""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import VETO, Evidence, Facts

NAME = "scam"


def rule(facts: Facts) -> Evidence | None:
    if facts.mine or not facts.hiring or phrases.first("job_scam", facts.hiring_text) is None:
        return None
    return Evidence(NAME, VETO, "not an interview: reads like a job scam (an interview by chat app, equipment "
                                "paid by cheque) that you never answered", facts.quote("job_scam"))
