"""The user withdrawing from a process ends its follow-ups, as the hiring side's decision does."""

from __future__ import annotations

import datetime as dt

import pytest

from rules import replies
from watcher.model import Address, Event, Message, Role, Side

NOW = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)


def _mine(text: str) -> Event:
    message = Message(account="main", message_id="<w1@example.org>", role=Role.SENT, date=NOW,
                      sender=Address("alex@example.org", "Alex Candidate"), subject="Re: Actuarial Analyst",
                      text=text, author_text=text)
    return replies.event(message, Side.ME)


@pytest.mark.parametrize("text", [
    "I wanted to let you know that I've accepted another offer, so I'd like to withdraw my application.",
    "Please withdraw me from consideration for the Actuarial Analyst position.",
    "After a lot of thought I've decided to withdraw from the process.",
])
def test_the_user_withdrawing_is_their_decision(text: str) -> None:
    assert _mine(text).decision == "withdrawn"


@pytest.mark.parametrize("text", [
    "If I receive another offer before then, I'll let you know right away.",
    "Thanks! I'm still very interested and looking forward to hearing from you.",
])
def test_counter_example_the_user_staying_in_withdraws_nothing(text: str) -> None:
    assert _mine(text).decision == ""
