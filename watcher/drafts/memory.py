"""An in-memory draft writer for tests, storing drafts in a `MemoryMailbox` by Message-ID."""

from __future__ import annotations

from email.message import EmailMessage

from watcher.drafts import DraftCopy, DraftListing
from watcher.sources.memory import MemoryMailbox


class MemoryDraftWriter:
    """`DraftWriter` over `MemoryMailbox.drafts`."""

    def __init__(self, mailbox: MemoryMailbox) -> None:
        self.mailbox = mailbox

    def present(self) -> DraftListing:
        return DraftListing((message_id, DraftCopy(message_id, raw)) for message_id, raw in self.mailbox.drafts.items())

    def create(self, message: EmailMessage) -> None:
        message_id = str(message["Message-ID"] or "").strip()
        if not message_id:
            raise ValueError("a draft needs a Message-ID header")
        self.mailbox.drafts[message_id] = message.as_bytes()

    def withdraw(self, message_id: str) -> bool:
        return self.mailbox.drafts.pop(message_id, None) is not None

    def close(self) -> None:
        return None
