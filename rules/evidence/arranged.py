"""An interview of the user's was arranged (an invite, a confirmed or proposed time) or took place.

Without either, the thread is not an interview: an application acknowledgement or a rejection before
any interview plans nothing. An interview known only after the fact ("great talking with you
yesterday", "thanks for your time today") counts as one that took place.
"""

from __future__ import annotations

from rules import phrases
from rules.evidence.base import VETO, Evidence, Facts

NAME = "arranged"
INVITE, CONFIRMED, PROPOSED, HELD = 4.0, 3.0, 3.0, 3.0
_WEIGHTS = {"invite": INVITE, "confirmed": CONFIRMED, "proposed": PROPOSED, "held": HELD}


def rule(facts: Facts) -> Evidence | None:
    if facts.rounds:
        first = facts.rounds[0]
        weight = max(_WEIGHTS.get(r.basis, PROPOSED) for r in facts.rounds)
        if first.start is None:
            return Evidence(NAME, weight, "the hiring side speaks of an interview that took place",
                            facts.quote("post_interview"))
        when = first.start.isoformat(timespec="minutes")
        return Evidence(NAME, weight, f"interview arranged for {when} ({first.source})")
    if phrases.first("post_interview", facts.hiring_text):
        return Evidence(NAME, HELD, "the hiring side speaks of an interview that took place",
                        facts.quote("post_interview"))
    reason = "not an interview: no interview was arranged"
    if phrases.first("application_received", facts.hiring_text):
        reason += " (an application acknowledgement)"
    elif phrases.first("decision_rejection", facts.hiring_text):
        reason += " (a rejection before any interview)"
    return Evidence(NAME, VETO, reason)
