"""An in-memory mail source for tests: a `MemoryMailbox` holds raw messages per role.

The cursor is the number of messages of that role already returned, so a sync returns only what
was appended since. `since` bounds the first sync by each message's Date header.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from watcher.model import Role
from watcher.sources import Fetched, SyncBatch, WantsBody
from watcher.sources.maildir import header_block, header_date


@dataclass
class MemoryMailbox:
    """A mutable mailbox shared by `MemorySource` and `drafts.memory.MemoryDraftWriter`."""

    folders: dict[Role, list[bytes]] = field(default_factory=lambda: {role: [] for role in Role})
    drafts: dict[str, bytes] = field(default_factory=dict)  # Message-ID -> raw draft

    def add(self, role: Role, raw: bytes) -> None:
        self.folders.setdefault(role, []).append(raw)


class MemorySource:
    """`MailSource` over a `MemoryMailbox`."""

    def __init__(self, mailbox: MemoryMailbox) -> None:
        self.mailbox = mailbox

    def sync(self, role: Role, cursor: str | None, since: dt.datetime, wants_body: WantsBody) -> SyncBatch:
        messages = self.mailbox.folders.get(role, [])
        if cursor is None:
            chosen = [raw for raw in messages if _date(raw) >= since]
        else:
            chosen = messages[int(cursor):]
        fetched = []
        for raw in chosen:
            header = header_block(raw)
            if wants_body(header):
                fetched.append(Fetched(role, raw, complete=True, internal_date=None))
            else:
                fetched.append(Fetched(role, header, complete=False, internal_date=None))
        return SyncBatch(tuple(fetched), str(len(messages)))

    def close(self) -> None:
        return None


def _date(raw: bytes) -> dt.datetime:
    return header_date(header_block(raw)) or dt.datetime.max.replace(tzinfo=dt.UTC)  # undated: never too old
