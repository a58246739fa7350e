"""Hostile and broken mail, built on demand: the big fixtures (too large to keep in git) and a
seeded stream of mangled messages for the corpus test and bench/hostile_parse.py.

Everything is made up (example.com / example.org) and deterministic for a given seed.
"""

from __future__ import annotations

import base64
import random
import zlib
from collections.abc import Iterator

CHARSETS = ("utf-8", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "gb2312", "utf-7", "utf-16", "idna",
            "x-bogus-9000", "zlib", "base64", "rot13", "unknown-8bit", "", "utf-8*en", "\x00", "a" * 200)
DATES = ("Tue, 13 Oct 2026 09:00:00 +0200", "13 Oct 2026 09:00 -0000", "Tue, 31 Feb 2026 25:61:61 +2400",
         "Mon, 1 Jan 0001 00:00:00 -2359", "Fri, 31 Dec 9999 23:59:59 +2359", "yesterday", "",
         "Mon, 1 Jan 99999999999999999999 10:00 +9999", "\x00\x00", "Tue, 13 Oct 2026 09:00:00 +0200 (CEST)")
EXCHANGE_ID = "<DM6PR12MB4041A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9B0@DM6PR12MB4041.namprd12.prod.outlook.com>"
MESSAGE_IDS = ("<ok-1@example.com>", EXCHANGE_ID, "<line\r\n break@example.com>", "<caf\u00e9@example.com>",
               "no-brackets@example.com", "<>", "<" + "x" * 2000 + "@example.com>", "=?utf-8?q?=3Cx=40y=3E?=")
ICS_OK = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:iv-1@example.com\r\n"
          "DTSTART:20261020T100000Z\r\nDTEND:20261020T110000Z\r\nSUMMARY:Interview\r\n"
          "ORGANIZER:mailto:hr@example.com\r\nATTENDEE;CN=Alex:mailto:alex@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def headers(subject: str = "Interview invitation", extra: str = "") -> str:
    return ("From: Maren Holt <maren.holt@larkspur.example.com>\r\nTo: Alex Rivera <alex@example.org>\r\n"
            f"Subject: {subject}\r\nDate: Tue, 13 Oct 2026 09:00:00 +0200\r\n"
            f"Message-ID: <hostile-{zlib.crc32(subject.encode())}@larkspur.example.com>\r\n{extra}MIME-Version: 1.0\r\n")


def big_attachment(size: int = 5 * 1024 * 1024) -> bytes:
    """A short invite, a `size`-byte attachment, then the calendar part after it."""
    blob = base64.encodebytes(random.Random(1).randbytes(size)).replace(b"\n", b"\r\n")
    return (headers("Interview with a large attachment").encode() +
            b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
            b"Please find the brief attached. We meet on Tuesday 20 October at 10:00.\r\n--b1\r\n"
            b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="brief.pdf"\r\n'
            b"Content-Transfer-Encoding: base64\r\n\r\n" + blob +
            b'--b1\r\nContent-Type: text/calendar; method=REQUEST\r\nContent-Disposition: attachment; filename="invite.ics"'
            b"\r\n\r\n" + ICS_OK.encode() + b"--b1--\r\n")


def nested(depth: int = 50) -> bytes:
    """Multiparts `depth` deep, a text part at the top and one at the bottom."""
    body = b"Content-Type: text/plain\r\n\r\nThe deepest words.\r\n"
    for level in range(depth, 0, -1):
        body = (f'Content-Type: multipart/mixed; boundary="level{level}"\r\n\r\n--level{level}\r\n'.encode() + body +
                f"\r\n--level{level}--\r\n".encode())
    return (headers("Nested").encode() + b'Content-Type: multipart/mixed; boundary="top"\r\n\r\n--top\r\n'
            b"Content-Type: text/plain\r\n\r\nThe top words.\r\n--top\r\n" + body + b"\r\n--top--\r\n")


def long_header_line(size: int = 1024 * 1024) -> bytes:
    """A 1 MB header line before the Subject and Content-Type."""
    return (b"From: Maren Holt <maren.holt@larkspur.example.com>\r\nTo: alex@example.org\r\nX-Junk: " + b"A" * size +
            b"\r\nSubject: After the junk\r\nDate: Tue, 13 Oct 2026 09:00:00 +0200\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\nStill readable.\r\n")


