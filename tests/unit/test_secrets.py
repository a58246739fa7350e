"""Password resolution: password_command, then the keyring, then systemd credentials; never logged.

The keyring is replaced through the library's own hook, `keyring.set_keyring`, with a small
in-memory backend (or keyring's own "fail" backend, which is what a machine without a keyring has).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail

from watcher import config, errors, secrets

SERVICE = "followup-watcher"


class DictKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring; never chosen by keyring's own discovery, only by set_keyring."""

    priority = 0.0
    viable = False  # keeps keyring's automatic backend selection from ever picking it up

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class LockedKeyring(DictKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("the collection is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("the collection is locked")


@pytest.fixture(autouse=True)
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> DictKeyring:
    backend = DictKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


def account(password_command: str = "", name: str = "work") -> config.Account:
    return config.Account(name=name, backend="imap", host="imap.example.org", username="alex@example.org",
                          password_command=password_command)


def credentials(tmp_path: Path, name: str, content: str) -> dict[str, str]:
    directory = tmp_path / "credentials"
    directory.mkdir()
    (directory / name).write_text(content, encoding="utf-8")
    return {"CREDENTIALS_DIRECTORY": str(directory)}


def test_password_command_prints_the_secret(no_keyring: None) -> None:
    assert secrets.resolve_password(account("printf secret"), {}) == ("secret", "password from password_command")


def test_password_command_first_line_is_the_secret(no_keyring: None) -> None:
    assert secrets.resolve_password(account("printf 'secret\\nurl: example.org\\n'"), {})[0] == "secret"


def test_password_command_runs_without_a_shell(no_keyring: None) -> None:
    secret, _source = secrets.resolve_password(account("printf '%s' 'a;b|c $HOME'"), {})
    assert secret == "a;b|c $HOME"


def test_failing_password_command_is_an_auth_error_with_its_stderr(no_keyring: None) -> None:
    with pytest.raises(errors.AuthError, match="exit status 3: store is locked"):
        secrets.resolve_password(account("sh -c 'echo store is locked >&2; exit 3'"), {})


def test_failing_password_command_does_not_fall_back_to_the_keyring(memory_keyring: DictKeyring) -> None:
    memory_keyring.set_password(SERVICE, "work", "older-secret")
    with pytest.raises(errors.AuthError):
        secrets.resolve_password(account("false"), {})


def test_missing_password_program_is_an_auth_error(no_keyring: None) -> None:
    with pytest.raises(errors.AuthError, match="was not found"):
        secrets.resolve_password(account("/nonexistent/pass-helper show mail"), {})


def test_empty_password_command_output_is_an_auth_error(no_keyring: None) -> None:
    with pytest.raises(errors.AuthError, match="printed nothing"):
        secrets.resolve_password(account("true"), {})


def test_password_command_wins_over_the_keyring(memory_keyring: DictKeyring) -> None:
    memory_keyring.set_password(SERVICE, "work", "from-keyring")
    assert secrets.resolve_password(account("printf from-command"), {})[0] == "from-command"


def test_keyring_is_read_under_the_account_name(memory_keyring: DictKeyring) -> None:
    memory_keyring.set_password(SERVICE, "work", "from-keyring")
    assert secrets.resolve_password(account(), {})[0] == "from-keyring"


def test_keyring_source_is_described(memory_keyring: DictKeyring) -> None:
    memory_keyring.set_password(SERVICE, "work", "from-keyring")
    assert "keyring" in secrets.resolve_password(account(), {})[1]


def test_keyring_wins_over_credentials(memory_keyring: DictKeyring, tmp_path: Path) -> None:
    memory_keyring.set_password(SERVICE, "work", "from-keyring")
    environ = credentials(tmp_path, "work", "from-credentials\n")
    assert secrets.resolve_password(account(), environ)[0] == "from-keyring"


def test_credentials_are_used_when_the_keyring_has_no_entry(memory_keyring: DictKeyring, tmp_path: Path) -> None:
    environ = credentials(tmp_path, "work", "from-credentials\n")
    assert secrets.resolve_password(account(), environ) == (
        "from-credentials", "password from systemd credential 'work'")


def test_credentials_are_used_when_there_is_no_keyring(no_keyring: None, tmp_path: Path) -> None:
    environ = credentials(tmp_path, "work", "from-credentials")
    assert secrets.resolve_password(account(), environ)[0] == "from-credentials"


def test_credentials_are_used_when_the_keyring_is_locked(tmp_path: Path) -> None:
    keyring.set_keyring(LockedKeyring())
    environ = credentials(tmp_path, "work", "from-credentials")
    assert secrets.resolve_password(account(), environ)[0] == "from-credentials"


def test_credential_of_another_account_is_not_used(no_keyring: None, tmp_path: Path) -> None:
    environ = credentials(tmp_path, "personal", "not-mine")
    with pytest.raises(errors.AuthError):
        secrets.resolve_password(account(), environ)


@pytest.mark.parametrize("expected", [
    "password_command: not set",
    "keyring: no keyring is available",
    "CREDENTIALS_DIRECTORY is not set",
    "`followup-watcher login work`",
    "set password_command",
    "LoadCredential=work:",
])
def test_no_password_anywhere_says_what_was_tried_and_what_to_run(no_keyring: None, expected: str) -> None:
    with pytest.raises(errors.AuthError) as raised:
        secrets.resolve_password(account(), {})
    assert expected in str(raised.value)


def test_locked_keyring_is_named_as_the_reason(tmp_path: Path) -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(errors.AuthError, match="the collection is locked"):
        secrets.resolve_password(account(), {})


def test_empty_keyring_is_named_as_the_reason(memory_keyring: DictKeyring) -> None:
    with pytest.raises(errors.AuthError, match="no entry for service 'followup-watcher', user 'work'"):
        secrets.resolve_password(account(), {})


def test_missing_credential_file_is_named_as_the_reason(no_keyring: None, tmp_path: Path) -> None:
    environ = {"CREDENTIALS_DIRECTORY": str(tmp_path)}
    with pytest.raises(errors.AuthError, match=f"no file {tmp_path}/work"):
        secrets.resolve_password(account(), environ)


def test_store_password_saves_it_in_the_keyring(memory_keyring: DictKeyring) -> None:
    secrets.store_password("work", "new-secret")
    assert memory_keyring.passwords[(SERVICE, "work")] == "new-secret"


def test_store_password_without_a_keyring_suggests_password_command(no_keyring: None) -> None:
    with pytest.raises(errors.UserError, match="no keyring.*password_command"):
        secrets.store_password("work", "new-secret")


def test_store_password_in_a_locked_keyring_is_a_user_error() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(errors.UserError, match="refused to store"):
        secrets.store_password("work", "new-secret")


def test_secrets_are_never_logged(memory_keyring: DictKeyring, tmp_path: Path,
                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    memory_keyring.set_password(SERVICE, "keyring-account", "keyring-secret-value")
    secrets.resolve_password(account("printf command-secret-value"), {})
    secrets.resolve_password(account(name="keyring-account"), {})
    secrets.store_password("work", "stored-secret-value")
    assert not any(value in caplog.text for value in ("command-secret-value", "keyring-secret-value",
                                                      "stored-secret-value"))


def test_password_command_expands_a_leading_tilde_like_a_shell(no_keyring: None, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    helper = tmp_path / "pw.sh"
    helper.write_text("#!/bin/sh\necho from-home-script\n", encoding="utf-8")
    helper.chmod(0o700)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert secrets.resolve_password(account("~/pw.sh"), {})[0] == "from-home-script"

