"""The MailSource contract, run against every backend: memory, Maildir and IMAP (a real Dovecot).

Reading must be incremental (each message once), bounded by `since` on the first sync, header-only
when the body is not wanted, and must never change the user's mail.
"""

from __future__ import annotations

import datetime as dt
import json
import mailbox
from pathlib import Path

import pytest
from conftest import Harness, ImapHarness, MaildirHarness, message_id
from sourcing import Batch, sync

from watcher import backends, config, errors
from watcher.drafts.maildir import message_id_of
from watcher.model import Role
from watcher.sources.maildir import MaildirSource

SINCE = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
IMAP = pytest.param("imap", marks=pytest.mark.dovecot)


def everything(header: bytes) -> bool:
    return True


def nothing(header: bytes) -> bool:
    return False


def ids(batch: Batch) -> list[str | None]:
    return [message_id_of(fetched.raw) for fetched in batch.messages]


def test_first_sync_returns_the_messages_since_the_bound(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-old-newsletter")
    mail.add(Role.INBOX, "inbox-interview-invite")
    mail.add(Role.INBOX, "inbox-interview-confirmation")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, everything)
    assert ids(batch) == [message_id("inbox-interview-invite"), message_id("inbox-interview-confirmation")]


def test_first_sync_of_sent_reads_the_sent_folder(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    mail.add(Role.SENT, "sent-availability")
    batch = sync(mail.source(), Role.SENT, None, SINCE, everything)
    assert ids(batch) == [message_id("sent-availability")]


def test_second_sync_with_the_returned_cursor_returns_nothing(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    mail.add(Role.INBOX, "inbox-interview-confirmation")
    source = mail.source()
    first = sync(source, Role.INBOX, None, SINCE, everything)
    second = sync(source, Role.INBOX, first.cursor, SINCE, everything)
    assert second.messages == ()


def test_message_added_after_a_sync_comes_alone(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    source = mail.source()
    first = sync(source, Role.INBOX, None, SINCE, everything)
    mail.add(Role.INBOX, "inbox-status-update")
    second = sync(source, Role.INBOX, first.cursor, SINCE, everything)
    assert ids(second) == [message_id("inbox-status-update")]


def test_old_message_added_after_the_first_sync_is_still_new(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    source = mail.source()
    first = sync(source, Role.INBOX, None, SINCE, everything)
    mail.add(Role.INBOX, "inbox-old-newsletter")
    second = sync(source, Role.INBOX, first.cursor, SINCE, everything)
    assert ids(second) == [message_id("inbox-old-newsletter")]


def test_message_older_than_since_is_not_returned_by_a_later_sync(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-old-newsletter")
    source = mail.source()
    first = sync(source, Role.INBOX, None, SINCE, everything)
    second = sync(source, Role.INBOX, first.cursor, SINCE, everything)
    assert second.messages == ()


def test_sync_of_an_empty_folder_returns_nothing(mail: Harness) -> None:
    batch = sync(mail.source(), Role.INBOX, None, SINCE, everything)
    assert batch.messages == ()


def test_cursor_of_an_empty_folder_still_finds_the_first_message(mail: Harness) -> None:
    source = mail.source()
    first = sync(source, Role.INBOX, None, SINCE, everything)
    mail.add(Role.INBOX, "inbox-interview-invite")
    second = sync(source, Role.INBOX, first.cursor, SINCE, everything)
    assert ids(second) == [message_id("inbox-interview-invite")]


def test_first_sync_is_not_a_full_resync(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    assert sync(mail.source(), Role.INBOX, None, SINCE, everything).full_resync is False


def test_unwanted_bodies_are_fetched_as_incomplete_headers(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    mail.add(Role.INBOX, "inbox-interview-confirmation")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, nothing)
    assert [fetched.complete for fetched in batch.messages] == [False, False]


def test_header_only_message_holds_no_body_text(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, nothing)
    assert b"video interview" not in batch.messages[0].raw


def test_header_only_message_holds_the_headers(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, nothing)
    assert b"Subject: Interview for the Data Engineer role" in batch.messages[0].raw


def test_wanted_body_comes_whole(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, everything)
    assert b"video interview" in batch.messages[0].raw


def test_wants_body_decides_per_message(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    mail.add(Role.INBOX, "inbox-interview-confirmation")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, lambda header: b"Message-ID: <invite-1@" in header)
    assert [fetched.complete for fetched in batch.messages] == [True, False]


def test_wants_body_is_asked_with_the_header_block(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    seen: list[bytes] = []
    sync(mail.source(), Role.INBOX, None, SINCE, lambda header: seen.append(header) is None)
    assert b"video interview" not in seen[0] and b"Message-ID: <invite-1@example.com>" in seen[0]


def test_fetched_messages_carry_their_role(mail: Harness) -> None:
    mail.add(Role.SENT, "sent-availability")
    batch = sync(mail.source(), Role.SENT, None, SINCE, everything)
    assert [fetched.role for fetched in batch.messages] == [Role.SENT]


def test_reading_changes_no_flag_or_file(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    mail.add(Role.INBOX, "inbox-interview-confirmation", ("\\Seen", "\\Flagged"))
    mail.add(Role.SENT, "sent-availability", ("\\Seen",))
    before = mail.snapshot()
    source = mail.source()
    for role in (Role.INBOX, Role.SENT):
        cursor = sync(source, role, None, SINCE, everything).cursor
        sync(source, role, cursor, SINCE, everything)
    assert mail.snapshot() == before


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_reading_never_sets_seen(mail: ImapHarness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    sync(mail.source(), Role.INBOX, None, SINCE, everything)
    assert "\\Seen" not in mail.tool.flags("INBOX")[message_id("inbox-interview-invite")]


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_changed_uidvalidity_forces_a_full_resync(mail: ImapHarness) -> None:
    mail.add(Role.SENT, "sent-availability")
    source = mail.source()
    first = sync(source, Role.SENT, None, SINCE, everything)
    mail.recreate_folder(Role.SENT)
    mail.add(Role.SENT, "sent-availability")
    assert sync(source, Role.SENT, first.cursor, SINCE, everything).full_resync is True


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_full_resync_returns_the_folder_since_the_bound(mail: ImapHarness) -> None:
    mail.add(Role.SENT, "sent-availability")
    source = mail.source()
    first = sync(source, Role.SENT, None, SINCE, everything)
    mail.recreate_folder(Role.SENT)
    mail.add(Role.SENT, "sent-availability")
    second = sync(source, Role.SENT, first.cursor, SINCE, everything)
    assert ids(second) == [message_id("sent-availability")]


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_messages_carry_their_internal_date(mail: ImapHarness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    batch = sync(mail.source(), Role.INBOX, None, SINCE, everything)
    assert batch.messages[0].internal_date == dt.datetime(2026, 10, 6, 18, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize("mail", ["maildir", IMAP], indirect=True)
def test_cursor_of_another_folder_forces_a_full_resync(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    source = mail.source()
    cursor = json.loads(sync(source, Role.INBOX, None, SINCE, everything).cursor)
    cursor["folder"] = "Archive"
    assert sync(source, Role.INBOX, json.dumps(cursor), SINCE, everything).full_resync is True


@pytest.mark.parametrize("mail", ["maildir", IMAP], indirect=True)
def test_unreadable_cursor_reads_the_folder_again(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    batch = sync(mail.source(), Role.INBOX, "not json", SINCE, everything)
    assert ids(batch) == [message_id("inbox-interview-invite")]


@pytest.mark.parametrize("mail", ["maildir"], indirect=True)
def test_maildir_sent_folder_falls_back_to_sent_items(mail: MaildirHarness) -> None:
    (mail.root / ".Sent").rename(mail.root / ".Sent Items")
    assert mail.source().folder(Role.SENT)[0] == "Sent Items"  # type: ignore[attr-defined]


@pytest.mark.parametrize("mail", ["maildir"], indirect=True)
def test_maildir_without_a_sent_folder_is_a_user_error_naming_the_config_key(mail: MaildirHarness) -> None:
    (mail.root / ".Sent").rename(mail.root / ".Archive")
    with pytest.raises(errors.UserError, match="set sent_folder"):
        sync(mail.source(), Role.SENT, None, SINCE, everything)


@pytest.mark.parametrize("mail", ["maildir"], indirect=True)
def test_maildir_configured_sent_folder_is_read(mail: MaildirHarness) -> None:
    (mail.root / ".Sent").rename(mail.root / ".Outbox")
    mail.root.joinpath(".Sent").mkdir()
    for sub in ("cur", "new", "tmp"):
        mail.root.joinpath(".Sent", sub).mkdir()
    mail.add(Role.SENT, "sent-availability")
    source = MaildirSource(str(mail.root), sent_folder="Outbox")
    assert sync(source, Role.SENT, None, SINCE, everything).messages == ()


def test_open_backend_of_a_missing_maildir_is_a_user_error(tmp_path: Path) -> None:
    account = config.Account(name="local", backend="maildir", path=str(tmp_path / "nowhere"))
    with pytest.raises(errors.UserError, match="does not exist"):
        backends.open_backend(account, {})


def test_open_backend_of_a_maildir_describes_its_path(tmp_path: Path) -> None:
    mailbox.Maildir(str(tmp_path / "Mail"), create=True)
    account = config.Account(name="local", backend="maildir", path=str(tmp_path / "Mail"))
    assert backends.open_backend(account, {}).describe() == f"maildir {tmp_path / 'Mail'}"


@pytest.mark.parametrize("mail", [IMAP], indirect=True)
def test_imap_large_message_comes_with_its_text_and_invite_but_not_its_attachment(mail: ImapHarness) -> None:
    boundary = "big-1"
    raw = (f"From: Maren Holt <maren.holt@larkspur.example.com>\r\nTo: Alex <alex@example.org>\r\n"
           f"Subject: Interview pack\r\nDate: Tue, 06 Oct 2026 14:12:00 -0400\r\nMessage-ID: <big-1@example.com>\r\n"
           f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n'
           f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYour interview is on Tuesday.\r\n"
           f"--{boundary}\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
           f'Content-Disposition: attachment; filename="pack.pdf"\r\n\r\n' + "QUJD" * 200_000 + "\r\n"
           f"--{boundary}\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
           f"--{boundary}--\r\n").encode()
    mail.tool.append("INBOX", raw)
    source = mail.source()
    (listed,) = [item for chunk in source.listing(Role.INBOX, None, SINCE).chunks for item in chunk]
    fetched = source.fetch(Role.INBOX, [listed.ref])[listed.ref].raw
    assert (b"Your interview is on Tuesday." in fetched, b"BEGIN:VCALENDAR" in fetched, b"QUJDQUJD" in fetched,
            len(fetched) < 64 * 1024) == (True, True, False, True)


def test_peek_gives_the_start_of_the_body_without_the_headers(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    source = mail.source()
    (listed,) = [item for chunk in source.listing(Role.INBOX, None, SINCE).chunks for item in chunk]
    prefix = listed.preview if listed.preview is not None else source.peek(Role.INBOX, [listed.ref])[listed.ref]
    assert b"Subject:" not in prefix and len(prefix) <= 4096 and prefix.strip()


def test_fetch_leaves_out_a_ref_that_is_not_there(mail: Harness) -> None:
    mail.add(Role.INBOX, "inbox-interview-invite")
    source = mail.source()
    (listed,) = [item for chunk in source.listing(Role.INBOX, None, SINCE).chunks for item in chunk]
    gone = "1:999999" if mail.name == "imap" else "999999"
    assert set(source.fetch(Role.INBOX, [listed.ref, gone])) == {listed.ref}
