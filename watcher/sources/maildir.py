"""Reading a local Maildir tree.

A folder's files are listed with one `os.scandir` of cur/ and new/ each, and kept by key for the
reads that follow; a file that moved since (flags changed, new/ to cur/) is found by listing again.
The stdlib's `mailbox.Maildir` stats every file of a folder each time it is opened and before each
read: a first scan of 100,000 messages took 130 s with it, 31 s without.

The layouts (Maildir++, mbsync's Verbatim and Legacy, offlineimap's) are told apart in
`maildir_tree.py`. Reading only lists directories and reads files: nothing is moved from new/ to cur/
and no flag in a file name is touched, so the user's mail client sees the mail exactly as it left it.

The cursor is JSON `{"folder": name, "keys": [...]}`: every Maildir key (the unique part of a file
name, which survives flag changes and moves from new/ to cur/) present at the last sync.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from rules.dates.header_date import header_datetime
from watcher import errors, headers
from watcher.model import Role
from watcher.sources import PEEK_BYTES, Fetched, Listed, Listing, maildir_tree, peeks_one_by_one

log = logging.getLogger(__name__)

CHUNK = 2000
HEAD_LIMIT = 256 * 1024  # a header block longer than this is cut: it is garbage or an attack


def header_block(raw: bytes) -> bytes:
    """The header section of a raw message, with the empty line that ends it (RFC 5322 section 2.1)."""
    ends = [(position, separator) for separator in (b"\r\n\r\n", b"\n\n")
            if (position := raw.find(separator)) >= 0]
    if not ends:
        return raw
    position, separator = min(ends)
    return raw[: position + len(separator)]


def header_date(header: bytes) -> dt.datetime | None:
    """The Date header as an aware datetime, or None when missing or unreadable."""
    return header_datetime(headers.read(header).date)


def folder_name(configured: str) -> str:
    """A configured folder name without the Maildir++ leading dot ("Sent" and ".Sent" both work)."""
    return configured.strip().lstrip(".")


class MaildirSource:
    """`MailSource` for a Maildir tree; folder overrides are names as the server has them ("Sent Items")."""

    one_folder_at_a_time = False

    def __init__(self, path: str, inbox_folder: str = "", sent_folder: str = "", layout: str = "auto") -> None:
        self.path = path
        self.layout = layout
        self.inbox_folder = folder_name(inbox_folder)
        self.sent_folder = folder_name(sent_folder)
        self._listed: dict[Path, Folder] = {}  # each folder as its last listing found it

    def folder(self, role: Role, fresh: bool = True) -> tuple[str, Folder]:
        """The folder that holds `role`'s mail: listed afresh, or (`fresh` false: to read what a listing
        gave) as last listed."""
        tree = maildir_tree.open_tree(self.path, self.layout)
        configured = self.inbox_folder if role is Role.INBOX else self.sent_folder
        key = "inbox_folder" if role is Role.INBOX else "sent_folder"
        if configured:
            found = tree.find(configured)
            if found is None:
                raise errors.UserError(f"{key} = {configured!r}, but {self.path} has no such folder; folders there: "
                                       f"{tree.describe()}")
        elif role is Role.INBOX:
            found = tree.inbox()
        else:
            found = tree.find(*maildir_tree.SENT_NAMES)
            if found is None:
                raise errors.UserError(
                    f"no Sent folder in {self.path}: looked for {', '.join(maildir_tree.SENT_NAMES)}; set "
                    f"sent_folder = \"NAME\" in the account (folders there: {tree.describe()})")
        assert found is not None  # open_tree guarantees an Inbox
        name, directory = found
        listed = self._listed.get(directory)
        if fresh or listed is None:
            listed = self._listed[directory] = Folder(directory)
        return name, listed

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        name, folder = self.folder(role)
        keys = folder.keys()
        seen = _seen_keys(cursor, name)
        full_resync = cursor is not None and seen is None
        fresh = sorted(keys - seen if seen is not None else keys)
        vanished: set[str] = set()

        def chunks() -> Iterator[list[Listed]]:
            for start in range(0, len(fresh), CHUNK):
                listed = []
                for key in fresh[start:start + CHUNK]:
                    header = _head(folder, key)
                    if header is None:
                        # Deleted or moved by the user's client between listing and reading; if it is
                        # still there under its key, the next sync picks it up.
                        vanished.add(key)
                        continue
                    if seen is None:
                        date = header_date(header) or _file_date(folder, key)
                        if date is not None and date < since:
                            continue
                    listed.append(Listed(role, key, header))
                yield listed

        def cursor_after() -> str:
            return json.dumps({"folder": name, "keys": sorted(keys - vanished)}, separators=(",", ":"))

        log.debug("maildir %s: %d new of %d", name, len(fresh), len(keys))
        return Listing(chunks(), cursor_after, full_resync=full_resync, total=len(fresh))

    def peeks(self, role: Role, batches: Iterable[Sequence[str]]) -> Iterator[dict[str, bytes]]:
        return peeks_one_by_one(self, role, batches)

    def peek(self, role: Role, refs: Sequence[str]) -> dict[str, bytes]:
        _, folder = self.folder(role, fresh=False)
        found = {}
        for key in refs:
            handle = folder.open(key)
            if handle is None:
                continue
            with handle:
                head = handle.read(HEAD_LIMIT + PEEK_BYTES)
            found[key] = head[len(header_block(head)):][:PEEK_BYTES]
        return found

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        _, folder = self.folder(role, fresh=False)
        found = {}
        for key in refs:
            handle = folder.open(key)
            if handle is None:
                continue
            with handle:
                found[key] = Fetched(role, handle.read())
        return found

    def close(self) -> None:
        return None


def _seen_keys(cursor: str | None, folder: str) -> set[str] | None:
    """The keys the cursor says were already seen, or None when it does not fit this folder."""
    if cursor is None:
        return None
    try:
        data = json.loads(cursor)
    except ValueError:
        log.warning("ignoring an unreadable maildir cursor; reading the folder again")
        return None
    if not isinstance(data, dict) or data.get("folder") != folder or not isinstance(data.get("keys"), list):
        return None
    return {str(key) for key in data["keys"]}


def _head(folder: Folder, key: str) -> bytes | None:
    """The header block of a message file, read without reading its body."""
    handle = folder.open(key)
    if handle is None:
        return None
    with handle:
        data = b""
        while len(data) < HEAD_LIMIT:
            block = handle.read(8192)
            data += block
            if not block or b"\n\n" in data or b"\r\n\r\n" in data:
                break
    return header_block(data[:HEAD_LIMIT])


def _file_date(folder: Folder, key: str) -> dt.datetime | None:
    """The file's mtime: the delivery time for most delivery agents (and for mbsync, the server's)."""
    seconds = folder.mtime(key)
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, tz=dt.UTC)


class Folder:
    """The message files of one Maildir folder by key: the unique part of a file name, before the
    ":2,FLAGS" info that a mail client changes (as `mailbox.Maildir` keys them)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.paths = self._list()
        self._listed_again: float | None = None  # when a read last had to list the folder again

    def keys(self) -> set[str]:
        return set(self.paths)

    def open(self, key: str) -> BinaryIO | None:
        """The message file open for reading, or None when it is not there (deleted). A file renamed
        since the listing (its flags changed, or moved from new/ to cur/) is found by listing again:
        at once the first time, then at most once a second, however many files were deleted."""
        handle = self._open(key)
        now = time.monotonic()
        if handle is None and (self._listed_again is None or now - self._listed_again >= 1.0):
            self.paths = self._list()
            self._listed_again = now
            handle = self._open(key)
        return handle

    def mtime(self, key: str) -> float | None:
        path = self._path(key)
        try:
            return None if path is None else path.stat().st_mtime
        except FileNotFoundError:
            return None

    def _open(self, key: str) -> BinaryIO | None:
        path = self._path(key)
        try:
            return None if path is None else path.open("rb")
        except FileNotFoundError:
            return None

    def _list(self) -> dict[str, str]:
        """Each file's path by key. The path is kept as the part of it after the key ("cur/" + key +
        ":2,S" is kept as "cur:2,S"), one string for all files of one place and flags: 100,000 paths
        would cost more than the 100,000 keys."""
        paths: dict[str, str] = {}
        rests: dict[str, str] = {}
        for sub in ("new", "cur"):  # cur last: a file moved there while new/ was listed is found in it
            try:
                entries = os.scandir(self.directory / sub)
            except FileNotFoundError:
                continue
            with entries:
                for entry in entries:
                    name = entry.name
                    # the file type comes with the directory entry on local file systems: no stat
                    if name.startswith(".") or entry.is_dir():
                        continue
                    key, colon, info = name.partition(":")
                    rest = sub + colon + info
                    paths[key] = rests.setdefault(rest, rest)
        return paths

    def _path(self, key: str) -> Path | None:
        rest = self.paths.get(key)
        if rest is None:
            return None
        sub, colon, info = rest.partition(":")
        return self.directory / sub / (key + colon + info)
