"""Optional parts of the installation: Gmail support (the Gmail API, and OAuth for Gmail over IMAP)
comes with `followup-watcher[gmail]`, because Google's client libraries are most of the install's
size and most users never need them."""

from __future__ import annotations

import importlib.util

from watcher import errors

# the top-level modules the gmail extra brings
GMAIL_MODULES = ("googleapiclient", "google_auth_oauthlib", "google_auth_httplib2", "google.auth")
GMAIL_INSTALL = ("pipx install --force 'followup-watcher[gmail]' (from a source tree: pipx install --force '.[gmail]'), "
                 "or in a venv: pip install 'followup-watcher[gmail]'")


def missing_gmail() -> list[str]:
    """The Gmail modules that cannot be imported here."""
    absent = []
    for name in GMAIL_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a parent package missing (google) raises instead of answering
            found = False
        if not found:
            absent.append(name)
    return absent


def require_gmail(account: str, why: str) -> None:
    """UserError (exit 2, a setup problem) when the account needs the gmail extra and it is missing."""
    absent = missing_gmail()
    if absent:
        raise errors.UserError(f"account {account!r} {why}, which needs the optional Gmail support "
                               f"(not installed: {', '.join(absent)}) — install it with: {GMAIL_INSTALL}")
