"""`followup-watcher run`: the daemon's loop — wait for news, then sync -> plan -> write what is due.

One thread, the main one, owns every mail connection and the state database (DESIGN.md rule 9). It
alternates between a scan (`scan.scan`) and one select() on everything that can wake it: each
account's watch (an IMAP IDLE socket or a Maildir inotify descriptor, watch.py) and a socket pair
that the scheduler's jobs (scheduler.py) and the signal handlers write to.

Start: a bad config exits with 2 before anything else; a state file that another process holds
(the single-instance lock: two daemons sharing one job store would both run a job) or cannot use
exits with 3. Then READY=1 and a first scan, which writes every draft that fell due while the daemon
was down — once: the follow-up is recorded as drafted, and a write a crash interrupted is found by
its Message-ID before it is written again. A login refused or a folder missing at that first scan
exits with 3 (or 2), which the unit lists in RestartPreventExitStatus=; later the same errors are
retried with backoff, so that `followup-watcher login` repairs a running daemon. Network errors never
end it: reconnect with capped exponential backoff and jitter, the secret resolved afresh each time.

Signals: SIGTERM/SIGINT end a wait at once; a scan is abandoned at its next mail-server call (every
step is a transaction, and crash-safe anyway), never in the middle of a draft write, until
STOP_GRACE has passed; the process exits 0 within 10 s. SIGHUP reloads the config; a bad new one is
logged and the old one kept. A wall clock that jumps against the monotonic one (a resume from
suspend) drops the connections, which are likely dead, and scans.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import logging
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from types import FrameType

from rules import lists
from watcher import backoff, config, errors, notify, scan, scheduler, session, watch
from watcher.backends import Backend, open_backend
from watcher.drafts import DraftCopy, DraftWriter
from watcher.model import Role
from watcher.sources import Fetched, Listed, Listing, MailSource
from watcher.state import State

log = logging.getLogger(__name__)

STOP_GRACE = 7.0  # seconds a draft write may still take after SIGTERM; the exit comes within 10
MAX_WAIT = 60.0  # wake at least this often, so a clock jump is noticed soon after a resume
CLOCK_JUMP = 30.0  # seconds the wall clock may drift from the monotonic one before it counts as a jump


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Clock:
    """The daemon's time: the wall clock (what a scan calls "now") and a monotonic one for waits."""

    wall: Callable[[], dt.datetime] = field(default=_utc_now)
    monotonic: Callable[[], float] = field(default=time.monotonic)


class Interrupted(BaseException):
    """Raised in the main thread by SIGTERM/SIGINT to abandon a scan; not an error (exit 0)."""


