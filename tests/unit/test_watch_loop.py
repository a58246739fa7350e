"""The daemon's loop, piece by piece, on a Maildir with injected clocks: what a wake-up leads to.

The whole daemon runs as a subprocess in tests/integration/test_daemon*.py; here its steps are
driven one at a time, with a wall clock and a monotonic clock the test moves by hand. Each wait is
preceded by a nudge of the wake-up pair, so select() returns at once.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from watcher import config, errors
from watcher.daemon import Clock, Daemon
from watcher.lifecycle import Lifecycle
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
