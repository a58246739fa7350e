"""A follow-up + its template -> the draft as an `email.message.EmailMessage`. Pure.

Threaded as a reply to the thread's last message (In-Reply-To / References, RFC 5322 section
3.6.4), `Re:` subject, from the user's own address, Date from the injected clock. The Message-ID is
chosen by the caller and recorded before the draft is written, so a retry finds the same draft.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from importlib import resources
from pathlib import Path

from rules import banned
from rules import names as rule_names
from rules.dates import zones
from watcher import draftheaders, draftwords, errors
from watcher.model import Address, Detection, FollowUp, Kind

log = logging.getLogger(__name__)

_RE_PREFIX = re.compile(r"^((re|fwd?|aw|sv|tr)\s*(\[\d+\])?\s*:\s*)+", re.I)
# control characters, Unicode line breaks and lone surrogates (which encode back to any byte, CR and LF too)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029\ud800-\udfff]")
_ADDR_SPEC = re.compile(r"[!#-'*+\-/-9=?A-Z^-~.]{1,64}@[A-Za-z0-9.\-]{1,253}")  # dot-atom@domain, RFC 5322 3.4.1
_SUBJECT_CAP = 900  # with "Subject: Re: " under the 998-octet line limit (RFC 5322 2.1.1)
_MAX_REFERENCES = 50  # a References line that long is already more than any client reads
_PLACEHOLDERS = frozenset({
    "first_name", "my_name", "company", "role", "the_role", "for_the_role", "at_company", "company_or_team", "thanks", "on_day",
    "on_date", "interview", "the_conversation", "interviewers", "with_interviewers", "pass_thanks", "next_step",
    "timeline_question", "when_phrase"})


@dataclass(frozen=True)
class Templates:
    """The three bodies, each a `str.format` template over `_PLACEHOLDERS`."""

    bodies: dict[Kind, str]
    # other languages' bodies and words (watcher/templates/<language>/): a thread's drafts are in its language
    languages: dict[str, draftwords.Language] = field(default_factory=dict)

    @classmethod
    def load(cls, override_dir: str = "") -> Templates:
        bodies: dict[Kind, str] = {}
        for kind in Kind:
            name = f"{kind.value}.txt"
            custom = Path(override_dir) / name if override_dir else None
            if custom is not None and custom.is_file():
                text = custom.read_text(encoding="utf-8")
                _check_user_template(custom, text)
            else:
                text = resources.files("watcher").joinpath("templates", name).read_text(encoding="utf-8")
            bodies[kind] = text
        return cls(bodies, draftwords.load(override_dir, _check_user_template))


def _check_user_template(path: Path, text: str) -> None:
    unknown = {field for _, field, _, _ in string.Formatter().parse(text) if field} - _PLACEHOLDERS
    if unknown:
        raise errors.UserError(
            f"{path}: unknown placeholder(s) {', '.join(sorted(unknown))} — use only {', '.join(sorted(_PLACEHOLDERS))}")
    phrase = banned.find(text)
    if phrase:
        log.warning("%s says %r: a follow-up must not mention not hearing back or waiting (POLICY.md)", path, phrase)


def new_message_id(domain: str) -> str:
    return f"<followup-watcher.{uuid.uuid4().hex}@{domain or 'localhost'}>"


# The words the placeholders are built from, one table per language: a language's templates come
# with its own table (same keys; `str.format` fields as in the English one).
ENGLISH: Mapping[str, str] = {
    "there": "there",  # the greeting when the contact's name is unknown
    "the_role": "the {role} role", "no_role": "the role", "at_company": " at {company}", "the_team": "the team",
    "on_weekday": " on {weekday}", "on_date": " on {month} {day}",
    "interview": "interview", "nth_interview": "{ordinal}-round interview", "nth_label": "{ordinal} {label}",
    "my": "my {noun}",
    "held": "Thank you for taking the time to speak with me{on_day}{about_it}.",
    "held_again": "Thank you for taking the time for my {noun}{on_day}; it was good to speak with you again{about_it}.",
    "arranged_with": "Thank you for arranging my {noun} with {people}{on_day}{for_it}.",
    "arranged": "Thank you for arranging my {noun}{on_day}{for_it}.",
    "neutral": "Thank you for the {noun}{on_day}{for_it}.",
    "about_it": " about {about}", "for_it": " for {about}",
    "our_conversation": "our conversation", "conversation_with": "the conversation with {people}",
    "the_conversation": "the conversation",
    "pass_thanks": " Please pass my thanks on to {people} as well.", "with_people": " with {people}",
    "next_steps": "the next steps", "decision": "the decision",
    "ask_next_steps": " I would be glad to hear about the next steps whenever you are able to share them.",
    "ask_timeline": " If you are able to share it, I would appreciate knowing the timeline for your decision.",
    "and": " and ", "comma": ", ", "recently": "recently",
    "ordinals": "first second third fourth fifth sixth",
    "weekdays": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "months": "January February March April May June July August September October November December",
}


def render(followup: FollowUp, detection: Detection, my_name: str, templates: Templates, now: dt.datetime,
           zone: dt.tzinfo | None = None, words: Mapping[str, str] = ENGLISH) -> str:
    """The draft's text: the kind's template filled with what this thread and this round call things."""
    language = templates.languages.get(detection.language)
    if language is not None:  # a thread in German, French, Spanish...: its own templates and words
        return _saluted(draftwords.render(language, followup, detection, my_name, now), detection)
    values = placeholders(followup, detection, my_name, now, zone, words)
    return _saluted(templates.bodies[followup.kind].format_map(values).strip() + "\n", detection)


def _saluted(text: str, detection: Detection) -> str:
    """The text opening as the user opened their own mail to the contact ("Sehr geehrte Frau Hartmann,"),
    when they greeted them by honorific and surname: the template's greeting line (the first, naming the
    contact's first name) gives way to it."""
    contact = detection.contact
    if not detection.salutation or contact is None:
        return text
    first = detection.greeting or rule_names.first_name(contact.name, contact.email)
    head, newline, rest = text.partition("\n")
    if not first or first not in head or len(head) > len(first) + 30:
        return text
    return detection.salutation + newline + rest


