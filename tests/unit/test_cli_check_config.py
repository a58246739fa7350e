"""`check-config` beyond syntax: missing Maildir and templates folders, a state directory that cannot
be written, each at its line with the fix, exit 2; a good config still says ok."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MaildirHarness
from test_cli_errors import unwritable

from watcher import cli


def write(tmp_path: Path, maildir: Path, extra: str = "", state: Path | None = None) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{maildir}"\n\n'
        f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
        f'[state]\npath = "{state or tmp_path / "state" / "state.sqlite3"}"\n{extra}', encoding="utf-8")
    return path


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = cli.main(["--config", str(path), "check-config"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_good_config_is_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = MaildirHarness(tmp_path / "Mail")
    code, out = check(write(tmp_path, mail.root), capsys)
    assert code == 0 and "ok" in out


def test_a_missing_maildir_is_named_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(write(tmp_path, tmp_path / "NoSuchMail"), capsys)
    assert code == 2
    assert f"{tmp_path / 'config.toml'}:4: accounts[0].path:" in out and "does not exist" in out


def test_a_folder_that_is_not_a_maildir_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Plain").mkdir()
    code, out = check(write(tmp_path, tmp_path / "Plain"), capsys)
    assert code == 2 and "is not a Maildir" in out


def test_a_missing_templates_dir_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = MaildirHarness(tmp_path / "Mail")
    code, out = check(write(tmp_path, mail.root, f'\n[templates]\ndir = "{tmp_path / "mine"}"\n'), capsys)
    assert code == 2 and "templates.dir:" in out and "does not exist" in out


def test_an_unwritable_state_directory_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = MaildirHarness(tmp_path / "Mail")
    locked = tmp_path / "locked"
    path = write(tmp_path, mail.root, state=locked / "deeper" / "state.sqlite3")
    with unwritable(locked):
        code, out = check(path, capsys)
    assert code == 2 and "state.path:" in out and "cannot be written" in out
    assert not (locked / "deeper").exists()  # checking created nothing


def test_check_config_leaves_no_probe_file_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = MaildirHarness(tmp_path / "Mail")
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    check(write(tmp_path, mail.root), capsys)
    assert list(state_dir.iterdir()) == []


def test_connect_on_a_maildir_names_its_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mail = MaildirHarness(tmp_path / "Mail")
    capsys.readouterr()
    assert cli.main(["--config", str(write(tmp_path, mail.root)), "check-config", "--connect"]) == 0
    out = capsys.readouterr().out
    assert f"local: ok — maildir {mail.root}" in out
    assert "reads   INBOX (Inbox), Sent (Sent)" in out
    assert "writes  Drafts (created with the first draft) (Drafts)" in out
