"""`init`: the first set-up. On a terminal, a short conversation (address, name, provider preset, the
password, a test login that shows the folders found, the next step); with flags, the same without
questions; with neither (a script, no terminal) or `--example`, the fully commented example.

The written config leaves the state path and the etiquette to their defaults, so that the systemd
units' own state directory applies and later versions' defaults reach the user.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watcher import config, errors

Paths = Callable[[argparse.Namespace], Path]
NAMES = ("gmail", "outlook", "fastmail", "icloud", "yahoo", "imap", "maildir")


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    host: str
    port: int
    security: str
    domains: tuple[str, ...]
    note: str


def presets() -> dict[str, Preset]:
    data: dict[str, Any] = tomllib.loads((Path(__file__).resolve().parent.parent / "providers.toml")
                                        .read_text(encoding="utf-8"))
    return {key: Preset(key, str(v["label"]), str(v["host"]), int(v["port"]), str(v["security"]),
                        tuple(v["domains"]), str(v["note"])) for key, v in data.items()}


def guess(address: str) -> str:
    domain = address.rpartition("@")[2].lower()
    return next((p.key for p in presets().values() if domain in p.domains), "imap")


@dataclass(frozen=True)
class Answers:
    address: str
    name: str
    provider: str
    account: str = "personal"
    host: str = ""
    port: int = 993
    security: str = "ssl"
    username: str = ""
    password_command: str = ""
    maildir: str = ""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], config_path: Paths) -> None:
    init = commands.add_parser(
        "init", help="set up: a short guided set-up on a terminal, or write the commented example config",
        description="On a terminal: asks for your address, name and provider, stores the password, logs in and "
                    "shows the folders it found. With --address (and the other flags) it asks nothing. Without "
                    "a terminal and flags, or with --example, it writes the fully commented example config. "
                    "Never overwrites an existing config.")
    init.add_argument("--example", action="store_true", help="write the fully commented example config and stop")
    init.add_argument("--address", metavar="EMAIL", help="your email address (asks nothing when given)")
    init.add_argument("--name", metavar="NAME", help="your name, as drafts are signed")
    init.add_argument("--provider", choices=NAMES, help="a preset for the IMAP server (default: from the address)")
    init.add_argument("--account", default="personal", metavar="NAME", help="the account's name (default personal)")
    init.add_argument("--host", help="IMAP server (provider imap)")
    init.add_argument("--port", type=int, help="IMAP port (default 993)")
    init.add_argument("--security", choices=config.SECURITY, help="ssl (default), starttls or none (localhost only)")
    init.add_argument("--username", help="login name (default: the address)")
    init.add_argument("--password-command", metavar="CMD", help="a command that prints the password")
    init.add_argument("--maildir", metavar="PATH", help="the Maildir's root (provider maildir)")
    connect = init.add_mutually_exclusive_group()
    connect.add_argument("--connect", action="store_true", help="log in after writing (the default on a terminal)")
    connect.add_argument("--no-connect", action="store_true", help="do not log in after writing")
    init.set_defaults(handler=lambda args: run(args, config_path(args)))


def run(args: argparse.Namespace, path: Path) -> int:
    if path.exists():
        print(f"{path} already exists; not overwriting it. Check it with: followup-watcher check-config --connect",
              file=sys.stderr)
        return 1
    interactive = sys.stdin.isatty() and not args.address and not args.example
    if args.example or (not interactive and not args.address):
        _write(path, config.example_text())
        print(f"wrote {path} (the commented example)\n"
              "next: put your own values in place of the example's, then run `followup-watcher check-config`")
        return 0
    answers = ask(args) if interactive else from_flags(args)
    text = render(answers)
    config.parse(text, str(path))  # what we write must load: a mistake here is ours, found before writing
    _write(path, text)
    print(f"\nwrote {path}")
    if not answers.password_command and answers.provider != "maildir":
        if interactive:
            _store_password(answers)
        else:
            print(f"the password: run `followup-watcher login {answers.account}` (keyring), or set password_command")
    code = 0
    if args.connect or (interactive and not args.no_connect):
        code = _connect(path, answers)
    print("\nnext:\n  followup-watcher scan --once --dry-run   what it would draft now, writing nothing\n"
          "  followup-watcher install-service         keep it running (systemd user service)")
    return code


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)


def _prompt(question: str, default: str = "") -> str:
    shown = f"{question} [{default}]: " if default else f"{question}: "
    answer = input(shown).strip()
    return answer or default


def ask(args: argparse.Namespace) -> Answers:
    print("Set-up of followup-watcher: it reads your Inbox and Sent mail and keeps follow-up drafts in Drafts.\n"
          "It never sends mail. Press Enter to take the value in [brackets].\n")
    address = ""
    while "@" not in address:
        address = _prompt("Your email address")
    name = ""
    while not name:
        name = _prompt("Your name, as your drafts are signed")
    table = presets()
    print("\nProviders: " + ", ".join(f"{key} ({p.label})" for key, p in table.items()))
    provider = ""
    while provider not in table:
        provider = _prompt("Provider", args.provider or guess(address)).lower()
    preset = table[provider]
    print(f"  {preset.note}")
    if provider == "maildir":
        maildir = _prompt("Path of the Maildir (the folder with cur/ and new/)", str(Path.home() / "Mail"))
        return Answers(address, name, provider, args.account, maildir=str(Path(maildir).expanduser()))
    host = _prompt("IMAP server", preset.host) if provider == "imap" or not preset.host else preset.host
    port = int(_prompt("Port", str(preset.port))) if provider == "imap" else preset.port
    security = _prompt("Security (ssl, starttls, none)", preset.security) if provider == "imap" else preset.security
    username = _prompt("Login name", address)
    command = _prompt("A command that prints the password (e.g. pass show mail/personal); empty: store it in "
                      "the keyring next")
    return Answers(address, name, provider, args.account, host, port, security, username, command)


def from_flags(args: argparse.Namespace) -> Answers:
    table = presets()
    provider = args.provider or guess(args.address)
    preset = table[provider]
    if provider == "maildir":
        if not args.maildir:
            raise errors.UserError("--provider maildir needs --maildir PATH")
        return Answers(args.address, args.name or args.address, provider, args.account,
                       maildir=str(Path(args.maildir).expanduser()))
    host = args.host or preset.host
    if not host:
        raise errors.UserError("name the IMAP server with --host (or choose a --provider preset: "
                               + ", ".join(NAMES) + ")")
    return Answers(args.address, args.name or args.address.partition("@")[0], provider, args.account, host,
                   args.port or preset.port, args.security or preset.security, args.username or args.address,
                   args.password_command or "")


def render(answers: Answers) -> str:
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string

    preset = presets()[answers.provider]
    lines = [f"# followup-watcher configuration, written by `followup-watcher init` ({preset.label}).",
             "# Every setting is explained in the commented example: followup-watcher --config FILE init --example",
             "# Check it with: followup-watcher check-config --connect", "", "[[accounts]]",
             f"name = {q(answers.account)}"]
    if answers.provider == "maildir":
        lines += ['backend = "maildir"', f"path = {q(answers.maildir)}"]
    else:
        lines += ['backend = "imap"', f"host = {q(answers.host)}", f"port = {answers.port}",
                  f"security = {q(answers.security)}", f"username = {q(answers.username or answers.address)}",
                  "# The password: from this command (run without a shell), else the system keyring",
                  f"# (`followup-watcher login {answers.account}`), else systemd credentials.",
                  f"password_command = {q(answers.password_command)}"]
    lines += ["", "[me]", "# Drafts are signed with this name; every address here is recognised as yours.",
              f"name = {q(answers.name)}", f"addresses = [{q(answers.address)}]", ""]
    return "\n".join(lines)


def _store_password(answers: Answers) -> None:
    from watcher import secrets

    password = getpass.getpass(f"Password for {answers.username or answers.address} (stored in the system keyring; "
                               "empty to skip): ")
    if not password:
        print(f"skipped: run `followup-watcher login {answers.account}` later, or set password_command")
        return
    try:
        secrets.store_password(answers.account, password)
    except errors.WatcherError as exc:
        print(f"could not store it: {exc}")
        return
    print("stored in the system keyring")


def _connect(path: Path, answers: Answers) -> int:
    from watcher import connectcheck

    loaded = config.load(path)
    print(f"\nlogging in to check ({answers.account})...")
    try:
        print(connectcheck.render(connectcheck.check(loaded.accounts[0])))
    except errors.WatcherError as exc:
        print(f"the test login failed: {exc}\nfix it in {path}, then run `followup-watcher check-config --connect`")
        return int(getattr(exc, "exit_code", 1))
    return 0