def placeholders(followup: FollowUp, detection: Detection, my_name: str, now: dt.datetime,
                 zone: dt.tzinfo | None = None, words: Mapping[str, str] = ENGLISH) -> dict[str, str]:
    """Every placeholder's value (docs/templates.md lists them). Names come only as the hiring side
    wrote them; where the mail is silent the words are neutral ("the role", "the team"), never guessed.
    Day words stay true for a day or two: no "today" or "yesterday" (the user may send it tomorrow),
    the weekday within the last week, else the date, as the hiring side's calendar shows it (POLICY.md:
    dates are the hiring side's; a 9:00 interview in Singapore was on Tuesday there, though Monday evening
    in New York). `zone` (default: the local zone) is for a detection that knows no zone of theirs."""
    contact = detection.contact
    first = (detection.greeting or rule_names.first_name(contact.name, contact.email)) if contact else ""
    round_ = next((r for r in detection.rounds if r.index == followup.round_index), None)
    if detection.zone or detection.timezone_offset_minutes:
        zone = zones.named_zone(detection.zone, detection.timezone_offset_minutes)
    zone = zone or now.astimezone().tzinfo or dt.UTC
    on_day = on_date = ""
    if round_ is not None and round_.start is not None:
        held, today = round_.start.astimezone(zone), now.astimezone(zone).date()
        days = (today - held.date()).days
        on_date = words["on_date"].format(month=words["months"].split()[held.month - 1], day=held.day)
        on_day = "" if days <= 0 else (
            words["on_weekday"].format(weekday=words["weekdays"].split()[held.weekday()]) if days < 7 else on_date)
    company = detection.company_name
    role = detection.role_title
    the_role = words["the_role"].format(role=role) if role else words["no_role"]
    at_company = words["at_company"].format(company=company) if company else ""
    index = round_.index if round_ is not None else followup.round_index
    noun = round_.label if round_ is not None and round_.label else words["interview"]
    earlier = [r for r in detection.rounds if r.index < index]
    ordinals = words["ordinals"].split()
    if any((r.label or words["interview"]) == noun for r in earlier) and index < len(ordinals):
        # a later round is never thanked in the words of an earlier one
        noun = (words["nth_interview"].format(ordinal=ordinals[index]) if noun == words["interview"] else
                words["nth_label"].format(ordinal=ordinals[index], label=noun))
    people = [p for p in (round_.interviewers if round_ else ()) if p]
    contact_key = rule_names.fold(contact.name) if contact and contact.name else "\0"
    contact_first = rule_names.fold(first) if first else "\0"

    # "J. Ramirez" who signs "Josefina" is the "Josefina Ramirez" of the invite
    initial = contact.name.split() if contact and contact.name else []
    initial_key = (rule_names.fold(initial[0])[:1], rule_names.fold(initial[-1])) \
        if len(initial) >= 2 and len(rule_names.fold(initial[0])) == 1 else None

    def is_contact(person: str) -> bool:  # "Hannah Lindqvist", or "Hannah" alone, is the contact herself
        key = rule_names.fold(person)
        words = person.split()
        return key == contact_key or (" " not in person.strip() and key == contact_first) or (
            initial_key is not None and len(words) >= 2
            and (rule_names.fold(words[0])[:1], rule_names.fold(words[-1])) == initial_key)

    # a recruiter screen with nobody else named is the recruiter's own call
    contact_held = any(is_contact(p) for p in people) or (
        not people and round_ is not None and _RECRUITERS_OWN.search(round_.label or "") is not None)
    others = [p for p in people if not is_contact(p)][:4]  # a panel of four is thanked whole; more are a list
    thanked = [rule_names.first_name(p, "") or p for p in others]
    coordinator = rule_names.is_coordinator(detection.contact_role)
    # with neither a role nor a company the mail named, a sentence ends before "for the role": a hiring
    # manager reads "Thank you for the interview on Tuesday.", not "... for the role."
    about = f"{the_role}{at_company}" if role or company else ""
    for_it = words["for_it"].format(about=about) if about else ""
    fields = {"on_day": on_day, "about": about, "noun": noun, "people": _and(others, words), "for_it": for_it,
              "about_it": words["about_it"].format(about=about) if about else ""}
    if contact_held and not (coordinator and others):
        thanks = words["held_again" if earlier else "held"].format_map(fields)
        conversation = words["our_conversation"]
    elif others:
        thanks = words["arranged_with"].format_map(fields)
        conversation = words["conversation_with"].format(people=_and(thanked, words))
    else:
        thanks = words["arranged" if coordinator else "neutral"].format_map(fields)
        conversation = words["the_conversation"]
    early = round_ is not None and round_.stage == "early"
    ask = ""
    if followup.kind is Kind.THANK_YOU and round_ is not None and round_.deadline.basis == "default":
        ask = words["ask_next_steps" if early else "ask_timeline"]
    return {
        "first_name": first or words["there"],
        "my_name": my_name,
        "company": company,
        "role": role,
        "the_role": the_role,
        "for_the_role": for_it,
        "at_company": at_company,
        "company_or_team": company or words["the_team"],
        "thanks": thanks,
        "on_day": on_day,
        "on_date": on_date,
        "interview": words["my"].format(noun=noun),
        "the_conversation": conversation,
        "interviewers": _and(others, words),
        "with_interviewers": words["with_people"].format(people=_and(thanked, words)) if thanked else "",
        "pass_thanks": words["pass_thanks"].format(people=_and(thanked, words)) if thanked else "",
        "next_step": words["next_steps" if early else "decision"],
        "timeline_question": ask,
        "when_phrase": on_day.strip() or words["recently"],  # kept for templates written before on_day existed
    }


