"""Issue #8, item 5, on disk: a state file deleted, corrupted, truncated, rolled back (with a stale
-wal beside it), a full disk and a read-only state directory never duplicate a draft, and each ends
in a recovery or one clear message, never a traceback.

The mailbox is the Maildir++ thank-you flow of test_scan_maildir.py (a duplicate draft would be a
second file in .Drafts); the CLI runs in a subprocess, as the user runs it.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_scan_maildir import AFTER_INTERVIEW, Mailbox

from watcher.state import State

LATER = "2026-11-13T12:00:00+00:00"


@pytest.fixture
def drafted(tmp_path: Path) -> Mailbox:
    mailbox = Mailbox(tmp_path)
    mailbox.scan()
    assert len(mailbox.draft_files()) == 1
    return mailbox


def state_file(mailbox: Mailbox) -> Path:
    return mailbox.config.parent / "state" / "state.sqlite3"


def test_state_file_deleted_then_scanned_again_leaves_one_draft(drafted: Mailbox) -> None:
    for path in state_file(drafted).parent.glob("state.sqlite3*"):
        path.unlink()
    drafted.scan(LATER)
    assert len(drafted.draft_files()) == 1


def test_state_file_deleted_does_not_bring_back_a_draft_the_user_trashed(drafted: Mailbox) -> None:
    (draft,) = drafted.draft_files()
    draft.rename(draft.with_name(draft.name + "T"))  # the "T" (trashed) info flag, as clients set it
    for path in state_file(drafted).parent.glob("state.sqlite3*"):
        path.unlink()
    drafted.scan(LATER)
    assert len(drafted.draft_files()) == 1  # the trashed one, not a new one


def test_corrupted_state_file_is_kept_aside_and_a_new_one_started(drafted: Mailbox) -> None:
    path = state_file(drafted)
    path.write_bytes(b"this is not a database" * 100)
    done = drafted.cli("scan", "--once", "--now", LATER)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{path.name}.corrupt-1" in done.stderr
    assert path.with_name(f"{path.name}.corrupt-1").read_bytes().startswith(b"this is not a database")
    assert len(drafted.draft_files()) == 1


def test_truncated_state_file_leaves_one_draft_and_no_traceback(drafted: Mailbox) -> None:
    path = state_file(drafted)
    done = drafted.cli("status")  # a checkpoint of the -wal into the file first
    assert done.returncode == 0, done.stderr
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    done = drafted.cli("scan", "--once", "--now", LATER)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert len(drafted.draft_files()) == 1


def test_rolled_back_state_file_with_a_stale_wal_leaves_one_draft(tmp_path: Path) -> None:
    mailbox = Mailbox(tmp_path)
    path = state_file(mailbox)
    mailbox.cli("scan", "--once", "--now", "2026-11-12T12:00:00+00:00")  # before the interview: nothing due
    backup = tmp_path / "backup"
    backup.mkdir()
    for found in path.parent.glob("state.sqlite3*"):
        shutil.copy2(found, backup / found.name)
    holder = State.open(path)  # a second connection keeps the -wal from being removed at the scan's exit
    try:
        mailbox.scan()  # the thank-you is written
        wal = path.with_name(path.name + "-wal")
        stale = wal.read_bytes()
    finally:
        holder.close()
    assert stale  # the newer -wal: frames of the scan that wrote the thank-you
    for found in path.parent.glob("state.sqlite3*"):
        found.unlink()
    for found in backup.glob("state.sqlite3*"):
        shutil.copy2(found, path.parent / found.name)
    wal.write_bytes(stale)  # the newer -wal left beside the restored older file
    done = mailbox.cli("scan", "--once", "--now", LATER)
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert len(mailbox.draft_files()) == 1


def test_full_disk_exits_75_with_a_clear_message_and_no_draft_twice(drafted: Mailbox, tmp_path: Path) -> None:
    # RLIMIT_FSIZE: writes past the limit fail with EFBIG (Python ignores SIGXFSZ), as on a full disk
    path = state_file(drafted)
    limit = path.stat().st_size

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(drafted.config), "scan", "--once",
                           "--now", "2026-11-20T12:00:00+00:00"], env=drafted.env, capture_output=True, text=True,
                          timeout=60, check=False, preexec_fn=small_files)  # noqa: PLW1509 - only setrlimit
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 75), done.stderr
    drafted.scan("2026-11-20T12:00:00+00:00")
    assert len(drafted.draft_files()) == len({p.name.split(",")[0] for p in drafted.draft_files()})


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_state_directory_is_one_clear_message(drafted: Mailbox) -> None:
    directory = state_file(drafted).parent
    directory.chmod(0o500)
    try:
        done = drafted.cli("scan", "--once", "--now", LATER)
    finally:
        directory.chmod(0o700)
    assert "Traceback" not in done.stderr
    assert done.returncode == 3, done.stderr
    assert str(directory) in done.stderr
    assert len(drafted.draft_files()) == 1


def test_scan_after_the_interview_with_a_fresh_state_writes_the_same_message_id(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first, second = Mailbox(tmp_path / "a"), Mailbox(tmp_path / "b")
    first.scan(AFTER_INTERVIEW)
    second.scan(AFTER_INTERVIEW)
    assert [str(m["Message-ID"]) for m in first.drafts()] == [str(m["Message-ID"]) for m in second.drafts()]
