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

import collections
import contextlib
import datetime as dt
import imaplib
import io
import itertools
import json
import logging
import re
import socket
import ssl
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, cast

import imapclient
import imapclient.exceptions

from watcher import config, errors, headers, tlsprobe
from watcher.model import Role
from watcher.sources import PART_CAP, PEEK_BYTES, WHOLE_CAP, Fetched, Listed, Listing

_TEMPORARY_LOGIN_FAILURE = re.compile(r"\[UNAVAILABLE\]|temporary authentication failure|try again later", re.I)
log = logging.getLogger(__name__)

# Well-known names, tried in this order when the server does not mark its folders with RFC 6154
# special-use attributes.
SENT_NAMES = ("Sent", "Sent Items", "Sent Messages", "[Gmail]/Sent Mail", "INBOX.Sent")
DRAFTS_NAMES = ("Drafts", "[Gmail]/Drafts", "INBOX.Drafts")
# Keeps each FETCH command line and response bounded on very large folders.
HEADER_CHUNK = 5000
# What the index reads of every message (RFC 3501 section 6.4.5, BODY.PEEK[HEADER.FIELDS (...)]).
HEADER_FIELDS = " ".join(headers.FIELDS).upper()
PEEK_CHUNK = 1000
BODY_CHUNK = 100
TIMEOUT_SECONDS = 60.0
# Connecting and reading the greeting: a TLS port asked for plain text never greets, and a hint after
# 10 s beats a silent minute (then `tlsprobe` says which setting to change).
CONNECT_SECONDS = 10.0


