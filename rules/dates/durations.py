"""The length of a meeting named in mail text: "45-minute", "an hour", "1.5 hours"."""

from __future__ import annotations

import re

from rules.dates import languages
from rules.dates.mentions import normalize

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "forty five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90,
    # "plan on a couple hours": two ("a few hours" says no number)
    "a couple": 2, "a couple of": 2, "couple of": 2,
}  # fmt: skip
_DURATION = re.compile(
    r"(?<![\w.])(?:(?P<half>half\s+an?\s+hour)|(?P<whole>an?|one|two|three|four|five|six|\d)\s+and\s+a\s+half\s+hours?"
    r"|(?P<amount>\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s*-?\s*"
    r"(?:(?P<hours>hours?|hrs?)\b|(?P<minutes>minutes?|mins?)\b|(?<=\d)(?P<unit>[hm])\b)"
    r"(?P<and_half>\s+and\s+a\s+half)?(?:\s*(?:and\s+)?(?P<extra>\d+)\s*(?:minutes?|mins?|m)\b)?)"
    r"(?!\s+(?:ago|later|earlier|before|after|from\s+now|notice|'s?\s+notice|time\s+difference|ahead|behind))",
    re.IGNORECASE,
)
# "within 48 hours", "in the next hour": a lead time, not the length of a meeting.
_LEAD_TIME = re.compile(r"\b(?:within|in|after|every|next|past|last|than|over|up\s+to|ago)\s+(?:the\s+)?$", re.I)
_LONGEST_MEETING_MINUTES = 10 * 60


_FOLLOWED_BY = re.compile(r"\bfollowed by\s+(?:an?\s+|another\s+)?", re.IGNORECASE)
_FOLLOWED_REACH = 120  # characters from a length to the "followed by" of the part after it


def find_duration(text: str) -> int | None:
    """The length of a meeting in minutes: "45-minute", "an hour", "1.5 hours", "half an hour"; German,
    French and Spanish in their English forms ("45 Minuten", "une heure et demie", "hora y media")."""
    text = normalize(languages.to_english(text))
    for match in _DURATION.finditer(text):
        if _LEAD_TIME.search(text, max(0, match.start() - 30), match.start()):
            continue
        minutes = _duration_minutes(match)
        # "a 20-minute presentation ..., followed by 40 minutes of questions": one meeting of both
        after = _FOLLOWED_BY.search(text, match.end(), match.end() + _FOLLOWED_REACH)
        then = _DURATION.match(text, after.end()) if after else None
        minutes += _duration_minutes(then) if then else 0
        if 0 < minutes <= _LONGEST_MEETING_MINUTES:
            return minutes
    return None


def _duration_minutes(match: re.Match[str]) -> int:
    if match.group("half") is not None:
        return 30
    if match.group("whole") is not None:  # "two and a half hours"
        whole = match.group("whole").lower()
        return (int(whole) if whole.isdigit() else int(_NUMBER_WORDS[whole])) * 60 + 30
    word = match.group("amount").lower()
    amount = float(word) if word[0].isdigit() else float(_NUMBER_WORDS[" ".join(word.split())])
    in_hours = match.group("hours") or (match.group("unit") or "").lower() == "h"
    minutes = amount * 60 if in_hours else amount
    minutes += 30 if match.group("and_half") and in_hours else 0
    minutes += int(match.group("extra") or 0)
    return round(minutes)

