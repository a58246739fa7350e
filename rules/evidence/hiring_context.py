"""The mail is about a job the user could get: a role, an application, a recruiter.

Words that also turn up in mail about other things ("hiring", "offer") count half, and one such loose
word alone is no hiring context. With no hiring context at all (and no applicant-tracking system)
the thread is not a job interview, whatever else it says.
"""

from __future__ import annotations

import re

from rules import phrases, senders
from rules.evidence.base import VETO, Evidence, Facts

NAME = "hiring_context"
PER_WORD, PER_LOOSE_WORD, MOST = 1.0, 0.5, 3.0
_RECRUITING_DOMAIN = re.compile(r"recruit|staffing|talent|careers|headhunt|executive-?search|hiring", re.I)


def rule(facts: Facts) -> Evidence | None:
    job = list(dict.fromkeys(h.lower() for h in phrases.hits("job", facts.text)))
    job += [f"a recruiting firm ({m.sender.domain})" for m in facts.hiring
            if m.sender and _RECRUITING_DOMAIN.search(m.sender.domain) and not senders.is_automated(m.sender.email)][:1]
    weak = list(dict.fromkeys(h.lower() for h in phrases.hits("job", facts.text, "weak_patterns")))
    score = PER_WORD * len(job) + PER_LOOSE_WORD * len(weak)
    if score < PER_WORD:
        if facts.ats:
            return None  # the applicant-tracking system is the context (its own rule)
        return Evidence(NAME, VETO, "not an interview: nothing in the mail is about a job, a role or an application")
    return Evidence(NAME, min(score, MOST), f"hiring context: {', '.join((job + weak)[:3])}")
