"""Wake-ups: what tells the daemon that an account's mail changed, without reading the mail.

An IMAP account is watched with IDLE (RFC 2177) on its Inbox, over the same connection the scan
uses (the daemon's one thread alternates: IDLE while waiting, DONE before scanning). IDLE is
re-issued every `daemon.idle_seconds`, well inside the 29 minutes after which RFC 2177 lets a server
drop an idle client. A server without the IDLE capability is polled every `daemon.poll_seconds`.
Only `EXISTS` (new mail) wakes the daemon; flag changes and expunges do not change a plan. The Sent
and Drafts folders are read by every scan, and each due time and reconcile runs one.

A Maildir account is watched with inotify(7) on the cur/ and new/ directories of its Inbox, Sent
and Drafts folders (through ctypes: three libc calls do not justify a dependency). Where inotify is
unavailable (another OS, or the watch limit reached), the directories' modification times are
compared every `daemon.poll_seconds`: any delivery, flag change or deletion in Maildir renames a
file in one of them.

Each watch exposes a file descriptor for the daemon's select() and a deadline; the daemon does the
waiting, so all accounts and the scheduler's wake-ups are waited for at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import struct
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from watcher import config, errors
from watcher.backends import Backend
from watcher.sources import maildir as maildir_source
from watcher.sources import maildir_tree

log = logging.getLogger(__name__)

Monotonic = Callable[[], float]


class Watch(Protocol):
    """Change detection for one account, driven by the daemon's loop."""

    description: str

    def arm(self) -> None:
        """Start (or keep) waiting: IDLE on, poll deadline set. Called before every wait."""
        ...

    def fileno(self) -> int | None:
        """A descriptor that becomes readable when there may be news, or None (deadline only)."""
        ...

    def deadline(self) -> float | None:
        """The monotonic time by which `check` must run even if nothing is readable."""
        ...

    def check(self, readable: bool) -> bool:
        """After a wait: consume what arrived; True when the mail changed and a scan is needed."""
        ...

    def disarm(self) -> bool:
        """Before a scan uses the connection (IDLE off); True when news arrived meanwhile."""
        ...

    def close(self) -> None:
        """Forget the watch; the backend closes the connection (after `disarm`, to log out cleanly)."""
        ...

    def abandon(self) -> None:
        """Drop the connection without a word to the server, which may be gone (e.g. after a suspend)."""
        ...


def for_account(account: config.Account, backend: Backend, settings: config.Daemon,
                monotonic: Monotonic = time.monotonic) -> Watch:
    """The watch that fits `account`: IDLE (or polling) for IMAP, inotify (or mtimes) for Maildir."""
    connection = getattr(backend.source, "connection", None)
    if account.backend == "imap" and connection is not None:
        return ImapWatch(connection, settings.idle_seconds, settings.poll_seconds, monotonic)
    if account.backend == "maildir":
        return MaildirWatch(lambda: maildir_dirs(account), settings.poll_seconds, monotonic)
    return PollWatch(settings.poll_seconds, monotonic)


class PollWatch:
    """No way to be told: a scan every `poll_seconds` (backends without a better signal)."""

    def __init__(self, poll_seconds: float, monotonic: Monotonic = time.monotonic) -> None:
        self.description = f"polling every {poll_seconds:g} s"
        self._poll_seconds = poll_seconds
        self._monotonic = monotonic
        self._poll_at: float | None = None

    def arm(self) -> None:
        if self._poll_at is None:
            self._poll_at = self._monotonic() + self._poll_seconds

    def fileno(self) -> int | None:
        return None

    def deadline(self) -> float | None:
        return self._poll_at

    def check(self, readable: bool) -> bool:
        if self._poll_at is not None and self._monotonic() >= self._poll_at:
            self._poll_at = None
            return True
        return False

    def disarm(self) -> bool:
        self._poll_at = None  # the scan about to run is this period's poll
        return False

    def close(self) -> None:
        return None

    def abandon(self) -> None:
        return None


# ---------------------------------------------------------------------- IMAP


