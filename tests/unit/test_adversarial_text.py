"""Hostile mail text cannot stall the watcher: every reader of mail text returns on it.

Issue #8: one 182-character sentence took 44 s in the deadline reader (× 9 passes, the unit's
watchdog killed it), a long quoted thread 14.7 s in zoning. The inputs live in
tests/hostile_text.py. Speed is a benchmark's business, never a test's: bench/adversarial_text.py
prints every reader's seconds on every input and exits 1 when one takes more than its bound (1 s).
These tests hold what can be held without a clock: every reader returns on every input, within
the cap. A catastrophic (exponential) reader does not return for minutes or hours; the hang guard
turns that into a failure instead of a CI run that stalls until its limit.
"""

from __future__ import annotations

import datetime as dt
import functools
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hostile_readers import RAW, RULES, SAID_AT, detect_thread, robot_contact
from hostile_text import INPUTS

from rules.dates import deadline
from watcher import textzones
from watcher.model import Address

# not a speed bound: far above what any linear reader needs on the busiest machine, far below
# what a catastrophic one takes (issue #8's one sentence: 44 s per pass, nine passes)
HANG_GUARD_SECONDS = 120


@functools.cache
def _raw(name: str) -> str:
    return INPUTS[name]()


@functools.cache
def _capped(name: str) -> str:
    """What a rule can be given: the whole capped text, as if the author had written all of it."""
    return textzones.choose_text(_raw(name), "")


class Hung(Exception):
    pass


@contextmanager
def _hang_guard() -> Iterator[None]:
    def hung(signum: int, frame: object) -> None:
        raise Hung(f"no answer after {HANG_GUARD_SECONDS} s: a reader that backtracks without end")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, HANG_GUARD_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _returns(read: Callable[[str], object], text: str) -> bool:
    with _hang_guard():
        read(text)
    return True


@pytest.fixture(scope="module", autouse=True)
def _compiled_once() -> None:
    # the phrase lists compile on first use, outside the hang guard
    detect_thread("We will decide by Friday.")
    for read in RULES.values():
        read("We will decide by Friday.")


@pytest.mark.parametrize("reader", RAW)
@pytest.mark.parametrize("name", INPUTS)
def test_each_reader_of_raw_text_returns(name: str, reader: str) -> None:
    assert _returns(RAW[reader], _raw(name))


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("name", INPUTS)
def test_each_rule_reads_hostile_text_and_returns(name: str, rule: str) -> None:
    assert _returns(RULES[rule], _capped(name))


@pytest.mark.parametrize("name", INPUTS)
def test_detection_of_a_thread_of_hostile_mail_returns(name: str) -> None:
    assert _returns(detect_thread, _capped(name))


# --- the cap itself ----------------------------------------------------------------------------


def test_the_rules_are_never_given_more_than_the_cap() -> None:
    text = textzones.choose_text("We will decide by Friday. " * 100_000, "")
    assert len(text) <= textzones.MAX_TEXT


def test_html_is_capped_like_plain_text() -> None:
    text = textzones.choose_text("", "<p>We will decide by Friday.</p>" * 100_000)
    assert len(text) <= textzones.MAX_TEXT


def test_a_long_line_is_broken_at_a_space_and_keeps_its_words() -> None:
    line = "We will decide by Friday and let you know " * 200
    zones = textzones.split(line)
    assert all(len(piece) <= textzones.MAX_LINE for piece in zones.author.split("\n"))
    assert zones.author.split() == line.split()


def test_the_pieces_of_a_long_quoted_line_stay_quoted() -> None:
    text = "Tuesday works.\n\n> > " + "We will decide by Friday and let you know " * 200
    zones = textzones.split(text)
    assert zones.author == "Tuesday works."
    assert all(line.startswith("> > ") for line in zones.quoted.split("\n"))


def test_a_long_line_without_spaces_is_broken_at_the_limit() -> None:
    pieces = textzones.split("x" * (3 * textzones.MAX_LINE)).author.split("\n")
    assert [len(p) for p in pieces] == [textzones.MAX_LINE] * 3


def test_a_deadline_is_still_read_in_the_first_lines_of_a_huge_message() -> None:
    text = textzones.split(textzones.choose_text("We will let you know by Friday.\n" + "filler text " * 200_000, "")).author
    match = deadline.find_deadline(text, SAID_AT)
    assert match is not None and match.date == dt.date(2026, 10, 16)


def test_deeply_nested_html_quotes_stay_quoted() -> None:
    markup = "<p>Tuesday works.</p>" + "<blockquote>" * 500 + "We will decide by Friday." + "</blockquote>" * 500
    zones = textzones.split(textzones.choose_text("", markup))
    assert zones.author == "Tuesday works."
    assert "decide by Friday" in zones.quoted


def test_html_with_an_unclosed_attribute_quote_keeps_the_text_before_it() -> None:
    text = textzones.choose_text("", "<p>We will decide by Friday.</p><a href='x" + "<a href='x" * 1000)
    assert text.startswith("We will decide by Friday.")


# --- the joiner still joins what it joined -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will let you know our decision by Friday, at the latest Monday.", "2026-10-19"),
        ("We will let you know our decision by Friday, at the latest at the latest x Monday.", "2026-10-16"),
        ("You'll hear from us Monday or Tuesday.", "2026-10-20"),
        ("We'll decide by the end of the week, i.e. Friday, October 16.", "2026-10-16"),
    ],
)
def test_phrases_joined_by_joiner_words_are_one_timeline(text: str, expected: str) -> None:
    match = deadline.find_deadline(text, SAID_AT)
    assert match is not None and match.date == dt.date.fromisoformat(expected)


def test_an_address_written_in_a_robots_mail_is_still_the_contact() -> None:
    assert robot_contact("Questions? Write to dana.whitfield@example.com or call us.").address == Address(
        "dana.whitfield@example.com")
