"""What the CLI and the daemon say, and never say: no message body and no password at any log level
(--debug included) against the suite's Dovecot; syslog priorities for journald; notify_command gets
the draft's details in FOLLOWUP_* variables and not its text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DovecotUser, MaildirHarness, eml

from watcher.model import Role

NOW = "2026-11-12T22:00:00+00:00"
MARKER = "ZQX-PRIVATE-BODY-MARKER-7731"


def _env(root: Path, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root / "home"), "LANG": "C.UTF-8",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", **extra}


def _cli(root: Path, config: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(config), *args], env=_env(root, **extra),
                          capture_output=True, text=True, timeout=180, check=False)


def _marked(name: str) -> bytes:
    raw = eml(name)
    head, _, body = raw.partition(b"\n\n")
    return head + b"\n\n" + body.replace(b"\n\n", f"\n\n{MARKER} is on the second floor.\n\n".encode(), 1)


@pytest.mark.parametrize("flags", [["--debug"], ["-vv"]])
def test_debug_logs_no_body_and_no_password(dovecot_user: DovecotUser, tmp_path: Path, flags: list[str]) -> None:
    with dovecot_user.tool() as tool:
        tool.append("INBOX", _marked("larkspur-invite"))
        tool.append("Sent", _marked("larkspur-confirmation"), ("\\Seen",))
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[accounts]]\nname = "work"\nbackend = "imap"\nhost = "{dovecot_user.server.host}"\n'
        f'port = {dovecot_user.server.port}\nsecurity = "none"\nusername = "{dovecot_user.username}"\n'
        f'password_command = "printf {dovecot_user.password}"\n\n'
        f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
        f'[state]\npath = "{tmp_path / "state" / "state.sqlite3"}"\n', encoding="utf-8")
    done = _cli(tmp_path, config, *flags, "scan", "--once", "--now", NOW)
    assert done.returncode == 0, done.stderr
    assert "drafted thank_you" in done.stdout  # the scan read the thread, bodies included
    assert "DEBUG" in done.stderr  # and it did log at DEBUG
    for text in (done.stdout, done.stderr):
        assert MARKER not in text
        assert dovecot_user.password not in text


def _maildir_config(tmp_path: Path, extra: str = "") -> Path:
    mail = MaildirHarness(tmp_path / "Mail")
    mail.add(Role.INBOX, "larkspur-invite")
    mail.add(Role.SENT, "larkspur-confirmation", ("\\Seen",))
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{mail.root}"\n\n'
        f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
        f'[state]\npath = "{tmp_path / "state" / "state.sqlite3"}"\n{extra}', encoding="utf-8")
    return config


def test_under_journald_every_log_line_carries_its_priority(tmp_path: Path) -> None:
    config = _maildir_config(tmp_path)
    done = _cli(tmp_path, config, "-v", "scan", "--once", "--now", NOW, JOURNAL_STREAM="8:12345")
    lines = [line for line in done.stderr.splitlines() if line]
    assert lines and all(line[:3] in ("<6>", "<4>", "<3>", "<7>") for line in lines), done.stderr
    assert any(line.startswith("<6>watcher.scan: ") and "wrote the thank_you draft" in line for line in lines)


def test_on_a_terminal_log_lines_carry_a_time_and_level_not_a_priority(tmp_path: Path) -> None:
    config = _maildir_config(tmp_path)
    done = _cli(tmp_path, config, "scan", "-v", "--once", "--now", NOW)
    assert any(" INFO watcher.scan: " in line and "wrote the thank_you draft" in line for line in done.stderr.splitlines())
    assert "<6>" not in done.stderr


def test_quiet_says_nothing_but_errors(tmp_path: Path) -> None:
    config = _maildir_config(tmp_path)
    done = _cli(tmp_path, config, "-q", "scan", "--once", "--now", NOW)
    assert done.returncode == 0 and done.stderr == ""


def test_notify_command_gets_the_drafts_details_and_not_its_text(tmp_path: Path) -> None:
    out = tmp_path / "notified.txt"
    script = tmp_path / "notify.sh"
    script.write_text(f'#!/bin/sh\nenv | grep "^FOLLOWUP_" | sort >> "{out}"\necho --- >> "{out}"\n', encoding="utf-8")
    script.chmod(0o700)
    config = _maildir_config(tmp_path, f'\n[daemon]\nnotify_command = "{script}"\n')
    done = _cli(tmp_path, config, "scan", "--once", "--now", NOW)
    assert done.returncode == 0, done.stderr
    notified = out.read_text(encoding="utf-8")
    assert notified.count("---") == 1
    assert "FOLLOWUP_EVENT=drafted" in notified and "FOLLOWUP_KIND=thank_you" in notified
    assert "FOLLOWUP_TO=maren.holt@larkspur.example.com" in notified
    assert "FOLLOWUP_SUBJECT=Re: Interview invitation: Firmware Engineer at Larkspur Robotics" in notified
    assert "FOLLOWUP_DRAFT_MESSAGE_ID=<followup-watcher." in notified
    assert "Thank you" not in notified  # not the draft's text


def test_a_failing_notify_command_is_a_warning_and_the_draft_is_written(tmp_path: Path) -> None:
    config = _maildir_config(tmp_path, '\n[daemon]\nnotify_command = "false"\n')
    done = _cli(tmp_path, config, "scan", "--once", "--now", NOW)
    assert done.returncode == 0
    assert "drafted thank_you" in done.stdout and "notify_command 'false' failed" in done.stderr


def test_under_journald_an_error_that_stops_the_command_is_priority_err(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[[accounts]]\nname = 1\n", encoding="utf-8")
    done = _cli(tmp_path, config, "run", JOURNAL_STREAM="8:12345")
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line]
    assert lines and all(line.startswith("<3>") for line in lines), done.stderr
