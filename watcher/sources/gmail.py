"""Gmail API: the connection an account uses (`GmailConnection`) and the read-only source over it.

Roles are Gmail's system labels: the Inbox is label `INBOX`, Sent is `SENT`. Reading never changes
the mailbox: only `get` and `list` methods are called here, under the `gmail.readonly` scope.

Sync follows Google's guide (developers.google.com/gmail/api/guides/sync): a first sync lists the
label's messages since `since` and keeps the mailbox's `historyId` taken just before the listing; a
later sync asks `users.history.list` for what was added to the label after that id. History is kept
for a limited time; an expired or invalid id answers HTTP 404, and then the label is listed again
(`full_resync`). The cursor is JSON `{"label", "history_id"}`.

Messages are fetched in batches (developers.google.com/gmail/api/guides/batch): the listing reads
their headers and snippet (`format=metadata`), and only the messages triage keeps are fetched whole
(`format=raw`, base64url). The snippet is only the text's first ~200 characters: it can keep a
person's mail, never rule it out; then `peek` reads the message and gives triage its first 4 KB, as
IMAP and Maildir do, so that what is kept does not depend on the backend (issue #10). Gmail's `threadId` becomes `provider_thread_id`. A message carrying both INBOX and SENT (mail
to oneself) is read once, as Sent.

Rate limits (429, and 403 `rateLimitExceeded`/`userRateLimitExceeded`) and server errors (5xx) are
retried with exponential backoff, honouring `Retry-After` when the server sends one
(developers.google.com/gmail/api/guides/handle-errors). The sleep is injectable, for tests.

This module and `drafts/gmail.py` are the only importers of googleapiclient.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import google.auth.credentials
import google.auth.exceptions
import google_auth_httplib2  # type: ignore[import-untyped]
import httplib2  # type: ignore[import-untyped]
from googleapiclient import discovery
from googleapiclient import errors as api_errors
from googleapiclient import http as api_http

from watcher import config, errors, oauth
from watcher.model import Role
from watcher.sources import PEEK_BYTES, Fetched, Listed, Listing, peeks_one_by_one
from watcher.sources.maildir import header_block as raw_header_block

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://gmail.googleapis.com/"
USER_ID = "me"  # the authenticated user (developers.google.com/gmail/api/reference/rest/v1/users.messages/list)
ROLE_LABELS = {Role.INBOX: "INBOX", Role.SENT: "SENT"}
# "Sending batches larger than 50 requests is not recommended" (developers.google.com/gmail/api/guides/batch).
BATCH_SIZE = 50
PAGE_SIZE = 500  # the largest maxResults that messages.list and history.list accept
LISTING_CHUNK = 500  # header gets per batch of the listing (each batch request holds at most 100)
MAX_ATTEMPTS = 6
MAX_BACKOFF_SECONDS = 32.0
# A longer Retry-After is not slept through here: the daemon retries later instead of blocking.
MAX_RETRY_AFTER_SECONDS = 120.0
TIMEOUT_SECONDS = 60.0
RATE_LIMIT_REASONS = ("rateLimitExceeded", "userRateLimitExceeded")

Sleep = Callable[[float], None]
RequestFactory = Callable[[], Any]


class NotFound(errors.TransientError):
    """HTTP 404: the history id expired, or the message or draft is gone."""


class GmailConnection:
    """One authorized Gmail API client for an account, shared by the source and the draft writer.

    Google's HTTP client is not thread-safe (DESIGN.md rule 9): one connection per thread.
    """

    def __init__(self, account: config.Account, credentials: google.auth.credentials.Credentials,
                 token_source: str = "", *, sleep: Sleep = time.sleep, rng: random.Random | None = None) -> None:
        self.account = account
        self.credentials = credentials
        self.token_source = token_source
        self.endpoint = account.api_endpoint or DEFAULT_ENDPOINT
        # Google documents the Gmail batch URL as <endpoint>/batch/gmail/v1; the client's own
        # new_batch_http_request() would post to Google even when api_endpoint points elsewhere.
        self.batch_uri = self.endpoint + "batch/gmail/v1"
        self.email_address = account.username
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._service: Any = None
        self._http: Any = None

    def describe(self) -> str:
        where = "" if self.endpoint == DEFAULT_ENDPOINT else f" at {self.endpoint}"
        text = f"gmail-api {self.email_address or self.account.name}{where}"
        return f"{text} ({self.token_source})" if self.token_source else text

    @property
    def service(self) -> Any:
        """The Gmail v1 service, built from the discovery document shipped with the client (no network)."""
        if self._service is None:
            self._http = google_auth_httplib2.AuthorizedHttp(
                self.credentials, http=httplib2.Http(timeout=TIMEOUT_SECONDS, proxy_info=self._proxy_info()))
            options = {"api_endpoint": self.endpoint} if self.account.api_endpoint else None
            self._service = discovery.build("gmail", "v1", http=self._http, static_discovery=True,
                                            cache_discovery=False, client_options=options)
        return self._service

    def _proxy_info(self) -> Any:
        # httplib2 refuses every connection when a proxy is configured and PySocks is missing, even for
        # hosts in no_proxy; a loopback endpoint never needs one.
        host = self.endpoint.partition("://")[2].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")
        if host in ("127.0.0.1", "::1", "localhost"):
            return None
        return httplib2.proxy_info_from_environment

    def connect(self) -> None:
        """Check the credentials now with users.getProfile, so a bad token is reported at start."""
        profile = self.execute(lambda: self.service.users().getProfile(userId=USER_ID), "reading the Gmail profile")
        self.email_address = str(profile.get("emailAddress") or self.email_address)
        log.info("connected: %s", self.describe())

    def profile_history_id(self) -> str:
        profile = self.execute(lambda: self.service.users().getProfile(userId=USER_ID), "reading the Gmail profile")
        return str(profile["historyId"])

    def execute(self, make: RequestFactory, doing: str, *, idempotent: bool = True) -> Any:
        """Run one API request, retrying rate limits and (if `idempotent`) server and network errors."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                with self._translated(doing):
                    return make().execute()
            except _Retry as retry:
                if not (idempotent or retry.rate_limited) or attempt + 1 == MAX_ATTEMPTS:
                    raise retry.final from None
                self._wait(attempt, retry.responses, doing)
        raise AssertionError("unreachable")  # the loop returns or raises

    def batch(self, requests: Mapping[str, RequestFactory], doing: str) -> dict[str, Any]:
        """Run idempotent requests in batches; a result per key, none for keys that answered 404."""
        results: dict[str, Any] = {}
        pending = dict(requests)
        for attempt in range(MAX_ATTEMPTS):
            retry: dict[str, RequestFactory] = {}
            waits: list[Any] = []
            for chunk in _chunks(list(pending), BATCH_SIZE):
                outcomes: dict[str, tuple[Any, BaseException | None]] = {}

                def collect(request_id: str, response: Any, exception: BaseException | None,
                            outcomes: dict[str, tuple[Any, BaseException | None]] = outcomes) -> None:
                    outcomes[request_id] = (response, exception)

                def make_batch(chunk: list[str] = chunk, collect: Any = collect,
                               pending: dict[str, RequestFactory] = pending) -> Any:
                    batch = api_http.BatchHttpRequest(callback=collect, batch_uri=self.batch_uri)
                    for key in chunk:
                        batch.add(pending[key](), request_id=key)
                    return batch

                self.execute(make_batch, doing)
                for key, (response, exception) in outcomes.items():
                    if exception is None:
                        results[key] = response
                        continue
                    try:
                        with self._translated(doing):
                            raise exception
                    except NotFound:
                        log.debug("%s: %s is gone (404)", doing, key)
                    except _Retry as retry_error:
                        if attempt + 1 == MAX_ATTEMPTS:
                            raise retry_error.final from None
                        retry[key] = pending[key]
                        waits.extend(retry_error.responses)
            if not retry:
                return results
            log.debug("%s: %d of %d batched requests will be retried", doing, len(retry), len(pending))
            self._wait(attempt, waits, doing)
            pending = retry
        return results

    def _wait(self, attempt: int, responses: Sequence[Any], doing: str) -> None:
        hinted = [seconds for seconds in (_retry_after(response) for response in responses) if seconds is not None]
        if hinted:
            delay = max(hinted)
            if delay > MAX_RETRY_AFTER_SECONDS:
                raise errors.TransientError(f"{doing}: Gmail asks to wait {delay:.0f} s before the next request")
        else:
            delay = min(MAX_BACKOFF_SECONDS, 2.0 ** attempt) + self._rng.uniform(0, 1)
        log.info("%s: Gmail is busy; retrying in %.1f s", doing, delay)
        self._sleep(delay)

    def _translated(self, doing: str) -> _Translation:
        return _Translation(self, doing)

    def close(self) -> None:
        http, self._http, self._service = self._http, None, None
        if http is not None:
            http.close()


