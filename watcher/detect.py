"""Runs the detection rules over one thread -> `model.Detection`, every verdict with its reasons.

Pure: a thread and the user's identity in, a value out. The rules themselves live in `rules/`;
this module decides who is on which side, which zone the hiring side lives in, and puts the
rules' answers together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace

from rules import classify, language, phrases, recipient, replies, senders
from rules import names as rule_names
from rules import rounds as rule_rounds
from rules.dates import clock
from rules.evidence import colleagues
from watcher import calendar_parts, threads, versions
from watcher.config import Policy
from watcher.identity import Identity
from watcher.model import Detection, Event, Message, Role, Side, Thread


def detect(thread: Thread, identity: Identity, policy: Policy, override: str = "", light: bool = False) -> Detection:
    """`light`: nothing the user has depends on this thread (no follow-up of it is stored, no override):
    when it is no interview, only the verdict and what `status` shows are worked out, and its contact,
    names and events, which only an interview's plan reads, are left unread. Most of a mailbox's kept
    conversations are told apart by a veto before their dates are read (`classify.veto_before_rounds`)."""
    identity = identity.with_own_accounts(thread.messages)
    aside = threads.asides(thread.messages)
    sided = [(m, Side.OTHER if m.message_id in aside else side_of(m, identity)) for m in thread.messages]
    hiring = [m for m, side in sided if side is Side.HIRING]
    light = light and not override
    seen: dict[classify.Rule, classify.Evidence | None] = {}
    if light:
        early = classify.veto_before_rounds(classify.Facts(messages=sided, rounds=(), my_domains=identity.domains), seen)
        if early is not None:
            if early.evidence and early.evidence[0].rule in _NO_DECISION_HERE:
                return _shown(thread, hiring, early.why)
            # bulk mail or a job board's: an ATS's rejection can carry list headers; its decision counts
            return replace(_shown(thread, hiring, early.why), events=_events(sided, interview=False))
        facts = classify.Facts(messages=sided, rounds=(), my_domains=identity.domains)
        outweighed = classify.outweighed_before_rounds(facts, seen)
        if outweighed is not None:
            # its decision, if any, ends the company's process in another thread (scan._company_decisions)
            return replace(_shown(thread, hiring, outweighed.why), events=_events(sided, interview=False))
    zone_choice = _hiring_zone(hiring, [m.date for m, side in reversed(sided) if side is Side.ME])
    zone = zone_choice.zone
    placed = [(calendar_parts.place_floating(m, zone), side) for m, side in sided]  # invites' floating times
    if any(a is not b for (a, _), (b, _) in zip(sided, placed, strict=True)):
        seen = {}  # the messages changed: every rule reads them anew
    sided = placed
    context = rule_rounds.Context(
        zone=zone, default_minutes=policy.default_interview_minutes,
        default_decision_days=policy.default_decision_days, about_interview=_about_interview(sided),
        names_interview=_names_interview, me=identity.addresses)
    rounds = rule_rounds.read(sided, context)
    verdict = classify.classify(classify.Facts(messages=sided, rounds=rounds, my_domains=identity.domains), seen)
    if light and not verdict.is_interview:
        # its decision, if any, ends the company's process in another thread (scan._company_decisions)
        return replace(_shown(thread, hiring, verdict.why, zone_choice.name), events=_events(sided, interview=False))
    events = _events(sided)
    agency = frozenset(
        m.sender.email for m in hiring if m.sender and phrases.first("agency", m.author_text) is not None)
    # an interview whose hiring side is all the user's own employer is an internal application (the colleagues
    # veto lets only that through): its HR is the contact, though their address is the user's own domain
    own_only = verdict.is_interview and colleagues.own_employer(hiring, identity.domains)
    choice = recipient.choose(sided, identity.addresses, frozenset() if own_only else identity.domains, agency)
    is_interview, why = verdict.is_interview, verdict.why
    if override == "ignore":
        is_interview, why = False, ("ignored: you told followup-watcher to leave this thread alone", *why)
    elif override == "track":
        is_interview, why = True, ("tracked: you told followup-watcher this is an interview", *why)
    names = rule_names.read(sided, rounds, choice.address, identity.name, agency, identity.addresses)  # what drafts call things
    shown = _shown(thread, hiring, why, zone_choice.name, choice.address.email if choice.address else "")
    return replace(
        shown,
        is_interview=is_interview,
        company=names.company or shown.company,
        company_name=names.company,
        contact=choice.address,
        contact_why=choice.why,
        contact_role=names.contact_role,
        greeting=names.greeting,
        salutation=names.salutation,
        role_title=names.role,
        rounds=names.rounds,
        events=events,
        override=override,
        # the hiring side's words first (newest first), then the user's
        language=language.detect([m.subject + "\n" + m.author_text for m in reversed(hiring)]
                                 + [m.author_text for m, side in sided if side is Side.ME]),
    )


# The vetoes of threads that can hold no decision about the user's candidacy: nothing in them is about
# a job, they are among the user's colleagues, or nobody else wrote.
_NO_DECISION_HERE = frozenset({"hiring_context", "colleagues", "other_side"})


def _events(sided: Sequence[tuple[Message, Side]], interview: bool = True) -> tuple[Event, ...]:
    """Every message's event; of a thread that is no interview (and that nothing the user has depends
    on), without the out-of-office's days back, which only an interview's plan reads."""
    return tuple(replies.event(m, side, return_date=interview) for m, side in sided)


def _shown(thread: Thread, hiring: Sequence[Message], why: Sequence[str], zone: str = "", contact: str = "") -> Detection:
    """What `status` shows of any thread — the reasons, the company (named by the contact's address
    when there is one), the messages a reply answers — as a thread that is no interview; an
    interview's detection adds its verdict, contact, names and rounds to this."""
    last = threads.reply_parent(thread.messages)
    offset = hiring[-1].date.utcoffset() if hiring else None
    company, company_key = _company(hiring, contact)
    return Detection(
        thread_id=thread.thread_id,
        account=thread.account,
        subject=thread.subject,
        is_interview=False,
        why=tuple(why),
        company=company,
        company_key=company_key,
        message_ids=tuple(m.message_id for m in thread.messages),
        last_message_id=last.message_id,
        # RFC 5322 3.6.4: the parent's References, or else its In-Reply-To, then the parent itself
        references=(*(last.references or ((last.in_reply_to,) if last.in_reply_to else ())), last.message_id)[-20:],
        reply_subject=last.subject,
        timezone_offset_minutes=int(offset.total_seconds() // 60) if offset is not None else 0,
        zone=zone,
        # the company's own domains: a platform's or a system's sender (LinkedIn's notification of a relayed
        # message, an ATS's no-reply) is no company, and its domain would tie unrelated processes; the
        # company's own no-reply (its careers site's rejection) is the company's
        domains=tuple(sorted({senders.registrable_domain(a.email.rpartition("@")[2])
                              for m in hiring for a in ((m.sender,) if m.sender else ()) + m.reply_to
                              if not senders.is_system(a.email)})),
    )


def fingerprint(thread: Thread, identity: Identity, policy: Policy, override: str) -> str:
    """Everything a detection depends on: the thread's messages, the user, the policy, the rules.

    Detection is pure and does not depend on the clock, so an unchanged thread keeps its detection;
    the state store caches it under this key and only changed threads are read again.
    """
    digest = hashlib.sha256(versions.rules_fingerprint().encode())
    digest.update(repr((sorted(identity.addresses), identity.name, policy, override)).encode())
    for message in thread.messages:
        digest.update(f"{message.message_id}|{message.role.value}|{message.complete}|{message.date.isoformat()}\n".encode())
    return digest.hexdigest()


def side_of(message: Message, identity: Identity) -> Side:
    if message.role is Role.SENT or (message.sender is not None and message.sender.email in identity.addresses):
        return Side.ME
    return Side.HIRING


def _hiring_zone(hiring: Sequence[Message], mine: Sequence[dt.datetime]) -> clock.ZoneChoice:
    humans = [m for m in hiring if m.sender and not senders.is_automated(m.sender.email)]
    # a scheduling tool writes the booking in the invitee's zone (the user's), not the hiring side's
    own = [m for m in hiring if not (humans and m.sender and senders.is_scheduling_tool(m.sender.email))]
    return clock.hiring_zone([(m.author_text, m.date) for m in own], [e.zone for m in own for e in m.calendar],
                             [m.date for m in reversed(humans or list(hiring))], mine)


def _names_interview(message: Message) -> bool:
    return phrases.first("interview", message.subject + "\n" + message.author_text) is not None


def _about_interview(sided: Sequence[tuple[Message, Side]]) -> rule_rounds.AboutInterview:
    """Whether a message arranges an interview: it says so, or it arranges a call in a thread about a
    job, or it answers such a message."""
    hiring_text = "\n".join(m.subject + "\n" + m.author_text for m, side in sided if side is Side.HIRING)
    about_job = phrases.first("job", hiring_text) is not None or any(
        m.sender is not None and senders.ats_name(m.sender.email) for m, side in sided if side is Side.HIRING)
    context_ids: set[str] = set()
    for message, _ in sided:
        words = message.subject + "\n" + message.author_text
        if _names_interview(message) or (about_job and phrases.first("meeting", words)):
            context_ids.add(message.message_id)

    def about(message: Message) -> bool:
        if message.message_id in context_ids:
            return True
        return any(a in context_ids for a in (message.in_reply_to or "", *message.references)) or bool(
            context_ids and any(m.date < message.date and m.message_id in context_ids for m, _ in sided))

    return about


def _company(hiring: Sequence[Message], contact: str) -> tuple[str, str]:
    """A readable company name and the key that identifies it (its registrable domain).

    A business domain names the company; an applicant-tracking system's display name does too
    ("Glasswing Health <noreply@...>"). A person writing from a personal mailbox names nobody's
    company: the name stays empty and the key is their address.
    """
    for address in [contact] + [a.email for m in reversed(hiring) for a in (m.reply_to + ((m.sender,) if m.sender else ()))]:
        if address and not senders.is_free_mail(address) and not senders.is_automated(address):
            domain = address.rpartition("@")[2]
            return senders.company_name_from_domain(domain), senders.registrable_domain(domain)
    for message in reversed(hiring):
        if message.sender and message.sender.name and senders.is_automated(message.sender.email):
            name = message.sender.name.split(" via ")[0].strip()
            return name, name.lower()
    return "", contact
