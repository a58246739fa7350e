"""Without the optional Gmail support (`followup-watcher[gmail]`), a Gmail account is a setup problem
named with the command that installs it — not an ImportError traceback. The packages are hidden from
a child process by an import hook in its sitecustomize, as if they had never been installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from watcher import extras

HIDE = '''
import importlib.abc, sys
HIDDEN = ("googleapiclient", "google_auth_oauthlib", "google_auth_httplib2", "google.auth", "google.oauth2")
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if any(name == h or name.startswith(h + ".") for h in HIDDEN):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Hide())
'''


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HIDE, encoding="utf-8")
    secrets = tmp_path / "client_secret.json"
    secrets.write_text('{"installed": {"client_id": "x", "client_secret": "y"}}', encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[accounts]]\nname = "gmail"\nbackend = "gmail-api"\nusername = "alex@example.org"\n'
        f'client_secrets = "{secrets}"\n\n[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
        f'[state]\npath = "{tmp_path / "state" / "state.sqlite3"}"\n', encoding="utf-8")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONPATH": str(hook),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.run([sys.executable, "-m", "watcher", "--config", str(config), *args], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("command", [["check-config"], ["scan", "--once"], ["login", "gmail"]])
def test_a_gmail_account_without_the_extra_says_how_to_install_it(tmp_path: Path, command: list[str]) -> None:
    done = run(tmp_path, *command)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "optional Gmail support" in done.stderr and "followup-watcher[gmail]" in done.stderr


def test_the_test_environment_has_the_extra() -> None:
    # the dev extra pulls in the gmail one: the Gmail tests never skip for want of it
    assert extras.missing_gmail() == []
