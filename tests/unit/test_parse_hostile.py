"""parse.py on hostile and broken mail (issue #8): never an exception, keep what can be read."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from pathlib import Path

import hostile_mail
import pytest

from watcher import mimeparts, parse, textzones
from watcher.model import Message, Role
from watcher.sources import Fetched

ME = frozenset({"alex@example.org"})
HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"
SERVER_DATE = dt.datetime(2026, 10, 13, 7, 0, tzinfo=dt.UTC)


def parsed(raw: bytes) -> Message:
    return parse.parse(Fetched(role=Role.INBOX, raw=raw, internal_date=SERVER_DATE), "main", ME)


def fixture(name: str) -> bytes:
    return (HOSTILE / f"{name}.eml").read_bytes()


def test_bogus_charset_in_an_encoded_word_reads_as_windows_1252() -> None:
    message = parsed(fixture("bogus-charset"))
    assert message.sender is not None and message.sender.name == "Café Owner"
    assert message.subject == "Entretien au café"


def test_bogus_charset_of_a_body_part_reads_as_windows_1252() -> None:
    assert "rendez-vous au café mardi 20 octobre à 11h." in parsed(fixture("bogus-charset")).text


def test_raw_latin1_headers_keep_their_accents() -> None:
    message = parsed(fixture("8bit-latin1-headers"))
    assert message.sender is not None and message.sender.name == "Jérôme Dupré"
    assert message.subject == "Réunion à l'atelier"


def test_broken_base64_keeps_the_readable_text() -> None:
    assert "the interview is on Monday." in parsed(fixture("broken-mime")).text


def test_garbage_calendar_part_gives_no_event() -> None:
    assert parsed(fixture("broken-mime")).calendar == ()


def test_nul_bytes_are_dropped_from_headers_and_text() -> None:
    message = parsed(fixture("nul-bytes-bad-date"))
    assert message.subject == "Null bytes"
    assert "\x00" not in message.text and "Body with  NUL  bytes." in message.text


def test_unreadable_date_falls_back_to_the_servers() -> None:
    assert parsed(fixture("nul-bytes-bad-date")).date == SERVER_DATE


@pytest.mark.parametrize("date", ["Mon, 1 Jan 1000 00:00:00 -2359", "Fri, 31 Dec 9999 23:59:59 +2359",
                                  "Tue, 31 Feb 2026 25:61:61 +2400", "Mon, 1 Jan 99999999999999999999 10:00 +9999"])
def test_a_date_at_the_ends_of_the_calendar_falls_back_to_the_servers(date: str) -> None:
    raw = fixture("bogus-charset").replace(b"Tue, 13 Oct 2026 09:00:00 +0200", date.encode())
    assert parsed(raw).date == SERVER_DATE


def test_message_id_with_a_line_break_is_not_taken() -> None:
    message = parsed(fixture("nul-bytes-bad-date"))
    assert message.message_id.startswith("<synthetic-")


def test_non_ascii_in_reply_to_is_not_a_msg_id() -> None:
    assert parsed(fixture("nul-bytes-bad-date")).in_reply_to is None


def test_non_text_charset_of_a_part_does_not_stop_the_parse() -> None:
    # charset=idna refuses errors="replace"; the part is read as UTF-8 instead
    assert "Body with" in parsed(fixture("nul-bytes-bad-date")).text


def test_attachment_before_the_invite_does_not_hide_the_calendar() -> None:
    message = parsed(hostile_mail.big_attachment())
    (event,) = message.calendar
    assert event.start == dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC)
    assert "We meet on Tuesday 20 October at 10:00." in message.text


def test_attachment_is_never_decoded_into_the_text() -> None:
    message = parsed(hostile_mail.big_attachment())
    assert len(message.text) < 1000


def test_nested_multiparts_50_deep_keep_the_shallow_text() -> None:
    message = parsed(hostile_mail.nested(50))
    assert "The top words." in message.text
    assert "The deepest words." not in message.text  # beyond the depth limit: not read, not a crash


def test_nested_multiparts_within_the_limit_are_read() -> None:
    assert "The deepest words." in parsed(hostile_mail.nested(10)).text


def test_a_1mb_header_line_does_not_hide_the_other_headers() -> None:
    message = parsed(hostile_mail.long_header_line())
    assert message.subject == "After the junk"
    assert message.sender is not None and message.sender.email == "maren.holt@larkspur.example.com"
    assert "Still readable." in message.text


def test_text_of_a_part_is_capped_at_what_the_rules_read() -> None:
    message = parsed(hostile_mail.huge(2 * 1024 * 1024))
    assert len(message.text) == textzones.MAX_TEXT


def test_a_20mb_message_is_parsed_within_a_small_multiple_of_its_size() -> None:
    raw = hostile_mail.huge()
    tracemalloc.start()
    try:
        parsed(raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(raw)  # the bytes themselves were allocated before; parsing adds less than them


@pytest.mark.parametrize("raw", [b"", b"\x00", b"\n\n\n", b"From:\n\n", b"\xff" * 100, b"Content-Type: multipart/mixed\n\n--",
                                 b"Subject: =?utf-8?b?====?= =?utf-8?q?=?=\n\n", b"From: <@>, @, <a@>\n\n"])
def test_degenerate_bytes_parse_to_a_message(raw: bytes) -> None:
    assert parsed(raw).message_id.startswith("<synthetic-")


def test_safe_parse_of_ordinary_mail_has_no_reason() -> None:
    message, reason = parse.safe_parse(Fetched(role=Role.INBOX, raw=fixture("bogus-charset")), "main", ME)
    assert message is not None and reason == ""


def test_safe_parse_names_the_exception_and_where_never_the_mails_text() -> None:
    # a source handing over text instead of bytes is the one unexpected input we can make on purpose
    fetched = Fetched(role=Role.INBOX, raw="Subject: my-private-words\n\nmore private words")  # type: ignore[arg-type]
    message, reason = parse.safe_parse(fetched, "main", ME)
    assert message is None
    assert reason.startswith("unreadable: TypeError in parse.")
    assert "private" not in reason


def test_utf7_lone_surrogates_never_reach_a_name() -> None:
    raw = b"From: =?utf-7?q?+2D3cDQ-?= <x@example.com>\n\n"  # +2D3cDQ- decodes to a lone surrogate and CR
    sender = parsed(raw).sender
    assert sender is not None
    assert not any("\ud800" <= c <= "\udfff" for c in sender.name)


def test_hundreds_of_text_parts_are_read_only_up_to_the_message_budget() -> None:
    part = b"--p\r\nContent-Type: text/plain\r\n\r\n" + b"word " * 40_000 + b"\r\n"  # 200 KB each
    raw = hostile_mail.headers("Many parts").encode() + b'Content-Type: multipart/mixed; boundary="p"\r\n\r\n' + (
        part * 100) + b"--p--\r\n"
    read = sum(len(text) for text in mimeparts.read(raw).plain)
    assert 1_000_000 < read <= mimeparts.TOTAL_CAP


def test_an_8bit_boundary_still_splits_the_parts() -> None:
    raw = (hostile_mail.headers("Boundary").encode() + b'Content-Type: multipart/mixed; boundary="caf\xe9"\r\n\r\n'
           b"--caf\xe9\r\nContent-Type: text/plain\r\n\r\nFirst part.\r\n--caf\xe9\r\nContent-Type: text/plain\r\n\r\n"
           b"Second part.\r\n--caf\xe9--\r\n")
    assert parsed(raw).text.split() == ["First", "part.", "Second", "part."]


def test_ids_an_older_draft_wrote_as_encoded_words_are_still_read() -> None:
    exchange = hostile_mail.EXCHANGE_ID
    encoded = "=?utf-8?q?" + "".join(f"={ord(c):02X}" if c in "<>@." else c for c in exchange) + "?="
    raw = fixture("bogus-charset").replace(b"MIME-Version", f"In-Reply-To: {encoded}\nReferences: {encoded}\nMIME-Version".encode())
    message = parsed(raw)
    assert (message.in_reply_to, message.references) == (exchange, (exchange,))
