"""Reasons to scan, posted from any thread or signal handler; a socket pair makes their arrival select()-able.

The daemon's one thread waits in select() on the reading end (and on each account's watch). The
scheduler's jobs post a reason with the due time they stand for; signal handlers only `nudge`, which
takes no lock and never raises, so a handler that interrupts the main thread anywhere (even inside
`take`, holding the lock) cannot deadlock or crash it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import threading


class Wakeups:
    """Reasons to scan, each with the due time it stands for (None: "now")."""

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
        """End the current wait; safe in a signal handler: no lock, and it never raises."""
        # A full buffer means a wake-up is pending anyway; a closed pair means the loop is over.
        with contextlib.suppress(OSError):
            self._writer.send(b"\0")

    def fileno(self) -> int:
        return self._reader.fileno()

    def take(self) -> dict[str, dt.datetime | None]:
        """The reasons posted since the last call; drains the nudges too."""
        with contextlib.suppress(BlockingIOError):
            while self._reader.recv(4096):
                pass
        with self._lock:
            reasons, self._reasons = self._reasons, {}
        return reasons

    def close(self) -> None:
        self._reader.close()
        self._writer.close()
