"""`login --password-stdin`: the password from a pipe into the keyring, for scripts and machines
without a terminal; an empty line stores nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from test_secrets import SERVICE, DictKeyring

from watcher import cli


@pytest.fixture
def memory_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def imap_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[[accounts]]\nname = "work"\nbackend = "imap"\nhost = "imap.larkspur-mail.example.com"\n'
                    'username = "alex@example.org"\n\n[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n',
                    encoding="utf-8")
    return path


def test_password_stdin_stores_the_first_line(tmp_path: Path, memory_keyring: DictKeyring,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret pass\nignored\n"))
    assert cli.main(["--config", str(imap_config(tmp_path)), "login", "work", "--password-stdin"]) == 0
    assert memory_keyring.passwords[(SERVICE, "work")] == "s3cret pass"


def test_an_empty_line_stores_nothing(tmp_path: Path, memory_keyring: DictKeyring, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert cli.main(["--config", str(imap_config(tmp_path)), "login", "work", "--password-stdin"]) == 2
    assert memory_keyring.passwords == {}
    assert "nothing was stored" in capsys.readouterr().err
