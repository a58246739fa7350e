"""`status`: what was found and why, as text (every time on the user's clock, with how far off it
is), as JSON (`--json`, the contract), as iCalendar (`--ics`), or one thread as a timeline
(`status THREAD`)."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
from collections.abc import Callable
from typing import Any

from watcher import calendar_file, config, errors, shown

Loader = Callable[[argparse.Namespace], config.Config]
Clock = Callable[[argparse.Namespace], dt.datetime]

KIND = {"thank_you": "thank-you", "follow_up": "status inquiry", "second_follow_up": "second inquiry"}
FATE = {"present": "in Drafts", "edited": "in Drafts, edited by you (left alone)", "sent": "sent by you",
        "deleted": "deleted by you (not written again)", "withdrawn": "withdrawn by followup-watcher"}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser], load: Loader, now: Clock,
               add_now: Callable[[argparse.ArgumentParser], None]) -> None:
    status = commands.add_parser(
        "status", help="the interview threads found, their follow-ups, and why",
        description="The interview threads found, each follow-up with its draft's fate, and why. With THREAD: "
                    "that thread as a timeline of every decision and its reason. Times are on this machine's "
                    "clock (TZ).")
    status.add_argument("thread", nargs="?", metavar="THREAD", help="one thread (id or Message-ID) as a timeline")
    output = status.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output (times in ISO 8601)")
    output.add_argument("--ics", action="store_true",
                        help="the plan as an iCalendar file (a copy, plan.ics next to the state file, is kept "
                             "current by every scan)")
    status.add_argument("--all", action="store_true", help="also threads considered and rejected, with reasons")
    add_now(status)
    status.set_defaults(handler=lambda args: run(args, load(args), now(args)))


def run(args: argparse.Namespace, loaded: config.Config, now: dt.datetime) -> int:
    from watcher import session

    snapshot = session.status(loaded, now, include_all=args.all or bool(args.thread))
    if args.thread:
        thread = _find(snapshot, args.thread)
        snapshot = {**snapshot, "threads": [thread],
                    "followups": [f for f in snapshot["followups"] if f["thread_id"] == thread["thread_id"]]}
    if args.json:
        print(json.dumps(snapshot, indent=2, ensure_ascii=False))
    elif args.ics:
        print(calendar_file.render(snapshot), end="")
    elif args.thread:
        print_timeline(snapshot, now)
    else:
        print_status(snapshot, now)
    return 0


def _find(snapshot: dict[str, Any], text: str) -> dict[str, Any]:
    key = text.strip()
    if "@" in key and not key.startswith("<"):
        key = f"<{key}>"
    for thread in snapshot["threads"]:
        if key == thread["thread_id"] or key in thread.get("message_ids", ()):
            return dict(thread)
    ids = [str(t["thread_id"]) for t in snapshot["threads"]]
    near = difflib.get_close_matches(key, ids, n=3, cutoff=0.5)
    hint = ("did you mean " + " or ".join(near) + "?") if near else "`followup-watcher status --all` lists every id"
    raise errors.UserError(f"no thread {key!r} is known — {hint}")


def _when(value: str | None, now: dt.datetime) -> str:
    moment = shown.parse(value)
    return shown.when(moment, now) if moment else "?"


def _deadline(value: str | None, now: dt.datetime) -> str:
    if not value:
        return "?"
    day = dt.date.fromisoformat(value)
    days = (day - now.astimezone().date()).days
    hint = "today" if days == 0 else (f"in {days} day{'s' * (days != 1)}" if days > 0 else f"{-days} day{'s' * (days != -1)} ago")
    return f"{shown.day(day)} ({hint})"


def fate_of(followup: dict[str, Any], now: dt.datetime) -> str:
    """One line for a follow-up: where it stands, when, and what became of its draft."""
    status = str(followup["status"])
    if status == "drafted":
        where = FATE.get(str(followup.get("draft") or "present"), str(followup.get("draft")))
        return f"drafted {_when(followup.get('drafted_at'), now)}; {where}"
    if status == "withdrawn":
        return f"drafted {_when(followup.get('drafted_at'), now)}; withdrawn: {shown.localized(str(followup['reason']))}"
    if status == "planned":
        late = " (overdue: the next scan writes it)" if followup.get("overdue") else ""
        return f"planned, due {_when(followup.get('due'), now)}{late}"
    return f"{status}: {shown.localized(str(followup['reason']))}"


def print_status(snapshot: dict[str, Any], now: dt.datetime) -> None:
    threads = snapshot["threads"]
    mailbox = snapshot.get("mailbox", {})
    print(f"now: {shown.local(now)}")
    if mailbox.get("first_scan_running_since"):
        print(f"the first scan of your mailbox is still running (since "
              f"{_when(mailbox['first_scan_running_since'], now)}); {mailbox['indexed']} messages indexed so far")
    for unreadable in mailbox.get("unreadable", []):
        print(f"{unreadable['messages']} message(s) of possible interviews could not be read: {unreadable['reason']}")
    if not threads:
        print("no interview threads found (yet). `status --all` shows what was considered.")
    by_thread: dict[str, list[dict[str, Any]]] = {}
    for followup in snapshot["followups"]:
        by_thread.setdefault(followup["thread_id"], []).append(followup)
    for thread in threads:
        print(f"\n{thread['thread_id']}  {thread['subject']}")
        print(f"  state: {thread['state']}   company: {thread['company'] or '?'}   contact: {thread['contact'] or '-'}")
        print(f"  interview: {_when(thread['interview_at'], now)}   "
              f"decision expected: {_deadline(thread['decision_deadline'], now)}")
        members = thread.get("threads", [])
        for member in members if len(members) > 1 else []:  # one hiring process, several threads
            print(f"  thread {member['thread_id']}: {member['subject']} ({len(member['message_ids'])} messages)")
        for reason in thread["why"]:
            print(f"  why: {shown.localized(reason)}")
        followups = by_thread.get(thread["thread_id"], [])
        width = max((len(KIND.get(str(f["kind"]), str(f["kind"]))) for f in followups), default=0)
        for followup in followups:
            kind = KIND.get(str(followup["kind"]), str(followup["kind"]))
            line = f"  - {kind:<{width}}  {fate_of(followup, now)}"
            if followup["status"] in ("planned", "drafted"):
                line += f"\n    {'':<{width}}  {shown.localized(str(followup['reason']))}"
            print(line)


def print_timeline(snapshot: dict[str, Any], now: dt.datetime) -> None:
    """One thread, from what was found to each follow-up's fate, in time order."""
    (thread,) = snapshot["threads"]
    print(f"{thread['thread_id']}  {thread['subject']}")
    print(f"  state: {thread['state']}   company: {thread['company'] or '?'}   contact: {thread['contact'] or '-'}")
    print("\nwhat was found:")
    for reason in thread["why"]:
        print(f"  - {shown.localized(reason)}")
    entries: list[tuple[dt.datetime, str]] = []
    interview = shown.parse(thread.get("interview_at"))
    if interview:
        entries.append((interview, "the interview (latest round)"))
    if thread.get("decision_deadline"):
        day = dt.date.fromisoformat(str(thread["decision_deadline"]))
        midnight = dt.datetime.combine(day, dt.time(0)).astimezone()
        entries.append((midnight, f"the decision is expected ({thread.get('deadline_basis') or 'deadline'})"))
    undated: list[str] = []
    for followup in snapshot["followups"]:
        kind = KIND.get(str(followup["kind"]), str(followup["kind"]))
        reason = shown.localized(str(followup["reason"]))
        drafted = shown.parse(followup.get("drafted_at"))
        due = shown.parse(followup.get("due"))
        if drafted:
            entries.append((drafted, f"{kind}: draft written to {', '.join(followup['to']) or '?'}"))
        status = str(followup["status"])
        if status == "drafted":
            fate = FATE.get(str(followup.get("draft") or "present"), str(followup.get("draft")))
            undated.append(f"{kind}: {fate} — {reason}")
        elif status == "planned" and due:
            entries.append((due, f"{kind}: falls due — {reason}"))
        elif due:
            entries.append((due, f"{kind}: {status} — {reason}"))
        else:
            undated.append(f"{kind}: {status} — {reason}")
    print("\ntimeline (> still to come):")
    told_now = False
    for moment, text in sorted(entries, key=lambda entry: entry[0]):
        if moment > now and not told_now:
            print(f"  {shown.local(now):<22} {'now':<14} ---")
            told_now = True
        marker = "  " if moment <= now else "> "
        print(f"{marker}{shown.local(moment):<22} {shown.relative(moment, now):<14} {text}")
    if not told_now:
        print(f"  {shown.local(now):<22} {'now':<14} ---")
    if undated:
        print("\nwhere things stand:")
        for text in undated:
            print(f"  - {text}")
