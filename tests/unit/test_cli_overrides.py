"""ignore, track, snooze, forget and overrides through the CLI, on a Maildir with one interview.

The thank-you is drafted at 22:00 UTC, three hours after the interview began; the plan writes a
late one up to 48 hours after the start (14 November 19:00 UTC), and none after that.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_cli import AFTER_INTERVIEW, Setup

from watcher import overrides
from watcher.state import State

INSIDE_WINDOW = "2026-11-13T10:00:00+00:00"
AFTER_WINDOW = "2026-11-15T10:00:00+00:00"


@pytest.fixture
def drafted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Setup, str]:
    """A scan wrote the thank-you; the thread's id."""
    setup = Setup(tmp_path)
    assert setup.run("scan", "--once", "--now", AFTER_INTERVIEW) == 0
    assert len(setup.mail.drafts_folder()) == 1
    capsys.readouterr()
    assert setup.run("status", "--json", "--now", AFTER_INTERVIEW) == 0
    thread_id = json.loads(capsys.readouterr().out)["threads"][0]["thread_id"]
    return setup, str(thread_id)


def out_of(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_ignore_names_the_draft_it_will_withdraw(drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    assert setup.run("ignore", thread, "--now", INSIDE_WINDOW) == 0
    out = out_of(capsys)
    assert "thank-you draft to maren.holt@larkspur.example.com" in out and "will be withdrawn" in out
    assert f"followup-watcher track {thread}" in out
    assert setup.run("scan", "--once", "--now", INSIDE_WINDOW) == 0
    assert "withdrew thank_you" in out_of(capsys)
    assert setup.mail.drafts_folder() == []


def test_track_brings_back_what_ignore_withdrew_while_the_window_is_open(
        drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    setup.run("ignore", thread, "--now", INSIDE_WINDOW)
    setup.run("scan", "--once", "--now", INSIDE_WINDOW)
    assert setup.mail.drafts_folder() == []
    capsys.readouterr()
    assert setup.run("track", thread, "--now", INSIDE_WINDOW) == 0
    assert "withdrawn by ignore, is planned again" in out_of(capsys)
    assert setup.run("scan", "--once", "--now", INSIDE_WINDOW) == 0
    assert "drafted thank_you" in out_of(capsys)
    assert len(setup.mail.drafts_folder()) == 1


def test_track_after_the_window_does_not_write_a_late_thank_you(
        drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    setup.run("ignore", thread, "--now", INSIDE_WINDOW)
    setup.run("scan", "--once", "--now", INSIDE_WINDOW)
    setup.run("track", thread, "--now", AFTER_WINDOW)
    setup.run("scan", "--once", "--now", AFTER_WINDOW)
    assert setup.mail.drafts_folder() == []


def test_an_unknown_id_exits_non_zero_with_the_nearest_ones(
        drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    mistyped = thread[:-1] + ("0" if thread[-1] != "0" else "1")
    for command in ("ignore", "track", "forget"):
        assert setup.run(command, mistyped) == 2
        out = out_of(capsys)
        assert "is known" in out and f"did you mean {thread}" in out
    assert setup.run("snooze", mistyped, "3d") == 2


def test_an_id_before_any_scan_says_to_scan_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    setup = Setup(tmp_path)
    assert setup.run("ignore", "t-123") == 2
    assert "followup-watcher scan" in out_of(capsys)


def test_a_message_id_without_brackets_names_its_thread(
        drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    state = State.open(setup.state)
    try:
        message_id = next(str(v["message_ids"][0]) for v in state.views() if v["thread_id"] == thread)
    finally:
        state.close()
    assert setup.run("ignore", message_id.strip("<>")) == 0
    assert f"ignoring {thread}" in out_of(capsys)


def test_snooze_holds_the_follow_up_and_overrides_lists_it(
        drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    assert setup.run("snooze", thread, "30d", "--now", INSIDE_WINDOW) == 0
    assert "snoozed" in out_of(capsys)
    setup.run("scan", "--once", "--now", INSIDE_WINDOW)
    capsys.readouterr()
    assert setup.run("status", "--json", "--now", INSIDE_WINDOW) == 0
    planned = [f for f in json.loads(capsys.readouterr().out)["followups"] if f["status"] == "planned"]
    assert planned and all(f["reason"].startswith("snoozed until 2026-12-13") for f in planned)
    assert setup.run("overrides", "--json", "--now", INSIDE_WINDOW) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(o["thread_id"], o["action"]) for o in listed] == [(thread, "snooze")]


def test_forget_removes_the_ignore_and_the_listing_is_empty(
        drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    setup.run("ignore", thread)
    setup.run("overrides")
    assert thread in out_of(capsys)
    assert setup.run("forget", thread) == 0
    assert "forgot the ignore" in out_of(capsys)
    assert setup.run("overrides") == 0
    assert "no overrides" in out_of(capsys)


def test_ignore_then_track_leaves_one_override(drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    setup.run("ignore", thread)
    setup.run("track", thread)
    capsys.readouterr()
    setup.run("overrides", "--json")
    listed = json.loads(capsys.readouterr().out)
    assert [o["action"] for o in listed] == ["track"]


def test_snooze_refuses_a_time_in_the_past_and_nonsense(drafted: tuple[Setup, str], capsys: pytest.CaptureFixture[str]) -> None:
    setup, thread = drafted
    assert setup.run("snooze", thread, "2020-01-01", "--now", INSIDE_WINDOW) == 2
    assert "not in the future" in out_of(capsys)
    assert setup.run("snooze", thread, "next tuesday-ish", "--now", INSIDE_WINDOW) == 2
    assert "is not a time" in out_of(capsys)


# ---------------------------------------------------------------- while the daemon writes


def _cli(setup: Setup, *args: str, patience: str) -> subprocess.Popen[str]:
    env = {**os.environ, overrides.BUSY_ENVIRONMENT: patience}
    return subprocess.Popen([sys.executable, "-m", "watcher", "--config", str(setup.config), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_database_held_by_the_daemon_is_a_message_not_a_traceback(drafted: tuple[Setup, str]) -> None:
    setup, thread = drafted
    holder = sqlite3.connect(setup.state, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what the daemon's write transaction looks like to others
    try:
        done = _cli(setup, "ignore", thread, patience="1")
        out, err = done.communicate(timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 3, err
    assert "Traceback" not in err and "stayed busy" in err and "nothing was changed" in err


def test_a_write_waits_for_the_daemon_to_finish(drafted: tuple[Setup, str]) -> None:
    setup, thread = drafted
    holder = sqlite3.connect(setup.state, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    done = _cli(setup, "ignore", thread, patience="60")
    # released once the command has started, whether or not it is already waiting: it must succeed
    released = threading.Timer(1.0, lambda: holder.execute("COMMIT"))
    released.start()
    try:
        out, err = done.communicate(timeout=90)
    finally:
        released.join()
        holder.close()
    assert done.returncode == 0, err
    state = State.open(setup.state)
    try:
        assert state.overrides() == {thread: "ignore"}
    finally:
        state.close()
