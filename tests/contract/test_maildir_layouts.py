"""A Maildir as people sync it: Maildir++, mbsync's Verbatim and Legacy stores, offlineimap's default.

Each layout is laid out on disk as its synchronizer writes it; the product must read the Inbox and
Sent folders and put its draft in the Drafts folder that the synchronizer carries back to the server.
"""

from __future__ import annotations

import datetime as dt
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest
from sourcing import sync

from watcher import backends, config, errors
from watcher.drafts.maildir import MaildirDraftWriter, message_id_of
from watcher.model import Role
from watcher.sources.maildir import MaildirSource
from watcher.sources.maildir_tree import open_tree

SINCE = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def raw(message_id: str, subject: str) -> bytes:
    return (f"From: Maren Holt <maren@larkspur.example.com>\r\nTo: alex@example.org\r\nSubject: {subject}\r\n"
            f"Date: Tue, 10 Nov 2026 10:00:00 +0000\r\nMessage-ID: {message_id}\r\n\r\nHello.\r\n").encode()


def folder(path: Path, *, marker: bool = False) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    if marker:
        (path / "maildirfolder").touch()
    return path


def deliver(path: Path, message: bytes) -> None:
    mailbox.Maildir(str(path), factory=None, create=False).add(message)


def draft() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "alex@example.org"
    message["To"] = "maren@larkspur.example.com"
    message["Subject"] = "Re: Interview"
    message["Message-ID"] = "<fw.draft-1@example.org>"
    message.set_content("Thank you.")
    return message


def mail_in(root: Path, inbox: Path, sent: Path) -> tuple[list[str | None], list[str | None]]:
    deliver(inbox, raw("<invite@larkspur.example.com>", "Interview"))
    deliver(sent, raw("<reply@example.org>", "Re: Interview"))
    source = MaildirSource(str(root))
    return ([message_id_of(m.raw) for m in sync(source, Role.INBOX, None, SINCE).messages],
            [message_id_of(m.raw) for m in sync(source, Role.SENT, None, SINCE).messages])


def test_maildir_plus_plus_root_is_the_inbox(tmp_path: Path) -> None:
    root = folder(tmp_path / "mail")
    sent = folder(root / ".Sent", marker=True)
    assert mail_in(root, root, sent) == (["<invite@larkspur.example.com>"], ["<reply@example.org>"])


def test_mbsync_verbatim_store_has_one_directory_per_folder(tmp_path: Path) -> None:
    root = tmp_path / "mail"
    inbox, sent = folder(root / "INBOX"), folder(root / "Sent")
    folder(root / "Archive" / "2025")
    assert mail_in(root, inbox, sent) == (["<invite@larkspur.example.com>"], ["<reply@example.org>"])


def test_mbsync_verbatim_store_of_gmail_finds_the_nested_sent_mail_folder(tmp_path: Path) -> None:
    root = tmp_path / "mail"
    inbox, sent = folder(root / "INBOX"), folder(root / "[Gmail]" / "Sent Mail")
    assert mail_in(root, inbox, sent) == (["<invite@larkspur.example.com>"], ["<reply@example.org>"])


def test_mbsync_legacy_store_nests_folders_with_a_dot(tmp_path: Path) -> None:
    root = tmp_path / "mail"
    inbox = folder(root / "INBOX")
    sent = folder(root / "[Gmail]" / ".Sent Mail")
    assert mail_in(root, inbox, sent) == (["<invite@larkspur.example.com>"], ["<reply@example.org>"])


def test_offlineimap_default_joins_nested_names_with_a_dot(tmp_path: Path) -> None:
    root = tmp_path / "mail"
    inbox, sent = folder(root / "INBOX"), folder(root / "[Gmail].Sent Mail")
    assert mail_in(root, inbox, sent) == (["<invite@larkspur.example.com>"], ["<reply@example.org>"])


@pytest.mark.parametrize("drafts", ["Drafts", "[Gmail]/Drafts", "[Gmail].Drafts"])
def test_a_draft_goes_to_the_drafts_folder_the_synchronizer_made(tmp_path: Path, drafts: str) -> None:
    root = tmp_path / "mail"
    folder(root / "INBOX")
    place = folder(root.joinpath(*drafts.split("/")))
    writer = MaildirDraftWriter(str(root))
    writer.create(draft())
    assert [message_id_of(p.read_bytes()) for p in (place / "cur").iterdir()] == ["<fw.draft-1@example.org>"]
    assert list(writer.present()) == ["<fw.draft-1@example.org>"]


def test_a_missing_drafts_folder_is_made_as_the_layout_makes_folders(tmp_path: Path) -> None:
    verbatim, plus = tmp_path / "verbatim", folder(tmp_path / "plus")
    folder(verbatim / "INBOX")
    for root in (verbatim, plus):
        MaildirDraftWriter(str(root)).create(draft())
    assert ((verbatim / "Drafts" / "cur").is_dir(), (plus / ".Drafts" / "maildirfolder").is_file()) == (True, True)


def test_the_layout_can_be_named_when_the_disk_cannot_tell(tmp_path: Path) -> None:
    """A store whose root happens to hold cur/ and new/ as well as INBOX/ (a half-migrated setup)."""
    root = folder(tmp_path / "mail")
    folder(root / "INBOX")
    assert (open_tree(str(root)).layout, open_tree(str(root), "folders").layout) == ("maildir++", "folders")


def test_a_directory_with_no_inbox_says_what_it_found_and_what_to_set(tmp_path: Path) -> None:
    root = tmp_path / "mail"
    folder(root / "work" / "INBOX")
    with pytest.raises(errors.UserError, match=r"no INBOX/ folder \(folders found: work/INBOX\).*mbsync's Path"):
        open_tree(str(root))


def test_open_backend_reads_the_layout_from_the_account(tmp_path: Path) -> None:
    root = folder(tmp_path / "mail")
    folder(root / "INBOX")
    deliver(root / "INBOX", raw("<in-folder@larkspur.example.com>", "Interview"))
    account = config.Account(name="local", backend="maildir", path=str(root), layout="folders")
    backend = backends.open_backend(account, {})
    assert [message_id_of(m.raw) for m in sync(backend.source, Role.INBOX, None, SINCE).messages] == [
        "<in-folder@larkspur.example.com>"]
