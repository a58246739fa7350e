"""Where drafts go: the `DraftWriter` protocol, one implementation per backend.

A writer can find, create and withdraw drafts in the account's Drafts folder. There is no method to
send and there never will be (POLICY.md: drafts, never sends).
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol


@dataclass(frozen=True)
class DraftCopy:
    """A draft as it is now in the Drafts folder, identified by its Message-ID header."""

    message_id: str
    raw: bytes


class DraftWriter(Protocol):
    """Writes to the account's Drafts folder; message ids are `<...>` header values."""

    def present(self) -> dict[str, DraftCopy]:
        """Every draft now in the Drafts folder, keyed by Message-ID."""
        ...

    def create(self, message: EmailMessage) -> None:
        """Store `message` as a draft (with the `\\Draft` flag where the backend has flags)."""
        ...

    def withdraw(self, message_id: str) -> bool:
        """Remove our draft with this Message-ID; False when it was not there."""
        ...

    def close(self) -> None:
        ...
