"""The plan as an iCalendar file (RFC 5545): each follow-up at the time it falls due (or was drafted),
each decision deadline as an all-day event, so the plan shows in the user's calendar.

`status --ics` prints it; every scan also keeps `plan.ics` next to the state file current, for a
calendar app to subscribe to (a file:// URL, or served by anything that serves files). Subjects and
company names only: never a line of a message.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FILE_NAME = "plan.ics"
_KIND = {"thank_you": "Thank-you", "follow_up": "Status inquiry", "second_follow_up": "Second inquiry"}
_WHAT = {"planned": "due", "drafted": "in Drafts", "skipped": "skipped", "cancelled": "cancelled",
         "withdrawn": "withdrawn"}


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> list[str]:
    """RFC 5545 section 3.1: lines of at most 75 octets, continued with a leading space."""
    data = line.encode("utf-8")
    pieces: list[str] = []
    while len(data) > 75:
        cut = 75 if not pieces else 74
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        pieces.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    pieces.append(data.decode("utf-8"))
    return [pieces[0], *(" " + p for p in pieces[1:])]


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def render(snapshot: Mapping[str, Any]) -> str:
    """The VCALENDAR of a `status --json` document."""
    now = dt.datetime.fromisoformat(str(snapshot["now"]))
    threads = {str(t["thread_id"]): t for t in snapshot["threads"]}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//followup-watcher//plan//EN", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Interview follow-ups"]
    for followup in snapshot["followups"]:
        thread = threads.get(str(followup["thread_id"]), {})
        when = followup.get("drafted_at") or followup.get("due")
        if not when or followup["status"] in ("skipped", "cancelled"):
            continue
        start = dt.datetime.fromisoformat(str(when))
        company = thread.get("company") or thread.get("subject") or followup["thread_id"]
        summary = f"{_KIND.get(str(followup['kind']), followup['kind'])} to {company}: {_WHAT[str(followup['status'])]}"
        lines += ["BEGIN:VEVENT", f"UID:{followup['thread_id']}-{followup['round']}-{followup['kind']}@followup-watcher",
                  f"DTSTAMP:{_stamp(now)}", f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(start + dt.timedelta(minutes=15))}",
                  f"SUMMARY:{_escape(summary)}",
                  f"DESCRIPTION:{_escape(str(followup['reason']) + chr(10) + 'thread ' + str(followup['thread_id']))}",
                  "END:VEVENT"]
    for thread in snapshot["threads"]:
        deadline = thread.get("decision_deadline")
        if not deadline or thread.get("state") != "interview":
            continue
        day = dt.date.fromisoformat(str(deadline))
        company = thread.get("company") or thread.get("subject") or thread["thread_id"]
        lines += ["BEGIN:VEVENT", f"UID:{thread['thread_id']}-deadline@followup-watcher", f"DTSTAMP:{_stamp(now)}",
                  f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_escape(f'Decision expected: {company}')}",
                  f"DESCRIPTION:{_escape('thread ' + str(thread['thread_id']))}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in _fold(line))


def keep(state_path: Path, snapshot: Mapping[str, Any]) -> Path:
    """Write plan.ics next to the state file, atomically and private; its path."""
    target = state_path.with_name(FILE_NAME)
    temporary = target.with_name(f".{FILE_NAME}.{os.getpid()}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(render(snapshot))
    temporary.replace(target)
    return target
