"""preview.py: the first few KB of a body -> readable words, for triage."""

from __future__ import annotations

import base64

from watcher import preview
from watcher.model import Envelope


def envelope(content_type: str = "text/plain", encoding: str = "") -> Envelope:
    return Envelope(message_id="<a@x>", content_type=content_type, transfer_encoding=encoding)


def test_plain_text_is_read_with_its_line_wraps_joined() -> None:
    assert preview.text(b"we'd like to take\r\nthe next step", envelope()) == "we'd like to take the next step"


def test_base64_body_cut_anywhere_is_decoded_up_to_the_cut() -> None:
    encoded = base64.b64encode(b"an invitation to a technical interview next week")[:-3]
    assert "technical interview" in preview.text(encoded, envelope(encoding="base64"))


def test_quoted_printable_soft_breaks_are_joined() -> None:
    assert preview.text(b"a technical inter=\r\nview", envelope(encoding="quoted-printable")) == "a technical interview"


def test_html_tags_and_style_blocks_are_dropped() -> None:
    html = b"<html><head><style>p {color: red}</style></head><body><p>Your <b>interview</b></p>"
    assert preview.text(html, envelope("text/html")) == "Your interview"


def test_multipart_parts_are_read_by_their_own_headers() -> None:
    body = (b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + base64.b64encode(b"Interview on Tuesday") + b"\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>")
    assert preview.text(body, envelope('multipart/alternative; boundary="b1"')) == "Interview on Tuesday Hi"


def test_attachments_are_not_text() -> None:
    body = b"--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
    assert preview.text(body, envelope('multipart/mixed; boundary="b1"')) == ""


def test_an_image_body_has_no_words() -> None:
    assert preview.text(b"\x89PNG", envelope("image/png")) == ""


def test_an_invites_title_and_description_are_its_senders_words() -> None:
    body = (b"--b1\r\nContent-Type: text/plain\r\n\r\nPlease find the invitation attached.\r\n"
            b"--b1\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"
            b"DTSTART;TZID=Pacific Standard Time:20261119T100000\r\nATTENDEE;ROLE=REQ-PARTICIPANT:mailto:a@x\r\n"
            b"SUMMARY:Interview: Alex Candidate (Senior Bioinfor\r\n matics Engineer)\r\n"
            b"DESCRIPTION:Hiring manager interview\\nReq 2291\r\nEND:VEVENT\r\n")
    assert preview.text(body, envelope('multipart/mixed; boundary="b1"')) == (
        "Please find the invitation attached. Interview: Alex Candidate (Senior Bioinformatics Engineer) "
        "Hiring manager interview Req 2291")
