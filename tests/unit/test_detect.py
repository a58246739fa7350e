"""detect.py on whole threads: the verdict and its reasons."""

from __future__ import annotations

import datetime as dt

from watcher import detect, identity
from watcher.config import Me, Policy
from watcher.model import Address, Message, Role, Thread

ME = identity.Identity.of(Me(name="Alex Candidate", addresses=("alex@example.org",)))
MANAGER = Address("tomas.rahman@sablewind.example.com", "Tomás Rahman")
ALEX = Address("alex@example.org", "Alex Candidate")
AT = dt.datetime(2026, 11, 15, 15, 0, tzinfo=dt.UTC)


def message(number: int, sender: Address, role: Role, text: str, hours: float) -> Message:
    return Message(account="main", message_id=f"<m{number}@example.org>", role=role, date=AT + dt.timedelta(hours=hours),
                   sender=sender, to=(ALEX,) if role is Role.INBOX else (MANAGER,),
                   subject="Engineering Manager at Sablewind Logistics", text=text, author_text=text,
                   in_reply_to=f"<m{number - 1}@example.org>" if number > 1 else None)


def test_a_hiring_manager_hiring_in_person_arranges_an_interview() -> None:
    thread = Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "Hello Alex, I lead the platform team and I'm hiring an Engineering Manager. "
                "Your profile stood out. Would you be available for a technical interview with me on Sunday, "
                "November 22 at 10:00 AM ET? It will take about an hour.", 0),
        message(2, ALEX, Role.SENT, "Thank you, Sunday, November 22 at 10:00 AM ET works well for me.", 8),
    ))
    assert detect.detect(thread, ME, Policy()).is_interview
