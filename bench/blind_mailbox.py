"""A blind, independent generator of a years-deep Maildir with a few job-interview processes buried in it.

Issue #9 is judged "on a mailbox generated independently of yours". The project's own generator was
written by the people who wrote the detection rules, so it may share their blind spots. This one was
written without reading the detector, its rules or the other generator: only POLICY.md (what an
interview thread is, when a thank-you or a status inquiry is due, "only while timely") and general
knowledge of how recruiters, applicant-tracking systems, scheduling tools, agencies and candidates
write mail. The noise is deliberately full of look-alikes (interview tips, podcasts, the candidate
interviewing other people, colleagues' invites, application receipts...).

Each interview in the truth also carries, beyond the keys the judge reads, "company", "language",
"interview_at" (the last round's start, in the hiring side's offset) and "deadline" (the decision date
the hiring side stated, or null when it stated none: POLICY.md's default of 14 days then applies).
For a multi-round process "key_message_id" is the confirmation of the last round.

`generate()` writes the store directly (no email library per message: it is too slow for 100k
messages) and returns the ground truth the benchmark's judge reads. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import dataclasses
import datetime as dt
import html as htmllib
import json
import os
import random
import sys
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

UTC = dt.UTC
HOST = "mailhost"

# ----------------------------------------------------------------------------------------------
# People and places (all invented; domains under example.* or .example)


@dataclass(frozen=True)
class Person:
    name: str
    addr: str


ME = Person("Alex Candidate", "candidate@example.org")
ME_ALT = Person("Alex Candidate", "alex.candidate@example.net")
MY_ZONE = zoneinfo.ZoneInfo("America/New_York")

FIRST = ["Dana", "Priya", "Marcus", "Elena", "Jordan", "Sofia", "Tomasz", "Aisha", "Ben", "Chloe", "Diego", "Hannah", "Ravi", "Mei", "Lukas", "Olivia", "Kwame", "Ines", "Noah", "Fatima", "Sam", "Ingrid", "Mateo", "Yuki", "Grace", "Omar", "Lena", "Victor", "Nadia", "Ethan", "Zoe", "Raj", "Clara", "Felix", "Amara", "Hugo", "Maya", "Pavel", "Leila", "Owen", "Rosa", "Jonas", "Tara", "Luis", "Anika", "Declan", "Wen", "Isabel", "Theo", "Naomi", "Arjun", "Freya", "Carlos", "Emeka", "Julia"]
LAST = ["Whitfield", "Raman", "Okafor", "Novak", "Lindqvist", "Moreau", "Castillo", "Brennan", "Tanaka", "Schulz", "Haddad", "Fischer", "Kowalski", "Osei", "Delacroix", "Mendoza", "Varga", "Holloway", "Ibarra", "Sato", "Petrov", "Nakamura", "Adeyemi", "Larsen", "Quinn", "Rossi", "Bauer", "Greene", "Chowdhury", "Ferreira", "Walsh", "Morales", "Keller", "Abbott", "Lindgren", "Duarte", "Sokolova", "Mahlangu", "Fontaine", "Reyes", "Hartmann", "Oduya", "Bergstrom", "Vance", "Marchetti", "Yilmaz", "Lambert", "Torres", "Nguyen", "Sinclair"]

# (display name as the company writes it, domain, language, zone key)
COMPANIES = (
    ("Fernhill Analytics", "fernhill-analytics.example", "en", "America/New_York"),
    ("Grünwald Robotics", "gruenwald-robotics.example", "de", "Europe/Berlin"),
    ("Quillon Health", "quillonhealth.example", "en", "America/Chicago"),
    ("Brightwater Payments", "brightwaterpay.example", "en", "America/Los_Angeles"),
    ("Orchard Robotics", "orchard-robotics.example", "en", "America/Los_Angeles"),
    ("Tidewell Energy", "tidewell.example", "en", "Europe/London"),
    ("Kestrel Systems", "kestrelsys.example", "en", "America/New_York"),
    ("Nimbus Forge", "nimbusforge.example", "en", "America/Los_Angeles"),
    ("Helix Harbor Bio", "helixharbor.example", "en", "America/New_York"),
    ("Saffron Ledger", "saffronledger.example", "en", "America/Chicago"),
    ("Lumenpath", "lumenpath.example", "en", "Europe/London"),
    ("Verdant Grid", "verdantgrid.example", "en", "America/Chicago"),
    ("Atelier Nord", "atelier-nord.example", "fr", "Europe/Paris"),
    ("Soluciones Brisa", "brisa-soluciones.example", "es", "Europe/Madrid"),
    ("Datenwerk Köln", "datenwerk-koeln.example", "de", "Europe/Berlin"),
    ("AcmeCloud", "acmecloud.example", "en", "America/Los_Angeles"),
    ("Polaris Freight", "polarisfreight.example", "en", "America/Chicago"),
    ("Cobalt Lane", "cobaltlane.example", "en", "America/New_York"),
    ("Marlowe & Finch", "marlowefinch.example", "en", "Europe/London"),
    ("Kinetic Paper Co.", "kineticpaper.example", "en", "America/New_York"),
)
ROLES = {
    "en": (
        "Senior Backend Engineer", "Staff Data Engineer", "Platform Engineer", "Engineering Manager, Payments",
        "Site Reliability Engineer", "Machine Learning Engineer", "Senior Software Engineer, Infrastructure",
        "Product Engineer", "Solutions Architect", "Backend Engineer (Python)", "Senior Developer Advocate",
    ),
    "de": ("Senior Backend-Entwickler (m/w/d)", "Data Engineer (w/m/d)", "Softwarearchitekt (m/w/d)"),
    "fr": ("Ingénieur logiciel senior", "Ingénieur·e DevOps", "Développeur backend Python"),
    "es": ("Ingeniero/a de Software Sénior", "Ingeniero/a de Datos", "Desarrollador/a Backend"),
}
ATS = (
    ("Greenhouse", "no-reply@greenhouse-mail.example"),
    ("Lever", "no-reply@hire.lever-mail.example"),
    ("Workday", "careers@myworkday-mail.example"),
    ("Ashby", "no-reply@ashbyhq-mail.example"),
    ("SmartRecruiters", "noreply@smartrecruiters-mail.example"),
    ("iCIMS", "donotreply@icims-mail.example"),
)
SCHEDULERS = (
    ("Calendly", "notifications@calendly-mail.example"),
    ("GoodTime", "scheduling@goodtime-mail.example"),
    ("ModernLoop", "no-reply@modernloop-mail.example"),
)
AGENCIES = (
    ("TalentBridge Partners", "talentbridge.example"),
    ("Northgate Tech Recruitment", "northgate-recruit.example"),
    ("Cedar & Stone Search", "cedarstone-search.example"),
)
FREEMAIL = ("mailbox.example", "fastpost.example.net", "inbox.example.com")
EMPLOYER = ("Larkspur Labs", "larkspur-labs.example")  # where the candidate works today

ZONE_INFO = {  # key: (windows name, std offset h, US rules?, english label when written by hand)
    "America/New_York": ("Eastern Standard Time", -5, True, "ET"),
    "America/Chicago": ("Central Standard Time", -6, True, "CT"),
    "America/Los_Angeles": ("Pacific Standard Time", -8, True, "PT"),
    "Europe/London": ("GMT Standard Time", 0, False, "UK time"),
    "Europe/Berlin": ("W. Europe Standard Time", 1, False, ""),
    "Europe/Paris": ("Romance Standard Time", 1, False, ""),
    "Europe/Madrid": ("Romance Standard Time", 1, False, ""),
}

# ----------------------------------------------------------------------------------------------
# Dates in four languages

WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
}


def day_words(d: dt.date, lang: str) -> str:
    wd, mo = WEEKDAYS[lang][d.weekday()], MONTHS[lang][d.month - 1]
    if lang == "de":
        return f"{wd}, {d.day}. {mo}"
    if lang == "fr":
        return f"{wd} {d.day} {mo}"
    if lang == "es":
        return f"{wd} {d.day} de {mo}"
    return f"{wd}, {mo} {d.day}"


def when_words(t: dt.datetime, lang: str) -> str:
    """The interview time the way the hiring side writes it, in its own zone."""
    key = str(t.tzinfo)
    label = ZONE_INFO[key][3]
    if lang == "de":
        zone = "MEZ" if t.tzname() == "CET" else "MESZ"
        return f"{day_words(t.date(), lang)}, um {t:%H:%M} Uhr ({zone})"
    if lang == "fr":
        return f"le {day_words(t.date(), lang)} à {t.hour}h{t:%M} (heure de Paris)"
    if lang == "es":
        return f"el {day_words(t.date(), lang)} a las {t:%H:%M} (hora de Madrid)"
    if key.startswith("America/"):
        hour = t.strftime("%I:%M %p").lstrip("0")
        return f"{day_words(t.date(), 'en')} at {hour} {label}"
    wd, mo = WEEKDAYS["en"][t.weekday()], MONTHS["en"][t.month - 1]
    return f"{wd} {t.day} {mo} at {t:%H:%M} {label or t.tzname()}"


# ----------------------------------------------------------------------------------------------
# The message record and its rendering


@dataclass(frozen=True)
class Mail:
    folder: str  # "INBOX" or "Sent"
    date: dt.datetime  # aware, in the sender's zone
    mid: str
    category: str
    frm: Person
    to: tuple[Person, ...]
    subject: str
    text: str | None = None
    html: str | None = None
    cal: str | None = None
    cal_method: str = "REQUEST"
    cc: tuple[Person, ...] = ()
    reply_to: Person | None = None
    irt: str | None = None
    refs: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    client: str = "gmail"  # gmail, outlook, apple, thunderbird, robot, bulk
    charset: str = "utf-8"
    cte: str = "auto"
    attach: int = 0  # size in bytes of a small binary attachment, 0 for none


def enc_header(value: str, charset: str = "utf-8") -> str:
    if value.isascii():
        return value
    return Header(value, charset).encode()


def fmt_person(p: Person) -> str:
    if not p.name:
        return p.addr
    if not p.name.isascii():
        return f"{enc_header(p.name)} <{p.addr}>"
    if any(c in p.name for c in ',.&()"'):
        return f'"{p.name}" <{p.addr}>'
    return f"{p.name} <{p.addr}>"


def encode_body(text: str, charset: str, cte: str) -> tuple[str, str, bytes]:
    try:
        raw = text.encode(charset)
    except UnicodeEncodeError:
        charset, raw = "utf-8", text.encode("utf-8")
    if cte == "auto":
        cte = "7bit" if raw.isascii() else "8bit"
    if cte == "7bit" and not raw.isascii():
        cte = "quoted-printable"
    if cte == "quoted-printable":
        body = binascii.b2a_qp(raw, istext=True)
    elif cte == "base64":
        body = base64.encodebytes(raw)
    else:
        body = raw
    if not body.endswith(b"\n"):
        body += b"\n"
    return charset, cte, body


Entity = tuple[list[str], bytes]


def text_entity(text: str, subtype: str, charset: str, cte: str, params: str = "") -> Entity:
    cs, cte2, body = encode_body(text, charset, cte)
    heads = [f'Content-Type: text/{subtype}; charset="{cs}"{params}', f"Content-Transfer-Encoding: {cte2}"]
    return heads, body


def multipart(subtype: str, parts: list[Entity], rng: random.Random) -> Entity:
    boundary = f"{rng.getrandbits(96):024x}"
    if rng.random() < 0.5:
        boundary = "----=_Part_" + f"{rng.getrandbits(40)}_{rng.getrandbits(30)}.{rng.getrandbits(40)}"
    chunks: list[bytes] = []
    for heads, body in parts:
        chunks.append(f"--{boundary}\n".encode() + "\n".join(heads).encode() + b"\n\n" + body)
    chunks.append(f"--{boundary}--\n".encode())
    return [f'Content-Type: multipart/{subtype}; boundary="{boundary}"'], b"\n".join(chunks)


def text_to_html(text: str, client: str) -> str:
    paras = text.split("\n\n")
    if client == "outlook":
        head = (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/'
            '12/omml" xmlns="http://www.w3.org/TR/REC-html40">\n<head>\n<meta http-equiv="Content-Type" '
            'content="text/html; charset=utf-8">\n<meta name="Generator" content="Microsoft Word 15 (filtered '
            'medium)">\n<style><!--\n@font-face\n\t{font-family:"Cambria Math";\n\tpanose-1:2 4 5 3 5 4 6 3 2 4;}'
            '\n@font-face\n\t{font-family:Calibri;\n\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\np.MsoNormal, li.MsoNormal, '
            'div.MsoNormal\n\t{margin:0in;\n\tfont-size:11.0pt;\n\tfont-family:"Calibri",sans-serif;}\na:link, '
            'span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n\ttext-decoration:underline;}\n'
            'span.EmailStyle17\n\t{mso-style-type:personal-compose;\n\tfont-family:"Calibri",sans-serif;\n\t'
            'color:windowtext;}\n.MsoChpDefault\n\t{mso-style-type:export-only;\n\tfont-family:"Calibri",'
            'sans-serif;}\n@page WordSection1\n\t{size:8.5in 11.0in;\n\tmargin:1.0in 1.0in 1.0in 1.0in;}\n'
            'div.WordSection1\n\t{page:WordSection1;}\n--></style>\n</head>\n<body lang="EN-US" link="#0563C1" '
            'vlink="#954F72" style="word-wrap:break-word">\n<div class="WordSection1">\n'
        )
        body = "".join(
            '<p class="MsoNormal">' + htmllib.escape(p).replace("\n", "<br>\n") + "<o:p></o:p></p>\n"
            '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
            for p in paras
        )
        return head + body + "</div>\n</body>\n</html>\n"
    body = "".join("<div>" + htmllib.escape(p).replace("\n", "<br>") + "</div><div><br></div>\n" for p in paras)
    return f'<div dir="ltr">{body}</div>\n'


def trace_headers(m: Mail, rng: random.Random) -> list[str]:
    """What a real server and client add: trace, authentication, client identity. Most of a mail's bytes."""
    dom = m.frm.addr.rsplit("@", 1)[1]
    out: list[str] = []
    if m.folder == "INBOX":
        recv = m.date.astimezone(UTC)
        out.append(f"Return-Path: <{m.frm.addr if m.client != 'bulk' else 'bounce-' + str(rng.getrandbits(40)) + '@' + dom}>")
        out.append(f"Delivered-To: {ME.addr}")
        hops = rng.randint(2, 4)
        for i in range(hops):
            t = recv + dt.timedelta(seconds=(hops - i) * rng.randint(1, 4))
            ip = f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randint(1, 254)}"
            out.append(
                f"Received: from mail-{rng.choice('abcdefgh')}{rng.randint(1, 99)}.{dom} "
                f"(mail-out{rng.randint(1, 40)}.{dom} [{ip}])\n\tby mx{i + 1}.example.org (Postfix) with ESMTPS id "
                f"{rng.getrandbits(44):011X}\n\tfor <{ME.addr}>; {format_datetime(t)}"
            )
        out.append(
            f"Authentication-Results: mx1.example.org;\n\tdkim=pass header.d={dom} header.s=s{rng.randint(1, 3)} "
            f"header.b={base64.b64encode(rng.randbytes(6)).decode()};\n\tspf=pass (mx1.example.org: domain of "
            f"{m.frm.addr} designates 192.0.2.{rng.randint(1, 254)} as permitted sender) "
            f"smtp.mailfrom={m.frm.addr};\n\tdmarc=pass (p=QUARANTINE sp=NONE dis=NONE) header.from={dom}"
        )
        sig = base64.b64encode(rng.randbytes(rng.choice((128, 256)))).decode()
        sig_lines = "\n\t ".join(sig[i : i + 70] for i in range(0, len(sig), 70))
        out.append(
            f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={dom}; s=s{rng.randint(1, 3)};\n\t"
            f"t={int(m.date.timestamp())}; h=from:to:subject:date:message-id:mime-version:content-type;\n\t"
            f"bh={base64.b64encode(rng.randbytes(32)).decode()};\n\tb={sig_lines}"
        )
    if m.client == "outlook":
        out.append(f"Thread-Topic: {enc_header(m.subject.removeprefix('RE: ').removeprefix('Re: '))}")
        out.append(f"Thread-Index: {base64.b64encode(rng.randbytes(22 + 5 * len(m.refs))).decode()}")
        out.append("X-MS-Has-Attach: " + ("yes" if m.attach or m.cal else ""))
        out.append("X-MS-TNEF-Correlator: ")
        out.append("Accept-Language: en-US")
        out.append("Content-Language: en-US")
        if m.folder == "INBOX":
            out.append(f"X-MS-Exchange-Organization-SCL: {rng.choice((-1, 1))}")
            out.append(f"X-MS-Office365-Filtering-Correlation-Id: {uuid(rng)}")
    elif m.client == "apple":
        out.append(f"X-Mailer: iPhone Mail (21{rng.choice('ABCDEFG')}{rng.randint(100, 400)})")
    elif m.client == "thunderbird":
        out.append("User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0")
        out.append("Content-Language: en-US")
    elif m.client == "robot":
        out.append("Auto-Submitted: auto-generated")
        out.append(f"X-SES-Outgoing: {m.date.astimezone(UTC):%Y.%m.%d}-198.51.100.{rng.randint(1, 254)}")
        out.append(f"Feedback-ID: 1.us-east-1.{base64.b64encode(rng.randbytes(24)).decode()}:AmazonSES")
    elif m.client == "bulk":
        out.append("Precedence: bulk")
        out.append(f"X-Campaign-Id: {rng.getrandbits(48):x}")
    return out


