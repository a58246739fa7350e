"""What became of our drafts, and the one name each draft carries: its Message-ID.

The fate of a draft (present, edited, sent, deleted by the user) is read from the Drafts listing and
the thread. "Deleted by the user" is a conclusion that can never be taken back (POLICY.md: a deleted
draft is not written again), so it follows only from positive evidence: a Drafts listing the writer
vouched for as complete. A listing that failed raises (the scan stops, transiently) and one that was
partial is marked so; neither is ever read as "absent".

A draft's Message-ID is a function of what identifies its follow-up (account, follow-up id, the
user's address), so the drafts already in Drafts are recognised as ours even when the state file is
lost, deleted or rolled back, and are not written twice. It is a hash: it names no mailbox and says
nothing about the thread to whoever reads the header.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import replace

from watcher import drafts
from watcher.drafts import DraftCopy, DraftListing
from watcher.model import Detection, FollowUp, Status

log = logging.getLogger(__name__)

# compose.new_message_id's prefix too: drafts written before ids were deterministic look the same
MESSAGE_ID_PREFIX = drafts.MESSAGE_ID_PREFIX


def draft_message_id(account: str, followup_id: str, my_address: str) -> str:
    """The Message-ID of the draft of one follow-up: reproducible from the mailbox, not from the state."""
    key = "\0".join((account, followup_id, my_address.lower()))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    domain = my_address.rpartition("@")[2] or "localhost"
    return f"<{MESSAGE_ID_PREFIX}{digest}@{domain}>"


class Listings:
    """Each account's Drafts listing, read once per scan and only when something needs it."""

    def __init__(self, lister: Callable[[str], Mapping[str, DraftCopy]]) -> None:
        self._lister = lister
        self._read: dict[str, DraftListing] = {}

    def of(self, account: str) -> DraftListing:
        if account not in self._read:
            found = self._lister(account)
            # a writer that predates DraftListing returns a plain dict: it reads the whole folder or raises
            self._read[account] = found if isinstance(found, DraftListing) else DraftListing(found)
        return self._read[account]

    def note_written(self, account: str, copy: DraftCopy) -> None:
        """A draft we wrote in this scan is present from now on, for the rest of the scan."""
        if account in self._read:
            self._read[account][copy.message_id] = copy


def needs_listing(followup: FollowUp) -> bool:
    """Whether the fate of this follow-up's draft depends on the Drafts folder."""
    return followup.status is Status.DRAFTED and followup.fate in ("", "present", "edited")


def with_fate(followup: FollowUp, listings: Listings, sent_ids: set[str], detection: Detection) -> FollowUp:
    """What the user did with a draft of ours since the last scan: sent, edited, deleted, or nothing."""
    if not needs_listing(followup):
        return followup
    if followup.draft_message_id in sent_ids:
        return replace(followup, fate="sent")
    present = listings.of(followup.account)
    copy = present.get(followup.draft_message_id)
    if copy is not None:
        edited = digest_of(copy) != followup.body_digest
        return replace(followup, fate="edited" if edited else "present", writing=False)
    if followup.writing:
        return followup  # recorded but maybe never written: the apply step finishes the write
    later_own = [e for e in detection.events if e.side.value == "me" and followup.drafted_at and e.at > followup.drafted_at]
    # a client that gives a sent draft a new Message-ID still leaves the user's message in the thread
    if later_own:
        return replace(followup, fate="sent")
    if not present.complete:
        log.info("thread %s: draft %s not seen in a partial Drafts listing; deciding next time",
                 followup.thread_id, followup.followup_id)
        return followup
    return replace(followup, fate="deleted", reason="you deleted this draft: it will not be written again")


def digest_of(copy: DraftCopy) -> str:
    """The fingerprint of a draft's text as it is in Drafts (`body_digest` of `text_of`)."""
    return copy.text_digest or body_digest(text_of(copy.raw))


def text_of(raw: bytes) -> str:
    """A draft's plain text, as the rules' own MIME reader decodes it (no header parsing on the way)."""
    from watcher import mimeparts  # only a scan that reads a draft needs the MIME reader

    plain = mimeparts.read(raw).plain
    return plain[0] if plain else ""


def body_digest(text: str) -> str:
    """A fingerprint of a draft's text that survives servers re-encoding line ends and trailing spaces."""
    normalised = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
