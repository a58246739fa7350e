"""`install-service`: the systemd user unit shipped with the package, installed and enabled in one
step (pipx users have no systemd/ folder to copy from).

The unit's ExecStart is pointed at the program actually running (a pipx or venv path), and at the
config given with --config, if any. `--dry-run` prints the unit and the commands, changing nothing;
`--target-dir` writes the unit elsewhere (tests, or a system-wide directory).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from watcher import config, errors

UNIT = "followup-watcher.service"
TEMPLATE_UNIT = "followup-watcher@.service"
_EXEC_START = re.compile(r"^ExecStart=.*$", re.MULTILINE)

Loader = Callable[[argparse.Namespace], config.Config]


def unit_text(name: str = UNIT) -> str:
    """A unit file as shipped: inside the package when installed, systemd/ in a source tree."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "systemd" / name, here.parent / "systemd" / name):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise errors.UserError(f"the unit {name} is missing from the installation — reinstall followup-watcher")


def program() -> str:
    """The followup-watcher executable of this installation."""
    beside = Path(sys.executable).parent / "followup-watcher"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("followup-watcher")
    if found:
        return str(Path(found).resolve())
    raise errors.UserError("cannot find the followup-watcher program on PATH — install it with pipx first "
                           "(pipx install .), then run `followup-watcher install-service` again")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], load: Loader,
               config_path: Callable[[argparse.Namespace], Path]) -> None:
    service = commands.add_parser(
        "install-service", help="install and enable the systemd user service",
        description="Writes the systemd user unit (~/.config/systemd/user/followup-watcher.service) pointed at "
                    "this installation, then runs `systemctl --user daemon-reload` and `systemctl --user enable "
                    "--now followup-watcher`. The config is checked first: a service that cannot start is not "
                    "installed.")
    service.add_argument("--dry-run", action="store_true", help="print the unit and the commands; change nothing")
    service.add_argument("--target-dir", type=Path, default=None, metavar="DIR",
                         help="write the unit into DIR instead of ~/.config/systemd/user")
    service.add_argument("--no-enable", action="store_true", help="write the unit only; do not run systemctl")
    service.set_defaults(handler=lambda args: run(args, load, config_path(args)))


def render(executable: str, config_file: Path | None) -> str:
    command = [executable] + (["--config", str(config_file)] if config_file else []) + ["run"]
    line = "ExecStart=" + " ".join(shlex.quote(part) for part in command)
    return _EXEC_START.sub(lambda _: line, unit_text(), count=1)


def run(args: argparse.Namespace, load: Loader, config_file: Path) -> int:
    load(args)  # a broken config is reported now (exit 2), not by a service failing in a loop
    explicit = config_file if args.config else None
    text = render(program(), explicit.resolve() if explicit else None)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    target = (args.target_dir or base / "systemd" / "user") / UNIT
    commands = [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", "followup-watcher"]]
    user = os.environ.get("USER") or "$USER"
    linger = f"loginctl enable-linger {user}"
    if args.dry_run:
        print(f"would write {target}:\n")
        print(text)
        if not args.no_enable:
            print("then run:\n  " + "\n  ".join(" ".join(c) for c in commands))
        print(f"to keep it running while you are logged out: {linger}")
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    replaced = target.exists() and target.read_text(encoding="utf-8") != text
    target.write_text(text, encoding="utf-8")
    print(f"{'replaced' if replaced else 'wrote'} {target}")
    if args.no_enable:
        print("enable it with:\n  " + "\n  ".join(" ".join(c) for c in commands))
    elif shutil.which("systemctl") is None:
        print("systemctl is not on PATH (no systemd here?); on a systemd machine run:\n  "
              + "\n  ".join(" ".join(c) for c in commands))
        return 1
    else:
        for command in commands:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise errors.UserError(f"`{' '.join(command)}` failed: {done.stderr.strip() or done.returncode} — "
                                       "is a systemd user session running (`systemctl --user status`)?")
        print("enabled and started: followup-watcher.service\n"
              "  its log: journalctl --user -u followup-watcher -f\n"
              "  what it found: followup-watcher status")
    print(f"to keep it running while you are logged out (and start it at boot): {linger}")
    return 0
