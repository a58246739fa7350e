"""The other side is the user's own employer: a colleague, or the user on the hiring side, unless the
hiring side speaks to the user as an internal applicant (an internal transfer is the user's interview)."""

from __future__ import annotations

from rules import phrases, senders
from rules.evidence.base import VETO, Evidence, Facts

NAME = "colleagues"


def rule(facts: Facts) -> Evidence | None:
    people = {m.sender.email for m in facts.hiring if m.sender and not senders.is_automated(m.sender.email)}
    people |= {a.email for m in facts.hiring for a in m.reply_to}
    if people and all(senders.registrable_domain(p.rpartition("@")[2]) in facts.my_domains for p in people):
        if _internal_applicant(facts):
            return None  # decided by the rest of the evidence, as any other employer's interview
        return Evidence(NAME, VETO, "not an interview: the other side is your own employer's domain "
                                    "(you are on the hiring side or it is a colleague)")
    return None


def _internal_applicant(facts: Facts) -> bool:
    """HR or a hiring manager of the user's own employer writing to the user as its applicant: the posting is
    internal, they speak as the hiring side, and nothing in the thread is an interviewer's task."""
    said = "\n".join(m.subject for m in facts.hiring) + "\n" + facts.hiring_text
    return (phrases.first("internal_application", said) is not None and phrases.first("hiring_voice", said) is not None
            and phrases.first("interviewer", said) is None)
