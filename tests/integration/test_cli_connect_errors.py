"""Connection mistakes through the CLI: a TLS/plain mix-up is named with the setting to change and
exits 2 (a config problem, not retried), a wrong password with password_command set points at the
command, and every network error names the account.

Against the suite's Dovecot (plain IMAP) and a TLS listener started here with a throwaway
self-signed certificate.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ports
import pytest
from conftest import DovecotUser
from tls_server import TlsListener

NOW = "2026-11-12T22:00:00+00:00"


class GreetingListener(TlsListener):
    """Accepts TLS on 127.0.0.1, greets like an IMAP server once the handshake is done, then idles."""

    def handle(self, raw: socket.socket) -> None:
        raw.settimeout(60)
        with contextlib.suppress(OSError):
            wrapped = self.context.wrap_socket(raw, server_side=True)
            self.open.append(wrapped)
            wrapped.sendall(b"* OK [CAPABILITY IMAP4rev1] ready\r\n")


@pytest.fixture
def tls_listener(tmp_path: Path) -> Iterator[TlsListener]:
    listener = GreetingListener(tmp_path)
    yield listener
    listener.close()


def _config(root: Path, port: int, security: str, password_command: str, name: str = "work",
            username: str = "someone") -> Path:
    path = root / "config.toml"
    path.write_text(
        f'[[accounts]]\nname = "{name}"\nbackend = "imap"\nhost = "127.0.0.1"\nport = {port}\n'
        f'security = "{security}"\ntls_verify = false\nusername = "{username}"\npassword_command = "{password_command}"\n\n'
        f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
        f'[state]\npath = "{root / "state" / "state.sqlite3"}"\n', encoding="utf-8")
    return path


def _scan(root: Path, config: Path) -> subprocess.CompletedProcess[str]:
    home = root / "home"
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(config), "scan", "--once", "--now", NOW],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_ssl_on_the_plain_port_says_to_use_starttls_and_exits_2(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    done = _scan(tmp_path, _config(tmp_path, dovecot_user.server.port, "ssl", f"printf {dovecot_user.password}"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "speaks plain IMAP" in done.stderr
    assert 'set security = "starttls"' in done.stderr
    assert "account 'work'" in done.stderr
    assert "SSL" not in done.stderr  # no raw OpenSSL text


@pytest.mark.parametrize("security", ["none", "starttls"])
def test_plain_text_on_a_tls_port_says_to_use_ssl_and_exits_2(tls_listener: TlsListener, tmp_path: Path,
                                                              security: str) -> None:
    done = _scan(tmp_path, _config(tmp_path, tls_listener.port, security, "printf secret"))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "speaks TLS" in done.stderr and 'set security = "ssl"' in done.stderr
    assert "account 'work'" in done.stderr


def test_nothing_listening_names_the_account_and_is_temporary(tmp_path: Path) -> None:
    with ports.closed_port() as port:  # reserved, so no other test's server can start listening there
        done = _scan(tmp_path, _config(tmp_path, port, "none", "printf secret", name="side-job"))
    assert done.returncode == 75, done.stderr
    assert "Traceback" not in done.stderr
    assert "account 'side-job'" in done.stderr and "check host and port" in done.stderr


def test_a_wrong_password_from_password_command_points_at_the_command_not_login(
        dovecot_user: DovecotUser, tmp_path: Path) -> None:
    done = _scan(tmp_path, _config(tmp_path, dovecot_user.server.port, "none", "printf wrong-password",
                                   username=dovecot_user.username))
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "password_command" in done.stderr and "printf wrong-password" in done.stderr
    assert "followup-watcher login" not in done.stderr
    assert "account 'work'" in done.stderr


# ---------------------------------------------------------------- check-config --connect


def _check_connect(root: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(root / "home"), "LANG": "C.UTF-8",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(config), "check-config", "--connect"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_check_config_connect_logs_in_and_lists_the_folders(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    done = _check_connect(tmp_path, _config(tmp_path, dovecot_user.server.port, "none",
                                            f"printf {dovecot_user.password}", username=dovecot_user.username))
    assert done.returncode == 0, done.stderr
    assert "work: ok — imap 127.0.0.1" in done.stdout
    assert "reads   INBOX (Inbox), Sent (Sent)" in done.stdout
    assert "writes  Drafts (Drafts)" in done.stdout


def test_check_config_connect_with_a_wrong_password_exits_3(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    done = _check_connect(tmp_path, _config(tmp_path, dovecot_user.server.port, "none", "printf nope",
                                            username=dovecot_user.username))
    assert done.returncode == 3 and "refused the login" in done.stderr and "Traceback" not in done.stderr


def test_check_config_connect_names_a_tls_mix_up_and_exits_2(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    done = _check_connect(tmp_path, _config(tmp_path, dovecot_user.server.port, "ssl",
                                            f"printf {dovecot_user.password}"))
    assert done.returncode == 2 and 'set security = "starttls"' in done.stderr
