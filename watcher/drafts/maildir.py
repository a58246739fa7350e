"""Drafts in a Maildir tree: its Drafts folder (or the configured one), written with `mailbox`.

A draft is stored in cur/ with the info suffix `:2,DS`: "D" is the Maildir draft flag, "S" keeps an
unread-count from lighting up for a message the user wrote (cr.yp.to/proto/maildir.html). A message
whose info has "T" (trashed) counts as gone, like IMAP's `\\Deleted`. A missing Drafts folder is
created the way the tree's layout makes folders (`maildir_tree.py`) the first time a draft is written;
a synchronizer (mbsync, offlineimap) then carries the draft to the server.
"""

from __future__ import annotations

import logging
import mailbox
import re
from email.message import EmailMessage

from watcher.drafts import MESSAGE_ID_PREFIX, DraftCopy, DraftListing
from watcher.sources import maildir, maildir_tree

log = logging.getLogger(__name__)

DRAFTS = "Drafts"
_MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*((?:.|\r?\n[ \t])*)", re.IGNORECASE | re.MULTILINE)


def message_id_of(raw: bytes) -> str | None:
    """The `<...>` Message-ID of a raw message (RFC 5322 section 3.6.4), or None if it has none."""
    match = _MESSAGE_ID.search(maildir.header_block(raw))
    if not match:
        return None
    value = re.sub(rb"\s+", b"", match.group(1)).decode("ascii", errors="replace")
    found = re.search(r"<[^<>]+>", value)
    if found:
        return found.group(0)
    return f"<{value}>" if value else None


class MaildirDraftWriter:
    """`DraftWriter` for the Drafts folder of a Maildir tree."""

    def __init__(self, path: str, drafts_folder: str = "", layout: str = "auto") -> None:
        self.path = path
        self.layout = layout
        self.configured = maildir.folder_name(drafts_folder)

    def _folder(self, create: bool) -> mailbox.Maildir | None:
        tree = maildir_tree.open_tree(self.path, self.layout)
        found = tree.find(self.configured) if self.configured else tree.find(*maildir_tree.DRAFTS_NAMES)
        if found is not None:
            return mailbox.Maildir(str(found[1]), factory=None, create=False)
        if not create:
            return None
        name = self.configured or DRAFTS
        log.info("creating the folder %s in %s (%s layout) for drafts", name, self.path, tree.layout)
        return mailbox.Maildir(str(tree.create(name)), factory=None, create=False)

    def present(self) -> DraftListing:
        folder = self._folder(create=False)
        if folder is None:
            return DraftListing()
        drafts: dict[str, DraftCopy] = {}
        trashed: set[str] = set()
        for key, raw in _messages(folder):
            message_id = message_id_of(raw)
            if not message_id:
                continue
            if "T" not in _flags(folder, key):
                drafts[message_id] = DraftCopy(message_id, raw)
            elif message_id.startswith("<" + MESSAGE_ID_PREFIX):
                trashed.add(message_id)  # the user's client marked our draft trashed: deleted by the user
        # a file renamed by the user's client while we read is skipped by _messages: not a deletion
        return DraftListing(drafts, trashed=frozenset(trashed - drafts.keys()))

    def create(self, message: EmailMessage) -> None:
        folder = self._folder(create=True)
        assert folder is not None
        draft = mailbox.MaildirMessage(message.as_bytes())
        draft.set_subdir("cur")
        draft.set_flags("DS")
        key = folder.add(draft)
        log.debug("wrote draft %s as %s", message["Message-ID"], key)

    def withdraw(self, message_id: str) -> bool:
        folder = self._folder(create=False)
        if folder is None:
            return False
        removed = 0
        for key, raw in _messages(folder):
            if message_id_of(raw) == message_id:
                folder.discard(key)
                removed += 1
        log.debug("withdrew %d copies of draft %s", removed, message_id)
        return removed > 0

    def close(self) -> None:
        return None


def _messages(folder: mailbox.Maildir) -> list[tuple[str, bytes]]:
    found = []
    for key in sorted(folder.keys()):
        try:
            found.append((key, folder.get_bytes(key)))
        except (KeyError, FileNotFoundError):
            continue  # removed by the user's client while we looked
    return found


def _flags(folder: mailbox.Maildir, key: str) -> str:
    try:
        return str(folder.get_message(key).get_flags())
    except (KeyError, FileNotFoundError):
        return ""
