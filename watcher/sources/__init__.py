"""Where mail comes from: the `MailSource` protocol, one implementation per backend.

A source reads the user's Inbox and Sent folders and never changes them: no flag set (IMAP
`BODY.PEEK`, folders opened read-only), nothing moved or deleted. Sync is incremental: the source
returns an opaque cursor that the state store keeps and hands back next time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from watcher.model import Role

# Decides from a message's raw header block whether its body is worth fetching.
WantsBody = Callable[[bytes], bool]


@dataclass(frozen=True)
class Fetched:
    """One message as the source delivered it, before parsing."""

    role: Role
    raw: bytes  # the whole message, or only its header block when `complete` is False
    complete: bool = True
    internal_date: dt.datetime | None = None
    provider_thread_id: str | None = None


@dataclass(frozen=True)
class SyncBatch:
    """What one sync of one folder brought: new messages and the cursor to store afterwards."""

    messages: tuple[Fetched, ...]
    cursor: str
    full_resync: bool = False  # the old cursor was no longer valid (e.g. UIDVALIDITY changed)


class MailSource(Protocol):
    """Reads one account's folders incrementally."""

    def sync(self, role: Role, cursor: str | None, since: dt.datetime, wants_body: WantsBody) -> SyncBatch:
        """Messages of `role`'s folder added after `cursor` (all since `since` when there is none)."""
        ...

    def close(self) -> None:
        """Release connections; the source is not used afterwards."""
        ...
