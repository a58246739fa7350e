"""Google OAuth for Gmail accounts: the `login` flow, and the credentials a connection uses.

`login` runs Google's installed-app flow with the user's own OAuth client (a "Desktop app" client
JSON, `client_secrets`), with PKCE and a loopback redirect to 127.0.0.1
(developers.google.com/identity/protocols/oauth2/native-app). It needs no browser on the machine it
runs on: it prints the URL, and the consent can happen in any browser. Either the browser reaches the
loopback port (the same machine, or `ssh -L PORT:127.0.0.1:PORT`), or, with `--paste`, the user
pastes back the address the browser was sent to. Google's out-of-band flow is gone
(developers.google.com/identity/protocols/oauth2/resources/oob-migration), so there is no code to type.

The refresh token lands in the keyring (`secrets.store_oauth_token`); access tokens are refreshed
from it whenever they have expired, also on reconnect. `token_command` replaces all of this with a
command that prints a current access token.

Scopes: the Gmail API backend asks for `gmail.readonly` and `gmail.compose` and nothing broader
(developers.google.com/gmail/api/auth/scopes). `gmail.compose` would also permit sending: that we
never send is kept in our code (`drafts/gmail.py` has no such call and a test checks the tree).
IMAP's XOAUTH2 needs `https://mail.google.com/` (developers.google.com/gmail/imap/xoauth2-protocol).
Tokens are never logged.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import socket
import time
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import google.auth.credentials
import google.auth.exceptions
import google.auth.transport
import google.oauth2.credentials

from watcher import config, errors, secrets

log = logging.getLogger(__name__)

GMAIL_API_SCOPES = ("https://www.googleapis.com/auth/gmail.readonly",
                    "https://www.googleapis.com/auth/gmail.compose")
IMAP_SCOPES = ("https://mail.google.com/",)
LOGIN_TIMEOUT_SECONDS = 600.0
LOOPBACK_HOST = "127.0.0.1"
TESTING_HINT = (
    "If this happens about every 7 days, your Google Cloud project's OAuth consent screen is still in "
    "\"Testing\", where refresh tokens expire after 7 days: publish the app (\"In production\"; see the README, "
    "\"Gmail\") and log in once more.")


def scopes_for(account: config.Account) -> tuple[str, ...]:
    """The scopes an account needs: the API's two for gmail-api, full mail access for XOAUTH2."""
    return GMAIL_API_SCOPES if account.backend == "gmail-api" else IMAP_SCOPES


def load_client(account: config.Account) -> dict[str, Any]:
    """The "installed" section of the account's OAuth client JSON, or a UserError saying how to get one."""
    path = Path(account.client_secrets)
    how = ('create an OAuth client of type "Desktop app" in the Google Cloud console and download its JSON '
           '(README, "Gmail")')
    if not account.client_secrets:
        raise errors.UserError(f"account {account.name!r} has no client_secrets: {how}, then set client_secrets")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise errors.UserError(f"account {account.name!r}: client_secrets {path} does not exist; {how}") from None
    except OSError as error:
        raise errors.UserError(f"account {account.name!r}: cannot read client_secrets {path} ({error.strerror})") from None
    except ValueError:
        raise errors.UserError(f"account {account.name!r}: client_secrets {path} is not JSON; {how}") from None
    installed = data.get("installed") if isinstance(data, dict) else None
    if not isinstance(installed, dict):
        kind = ", ".join(sorted(data)) if isinstance(data, dict) else type(data).__name__
        raise errors.UserError(
            f"account {account.name!r}: {path} is not a Desktop app client (it holds {kind}); {how}")
    missing = [key for key in ("client_id", "auth_uri", "token_uri") if not installed.get(key)]
    if missing:
        raise errors.UserError(f"account {account.name!r}: {path} lacks {', '.join(missing)}; download it again")
    return installed


# ---------------------------------------------------------------- credentials at connect time


