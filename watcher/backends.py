"""Opens an account's mail backend: the source and the draft writer, sharing one connection.

imapclient and googleapiclient are imported only when such an account is opened, so commands that
never touch the network (`status`, `init`, `--help`) start without them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from watcher import config, extras, secrets
from watcher.drafts import DraftWriter
from watcher.sources import MailSource

if TYPE_CHECKING:
    from watcher.sources.imap import ImapConnection


@dataclass(frozen=True)
class Backend:
    """An account's opened source and draft writer; `close()` releases both."""

    source: MailSource
    drafts: DraftWriter
    description: str
    closer: Callable[[], None]

    def describe(self) -> str:
        """Where the mail is and how we log in, for logs; never the secret."""
        return self.description

    def close(self) -> None:
        self.closer()


def open_backend(account: config.Account, environ: Mapping[str, str],
                 password: tuple[str, str] | None = None) -> Backend:
    """The backend for `account`. For IMAP this resolves the password (unless given: the secret and
    where it came from) and logs in."""
    if account.backend == "imap":
        from watcher.drafts import imap as imap_drafts
        from watcher.sources import imap as imap_source

        if account.auth == "oauth2":
            connection = _imap_oauth2_connection(account, environ)
        else:
            secret, password_source = password or secrets.resolve_password(account, environ)
            connection = imap_source.ImapConnection(account, secret, password_source)
        connection.connect()
        return Backend(imap_source.ImapSource(connection), imap_drafts.ImapDraftWriter(connection),
                       connection.describe(), connection.close)
    if account.backend == "maildir":
        from watcher.drafts import maildir as maildir_drafts
        from watcher.sources import maildir as maildir_source
        from watcher.sources import maildir_tree

        source = maildir_source.MaildirSource(account.path, account.inbox_folder, account.sent_folder, account.layout)
        drafts = maildir_drafts.MaildirDraftWriter(account.path, account.drafts_folder, account.layout)
        maildir_tree.open_tree(account.path, account.layout)  # a wrong path is reported now, not at the first sync
        return Backend(source, drafts, f"maildir {account.path}", source.close)
    if account.backend == "gmail-api":
        return _open_gmail_api(account, environ)
    raise ValueError(f"unknown backend {account.backend!r}")  # config.py allows only the three above


def _open_gmail_api(account: config.Account, environ: Mapping[str, str]) -> Backend:
    """The Gmail API backend: one authorized client shared by source and drafts, checked at once."""
    extras.require_gmail(account.name, "uses the Gmail API (backend = \"gmail-api\")")
    from watcher import oauth
    from watcher.drafts import gmail as gmail_drafts
    from watcher.sources import gmail as gmail_source

    credentials, token_source = oauth.credentials(account, environ)
    connection = gmail_source.GmailConnection(account, credentials, token_source)
    try:
        connection.connect()
    except BaseException:
        connection.close()
        raise
    return Backend(gmail_source.GmailSource(connection), gmail_drafts.GmailDraftWriter(connection),
                   connection.describe(), connection.close)


def _imap_oauth2_connection(account: config.Account, environ: Mapping[str, str]) -> ImapConnection:
    """Gmail over IMAP with XOAUTH2: the access token is refreshed from the stored refresh token."""
    extras.require_gmail(account.name, "logs in with OAuth (auth = \"oauth2\")")
    from watcher import oauth
    from watcher.sources import imap as imap_source

    token_source, where = oauth.imap_token_source(account, environ)
    return imap_source.ImapConnection(account, "", where, token_source=token_source)
