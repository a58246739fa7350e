"""The daemon's alarm clock: APScheduler 3 jobs at planned due times, plus a periodic reconcile.

The only importer of apscheduler. Jobs do no work: each one posts a wake-up to the daemon's thread,
which owns the mail connections and the state database (DESIGN.md rule 9). The jobs live in memory
and are rebuilt from the state database at start and after every scan: a job's id is its follow-up's
id and `replace_existing` updates a moved due time, so a restart neither replays nor loses one.

Checked with APScheduler 3.11: the default `misfire_grace_time` (1 s) silently drops a job whose time
passed while the process was busy, stopped or the machine suspended. Here it is None ("run however
late") with `coalesce`, so such a job runs once, as soon as the scheduler sees it. The daemon also
scans at start, which writes everything due by then, and ignores a wake-up for a due time that a
finished scan already covered.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler

from watcher.model import FollowUp, Status

log = logging.getLogger(__name__)
# "Added job", "Running job" at INFO for every due time would drown the decisions in the journal.
logging.getLogger("apscheduler").setLevel(logging.WARNING)

RECONCILE = "reconcile"  # follow-up ids look like "t123:0:thank_you", so this id cannot clash

# Called in the scheduler's thread with a reason and, for a due job, the due time it stands for.
Post = Callable[[str, dt.datetime | None], None]


def due_times(followups: Iterable[FollowUp]) -> dict[str, dt.datetime]:
    """Follow-up id -> due time of every follow-up still waiting to be drafted."""
    return {f.followup_id: f.due for f in followups if f.status is Status.PLANNED and f.due is not None}


class Schedule:
    """A background scheduler whose jobs only call `post`."""

    def __init__(self, post: Post, reconcile_seconds: int) -> None:
        self._post = post
        self._reconcile_seconds = reconcile_seconds
        self._scheduler = BackgroundScheduler(
            timezone=dt.UTC,
            # one worker is plenty: a job only posts a wake-up
            executors={"default": ThreadPoolExecutor(1)},
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1})

    def start(self) -> None:
        self._scheduler.start()
        self.reconcile_every(self._reconcile_seconds)

    def reconcile_every(self, seconds: int) -> None:
        """A full scan every `seconds` even when nothing wakes the daemon (catches what a wake-up missed)."""
        self._reconcile_seconds = seconds
        self._scheduler.add_job(self._post, "interval", seconds=seconds, args=(RECONCILE, None),
                                id=RECONCILE, replace_existing=True)

    def sync(self, due: Mapping[str, dt.datetime], after: dt.datetime | None = None) -> None:
        """Make the due-time jobs exactly `due` (those at or before `after` are left out: already handled)."""
        wanted = {key: when for key, when in due.items() if after is None or when > after}
        existing = {job.id: job for job in self._scheduler.get_jobs() if job.id != RECONCILE}
        for key in existing.keys() - wanted.keys():
            self._scheduler.remove_job(key)
        for key, when in wanted.items():
            job = existing.get(key)
            if job is not None and job.next_run_time == when:
                continue
            self._scheduler.add_job(self._post, "date", run_date=when, args=(f"due {key}", when), id=key,
                                    replace_existing=True)
        log.debug("scheduled %d due time(s)", len(wanted))

    def jobs(self) -> dict[str, dt.datetime | None]:
        """Job id -> next run time (None for a paused job), for logs, status lines and tests."""
        found: list[Job] = self._scheduler.get_jobs()
        # A job added before start() has no next_run_time attribute yet.
        return {job.id: getattr(job, "next_run_time", None) for job in found}

    def next_due(self) -> dt.datetime | None:
        times = [when for key, when in self.jobs().items() if key != RECONCILE and when is not None]
        return min(times) if times else None

    def wakeup(self) -> None:
        """Recompute the next run from the wall clock (after a suspend, the scheduler's wait overslept)."""
        self._scheduler.wakeup()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