class ImapConnection:
    """One logged-in IMAP session for an account, opened on first use and shared by source and drafts."""

    def __init__(self, account: config.Account, password: str, password_source: str = "",
                 token_source: Callable[[], str] | None = None) -> None:
        self.account = account
        self._password = password
        self._token_source = token_source  # an OAuth access token at each connect: XOAUTH2 instead of LOGIN
        self.password_source = password_source
        self._client: imapclient.IMAPClient | None = None
        self._failed_with = ""  # how the last connect failed: "ssl" (handshake), "timeout", "refused", "other"
        self._folders: list[tuple[tuple[bytes, ...], str]] | None = None
        self._found: dict[str, str] = {}
        self._selected: tuple[str, bool, dict[bytes, Any]] | None = None  # folder, read-only, SELECT's answer
        # the highest UID each folder's last listing covered: the IDLE watch compares it with UIDNEXT
        # when it starts, so mail that came during the scan is not left waiting for the next wake-up
        self.listed: dict[str, int] = {}

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
        """Open the connection and log in; AuthError when refused, TransientError when unreachable,
        UserError (a config mistake, not retried) when the port speaks TLS and the config says it doesn't,
        or the other way round."""
        try:
            self._connect()
        except errors.TransientError as failure:
            # probed only when the failure looks like a mix-up: a TLS handshake that met plain text, or a
            # greeting that never came (a TLS port waits for our handshake); a reset or a refusal is not one
            suspect = self._failed_with == ("ssl" if self.account.security == "ssl" else "timeout")
            if failure.__class__ is errors.TransientError and suspect:
                diagnosis = tlsprobe.diagnose(self.account.host, self.account.port, self.account.security)
                if diagnosis:
                    raise errors.UserError(f"account {self.account.name!r}: {diagnosis}") from None
            raise

    def _connect(self) -> None:
        account = self.account
        self._failed_with = ""
        with self.errors(f"connecting to {account.host}:{account.port}"):
            # building a TLS context reads the system's CA store: only for connections that use TLS
            context = self.ssl_context() if account.security != "none" else None
            client = imapclient.IMAPClient(
                account.host, port=account.port, ssl=account.security == "ssl",
                ssl_context=context if account.security == "ssl" else None,
                timeout=imapclient.SocketTimeout(connect=CONNECT_SECONDS, read=TIMEOUT_SECONDS))
            try:
                if account.security == "starttls":
                    if not client.has_capability("STARTTLS"):
                        raise errors.UserError(
                            f"{account.host}:{account.port} does not offer STARTTLS; set security = \"ssl\" "
                            "(usually port 993) for this account")
                    client.starttls(context)
                # imapclient otherwise converts INTERNALDATE to naive local time; keep the server's offset.
                client.normalise_times = False
                # imapclient sets imaplib's debug level to 5 so that its logger sees every line: imaplib
                # then formats each line and each message's text (repr) for a logger that is kept at
                # WARNING here (they hold mail and secrets) — a fifth of a first scan's FETCH time
                client._imap.debug = 0  # noqa: SLF001 - imaplib beneath imapclient, as in _raw_fetch
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
                    f"account {account.name!r}: {doing} on {account.host}:{account.port} failed during the login: "
                    f"{_text(cause)}") from None
            if _TEMPORARY_LOGIN_FAILURE.search(_text(error)):
                # RFC 5530 [UNAVAILABLE]: the server's own trouble (e.g. Dovecot restarting), not the password
                self._drop()
                raise errors.TransientError(f"account {account.name!r}: {account.host} cannot log anyone in right now "
                                            f"({_text(error)})") from None
            if account.password_command:
                # `login` would store a password that password_command overrides: point at the command
                fix = (f"check the username, and the password that password_command ({account.password_command!r}) "
                       "prints: run that command in a shell and compare")
            else:
                fix = (f"check the username and the password ({self.password_source or 'no source'}): "
                       f"run `followup-watcher login {account.name}` to store a new one")
            raise errors.AuthError(
                f"account {account.name!r}: {account.host} refused the login of {account.username!r} "
                f"({_text(error)}); {fix}") from None
        except ssl.SSLCertVerificationError as error:
            self._drop()
            raise errors.UserError(
                f"account {account.name!r}: the certificate of {account.host} could not be verified ({error.verify_message}); "
                "fix the server name, install the CA certificate, or (only for a server you trust) set "
                "tls_verify = false for this account") from None
        except (imapclient.exceptions.IMAPClientAbortError, OSError) as error:
            self._drop()
            hint = ""
            if isinstance(error, TimeoutError | socket.timeout):
                self._failed_with = "timeout"
                if doing.startswith("connecting"):
                    hint = (f" — no answer within {CONNECT_SECONDS:.0f} s: check host and port (993 for security = "
                            "\"ssl\", 143 for \"starttls\"), and that a firewall lets the connection through")
            elif isinstance(error, ConnectionRefusedError):
                self._failed_with = "refused"
                hint = " — nothing listens there: check host and port"
            elif isinstance(error, ssl.SSLError):
                self._failed_with = "ssl"
            else:
                self._failed_with = "other"
            raise errors.TransientError(f"account {account.name!r}: {doing} on {account.host}:{account.port} "
                                        f"failed: {_text(error)}{hint}") from None
        except imapclient.exceptions.IMAPClientError as error:
            raise errors.TransientError(f"account {account.name!r}: {doing} on {account.host}: the server said "
                                        f"{_text(error)}") from None

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
        configured = {"inbox": self.account.inbox_folder, "sent": self.account.sent_folder,
                      "drafts": self.account.drafts_folder}[purpose]
        if purpose == "inbox" and (not configured or configured.upper() == "INBOX"):
            # RFC 3501 section 5.1: INBOX always exists, whatever its display name. No LIST for it:
            # Dovecot answers a STATUS of INBOX that follows a LIST in the same session by syncing the
            # whole folder again (a quarter of a second on 80,000 messages, against under a millisecond)
            self._found[purpose] = configured or "INBOX"
            return self._found[purpose]
        names = [name for _flags, name in self.folders()]
        key = f"{purpose}_folder"
        if configured:
            if configured not in names and configured.upper() != "INBOX":
                raise errors.UserError(
                    f"account {self.account.name!r}: {key} = {configured!r}, but the server has no such folder; "
                    f"its folders: {', '.join(sorted(names))}")
            found = configured
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

    def select(self, folder: str, readonly: bool = True, fresh: bool = False) -> dict[bytes, Any]:
        """SELECT (or EXAMINE, `readonly`) `folder`, unless it is selected already in that mode; `fresh`
        always asks the server (for current UIDNEXT and EXISTS). Every module selects through here,
        so the connection knows what is selected."""
        client = self.client
        current = self._selected
        if not fresh and current is not None and current[:2] == (folder, readonly) \
                and client._imap.state == "SELECTED":  # noqa: SLF001 - imapclient keeps no public record of it
            return current[2]
        self._selected = None
        answer = dict(client.select_folder(folder, readonly=readonly))
        self._selected = (folder, readonly, answer)
        return answer

    def deselect(self) -> bool:
        """Leave the selected folder without expunging anything (UNSELECT, RFC 3691); False when impossible."""
        client = self.client
        if client._imap.state != "SELECTED":  # noqa: SLF001 - see select()
            return True
        if not client.has_capability("UNSELECT"):
            return False
        client.unselect_folder()
        self._selected = None
        return True

    def close(self) -> None:
        """Log out; safe to call more than once."""
        self._selected = None
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
        self._selected = None
        client, self._client = self._client, None
        if client is not None:
            _shutdown(client)