def huge(size: int = 20 * 1024 * 1024) -> bytes:
    """A `size`-byte message: one 8-bit text part far over the text cap, and a big attachment."""
    text = ("Caf\u00e9 \u00e0 11h, mardi. " * (size // 48)).encode("utf-8")
    blob = base64.encodebytes(b"\x00" * (size // 2))
    return (headers("Huge").encode() + b'Content-Type: multipart/mixed; boundary="h"\r\n\r\n--h\r\n'
            b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text +
            b'\r\n--h\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n' + blob +
            b"--h--\r\n")


def generated(count: int, seed: int = 8) -> Iterator[bytes]:
    """`count` mangled messages: random charsets, encoded words, 8-bit bytes, dates, ids, broken
    boundaries and calendars, then sometimes truncated or with random bytes flipped."""
    rng = random.Random(seed)
    for _ in range(count):
        yield _one(rng)


def _encoded_word(rng: random.Random) -> str:
    charset = rng.choice(CHARSETS)
    data = rng.randbytes(rng.randrange(0, 40))
    if rng.random() < 0.5:
        text = "".join(f"={b:02X}" if rng.random() < 0.5 else chr(0x41 + b % 26) for b in data)
        return f"=?{charset}?q?{text}?="
    return f"=?{charset}?b?{base64.b64encode(data).decode()[: rng.randrange(0, 60)]}?="


def _one(rng: random.Random) -> bytes:
    words = " ".join(_encoded_word(rng) for _ in range(rng.randrange(0, 4)))
    lines = [
        f"From: {words} <{rng.choice(['maren@larkspur.example.com', 'bad address', '<<>>', 'a@b@c'])}>",
        "To: Alex <alex@example.org>, " + _encoded_word(rng) + " <x@example.com>",
        f"Subject: {rng.choice(['Re: Interview', 'Interview', ''])} {words}",
        f"Date: {rng.choice(DATES)}",
        f"Message-ID: {rng.choice(MESSAGE_IDS)}",
        f"In-Reply-To: {rng.choice(MESSAGE_IDS)}",
        "References: " + " ".join(rng.choice(MESSAGE_IDS) for _ in range(rng.randrange(0, 5))),
        "MIME-Version: 1.0",
    ]
    rng.shuffle(lines)
    boundary = rng.choice(["b", "", "=_x", "a" * 100, "b\x00"])
    charset = rng.choice(CHARSETS)
    encoding = rng.choice(["base64", "quoted-printable", "8bit", "7bit", "x-uuencode", "binary"])
    part_body = rng.choice([b"Hello Alex, we meet Tuesday at 10:00.", rng.randbytes(200), b"SGVsbG8=!!", b"=ZZ=4"])
    ics = rng.choice([ICS_OK.encode(), ICS_OK.encode()[: rng.randrange(len(ICS_OK))], rng.randbytes(100),
                      b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:99999999T999999\r\nEND:VEVENT\r\nEND:VCALENDAR"])
    close = rng.choice([f"--{boundary}--", "", f"--{boundary}"])
    body = (f'Content-Type: multipart/{rng.choice(["mixed", "alternative", "digest", "related"])}; '
            f'boundary="{boundary}"\r\n\r\npreamble\r\n--{boundary}\r\n'
            f"Content-Type: text/{rng.choice(['plain', 'html'])}; charset=\"{charset}\"\r\n"
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n").encode("utf-8", "surrogateescape") + part_body + (
            f"\r\n--{boundary}\r\nContent-Type: text/calendar; method={rng.choice(['REQUEST', 'CANCEL', ''])}\r\n\r\n"
            ).encode() + ics + f"\r\n{close}\r\n".encode()
    raw = "\r\n".join(lines).encode("utf-8", "surrogateescape") + b"\r\n" + body
    if rng.random() < 0.3:
        raw = raw[: rng.randrange(len(raw) + 1)]
    if rng.random() < 0.3:
        mutable = bytearray(raw)
        for _ in range(rng.randrange(1, 10)):
            if mutable:
                mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        raw = bytes(mutable)
    return raw
