"""What a sync keeps does not depend on the backend (issue #10): triage reads the same start of a
person's mail everywhere. Gmail's API hands out a snippet of about 200 characters with the listing;
it can show a job, but it cannot rule one out — the founder who introduces her company first and
asks for an interview in the second paragraph is kept on Gmail too, as over IMAP and in a Maildir."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import Harness

from watcher import config, identity, sync
from watcher.model import Role
from watcher.state import State

pytestmark = pytest.mark.usefixtures("no_keyring")

NOW = dt.datetime(2026, 10, 16, 12, 0, tzinfo=dt.UTC)
ME = identity.Identity.of(config.Me(name="Alex Rivera", addresses=("alex@example.org",)))
ACCOUNT = config.Account(name="main", backend="maildir", path="/nowhere")


def read_whole(mail: Harness, tmp_path: Path) -> set[str]:
    state = State.open(tmp_path / "state.sqlite3")
    try:
        sync.sync(ACCOUNT, mail.source(), state, NOW, ME)
        return {m.message_id for m in state.messages()}
    finally:
        state.close()


def test_a_persons_mail_that_asks_for_an_interview_after_its_first_200_characters_is_read_on_every_backend(
        mail: Harness, tmp_path: Path) -> None:
    mail.add(Role.INBOX, "inbox-founder-late-invite")
    assert read_whole(mail, tmp_path) == {"<founder-late-invite@mail.gmail.example.com>"}


def test_a_friends_mail_about_nothing_of_a_job_is_still_not_read_on_every_backend(
        mail: Harness, tmp_path: Path) -> None:
    # the body's start is read when the snippet does not tell, and it decides: dinner is not a job
    mail.add(Role.INBOX, "inbox-friend-long-dinner")
    assert read_whole(mail, tmp_path) == set()
