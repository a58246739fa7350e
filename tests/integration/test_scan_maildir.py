"""Issue 2's thank-you flow on a local Maildir++ tree (as mbsync/offlineimap users have), end to end.

The recruiter's invite is in the Inbox (new/, unread), the user's confirmation in .Sent; the interview
starts on 12 November 2026 at 19:00 UTC. The CLI runs in a subprocess with its own HOME and XDG
directories; crashes are SIGKILLs the scanning process sends itself at chosen points.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import email.utils
import json
import os
import signal
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import MaildirHarness

from watcher.model import Role

INTERVIEW_START = dt.datetime(2026, 11, 12, 19, 0, tzinfo=dt.UTC)
AFTER_INTERVIEW = (INTERVIEW_START + dt.timedelta(hours=3)).isoformat()
INVITE_ID = "<larkspur-invite-0911@larkspur.example.com>"
CONFIRMATION_ID = "<confirm-larkspur-7f3a@example.org>"
RECRUITER = "maren.holt@larkspur.example.com"

KILLER = """
import os, signal, sys
from watcher import cli, state
from watcher.drafts import maildir

def die():
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[1]
if point == "before-write":
    maildir.MaildirDraftWriter.create = lambda self, message: die()
elif point == "after-write":
    original_create = maildir.MaildirDraftWriter.create
    def create(self, message):
        original_create(self, message)
        die()
    maildir.MaildirDraftWriter.create = create
elif point == "saving-status":
    state.State.save_views = lambda *args: die()
else:
    raise SystemExit("unknown point " + point)
