"""The user is the interviewer: words only an interviewer is told ("submit your scorecard", "the
interview kit", "the candidate's resume"), not the ones a candidate hears too ("your interviewers",
"our panelists", "the team will debrief").

"The candidate" alone is weak evidence: a recruiter writes it to the candidate too ("as the candidate,
you will meet your interviewers"), and the words a candidate hears add little to it. Any other
interviewer's word, or two of them, is strong.
"""

from __future__ import annotations

import re

from rules import phrases
from rules.evidence.base import Evidence, Facts

NAME = "interviewer"
THE_CANDIDATE, PER_WORD, PER_SHARED_WORD = -1.5, -3.0, -0.5
_CANDIDATE_HEARS_TOO = re.compile(r"^(interviewers?|panelists?|debrief)$", re.I)
_THE_CANDIDATE = re.compile(r"^(the candidate|candidate:\s*)$", re.I)


def rule(facts: Facts) -> Evidence | None:
    found = phrases.hits("interviewer", facts.hiring_text)
    own = [h for h in found if not _CANDIDATE_HEARS_TOO.match(h.strip())]
    if not own:
        return None
    shared = len(found) - len(own)
    alone = len(own) == 1 and _THE_CANDIDATE.match(own[0])
    weight = (THE_CANDIDATE if alone else PER_WORD * len(own)) + PER_SHARED_WORD * shared
    return Evidence(NAME, weight, "you may be the interviewer, not the candidate",
                    ", ".join(dict.fromkeys(h.lower() for h in found[:4])))
