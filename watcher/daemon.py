"""`followup-watcher run`: the daemon's loop — wait for news, then sync -> plan -> write what is due.

One thread, the main one, owns every mail connection and the state database (DESIGN.md rule 9). It
alternates between a scan (`scan.scan`) and one wait (waiting.py) on everything that can wake it:
each account's watch (IMAP IDLE or Maildir inotify, watch.py) and the wake-up pair (wakeups.py) that
the scheduler's jobs (scheduler.py) and the signal handlers (lifecycle.py) write to. The parts:

    connections.py  each account's backend and watch; backoff between failed attempts
    waiting.py      the one select() and the news it brings
    lifecycle.py    signals as flags, sd_notify, the stop and its grace
    reload.py       SIGHUP: the config read again, or the old one kept
    guard.py        checkpoints before each mail-server call of a scan

Start: a bad config exits with 2 before anything else; a state file that another process holds (the
single-instance lock: two daemons sharing one job store would both run a job) or cannot use exits
with 3. Then READY=1 and a first scan, which writes every draft that fell due while the daemon was
down — once: the follow-up is recorded as drafted, and a write a crash interrupted is found by its
Message-ID before it is written again. A login refused, a secret missing or a folder missing at that
first scan exits with 3 (or 2), which the unit lists in RestartPreventExitStatus=; later the same
errors are retried with backoff, so that `followup-watcher login` repairs a running daemon.

Nothing transient ends it: a network error, also in the middle of the first LOGIN, and even an
unexpected exception in a scan (logged with where it happened, never with what the mail says) are
retried with capped exponential backoff and jitter, the secret resolved afresh each time.

A wall clock that jumps against the monotonic one (a resume from suspend, a clock set back an hour)
drops the connections, which may be dead, and scans; due times are wall-clock times, so each is
handled when the (new) wall clock reaches it, and a draft already written is recorded as such.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import logging
import os
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rules import lists
from watcher import config, errors, hooks, notify, reload, scan, scheduler, session, shown, waiting
from watcher.backends import Backend
from watcher.connections import Connections
from watcher.guard import guarded
from watcher.lifecycle import Lifecycle, Stopping
from watcher.state import State
from watcher.wakeups import Wakeups

log = logging.getLogger(__name__)

CLOCK_JUMP = 30.0  # seconds the wall clock may drift from the monotonic one before it counts as a jump


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Clock:
    """The daemon's time: the wall clock (what a scan calls "now") and a monotonic one for waits."""

    wall: Callable[[], dt.datetime] = field(default=_utc_now)
    monotonic: Callable[[], float] = field(default=time.monotonic)


@dataclass(frozen=True)
class LastScan:
    """The latest finished scan: its number, its "now", and the line that sums it up."""

    number: int
    at: dt.datetime
    summary: str


def run(config_path: Path, clock: Clock | None = None) -> int:
    """The `run` command: returns 0 after SIGTERM/SIGINT; config, auth and state errors at start are raised."""
    current = config.load(config_path)
    lists.use_extra_dirs(current.rules_dirs)
    wakeups = Wakeups()
    lifecycle = Lifecycle(notify.Notifier.from_environ(os.environ), wakeups.nudge)
    lifecycle.install_signal_handlers()  # from here on a stop signal is a flag the loop reads
    try:
        with session.instance_lock(current.state_path):
            state = State.open(current.state_path)
            try:
                daemon = Daemon(config_path, current, state, lifecycle, wakeups, clock or Clock())
                try:
                    return daemon.serve()
                finally:
                    daemon.close()
            finally:
                state.close()
    finally:
        lifecycle.finish()
        lifecycle.notifier.close()
        wakeups.close()