sys.exit(cli.main(sys.argv[2:]))
"""


class Mailbox:
    def __init__(self, tmp_path: Path, confirmation: str = "larkspur-confirmation") -> None:
        self.mail = MaildirHarness(tmp_path / "Mail")
        self.mail.add(Role.INBOX, "larkspur-invite")
        self.mail.add(Role.SENT, confirmation, ("\\Seen",))
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{self.mail.root}"\n\n'
            '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[state]\npath = "{tmp_path / "state" / "state.sqlite3"}"\n', encoding="utf-8")
        home = tmp_path / "home"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "LANG": "C.UTF-8",
        }

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "watcher", "--config", str(self.config), *args],
                              env=self.env, capture_output=True, text=True, timeout=60, check=False)

    def scan(self, now: str = AFTER_INTERVIEW) -> None:
        done = self.cli("scan", "--once", "--now", now)
        assert done.returncode == 0, done.stderr

    def scan_killed_at(self, point: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", KILLER, point, "--config", str(self.config), "scan", "--once", "--now",
             AFTER_INTERVIEW], env=self.env, capture_output=True, text=True, timeout=60, check=False)
        return done.returncode

    def draft_files(self) -> list[Path]:
        drafts = self.mail.root / ".Drafts"
        return sorted(path for sub in ("new", "cur") for path in (drafts / sub).glob("*")) if drafts.is_dir() else []

    def drafts(self) -> list[EmailMessage]:
        found = []
        for path in self.draft_files():
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found

    def inbox_and_sent(self) -> list[tuple[str, int]]:
        """Every file of the Inbox and .Sent with its modification time: a flag change renames a file."""
        root = self.mail.root
        paths = [p for p in root.rglob("*") if p.is_file() and not p.relative_to(root).as_posix().startswith(".Drafts")]
        return sorted((p.relative_to(root).as_posix(), p.stat().st_mtime_ns) for p in paths)


@pytest.fixture
def mailbox(tmp_path: Path) -> Mailbox:
    return Mailbox(tmp_path)


def addresses(value: object) -> list[str]:
    return [address.lower() for _, address in email.utils.getaddresses([str(value or "")])]


@dataclasses.dataclass(frozen=True)
class Scanned:
    """One Maildir, scanned twice three hours after the interview, with what was seen on the way."""

    mailbox: Mailbox
    inbox_and_sent_before: list[tuple[str, int]]
    drafts_after_first_scan: list[Path]
    drafts_after_second_scan: list[Path]
    inbox_and_sent_after: list[tuple[str, int]]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    """Shared by the tests that only look: each scan is a process start, so they are worth sharing."""
    mailbox = Mailbox(tmp_path_factory.mktemp("scanned"))
    before = mailbox.inbox_and_sent()
    mailbox.scan()
    first = mailbox.draft_files()
    mailbox.scan()
    return Scanned(mailbox, before, first, mailbox.draft_files(), mailbox.inbox_and_sent())


def test_scan_after_the_interview_leaves_exactly_one_thank_you_draft(scanned: Scanned) -> None:
    assert len(scanned.drafts_after_first_scan) == 1


def test_second_scan_adds_nothing(scanned: Scanned) -> None:
    assert scanned.drafts_after_second_scan == scanned.drafts_after_first_scan


def test_thank_you_draft_carries_the_maildir_draft_flag(scanned: Scanned) -> None:
    (path,) = scanned.drafts_after_first_scan
    assert path.parent.name == "cur"
    assert "D" in path.name.partition(":2,")[2]


def test_thank_you_draft_is_threaded_and_to_the_recruiter(scanned: Scanned) -> None:
    (draft,) = scanned.mailbox.drafts()
    assert addresses(draft["To"]) == [RECRUITER]
    assert addresses(draft["From"]) == ["alex@example.org"]
    assert str(draft["In-Reply-To"]).strip() == CONFIRMATION_ID
    assert str(draft["References"]).split() == [INVITE_ID, CONFIRMATION_ID]
    assert str(draft["Subject"]) == "Re: Interview invitation: Firmware Engineer at Larkspur Robotics"


def test_scan_moves_renames_or_touches_nothing_in_inbox_or_sent(scanned: Scanned) -> None:
    assert scanned.inbox_and_sent_after == scanned.inbox_and_sent_before


def test_status_json_follows_the_contract(scanned: Scanned) -> None:
    done = scanned.mailbox.cli("status", "--json", "--now", AFTER_INTERVIEW)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    (thread,) = document["threads"]
    assert (thread["account"], thread["contact"], thread["message_ids"]) == ("local", RECRUITER,
                                                                            [INVITE_ID, CONFIRMATION_ID])
    (thank_you,) = [f for f in document["followups"] if f["kind"] == "thank_you"]
    (draft,) = scanned.mailbox.drafts()
    assert (thank_you["status"], thank_you["to"]) == ("drafted", [RECRUITER])
    assert thank_you["draft_message_id"] == str(draft["Message-ID"]).strip()


def test_thank_you_references_keep_the_chain_when_the_last_message_has_only_in_reply_to(tmp_path: Path) -> None:
    mailbox = Mailbox(tmp_path, confirmation="larkspur-confirmation-in-reply-to-only")
    mailbox.scan()
    (draft,) = mailbox.drafts()
    assert str(draft["References"]).split() == [INVITE_ID, "<confirm-larkspur-irt-only@example.org>"]


def test_an_hr_notice_in_a_thread_of_its_own_that_answers_no_status_enquiries_leaves_no_draft(mailbox: Mailbox) -> None:
    mailbox.mail.add(Role.INBOX, "larkspur-hr-selection-notice")
    mailbox.scan()
    assert mailbox.drafts() == []


def test_an_hr_notice_read_by_an_earlier_scan_still_holds_at_a_scan_with_nothing_new(mailbox: Mailbox) -> None:
    mailbox.mail.add(Role.INBOX, "larkspur-hr-selection-notice")
    mailbox.scan((INTERVIEW_START - dt.timedelta(days=1)).isoformat())
    mailbox.scan()
    assert mailbox.drafts() == []


def test_draft_the_user_deleted_is_never_written_again(mailbox: Mailbox) -> None:
    mailbox.scan()
    for path in mailbox.draft_files():
        path.unlink()
    mailbox.scan((INTERVIEW_START + dt.timedelta(hours=20)).isoformat())
    assert mailbox.draft_files() == []


@pytest.mark.parametrize("point", ["before-write", "after-write", "saving-status"])
def test_scan_killed_mid_scan_then_scanned_again_leaves_one_draft(mailbox: Mailbox, point: str) -> None:
    assert mailbox.scan_killed_at(point) == -signal.SIGKILL
    mailbox.scan()
    assert len(mailbox.draft_files()) == 1
