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
from dataclasses import dataclass, field
from email.message import EmailMessage
from importlib import resources
from pathlib import Path

from rules import banned
from rules import names as rule_names
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
    "first_name", "when_phrase", "the_role", "at_company", "with_interviewers", "timeline_question", "my_name",
    "company", "role"})


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


def render(followup: FollowUp, detection: Detection, my_name: str, templates: Templates, now: dt.datetime) -> str:
    language = templates.languages.get(detection.language)
    if language is not None:  # a thread in German, French, Spanish...: its own templates and words
        return draftwords.render(language, followup, detection, my_name, now)
    contact = detection.contact
    first = rule_names.first_name(contact.name, contact.email) if contact else ""
    round_ = next((r for r in detection.rounds if r.index == followup.round_index), None)
    when = "today"
    if round_ is not None and round_.start is not None:
        zone = dt.timezone(dt.timedelta(minutes=detection.timezone_offset_minutes))
        day = round_.start.astimezone(zone)
        if day.date() != now.astimezone(zone).date():
            when = f"on {day.strftime('%A')}"
    people = [rule_names.first_name(n, "") for n in (round_.interviewers if round_ else ())]
    people = [p for p in people if p and p != first][:2]
    ask = ""
    if followup.kind is Kind.THANK_YOU and round_ is not None and round_.deadline.basis == "default":
        ask = " If you are able to share it, I would appreciate knowing the timeline for your decision."
    values = {
        "first_name": first or "there",
        "when_phrase": when,
        "the_role": f"the {detection.role_title} role" if detection.role_title else "the role",
        "at_company": f" at {detection.company}" if detection.company else "",
        "with_interviewers": f" with {' and '.join(people)}" if people else "",
        "timeline_question": ask,
        "my_name": my_name,
        "company": detection.company,
        "role": detection.role_title,
    }
    return templates.bodies[followup.kind].format_map(values).strip() + "\n"


def compose(followup: FollowUp, detection: Detection, my_name: str, my_address: str, message_id: str,
            templates: Templates, now: dt.datetime) -> EmailMessage:
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
    message.set_content(render(followup, detection, my_name, templates, now))
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
