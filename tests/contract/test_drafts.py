"""The DraftWriter contract, run against every backend: memory, Maildir and IMAP (a real Dovecot).

Drafts are found by Message-ID, carry the backend's draft flag, and withdrawing one removes every
copy of ours and nothing of the user's, not even messages the user flagged as deleted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Harness, ImapHarness, MaildirHarness, draft, message_id

IMAP = pytest.param("imap", marks=pytest.mark.dovecot)
THANK_YOU = message_id("draft-thank-you")


def test_created_draft_is_present_under_its_message_id(mail: Harness) -> None:
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    assert THANK_YOU in writer.present()


def test_present_draft_holds_the_message(mail: Harness) -> None:
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    assert b"Thank you for arranging today's interview" in writer.present()[THANK_YOU].raw


def test_created_draft_carries_the_draft_flag(mail: Harness) -> None:
    mail.drafts().create(draft("draft-thank-you"))
    assert mail.marked_as_draft(THANK_YOU)


def test_present_lists_the_users_own_drafts_too(mail: Harness) -> None:
    mail.add_user_draft("drafts-user-own")
    assert set(mail.drafts().present()) == {message_id("drafts-user-own")}


def test_present_is_empty_without_drafts(mail: Harness) -> None:
    assert mail.drafts().present() == {}


@pytest.mark.parametrize("mail", ["maildir", IMAP], indirect=True)
def test_present_skips_messages_flagged_deleted(mail: Harness) -> None:
    mail.add_user_draft("drafts-user-deleted", deleted=True)
    assert mail.drafts().present() == {}


def test_withdraw_reports_that_the_draft_was_there(mail: Harness) -> None:
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    assert writer.withdraw(THANK_YOU) is True


def test_withdrawn_draft_is_no_longer_present(mail: Harness) -> None:
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    writer.withdraw(THANK_YOU)
    assert THANK_YOU not in writer.present()


def test_withdraw_removes_every_copy_of_the_message_id(mail: Harness) -> None:
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    writer.create(draft("draft-thank-you"))
    writer.withdraw(THANK_YOU)
    assert THANK_YOU not in mail.drafts_folder()


def test_withdraw_leaves_every_other_message_in_drafts(mail: Harness) -> None:
    mail.add_user_draft("drafts-user-own")
    mail.add_user_draft("drafts-user-deleted", deleted=True)
    writer = mail.drafts()
    writer.create(draft("draft-follow-up"))
    writer.create(draft("draft-thank-you"))
    writer.withdraw(THANK_YOU)
    assert sorted(mail.drafts_folder()) == sorted(
        [message_id("drafts-user-own"), message_id("drafts-user-deleted"), message_id("draft-follow-up")])


def test_withdraw_of_a_missing_draft_returns_false(mail: Harness) -> None:
    mail.add_user_draft("drafts-user-own")
    assert mail.drafts().withdraw(THANK_YOU) is False


def test_withdraw_of_a_missing_draft_changes_nothing(mail: Harness) -> None:
    mail.add_user_draft("drafts-user-own")
    mail.add_user_draft("drafts-user-deleted", deleted=True)
    before = mail.snapshot()
    mail.drafts().withdraw(THANK_YOU)
    assert mail.snapshot() == before


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_draft_is_stored_as_seen(mail: ImapHarness) -> None:
    mail.drafts().create(draft("draft-thank-you"))
    assert "\\Seen" in mail.tool.flags("Drafts")[THANK_YOU]


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_withdraw_without_uidplus_leaves_our_draft_flagged_deleted(
        mail: ImapHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    client = mail.backend.source.connection.client  # type: ignore[attr-defined]
    monkeypatch.setattr(client, "has_capability", lambda capability: capability.upper() != "UIDPLUS")
    writer.withdraw(THANK_YOU)
    assert mail.tool.flags("Drafts")[THANK_YOU] == {"\\Draft", "\\Seen", "\\Deleted"}


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_withdraw_without_uidplus_keeps_the_users_deleted_message(
        mail: ImapHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    mail.add_user_draft("drafts-user-deleted", deleted=True)
    writer = mail.drafts()
    writer.create(draft("draft-thank-you"))
    client = mail.backend.source.connection.client  # type: ignore[attr-defined]
    monkeypatch.setattr(client, "has_capability", lambda capability: capability.upper() != "UIDPLUS")
    writer.withdraw(THANK_YOU)
    assert message_id("drafts-user-deleted") in mail.drafts_folder()


@pytest.mark.parametrize("mail", ["maildir"], indirect=True)
def test_maildir_drafts_folder_is_created_as_a_maildirplus_folder(mail: MaildirHarness) -> None:
    mail.drafts().create(draft("draft-thank-you"))
    assert (Path(mail.root) / ".Drafts" / "maildirfolder").is_file()


@pytest.mark.parametrize("mail", ["maildir"], indirect=True)
def test_maildir_draft_is_written_to_cur_as_draft_and_seen(mail: MaildirHarness) -> None:
    mail.drafts().create(draft("draft-thank-you"))
    names = [path.name for path in (Path(mail.root) / ".Drafts" / "cur").iterdir()]
    assert [name.partition(":")[2] for name in names] == ["2,DS"]
