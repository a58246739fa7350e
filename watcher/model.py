"""The values passed between the pipeline's stages: source -> parse -> threads -> detect -> plan -> drafts.

Every record is a frozen dataclass; every datetime is timezone-aware. A `Message` keeps the sender's
own UTC offset in `date` because deadlines ("by Friday") are read in the sender's calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Role(StrEnum):
    """Which of the user's folders a message was read from."""

    INBOX = "inbox"
    SENT = "sent"


class Kind(StrEnum):
    """The three drafts POLICY.md allows per interview round."""

    THANK_YOU = "thank_you"
    FOLLOW_UP = "follow_up"
    SECOND_FOLLOW_UP = "second_follow_up"


class Status(StrEnum):
    """Where a follow-up stands; the values are part of the `status --json` contract."""

    PLANNED = "planned"
    DRAFTED = "drafted"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, order=True)
class Address:
    """A mailbox: `email` is lower-cased so that comparisons are exact."""

    email: str
    name: str = ""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    @property
    def local(self) -> str:
        return self.email.rpartition("@")[0]

    def formatted(self) -> str:
        if not self.name:
            return self.email
        name = self.name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{name}" <{self.email}>'


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT of a text/calendar part (RFC 5545 / iTIP RFC 5546)."""

    uid: str
    sequence: int
    method: str  # REQUEST, CANCEL, PUBLISH, REPLY ... ("" when absent)
    status: str  # CONFIRMED, CANCELLED, TENTATIVE ("" when absent)
    start: dt.datetime | None
    end: dt.datetime | None
    summary: str = ""
    description: str = ""
    organizer: str = ""
    attendees: tuple[Address, ...] = ()
    zone: str = ""  # the IANA zone of its times (TZID, else X-WR-TIMEZONE); "" when UTC or unknown
    floating: bool = False  # RFC 5545 floating times: start/end hold the wall clock, read as UTC until placed


class Envelope(NamedTuple):
    """A message as the index and triage see it: its headers only, addresses lower-cased.

    A named tuple, not a dataclass: one is built for every message of the mailbox (100,000 on a
    first scan), and a tuple costs a tenth as much to build."""

    message_id: str
    sender: str = ""  # the From address ("" when there is none)
    sender_name: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    reply_to: tuple[str, ...] = ()
    subject: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    bulk: bool = False  # List-Id / List-Unsubscribe / Precedence: bulk
    mailing_list: bool = False  # List-Id: a post to a discussion list (RFC 2919), its To/Cc the list's address
    automatic: bool = False  # RFC 3834 Auto-Submitted, vacation responders
    content_type: str = ""  # the top-level Content-Type value, lower-cased
    transfer_encoding: str = ""  # the top-level Content-Transfer-Encoding, lower-cased
    date: str = ""  # the Date header as written (parsed only where a date is needed: `dates.header_datetime`)

    @property
    def links(self) -> tuple[str, ...]:
        """Every message id this one names: itself, its parent and its ancestors."""
        parent = (self.in_reply_to,) if self.in_reply_to else ()
        return (self.message_id, *parent, *self.references)


@dataclass(frozen=True)
class Message:
    """A parsed mail, reduced to what the rules read. Built once by `parse.py`."""

    account: str
    message_id: str  # "<...>" as in the header; synthesized when a message has none
    role: Role
    date: dt.datetime  # aware, in the sender's own UTC offset
    sender: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    reply_to: tuple[Address, ...] = ()
    subject: str = ""
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    text: str = ""  # the whole body as plain text
    author_text: str = ""  # what the author wrote in this message: no quotes, forwards or signature
    signature: str = ""
    calendar: tuple[CalendarEvent, ...] = ()
    auto_submitted: bool = False  # RFC 3834 Auto-Submitted, vacation responders
    bulk: bool = False  # List-Id / List-Unsubscribe / Precedence: bulk
    mailing_list: bool = False  # List-Id: a post to a discussion list (RFC 2919), its To/Cc the list's address
    provider_thread_id: str | None = None  # Gmail's threadId / X-GM-THRID
    complete: bool = True  # False when only the headers were fetched

    @property
    def all_recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc


@dataclass(frozen=True)
class Thread:
    """A conversation: its messages in date order. `thread_id` is stable across scans."""

    thread_id: str
    account: str
    messages: tuple[Message, ...]

    @property
    def subject(self) -> str:
        return self.messages[0].subject if self.messages else ""

    @property
    def last(self) -> Message:
        return self.messages[-1]


@dataclass(frozen=True)
class Deadline:
    """When the hiring side said it would decide. `basis`: stated | default | vague."""

    date: dt.date | None
    basis: str
    stated_at: dt.datetime | None = None
    sentence: str = ""
    message_id: str = ""


@dataclass(frozen=True)
class Round:
    """One interview event (a multi-interview onsite day is one round)."""

    index: int
    start: dt.datetime | None
    minutes: int
    scheduled_at: dt.datetime
    source: str  # human-readable: where the time came from
    deadline: Deadline
    deadline_history: tuple[Deadline, ...] = ()
    interviewers: tuple[str, ...] = ()  # who held it, as the mail names them (the contact too, when they did)
    stage: str = ""  # "early" (a screen: ask about next steps) | "final" (ask about the decision) | "" (unknown)
    label: str = ""  # what the mail calls it ("phone screen", "technical interview"), lower case; "" when unnamed
    basis: str = ""  # how the round is known: invite | confirmed | proposed | held (after the fact)

    @property
    def end(self) -> dt.datetime | None:
        return None if self.start is None else self.start + dt.timedelta(minutes=self.minutes)


class Side(StrEnum):
    """Who wrote a message, as far as the thread is concerned."""

    ME = "me"
    HIRING = "hiring"
    OTHER = "other"


@dataclass(frozen=True)
class Event:
    """A message of the thread as the etiquette sees it: who, when, and what it changes."""

    at: dt.datetime
    message_id: str
    side: Side
    automatic: bool = False  # an auto-reply: not "hearing back"
    decision: str = ""  # offer | rejection | on_hold (the hiring side's) | withdrawn (the user's)
    no_followup: bool = False
    return_date: dt.date | None = None  # an out-of-office's "back on"
    sentence: str = ""  # the sentence that carried the decision / request
    advanced: bool = False  # the hiring side took the user on to another round (its time may be unknown yet)


@dataclass(frozen=True)
class ThreadRef:
    """One thread of a hiring process, as `status` lists it."""

    thread_id: str
    subject: str
    message_ids: tuple[str, ...]


@dataclass(frozen=True)
class Detection:
    """What detection concluded about one hiring process (its threads read as one), with the reasons a
    human can check. `thread_id` is the process's id: the id of the thread that names it."""

    thread_id: str
    account: str
    subject: str
    is_interview: bool
    why: tuple[str, ...]
    company: str = ""  # for status and logs: the company's written name, else one read off its domain
    company_name: str = ""  # for drafts: only as the hiring side writes it ("" when the mail never says)
    company_key: str = ""  # registrable domain, for company-wide "no follow-ups"
    contact: Address | None = None
    contact_why: str = ""
    contact_role: str = ""  # the contact's own job, from their signature ("Technical Recruiter")
    greeting: str = ""  # the name the contact goes by when not their display name's first ("Kate")
    salutation: str = ""  # the user's own formal opening to the contact ("Dear Ms. Raman,"): the drafts' first line
    role_title: str = ""
    rounds: tuple[Round, ...] = ()
    events: tuple[Event, ...] = ()
    message_ids: tuple[str, ...] = ()
    last_message_id: str = ""
    references: tuple[str, ...] = ()  # the References chain a reply to the thread carries
    reply_subject: str = ""  # the subject of the message a draft replies to
    timezone_offset_minutes: int = 0  # the hiring side's UTC offset when they last wrote (see `zone`)
    zone: str = ""  # the hiring side's IANA zone ("Europe/Berlin"; "UTC+05:30" when only an offset is known)
    override: str = ""  # "ignore" | "track" when the user forced the verdict
    my_address: str = ""  # the user's address the hiring side wrote to: drafts come from it
    language: str = "en"  # the thread's language (rules/language.py): the drafts' language
    threads: tuple[ThreadRef, ...] = ()  # the threads of the hiring process this detection is about
    # the registrable domains the hiring side wrote from, robots' own included (a company's careers
    # no-reply): a decision in a thread of its own still reaches the company's process
    domains: tuple[str, ...] = ()

    @property
    def no_followup_event(self) -> Event | None:
        return next((e for e in self.events if e.no_followup), None)

    @property
    def decision_event(self) -> Event | None:
        return next((e for e in self.events if e.decision), None)


@dataclass(frozen=True)
class FollowUp:
    """A planned draft and its fate. `followup_id` is deterministic: thread, round, kind."""

    followup_id: str
    thread_id: str
    account: str
    round_index: int
    kind: Kind
    due: dt.datetime | None
    status: Status
    reason: str
    to: tuple[Address, ...] = ()
    draft_message_id: str = ""
    drafted_at: dt.datetime | None = None
    deadline: dt.date | None = None  # the deadline a follow-up was based on ("original deadline")
    fate: str = ""  # what became of our draft: present | sent | deleted | edited | withdrawn
    body_digest: str = ""  # sha256 of the body we wrote, to tell an edited draft from ours
    writing: bool = False  # recorded before the write, cleared after: a crash in between is retried safely


@dataclass(frozen=True)
class PlanResult:
    """The plan for one thread: the follow-ups, and drafts of ours to withdraw from Drafts."""

    followups: tuple[FollowUp, ...]
    withdraw: tuple[str, ...] = field(default=())  # followup ids whose present draft became obsolete
