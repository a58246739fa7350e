"""Interview slots and agendas: the dates and times a mail names ("Monday, October 12 at 2:30 PM
Central (3:30 PM Eastern)"), resolved against the time the mail was written."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from rules.dates import languages, zones
from rules.dates.clock import Time, find_times
from rules.dates.mentions import DateMention, day_first, find_dates, normalize, resolve


@dataclass(frozen=True)
class Slot:
    """A date and time named in text, e.g. an interview slot."""

    start: dt.datetime  # aware
    end: dt.datetime | None  # when a range like "2:30-3:15 PM" or "16:30-17:15" was given
    phrase: str
    explicit_date: bool  # a day was named (calendar date, weekday, today/tomorrow), not only a time


_DATE_THEN_TIME = re.compile(r"[\s,]*(?:(?:at|@|from|between|starting at|around|for|time:?)\s*)?$", re.IGNORECASE)
_TIME_THEN_DATE = re.compile(r"[\s,]*(?:on\s*)?$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_AGENDA_REACH = 250  # characters from a calendar date to the times of its agenda
_AGENDA_LINE_GAP = 120  # characters from one agenda line's time to the next


def _is_conversion(text: str, time: Time, previous_end: int | None) -> bool:
    """A time right after a slot, in parentheses, after a slash or a "that's", restates it in another
    zone: "2:30 PM Central (3:30 PM Eastern)", "10am PT / 1pm ET", "9:00am AEDT - that's 5:00pm Monday
    in New York"."""
    if previous_end is None:
        return False
    gap = text[previous_end : time.start].strip(" ,")
    return gap in {"/", "|"} or (gap.startswith("(") and ")" not in gap and len(gap) <= 30) or bool(
        _RESTATED.fullmatch(gap))


_RESTATED = re.compile(r"(?:[-–—]\s*)?(?:that'?s|that is|which is|i\.?e\.?|=)(?:\s+(?:at|on))?"
                       # the next sentence: "... at 8:00am Sydney time? That should be Wednesday 14 October at 5:00pm for you"
                       r"|[.?!]\s*(?:that(?:'s| is| should be| would be| will be| works out (?:to|as)| means)|which (?:is|would be))"
                       r"(?:\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day,?)?(?:\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+|[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?))?"
                       r",?(?:\s+(?:at|on))?", re.IGNORECASE)


def _date_for(text: str, time: Time, dates: list[DateMention], starts: list[int]) -> tuple[DateMention | None, bool]:
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


def as_read(text: str) -> str:
    """The text as `find_slots` reads it, where a slot's `phrase` is found: German, French, Italian,
    Portuguese and Spanish dates in English forms, spaces and quotes normalised."""
    return normalize(languages.to_english(text))


# a time said to be the reader's or the writer's own ("10am your time / 3pm ours", "10am my time (3pm yours)")
_READERS = re.compile(r"\s*(?:your time|yours|for you|your end)\b", re.IGNORECASE)
_WRITERS = re.compile(r"\s*(?:my time|our time|ours|mine|for me|for us|my end|our end)\b", re.IGNORECASE)


def restates_for_someone(text: str, end: int) -> bool:
    """Whether the time ending at `end` is said to be someone's own ("noon for you", "10am my time")."""
    return bool(_READERS.match(text, end) or _WRITERS.match(text, end))


def find_slots(text: str, said_at: dt.datetime, zone: dt.tzinfo, by_hiring_side: bool | None = None) -> list[Slot]:
    """Every date+time the text names, in order.

    "Monday, October 12 at 2:30 PM Central (3:30 PM Eastern)" is one slot: the first zone wins and
    the parenthesised conversion is not a second slot. A date without a year is the next occurrence
    on or after said_at's date (up to GRACE_DAYS back stays in this year); a weekday alone is the next
    such weekday after said_at's date (never the same day: that is "today"). A zone word in the
    phrase wins over `zone`. A time with no day at all counts from said_at (explicit_date False).
    `by_hiring_side`: who wrote it, when known: of a time said in both zones, the one in the candidate's
    ("your time" from the hiring side, "my time" from the user) is not read, the other is (`zone` being
    the hiring side's).
    """
    text = as_read(text)
    zone = _zone_note(text) or zone
    dates = find_dates(text, day_first(zone))
    starts = [d.start for d in dates]
    found: list[Slot] = []
    previous_end: int | None = None
    agenda: tuple[DateMention, int] | None = None  # the date of an agenda, and where its last line ended
    # "Date: Tuesday, December 1." on a line of its own: the day of every time not written beside a date
    labelled = [d for d in dates if d.is_calendar_date or d.weekday is not None
                if _DATE_LABEL.search(text, max(0, d.start - 20), d.start) or _AGENDA_FOR.search(text, max(0, d.start - 40), d.start)]
    candidates = _READERS if by_hiring_side else _WRITERS
    for time in find_times(text, dates, starts):
        if by_hiring_side is not None and candidates.match(text, time.end) \
                and (_WRITERS if by_hiring_side else _READERS).search(text, time.end, time.end + 40):
            continue  # "10am your time / 3pm ours": the hiring side's own clock follows
        if _is_conversion(text, time, previous_end):
            continue
        mention, adjacent = _date_for(text, time, dates, starts)
        first = min(time.start, mention.start) if mention is not None and adjacent else time.start
        if time.begins == _LAST_MINUTE or _COMPLETE_BY.search(text, max(0, first - 60), first):
            continue  # "complete your interview by November 24, 11:59 PM": a recording's deadline, no meeting
        if not adjacent and len(labelled) == 1:
            mention = labelled[0]
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



_LAST_MINUTE = dt.time(23, 59)  # "by 11:59 PM": the end of a day to do something in, never a meeting's start
_COMPLETE_BY = re.compile(r"\b(?:(?:complete|completed|submit|submitted|record|recorded|finish|finished|return)\b[^.!?]{0,30}?\bby|"
                          r"expires?(?:\s+on)?|deadline\s*:?|no later than)\s*$", re.IGNORECASE)

# (the text as read has its line breaks as spaces: a label starts the text or follows a sentence's end)
_DATE_LABEL = re.compile(r"(?:^|[.!?:)]\s|\s\s)\s*(?-i:Date|Day|When|DATE|DAY|WHEN)\s*:\s*$")
# "Please find the programme for Tuesday 17 November below": the day of the times listed under it
_AGENDA_FOR = re.compile(r"\b(?:programme|program|schedule|agenda|itinerary|timetable)\s+(?:for|on)\s+(?:the\s+day\s+)?(?:on\s+)?$",
                         re.IGNORECASE)
# "(all times Pacific)", "All times are in CET.", "all times listed are Eastern": the zone of every time
# the mail names without one of its own (an onsite's schedule writes it once, above its lines)
_ZONE_NOTE = re.compile(r"\ball (?:the )?times(?: listed| shown| below| above)? (?:are )?(?:in )?([A-Za-z][A-Za-z ]{1,30}?)"
                        r"(?: time)?\s*[).;:\n]", re.IGNORECASE)


def _zone_note(text: str) -> dt.tzinfo | None:
    found = _ZONE_NOTE.search(text)
    return zones.zone_for_word(found.group(1)) if found else None


def _slot(text: str, time: Time, mention: DateMention | None, adjacent: bool, said_at: dt.datetime,
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

