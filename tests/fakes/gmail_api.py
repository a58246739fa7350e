"""A local Gmail API and Google OAuth server on 127.0.0.1, for driving google-api-python-client for real.

It implements the REST endpoints the product uses, with the JSON shapes of Gmail's reference
(developers.google.com/gmail/api/reference/rest): `users.getProfile`, `users.labels.list`,
`users.messages.list/get` (formats raw, metadata, minimal; `q` with `after:` and `rfc822msgid:`),
`users.history.list` (404 for an expired start id), `users.drafts.list/get/create/delete`, the batch
endpoint (multipart/mixed of application/http parts), and OAuth's authorization and token endpoints
(authorization code with PKCE, refresh token). Every request must carry a bearer token the token
endpoint issued. Faults (429 with Retry-After, 5xx) can be scheduled per path, also inside batches.

Send endpoints answer 403 and are recorded, so a test can prove they were never called. The test
arranges mail through `deliver`, `add_user_draft` and friends: what delivery or the user's own Gmail
would do, without going through the code under test.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import email.parser
import email.policy
import email.utils
import functools
import hashlib
import http.server
import itertools
import json
import re
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

SYSTEM_LABELS = ("INBOX", "SENT", "DRAFT", "SPAM", "TRASH", "UNREAD", "STARRED", "IMPORTANT", "CHAT",
                 "CATEGORY_PERSONAL", "CATEGORY_SOCIAL", "CATEGORY_PROMOTIONS", "CATEGORY_UPDATES", "CATEGORY_FORUMS")
_MESSAGE_ID = re.compile(r"<[^<>]+>")


@dataclasses.dataclass
class StoredMessage:
    id: str
    thread_id: str
    raw: bytes
    labels: list[str]
    internal_date: int  # milliseconds since the epoch
    history_id: int

    def header(self, name: str) -> str:
        return str(_headers(self.raw).get(name) or "")

    def message_id(self) -> str:
        found = _MESSAGE_ID.search(self.header("Message-ID"))
        return found.group(0) if found else ""


@dataclasses.dataclass
class Fault:
    pattern: re.Pattern[str]
    status: int
    times: int
    retry_after: str | None
    reason: str


@dataclasses.dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    in_batch: bool


class FakeGmail:
    """One Gmail mailbox behind a loopback HTTP server; start(), use `url`, stop()."""

    def __init__(self, email_address: str = "candidate@example.org") -> None:
        self.email_address = email_address
        self.lock = threading.RLock()
        self.messages: dict[str, StoredMessage] = {}
        self.drafts: dict[str, str] = {}  # draft id -> message id
        self.history: list[dict[str, Any]] = []
        self.history_id = 4100
        self.oldest_history_id = self.history_id
        self.page_size = 500
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.client_id = "fw-test.apps.googleusercontent.com"
        self.client_secret = "fw-test-secret"
        self.access_tokens: set[str] = set()
        self.refresh_tokens: dict[str, tuple[str, ...]] = {}  # token -> scopes
        self.codes: dict[str, dict[str, str]] = {}
        self.granted_scopes: tuple[str, ...] | None = None  # None: whatever was asked
        self.token_requests = 0
        self.expires_in = 3599  # seconds an access token lasts, as Google's token endpoint says
        self.access_token_value: Callable[[], str] | None = None  # e.g. a Dovecot password
        self._numbers = itertools.count(1)
        self._server: http.server.ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    def start(self) -> FakeGmail:
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-gmail", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self._server = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_port}/"

    def client_secrets(self) -> dict[str, Any]:
        """A "Desktop app" client JSON, as the Google Cloud console downloads it, pointing here."""
        return {"installed": {
            "client_id": self.client_id, "project_id": "fw-test", "auth_uri": self.url + "o/oauth2/auth",
            "token_uri": self.url + "token", "auth_provider_x509_cert_url": self.url + "certs",
            "client_secret": self.client_secret, "redirect_uris": ["http://localhost"]}}

    def issue_refresh_token(self, scopes: tuple[str, ...]) -> str:
        with self.lock:
            token = f"1//fw-refresh-{next(self._numbers)}"
            self.refresh_tokens[token] = scopes
            return token

    def expire_access_tokens(self) -> None:
        """Every access token handed out so far stops working (they last an hour at Google)."""
        with self.lock:
            self.access_tokens.clear()

    # ------------------------------------------------------------ arranging the mailbox

    def _next_history(self) -> int:
        self.history_id += next(self._numbers) % 7 + 1  # increasing, not contiguous, as Google says
        return self.history_id

    def deliver(self, raw: bytes, labels: tuple[str, ...] = ("INBOX", "UNREAD")) -> str:
        """A message arrives (or is sent): stored with `labels`, threaded by References like Gmail."""
        with self.lock:
            number = next(self._numbers)
            message_id = f"{0x18f0000000000000 + number * 4099:x}"
            thread_id = self._thread_for(raw) or message_id
            history = self._next_history()
            stored = StoredMessage(message_id, thread_id, raw, list(labels), _internal_date(raw, number), history)
            self.messages[message_id] = stored
            self.history.append({"id": str(history), "messages": [_brief(stored)],
                                 "messagesAdded": [{"message": _brief(stored)}]})
            return message_id

    def _thread_for(self, raw: bytes, requested: str | None = None) -> str | None:
        headers = _headers(raw)
        linked = _MESSAGE_ID.findall(str(headers.get("In-Reply-To") or "") + " " + str(headers.get("References") or ""))
        subject = _bare_subject(str(headers.get("Subject") or ""))
        for stored in self.messages.values():
            fits = stored.message_id() in linked and _bare_subject(stored.header("Subject")) == subject
            if fits and (requested is None or stored.thread_id == requested):
                return stored.thread_id
        return None

    def add_labels(self, message_id: str, labels: tuple[str, ...]) -> None:
        with self.lock:
            stored = self.messages[message_id]
            new = [label for label in labels if label not in stored.labels]
            stored.labels += new
            stored.history_id = self._next_history()
            self.history.append({"id": str(stored.history_id), "messages": [_brief(stored)],
                                 "labelsAdded": [{"message": _brief(stored), "labelIds": new}]})

    def add_user_draft(self, raw: bytes, trashed: bool = False) -> str:
        """A draft the user wrote in Gmail (in Trash when `trashed`)."""
        message_id = self.deliver(raw, ("DRAFT", "TRASH") if trashed else ("DRAFT",))
        with self.lock:
            draft_id = f"r-{next(self._numbers)}{message_id[-6:]}"
            self.drafts[draft_id] = message_id
            return draft_id

    def edit_draft(self, draft_id: str, raw: bytes) -> str:
        """The user edits a draft in Gmail: the draft keeps its id, its message is a new one."""
        with self.lock:
            old = self.messages.pop(self.drafts[draft_id])
            message_id = self.deliver(raw, ("DRAFT",))
            self.messages[message_id].thread_id = old.thread_id
            self.drafts[draft_id] = message_id
            return message_id

    def expire_history(self) -> None:
        """Gmail keeps history for a limited time: every id given out so far becomes invalid."""
        with self.lock:
            self.oldest_history_id = self._next_history()
            self.history = []

    def fail(self, pattern: str, status: int, times: int = 1, retry_after: str | None = None,
             reason: str = "") -> None:
        """Answer `status` to the next `times` requests whose "METHOD /path" matches `pattern`."""
        with self.lock:
            self.faults.append(Fault(re.compile(pattern), status, times, retry_after, reason))

    def draft_messages(self, include_trash: bool = True) -> list[StoredMessage]:
        with self.lock:
            found = [self.messages[message_id] for message_id in self.drafts.values()]
        return [m for m in found if include_trash or "TRASH" not in m.labels]

    def snapshot(self) -> object:
        with self.lock:
            return copy.deepcopy((self.messages, self.drafts))

    def send_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.rstrip("/").endswith("/send")]

    # ------------------------------------------------------------ the API

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes,
               in_batch: bool = False) -> tuple[int, dict[str, str], bytes]:
        parsed = urllib.parse.urlsplit(target)
        path, query = parsed.path, urllib.parse.parse_qs(parsed.query)
        with self.lock:
            self.requests.append(Request(method, path, query, in_batch))
            for fault in self.faults:
                if fault.times > 0 and fault.pattern.search(f"{method} {path}"):
                    fault.times -= 1
                    extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    return _error(fault.status, fault.reason, extra)
            if path == "/token" and method == "POST":
                return self._token(urllib.parse.parse_qs(body.decode()), headers.get("authorization", ""))
            if path == "/o/oauth2/auth" and method == "GET":
                return self._authorize(query)
            token = headers.get("authorization", "").removeprefix("Bearer ").strip()
            if token not in self.access_tokens:
                return _error(401, "", {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'})
            if path.startswith("/batch") and method == "POST" and not in_batch:
                return self._batch(headers, body)
            route = re.fullmatch(r"/gmail/v1/users/([^/]+)/(.*)", path)
            if not route or route.group(1) not in ("me", self.email_address):
                return _error(404, "notFound")
            return self._gmail(method, route.group(2), query, body)

    def _gmail(self, method: str, rest: str, query: dict[str, list[str]], body: bytes,
               ) -> tuple[int, dict[str, str], bytes]:
        one = {key: values[0] for key, values in query.items()}
        if rest == "profile" and method == "GET":
            return _json({"emailAddress": self.email_address, "messagesTotal": len(self.messages),
                          "threadsTotal": len({m.thread_id for m in self.messages.values()}),
                          "historyId": str(self.history_id)})
        if rest == "labels" and method == "GET":
            return _json({"labels": [{"id": label, "name": label, "type": "system"} for label in SYSTEM_LABELS]})
        if rest in ("messages/send", "drafts/send"):
            return _error(403, "forbidden")  # recorded above; the product must never get here
        if rest == "messages" and method == "GET":
            return self._list_messages(query, one)
        found = re.fullmatch(r"messages/([^/]+)", rest)
        if found and method == "GET":
            stored = self.messages.get(found.group(1))
            if stored is None or "DRAFT" in stored.labels and stored.id not in self.drafts.values():
                return _error(404, "notFound")
            return _json(_resource(stored, one.get("format", "full"), query.get("metadataHeaders")))
        if rest == "history" and method == "GET":
            return self._history(query, one)
        if rest == "drafts" and method == "GET":
            return self._list_drafts(one)
        if rest == "drafts" and method == "POST":
            return self._create_draft(json.loads(body or b"{}"))
        found = re.fullmatch(r"drafts/([^/]+)", rest)
        if found and found.group(1) in self.drafts:
            draft_id = found.group(1)
            if method == "GET":
                stored = self.messages[self.drafts[draft_id]]
                return _json({"id": draft_id, "message": _resource(stored, one.get("format", "full"), None)})
            if method == "DELETE":
                message_id = self.drafts.pop(draft_id)
                stored = self.messages.pop(message_id)
                self.history.append({"id": str(self._next_history()), "messages": [_brief(stored)],
                                     "messagesDeleted": [{"message": _brief(stored)}]})
                return 204, {}, b""
        return _error(404, "notFound")

    def _list_messages(self, query: dict[str, list[str]], one: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        labels = query.get("labelIds", [])
        chosen = [m for m in self.messages.values()
                  if all(label in m.labels for label in labels) and _matches(m, one.get("q", ""))
                  and (one.get("includeSpamTrash") == "true" or not {"SPAM", "TRASH"} & set(m.labels))
                  and "DRAFT" not in m.labels]
        chosen.sort(key=lambda m: (m.internal_date, m.id), reverse=True)  # newest first, as Gmail lists
        page, token = self._page(chosen, one)
        result: dict[str, Any] = {"resultSizeEstimate": len(chosen)}
        if page:
            result["messages"] = [{"id": m.id, "threadId": m.thread_id} for m in page]
        if token:
            result["nextPageToken"] = token
        return _json(result)

    def _page(self, items: list[Any], one: dict[str, str]) -> tuple[list[Any], str | None]:
        size = min(int(one.get("maxResults", 100)), self.page_size)
        start = int(one.get("pageToken", "0") or 0)
        end = start + size
        return items[start:end], (str(end) if end < len(items) else None)

    def _history(self, query: dict[str, list[str]], one: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        start = int(one["startHistoryId"])
        if start < self.oldest_history_id:
            return _error(404, "notFound")
        label = one.get("labelId")
        types = set(query.get("historyTypes", [])) or {"messageAdded", "messageDeleted", "labelAdded", "labelRemoved"}
        keys = {"messageAdded": "messagesAdded", "messageDeleted": "messagesDeleted", "labelAdded": "labelsAdded",
                "labelRemoved": "labelsRemoved"}
        records = []
        for record in self.history:
            if int(record["id"]) <= start:
                continue
            kept = {"id": record["id"], "messages": record["messages"]}
            for kind in types:
                entries = [e for e in record.get(keys[kind], [])
                           if label is None or label in e["message"].get("labelIds", [])]
                if entries:
                    kept[keys[kind]] = entries
            if len(kept) > 2:
                records.append(kept)
        page, token = self._page(records, one)
        result: dict[str, Any] = {"historyId": str(self.history_id)}
        if page:
            result["history"] = page
        if token:
            result["nextPageToken"] = token
        return _json(result)

    def _list_drafts(self, one: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        chosen = [(draft_id, self.messages[message_id]) for draft_id, message_id in self.drafts.items()]
        if one.get("includeSpamTrash") != "true":
            chosen = [(d, m) for d, m in chosen if "TRASH" not in m.labels]
        page, token = self._page(chosen, one)
        result: dict[str, Any] = {"resultSizeEstimate": len(chosen)}
        if page:
            result["drafts"] = [{"id": d, "message": {"id": m.id, "threadId": m.thread_id}} for d, m in page]
        if token:
            result["nextPageToken"] = token
        return _json(result)

    def _create_draft(self, body: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        message = body.get("message") or {}
        if "raw" not in message:
            return _error(400, "invalidArgument")
        raw = base64.urlsafe_b64decode(message["raw"] + "=" * (-len(message["raw"]) % 4))
        message_id = self.deliver(raw, ("DRAFT",))
        stored = self.messages[message_id]
        # Gmail files it into the requested thread only when References/In-Reply-To and Subject fit
        # (developers.google.com/gmail/api/guides/threads); otherwise it starts a thread of its own.
        requested = message.get("threadId")
        stored.thread_id = (requested if requested and self._thread_for(raw, requested) == requested else message_id)
        draft_id = f"r{next(self._numbers) * 7919:d}"
        self.drafts[draft_id] = message_id
        return _json({"id": draft_id, "message": {"id": message_id, "threadId": stored.thread_id,
                                                  "labelIds": list(stored.labels)}})

    def _batch(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        envelope: Any = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(
            f"Content-Type: {headers.get('content-type', '')}\r\n\r\n".encode() + body)
        if not envelope.is_multipart():
            return _error(400, "badRequest")
        boundary = f"batch_{next(self._numbers):08d}"
        out = []
        for part in envelope.get_payload():
            content_id = str(part["Content-ID"] or "").strip()
            inner = str(part.get_payload(decode=False))
            request_line, _, rest = inner.partition("\n")
            head, _, inner_body = rest.replace("\r\n", "\n").partition("\n\n")
            inner_headers = {}
            for line in head.split("\n"):
                name, _, value = line.partition(":")
                if name.strip():
                    inner_headers[name.strip().lower()] = value.strip()
            method, target, _version = request_line.strip().split(" ", 2)
            status, response_headers, response_body = self.handle(
                method, target, inner_headers, inner_body.encode(), in_batch=True)
            lines = [f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}",
                     "Content-Type: application/json; charset=UTF-8",
                     *(f"{k}: {v}" for k, v in response_headers.items() if k.lower() != "content-type")]
            out.append(f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-{content_id[1:-1]}>"
                       f"\r\n\r\n" + "\r\n".join(lines) + "\r\n\r\n" + response_body.decode() + "\r\n")
        text = "".join(out) + f"--{boundary}--\r\n"
        return 200, {"Content-Type": f"multipart/mixed; boundary={boundary}"}, text.encode()

    # ------------------------------------------------------------ OAuth (accounts.google.com's part)

    def _authorize(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        one = {key: values[0] for key, values in query.items()}
        if one.get("client_id") != self.client_id or one.get("response_type") != "code":
            return _error(400, "invalid_request")
        code = f"4/fw-code-{next(self._numbers)}"
        scopes = self.granted_scopes if self.granted_scopes is not None else tuple(one.get("scope", "").split())
        self.codes[code] = {"redirect_uri": one["redirect_uri"], "challenge": one.get("code_challenge", ""),
                            "scope": " ".join(scopes), "offline": one.get("access_type", "")}
        answer = urllib.parse.urlencode({"state": one.get("state", ""), "code": code, "scope": " ".join(scopes)})
        return 302, {"Location": f"{one['redirect_uri']}?{answer}"}, b""

    def _token(self, form: dict[str, list[str]], authorization: str) -> tuple[int, dict[str, str], bytes]:
        one = {key: values[0] for key, values in form.items()}
        self.token_requests += 1
        if authorization.startswith("Basic "):
            # The client may authenticate with HTTP Basic instead of form fields (RFC 6749 section 2.3.1).
            user, _, password = base64.b64decode(authorization[6:]).decode().partition(":")
            one["client_id"], one["client_secret"] = urllib.parse.unquote(user), urllib.parse.unquote(password)
        if (one.get("client_id"), one.get("client_secret")) != (self.client_id, self.client_secret):
            return _oauth_error(401, "invalid_client", "The OAuth client was not found.")
        if one.get("grant_type") == "refresh_token":
            scopes = self.refresh_tokens.get(one.get("refresh_token", ""))
            if scopes is None:
                return _oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
            return _json({"access_token": self._access_token(), "expires_in": self.expires_in, "scope": " ".join(scopes),
                          "token_type": "Bearer"})
        if one.get("grant_type") == "authorization_code":
            code = self.codes.pop(one.get("code", ""), None)
            verifier = one.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
            if code is None or code["redirect_uri"] != one.get("redirect_uri") or code["challenge"] != challenge:
                return _oauth_error(400, "invalid_grant", "Malformed auth code.")
            scopes = tuple(code["scope"].split())
            answer = {"access_token": self._access_token(), "expires_in": self.expires_in, "scope": code["scope"],
                      "token_type": "Bearer"}
            if code["offline"] == "offline":
                answer["refresh_token"] = self.issue_refresh_token(scopes)
            return _json(answer)
        return _oauth_error(400, "unsupported_grant_type", "Invalid grant_type.")

    def _access_token(self) -> str:
        token = self.access_token_value() if self.access_token_value else f"ya29.fw-{next(self._numbers)}"
        self.access_tokens.add(token)
        return token


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as httplib2 expects
    disable_nagle_algorithm = True  # headers and body go out in separate writes: no 40 ms delayed-ACK stalls
    server_fake: FakeGmail

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        status, extra, payload = self.server_fake.handle(self.command, self.path, headers, body)
        self.send_response(status)
        if "Content-Type" not in extra and payload:
            self.send_header("Content-Type", "application/json; charset=UTF-8")
        for key, value in extra.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = do_PUT = _serve  # noqa: N815 (names http.server calls)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return None


# ---------------------------------------------------------------- Gmail's JSON shapes


@functools.lru_cache(maxsize=8192)  # every delivery reads every stored message's threading headers
def _headers(raw: bytes) -> Any:
    return email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)


def _bare_subject(subject: str) -> str:
    return re.sub(r"^\s*((re|fwd?|aw)\s*:\s*)+", "", " ".join(subject.split()), flags=re.I).lower()


def _internal_date(raw: bytes, number: int) -> int:
    value = _headers(raw)["Date"]
    try:
        return int(email.utils.parsedate_to_datetime(str(value)).timestamp() * 1000)
    except (TypeError, ValueError):
        return 1790000000000 + number * 1000


def _snippet(raw: bytes) -> str:
    """Gmail's snippet: the start of the message's text (its plain part, else its HTML without tags),
    whitespace collapsed, about 200 characters; never the headers."""
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
    body = message.get_body(preferencelist=("plain", "html"))
    try:
        text = str(body.get_content()) if body is not None else ""  # type: ignore[attr-defined]
    except (LookupError, ValueError):
        text = ""
    if body is not None and body.get_content_type() == "text/html":
        text = re.sub(r"<[^>]*>", " ", text)
    return " ".join(text.split())[:200]


def _brief(stored: StoredMessage) -> dict[str, Any]:
    return {"id": stored.id, "threadId": stored.thread_id, "labelIds": list(stored.labels)}


def _resource(stored: StoredMessage, form: str, wanted: list[str] | None) -> dict[str, Any]:
    """users.messages resource in `form` (raw, metadata, minimal, full)."""
    snippet = _snippet(stored.raw)
    resource: dict[str, Any] = {
        "id": stored.id, "threadId": stored.thread_id, "labelIds": list(stored.labels), "snippet": snippet,
        "sizeEstimate": len(stored.raw), "historyId": str(stored.history_id), "internalDate": str(stored.internal_date)}
    if form == "raw":
        resource["raw"] = base64.urlsafe_b64encode(stored.raw).decode("ascii")
    elif form in ("metadata", "full"):
        parsed = _headers(stored.raw)
        headers = [{"name": name, "value": re.sub(r"\r?\n[ \t]+", " ", str(value)).strip()}
                   for name, value in parsed.items()
                   if wanted is None or name.lower() in {w.lower() for w in wanted}]
        resource["payload"] = {"partId": "", "mimeType": parsed.get_content_type(), "filename": "",
                               "headers": headers, "body": {"size": 0}}
    return resource


def _matches(stored: StoredMessage, query: str) -> bool:
    for term in query.split():
        key, _, value = term.partition(":")
        if key == "after" and not stored.internal_date >= int(value) * 1000:
            return False
        if key == "rfc822msgid" and stored.message_id().strip("<>") != value.strip("<>"):
            return False
    return True


def _json(data: Any, status: int = 200) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json; charset=UTF-8"}, json.dumps(data, indent=2).encode()


_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
           429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE"}
_MESSAGES = {401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                  "or other valid authentication credential.",
             404: "Requested entity was not found.", 429: "Resource has been exhausted (e.g. check quota).",
             500: "Internal error encountered.", 503: "The service is currently unavailable."}


def _error(status: int, reason: str, extra: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Google's JSON error body (cloud.google.com/apis/design/errors)."""
    message = _MESSAGES.get(status, http.HTTPStatus(status).phrase)
    reason = reason or {401: "authError", 404: "notFound", 429: "rateLimitExceeded"}.get(status, "backendError")
    body = {"error": {"code": status, "message": message,
                      "errors": [{"message": message, "domain": "global", "reason": reason}],
                      "status": _STATUS.get(status, "UNKNOWN")}}
    code, headers, payload = _json(body, status)
    headers.update(extra or {})
    return code, headers, payload


def _oauth_error(status: int, error: str, description: str) -> tuple[int, dict[str, str], bytes]:
    return _json({"error": error, "error_description": description}, status)