class Daemon:
    """The loop; `serve()` runs it until a stop signal."""

    def __init__(self, config_path: Path, current: config.Config, state: State, lifecycle: Lifecycle,
                 wakeups: Wakeups, clock: Clock, environ: Mapping[str, str] = os.environ) -> None:
        self.config_path = config_path
        self.config = current
        self.state = state
        self.lifecycle = lifecycle
        self.wakeups = wakeups
        self.clock = clock
        self.connections = Connections(environ, clock.monotonic, current.daemon.retry_max_seconds)
        self.schedule = scheduler.Schedule(wakeups.post, current.daemon.reconcile_seconds)
        self.pending: dict[str, dt.datetime | None] = {"start": None}  # reasons to scan, with due times
        self.last: LastScan | None = None
        self._clock_offset = self._offset()
        self._told = ""  # the accounts line last logged

    def serve(self) -> int:
        self.schedule.start()
        # Rebuilt from the state database: every planned follow-up gets its job back.
        self.schedule.sync(scheduler.due_times(self.state.followups()))
        self.lifecycle.ready("started; reading new mail")
        log.info("started: %d account(s), state %s", len(self.config.accounts), self.config.state_path)
        while not self.lifecycle.stop_requested:
            try:
                self.step()
            except Stopping:
                break
            except errors.TransientError as error:
                self._failed(error)
            except errors.UserError as error:
                if self.last is None:
                    raise  # at start: exit 2 or 3, and systemd does not restart in a loop
                self._failed(error)
            except Exception as error:  # noqa: BLE001 - a bug in one scan must not stop the next ones
                self._failed(error)
        log.info("stopping")
        return 0

    def step(self) -> None:
        """One turn: reload if asked, scan if there is a reason to, then wait for the next reason."""
        if self.lifecycle.take_reload():
            self._reload()
        if self.lifecycle.take_scan():
            self.pending["SIGUSR1"] = None
        retry_at = self.connections.waiting_until()
        if retry_at is not None:
            self._wait(retry_at)
            return
        scanning = bool(self.pending or self.connections.retry_at is not None)
        if scanning:
            self.connections.open(self.config.accounts, self.config.daemon, self._connecting)
            for item in self.connections.watches.values():
                item.disarm()  # the scan reads everything anyway
            self._scan()
        for item in self.connections.watches.values():
            item.arm()
        if scanning:
            # After arm(): a watch knows its kind (IDLE or not) by then.
            self.lifecycle.status(self._watching())
            _release_memory()  # while IDLE already listens: news that comes meanwhile is not delayed
        self._wait(None)

    def _connecting(self, text: str) -> None:
        self.lifecycle.checkpoint()  # a stop asked for during the previous account's login
        self.lifecycle.status(text)

    def _scan(self) -> None:
        now = self.clock.wall()
        reasons = ", ".join(sorted(self.pending))
        log.debug("scanning (%s)", reasons)
        self.lifecycle.status(f"reading new mail ({reasons})")
        checkpoint = self.lifecycle.checkpoint
        backends = {name: Backend(guarded(backend.source, checkpoint), guarded(backend.drafts, checkpoint),
                                  backend.description, backend.closer)
                    for name, backend in self.connections.backends.items()}
        report = scan.scan(self.config, self.state, backends, now, progress=self._progress)
        self.pending.clear()
        self.connections.succeeded()
        number = self.last.number + 1 if self.last else 1
        summary = (f"scan #{number} at {shown.local(now)}: {report.new_messages} new message(s), "
                   f"{len(report.written)} draft(s) written, {len(report.withdrawn)} withdrawn")
        self.last = LastScan(number, now, summary)
        if number == 1 or report.changed:
            session.keep_calendar(self.config, now)  # plan.ics next to the state file; a scan with no news keeps it
        hooks.announce(self.config.daemon.notify_command, report)
        # Due times at or before `now` were just handled by this scan; the rest get their jobs.
        self.schedule.sync(scheduler.due_times(self.state.followups()), after=now)
        level = logging.INFO if report.new_messages or report.written or report.withdrawn else logging.DEBUG
        log.log(level, "%s (%s)", summary, reasons)

    def _progress(self, line: str) -> None:
        log.info("%s", line)
        self.lifecycle.checkpoint()

    def _watching(self) -> str:
        watches = self.connections.watches
        accounts = ", ".join(f"{name} ({item.description})" for name, item in watches.items())
        if accounts != self._told:
            self._told = accounts  # said once at INFO (the status line repeats it for systemctl status)
            for name, item in watches.items():
                backend = self.connections.backends.get(name)
                log.info("watching account %s: %s; %s", name, backend.description if backend else "?", item.description)
        jobs = [when for key, when in self.schedule.jobs().items() if key != scheduler.RECONCILE]
        upcoming = self.schedule.next_due()
        plan = f"{len(jobs)} follow-up(s) planned" + (f", next due {shown.local(upcoming)}" if upcoming else "")
        return f"watching {accounts}; {plan}; {self.last.summary if self.last else ''}"

    def _wait(self, until: float | None) -> None:
        news = waiting.wait(self.wakeups, self.connections.watches, [until, self.lifecycle.next_ping()],
                            self.clock.monotonic)
        self.lifecycle.keepalive()
        for reason, due in news.posted.items():
            if due is not None and self.last is not None and due <= self.last.at:
                continue  # a due time that a finished scan already covered
            self.pending[reason] = due
        for name in news.changed:
            self.pending[f"mail {name}"] = None
        self._check_clock()

    def _check_clock(self) -> None:
        offset = self._offset()
        jump, self._clock_offset = offset - self._clock_offset, offset
        if abs(jump) < CLOCK_JUMP:
            return
        log.info("the wall clock moved %+.0f s against the monotonic clock (a resume from suspend, or the "
                 "clock was set); reconnecting and scanning", jump)
        self.connections.close(polite=False)
        self.pending["clock jump"] = None
        self.schedule.wakeup()  # its own wait ran on the monotonic clock: recompute from the wall clock

    def _offset(self) -> float:
        return self.clock.wall().timestamp() - self.clock.monotonic()

    def _failed(self, error: Exception) -> None:
        delay = self.connections.failed()
        self.pending.setdefault("retry", None)
        attempt = self.connections.backoff.attempt
        if isinstance(error, errors.WatcherError):
            first_line = (str(error) or type(error).__name__).splitlines()[0]
            level = logging.WARNING if isinstance(error, errors.TransientError) else logging.ERROR
            log.log(level, "attempt %d failed: %s; retrying in %.0f s", attempt, error, delay)
        else:
            # Where, never what: an exception's text may quote a header or a line of a message.
            first_line = f"unexpected {type(error).__name__}"
            log.error("attempt %d failed: unexpected %s at %s; retrying in %.0f s", attempt,
                      type(error).__name__, _where(error), delay)
        self.lifecycle.status(f"{first_line}; retry {attempt} in {delay:.0f} s")

    def _reload(self) -> None:
        new = reload.reread(self.config_path, self.config, self.lifecycle.status)
        if new is None:
            return
        lists.use_extra_dirs(new.rules_dirs)
        if new.accounts != self.config.accounts or new.daemon != self.config.daemon:
            self.connections.close(polite=True)  # the next scan opens them with the new settings
        if new.daemon != self.config.daemon:
            self.schedule.reconcile_every(new.daemon.reconcile_seconds)
            self.connections.backoff.cap = new.daemon.retry_max_seconds
        self.config = new
        self.pending["reload"] = None

    def close(self) -> None:
        """After the loop: STOPPING=1, then scheduler and connections."""
        self.lifecycle.stopping()
        self.schedule.shutdown()
        self.connections.close(polite=True)


def _where(error: BaseException) -> str:
    """The innermost frames of `error`'s traceback as file:line in function, innermost first."""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    return " < ".join(f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" for frame in reversed(frames))


def _release_memory() -> None:
    """Hand back to the system what a scan freed: a scan holds every stored message at once (~120 MB
    for 10,000), and glibc keeps freed heap pages until malloc_trim(3): ~120 MB idle without it, ~70 with."""
    gc.collect()
    try:
        trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # glibc only; elsewhere nothing to do
    except OSError:
        return
    if trim is not None:
        trim(0)