def render(m: Mail, rng: random.Random) -> bytes:
    heads = trace_headers(m, rng)
    heads.append(f"Date: {format_datetime(m.date)}")
    heads.append(f"From: {fmt_person(m.frm)}")
    heads.append("To: " + ",\n ".join(fmt_person(p) for p in m.to))
    if m.cc:
        heads.append("Cc: " + ",\n ".join(fmt_person(p) for p in m.cc))
    if m.reply_to:
        heads.append(f"Reply-To: {fmt_person(m.reply_to)}")
    heads.append(f"Subject: {enc_header(m.subject)}")
    heads.append(f"Message-ID: {m.mid}")
    if m.irt:
        heads.append(f"In-Reply-To: {m.irt}")
    if m.refs:
        heads.append("References: " + "\n ".join(m.refs))
    heads.extend(f"{k}: {v}" for k, v in m.extra)
    heads.append("MIME-Version: 1.0")

    cte = m.cte
    parts: list[Entity] = []
    if m.text is not None:
        parts.append(text_entity(m.text, "plain", m.charset, cte))
    if m.html is not None:
        parts.append(text_entity(m.html, "html", m.charset, "quoted-printable" if cte == "auto" else cte))
    if m.cal is not None:
        cal_cte = "base64" if m.client == "outlook" else "7bit"
        parts.append(text_entity(m.cal, "calendar", "utf-8", cal_cte, f"; method={m.cal_method}"))
    entity = parts[0] if len(parts) == 1 else multipart("alternative", parts, rng)
    extras: list[Entity] = []
    if m.cal is not None and m.client in ("gmail", "robot"):
        ics = base64.encodebytes(m.cal.replace("\n", "\r\n").encode())
        extras.append(
            (['Content-Type: application/ics; name="invite.ics"', 'Content-Disposition: attachment; filename="invite.ics"',
              "Content-Transfer-Encoding: base64"], ics)
        )
    if m.attach:
        name = rng.choice(("document.pdf", "scan_0042.pdf", "receipt.pdf", "photo.jpg", "notes.pdf"))
        ctype = "image/jpeg" if name.endswith(".jpg") else "application/pdf"
        blob = (b"%PDF-1.4\n" if ctype == "application/pdf" else b"\xff\xd8\xff\xe0") + rng.randbytes(m.attach)
        extras.append(
            ([f'Content-Type: {ctype}; name="{name}"', f'Content-Disposition: attachment; filename="{name}"',
              "Content-Transfer-Encoding: base64"], base64.encodebytes(blob))
        )
    if extras:
        entity = multipart("mixed", [entity, *extras], rng)
    return ("\n".join(heads + entity[0]) + "\n\n").encode("ascii", "replace") + entity[1]


# ----------------------------------------------------------------------------------------------
# Message-IDs in the styles of real clients

EXCH_PREFIX = ("BY5PR11MB4034", "DM6PR02MB5929", "SN7PR18MB5360", "PH0PR12MB7982", "CH3PR04MB8842", "AM9PR07MB7451")


def uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def make_mid(rng: random.Random, client: str, frm: Person) -> str:
    dom = frm.addr.rsplit("@", 1)[1]
    if client == "outlook":
        pfx = rng.choice(EXCH_PREFIX)
        region = "namprd" if rng.random() < 0.6 else "eurprd"
        return f"<{pfx}{rng.getrandbits(128):032X}@{pfx}.{region}{rng.randint(1, 19):02d}.prod.exchangelabs.example>"
    if client == "gmail":
        raw = base64.b64encode(rng.randbytes(33), altchars=b"+_").decode()
        return f"<CA{raw}@mail.gmail.example>"
    if client == "apple":
        return f"<{uuid(rng).upper()}@{dom}>"
    if client == "thunderbird":
        return f"<{uuid(rng)}@{dom}>"
    if client == "robot":
        if rng.random() < 0.5:
            return f"<0100018{rng.getrandbits(36):09x}-{uuid(rng)}-000000@email.amazonses.example>"
        return f"<{rng.getrandbits(64):016x}.{rng.getrandbits(20)}@{dom}>"
    return f"<{rng.getrandbits(32)}.{rng.getrandbits(64):x}.JavaMail.mailer@{dom}>"


# ----------------------------------------------------------------------------------------------
# Text helpers


def wrap72(text: str, width: int = 72) -> str:
    out: list[str] = []
    for para in text.split("\n"):
        if len(para) <= width:
            out.append(para)
            continue
        line = ""
        for w in para.split(" "):
            if line and len(line) + 1 + len(w) > width:
                out.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        out.append(line)
    return "\n".join(out)


def quote(prev: Mail, style: str) -> str:
    body = prev.text if prev.text is not None else "(see the message below)"
    if style == "outlook":
        sent = prev.date.strftime("%A, %B %d, %Y %I:%M %p").replace(" 0", " ")
        return (
            "\n\n________________________________\n"
            f"From: {prev.frm.name} <{prev.frm.addr}>\nSent: {sent}\n"
            f"To: {', '.join(p.name or p.addr for p in prev.to)}\nSubject: {prev.subject}\n\n{body}"
        )
    stamp = prev.date.strftime("%a, %b %d, %Y at %I:%M %p").replace(" 0", " ")
    lines = "\n".join(("> " + ln) if ln else ">" for ln in body.split("\n"))
    return f"\n\nOn {stamp} {prev.frm.name} <{prev.frm.addr}> wrote:\n{lines}"


def fold_ics(line: str) -> str:
    if len(line) <= 74:
        return line
    out = [line[:74]]
    rest = line[74:]
    while rest:
        out.append(" " + rest[:73])
        rest = rest[73:]
    return "\n".join(out)


def vtimezone(key: str, windows: bool) -> tuple[str, str]:
    win, std, us, _ = ZONE_INFO[key]
    tzid = win if windows else key

    def off(h: int) -> str:
        return f"{'-' if h < 0 else '+'}{abs(h):02d}00"

    if us:
        d_start, d_rule = "19700308T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"
        s_start, s_rule = "19701101T020000", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"
    else:
        d_start, d_rule = "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
        s_start, s_rule = "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    block = (
        f"BEGIN:VTIMEZONE\nTZID:{tzid}\nBEGIN:STANDARD\nDTSTART:{s_start}\nRRULE:{s_rule}\n"
        f"TZOFFSETFROM:{off(std + 1)}\nTZOFFSETTO:{off(std)}\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:{d_start}\n"
        f"RRULE:{d_rule}\nTZOFFSETFROM:{off(std)}\nTZOFFSETTO:{off(std + 1)}\nEND:DAYLIGHT\nEND:VTIMEZONE\n"
    )
    return tzid, block


def ics(
    rng: random.Random, *, start: dt.datetime, minutes: int, summary: str, organizer: Person,
    attendees: tuple[Person, ...], stamp: dt.datetime, description: str, location: str,
    method: str = "REQUEST", utc: bool = False, prodid: str = "-//Google Inc//Google Calendar 70.9054//EN",
) -> str:
    end = start + dt.timedelta(minutes=minutes)
    windows = "Microsoft" in prodid
    if utc:
        tzblock = ""
        s = f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        e = f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    else:
        tzid, tzblock = vtimezone(str(start.tzinfo), windows)
        s = f"DTSTART;TZID={tzid}:{start:%Y%m%dT%H%M%S}"
        e = f"DTEND;TZID={tzid}:{end:%Y%m%dT%H%M%S}"
    desc = description.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    lines = [
        "BEGIN:VCALENDAR", f"PRODID:{prodid}", "VERSION:2.0", "CALSCALE:GREGORIAN", f"METHOD:{method}",
    ]
    body = [
        "BEGIN:VEVENT", s, e, f"DTSTAMP:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}",
        f"ORGANIZER;CN={organizer.name}:mailto:{organizer.addr}", f"UID:{uuid(rng)}",
    ]
    for a in attendees:
        body.append(
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN={a.name};"
            f"X-NUM-GUESTS=0:mailto:{a.addr}"
        )
    body += [
        f"CREATED:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}", f"DESCRIPTION:{desc}",
        f"LAST-MODIFIED:{stamp.astimezone(UTC):%Y%m%dT%H%M%SZ}", f"LOCATION:{location}", "SEQUENCE:0",
        "STATUS:CONFIRMED", f"SUMMARY:{summary}", "TRANSP:OPAQUE",
        "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:This is an event reminder", "TRIGGER:-P0DT0H10M0S",
        "END:VALARM", "END:VEVENT", "END:VCALENDAR",
    ]
    return "\n".join(fold_ics(x) for x in lines) + "\n" + tzblock + "\n".join(fold_ics(x) for x in body) + "\n"


# ----------------------------------------------------------------------------------------------
# Conversations: threading, quoting, the clock


