"""The Gmail API backend against a local Gmail (tests/fakes/gmail_api.py), through Google's real client.

google-api-python-client builds the service from its shipped discovery document and talks HTTP to
127.0.0.1; google-auth refreshes tokens at the fake's token endpoint. What is checked here beyond
the contract suite: history sync and its 404, threads, batches, retries with Retry-After (the sleep
is injected, nothing sleeps for real), token refresh, drafts filed into their thread.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import draft, eml, gmail_account, message_id
from fakes.gmail_api import FakeGmail
from sourcing import Batch, sync

from watcher import backends, config, errors, oauth
from watcher.drafts.gmail import GmailDraftWriter
from watcher.drafts.maildir import message_id_of
from watcher.model import Role
from watcher.sources.gmail import BATCH_SIZE, MAX_ATTEMPTS, GmailConnection, GmailSource

pytestmark = pytest.mark.usefixtures("no_keyring")  # secrets come from the config alone

SINCE = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def everything(header: bytes) -> bool:
    return True


def ids(batch: Batch) -> list[str | None]:
    return [message_id_of(fetched.raw) for fetched in batch.messages]




@pytest.fixture
def fake() -> Iterator[FakeGmail]:
    server = FakeGmail().start()
    yield server
    server.stop()


class Gmail:
    """A connection to the fake with the sleeps it asked for recorded instead of slept."""

    def __init__(self, fake: FakeGmail, tmp_path: Path) -> None:
        self.account, self.environ = gmail_account(fake, tmp_path)
        self.sleeps: list[float] = []
        credentials, where = oauth.credentials(self.account, self.environ)
        self.connection = GmailConnection(self.account, credentials, where, sleep=self.sleeps.append,
                                          rng=random.Random(5))
        self.source = GmailSource(self.connection)
        self.drafts = GmailDraftWriter(self.connection)


@pytest.fixture
def gmail(fake: FakeGmail, tmp_path: Path) -> Iterator[Gmail]:
    opened = Gmail(fake, tmp_path)
    yield opened
    opened.connection.close()


def paths(fake: FakeGmail, fragment: str) -> list[str]:
    return [request.path for request in fake.requests if fragment in request.path]


# ---------------------------------------------------------------- sync


def test_second_sync_reads_the_history_not_the_label(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    cursor = sync(gmail.source, Role.INBOX, None, SINCE, everything).cursor
    fake.requests.clear()
    fake.deliver(eml("inbox-interview-confirmation"))
    second = sync(gmail.source, Role.INBOX, cursor, SINCE, everything)
    assert ids(second) == [message_id("inbox-interview-confirmation")]
    assert paths(fake, "/history") and not [r for r in fake.requests if r.path.endswith("/messages")]


def test_cursor_holds_the_label_and_a_history_id(fake: FakeGmail, gmail: Gmail) -> None:
    cursor = json.loads(sync(gmail.source, Role.SENT, None, SINCE, everything).cursor)
    assert cursor == {"label": "SENT", "history_id": str(fake.history_id)}


def test_expired_history_forces_a_full_resync(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    cursor = sync(gmail.source, Role.INBOX, None, SINCE, everything).cursor
    fake.expire_history()
    fake.deliver(eml("inbox-old-newsletter"))
    batch = sync(gmail.source, Role.INBOX, cursor, SINCE, everything)
    assert batch.full_resync is True
    assert ids(batch) == [message_id("inbox-interview-invite")]  # the label again, since the bound


def test_sync_after_a_full_resync_uses_the_history_again(fake: FakeGmail, gmail: Gmail) -> None:
    cursor = sync(gmail.source, Role.INBOX, None, SINCE, everything).cursor
    fake.expire_history()
    cursor = sync(gmail.source, Role.INBOX, cursor, SINCE, everything).cursor
    fake.deliver(eml("inbox-status-update"))
    batch = sync(gmail.source, Role.INBOX, cursor, SINCE, everything)
    assert (batch.full_resync, ids(batch)) == (False, [message_id("inbox-status-update")])


def test_cursor_of_the_other_label_forces_a_full_resync(fake: FakeGmail, gmail: Gmail) -> None:
    cursor = sync(gmail.source, Role.SENT, None, SINCE, everything).cursor
    assert sync(gmail.source, Role.INBOX, cursor, SINCE, everything).full_resync is True


def test_messages_carry_gmails_thread_id(fake: FakeGmail, gmail: Gmail) -> None:
    first = fake.deliver(eml("inbox-interview-invite"))
    fake.deliver(eml("inbox-interview-confirmation"))
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert [fetched.provider_thread_id for fetched in batch.messages] == [fake.messages[first].thread_id] * 2


def test_messages_carry_gmails_internal_date(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert batch.messages[0].internal_date == dt.datetime(2026, 10, 6, 18, 12, tzinfo=dt.UTC)


def test_raw_message_comes_back_byte_for_byte(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("parse-8bit-cafe"))
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert batch.messages[0].raw == eml("parse-8bit-cafe")


def test_mail_to_oneself_is_read_once_as_sent(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("sent-availability"), ("INBOX", "SENT"))
    inbox = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    sent = sync(gmail.source, Role.SENT, None, SINCE, everything)
    assert (ids(inbox), ids(sent)) == ([], [message_id("sent-availability")])


def test_label_added_later_brings_the_message(fake: FakeGmail, gmail: Gmail) -> None:
    # Sending a draft from Gmail gives its message the SENT label.
    cursor = sync(gmail.source, Role.SENT, None, SINCE, everything).cursor
    draft_id = fake.add_user_draft(eml("draft-thank-you"))
    sent = fake.drafts.pop(draft_id)
    fake.messages[sent].labels.remove("DRAFT")
    fake.add_labels(sent, ("SENT",))
    assert ids(sync(gmail.source, Role.SENT, cursor, SINCE, everything)) == [message_id("draft-thank-you")]


def test_history_of_other_labels_brings_nothing(fake: FakeGmail, gmail: Gmail) -> None:
    cursor = sync(gmail.source, Role.INBOX, None, SINCE, everything).cursor
    fake.deliver(eml("sent-availability"), ("SENT",))
    fake.add_user_draft(eml("drafts-user-own"))
    assert sync(gmail.source, Role.INBOX, cursor, SINCE, everything).messages == ()


def test_pages_of_the_listing_and_the_history_are_all_read(fake: FakeGmail, gmail: Gmail) -> None:
    fake.page_size = 2
    for name in ("inbox-interview-invite", "inbox-interview-confirmation", "inbox-status-update"):
        fake.deliver(eml(name))
    first = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    for name in ("larkspur-invite", "parse-8bit-cafe", "parse-calendar-tzid"):
        fake.deliver(eml(name))
    second = sync(gmail.source, Role.INBOX, first.cursor, SINCE, everything)
    assert (len(first.messages), len(second.messages)) == (3, 3)


def test_messages_are_fetched_in_batches_of_at_most_fifty(fake: FakeGmail, gmail: Gmail) -> None:
    raw = eml("inbox-interview-invite")
    for number in range(BATCH_SIZE + 5):
        fake.deliver(raw.replace(b"<invite-1@example.com>", f"<invite-{number}@example.com>".encode()))
    fake.requests.clear()
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert len(batch.messages) == BATCH_SIZE + 5
    assert len(paths(fake, "/batch/gmail/v1")) == 4  # headers and bodies, two batches each
    assert not [r for r in fake.requests if "/messages/" in r.path and not r.in_batch]


def test_only_wanted_bodies_are_fetched(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    fake.deliver(eml("inbox-interview-confirmation"))
    fake.requests.clear()
    sync(gmail.source, Role.INBOX, None, SINCE, lambda header: b"Message-ID: <invite-1@" in header)
    formats = [r.query.get("format") for r in fake.requests if "/messages/" in r.path]
    assert sorted(map(str, formats)) == sorted(map(str, [["metadata"], ["metadata"], ["raw"]]))


def test_reading_only_ever_gets_and_lists(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    cursor = sync(gmail.source, Role.INBOX, None, SINCE, everything).cursor
    sync(gmail.source, Role.INBOX, cursor, SINCE, everything)
    assert {r.method for r in fake.requests if r.path.startswith("/gmail/")} == {"GET"}


# ---------------------------------------------------------------- retries


def test_rate_limit_is_retried_after_the_servers_retry_after(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    fake.fail(r"GET .*/messages$", 429, retry_after="7")
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert (ids(batch), gmail.sleeps) == ([message_id("inbox-interview-invite")], [7.0])


def test_rate_limit_inside_a_batch_retries_only_that_request(fake: FakeGmail, gmail: Gmail) -> None:
    for name in ("inbox-interview-invite", "inbox-interview-confirmation", "inbox-status-update"):
        fake.deliver(eml(name))
    fake.fail(r"GET .*/messages/[0-9a-f]+$", 429, retry_after="3")
    fake.requests.clear()
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    metadata = [r for r in fake.requests if r.query.get("format") == ["metadata"]]
    assert (len(batch.messages), len(metadata), gmail.sleeps) == (3, 4, [3.0])


def test_rate_limit_of_the_whole_batch_is_retried(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    fake.fail(r"POST /batch", 429, retry_after="2")
    assert len(sync(gmail.source, Role.INBOX, None, SINCE, everything).messages) == 1
    assert gmail.sleeps == [2.0]


def test_server_errors_back_off_exponentially(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"GET .*/profile$", 503, times=3)
    sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert [int(seconds) for seconds in gmail.sleeps] == [1, 2, 4]


def test_403_user_rate_limit_is_retried(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"GET .*/profile$", 403, reason="userRateLimitExceeded")
    sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert len(gmail.sleeps) == 1


def test_lasting_rate_limit_becomes_a_transient_error(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"GET .*/profile$", 429, times=MAX_ATTEMPTS, retry_after="1")
    with pytest.raises(errors.TransientError, match="rate limit"):
        sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert gmail.sleeps == [1.0] * (MAX_ATTEMPTS - 1)


def test_a_long_retry_after_is_left_to_the_daemon(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"GET .*/profile$", 429, retry_after="3600")
    with pytest.raises(errors.TransientError, match="wait 3600 s"):
        sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert gmail.sleeps == []


def test_retry_after_as_an_http_date_is_honoured(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"GET .*/profile$", 503, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")  # already past
    sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert gmail.sleeps == [0.0]


def test_draft_creation_is_not_retried_after_a_server_error(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"POST .*/drafts$", 500)
    with pytest.raises(errors.TransientError):
        gmail.drafts.create(draft("draft-thank-you"))
    assert (fake.drafts, gmail.sleeps) == ({}, [])


def test_draft_creation_is_retried_after_a_rate_limit(fake: FakeGmail, gmail: Gmail) -> None:
    fake.fail(r"POST .*/drafts$", 429, retry_after="1")
    gmail.drafts.create(draft("draft-thank-you"))
    assert len(fake.drafts) == 1


# ---------------------------------------------------------------- tokens


def test_expired_access_token_is_refreshed_and_the_request_repeated(fake: FakeGmail, gmail: Gmail) -> None:
    sync(gmail.source, Role.INBOX, None, SINCE, everything)
    before = fake.token_requests
    fake.expire_access_tokens()
    fake.deliver(eml("inbox-interview-invite"))
    batch = sync(gmail.source, Role.INBOX, None, SINCE, everything)
    assert (len(batch.messages), fake.token_requests) == (1, before + 1)


def test_revoked_refresh_token_is_an_auth_error_naming_login_and_testing_mode(fake: FakeGmail, gmail: Gmail) -> None:
    fake.refresh_tokens.clear()
    with pytest.raises(errors.AuthError, match=r"login test.*7 days"):
        sync(gmail.source, Role.INBOX, None, SINCE, everything)


def test_open_backend_checks_the_token_at_once(fake: FakeGmail, tmp_path: Path) -> None:
    account, environ = gmail_account(fake, tmp_path)
    fake.refresh_tokens.clear()
    with pytest.raises(errors.AuthError, match="Google refused the OAuth token"):
        backends.open_backend(account, environ)


def test_backend_describes_the_address_and_the_token_source_but_never_the_token(fake: FakeGmail, tmp_path: Path) -> None:
    account, environ = gmail_account(fake, tmp_path)
    backend = backends.open_backend(account, environ)
    try:
        description = backend.describe()
    finally:
        backend.close()
    assert description.startswith("gmail-api candidate@example.org at http://127.0.0.1:")
    assert "refresh token from systemd credential 'test.oauth'" in description
    assert not any(token in description for token in [*fake.refresh_tokens, *fake.access_tokens])


def test_token_command_gives_the_access_token(fake: FakeGmail, tmp_path: Path) -> None:
    fake.access_tokens.add("ya29.from-a-command")
    account = config.Account(name="cmd", backend="gmail-api", api_endpoint=fake.url,
                             token_command="printf ya29.from-a-command")
    backend = backends.open_backend(account, {})
    try:
        assert sync(backend.source, Role.INBOX, None, SINCE, everything).messages == ()
    finally:
        backend.close()


def test_missing_refresh_token_says_to_run_login(fake: FakeGmail, tmp_path: Path) -> None:
    account, _ = gmail_account(fake, tmp_path)
    with pytest.raises(errors.AuthError, match="followup-watcher login test"):
        backends.open_backend(account, {})


def test_api_backend_asks_for_readonly_and_compose_only() -> None:
    assert oauth.GMAIL_API_SCOPES == ("https://www.googleapis.com/auth/gmail.readonly",
                                      "https://www.googleapis.com/auth/gmail.compose")


# ---------------------------------------------------------------- drafts


def test_draft_is_created_in_the_thread_it_answers(fake: FakeGmail, gmail: Gmail) -> None:
    invite = fake.deliver(eml("inbox-interview-invite"))
    fake.deliver(eml("inbox-interview-confirmation"))
    gmail.drafts.create(draft("draft-thank-you"))
    (created,) = fake.draft_messages()
    assert created.thread_id == fake.messages[invite].thread_id


def test_draft_thread_is_found_through_references_when_in_reply_to_is_unknown(fake: FakeGmail, gmail: Gmail) -> None:
    invite = fake.deliver(eml("inbox-interview-invite"))
    gmail.drafts.create(draft("draft-thank-you"))  # answers the confirmation, which Gmail does not have
    assert fake.draft_messages()[0].thread_id == fake.messages[invite].thread_id


def test_draft_keeps_its_threading_headers(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    gmail.drafts.create(draft("draft-thank-you"))
    created = fake.draft_messages()[0]
    assert (created.header("In-Reply-To"), created.header("Message-ID")) == (
        "<confirmation-1@example.com>", message_id("draft-thank-you"))


def test_withdraw_deletes_only_the_exact_message_id(fake: FakeGmail, gmail: Gmail) -> None:
    lookalike = eml("drafts-user-own").replace(b"<user-draft-1@example.org>", b"<x-fw.thank-you.7c1e@example.org>")
    fake.add_user_draft(lookalike)
    gmail.drafts.create(draft("draft-thank-you"))
    assert gmail.drafts.withdraw(message_id("draft-thank-you")) is True
    assert [m.message_id() for m in fake.draft_messages()] == ["<x-fw.thank-you.7c1e@example.org>"]


def test_withdraw_uses_drafts_delete(fake: FakeGmail, gmail: Gmail) -> None:
    gmail.drafts.create(draft("draft-thank-you"))
    gmail.drafts.withdraw(message_id("draft-thank-you"))
    assert [r.method for r in fake.requests if "/drafts/" in r.path and r.method != "GET"] == ["DELETE"]


def test_present_reads_draft_bodies_in_batches(fake: FakeGmail, gmail: Gmail) -> None:
    gmail.drafts.create(draft("draft-thank-you"))
    gmail.drafts.create(draft("draft-follow-up"))
    fake.requests.clear()
    assert len(gmail.drafts.present()) == 2
    assert all(r.in_batch for r in fake.requests if "/drafts/" in r.path)


def test_a_draft_is_read_once_per_gmail_message_and_again_after_the_user_edits_it(fake: FakeGmail, gmail: Gmail) -> None:
    # Gmail never changes a stored message: an edited draft is a new message under the same draft id
    gmail.drafts.create(draft("draft-thank-you"))
    gmail.drafts.create(draft("draft-follow-up"))
    gmail.drafts.present()
    fake.requests.clear()
    gmail.drafts.present()
    unchanged = [r.path for r in fake.requests if "/drafts/" in r.path]
    (draft_id,) = [d for d, m in fake.drafts.items() if fake.messages[m].message_id() == message_id("draft-thank-you")]
    edited = eml("draft-thank-you").replace(b"\n\n", b"\n\nP.S. edited by hand.\n", 1)
    fake.edit_draft(draft_id, edited)
    fake.requests.clear()
    present = gmail.drafts.present()
    assert (unchanged, [r.path.rsplit("/", 1)[1] for r in fake.requests if "/drafts/" in r.path]) == ([], [draft_id])
    assert b"edited by hand" in present[message_id("draft-thank-you")].raw


def test_a_new_process_sees_the_same_drafts_stamp_while_nothing_changed(fake: FakeGmail, gmail: Gmail) -> None:
    # the scan keeps the last listing under this stamp: a `scan --once` with nothing new reads no draft
    gmail.drafts.create(draft("draft-thank-you"))
    gmail.drafts.create(draft("draft-follow-up"))
    before = gmail.drafts.stamp()
    fake.requests.clear()
    again = GmailDraftWriter(gmail.connection).stamp()
    assert again == before and len(paths(fake, "/drafts")) == 1  # the list, no draft read


def test_the_drafts_stamp_changes_when_the_user_edits_a_draft(fake: FakeGmail, gmail: Gmail) -> None:
    gmail.drafts.create(draft("draft-thank-you"))
    before = gmail.drafts.stamp()
    (draft_id,) = fake.drafts
    fake.edit_draft(draft_id, eml("draft-thank-you").replace(b"\n\n", b"\n\nP.S. edited by hand.\n", 1))
    assert GmailDraftWriter(gmail.connection).stamp() != before


def test_the_drafts_stamp_changes_when_a_draft_is_discarded(fake: FakeGmail, gmail: Gmail) -> None:
    gmail.drafts.create(draft("draft-thank-you"))
    gmail.drafts.create(draft("draft-follow-up"))
    before = gmail.drafts.stamp()
    gmail.drafts.withdraw(message_id("draft-follow-up"))
    assert GmailDraftWriter(gmail.connection).stamp() != before


def test_each_stamp_reads_the_drafts_as_they_are_now(fake: FakeGmail, gmail: Gmail) -> None:
    # a scan that reused its stored listing never asked for present(): the next scan's stamp is fresh
    first = gmail.drafts.stamp()
    gmail.drafts.create(draft("draft-thank-you"))
    assert gmail.drafts.stamp() != first


def test_the_listing_after_a_stamp_is_the_stamps_own(fake: FakeGmail, gmail: Gmail) -> None:
    gmail.drafts.create(draft("draft-thank-you"))
    writer = GmailDraftWriter(gmail.connection)
    fake.requests.clear()
    writer.stamp()
    present = writer.present()
    assert set(present) == {message_id("draft-thank-you")}
    assert len([p for p in paths(fake, "/drafts") if p.endswith("/drafts")]) == 1


def test_nothing_ever_reaches_a_send_endpoint(fake: FakeGmail, gmail: Gmail) -> None:
    fake.deliver(eml("inbox-interview-invite"))
    for role in (Role.INBOX, Role.SENT):
        sync(gmail.source, role, None, SINCE, everything)
    gmail.drafts.create(draft("draft-thank-you"))
    gmail.drafts.present()
    gmail.drafts.withdraw(message_id("draft-thank-you"))
    assert fake.send_requests() == []
