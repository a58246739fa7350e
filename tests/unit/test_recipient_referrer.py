"""rules/recipient.choose: the colleague who introduced the user to the recruiter is not the process's contact."""

from __future__ import annotations

import datetime as dt

from rules import recipient
from watcher.model import Address, Message, Role, Side

ME = frozenset({"alex@example.org"})
ALEX = Address("alex@example.org", "Alex Candidate")
JONAH = Address("jonah.prentiss@brindlewick.example.com", "Jonah Prentiss")
SAOIRSE = Address("saoirse.almeida@brindlewick.example.com", "Saoirse Almeida")
START = dt.datetime(2026, 11, 2, 17, 0, tzinfo=dt.UTC)


def said(day: float, sender: Address, text: str, to: Address = ALEX, cc: tuple[Address, ...] = (),
         subject: str = "Re: Intro: Alex Candidate <> Saoirse (Senior Mobile Engineer)") -> tuple[Message, Side]:
    message = Message(account="main", message_id=f"<{day}@x>", role=Role.INBOX, date=START + dt.timedelta(days=day),
                      sender=sender, to=(to,), cc=cc, subject=subject, author_text=text)
    return message, Side.HIRING


def contact(*messages: tuple[Message, Side]) -> str | None:
    chosen = recipient.choose(messages, ME, frozenset(), frozenset()).address
    return chosen.email if chosen else None


INTRO = said(0, JONAH, "Saoirse, meet Alex - a great iOS engineer. I'll let you two take it from here.", to=SAOIRSE,
             cc=(ALEX,), subject="Intro: Alex Candidate <> Saoirse (Senior Mobile Engineer)")
SCHEDULED = said(0.2, SAOIRSE, "Thanks Jonah! Alex, would Monday at 11 work for a phone screen?", cc=(JONAH,))


def test_the_referrers_friendly_note_after_the_screen_leaves_the_recruiter_the_contact() -> None:
    assert contact(INTRO, SCHEDULED, said(7, JONAH, "heard the screen went well!!")) == SAOIRSE.email


def test_counter_example_a_colleague_who_writes_to_the_user_himself_is_no_introducer() -> None:
    assert contact(said(0, JONAH, "Alex, I'm the hiring manager; Saoirse (cc'd) will find us a time.", cc=(SAOIRSE,),
                        subject="Senior Mobile Engineer"),
                   SCHEDULED, said(7, JONAH, "Great to meet you today - more soon.")) == JONAH.email
