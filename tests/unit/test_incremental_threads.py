"""Threads rebuilt by the piece (only where new mail can reach) are the threads a whole rebuild makes.

A generated mailbox (bench/mailbox_gen.py: buried interviews of several shapes — ATS mail and the
recruiter's own thread, reply chains, invites only in Sent — among newsletters, invoices and
colleagues' mail; and bench/blind_mailbox.py, written without reading our rules) arrives in
date-ordered batches, one scan after each. Its threads, interviews and `status` views must be those
of a whole rebuild of the same mail, and, for our mailbox, those of a second state that scans it all
at once. (Triage learns the blind mailbox's long-time correspondents as their mail arrives, so a
first scan of all of it reads a few messages that the batches did not, and the other way round.)
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from watcher import config, scan, sync
from watcher.backends import Backend
from watcher.drafts.memory import MemoryDraftWriter
from watcher.identity import Identity
from watcher.model import Role
from watcher.sources.maildir import header_block, header_date
from watcher.sources.memory import MemoryMailbox, MemorySource
from watcher.state import State

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import blind_mailbox  # noqa: E402
import mailbox_gen  # noqa: E402

NOW = dt.datetime(2026, 10, 12, 20, 0, tzinfo=dt.UTC)
# the user of both generators: ours works at brightlake, the blind one's has a second private address
ME = config.Me(name="Alex Candidate", addresses=(mailbox_gen.buried.ME, mailbox_gen.WORK, blind_mailbox.ME_ALT.addr))
ACCOUNT = config.Account(name="main", backend="maildir", path="/nowhere", lookback_days=1000)


@pytest.fixture(scope="module", params=["ours", "blind"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("gen") / "mail"
    if request.param == "blind":
        return root, {**blind_mailbox.generate(root, 900, NOW, 5, 16), "generator": "blind"}
    return root, {**mailbox_gen.generate(root, 900, NOW, seed=5, interviews=16), "generator": "ours"}


@pytest.fixture(scope="module")
def mail(generated: tuple[Path, dict[str, Any]]) -> list[tuple[dt.datetime, Role, bytes]]:
    """The generated mailbox, oldest first."""
    root = generated[0]
    found = []
    for folder, role in (("", Role.INBOX), (".Sent", Role.SENT)):
        for sub in ("cur", "new"):
            for path in (root / folder / sub).iterdir():
                raw = path.read_bytes()
                found.append((header_date(header_block(raw)) or NOW, role, raw))
    return sorted(found, key=lambda item: item[0])


@pytest.fixture
def states(tmp_path: Path) -> Iterator[tuple[State, State]]:
    piecewise, whole = State.open(tmp_path / "piecewise.sqlite3"), State.open(tmp_path / "whole.sqlite3")
    yield piecewise, whole
    piecewise.close()
    whole.close()


def scanned(mailbox: MemoryMailbox, state: State) -> None:
    config_ = config.Config(source="<test>", accounts=(ACCOUNT,), me=ME, state_path=state.path)
    backend = Backend(MemorySource(mailbox), MemoryDraftWriter(mailbox), "memory", lambda: None)
    scan.scan(config_, state, {"main": backend}, NOW)


def scanned_at_once(mail: list[tuple[dt.datetime, Role, bytes]], state: State) -> None:
    everything = MemoryMailbox()
    for _, role, raw in mail:
        everything.add(role, raw)
    scanned(everything, state)


def threads_of(state: State) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for message_id, thread_id in state.thread_ids().items():
        groups[thread_id].add(message_id)
    return {frozenset(members) for members in groups.values()}


def as_whole(piecewise: State, arrived: MemoryMailbox, whole: State, mail: list[tuple[dt.datetime, Role, bytes]],
             generator: str) -> None:
    """The piecewise state's threads and views are those of a whole rebuild of its own mail, and (on our
    mailbox, whose triage does not depend on the order mail comes in) those of one scan of all of it."""
    got = (threads_of(piecewise), views_of(piecewise))
    if generator == "ours":
        scanned_at_once(mail, whole)
        assert got == (threads_of(whole), views_of(whole))
    with piecewise.transaction():
        piecewise.set_meta("inputs", None)  # as after an upgrade: every thread is built again, whole
    scanned(arrived, piecewise)
    assert got == (threads_of(piecewise), views_of(piecewise))


def views_of(state: State) -> dict[frozenset[str], dict[str, object]]:
    """What `status` shows of each thread, by its messages (a thread's id is the one its first-seen mail
    gave it, so mail arriving late can leave two states with different names for the same thread)."""
    return {frozenset(v["message_ids"]): {**{k: x for k, x in v.items() if k != "thread_id"},
                                          "threads": sorted(sorted(t["message_ids"]) for t in v.get("threads", []))}
            for v in state.views()}


def test_mail_arriving_in_batches_ends_in_the_threads_of_one_whole_scan(
        generated: tuple[Path, dict[str, Any]], mail: list[tuple[dt.datetime, Role, bytes]],
        states: tuple[State, State]) -> None:
    piecewise, whole = states
    arriving = MemoryMailbox()
    for batch in range(8):
        for _, role, raw in mail[batch * len(mail) // 8:(batch + 1) * len(mail) // 8]:
            arriving.add(role, raw)
        scanned(arriving, piecewise)

    as_whole(piecewise, arriving, whole, mail, generated[1]["generator"])


def test_mail_arriving_a_few_messages_at_a_time_ends_in_the_threads_of_one_whole_scan(
        generated: tuple[Path, dict[str, Any]], mail: list[tuple[dt.datetime, Role, bytes]],
        states: tuple[State, State]) -> None:
    """As a daemon meets it: each scan threads the new mail with only the threads it can join."""
    piecewise, whole = states
    arriving = MemoryMailbox()
    settled = len(mail) * 2 // 3
    for _, role, raw in mail[:settled]:
        arriving.add(role, raw)
    scanned(arriving, piecewise)
    for start in range(settled, len(mail), 12):
        for _, role, raw in mail[start:start + 12]:
            arriving.add(role, raw)
        scanned(arriving, piecewise)

    as_whole(piecewise, arriving, whole, mail, generated[1]["generator"])


def test_a_late_old_message_joins_the_thread_it_belongs_to(
        generated: tuple[Path, dict[str, Any]], mail: list[tuple[dt.datetime, Role, bytes]],
        states: tuple[State, State]) -> None:
    """Mail can arrive out of date order (a Sent copy uploaded later, a delayed delivery): the piece
    rebuilt then reaches back from the oldest new message."""
    piecewise, whole = states
    late = mail[len(mail) // 3::7]
    early = [m for m in mail if m not in late]
    arriving = MemoryMailbox()
    for _, role, raw in early:
        arriving.add(role, raw)
    scanned(arriving, piecewise)
    for _, role, raw in late:
        arriving.add(role, raw)
    scanned(arriving, piecewise)

    as_whole(piecewise, arriving, whole, early + late, generated[1]["generator"])


def test_a_reply_months_later_joins_the_thread_it_answers(
        generated: tuple[Path, dict[str, Any]], mail: list[tuple[dt.datetime, Role, bytes]],
        states: tuple[State, State]) -> None:
    """Far outside the fallback window, In-Reply-To still names the thread (an interview's)."""
    piecewise, whole = states
    message_id = str(generated[1]["interviews"][0]["message_ids"][-1]).encode()
    first_at = next(at for at, _, raw in mail if message_id in header_block(raw))
    at = first_at + dt.timedelta(days=150)
    reply = (f"From: Someone Else <someone@example.net>\r\nTo: candidate@example.org\r\n"
             f"Subject: Re: old news\r\nDate: {at.strftime('%a, %d %b %Y %H:%M:%S +0000')}\r\n"
             f"Message-ID: <late-reply@example.net>\r\nIn-Reply-To: {message_id.decode()}\r\n"
             f"References: {message_id.decode()}\r\n\r\nAnd one more thing.\r\n").encode()
    arriving = MemoryMailbox()
    for _, role, raw in mail:
        arriving.add(role, raw)
    scanned(arriving, piecewise)
    arriving.add(Role.INBOX, reply)
    scanned(arriving, piecewise)

    as_whole(piecewise, arriving, whole, [*mail, (at, Role.INBOX, reply)], generated[1]["generator"])


def test_mail_read_by_a_scan_stopped_before_threading_is_threaded_by_the_next(
        generated: tuple[Path, dict[str, Any]], mail: list[tuple[dt.datetime, Role, bytes]],
        states: tuple[State, State]) -> None:
    """A crash (or kill -9) between reading new mail and saving its threads: nothing is new to the
    next scan's listing, yet the mail it read must still reach the threads."""
    piecewise, whole = states
    arriving = MemoryMailbox()
    half = len(mail) // 2
    for _, role, raw in mail[:half]:
        arriving.add(role, raw)
    scanned(arriving, piecewise)
    for _, role, raw in mail[half:]:
        arriving.add(role, raw)
    sync.sync(ACCOUNT, MemorySource(arriving), piecewise, NOW, Identity.of(ME))  # read, then stopped
    scanned(arriving, piecewise)

    as_whole(piecewise, arriving, whole, mail, generated[1]["generator"])
