"""A decision the company sent in another thread ends a process, unless that thread is a candidacy of its own."""

from __future__ import annotations

import datetime as dt

from watcher import scan
from watcher.model import Address, Deadline, Detection, Event, Round, Side

AT = dt.datetime(2026, 10, 19, 20, 30, tzinfo=dt.UTC)
REJECTION = Event(at=AT + dt.timedelta(days=4), message_id="<no@kestrune.example.com>", side=Side.HIRING,
                  decision="rejection", sentence="We won't be moving forward with the Grid Analytics role.")


def process(thread_id: str, contact: str, *events: Event, start: dt.datetime | None = AT,
            is_interview: bool = True) -> Detection:
    held = Round(index=0, start=start, minutes=45, scheduled_at=AT - dt.timedelta(days=5), source="the test",
                 deadline=Deadline(date=None, basis="default"))
    return Detection(thread_id=thread_id, account="main", subject="Interview", is_interview=is_interview,
                     why=("a test",), company="Kestrune Energy", company_key="kestrune.example.com",
                     contact=Address(contact, ""), domains=("kestrune.example.com",), rounds=(held,), events=events)


def test_the_rejection_of_another_candidacy_at_the_company_leaves_this_one_going() -> None:
    sre = process("t-sre", "marcus@kestrune.example.com")
    grid = process("t-grid", "delphine@kestrune.example.com", REJECTION)
    assert scan._decision_elsewhere(sre, scan._company_decisions([sre, grid])) is None


def test_counter_example_a_rejection_in_a_thread_of_its_own_ends_the_process() -> None:
    sre = process("t-sre", "marcus@kestrune.example.com")
    notice = process("t-notice", "no-reply@kestrune.example.com", REJECTION, start=None, is_interview=False)
    stop = scan._decision_elsewhere(sre, scan._company_decisions([sre, notice]))
    assert stop is not None and stop.at == REJECTION.at
