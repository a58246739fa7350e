"""Drafts in the account's IMAP Drafts folder, over the connection `sources/imap.py` opened.

A draft is APPENDed with the `\\Draft` flag (RFC 3501 section 2.3.2) and `\\Seen`, since the user wrote it.
Withdrawing removes only our own messages: they are flagged `\\Deleted` and removed with
`UID EXPUNGE` (RFC 4315 UIDPLUS, section 2.1), which touches no other message. Without UIDPLUS a plain
EXPUNGE (or CLOSE) would also remove whatever the user had flagged `\\Deleted`, so we leave ours
flagged; `present()` and mail clients treat them as gone.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from email.message import EmailMessage

from rules.dates import header_date
from watcher.drafts import MESSAGE_ID_PREFIX, DraftCopy, DraftListing
from watcher.sources.imap import BODY_CHUNK, ImapConnection

log = logging.getLogger(__name__)

_MESSAGE_ID_HEADER = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"
# what changes with every append, expunge and flag change of a folder (RFC 3501 section 6.3.10, RFC 7162
# section 3.1.3: with CONDSTORE every change to a message's flags raises the folder's HIGHESTMODSEQ)
_STAMP_ITEMS = (b"UIDVALIDITY", b"UIDNEXT", b"MESSAGES", b"HIGHESTMODSEQ")


class ImapDraftWriter:
    """`DraftWriter` for the Drafts folder of an IMAP account."""

    def __init__(self, connection: ImapConnection) -> None:
        self.connection = connection

    def present(self) -> DraftListing:
        folder = self.connection.folder("drafts")
        with self.connection.errors(f"reading drafts in {folder}"):
            drafts, complete = self._read_drafts(folder)
            if not complete:
                # a draft was expunged between SEARCH and FETCH (the user's client saving an edit):
                # a second look sees the folder as it is now
                drafts, complete = self._read_drafts(folder)
            trashed = self._trashed()
        if not complete:
            log.info("%s changed while it was read twice; the listing is partial this time", folder)
        return DraftListing(drafts, complete=complete, trashed=trashed)

    def stamp(self) -> str | None:
        """A value that is the same at two moments only if neither Drafts nor Trash changed in between
        (no message added, removed or re-flagged): what `present()` reads cannot have changed either.
        None when the server cannot tell: without CONDSTORE a draft flagged \\Deleted (which `present()`
        leaves out) would change nothing that STATUS shows, so every scan lists Drafts as before."""
        connection = self.connection
        with connection.errors("reading the state of Drafts"):
            if not connection.client.has_capability("CONDSTORE"):
                return None
            folders = [connection.folder("drafts")]
            trash = self._trash_folder()
            if trash is not None and trash not in folders:
                folders.append(trash)
            # STATUS is only exact for a folder that is not selected (RFC 3501 section 6.3.10)
            if not connection.deselect():
                return None
            seen = []
            for folder in folders:
                status = connection.client.folder_status(folder, list(_STAMP_ITEMS))
                if any(item not in status for item in _STAMP_ITEMS):
                    return None  # a server that leaves one out cannot vouch for the folder
                seen.append([folder, *(int(status[item]) for item in _STAMP_ITEMS)])
        return json.dumps(seen)

    def _trash_folder(self) -> str | None:
        return next((name for flags, name in self.connection.folders()
                     if any(flag.lower() == b"\\trash" for flag in flags)), None)

    def _read_drafts(self, folder: str) -> tuple[dict[str, DraftCopy], bool]:
        """The drafts, and whether every message SEARCH named was also fetched."""
        client = self.connection.client
        self.connection.select(folder, fresh=True)
        uids = sorted(client.search(["NOT", "DELETED"]))
        drafts: dict[str, DraftCopy] = {}
        complete = True
        for start in range(0, len(uids), BODY_CHUNK):
            chunk = uids[start:start + BODY_CHUNK]
            fetched = client.fetch(chunk, [b"BODY.PEEK[]"])
            for uid in chunk:
                body = fetched.get(uid, {}).get(b"BODY[]")
                if not isinstance(body, bytes | bytearray):
                    complete = False  # expunged meanwhile: Dovecot answers NIL or nothing at all
                    continue
                message_id = message_id_of(bytes(body))
                if message_id:
                    drafts[message_id] = DraftCopy(message_id, bytes(body))
        return drafts, complete

    def _trashed(self) -> frozenset[str]:
        """Message-IDs of our drafts in the \\Trash folder (RFC 6154): drafts the user deleted.

        One SEARCH for our Message-ID prefix, then their Message-ID headers; nothing when the server
        marks no Trash folder.
        """
        trash = self._trash_folder()
        if trash is None:
            return frozenset()
        client = self.connection.client
        self.connection.select(trash, fresh=True)
        hits = client.search(["HEADER", "Message-ID", MESSAGE_ID_PREFIX])
        if not hits:
            return frozenset()
        headers = client.fetch(hits, [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        found = (message_id_of(bytes(data.get(_MESSAGE_ID_HEADER) or b"")) for data in headers.values())
        return frozenset(message_id for message_id in found if message_id)

    def create(self, message: EmailMessage) -> None:
        folder = self.connection.folder("drafts")
        # IMAP message literals use CRLF line ends (RFC 3501 section 6.3.11 via RFC 5322).
        raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        with self.connection.errors(f"writing a draft to {folder}"):
            self.connection.client.append(folder, raw, flags=(b"\\Draft", b"\\Seen"), msg_time=_date(message))
        log.debug("appended draft %s to %s", message["Message-ID"], folder)

    def withdraw(self, message_id: str) -> bool:
        folder = self.connection.folder("drafts")
        with self.connection.errors(f"withdrawing a draft from {folder}"):
            client = self.connection.client
            self.connection.select(folder, readonly=False, fresh=True)
            # HEADER search is a case-insensitive substring match (RFC 3501 section 6.4.4); confirm each
            # hit's Message-ID exactly so that no one else's message is touched.
            hits = client.search(["HEADER", "Message-ID", message_id])
            ours = []
            if hits:
                headers = client.fetch(hits, [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
                ours = sorted(uid for uid, data in headers.items()
                              if message_id_of(bytes(data.get(_MESSAGE_ID_HEADER, b""))) == message_id)
            if not ours:
                return False
            client.add_flags(ours, [b"\\Deleted"], silent=True)
            if client.has_capability("UIDPLUS"):
                client.uid_expunge(ours)
            else:
                log.debug("%s has no UIDPLUS: draft %s stays flagged \\Deleted (a plain EXPUNGE could remove "
                          "the user's own deleted messages)", self.connection.account.host, message_id)
            # No CLOSE here: it would expunge every \Deleted message of the folder (RFC 3501 section 6.4.2).
        return True

    def close(self) -> None:
        self.connection.close()


def message_id_of(raw: bytes) -> str | None:
    """The Message-ID of a raw message, as Maildir drafts read it (imported when a draft is read: a scan
    whose Drafts did not change reads none)."""
    from watcher.drafts import maildir

    return maildir.message_id_of(raw)


def _date(message: EmailMessage) -> dt.datetime | None:
    """The Date header, used as the draft's INTERNALDATE so clients sort it where the user expects."""
    # a "-0000" zone parses naive, and imapclient would read that as local time: dates makes it UTC
    return header_date.header_datetime(message["Date"])
