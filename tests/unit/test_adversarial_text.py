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
from zoneinfo import ZoneInfo

import pytest
from hostile_text import INPUTS

from rules import banned, names, recipient, replies
from rules.dates import absence, deadline, durations, mentions, slots
from watcher import detect, identity, mimeparts, normalise, textzones
from watcher.config import Me, Policy
from watcher.model import Address, Deadline, Message, Role, Round, Side, Thread

# Monday 2026-10-12, 16:05 in Chicago
SAID_AT = dt.datetime(2026, 10, 12, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
CHICAGO = ZoneInfo("America/Chicago")
# not a speed bound: far above what any linear reader needs on the busiest machine, far below
# what a catastrophic one takes (issue #8's one sentence: 44 s per pass, nine passes)
HANG_GUARD_SECONDS = 120


def _hiring_message(text: str) -> Message:
    return Message(account="test", message_id="<1@example.com>", role=Role.INBOX, date=SAID_AT,
                   sender=Address("dana@example.com", "Dana Whitfield"), subject="Interview for Data Engineer",
                   text=text, author_text=text)


def _detect(text: str) -> object:
    """Detection of a thread: the hostile message from the hiring side and the user's short reply."""
    reply = "Thanks, Tuesday at 2pm works for me."
    mine = Message(account="test", message_id="<2@example.org>", role=Role.SENT, date=SAID_AT + dt.timedelta(hours=1),
                   sender=Address("alex@example.org", "Alex"), subject="Re: Interview for Data Engineer",
                   in_reply_to="<1@example.com>", references=("<1@example.com>",), text=reply, author_text=reply)
    thread = Thread(thread_id="t1", account="test", messages=(_hiring_message(text), mine))
    return detect.detect(thread, identity.Identity.of(Me("Alex", ("alex@example.org",))), Policy())


def _round() -> Round:
    start = SAID_AT + dt.timedelta(days=2)
    return Round(index=0, start=start, minutes=60, scheduled_at=SAID_AT, source="test", deadline=Deadline(None, "default"))


def _contact(text: str) -> recipient.Choice:
    # from a no-reply sender, the contact is looked for in the text itself
    robot = Message(account="test", message_id="<1@example.com>", role=Role.INBOX, date=SAID_AT,
                    sender=Address("no-reply@example.com"), text=text, author_text=text)
    return recipient.choose([(robot, Side.HIRING)], frozenset(), frozenset(), frozenset())


RULES: dict[str, Callable[[str], object]] = {
    "contact": _contact,
    "deadline": lambda text: deadline.find_deadline(text, SAID_AT),
    "slots": lambda text: slots.find_slots(text, SAID_AT, CHICAGO),
    "dates": lambda text: mentions.find_dates(mentions.normalize(text)),
    "duration": durations.find_duration,
    "return date": lambda text: absence.find_return_date(text, SAID_AT),
    "replies": lambda text: replies.event(_hiring_message(text), Side.HIRING),
    "role title": lambda text: names.role_title(["Interview"], [text]),
    "names": lambda text: names.read([(_hiring_message(text), Side.HIRING)], (_round(),), Address("dana@example.com"), "Alex"),
    "banned words": banned.find,
    "normalise": normalise.for_matching,
    "format=flowed": mimeparts.unflow,
}


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
    _detect("We will decide by Friday.")
    for read in RULES.values():
        read("We will decide by Friday.")


@pytest.mark.parametrize("name", INPUTS)
def test_zoning_plain_text_returns(name: str) -> None:
    assert _returns(lambda text: textzones.split(textzones.choose_text(text, "")), _raw(name))


@pytest.mark.parametrize("name", INPUTS)
def test_zoning_html_returns(name: str) -> None:
    assert _returns(lambda markup: textzones.split(textzones.choose_text("", markup)), _raw(name))


@pytest.mark.parametrize("name", INPUTS)
def test_zoning_text_never_given_to_the_rules_returns(name: str) -> None:
    # split() is also called on text that did not come through choose_text
    assert _returns(textzones.split, _raw(name))


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("name", INPUTS)
def test_each_rule_reads_hostile_text_and_returns(name: str, rule: str) -> None:
    assert _returns(RULES[rule], _capped(name))


@pytest.mark.parametrize("name", INPUTS)
def test_detection_of_a_thread_of_hostile_mail_returns(name: str) -> None:
    assert _returns(_detect, _capped(name))


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
    assert _contact("Questions? Write to dana.whitfield@example.com or call us.").address == Address(
        "dana.whitfield@example.com")
