"""Wake-ups: IMAP IDLE on a real Dovecot, inotify and directory times on a real Maildir, polling, and the
daemon's wake-up pair. Deadlines run on a fake monotonic clock; arrivals are waited for with select()
and a generous timeout.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import select
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DovecotUser, eml

from watcher import backends, config, watch
from watcher.model import Role
from watcher.wakeups import Wakeups

TIMEOUT = 10.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def readable(descriptor: int | None, timeout: float = TIMEOUT) -> bool:
    assert descriptor is not None
    return bool(select.select([descriptor], [], [], timeout)[0])


def deliver(folder: Path, name: str, raw: bytes = b"Subject: hi\n\nhello\n") -> None:
    (folder / "tmp" / name).write_bytes(raw)
    (folder / "tmp" / name).rename(folder / "new" / name)


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    return root


def account_of(root: Path) -> config.Account:
    return config.Account(name="local", backend="maildir", path=str(root))


# ---------------------------------------------------------------------- Maildir


def test_the_inbox_sent_and_an_existing_drafts_folder_are_watched(maildir: Path) -> None:
    assert watch.maildir_dirs(account_of(maildir)) == [maildir / "new", maildir / "cur",
                                                       maildir / ".Sent" / "new", maildir / ".Sent" / "cur"]
    mailbox.Maildir(str(maildir)).add_folder("Drafts")
    assert maildir / ".Drafts" / "cur" in watch.maildir_dirs(account_of(maildir))


def test_inotify_reports_a_delivery_and_then_stays_quiet(maildir: Path) -> None:
    item = watch.MaildirWatch(lambda: watch.maildir_dirs(account_of(maildir)), poll_seconds=300)
    item.arm()
    try:
        assert item.description == "inotify"
        assert item.deadline() is None
        deliver(maildir, "1.M1P1.test")
        assert readable(item.fileno())
        assert item.check(True)
        assert not readable(item.fileno(), timeout=0)
    finally:
        item.close()


def test_inotify_reports_a_message_the_user_deleted_from_sent(maildir: Path) -> None:
    deliver(maildir / ".Sent", "2.M1P1.test")
    item = watch.MaildirWatch(lambda: watch.maildir_dirs(account_of(maildir)), poll_seconds=300)
    item.arm()
    try:
        (maildir / ".Sent" / "new" / "2.M1P1.test").unlink()
        assert readable(item.fileno())
        assert item.check(True)
    finally:
        item.close()


def test_a_drafts_folder_created_later_is_watched_from_the_next_arm(maildir: Path) -> None:
    item = watch.MaildirWatch(lambda: watch.maildir_dirs(account_of(maildir)), poll_seconds=300)
    item.arm()
    try:
        mailbox.Maildir(str(maildir)).add_folder("Drafts")
        item.check(readable(item.fileno(), timeout=0))
        item.arm()
        (maildir / ".Drafts" / "cur" / "3.M1P1.test:2,DS").write_bytes(b"Subject: draft\n\n")
        assert readable(item.fileno())
        assert item.check(True)
    finally:
        item.close()


def test_without_inotify_directory_times_are_compared_every_poll_interval(maildir: Path) -> None:
    clock = FakeClock()
    item = watch.MaildirWatch(lambda: watch.maildir_dirs(account_of(maildir)), poll_seconds=300,
                              monotonic=clock, use_inotify=False)
    item.arm()
    assert item.fileno() is None
    assert item.deadline() == 800
    deliver(maildir, "4.M1P1.test")
    assert not item.check(False)  # not yet time to look
    clock.now = 800
    assert item.check(False)
    item.arm()
    clock.now = 1100
    assert not item.check(False)  # nothing changed in that period


# ---------------------------------------------------------------------- polling and the wake-up pair


def test_polling_wakes_once_per_interval() -> None:
    clock = FakeClock()
    item = watch.PollWatch(60, monotonic=clock)
    item.arm()
    assert item.deadline() == 560
    assert not item.check(False)
    clock.now = 560
    assert item.check(False)
    assert item.deadline() is None
    item.arm()
    assert item.deadline() == 620


def test_wakeups_from_other_threads_are_coalesced_and_selectable() -> None:
    wakeups = Wakeups()
    try:
        due = dt.datetime(2026, 12, 11, tzinfo=dt.UTC)
        posters = [threading.Thread(target=wakeups.post, args=("due t1:0:follow_up", due)) for _ in range(5)]
        for poster in posters:
            poster.start()
        for poster in posters:
            poster.join()
        wakeups.post("reconcile")
        assert readable(wakeups.fileno())
        assert wakeups.take() == {"due t1:0:follow_up": due, "reconcile": None}
        assert not readable(wakeups.fileno(), timeout=0)
        wakeups.nudge()  # what a signal handler does: wake up, no reason
        assert readable(wakeups.fileno())
        assert wakeups.take() == {}
    finally:
        wakeups.close()


# ---------------------------------------------------------------------- IMAP


@pytest.fixture
def imap(dovecot_user: DovecotUser) -> Iterator[tuple[backends.Backend, DovecotUser]]:
    backend = backends.open_backend(dovecot_user.account(), {})
    yield backend, dovecot_user
    backend.close()


@pytest.mark.dovecot
def test_idle_wakes_on_new_mail_in_the_inbox(imap: tuple[backends.Backend, DovecotUser]) -> None:
    backend, user = imap
    item = watch.for_account(user.account(), backend, config.Daemon())
    assert isinstance(item, watch.ImapWatch)
    item.arm()
    assert item.description == "IMAP IDLE on the Inbox"
    with user.tool() as tool:
        tool.append("INBOX", eml("inbox-interview-invite"))
    assert readable(item.fileno())
    changed = item.check(True)
    changed = item.disarm() or changed
    assert changed
    # After DONE the connection serves commands again: the scan reads the new message.
    listing = backend.source.listing(Role.INBOX, None, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert sum(len(chunk) for chunk in listing.chunks) == 1


@pytest.mark.dovecot
def test_idle_is_re_issued_before_the_server_may_drop_it(imap: tuple[backends.Backend, DovecotUser]) -> None:
    backend, user = imap
    clock = FakeClock()
    item = watch.for_account(user.account(), backend, config.Daemon(idle_seconds=1500), monotonic=clock)
    item.arm()
    assert item.deadline() == 2000
    clock.now = 2000
    assert not item.check(False)  # renewal: DONE, no news
    assert item.fileno() is None
    item.arm()  # IDLE again, on the same connection
    assert item.deadline() == 3500
    with user.tool() as tool:
        tool.append("INBOX", eml("inbox-status-update"))
    assert readable(item.fileno())
    assert item.check(True)
    item.disarm()


class NoIdleConnection:
    """An `ImapConnection` stand-in for a server without the IDLE capability (Dovecot always has it)."""

    account = config.Account(name="old", backend="imap", host="imap.example.com")

    def has_capability(self, capability: str) -> bool:
        return False

    @property
    def client(self) -> Any:
        raise AssertionError("no IMAP command is sent while polling")


def test_a_server_without_idle_is_polled() -> None:
    clock = FakeClock()
    item = watch.ImapWatch(NoIdleConnection(), idle_seconds=1500, poll_seconds=300, monotonic=clock)
    item.arm()
    assert item.description == "polling every 300 s"
    assert item.fileno() is None
    assert item.deadline() == 800
    assert not item.check(False)
    clock.now = 800
    assert item.check(False)
    assert not item.disarm()


@pytest.mark.dovecot
def test_mail_that_came_after_the_scans_listing_wakes_the_daemon_as_idle_starts(
        imap: tuple[backends.Backend, DovecotUser]) -> None:
    backend, user = imap
    listing = backend.source.listing(Role.INBOX, None, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    list(listing.chunks)  # the scan read the Inbox ...
    with user.tool() as tool:
        tool.append("INBOX", eml("inbox-interview-invite"))  # ... and this came while it planned
    item = watch.for_account(user.account(), backend, config.Daemon())
    item.arm()
    woken = item.check(False)
    item.disarm()  # DONE before LOGOUT, as the daemon does: else LOGOUT waits out the socket timeout
    assert woken


@pytest.mark.dovecot
def test_idle_starts_quietly_when_nothing_came_since_the_listing(imap: tuple[backends.Backend, DovecotUser]) -> None:
    backend, user = imap
    with user.tool() as tool:
        tool.append("INBOX", eml("inbox-interview-invite"))
    listing = backend.source.listing(Role.INBOX, None, dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    list(listing.chunks)
    item = watch.for_account(user.account(), backend, config.Daemon())
    item.arm()
    woken = item.check(False)
    item.disarm()
    assert not woken
