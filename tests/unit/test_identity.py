"""watcher/identity: the user's other accounts are the user's, found by their own full name."""

from __future__ import annotations

import datetime as dt

from watcher.config import Me
from watcher.identity import Identity
from watcher.model import Address, Message, Role

USER = Identity.of(Me(name="Alex Candidate", addresses=("candidate@example.org",)))
ME = Address("candidate@example.org", "Alex Candidate")
WHEN = dt.datetime(2026, 11, 3, 21, 15, tzinfo=dt.UTC)


def mail(sender: Address, to: Address = ME, subject: str = "Fwd: Pellucid Payments - interview confirmed") -> Message:
    return Message(account="main", message_id=f"<{sender.email}@x>", role=Role.INBOX, date=WHEN,
                   sender=sender, to=(to,), subject=subject)


def test_a_forward_from_the_users_old_account_under_their_own_name_is_the_users() -> None:
    old = Address("alex.candidate@oldmail.example.net", "Alex Candidate")
    assert old.email in USER.with_own_accounts([mail(old)]).addresses


def test_counter_example_someone_who_shares_only_the_first_name_is_not_the_user() -> None:
    recruiter = Address("alex.morgan@keelwatertalent.example.com", "Alex Morgan")
    assert USER.with_own_accounts([mail(recruiter)]).addresses == USER.addresses


def test_counter_example_mail_under_the_users_name_to_someone_else_adds_nothing() -> None:
    other = Address("alex.candidate@oldmail.example.net", "Alex Candidate")
    to = Address("nadia.haddad@keelwatertalent.example.com", "Nadia Haddad")
    assert USER.with_own_accounts([mail(other, to=to)]).addresses == USER.addresses
