"""The user is the interviewer: words only an interviewer is told ("submit your scorecard", "the
candidate's resume"), not the ones a candidate hears too ("your interviewers", "the team will debrief").

One such word in a recruiter's mail to the candidate ("as the candidate, you will meet our panelists")
is weak evidence, and the panel's vocabulary adds little to it; several such words are strong.
"""

from __future__ import annotations

import re

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "interviewer"
ONE_WORD, PER_WORD, PER_PANEL_WORD = -2.0, -3.0, -1.0
_PANEL_WORD = re.compile(r"^(interviewers?|panelists?|scorecards?|debrief|feedback form|shadow(ing)?)$", re.I)


def rule(facts: Facts) -> Evidence | None:
    found = phrases.hits("interviewer", facts.hiring_text)
    strong = [h for h in found if not _PANEL_WORD.match(h.strip())]
    if not strong:
        return None
    panel = len(found) - len(strong)
    weight = (ONE_WORD if len(strong) == 1 else PER_WORD * len(strong)) + PER_PANEL_WORD * panel
    return Evidence(NAME, weight, "you may be the interviewer, not the candidate",
                    ", ".join(dict.fromkeys(h.lower() for h in found[:4])))
