"""Raw mail bytes -> `model.Message`, whatever the bytes.

Owns: addresses (lower-cased), the Date in the sender's own UTC offset, the plain text of the body
(text/plain, or HTML turned to text), the author's own words separated from quoted history,
forwarded parts and the signature, text/calendar parts, and the auto-reply / bulk markers.
Pure: bytes in, value out. A part that cannot be read is left out and the rest is kept (a bogus
charset reads as UTF-8 or Windows-1252, a broken date falls back to the server's); `safe_parse`
is the scan's entry point and turns anything still unexpected into a reason instead of a crash.
"""

from __future__ import annotations

import binascii
import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import logging
import re
import traceback
from email.message import Message as StdMessage
from pathlib import Path

from rules import senders
from rules.dates import header_date
from watcher import calendar_parts, mimeparts, textzones, versions
from watcher.model import Address, Message, Role
from watcher.sources import Fetched

log = logging.getLogger(__name__)


PARSER_VERSION = versions.parser_version()

# RFC 5322 3.6.4 msg-id: printable ASCII only, so an id can never carry a line break or an encoded word
# into the References of a draft. 900 keeps a References line of one id under the 998-octet limit.
_MESSAGE_ID = re.compile(r"<[!-;=?-~]{1,900}>")
_MAX_REFERENCES = 100
_SUBJECT_CAP = 1000
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,80})\?([qQbB])\?([^?\s]*)\?=")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_ADDR_SPEC = re.compile(r"[^\s<>(),;:\"\[\]\\@]{1,64}@[^\s<>(),;:\"\[\]\\@]{1,253}")
# The shapes nearly every address field takes: "Name <local@domain>" or a bare "local@domain", a few
# separated by commas. For these `_simple_pairs` gives what email.utils.getaddresses would, at a tenth of
# its cost (tests/unit/test_parse_addresses.py compares the two); anything else (quotes, comments,
# groups, routes, stray specials) goes to getaddresses. The atoms are its own: no RFC 5322 specials, no
# white space; a display name's words may hold dots. Unambiguous (no class holds a space, and a dot
# separates the atoms of an address), so linear.
_ATOM = r'[^\x00-\x20()<>@,:;."\[\]\\\x7f]++'
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*+"
_PLAIN_ADDRESS = rf"{_DOT_ATOM}@{_DOT_ATOM}"
_NAME_WORD = r'[^\x00-\x20()<>@,:;"\[\]\\\x7f]++'
_SIMPLE_ADDRESS = re.compile(rf"(?:({_NAME_WORD}(?: {_NAME_WORD})*+) ?)?<({_PLAIN_ADDRESS})>|({_PLAIN_ADDRESS})")
# every field `parse` reads (lower-case); the others (Received, DKIM-Signature...) are not unfolded
_READ_FIELDS = frozenset({"from", "to", "cc", "reply-to", "subject", "date", "message-id", "in-reply-to",
                          "references", "precedence", "list-id", "list-unsubscribe", "auto-submitted",
                          "x-auto-response-suppress", "x-autoreply", "x-autorespond"})
_BLANK_LINE = re.compile(rb"\n\r?\n")
_OLDEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
_NEWEST = dt.datetime(3000, 1, 1, tzinfo=dt.UTC)


def safe_parse(fetched: Fetched, account: str, me: frozenset[str]) -> tuple[Message | None, str]:
    """`parse`, or (None, reason) when a message still cannot be read: the scan stores the reason for
    `status` and moves on. The reason names the exception type and the code that raised it, never the
    mail's own text."""
    try:
        return parse(fetched, account, me), ""
    except Exception as exc:  # noqa: BLE001 - one hostile message must never stop a scan (issue #8)
        reason = f"unreadable: {type(exc).__name__} in {_stage(exc)}"
        log.warning("a message could not be parsed (%s)", reason)
        return None, reason


def _stage(exc: BaseException) -> str:
    """The innermost function of ours on the traceback, e.g. "textzones.split"."""
    here = Path(__file__).resolve().parent
    ours = [frame for frame in traceback.extract_tb(exc.__traceback__) if Path(frame.filename).parent == here]
    return f"{Path(ours[-1].filename).stem}.{ours[-1].name}" if ours else "parse"


