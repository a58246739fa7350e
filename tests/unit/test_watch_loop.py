"""The daemon's loop, piece by piece, on a Maildir with injected clocks: what a wake-up leads to.

The whole daemon runs as a subprocess in tests/integration/test_daemon*.py; here its steps are
driven one at a time, with a wall clock and a monotonic clock the test moves by hand. Each wait is
preceded by a nudge of the wake-up pair, so select() returns at once.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from watcher import config, errors
from watcher.daemon import Clock, Daemon
from watcher.lifecycle import Lifecycle, Stopping
from watcher.model import Kind, Status
from watcher.notify import Notifier
from watcher.state import State
from watcher.wakeups import Wakeups

sys.path.insert(0, str(Path(__file__).parent.parent / "integration"))
import daemon_harness as harness  # noqa: E402


class Clocks:
    """A wall clock and a monotonic clock that move only when told."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)
        self.ticks = 1000.0

    def wall(self) -> dt.datetime:
        return self.now

    def monotonic(self) -> float:
        return self.ticks

    def advance(self, seconds: float, *, suspended: bool = False) -> None:
        """Time passes; during a suspend the monotonic clock stands still (Linux CLOCK_MONOTONIC)."""
        self.now += dt.timedelta(seconds=seconds)
        if not suspended:
            self.ticks += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def maildir(tmp_path: Path) -> Path:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    return root


@pytest.fixture
def daemon(tmp_path: Path, maildir: Path, clocks: Clocks) -> Iterator[Daemon]:
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(maildir),
                                       tmp_path / "state.sqlite3")
    loaded = config.load(config_path)
    state = State.open(loaded.state_path)
    wakeups = Wakeups()
    lifecycle = Lifecycle(Notifier(None), wakeups.nudge)
    looping = Daemon(config_path, loaded, state, lifecycle, wakeups, Clock(clocks.wall, clocks.monotonic))
    looping.schedule.start()  # as serve() does; its jobs only post to the wake-up pair
    yield looping
    looping.close()
    lifecycle.notifier.close()  # a test may have given it a socket
    lifecycle.finish()
    wakeups.close()
    state.close()


def deliver(root: Path, raw: bytes, name: str) -> None:
    (root / "tmp" / name).write_bytes(raw)
    (root / "tmp" / name).rename(root / "new" / name)


def step(daemon: Daemon) -> None:
    daemon.wakeups.nudge()  # the wait at the end of the step returns at once
    daemon.step()


def test_the_first_scan_writes_the_draft_that_fell_due_while_the_daemon_was_down(
        daemon: Daemon, maildir: Path, clocks: Clocks) -> None:
    thread = harness.interview_thread(clocks.now)  # the interview ended two hours ago
    for number, (folder, raw) in enumerate(thread.messages):
        deliver(maildir if folder == "INBOX" else maildir / f".{folder}", raw, f"{number}.M1P1.test")
    step(daemon)
    assert daemon.last is not None and daemon.last.number == 1
    assert daemon.last.at == clocks.now
    drafted = [f for f in daemon.state.followups() if f.status is Status.DRAFTED]
    assert [f.kind for f in drafted] == [Kind.THANK_YOU]
    assert len(list((maildir / ".Drafts" / "cur").iterdir())) == 1
    # The follow-up due after the decision deadline has its job; nothing that was due is left.
    assert set(daemon.schedule.jobs()) == {"reconcile", f"{drafted[0].thread_id}:0:follow_up"}


def test_a_wake_up_for_a_due_time_a_scan_already_covered_is_dropped(daemon: Daemon, clocks: Clocks) -> None:
    step(daemon)
    daemon.wakeups.post("due t1:0:thank_you", clocks.now - dt.timedelta(minutes=1))
    daemon.wakeups.post("due t2:0:follow_up", clocks.now + dt.timedelta(minutes=1))
    daemon._wait(clocks.ticks)
    assert set(daemon.pending) == {"due t2:0:follow_up"}


def test_a_maildir_delivery_asks_for_a_scan(daemon: Daemon, maildir: Path, clocks: Clocks) -> None:
    step(daemon)
    assert daemon.pending == {}
    deliver(maildir, harness.message(harness.ME, harness.ME, "note", clocks.now, "<note@example.org>", "hi"), "n.M1P1")
    daemon._wait(None)  # inotify's descriptor is readable already: select() returns at once
    assert "mail local" in daemon.pending


def test_a_resume_from_suspend_drops_the_connections_and_scans(daemon: Daemon, clocks: Clocks) -> None:
    step(daemon)
    assert set(daemon.connections.watches) == {"local"}
    clocks.advance(2 * 3600, suspended=True)
    daemon.wakeups.nudge()
    daemon._wait(None)
    assert "clock jump" in daemon.pending
    assert daemon.connections.watches == {} and daemon.connections.backends == {}
    step(daemon)
    assert daemon.last.number == 2 and set(daemon.connections.watches) == {"local"}


def test_a_network_error_waits_with_backoff_and_keeps_what_was_asked(daemon: Daemon, clocks: Clocks) -> None:
    step(daemon)
    daemon.pending["due t1:0:follow_up"] = clocks.now
    daemon._failed(errors.TransientError("connecting to imap.example.com:993 failed: timed out"))
    assert daemon.connections.retry_at is not None and 0.5 <= daemon.connections.retry_at - clocks.ticks <= 1.0
    assert {"retry", "due t1:0:follow_up"} <= set(daemon.pending)
    assert daemon.connections.backends == {}
    step(daemon)  # before the retry time: only waits
    assert daemon.last.number == 1
    clocks.advance(1.0)
    step(daemon)
    assert daemon.last.number == 2 and daemon.connections.retry_at is None and daemon.connections.backoff.attempt == 0


