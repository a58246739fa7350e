"""`check-config --connect` and the last step of `init`: log in to each account and name the folders
it will read and write, like `mbsync -l` — the first thing to look at when drafts do not show up."""

from __future__ import annotations

import os
from dataclasses import dataclass

from watcher import config, errors
from watcher.backends import Backend, open_backend
from watcher.model import Role


@dataclass(frozen=True)
class Found:
    """One account's answer: how it was reached, and its Inbox, Sent and Drafts."""

    account: str
    reached: str
    inbox: str
    sent: str
    drafts: str


def check(account: config.Account) -> Found:
    """Log in (or open the Maildir) and find the three folders; the product's errors when it cannot."""
    backend = open_backend(account, os.environ)
    try:
        inbox, sent, drafts = _folders(account, backend)
        return Found(account.name, backend.description, inbox, sent, drafts)
    finally:
        backend.close()


def _folders(account: config.Account, backend: Backend) -> tuple[str, str, str]:
    source = backend.source
    if account.backend == "imap":
        from watcher.sources.imap import ImapSource

        assert isinstance(source, ImapSource)
        connection = source.connection
        return connection.folder("inbox"), connection.folder("sent"), connection.folder("drafts")
    if account.backend == "maildir":
        from watcher.drafts.maildir import MaildirDraftWriter
        from watcher.sources import maildir_tree
        from watcher.sources.maildir import MaildirSource

        assert isinstance(source, MaildirSource)
        drafts = backend.drafts
        assert isinstance(drafts, MaildirDraftWriter)
        inbox = source.folder(Role.INBOX)[0]
        sent = source.folder(Role.SENT)[0]
        tree = maildir_tree.open_tree(account.path, account.layout)
        found = tree.find(drafts.configured) if drafts.configured else tree.find(*maildir_tree.DRAFTS_NAMES)
        where = found[0] if found else f"{drafts.configured or 'Drafts'} (created with the first draft)"
        return inbox, sent, where
    if account.backend == "gmail-api":
        return "label INBOX", "label SENT", "Gmail drafts"
    raise errors.UserError(f"unknown backend {account.backend!r}")


def render(found: Found) -> str:
    return (f"{found.account}: ok — {found.reached}\n"
            f"  reads   {found.inbox} (Inbox), {found.sent} (Sent)\n"
            f"  writes  {found.drafts} (Drafts)")
