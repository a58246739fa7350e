"""The user's say over single threads: ignore, track, snooze, forget, and the list of them.

Each command names a thread by its id (from `status`) or by the Message-ID of one of its messages; a
name that matches nothing is refused with the nearest known ids, so a typo never becomes a silent
no-op. Everything here is safe while the daemon runs: writes wait for a busy database (the daemon
holds its write transactions briefly) and give up with a clear message, never a traceback.

`ignore` reports the drafts of ours it will withdraw at the next scan; `track` brings back what an
`ignore` withdrew, by forgetting those follow-ups so the next scan plans them afresh: a thank-you
whose window is still open is written again, one whose window closed is not.

Snoozes live in their own table (created here when first used): until then a follow-up that falls
due is held back, and the scan shows "snoozed until ..." as its reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from watcher import errors
from watcher.model import FollowUp, Status
from watcher.state import State

# How long a write waits for the daemon to finish its own, in all (the environment variable is for
# scripts that would rather fail fast)
BUSY_SECONDS = 60.0
BUSY_ENVIRONMENT = "FOLLOWUP_WATCHER_BUSY_SECONDS"
ACTIONS = ("ignore", "track")

T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """What a name on the command line stands for: the override's key, and the thread if known."""

    key: str  # a thread id, or a Message-ID in <>
    thread_id: str
    subject: str


@dataclass(frozen=True)
class Override:
    """One line of `overrides`."""

    thread_id: str
    key: str
    action: str  # ignore | track | snooze
    since: dt.datetime
    until: dt.datetime | None
    subject: str


def normalise(text: str) -> str:
    """A Message-ID with or without <>, or a thread id, as the overrides table keys it."""
    text = text.strip()
    if "@" in text and not text.startswith("<"):
        return f"<{text}>"
    return text


def resolve(state: State, text: str) -> Target:
    """The thread `text` names, or UserError listing the nearest ids there are."""
    key = normalise(text)
    views = {str(v["thread_id"]): v for v in state.views()}
    if key in views:
        return Target(key, key, str(views[key].get("subject") or ""))
    for thread_id, view in views.items():
        if key in view.get("message_ids", ()):
            return Target(key, thread_id, str(view.get("subject") or ""))
    thread_ids = state.thread_ids()
    if key in thread_ids:
        thread_id = thread_ids[key]
        return Target(key, thread_id, str(views.get(thread_id, {}).get("subject") or ""))
    if key.startswith("<") and state.indexed(key):
        return Target(key, "", "")  # a message of the mailbox that no thread was built from yet
    raise errors.UserError(_unknown(key, list(views), list(thread_ids)))


def _unknown(key: str, thread_ids: list[str], message_ids: list[str]) -> str:
    if not thread_ids and not message_ids:
        return (f"no thread or message {key!r} is known yet: the mailbox has not been scanned — run "
                "`followup-watcher scan` first, then take the id from `followup-watcher status --all`")
    pool = message_ids if key.startswith("<") else thread_ids
    near = difflib.get_close_matches(key, pool, n=3, cutoff=0.5)
    hint = ("did you mean " + " or ".join(near) + "?") if near else "`followup-watcher status --all` lists every id"
    return f"no thread or message {key!r} is known — {hint}"


# ---------------------------------------------------------------------- writes, patient with the daemon


def patiently(state: State, work: Callable[[], T], environ: dict[str, str] | None = None) -> T:
    """`work` in one transaction, retried while the daemon holds the database; StateError at the end."""
    source = os.environ if environ is None else environ
    try:
        patience = float(source.get(BUSY_ENVIRONMENT, BUSY_SECONDS))
    except ValueError:
        patience = BUSY_SECONDS
    deadline = time.monotonic() + patience
    # SQLite's own busy handler does the waiting, in slices, so that the total is bounded
    state.wait_when_busy(min(patience, 5.0))
    while True:
        try:
            with state.transaction():
                return work()
        except Exception as exc:
            if not _busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise errors.StateError(
                    f"the state file {state.path} stayed busy for {patience:.0f} s (the daemon is writing, or "
                    "another command is) — nothing was changed; run the command again in a moment") from None