_RECRUITERS_OWN = re.compile(r"\brecruiter (screen|call|chat|conversation)\b", re.I)


def _and(names: list[str], words: Mapping[str, str]) -> str:
    if len(names) <= 2:
        return words["and"].join(names)
    return words["comma"].join(names[:-1]) + words["and"] + names[-1]


def compose(followup: FollowUp, detection: Detection, my_name: str, my_address: str, message_id: str,
            templates: Templates, now: dt.datetime, zone: dt.tzinfo | None = None) -> EmailMessage:
    """The draft. Nothing read from mail reaches a header unchecked: ids must be msg-ids (else left
    out), names and the subject lose line breaks and control characters, and the header set is
    always From, To (when a recipient is writable), Subject, Date, Message-ID and, for a reply,
    In-Reply-To and References — what the product needs to know about its drafts lives in its state,
    not in a header that would go out to the recruiter."""
    if not draftheaders.MSG_ID.fullmatch(message_id):
        raise ValueError("a draft's Message-ID must be a msg-id")
    message = EmailMessage(policy=draftheaders.POLICY)
    message["From"] = email.utils.formataddr((_one_line(my_name), my_address))
    recipients = [_recipient(a) for a in followup.to]
    if any(recipients):
        message["To"] = ", ".join(r for r in recipients if r)
    subject = _one_line(_RE_PREFIX.sub("", _one_line(detection.reply_subject or detection.subject)))
    message["Subject"] = draftheaders.literal("Re: " + subject[:_SUBJECT_CAP])
    message["Date"] = email.utils.format_datetime(now)
    message["Message-ID"] = message_id
    parent = detection.last_message_id
    if draftheaders.MSG_ID.fullmatch(parent):
        references = [i for i in detection.references if draftheaders.MSG_ID.fullmatch(i)][-_MAX_REFERENCES:]
        message["In-Reply-To"] = parent
        message["References"] = " ".join(references or [parent])
    message.set_content(render(followup, detection, my_name, templates, now, zone))
    return message


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _recipient(address: Address) -> str:
    """`"Name" <addr>` with the name RFC 2047-encoded when needed; "" for an address a header cannot
    carry without SMTPUTF8 (non-ASCII) or that is not one address."""
    if not (address.email.isascii() and _ADDR_SPEC.fullmatch(address.email)):
        return ""
    name = _one_line(address.name)
    if "=?" in name:
        # a bogus encoded word parse left as text: the stdlib writes it back raw and every reader
        # would decode it into anything, a line break included — the address alone is safer
        name = ""
    if name.isascii():
        return Address(address.email, name).formatted()  # always quoted, as the user's client shows it
    return email.utils.formataddr((name, address.email))