class Convo:
    """One thread as clients build it: Re: subjects, In-Reply-To/References, quoted history."""

    def __init__(
        self, rng: random.Random, category: str, subject: str, broken: bool = False, lang: str = "en"
    ) -> None:
        self.rng = rng
        self.lang = lang  # the hiring side's clients say "AW:" or "RE :" in German or French
        self.category = category
        self.subject = subject
        self.broken = broken  # a client that drops In-Reply-To/References
        self.msgs: list[Mail] = []

    def add(
        self, *, frm: Person, to: tuple[Person, ...], date: dt.datetime, text: str | None = None,
        html: str | None = None, client: str | None = None, quote_prev: bool | None = None,
        subject: str | None = None, **kw: object,
    ) -> Mail:
        rng = self.rng
        mine = frm.addr in (ME.addr, ME_ALT.addr)
        if client is None:
            client = rng.choice(("gmail", "apple", "thunderbird")) if mine else rng.choice(("gmail", "outlook"))
        prev = self.msgs[-1] if self.msgs else None
        if subject is None:
            if prev is None:
                subject = self.subject
            else:
                pfx = "RE: " if client == "outlook" else "Re: "
                if not mine and self.lang != "en":
                    pfx = {"de": "AW: ", "fr": "RE : ", "es": "RE: "}[self.lang]
                base = self.subject
                subject = base if base.lower().startswith(("re:", "aw:", "rép")) else pfx + base
        if client == "thunderbird" and text is not None:
            text = wrap72(text)  # hard-wrapped at 72 columns, before the quoted history is added
        if prev is not None and text is not None and (quote_prev if quote_prev is not None else rng.random() < 0.85):
            text = text + quote(prev, "outlook" if client == "outlook" else "gmail")
        irt: str | None = None
        refs: tuple[str, ...] = ()
        if prev is not None and not self.broken:
            irt = prev.mid
            refs = (*prev.refs[-8:], prev.mid)
        if html is None and text is not None and client in ("outlook", "gmail") and rng.random() < 0.8:
            html = text_to_html(text, client)
        m = Mail(
            folder="Sent" if mine else "INBOX", date=date, mid=make_mid(rng, client, frm),
            category=self.category, frm=frm, to=to, subject=subject, text=text, html=html, irt=irt, refs=refs,
            client=client, **kw,  # type: ignore[arg-type]
        )
        self.msgs.append(m)
        return m


def spread(
    rng: random.Random, lo: dt.datetime, hi: dt.datetime, n: int, tz: zoneinfo.ZoneInfo | None = None
) -> list[dt.datetime]:
    """n increasing instants in [lo, hi], a few minutes apart; in daytime of `tz` where the range allows."""
    if hi <= lo:
        hi = lo + dt.timedelta(minutes=5 * n + 5)
    span = (hi - lo).total_seconds()
    gap = min(240.0, span / (n + 1))
    room = span - (n - 1) * gap  # raw points go in [lo, lo + room]; adding i * gap keeps them <= hi
    top = lo + dt.timedelta(seconds=room)
    raw: list[dt.datetime] = []
    for _ in range(n):
        t = lo + dt.timedelta(seconds=rng.random() * room)
        if tz is not None:
            local = t.astimezone(tz)
            if not 8 <= local.hour < 19:  # people write in the day; try the same day's working hours
                moved = local.replace(hour=rng.randint(8, 18), minute=rng.randrange(60))
                if lo <= moved <= top:
                    t = moved
        raw.append(t)
    raw.sort()
    return [t + dt.timedelta(seconds=int(i * gap)) for i, t in enumerate(raw)]


