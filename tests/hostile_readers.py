"""Every reader of mail text, each as one call on a text: what tests/unit/test_adversarial_text.py
checks returns on hostile input and bench/adversarial_text.py times, from one list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from rules import banned, names, recipient, replies
from rules.dates import absence, deadline, durations, mentions, slots
from watcher import detect, identity, mimeparts, normalise, textzones
from watcher.config import Me, Policy
from watcher.model import Address, Deadline, Message, Role, Round, Side, Thread

# Monday 2026-10-12, 16:05 in Chicago
SAID_AT = dt.datetime(2026, 10, 12, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
CHICAGO = ZoneInfo("America/Chicago")


def _hiring_message(text: str) -> Message:
    return Message(account="test", message_id="<1@example.com>", role=Role.INBOX, date=SAID_AT,
                   sender=Address("dana@example.com", "Dana Whitfield"), subject="Interview for Data Engineer",
                   text=text, author_text=text)


def detect_thread(text: str) -> object:
    """Detection of a thread: the hostile message from the hiring side and the user's short reply."""
    reply = "Thanks, Tuesday at 2pm works for me."
    mine = Message(account="test", message_id="<2@example.org>", role=Role.SENT, date=SAID_AT + dt.timedelta(hours=1),
                   sender=Address("alex@example.org", "Alex"), subject="Re: Interview for Data Engineer",
                   in_reply_to="<1@example.com>", references=("<1@example.com>",), text=reply, author_text=reply)
    thread = Thread(thread_id="t1", account="test", messages=(_hiring_message(text), mine))
    return detect.detect(thread, identity.Identity.of(Me("Alex", ("alex@example.org",))), Policy())


def _round() -> Round:
    start = SAID_AT + dt.timedelta(days=2)
    return Round(index=0, start=start, minutes=60, scheduled_at=SAID_AT, source="test", deadline=Deadline(None, "default"))


def robot_contact(text: str) -> recipient.Choice:
    # from a no-reply sender, the contact is looked for in the text itself
    robot = Message(account="test", message_id="<1@example.com>", role=Role.INBOX, date=SAID_AT,
                    sender=Address("no-reply@example.com"), text=text, author_text=text)
    return recipient.choose([(robot, Side.HIRING)], frozenset(), frozenset(), frozenset())


# the readers of the capped text a rule can be given (textzones.choose_text)
RULES: dict[str, Callable[[str], object]] = {
    "contact": robot_contact,
    "deadline": lambda text: deadline.find_deadline(text, SAID_AT),
    "slots": lambda text: slots.find_slots(text, SAID_AT, CHICAGO),
    "dates": lambda text: mentions.find_dates(mentions.normalize(text)),
    "duration": durations.find_duration,
    "return date": lambda text: absence.find_return_date(text, SAID_AT),
    "replies": lambda text: replies.event(_hiring_message(text), Side.HIRING),
    "role title": lambda text: names.role_title(["Interview"], [text]),
    "names": lambda text: names.read([(_hiring_message(text), Side.HIRING)], (_round(),), Address("dana@example.com"), "Alex"),
    "banned words": banned.find,
    "normalise": normalise.for_matching,
}
# the readers of raw mail text, before any cap
RAW: dict[str, Callable[[str], object]] = {
    "zoning plain": lambda text: textzones.split(textzones.choose_text(text, "")),
    "zoning html": lambda markup: textzones.split(textzones.choose_text("", markup)),
    "zoning uncapped": textzones.split,  # split() is also called on text that did not come through choose_text
    "zoning, forwarded appointments read": lambda text: textzones.split(textzones.choose_text(text, ""), appointments=True),
    "format=flowed": mimeparts.unflow,
}
