"""Property tests (hypothesis): hostile mail through parse -> threads -> detect -> plan -> compose
never raises, and no mail data ever adds a header to a draft (issue #8 item 3, #12 item 3).

Deterministic (derandomize=True) and small enough for the unit suite; for a longer hunt run
`HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/unit/test_fuzz_pipeline.py`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import os

import hostile_mail
import pipeline
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watcher import compose, parse
from watcher.model import Address, Detection, FollowUp, Kind, Role, Status
from watcher.sources import Fetched

settings.register_profile("unit", max_examples=150, derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "20000")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unit"))

charsets = st.one_of(st.sampled_from(hostile_mail.CHARSETS), st.text(max_size=12))
eight_bit = st.binary(max_size=40).map(lambda b: b.decode("latin-1"))


@st.composite
def encoded_words(draw: st.DrawFn) -> str:
    data = draw(st.binary(max_size=30))
    if draw(st.booleans()):
        return f"=?{draw(charsets)}?q?{''.join(f'={b:02X}' for b in data)}?="
    text = base64.b64encode(data).decode()
    return f"=?{draw(charsets)}?b?{text[: draw(st.integers(0, len(text)))]}?="


header_values = st.lists(st.one_of(encoded_words(), st.text(max_size=20), eight_bit), max_size=5).map(" ".join)
exchange_ids = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=60, max_size=200).map(
    lambda s: f"<{s}@DM6PR12MB4041.namprd12.prod.outlook.com>")
message_ids = st.one_of(st.sampled_from(hostile_mail.MESSAGE_IDS), exchange_ids,
                        st.text(st.characters(), max_size=30).map(lambda s: f"<{s}@example.com>"))
dates = st.one_of(
    st.sampled_from(hostile_mail.DATES), st.text(max_size=40),
    st.builds(lambda moment, minutes: moment.strftime("%a, %d %b %Y %H:%M:%S ") + f"{minutes:+05d}",
              st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
              st.integers(-9999, 9999)))
calendars = st.one_of(
    st.just(hostile_mail.ICS_OK), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.lists(st.sampled_from(["BEGIN:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR", "DTSTART:20261020T1000",
                              "DTSTART;TZID=Nowhere/Void:20261301T250000", "DURATION:P99999999W", "SEQUENCE:x",
                              "DTEND;VALUE=DATE:00000000", "ATTENDEE;CN=\"a:mailto:b", "METHOD:CANCEL"]),
             max_size=12).map("\r\n".join))


@st.composite
def raw_messages(draw: st.DrawFn, message_id: str | None = None, in_reply_to: str | None = None) -> bytes:
    boundary = draw(st.one_of(st.just("b"), st.text(max_size=20)))
    lines = [
        f"From: {draw(header_values)} <{draw(st.sampled_from(['maren@larkspur.example.com', 'a@b@c', '<>', '']))}>",
        f"To: {draw(header_values)} <alex@example.org>",
        f"Subject: {draw(st.sampled_from(['Interview: ', 'Re: ', '']))}{draw(header_values)}",
        f"Date: {draw(dates)}",
        f"Message-ID: {message_id or draw(message_ids)}",
        f"In-Reply-To: {in_reply_to or draw(message_ids)}",
        "References: " + " ".join(draw(st.lists(message_ids, max_size=4))),
        f"Content-Type: multipart/{draw(st.sampled_from(['mixed', 'alternative', 'digest']))}; boundary=\"{boundary}\"",
    ]
    part = (f"--{boundary}\r\nContent-Type: text/{draw(st.sampled_from(['plain', 'html']))}; charset=\"{draw(charsets)}\""
            f"\r\nContent-Transfer-Encoding: {draw(st.sampled_from(['base64', 'quoted-printable', '8bit', 'x-junk']))}"
            "\r\n\r\n")
    body = part.encode("utf-8", "surrogatepass") + draw(st.binary(max_size=300)) + (
        f"\r\n--{boundary}\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n{draw(calendars)}\r\n"
        f"{draw(st.sampled_from([f'--{boundary}--', '', '--']))}\r\n").encode("utf-8", "surrogatepass")
    raw = "\r\n".join(draw(st.permutations(lines))).encode("utf-8", "surrogatepass") + b"\r\n\r\n" + body
    return raw[: draw(st.integers(0, len(raw)))] if draw(st.booleans()) else raw


@given(raw_messages())
def test_any_message_parses(raw: bytes) -> None:
    message = parse.parse(Fetched(role=Role.INBOX, raw=raw), "main", frozenset({"alex@example.org"}))
    assert "\n" not in message.subject and "\r" not in message.subject


@given(st.data())
def test_a_hostile_thread_goes_through_the_pipeline_to_well_formed_drafts(data: st.DataObject) -> None:
    first_id = data.draw(message_ids)
    first = data.draw(raw_messages(message_id=first_id))
    reply = data.draw(raw_messages(in_reply_to=first_id))
    pipeline.run([(Role.INBOX, first), (data.draw(st.sampled_from(list(Role))), reply)])  # checks every draft


@given(subject=st.text(), last=st.one_of(message_ids, st.text()), chain=st.lists(st.one_of(message_ids, st.text()), max_size=6),
       name=st.text(), mailbox=st.one_of(st.just("maren@larkspur.example.com"), st.text()))
def test_compose_lets_no_mail_data_into_a_header(subject: str, last: str, chain: list[str], name: str,
                                                 mailbox: str) -> None:
    contact = Address(mailbox, name)
    detection = Detection(thread_id="t", account="main", subject=subject, is_interview=True, why=(), contact=contact,
                          last_message_id=last, references=tuple(chain), my_address="alex@example.org")
    followup = FollowUp(followup_id="t:0:follow_up", thread_id="t", account="main", round_index=0,
                        kind=Kind.FOLLOW_UP, due=pipeline.NOW, status=Status.PLANNED, reason="fuzz", to=(contact,))
    draft = compose.compose(followup, detection, "Alex Rivera", "alex@example.org", pipeline.DRAFT_ID,
                            compose.Templates.load(), pipeline.NOW)
    pipeline.check_draft(draft, dataclasses.replace(detection))
