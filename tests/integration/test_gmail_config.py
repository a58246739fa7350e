"""Config for Gmail: `backend = "gmail-api"` and IMAP's `auth = "oauth2"`, each problem with its key and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from watcher import config, errors

ME = '\n[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n'


def parse(account: str) -> config.Config:
    return config.parse("[[accounts]]\n" + account + ME, "test.toml")


def problems(account: str) -> list[str]:
    with pytest.raises(errors.ConfigError) as raised:
        parse(account)
    return [str(problem) for problem in raised.value.problems]


def test_gmail_api_account_needs_only_a_name_and_the_client_json() -> None:
    loaded = parse('name = "gmail"\nbackend = "gmail-api"\nclient_secrets = "~/client_secret.json"\n')
    account = loaded.accounts[0]
    assert (account.backend, account.client_secrets, account.api_endpoint) == (
        "gmail-api", str(Path("~/client_secret.json").expanduser()), "")


def test_gmail_api_without_client_json_or_token_command_is_reported_at_its_table() -> None:
    (problem,) = problems('name = "gmail"\nbackend = "gmail-api"\n')
    assert problem.startswith("test.toml:1: accounts[0].client_secrets: missing") and "login gmail" in problem


def test_gmail_api_with_a_token_command_needs_no_client_json() -> None:
    assert parse('name = "gmail"\nbackend = "gmail-api"\ntoken_command = "oama access you@gmail.com"\n').accounts


def test_imap_keys_on_a_gmail_api_account_are_reported_with_their_line() -> None:
    found = problems('name = "gmail"\nbackend = "gmail-api"\nclient_secrets = "c.json"\nhost = "imap.gmail.com"\n'
                     'sent_folder = "[Gmail]/Sent Mail"\n')
    assert [p.split(": ")[0:2] for p in found] == [["test.toml:5", "accounts[0].host"],
                                                   ["test.toml:6", "accounts[0].sent_folder"]]


@pytest.mark.parametrize("endpoint", ["http://gmail.example.com/", "ftp://127.0.0.1/", "gmail.googleapis.com"])
def test_api_endpoint_must_be_https_or_loopback_http(endpoint: str) -> None:
    (problem,) = problems(f'name = "g"\nbackend = "gmail-api"\nclient_secrets = "c.json"\napi_endpoint = "{endpoint}"\n')
    assert "accounts[0].api_endpoint" in problem


def test_loopback_api_endpoint_is_allowed_and_ends_with_a_slash() -> None:
    loaded = parse('name = "g"\nbackend = "gmail-api"\nclient_secrets = "c.json"\napi_endpoint = "http://127.0.0.1:8080"\n')
    assert loaded.accounts[0].api_endpoint == "http://127.0.0.1:8080/"


def test_imap_oauth2_needs_the_client_json() -> None:
    (problem,) = problems('name = "g"\nbackend = "imap"\nhost = "imap.gmail.com"\nusername = "you@gmail.com"\n'
                          'auth = "oauth2"\n')
    assert "accounts[0].client_secrets: missing" in problem


def test_imap_oauth2_with_a_password_command_is_reported() -> None:
    found = problems('name = "g"\nbackend = "imap"\nhost = "imap.gmail.com"\nusername = "you@gmail.com"\n'
                     'auth = "oauth2"\nclient_secrets = "c.json"\npassword_command = "pass gmail"\n')
    assert ["password_command" in p for p in found] == [True]


def test_imap_auth_must_be_password_or_oauth2() -> None:
    (problem,) = problems('name = "g"\nbackend = "imap"\nhost = "h"\nusername = "u"\nauth = "xoauth2"\n')
    assert "accounts[0].auth: 'xoauth2' is not one of password, oauth2" in problem


def test_client_json_on_a_password_imap_account_is_reported() -> None:
    (problem,) = problems('name = "g"\nbackend = "imap"\nhost = "h"\nusername = "u"\nclient_secrets = "c.json"\n')
    assert 'only used with auth = "oauth2"' in problem


def test_example_config_documents_the_gmail_keys() -> None:
    text = (Path(__file__).resolve().parents[2] / "config.example.toml").read_text(encoding="utf-8")
    for key in ("auth", "client_secrets", "token_command", "api_endpoint"):
        assert re.search(rf"^(# )?{key} = ", text, re.MULTILINE), key
    assert 'backend = "gmail-api"' in text
