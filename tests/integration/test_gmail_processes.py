"""A hiring process split across Gmail threads: its drafts answer the contact's own thread, in every scan.

Gmail keeps an applicant-tracking system's confirmation in a thread of its own (no References), so
the process has two threads; the thank-you is due days after the mail stopped, in a scan that has
nothing new to read. That scan plans from the detections the last one saved, and its draft must
still answer the recruiter's thread, not the system's mail.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import gmail_account
from fakes.gmail_api import FakeGmail

from watcher import backends, config, scan
from watcher.state import State

pytestmark = pytest.mark.usefixtures("no_keyring")  # secrets come from the config alone

ME = config.Me(name="Alex Candidate", addresses=("candidate@example.org",))


def mail(message_id: str, sender: str, to: str, subject: str, at: str, body: str, *, reply_to: str = "",
         in_reply_to: str = "") -> bytes:
    headers = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", f"Date: {at}", f"Message-ID: {message_id}"]
    if reply_to:
        headers.append(f"Reply-To: {reply_to}")
    if in_reply_to:
        headers += [f"In-Reply-To: {in_reply_to}", f"References: {in_reply_to}"]
    return ("\r\n".join([*headers, "Content-Type: text/plain; charset=utf-8", "", body, ""])).encode()


INVITE = mail("<invite@larkspur.example.com>", "Maren Holt <maren@larkspur.example.com>", "candidate@example.org",
              "Backend Engineer interview", "Tue, 10 Nov 2026 09:00:00 -0500",
              "Hi Alex, your interview for the Backend Engineer role is confirmed for Tuesday, November 17 at "
              "10:00 AM (EST) on Zoom. Best, Maren")
REPLY = mail("<reply@example.org>", "Alex Candidate <candidate@example.org>", "maren@larkspur.example.com",
             "Re: Backend Engineer interview", "Tue, 10 Nov 2026 12:00:00 -0500",
             "Thank you Maren, confirmed. See you then!", in_reply_to="<invite@larkspur.example.com>")
SYSTEM = mail("<confirm@greenhouse.io>", "Larkspur Recruiting <no-reply@greenhouse.io>", "candidate@example.org",
              "Interview confirmation: Backend Engineer at Larkspur", "Wed, 11 Nov 2026 08:00:00 -0500",
              "This confirms your interview with Larkspur on Tuesday, November 17 at 10:00 AM (EST).",
              reply_to="Larkspur Recruiting <recruiting@larkspur.example.com>")


@pytest.fixture
def fake() -> Iterator[FakeGmail]:
    server = FakeGmail().start()
    yield server
    server.stop()


def test_a_thank_you_due_in_a_scan_with_nothing_new_answers_the_recruiters_thread(fake: FakeGmail,
                                                                                  tmp_path: Path) -> None:
    fake.deliver(INVITE)
    fake.deliver(REPLY, ("SENT",))
    fake.deliver(SYSTEM)
    account, environ = gmail_account(fake, tmp_path, name="main")
    cfg = config.Config(source="<test>", accounts=(account,), me=ME, state_path=tmp_path / "state.sqlite3")
    state = State.open(cfg.state_path)
    backend = backends.open_backend(account, environ)
    try:
        scan.scan(cfg, state, {"main": backend}, dt.datetime(2026, 11, 12, 12, 0, tzinfo=dt.UTC))
        scan.scan(cfg, state, {"main": backend}, dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC))
    finally:
        backend.close()
        state.close()
    drafts = [email.message_from_bytes(d.raw, policy=email.policy.default) for d in fake.draft_messages(False)]
    assert [(str(d["To"]), str(d["In-Reply-To"])) for d in drafts] == [
        ("Maren Holt <maren@larkspur.example.com>", "<reply@example.org>")]
