"""Absence notices: the first day an out-of-office sender is back ("out until Monday, November 2")."""

from __future__ import annotations

import datetime as dt
import re

from rules.dates.mentions import day_first, find_dates, next_business_day, next_weekday, normalize, resolve

_AWAY = r"(?:out|away|off|unavailable|travell?ing|ooo|on\s+(?:vacation|leave|holiday|pto|annual\s+leave))"
_RETURN_CUES = (
    # "out of the office until Monday, November 2" / "on leave through Friday" / "away from 2 to 6 Nov"
    re.compile(rf"\b{_AWAY}\b[^.!?]{{0,80}}?\b(?P<kind>until|till|til|through|thru|to|returning)\s+(?:on\s+)?$", re.I),
    # "back on the 9th" / "returning 11/16" / "back in the office on Tuesday"
    re.compile(r"\b(?P<kind>back|return(?:ing|s)?|in\s+the\s+office)(?:\s+(?:in|to)\s+(?:the\s+)?office)?\s+(?:on\s+)?$", re.I),
)
_AWAY_RANGE = re.compile(rf"\b{_AWAY}\b[^.!?]{{0,40}}$", re.IGNORECASE)
_BACK_NEXT_WEEK = re.compile(r"\b(?:back|returning)\b(?:\s+in\s+the\s+office)?\s+next\s+week\b", re.IGNORECASE)


def find_return_date(text: str, said_at: dt.datetime) -> dt.date | None:
    """The first day an out-of-office sender is back: "out of the office until Monday, November 2" ->
    Nov 2; "back on the 9th"; "returning 11/16"; "on leave through Friday" -> the next business day."""
    try:
        return _return_date(normalize(text), said_at.date(), day_first(said_at.tzinfo))
    except OverflowError:  # past the end of the calendar
        return None


def _return_date(text: str, today: dt.date, day_first_numbers: bool) -> dt.date | None:
    for mention in find_dates(text, day_first_numbers):
        before = text[max(0, mention.start - 120) : mention.start]
        for cue in _RETURN_CUES:
            match = cue.search(before)
            if match:
                day = resolve(mention, today, last=True)
                through = match.group("kind").lower() in {"through", "thru", "to"}
                return next_business_day(day) if day and through else day
        if mention.last_day and _AWAY_RANGE.search(before):  # "out Nov 2-6"
            day = resolve(mention, today, last=True)
            return next_business_day(day) if day else None
    if _BACK_NEXT_WEEK.search(text):
        return next_weekday(0, today, "next")
    return None


