"""IMAP with `auth = "oauth2"`: XOAUTH2 against a real Dovecot, the token refreshed at a local token endpoint.

Dovecot offers XOAUTH2 and OAUTHBEARER here; with a passwd-file it checks the bearer token as the
user's password, so the fake token endpoint hands out the Dovecot user's password as the access
token. What is real: imapclient's AUTHENTICATE XOAUTH2 on the wire, google-auth's refresh request.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import dovecot
import pytest
from conftest import NO_DOVECOT, DovecotUser, eml, gmail_account, message_id, new_user
from fakes.gmail_api import FakeGmail
from sourcing import sync

from watcher import backends, config, errors, oauth
from watcher.drafts.maildir import message_id_of
from watcher.model import Role

SINCE = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
pytestmark = [pytest.mark.usefixtures("no_keyring"), pytest.mark.dovecot]


@pytest.fixture(scope="module")
def oauth_server() -> Iterator[dovecot.Dovecot]:
    if not dovecot.available():
        pytest.skip(NO_DOVECOT)
    server = dovecot.Dovecot(mechanisms="plain login xoauth2 oauthbearer")
    server.start()
    yield server
    server.stop()




@pytest.fixture
def user(oauth_server: dovecot.Dovecot) -> DovecotUser:
    return new_user(oauth_server)


@pytest.fixture
def tokens(user: DovecotUser) -> Iterator[FakeGmail]:
    server = FakeGmail(email_address=user.username).start()
    server.access_token_value = lambda: user.password
    yield server
    server.stop()


def oauth_account(user: DovecotUser, tokens: FakeGmail, tmp_path: Path) -> tuple[config.Account, dict[str, str]]:
    api_account, environ = gmail_account(tokens, tmp_path, name="test", scopes=oauth.IMAP_SCOPES)
    account = dataclasses.replace(user.account(password_command=""), auth="oauth2",
                                  client_secrets=api_account.client_secrets)
    return account, environ


def test_xoauth2_login_reads_the_inbox(user: DovecotUser, tokens: FakeGmail, tmp_path: Path) -> None:
    with user.tool() as tool:
        tool.append("INBOX", eml("inbox-interview-invite"))
    account, environ = oauth_account(user, tokens, tmp_path)
    backend = backends.open_backend(account, environ)
    try:
        batch = sync(backend.source, Role.INBOX, None, SINCE)
    finally:
        backend.close()
    assert [message_id_of(fetched.raw) for fetched in batch.messages] == [message_id("inbox-interview-invite")]


def test_description_names_oauth2_and_the_token_source(user: DovecotUser, tokens: FakeGmail, tmp_path: Path) -> None:
    account, environ = oauth_account(user, tokens, tmp_path)
    backend = backends.open_backend(account, environ)
    backend.close()
    assert backend.describe().endswith("(OAuth2, refresh token from systemd credential 'test.oauth')")
    assert user.password not in backend.describe()


def test_valid_access_token_is_reused_on_reconnect(user: DovecotUser, tokens: FakeGmail, tmp_path: Path) -> None:
    account, environ = oauth_account(user, tokens, tmp_path)
    backend = backends.open_backend(account, environ)
    connection = backend.source.connection  # type: ignore[attr-defined]
    connection.close()
    connection.connect()
    backend.close()
    assert tokens.token_requests == 1


def test_expired_access_token_is_refreshed_on_reconnect(user: DovecotUser, tokens: FakeGmail, tmp_path: Path) -> None:
    tokens.expires_in = 60  # inside google-auth's refresh margin: expired at once
    account, environ = oauth_account(user, tokens, tmp_path)
    backend = backends.open_backend(account, environ)
    connection = backend.source.connection  # type: ignore[attr-defined]
    connection.close()
    connection.connect()
    backend.close()
    assert tokens.token_requests == 2


def test_revoked_refresh_token_is_an_auth_error_before_any_imap(user: DovecotUser, tokens: FakeGmail,
                                                                tmp_path: Path) -> None:
    account, environ = oauth_account(user, tokens, tmp_path)
    tokens.refresh_tokens.clear()
    with pytest.raises(errors.AuthError, match="login test"):
        backends.open_backend(account, environ)


def test_token_command_token_is_used_for_xoauth2(user: DovecotUser, tmp_path: Path) -> None:
    account = dataclasses.replace(user.account(password_command=""), auth="oauth2",
                                  token_command=f"printf {user.password}")
    backends.open_backend(account, {}).close()


# Last in the module: Dovecot slows down logins after a failure (its auth penalty).
def test_refused_token_is_an_auth_error(user: DovecotUser, tokens: FakeGmail, tmp_path: Path) -> None:
    tokens.access_token_value = lambda: "ya29.not-the-password"
    account, environ = oauth_account(user, tokens, tmp_path)
    with pytest.raises(errors.AuthError, match="refused the login"):
        backends.open_backend(account, environ)
