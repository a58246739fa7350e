"""What `check-config` looks at beyond the file's syntax and types: the values the untouched example
still has, paths that do not exist, and a state directory this user cannot write.

Kept out of `config.load`: the daemon's reload must not fail because a templates folder is on a
disk that is not mounted yet, but `check-config` should say so before the user relies on it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from watcher import config, extras, keylines
from watcher.errors import ConfigProblem

# The values of config.example.toml that only stand for the user's own.
PLACEHOLDER_HOSTS = frozenset({"imap.example.org"})
PLACEHOLDER_ADDRESSES = frozenset({"you@example.org"})
PLACEHOLDER_NAMES = frozenset({"Your Name"})


def problems(loaded: config.Config) -> list[ConfigProblem]:
    """Every problem found, each located at its key's line in the file."""
    try:
        text = Path(loaded.source).read_text(encoding="utf-8")
    except OSError:
        text = ""
    lines = keylines.KeyLines(text)
    found: list[ConfigProblem] = []

    def problem(key: str, what: str, fix: str) -> None:
        found.append(ConfigProblem(loaded.source, lines.find(key), key, what, fix))

    for index, account in enumerate(loaded.accounts):
        at = f"accounts[{index}]"
        if account.backend == "imap" and account.host in PLACEHOLDER_HOSTS:
            problem(f"{at}.host", f"{account.host!r} is the example's placeholder",
                    "put your mail provider's IMAP server here (e.g. imap.gmail.com, outlook.office365.com)")
        if account.username in PLACEHOLDER_ADDRESSES:
            problem(f"{at}.username", f"{account.username!r} is the example's placeholder",
                    "put your login name here (usually your full email address)")
        if account.backend == "maildir":
            if not account.path:
                problem(f"{at}.path", "no Maildir is given", "set path to the folder your mail is synced into")
            else:
                from watcher import errors
                from watcher.sources import maildir_tree

                try:
                    maildir_tree.open_tree(account.path, account.layout)  # the backend's own reading of the path
                except errors.UserError as exc:
                    what, _, fix = str(exc).partition("; ")
                    problem(f"{at}.path", what, fix or "check path and layout")
        if account.backend == "gmail-api" or account.auth == "oauth2":
            absent = extras.missing_gmail()
            if absent:
                problem(f"{at}.backend" if account.backend == "gmail-api" else f"{at}.auth",
                        f"needs the optional Gmail support, which is not installed ({', '.join(absent)})",
                        f"install it: {extras.GMAIL_INSTALL}")
        if account.client_secrets and not Path(account.client_secrets).expanduser().is_file():
            problem(f"{at}.client_secrets", f"{account.client_secrets} does not exist",
                    "download your OAuth client JSON from Google Cloud Console (docs/gmail.md) and give its path")
    if loaded.me.name in PLACEHOLDER_NAMES:
        problem("me.name", f"{loaded.me.name!r} is the example's placeholder", "put the name you sign your mail with")
    for address in loaded.me.addresses:
        if address in PLACEHOLDER_ADDRESSES:
            problem("me.addresses", f"{address!r} is the example's placeholder", "list your own email address(es)")
    if loaded.templates_dir and not Path(loaded.templates_dir).is_dir():
        problem("templates.dir", f"{loaded.templates_dir} does not exist",
                "create it with your own thank_you.txt (see docs/templates.md), or set dir = \"\"")
    for directory in loaded.rules_dirs:
        if not Path(directory).is_dir():
            problem("rules.dirs", f"{directory} does not exist", "create it, or remove it from the list")
    why = unwritable(loaded.state_path)
    if why:
        problem("state.path", f"the state file {loaded.state_path} cannot be written here ({why})",
                "make its directory writable by this user, or set [state] path to a place that is")
    return found


def unwritable(state_path: Path) -> str:
    """Why this user cannot create or write `state_path`, or "" when it can. Tried, not guessed from
    the mode bits: root, ACLs, immutable directories and read-only mounts all answer differently."""
    if state_path.exists():
        try:
            os.close(os.open(state_path, os.O_RDWR))
        except OSError as exc:
            return exc.strerror or str(exc)
        return ""
    directory = state_path.parent
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    if not directory.is_dir():
        return f"{directory} is not a directory"
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=".followup-watcher-probe-")
    except OSError as exc:
        return f"{directory}: {exc.strerror or exc}"
    os.close(handle)
    with contextlib.suppress(OSError):
        Path(name).unlink()
    return ""
