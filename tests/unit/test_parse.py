"""parse.py: raw mail (tests/fixtures/mail/*.eml) -> model.Message."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from conftest import eml

from watcher import parse
from watcher.model import Address, Message, Role
from watcher.sources import Fetched

ME = frozenset({"alex@example.org"})


def parsed(name: str, role: Role = Role.INBOX, raw: bytes | None = None) -> Message:
    return parse.parse(Fetched(role=role, raw=eml(name) if raw is None else raw), "main", ME)


# ---------------------------------------------------------------- author text


def test_quoted_history_in_a_reply_is_not_the_authors_text() -> None:
    message = parsed("larkspur-confirmation", Role.SENT)
    assert "works well for me" in message.author_text
    assert "Thank you for applying" not in message.author_text
    assert "Thank you for applying" in message.text


def test_outlook_german_quote_block_is_not_the_authors_text() -> None:
    message = parsed("parse-outlook-quote-de")
    assert "Donnerstag passt gut" in message.author_text
    assert "reach out for updates" not in message.author_text


def test_sign_off_and_name_are_the_signature_not_the_authors_text() -> None:
    message = parsed("larkspur-invite")
    assert message.author_text.endswith("Please reply to confirm that this time works for you.")
    assert message.signature.startswith("Best regards,")
    assert "Recruiter, Larkspur Robotics" in message.signature


def test_html_only_mail_is_read_as_text() -> None:
    message = parsed("parse-html-only-reply")
    assert "We will share our decision by Friday 30 October." in message.author_text


def test_html_only_mail_blockquote_is_quoted_not_the_authors_text() -> None:
    message = parsed("parse-html-only-reply")
    assert "reach out for updates" not in message.author_text
    assert "reach out for updates" in message.text


def test_8bit_body_keeps_its_accents() -> None:
    message = parsed("parse-8bit-cafe")
    assert "café on Rue Daguerre" in message.author_text
    assert "Zoë Lambert" in message.author_text


def test_rfc2047_encoded_subject_is_decoded() -> None:
    raw = eml("parse-8bit-cafe").replace("Subject: Entretien au café".encode(),
                                          b"Subject: =?utf-8?q?Entretien_au_caf=C3=A9?=")
    assert parsed("parse-8bit-cafe", raw=raw).subject == "Entretien au café"


def test_raw_utf8_subject_is_read_as_utf8() -> None:
    assert parsed("parse-8bit-cafe").subject == "Entretien au café"


def test_raw_utf8_display_name_is_read_as_utf8() -> None:
    raw = eml("parse-8bit-cafe").replace(b"From: Jules Fontaine", "From: Zoë Lambert".encode())
    sender = parsed("parse-8bit-cafe", raw=raw).sender
    assert sender is not None and sender.name == "Zoë Lambert"


# ---------------------------------------------------------------- markers


def test_auto_submitted_mail_is_automatic() -> None:
    message = parsed("parse-out-of-office")
    assert message.auto_submitted
    assert not message.bulk


def test_auto_submitted_no_is_not_automatic() -> None:
    raw = eml("larkspur-invite").replace(b"MIME-Version: 1.0", b"Auto-Submitted: no\nMIME-Version: 1.0")
    assert not parsed("larkspur-invite", raw=raw).auto_submitted


def test_list_id_marks_bulk_mail() -> None:
    message = parsed("inbox-old-newsletter")
    assert message.bulk
    assert not message.auto_submitted


def test_personal_mail_is_neither_bulk_nor_automatic() -> None:
    message = parsed("larkspur-invite")
    assert not (message.bulk or message.auto_submitted)


# ---------------------------------------------------------------- headers


def test_addresses_are_lower_cased() -> None:
    message = parsed("parse-mixed-case-addresses")
    assert message.sender == Address("tomas.reyes@larkspur.example.com", "Tomas Reyes")
    assert [a.email for a in message.to] == ["alex@example.org"]
    assert [a.email for a in message.cc] == ["maren.holt@larkspur.example.com"]
    assert [a.email for a in message.reply_to] == ["hiring@larkspur.example.com"]


def test_date_keeps_the_senders_own_offset() -> None:
    message = parsed("parse-mixed-case-addresses")
    assert message.date.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert message.date == dt.datetime(2026, 11, 17, 13, 15, tzinfo=dt.UTC)


def test_threading_headers_are_read() -> None:
    message = parsed("larkspur-confirmation", Role.SENT)
    assert message.message_id == "<confirm-larkspur-7f3a@example.org>"
    assert message.in_reply_to == "<larkspur-invite-0911@larkspur.example.com>"
    assert message.references == ("<larkspur-invite-0911@larkspur.example.com>",)


def test_message_without_message_id_gets_a_synthetic_one() -> None:
    message = parsed("parse-no-message-id")
    assert message.message_id.startswith("<") and message.message_id.endswith(">")
    assert "@" in message.message_id


def test_synthetic_message_id_is_stable_across_scans() -> None:
    assert parsed("parse-no-message-id").message_id == parsed("parse-no-message-id").message_id


def test_synthetic_message_ids_of_different_mail_differ() -> None:
    other = eml("parse-no-message-id").replace(b"10:00 UTC", b"11:00 UTC")
    assert parsed("parse-no-message-id").message_id != parsed("parse-no-message-id", raw=other).message_id


def test_users_own_mail_found_in_the_inbox_counts_as_sent() -> None:
    assert parsed("larkspur-confirmation", Role.INBOX).role is Role.SENT


def test_header_only_fetch_is_incomplete_and_has_no_text() -> None:
    raw = eml("larkspur-invite")
    header = raw[: raw.index(b"\n\n") + 2]
    message = parse.parse(Fetched(role=Role.INBOX, raw=header, complete=False), "main", ME)
    assert not message.complete
    assert message.text == ""
    assert message.subject == "Interview invitation: Firmware Engineer at Larkspur Robotics"


# ---------------------------------------------------------------- calendar parts


def test_calendar_part_is_read_with_its_tzid() -> None:
    (event,) = parsed("parse-calendar-tzid").calendar
    assert event.start == dt.datetime(2026, 10, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.start == dt.datetime(2026, 10, 20, 8, 0, tzinfo=dt.UTC)


def test_calendar_duration_gives_the_end() -> None:
    (event,) = parsed("parse-calendar-tzid").calendar
    assert event.start is not None and event.end is not None
    assert event.end - event.start == dt.timedelta(minutes=45)


def test_calendar_method_status_and_attendees_are_read() -> None:
    (event,) = parsed("parse-calendar-tzid").calendar
    assert (event.method, event.status, event.uid) == ("REQUEST", "CONFIRMED", "interview-4@nordlicht-labs.example.com")
    assert [a.email for a in event.attendees] == ["alex@example.org"]


def test_calendar_mail_keeps_its_plain_text() -> None:
    assert "Tuesday 20 October, 10:00 Berlin time" in parsed("parse-calendar-tzid").author_text


def test_an_ordinary_invite_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    # mail-parser printed a WARNING for every invite (#12); warnings themselves fail the suite (pyproject)
    with caplog.at_level(logging.DEBUG):
        parsed("parse-calendar-tzid")
        parsed("larkspur-invite")
    assert caplog.records == []


def test_a_long_message_id_wrapped_in_encoded_words_is_the_messages_own() -> None:
    raw = (b"From: Sam <sam@lanternfish.example.com>\r\nSubject: Re: next steps\r\n"
           b"Message-ID: =?utf-8?q?=3CCAJw1Rr8Kc5nPz3Df0Hy7=5FgLs2Vb-s11e-lanternfish-first=40mail=2Egmail?=\r\n"
           b" =?utf-8?q?=2Ecom=3E?=\r\n\r\nHello\r\n")
    assert parsed("", raw=raw).message_id == "<CAJw1Rr8Kc5nPz3Df0Hy7_gLs2Vb-s11e-lanternfish-first@mail.gmail.com>"


def test_a_recruiting_systems_generated_mail_is_the_hiring_sides_word_not_an_automatic_reply() -> None:
    raw = eml("larkspur-invite").replace(b"MIME-Version: 1.0", b"Auto-Submitted: auto-generated\nMIME-Version: 1.0")
    raw = raw.replace(b"From: Maren Holt <maren.holt@larkspur.example.com>", b"From: Larkspur via Ashby <no-reply@ashbyhq.com>", 1)
    assert not parsed("larkspur-invite", raw=raw).auto_submitted


def test_counter_example_a_persons_auto_generated_mail_is_automatic() -> None:
    raw = eml("larkspur-invite").replace(b"MIME-Version: 1.0", b"Auto-Submitted: auto-generated\nMIME-Version: 1.0")
    assert parsed("larkspur-invite", raw=raw).auto_submitted
