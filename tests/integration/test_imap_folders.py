"""IMAP connection and folder discovery against real Dovecot servers.

Three servers: the session's standard one (Sent/Drafts marked with RFC 6154 special-use), one that
marks unusually named folders (so only special-use can find them), and one that marks nothing (so
discovery falls back to well-known names). The one wrong-password login of this module goes to the
last, since Dovecot slows down logins after failures.
"""

from __future__ import annotations

from collections.abc import Iterator

import dovecot
import ports
import pytest
from conftest import NO_DOVECOT, DovecotUser, new_user

from watcher import backends, config, errors
from watcher.sources.imap import ImapConnection


def started(special_use: dict[str, str]) -> Iterator[dovecot.Dovecot]:
    if not dovecot.available():
        pytest.skip(NO_DOVECOT)
    server = dovecot.Dovecot(special_use)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def unusual_server() -> Iterator[dovecot.Dovecot]:
    yield from started({"Sent": "Outbox Copies", "Drafts": "Unfinished"})


@pytest.fixture(scope="module")
def unmarked_server() -> Iterator[dovecot.Dovecot]:
    yield from started({})


def connection(user: DovecotUser, **overrides: str) -> ImapConnection:
    return ImapConnection(user.account(**overrides), user.password, "password from a test")


def folder_of(user: DovecotUser, purpose: str, **overrides: str) -> str:
    imap = connection(user, **overrides)
    try:
        return imap.folder(purpose)
    finally:
        imap.close()


@pytest.mark.dovecot
def test_sent_folder_is_found_by_special_use(unusual_server: dovecot.Dovecot) -> None:
    user = new_user(unusual_server)
    assert folder_of(user, "sent") == "Outbox Copies"


@pytest.mark.dovecot
def test_drafts_folder_is_found_by_special_use(unusual_server: dovecot.Dovecot) -> None:
    user = new_user(unusual_server)
    assert folder_of(user, "drafts") == "Unfinished"


@pytest.mark.dovecot
def test_special_use_wins_over_a_folder_named_sent(unusual_server: dovecot.Dovecot) -> None:
    user = new_user(unusual_server)
    with user.tool() as tool:
        tool.create("Sent")
    assert folder_of(user, "sent") == "Outbox Copies"


@pytest.mark.dovecot
def test_sent_folder_falls_back_to_a_well_known_name(unmarked_server: dovecot.Dovecot) -> None:
    user = new_user(unmarked_server)
    with user.tool() as tool:
        tool.create("Sent Items")
    assert folder_of(user, "sent") == "Sent Items"


@pytest.mark.dovecot
def test_drafts_folder_falls_back_to_a_well_known_name(unmarked_server: dovecot.Dovecot) -> None:
    user = new_user(unmarked_server)
    with user.tool() as tool:
        tool.create("Drafts")
    assert folder_of(user, "drafts") == "Drafts"


@pytest.mark.dovecot
def test_no_sent_folder_is_a_user_error_naming_the_config_key(unmarked_server: dovecot.Dovecot) -> None:
    user = new_user(unmarked_server)
    with pytest.raises(errors.UserError, match="set sent_folder"):
        folder_of(user, "sent")


@pytest.mark.dovecot
def test_no_drafts_folder_is_a_user_error_naming_the_config_key(unmarked_server: dovecot.Dovecot) -> None:
    user = new_user(unmarked_server)
    with pytest.raises(errors.UserError, match="set drafts_folder"):
        folder_of(user, "drafts")


@pytest.mark.dovecot
def test_configured_folder_wins_over_special_use(dovecot_user: DovecotUser) -> None:
    with dovecot_user.tool() as tool:
        tool.create("Archive/Sent 2026")
    assert folder_of(dovecot_user, "sent", sent_folder="Archive/Sent 2026") == "Archive/Sent 2026"


@pytest.mark.dovecot
def test_configured_folder_that_does_not_exist_is_a_user_error(dovecot_user: DovecotUser) -> None:
    with pytest.raises(errors.UserError, match="sent_folder = 'Outgoing'"):
        folder_of(dovecot_user, "sent", sent_folder="Outgoing")


@pytest.mark.dovecot
def test_inbox_is_inbox_unless_configured(dovecot_user: DovecotUser) -> None:
    assert folder_of(dovecot_user, "inbox") == "INBOX"


@pytest.mark.dovecot
def test_security_none_logs_in_to_loopback(dovecot_user: DovecotUser) -> None:
    backend = backends.open_backend(dovecot_user.account(), {})
    try:
        description = backend.describe()
    finally:
        backend.close()
    expected = f"imap 127.0.0.1:{dovecot_user.server.port} as {dovecot_user.username} (password from password_command)"
    assert description == expected


@pytest.mark.dovecot
def test_description_never_holds_the_password(dovecot_user: DovecotUser) -> None:
    backend = backends.open_backend(dovecot_user.account(), {})
    try:
        assert dovecot_user.password not in backend.describe()
    finally:
        backend.close()


@pytest.mark.dovecot
def test_wrong_password_is_an_auth_error(unmarked_server: dovecot.Dovecot) -> None:
    # The only failing login against this server: Dovecot delays logins after failures.
    user = new_user(unmarked_server)
    with pytest.raises(errors.AuthError, match="refused the login"):
        backends.open_backend(user.account(password_command="printf wrong-password"), {})


def test_unreachable_server_is_a_transient_error() -> None:
    with ports.closed_port() as port:  # nothing listens there, and nothing can start to
        account = config.Account(name="test", backend="imap", host="127.0.0.1", port=port,
                                 security="none", username="nobody@example.org")
        with pytest.raises(errors.TransientError, match="connecting to 127.0.0.1"):
            ImapConnection(account, "x").connect()
