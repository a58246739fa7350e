"""Issue 2's "Done when", end to end: `followup-watcher scan --once` against a real Dovecot.

The mailbox holds an interview thread: the recruiter's invite in INBOX (unread) and the user's
confirmation in Sent. The interview starts on Thursday 12 November 2026 at 14:00 New York time
(19:00 UTC). The CLI runs in a subprocess, with its own HOME and XDG directories and no keyring, the
password coming from `password_command`. Crashes are real SIGKILLs, sent by the scanning process to
itself at chosen points of the scan (deterministic, unlike a timer), then a normal scan follows.
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
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import dovecot
import pytest
from conftest import DovecotUser, eml, new_user

from watcher import backends, config, scan
from watcher.drafts import DraftCopy, DraftWriter
from watcher.drafts.imap import ImapDraftWriter
from watcher.state import State

pytestmark = pytest.mark.dovecot

INTERVIEW_START = dt.datetime(2026, 11, 12, 19, 0, tzinfo=dt.UTC)
AFTER_INTERVIEW = (INTERVIEW_START + dt.timedelta(hours=3)).isoformat()
INVITE_ID = "<larkspur-invite-0911@larkspur.example.com>"
CONFIRMATION_ID = "<confirm-larkspur-7f3a@example.org>"
RECRUITER = "maren.holt@larkspur.example.com"
SUBJECT = "Re: Interview invitation: Firmware Engineer at Larkspur Robotics"

# Runs the CLI after arranging for the process to SIGKILL itself at one point of the scan.
KILLER = """
import os, signal, sys
from watcher import cli, parse, state
from watcher.drafts import imap

def die():
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[1]
if point == "mid-sync":
    parse.parse = lambda *args, **kwargs: die()
elif point == "recording-intent":
    original_save = state.State.save_followup
    def save_followup(self, followup, now):
        if followup.writing:
            die()
        original_save(self, followup, now)
    state.State.save_followup = save_followup
elif point == "before-append":
    imap.ImapDraftWriter.create = lambda self, message: die()
elif point == "after-append":
    original_create = imap.ImapDraftWriter.create
    def create(self, message):
        original_create(self, message)
        die()
    imap.ImapDraftWriter.create = create
elif point == "saving-status":
    state.State.save_views = lambda *args: die()
else:
    raise SystemExit("unknown point " + point)
