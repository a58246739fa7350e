"""Raw mail bytes -> `model.Message`. The only importer of mail-parser.

Owns: addresses (lower-cased), the Date in the sender's own UTC offset, the plain text of the body
(text/plain, or HTML turned to text), the author's own words separated from quoted history,
forwarded parts and the signature, text/calendar parts, and the auto-reply / bulk markers.
Pure: bytes in, value out.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import logging
import re
from email.message import Message as StdMessage
from pathlib import Path

from watcher import calendar_parts, dates, textzones
from watcher.model import Address, Message, Role
from watcher.sources import Fetched

log = logging.getLogger(__name__)


def _parser_version() -> int:
    """Changes whenever the parsing code changes, so the state store re-parses the raw mail it keeps
    instead of trusting text zoned by an older version."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("parse.py", "textzones.py", "calendar_parts.py", "model.py"):
        digest.update((here / name).read_bytes())
    return int.from_bytes(digest.digest()[:6], "big")


PARSER_VERSION = _parser_version()

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def parse(fetched: Fetched, account: str, me: frozenset[str]) -> Message:
    """Parse one fetched message. `me` holds the user's own addresses (lower-case)."""
    raw = fetched.raw
    headers = header_fields(_header_block(raw))
    sender = _first(_addresses(headers, "From"))
    date = _date(headers.get("Date"), fetched.internal_date)
    message_id = _message_id(headers.get("Message-ID")) or _synthetic_id(raw)
    role = fetched.role
    if role is Role.INBOX and sender is not None and sender.email in me:
        # the user's own mail seen in the Inbox (a Bcc to self, a forward from work): it is theirs
        role = Role.SENT
    plain, html, calendars = ("", "", ()) if not fetched.complete else _bodies(raw)
    text = textzones.choose_text(plain, html)
    zones = textzones.split(text)
    return Message(
        account=account,
        message_id=message_id,
        role=role,
        date=date,
        sender=sender,
        to=tuple(_addresses(headers, "To")),
        cc=tuple(_addresses(headers, "Cc")),
        reply_to=tuple(_addresses(headers, "Reply-To")),
        subject=_header_text(headers.get("Subject")),
        in_reply_to=_message_id(headers.get("In-Reply-To")),
        references=tuple(_MESSAGE_ID.findall(_header_text(headers.get("References")))),
        text=text,
        author_text=zones.author,
        signature=zones.signature,
        calendar=calendars,
        auto_submitted=_is_automatic(headers),
        bulk=is_bulk(headers),
        provider_thread_id=fetched.provider_thread_id,
        complete=fetched.complete,
    )


def header_fields(header_block: bytes) -> StdMessage:
    """Parse a header block. Raw UTF-8 in headers is allowed (RFC 6532), so decode it as UTF-8 first
    (latin-1 as the last resort) instead of letting the parser turn it into replacement characters."""
    try:
        text = header_block.decode("utf-8")
    except UnicodeDecodeError:
        text = header_block.decode("latin-1")
    return email.message_from_string(text, policy=email.policy.compat32)


def is_bulk(headers: StdMessage) -> bool:
    """Mailing-list and bulk markers (RFC 2369 List-*, RFC 2919 List-Id, Precedence)."""
    precedence = str(headers.get("Precedence", "")).strip().lower()
    return bool(headers.get("List-Id") or headers.get("List-Unsubscribe")) or precedence in {"bulk", "list", "junk"}


def _is_automatic(headers: StdMessage) -> bool:
    # RFC 3834: Auto-Submitted other than "no"; plus the de-facto vacation markers of common servers
    auto = str(headers.get("Auto-Submitted", "")).strip().lower()
    if auto and auto != "no":
        return True
    if headers.get("X-Autoreply") or headers.get("X-Autorespond") or headers.get("X-Auto-Response-Suppress", "").lower() in {"all", "oof"}:
        return True
    precedence = str(headers.get("Precedence", "")).strip().lower()
    if precedence == "auto_reply":
        return True
    subject = _header_text(headers.get("Subject")).lower()
    return subject.startswith(("automatic reply", "auto-reply", "autoreply", "out of office", "out of the office"))


def _header_block(raw: bytes) -> bytes:
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        end = raw.find(b"\n\n")
    return raw if end < 0 else raw[: end + 2]


def _header_text(value: object) -> str:
    if value is None:
        return ""
    try:
        parts = email.header.decode_header(str(value))
    except (ValueError, LookupError):
        return str(value)
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            out.append(chunk.decode(charset or "utf-8", errors="replace"))
        else:
            out.append(chunk)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def _addresses(headers: StdMessage, name: str) -> list[Address]:
    values = headers.get_all(name) or []
    result = []
    for display, address in email.utils.getaddresses([_header_text(v) for v in values]):
        address = address.strip().strip("<>").lower()
        if "@" in address:
            result.append(Address(email=address, name=display.strip().strip('"')))
    return result


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
    parsed = dates.header_datetime(value)
    if parsed is None:
        parsed = fallback if fallback is not None else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return parsed


def _bodies(raw: bytes) -> tuple[str, str, tuple]:  # type: ignore[type-arg]
    import mailparser  # heavy-ish; imported only when a body is parsed

    plain = html = ""
    try:
        parsed = mailparser.parse_from_bytes(raw)
        plain = "\n".join(parsed.text_plain)
        html = "\n".join(parsed.text_html)
    except Exception as exc:  # noqa: BLE001 - mail-parser raises bare Exceptions on broken MIME
        log.debug("mail-parser failed (%s); falling back to the stdlib parser", type(exc).__name__)
    if not (plain or html) or _has_8bit_body(raw):
        # mail-parser drops raw 8-bit characters ("café" -> "caf"); decode such parts ourselves
        plain, html = _stdlib_bodies(raw)
    calendars = calendar_parts.extract(raw) if b"text/calendar" in raw.lower() else ()
    return plain, html, calendars


def _has_8bit_body(raw: bytes) -> bool:
    body_start = raw.find(b"\n\n")
    crlf = raw.find(b"\r\n\r\n")
    if crlf >= 0 and (body_start < 0 or crlf < body_start):
        body_start = crlf
    return body_start >= 0 and any(byte >= 0x80 for byte in raw[body_start:])


def _stdlib_bodies(raw: bytes) -> tuple[str, str]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        content_type = part.get_content_type()
        if content_type not in ("text/plain", "text/html"):
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError):
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
        (plain if content_type == "text/plain" else html).append(str(content))
    return "\n".join(plain), "\n".join(html)
