"""An in-memory mail source for tests: a `MemoryMailbox` holds raw messages per role.

The cursor is the number of messages of that role already listed, so a listing holds only what
was appended since. `since` bounds the first listing by each message's Date header.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from watcher.model import Role
from watcher.sources import PEEK_BYTES, Fetched, Listed, Listing, peeks_one_by_one
from watcher.sources.maildir import header_block, header_date


@dataclass
class MemoryMailbox:
    """A mutable mailbox shared by `MemorySource` and `drafts.memory.MemoryDraftWriter`."""

    folders: dict[Role, list[bytes]] = field(default_factory=lambda: {role: [] for role in Role})
    drafts: dict[str, bytes] = field(default_factory=dict)  # Message-ID -> raw draft

    def add(self, role: Role, raw: bytes) -> None:
        self.folders.setdefault(role, []).append(raw)


class MemorySource:
    """`MailSource` over a `MemoryMailbox`; a message's ref is its position in its folder."""

    one_folder_at_a_time = False

    def __init__(self, mailbox: MemoryMailbox) -> None:
        self.mailbox = mailbox

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        messages = self.mailbox.folders.get(role, [])
        first = 0 if cursor is None else int(cursor)
        listed = [Listed(role, str(index), header_block(raw)) for index, raw in enumerate(messages)
                  if index >= first and (cursor is not None or _date(raw) >= since)]
        count = str(len(messages))
        return Listing((listed,), lambda: count, total=len(listed))

    def peeks(self, role: Role, batches: Iterable[Sequence[str]]) -> Iterator[dict[str, bytes]]:
        return peeks_one_by_one(self, role, batches)

    def peek(self, role: Role, refs: Sequence[str]) -> dict[str, bytes]:
        return {ref: raw[len(header_block(raw)):][:PEEK_BYTES] for ref, raw in self._found(role, refs)}

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        return {ref: Fetched(role, raw) for ref, raw in self._found(role, refs)}

    def _found(self, role: Role, refs: Sequence[str]) -> list[tuple[str, bytes]]:
        messages = self.mailbox.folders.get(role, [])
        return [(ref, messages[int(ref)]) for ref in refs if int(ref) < len(messages)]

    def close(self) -> None:
        return None


def _date(raw: bytes) -> dt.datetime:
    return header_date(header_block(raw)) or dt.datetime.max.replace(tzinfo=dt.UTC)  # undated: never too old
