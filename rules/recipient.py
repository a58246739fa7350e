"""Whom a follow-up goes to: the business address the hiring side used in the thread.

In order: an agency recruiter who arranged the interview; the most recent human hiring-side sender
(business mailboxes before personal ones, which count only because their owner corresponded from
them); an address the user wrote to; a Reply-To naming a person behind an automated sender; a
recruiter in Cc; a business address written in the body. Never a robot, never the user, never a
personal address that only appears in a signature or in Cc.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rules import phrases, senders
from watcher.model import Address, Message, Side

# Starts only where a run of address characters starts: tried from every character of a long word
# with no "@", the local part read the rest of that word again each time.
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)


@dataclass(frozen=True)
class Choice:
    """The chosen address (None: nobody reachable) and why."""

    address: Address | None
    why: str


def choose(
    messages: Sequence[tuple[Message, Side]], me: frozenset[str], my_domains: frozenset[str],
    agency_people: frozenset[str],
) -> Choice:
    def usable(address: Address) -> bool:
        return (address.email not in me and not senders.is_automated(address.email)
                and senders.registrable_domain(address.domain) not in my_domains)

    hiring = [m for m, side in messages if side is Side.HIRING and not m.auto_submitted]
    replies_to: dict[str, str] = {}
    senders_seen = _people_in_order(hiring, usable, replies_to, me)
    successor = _successor(messages, usable)
    if successor is not None and senders_seen and senders_seen[0].email == successor[0]:
        return Choice(successor[1], f"{successor[0]} replied automatically that they have left and named "
                                    f"{successor[1].email} for applications in progress")
    for person in senders_seen:
        if person.email in agency_people:
            return Choice(person, f"{person.email} is the agency recruiter who arranged the interview")
    business = [p for p in senders_seen if not senders.is_free_mail(p.email)]
    if business and business[0].email in replies_to:
        return Choice(business[0], f"replies to {replies_to[business[0].email]}'s mail go to {business[0].email} "
                                   "(Reply-To)")
    if business:
        return Choice(business[0], f"{business[0].email} wrote to you in this thread (business address)")
    if senders_seen:
        return Choice(senders_seen[0], f"{senders_seen[0].email} corresponded with you from this address")
    written_to = [a for m, side in reversed(messages) if side is Side.ME for a in m.to if usable(a)]
    business_written = [a for a in written_to if not senders.is_free_mail(a.email)]
    if business_written:
        return Choice(business_written[0], f"you wrote to {business_written[0].email} in this thread")
    for message in reversed(hiring):
        for address in message.reply_to:
            if usable(address):
                robot = message.sender.email if message.sender else "an automated sender"
                return Choice(address, f"{robot} is automated; replies go to {address.email} (Reply-To)")
    for message in reversed(hiring):
        for address in message.cc:
            if usable(address) and not senders.is_free_mail(address.email):
                return Choice(address, f"{address.email} was copied on the hiring side's mail (Cc)")
    for message in reversed(hiring):
        for address in addresses_in(message.author_text):
            if usable(address) and not senders.is_free_mail(address.email):
                return Choice(address, f"{address.email} is the contact written in the hiring side's mail")
    if hiring:
        robot = next((m.sender.email for m in hiring if m.sender), "an automated system")
        return Choice(None, f"no reachable address: every hiring-side mail came from {robot} and no person's "
                            "business address (Reply-To, Cc, or in the text) was given")
    return Choice(None, "no reachable address: nobody on the hiring side has written in this thread")


def _successor(messages: Sequence[tuple[Message, Side]], usable: Callable[[Address], bool]) -> tuple[str, Address] | None:
    """A hiring-side person's automatic reply saying they have left ("I am no longer with Fernhill ...
    please contact Priya Nair at priya.nair@..."): their address and the business address it names."""
    for message, side in reversed(messages):
        if side is not Side.HIRING or not message.auto_submitted or message.sender is None \
                or not phrases.first("leaving", message.author_text):
            continue
        named = [a for a in addresses_in(message.author_text)
                 if a.email != message.sender.email and usable(a) and not senders.is_free_mail(a.email)]
        if named:
            return message.sender.email, named[0]
    return None


def _people_in_order(hiring: list[Message], usable: Callable[[Address], bool],
                     replies_to: dict[str, str], me: frozenset[str] = frozenset()) -> list[Address]:
    """The hiring side's correspondents, best contact first: the one who ran the conversation (wrote
    most; of equals, who wrote first) before a coordinator who wrote once, a person before a team mailbox
    (travel@, careers@), a colleague who referred the user after the people running the process, and
    nobody who said they were leaving and handed the process over. A person who asks for replies to go to
    a colleague (Reply-To: a hiring manager's mail sent through the recruiter's CRM) counts that colleague
    as writing in their place; `replies_to` gets who asked it of whom."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    people: dict[str, Address] = {}
    gone: set[str] = set()
    referrers: set[str] = set()
    handing: set[str] = set()  # who asked for replies to go to a colleague
    wrote: set[str] = set()
    for index, message in enumerate(hiring):
        if message.sender is None or not usable(message.sender):
            continue
        email = message.sender.email
        people[email] = message.sender
        wrote.add(email)
        counts[email] = counts.get(email, 0) + 1
        first.setdefault(email, index)
        for colleague in message.reply_to:
            if colleague.email != email and usable(colleague) and not senders.is_free_mail(colleague.email) \
                    and not senders.is_role_mailbox(colleague.email):
                handing.add(email)
                replies_to.setdefault(colleague.email, email)
                people.setdefault(colleague.email, colleague)
                counts[colleague.email] = counts.get(colleague.email, 0) + 1
                first.setdefault(colleague.email, index)
                break
        if phrases.first("leaving", message.author_text):
            gone.add(email)
        if phrases.first("referring", message.subject + "\n" + message.author_text) or _introduces(message, me):
            referrers.add(email)  # a colleague who put the user forward: the recruiter runs the process
        if phrases.first("taking_over", message.author_text):
            gone.discard(email)
            counts[email] += 100  # the person who took the process over is its contact from now on
    for email in [e for e in replies_to if e in wrote]:
        del replies_to[email]  # they wrote themselves: that is why they are the contact
    ranked = sorted(people, key=lambda e: (e in gone, e in referrers, e in handing, senders.is_role_mailbox(e),
                                           -counts[e], first[e]))
    return [people[e] for e in ranked]


_INTRODUCTION = re.compile(r"(?:^|\W)(?:intro(?:duction)?\b|<>)|\b(?:introduc(?:e|es|ing)\s+(?:you|alex|the\s+two)|"
                           r"connect(?:ing)?\s+you\s+(?:two|both)|put(?:ting)?\s+you\s+(?:two\s+)?in\s+touch)\b", re.I)


def _introduces(message: Message, me: frozenset[str]) -> bool:
    """Whether a message introduces the user to someone else on the hiring side: written to that person
    with the user only copied ("Intro: Alex Candidate <> Saoirse", "happy to connect you two")."""
    if any(a.email in me for a in message.to) or not any(a.email in me for a in message.cc):
        return False
    return bool(_INTRODUCTION.search(message.subject) or _INTRODUCTION.search(message.author_text[:1500]))


def addresses_in(text: str) -> list[Address]:
    """The addresses written in a text, in order ("email me directly at dana@...")."""
    return [Address(email=m.group(0).lower().rstrip(".")) for m in _EMAIL_IN_TEXT.finditer(text)]
