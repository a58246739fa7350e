"""parse._simple_pairs, the fast reading of plain address fields, gives what email.utils.getaddresses
gives wherever it answers (issue #9: speed, with identical results)."""

from __future__ import annotations

import email.utils
import random
import re
from pathlib import Path

import hostile_mail
import pytest

from watcher import parse

FIXTURES = Path(__file__).parent.parent / "fixtures"
_PIECES = ("Dana", "Smith", "J.", "Ünal", "dana@example.com", "<dana@example.com>", "<a.b+c@mail.example.org>",
           "x@y", "@", "<", ">", '"', '"Smith, Dana"', "(comment)", ",", ", ", " ", "  ", ".", "..", "a..b@c",
           "group:", ";", "\\", "[1.2.3.4]", "<@route:a@b>", "a@b@c", "café@exämple.org", "<>", "a@", "@b",
           "\u00a0", "\x85", "=?utf-8?q?D=C3=A9?=", "mailto:a@b", "a @ b", "<a@b", "a@b>")


def slow(values: list[str]) -> list[tuple[str, str]]:
    return [pair for pair in email.utils.getaddresses(values) if pair != ("", "")]


def same_where_answered(values: list[str]) -> bool:
    fast = parse._simple_pairs(values)
    if fast is None:
        return False
    assert fast == slow(values), values
    return True


def test_the_address_fields_of_real_and_hostile_mail_read_as_getaddresses_reads_them() -> None:
    raws = [p.read_bytes() for p in sorted(FIXTURES.glob("mail/*.eml"))]
    raws += [p.read_bytes() for p in sorted(FIXTURES.glob("hostile/**/*")) if p.is_file()]
    raws += list(hostile_mail.generated(300, 4))
    answered = 0
    for raw in raws:
        headers = parse.header_fields(raw[:50_000])
        for name in ("From", "To", "Cc", "Reply-To"):
            answered += same_where_answered([parse.header_text(v) for v in headers.get_all(name) or []])
    assert answered > 100  # the fast path is the one nearly all mail takes


@pytest.mark.parametrize("seed", range(10))
def test_random_address_fields_read_as_getaddresses_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    answered = 0
    for _ in range(2000):
        values = [parse.header_text("".join(rng.choices(_PIECES, k=rng.randint(0, 8)))) for _ in range(rng.randint(1, 3))]
        answered += same_where_answered(values)
    assert answered > 20


def test_the_usual_shapes_take_the_fast_path() -> None:
    values = ["Dana Smith <dana@example.com>, x@example.org", "J. R. Ünal<j.r@mail.example.org>, <bare@example.org>"]
    assert parse._simple_pairs(values) == [("Dana Smith", "dana@example.com"), ("", "x@example.org"),
                                           ("J. R. Ünal", "j.r@mail.example.org"), ("", "bare@example.org")]
    assert parse._simple_pairs(['"Smith, Dana" <dana@example.com>']) is None


def test_header_text_folds_white_space_as_the_regex_did() -> None:
    # header_text once ended in re.sub(r"\s+", " ", text).strip(); split() and \s agree on white space
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    rng = random.Random(11)
    for _ in range(20_000):
        text = "".join(rng.choices([*spaces, "a", "=?", "\x00", "\x1f", "é"], k=rng.randint(0, 8)))
        if "=?" not in text:
            assert parse.header_text(text) == re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0e-\x1f\x7f]", "", text)).strip()
