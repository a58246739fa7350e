"""How a generated message looks on disk: headers, MIME parts, Message-IDs and filler prose.

Messages are assembled as text, not through `email.message.EmailMessage`: the policy machinery costs
about a millisecond a message, and the benchmark's mailbox must be written in seconds at 100,000.
The shapes follow what real mail servers and clients produce (RFC 5322 headers, RFC 2045-2049 MIME,
RFC 5545 calendar parts); the words are filler drawn from small pools, chosen by a seeded `Random`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import random
import textwrap
from dataclasses import dataclass

FIRST_NAMES = ["Jordan", "Priya", "Marcus", "Elena", "Tomás", "Aiko", "Fatima", "Liam", "Noor", "Sven", "Grace",
               "Diego", "Hannah", "Kwame", "Mei", "Olivia", "Rafael", "Sofia", "Yusuf", "Ingrid", "Chloe", "Arjun",
               "Beatriz", "Connor", "Dana", "Emeka", "Farah", "Gustav", "Hiro", "Isla"]
LAST_NAMES = ["Blake", "Shah", "Okafor", "Petrova", "Garcia", "Tanaka", "Haddad", "Murphy", "Rahman", "Lindqvist",
              "Chen", "Moreno", "Schmidt", "Mensah", "Wong", "Bennett", "Costa", "Rossi", "Demir", "Berg", "Dubois",
              "Iyer", "Almeida", "Walsh", "Kowalski", "Eze", "Nasser", "Holm", "Sato", "Fraser"]

_WORDS = ["project", "release", "meeting", "budget", "roadmap", "garden", "weekend", "recipe", "concert",
          "library", "bicycle", "kernel", "update", "invoice", "quarter", "review", "draft", "proposal",
          "schedule", "holiday", "team", "migration", "dashboard", "feedback", "coffee", "travel",
          "museum", "hike", "dinner", "report", "estimate", "contract", "design", "launch", "sprint",
          "backlog", "ticket", "outage", "summary", "notes", "slides", "agenda", "workshop", "training",
          "license", "renewal", "account", "storage", "backup", "network"]

_SENTENCES = [
    "I had a look at the {w} and it seems mostly fine, apart from the {w} part.",
    "Could you send me the latest {w} when you get a chance?",
    "We moved the {w} to next week because half the team is travelling.",
    "Thanks again for the {w}, it was really helpful.",
    "Let me know what you think about the {w} before Friday.",
    "The {w} went better than expected, although the {w} took longer.",
    "I'll bring the {w} on Saturday, and maybe a {w} too.",
    "Did you ever finish the {w} you mentioned last month?",
    "Here are my notes on the {w}; the open question is still the {w}.",
    "No rush on this, the {w} can wait until after the {w}.",
    "We should catch up soon, it has been ages since the {w}.",
    "The numbers for the {w} are in the shared folder.",
]


def sentence(rng: random.Random) -> str:
    template = rng.choice(_SENTENCES)
    while "{w}" in template:
        template = template.replace("{w}", rng.choice(_WORDS), 1)
    return template


def prose(rng: random.Random, paragraphs: int, sentences: tuple[int, int] = (2, 6)) -> str:
    """Paragraphs of filler, each one line (wrapping is the encoder's business)."""
    return "\n\n".join(" ".join(sentence(rng) for _ in range(rng.randint(*sentences))) for _ in range(paragraphs))


def wrap72(text: str) -> str:
    """Hard-wrap each paragraph at 72 columns, as many plain-text mail clients do."""
    return "\n".join(textwrap.fill(line, 72) if line else "" for line in text.split("\n"))


def html_of(text: str, title: str = "") -> str:
    """A newsletter-ish HTML rendering: tables, inline styles, one <p> per paragraph."""
    paragraphs = "".join(f'<p style="margin:0 0 12px 0;font-family:Arial,sans-serif;font-size:15px;line-height:22px">'
                         f"{p.replace(chr(10), '<br>')}</p>\n" for p in text.split("\n\n"))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + title + "</title></head>\n"
            '<body style="margin:0;padding:0;background:#f4f4f4">\n<table role="presentation" width="100%" '
            'cellpadding="0" cellspacing="0"><tr><td align="center">\n<table width="600" style="background:#ffffff;'
            'padding:24px">\n<tr><td>\n' + paragraphs + "</td></tr>\n</table>\n</td></tr></table>\n</body></html>\n")


def address(name: str, email_address: str) -> str:
    """A From/To value; a non-ASCII name is RFC 2047-encoded, as mail clients do."""
    return email.utils.formataddr((name, email_address)) if name else email_address


def date_header(at: dt.datetime) -> str:
    return email.utils.format_datetime(at)


@dataclass(frozen=True)
class Part:
    """One MIME leaf or multipart, already encoded: its header lines and its body."""

    headers: str
    body: str


def text_part(text: str, subtype: str = "plain", encoding: str = "7bit", charset: str = "utf-8") -> Part:
    data = text.encode("utf-8")
    if encoding == "7bit" and any(b > 127 for b in data):
        encoding = "quoted-printable"  # 8-bit text in a 7bit part would be a lie
    if encoding == "base64":
        body = base64.encodebytes(data).decode("ascii")
    elif encoding == "quoted-printable":
        body = binascii.b2a_qp(data).decode("ascii")
    else:
        body = text
    return Part(f'Content-Type: text/{subtype}; charset="{charset}"\nContent-Transfer-Encoding: {encoding}\n', body)