class ImapWatch:
    """IDLE on the Inbox of an `ImapConnection` (sources/imap.py), or polling without IDLE."""

    def __init__(self, connection: Any, idle_seconds: float, poll_seconds: float,
                 monotonic: Monotonic = time.monotonic) -> None:
        self.connection = connection
        self._idle_seconds = idle_seconds
        self._monotonic = monotonic
        self._poll = PollWatch(poll_seconds, monotonic)
        self._idle: bool | None = None  # the server's IDLE capability, asked once per connection
        self._idling = False
        self._renew_at = 0.0
        self._fd: int | None = None
        # The client IDLE was started on: after a network error the connection drops it, and its
        # `client` property would quietly log in again, which is not what ending IDLE should do.
        self._client: Any = None
        self._missed = False  # mail came between the scan's listing and the start of IDLE
        self.description = "IMAP"

    def _supports_idle(self) -> bool:
        if self._idle is None:
            self._idle = self.connection.has_capability("IDLE")
            host = self.connection.account.host
            if self._idle:
                self.description = "IMAP IDLE on the Inbox"
            else:
                self.description = self._poll.description
                log.info("%s has no IDLE capability; checking for new mail %s", host, self._poll.description)
        return bool(self._idle)

    def arm(self) -> None:
        if not self._supports_idle():
            self._poll.arm()
            return
        if self._idling:
            return
        connection = self.connection
        with connection.errors("waiting for new mail (IDLE)"):
            client = connection.client
            # IDLE reports on the selected folder (RFC 2177); EXAMINE keeps it read-only (RFC 3501 6.3.2).
            inbox = connection.folder("inbox")
            selected = connection.select(inbox, fresh=True)
            # IDLE only tells of mail that comes after it starts: mail that came while the scan ran
            # (after its listing) would wait for the next wake-up, so it is news now
            listed = connection.listed.get(inbox)
            self._missed = listed is not None and int(selected.get(b"UIDNEXT", 0)) - 1 > listed
            client.idle()
            self._fd = client.socket().fileno()
        self._client = client
        self._idling = True
        self._renew_at = self._monotonic() + self._idle_seconds

    def fileno(self) -> int | None:
        return self._fd if self._idling else None

    def deadline(self) -> float | None:
        if self._idling and self._missed:
            return self._monotonic()  # news already: no waiting
        return self._renew_at if self._idling else self._poll.deadline()

    def check(self, readable: bool) -> bool:
        if not self._idling:
            return self._poll.check(readable)
        changed, self._missed = self._missed, False
        if readable:
            with self.connection.errors("waiting for new mail (IDLE)"):
                responses = self._client.idle_check(timeout=0)
            if not responses or any(response[0] == b"BYE" for response in responses):
                # Readable with nothing to read, or BYE (RFC 3501 7.1.5): the server is closing the
                # connection. DONE then fails, and that is reported like any other network error.
                return self.disarm() or changed
            changed = _has_new_mail(responses) or changed
        if self._monotonic() >= self._renew_at:
            log.debug("%s: re-issuing IDLE", self.connection.account.host)
            changed = self.disarm() or changed  # arm() starts the next IDLE
        return changed

    def disarm(self) -> bool:
        if not self._idling:
            self._poll.disarm()
            return False
        self._idling = False
        self._fd = None
        with self.connection.errors("ending IDLE"):
            _text, responses = self._client.idle_done()
        return _has_new_mail(responses)

    def close(self) -> None:
        self._idling = False
        self._fd = None
        self._client = None

    def abandon(self) -> None:
        client, self._client = self._client, None
        self._idling = False
        self._fd = None
        if client is not None:
            # IMAPClient.shutdown() closes the socket without LOGOUT; the backend's own close then fails
            # at once instead of waiting out the socket timeout on a connection that is gone.
            # imapclient's own errors are not importable here (only the IMAP adapters import it).
            with contextlib.suppress(Exception):
                client.shutdown()


def _has_new_mail(responses: Sequence[Any]) -> bool:
    """True when an untagged `n EXISTS` is among IDLE's responses (RFC 3501 section 7.3.1)."""
    return any(len(response) >= 2 and response[1] == b"EXISTS" for response in responses)


# ---------------------------------------------------------------------- Maildir


def maildir_dirs(account: config.Account) -> list[Path]:
    """The existing cur/ and new/ directories of the account's Inbox, Sent and Drafts folders."""
    try:
        tree = maildir_tree.open_tree(account.path, account.layout)
    except errors.UserError:
        return []  # the scan says what is wrong; until it is fixed there is nothing to watch
    inbox = tree.find(maildir_source.folder_name(account.inbox_folder)) if account.inbox_folder else tree.inbox()
    sent_name = maildir_source.folder_name(account.sent_folder)
    drafts_name = maildir_source.folder_name(account.drafts_folder)
    sent = tree.find(sent_name) if sent_name else tree.find(*maildir_tree.SENT_NAMES)
    drafts = tree.find(drafts_name) if drafts_name else tree.find(*maildir_tree.DRAFTS_NAMES)
    found: list[Path] = []
    for folder in dict.fromkeys(f[1] for f in (inbox, sent, drafts) if f is not None):
        found += [folder / sub for sub in ("new", "cur") if (folder / sub).is_dir()]
    return found


