"""A header block -> `Envelope`: what the index and triage read of every message. Pure.

Every message of a mailbox passes through here once (100,000 of them on a first scan), so this is
a small reader of the few fields the index needs, not the stdlib's full parser: one regular
expression finds the wanted fields in the raw bytes, and the expensive decoders (RFC 2047 encoded
words, quoted display names, unfolding) run only on values that need them. It never raises: an
unreadable field is empty.
"""

from __future__ import annotations

import email.errors
import email.header
import email.utils
import re

from watcher.model import Envelope

# The fields fetched for every message (IMAP `BODY.PEEK[HEADER.FIELDS (...)]`): who, when, which
# conversation, and the markers of bulk and automatic mail.
FIELDS = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
          "List-Id", "List-Unsubscribe", "Precedence", "Auto-Submitted", "Content-Type", "Content-Transfer-Encoding",
          "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")

# A wanted field at a line start, with its continuation lines (RFC 5322 section 2.2.3). Linear: a
# continuation must start with a line break and white space, so nothing can be matched two ways.
_FIELD = re.compile(rb"^(" + b"|".join(re.escape(name.encode()) for name in FIELDS) + rb")[ \t]*:[ \t]*"
                    rb"([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)", re.I | re.M)
_FOLD = re.compile(r"\r?\n[ \t]+")
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,998}>")
_MAX_REFERENCES = 100  # a References chain longer than this says nothing more about the thread
_AUTO_SUBJECT = ("automatic reply", "auto-reply", "autoreply", "out of office")


def fields(block: bytes) -> dict[str, str]:
    """The wanted fields of a header block (names lower-cased), unfolded; the first of each wins."""
    found: dict[str, str] = {}
    for name, raw in _FIELD.findall(block):
        key = name.decode("ascii").lower()
        if key in found:
            continue
        try:
            value = raw.decode("utf-8")
        except UnicodeDecodeError:
            value = raw.decode("latin-1")  # RFC 6532 allows UTF-8; anything else is mojibake either way
        found[key] = _FOLD.sub(" ", value).strip() if "\n" in value else value.strip()
    return found


def read(block: bytes) -> Envelope:
    """The envelope of a header block."""
    values = fields(block)
    get = values.get
    sender = addresses(get("from", ""))
    precedence = get("precedence", "").lower()
    auto = get("auto-submitted", "").lower()
    subject = decoded(get("subject", ""))
    references = get("references", "")
    return Envelope(
        message_id=_first_id(get("message-id", "")) or "",
        sender=sender[0][0] if sender else "",
        sender_name=sender[0][1] if sender else "",
        to=_emails(get("to", "")),
        cc=_emails(get("cc", "")),
        reply_to=_emails(get("reply-to", "")),
        subject=subject,
        in_reply_to=_first_id(get("in-reply-to", "")),
        references=tuple(_MESSAGE_ID.findall(references))[-_MAX_REFERENCES:] if references else (),
        bulk=bool(get("list-id") or get("list-unsubscribe")) or precedence in ("bulk", "list", "junk"),
        mailing_list=bool(get("list-id")),
        automatic=(bool(auto) and auto != "no") or precedence == "auto_reply"
        or bool(get("x-autoreply") or get("x-autorespond"))
        or get("x-auto-response-suppress", "").lower() in ("all", "oof")
        or subject.lower().startswith(_AUTO_SUBJECT),
        content_type=" ".join(get("content-type", "").lower().split()),
        transfer_encoding=get("content-transfer-encoding", "").strip().lower(),
        date=get("date", ""),
    )


def decoded(value: str) -> str:
    """A header value with RFC 2047 encoded words decoded; never raises (bogus charsets included)."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        parts = email.header.decode_header(value)
    except (ValueError, LookupError, AssertionError, email.errors.HeaderParseError):
        return " ".join(value.split())
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        try:
            out.append(chunk.decode(charset or "utf-8", errors="replace"))
        except (LookupError, ValueError):
            # an unknown charset, a NUL in its name, a codec that raises whatever `errors` says (idna)
            out.append(chunk.decode("utf-8", errors="replace"))
    return " ".join("".join(out).split())


def addresses(value: str) -> list[tuple[str, str]]:
    """(address, display name) pairs of an address header, addresses lower-cased."""
    if not value:
        return []
    if "=?" in value:
        value = decoded(value)
    if "," not in value and '"' not in value and "(" not in value and ";" not in value:
        # "Name <a@b>" or a bare "a@b": the shapes nearly every address takes
        name, bracket, rest = value.rpartition("<")
        address = rest.partition(">")[0].strip() if bracket else value.strip()
        if "@" in address and " " not in address:
            return [(address.lower(), name.strip())]
    found = []
    for name, address in email.utils.getaddresses([value]):
        address = address.strip().strip("<>").lower()
        if "@" in address:
            found.append((address, name.strip()))
    return found


def _emails(value: str) -> tuple[str, ...]:
    return tuple(address for address, _ in addresses(value)) if value else ()


def _first_id(value: str) -> str | None:
    match = _MESSAGE_ID.search(value) if value else None
    return match.group(0) if match else None
