"""The alarm clock: jobs at planned due times, rebuilt from stored follow-ups, that only post a wake-up.

These run APScheduler for real (its own thread); the tests wait for the posted wake-up with a
timeout, never for time to pass.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest

from watcher.model import FollowUp, Kind, Status
from watcher.scheduler import RECONCILE, Schedule, due_times

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def followup(key: str, due: dt.datetime | None, status: Status = Status.PLANNED) -> FollowUp:
    return FollowUp(followup_id=key, thread_id=key.split(":")[0], account="personal", round_index=0,
                    kind=Kind.FOLLOW_UP, due=due, status=status, reason="test")


class Posts:
    """What the jobs posted, as the daemon's wake-up pair would receive it."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dt.datetime | None]] = []
        self.arrived = threading.Event()

    def __call__(self, reason: str, due: dt.datetime | None) -> None:
        self.received.append((reason, due))
        self.arrived.set()


@pytest.fixture
def posts() -> Posts:
    return Posts()


@pytest.fixture
def schedule(posts: Posts) -> Iterator[Schedule]:
    started = Schedule(posts, reconcile_seconds=3600)
    started.start()
    yield started
    started.shutdown()


def _wait_until_gone(schedule: Schedule, key: str) -> None:
    deadline = time.monotonic() + 10
    while key in schedule.jobs():
        assert time.monotonic() < deadline, f"job {key} still scheduled"
        time.sleep(0.01)  # the scheduler thread removes a finished date job right after running it


def test_only_planned_follow_ups_with_a_due_time_get_jobs() -> None:
    stored = [followup("t1:0:follow_up", NOW + dt.timedelta(days=3)),
              followup("t2:0:follow_up", NOW + dt.timedelta(days=1), Status.DRAFTED),
              followup("t3:0:follow_up", None),
              followup("t4:0:follow_up", NOW - dt.timedelta(days=1), Status.CANCELLED)]
    assert due_times(stored) == {"t1:0:follow_up": NOW + dt.timedelta(days=3)}


def test_jobs_are_named_by_follow_up_id_and_follow_the_plan(schedule: Schedule) -> None:
    first, second = NOW + dt.timedelta(days=3), NOW + dt.timedelta(days=9)
    schedule.sync({"t1:0:follow_up": first, "t2:0:thank_you": second})
    jobs = schedule.jobs()
    assert jobs["t1:0:follow_up"] == first
    assert jobs["t2:0:thank_you"] == second
    assert RECONCILE in jobs
    assert schedule.next_due() == first

    moved = NOW + dt.timedelta(days=5)
    schedule.sync({"t1:0:follow_up": moved})  # the deadline moved; t2 was cancelled
    jobs = schedule.jobs()
    assert jobs["t1:0:follow_up"] == moved
    assert "t2:0:thank_you" not in jobs
    assert RECONCILE in jobs


def test_a_due_time_a_finished_scan_covered_gets_no_job(schedule: Schedule) -> None:
    schedule.sync({"t1:0:thank_you": NOW - dt.timedelta(minutes=1), "t2:0:thank_you": NOW + dt.timedelta(hours=1)},
                  after=NOW)
    assert set(schedule.jobs()) == {RECONCILE, "t2:0:thank_you"}


def test_a_job_that_fell_due_while_the_daemon_was_down_runs_once_at_start(schedule: Schedule, posts: Posts) -> None:
    missed = NOW - dt.timedelta(hours=5)  # APScheduler's default 1 s grace would drop it silently
    schedule.sync(due_times([followup("t1:0:thank_you", missed)]))
    assert posts.arrived.wait(10)
    _wait_until_gone(schedule, "t1:0:thank_you")
    assert posts.received == [("due t1:0:thank_you", missed)]


def test_the_reconcile_interval_can_change(schedule: Schedule) -> None:
    before = schedule.jobs()[RECONCILE]
    assert before is not None
    schedule.reconcile_every(60)
    after = schedule.jobs()[RECONCILE]
    assert after is not None and after < before
