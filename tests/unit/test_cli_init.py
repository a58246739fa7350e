"""`init` without questions: flags give a config that loads and passes check-config, with the
provider's preset, no explicit state path, and nothing overwritten."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from watcher import cli, config
from watcher.commands import setup


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state-home"))


def init(path: Path, *flags: str) -> int:
    return cli.main(["--config", str(path), "init", *flags])


@pytest.mark.parametrize(("address", "host"), [
    ("alex@gmail.com", "imap.gmail.com"), ("alex@hotmail.com", "outlook.office365.com"),
    ("alex@fastmail.com", "imap.fastmail.com"), ("alex@icloud.com", "imap.mail.me.com"),
    ("alex@yahoo.com", "imap.mail.yahoo.com")])
def test_the_provider_is_guessed_from_the_address(tmp_path: Path, address: str, host: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    assert init(path, "--address", address, "--name", "Alex Rivera") == 0
    loaded = config.load(path)
    (account,) = loaded.accounts
    assert (account.host, account.port, account.security, account.username) == (host, 993, "ssl", address)
    assert loaded.me.name == "Alex Rivera" and loaded.me.addresses == (address,)
    assert f"followup-watcher login {account.name}" in capsys.readouterr().out
    assert cli.main(["--config", str(path), "check-config"]) == 0


def test_no_explicit_state_path_is_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    init(path, "--address", "alex@gmail.com", "--name", "Alex Rivera")
    assert "state" not in tomllib.loads(path.read_text(encoding="utf-8"))
    assert config.load(path).state_path == config.default_state_path()


def test_another_imap_server_needs_its_host(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    assert init(path, "--address", "alex@larkspur.example.com", "--name", "Alex") == 2
    assert "--host" in capsys.readouterr().err
    assert not path.exists()
    assert init(path, "--address", "alex@larkspur.example.com", "--name", "Alex", "--host", "mail.larkspur.example.com",
                "--port", "143", "--security", "starttls", "--password-command", "pass show mail/work") == 0
    (account,) = config.load(path).accounts
    assert (account.host, account.port, account.security, account.password_command) == (
        "mail.larkspur.example.com", 143, "starttls", "pass show mail/work")


def test_a_maildir_preset(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert init(path, "--address", "alex@example.org", "--name", "Alex", "--provider", "maildir",
                "--maildir", str(tmp_path / "Mail")) == 0
    (account,) = config.load(path).accounts
    assert (account.backend, account.path) == ("maildir", str(tmp_path / "Mail"))


def test_names_with_quotes_survive(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert init(path, "--address", "alex@gmail.com", "--name", 'Alex "AJ" O\'Neil \\ Rivera') == 0
    assert config.load(path).me.name == 'Alex "AJ" O\'Neil \\ Rivera'


def test_flags_never_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n", encoding="utf-8")
    assert init(path, "--address", "alex@gmail.com") == 1
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_every_preset_has_its_fields() -> None:
    table = setup.presets()
    assert set(table) == set(setup.NAMES)
    for preset in table.values():
        assert preset.label and preset.note
        if preset.key not in ("imap", "maildir"):
            assert preset.host and preset.port == 993 and preset.security == "ssl" and preset.domains
