"""Where drafts go: the `DraftWriter` protocol, one implementation per backend.

A writer can find, create and withdraw drafts in the account's Drafts folder. There is no method to
send and there never will be (POLICY.md: drafts, never sends).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

# Every draft we write has a Message-ID "<followup-watcher.…@domain>": how ours are told from the user's.
MESSAGE_ID_PREFIX = "followup-watcher."


@dataclass(frozen=True)
class DraftCopy:
    """A draft as it is now in the Drafts folder, identified by its Message-ID header."""

    message_id: str
    raw: bytes
    # the fingerprint of its text (fate.body_digest), when known already: a listing kept from an
    # earlier scan carries it, so an unchanged draft is not decoded again
    text_digest: str = ""


class DraftListing(dict[str, DraftCopy]):
    """The drafts now in Drafts, keyed by Message-ID, and how far the listing can be trusted.

    `complete` is False when the folder changed while it was read (a message expunged between SEARCH
    and FETCH): a draft missing from such a listing may still be there. `trashed` holds Message-IDs of
    ours found in the Trash folder, the user's positive act of deleting a draft. A dict, so that code
    which only needs the drafts uses it as one.
    """

    def __init__(self, drafts: Mapping[str, DraftCopy] | Iterable[tuple[str, DraftCopy]] = (), *,
                 complete: bool = True, trashed: frozenset[str] = frozenset()) -> None:
        super().__init__(drafts)
        self.complete = complete
        self.trashed = trashed


class DraftWriter(Protocol):
    """Writes to the account's Drafts folder; message ids are `<...>` header values."""

    def present(self) -> dict[str, DraftCopy]:
        """Every draft now in the Drafts folder, keyed by Message-ID (a `DraftListing`).

        A listing that failed raises; it never returns fewer drafts than the folder holds unless it
        says so (`DraftListing.complete`).
        """
        ...

    def create(self, message: EmailMessage) -> None:
        """Store `message` as a draft (with the `\\Draft` flag where the backend has flags)."""
        ...

    def withdraw(self, message_id: str) -> bool:
        """Remove our draft with this Message-ID; False when it was not there."""
        ...

    def close(self) -> None:
        ...
