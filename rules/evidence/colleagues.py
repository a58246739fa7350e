"""The other side is the user's own employer: a colleague, or the user on the hiring side, unless the
hiring side speaks to the user as an internal applicant (an internal transfer is the user's interview)."""

from __future__ import annotations

from collections.abc import Sequence

from rules import phrases, senders
from rules.evidence.base import VETO, Evidence, Facts
from watcher.model import Message

NAME = "colleagues"


def rule(facts: Facts) -> Evidence | None:
    if own_employer(facts.hiring, facts.my_domains):
        if _internal_applicant(facts):
            return None  # decided by the rest of the evidence, as any other employer's interview
        return Evidence(NAME, VETO, "not an interview: the other side is your own employer's domain "
                                    "(you are on the hiring side or it is a colleague)")
    return None


def own_employer(hiring: Sequence[Message], my_domains: frozenset[str]) -> bool:
    """Whether every person on the hiring side (senders and Reply-To) writes from the user's own employer."""
    people = {m.sender.email for m in hiring if m.sender and not senders.is_automated(m.sender.email)}
    people |= {a.email for m in hiring for a in m.reply_to}
    return bool(people) and all(senders.registrable_domain(p.rpartition("@")[2]) in my_domains for p in people)


def _internal_applicant(facts: Facts) -> bool:
    """HR or a hiring manager of the user's own employer writing to the user as its applicant: the posting is
    internal, they speak as the hiring side, and nothing in the thread is an interviewer's task."""
    said = "\n".join(m.subject for m in facts.hiring) + "\n" + facts.hiring_text
    return (phrases.first("internal_application", said) is not None and phrases.first("hiring_voice", said) is not None
            and phrases.first("interviewer", said) is None)
