"""The README, followed as a newcomer on a fresh machine would: the package installed on its own
(a fresh virtualenv standing in for pipx, built from the source tree like `pipx install .`), a fresh
HOME, then the README's commands in order against the suite's Dovecot — set-up, check, first scan,
status, the user's overrides, the service (dry run), completion. Run from outside the source tree,
so everything used comes from the installed package (the config example, presets, units)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DovecotUser, eml

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-12T22:00:00+00:00"


def blocks() -> list[list[str]]:
    """The README's ```sh blocks, as lists of commands (comments dropped)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [[line.split("  #")[0].strip() for line in block.splitlines() if line.strip()] for block in found]


def test_the_readme_opens_with_the_demo_and_the_test_suite_then_pipx() -> None:
    first, install = blocks()[0], blocks()[1]
    assert first == ["./scripts/demo", "./scripts/test"]
    assert install[0].startswith("pipx install .")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("pipx") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(ROOT)], check=True,
                   capture_output=True, timeout=900)
    return venv / "bin"


class Newcomer:
    def __init__(self, home: Path, bin_dir: Path) -> None:
        self.home = home
        self.env = {"PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}", "HOME": str(home),
                    "LANG": "C.UTF-8", "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}

    def run(self, command: str, *, expect: int = 0) -> str:
        done = subprocess.run(["sh", "-c", command], cwd=self.home, env=self.env, capture_output=True, text=True,
                              timeout=300, stdin=subprocess.DEVNULL, check=False)
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == expect, f"{command}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr


def test_a_newcomer_follows_the_readme(installed: Path, dovecot_user: DovecotUser, tmp_path: Path) -> None:
    with dovecot_user.tool() as tool:
        tool.append("INBOX", eml("larkspur-invite"))
        tool.append("Sent", eml("larkspur-confirmation"), ("\\Seen",))
    home = tmp_path / "home"
    home.mkdir()
    user = Newcomer(home, installed)
    assert "never sends" in user.run("followup-watcher --help").lower()
    assert "written to Drafts" in user.run("followup-watcher demo")
    # the set-up, without a terminal: the flags the README shows, for this private server
    server = dovecot_user.server
    out = user.run(f"followup-watcher init --address alex@example.org --name 'Alex Rivera' --provider imap "
                   f"--host {server.host} --port {server.port} --security none --username {dovecot_user.username} "
                   f"--password-command 'printf {dovecot_user.password}' --connect")
    assert "reads   INBOX (Inbox), Sent (Sent)" in out
    assert (home / ".config" / "followup-watcher" / "config.toml").is_file()
    assert "reads   INBOX" in user.run("followup-watcher check-config --connect")
    assert "would draft thank_you" in user.run(f"followup-watcher scan --once --dry-run --now {NOW}")
    assert "drafted thank_you" in user.run(f"followup-watcher scan --once --now {NOW}")
    status = user.run(f"followup-watcher status --now {NOW}")
    thread = re.search(r"^(t[0-9a-f]+)  ", status, re.M)
    assert thread and "in Drafts" in status
    assert "timeline (" in user.run(f"followup-watcher status {thread.group(1)} --now {NOW}")
    assert "BEGIN:VCALENDAR" in user.run(f"followup-watcher status --ics --now {NOW}")
    assert (home / ".local" / "state" / "followup-watcher" / "plan.ics").is_file()
    assert "will be withdrawn" in user.run(f"followup-watcher ignore {thread.group(1)}")
    assert "ignore" in user.run("followup-watcher overrides")
    user.run(f"followup-watcher track {thread.group(1)}")
    user.run(f"followup-watcher snooze {thread.group(1)} 2w --now {NOW}")
    assert "forgot" in user.run(f"followup-watcher forget {thread.group(1)}")
    user.run("followup-watcher stauts", expect=2)
    unit = user.run("followup-watcher install-service --dry-run")
    assert f"ExecStart={installed / 'followup-watcher'} run" in unit and "loginctl enable-linger" in unit
    assert "complete -o default -F _followup_watcher" in user.run("followup-watcher completion bash")
