"""How times are shown to the user: in their own zone, with the zone's name, to the minute, with a
hint of how far off they are ("in 6 days"). One style for every command and the daemon's status line.

The user's zone is the process's local zone (TZ, /etc/localtime), as for any command-line tool.
"""

from __future__ import annotations

import datetime as dt


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
