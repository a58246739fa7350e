"""The sd_notify protocol: tells systemd READY=1, STATUS=..., WATCHDOG=1 and STOPPING=1.

Each message is one datagram of `KEY=value` lines to the Unix socket named by $NOTIFY_SOCKET (a
path, or an abstract-namespace name written with a leading "@"), as sd_notify(3) specifies. The
environment is read when a `Notifier` is made, not at import (the `sdnotify` package's way, which
loses messages when the variable is set later). Without NOTIFY_SOCKET every call does nothing, so
the daemon runs the same in a terminal. Watchdog pings are due every half of $WATCHDOG_USEC
(sd_watchdog_enabled(3)), and only when $WATCHDOG_PID, if set, is this process.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

_STATUS_LIMIT = 200  # `systemctl status` shows one line; keep it readable


class Notifier:
    """Sends sd_notify messages; a no-op when the service manager did not ask for them."""

    def __init__(self, address: str | None, watchdog_usec: int | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._address: str | bytes | None = None
        if address:
            # sd_notify(3): an address starting with "@" is in the abstract namespace (a leading NUL byte).
            self._address = b"\0" + address[1:].encode() if address.startswith("@") else address
        self._socket: socket.socket | None = None
        self.watchdog_interval = watchdog_usec / 2_000_000 if watchdog_usec and self._address else None
        self._monotonic = monotonic
        self._last_ping: float | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], monotonic: Callable[[], float] = time.monotonic) -> Notifier:
        usec: int | None = None
        try:
            usec = int(environ.get("WATCHDOG_USEC", "")) or None
        except ValueError:
            usec = None
        watchdog_pid = environ.get("WATCHDOG_PID", "")
        if watchdog_pid and watchdog_pid != str(os.getpid()):
            usec = None  # the watchdog is meant for another process of the service (e.g. our parent)
        return cls(environ.get("NOTIFY_SOCKET") or None, usec, monotonic)

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def send(self, *lines: str) -> bool:
        """Send one message made of `lines`; False when there is nobody to tell or it failed."""
        if self._address is None:
            return False
        if self._socket is None:
            # Non-blocking: a manager that does not read (its queue full) must not stop the daemon's loop.
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK)
        try:
            self._socket.sendto("\n".join(lines).encode("utf-8", errors="replace"), self._address)
        except OSError as error:
            # The manager went away or its queue is full: nothing here is worth stopping (or waiting) for.
            log.debug("sd_notify to %r failed: %s", self._address, error)
            return False
        return True

    def ready(self, status: str) -> None:
        self.send("READY=1", _status_line(status))
        self._last_ping = self._monotonic()

    def status(self, text: str) -> None:
        self.send(_status_line(text))

    def stopping(self, status: str) -> None:
        self.send("STOPPING=1", _status_line(status))

    def next_ping(self) -> float | None:
        """The monotonic time by which `keepalive()` must be called again, or None without a watchdog."""
        if self.watchdog_interval is None:
            return None
        return (self._last_ping or 0.0) + self.watchdog_interval

    def keepalive(self) -> None:
        """WATCHDOG=1 if half the watchdog interval passed since the last one."""
        if self.watchdog_interval is None:
            return
        now = self._monotonic()
        if self._last_ping is None or now - self._last_ping >= self.watchdog_interval:
            self.send("WATCHDOG=1")
            self._last_ping = now

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def _status_line(text: str) -> str:
    flat = " ".join(text.split())
    return "STATUS=" + (flat if len(flat) <= _STATUS_LIMIT else flat[: _STATUS_LIMIT - 1] + "…")
