"""Issue #8, item 5: "deleted by the user" only from a complete Drafts listing.

The user's own client expunges drafts while the product reads Drafts: the fault proxy runs that
client's command (straight to Dovecot) just before the product's FETCH reaches the server, between
its SEARCH and its FETCH. A listing that saw the folder change is read again; if it changes again,
it is marked partial, and a partial listing never turns a missing draft into a deleted one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from conftest import DovecotUser, eml, message_id
from faultproxy import FaultProxy

from watcher import backends, fate
from watcher.drafts import DraftListing
from watcher.model import Detection, FollowUp, Kind, Status

pytestmark = pytest.mark.dovecot

OURS = message_id("draft-thank-you")


def user_draft(number: int) -> bytes:
    draft = EmailMessage()
    draft["From"] = "alex@example.org"
    draft["To"] = "someone@example.com"
    draft["Subject"] = f"notes {number}"
    draft["Message-ID"] = f"<user-draft-{number}@example.org>"
    draft.set_content("a draft of the user's own\n")
    return draft.as_bytes()


def expunge(user: DovecotUser, wanted: str) -> None:
    """What the user's client does on deleting a draft: \\Deleted, then EXPUNGE."""
    with user.tool() as tool:
        tool.imap.select('"Drafts"')
        status, data = tool.imap.uid("SEARCH", "HEADER", "Message-ID", wanted)
        assert status == "OK"
        for uid in bytes(data[0] or b"").split():
            tool.imap.uid("STORE", uid.decode(), "+FLAGS.SILENT", "(\\Deleted)")
        tool.imap.expunge()
        tool.imap.close()


@pytest.fixture
def behind_proxy(dovecot_user: DovecotUser) -> Iterator[tuple[FaultProxy, backends.Backend]]:
    with dovecot_user.tool() as tool:
        tool.append("Drafts", eml("draft-thank-you"), ("\\Draft", "\\Seen"))
        for number in (1, 2, 3):
            tool.append("Drafts", user_draft(number), ("\\Draft",))
    proxy = FaultProxy(dovecot_user.server.host, dovecot_user.server.port, seed=0)
    backend = backends.open_backend(dovecot_user.account(port=proxy.port), os.environ)
    yield proxy, backend
    backend.close()
    proxy.close()


def expunging_before_fetch(user: DovecotUser, victims: list[str], seen: list[bytes] | None = None) -> object:
    def hook(line: bytes, drafts_selected: bool) -> None:
        if seen is not None:
            seen.append(line)
        if drafts_selected and b" FETCH " in line.upper() and victims:
            expunge(user, victims.pop(0))
    return hook


def test_a_draft_expunged_between_search_and_fetch_is_read_again(
        dovecot_user: DovecotUser, behind_proxy: tuple[FaultProxy, backends.Backend]) -> None:
    proxy, backend = behind_proxy
    seen: list[bytes] = []
    proxy.before_command = expunging_before_fetch(dovecot_user, ["<user-draft-1@example.org>"], seen)  # type: ignore[assignment]
    listing = backend.drafts.present()
    assert isinstance(listing, DraftListing)
    assert len([line for line in seen if b'EXAMINE "Drafts"' in line or b"EXAMINE Drafts" in line]) == 2
    assert (sorted(listing), listing.complete) == (sorted([OURS, "<user-draft-2@example.org>",
                                                           "<user-draft-3@example.org>"]), True)


def test_a_folder_that_changes_at_every_read_gives_a_partial_listing(
        dovecot_user: DovecotUser, behind_proxy: tuple[FaultProxy, backends.Backend]) -> None:
    proxy, backend = behind_proxy
    proxy.before_command = expunging_before_fetch(  # type: ignore[assignment]
        dovecot_user, ["<user-draft-1@example.org>", "<user-draft-2@example.org>"])
    listing = backend.drafts.present()
    assert isinstance(listing, DraftListing)
    assert (OURS in listing, listing.complete) == (True, False)


def test_a_draft_missing_from_a_partial_listing_is_not_counted_as_deleted() -> None:
    drafted = FollowUp(followup_id="t1:0:thank_you", thread_id="t1", account="test", round_index=0,
                       kind=Kind.THANK_YOU, due=dt.datetime(2026, 11, 12, 22, tzinfo=dt.UTC), status=Status.DRAFTED,
                       reason="drafted", draft_message_id=OURS, drafted_at=dt.datetime(2026, 11, 12, 22, tzinfo=dt.UTC),
                       fate="present", body_digest="x")
    detection = Detection(thread_id="t1", account="test", subject="s", is_interview=True, why=(), message_ids=())
    partial = fate.Listings(lambda account: DraftListing(complete=False))
    complete = fate.Listings(lambda account: DraftListing())
    assert fate.with_fate(drafted, partial, set(), detection).fate == "present"
    assert fate.with_fate(drafted, complete, set(), detection).fate == "deleted"
