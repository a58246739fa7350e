"""Opens what a command needs — the state store, the account backends, the single-instance lock —
and closes it again. `scan_once` and `status` are what the CLI calls; the daemon reuses the pieces.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from watcher import errors, hooks, quiet, scan
from watcher.backends import Backend, open_backend
from watcher.config import Config
from watcher.model import Status
from watcher.state import State

log = logging.getLogger(__name__)


@contextlib.contextmanager
def instance_lock(state_path: Path) -> Iterator[None]:
    """One writer per state file: a second scan or daemon is refused, not run twice."""
    state_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock_path = state_path.with_name(state_path.name + ".lock")
    handle = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise errors.StateError(
                f"another followup-watcher is using {state_path} (lock {lock_path}) — "
                "stop it first, or use `status`, which can read while it runs") from None
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def backends(config: Config, seen: quiet.Look | None = None) -> Iterator[dict[str, Backend]]:
    """Each account's backend, logged in; with the password the launcher's look logged in with, if any."""
    opened: dict[str, Backend] = {}
    try:
        for account in config.accounts:
            opened[account.name] = open_backend(account, os.environ,
                                                seen.password(config, account.name) if seen is not None else None)
        yield opened
    finally:
        for backend in opened.values():
            with contextlib.suppress(errors.WatcherError, OSError):
                backend.close()


def scan_once(config: Config, now: dt.datetime, *, dry_run: bool = False,
              progress: scan.Progress | None = None, seen: quiet.Look | None = None) -> scan.Report:
    """One scan; `seen`: the folders as the launcher's quiet look saw them before it (quiet.py)."""
    with instance_lock(config.state_path):
        state = State.open(config.state_path)
        try:
            with backends(config, seen) as opened:
                if not dry_run and (seen is None or not seen.stamps):
                    seen = quiet.stamp_now(config, opened) or seen
                quiet.hand_over(seen, config, opened)
                report = scan.scan(config, state, opened, now, dry_run=dry_run, progress=progress)
                if not dry_run:
                    try:
                        if report.written or report.withdrawn:
                            seen, again = quiet.after_own_drafts(
                                config, opened, seen, lambda: scan.scan(config, state, opened, now))
                            if again is not None:  # what a second look at Drafts did is this scan's too
                                report.written += again.written
                                report.withdrawn += again.withdrawn
                                report.changed |= again.changed
                        quiet.keep(config, state, opened, seen, now)
                    except (errors.WatcherError, OSError, sqlite3.Error) as exc:
                        # the scan's work is saved; the next scan is a complete one, that is all
                        log.info("no record for a quiet rescan: %s", exc)
        finally:
            state.close()
    if not dry_run:
        from watcher import calendar_file

        if report.changed or not config.state_path.with_name(calendar_file.FILE_NAME).exists():
            keep_calendar(config, now)  # a scan that changed nothing keeps the file as it is
        hooks.announce(config.daemon.notify_command, report)
    return report


def keep_calendar(config: Config, now: dt.datetime) -> None:
    """plan.ics next to the state file, as `status --ics` would print it; a failure is only logged."""
    from watcher import calendar_file

    try:
        calendar_file.keep(config.state_path, status(config, now))
    except (OSError, errors.WatcherError) as exc:
        log.warning("could not update %s: %s", config.state_path.with_name(calendar_file.FILE_NAME), exc)


_KIND_ORDER = {"thank_you": 0, "follow_up": 1, "second_follow_up": 2}


def status(config: Config, now: dt.datetime, include_all: bool = False) -> dict[str, Any]:
    """The `status --json` document, read from the state file (safe while the daemon writes)."""
    state = State.open(config.state_path, readonly=not config.state_path.exists())
    try:
        views = [v for v in state.views(shown_only=not include_all)
                 if include_all or v["state"] not in ("not_interview", "ignored")]
        shown = {v["thread_id"] for v in views}
        followups: list[dict[str, Any]] = [
            {
                "thread_id": f.thread_id,
                "round": f.round_index + 1,
                "kind": f.kind.value,
                "due": f.due.isoformat() if f.due else None,
                "status": f.status.value,
                "reason": f.reason,
                "to": [a.email for a in f.to],
                "draft_message_id": f.draft_message_id or None,
                "drafted_at": f.drafted_at.isoformat() if f.drafted_at else None,
                "draft": f.fate or None,
                "overdue": bool(f.status is Status.PLANNED and f.due and f.due <= now),
            }
            for f in state.followups() if f.thread_id in shown
        ]
        followups.sort(key=lambda f: (str(f["thread_id"]), int(f["round"]), _KIND_ORDER[str(f["kind"])]))
        unreadable: dict[str, int] = {}
        for _, reason in state.unreadable():
            unreadable[reason] = unreadable.get(reason, 0) + 1
        mailbox = {"indexed": state.index_size(), "first_scan_running_since": state.meta("first_scan_started"),
                   "unreadable": [{"reason": r, "messages": n} for r, n in sorted(unreadable.items())]}
    finally:
        state.close()
    return {"now": now.isoformat(), "threads": views, "followups": followups, "mailbox": mailbox}