def business_slot(rng: random.Random, lo: dt.datetime, hi: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """A weekday half-hour between 9:00 and 16:30 in the hiring side's zone, inside [lo, hi] when possible."""
    for _ in range(400):
        t = (lo + (hi - lo) * rng.random()).astimezone(tz)
        t = t.replace(hour=rng.choice((9, 10, 11, 13, 14, 15, 16)), minute=rng.choice((0, 30)), second=0, microsecond=0)
        if t.weekday() < 5 and lo <= t <= hi:
            return t
    for _ in range(400):  # no weekday slot fits (a weekend `now`): daytime on any day
        t = (lo + (hi - lo) * rng.random()).astimezone(tz).replace(second=0, microsecond=0)
        t = t.replace(minute=0 if t.minute < 30 else 30)
        if 9 <= t.hour <= 17 and lo <= t <= hi:
            return t
    t = (lo + (hi - lo) / 2).astimezone(tz)
    return t.replace(minute=0 if t.minute < 30 else 30, second=0, microsecond=0)


def person(rng: random.Random, domain: str, style: str = "first.last") -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = {
        "first.last": f"{first}.{last}", "flast": f"{first[0]}{last}", "first": first,
    }[style].lower()
    return Person(f"{first} {last}", f"{local}@{domain}")


# ----------------------------------------------------------------------------------------------
# Phrasebooks for the hiring side and the candidate (English varied; de/fr/es for a few processes)

SIGNOFF = {
    "en": ("Best,", "Thanks,", "Best regards,", "Cheers,", "Kind regards,", "Talk soon,", "All the best,", "Warmly,"),
    "de": ("Viele Grüße", "Beste Grüße", "Mit freundlichen Grüßen"),
    "fr": ("Bien cordialement,", "Cordialement,", "Belle journée,"),
    "es": ("Un saludo,", "Saludos cordiales,", "Un abrazo,"),
}
HELLO = {
    "en": ("Hi {n},", "Hello {n},", "Hey {n},", "Dear {n},", "{n},", "Hi {n} -", "Good morning {n},"),
    "de": ("Hallo {n},", "Guten Tag {n},", "Hallo {n},"),
    "fr": ("Bonjour {n},", "Cher {n},"),
    "es": ("Hola {n}:", "Buenos días, {n}:"),
}

P_INVITE = {
    "en": (
        "Thanks for your interest in the {role} role at {co}. The team enjoyed reading your background and "
        "we'd like to move forward with a first conversation.",
        "I'm reaching out from {co} about your application for {role}. We'd love to set up an interview.",
        "Great news: the hiring team for {role} would like to speak with you!",
        "Following up on your application to {co} - I'd like to schedule a video interview for the {role} "
        "position with our team.",
    ),
    "de": ("vielen Dank für Ihre Bewerbung als {role} bei {co}. Wir würden Sie gerne zu einem ersten "
           "Vorstellungsgespräch einladen.",),
    "fr": ("merci pour votre candidature au poste de {role} chez {co}. Nous aimerions vous proposer un "
           "entretien avec l'équipe.",),
    "es": ("gracias por tu candidatura para el puesto de {role} en {co}. Nos gustaría invitarte a una "
           "entrevista con el equipo.",),
}
P_SLOTS = {
    "en": ("Would any of these times work for you?", "Here are a few options on our side:",
           "Could you let me know which of the following suits you best?"),
    "de": ("Passt Ihnen einer der folgenden Termine?",),
    "fr": ("Est-ce que l'un de ces créneaux vous conviendrait ?",),
    "es": ("¿Te viene bien alguno de estos horarios?",),
}
P_PICK = {
    "en": ("{w} works best for me.", "Thanks! I can do {w}.", "Let's go with {w} if that still works.",
           "{w} would be perfect."),
    "de": ("{w} passt mir sehr gut.",),
    "fr": ("{w} me convient parfaitement.",),
    "es": ("{w} me viene perfecto.",),
}
P_CONFIRM = {
    "en": (
        "You're confirmed for {w}. {who} will meet you on video for {mins} minutes ({kind}).",
        "Perfect - I've booked {w} with {who}. Plan for about {mins} minutes; it's a {kind}.",
        "Great, {w} is locked in. You'll be speaking with {who} for {mins} minutes. The calendar invite is on "
        "its way.",
        "Confirming your {kind} with {who} on {w}. It will last roughly {mins} minutes.",
    ),
    "de": ("hiermit bestätige ich Ihr Gespräch mit {who} am {w}. Das Gespräch dauert etwa {mins} Minuten "
           "({kind}).",),
    "fr": ("je vous confirme votre entretien avec {who} {w}. Comptez environ {mins} minutes ({kind}).",),
    "es": ("te confirmo la entrevista con {who} {w}. Durará unos {mins} minutos ({kind}).",),
}
KIND = {
    "en": ("phone screen", "technical interview", "hiring manager interview", "system design interview",
           "video interview", "culture and values conversation"),
    "de": ("Videointerview", "Fachgespräch"),
    "fr": ("entretien technique", "entretien en visio"),
    "es": ("entrevista técnica", "videollamada"),
}
P_TIMELINE = {
    "en": (
        "We expect to make a decision by {d}.",
        "You should hear back from us by {d} at the latest.",
        "The team is wrapping up this round and plans to get back to everyone by {d}.",
        "I'll be in touch with next steps by {d}.",
        "We're aiming to have feedback for you no later than {d}.",
    ),
    "de": ("Wir melden uns bis spätestens {d} mit einer Rückmeldung.",),
    "fr": ("Nous reviendrons vers vous d'ici le {d}.",),
    "es": ("Te daremos una respuesta antes del {d}.",),
}
P_THANKS = {
    "en": (
        "Thank you for taking the time to speak with me today about the {role} role. I really enjoyed learning "
        "about {co} and the team's plans, and I'm excited about the opportunity.",
        "Thanks again for the conversation earlier - it was great to hear more about how {co} approaches the "
        "{role} work. I'm very interested in the position.",
        "I wanted to say thank you for the interview today. Talking with {who} about the {role} position made me "
        "even more enthusiastic about joining {co}.",
    ),
    "de": ("vielen Dank für das angenehme Gespräch heute zur Position {role}. Ich habe viel über {co} erfahren "
           "und bin weiterhin sehr interessiert.",),
    "fr": ("merci beaucoup pour l'entretien d'aujourd'hui pour le poste de {role}. J'ai beaucoup apprécié "
           "d'en apprendre davantage sur {co}.",),
    "es": ("muchas gracias por la entrevista de hoy para el puesto de {role}. Me encantó conocer más sobre "
           "{co} y sigo muy interesado.",),
}
P_OFFER = {
    "en": ("I'm delighted to let you know that we'd like to offer you the {role} position at {co}! I'll send the "
           "formal offer letter separately.",
           "Congratulations - the team was unanimous and we're thrilled to extend an offer for the {role} role.",),
    "de": ("ich freue mich sehr, Ihnen mitteilen zu können, dass wir Ihnen die Position {role} anbieten "
           "möchten.",),
    "fr": ("j'ai le plaisir de vous annoncer que nous souhaitons vous proposer le poste de {role}.",),
    "es": ("me alegra comunicarte que queremos ofrecerte el puesto de {role}.",),
}
P_REJECT = {
    "en": ("Thank you for interviewing for the {role} position. After careful consideration, we've decided to "
           "move forward with other candidates whose experience more closely matches our needs.",
           "I wanted to let you know that the team has decided not to move forward with your candidacy for "
           "{role}. It was a difficult decision and we appreciated your time.",),
    "de": ("leider müssen wir Ihnen mitteilen, dass wir uns für eine andere Kandidatin entschieden haben.",),
    "fr": ("malheureusement, nous avons décidé de poursuivre avec un autre profil pour le poste de {role}.",),
    "es": ("lamentablemente hemos decidido continuar con otros candidatos para el puesto de {role}.",),
}
P_ACK = {
    "en": ("Thanks for the note!", "Thank you, it was great meeting you too.", "Appreciate it, Alex."),
    "de": ("vielen Dank für Ihre Nachricht!",),
    "fr": ("merci pour votre message !",),
    "es": ("¡gracias por tu mensaje!",),
}
ME_SIGN = ("Best,\nAlex", "Thanks,\nAlex", "Best regards,\nAlex Candidate", "Cheers,\nAlex",
           "Many thanks,\nAlex Candidate\n+1 (555) 010-0142")
ME_SIGN_L = {"de": "Viele Grüße\nAlex Candidate", "fr": "Bien cordialement,\nAlex Candidate",
             "es": "Un saludo,\nAlex Candidate"}
DISCLAIMER = (
    "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the "
    "intended recipient(s) and may contain confidential and privileged information. Any unauthorized review, "
    "use, disclosure or distribution is prohibited. If you are not the intended recipient, please contact the "
    "sender by reply e-mail and destroy all copies of the original message."
)


def pick(rng: random.Random, book: dict[str, tuple[str, ...]], lang: str, **kw: str) -> str:
    return rng.choice(book[lang]).format(**kw)


# ----------------------------------------------------------------------------------------------
# The interview processes


@dataclass
class Process:
    rng: random.Random
    key: str
    shape: str
    expect: str
    company: str
    domain: str
    lang: str
    tz: zoneinfo.ZoneInfo
    role: str
    recruiter: Person
    manager: Person
    interviewer: Person
    ats: tuple[str, str]
    t_int: dt.datetime  # the (last) round's start, hiring zone
    minutes: int
    pre_lo: dt.datetime
    pre_hi: dt.datetime
    deadline: dt.date | None  # the decision date the hiring side states, if any
    timeline_where: str  # "pre", "post" or "none"
    now: dt.datetime
    mails: list[Mail] = field(default_factory=list)
    key_mid: str = ""

    def hello(self, name: str) -> str:
        return pick(self.rng, HELLO, self.lang, n=name.split()[0])

    def sign(self, p: Person, corporate: bool = True) -> str:
        s = f"{self.rng.choice(SIGNOFF[self.lang])}\n{p.name}"
        if corporate:
            s += f"\n{self.rng.choice(('Talent Acquisition', 'Senior Technical Recruiter', 'Recruiting Coordinator', 'People Team'))} | {self.company}"
            if self.rng.random() < 0.5:
                s += f"\n{self.domain.split('.')[0]}.example/careers"
            if self.rng.random() < 0.3:
                s += "\n\n" + DISCLAIMER
        return s

    def timeline(self) -> str:
        if self.deadline is None:
            return ""
        return " " + pick(self.rng, P_TIMELINE, self.lang, d=day_words(self.deadline, self.lang))

    def me_sign(self) -> str:
        return ME_SIGN_L.get(self.lang) or self.rng.choice(ME_SIGN)

    def cal(self, organizer: Person, stamp: dt.datetime, utc: bool = False, prodid: str | None = None) -> str:
        rng = self.rng
        prod = prodid or rng.choice(("-//Google Inc//Google Calendar 70.9054//EN",
                                     "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"))
        return ics(
            rng, start=self.t_int, minutes=self.minutes, summary=f"Interview: Alex Candidate / {self.role} ({self.company})",
            organizer=organizer, attendees=(ME, self.interviewer), stamp=stamp,
            description=f"Video call with {self.interviewer.name}.\nJoin: https://meet.{self.domain}/{rng.getrandbits(40):x}",
            location=f"https://meet.{self.domain}/{rng.getrandbits(40):x}", utc=utc, prodid=prod,
        )

    def local(self, t: dt.datetime) -> dt.datetime:
        return t.astimezone(self.tz)

    def me_time(self, t: dt.datetime) -> dt.datetime:
        return t.astimezone(MY_ZONE)


def post_interview(p: Process, thread: Convo, hiring: Person, when_end: dt.datetime) -> None:
    """After the last round: the candidate's thank-you, maybe a reply with the timeline, maybe a decision."""
    rng, now = p.rng, p.now
    if p.expect in ("upcoming", "thank_you"):
        return
    if p.expect == "stale" and rng.random() < 0.2:
        return  # never thanked; long silent anyway
    t_thanks = when_end + dt.timedelta(minutes=rng.randint(60, 600))
    t_thanks = min(t_thanks, now - dt.timedelta(minutes=30))
    text = (
        f"{p.hello(hiring.name)}\n\n"
        + pick(rng, P_THANKS, p.lang, role=p.role, co=p.company, who=p.interviewer.name.split()[0])
        + f"\n\n{p.me_sign()}"
    )
    thread.add(frm=ME, to=(hiring,), date=p.me_time(t_thanks), text=text)
    last = t_thanks
    if p.expect in ("follow_up", "stale") and rng.random() < 0.35:
        # An auto-reply is not hearing back (POLICY.md); its return date is before any follow-up is due.
        back = (t_thanks + dt.timedelta(days=2)).astimezone(p.tz).date()
        ooo = {"en": f"I'm out of the office until {day_words(back, 'en')} with limited access to email. I'll reply "
                     "when I'm back.",
               "de": f"Ich bin bis einschließlich {day_words(back, 'de')} nicht im Büro und habe nur "
                     "eingeschränkten Zugriff auf E-Mails.",
               "fr": f"Je suis absent(e) jusqu'au {day_words(back, 'fr')} inclus, avec un accès limité à mes "
                     "e-mails.",
               "es": f"Estaré fuera de la oficina hasta el {day_words(back, 'es')} con acceso limitado al correo."}
        auto = {"en": "Automatic reply: ", "de": "Automatische Antwort: ", "fr": "Réponse automatique : ",
                "es": "Respuesta automática: "}[p.lang]
        thread.add(frm=hiring, to=(ME,), date=p.local(t_thanks + dt.timedelta(seconds=rng.randint(5, 90))),
                   client="outlook", quote_prev=False, subject=auto + thread.subject, text=ooo[p.lang],
                   extra=(("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")))
    if p.timeline_where == "post" and p.deadline is not None:
        t = t_thanks + dt.timedelta(minutes=rng.randint(90, 1500))
        t = min(t, dt.datetime.combine(p.deadline, dt.time(9), tzinfo=p.tz) - dt.timedelta(days=1), now - dt.timedelta(minutes=20))
        t = max(t, t_thanks + dt.timedelta(minutes=5))
        thread.add(
            frm=hiring, to=(ME,), date=p.local(t),
            text=f"{p.hello('Alex')}\n\n"
            + pick(rng, P_ACK, p.lang)
            + p.timeline() + f"\n\n{p.sign(hiring, corporate=False)}",
        )
        last = t
    if p.expect == "decided":
        gap = dt.timedelta(days=rng.uniform(1.5, 12))
        t = min(last + gap, now - dt.timedelta(minutes=10))
        t = max(t, last + dt.timedelta(minutes=5))
        offer = rng.random() < 0.45
        body = pick(rng, P_OFFER if offer else P_REJECT, p.lang, role=p.role, co=p.company)
        thread.add(frm=hiring, to=(ME,), date=p.local(t), text=f"{p.hello('Alex')}\n\n{body}\n\n{p.sign(hiring)}")
        if offer and t + dt.timedelta(hours=3) < now:
            thread.add(frm=ME, to=(hiring,), date=p.me_time(t + dt.timedelta(hours=rng.uniform(1, 3))),
                       text=f"{p.hello(hiring.name)}\n\nWonderful news, thank you! I'll review the letter and get back "
                            f"to you shortly.\n\n{p.me_sign()}")


def slots_text(p: Process, k: int = 3) -> tuple[list[dt.datetime], str]:
    rng = p.rng
    slots = sorted({p.t_int} | {
        business_slot(rng, p.t_int - dt.timedelta(days=3), p.t_int + dt.timedelta(days=3), p.tz) for _ in range(k - 1)
    })
    lines = "\n".join(f"  - {when_words(s, p.lang)}" for s in slots)
    return slots, lines


def shape_slots_chain(p: Process, broken: bool = False) -> None:
    rng = p.rng
    subj = {"en": f"{p.role} interview - {p.company}", "de": f"Ihre Bewerbung als {p.role}",
            "fr": f"Votre candidature - {p.role}", "es": f"Entrevista - {p.role}"}[p.lang]
    if broken:
        subj = rng.choice(("Interview", "Interview scheduling", f"{p.company} - next steps"))
    th = Convo(rng, "interview", subj, broken=broken, lang=p.lang)
    t = spread(rng, p.pre_lo, p.pre_hi, 3, p.tz)
    _, lines = slots_text(p)
    client = "outlook" if broken else None
    th.add(frm=p.recruiter, to=(ME,), date=p.local(t[0]), client=client,
           text=f"{p.hello('Alex')}\n\n" + pick(rng, P_INVITE, p.lang, role=p.role, co=p.company) + " "
           + pick(rng, P_SLOTS, p.lang) + f"\n\n{lines}\n\n{p.sign(p.recruiter)}")
    th.add(frm=ME, to=(p.recruiter,), date=p.me_time(t[1]),
           text=f"{p.hello(p.recruiter.name)}\n\n" + pick(rng, P_PICK, p.lang, w=when_words(p.t_int, p.lang))
           + f"\n\n{p.me_sign()}")
    kind = rng.choice(KIND[p.lang])
    cal = p.cal(p.recruiter, t[2]) if rng.random() < 0.5 else None
    key = th.add(frm=p.recruiter, to=(ME,), cc=(p.interviewer,), date=p.local(t[2]), client=client, cal=cal,
                 text=f"{p.hello('Alex')}\n\n" + pick(rng, P_CONFIRM, p.lang, w=when_words(p.t_int, p.lang),
                                                     who=p.interviewer.name, mins=str(p.minutes), kind=kind)
                 + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{p.sign(p.recruiter)}")
    p.key_mid = key.mid
    post_interview(p, th, p.recruiter, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += th.msgs


def shape_ats_then_recruiter(p: Process) -> None:
    rng = p.rng
    ats_name, ats_addr = p.ats
    robot = Person(f"{p.company} Recruiting" if rng.random() < 0.6 else p.company, ats_addr)
    th = Convo(rng, "interview", f"{p.company} | {p.role}")
    t = spread(rng, p.pre_lo, p.pre_hi, 4, p.tz)
    th.add(frm=p.recruiter, to=(ME,), date=p.local(t[0]),
           text=f"{p.hello('Alex')}\n\n" + pick(rng, P_INVITE, "en", role=p.role, co=p.company)
           + f" You'll get a scheduling email from {ats_name} in a moment - just pick whatever suits you."
           + f"\n\n{p.sign(p.recruiter)}")
    th.add(frm=ME, to=(p.recruiter,), date=p.me_time(t[1]),
           text=f"{p.hello(p.recruiter.name)}\n\nThank you, looking forward to it!\n\n{p.me_sign()}")
    conf = Convo(rng, "interview", rng.choice((
        f"Interview Confirmation: {p.role} at {p.company}", f"Your interview with {p.company} is confirmed",
        f"Confirmed: {p.role} - Interview with {p.company}")))
    text = (
        "Hi Alex,\n\nYour interview has been scheduled. Here are the details:\n\n"
        f"Position: {p.role}\nDate: {day_words(p.t_int.date(), 'en')}, {p.t_int.year}\n"
        f"Time: {p.t_int.strftime('%I:%M %p').lstrip('0')} - "
        f"{(p.t_int + dt.timedelta(minutes=p.minutes)).strftime('%I:%M %p').lstrip('0')} ({p.t_int.tzname()})\n"
        f"Interviewer(s): {p.interviewer.name}, {p.manager.name}\n"
        f"Location: Video call - https://meet.{p.domain}/{rng.getrandbits(40):x}\n\n"
        "Need to reschedule? Reply to this email or contact your recruiter.\n\n"
        f"Sent via {ats_name} on behalf of {p.company}.\n"
    )
    key = conf.add(frm=robot, to=(ME,), reply_to=p.recruiter, date=t[2].astimezone(UTC), client="robot", text=text,
                   html=text_to_html(text, "gmail"), cal=p.cal(robot, t[2], utc=rng.random() < 0.5))
    p.key_mid = key.mid
    if rng.random() < 0.4:  # the candidate forwards the confirmation to their other address
        fwd = Convo(rng, "interview", "Fwd: " + key.subject)
        fwd.add(frm=ME, to=(ME_ALT,), date=p.me_time(t[2] + (t[3] - t[2]) * rng.uniform(0.1, 0.9)), client="gmail",
                text="for the calendar\n\n---------- Forwarded message ---------\n"
                f"From: {robot.name} <{robot.addr}>\nDate: {key.date.strftime('%a, %b %d, %Y at %I:%M %p')}\n"
                f"Subject: {key.subject}\nTo: <{ME.addr}>\n\n\n{text}")
        conf.msgs += fwd.msgs
    th.add(frm=p.recruiter, to=(ME,), date=p.local(t[3]),
           text=f"{p.hello('Alex')}\n\nI see you're all set with {p.interviewer.name.split()[0]}. "
           + rng.choice(("Good luck!", "Let me know if anything comes up.", "You'll do great."))
           + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{p.sign(p.recruiter)}")
    post_interview(p, th, p.recruiter, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += conf.msgs + th.msgs


def shape_candidate_invite(p: Process) -> None:
    rng = p.rng
    th = Convo(rng, "interview", f"Chat about the {p.role} role?")
    t = spread(rng, p.pre_lo, p.pre_hi, 4, p.tz)
    th.add(frm=p.manager, to=(ME,), date=p.local(t[0]),
           text=f"{p.hello('Alex')}\n\nI lead the team hiring for {p.role} at {p.company}. Could we do a "
           f"{p.minutes}-minute interview next week? My calendar is mostly open in the afternoons - feel free to "
           f"send me an invite for whatever works on your end.\n\n{p.sign(p.manager, corporate=False)}")
    th.add(frm=ME, to=(p.manager,), date=p.me_time(t[1]),
           text=f"{p.hello(p.manager.name)}\n\nThat sounds great. How about {when_words(p.t_int, 'en')}? I'll send "
           f"an invite.\n\n{p.me_sign()}")
    inv = Convo(rng, "interview", f"Interview: Alex Candidate <> {p.manager.name} ({p.company})")
    cal = ics(rng, start=p.t_int, minutes=p.minutes, summary=f"Alex Candidate <> {p.manager.name} - {p.role} interview",
              organizer=ME, attendees=(p.manager,), stamp=t[2], description=f"{p.role} interview, {p.company}",
              location=f"https://meet.mailbox.example/{rng.getrandbits(36):x}")
    text = (f"Invitation: {p.role} interview\n{when_words(p.t_int, 'en')}\nOrganizer: Alex Candidate\n"
            f"Guests: {p.manager.addr}\n\nInvitation from Alex Candidate's calendar")
    key = inv.add(frm=ME, to=(p.manager,), date=p.me_time(t[2]), client="gmail", text=text, cal=cal)
    p.key_mid = key.mid
    th.add(frm=p.manager, to=(ME,), date=p.local(t[3]),
           text=f"Got it, thanks. Talk then!\n\n{p.manager.name.split()[0]}"
           + (("\n\nPS -" + p.timeline()) if p.timeline_where == "pre" else ""))
    post_interview(p, th, p.manager, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += inv.msgs + th.msgs


def shape_plain_wrapped(p: Process) -> None:
    rng = p.rng
    kind = rng.choice(KIND[p.lang])
    th = Convo(rng, "interview", {"en": f"Interview invitation: {p.role}", "de": f"Einladung zum Gespräch: {p.role}",
                                  "fr": f"Invitation à un entretien - {p.role}", "es": f"Invitación a entrevista: {p.role}"}[p.lang],
               lang=p.lang)
    t = spread(rng, p.pre_lo, p.pre_hi, 2, p.tz)
    body = (
        f"{p.hello('Alex')}\n\n" + pick(rng, P_INVITE, p.lang, role=p.role, co=p.company) + " "
        + pick(rng, P_CONFIRM, p.lang, w=when_words(p.t_int, p.lang), who=p.interviewer.name, mins=str(p.minutes),
               kind=kind)
        + " " + {"en": "Please reply to confirm that the time works for you; if it does not, let me know a few "
                       "alternatives and I will do my best to find another slot.",
                 "de": "Bitte bestätigen Sie mir kurz den Termin; falls er nicht passt, nennen Sie mir gerne "
                       "Alternativen.",
                 "fr": "Merci de me confirmer ce créneau ou de me proposer d'autres disponibilités.",
                 "es": "Por favor, confírmame si te va bien o propón otra hora."}[p.lang]
        + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{p.sign(p.recruiter)}"
    )
    key = th.add(frm=p.recruiter, to=(ME,), date=p.local(t[0]), client="thunderbird", text=wrap72(body),
                 charset=rng.choice(("iso-8859-1", "windows-1252", "utf-8")), cte=rng.choice(("auto", "quoted-printable")))
    p.key_mid = key.mid
    th.add(frm=ME, to=(p.recruiter,), date=p.me_time(t[1]),
           text=f"{p.hello(p.recruiter.name)}\n\n" + pick(rng, P_PICK, p.lang, w=when_words(p.t_int, p.lang))
           + f"\n\n{p.me_sign()}")
    post_interview(p, th, p.recruiter, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += th.msgs


def shape_html_only(p: Process) -> None:
    rng = p.rng
    th = Convo(rng, "interview", f"Your interview at {p.company}")
    t = spread(rng, p.pre_lo, p.pre_hi, 2, p.tz)
    end = p.t_int + dt.timedelta(minutes=p.minutes)
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:Helvetica,Arial,sans-serif;'
        "color:#222}td{padding:6px 12px}.btn{background:#2b6cb0;color:#fff;padding:10px 18px;border-radius:4px;"
        'text-decoration:none}</style></head><body><table width="600" cellpadding="0" cellspacing="0" '
        f'align="center"><tr><td><img src="https://static.{p.domain}/logo.png" alt="{htmllib.escape(p.company)}" '
        f'width="140"></td></tr><tr><td><p>Hi Alex,</p><p>We are excited to invite you to interview for the '
        f"<b>{htmllib.escape(p.role)}</b> position.</p><table style=\"border:1px solid #ddd\"><tr><td>When</td><td>"
        f"<b>{htmllib.escape(when_words(p.t_int, 'en'))}</b> &ndash; {end:%H:%M}</td></tr><tr><td>Duration</td><td>"
        f"{p.minutes} minutes</td></tr><tr><td>With</td><td>{htmllib.escape(p.interviewer.name)}, "
        f"{htmllib.escape(p.manager.name)}</td></tr><tr><td>Where</td><td>Video call (link below)</td></tr></table>"
        f'<p><a class="btn" href="https://meet.{p.domain}/{rng.getrandbits(40):x}">Join the call</a></p>'
        f"<p>{htmllib.escape(p.timeline().strip()) if p.timeline_where == 'pre' else ''}</p>"
        f"<p>Kind regards,<br>{htmllib.escape(p.recruiter.name)}<br>Recruiting Coordinator, "
        f"{htmllib.escape(p.company)}</p></td></tr><tr><td style=\"font-size:11px;color:#888\">"
        f"{htmllib.escape(DISCLAIMER)}</td></tr></table></body></html>\n"
    )
    key = th.add(frm=p.recruiter, to=(ME,), date=p.local(t[0]), client="outlook", text=None, html=html)
    p.key_mid = key.mid
    th.add(frm=ME, to=(p.recruiter,), date=p.me_time(t[1]), quote_prev=False,
           text=f"{p.hello(p.recruiter.name)}\n\nConfirmed, thank you - see you then.\n\n{p.me_sign()}")
    post_interview(p, th, p.recruiter, end)
    p.mails += th.msgs


def shape_hm_direct(p: Process) -> None:
    rng = p.rng
    hm = p.manager
    if rng.random() < 0.5:  # a founder writing from a free-mail address
        hm = Person(hm.name, f"{hm.name.split()[0].lower()}.{hm.name.split()[1].lower()}@{rng.choice(FREEMAIL)}")
    th = Convo(rng, "interview", {"en": f"{p.company} - {p.role}", "de": f"Gespräch {p.role}",
                                  "fr": f"Échange - {p.role}", "es": f"Charla - {p.role}"}[p.lang], lang=p.lang)
    t = spread(rng, p.pre_lo, p.pre_hi, 3, p.tz)
    th.add(frm=hm, to=(ME,), date=p.local(t[0]), client="apple",
           text=f"{p.hello('Alex')}\n\n" + pick(rng, P_INVITE, p.lang, role=p.role, co=p.company)
           + " " + pick(rng, P_SLOTS, p.lang) + "\n\n" + slots_text(p)[1] + f"\n\n{hm.name.split()[0]}")
    th.add(frm=ME, to=(hm,), date=p.me_time(t[1]),
           text=f"{p.hello(hm.name)}\n\n" + pick(rng, P_PICK, p.lang, w=when_words(p.t_int, p.lang)) + f"\n\n{p.me_sign()}")
    key = th.add(frm=hm, to=(ME,), date=p.local(t[2]), client="apple",
                 text=p.hello("Alex") + "\n\n" + pick(rng, P_CONFIRM, p.lang, w=when_words(p.t_int, p.lang), who=hm.name,
                           mins=str(p.minutes), kind=rng.choice(KIND[p.lang]))
                 + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{hm.name.split()[0]}\n\nSent from my iPhone")
    p.key_mid = key.mid
    post_interview(p, th, hm, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += th.msgs


def shape_agency(p: Process) -> None:
    rng = p.rng
    ag_name, ag_dom = rng.choice(AGENCIES)
    agent = person(rng, ag_dom)
    th = Convo(rng, "interview", f"{p.role} opportunity with my client {p.company}")
    t = spread(rng, p.pre_lo, p.pre_hi, 4, p.tz)
    th.add(frm=agent, to=(ME,), date=p.local(t[0]),
           text=f"{p.hello('Alex')}\n\nGreat speaking earlier. As discussed, I've put you forward to my client "
           f"{p.company} for the {p.role} role and they'd like to interview you. What does your availability "
           f"look like this week and next?\n\n{agent.name}\nSenior Consultant | {ag_name}\n\n{DISCLAIMER}")
    th.add(frm=ME, to=(agent,), date=p.me_time(t[1]),
           text=f"{p.hello(agent.name)}\n\nThanks! I'm flexible most afternoons; {when_words(p.t_int, 'en')} would be "
           f"ideal.\n\n{p.me_sign()}")
    key = th.add(frm=agent, to=(ME,), date=p.local(t[2]),
                 text=f"{p.hello('Alex')}\n\nAll confirmed - {p.company} will see you {when_words(p.t_int, 'en')} "
                 f"with {p.interviewer.name} ({p.minutes} mins, video). I'll send prep notes over shortly."
                 + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{agent.name}\n{ag_name}"
                 + ("" if rng.random() < 0.5 else
                    f"\n\nFrom: {p.manager.name} <{p.manager.addr}>\nSent: "
                    f"{p.local(t[2] - dt.timedelta(hours=2)).strftime('%A, %B %d, %Y %I:%M %p')}\nTo: {agent.name} "
                    f"<{agent.addr}>\nSubject: RE: Candidate - Alex Candidate\n\nThanks {agent.name.split()[0]}, "
                    f"{when_words(p.t_int, 'en')} works for {p.interviewer.name.split()[0]}. We'll send a video link."
                    f"\n\n{p.manager.name}\n{p.company}"))
    p.key_mid = key.mid
    th.add(frm=agent, to=(ME,), date=p.local(t[3]),
           text=f"Prep notes as promised: expect questions on past projects, a short technical deep-dive and time "
           f"for your questions. Be yourself!\n\n{agent.name}")
    post_interview(p, th, agent, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += th.msgs


def shape_scheduler(p: Process) -> None:
    rng = p.rng
    tool, tool_addr = rng.choice(SCHEDULERS)
    th = Convo(rng, "interview", f"Next steps - {p.role}")
    t = spread(rng, p.pre_lo, p.pre_hi, 3, p.tz)
    th.add(frm=p.recruiter, to=(ME,), date=p.local(t[0]),
           text=f"{p.hello('Alex')}\n\n" + pick(rng, P_INVITE, "en", role=p.role, co=p.company)
           + f" Please grab a {p.minutes}-minute slot with {p.interviewer.name} here: "
           f"https://{tool.lower()}-mail.example/{p.interviewer.name.split()[0].lower()}/{p.minutes}min\n\n{p.sign(p.recruiter)}")
    conf = Convo(rng, "interview", rng.choice((
        f"Confirmed: {p.minutes} Minute Interview with {p.interviewer.name} on {day_words(p.t_int.date(), 'en')}, {p.t_int.year}",
        f"New event: Alex Candidate - {p.t_int:%I:%M%p} {day_words(p.t_int.date(), 'en')} - {p.role} interview")))
    text = (
        f"Hi Alex Candidate,\n\nA new event has been scheduled.\n\nEvent Type:\n{p.minutes} Minute Interview\n\n"
        f"Invitee:\nAlex Candidate\n\nEvent Date/Time:\n{p.t_int:%I:%M%p} - {day_words(p.t_int.date(), 'en')}, "
        f"{p.t_int.year} ({str(p.t_int.tzinfo).replace('_', ' ')})\n\nLocation:\nhttps://meet.{p.domain}/"
        f"{rng.getrandbits(40):x}\n\nNeed to make changes to this event?\nCancel: https://{tool.lower()}-mail.example/"
        f"cancellations/{uuid(rng)}\nReschedule: https://{tool.lower()}-mail.example/reschedulings/{uuid(rng)}\n\n"
        f"Powered by {tool}\n"
    )
    key = conf.add(frm=Person(tool, tool_addr), to=(ME,), reply_to=p.interviewer, date=t[1].astimezone(UTC),
                   client="robot", text=text, html=text_to_html(text, "gmail"),
                   cal=p.cal(p.interviewer, t[1], utc=True, prodid=f"-//{tool}//Scheduling//EN"))
    p.key_mid = key.mid
    th.add(frm=p.recruiter, to=(ME,), date=p.local(t[2]),
           text=f"Saw that you booked time with {p.interviewer.name.split()[0]} - perfect."
           + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{p.sign(p.recruiter)}")
    post_interview(p, th, p.recruiter, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += conf.msgs + th.msgs


def shape_multi_round(p: Process) -> None:
    rng = p.rng
    th = Convo(rng, "interview", f"{p.company}: {p.role} - interview process")
    lo = p.pre_lo - dt.timedelta(days=14)
    t1 = business_slot(rng, lo + dt.timedelta(days=3), min(p.pre_lo + dt.timedelta(days=2), p.now - dt.timedelta(days=2)), p.tz)
    a, b = spread(rng, lo, t1 - dt.timedelta(hours=3), 2, p.tz)
    th.add(frm=p.recruiter, to=(ME,), date=p.local(a),
           text=f"{p.hello('Alex')}\n\nLet's start with a 30-minute phone screen. Does {when_words(t1, 'en')} work? "
           f"I'll call the number on your CV.\n\n{p.sign(p.recruiter)}")
    th.add(frm=ME, to=(p.recruiter,), date=p.me_time(b), text=f"That works, talk then.\n\n{p.me_sign()}")
    c, d, e = spread(rng, t1 + dt.timedelta(hours=2), p.pre_hi, 3, p.tz)
    th.add(frm=ME, to=(p.recruiter,), date=p.me_time(c),
           text=f"{p.hello(p.recruiter.name)}\n\nThank you for the call today - I enjoyed hearing about {p.company}."
           f"\n\n{p.me_sign()}")
    th.add(frm=p.recruiter, to=(ME,), date=p.local(d),
           text=f"{p.hello('Alex')}\n\nGreat news - the team would like to invite you to the final round (virtual "
           f"onsite). Would {when_words(p.t_int, 'en')} work? It's a {p.minutes // 60}-hour block with "
           f"{p.interviewer.name}, {p.manager.name} and two engineers.\n\n{p.sign(p.recruiter)}")
    key = th.add(frm=p.recruiter, to=(ME,), date=p.local(e), cal=p.cal(p.recruiter, e),
                 text=f"Confirmed for {when_words(p.t_int, 'en')}. The invite with the agenda is attached."
                 + (p.timeline() if p.timeline_where == "pre" else "") + f"\n\n{p.sign(p.recruiter)}")
    p.key_mid = key.mid
    post_interview(p, th, p.recruiter, p.t_int + dt.timedelta(minutes=p.minutes))
    p.mails += th.msgs


SHAPES: dict[str, Callable[[Process], None]] = {
    "ats_then_recruiter": shape_ats_then_recruiter,
    "slots_reply_chain": shape_slots_chain,
    "candidate_sends_invite": shape_candidate_invite,
    "plain_wrapped": shape_plain_wrapped,
    "html_only": shape_html_only,
    "hiring_manager_direct": shape_hm_direct,
    "agency": shape_agency,
    "scheduler_tool": shape_scheduler,
    "multi_round": shape_multi_round,
    "no_references": lambda p: shape_slots_chain(p, broken=True),
}
LANG_SHAPES = ("slots_reply_chain", "plain_wrapped", "hiring_manager_direct")


def expect_plan(n: int) -> list[str]:
    """~1/8 thank_you, ~1/8 follow_up, the rest upcoming / stale / decided."""
    k = max(1, round(n / 8))
    plan = ["thank_you"] * k + ["follow_up"] * k
    rest = ("stale", "decided", "upcoming", "stale", "decided")
    i = 0
    while len(plan) < n:
        plan.append(rest[i % len(rest)])
        i += 1
    return plan[:n]


def weekday_on_or_before(d: dt.date) -> dt.date:
    """Nobody promises an answer 'by Saturday'."""
    return d - dt.timedelta(days=max(0, d.weekday() - 4))


def make_process(rng: random.Random, idx: int, shape: str, expect: str, now: dt.datetime) -> Process:
    langs_ok = shape in LANG_SHAPES
    pool = [c for c in COMPANIES if langs_ok or c[2] == "en"]
    company, domain, lang, zkey = pool[(idx * 7 + rng.randrange(len(pool))) % len(pool)]
    if lang != "en" and rng.random() < 0.3:
        lang = "en"  # a European company that hires in English
    tz = zoneinfo.ZoneInfo(zkey)
    role = rng.choice(ROLES[lang])
    rec = person(rng, domain, rng.choice(("first.last", "flast", "first")))
    mgr = person(rng, domain)
    ivw = person(rng, domain)
    minutes = 180 if shape == "multi_round" else rng.choice((30, 45, 45, 60, 60))
    today = now.astimezone(tz).date()
    deadline: dt.date | None = None
    where = rng.choice(("pre", "post", "post", "none"))
    day = dt.timedelta(days=1)
    if expect == "upcoming":
        t_int = business_slot(rng, now + dt.timedelta(hours=20), now + 12 * day, tz)
        hi = now - dt.timedelta(minutes=rng.randint(10, 1200))
        lo = hi - dt.timedelta(days=rng.uniform(2, 9))
    elif expect == "thank_you":
        t_int = business_slot(rng, now - dt.timedelta(hours=21), now - dt.timedelta(minutes=minutes + 45), tz)
        if t_int + dt.timedelta(minutes=minutes) > now - dt.timedelta(minutes=30):
            t_int = (now - dt.timedelta(minutes=minutes + 60)).astimezone(tz).replace(second=0, microsecond=0)
        hi = t_int - dt.timedelta(hours=rng.uniform(3, 40))
        lo = hi - dt.timedelta(days=rng.uniform(2, 9))
    elif expect == "follow_up":
        if where == "none":
            d0 = today - dt.timedelta(days=rng.randint(17, 23))
            t_int = business_slot(rng, dt.datetime.combine(d0, dt.time(0), tzinfo=tz),
                                  dt.datetime.combine(d0, dt.time(23), tzinfo=tz), tz)
        else:
            deadline = weekday_on_or_before(today - dt.timedelta(days=rng.randint(2, 9)))
            dl = dt.datetime.combine(deadline, dt.time(0), tzinfo=tz)
            t_int = business_slot(rng, dl - 9 * day, dl - 3 * day, tz)
        hi = t_int - dt.timedelta(hours=rng.uniform(3, 40))
        lo = hi - dt.timedelta(days=rng.uniform(2, 9))
    else:  # stale, decided
        t_int = business_slot(rng, now - 700 * day, now - (45 if expect == "stale" else 5) * day, tz)
        if where != "none":
            deadline = weekday_on_or_before(t_int.date() + dt.timedelta(days=rng.randint(5, 12)))
        hi = t_int - dt.timedelta(hours=rng.uniform(3, 40))
        lo = hi - dt.timedelta(days=rng.uniform(2, 9))
    if expect in ("upcoming", "thank_you"):
        where = "pre" if rng.random() < 0.4 else "none"
        if where == "pre":
            deadline = weekday_on_or_before((t_int + dt.timedelta(days=rng.randint(5, 10))).date())
    return Process(
        rng=rng, key=f"{shape}-{idx:03d}", shape=shape, expect=expect, company=company, domain=domain, lang=lang,
        tz=tz, role=role, recruiter=rec, manager=mgr, interviewer=ivw, ats=rng.choice(ATS), t_int=t_int,
        minutes=minutes, pre_lo=lo, pre_hi=hi, deadline=deadline, timeline_where=where, now=now,
    )


# ----------------------------------------------------------------------------------------------
# Noise: ordinary mail, with many look-alikes of interview mail

TIPS = (
    "10 interview questions hiring managers love to ask (and how to answer them)",
    "How to follow up after a job interview without being a pest",
    "The thank-you note: what to write after your interview",
    "Behavioral interviews: the STAR method, explained",
    "What recruiters wish you knew before your phone screen",
    "Salary negotiation after the final round",
    "System design interview: a checklist",
    "Why you didn't hear back after the onsite",
)
BLOG = (
    "Postgres 17 in production: what changed for us", "A gentle introduction to eBPF", "Rust async, one year on",
    "Why we moved our queues off Kafka", "Shipping a design system at scale", "The hidden cost of feature flags",
    "Observability on a budget", "Kubernetes operators you don't need",
)
FILLER = (
    "In this issue we look at what actually changed and what stayed the same.",
    "Teams that measured before optimizing saw the biggest wins.",
    "Readers wrote in with great questions last week, so we're answering a few of them here.",
    "The short version: keep it simple, measure twice, and write things down.",
    "Our guest this month has spent a decade building hiring pipelines at fast-growing startups.",
    "You can find the full transcript and the slides on our website.",
    "As always, reply to this email if you have feedback - we read every message.",
    "There's a lot of noise out there, so we picked the three links worth your time.",
    "We also updated the reading list with a few classics that hold up surprisingly well.",
    "The conference talk recordings are now available for everyone, not just attendees.",
    "A quick reminder that early-bird tickets end on Friday.",
    "If you only read one thing this week, make it the piece on incident reviews.",
    "Several of you asked about remote work policies; here is what we found.",
    "Don't forget to ask about the team's timeline at the end of every interview.",
    "Send a short thank-you note within a day, and keep it specific.",
)
CHAT = (
    "Are we still on for Saturday?", "I can bring the salad if you handle drinks.",
    "Did you see the photos from the hike? Mia looks so grown up.", "Mom says hi and wants to know when you're visiting.",
    "Running about ten minutes late, sorry!", "Can you send me the address again?",
    "Thanks for helping with the move last weekend, really appreciated it.", "The plumber is coming Tuesday morning.",
    "Do you still have that book I lent you? No rush.", "Happy birthday!! Hope you have a great one.",
    "We booked the cabin for the second week of July.", "Let's do dinner next week - Thursday?",
)
WORK = (
    "Can you take a look at the migration plan before Thursday?", "Moving our 1:1 to the afternoon this week.",
    "The deploy is blocked on the flaky integration test again.", "Notes from today's sync are in the doc.",
    "Reminder: quarterly planning kicks off Monday.", "Could you review the RFC for the new billing service?",
)


def _filler(rng: random.Random, n: int) -> str:
    return "\n\n".join(" ".join(rng.choice(FILLER) for _ in range(rng.randint(2, 5))) for _ in range(n))


def bulk_html(rng: random.Random, title: str, body: str, brand: str) -> str:
    paras = "".join(
        f'<tr><td style="padding:8px 24px;font-family:Georgia,serif;font-size:16px;line-height:24px;color:#333">'
        f"{htmllib.escape(p)}</td></tr>\n" for p in body.split("\n\n")
    )
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/'
        'xhtml1-transitional.dtd">\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
        f"<title>{htmllib.escape(title)}</title><style>@media only screen and (max-width:600px){{.wrap{{width:100%"
        "!important}}}}</style></head><body style=\"margin:0;background:#f4f4f4\">\n<table class=\"wrap\" "
        'width="600" align="center" cellpadding="0" cellspacing="0" style="background:#fff">\n'
        f'<tr><td style="padding:24px"><h1 style="font-size:24px">{htmllib.escape(title)}</h1></td></tr>\n'
        f"{paras}<tr><td style=\"padding:24px;font-size:11px;color:#999\">You are receiving this because you "
        f"subscribed to {htmllib.escape(brand)}. <a href=\"https://{brand.lower().replace(' ', '')}.example/"
        f"unsubscribe?u={rng.getrandbits(64):x}\">Unsubscribe</a></td></tr></table></body></html>\n"
    )


@dataclass
class World:
    rng: random.Random
    now: dt.datetime
    friends: list[Person]
    colleagues: list[Person]
    recruiter_friends: list[Person]


def bulk_mail(w: World, t: dt.datetime, cat: str, brand: str, dom: str, subject: str, body: str,
              list_id: bool = True) -> Mail:
    rng = w.rng
    frm = Person(brand, rng.choice(("newsletter", "hello", "digest", "news", "noreply")) + f"@{dom}")
    extra: list[tuple[str, str]] = [
        ("List-Unsubscribe", f"<https://{dom}/u/{rng.getrandbits(64):x}>, <mailto:unsubscribe@{dom}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
    ]
    if list_id:
        extra.append(("List-Id", f"{brand} <{rng.getrandbits(24):x}.list-id.{dom}>"))
    return Mail(folder="INBOX", date=t, mid=make_mid(rng, "bulk", frm), category=cat, frm=frm, to=(ME,),
                subject=subject, text=body, html=bulk_html(rng, subject, body, brand), extra=tuple(extra),
                client="bulk", cte=rng.choice(("quoted-printable", "base64", "auto")))


TIPS_INTL = (
    ("Karriere-Kompass", "karrierekompass.example", "Vorstellungsgespräch: So bereiten Sie sich richtig vor",
     "Nach dem Bewerbungsgespräch sollten Sie sich innerhalb eines Tages bedanken. Fragen Sie am Ende des Gesprächs "
     "nach dem weiteren Zeitplan. Melden Sie sich höchstens einmal, wenn die genannte Frist verstrichen ist."),
    ("Le Mag Carrière", "lemagcarriere.example", "Entretien d'embauche : 5 erreurs à éviter",
     "Envoyez un court message de remerciement après l'entretien. Demandez quand une décision sera prise, et "
     "relancez poliment une seule fois si la date est dépassée."),
    ("Empleo Hoy", "empleohoy.example", "Cómo hacer seguimiento después de una entrevista de trabajo",
     "Envía un correo de agradecimiento el mismo día de la entrevista y pregunta por los plazos del proceso."),
)


def n_newsletter(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    if rng.random() < 0.08:
        brand, dom, title, body = rng.choice(TIPS_INTL)
        m = bulk_mail(w, t, "newsletter", brand, dom, title, body + "\n\n" + body)
        return [dataclasses.replace(m, charset=rng.choice(("iso-8859-1", "utf-8", "windows-1252")))]
    if rng.random() < 0.5:
        title = rng.choice(TIPS)
        brand, dom = rng.choice((("Career Compass", "careercompass.example"), ("The Hiring Desk", "hiringdesk.example.com"),
                                 ("Hire Wire", "hirewire.example")))
        body = f"{title}\n\n{_filler(rng, rng.randint(3, 8))}\n\nRead more: https://{dom}/blog/{rng.getrandbits(32):x}"
    else:
        title = rng.choice(BLOG)
        brand, dom = rng.choice((("Backend Weekly", "backendweekly.example"), ("The Pragmatic Byte", "pragbyte.example"),
                                 ("SRE Digest", "sredigest.example.net")))
        body = "\n\n".join(f"{i + 1}. {rng.choice(BLOG)}\n{_filler(rng, 1)}" for i in range(rng.randint(3, 7)))
    return [bulk_mail(w, t, "newsletter", brand, dom, f"{brand}: {title}", body)]


def n_podcast(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    guest = person(rng, "x.example")
    subj = rng.choice((f"New episode: Interview with {guest.name}", f"Ep. {rng.randint(40, 300)} - {guest.name} on "
                       "leaving big tech", f"This week's interview: {guest.name}"))
    body = (f"In this week's episode we interview {guest.name} about careers, hiring and burnout. Listen on your "
            f"favourite podcast app.\n\n{_filler(rng, 3)}")
    return [bulk_mail(w, t, "podcast", "Ship It Talk", "shipittalk.example", subj, body)]


def n_job_alert(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    n = rng.randint(5, 25)
    subj = rng.choice((f"{n} new jobs for Backend Engineer", "Companies interviewing now in your area",
                       "Jobs you may be interested in", f"{rng.choice(COMPANIES)[0]} and {n} others are hiring",
                       "Your job alert: Senior Software Engineer, Remote"))
    lines = "\n\n".join(f"{rng.choice(ROLES['en'])}\n{rng.choice(COMPANIES)[0]} - Remote\nActively interviewing - "
                        f"apply in 1 click" for _ in range(rng.randint(4, 10)))
    return [bulk_mail(w, t, "job_alert", "JobBoard Alerts", "jobs.jobboard.example", subj, lines)]


def n_promo(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    brand, dom = rng.choice((("Trailhead Outfitters", "trailhead-outfitters.example"), ("Pixel & Pine", "pixelpine.example"),
                             ("Harbor Coffee", "harborcoffee.example"), ("Nova Airlines", "novaair.example")))
    subj = rng.choice(("Last chance: 30% off ends tonight", "New arrivals you'll love", "Your weekend deals are here",
                       "We miss you - here's 15% off"))
    return [bulk_mail(w, t, "promo", brand, dom, subj, _filler(rng, rng.randint(2, 5)), list_id=False)]


def n_calendar(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    org = rng.choice(w.colleagues)
    tz = zoneinfo.ZoneInfo("America/New_York")
    start = business_slot(rng, t + dt.timedelta(hours=4), t + dt.timedelta(days=10), tz)
    what = rng.choice(("Weekly sync", f"1:1 {org.name.split()[0]} / Alex", "Sprint planning", "Architecture review",
                       "Interview loop debrief", "Team retro", "Incident review: checkout latency", "Quarterly planning",
                       "Interviewer training: structured interviews", "Hiring sync - Backend role", "Coffee chat"))
    cancel = rng.random() < 0.12
    cal = ics(rng, start=start, minutes=rng.choice((30, 45, 60)), summary=what, organizer=org,
              attendees=(ME, *rng.sample(w.colleagues, 2)), stamp=t, description=rng.choice(WORK),
              location=rng.choice(("Conf Room Birch", "Zoom", "https://meet.larkspur-labs.example/team")),
              prodid=rng.choice(("-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "-//Google Inc//Google Calendar 70.9054//EN")),
              method="CANCEL" if cancel else "REQUEST")
    if cancel:
        cal = cal.replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    verb = "Canceled event" if cancel else "Invitation"
    th = Convo(rng, "calendar_internal", f"{verb}: {what} @ {start:%a %b %d, %Y %I:%M%p} (EST)")
    out = [th.add(frm=org, to=(ME,), date=t, text=f"{what}\n{start:%A, %B %d} {start:%I:%M%p}\n\n{rng.choice(WORK)}",
                  cal=cal, cal_method="CANCEL" if cancel else "REQUEST", client=rng.choice(("outlook", "gmail")))]
    if not cancel and rng.random() < 0.4 and t + dt.timedelta(hours=2) < w.now:
        out.append(Convo(rng, "calendar_internal", f"Accepted: {what}").add(
            frm=ME, to=(org,), date=(t + dt.timedelta(minutes=rng.randint(5, 100))).astimezone(MY_ZONE),
            text=f"Alex Candidate has accepted this invitation.\n\n{what}", client="gmail"))
    return out


def n_interviewer(w: World, t: dt.datetime) -> list[Mail]:
    """The candidate interviews other people for their current employer: they are the interviewer."""
    rng = w.rng
    cand = person(rng, rng.choice(FREEMAIL))
    role = rng.choice(ROLES["en"])
    tz = zoneinfo.ZoneInfo("America/New_York")
    start = business_slot(rng, t + dt.timedelta(hours=20), t + dt.timedelta(days=7), tz)
    robot = Person(f"{EMPLOYER[0]} Recruiting", rng.choice(ATS)[1])
    coord = rng.choice(w.colleagues)
    subj = rng.choice((f"Interview scheduled: {cand.name} for {role}", f"You're interviewing {cand.name} ({role})",
                       f"Interviewer assignment - {cand.name} - Technical Interview"))
    text = (f"Hi Alex,\n\nYou have been added as an interviewer for {cand.name}, who is interviewing for {role} at "
            f"{EMPLOYER[0]}.\n\nWhen: {when_words(start, 'en')}\nFocus area: {rng.choice(('coding', 'system design', 'values'))}"
            "\n\nPlease review the candidate's resume and submit your scorecard within 24 hours of the interview.\n")
    cal = ics(rng, start=start, minutes=60, summary=f"Interview: {cand.name} - {role}", organizer=coord,
              attendees=(ME, coord), stamp=t, description=text, location="Zoom")
    th = Convo(rng, "interviewer_duty", subj)
    out = [th.add(frm=robot, to=(ME,), date=t.astimezone(UTC), text=text, cal=cal, client="robot", reply_to=coord)]
    after = start + dt.timedelta(hours=rng.uniform(1.5, 20))
    if after < w.now:
        fb = Convo(rng, "interviewer_duty", f"Feedback: {cand.name} - {role}")
        out.append(fb.add(frm=ME, to=(coord,), date=after.astimezone(MY_ZONE),
                          text=f"Hi {coord.name.split()[0]},\n\nMy notes on {cand.name}: strong on fundamentals, a bit "
                          f"quiet in the design part. Leaning hire. Scorecard is in.\n\nAlex"))
    return out


def n_app_receipt(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    co = rng.choice(COMPANIES)
    role = rng.choice(ROLES["en"])
    ats_name, ats_addr = rng.choice(ATS)
    subj = rng.choice((f"Thank you for applying to {co[0]}", f"We received your application for {role}",
                       f"{co[0]} - Application Received", f"Your application: {role}"))
    text = (f"Hi Alex,\n\nThank you for your interest in {co[0]}! We have received your application for {role}. Our "
            "team will review your background and, if your experience matches what we're looking for, a member of "
            "the recruiting team will reach out to schedule an interview.\n\nDue to the volume of applications we "
            f"may not be able to respond to everyone individually.\n\nBest,\n{co[0]} Talent Team\n\nPowered by {ats_name}")
    m = Convo(rng, "application_receipt", subj).add(frm=Person(co[0], ats_addr), to=(ME,), date=t.astimezone(UTC),
                                                    text=text, client="robot")
    return [m]


def n_rejection(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    co = rng.choice(COMPANIES)
    role = rng.choice(ROLES["en"])
    text = (f"Dear Alex,\n\nThank you for applying for the {role} position at {co[0]}. After reviewing your "
            "application, we have decided not to move forward with an interview at this time. We will keep your "
            "details on file for future openings.\n\nWe wish you the best in your search.\n\nThe Recruiting Team")
    return [Convo(rng, "rejection_no_interview", f"Your application to {co[0]}").add(
        frm=Person(f"{co[0]} Careers", rng.choice(ATS)[1]), to=(ME,), date=t.astimezone(UTC), text=text, client="robot")]


def n_outreach(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    ag = rng.choice(AGENCIES + tuple((c[0], c[1]) for c in COMPANIES[:6]))
    rec = person(rng, ag[1])
    th = Convo(rng, "recruiter_outreach", rng.choice((f"Exciting {rng.choice(ROLES['en'])} opportunity",
                                                      "Quick question", f"Alex - {ag[0]} is hiring",
                                                      "Open to a chat?")))
    out = [th.add(frm=rec, to=(ME,), date=t,
                  text=f"Hi Alex,\n\nI came across your profile and was impressed by your work. {ag[0]} is growing "
                  "fast and I think you'd be a great fit for one of our senior roles. Would you be open to a quick "
                  "chat sometime?"
                  + (f" Feel free to grab 15 minutes here: https://calendly-mail.example/{rec.addr.split('@')[0]}/15min"
                     if rng.random() < 0.4 else "")
                  + f"\n\n{rec.name}\n{ag[0]}")]
    if rng.random() < 0.35 and t + dt.timedelta(days=1) < w.now:
        out.append(th.add(frm=ME, to=(rec,), date=(t + dt.timedelta(hours=rng.uniform(2, 20))).astimezone(MY_ZONE),
                          text="Hi,\n\nThanks for reaching out - I'm not looking right now, but I'll keep you in mind."
                          "\n\nBest,\nAlex"))
    return out


def n_friend_interview(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    fr = rng.choice(w.friends)
    co = rng.choice(COMPANIES)[0]
    if rng.random() < 0.3:  # a referral that never turns into an interview
        return [Convo(rng, "friend_chat", f"referral at {co}").add(
            frm=fr, to=(ME,), date=t, client="apple",
            text=f"Hey, I put in a referral for you at {co} for the backend role - you might get an automated email "
                 "from their system. No pressure at all!")]
    th = Convo(rng, "friend_chat", rng.choice(("my interview!!", f"{co} interview tomorrow", "advice?", "guess what")))
    out = [th.add(frm=fr, to=(ME,), date=t, client="apple",
                  text=f"Hey! I have my final interview at {co} tomorrow at 2pm, super nervous. Any tips for the "
                  "system design part? Also should I send a thank-you note after?")]
    if t + dt.timedelta(hours=6) < w.now:
        out.append(th.add(frm=ME, to=(fr,), date=(t + dt.timedelta(hours=rng.uniform(0.5, 5))).astimezone(MY_ZONE),
                          text="You'll crush it. Talk through trade-offs out loud, and yes, a short thank-you the same "
                          "day is nice. Ask them about their timeline at the end!\n\nA"))
    if t + dt.timedelta(days=2) < w.now and rng.random() < 0.6:
        out.append(th.add(frm=fr, to=(ME,), date=t + dt.timedelta(days=rng.uniform(1, 2)), client="apple",
                          text="It went well I think! They said they'd decide by next Friday. Fingers crossed"))
    return out


def n_research(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    brand, dom = rng.choice((("Pixel & Pine", "pixelpine.example"), ("Harbor Coffee", "harborcoffee.example"),
                             ("CodeHost", "codehost.example")))
    text = (f"Hi Alex,\n\nWe're improving {brand} and would love to hear from you in a 30-minute user interview over "
            "video. As a thank-you you'll receive a $50 gift card. Pick a time that suits you here: "
            f"https://research.{dom}/book\n\nThanks,\nThe {brand} Research Team")
    return [Convo(rng, "user_research", rng.choice(("Share your feedback in a 30-min interview", "Can we interview you?",
                                                    f"Help shape {brand}"))).add(
        frm=Person(f"{brand} Research", f"research@{dom}"), to=(ME,), date=t.astimezone(UTC), text=text, client="robot")]


def n_press(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    j = person(rng, "techweekly.example")
    th = Convo(rng, "press", "Interview request: your open-source work")
    out = [th.add(frm=j, to=(ME,), date=t, text=f"Hi Alex,\n\nI'm a reporter at Tech Weekly writing about maintainers "
                  "of small open-source tools. Would you be up for a 20-minute interview by phone this week? Quotes "
                  f"would be attributed to you by name.\n\n{j.name}\nTech Weekly")]
    if t + dt.timedelta(hours=8) < w.now:
        out.append(th.add(frm=ME, to=(j,), date=(t + dt.timedelta(hours=3)).astimezone(MY_ZONE),
                          text="Happy to! Thursday at 11 works for me.\n\nAlex"))
    return out


def n_robotic(w: World, t: dt.datetime, cat: str) -> list[Mail]:
    rng = w.rng
    if cat == "security":
        frm = Person("CodeHost", "noreply@codehost.example")
        subj = rng.choice(("[CodeHost] A new SSH key was added to your account", "New sign-in from Firefox on Linux",
                           "Security alert: new device sign-in", "Your password was changed"))
        text = (f"Hi Alex,\n\nWe noticed a new sign-in to your account.\n\nDevice: Firefox on Linux\nLocation: "
                f"{rng.choice(('Boston, MA', 'Lisbon, PT', 'Austin, TX'))}\nTime: {t:%B %d, %Y %H:%M UTC}\n\nIf this was "
                "you, you can ignore this email. If not, reset your password immediately.")
    elif cat == "receipt":
        brand = rng.choice(("Harbor Coffee", "Nova Airlines", "CloudDrive", "Metro Power & Light", "StreamBox"))
        frm = Person(brand, f"receipts@{brand.lower().replace(' ', '').replace('&', '')}.example")
        amt = f"{rng.randint(3, 400)}.{rng.randint(0, 99):02d}"
        subj = rng.choice((f"Your receipt from {brand}", f"Invoice #{rng.randint(10000, 99999)}",
                           f"Payment confirmation - ${amt}", f"Your {brand} order"))
        text = (f"Thanks for your purchase!\n\nInvoice number: INV-{rng.randint(100000, 999999)}\nDate: {t:%B %d, %Y}"
                f"\nAmount paid: ${amt}\nPayment method: Visa ending in {rng.randint(1000, 9999)}\n\nQuestions? Reply "
                "to this email.")
    elif cat == "shipping":
        frm = Person("ParcelPoint", "tracking@parcelpoint.example")
        subj = rng.choice(("Your package has shipped", "Out for delivery today", "Delivered: your parcel",
                           "Delivery attempted"))
        text = (f"Tracking number: 1Z{rng.getrandbits(48):012X}\nEstimated delivery: {day_words((t + dt.timedelta(days=2)).date(), 'en')}"
                "\n\nTrack your package at https://parcelpoint.example/track")
    else:  # notification
        repo = rng.choice(("larkspur/api", "larkspur/web", "alexc/dotfiles", "opensrc/tinyparse"))
        num = rng.randint(10, 4000)
        frm = Person(rng.choice(w.colleagues + w.friends).name, "notifications@codehost.example")
        subj = rng.choice((f"[{repo}] Fix flaky retry test (PR #{num})", f"Re: [{repo}] Crash on empty input (Issue #{num})",
                           f"[{repo}] Release v{rng.randint(1, 4)}.{rng.randint(0, 20)}.0"))
        text = (f"{rng.choice(WORK)}\n\n-- \nReply to this email directly or view it on CodeHost:\n"
                f"https://codehost.example/{repo}/pull/{num}\nYou are receiving this because you were mentioned.")
    html_only = cat == "receipt" and rng.random() < 0.5  # many receipts come as HTML alone
    m = Convo(rng, cat, subj).add(frm=frm, to=(ME,), date=t.astimezone(UTC), client="robot",
                                   text=None if html_only else text,
                                   html=bulk_html(rng, subj, text, frm.name) if html_only else None,
                                   attach=rng.randint(6000, 16000) if cat == "receipt" and rng.random() < 0.15 else 0)
    return [m]


def n_mailing_list(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    lst, dom = rng.choice((("tinyparse-dev", "lists.opensrc.example"), ("pdx-python", "lists.pdxpy.example.org"),
                           ("homelab", "groups.example.net")))
    topic = rng.choice(("Proposal: drop Python 3.9", "Meetup next Tuesday", "Release candidate 2.1", "CI is red again",
                        "Question about the config format"))
    th = Convo(rng, "mailing_list", f"[{lst}] {topic}")
    extra = (("List-Id", f"<{lst}.{dom}>"), ("List-Post", f"<mailto:{lst}@{dom}>"),
             ("List-Unsubscribe", f"<mailto:{lst}-unsubscribe@{dom}>"), ("Precedence", "list"))
    out: list[Mail] = []
    cur = t
    for _ in range(rng.randint(1, 4)):
        if cur >= w.now:
            break
        frm = ME if rng.random() < 0.08 else person(rng, rng.choice(FREEMAIL))
        out.append(th.add(frm=frm, to=(Person(lst, f"{lst}@{dom}"),), date=cur.astimezone(MY_ZONE) if frm is ME else cur,
                          text=_filler(rng, rng.randint(1, 3)) + "\n\n-- \n" + frm.name, extra=extra))
        cur += dt.timedelta(hours=rng.uniform(0.5, 30))
    return out


def n_personal(w: World, t: dt.datetime, cat: str = "personal") -> list[Mail]:
    rng = w.rng
    fr = rng.choice(w.recruiter_friends if cat == "recruiter_friend" and w.recruiter_friends else w.friends)
    subj = rng.choice(("Saturday", "photos", "dinner?", "Re: the cabin", "quick q", "book club", "Fwd: recipe",
                       "Sam's birthday", "moving help"))
    th = Convo(rng, cat, subj)
    out: list[Mail] = []
    cur = t
    first_mine = rng.random() < 0.4
    me = ME_ALT if rng.random() < 0.3 else ME
    for i in range(rng.randint(1, 5)):
        if cur >= w.now:
            break
        mine = (i % 2 == 0) == first_mine
        text = " ".join(rng.choice(CHAT) for _ in range(rng.randint(1, 4)))
        if i == 0 and subj.startswith("Fwd"):
            text += ("\n\n---------- Forwarded message ---------\nFrom: Grandma <grandma@example.com>\nDate: "
                     f"{t:%a, %b %d, %Y}\nSubject: recipe\n\n{_filler(rng, 1)}")
        out.append(th.add(frm=me if mine else fr, to=(fr if mine else ME,),
                          date=cur.astimezone(MY_ZONE) if mine else cur,
                          text=text + ("\n\nA" if mine else f"\n\n{fr.name.split()[0]}"),
                          charset=rng.choice(("utf-8", "iso-8859-1", "windows-1252")),
                          attach=rng.randint(8000, 20000) if rng.random() < 0.04 else 0))
        cur += dt.timedelta(hours=rng.uniform(0.2, 40))
    return out


def n_work_sent(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    col = rng.choice(w.colleagues)
    th = Convo(rng, "sent_note", rng.choice(("notes", "follow-up from today", "the doc", "draft for review",
                                             "expense report", "Re: offsite")))
    return [th.add(frm=ME, to=(col,), date=t.astimezone(MY_ZONE), text=f"Hi {col.name.split()[0]},\n\n{rng.choice(WORK)} "
                   f"{rng.choice(WORK)}\n\nAlex")]


def n_auto_reply(w: World, t: dt.datetime) -> list[Mail]:
    rng = w.rng
    col = rng.choice(w.colleagues + w.friends)
    th = Convo(rng, "auto_reply", rng.choice(("question about the rollout", "lunch?", "Friday")))
    out = [th.add(frm=ME, to=(col,), date=t.astimezone(MY_ZONE), text=f"{rng.choice(WORK)}\n\nAlex")]
    back = t + dt.timedelta(minutes=1)
    if back < w.now:
        out.append(th.add(frm=col, to=(ME,), date=back, client="outlook", subject=f"Automatic reply: {th.subject}",
                          quote_prev=False, extra=(("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")),
                          text=f"I am out of the office until {day_words((t + dt.timedelta(days=6)).date(), 'en')} "
                          "with limited access to email. For urgent matters please contact the team alias."))
    return out


NOISE: tuple[tuple[str, float, Callable[[World, dt.datetime], list[Mail]]], ...] = (
    ("newsletter", 12, n_newsletter),
    ("podcast", 2, n_podcast),
    ("job_alert", 7, n_job_alert),
    ("promo", 8, n_promo),
    ("calendar_internal", 6, n_calendar),
    ("interviewer_duty", 1.5, n_interviewer),
    ("application_receipt", 1.5, n_app_receipt),
    ("rejection_no_interview", 1, n_rejection),
    ("recruiter_outreach", 2.5, n_outreach),
    ("friend_chat", 1.2, n_friend_interview),
    ("user_research", 0.6, n_research),
    ("press", 0.3, n_press),
    ("security", 2.5, lambda w, t: n_robotic(w, t, "security")),
    ("receipt", 6, lambda w, t: n_robotic(w, t, "receipt")),
    ("shipping", 4, lambda w, t: n_robotic(w, t, "shipping")),
    ("notification", 7, lambda w, t: n_robotic(w, t, "notification")),
    ("mailing_list", 6, n_mailing_list),
    ("auto_reply", 1.5, n_auto_reply),
    ("personal", 10, n_personal),
    ("recruiter_friend", 0.4, lambda w, t: n_personal(w, t, "recruiter_friend")),
    ("sent_note", 3, n_work_sent),
)


# ----------------------------------------------------------------------------------------------
# Writing the store


class Store:
    def __init__(self, root: Path, rng: random.Random, now: dt.datetime) -> None:
        self.root = root
        self.rng = rng
        self.count = 0
        self.bytes = 0
        self.folders = {"INBOX": 0, "Sent": 0}
        for sub in ("", ".Sent", ".Drafts", ".Trash"):
            for d in ("cur", "new", "tmp"):
                (root / sub / d).mkdir(parents=True, exist_ok=True)
            if sub:  # Maildir++ marks its folders; dated `now`, not the wall clock (directories keep theirs)
                marker = root / sub / "maildirfolder"
                marker.touch()
                os.utime(marker, (now.timestamp(), now.timestamp()))
        self.dirs = {"INBOX": str(root / "cur"), "Sent": str(root / ".Sent" / "cur")}

    def write(self, m: Mail, data: bytes) -> None:
        rng = self.rng
        self.count += 1
        if m.folder == "Sent":
            flags = "S"
        else:
            r = rng.random()
            flags = "S" if r < 0.72 else "" if r < 0.9 else "RS" if r < 0.96 else "FS"
        ts = int(m.date.timestamp())
        wsize = len(data) + data.count(b"\n")  # Dovecot's W= is the size with CRLF line ends
        name = f"{ts}.M{rng.randrange(1_000_000):06d}P{self.count}.{HOST},S={len(data)},W={wsize}:2,{flags}"
        path = os.path.join(self.dirs[m.folder], name)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (ts, ts))
        self.bytes += len(data)
        self.folders[m.folder] += 1


def generate(store: Path, messages: int, now: dt.datetime, seed: int, interviews: int) -> dict[str, object]:
    """Write a Maildir store at `store` and return the ground truth (see the module docstring)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    rng = random.Random(seed)
    out = Store(store, random.Random(seed ^ 0x5EED), now)
    category_of: dict[str, str] = {}
    categories: dict[str, int] = {}

    def emit(m: Mail) -> None:
        if m.mid in category_of:  # a 128-bit collision: never in practice, but never silently either
            raise RuntimeError(f"duplicate Message-ID {m.mid}")
        if m.date >= now:
            raise AssertionError(f"message dated after now: {m.subject!r} {m.date}")
        out.write(m, render(m, rng))
        category_of[m.mid] = m.category
        categories[m.category] = categories.get(m.category, 0) + 1

    truth_interviews: list[dict[str, object]] = []
    shapes = list(SHAPES)
    expects = expect_plan(interviews)
    rng.shuffle(expects)
    recruiter_friends: list[Person] = []
    for i in range(interviews):
        shape = shapes[i % len(shapes)]
        p = make_process(random.Random(f"{seed}-interview-{i}"), i, shape, expects[i], now)
        SHAPES[shape](p)
        for m in p.mails:
            emit(m)
        if i % 4 == 0:
            recruiter_friends.append(p.recruiter)  # also a friend: writes about other things too
        truth_interviews.append({
            "key": p.key, "shape": shape, "expect": p.expect, "key_message_id": p.key_mid,
            "message_ids": [m.mid for m in p.mails], "timely_at_now": p.expect in ("thank_you", "follow_up"),
            "company": p.company, "language": p.lang, "interview_at": p.t_int.isoformat(),
            "deadline": p.deadline.isoformat() if p.deadline else None,
        })

    w = World(
        rng=rng, now=now,
        friends=[person(rng, rng.choice(FREEMAIL), rng.choice(("first.last", "flast"))) for _ in range(25)],
        colleagues=[person(rng, EMPLOYER[1]) for _ in range(30)],
        recruiter_friends=recruiter_friends,
    )
    names = [n for n, _, _ in NOISE]
    weights = [wt for _, wt, _ in NOISE]
    funcs = {n: f for n, _, f in NOISE}
    span = 730 * 86400.0
    while out.count < messages:
        name = rng.choices(names, weights)[0]
        t0 = now - dt.timedelta(seconds=rng.random() * span + 60)
        local = t0.astimezone(MY_ZONE)
        if rng.random() < 0.6 and local.hour < 7:  # fewer messages in the small hours
            t0 += dt.timedelta(hours=8)
            if t0 >= now:
                t0 -= dt.timedelta(hours=9)
        for m in funcs[name](w, t0):
            if out.count >= messages:
                break
            if m.date >= now:
                continue
            emit(m)

    return {
        "now": now.isoformat(), "seed": seed, "messages": out.count, "folders": dict(out.folders),
        "bytes": out.bytes, "me": [ME.addr, ME_ALT.addr], "interviews": truth_interviews,
        "categories": dict(sorted(categories.items())), "category_of": category_of, "added": [],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--interviews", type=int, default=0, help="default: about 1 per 2,500 messages, at least 10")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--now", default="2026-12-06T12:00:00+00:00")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--truth", type=Path, help="write the ground truth JSON here")
    args = ap.parse_args(argv)
    interviews = args.interviews or max(10, args.messages // 2500)
    start = time.process_time()
    wall = time.perf_counter()
    truth = generate(args.out, args.messages, dt.datetime.fromisoformat(args.now), args.seed, interviews)
    cpu, took = time.process_time() - start, time.perf_counter() - wall
    if args.truth:
        args.truth.write_text(json.dumps(truth, indent=1))
    by_expect: dict[str, int] = {}
    for it in truth["interviews"]:  # type: ignore[attr-defined]
        by_expect[it["expect"]] = by_expect.get(it["expect"], 0) + 1
    size = truth["bytes"]
    assert isinstance(size, int)
    print(f"{truth['messages']} messages ({truth['folders']}), {size / 1e6:.1f} MB, "
          f"{interviews} interviews {by_expect}")
    print("categories:", truth["categories"])
    print(f"generated in {took:.1f} s wall, {cpu:.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