class ImapSource:
    """`MailSource` over an `ImapConnection`; folders are only ever EXAMINEd.

    A ref is "UIDVALIDITY:UID", so a ref from before the folder's UIDs were renumbered is known stale.
    The bulk header listing reads the server's answer with imaplib, beneath imapclient: imapclient's
    response parser costs about five times the transfer on a 100,000-message folder, and a header
    listing needs none of what it parses.

    Long reads are pipelined (`_raw_fetches`): the next chunk's UID FETCH is sent before the current
    answer is read and handed on, so the server prepares it while we read and the caller works (the
    listing's chunks while sync indexes the previous one; `peeks` across a caller's batches). Between
    two chunks of a listing, or two batches of `peeks`, the caller must not use the connection.
    """

    one_folder_at_a_time = True  # see MailSource

    def __init__(self, connection: ImapConnection) -> None:
        self.connection = connection
        # folder -> (UIDVALIDITY, UIDNEXT) that a STATUS of this same run saw moments ago (the
        # launcher's quiet look, quiet.py): the listing takes it instead of asking again, once
        self.status_seen: dict[str, tuple[int, int]] = {}

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        connection = self.connection
        folder = connection.folder("inbox" if role is Role.INBOX else "sent")
        previous = _read_cursor(cursor)
        if previous is not None and previous.get("folder") != folder:
            previous = None
        with connection.errors(f"reading {folder}"):
            client = connection.client
            seen = self.status_seen.pop(folder, None)
            if previous is not None and (seen is not None or connection.deselect()):
                # STATUS costs the server nothing on an unchanged folder: a scan with no news stops here.
                # It is only exact for a folder that is not selected (RFC 3501 section 6.3.10).
                if seen is None:
                    status = client.folder_status(folder, [b"UIDNEXT", b"UIDVALIDITY"])
                    seen = int(status[b"UIDVALIDITY"]), int(status[b"UIDNEXT"])
                if seen[0] == previous.get("uidvalidity") and seen[1] - 1 <= int(previous["last_uid"]):
                    unchanged = str(cursor)
                    connection.listed[folder] = int(previous["last_uid"])
                    return Listing((), lambda: unchanged, total=0)
            selected = connection.select(folder, fresh=True)
            validity = int(selected[b"UIDVALIDITY"])
            full_resync = False
            if previous is not None and previous.get("uidvalidity") == validity:
                last_uid = int(previous["last_uid"])
                # "UID n:*" always matches the highest UID, even when it is below n (RFC 3501 section 6.4.8),
                # so an empty folder tail still answers with the last message: keep only UIDs above n.
                uids = sorted(uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid)
            else:
                full_resync = cursor is not None
                if full_resync:
                    log.info("%s: UIDVALIDITY or folder changed since the last sync; reading it again from %s",
                             folder, since.date().isoformat())
                # SINCE compares dates only, ignoring time and zone (RFC 3501 section 6.4.4).
                uids = sorted(client.search(["SINCE", since.date()]))
                last_uid = 0
            gmail = client.has_capability("X-GM-EXT-1")
            # Everything below UIDNEXT was either listed now or, being older than `since`, skipped on
            # purpose; a message that arrived after the EXAMINE may be in `uids` already.
            highest = max([last_uid, int(selected.get(b"UIDNEXT", 1)) - 1, *uids])
        new_cursor = json.dumps({"folder": folder, "uidvalidity": validity, "last_uid": highest})
        connection.listed[folder] = highest
        log.debug("%s: %d new messages (cursor uid %d)", folder, len(uids), highest)
        return Listing(self._headers(role, folder, validity, uids, gmail), lambda: new_cursor,
                       full_resync=full_resync, total=len(uids))

    def _headers(self, role: Role, folder: str, validity: int, uids: Sequence[int], gmail: bool) -> Iterator[list[Listed]]:
        items = f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})]"
        items += " X-GM-THRID X-GM-LABELS)" if gmail else ")"
        doing = f"reading {folder}"
        # the next chunk is asked for before this one is handed on: Dovecot reads it while the caller
        # indexes this one (the caller uses no IMAP between chunks)
        for answers in self._pipelined(list(_chunks(uids, HEADER_CHUNK)), items, doing):
            listed = []
            for uid, prefix, literal in answers:
                if gmail and role is Role.INBOX and _GM_SENT_LABEL.search(prefix):
                    continue  # Gmail files mail to oneself under Sent too: it is read once, from there
                thread = _GM_THRID.search(prefix) if gmail else None
                listed.append(Listed(role, f"{validity}:{uid}", literal, internal_date=_internal_date(prefix),
                                     provider_thread_id=thread.group(1).decode() if thread else None))
            yield listed

    def _pipelined(self, chunks: Iterable[Sequence[int]], items: str,
                   doing: str) -> Iterator[list[tuple[int, bytes, bytes]]]:
        """`_raw_fetches` of `chunks` with the connection's error handling, chunk by chunk. When the
        caller stops early, the FETCH sent ahead is read to its end, so the connection can go on; if
        that fails, the connection is dropped (the next use connects again) and nothing is raised."""
        ahead = iter(chunks)
        first = next(ahead, None)
        if first is None:
            return  # no command: the connection is not even asked for, as before
        connection = self.connection
        with connection.errors(doing):
            client = connection.client
            answers = _raw_fetches(client, itertools.chain([first], ahead), items)
        try:
            while True:
                with connection.errors(doing):
                    chunk = next(answers, None)
                if chunk is None:
                    return
                yield chunk
        finally:
            if connection._client is client:  # noqa: SLF001 - the connection's own record of its client
                with contextlib.suppress(errors.TransientError), connection.errors(doing):
                    answers.close()
            else:
                with contextlib.suppress(imaplib.IMAP4.error, OSError):
                    answers.close()  # dropped meanwhile: nothing to read on it

    def peek(self, role: Role, refs: Sequence[str]) -> dict[str, bytes]:
        uids = self._select(role, refs)
        found: dict[str, bytes] = {}
        items = f"(UID BODY.PEEK[TEXT]<0.{PEEK_BYTES}>)"
        for answers in self._pipelined(list(_chunks(sorted(uids), PEEK_CHUNK)), items,
                                       "reading the start of messages"):
            found.update((uids[uid], literal) for uid, _, literal in answers if uid in uids)
        return found

    def peeks(self, role: Role, batches: Iterable[Sequence[str]]) -> Iterator[dict[str, bytes]]:
        """`peek` of each batch of refs in turn, the same answers, for a caller that can tell its next
        batch before it works on the current answers: the next batch's first FETCH is sent before this
        batch's answers are handed on, so the server reads those messages while the caller works. The
        iterable is read one batch ahead; the caller uses no IMAP between two batches."""
        items = f"(UID BODY.PEEK[TEXT]<0.{PEEK_BYTES}>)"
        pending: collections.deque[_Batch] = collections.deque()

        def chunks() -> Iterator[list[int]]:
            for refs in batches:
                # selects only once: the folder stays selected, so later batches send no command; a
                # batch with nothing to ask (starts read already) opens no folder
                uids = self._select(role, refs) if refs else {}
                parts = list(_chunks(sorted(uids), PEEK_CHUNK))
                pending.append(_Batch(uids, len(parts)))
                yield from parts

        for answers in self._pipelined(chunks(), items, "reading the start of messages"):
            while not pending[0].left:
                yield pending.popleft().found  # a batch with nothing to ask for, before this one
            batch = pending[0]
            batch.found.update((batch.uids[uid], literal) for uid, _, literal in answers if uid in batch.uids)
            batch.left -= 1
            if not batch.left:
                yield pending.popleft().found
        while pending:
            yield pending.popleft().found

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        uids = self._select(role, refs)
        found: dict[str, Fetched] = {}
        with self.connection.errors("reading messages"):
            client = self.connection.client
            sizes = {}
            for chunk in _chunks(sorted(uids), HEADER_CHUNK):
                sizes.update({uid: int(data.get(b"RFC822.SIZE", 0)) for uid, data in client.fetch(chunk, ["RFC822.SIZE"]).items()})
            whole = [uid for uid in sorted(sizes) if sizes[uid] <= WHOLE_CAP]
            # Gmail's conversation id goes with the message, as over the Gmail API: threads and
            # processes see the same evidence on both (issue #10)
            gmail = client.has_capability("X-GM-EXT-1")
            items = "(UID INTERNALDATE X-GM-THRID BODY.PEEK[])" if gmail else "(UID INTERNALDATE BODY.PEEK[])"
        for answers in self._pipelined(list(_chunks(whole, BODY_CHUNK)), items, "reading messages"):
            for uid, prefix, literal in answers:
                if uid in uids:
                    thread = _GM_THRID.search(prefix) if gmail else None
                    found[uids[uid]] = Fetched(role, literal, internal_date=_internal_date(prefix),
                                               provider_thread_id=thread.group(1).decode() if thread else None)
        with self.connection.errors("reading messages"):
            client = self.connection.client
            for uid in sorted(set(sizes) - set(whole)):
                raw = _text_parts(client, uid)
                if raw is not None:
                    found[uids[uid]] = Fetched(role, raw)
        return found

    def _select(self, role: Role, refs: Sequence[str]) -> dict[int, str]:
        """Select `role`'s folder; the UIDs of `refs` that are still valid there, mapped back to their refs."""
        folder = self.connection.folder("inbox" if role is Role.INBOX else "sent")
        with self.connection.errors(f"reading {folder}"):
            validity = int(self.connection.select(folder)[b"UIDVALIDITY"])
        found = {}
        for ref in refs:
            ref_validity, _, uid = ref.partition(":")
            if ref_validity == str(validity) and uid.isdigit():
                found[int(uid)] = ref
        return found

    def close(self) -> None:
        self.connection.close()