class _Retry(Exception):
    """A failure worth another attempt; `final` is what to raise when there are no attempts left."""

    def __init__(self, final: errors.WatcherError, responses: Sequence[Any] = (), rate_limited: bool = False) -> None:
        super().__init__(str(final))
        self.final = final
        self.responses = responses
        self.rate_limited = rate_limited


class _Translation:
    """Turns googleapiclient, google-auth and httplib2 failures into the product's error tree."""

    def __init__(self, connection: GmailConnection, doing: str) -> None:
        self.connection = connection
        self.doing = doing

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: object) -> None:
        if error is None:
            return
        account, doing = self.connection.account, self.doing
        if isinstance(error, api_errors.HttpError):
            raise _http_error(account, doing, error) from None
        if isinstance(error, google.auth.exceptions.RefreshError):
            raise oauth.refresh_failed(account, error) from None
        if isinstance(error, httplib2.ProxiesUnavailableError):
            raise errors.UserError(
                "a proxy is set (http_proxy/https_proxy) but PySocks is not installed, so no connection can be made; "
                "install PySocks (pip install PySocks) or unset the proxy variables") from None
        if isinstance(error, google.auth.exceptions.TransportError | httplib2.HttpLib2Error | OSError):
            raise _Retry(errors.TransientError(f"{doing} failed: {error}")) from None