def parse(fetched: Fetched, account: str, me: frozenset[str]) -> Message:
    """Parse one fetched message. `me` holds the user's own addresses (lower-case)."""
    raw = fetched.raw
    headers = _Fields(mimeparts.header_pairs(_header_text(_header_block(raw)), _READ_FIELDS))
    sender = _first(_addresses(headers, "From"))
    date = _date(headers.get("Date"), fetched.internal_date)
    message_id = _message_id(header_text(headers.get("Message-ID"))) or _synthetic_id(raw)
    role = fetched.role
    if role is Role.INBOX and sender is not None and sender.email in me:
        # the user's own mail seen in the Inbox (a Bcc to self, a forward from work): it is theirs
        role = Role.SENT
    parts = mimeparts.read(raw) if fetched.complete else mimeparts.Parts()
    text = textzones.choose_text("\n".join(parts.plain), "\n".join(parts.html))
    # a meeting forwarded by anyone but the user is their statement of it; the user's forward is history
    zones = textzones.split(text, appointments=role is not Role.SENT)
    calendars = tuple(event for data, method in parts.calendars for event in calendar_parts.parse_ics(data, method))
    return Message(
        account=account,
        message_id=message_id,
        role=role,
        date=date,
        sender=sender,
        to=tuple(_addresses(headers, "To")),
        cc=tuple(_addresses(headers, "Cc")),
        reply_to=tuple(_addresses(headers, "Reply-To")),
        subject=(subject := header_text(headers.get("Subject")))[:_SUBJECT_CAP],
        # decoded first: drafts of earlier versions wrote long ids as encoded words (#12), and the
        # user's Sent copies of them still thread the conversation
        in_reply_to=_message_id(header_text(headers.get("In-Reply-To"))),
        references=tuple(_MESSAGE_ID.findall(header_text(headers.get("References"))))[-_MAX_REFERENCES:],
        text=text,
        author_text=zones.author,
        signature=zones.signature,
        calendar=calendars,
        auto_submitted=_is_automatic(headers, subject, sender),
        bulk=is_bulk(headers),
        provider_thread_id=fetched.provider_thread_id,
        complete=fetched.complete,
    )


def header_fields(header_block: bytes) -> StdMessage:
    """Parse a header block (see `_header_text` for how its bytes are read)."""
    return mimeparts.header_message(_header_text(header_block))


class _Fields:
    """A header block's fields by lower-cased name, each name's values in order: what `get` and
    `get_all` of the stdlib's Message (compat32) answer, without its scan of every field per question.
    Holds only the fields of `_READ_FIELDS`; asking for another is a mistake in this module, not an
    absent field, and raises."""

    __slots__ = ("_values",)

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        fetch = email.policy.compat32.header_fetch_parse
        self._values: dict[str, list[object]] = {}
        for name, value in pairs:
            # compat32 hands back a value as it is unless it holds surrogates, which ASCII cannot
            self._values.setdefault(name.lower(), []).append(value if value.isascii() else fetch(name, value))

    def get(self, name: str, default: object = None) -> object:
        found = self.get_all(name)
        return found[0] if found else default

    def get_all(self, name: str) -> list[object] | None:
        key = name.lower()
        if key not in _READ_FIELDS:
            raise KeyError(f"{name} is not read: add it to parse._READ_FIELDS")
        return self._values.get(key)


def _header_text(header_block: bytes) -> str:
    """A header block as text. Raw UTF-8 in headers is allowed (RFC 6532), so each line is read as UTF-8
    (Windows-1252 for a line that is not) instead of letting the parser turn it into replacement
    characters; NULs and absurdly long fields are dropped."""
    lines = []
    for line in header_block.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return mimeparts.trim_fields("\n".join(lines))


def is_bulk(headers: _Fields) -> bool:
    """Mailing-list and bulk markers (RFC 2369 List-*, RFC 2919 List-Id, Precedence)."""
    precedence = str(headers.get("Precedence", "")).strip().lower()
    return bool(headers.get("List-Id") or headers.get("List-Unsubscribe")) or precedence in {"bulk", "list", "junk"}