class MaildirWatch:
    """inotify on a Maildir's directories, or a comparison of their mtimes every `poll_seconds`."""

    def __init__(self, dirs: Callable[[], list[Path]], poll_seconds: float,
                 monotonic: Monotonic = time.monotonic, use_inotify: bool = True) -> None:
        self._dirs = dirs
        self._poll = PollWatch(poll_seconds, monotonic)
        self._use_inotify = use_inotify
        self._inotify: Inotify | None = None
        self._seen: tuple[tuple[str, int, int], ...] | None = None
        self.description = "inotify" if use_inotify else f"directory times {self._poll.description}"

    def arm(self) -> None:
        dirs = self._dirs()
        if self._use_inotify:
            try:
                if self._inotify is None:
                    self._inotify = Inotify()
                # A folder that appeared since (the first draft creates .Drafts) is added to the same
                # descriptor, so no event already queued on it is lost.
                self._inotify.watch(dirs)
                self.description = "inotify"
            except OSError as error:
                self._close_inotify()
                self._use_inotify = False
                self.description = f"directory times {self._poll.description}"
                log.warning("inotify is not available (%s); checking the Maildir %s", error, self._poll.description)
        if self._inotify is None:
            if self._seen is None:
                self._seen = _signature(dirs)
            self._poll.arm()

    def fileno(self) -> int | None:
        return self._inotify.fileno() if self._inotify is not None else None

    def deadline(self) -> float | None:
        return None if self._inotify is not None else self._poll.deadline()

    def check(self, readable: bool) -> bool:
        if self._inotify is not None:
            return self._inotify.read() if readable else False
        if not self._poll.check(readable):
            return False
        current = _signature(self._dirs())
        changed = current != self._seen
        self._seen = current
        return changed

    def disarm(self) -> bool:
        if self._inotify is not None:
            return False
        # What the scan about to run will see; any later change differs from it.
        self._seen = _signature(self._dirs())
        return False

    def close(self) -> None:
        self._close_inotify()

    def abandon(self) -> None:
        self._close_inotify()

    def _close_inotify(self) -> None:
        if self._inotify is not None:
            self._inotify.close()
            self._inotify = None


def _signature(dirs: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each directory's mtime and entry count: the count catches a delivery within one timestamp tick."""
    found = []
    for path in dirs:
        try:
            found.append((str(path), path.stat().st_mtime_ns, sum(1 for _ in os.scandir(path))))
        except OSError:
            found.append((str(path), -1, -1))
    return tuple(found)


# inotify(7) constants (linux/inotify.h)
IN_CLOSE_WRITE = 0x8
IN_MOVED_FROM = 0x40
IN_MOVED_TO = 0x80
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_IGNORED = 0x8000
IN_Q_OVERFLOW = 0x4000
# A file written in place is reported once complete (CLOSE_WRITE), never at IN_CREATE, when it may
# still be empty; a Maildir delivery is a rename from tmp/ (MOVED_TO).
_MASK = IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF
_EVENT = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (+ name)


class Inotify:
    """An inotify(7) descriptor watching directories; raises OSError when the kernel refuses."""

    _libc: Any = None

    def __init__(self) -> None:
        fd = int(self._load().inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC))
        if fd < 0:
            raise _errno_error("inotify_init1")
        self._fd: int = fd
        self._watches: dict[int, Path] = {}  # watch descriptor -> directory

    def watch(self, dirs: Sequence[Path]) -> None:
        """Add the directories not watched yet."""
        watched = set(self._watches.values())
        for path in dirs:
            if path in watched:
                continue
            number = int(self._libc.inotify_add_watch(self._fd, os.fsencode(path), _MASK))
            if number < 0:
                raise _errno_error(f"inotify_add_watch {path}")
            self._watches[number] = path

    @classmethod
    def _load(cls) -> Any:
        if cls._libc is None:
            name = ctypes.util.find_library("c")
            if name is None:
                raise OSError("no C library found for inotify")
            libc = ctypes.CDLL(name, use_errno=True)
            if not hasattr(libc, "inotify_init1"):
                raise OSError("the C library has no inotify")
            libc.inotify_init1.argtypes = [ctypes.c_int]
            libc.inotify_init1.restype = ctypes.c_int
            libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
            libc.inotify_add_watch.restype = ctypes.c_int
            cls._libc = libc
        return cls._libc

    def fileno(self) -> int:
        return self._fd

    def read(self) -> bool:
        """Drain the pending events; True when any of them is a change."""
        changed = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return changed
            if not data:
                return changed
            offset = 0
            while offset + _EVENT.size <= len(data):
                number, mask, _cookie, length = _EVENT.unpack_from(data, offset)
                offset += _EVENT.size + length
                if mask & IN_IGNORED:
                    self._watches.pop(number, None)  # its directory is gone; watched again if it comes back
                if mask & (_MASK | IN_Q_OVERFLOW | IN_IGNORED):
                    changed = True

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _errno_error(doing: str) -> OSError:
    number = ctypes.get_errno()
    return OSError(number, f"{doing}: {os.strerror(number)}")
