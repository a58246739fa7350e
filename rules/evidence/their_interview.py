"""The other side speaking of an interview of their own ("I have my final interview at Acme tomorrow
at 2pm"), or a friend asking how the user's went: not one arranged with them, whatever its date and time."""

from __future__ import annotations

from rules import phrases, senders
from rules.evidence.base import Evidence, Facts

NAME = "their_interview"
WEIGHT = -6.0  # as strong as a denial: the interview in the mail is someone else's


def rule(facts: Facts) -> Evidence | None:
    if phrases.first("their_interview", facts.hiring_text) is not None:
        return Evidence(NAME, WEIGHT, "not your interview: the other side speaks of their own",
                        facts.quote("their_interview"))
    if _a_friend_asks(facts):
        return Evidence(NAME, WEIGHT, "not an interview with them: a friend asks how yours went",
                        facts.quote("asked_how_it_went"))
    return None


def _a_friend_asks(facts: Facts) -> bool:
    """A friend, writing from a personal mailbox, asking how the user's interview went ("How did the
    interview go on Thursday? ... dinner Saturday at 7?"): the interview is someone else's to hold, and
    the times in the mail are the friend's. An agency recruiter asks the same from a business address."""
    people = [m.sender.email for m in facts.hiring if m.sender and not senders.is_automated(m.sender.email)]
    return bool(people) and all(senders.is_free_mail(p) for p in people) \
        and phrases.first("asked_how_it_went", facts.hiring_text) is not None
