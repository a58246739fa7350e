"""`sync`: a folder's new messages read the way the product's sync reads them — a listing, then the
bodies of the ones wanted — for tests of the sources written against the whole read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from watcher.model import Role
from watcher.sources import Fetched, MailSource


@dataclass(frozen=True)
class Batch:
    messages: tuple[Fetched, ...]
    cursor: str
    full_resync: bool


def everything(header: bytes) -> bool:
    return True


def sync(source: MailSource, role: Role, cursor: str | None, since: dt.datetime,
         wants_body: Callable[[bytes], bool] = everything) -> Batch:
    listing = source.listing(role, cursor, since)
    listed = [item for chunk in listing.chunks for item in chunk]
    wanted = [item.ref for item in listed if wants_body(item.header)]
    whole = source.fetch(role, wanted) if wanted else {}
    messages = []
    for item in listed:
        found = whole.get(item.ref)
        if found is None:
            messages.append(Fetched(role, item.header, complete=False, internal_date=item.internal_date,
                                    provider_thread_id=item.provider_thread_id))
        else:
            messages.append(replace(found, internal_date=found.internal_date or item.internal_date,
                                    provider_thread_id=found.provider_thread_id or item.provider_thread_id))
    return Batch(tuple(messages), listing.cursor(), listing.full_resync)
