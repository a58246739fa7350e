"""Absence notices: the first day an out-of-office sender is back ("out until Monday, November 2")."""

from __future__ import annotations

import datetime as dt
import re

from rules.dates import languages
from rules.dates.mentions import day_first, find_dates, next_business_day, next_weekday, normalize, resolve

_AWAY = r"(?:out|away|off|unavailable|travell?ing|ooo|on\s+(?:vacation|leave|holiday|pto|annual\s+leave))"
_RETURN_CUES = (
    # "out of the office until Monday, November 2" / "on leave through Friday" / "away from 2 to 6 Nov"
    re.compile(rf"\b{_AWAY}\b[^.!?]{{0,80}}?\b(?P<kind>until|till|til|through|thru|to|returning)\s+(?:on\s+)?$", re.I),
    # "back on the 9th" / "returning 11/16" / "back in the office on Tuesday"
    re.compile(r"\b(?P<kind>back|return(?:ing|s)?|in\s+the\s+office)(?:\s+(?:in|to)\s+(?:the\s+)?office)?\s+(?:on\s+)?$", re.I),
)
# "Until Friday, December 4, I am out of the office": the last day away first, the absence after it
_UNTIL = re.compile(r"\b(?P<kind>until|till|through|thru)\s+(?:on\s+)?$", re.IGNORECASE)
_AWAY_AFTER = re.compile(rf"[^.!?]{{0,80}}?\b{_AWAY}\b", re.IGNORECASE)
# "From Monday, December 7, I will be back" / "On December 7 I'll be back at my desk": the day, then
# "back" in the same clause (not "get back to you": a promise to write, not a return)
_BACK_AFTER = re.compile(
    r"[\s,;:]*(?:[^.!?\n]{0,30}?\s)?(?<!get\s)(?<!getting\s)(?<!write\s)(?:back|returning)\b(?!\s+to\s+you)", re.I)
_AWAY_RANGE = re.compile(rf"\b{_AWAY}\b[^.!?]{{0,40}}$", re.IGNORECASE)
_BACK_NEXT_WEEK = re.compile(r"\b(?:back|returning)\b(?:\s+in\s+the\s+office)?\s+next\s+week\b", re.IGNORECASE)


def find_return_date(text: str, said_at: dt.datetime) -> dt.date | None:
    """The first day an out-of-office sender is back: "out of the office until Monday, November 2" ->
    Nov 2; "back on the 9th"; "returning 11/16"; "on leave through Friday" -> the next business day.
    German, French, Italian, Portuguese and Spanish notices are read in English forms ("Ab Montag,
    7. Dezember, bin ich wieder im Büro" -> "from Monday, 7 December, I am back"; "Rientrerò lunedì
    7 dicembre" -> "back on Monday 7 December"; the words: rules/data/date_words.toml)."""
    try:
        english = normalize(languages.to_english(text, absence=True))
        return _return_date(english, said_at.date(), day_first(said_at.tzinfo))
    except OverflowError:  # past the end of the calendar
        return None


def _return_date(text: str, today: dt.date, day_first_numbers: bool) -> dt.date | None:
    # every day the notice names as a return counts, and the latest wins: "out until Friday and
    # back on Monday" is back on Monday, and a day too late only waits longer, never writes early
    days: list[dt.date] = []
    for mention in find_dates(text, day_first_numbers):
        kind = _cue(text, mention.start, mention.end, mention.last_day is not None)
        day = resolve(mention, today, last=True) if kind else None
        if day is not None:
            days.append(next_business_day(day) if kind == "through" else day)
    if days:
        return max(days)
    if _BACK_NEXT_WEEK.search(text):
        return next_weekday(0, today, "next")
    return None


def _cue(text: str, start: int, end: int, is_range: bool) -> str | None:
    """How the day at text[start:end] names a return: "back" (the first day back), "through" (the
    last day away) or None (no return at all)."""
    before = text[max(0, start - 120) : start]
    for cue in _RETURN_CUES:
        match = cue.search(before)
        if match:
            return "through" if match.group("kind").lower() in {"through", "thru", "to"} else "back"
    until = _UNTIL.search(before)
    if until and _AWAY_AFTER.match(text, end):
        return "through" if until.group("kind").lower() in {"through", "thru"} else "back"
    if _BACK_AFTER.match(text, end):
        return "back"
    if is_range and _AWAY_RANGE.search(before):  # "out Nov 2-6"
        return "through"
    return None
