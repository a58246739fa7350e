"""Dates and times named in mail text: interview slots, durations, out-of-office return dates.

Owns the calendar vocabulary the other rules share (weekday and month names, "Oct 12",
"13 November 2026", "Tue 11/10", "Monday the 19th", "on the 12th", "tomorrow") through
`find_dates`, and on top of it `find_slots`, `find_duration` and `find_return_date`.
Everything is resolved against a reference time passed in; nothing here reads the clock.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from rules import lists, zones

# A month-day without a year that lies up to this far back stays in this year (a re-quoted date).
GRACE_DAYS = 7

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
          "nov": 11, "dec": 12}  # fmt: skip

# Abbreviations only in capitals: "Sat" and "Wed" are days, "sat" and "wed" are verbs; "May" is a
# month, "may" a modal.
WEEKDAY_PATTERN = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?-i:(?:Mon|Tues?|Weds?|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?))"
)
MONTH_PATTERN = (
    r"(?:(?:january|february|march|april|june|july|august|september|october|november|december)\b"
    r"|(?-i:May|MAY)\b|(?-i:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?))"
)
_DAY = r"(?<![\d:])(?P<{0}>3[01]|[12]\d|0?[1-9])(?P<{0}ord>st|nd|rd|th)?(?![\d:])"
_DAY_RANGE = _DAY.format("day") + r"(?:\s*(?:-|–|to|through|or|and|&)\s*" + _DAY.format("day2") + ")?"
_YEAR = r"(?:,?\s+(?P<year>20\d\d)(?![\d:]))?"
_WD_PREFIX = rf"(?:(?P<wd>{WEEKDAY_PATTERN}),?\s+)?"
_NOT_A_TIME = r"(?!\s*(?:[ap]\.?m\b|o'clock))"

_DATE_PATTERNS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # Monday, October 12 / Oct. 12th, 2026 / Nov 19-21
        rf"{_WD_PREFIX}(?P<month>{MONTH_PATTERN})\s*{_DAY_RANGE}{_YEAR}{_NOT_A_TIME}",
        # Friday 13 November 2026 / the 13th of November / 19-21 November
        rf"{_WD_PREFIX}(?:the\s+)?{_DAY_RANGE}\s+(?:of\s+)?(?P<month>{MONTH_PATTERN}){_YEAR}",
        # Tue 11/10 / 11/20/2026 (month first unless the sender's zone writes day first)
        rf"{_WD_PREFIX}(?<![\w/.:-])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?:/(?P<year>(?:20)?\d\d))?(?![\w/])",
        # 2026-11-13
        r"(?<!\d)(?P<year>20\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?!\d)",
        # Monday the 19th / Tuesday 17th
        rf"(?P<wd>{WEEKDAY_PATTERN}),?\s+(?P<the>the\s+)?{_DAY.format('day')}{_NOT_A_TIME}",
        # (on) the 12th
        r"\bthe\s+" + _DAY.format("day") + r"(?=\s|[,.;:!?)]|$)"
        r"(?!\s+(?:round|interview|candidate|floor|stage|step|time|place|person|one|position|of\s+them))",
        # this Thursday / next Friday / Thursday / Tuesday next week
        r"(?:\b(?P<rel>this\s+coming|the\s+coming|coming|this|next|the\s+following|following)\s+)?"
        rf"\b(?P<wd>{WEEKDAY_PATTERN})(?:,?\s+(?P<week>this|next|the\s+following)\s+week\b)?",
        # today / tomorrow / the day after tomorrow
        r"\b(?P<offset>today|tonight|tomorrow|tmrw|(?:the\s+)?day\s+after\s+tomorrow)\b",
    )
)
_OFFSETS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1}


@dataclass(frozen=True)
class DateMention:
    """One calendar expression in a text, not yet resolved to a date."""

    start: int
    end: int
    text: str
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    last_day: int | None = None  # the later bound of "Nov 19-21"
    year: int | None = None
    relation: str = ""  # "this" / "next" / "coming" for a weekday alone
    offset: int | None = None  # days from the reference date: today, tomorrow

    @property
    def is_calendar_date(self) -> bool:
        return self.day is not None


@dataclass(frozen=True)
class Slot:
    """A date and time named in text, e.g. an interview slot."""

    start: dt.datetime  # aware
    end: dt.datetime | None  # when a range like "2:30-3:15 PM" or "16:30-17:15" was given
    phrase: str
    explicit_date: bool  # a day was named (calendar date, weekday, today/tomorrow), not only a time


def normalize(text: str) -> str:
    """Mail text with typographic quotes, odd spaces and line breaks reduced to plain ASCII forms."""
    text = text.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"', 0x2014: "–", 0x200B: None})
    return " ".join(text.split())


def weekday_number(word: str) -> int:
    return WEEKDAYS[word.strip(".").lower()[:3]]


def month_number(word: str) -> int:
    return MONTHS[word.strip(".").lower()[:3]]


def day_first(zone: dt.tzinfo | None) -> bool:
    """Whether "10/11" means 10 November for a sender in `zone` (outside the Americas it does)."""
    key = str(getattr(zone, "key", ""))
    return key.split("/")[0] in {"Europe", "Asia", "Africa", "Australia", "Pacific", "Indian"}


def find_dates(text: str, day_first_numbers: bool = False) -> list[DateMention]:
    """Every calendar expression in (normalized) `text`, in order; the longest wins where they overlap."""
    found: list[DateMention] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            mention = _mention(match, day_first_numbers)
            if mention is not None:
                found.append(mention)
    return longest_first(found)


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


def longest_first(spans: Iterable[SpanT], preferred: Callable[[SpanT], bool] = lambda span: True) -> list[SpanT]:
    """Text spans without overlaps, in order: of overlapping ones the longest stays (on a tie the
    `preferred`, then the earlier)."""
    chosen: list[SpanT] = []
    for span in sorted(spans, key=lambda s: (s.start, s.start - s.end, not preferred(s))):
        if not chosen or span.start >= chosen[-1].end:
            chosen.append(span)
        elif (span.end - span.start, preferred(span)) > (chosen[-1].end - chosen[-1].start, preferred(chosen[-1])):
            chosen[-1] = span
    return chosen


def _mention(match: re.Match[str], day_first_numbers: bool) -> DateMention | None:
    groups = {key: value for key, value in match.groupdict().items() if value}
    weekday = weekday_number(groups["wd"]) if "wd" in groups else None
    base = DateMention(match.start(), match.end(), match.group(0), weekday)
    if "offset" in groups:
        return dataclasses.replace(base, offset=_OFFSETS.get(groups["offset"].lower(), 2))
    if "a" in groups:
        return _numeric_mention(groups, base, day_first_numbers)
    if "day" not in groups:
        relation = groups.get("week") or groups.get("rel", "")
        return dataclasses.replace(base, relation=" ".join(relation.lower().split()[-1:]))
    if "month" not in groups and "wd" in groups and not ("the" in groups or "dayord" in groups):
        return None  # "Thursday 10" is a weekday and an hour, not a date
    month, year = groups.get("month", ""), groups.get("year")
    return dataclasses.replace(
        base,
        month=None if not month else int(month) if month.isdigit() else month_number(month),
        day=int(groups["day"]),
        last_day=int(groups["day2"]) if "day2" in groups else None,
        year=None if year is None else int(year),
    )


def _numeric_mention(groups: dict[str, str], base: DateMention, day_first_numbers: bool) -> DateMention | None:
    first, second = int(groups["a"]), int(groups["b"])
    month, day = (second, first) if day_first_numbers else (first, second)
    if month > 12:
        month, day = day, month
    if not (1 <= month <= 12 and 1 <= day <= 31) or groups["a"] + "/" + groups["b"] == "24/7":
        return None
    year = groups.get("year")
    full_year = None if year is None else int(year) + (2000 if len(year) == 2 else 0)
    return dataclasses.replace(base, month=month, day=day, year=full_year)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def upcoming_date(month: int, day: int, year: int | None, reference: dt.date) -> dt.date | None:
    """The next `month`/`day` on or after `reference` (up to GRACE_DAYS back stays in this year)."""
    if year is not None:
        return safe_date(year, month, day)
    for candidate_year in (reference.year, reference.year + 1):
        candidate = safe_date(candidate_year, month, day)
        if candidate is not None and candidate >= reference - dt.timedelta(days=GRACE_DAYS):
            return candidate
    return None


def upcoming_day_of_month(day: int, weekday: int | None, reference: dt.date) -> dt.date | None:
    """The next "the 19th" on or after `reference`; with a weekday ("Monday the 19th"), one that fits."""
    candidates = []
    for months_ahead in range(3):
        month_index = reference.month - 1 + months_ahead
        candidate = safe_date(reference.year + month_index // 12, month_index % 12 + 1, day)
        if candidate is not None and candidate >= reference:
            candidates.append(candidate)
    matching = [c for c in candidates if weekday is None or c.weekday() == weekday]
    return next(iter(matching or candidates), None)


def next_weekday(weekday: int, reference: dt.date, relation: str = "", same_day: bool = False) -> dt.date:
    """A named weekday: "next" = in the following Mon-Sun week; "this" = in this week (else the next);
    plain or "coming" = the first one after `reference` (or `reference` itself when `same_day`)."""
    monday = reference - dt.timedelta(days=reference.weekday())
    if relation in {"next", "following"}:
        return monday + dt.timedelta(days=7 + weekday)
    if relation == "this" and monday + dt.timedelta(days=weekday) >= reference:
        return monday + dt.timedelta(days=weekday)
    ahead = (weekday - reference.weekday()) % 7
    return reference + dt.timedelta(days=ahead if ahead or same_day else 7)


def resolve(mention: DateMention, reference: dt.date, *, last: bool = False, same_day: bool = False) -> dt.date | None:
    """The date a mention names, seen from `reference`; `last` takes the later bound of a range.
    None when there is no such date (February 30, or past the end of the calendar)."""
    try:
        return _resolve(mention, reference, last, same_day)
    except OverflowError:
        return None


def _resolve(mention: DateMention, reference: dt.date, last: bool, same_day: bool) -> dt.date | None:
    if mention.offset is not None:
        return reference + dt.timedelta(days=mention.offset)
    if mention.day is None:
        assert mention.weekday is not None
        # a writer means today by "today", not by today's weekday name: "15:00 on Thursday" written
        # on a Thursday morning is next week's
        return next_weekday(mention.weekday, reference, mention.relation, False)
    day = mention.last_day if last and mention.last_day else mention.day
    if mention.month is None:
        return upcoming_day_of_month(day, mention.weekday, reference)
    return upcoming_date(mention.month, day, mention.year, reference)


# --- times -----------------------------------------------------------------------------------

_CLOCK = (
    r"(?:(?P<{0}h>[01]?\d|2[0-3])(?:[:.](?P<{0}m>[0-5]\d))?\s*(?P<{0}ap>[ap])\.?\s?m\b\.?"
    r"|(?P<{0}hh>[01]?\d|2[0-3]):(?P<{0}mm>[0-5]\d)(?!\s*[ap]\.?\s?m\b)"
    r"|(?P<{0}noon>noon|midday)"
    r"|(?P<{0}bare>1[0-2]|0?[1-9])(?![\d:.]))"
)
_TIME = re.compile(
    r"(?<![\w:./-])" + _CLOCK.format("a") + r"(?:\s*(?:-|–|to|until|till)\s*" + _CLOCK.format("b") + ")?",
    re.IGNORECASE,
)
_AT_BEFORE = re.compile(r"\b(?:at|@)\s*$", re.IGNORECASE)
_DATE_THEN_TIME = re.compile(r"[\s,]*(?:(?:at|@|from|between|starting at|around|for|time:?)\s*)?$", re.IGNORECASE)
_TIME_THEN_DATE = re.compile(r"[\s,]*(?:on\s*)?$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_AGENDA_REACH = 250  # characters from a calendar date to the times of its agenda
_AGENDA_LINE_GAP = 120  # characters from one agenda line's time to the next
_IRISH = re.compile(r"\b(?:irish|ireland|dublin)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _zone_word() -> re.Pattern[str]:
    """A zone word right after a time: "2:30 PM Central", "16:30 Irish time", "1pm (EST)"."""
    words = zones.load_zone_words()
    names = "|".join(re.escape(n) for n in sorted(words.names, key=len, reverse=True))
    abbreviations = "|".join(re.escape(a) for a in sorted(words.abbreviations, key=len, reverse=True))
    return re.compile(
        rf"\s*(?P<paren>\(\s*)?(?P<zone>(?:us\s+)?(?:{names})(?:\s+(?:standard|daylight|summer))?(?:\s+time)?"
        rf"|(?-i:{abbreviations}))\b(?(paren)[^()]{{0,40}}\))",
        re.IGNORECASE,
    )


# Workday and Outlook write the offset itself: "9:00 AM (GMT-07:00) Arizona", "15:00 UTC+1".
_OFFSET = re.compile(r"\s*\(?\s*(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?\s*\)?", re.I)


def _zone_after(text: str, position: int) -> tuple[dt.tzinfo | None, int]:
    """The zone named right after a time (a word beats a bare offset) and where its words end."""
    zone: dt.tzinfo | None = None
    offset = _OFFSET.match(text, position)
    if offset:
        minutes = int(offset.group("hours")) * 60 + int(offset.group("minutes") or 0)
        if minutes < 24 * 60:
            zone = dt.timezone(dt.timedelta(minutes=minutes if offset.group("sign") == "+" else -minutes))
            position = offset.end()
    word = _zone_word().match(text, position)
    if word is None:
        return zone, position
    if word.group("zone").upper() == "IST" and _IRISH.search(text):
        return zones.zone_for_word("Irish"), word.end()
    return zones.zone_for_word(word.group("zone")) or zone, word.end()


@dataclass(frozen=True)
class _Time:
    start: int
    end: int
    begins: dt.time
    ends: dt.time | None
    zone: dt.tzinfo | None  # named in the text
    bare: bool  # only an hour, "at 10": trusted only next to a date


def _clock(match: re.Match[str], prefix: str) -> tuple[int, int, str | None] | None:
    group = {key[1:]: value for key, value in match.groupdict().items() if key.startswith(prefix) and value}
    if "noon" in group:
        return 12, 0, "p"
    if "ap" in group:
        return int(group["h"]), int(group.get("m", 0)), group["ap"].lower()
    if "hh" in group:
        return int(group["hh"]), int(group["mm"]), None
    if "bare" in group:
        return int(group["bare"]), 0, None
    return None


def _to_time(hour: int, minute: int, meridiem: str | None) -> dt.time:
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    elif meridiem is None and 1 <= hour <= 6:  # "at 2:30" in a business mail is the afternoon
        hour += 12
    return dt.time(hour % 24, minute)


def _find_times(text: str, dates: list[DateMention], starts: list[int]) -> list[_Time]:
    """Times of day in `text`, outside the given date mentions ("October 12 - 2:30 PM" is no 12 o'clock)."""
    times: list[_Time] = []
    position = 0
    while match := _TIME.search(text, position):
        index = bisect.bisect_right(starts, match.start()) - 1
        inside = dates[index] if index >= 0 and match.start() < dates[index].end else None
        position = inside.end if inside else match.end()
        if inside:
            continue
        second = _clock(match, "b")
        first = _clock(match, "a")
        if first is None or (match.group("abare") and second is None and not _AT_BEFORE.search(text, max(0, match.start() - 5), match.start())):
            continue
        ends = None if second is None else _to_time(*second)
        begins = _to_time(first[0], first[1], first[2] or (second[2] if second else None))
        if ends is not None and first[2] is None and begins > ends:
            begins = _to_time(first[0], first[1], "a")  # "11:30-12:15 PM" starts in the morning
        zone, end = _zone_after(text, match.end())
        times.append(_Time(match.start(), end, begins, ends, zone, bool(match.group("abare"))))
    return times


def _is_conversion(text: str, time: _Time, previous_end: int | None) -> bool:
    """A time right after a slot, in parentheses or after a slash, restates it in another zone:
    "2:30 PM Central (3:30 PM Eastern)", "10am PT / 1pm ET"."""
    if previous_end is None:
        return False
    gap = text[previous_end : time.start].strip(" ,")
    return gap in {"/", "|"} or (gap.startswith("(") and ")" not in gap and len(gap) <= 30)


def _date_for(text: str, time: _Time, dates: list[DateMention], starts: list[int]) -> tuple[DateMention | None, bool]:
    """The day a time belongs to, and whether it is written next to it: "Monday, October 12 at 2:30",
    "2:30 PM on Monday", "October 12 - 2:30"; else an agenda under "onsite on Thursday, October 22: ..."."""
    index = bisect.bisect_left(starts, time.end)
    if index < len(dates) and _TIME_THEN_DATE.match(text, time.end, dates[index].start):
        return dates[index], True
    index -= 1
    while index >= 0 and dates[index].end > time.start:
        index -= 1
    if index < 0:
        return None, False
    previous = dates[index]
    if _DATE_THEN_TIME.match(text, previous.end, time.start) or (
        time.start - previous.end <= 40 and not _SENTENCE_BREAK.search(text, previous.end, time.start)
    ):
        return previous, True
    while index >= 0 and time.start - dates[index].end <= _AGENDA_REACH:
        if dates[index].is_calendar_date:
            return dates[index], False
        index -= 1
    return None, False


def find_slots(text: str, said_at: dt.datetime, zone: dt.tzinfo) -> list[Slot]:
    """Every date+time the text names, in order.

    "Monday, October 12 at 2:30 PM Central (3:30 PM Eastern)" is one slot: the first zone wins and
    the parenthesised conversion is not a second slot. A date without a year is the next occurrence
    on or after said_at's date (up to GRACE_DAYS back stays in this year); a weekday alone is the next
    such weekday after said_at's date (never the same day: that is "today"). A zone word in the
    phrase wins over `zone`. A time with no day at all counts from said_at (explicit_date False).
    """
    text = normalize(text)
    dates = find_dates(text, day_first(zone))
    starts = [d.start for d in dates]
    found: list[Slot] = []
    previous_end: int | None = None
    agenda: tuple[DateMention, int] | None = None  # the date of an agenda, and where its last line ended
    for time in _find_times(text, dates, starts):
        if _is_conversion(text, time, previous_end):
            continue
        mention, adjacent = _date_for(text, time, dates, starts)
        if mention is None and agenda is not None and time.start - agenda[1] <= _AGENDA_LINE_GAP \
                and "\n\n" not in text[agenda[1]:time.start]:
            # a long agenda ("9:00 - 9:15 Welcome ... 1:45 - 2:30 Wrap-up") keeps the date it started under
            mention = agenda[0]
        slot = None if mention is None and time.bare else _slot(text, time, mention, adjacent, said_at, zone)
        if slot is not None:
            found.append(slot)
            previous_end = max(time.end, mention.end) if mention and adjacent else time.end
            agenda = (mention, time.end) if mention is not None and mention.is_calendar_date else None
    return found


def _slot(text: str, time: _Time, mention: DateMention | None, adjacent: bool, said_at: dt.datetime,
          zone: dt.tzinfo) -> Slot | None:  # fmt: skip
    slot_zone = time.zone or zone
    try:
        today = said_at.astimezone(zone).date()  # "tomorrow" is the writer's tomorrow
        ahead = dt.datetime.combine(today, time.begins, tzinfo=slot_zone) > said_at
        day = resolve(mention, today, same_day=ahead) if mention else today + dt.timedelta(days=1 - ahead)
        if day is None:
            return None
        start = dt.datetime.combine(day, time.begins, tzinfo=slot_zone)
        end = None if time.ends is None else dt.datetime.combine(day, time.ends, tzinfo=slot_zone)
        end = end + dt.timedelta(days=1) if end is not None and end <= start else end  # "11pm-1am"
    except OverflowError:  # past the end of the calendar
        return None
    first = min(time.start, mention.start) if mention and adjacent else time.start
    last = max(time.end, mention.end) if mention and adjacent else time.end
    phrase = text[first:last].strip(" ,")
    return Slot(start, end, phrase + ")" * (phrase.count("(") - phrase.count(")")), mention is not None)


# --- durations and return dates --------------------------------------------------------------

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "forty five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
_DURATION = re.compile(
    r"(?<![\w.])(?:(?P<half>half\s+an?\s+hour)|(?:an?|one)\s+and\s+a\s+half\s+hours?(?P<one_and_half>)"
    r"|(?P<amount>\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s*-?\s*"
    r"(?:(?P<hours>hours?|hrs?)\b|(?P<minutes>minutes?|mins?)\b|(?<=\d)(?P<unit>[hm])\b)"
    r"(?P<and_half>\s+and\s+a\s+half)?(?:\s*(?:and\s+)?(?P<extra>\d+)\s*(?:minutes?|mins?|m)\b)?)"
    r"(?!\s+(?:ago|later|earlier|before|after|from\s+now|notice|'s?\s+notice|time\s+difference|ahead|behind))",
    re.IGNORECASE,
)
# "within 48 hours", "in the next hour": a lead time, not the length of a meeting.
_LEAD_TIME = re.compile(r"\b(?:within|in|after|every|next|past|last|than|over|up\s+to|ago)\s+(?:the\s+)?$", re.I)
_LONGEST_MEETING_MINUTES = 10 * 60


def find_duration(text: str) -> int | None:
    """The length of a meeting in minutes: "45-minute", "an hour", "1.5 hours", "half an hour"."""
    text = normalize(text)
    for match in _DURATION.finditer(text):
        if _LEAD_TIME.search(text, max(0, match.start() - 30), match.start()):
            continue
        minutes = _duration_minutes(match)
        if 0 < minutes <= _LONGEST_MEETING_MINUTES:
            return minutes
    return None


def _duration_minutes(match: re.Match[str]) -> int:
    if match.group("half") is not None:
        return 30
    if match.group("one_and_half") is not None:
        return 90
    word = match.group("amount").lower()
    amount = float(word) if word[0].isdigit() else float(_NUMBER_WORDS[" ".join(word.split())])
    in_hours = match.group("hours") or (match.group("unit") or "").lower() == "h"
    minutes = amount * 60 if in_hours else amount
    minutes += 30 if match.group("and_half") and in_hours else 0
    minutes += int(match.group("extra") or 0)
    return round(minutes)


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


def next_business_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


# a change of the user's rule folders (SIGHUP) takes effect at once
lists.on_change(_zone_word.cache_clear)
