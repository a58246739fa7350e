"""Mail only from a job board's robots (alerts, suggestions), never answered.

A person writing from the board's own domain (a recruiter at linkedin.com) is not its robot:
`senders.is_person_at_platform` tells them apart.
"""

from __future__ import annotations

from rules import senders
from rules.evidence.base import VETO, Evidence, Facts

NAME = "job_board"


def rule(facts: Facts) -> Evidence | None:
    if facts.mine or not facts.hiring:
        return None
    if all(m.sender and senders.is_job_board(m.sender.email) and not senders.is_person_at_platform(m.sender.email)
           for m in facts.hiring):
        return Evidence(NAME, VETO, "not an interview: mail from a job board (alerts and suggestions)")
    return None
