"""Gmail over IMAP: X-GM-EXT-1, the [Gmail]/ folders and the login, against a Gmail-like IMAP server.

The server (tests/fakes/gmail_imap.py) speaks IMAP on 127.0.0.1 with Gmail's model: one message,
many labels, a folder per label. The product's IMAP code runs unchanged through imapclient.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import draft, eml, gmail_account, message_id
from fakes.gmail_api import FakeGmail
from fakes.gmail_imap import FakeGmailImap
from sourcing import Batch, sync

from watcher import backends, config, errors, oauth
from watcher.drafts.maildir import message_id_of
from watcher.model import Role

pytestmark = pytest.mark.usefixtures("no_keyring")  # secrets come from the config alone

SINCE = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
APP_PASSWORD = "abcdefghijklmnop"


def everything(header: bytes) -> bool:
    return True


def ids(batch: Batch) -> list[str | None]:
    return [message_id_of(fetched.raw) for fetched in batch.messages]




@pytest.fixture
def gmail() -> Iterator[FakeGmailImap]:
    server = FakeGmailImap(app_password=APP_PASSWORD).start()
    yield server
    server.stop()


def account(server: FakeGmailImap, **overrides: object) -> config.Account:
    base = config.Account(name="gmail", backend="imap", host="127.0.0.1", port=server.port, security="none",
                          username=server.username, password_command=f"printf {APP_PASSWORD}")
    return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


@pytest.fixture
def backend(gmail: FakeGmailImap) -> Iterator[backends.Backend]:
    opened = backends.open_backend(account(gmail), {})
    yield opened
    opened.close()


def test_app_password_logs_in(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    assert "LOGIN" in gmail.commands


def test_sent_and_drafts_are_the_gmail_folders_found_by_special_use(backend: backends.Backend) -> None:
    connection = backend.source.connection  # type: ignore[attr-defined]
    assert (connection.folder("sent"), connection.folder("drafts")) == ("[Gmail]/Sent Mail", "[Gmail]/Drafts")


def test_localized_gmail_folders_are_found_by_special_use() -> None:
    # Gmail names its folders in the account's language ("[Google Mail]" in some countries).
    server = FakeGmailImap(app_password=APP_PASSWORD, folder_names={
        "\\Sent": "[Google Mail]/Gesendet", "\\Draft": "[Google Mail]/Entwürfe"}).start()
    try:
        server.deliver(eml("sent-availability"), ("\\Sent",))
        opened = backends.open_backend(account(server), {})
        try:
            batch = sync(opened.source, Role.SENT, None, SINCE, everything)
            opened.drafts.create(draft("draft-thank-you"))
        finally:
            opened.close()
        drafts = [m for m in server.messages if "\\Draft" in m.labels]
        assert (ids(batch), len(drafts)) == ([message_id("sent-availability")], 1)
    finally:
        server.stop()


def test_messages_carry_gmails_thread_id(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    invite = gmail.deliver(eml("inbox-interview-invite"))
    gmail.deliver(eml("inbox-interview-confirmation"), thread_of=invite)
    batch = sync(backend.source, Role.INBOX, None, SINCE, everything)
    assert [fetched.provider_thread_id for fetched in batch.messages] == [str(invite.thrid)] * 2


def test_sent_messages_carry_the_thread_id_of_the_conversation(backend: backends.Backend,
                                                               gmail: FakeGmailImap) -> None:
    invite = gmail.deliver(eml("inbox-interview-invite"))
    gmail.deliver(eml("sent-availability"), ("\\Sent",), thread_of=invite)
    batch = sync(backend.source, Role.SENT, None, SINCE, everything)
    assert batch.messages[0].provider_thread_id == str(invite.thrid)


def test_mail_to_oneself_is_counted_once_as_sent(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    gmail.deliver(eml("sent-availability"), ("\\Inbox", "\\Sent"))
    inbox = sync(backend.source, Role.INBOX, None, SINCE, everything)
    sent = sync(backend.source, Role.SENT, None, SINCE, everything)
    assert (ids(inbox), ids(sent)) == ([], [message_id("sent-availability")])


def test_a_message_under_several_labels_comes_once(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    gmail.deliver(eml("inbox-interview-invite"), ("\\Inbox", "\\Important", "Jobs/2026"))
    assert ids(sync(backend.source, Role.INBOX, None, SINCE, everything)) == [message_id("inbox-interview-invite")]


def test_reading_sets_no_seen_flag(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    message = gmail.deliver(eml("inbox-interview-invite"))
    sync(backend.source, Role.INBOX, None, SINCE, everything)
    assert message.flags == set()
    assert "EXAMINE" in gmail.commands and "SELECT" not in gmail.commands


def test_incremental_sync_returns_only_new_mail(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    gmail.deliver(eml("inbox-interview-invite"))
    cursor = sync(backend.source, Role.INBOX, None, SINCE, everything).cursor
    gmail.deliver(eml("inbox-status-update"))
    assert ids(sync(backend.source, Role.INBOX, cursor, SINCE, everything)) == [message_id("inbox-status-update")]


def test_draft_goes_to_gmail_drafts_with_the_draft_flag(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    backend.drafts.create(draft("draft-thank-you"))
    (stored,) = [m for m in gmail.messages if "\\Draft" in m.labels]
    assert stored.flags == {"\\Draft", "\\Seen"}
    assert message_id("draft-thank-you") in backend.drafts.present()


def test_withdrawn_draft_is_gone_and_the_users_draft_stays(backend: backends.Backend, gmail: FakeGmailImap) -> None:
    gmail.deliver(eml("drafts-user-own"), ("\\Draft",), ("\\Draft",))
    backend.drafts.create(draft("draft-thank-you"))
    assert backend.drafts.withdraw(message_id("draft-thank-you")) is True
    assert list(backend.drafts.present()) == [message_id("drafts-user-own")]
    assert "UID EXPUNGE" in gmail.commands


def test_without_x_gm_ext_1_there_is_no_provider_thread_id() -> None:
    server = FakeGmailImap(app_password=APP_PASSWORD, gmail_extensions=False).start()
    try:
        server.deliver(eml("inbox-interview-invite"))
        opened = backends.open_backend(account(server), {})
        try:
            batch = sync(opened.source, Role.INBOX, None, SINCE, everything)
        finally:
            opened.close()
        assert [fetched.provider_thread_id for fetched in batch.messages] == [None]
    finally:
        server.stop()


def test_wrong_app_password_is_an_auth_error(gmail: FakeGmailImap) -> None:
    with pytest.raises(errors.AuthError, match="refused the login"):
        backends.open_backend(account(gmail, password_command="printf wrong"), {})


# ---------------------------------------------------------------- XOAUTH2 with Google's token endpoint


@pytest.fixture
def tokens() -> Iterator[FakeGmail]:
    server = FakeGmail().start()
    yield server
    server.stop()


def oauth_account(gmail: FakeGmailImap, tokens: FakeGmail, tmp_path: Path) -> tuple[config.Account, dict[str, str]]:
    api, environ = gmail_account(tokens, tmp_path, name="gmail", scopes=oauth.IMAP_SCOPES)
    gmail.accept_token = lambda token: token in tokens.access_tokens
    return account(gmail, password_command="", auth="oauth2", client_secrets=api.client_secrets), environ


def test_xoauth2_login_with_a_refreshed_token(gmail: FakeGmailImap, tokens: FakeGmail, tmp_path: Path) -> None:
    gmail.deliver(eml("inbox-interview-invite"))
    oauth2, environ = oauth_account(gmail, tokens, tmp_path)
    opened = backends.open_backend(oauth2, environ)
    try:
        batch = sync(opened.source, Role.INBOX, None, SINCE, everything)
    finally:
        opened.close()
    assert (ids(batch), "AUTHENTICATE" in gmail.commands, tokens.token_requests) == (
        [message_id("inbox-interview-invite")], True, 1)


def test_xoauth2_with_a_token_gmail_refuses_is_an_auth_error(gmail: FakeGmailImap, tokens: FakeGmail,
                                                              tmp_path: Path) -> None:
    oauth2, environ = oauth_account(gmail, tokens, tmp_path)
    gmail.accept_token = lambda token: False
    with pytest.raises(errors.AuthError, match="refused the login"):
        backends.open_backend(oauth2, environ)