class Wakeups:
    """Reasons to scan, posted from any thread; a socket pair makes their arrival select()-able."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reasons: dict[str, dt.datetime | None] = {}
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)

    def post(self, reason: str, due: dt.datetime | None = None) -> None:
        """Ask for a scan (`due`: the due time a scheduler job stands for). Not for signal handlers."""
        with self._lock:
            self._reasons[reason] = due
        self.nudge()

    def nudge(self) -> None:
        """End the current wait; safe in a signal handler (no lock)."""
        with contextlib.suppress(BlockingIOError):  # a full buffer: a wake-up is pending anyway
            self._writer.send(b"\0")

    def fileno(self) -> int:
        return self._reader.fileno()

    def take(self) -> dict[str, dt.datetime | None]:
        with contextlib.suppress(BlockingIOError):
            while self._reader.recv(4096):
                pass
        with self._lock:
            reasons, self._reasons = self._reasons, {}
        return reasons

    def close(self) -> None:
        self._reader.close()
        self._writer.close()


def run(config_path: Path, clock: Clock | None = None) -> int:
    """The `run` command: returns 0 after SIGTERM/SIGINT; config, auth and state errors are raised."""
    current = config.load(config_path)
    lists.use_extra_dirs(current.rules_dirs)
    notifier = notify.Notifier.from_environ(os.environ)
    try:
        with session.instance_lock(current.state_path):
            state = State.open(current.state_path)
            daemon = Daemon(config_path, current, state, notifier, clock or Clock())
            try:
                daemon.install_signal_handlers()
                return daemon.serve()
            finally:
                daemon.close()
                state.close()
    except Interrupted:
        # A scan abandoned on SIGTERM, or a shutdown cut short after STOP_GRACE: every write is a
        # transaction and crash-safe, so this is an orderly stop all the same.
        log.info("stopped")
        return 0
    finally:
        notifier.close()


class Daemon:
    """The loop's state; `serve()` runs it until a stop signal."""

    def __init__(self, config_path: Path, current: config.Config, state: State, notifier: notify.Notifier,
                 clock: Clock, environ: Mapping[str, str] = os.environ) -> None:
        self.config_path = config_path
        self.config = current
        self.state = state
        self.notifier = notifier
        self.clock = clock
        self.environ = environ
        self.wakeups = Wakeups()
        self.schedule = scheduler.Schedule(self.wakeups.post, current.daemon.reconcile_seconds)
        self.backoff = backoff.Backoff(cap=current.daemon.retry_max_seconds)
        self.backends: dict[str, Backend] = {}
        self.watches: dict[str, watch.Watch] = {}
        self.pending: dict[str, dt.datetime | None] = {"start": None}
        self.retry_at: float | None = None  # monotonic time of the next reconnection attempt
        self.scans = 0
        self.last_scan: dt.datetime | None = None
        self.last_report = ""
        self.stop_requested: float | None = None
        self.reload_requested = False
        self.interruptible = False  # in a scan or a login: SIGTERM may abandon it
        self.writing = False  # a draft write is in progress: SIGTERM waits for it (up to STOP_GRACE)
        self._clock_offset = self._offset()
        self._stop_timer: threading.Timer | None = None

    # ------------------------------------------------------------------ signals

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGINT, self._on_stop)
        signal.signal(signal.SIGHUP, self._on_hup)

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        if self.stop_requested is None:
            self.stop_requested = self.clock.monotonic()
            # If a write or a server hangs, signal ourselves again once the grace is over.
            main = threading.main_thread().ident
            if main is not None:
                self._stop_timer = threading.Timer(STOP_GRACE, signal.pthread_kill, (main, signal.SIGTERM))
                self._stop_timer.daemon = True
                self._stop_timer.start()
        self.wakeups.nudge()
        late = self.clock.monotonic() - self.stop_requested >= STOP_GRACE
        if late or (self.interruptible and not self.writing):
            raise Interrupted

    def _on_hup(self, signum: int, frame: FrameType | None) -> None:
        self.reload_requested = True
        self.wakeups.nudge()

    def _checkpoint(self) -> None:
        """Called before each mail-server call of a scan: where a stop may abandon it."""
        self.writing = False
        if self.stop_requested is not None:
            raise Interrupted
        self.notifier.keepalive()

    # ------------------------------------------------------------------ the loop

    def serve(self) -> int:
        self.schedule.start()
        # Rebuilt from the state database: every planned follow-up gets its job back.
        self.schedule.sync(scheduler.due_times(self.state.followups()))
        self.notifier.ready("started; reading new mail")
        log.info("started: %d account(s), state %s", len(self.config.accounts), self.config.state_path)
        while self.stop_requested is None:
            try:
                self._step()
            except errors.TransientError as error:
                self._failed(error)
            except errors.UserError as error:
                if self.scans == 0:
                    raise  # at start: exit 2 or 3, and systemd does not restart in a loop
                self._failed(error)
        log.info("stopping")
        return 0

    def _step(self) -> None:
        if self.reload_requested:
            self._reload()
        if self.retry_at is not None and self.clock.monotonic() < self.retry_at:
            self._wait(self.retry_at)
            return
        scanned = bool(self.pending or self.retry_at is not None)
        if scanned:
            self._open()
            for item in self.watches.values():
                item.disarm()  # the scan reads everything anyway
            self._scan()
        for item in self.watches.values():
            item.arm()
        if scanned:
            self.notifier.status(self._watching())  # after arm(): a watch knows its kind (IDLE or not) by then
            _release_memory()  # while IDLE already listens: news that comes meanwhile is not delayed
        self._wait(None)

    def _open(self) -> None:
        self.interruptible = True
        try:
            for account in self.config.accounts:
                if account.name in self.backends:
                    continue
                self.notifier.status(f"connecting: account {account.name}")
                # The secret is resolved again on every connect: a password stored with `login` while
                # the daemon was retrying is picked up without a restart.
                backend = open_backend(account, self.environ)
                self.backends[account.name] = backend
                self.watches[account.name] = watch.for_account(account, backend, self.config.daemon,
                                                               self.clock.monotonic)
        finally:
            self.interruptible = False

    def _scan(self) -> None:
        now = self.clock.wall()
        reasons = ", ".join(sorted(self.pending))
        log.debug("scanning (%s)", reasons)
        self.notifier.status(f"reading new mail ({reasons})")
        guarded = {name: self._guarded(backend) for name, backend in self.backends.items()}
        self.interruptible = True
        try:
            report = scan.scan(self.config, self.state, guarded, now, progress=self._progress)
        finally:
            self.interruptible = False
            self.writing = False
        self.pending.clear()
        self.retry_at = None
        self.backoff.reset()
        self.scans += 1
        self.last_scan = now
        # Due times at or before `now` were just handled by this scan; the rest get their jobs.
        self.schedule.sync(scheduler.due_times(self.state.followups()), after=now)
        self.last_report = (f"scan #{self.scans} at {now:%H:%M:%S} UTC: {report.new_messages} new message(s), "
                            f"{len(report.written)} draft(s) written, {len(report.withdrawn)} withdrawn")
        level = logging.INFO if report.new_messages or report.written or report.withdrawn else logging.DEBUG
        log.log(level, "%s (%s)", self.last_report, reasons)

    def _watching(self) -> str:
        accounts = ", ".join(f"{name} ({item.description})" for name, item in self.watches.items())
        jobs = [when for key, when in self.schedule.jobs().items() if key != scheduler.RECONCILE]
        upcoming = self.schedule.next_due()
        plan = f"{len(jobs)} follow-up(s) planned" + (f", next due {upcoming:%Y-%m-%d %H:%M} UTC" if upcoming else "")
        return f"watching {accounts}; {plan}; {self.last_report}"

    def _wait(self, until: float | None) -> None:
        """One select() on the wake-up pair and, when connected, every watch; then collect the news."""
        connected = until is None
        descriptors = [self.wakeups.fileno()]
        deadlines = [until, self.notifier.next_ping()]
        if connected:
            for item in self.watches.values():
                descriptor = item.fileno()
                if descriptor is not None:
                    descriptors.append(descriptor)
                deadlines.append(item.deadline())
        now = self.clock.monotonic()
        timeout = min([MAX_WAIT] + [max(0.0, moment - now) for moment in deadlines if moment is not None])
        readable, _, _ = select.select(descriptors, [], [], timeout)
        self.notifier.keepalive()
        for reason, due in self.wakeups.take().items():
            if due is not None and self.last_scan is not None and due <= self.last_scan:
                continue  # a due time that a finished scan already covered
            self.pending[reason] = due
        if connected:
            for name, item in list(self.watches.items()):
                descriptor = item.fileno()
                if item.check(descriptor is not None and descriptor in readable):
                    self.pending[f"mail {name}"] = None
        self._check_clock()

    def _check_clock(self) -> None:
        offset = self._offset()
        jump, self._clock_offset = offset - self._clock_offset, offset
        if abs(jump) < CLOCK_JUMP:
            return
        log.info("the wall clock moved %+.0f s against the monotonic clock (a resume from suspend?); "
                 "reconnecting and scanning", jump)
        self._close_connections(polite=False)
        self.pending["clock jump"] = None
        self.schedule.wakeup()  # its own wait ran on the monotonic clock and overslept

    def _offset(self) -> float:
        return self.clock.wall().timestamp() - self.clock.monotonic()

    def _failed(self, error: errors.WatcherError) -> None:
        self._close_connections(polite=True)
        delay = self.backoff.next_delay()
        self.retry_at = self.clock.monotonic() + delay
        self.pending.setdefault("retry", None)
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        level = logging.WARNING if isinstance(error, errors.TransientError) else logging.ERROR
        log.log(level, "attempt %d failed: %s; retrying in %.0f s", self.backoff.attempt, error, delay)
        self.notifier.status(f"{first_line}; retry {self.backoff.attempt} in {delay:.0f} s")

    def _reload(self) -> None:
        self.reload_requested = False
        try:
            new = config.load(self.config_path)
        except errors.ConfigError as error:
            log.error("SIGHUP: %s has problems; still using the config loaded before:\n%s", self.config_path, error)
            self.notifier.status(f"the changed config has {len(error.problems)} problem(s); still using the old one")
            return
        if new.state_path != self.config.state_path:
            log.warning("state.path changed to %s; that takes a restart, still using %s", new.state_path,
                        self.config.state_path)
            new = replace(new, state_path=self.config.state_path)
        lists.use_extra_dirs(new.rules_dirs)
        if new.accounts != self.config.accounts or new.daemon != self.config.daemon:
            self._close_connections(polite=True)  # the next scan opens them with the new settings
        if new.daemon != self.config.daemon:
            self.schedule.reconcile_every(new.daemon.reconcile_seconds)
            self.backoff.cap = new.daemon.retry_max_seconds
        self.config = new
        self.pending["reload"] = None
        log.info("SIGHUP: reloaded %s", self.config_path)

    def _close_connections(self, polite: bool) -> None:
        """Log out of every account (after ending IDLE), or just drop the sockets when they may be dead."""
        for item in self.watches.values():
            if polite:
                with contextlib.suppress(errors.WatcherError):
                    item.disarm()
            if polite:
                item.close()
            else:
                item.abandon()
        for backend in self.backends.values():
            with contextlib.suppress(errors.WatcherError, OSError):
                backend.close()
        self.watches.clear()
        self.backends.clear()

    def close(self) -> None:
        """After the loop: STOPPING=1, then scheduler, connections, timers."""
        self.notifier.stopping("stopping")
        self.schedule.shutdown()
        self._close_connections(polite=True)
        self.wakeups.close()
        if self._stop_timer is not None:
            self._stop_timer.cancel()

    def _progress(self, line: str) -> None:
        log.info("%s", line)
        self._checkpoint()

    def _guarded(self, backend: Backend) -> Backend:
        return Backend(_GuardedSource(backend.source, self._checkpoint),
                       _GuardedDrafts(backend.drafts, self._checkpoint, self._start_write),
                       backend.description, backend.closer)

    def _start_write(self) -> None:
        self.writing = True


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