def calendar_part(ics: str, method: str = "REQUEST") -> Part:
    return Part(f'Content-Type: text/calendar; charset="utf-8"; method={method}\n'
                "Content-Transfer-Encoding: 7bit\n", ics)


def attachment_part(blob: str, filename: str, content_type: str = "application/pdf") -> Part:
    """`blob` is already base64 text (pooled: encoding 20 KB per message would cost more than the rest)."""
    return Part(f'Content-Type: {content_type}; name="{filename}"\nContent-Disposition: attachment; '
                f'filename="{filename}"\nContent-Transfer-Encoding: base64\n', blob)


def multipart(subtype: str, parts: list[Part], boundary: str) -> Part:
    body = "".join(f"--{boundary}\n{part.headers}\n{part.body}{'' if part.body.endswith(chr(10)) else chr(10)}"
                   for part in parts)
    return Part(f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n', body + f"--{boundary}--\n")


def blob_pool(rng: random.Random, sizes: list[int]) -> list[str]:
    """Base64 text of PDF-like binary blobs of the given sizes, made once per mailbox."""
    blobs = []
    for size in sizes:
        header = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        blobs.append(base64.encodebytes(header + rng.randbytes(size)).decode("ascii"))
    return blobs


def ics(uid: str, start: dt.datetime, minutes: int, summary: str, organizer: str, attendees: list[str],
        tzid: str = "", location: str = "", method: str = "REQUEST") -> str:
    """An RFC 5545 VCALENDAR with one VEVENT; with `tzid`, DTSTART is local time in that zone."""
    if tzid and tzid != "UTC":
        local = start.astimezone(_zone(tzid))
        dtstart = f"DTSTART;TZID={tzid}:{local:%Y%m%dT%H%M%S}"
    else:
        dtstart = f"DTSTART:{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Example Corp//Calendar 1.0//EN", "VERSION:2.0", f"METHOD:{method}",
             "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}", dtstart,
             f"DURATION:PT{minutes}M", f"SUMMARY:{summary}", f"ORGANIZER;CN={organizer.split('<')[0].strip()}:mailto:"
             f"{organizer.split('<')[-1].rstrip('>')}"]
    lines += [f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{a}" for a in attendees]
    if location:
        lines.append(f"LOCATION:{location}")
    lines += ["STATUS:CONFIRMED", "SEQUENCE:0", "END:VEVENT", "END:VCALENDAR"]
    return "\n".join(lines) + "\n"


def _zone(name: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


class Ids:
    """Message-IDs in the styles real senders use; a running number keeps every one unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.number = 0

    def make(self, domain: str, style: str = "") -> str:
        self.number += 1
        n = self.number
        rng = self.rng
        style = style or rng.choice(["hex", "hex", "exchange", "gmail", "javamail", "uuid"])
        if style == "exchange":
            # Exchange Online: ~100 characters, the server name twice (the length is the point)
            server = f"{rng.choice(['DM6PR', 'BN8PR', 'PH0PR', 'AM9PR', 'SA1PR'])}{rng.randint(10, 99)}MB{rng.randint(1000, 9999)}"
            return (f"<{server}{n:08X}{rng.getrandbits(64):016X}{rng.getrandbits(32):08X}@{server}."
                    f"namprd{rng.randint(10, 20)}.prod.outlook.example.com>")
        if style == "gmail":
            tail = base64.urlsafe_b64encode(rng.randbytes(27)).decode().rstrip("=")
            return f"<CA{tail[:4]}{n:x}{tail[4:]}@mail.gmail.example.com>"
        if style == "javamail":
            return f"<{rng.randint(10**8, 10**9)}.{n}.{rng.randint(10**12, 10**13)}.JavaMail.mailer@{domain}>"
        if style == "uuid":
            h = f"{rng.getrandbits(96):024x}{n:08x}"
            return f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}@{domain}>"
        return f"<{rng.getrandbits(64):016x}.{n:x}@{domain}>"


def received(rng: random.Random, domain: str, at: dt.datetime) -> str:
    hop = f"mx{rng.randint(1, 9)}.mail.example.net"
    return (f"Received: from out{rng.randint(1, 40)}.{domain} (out.{domain} [192.0.2.{rng.randint(1, 254)}])\n"
            f"\tby {hop} (Postfix) with ESMTPS id {rng.getrandbits(40):010X}\n\tfor <candidate@example.org>; "
            f"{date_header(at)}\n")


def dkim(rng: random.Random, domain: str) -> str:
    signature = base64.b64encode(rng.randbytes(128)).decode()
    body_hash = base64.b64encode(rng.randbytes(32)).decode()
    return (f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s1;\n\th=from:to:subject:date:"
            f"message-id; bh={body_hash};\n\tb={signature[:70]}\n\t {signature[70:]}\n")


def message(*, sender: str, to: str, subject: str, at: dt.datetime, message_id: str, body: Part,
            extra: str = "", replying_to: tuple[str, ...] = (), cc: str = "") -> bytes:
    """The whole message: header block, then the (possibly multipart) body. LF line ends, as Maildir keeps."""
    head = (f"Date: {date_header(at)}\nFrom: {sender}\nTo: {to}\n" + (f"Cc: {cc}\n" if cc else "")
            + f"Subject: {subject}\nMessage-ID: {message_id}\n")
    if replying_to:
        head += f"In-Reply-To: {replying_to[-1]}\nReferences: " + "\n ".join(replying_to) + "\n"
    return (extra + head + "MIME-Version: 1.0\n" + body.headers + "\n" + body.body).encode("utf-8")