def test_sighup_with_a_broken_config_keeps_the_old_one(daemon: Daemon, clocks: Clocks) -> None:
    step(daemon)
    good = daemon.config_path.read_text(encoding="utf-8")
    daemon.config_path.write_text(good.replace("reconcile_seconds = 86400", "reconcile_seconds = 5"),
                                  encoding="utf-8")
    daemon.lifecycle.request_reload()
    step(daemon)
    assert daemon.config.daemon.reconcile_seconds == 86400
    assert daemon.last.number == 1

    daemon.config_path.write_text(good.replace("reconcile_seconds = 86400", "reconcile_seconds = 600"),
                                  encoding="utf-8")
    daemon.lifecycle.request_reload()
    step(daemon)
    assert daemon.config.daemon.reconcile_seconds == 600
    assert daemon.last.number == 2  # a reload re-plans with the new settings


def _drafts(maildir: Path) -> list[Path]:
    folder = maildir / ".Drafts"
    return [path for sub in ("new", "cur") if (folder / sub).is_dir() for path in (folder / sub).iterdir()]


def _deliver_thread(maildir: Path, thread: harness.Thread, tag: str) -> None:
    for number, (folder, raw) in enumerate(thread.messages):
        deliver(maildir if folder == "INBOX" else maildir / f".{folder}", raw, f"{tag}{number}.M1P1.test")


# ---------------------------------------------------------------------- the wall clock set back


def test_a_wall_clock_set_back_an_hour_neither_duplicates_a_draft_nor_drops_a_due_time(
        daemon: Daemon, maildir: Path, clocks: Clocks) -> None:
    thread = harness.interview_thread(clocks.now)
    _deliver_thread(maildir, thread, "a")
    step(daemon)
    assert daemon.last is not None
    before = daemon.last.at
    decided = {f.followup_id: f.status for f in daemon.state.followups()}
    assert decided[next(f.followup_id for f in daemon.state.followups() if f.kind is Kind.THANK_YOU)] is Status.DRAFTED
    assert len(_drafts(maildir)) == 1

    clocks.now -= dt.timedelta(hours=1)  # the wall clock is set back; the monotonic one goes on
    clocks.ticks += 1
    daemon.wakeups.nudge()
    daemon._wait(None)
    assert "clock jump" in daemon.pending
    step(daemon)
    daemon.pending["reconcile"] = None  # and a later scan, still in the repeated hour
    step(daemon)

    assert daemon.last.number == 3 and daemon.last.at == before - dt.timedelta(hours=1)
    assert len(_drafts(maildir)) == 1
    assert {f.followup_id: f.status for f in daemon.state.followups()} == decided
    follow_up = next(f for f in daemon.state.followups() if f.kind is Kind.FOLLOW_UP)
    assert follow_up.followup_id in daemon.schedule.jobs()
    # A due time inside the repeated hour (before the last scan of the old clock) still wakes a scan.
    due = clocks.now + dt.timedelta(minutes=30)
    assert due < before
    daemon.wakeups.post("due t9:0:follow_up", due)
    daemon._wait(clocks.ticks)
    assert daemon.pending == {"due t9:0:follow_up": due}


# ---------------------------------------------------------------------- the watchdog through a long scan


class Manager:
    """The service manager's end of NOTIFY_SOCKET, read as fast as the daemon writes (its queue is short)."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)
        self.messages: list[str] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(self.path)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            data = self._socket.recv(65536)
            if data == b"end":
                return
            self.messages.append(data.decode())

    def received(self) -> list[str]:
        """Everything sent so far (an end mark sent from here arrives after it)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"end", self.path)
        self._reader.join(30)
        self._socket.close()
        return self.messages


def test_a_long_scan_feeds_the_watchdog_at_its_checkpoints(
        daemon: Daemon, maildir: Path, clocks: Clocks, tmp_path: Path) -> None:
    manager = Manager(tmp_path / "notify")
    for index in range(30):
        _deliver_thread(maildir, harness.interview_thread(clocks.now), f"w{index:02d}-")
    ticks = iter(range(1_000_000))
    # Each look at this clock is a second later: every checkpoint finds a ping due (interval 0.5 s).
    daemon.lifecycle.notifier = Notifier(manager.path, watchdog_usec=1_000_000, monotonic=lambda: float(next(ticks)))
    daemon.lifecycle.ready("started")
    step(daemon)
    daemon.lifecycle.notifier.close()
    messages = manager.received()
    start = next(i for i, m in enumerate(messages) if m.startswith("STATUS=reading new mail"))
    end = next(i for i, m in enumerate(messages) if m.startswith("STATUS=watching"))
    during = messages[start:end].count("WATCHDOG=1")
    assert during >= 30  # at least one per draft written, besides the reads
    assert len(_drafts(maildir)) == 30


# ---------------------------------------------------------------------- stopping


def test_a_stop_ends_the_scan_at_its_first_checkpoint_before_anything_is_written(
        daemon: Daemon, maildir: Path, clocks: Clocks) -> None:
    _deliver_thread(maildir, harness.interview_thread(clocks.now), "s")
    daemon.lifecycle.request_stop()
    with pytest.raises(Stopping):
        daemon.step()
    assert _drafts(maildir) == []
    assert daemon.lifecycle.stop_requested  # what the loop in serve() reads before each step