sys.exit(cli.main(sys.argv[2:]))
"""
KILL_POINTS = ["mid-sync", "recording-intent", "before-append", "after-append", "saving-status"]


class Mailbox:
    """The Dovecot user with the interview thread, a config file, and the CLI to run on it."""

    def __init__(self, user: DovecotUser, tmp_path: Path) -> None:
        self.user = user
        self.tmp_path = tmp_path
        self.state = tmp_path / "state" / "state.sqlite3"
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[[accounts]]\nname = "test"\nbackend = "imap"\nhost = "{user.server.host}"\nport = {user.server.port}\n'
            f'security = "none"\nusername = "{user.username}"\npassword_command = "printf {user.password}"\n\n'
            '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[state]\npath = "{self.state}"\n', encoding="utf-8")
        home = tmp_path / "home"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_STATE_HOME": str(home / ".local" / "state"),
            "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local" / "share"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "LANG": "C.UTF-8",
        }
        with user.tool() as tool:
            tool.append("INBOX", eml("larkspur-invite"))
            tool.append("Sent", eml("larkspur-confirmation"), ("\\Seen",))

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "watcher", "--config", str(self.config), *args],
                              env=self.env, capture_output=True, text=True, timeout=60, check=False)

    def scan(self, now: str = AFTER_INTERVIEW) -> subprocess.CompletedProcess[str]:
        done = self.cli("scan", "--once", "--now", now)
        assert done.returncode == 0, done.stderr
        return done

    def scan_killed_at(self, point: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", KILLER, point, "--config", str(self.config), "scan", "--once", "--now",
             AFTER_INTERVIEW], env=self.env, capture_output=True, text=True, timeout=60, check=False)

    def flags(self, folder: str) -> list[tuple[str, frozenset[str]]]:
        with self.user.tool() as tool:
            found: list[tuple[str, frozenset[str]]] = tool.messages(folder)
        return found

    def drafts(self) -> list[EmailMessage]:
        """Every message in Drafts, read with BODY.PEEK."""
        with self.user.tool() as tool:
            tool.imap.select('"Drafts"', readonly=True)
            status, data = tool.imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
            tool.imap.unselect()
        assert status == "OK"
        found = []
        for item in data:
            if isinstance(item, tuple):
                message = email.message_from_bytes(item[1], policy=email.policy.default)
                assert isinstance(message, EmailMessage)
                found.append(message)
        return found

    def delete_drafts(self) -> None:
        """What a mail client does when the user deletes a draft: \\Deleted, then EXPUNGE."""
        with self.user.tool() as tool:
            tool.imap.select('"Drafts"')
            tool.imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)")
            tool.imap.expunge()
            tool.imap.close()


@pytest.fixture
def mailbox(dovecot_user: DovecotUser, tmp_path: Path) -> Mailbox:
    return Mailbox(dovecot_user, tmp_path)


@dataclasses.dataclass(frozen=True)
class Scanned:
    """One mailbox, scanned twice three hours after the interview, with what was seen on the way."""

    mailbox: Mailbox
    flags_before: dict[str, list[tuple[str, frozenset[str]]]]
    drafts_after_first_scan: list[tuple[str, frozenset[str]]]
    flags_after: dict[str, list[tuple[str, frozenset[str]]]]
    draft: EmailMessage
    status: dict[str, Any]


@pytest.fixture(scope="module")
def scanned(dovecot_server: dovecot.Dovecot, tmp_path_factory: pytest.TempPathFactory) -> Scanned:
    """Shared by the tests that only look: each scan is a process start, so they are worth sharing."""
    mailbox = Mailbox(new_user(dovecot_server), tmp_path_factory.mktemp("scanned"))
    before = {folder: mailbox.flags(folder) for folder in ("INBOX", "Sent")}
    mailbox.scan()
    first = mailbox.flags("Drafts")
    mailbox.scan()
    after = {folder: mailbox.flags(folder) for folder in ("INBOX", "Sent", "Drafts")}
    document = status(mailbox)
    drafts = mailbox.drafts()
    assert len(drafts) >= 1
    return Scanned(mailbox, before, first, after, drafts[0], document)


def addresses(value: object) -> list[str]:
    return [address.lower() for _, address in email.utils.getaddresses([str(value or "")])]


def status(mailbox: Mailbox) -> dict[str, Any]:
    done = mailbox.cli("status", "--json", "--now", AFTER_INTERVIEW)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


# ---------------------------------------------------------------- the thank-you


def test_scan_after_the_interview_leaves_exactly_one_thank_you_draft(scanned: Scanned) -> None:
    assert len(scanned.drafts_after_first_scan) == 1
    assert "\\Draft" in scanned.drafts_after_first_scan[0][1]


def test_second_scan_adds_nothing(scanned: Scanned) -> None:
    assert scanned.flags_after["Drafts"] == scanned.drafts_after_first_scan


def test_thank_you_draft_is_to_the_recruiter(scanned: Scanned) -> None:
    assert addresses(scanned.draft["To"]) == [RECRUITER]
    assert addresses(scanned.draft["From"]) == ["alex@example.org"]


def test_thank_you_draft_is_threaded_into_the_interview_thread(scanned: Scanned) -> None:
    assert str(scanned.draft["In-Reply-To"]).strip() == CONFIRMATION_ID
    assert str(scanned.draft["References"]).split() == [INVITE_ID, CONFIRMATION_ID]
    assert str(scanned.draft["Subject"]) == SUBJECT


def test_thank_you_draft_is_dated_by_now(scanned: Scanned) -> None:
    assert email.utils.parsedate_to_datetime(str(scanned.draft["Date"])) == INTERVIEW_START + dt.timedelta(hours=3)


def test_thank_you_draft_greets_the_recruiter_and_names_the_role(scanned: Scanned) -> None:
    body = scanned.draft.get_body(preferencelist=("plain",))
    assert body is not None
    text = " ".join(str(body.get_content()).split())
    assert text.startswith("Hi Maren,")
    assert "Firmware Engineer" in text


def test_scan_changes_no_flag_in_inbox_or_sent(scanned: Scanned) -> None:
    assert "\\Seen" not in scanned.flags_before["INBOX"][0][1]
    assert {f: scanned.flags_after[f] for f in ("INBOX", "Sent")} == scanned.flags_before


def test_status_json_follows_the_contract(scanned: Scanned) -> None:
    document = scanned.status
    assert {"now", "threads", "followups"} <= set(document)
    (thread,) = document["threads"]
    assert set(thread) >= {"thread_id", "account", "subject", "company", "contact", "interview_at",
                           "decision_deadline", "no_followup", "state", "why", "message_ids"}
    assert (thread["account"], thread["contact"], thread["state"]) == ("test", RECRUITER, "interview")
    assert dt.datetime.fromisoformat(thread["interview_at"]) == INTERVIEW_START
    assert thread["message_ids"] == [INVITE_ID, CONFIRMATION_ID]
    assert thread["why"]
    for followup in document["followups"]:
        assert set(followup) >= {"thread_id", "kind", "due", "status", "reason", "to", "draft_message_id"}


def test_status_json_names_the_draft_that_is_in_drafts(scanned: Scanned) -> None:
    (thank_you,) = [f for f in scanned.status["followups"] if f["kind"] == "thank_you"]
    assert (thank_you["status"], thank_you["to"]) == ("drafted", [RECRUITER])
    assert thank_you["draft_message_id"] == str(scanned.draft["Message-ID"]).strip()


def test_status_changes_no_flag_in_any_folder(scanned: Scanned) -> None:
    assert {f: scanned.mailbox.flags(f) for f in ("INBOX", "Sent", "Drafts")} == scanned.flags_after


def test_scan_before_the_interview_ends_writes_nothing(mailbox: Mailbox) -> None:
    mailbox.scan((INTERVIEW_START - dt.timedelta(hours=1)).isoformat())
    assert mailbox.flags("Drafts") == []


def test_draft_the_user_deleted_is_never_written_again(mailbox: Mailbox) -> None:
    mailbox.scan()
    mailbox.delete_drafts()
    mailbox.scan((INTERVIEW_START + dt.timedelta(hours=20)).isoformat())
    assert mailbox.flags("Drafts") == []


def draft_fates(mailbox: Mailbox) -> list[str | None]:
    return [f["draft"] for f in status(mailbox)["followups"] if f["kind"] == "thank_you"]


def test_a_draft_deleted_after_quiet_scans_is_noticed_though_nothing_else_changed(mailbox: Mailbox) -> None:
    # the second and third scans find Drafts as the one before left it: the third reads no listing
    for _ in range(3):
        mailbox.scan()
    assert draft_fates(mailbox) == ["present"]
    mailbox.delete_drafts()
    mailbox.scan()
    assert draft_fates(mailbox) == ["deleted"]
    mailbox.scan((INTERVIEW_START + dt.timedelta(hours=20)).isoformat())
    assert mailbox.flags("Drafts") == []


def test_a_draft_only_flagged_deleted_after_quiet_scans_is_noticed(mailbox: Mailbox) -> None:
    # a flag changes neither UIDNEXT nor the message count; HIGHESTMODSEQ tells it
    mailbox.scan()
    mailbox.scan()
    with mailbox.user.tool() as tool:
        tool.imap.select('"Drafts"')
        tool.imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)")
        tool.imap.unselect()
    mailbox.scan()
    assert draft_fates(mailbox) == ["deleted"]


def test_a_draft_edited_after_quiet_scans_is_noticed(mailbox: Mailbox) -> None:
    mailbox.scan()
    mailbox.scan()
    (draft,) = mailbox.drafts()
    draft.set_content(str(draft.get_content()) + "\nSee you soon.\n")  # the same Message-ID, other words
    edited = draft.as_bytes(policy=email.policy.default.clone(linesep="\r\n"))
    mailbox.delete_drafts()  # a client saves an edit as a new message and expunges the old one
    with mailbox.user.tool() as tool:
        tool.append("Drafts", edited, ("\\Draft", "\\Seen"))
    mailbox.scan()
    assert draft_fates(mailbox) == ["edited"]


class CountingDrafts:
    """A DraftWriter that counts the full Drafts listings asked of the real one."""

    def __init__(self, inner: DraftWriter) -> None:
        assert isinstance(inner, ImapDraftWriter)
        self.inner = inner
        self.listings = 0

    def present(self) -> dict[str, DraftCopy]:
        self.listings += 1
        return self.inner.present()

    def stamp(self) -> str | None:
        return self.inner.stamp()

    def create(self, message: EmailMessage) -> None:
        self.inner.create(message)

    def withdraw(self, message_id: str) -> bool:
        return self.inner.withdraw(message_id)

    def close(self) -> None:
        self.inner.close()


def test_drafts_are_listed_again_only_after_drafts_or_trash_changed(
        mailbox: Mailbox, opened: tuple[config.Config, State, backends.Backend]) -> None:
    loaded, state, backend = opened
    counting = CountingDrafts(backend.drafts)
    counted = {"test": dataclasses.replace(backend, drafts=counting)}
    listed = []
    for hours in (3, 4, 5):  # writes the draft; finds Drafts changed by it; finds nothing changed
        scan.scan(loaded, state, counted, INTERVIEW_START + dt.timedelta(hours=hours))
        listed.append(counting.listings)
    with mailbox.user.tool() as tool:
        tool.append("Trash", eml("larkspur-invite"))
    scan.scan(loaded, state, counted, INTERVIEW_START + dt.timedelta(hours=6))
    scan.scan(loaded, state, counted, INTERVIEW_START + dt.timedelta(hours=7))
    listed.append(counting.listings)
    assert listed == [1, 2, 2, 3]


def test_the_drafts_stamp_follows_every_change_to_drafts_and_trash(
        mailbox: Mailbox, opened: tuple[config.Config, State, backends.Backend]) -> None:
    _loaded, _state, backend = opened
    assert isinstance(backend.drafts, ImapDraftWriter)
    stamp = backend.drafts.stamp
    stamps = [stamp(), stamp()]
    with mailbox.user.tool() as tool:
        tool.append("Drafts", eml("larkspur-confirmation"), ("\\Draft",))
    stamps.append(stamp())
    with mailbox.user.tool() as tool:
        tool.imap.select('"Drafts"')
        tool.imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Flagged)")
        tool.imap.unselect()
    stamps.append(stamp())
    with mailbox.user.tool() as tool:
        tool.append("Trash", eml("larkspur-invite"))
    stamps.append(stamp())
    assert stamps[0] is not None and stamps[0] == stamps[1]
    assert len(set(stamps[1:])) == 4


def test_scan_dry_run_writes_no_draft(mailbox: Mailbox) -> None:
    done = mailbox.cli("scan", "--once", "--dry-run", "--now", AFTER_INTERVIEW)
    assert done.returncode == 0, done.stderr
    assert "would draft thank_you" in done.stdout
    assert mailbox.flags("Drafts") == []


# ---------------------------------------------------------------- crashes


@pytest.mark.parametrize("point", KILL_POINTS)
def test_scan_killed_mid_scan_then_scanned_again_leaves_one_draft(mailbox: Mailbox, point: str) -> None:
    killed = mailbox.scan_killed_at(point)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    mailbox.scan()
    drafts = mailbox.flags("Drafts")
    assert len(drafts) == 1
    assert "\\Draft" in drafts[0][1]


def test_scan_killed_twice_at_different_points_still_leaves_one_draft(mailbox: Mailbox) -> None:
    assert mailbox.scan_killed_at("mid-sync").returncode == -signal.SIGKILL
    assert mailbox.scan_killed_at("after-append").returncode == -signal.SIGKILL
    mailbox.scan()
    assert len(mailbox.flags("Drafts")) == 1


def test_scan_killed_mid_scan_changes_no_flag_in_inbox_or_sent(mailbox: Mailbox) -> None:
    before = {folder: mailbox.flags(folder) for folder in ("INBOX", "Sent")}
    mailbox.scan_killed_at("after-append")
    mailbox.scan()
    assert {folder: mailbox.flags(folder) for folder in ("INBOX", "Sent")} == before


class Crash(Exception):
    """The process dying, as far as the code under test can tell."""


class CrashAfterAppend:
    """A DraftWriter that writes the draft, then fails as if the process died before its bookkeeping."""

    def __init__(self, inner: DraftWriter) -> None:
        self.inner = inner

    def present(self) -> dict[str, DraftCopy]:
        return self.inner.present()

    def create(self, message: EmailMessage) -> None:
        self.inner.create(message)
        raise Crash("right after the append")

    def withdraw(self, message_id: str) -> bool:
        return self.inner.withdraw(message_id)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def opened(mailbox: Mailbox) -> Iterator[tuple[config.Config, State, backends.Backend]]:
    loaded = config.load(mailbox.config)
    backend = backends.open_backend(loaded.accounts[0], mailbox.env)
    state = State.open(loaded.state_path)
    yield loaded, state, backend
    state.close()
    backend.close()


def test_crash_between_the_append_and_the_bookkeeping_never_duplicates_the_draft(
        mailbox: Mailbox, opened: tuple[config.Config, State, backends.Backend]) -> None:
    loaded, state, backend = opened
    crashing = dataclasses.replace(backend, drafts=CrashAfterAppend(backend.drafts))
    with pytest.raises(Crash):
        scan.scan(loaded, state, {"test": crashing}, INTERVIEW_START + dt.timedelta(hours=3))
    assert [f.writing for f in state.followups() if f.kind.value == "thank_you"] == [True]

    mailbox.scan()
    assert len(mailbox.flags("Drafts")) == 1


def test_crash_between_the_append_and_the_bookkeeping_is_settled_by_the_next_scan(
        mailbox: Mailbox, opened: tuple[config.Config, State, backends.Backend]) -> None:
    loaded, state, backend = opened
    crashing = dataclasses.replace(backend, drafts=CrashAfterAppend(backend.drafts))
    with pytest.raises(Crash):
        scan.scan(loaded, state, {"test": crashing}, INTERVIEW_START + dt.timedelta(hours=3))
    report = scan.scan(loaded, state, {"test": backend}, INTERVIEW_START + dt.timedelta(hours=4))
    (thank_you,) = [f for f in report.followups if f.kind.value == "thank_you"]
    assert (thank_you.status.value, thank_you.writing, report.written) == ("drafted", False, [])
    assert thank_you.draft_message_id in {m["Message-ID"] for m in mailbox.drafts()}


# ---------------------------------------------------------------- errors


def test_imap_error_message_is_not_a_traceback(mailbox: Mailbox, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(mailbox.config.read_text(encoding="utf-8").replace(
        f"port = {mailbox.user.server.port}", "port = 1"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(broken), "scan", "--once", "--now",
                           AFTER_INTERVIEW], env=mailbox.env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 75
    assert "Traceback" not in done.stderr
