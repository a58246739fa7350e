"""IMAP: the one connection an account uses (`ImapConnection`) and the read-only source over it.

Reading never changes the user's mail: folders are opened with EXAMINE (RFC 3501 section 6.3.2) and
messages fetched with `BODY.PEEK` (section 6.4.5), so no `\\Seen` flag is set. Sync is incremental by
UID: the cursor is JSON `{"folder", "uidvalidity", "last_uid"}`, and a changed UIDVALIDITY
(section 2.3.1.1) means the old UIDs mean nothing any more, so the folder is read again from `since`.

Gmail over IMAP: with an OAuth token (`auth = "oauth2"`) the login is XOAUTH2
(developers.google.com/gmail/imap/xoauth2-protocol), with a fresh token at every connect. Where the
server offers X-GM-EXT-1 (developers.google.com/gmail/imap/imap-extensions), X-GM-THRID is the
thread id, and a message that also carries the `\\Sent` label (mail to oneself) is read once, from
the Sent folder, not again from the Inbox.

This module and `drafts/imap.py` are the only importers of imapclient.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import ssl
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import imapclient
import imapclient.exceptions

from watcher import config, errors
from watcher.model import Role
from watcher.sources import Fetched, SyncBatch, WantsBody

_TEMPORARY_LOGIN_FAILURE = re.compile(r"\[UNAVAILABLE\]|temporary authentication failure|try again later", re.I)
log = logging.getLogger(__name__)

# Well-known names, tried in this order when the server does not mark its folders with RFC 6154
# special-use attributes.
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent")
DRAFTS_NAMES = ("Drafts", "[Gmail]/Drafts", "INBOX.Drafts")
# Keeps each FETCH command line and response bounded on very large folders.
HEADER_CHUNK = 5000
BODY_CHUNK = 200
TIMEOUT_SECONDS = 60.0


class ImapConnection:
    """One logged-in IMAP session for an account, opened on first use and shared by source and drafts."""

    def __init__(self, account: config.Account, password: str, password_source: str = "",
                 token_source: Callable[[], str] | None = None) -> None:
        self.account = account
        self._password = password
        self._token_source = token_source  # an OAuth access token at each connect: XOAUTH2 instead of LOGIN
        self.password_source = password_source
        self._client: imapclient.IMAPClient | None = None
        self._folders: list[tuple[tuple[bytes, ...], str]] | None = None
        self._found: dict[str, str] = {}

    def describe(self) -> str:
        account = self.account
        where = f"imap {account.host}:{account.port} as {account.username}"
        return f"{where} ({self.password_source})" if self.password_source else where

    @property
    def client(self) -> imapclient.IMAPClient:
        """The logged-in client, connecting first if needed."""
        if self._client is None:
            self.connect()
        assert self._client is not None
        return self._client

    def connect(self) -> None:
        """Open the connection and log in; AuthError when refused, TransientError when unreachable."""
        account = self.account
        with self.errors(f"connecting to {account.host}:{account.port}"):
            context = self.ssl_context()
            client = imapclient.IMAPClient(
                account.host, port=account.port, ssl=account.security == "ssl",
                ssl_context=context if account.security == "ssl" else None, timeout=TIMEOUT_SECONDS)
            try:
                if account.security == "starttls":
                    if not client.has_capability("STARTTLS"):
                        raise errors.UserError(
                            f"{account.host}:{account.port} does not offer STARTTLS; set security = \"ssl\" "
                            "(usually port 993) for this account")
                    client.starttls(context)
                # imapclient otherwise converts INTERNALDATE to naive local time; keep the server's offset.
                client.normalise_times = False
                self._log_in(client)
            except BaseException:
                _shutdown(client)
                raise
        self._client = client
        log.info("logged in: %s, security %s", self.describe(), account.security)

    def _log_in(self, client: imapclient.IMAPClient) -> None:
        username, password = self.account.username, self._password
        if self._token_source is not None:
            gmail_oauth2_login(client, username, self._token_source())
        elif username.isascii() and password.isascii():
            client.login(username, password)
        elif client.has_capability("AUTH=PLAIN"):
            # LOGIN's strings are ASCII (RFC 3501; imaplib encodes them so and would raise
            # UnicodeEncodeError). SASL PLAIN carries UTF-8 (RFC 4616), which imaplib sends as such.
            client.plain_login(username, password)
        else:
            raise errors.AuthError(
                f"the username or password of account {self.account.name!r} has non-ASCII characters, which "
                f"only AUTHENTICATE PLAIN can carry, and {self.account.host} does not offer it; use security = "
                "\"ssl\" or \"starttls\" (many servers offer PLAIN only over TLS) or an ASCII password")

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.account.tls_verify:
            log.warning("account %s: tls_verify = false, the server's certificate is not checked",
                        self.account.name)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def has_capability(self, capability: str) -> bool:
        with self.errors("reading the server's capabilities"):
            return bool(self.client.has_capability(capability))

    @contextlib.contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        """Turn imapclient and socket failures into the product's error tree."""
        account = self.account
        try:
            yield
        except imapclient.exceptions.LoginError as error:
            cause = error.__context__
            if isinstance(cause, imapclient.exceptions.IMAPClientAbortError | OSError):
                # imapclient wraps every failure of LOGIN/AUTHENTICATE in LoginError, a connection dropped
                # in the middle included: that is the network's fault, not the password's.
                self._drop()
                raise errors.TransientError(
                    f"{doing} on {account.host}:{account.port} failed during the login: {_text(cause)}") from None
            if _TEMPORARY_LOGIN_FAILURE.search(_text(error)):
                # RFC 5530 [UNAVAILABLE]: the server's own trouble (e.g. Dovecot restarting), not the password
                self._drop()
                raise errors.TransientError(f"{account.host} cannot log anyone in right now ({_text(error)})") from None
            raise errors.AuthError(
                f"{account.host} refused the login of {account.username!r} for account {account.name!r} "
                f"({_text(error)}); check the username and the password ({self.password_source or 'no source'}): "
                f"run `followup-watcher login {account.name}` to store a new one") from None
        except ssl.SSLCertVerificationError as error:
            self._drop()
            raise errors.UserError(
                f"the certificate of {account.host} could not be verified ({error.verify_message}); "
                "fix the server name, install the CA certificate, or (only for a server you trust) set "
                "tls_verify = false for this account") from None
        except (imapclient.exceptions.IMAPClientAbortError, OSError) as error:
            self._drop()
            raise errors.TransientError(f"{doing} on {account.host}:{account.port} failed: {_text(error)}") from None
        except imapclient.exceptions.IMAPClientError as error:
            raise errors.TransientError(f"{doing} on {account.host}: the server said {_text(error)}") from None

    def folders(self) -> list[tuple[tuple[bytes, ...], str]]:
        """(flags, name) of every folder, from one LIST "" "*" (cached for the connection)."""
        if self._folders is None:
            with self.errors("listing folders"):
                self._folders = [(tuple(flags), str(name)) for flags, _delimiter, name in self.client.list_folders()]
        return self._folders

    def folder(self, purpose: str) -> str:
        """The folder for "inbox", "sent" or "drafts": config, then RFC 6154 special-use, then names."""
        if purpose in self._found:
            return self._found[purpose]
        names = [name for _flags, name in self.folders()]
        configured = {"inbox": self.account.inbox_folder, "sent": self.account.sent_folder,
                      "drafts": self.account.drafts_folder}[purpose]
        key = f"{purpose}_folder"
        if configured:
            if configured not in names and configured.upper() != "INBOX":
                raise errors.UserError(
                    f"account {self.account.name!r}: {key} = {configured!r}, but the server has no such folder; "
                    f"its folders: {', '.join(sorted(names))}")
            found = configured
        elif purpose == "inbox":
            found = "INBOX"  # RFC 3501 section 5.1: INBOX always exists, whatever its display name
        else:
            found = self._discover(purpose, names)
        self._found[purpose] = found
        log.debug("account %s: %s folder is %r", self.account.name, purpose, found)
        return found

    def _discover(self, purpose: str, names: list[str]) -> str:
        attribute = b"\\Sent" if purpose == "sent" else b"\\Drafts"
        for flags, name in self.folders():
            if any(flag.lower() == attribute.lower() for flag in flags):
                return name
        candidates = SENT_NAMES if purpose == "sent" else DRAFTS_NAMES
        for candidate in candidates:
            for name in names:
                if name.lower() == candidate.lower():
                    return name
        raise errors.UserError(
            f"account {self.account.name!r}: cannot tell which folder holds your {purpose} mail: no folder is "
            f"marked {attribute.decode()} (RFC 6154) and none is named {', '.join(candidates)}; "
            f"set {purpose}_folder = \"NAME\" for this account (the server's folders: {', '.join(sorted(names))})")

    def close(self) -> None:
        """Log out; safe to call more than once."""
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except (imapclient.exceptions.IMAPClientError, OSError) as error:
            log.debug("logout from %s failed (%s); closing the socket", self.account.host, error)
            _shutdown(client)

    def _drop(self) -> None:
        """Forget a connection that failed; the next use connects again."""
        client, self._client = self._client, None
        if client is not None:
            _shutdown(client)