class _GuardedSource:
    """A `MailSource` whose every call first passes a checkpoint (stop requested? watchdog ping)."""

    def __init__(self, inner: MailSource, checkpoint: Callable[[], None]) -> None:
        self.inner = inner
        self.checkpoint = checkpoint

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        self.checkpoint()
        found = self.inner.listing(role, cursor, since)
        return replace(found, chunks=self._checked(found.chunks))

    def _checked(self, chunks: Iterable[Sequence[Listed]]) -> Iterator[Sequence[Listed]]:
        for chunk in chunks:
            self.checkpoint()
            yield chunk

    def peek(self, role: Role, refs: Sequence[str]) -> dict[str, bytes]:
        self.checkpoint()
        return self.inner.peek(role, refs)

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        self.checkpoint()
        return self.inner.fetch(role, refs)

    def close(self) -> None:
        self.inner.close()


class _GuardedDrafts:
    """A `DraftWriter` that marks a write in progress until the next checkpoint (after it is recorded)."""

    def __init__(self, inner: DraftWriter, checkpoint: Callable[[], None], start_write: Callable[[], None]) -> None:
        self.inner = inner
        self.checkpoint = checkpoint
        self.start_write = start_write

    def present(self) -> dict[str, DraftCopy]:
        self.checkpoint()
        return self.inner.present()

    def create(self, message: EmailMessage) -> None:
        self.checkpoint()
        self.start_write()
        self.inner.create(message)

    def withdraw(self, message_id: str) -> bool:
        self.checkpoint()
        self.start_write()
        return self.inner.withdraw(message_id)

    def close(self) -> None:
        self.inner.close()
