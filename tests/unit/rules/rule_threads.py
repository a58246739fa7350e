"""Made-up threads for the rule tests: the facts one rule reads, built from a few sentences."""

from __future__ import annotations

import datetime as dt

from rules.evidence import Evidence, Facts
from watcher.model import Address, CalendarEvent, Deadline, Message, Role, Round, Side

AT = dt.datetime(2026, 11, 16, 14, 0, tzinfo=dt.UTC)
RECRUITER = Address("dana.whitcombe@quillfeather.example.com", "Dana Whitcombe")
ALEX = Address("alex@example.org", "Alex Candidate")
MY_DOMAINS = frozenset({"employer.example.com"})
SUBJECT = "Staff Engineer at Quillfeather"


def hiring(text: str, *, sender: Address = RECRUITER, subject: str = SUBJECT, hours: float = 0, bulk: bool = False,
           calendar: tuple[CalendarEvent, ...] = (), reply_to: tuple[Address, ...] = ()) -> tuple[Message, Side]:
    message = Message(account="main", message_id=f"<h{hours}@example.com>", role=Role.INBOX,
                      date=AT + dt.timedelta(hours=hours), sender=sender, to=(ALEX,), reply_to=reply_to,
                      subject=subject, text=text, author_text=text, bulk=bulk, calendar=calendar)
    return message, Side.HIRING


def mine(text: str, *, hours: float = 1, subject: str = "Re: " + SUBJECT) -> tuple[Message, Side]:
    message = Message(account="main", message_id=f"<m{hours}@example.org>", role=Role.SENT,
                      date=AT + dt.timedelta(hours=hours), sender=ALEX, to=(RECRUITER,), subject=subject,
                      text=text, author_text=text)
    return message, Side.ME


def arranged(basis: str = "confirmed", *, deadline: str = "", days: int = 3) -> Round:
    """A round as rules/rounds.py would find it; `deadline` is the stated timeline's sentence."""
    start = None if basis == "held" else AT + dt.timedelta(days=days)
    stated = Deadline(date=(AT + dt.timedelta(days=days + 7)).date(), basis="stated" if deadline else "default",
                      stated_at=AT, sentence=deadline)
    return Round(index=0, start=start, minutes=45, scheduled_at=AT, source="the hiring side's mail",
                 deadline=stated, basis=basis)


def facts(*messages: tuple[Message, Side], rounds: tuple[Round, ...] = ()) -> Facts:
    return Facts(messages=messages, rounds=rounds, my_domains=MY_DOMAINS)


def weight(found: Evidence | None) -> float:
    return 0.0 if found is None else found.weight