def _busy(exc: Exception) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


# ---------------------------------------------------------------------- the commands


def related_keys(state: State, target: Target) -> set[str]:
    """Every override key that stands for the same thread: its id and its messages' ids."""
    keys = {target.key}
    if target.thread_id:
        keys.add(target.thread_id)
        for view in state.views():
            if view["thread_id"] == target.thread_id:
                keys.update(str(m) for m in view.get("message_ids", ()))
    return keys


def present_drafts(state: State, thread_id: str) -> list[FollowUp]:
    """Our drafts of the thread that are in Drafts now, as the last scan saw them."""
    return [f for f in state.followups() if f.thread_id == thread_id and f.status is Status.DRAFTED
            and f.fate in ("present", "edited")]


def set_action(state: State, target: Target, action: str, now: dt.datetime) -> None:
    """The one override of the thread becomes `action`: an `ignore` replaces a `track` and vice versa."""
    keys = related_keys(state, target)

    def work() -> None:
        state.remove_overrides(keys)
        state.set_override(target.key, action, now)
    patiently(state, work)


def restorable(state: State, thread_id: str) -> list[FollowUp]:
    """Follow-ups of the thread that an `ignore` withdrew (or cancelled) and `track` can bring back."""
    return [f for f in state.followups() if f.thread_id == thread_id
            and f.reason.endswith("this thread is no longer treated as an interview")
            and f.status in (Status.WITHDRAWN, Status.CANCELLED)]


def restore(state: State, followups: list[FollowUp]) -> None:
    """Forget these follow-ups: the next scan plans them afresh, and writes what is still timely."""
    def work() -> None:
        state.remove_followups(f.followup_id for f in followups)
    patiently(state, work)


def snooze(state: State, target: Target, until: dt.datetime, now: dt.datetime) -> None:
    if not target.thread_id:
        raise errors.UserError(f"{target.key} is in the mailbox but in no thread that was read for interviews; "
                               "only a thread with follow-ups can be snoozed")

    patiently(state, lambda: state.snooze(target.thread_id, until, now))


def forget(state: State, target: Target) -> list[Override]:
    """Remove every override and snooze of the thread; what was removed."""
    keys = related_keys(state, target)
    removed = [o for o in listing(state) if o.key in keys or (target.thread_id and o.thread_id == target.thread_id)]

    def work() -> None:
        state.remove_overrides(keys)
        state.unsnooze(target.thread_id)
    patiently(state, work)
    return removed


def snoozes(state: State) -> dict[str, dt.datetime]:
    """thread id -> the time its follow-ups are held back until (expired ones included)."""
    return {thread_id: until for thread_id, until, _ in state.snoozes()}


def listing(state: State) -> list[Override]:
    """Every override and snooze, oldest first."""
    views = {str(v["thread_id"]): v for v in state.views()}
    by_message = {str(m): t for t, v in views.items() for m in v.get("message_ids", ())}
    by_message.update(state.thread_ids())
    found: list[Override] = []
    for key, action, created in state.override_rows():
        thread_id = key if key in views else by_message.get(key, "")
        found.append(Override(thread_id, key, action, created, None, str(views.get(thread_id, {}).get("subject") or "")))
    for thread_id, until, created in state.snoozes():
        found.append(Override(thread_id, thread_id, "snooze", created, until,
                              str(views.get(thread_id, {}).get("subject") or "")))
    return sorted(found, key=lambda o: o.since)


def held(followup: FollowUp, until: dt.datetime | None, now: dt.datetime) -> FollowUp:
    """A planned follow-up that would fall due before the snooze ends waits for its end."""
    if until is None or until <= now or followup.status is not Status.PLANNED:
        return followup
    if followup.due is not None and followup.due >= until:
        return followup
    return replace(followup, due=until, reason=f"snoozed until {until.isoformat(timespec='minutes')}; "
                                               f"{followup.reason}")


@contextlib.contextmanager
def opened(path: Path, readonly: bool = False) -> Iterator[State]:
    """The state file, for a command that reads or changes overrides (a reader creates no file)."""
    state = State.open(path, readonly=readonly and not path.exists())
    try:
        yield state
    finally:
        state.close()
