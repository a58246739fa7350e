"""Where mail comes from: the `MailSource` protocol, one implementation per backend.

A source reads the user's Inbox and Sent folders and never changes them: no flag set (IMAP
`BODY.PEEK`, folders opened read-only), nothing moved or deleted. Reading has three steps, so that
the cost follows the mail that matters rather than the size of the mailbox:

1. `listing`: the header block of every message added since the cursor, in chunks (streamed, never
   the whole folder in memory), with a `ref` that says where to read the rest later;
2. `peek`: the first bytes of some bodies, for triage;
3. `fetch`: whole messages, for the conversations triage kept, without attachments beyond a cap.

Sync is incremental: a listing carries the opaque cursor that the state store keeps and hands back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from watcher.model import Role

# The first bytes of a body that triage reads (`peek`).
PEEK_BYTES = 4096
# The largest message fetched whole; a larger one is fetched as its text and calendar parts only,
# each cut at PART_CAP (attachments are never read).
WHOLE_CAP = 256 * 1024
PART_CAP = 256 * 1024


@dataclass(frozen=True)
class Listed:
    """One message as a listing delivers it: its header block, and where its body is."""

    role: Role
    ref: str  # backend-specific: an IMAP "uidvalidity:uid", a Maildir key, a Gmail message id
    header: bytes
    internal_date: dt.datetime | None = None
    provider_thread_id: str | None = None
    preview: bytes | None = None  # a body preview the backend gave for free (Gmail's snippet)


@dataclass(frozen=True)
class Listing:
    """What one sync of one folder brought: its new messages (lazily, in chunks) and the cursor to
    store once all of them are indexed."""

    chunks: Iterable[Sequence[Listed]]
    cursor: Callable[[], str]  # asked once every chunk was read: a source may learn more while reading
    full_resync: bool = False  # the old cursor was no longer valid (e.g. UIDVALIDITY changed)
    total: int | None = None  # how many messages the chunks hold, when known up front (for progress)


@dataclass(frozen=True)
class Fetched:
    """One message as the source delivered it, before parsing."""

    role: Role
    raw: bytes  # the whole message, or only its header block when `complete` is False
    complete: bool = True
    internal_date: dt.datetime | None = None
    provider_thread_id: str | None = None


def peeks_one_by_one(source: MailSource, role: Role, batches: Iterable[Sequence[str]]) -> Iterator[dict[str, bytes]]:
    """`MailSource.peeks` for a source that gains nothing from knowing the next batch."""
    for refs in batches:
        yield source.peek(role, refs) if refs else {}


class MailSource(Protocol):
    """Reads one account's folders incrementally."""

    # Whether going from one folder to another costs the server real work (IMAP: an EXAMINE reads
    # the folder's index, 50-200 ms for an Inbox of 80,000 messages on Dovecot's Maildir): sync then
    # reads a few new messages of the Sent folder, with their starts, before the Inbox, which it
    # opens only once.
    one_folder_at_a_time: bool

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        """Messages of `role`'s folder added after `cursor` (all since `since` when there is none)."""
        ...

    def peek(self, role: Role, refs: Sequence[str]) -> dict[str, bytes]:
        """The first PEEK_BYTES of each body (after the header block); refs no longer there are left out."""
        ...

    def peeks(self, role: Role, batches: Iterable[Sequence[str]]) -> Iterator[dict[str, bytes]]:
        """`peek` of each batch in turn (an empty batch answers {}); a source may read one batch ahead."""
        ...

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        """Whole messages (attachments left out past WHOLE_CAP); refs no longer there are left out."""
        ...

    def close(self) -> None:
        """Release connections; the source is not used afterwards."""
        ...
