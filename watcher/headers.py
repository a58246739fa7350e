"""A header block -> `Envelope`: what the index and triage read of every message. Pure.

Every message of a mailbox passes through here once (100,000 of them on a first scan), so this is
a small reader of the few fields the index needs, not the stdlib's full parser: lines are unfolded
once, names matched case-insensitively, and the expensive decoders (RFC 2047 encoded words, quoted
display names) run only on values that need them. It never raises: an unreadable field is empty.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.utils
import re

from watcher import dates
from watcher.model import Address, Envelope

# The fields fetched for every message (IMAP `BODY.PEEK[HEADER.FIELDS (...)]`): who, when, which
# conversation, and the markers of bulk and automatic mail.
FIELDS = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
          "List-Id", "List-Unsubscribe", "Precedence", "Auto-Submitted", "Content-Type", "X-Autoreply",
          "X-Autorespond", "X-Auto-Response-Suppress", "Content-Transfer-Encoding")

_WANTED = frozenset(name.lower() for name in FIELDS)
_FOLD = re.compile(r"\r?\n[ \t]+")
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,998}>")
# "Name <a@b>" or a bare "a@b": the shapes nearly every address takes; anything else goes to the stdlib
_SIMPLE_ADDRESS = re.compile(r'\s*(?:"?([^"<>,;\\]*?)"?\s*)?<?([^\s<>,;"@]+@[^\s<>,;"@]+?)>?\s*')
_MAX_REFERENCES = 100  # a References chain longer than this says nothing more about the thread


def fields(block: bytes) -> dict[str, str]:
    """The wanted fields of a header block, unfolded; the first occurrence of each wins."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("latin-1")  # RFC 6532 allows UTF-8; anything else is mojibake either way
    found: dict[str, str] = {}
    for line in _FOLD.sub(" ", text).split("\n"):
        name, colon, value = line.partition(":")
        if not colon:
            continue
        key = name.strip().lower()
        if key in _WANTED and key not in found:
            found[key] = value.strip()
    return found


def read(block: bytes, fallback_date: dt.datetime | None = None) -> Envelope:
    """The envelope of a header block; `fallback_date` (INTERNALDATE) when the Date header is unreadable."""
    values = fields(block)
    sender = addresses(values.get("from", ""))
    content_type = " ".join(values.get("content-type", "").lower().split())
    precedence = values.get("precedence", "").lower()
    auto = values.get("auto-submitted", "").lower()
    subject = decoded(values.get("subject", ""))
    return Envelope(
        message_id=_first_id(values.get("message-id", "")) or "",
        date=dates.header_datetime(values.get("date")) or fallback_date,
        sender=Address(email=sender[0][0], name=sender[0][1]) if sender else None,
        to=tuple(a for a, _ in addresses(values.get("to", ""))),
        cc=tuple(a for a, _ in addresses(values.get("cc", ""))),
        reply_to=tuple(a for a, _ in addresses(values.get("reply-to", ""))),
        subject=subject,
        in_reply_to=_first_id(values.get("in-reply-to", "")),
        references=tuple(_MESSAGE_ID.findall(values.get("references", "")))[-_MAX_REFERENCES:],
        bulk=bool(values.get("list-id") or values.get("list-unsubscribe")) or precedence in {"bulk", "list", "junk"},
        automatic=(bool(auto) and auto != "no") or precedence == "auto_reply"
        or bool(values.get("x-autoreply") or values.get("x-autorespond"))
        or values.get("x-auto-response-suppress", "").lower() in {"all", "oof"}
        or subject.lower().startswith(("automatic reply", "auto-reply", "autoreply", "out of office")),
        content_type=content_type,
        transfer_encoding=values.get("content-transfer-encoding", "").strip().lower(),
    )


def decoded(value: str) -> str:
    """A header value with RFC 2047 encoded words decoded; never raises (bogus charsets included)."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        parts = email.header.decode_header(value)
    except (ValueError, LookupError, AssertionError):
        return " ".join(value.split())
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "utf-8", errors="replace"))
        except LookupError:
            out.append(chunk.decode("utf-8", errors="replace"))
    return " ".join("".join(out).split())


def addresses(value: str) -> list[tuple[str, str]]:
    """(address, display name) pairs of an address header, addresses lower-cased."""
    if not value:
        return []
    if "=?" in value:
        value = decoded(value)
    if "," not in value and '"' not in value and "(" not in value and ";" not in value:
        match = _SIMPLE_ADDRESS.fullmatch(value)
        if match:
            return [(match.group(2).lower(), (match.group(1) or "").strip())]
    found = []
    for name, address in email.utils.getaddresses([value]):
        address = address.strip().strip("<>").lower()
        if "@" in address:
            found.append((address, name.strip()))
    return found


def _first_id(value: str) -> str | None:
    match = _MESSAGE_ID.search(value)
    return match.group(0) if match else None
