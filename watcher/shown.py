"""How times are shown to the user: in their own zone, with the zone's name, to the minute, with a
hint of how far off they are ("in 6 days"). One style for every command and the daemon's status line.

The user's zone is the process's local zone (TZ, /etc/localtime), as for any command-line tool.
"""

from __future__ import annotations

import datetime as dt
import re


def local(moment: dt.datetime) -> str:
    """'2026-11-12 14:00 PST': the moment on the user's clock, named."""
    mine = moment.astimezone()
    name = mine.tzname() or mine.strftime("%z")
    return f"{mine:%Y-%m-%d %H:%M} {name}"


def day(value: dt.date) -> str:
    """'Thu 2026-11-26': a calendar date (a deadline), with its weekday."""
    return f"{value:%a %Y-%m-%d}"


def relative(moment: dt.datetime, now: dt.datetime) -> str:
    """'in 6 days', '3 hours ago', 'now': the distance from `now`, in the largest whole unit."""
    seconds = (moment - now).total_seconds()
    size = abs(seconds)
    if size < 60:
        return "now"
    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if size >= length:
            count = int(size // length)
            text = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {text}" if seconds > 0 else f"{text} ago"
    return "now"  # unreachable: size >= 60 matched "minute"


def when(moment: dt.datetime, now: dt.datetime) -> str:
    """'2026-11-12 14:00 PST (in 6 days)'."""
    return f"{local(moment)} ({relative(moment, now)})"


# Times other modules write into reasons: "2026-11-12 19:00 UTC" (plan) and ISO 8601 with an offset
# (the thread's "why"). Fixed-width pieces only: linear on any input.
_UTC_STAMP = re.compile(r"\b(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC\b")
_ISO_STAMP = re.compile(r"\b(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)")


def localized(text: str) -> str:
    """`text` with every UTC or offset time in it rewritten on the user's clock ('... 11:00 PST')."""
    def utc(match: re.Match[str]) -> str:
        moment = dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}+00:00")
        return local(moment)

    def iso(match: re.Match[str]) -> str:
        offset = "+00:00" if match.group(3) == "Z" else match.group(3)
        try:
            moment = dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}{offset}")
        except ValueError:
            return match.group(0)
        return local(moment)

    return _ISO_STAMP.sub(iso, _UTC_STAMP.sub(utc, text))


def parse(value: str | None) -> dt.datetime | None:
    """An ISO 8601 time from `status --json`, or None."""
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None