def _http_error(account: config.Account, doing: str, error: api_errors.HttpError) -> BaseException:
    status = int(error.resp.status)
    reason, message = _error_detail(error)
    if status == 404:
        return NotFound(f"{doing}: not found")
    if status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS):
        return _Retry(errors.TransientError(f"{doing}: Gmail's rate limit ({status} {reason or message})"),
                      [error.resp], rate_limited=True)
    if status >= 500:
        return _Retry(errors.TransientError(f"{doing}: Gmail answered {status} ({message})"), [error.resp])
    if status == 401:
        return errors.AuthError(f"Gmail refused the token of account {account.name!r} ({message}); run "
                                f"`followup-watcher login {account.name}` again. {oauth.TESTING_HINT}")
    if status == 403 and reason in ("insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"):
        return errors.AuthError(
            f"the token of account {account.name!r} lacks a permission ({message}); run `followup-watcher login "
            f"{account.name}` again and allow both reading mail and managing drafts")
    if status == 403:
        return errors.UserError(f"{doing}: Gmail refused it ({message}); check that the Gmail API is enabled in "
                                "your Google Cloud project (README, \"Gmail\")")
    return errors.TransientError(f"{doing}: Gmail answered {status} ({message})")


def _error_detail(error: api_errors.HttpError) -> tuple[str, str]:
    """(reason, message) from Google's JSON error body (cloud.google.com/apis/design/errors)."""
    try:
        body = json.loads(error.content.decode("utf-8", errors="replace"))["error"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return "", str(getattr(error.resp, "reason", "")) or "no details"
    details = body.get("errors") or []
    reason = str(details[0].get("reason", "")) if details and isinstance(details[0], dict) else ""
    return reason or str(body.get("status", "")), str(body.get("message", "")) or "no details"


def _retry_after(response: Any) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 section 10.2.3)."""
    value = response.get("retry-after") if response is not None else None
    if not value:
        return None
    value = str(value).strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class GmailSource:
    """`MailSource` over a `GmailConnection`: the INBOX and SENT labels, read through history."""

    one_folder_at_a_time = False

    def __init__(self, connection: GmailConnection) -> None:
        self.connection = connection

    def listing(self, role: Role, cursor: str | None, since: dt.datetime) -> Listing:
        label = ROLE_LABELS[role]
        previous = _read_cursor(cursor)
        message_ids: list[str] | None = None
        full_resync = cursor is not None
        if previous is not None and previous["label"] == label:
            try:
                message_ids, history_id = self._history(label, previous["history_id"])
                full_resync = False
            except NotFound:
                log.info("%s: Gmail no longer has the history since id %s; reading the label again from %s",
                         label, previous["history_id"], since.date().isoformat())
        if message_ids is None:
            # Taken before the listing: whatever arrives during it shows up again in the next history.
            history_id = self.connection.profile_history_id()
            message_ids = self._list(label, since)
        if previous is None or message_ids:
            log.debug("%s: %d new messages (history id %s)", label, len(message_ids), history_id)
        new_cursor = json.dumps({"label": label, "history_id": history_id})
        return Listing(self._headers(role, label, message_ids), lambda: new_cursor, full_resync=full_resync,
                       total=len(message_ids))

    def _headers(self, role: Role, label: str, message_ids: list[str]) -> Iterator[list[Listed]]:
        for chunk in _chunks(message_ids, LISTING_CHUNK):
            items = self._get(chunk, "metadata", f"reading headers in {label}")
            kept = sorted((item for item in items.values() if _belongs(item, label)),
                          key=lambda item: (int(item.get("internalDate", 0)), str(item["id"])))
            yield [Listed(role, str(item["id"]), header_block(item), internal_date=internal_date(item),
                          provider_thread_id=str(item["threadId"]) if item.get("threadId") else None,
                          preview=str(item.get("snippet", "")).encode("utf-8")) for item in kept]

    def peeks(self, role: Role, batches: Iterable[Sequence[str]]) -> Iterator[dict[str, bytes]]:
        return peeks_one_by_one(self, role, batches)

    def peek(self, role: Role, refs: Sequence[str]) -> dict[str, bytes]:
        # The listing's snippet (about 200 characters) can show a job but cannot rule one out: when it
        # does not, triage asks for the body's start, the same PEEK_BYTES that IMAP and Maildir give.
        # The API has no partial read, so the message comes whole and is cut here.
        items = self._get(list(refs), "raw", "reading the start of messages")
        found = {}
        for ref, item in items.items():
            raw = decode_raw(str(item.get("raw", "")))
            found[ref] = raw[len(raw_header_block(raw)):][:PEEK_BYTES]
        return found

    def fetch(self, role: Role, refs: Sequence[str]) -> dict[str, Fetched]:
        items = self._get(list(refs), "raw", f"reading messages in {ROLE_LABELS[role]}")
        return {ref: Fetched(role, decode_raw(str(item["raw"])), internal_date=internal_date(item),
                             provider_thread_id=str(item["threadId"]) if item.get("threadId") else None)
                for ref, item in items.items() if item.get("raw")}

    def _get(self, message_ids: list[str], form: str, doing: str) -> dict[str, Any]:
        if not message_ids:
            return {}
        messages = self.connection.service.users().messages()

        def getter(message_id: str) -> RequestFactory:
            return lambda: messages.get(userId=USER_ID, id=message_id, format=form)

        return {str(key): value for key, value in
                self.connection.batch({message_id: getter(message_id) for message_id in message_ids}, doing).items()}

    def _history(self, label: str, start: str) -> tuple[list[str], str]:
        """Ids of messages added to `label` after history id `start`, and the newest history id."""
        found: dict[str, None] = {}
        token: str | None = None
        history_id = start
        while True:
            def request(token: str | None = token) -> Any:
                return self.connection.service.users().history().list(
                    userId=USER_ID, startHistoryId=start, labelId=label, historyTypes=["messageAdded", "labelAdded"],
                    maxResults=PAGE_SIZE, pageToken=token)

            page = self.connection.execute(request, f"reading the history of {label}")
            for record in page.get("history", []):
                for added in record.get("messagesAdded", []):
                    if label in added["message"].get("labelIds", [label]):
                        found[added["message"]["id"]] = None
                # A label added later counts too: the user moving mail back to the Inbox, or a draft
                # sent from Gmail, which then gets SENT.
                for added in record.get("labelsAdded", []):
                    if label in added.get("labelIds", []):
                        found[added["message"]["id"]] = None
            history_id = str(page.get("historyId", history_id))
            token = page.get("nextPageToken")
            if not token:
                return list(found), history_id

    def _list(self, label: str, since: dt.datetime) -> list[str]:
        """Ids of the label's messages received since `since` (search operator `after:` in epoch seconds)."""
        found: list[str] = []
        token: str | None = None
        query = f"after:{int(since.timestamp())}"  # support.google.com/mail/answer/7190
        while True:
            def request(token: str | None = token) -> Any:
                return self.connection.service.users().messages().list(
                    userId=USER_ID, labelIds=[label], q=query, maxResults=PAGE_SIZE, pageToken=token)

            page = self.connection.execute(request, f"listing {label}")
            found.extend(str(item["id"]) for item in page.get("messages", []))
            token = page.get("nextPageToken")
            if not token:
                return found

    def close(self) -> None:
        self.connection.close()