class ImapSource:
    """`MailSource` over an `ImapConnection`; folders are only ever EXAMINEd."""

    def __init__(self, connection: ImapConnection) -> None:
        self.connection = connection

    def sync(self, role: Role, cursor: str | None, since: dt.datetime, wants_body: WantsBody) -> SyncBatch:
        connection = self.connection
        folder = connection.folder("inbox" if role is Role.INBOX else "sent")
        with connection.errors(f"reading {folder}"):
            client = connection.client
            status = client.select_folder(folder, readonly=True)
            validity = int(status[b"UIDVALIDITY"])
            previous = _read_cursor(cursor)
            if previous is not None and previous.get("folder") == folder and previous.get("uidvalidity") == validity:
                last_uid = int(previous["last_uid"])
                # "UID n:*" always matches the highest UID, even when it is below n (RFC 3501 section 6.4.8),
                # so an empty folder tail still answers with the last message: keep only UIDs above n.
                uids = sorted(uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid)
                full_resync = False
            else:
                full_resync = cursor is not None
                if full_resync:
                    log.info("%s: UIDVALIDITY or folder changed since the last sync; reading it again from %s",
                             folder, since.date().isoformat())
                # SINCE compares dates only, ignoring time and zone (RFC 3501 section 6.4.4).
                uids = sorted(client.search(["SINCE", since.date()]))
                last_uid = 0
            messages = self._fetch(client, role, uids, wants_body)
            # Everything below UIDNEXT was either returned now or, being older than `since`, skipped on
            # purpose; a message that arrived after the EXAMINE may be in `uids` already.
            highest = max([last_uid, int(status.get(b"UIDNEXT", 1)) - 1, *uids])
        new_cursor = json.dumps({"folder": folder, "uidvalidity": validity, "last_uid": highest})
        log.debug("%s: %d new messages (cursor uid %d)", folder, len(messages), highest)
        return SyncBatch(tuple(messages), new_cursor, full_resync=full_resync)

    def _fetch(self, client: imapclient.IMAPClient, role: Role, uids: Sequence[int],
               wants_body: WantsBody) -> list[Fetched]:
        items = [b"BODY.PEEK[HEADER]", b"INTERNALDATE"]
        gmail = client.has_capability("X-GM-EXT-1")
        if gmail:
            items += GMAIL_FETCH_ITEMS
        headers: dict[int, dict[bytes, Any]] = {}
        for chunk in _chunks(uids, HEADER_CHUNK):
            headers.update(client.fetch(chunk, items))
        if gmail:
            headers = gmail_read_once(role, headers)
        wanted = [uid for uid in uids if uid in headers and wants_body(bytes(headers[uid][b"BODY[HEADER]"]))]
        bodies: dict[int, bytes] = {}
        for chunk in _chunks(wanted, BODY_CHUNK):
            for uid, data in client.fetch(chunk, [b"BODY.PEEK[]"]).items():
                bodies[uid] = bytes(data[b"BODY[]"])
        fetched = []
        for uid in uids:
            data = headers.get(uid)
            if data is None:
                continue  # expunged by another client between SEARCH and FETCH
            thread = data.get(b"X-GM-THRID") if gmail else None
            body = bodies.get(uid)
            fetched.append(Fetched(
                role, body if body is not None else bytes(data[b"BODY[HEADER]"]), complete=body is not None,
                internal_date=_aware(data.get(b"INTERNALDATE")),
                provider_thread_id=str(thread) if thread is not None else None))
        return fetched

    def close(self) -> None:
        self.connection.close()


