"""The daemon's mail connections: each account's backend and watch, opened on demand, closed or dropped,
and the backoff between failed attempts.

The secret is resolved again at every connect (`open_backend`): a password stored with `login` while
the daemon was retrying is used without a restart.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping, Sequence

from watcher import backoff, config, errors, watch
from watcher.backends import Backend, open_backend

log = logging.getLogger(__name__)


class Connections:
    """Open backends and their watches, by account name; `retry_at` after a failure."""

    def __init__(self, environ: Mapping[str, str], monotonic: Callable[[], float], retry_cap: float) -> None:
        self.backends: dict[str, Backend] = {}
        self.watches: dict[str, watch.Watch] = {}
        self.backoff = backoff.Backoff(cap=retry_cap)
        self.retry_at: float | None = None  # monotonic time of the next attempt after a failure
        self._environ = environ
        self._monotonic = monotonic

    def open(self, accounts: Sequence[config.Account], settings: config.Daemon,
             status: Callable[[str], None]) -> None:
        """Connect every account not connected yet (IMAP: log in) and set up its watch."""
        for account in accounts:
            if account.name in self.backends:
                continue
            status(f"connecting: account {account.name}")
            backend = open_backend(account, self._environ)
            self.backends[account.name] = backend
            self.watches[account.name] = watch.for_account(account, backend, settings, self._monotonic)

    def waiting_until(self) -> float | None:
        """The monotonic time of the next attempt, while a failure's backoff is not over yet."""
        if self.retry_at is not None and self._monotonic() < self.retry_at:
            return self.retry_at
        return None

    def failed(self) -> float:
        """After a failed attempt: close everything, and return the delay before the next one."""
        self.close(polite=True)
        delay = self.backoff.next_delay()
        self.retry_at = self._monotonic() + delay
        return delay

    def succeeded(self) -> None:
        self.retry_at = None
        self.backoff.reset()

    def close(self, polite: bool) -> None:
        """Log out of every account (after ending IDLE), or just drop the sockets when they may be dead."""
        for item in self.watches.values():
            if polite:
                with contextlib.suppress(errors.WatcherError):
                    item.disarm()
                item.close()
            else:
                item.abandon()
        for backend in self.backends.values():
            with contextlib.suppress(errors.WatcherError, OSError):
                backend.close()
        self.watches.clear()
        self.backends.clear()
