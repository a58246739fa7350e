"""Faults that must never stop the daemon, each caused for real: a connection dropped in the middle of
the first LOGIN, a non-ASCII password, a config saved with a Latin-1 byte before SIGHUP, and bursts
of hundreds of signals. The daemon runs as a subprocess (daemon_harness.py), against the suite's
Dovecot or a Maildir; it is observed through sd_notify, its log and the mailbox.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import daemon_harness as harness
import dovecot
import pytest
from conftest import DovecotUser

from watcher import errors
from watcher.sources.imap import ImapConnection

TIMEOUT = 30.0
NON_ASCII_PASSWORD = "Schloß-café-Élan"  # "ß" and "é": not encodable in LOGIN's ASCII


def _deliver(folder: Path, raw: bytes, name: str) -> None:
    """A Maildir delivery as an MDA does it: write in tmp/, then rename into new/."""
    (folder / "tmp" / name).write_bytes(raw)
    (folder / "tmp" / name).rename(folder / "new" / name)


@pytest.fixture
def dropper(dovecot_user: DovecotUser) -> Iterator[harness.LoginDropper]:
    relay = harness.LoginDropper(dovecot_user.server.host, dovecot_user.server.port, drops=2)
    yield relay
    relay.close()


@pytest.fixture
def non_ascii_user(dovecot_server: dovecot.Dovecot) -> DovecotUser:
    username = f"umlaut{os.getpid()}@example.org"
    # The suite's Dovecot reads one passwd-file per user (tests/dovecot.py); this one has our password.
    dovecot_server._write_user(username, NON_ASCII_PASSWORD)
    return DovecotUser(dovecot_server, username, NON_ASCII_PASSWORD)


# ---------------------------------------------------------------------- the login


@pytest.mark.dovecot
def test_a_connection_dropped_during_login_is_transient_not_a_refused_login(
        dovecot_user: DovecotUser, dropper: harness.LoginDropper) -> None:
    connection = ImapConnection(dovecot_user.account(port=dropper.port), dovecot_user.password)
    with pytest.raises(errors.TransientError, match="during the login"):
        connection.connect()
    assert dropper.dropped == 1


@pytest.mark.dovecot
def test_a_network_drop_during_the_first_login_is_retried_until_the_daemon_is_in(
        dovecot_user: DovecotUser, dropper: harness.LoginDropper, tmp_path: Path) -> None:
    thread = harness.interview_thread(dt.datetime.now(dt.UTC))
    with dovecot_user.tool() as tool:
        for folder, raw in thread.messages:
            tool.append(folder, raw)
    config_path = harness.write_config(tmp_path / "config.toml",
                                       harness.imap_account(dovecot_user.account(port=dropper.port)),
                                       tmp_path / "state.sqlite3", retry_max_seconds=1)
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_for(lambda m: "; retry 2 in" in m, TIMEOUT, daemon)
        notify.wait_for(lambda m: m.startswith("STATUS=watching test (IMAP IDLE"), TIMEOUT, daemon)
        assert dropper.dropped == 2
        assert harness.followups(config_path)[f"{thread.company}:thank_you"] == "drafted"
        assert "attempt 1 failed" in daemon.log() and "Traceback" not in daemon.log()
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0


@pytest.mark.dovecot
def test_a_non_ascii_password_logs_in(non_ascii_user: DovecotUser) -> None:
    connection = ImapConnection(non_ascii_user.account(), NON_ASCII_PASSWORD)
    connection.connect()
    try:
        assert connection.folder("drafts") == "Drafts"
    finally:
        connection.close()


@pytest.mark.dovecot
def test_a_wrong_non_ascii_password_is_a_refused_login(non_ascii_user: DovecotUser) -> None:
    connection = ImapConnection(non_ascii_user.account(), NON_ASCII_PASSWORD.upper())
    with pytest.raises(errors.AuthError, match="refused the login"):
        connection.connect()


@pytest.mark.dovecot
def test_the_daemon_logs_in_with_a_non_ascii_password_from_its_password_command(
        non_ascii_user: DovecotUser, tmp_path: Path) -> None:
    config_path = harness.write_config(tmp_path / "config.toml", harness.imap_account(non_ascii_user.account()),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_for(lambda m: m.startswith("STATUS=watching test (IMAP IDLE"), TIMEOUT, daemon)
        assert "Traceback" not in daemon.log()
        assert NON_ASCII_PASSWORD not in daemon.log()
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0


# ---------------------------------------------------------------------- the config on SIGHUP


def _maildir_with_a_thread(tmp_path: Path) -> tuple[Path, harness.Thread]:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    thread = harness.interview_thread(dt.datetime.now(dt.UTC))
    for number, (folder, raw) in enumerate(thread.messages):
        _deliver(root if folder == "INBOX" else root / f".{folder}", raw, f"1790000000.M{number}P1.test")
    return root, thread


def test_sighup_after_a_latin_1_byte_keeps_the_old_config_and_says_where(tmp_path: Path) -> None:
    root, thread = _maildir_with_a_thread(tmp_path)
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3")
    good = config_path.read_text(encoding="utf-8")
    reader = tmp_path / "reader.toml"
    reader.write_text(good, encoding="utf-8")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_scan_after(0, TIMEOUT, daemon)
        latin_1 = good.replace('name = "Alex Candidate"', 'name = "Alex Candidat\xe9"').encode("latin-1")
        config_path.write_bytes(latin_1)
        line = latin_1[:latin_1.index(b"\xe9")].count(b"\n") + 1
        daemon.signal(signal.SIGHUP)
        notify.wait_for(lambda m: "still using the old one" in m, TIMEOUT, daemon)
        assert f"{config_path}:{line}: (encoding): byte 0xE9" in daemon.log()
        assert "Traceback" not in daemon.log()

        scans = notify.scans()  # the old config still works: a reply is seen and acted on
        _deliver(root, thread.rejection(harness.reply_time()), "1790000099.M9P1.test")
        notify.wait_scan_after(scans, TIMEOUT, daemon)
        assert harness.followups(reader)[f"{thread.company}:thank_you"] == "withdrawn"
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0


# ---------------------------------------------------------------------- signal storms


def test_signal_storms_neither_crash_nor_deadlock_and_sigterm_still_exits_zero(tmp_path: Path) -> None:
    root, thread = _maildir_with_a_thread(tmp_path)
    now = dt.datetime.now(dt.UTC)
    for index in range(15):  # a first scan long enough to be stormed in the middle of
        for number, (folder, raw) in enumerate(harness.interview_thread(now).messages):
            _deliver(root if folder == "INBOX" else root / f".{folder}", raw, f"17900{index:03d}.M{number}P2.test")
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_for(lambda m: "reading new mail (start)" in m, TIMEOUT, daemon)
        for _ in range(300):  # in the middle of the first scan
            daemon.signal(signal.SIGHUP)
            daemon.signal(signal.SIGUSR1)
        notify.wait_scan_after(0, TIMEOUT, daemon)
        for _ in range(300):  # in the middle of a wait
            daemon.signal(signal.SIGUSR1)
            daemon.signal(signal.SIGHUP)
        scans = notify.wait_scan_after(1, TIMEOUT, daemon)  # the storm asked for (at least) one more scan
        assert daemon.process.poll() is None

        number = notify.scans()  # still listening: a reply is acted on
        _deliver(root, thread.rejection(harness.reply_time()), "1790000099.M9P1.test")
        notify.wait_for(lambda m: "scan #" in m and int(m.split("scan #")[1].split()[0]) > number
                        and "1 withdrawn" in m, TIMEOUT, daemon)
        assert scans
    finally:
        for _ in range(300):
            if daemon.process.poll() is not None:
                break
            daemon.signal(signal.SIGTERM)
        code, _ = daemon.stop()  # within harness.STOP_SECONDS, or it fails
        notify.close()
    assert code == 0
    assert "Traceback" not in daemon.log()


# ---------------------------------------------------------------------- a fault on disk


def test_an_unreadable_message_file_is_retried_with_backoff_until_it_is_gone(tmp_path: Path) -> None:
    root, thread = _maildir_with_a_thread(tmp_path)
    # Where a file should be, one that cannot be read (ELOOP, like EIO after a disk fault): a symlink to itself.
    broken = root / "new" / "1790000050.M5P1.test"
    broken.symlink_to(broken.name)
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3", retry_max_seconds=1)
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_for(lambda m: "unexpected OSError; retry 2 in" in m, TIMEOUT, daemon)
        assert "unexpected OSError at " in daemon.log() and "Traceback" not in daemon.log()
        broken.unlink()
        notify.wait_scan_after(0, TIMEOUT, daemon)
        assert harness.followups(config_path)[f"{thread.company}:thank_you"] == "drafted"
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0
