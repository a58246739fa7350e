"""No traceback for anything the user causes: every command, run as a separate process, with its
output closed early (`status --json | head`), without a terminal, and with a state directory it
cannot write. Each must end with a one-line message (or quietly, for a closed pipe) and a
documented exit status.

The commands are read from the parser itself, so a new command without an entry here fails
`test_every_command_is_covered`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MaildirHarness

from watcher import cli
from watcher.model import Role

NOW = "2026-11-12T22:00:00+00:00"
DOCUMENTED_EXITS = {0, 1, 2, 3, 75}
# the arguments each command gets here (after the command's name)
ARGUMENTS: dict[str, list[str]] = {
    "init": [],
    "check-config": [],
    "scan": ["--once", "--now", NOW],
    "status": ["--json", "--now", NOW],
    "run": [],
    "login": ["local"],
    "ignore": ["t-nothing-like-this"],
    "track": ["someone@example.org"],
    "snooze": ["t-nothing-like-this", "3d"],
    "forget": ["t-nothing-like-this"],
    "overrides": ["--json"],
    "install-service": ["--dry-run"],
    "completion": ["bash"],
    "demo": [],
}
# `run` never writes to stdout (it logs to stderr) and does not end by itself: it is run only where
# it must stop at once (no writable state directory).
ENDLESS = {"run"}


def commands() -> list[str]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return sorted(sub.choices)  # type: ignore[arg-type]


class World:
    def __init__(self, root: Path) -> None:
        self.root = root
        mail = MaildirHarness(root / "Mail")
        mail.add(Role.INBOX, "larkspur-invite")
        mail.add(Role.SENT, "larkspur-confirmation", ("\\Seen",))
        self.state_dir = root / "locked" / "state"
        self.config = root / "config.toml"
        self.config.write_text(
            f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{mail.root}"\n\n'
            f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[state]\npath = "{self.state_dir / "state.sqlite3"}"\n', encoding="utf-8")
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root / "home"), "LANG": "C.UTF-8",
                    "TMPDIR": str(root), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}

    def argv(self, command: str) -> list[str]:
        config = self.root / "fresh.toml" if command == "init" else self.config
        return [sys.executable, "-m", "watcher", "--config", str(config), command, *ARGUMENTS[command]]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def test_every_command_is_covered() -> None:
    assert set(commands()) == set(ARGUMENTS)


@pytest.mark.parametrize("command", sorted(set(ARGUMENTS) - ENDLESS))
def test_output_closed_early_ends_quietly(world: World, command: str) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader left before the first line, like `| head -0`
    try:
        done = subprocess.run(world.argv(command), stdin=subprocess.DEVNULL, stdout=writer, stderr=subprocess.PIPE,
                              env=world.env, text=True, timeout=120, check=False)
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode in DOCUMENTED_EXITS, done.stderr


@pytest.mark.parametrize("command", sorted(set(ARGUMENTS) - ENDLESS))
def test_without_a_terminal_no_traceback(world: World, command: str) -> None:
    done = subprocess.run(world.argv(command), stdin=subprocess.DEVNULL, capture_output=True, env=world.env,
                          text=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in DOCUMENTED_EXITS, done.stderr


def test_login_without_a_terminal_says_how_to_give_the_password(world: World) -> None:
    done = subprocess.run(world.argv("login"), stdin=subprocess.DEVNULL, capture_output=True, env=world.env,
                          text=True, timeout=120, check=False)
    # a maildir account has nothing to log in to: that is said, not a traceback
    assert done.returncode == 2 and "Traceback" not in done.stderr


@contextlib.contextmanager
def unwritable(directory: Path) -> Iterator[None]:
    """`directory` made unwritable: by its mode, and for root (whom modes do not stop) immutable."""
    directory.mkdir(parents=True)
    directory.chmod(0o555)
    immutable = False
    probe = directory / "probe"
    try:
        try:
            probe.mkdir()
        except OSError:
            pass
        else:
            probe.rmdir()
            chattr = shutil.which("chattr")
            immutable = chattr is not None and subprocess.run([chattr, "+i", str(directory)], check=False,
                                                               capture_output=True).returncode == 0
            if not immutable:
                pytest.skip("cannot make a directory unwritable here (root without chattr)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(directory)], check=False)
        directory.chmod(0o755)


@pytest.mark.parametrize("command", sorted(set(ARGUMENTS) - {"init", "demo", "login"}))
def test_an_unwritable_state_directory_is_a_message_not_a_traceback(world: World, command: str) -> None:
    with unwritable(world.state_dir.parent):
        done = subprocess.run(world.argv(command), stdin=subprocess.DEVNULL, capture_output=True, env=world.env,
                              text=True, timeout=120, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in DOCUMENTED_EXITS, done.stderr
    if done.returncode != 0:
        assert str(world.state_dir) in done.stderr
        assert "writable" in done.stderr


def _imap_config(world: World, password_command: str = "") -> Path:
    path = world.root / "imap.toml"
    path.write_text(
        '[[accounts]]\nname = "work"\nbackend = "imap"\nhost = "imap.larkspur-mail.example.com"\n'
        f'username = "alex@example.org"\npassword_command = "{password_command}"\n\n'
        '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n', encoding="utf-8")
    return path


def test_login_of_an_imap_account_without_a_terminal_says_how_to_pipe_the_password(world: World) -> None:
    done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(_imap_config(world)), "login", "work"],
                          stdin=subprocess.DEVNULL, capture_output=True, env=world.env, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "there is none here" in done.stderr and "--password-stdin" in done.stderr


def test_login_with_password_command_set_says_login_would_not_be_used(world: World) -> None:
    config = _imap_config(world, password_command="pass show mail/work")
    done = subprocess.run([sys.executable, "-m", "watcher", "--config", str(config), "login", "work"],
                          stdin=subprocess.DEVNULL, capture_output=True, env=world.env, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2 and "would not be used" in done.stderr and "Traceback" not in done.stderr
