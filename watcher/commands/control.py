"""`ignore`, `track`, `snooze`, `forget`, `overrides`: the user's say over single threads.

Every one of them is safe while the daemon runs (see `watcher.overrides`), and takes effect at the
next scan; the message says what will happen to drafts already in Drafts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable

from watcher import config, errors, overrides, shown
from watcher.model import FollowUp

Loader = Callable[[argparse.Namespace], config.Config]
Clock = Callable[[argparse.Namespace], dt.datetime]

_RELATIVE = re.compile(r"(\d{1,4})\s*(m|min|h|d|w)", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_NEXT_SCAN = ("takes effect at the next scan (a running daemon: within its poll interval, or at once with "
              "`systemctl --user kill -s USR1 followup-watcher`)")


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser], load: Loader, now: Clock,
                add_now: Callable[[argparse.ArgumentParser], None]) -> None:
    ignore = commands.add_parser(
        "ignore", help="never draft anything for this thread (id from `status`)",
        description="Never draft anything for this thread. A draft of ours already in Drafts is withdrawn at the "
                    "next scan and named here first; `track` brings it back while it is still timely.")
    ignore.add_argument("thread", help="thread id, or a Message-ID of one of its messages")
    add_now(ignore)
    ignore.set_defaults(handler=lambda args: _ignore(args, load(args), now(args)))

    track = commands.add_parser(
        "track", help="treat the thread of this message as an interview (undoes ignore)",
        description="Treat this thread as an interview even if it does not look like one. After `ignore`, it "
                    "also brings back the follow-ups the ignore withdrew: the next scan writes those still timely.")
    track.add_argument("thread", metavar="MESSAGE-ID", help="Message-ID (with or without <>) or thread id")
    add_now(track)
    track.set_defaults(handler=lambda args: _track(args, load(args), now(args)))

    snooze = commands.add_parser(
        "snooze", help="hold back this thread's follow-ups until a time",
        description="Hold back the thread's follow-ups until UNTIL: nothing falls due before then. UNTIL is a "
                    "duration (3d, 2w, 12h, 90m), a date (2026-11-20: the start of that day on your clock) or a "
                    "time (2026-11-20T09:00; without an offset it is read on your clock).")
    snooze.add_argument("thread", help="thread id, or a Message-ID of one of its messages")
    snooze.add_argument("until", metavar="UNTIL", help="3d, 2w, 12h, 2026-11-20 or 2026-11-20T09:00+01:00")
    add_now(snooze)
    snooze.set_defaults(handler=lambda args: _snooze(args, load(args), now(args)))

    forget = commands.add_parser("forget", help="remove every override and snooze of this thread",
                                 description="Remove the ignore, track or snooze of this thread: it is judged "
                                             "by its mail alone again.")
    forget.add_argument("thread", help="thread id, or a Message-ID of one of its messages")
    forget.set_defaults(handler=lambda args: _forget(args, load(args)))

    listing = commands.add_parser("overrides", help="list every ignore, track and snooze")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    add_now(listing)
    listing.set_defaults(handler=lambda args: _listing(args, load(args), now(args)))


def _describe(followup: FollowUp) -> str:
    to = ", ".join(a.email for a in followup.to) or "?"
    return f"the {followup.kind.value.replace('_', '-')} draft to {to}"


def _title(target: overrides.Target) -> str:
    thread = target.thread_id or target.key
    return f"{thread} ({target.subject})" if target.subject else thread


def _ignore(args: argparse.Namespace, loaded: config.Config, now: dt.datetime) -> int:
    with overrides.opened(loaded.state_path) as state:
        target = overrides.resolve(state, args.thread)
        drafts = overrides.present_drafts(state, target.thread_id) if target.thread_id else []
        overrides.set_action(state, target, "ignore", now)
    print(f"ignoring {_title(target)}: no follow-up will be drafted for it; {_NEXT_SCAN}")
    for draft in drafts:
        if draft.fate == "edited":
            print(f"  {_describe(draft)} stays in Drafts: you edited it")
        else:
            print(f"  {_describe(draft)} is in Drafts and will be withdrawn at the next scan; "
                  f"`followup-watcher track {target.thread_id}` brings it back while it is still timely")
    return 0


def _track(args: argparse.Namespace, loaded: config.Config, now: dt.datetime) -> int:
    with overrides.opened(loaded.state_path) as state:
        target = overrides.resolve(state, args.thread)
        back = overrides.restorable(state, target.thread_id) if target.thread_id else []
        overrides.set_action(state, target, "track", now)
        if back:
            overrides.restore(state, back)
    print(f"tracking {_title(target)} as an interview; {_NEXT_SCAN}")
    for followup in back:
        print(f"  {_describe(followup)}, withdrawn by ignore, is planned again: the next scan writes it if it "
              "is still timely")
    return 0


def parse_until(text: str, now: dt.datetime) -> dt.datetime:
    """UNTIL of `snooze`: a duration from now, a date (its start on the user's clock), or a time."""
    value = text.strip()
    match = _RELATIVE.fullmatch(value)
    if match:
        return now + dt.timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise errors.UserError(f"{text!r} is not a time: give a duration (3d, 2w, 12h, 90m), a date (2026-11-20) "
                               "or a time (2026-11-20T09:00)") from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _snooze(args: argparse.Namespace, loaded: config.Config, now: dt.datetime) -> int:
    until = parse_until(args.until, now)
    if until <= now:
        raise errors.UserError(f"{shown.local(until)} is not in the future; give a later time")
    with overrides.opened(loaded.state_path) as state:
        target = overrides.resolve(state, args.thread)
        overrides.snooze(state, target, until, now)
    print(f"snoozed {_title(target)} until {shown.when(until, now)}: no follow-up falls due before then; "
          f"`followup-watcher forget {target.thread_id}` ends it early")
    return 0


def _forget(args: argparse.Namespace, loaded: config.Config) -> int:
    with overrides.opened(loaded.state_path) as state:
        target = overrides.resolve(state, args.thread)
        removed = overrides.forget(state, target)
    if not removed:
        print(f"{_title(target)} has no override or snooze; nothing to forget")
        return 0
    for item in removed:
        print(f"forgot the {item.action} of {_title(target)}")
    print(f"it is judged by its mail alone again; {_NEXT_SCAN}")
    return 0


def _listing(args: argparse.Namespace, loaded: config.Config, now: dt.datetime) -> int:
    with overrides.opened(loaded.state_path, readonly=True) as state:
        found = overrides.listing(state)
    if args.json:
        print(json.dumps([{"thread_id": o.thread_id or None, "target": o.key, "action": o.action,
                           "since": o.since.isoformat(), "until": o.until.isoformat() if o.until else None,
                           "subject": o.subject} for o in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("no overrides: every thread is judged by its mail alone")
        return 0
    for item in found:
        what = item.action if item.until is None else f"snooze until {shown.when(item.until, now)}"
        if item.until is not None and item.until <= now:
            what += " (over)"
        name = item.thread_id or item.key
        print(f"{name}  {what}  since {shown.local(item.since)}" + (f"  {item.subject}" if item.subject else ""))
    return 0
