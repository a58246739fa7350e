"""A header block -> `Envelope`: what the index and triage read of every message. Pure.

Every message of a mailbox passes through here once (100,000 of them on a first scan), so this is
a small reader of the few fields the index needs, not the stdlib's full parser: the wanted fields
are found line by line in the raw bytes, and the expensive decoders (RFC 2047 encoded
words, quoted display names, unfolding) run only on values that need them. It never raises: an
unreadable field is empty.
"""

from __future__ import annotations

import email.errors
import email.header
import email.utils
import functools
import re

from watcher.model import Envelope

# The fields fetched for every message (IMAP `BODY.PEEK[HEADER.FIELDS (...)]`): who, when, which
# conversation, and the markers of bulk and automatic mail.
FIELDS = ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References",
          "List-Id", "List-Unsubscribe", "Precedence", "Auto-Submitted", "Content-Type", "Content-Transfer-Encoding",
          "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress")

# The wanted fields by their lower-cased names: a line "Name:" (or "Name :", white space before the
# colon) starts one, and lines that start with white space continue it (RFC 5322 section 2.2.3).
_WANTED = {name.lower().encode(): name.lower() for name in FIELDS}
_MESSAGE_ID = re.compile(r"<[^<>\s]{1,998}>")
_MAX_REFERENCES = 100  # a References chain longer than this says nothing more about the thread
_AUTO_SUBJECT = ("automatic reply", "auto-reply", "autoreply", "out of office")


def fields(block: bytes) -> dict[str, str]:
    """The wanted fields of a header block (names lower-cased), unfolded; the first of each wins.

    Line by line with bytes methods, not a regular expression over the block: a block is nearly all
    wanted fields, and a regular expression's engine takes longer over each character of a value than
    these calls take over a line. A CR that does not end a line ends the field's value there (as
    `[^\\r\\n]*` did), and each fold becomes one space."""
    found: dict[str, str] = {}
    lines = block.split(b"\n")
    last = len(lines) - 1
    wanted = _WANTED
    for index, line in enumerate(lines):
        head, colon, value = line.partition(b":")
        if not colon:
            continue
        key = wanted.get(head.rstrip(b" \t").lower())
        if key is None or key in found:
            continue
        value = value.lstrip(b" \t")
        cr = value.find(b"\r")
        if cr >= 0:
            if cr < len(value) - 1:
                index = last  # a CR inside the line: the value ends there, with no continuation
            value = value[:cr]
        parts = None
        while index < last and lines[index + 1][:1] in (b" ", b"\t"):
            index += 1
            part = lines[index]
            cr = part.find(b"\r")
            if cr >= 0:
                if cr < len(part) - 1:
                    index = last
                part = part[:cr]
            if parts is None:
                parts = [value]
            parts.append(part.lstrip(b" \t"))
        if parts is not None:
            value = b" ".join(parts)
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")  # RFC 6532 allows UTF-8; anything else is mojibake either way
        found[key] = text.strip()
    return found


def read(block: bytes) -> Envelope:
    """The envelope of a header block."""
    values = fields(block)
    get = values.get
    sender = _sender(get("from", ""))
    precedence = get("precedence", "").lower()
    auto = get("auto-submitted", "").lower()
    subject = decoded(get("subject", ""))
    references = _ids_text(get("references", ""))
    list_id = get("list-id")
    # positional, in the fields' order: a named tuple built from keywords costs twice as much
    return Envelope(
        _first_id(_ids_text(get("message-id", ""))) or "",  # message_id
        sender[0],  # sender
        sender[1],  # sender_name
        _emails(get("to", "")),  # to
        _emails(get("cc", "")),  # cc
        _emails(get("reply-to", "")),  # reply_to
        subject,
        _first_id(_ids_text(get("in-reply-to", ""))),  # in_reply_to
        tuple(_MESSAGE_ID.findall(references))[-_MAX_REFERENCES:] if references else (),  # references
        bool(list_id or get("list-unsubscribe")) or precedence in ("bulk", "list", "junk"),  # bulk
        bool(list_id),  # mailing_list
        (bool(auto) and auto != "no") or precedence == "auto_reply"  # automatic
        or bool(get("x-autoreply") or get("x-autorespond"))
        or get("x-auto-response-suppress", "").lower() in ("all", "oof")
        or subject.lower().startswith(_AUTO_SUBJECT),
        " ".join(get("content-type", "").lower().split()),  # content_type
        get("content-transfer-encoding", "").strip().lower(),  # transfer_encoding
        get("date", ""),  # date
    )


def _ids_text(value: str) -> str:
    """A Message-ID field's text. A writer that folds long lines may wrap a long id (Exchange's run to 100
    characters and more) in RFC 2047 encoded words, as Python's email package does: they are decoded, else
    the ids are lost and the thread with them."""
    return decoded(value) if "=?" in value else value


_FOLD = re.compile(r"\r?\n(?=[ \t])")  # RFC 5322 2.2.3: a line break before white space


def decoded(value: str) -> str:
    """A header value with RFC 2047 encoded words decoded; never raises (bogus charsets included)."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        # unfolded first: decode_header drops the fold's space after an encoded word ("=?utf-8?q?Ip=C3=AA?=
        # CRLF " Pagamentos" gave "IpêPagamentos"); between two encoded words it is ignored either way
        parts = email.header.decode_header(_FOLD.sub("", value))
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


# The same From, To and Cc values come back all through a mailbox (every newsletter of a sender,
# every message to the user): each distinct value is read once. Long values (a hostile header of a
# megabyte) are read each time, so the caches hold at most 8,192 short strings each.
_CACHED_CHARS = 1000


def _emails(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    return _cached_emails(value) if len(value) <= _CACHED_CHARS else _emails_of(value)


def _emails_of(value: str) -> tuple[str, ...]:
    return tuple(address for address, _ in addresses(value))


_cached_emails = functools.lru_cache(maxsize=8192)(_emails_of)


def _sender(value: str) -> tuple[str, str]:
    """(address, display name) of the first address of a From value; empty ones when there is none."""
    return _cached_sender(value) if len(value) <= _CACHED_CHARS else _sender_of(value)


def _sender_of(value: str) -> tuple[str, str]:
    found = addresses(value)
    return found[0] if found else ("", "")


_cached_sender = functools.lru_cache(maxsize=8192)(_sender_of)


def _first_id(value: str) -> str | None:
    match = _MESSAGE_ID.search(value) if value else None
    return match.group(0) if match else None
