"""The daemon as a real subprocess: woken by IMAP IDLE and inotify, told about by sd_notify, stopped by
signals, refusing to start on a bad config, a refused secret or a busy state file.

Every daemon here is configured to poll and reconcile only once a day, so anything it does within
the tests' timeouts was caused by a wake-up (IDLE, inotify, a signal), never by a poll.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import os
import signal
from pathlib import Path

import daemon_harness as harness
import pytest
from conftest import DovecotUser

from watcher import config, errors

TIMEOUT = 30.0  # generous: the observable effects come within a second or two


def _deliver(folder: Path, raw: bytes, name: str) -> None:
    """A Maildir delivery as an MDA does it: write in tmp/, then rename into new/."""
    (folder / "tmp" / name).write_bytes(raw)
    (folder / "tmp" / name).rename(folder / "new" / name)


@pytest.mark.dovecot
def test_recruiter_reply_cancels_the_follow_up_and_withdraws_our_draft_through_idle(
        dovecot_user: DovecotUser, tmp_path: Path) -> None:
    thread = harness.interview_thread(dt.datetime.now(dt.UTC))
    with dovecot_user.tool() as tool:
        for folder, raw in thread.messages:
            tool.append(folder, raw)
    config_path = harness.write_config(tmp_path / "config.toml", harness.imap_account(dovecot_user.account()),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_scan_after(0, TIMEOUT, daemon)
        plan = harness.followups(config_path)
        assert plan[f"{thread.company}:thank_you"] == "drafted"
        assert plan[f"{thread.company}:follow_up"] == "planned"
        with dovecot_user.tool() as tool:
            assert len(tool.messages("Drafts")) == 1
        notify.wait_for(lambda m: "IMAP IDLE" in m, TIMEOUT, daemon)
        scans = notify.scans()

        with dovecot_user.tool() as tool:
            tool.append("INBOX", thread.rejection(harness.reply_time()))
        notify.wait_scan_after(scans, TIMEOUT, daemon)

        plan = harness.followups(config_path)
        assert plan[f"{thread.company}:follow_up"] == "cancelled"
        assert plan[f"{thread.company}:thank_you"] == "withdrawn"
        with dovecot_user.tool() as tool:
            assert tool.messages("Drafts") == []
        assert any("reading new mail (mail test)" in m for m in notify.messages)
    finally:
        code, _ = daemon.stop()  # within harness.STOP_SECONDS, or it fails
        notify.close()
    assert code == 0


@pytest.mark.dovecot
def test_a_second_daemon_on_the_same_state_is_refused(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    config_path = harness.write_config(tmp_path / "config.toml", harness.imap_account(dovecot_user.account()),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    first = harness.Daemon(config_path, notify)
    try:
        notify.wait_scan_after(0, TIMEOUT, first)
        second = harness.Daemon(config_path)
        assert second.exit_code(TIMEOUT) == errors.EXIT_AUTH
        assert "another followup-watcher is using" in second.log()
        assert first.process.poll() is None
    finally:
        code, _ = first.stop()
        notify.close()
    assert code == 0


def test_sd_notify_ready_status_watchdog_and_stopping(tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify, environ={**os.environ, "WATCHDOG_USEC": "400000"})
    try:
        notify.wait_for(lambda m: "READY=1" in m.splitlines(), TIMEOUT, daemon)
        notify.wait_for(lambda m: m.startswith("STATUS=watching local (inotify)"), TIMEOUT, daemon)
        first = notify.wait_for(lambda m: m == "WATCHDOG=1", TIMEOUT, daemon)
        pings = notify.messages.count(first)
        notify.wait_for(lambda m: m == "WATCHDOG=1" and notify.messages.count(m) > pings, TIMEOUT, daemon)
    finally:
        code, _ = daemon.stop()  # within harness.STOP_SECONDS, or it fails
    notify.wait_for(lambda m: "STOPPING=1" in m.splitlines(), TIMEOUT)
    notify.close()
    assert code == 0


def test_maildir_delivery_wakes_the_daemon_and_sighup_keeps_the_old_config_when_the_new_is_bad(
        tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    thread = harness.interview_thread(dt.datetime.now(dt.UTC))
    for number, (folder, raw) in enumerate(thread.messages):
        _deliver(root if folder == "INBOX" else root / f".{folder}", raw, f"1790000000.M{number}P1.test")
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3")
    good = config_path.read_text(encoding="utf-8")
    reader = tmp_path / "reader.toml"  # what the test reads `status` with while the daemon's config is broken
    reader.write_text(good, encoding="utf-8")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_scan_after(0, TIMEOUT, daemon)
        assert harness.followups(config_path)[f"{thread.company}:thank_you"] == "drafted"

        config_path.write_text(good.replace("poll_seconds = 86400", 'poll_seconds = "often"'), encoding="utf-8")
        daemon.signal(signal.SIGHUP)
        notify.wait_for(lambda m: "still using the old one" in m, TIMEOUT, daemon)
        assert "daemon.poll_seconds" in daemon.log()

        scans = notify.scans()
        _deliver(root, thread.rejection(harness.reply_time()), "1790000099.M9P1.test")
        notify.wait_scan_after(scans, TIMEOUT, daemon)
        assert harness.followups(reader)[f"{thread.company}:thank_you"] == "withdrawn"

        config_path.write_text(good, encoding="utf-8")
        daemon.signal(signal.SIGHUP)
        harness.wait_until(lambda: "reloaded" in daemon.log(), TIMEOUT, "the fixed config is reloaded", daemon)
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0


def test_a_bad_config_exits_with_the_config_status(tmp_path: Path) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text('[daemon]\npoll_seconds = "often"\n', encoding="utf-8")
    daemon = harness.Daemon(config_path)
    assert daemon.exit_code(TIMEOUT) == errors.EXIT_CONFIG
    log = daemon.log()
    assert "daemon.poll_seconds" in log
    assert "accounts" in log


def test_a_refused_secret_at_start_exits_with_the_auth_status(tmp_path: Path) -> None:
    account = config.Account(name="test", backend="imap", host="127.0.0.1", port=9, security="none",
                                     username="candidate", password_command="false")
    config_path = harness.write_config(tmp_path / "config.toml", harness.imap_account(account),
                                       tmp_path / "state.sqlite3")
    daemon = harness.Daemon(config_path)
    assert daemon.exit_code(TIMEOUT) == errors.EXIT_AUTH
    assert "password_command" in daemon.log()


def test_sigterm_during_the_first_scan_exits_zero_quickly(tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    now = dt.datetime.now(dt.UTC)
    for index in range(20):
        for number, (folder, raw) in enumerate(harness.interview_thread(now).messages):
            _deliver(root if folder == "INBOX" else root / f".{folder}", raw, f"17900{index:03d}.M{number}P1.test")
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    notify.wait_for(lambda m: "reading new mail (start)" in m, TIMEOUT, daemon)
    code, _ = daemon.stop()  # within harness.STOP_SECONDS, or it fails
    notify.close()
    assert code == 0