class CommandCredentials(google.auth.credentials.Credentials):
    """An access token printed by `token_command`, run again whenever Google's client refreshes."""

    def __init__(self, account: config.Account, environ: Mapping[str, str]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.account = account
        self.environ = dict(environ)

    def refresh(self, request: google.auth.transport.Request) -> None:
        self.token = secrets.command_output(self.account.name, "token_command", self.account.token_command,
                                            self.environ)
        # Unknown lifetime: used until Google answers 401, then the command is run again.
        self.expiry = None


def credentials(account: config.Account, environ: Mapping[str, str],
                ) -> tuple[google.auth.credentials.Credentials, str]:
    """(credentials, where the token comes from) for an OAuth account; nothing is fetched yet."""
    if account.token_command:
        return CommandCredentials(account, environ), "access token from token_command"
    refresh_token, source = secrets.oauth_refresh_token(account.name, environ)
    client = load_client(account)
    # Built directly rather than with from_authorized_user_info, which would replace the client's
    # token_uri with Google's default.
    found = google.oauth2.credentials.Credentials(  # type: ignore[no-untyped-call]
        token=None, refresh_token=refresh_token, token_uri=client["token_uri"], client_id=client["client_id"],
        client_secret=client.get("client_secret"), scopes=list(scopes_for(account)))
    return found, source


def refresh_failed(account: config.Account, error: google.auth.exceptions.RefreshError) -> errors.AuthError:
    """The AuthError for a refused refresh token (revoked, expired, or a changed client)."""
    return errors.AuthError(
        f"Google refused the OAuth token of account {account.name!r} ({_reason(error)}). "
        f"Run `followup-watcher login {account.name}` again. {TESTING_HINT}")


def access_token(account: config.Account, found: google.auth.credentials.Credentials,
                 request: google.auth.transport.Request) -> str:
    """A current access token (for IMAP's XOAUTH2), refreshed first when it has expired or is unknown."""
    try:
        if isinstance(found, CommandCredentials) or not found.valid:
            found.refresh(request)  # type: ignore[no-untyped-call]
    except google.auth.exceptions.RefreshError as error:
        raise refresh_failed(account, error) from None
    except google.auth.exceptions.TransportError as error:
        raise errors.TransientError(f"refreshing the OAuth token of account {account.name!r} failed: {error}") from None
    token = found.token
    if not isinstance(token, str) or not token:
        raise errors.AuthError(f"no access token for account {account.name!r}; run `followup-watcher login {account.name}`")
    return token


def imap_token_source(account: config.Account, environ: Mapping[str, str]) -> tuple[Callable[[], str], str]:
    """(a function giving a current access token, where it comes from) for IMAP's XOAUTH2."""
    import google.auth.transport.requests

    found, source = credentials(account, environ)
    request = google.auth.transport.requests.Request()
    return (lambda: access_token(account, found, request)), f"OAuth2, {source}"


def _reason(error: BaseException) -> str:
    # RefreshError's args are (message, response body); the message names the OAuth error code.
    first = error.args[0] if error.args else ""
    return str(first) or type(error).__name__


# ---------------------------------------------------------------- login


def login(account: config.Account, announce: Callable[[str], None], *, port: int = 0,
          paste: Callable[[str], str] | None = None, timeout: float = LOGIN_TIMEOUT_SECONDS) -> str:
    """Run the consent flow and return the refresh token (the caller stores it).

    `announce` shows the user what to do (the URL to open). With `paste`, no server is started: the
    user opens the URL anywhere and pastes back the address the browser ended on (it will show a
    connection error, which is expected), which `paste(prompt)` returns.
    """
    from google_auth_oauthlib.flow import InstalledAppFlow

    client = load_client(account)
    flow = InstalledAppFlow.from_client_config({"installed": client}, scopes=list(scopes_for(account)))
    if paste is not None:
        flow.redirect_uri = f"http://{LOOPBACK_HOST}:{port or _free_port()}/"
        url = _authorization_url(flow)
        announce(f"Open this URL in a browser on any machine and allow access:\n\n  {url}\n\n"
                 "The browser then tries to open http://127.0.0.1/...; it may show an error page. "
                 "Copy that whole address from the address bar.")
        response = paste("Paste the address here: ").strip()
    else:
        response = _loopback(flow, announce, port, timeout)
    return _finish(account, flow, response)


def _authorization_url(flow: Any) -> str:
    # offline: we need a refresh token; consent: Google returns one again on a repeated login.
    url, _state = flow.authorization_url(access_type="offline", prompt="consent")
    return str(url)


def _loopback(flow: Any, announce: Callable[[str], None], port: int, timeout: float) -> str:
    received: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            query = urllib.parse.urlsplit(self.path).query
            answered = any(key in ("code", "error") for key, _ in urllib.parse.parse_qsl(query))
            if answered:
                received.append(self.path)
            body = (b"followup-watcher: done, you can close this page." if answered
                    else b"followup-watcher is waiting for Google's answer.")
            self.send_response(200 if answered else 404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (signature of the base class)
            return None  # the request line holds the authorization code: keep it out of the logs

    try:
        server = http.server.HTTPServer((LOOPBACK_HOST, port), Handler)
    except OSError as error:
        raise errors.UserError(f"cannot listen on {LOOPBACK_HOST}:{port} for Google's redirect ({error.strerror}); "
                               "choose another --port, or use --paste") from None
    try:
        flow.redirect_uri = f"http://{LOOPBACK_HOST}:{server.server_port}/"
        url = _authorization_url(flow)
        announce(f"Open this URL in a browser and allow access:\n\n  {url}\n\n"
                 f"Waiting for the browser on {LOOPBACK_HOST}:{server.server_port}. On a machine without a "
                 f"browser, forward the port from your computer first (ssh -L {server.server_port}:127.0.0.1:"
                 f"{server.server_port} THIS-HOST), or run login again with --paste.")
        deadline = time.monotonic() + timeout
        while not received:
            left = deadline - time.monotonic()
            if left <= 0:
                raise errors.UserError(f"no answer from the browser within {timeout:.0f} s; run login again")
            server.timeout = left
            server.handle_request()
    finally:
        server.server_close()
    return f"http://{LOOPBACK_HOST}:{server.server_port}{received[0]}"


def _finish(account: config.Account, flow: Any, response: str) -> str:
    from oauthlib.oauth2.rfc6749 import errors as oauth_errors  # type: ignore[import-untyped]

    parsed = urllib.parse.urlsplit(response)
    answer = dict(urllib.parse.parse_qsl(parsed.query))
    if "error" in answer:
        raise errors.AuthError(f"Google did not grant access ({answer['error']}); run `followup-watcher login "
                               f"{account.name}` again and allow access")
    if "code" not in answer:
        raise errors.UserError("that address holds no authorization code; copy the whole address the browser "
                               "ended on (it starts with http://127.0.0.1)")
    # oauthlib refuses a plain-http redirect as insecure transport; this one never left the machine
    # (RFC 8252 section 8.3), so it is read as https, as google-auth-oauthlib's own loopback flow does.
    secure = urllib.parse.urlunsplit(("https", *parsed[1:]))
    try:
        flow.fetch_token(authorization_response=secure)
    except Warning as warning:
        # oauthlib raises its "Scope has changed" Warning when the user unticked a box on the consent page.
        raise errors.AuthError(
            f"not every permission was granted ({warning}); run `followup-watcher login {account.name}` again and "
            "tick all the boxes: reading mail (gmail.readonly) and managing drafts (gmail.compose) are both needed"
        ) from None
    except oauth_errors.OAuth2Error as error:
        raise errors.AuthError(f"Google refused the authorization ({error.error}: {error.description or ''}); "
                               f"run `followup-watcher login {account.name}` again") from None
    except OSError as error:
        raise errors.TransientError(f"reaching Google's token endpoint failed: {error}") from None
    refresh_token = getattr(flow.credentials, "refresh_token", None)
    if not refresh_token:
        raise errors.AuthError(
            "Google returned no refresh token; remove followup-watcher's access at "
            "https://myaccount.google.com/permissions and run login again")
    expiry = getattr(flow.credentials, "expiry", None)
    log.info("authorized account %s with Google (access token valid until %s)", account.name,
             expiry.replace(tzinfo=dt.UTC).isoformat() if isinstance(expiry, dt.datetime) else "unknown")
    return str(refresh_token)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK_HOST, 0))
        port: int = sock.getsockname()[1]
        return port

