"""The first few kilobytes of a body -> readable text, for triage. Pure; never raises.

Triage reads the start of a message's body (IMAP `BODY.PEEK[TEXT]<0.N>`) to tell a person's mail
about a job from a person's mail about anything else, without fetching the whole message. The
prefix is cut anywhere, so this decodes what it can: MIME parts of a multipart body by their own
headers, base64 up to the last whole quantum, quoted-printable with its soft line breaks, HTML with
its tags and style blocks dropped. Text it cannot read yields "", which triage treats as "cannot
tell" (and fetches the message).
"""

from __future__ import annotations

import base64
import binascii
import html
import quopri
import re

from watcher.model import Envelope

_BOUNDARY_LINE = re.compile(rb"^--[^\r\n]{1,200}\r?$", re.M)
_BLANK = re.compile(rb"\r?\n\r?\n")
_PART_TYPE = re.compile(rb"^content-type:[ \t]*([\w.+-]+/[\w.+-]+)", re.I | re.M)
_PART_ENCODING = re.compile(rb"^content-transfer-encoding:[ \t]*([\w-]+)", re.I | re.M)
_BASE64_TEXT = re.compile(rb"[^A-Za-z0-9+/=]")
_INVISIBLE = re.compile(r"<(style|script|head)\b[^>]{0,500}>.{0,20000}?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_SPOKEN = re.compile(r"^(?:SUMMARY|DESCRIPTION)(?:;[^:\r\n]{0,200})?:([^\r\n]{0,1000})", re.M)


def text(prefix: bytes, envelope: Envelope) -> str:
    """The readable words at the start of a body, whitespace collapsed."""
    if envelope.content_type.startswith("multipart/"):
        pieces = [_part(segment) for segment in _BOUNDARY_LINE.split(prefix)[1:]]
        found = " ".join(p for p in pieces if p)
    else:
        kind = envelope.content_type.split(";")[0].strip() or "text/plain"
        found = _decode(prefix, kind, envelope.transfer_encoding) if kind.startswith("text/") else ""
    return " ".join(found.split())


def _part(segment: bytes) -> str:
    """One MIME part of the prefix: its own headers, then its content."""
    split = _BLANK.search(segment)
    if split is None:
        return ""
    head, body = segment[: split.start()], segment[split.end():]
    kind_match = _PART_TYPE.search(head)
    kind = kind_match.group(1).decode("ascii").lower() if kind_match else "text/plain"
    if not kind.startswith("text/"):
        return ""
    encoding_match = _PART_ENCODING.search(head)
    encoding = encoding_match.group(1).decode("ascii").lower() if encoding_match else ""
    if kind == "text/calendar":
        # an invite's title and description are what its sender says ("Interview: Alex Candidate (Senior
        # Bioinformatics Engineer)"), when the mail's own text only says "the invitation is attached"
        calendar = _decode(body, "text/plain", encoding).replace("\r\n ", "").replace("\n ", "")
        return " ".join(match.group(1) for match in _SPOKEN.finditer(calendar)).replace("\\n", " ").replace("\\,", ",")
    return _decode(body, kind, encoding)


def _decode(body: bytes, kind: str, encoding: str) -> str:
    if encoding == "base64":
        compact = _BASE64_TEXT.sub(b"", body)
        compact = compact[: len(compact) - len(compact) % 4]
        try:
            body = base64.b64decode(compact)
        except (binascii.Error, ValueError):
            return ""
    elif encoding == "quoted-printable":
        body = quopri.decodestring(body)
    words = body.decode("utf-8", errors="replace")
    if kind == "text/html":
        words = html.unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", words)))
    return words