def _belongs(item: Mapping[str, Any], label: str) -> bool:
    labels = item.get("labelIds") or []
    if label not in labels:
        return False  # the label was removed again before we read the message
    # Mail to oneself carries INBOX and SENT: it is the user's own message, read once, from Sent.
    return not (label == "INBOX" and "SENT" in labels)


def header_block(item: Mapping[str, Any]) -> bytes:
    """The header block of a `format=metadata` message, rebuilt from `payload.headers`."""
    lines = [f"{header['name']}: {header['value']}\r\n" for header in item.get("payload", {}).get("headers", [])]
    return ("".join(lines) + "\r\n").encode("utf-8", errors="replace")


def decode_raw(value: str) -> bytes:
    """Gmail's `raw`: the RFC 5322 message in base64url, padding optional."""
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def encode_raw(message: bytes) -> str:
    return base64.urlsafe_b64encode(message).decode("ascii")


def internal_date(item: Mapping[str, Any]) -> dt.datetime | None:
    """`internalDate` is milliseconds since the epoch, as a string."""
    value = item.get("internalDate")
    if value is None:
        return None
    return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)


def _read_cursor(cursor: str | None) -> dict[str, str] | None:
    if cursor is None:
        return None
    try:
        data = json.loads(cursor)
    except ValueError:
        log.warning("ignoring an unreadable Gmail cursor; reading the label again")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("label"), str) or not str(data.get("history_id", "")).isdigit():
        log.warning("ignoring a Gmail cursor of the wrong shape; reading the label again")
        return None
    return {"label": data["label"], "history_id": str(data["history_id"])}


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
