"""`init` on a terminal (a pseudo-terminal): the questions, the preset, a test login against the
suite's Dovecot that shows the folders found, and the next step."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from conftest import DovecotUser

from watcher import config

WAIT_SECONDS = 60.0  # a safety net for a hung child, not a measurement


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
        os.close(slave)
        self.seen = ""

    def expect(self, text: str) -> str:
        while text not in self.seen:
            ready, _, _ = select.select([self.master], [], [], WAIT_SECONDS)
            if not ready:
                raise AssertionError(f"waited for {text!r}; the terminal shows:\n{self.seen}")
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"the program ended before {text!r}; the terminal shows:\n{self.seen}")
            self.seen += chunk.decode("utf-8", errors="replace")
        return self.seen

    def answer(self, prompt: str, reply: str) -> None:
        self.expect(prompt)
        os.write(self.master, reply.encode() + b"\r")

    def finish(self) -> tuple[int, str]:
        while True:
            ready, _, _ = select.select([self.master], [], [], WAIT_SECONDS)
            if not ready:
                break
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk.decode("utf-8", errors="replace")
        code = self.process.wait(timeout=WAIT_SECONDS)
        os.close(self.master)
        return code, self.seen


def test_init_on_a_terminal_sets_up_logs_in_and_shows_the_folders(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8", "TERM": "dumb",
           "XDG_STATE_HOME": str(tmp_path / "state"), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    terminal = Terminal([sys.executable, "-m", "watcher", "--config", str(path), "init"], env)
    terminal.answer("Your email address", "alex@larkspur.example.com")
    terminal.answer("Your name", "Alex Rivera")
    terminal.expect("gmail (Gmail / Google Workspace)")
    terminal.answer("Provider [imap]", "")  # the guess for an unknown domain
    terminal.answer("IMAP server", dovecot_user.server.host)
    terminal.answer("Port [993]", str(dovecot_user.server.port))
    terminal.answer("Security (ssl, starttls, none) [ssl]", "none")
    terminal.answer("Login name [alex@larkspur.example.com]", dovecot_user.username)
    terminal.answer("A command that prints the password", f"printf {dovecot_user.password}")
    code, seen = terminal.finish()
    assert code == 0, seen
    assert "Traceback" not in seen
    assert "reads   INBOX (Inbox), Sent (Sent)" in seen and "writes  Drafts (Drafts)" in seen
    assert "followup-watcher scan --once --dry-run" in seen
    (account,) = config.load(path).accounts
    assert (account.host, account.port, account.security, account.username) == (
        dovecot_user.server.host, dovecot_user.server.port, "none", dovecot_user.username)


def test_init_on_a_terminal_with_a_preset_asks_only_what_it_must(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8", "TERM": "dumb",
           "XDG_STATE_HOME": str(tmp_path / "state"), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    terminal = Terminal([sys.executable, "-m", "watcher", "--config", str(path), "init", "--no-connect"], env)
    terminal.answer("Your email address", "alex.rivera@gmail.com")
    terminal.answer("Your name", "Alex Rivera")
    terminal.answer("Provider [gmail]", "")
    terminal.expect("app password")
    terminal.answer("Login name [alex.rivera@gmail.com]", "")
    terminal.answer("A command that prints the password", "")
    terminal.answer("Password for alex.rivera@gmail.com", "")  # skipped: no keyring in this test
    code, seen = terminal.finish()
    assert code == 0, seen
    assert "followup-watcher login personal" in seen
    (account,) = config.load(path).accounts
    assert (account.host, account.username) == ("imap.gmail.com", "alex.rivera@gmail.com")
