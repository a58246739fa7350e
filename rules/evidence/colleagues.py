"""The other side is the user's own employer: a colleague, or the user on the hiring side."""

from __future__ import annotations

from rules import senders
from rules.evidence.base import VETO, Evidence, Facts

NAME = "colleagues"


def rule(facts: Facts) -> Evidence | None:
    people = {m.sender.email for m in facts.hiring if m.sender and not senders.is_automated(m.sender.email)}
    people |= {a.email for m in facts.hiring for a in m.reply_to}
    if people and all(senders.registrable_domain(p.rpartition("@")[2]) in facts.my_domains for p in people):
        return Evidence(NAME, VETO, "not an interview: the other side is your own employer's domain "
                                    "(you are on the hiring side or it is a colleague)")
    return None
