"""`followup-watcher login` for Gmail: Google's installed-app flow against a local OAuth server.

The "browser" here is urllib: it opens the printed URL at the fake's authorization endpoint, which
consents at once and redirects to the loopback address, as Google's consent page would. The flow
runs through google-auth-oauthlib (PKCE, state, code exchange) to the fake's token endpoint, over
plain http on 127.0.0.1, which oauthlib allows with its own switch OAUTHLIB_INSECURE_TRANSPORT.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest
from fakes.gmail_api import FakeGmail
from sourcing import sync

from watcher import backends, cli, config, errors, oauth
from watcher.model import Role


class DictKeyring(keyring.backend.KeyringBackend):
    priority = 0.0
    viable = False

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGmail]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the token endpoint is http://127.0.0.1
    server = FakeGmail().start()
    yield server
    server.stop()


@pytest.fixture
def memory_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    ring = DictKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def account_for(fake: FakeGmail, tmp_path: Path, backend: str = "gmail-api") -> config.Account:
    client = tmp_path / "client_secret.json"
    client.write_text(json.dumps(fake.client_secrets()), encoding="utf-8")
    if backend == "imap":
        return config.Account(name="gmail", backend="imap", host="127.0.0.1", username="candidate@example.org",
                              auth="oauth2", client_secrets=str(client))
    return config.Account(name="gmail", backend="gmail-api", client_secrets=str(client), api_endpoint=fake.url)


def url_in(text: str) -> str:
    found = re.search(r"https?://\S+", text)
    assert found, text
    return found.group(0)


def consent(url: str) -> str:
    """What the browser does: open Google's page, get redirected; return where it was sent."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=10)
    except urllib.error.HTTPError as redirect:
        assert redirect.code == 302
        return str(redirect.headers["Location"])
    raise AssertionError("no redirect")


def test_loopback_login_returns_a_refresh_token(fake: FakeGmail, tmp_path: Path) -> None:
    def browser(text: str) -> None:
        target = consent(url_in(text))
        threading.Thread(target=urllib.request.urlopen, args=(target,), kwargs={"timeout": 10}, daemon=True).start()

    token = oauth.login(account_for(fake, tmp_path), browser, timeout=20)
    assert fake.refresh_tokens[token] == oauth.GMAIL_API_SCOPES


def test_loopback_redirect_goes_to_127_0_0_1(fake: FakeGmail, tmp_path: Path) -> None:
    seen: list[str] = []

    def browser(text: str) -> None:
        seen.append(url_in(text))
        threading.Thread(target=urllib.request.urlopen, args=(consent(seen[0]),), daemon=True).start()

    oauth.login(account_for(fake, tmp_path), browser, timeout=20)
    assert "redirect_uri=http%3A%2F%2F127.0.0.1%3A" in seen[0]


def test_login_asks_for_offline_access_with_pkce_and_only_the_two_scopes(fake: FakeGmail, tmp_path: Path) -> None:
    urls: list[str] = []
    oauth.login(account_for(fake, tmp_path), urls.append, paste=lambda prompt: consent(url_in(urls[0])))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url_in(urls[0])).query)
    assert (query["access_type"], query["code_challenge_method"], sorted(query["scope"][0].split())) == (
        ["offline"], ["S256"], sorted(oauth.GMAIL_API_SCOPES))


def test_imap_oauth2_account_asks_for_full_mail_scope(fake: FakeGmail, tmp_path: Path) -> None:
    urls: list[str] = []
    token = oauth.login(account_for(fake, tmp_path, "imap"), urls.append,
                        paste=lambda prompt: consent(url_in(urls[0])))
    assert fake.refresh_tokens[token] == ("https://mail.google.com/",)


def test_unticked_permission_is_an_auth_error(fake: FakeGmail, tmp_path: Path) -> None:
    fake.granted_scopes = ("https://www.googleapis.com/auth/gmail.readonly",)
    urls: list[str] = []
    with pytest.raises(errors.AuthError, match="tick all the boxes"):
        oauth.login(account_for(fake, tmp_path), urls.append, paste=lambda prompt: consent(url_in(urls[0])))