def header_text(value: object) -> str:
    """A header's text with its RFC 2047 encoded words decoded, on one line: whitespace runs (line
    breaks included) become one space and control characters are dropped. A word in an unknown or
    bogus charset is read as UTF-8, then Windows-1252; a broken one is kept as it stands."""
    if value is None:
        return ""
    text = str(value)
    if "=?" in text:  # else there is no encoded word to look for
        pieces: list[str] = []
        position = 0
        for match in _ENCODED_WORD.finditer(text):
            between = text[position:match.start()]
            if position == 0 or between.strip():  # RFC 2047 6.2: space between two encoded words is not text
                pieces.append(between)
            pieces.append(_decode_word(match))
            position = match.end()
        pieces.append(text[position:])
        text = "".join(pieces)
    # split() and \s take the same characters for white space: runs become one space, none at the ends
    return " ".join(_CONTROL.sub("", text).split())


def _decode_word(match: re.Match[str]) -> str:
    charset, encoding, encoded = match.group(1).partition("*")[0], match.group(2).lower(), match.group(3)
    data = encoded.encode("utf-8", errors="replace")
    decoded = binascii.a2b_qp(data, header=True) if encoding == "q" else mimeparts.base64_bytes(data)
    return mimeparts.decode_text(decoded, charset)


def _is_automatic(headers: _Fields, subject: str, sender: Address | None) -> bool:
    # RFC 3834: Auto-Submitted other than "no"; plus the de-facto vacation markers of common servers.
    # An applicant-tracking system's "auto-generated" mail is the hiring side's word (the interview
    # confirmed, "our team is unable to respond to status inquiries"), not a responder's
    auto = str(headers.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return not (auto.startswith("auto-generated") and sender is not None
                    and senders.is_recruiting_system(sender.email))
    suppress = str(headers.get("X-Auto-Response-Suppress", "")).lower()
    if headers.get("X-Autoreply") or headers.get("X-Autorespond") or suppress in {"all", "oof"}:
        return True
    precedence = str(headers.get("Precedence", "")).strip().lower()
    if precedence == "auto_reply":
        return True
    return subject.lower().startswith(("automatic reply", "auto-reply", "autoreply", "out of office", "out of the office"))


def _header_block(raw: bytes) -> bytes:
    # what re.search(rb"\r?\n\r?\n") ends at, found from the first "\n" (the regex's literal prefix)
    # instead of trying the optional "\r" at every byte
    found = _BLANK_LINE.search(raw)
    return raw if found is None else raw[: found.end()]


def _addresses(headers: _Fields, name: str) -> list[Address]:
    values = [header_text(v) for v in headers.get_all(name) or []]
    pairs = _simple_pairs(values)
    if pairs is None:
        try:
            pairs = email.utils.getaddresses(values)
        except (ValueError, IndexError, TypeError):  # the stdlib's address parser on hostile input
            return []
    result = []
    for display, address in pairs:
        address = address.strip().strip("<>").lower()
        if _ADDR_SPEC.fullmatch(address):
            result.append(Address(email=address, name=_SPACE.sub(" ", display).strip().strip('"')[:200]))
    return result


def _simple_pairs(values: list[str]) -> list[tuple[str, str]] | None:
    """(display name, address) of each address when every one has a simple shape (see _SIMPLE_ADDRESS),
    else None. Blank pieces between commas give nothing (getaddresses gives ('', ''), dropped below)."""
    pairs = []
    for value in values:
        for piece in value.split(","):
            piece = piece.strip(" ")
            if not piece:
                continue
            match = _SIMPLE_ADDRESS.fullmatch(piece)
            if match is None:
                return None
            pairs.append((match.group(1) or "", match.group(2) or match.group(3)))
    return pairs


def _first(addresses: list[Address]) -> Address | None:
    return addresses[0] if addresses else None


def _message_id(value: object) -> str | None:
    if value is None:
        return None
    match = _MESSAGE_ID.search(str(value))
    return match.group(0) if match else None


def _synthetic_id(raw: bytes) -> str:
    # Some mail has no Message-ID; a content hash keeps it stable across scans.
    return "<synthetic-" + hashlib.sha256(raw).hexdigest()[:32] + "@followup-watcher.invalid>"


def _date(value: object, fallback: dt.datetime | None) -> dt.datetime:
    parsed = header_date.header_datetime(value)
    if parsed is None or not _OLDEST <= parsed <= _NEWEST:
        # A date at the ends of the calendar is a broken one, and would overflow the rules' arithmetic
        parsed = fallback if fallback is not None else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return parsed
