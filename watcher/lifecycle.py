"""The daemon's life around its loop: signals as flags, sd_notify, and a stop that ends within its grace.

Signal handlers only set a flag and nudge the wake-up pair (wakeups.py). They never raise into the
code the main thread happens to be running, take a lock, log or start a thread, so a burst of
hundreds of SIGTERM/SIGHUP/SIGUSR1 can neither crash nor deadlock the daemon. The loop reads the
flags between its steps, and a scan reads the stop flag at its checkpoints (`checkpoint`, before each
mail-server call and at each progress line), where stopping is safe: each step of a scan is a
transaction, and no checkpoint falls inside a draft write.

A server call that hangs never reaches a checkpoint. So the first stop signal also wakes a thread
(through a pipe: os.write is async-signal-safe) that gives the loop STOP_GRACE seconds and then ends
the process with status 0. What the hung call was doing is crash-safe like a `kill -9` (the state
is SQLite transactions, a half-written draft is found by its Message-ID), and exiting is what
systemd's TimeoutStopSec= would do anyway, with less grace.

    SIGTERM, SIGINT   stop: end the wait at once, a scan at its next checkpoint; exit 0 within 10 s
    SIGHUP            reload the config (a bad new one is logged and the old one kept)
    SIGUSR1           scan now (`systemctl --user kill -s USR1 followup-watcher`)
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType

from watcher import notify

log = logging.getLogger(__name__)

STOP_GRACE = 7.0  # seconds a hung server call may still take after SIGTERM; the exit comes within 10


class Stopping(BaseException):
    """Raised at a scan's checkpoint once a stop was asked for (never by a handler); not an error: exit 0.

    A BaseException, so that no `except Exception` on the way out of a scan mistakes it for a failure.
    """


class Lifecycle:
    """Stop/reload/scan requests from signals, sd_notify, and the grace after a stop signal."""

    def __init__(self, notifier: notify.Notifier, nudge: Callable[[], None], grace: float = STOP_GRACE,
                 end: Callable[[int], object] = os._exit) -> None:
        self.notifier = notifier
        self._nudge = nudge
        self._grace = grace
        self._end = end
        # Plain attributes: a handler's assignment is atomic for the main thread that reads them.
        self._stop = False
        self._reload = False
        self._scan = False
        self._grace_read, self._grace_write = os.pipe()
        self._finished = threading.Event()
        self._grace_thread = threading.Thread(target=self._enforce_grace, name="stop-grace", daemon=True)
        self._grace_thread.start()

    # ------------------------------------------------------------------ signals

    def install_signal_handlers(self) -> None:
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._on_stop)
        signal.signal(signal.SIGHUP, self._on_reload)
        signal.signal(signal.SIGUSR1, self._on_scan)

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        if not self._stop:
            self._stop = True
            with contextlib.suppress(OSError):
                os.write(self._grace_write, b"\0")
        self._nudge()

    def _on_reload(self, signum: int, frame: FrameType | None) -> None:
        self._reload = True
        self._nudge()

    def _on_scan(self, signum: int, frame: FrameType | None) -> None:
        self._scan = True
        self._nudge()

    def request_stop(self) -> None:
        """What SIGTERM does, for callers in the process (tests, an embedding program)."""
        self._on_stop(signal.SIGTERM, None)

    def request_reload(self) -> None:
        """What SIGHUP does, for callers in the process."""
        self._on_reload(signal.SIGHUP, None)

    @property
    def stop_requested(self) -> bool:
        return self._stop

    def take_reload(self) -> bool:
        """True once per burst of SIGHUPs. One that lands between the read and the reset is lost, harmlessly:
        the reload that follows reads the file after it was changed."""
        requested, self._reload = self._reload, False
        return requested

    def take_scan(self) -> bool:
        """True once per burst of SIGUSR1s."""
        requested, self._scan = self._scan, False
        return requested

    def checkpoint(self) -> None:
        """Between two steps of a scan: stop here if asked to, and feed the watchdog if it is due."""
        if self._stop:
            raise Stopping
        self.notifier.keepalive()

    # ------------------------------------------------------------------ sd_notify

    def ready(self, status: str) -> None:
        self.notifier.ready(status)

    def status(self, text: str) -> None:
        self.notifier.status(text)

    def keepalive(self) -> None:
        self.notifier.keepalive()

    def next_ping(self) -> float | None:
        return self.notifier.next_ping()

    def stopping(self) -> None:
        self.notifier.stopping("stopping")

    # ------------------------------------------------------------------ the grace

    def _enforce_grace(self) -> None:
        try:
            os.read(self._grace_read, 1)  # the first stop signal, or `finish`
        except OSError:
            return
        if self._finished.wait(self._grace):
            return
        log.warning("a mail-server call still runs %.0f s after the stop signal; exiting without waiting for "
                    "it (everything written so far is safe)", self._grace)
        for handler in logging.getLogger().handlers:
            with contextlib.suppress(Exception):
                handler.flush()
        self._end(0)

    def finish(self) -> None:
        """The loop and its clean-up are over: the grace thread has nothing left to enforce."""
        self._finished.set()
        # -1 first: a stop signal from now on writes nowhere, not into a file that reuses the number.
        write, self._grace_write = self._grace_write, -1
        with contextlib.suppress(OSError):
            os.write(write, b"\0")
        self._grace_thread.join(1.0)
        os.close(self._grace_read)
        os.close(write)