def test_declined_consent_is_an_auth_error(fake: FakeGmail, tmp_path: Path) -> None:
    with pytest.raises(errors.AuthError, match="access_denied"):
        oauth.login(account_for(fake, tmp_path), lambda text: None,
                    paste=lambda prompt: "http://127.0.0.1:1/?error=access_denied&state=x")


def test_pasted_address_without_a_code_is_a_user_error(fake: FakeGmail, tmp_path: Path) -> None:
    with pytest.raises(errors.UserError, match="no authorization code"):
        oauth.login(account_for(fake, tmp_path), lambda text: None, paste=lambda prompt: "http://127.0.0.1:1/")


def test_client_json_of_a_web_client_is_refused_with_the_fix(fake: FakeGmail, tmp_path: Path) -> None:
    path = tmp_path / "web.json"
    path.write_text('{"web": {"client_id": "x"}}', encoding="utf-8")
    account = config.Account(name="gmail", backend="gmail-api", client_secrets=str(path))
    with pytest.raises(errors.UserError, match='type "Desktop app"'):
        oauth.login(account, lambda text: None)


def write_config(path: Path, fake: FakeGmail, client: Path, tmp_path: Path) -> Path:
    config_path = path / "config.toml"
    config_path.write_text(
        f'[[accounts]]\nname = "gmail"\nbackend = "gmail-api"\nclient_secrets = "{client}"\n'
        f'api_endpoint = "{fake.url}"\n\n[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
        f'[state]\npath = "{tmp_path / "state.sqlite3"}"\n', encoding="utf-8")
    return config_path


def cli_login(fake: FakeGmail, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
              *extra: str) -> tuple[int, str]:
    account = account_for(fake, tmp_path)
    config_path = write_config(tmp_path, fake, Path(account.client_secrets), tmp_path)

    def paste(prompt: str) -> str:
        return consent(url_in(capsys.readouterr().out))

    monkeypatch.setattr("builtins.input", paste)  # the user at the terminal
    status = cli.main(["--config", str(config_path), "login", "gmail", "--paste", *extra])
    return status, capsys.readouterr().out


def test_cli_login_stores_the_refresh_token_in_the_keyring(
        fake: FakeGmail, tmp_path: Path, memory_keyring: DictKeyring, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, out = cli_login(fake, tmp_path, monkeypatch, capsys)
    stored = memory_keyring.passwords.get(("followup-watcher", "gmail:oauth"))
    assert (status, stored in fake.refresh_tokens, "user gmail:oauth" in out) == (0, True, True)


def test_after_cli_login_the_backend_reads_gmail(
        fake: FakeGmail, tmp_path: Path, memory_keyring: DictKeyring, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    cli_login(fake, tmp_path, monkeypatch, capsys)
    fake.expire_access_tokens()  # the next connect refreshes from the stored refresh token
    backend = backends.open_backend(account_for(fake, tmp_path), {})
    try:
        batch = sync(backend.source, Role.INBOX, None, dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    finally:
        backend.close()
    assert batch.messages == () and "keyring" in backend.describe()


def test_cli_login_can_write_a_token_file_for_systemd(
        fake: FakeGmail, tmp_path: Path, memory_keyring: DictKeyring, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    token_file = tmp_path / "gmail.oauth"
    status, out = cli_login(fake, tmp_path, monkeypatch, capsys, "--token-file", str(token_file))
    assert (status, token_file.read_text().strip() in fake.refresh_tokens, memory_keyring.passwords) == (0, True, {})
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert "LoadCredential=gmail.oauth:" in out


def test_login_never_prints_the_refresh_token(
        fake: FakeGmail, tmp_path: Path, memory_keyring: DictKeyring, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli_login(fake, tmp_path, monkeypatch, capsys)
    assert not any(token in out for token in fake.refresh_tokens)