class _Batch:
    """One batch of `ImapSource.peeks`: its UIDs (to their refs), chunks still to be read, answers so far."""

    __slots__ = ("uids", "left", "found")

    def __init__(self, uids: dict[int, str], left: int) -> None:
        self.uids = uids
        self.left = left
        self.found: dict[str, bytes] = {}


_FETCH_UID = re.compile(rb"\bUID (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')
_GM_THRID = re.compile(rb"X-GM-THRID (\d+)")
# X-GM-THRID: Gmail's conversation id; X-GM-LABELS: the message's labels in every folder, `"\\Sent"`
# among them for mail to oneself (developers.google.com/gmail/imap/imap-extensions).
_GM_SENT_LABEL = re.compile(rb'X-GM-LABELS \([^)]*"?\\\\?Sent\b', re.I)


def _raw_fetch(client: imapclient.IMAPClient, uids: Sequence[int], items: str) -> list[tuple[int, bytes, bytes]]:
    """UID FETCH through imaplib: (uid, the response's items around the literal, the literal) per message.

    A message expunged since the SEARCH simply does not answer; unsolicited FETCH responses (flag
    changes by another client) carry no literal and are skipped.
    """
    imap = client._imap  # noqa: SLF001 - imaplib beneath imapclient; see ImapSource
    kind, data = _uid_fetch(imap, _uid_set(uids), items)
    if kind != "OK":
        raise imapclient.exceptions.IMAPClientError(f"FETCH failed: {data!r}")
    return _answers(data)


def _answers(data: list[Any]) -> list[tuple[int, bytes, bytes]]:
    """(uid, prefix, literal) of each response of a FETCH answer that carries a literal and a UID."""
    answers = []
    for index, item in enumerate(data):
        if not isinstance(item, tuple) or len(item) != 2:
            continue
        prefix, literal = bytes(item[0]), bytes(item[1])
        following = data[index + 1] if index + 1 < len(data) else b""
        if isinstance(following, bytes):
            prefix += b" " + following  # items after the literal, e.g. X-GM-THRID on some servers
        uid = _FETCH_UID.search(prefix)
        if uid is not None:
            answers.append((int(uid.group(1)), prefix, literal))
    return answers


def _raw_fetches(client: imapclient.IMAPClient, chunks: Iterable[Sequence[int]],
                 items: str) -> Generator[list[tuple[int, bytes, bytes]], None, None]:
    """`_raw_fetch` of each chunk in turn, the same answers, with the next chunk's UID FETCH always
    sent before the current chunk's answer is read: the server produces chunk k+1 while we read
    chunk k and while the caller works on it between two `next()` (RFC 3501 section 5.5 allows
    several commands in flight). One command ahead at most: what waits is in the kernel's socket
    buffers, not in our memory. The caller must not use the connection between two `next()`.
    `chunks` (non-empty lists of UIDs) is read one chunk ahead.

    Errors are those of `_raw_fetch`, at the same chunk. After a NO or BAD answer, or when the
    generator is closed early, the connection is left as the unpipelined reading would leave it: the
    command sent ahead is read to its end and its answers dropped. A dropped connection raises
    imaplib's abort, from `next()` or from `close()`.
    """
    imap = client._imap  # noqa: SLF001 - imaplib beneath imapclient; see ImapSource
    ahead = iter(chunks)
    chunk = next(ahead, None)
    if chunk is None:
        return
    if not _readable(imap):
        while chunk is not None:  # an odd state or transport: imaplib's reading, one command at a time
            yield _raw_fetch(client, chunk, items)
            chunk = next(ahead, None)
        return
    in_flight = [imap._command("UID", "FETCH", _uid_set(chunk), items)]  # noqa: SLF001
    carried: list[tuple[int, bytes, bytes]] = []
    unsent: imaplib.IMAP4.abort | None = None
    for index in itertools.count():
        if chunk is None:
            return
        try:
            following = next(ahead, None)  # the caller's own code may run here (see ImapSource.peeks)
        except BaseException:
            if not imap.file.closed:
                with contextlib.suppress(imap.error, OSError):
                    _drain(imap, in_flight)
            raise
        if unsent is not None:
            _forget_statuses(imap)
            raise unsent  # where the unpipelined reading failed to send it: after the previous chunk
        try:
            if following is not None:
                # imaplib's sending also forgets earlier untagged OK/NO/BAD, as when this command was
                # sent after the previous chunk's answer (which has been read by now)
                try:
                    in_flight.append(imap._command("UID", "FETCH", _uid_set(following), items))  # noqa: SLF001
                except imap.abort as failure:
                    # the server may have closed the connection after a complete answer to this
                    # chunk: that answer is read, and the failure raised at the next chunk
                    unsent = failure
            elif index > 0:
                _forget_statuses(imap)
            kind, data = _read_fetch(imap, in_flight.pop(0))
            if kind != "OK":
                raise imapclient.exceptions.IMAPClientError(f"FETCH failed: {data!r}")
        except imap.abort:
            raise  # the connection is gone: nothing more to read
        except imap.error:
            _drain(imap, in_flight)
            raise
        answers = _answers(data)
        del data  # not kept while the next chunk is read
        early: list[tuple[int, bytes, bytes]] = []
        if following is not None:
            # a server that runs both commands at once may answer for some of the next chunk's
            # messages before this command's completion: those go with the next chunk, as unpipelined
            current = set(chunk)
            if any(uid not in current for uid, _, _ in answers):
                upcoming = set(following) - current
                early = [answer for answer in answers if answer[0] in upcoming]
                answers = [answer for answer in answers if answer[0] not in upcoming]
        if carried:
            answers = carried + answers
        carried = early
        try:
            yield answers
        except GeneratorExit:
            if not imap.file.closed:  # not dropped meanwhile (a closed file cannot be read)
                _drain(imap, in_flight)
            raise
        chunk = following


def _readable(imap: imaplib.IMAP4) -> bool:
    """Whether `_read_fetch` can read this connection's FETCH answers: a plain imaplib over a buffered
    socket file, in a state where FETCH is allowed (else imaplib reads them, as it would)."""
    return imap.state in imaplib.Commands["FETCH"] and isinstance(imap.file, io.BufferedReader) \
        and type(imap).readline is imaplib.IMAP4.readline and type(imap).read is imaplib.IMAP4.read


def _forget_statuses(imap: imaplib.IMAP4) -> None:
    """What imaplib's `_command` does to earlier untagged OK, NO and BAD responses on sending a command."""
    for kind in ("OK", "NO", "BAD"):
        imap.untagged_responses.pop(kind, None)


def _drain(imap: imaplib.IMAP4, tags: list[bytes]) -> None:
    """Read FETCH commands sent ahead to their end and drop their answers: the untagged FETCH
    responses are left as they were (a NO keeps the failed command's answers there, as imaplib does)."""
    untagged = imap.untagged_responses
    before = untagged.get("FETCH")
    kept = list(before) if before is not None else None
    while tags:
        try:
            _read_fetch(imap, tags.pop(0))
        except imap.abort:
            raise
        except imap.error:
            pass  # its BAD: the first failure is the one reported
    if kept is None:
        untagged.pop("FETCH", None)
    else:
        untagged["FETCH"] = kept


# The start of an untagged FETCH response (RFC 3501 section 7.4.2: "*" SP nz-number SP "FETCH" SP msg-att),
# as imaplib's Untagged_status pattern reads it: its type FETCH, the rest of the line its data.
_FETCH_START = re.compile(rb"\* (\d+) FETCH ")


def _uid_fetch(imap: imaplib.IMAP4, uid_set: str, items: str) -> tuple[str, list[Any]]:
    """`imap.uid("FETCH", uid_set, items)`, the same answer read in a quarter of the time.

    imaplib reads a response line by line, each through three regular expressions, a log entry
    (the repr of the line) and several method calls: on a 100,000-message header listing that is
    most of the listing's CPU. Here the untagged FETCH responses (`* n FETCH ...`, with their
    literals) are read straight from the socket's buffer into imaplib's own untagged_responses, as
    imaplib would store them; any other response (the tagged completion, EXISTS, EXPUNGE, BYE, a
    FETCH line split by the buffer's end, a line without CRLF...) is left to imaplib's `_get_response`,
    which has not read a byte of it yet: the buffer is only peeked at to tell which one comes.
    """
    if not _readable(imap):
        return imap.uid("FETCH", uid_set, items)  # an odd state or transport: imaplib all the way
    tag = imap._command("UID", "FETCH", uid_set, items)  # noqa: SLF001 - imaplib sends it as always
    return _read_fetch(imap, tag)


def _read_fetch(imap: imaplib.IMAP4, tag: bytes) -> tuple[str, list[Any]]:
    """The answer to the UID FETCH sent as `tag`, as `imap.uid` returns it (see `_uid_fetch`). Other
    commands may be in flight behind it: their responses are read only as far as they come first."""
    assert isinstance(imap.file, io.BufferedReader)  # see _readable
    peek, read, readline = imap.file.peek, imap.file.read, imap.readline
    untagged = imap.untagged_responses
    tagged = imap.tagged_commands
    try:
        imap._check_bye()  # noqa: SLF001
        while tagged[tag] is None:
            start = _FETCH_START.match(peek(64))
            if start is None:
                imap._get_response()  # noqa: SLF001 - not a FETCH: imaplib reads it
                imap._check_bye()  # noqa: SLF001
                continue
            line = _line(imap, readline())
            rest = line[start.end():]
            data: bytes = start.group(1) + b" " + rest if rest else start.group(1)
            fetched = untagged.get("FETCH")
            if fetched is None:
                fetched = untagged["FETCH"] = []
            while data.endswith(b"}"):  # imaplib's Literal: a line that ends with {size}
                brace = data.rfind(b"{")
                size = data[brace + 1:-1]
                if brace < 0 or not size.isdigit():
                    break
                fetched.append((data, read(int(size))))
                data = _line(imap, readline())  # what follows the literal; maybe another literal
            fetched.append(data)
        # imaplib stores the completion as (type, [text]); typeshed types the dict's values as bytes
        kind, answer = cast(tuple[str, list[bytes]], tagged.pop(tag))
    except imap.abort as failure:
        raise imap.abort(f"command: UID => {failure}") from None
    except imap.error as failure:
        raise imap.error(f"command: UID => {failure}") from None
    imap._check_bye()  # noqa: SLF001
    if kind == "BAD":
        raise imap.error(f"UID command error: {kind} {answer}")
    return imap._untagged_response(kind, answer, "FETCH")  # type: ignore[no-any-return]  # noqa: SLF001


def _line(imap: imaplib.IMAP4, line: bytes) -> bytes:
    """A response line without its CRLF, failing as imaplib's `_get_line` does."""
    if not line:
        raise imap.abort("socket error: EOF")
    if not line.endswith(b"\r\n"):
        raise imap.abort(f"socket error: unterminated line: {line!r}")
    return line[:-2]


def _uid_set(uids: Sequence[int]) -> str:
    """A compact UID set: runs of consecutive UIDs as ranges (RFC 3501 section 9, sequence-set)."""
    ordered = sorted(set(uids))
    runs: list[str] = []
    start = previous = ordered[0]
    for uid in ordered[1:] + [0]:
        if uid == previous + 1:
            previous = uid
            continue
        runs.append(f"{start}:{previous}" if previous > start else str(start))
        start = previous = uid
    return ",".join(runs)


def _internal_date(prefix: bytes) -> dt.datetime | None:
    match = _INTERNALDATE.search(prefix)
    if match is None:
        return None
    # RFC 3501 date-time as servers write it, "17-Jul-1996 02:44:25 -0700": one regular expression,
    # and each zone made once
    parts = _DATE_TIME.fullmatch(match.group(1))
    number = _MONTHS.get(parts.group(2).decode("ascii").lower()) if parts is not None else None
    if parts is not None and number is not None:
        day, _, year, hour, minute, second, zone = parts.groups()
        try:
            tzinfo = _ZONES.get(zone) or _ZONES.setdefault(zone, _zone(zone))
            return dt.datetime(int(year), number, int(day), int(hour), int(minute), int(second), tzinfo=tzinfo)
        except ValueError:
            pass  # a zone or a time out of range: as the general reading below says
    text = match.group(1).decode("ascii").strip()
    try:
        # anything else read by slicing (strptime took 25 us a message, a tenth of indexing one)
        day, month, rest = text.split("-", 2)
        year, clock, zone = rest.split(" ")
        hour, minute, second = clock.split(":")
        sign = -1 if zone[0] == "-" else 1
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        if zone[0] not in "+-" or len(zone) != 5:
            raise ValueError(zone)
        return dt.datetime(int(year), _MONTHS[month.lower()], int(day), int(hour), int(minute), int(second),
                           tzinfo=dt.timezone(sign * offset))
    except (ValueError, KeyError, IndexError):
        try:
            return dt.datetime.strptime(text, "%d-%b-%Y %H:%M:%S %z")
        except ValueError:
            return None


def _zone(zone: bytes) -> dt.timezone:
    """A "+hhmm" zone, as the general reading of a date-time makes it (ValueError out of range)."""
    offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    return dt.timezone(-offset if zone[:1] == b"-" else offset)


_DATE_TIME = re.compile(rb" ?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})")
_ZONES: dict[bytes, dt.timezone] = {}
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _text_parts(client: imapclient.IMAPClient, uid: int) -> bytes | None:
    """A large message rebuilt from its header and its text and calendar parts only, each cut at
    PART_CAP: attachments are never downloaded (RFC 3501 section 6.4.5, BODY[section]<partial>)."""
    data = client.fetch([uid], ["BODYSTRUCTURE", "BODY.PEEK[HEADER]"]).get(uid)
    if data is None:
        return None
    header = bytes(data.get(b"BODY[HEADER]", b""))
    structure = data.get(b"BODYSTRUCTURE")
    sections = _readable_sections(structure, "") if structure is not None else []
    if not sections:
        text = client.fetch([uid], [f"BODY.PEEK[TEXT]<0.{PART_CAP}>"]).get(uid, {})
        return header + bytes(text.get(b"BODY[TEXT]<0>", b""))
    items = [f"BODY.PEEK[{section}.MIME]" for section in sections] + [
        f"BODY.PEEK[{section}]<0.{PART_CAP}>" for section in sections]
    parts = client.fetch([uid], items).get(uid, {})
    boundary = f"followup-watcher-{uid}-parts"
    out = [_without_content_headers(header), f"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; "
           f'boundary="{boundary}"\r\n\r\n'.encode()]
    for section in sections:
        mime = bytes(parts.get(f"BODY[{section}.MIME]".encode(), b""))
        body = bytes(parts.get(f"BODY[{section}]<0>".encode(), b""))
        out += [f"--{boundary}\r\n".encode(), mime or b"Content-Type: text/plain\r\n\r\n", body, b"\r\n"]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def _readable_sections(structure: Any, prefix: str) -> list[str]:
    """Section numbers of the text/plain, text/html and text/calendar leaves of a BODYSTRUCTURE."""
    if structure.is_multipart:
        found = []
        for number, part in enumerate(structure[0], start=1):
            found += _readable_sections(part, f"{prefix}{number}.")
        return found
    kind = (_lower(structure[0]), _lower(structure[1]))
    if kind in {("text", "plain"), ("text", "html"), ("text", "calendar"), ("application", "ics")} and prefix:
        return [prefix.rstrip(".")]
    return []


def _lower(value: object) -> str:
    return value.decode("ascii", errors="replace").lower() if isinstance(value, bytes) else str(value).lower()


def _without_content_headers(header: bytes) -> bytes:
    """A header block without the fields that describe the original body's MIME structure."""
    kept: list[bytes] = []
    dropping = False
    for line in header.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower()
        dropping = name in (b"content-type", b"content-transfer-encoding", b"mime-version")
        if not dropping and line.strip():
            kept.append(line)
    return b"".join(kept)


# ---------------------------------------------------------------- Gmail: XOAUTH2 and X-GM-EXT-1


def gmail_oauth2_login(client: imapclient.IMAPClient, username: str, access_token: str) -> None:
    """AUTHENTICATE XOAUTH2 with an OAuth access token; a refusal raises imapclient's LoginError."""
    client.oauth2_login(username, access_token)


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


def _text(error: BaseException) -> str:
    text = str(error)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text or type(error).__name__


def _shutdown(client: imapclient.IMAPClient) -> None:
    with contextlib.suppress(OSError, imapclient.exceptions.IMAPClientError):
        client.shutdown()
