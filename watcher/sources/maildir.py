"""Reading a local Maildir tree with the stdlib `mailbox` module.

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
import mailbox
from collections.abc import Iterable, Iterator, Sequence
from email import message_from_bytes, policy

from rules.dates.header_date import header_datetime
from watcher import errors
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
    return header_datetime(message_from_bytes(header, policy=policy.compat32).get("Date"))


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

    def folder(self, role: Role) -> tuple[str, mailbox.Maildir]:
        """The folder that holds `role`'s mail, opened afresh so the listing is current."""
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
        return name, mailbox.Maildir(str(directory), factory=None, create=False)

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        name, folder = self.folder(role)
        keys = set(folder.keys())
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
        _, folder = self.folder(role)
        found = {}
        for key in refs:
            try:
                with folder.get_file(key) as handle:
                    head = handle.read(HEAD_LIMIT + PEEK_BYTES)
            except (KeyError, FileNotFoundError):
                continue
            found[key] = head[len(header_block(head)):][:PEEK_BYTES]
        return found

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        _, folder = self.folder(role)
        found = {}
        for key in refs:
            try:
                found[key] = Fetched(role, folder.get_bytes(key))
            except (KeyError, FileNotFoundError):
                continue
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


def _head(folder: mailbox.Maildir, key: str) -> bytes | None:
    """The header block of a message file, read without reading its body."""
    try:
        with folder.get_file(key) as handle:
            data = b""
            while len(data) < HEAD_LIMIT:
                block = handle.read(8192)
                data += block
                if not block or b"\n\n" in data or b"\r\n\r\n" in data:
                    break
    except (KeyError, FileNotFoundError):
        return None
    return header_block(data[:HEAD_LIMIT])


def _file_date(folder: mailbox.Maildir, key: str) -> dt.datetime | None:
    try:
        # MaildirMessage.get_date() is the file's mtime: the delivery time for most delivery agents.
        seconds = folder.get_message(key).get_date()
    except (KeyError, FileNotFoundError):
        return None
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
