"""mimeparts.header_message reads a header block field for field as the stdlib's HeaderParser does
(issue #9 replaced the one with the other for speed; the results must not change)."""

from __future__ import annotations

import email.message
import email.parser
import email.policy
import random
from pathlib import Path

import hostile_mail
import pytest

from watcher import mimeparts

FIXTURES = Path(__file__).parent.parent / "fixtures"

# the shapes a header block's lines take in real and broken mail
_LINES = ("From: Dana <dana@example.com>", "To: a@example.org,\r\n b@example.org", "Subject: hi", " folded on",
          "\tfolded tab", "From dana@example.com Tue Oct 13 09:00:00 2026", "From : spaced",
          ": no name", "no colon at all", "Content-Type: text/plain;\r\n\tcharset=utf-8", "X-Empty:", "X-Sp :  v  ",
          "", "Ünïcode: value", "Subject: caf\u00e9", "Bad Name: value", "X-Tab:\tvalue", "X-NUL: a\x00b",
          "Subject: a\u2028b", "X-Form-Feed: a\x0cb", "Received: from x\rby y", "\u0085: next line", "content-type: text/html; charset=koi8-r", "CONTENT-TYPE:multipart/mixed; boundary=b",
          "Content-Disposition: attachment; filename*=utf-8''x.ics", "Content-Transfer-Encoding: base64",
          "Content-Type : text/plain", "Content-type: text/calendar; method=REQUEST; charset=\"utf-8\"")
_ENDS = ("\r\n", "\n", "\r", "")


def stdlib(text: str) -> email.message.Message:
    return email.parser.HeaderParser(policy=email.policy.compat32).parsestr(text)


def same(text: str) -> None:
    ours, theirs = mimeparts.header_message(text), stdlib(text)
    assert ours.items() == theirs.items()
    assert mimeparts.header_pairs(text) == theirs._headers
    plain = mimeparts._plain_header_pairs(text, None)  # the fast reader, where it answers
    assert plain is None or plain == theirs._headers
    # a part's header is read for its Content-* fields only: mimeparts' answers are the stdlib's
    block = text.encode("latin-1", errors="replace")
    theirs = stdlib(mimeparts.trim_fields(block.decode("latin-1")))
    fields = mimeparts._part_fields(block)
    assert fields.get("content-type") == theirs.get("Content-Type")
    assert fields.get("content-transfer-encoding") == theirs.get("Content-Transfer-Encoding")
    if "content-type" in fields:
        assert mimeparts._content_type(fields["content-type"]) == (theirs.get_content_type(), mimeparts._params(theirs))
    assert mimeparts._disposition(fields.get("content-disposition", "")) == str(theirs.get_content_disposition() or "")


def blocks() -> list[str]:
    found = [p.read_bytes() for p in sorted(FIXTURES.glob("mail/*.eml"))]
    found += [p.read_bytes() for p in sorted(FIXTURES.glob("hostile/**/*")) if p.is_file()]
    found += [p.read_bytes() for p in sorted(FIXTURES.glob("cpython_email/msg_*.txt"))]
    found += list(hostile_mail.generated(300, 3))
    return [raw[:20_000].decode("latin-1") for raw in found]


def test_real_and_hostile_header_blocks_read_as_the_stdlib_reads_them() -> None:
    texts = blocks()
    assert len(texts) > 300
    for text in texts:
        same(text)
    assert sum(mimeparts._plain_header_pairs(text, None) is not None for text in texts) > 300


@pytest.mark.parametrize("seed", range(20))
def test_odd_lines_in_any_order_read_as_the_stdlib_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        lines = rng.choices(_LINES, k=rng.randint(0, 12))
        same("".join(line + rng.choice(_ENDS) for line in lines) + rng.choice(("", "\r\n", "\n\nbody\n")))


def test_a_block_longer_than_the_stdlibs_8_kb_chunks_reads_the_same() -> None:
    # the stdlib reads in chunks of 8192 characters: a CRLF cut in two must still be one line end
    for shift in range(6):
        text = "X-Pad: " + "p" * (8192 - 9 - shift) + "\r\n" + "Subject: after the cut\r\n\tfolded\r\n\r\nbody"
        same(text)