# ---------------------------------------------------------------- Gmail: XOAUTH2 and X-GM-EXT-1

# X-GM-THRID: Gmail's conversation id; X-GM-LABELS: the message's labels in every folder
# (developers.google.com/gmail/imap/imap-extensions).
GMAIL_FETCH_ITEMS = [b"X-GM-THRID", b"X-GM-LABELS"]


def gmail_oauth2_login(client: imapclient.IMAPClient, username: str, access_token: str) -> None:
    """AUTHENTICATE XOAUTH2 with an OAuth access token; a refusal raises imapclient's LoginError."""
    client.oauth2_login(username, access_token)


def gmail_read_once(role: Role, headers: dict[int, dict[bytes, Any]]) -> dict[int, dict[bytes, Any]]:
    """Drop Inbox messages that Gmail also files under Sent: the Sent sync returns them, as the user's."""
    if role is not Role.INBOX:
        return headers
    return {uid: data for uid, data in headers.items() if not _has_sent_label(data.get(b"X-GM-LABELS"))}


def _has_sent_label(labels: object) -> bool:
    if not isinstance(labels, tuple | list):
        return False
    for label in labels:
        text = label.decode("utf-8", errors="replace") if isinstance(label, bytes) else str(label)
        if text.lower() == "\\sent":
            return True
    return False


def _read_cursor(cursor: str | None) -> dict[str, Any] | None:
    if cursor is None:
        return None
    try:
        data = json.loads(cursor)
    except ValueError:
        log.warning("ignoring an unreadable IMAP cursor; reading the folder again")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("last_uid"), int):
        log.warning("ignoring an IMAP cursor of the wrong shape; reading the folder again")
        return None
    return data


def _chunks(uids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(uids), size):
        yield list(uids[start:start + size])


def _aware(value: object) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _text(error: BaseException) -> str:
    text = str(error)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text or type(error).__name__


def _shutdown(client: imapclient.IMAPClient) -> None:
    with contextlib.suppress(OSError, imapclient.exceptions.IMAPClientError):
        client.shutdown()
