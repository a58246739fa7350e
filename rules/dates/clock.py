"""Times of day in mail text ("2:30 PM Central", "16:30-17:15", "noon") and the zone written next
to them ("ET", "(GMT-07:00)", "Irish time"); `hiring_zone` chooses the IANA zone the hiring side
lives in."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from rules import lists
from rules.dates import zones
from rules.dates.mentions import DateMention, find_dates, normalize

_CLOCK = (
    r"(?:(?P<{0}h>[01]?\d|2[0-3])(?:[:.](?P<{0}m>[0-5]\d))?\s*(?P<{0}ap>[ap])\.?\s?m\b\.?"
    r"|(?P<{0}hh>[01]?\d|2[0-3]):(?P<{0}mm>[0-5]\d)(?!\s*[ap]\.?\s?m\b)"
    # "at 15.30", as British mail writes it; a dotted number elsewhere is no time ("3.5 hours", "v2.10")
    r"|(?<=\bat )(?P<{0}dh>[01]?\d|2[0-3])\.(?P<{0}dm>[0-5]\d)(?![\d]|\.\d|\s*[ap]\.?\s?m\b)"
    # "15h30", "11h", as French and Portuguese write it (also in English mail); never a length: "2h30" is no time
    r"|(?P<{0}fh>0?[7-9]|1\d|2[0-3])h(?P<{0}fm>[0-5]\d)?\b"
    r"|(?P<{0}noon>noon|midday)"
    r"|(?P<{0}wq>half past|(?:a )?quarter past|(?:a )?quarter to) (?P<{0}wh>1[0-2]|0?[1-9]|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve)\b"
    r"|(?P<{0}bare>1[0-2]|0?[1-9])(?![\d:.]))"
)
# "10.00 - 13.30", as continental mail writes a span: dotted times on the quarter hour, in a pair (neither
# part of a date: no month is 00, 15, 30 or 45), where a dotted number alone is none
_DOTTED_QUARTER = r"(?<![€$£] )(?<![€$£])(?<!EUR )(?<!USD )(?<!GBP )(?<!CHF )(?P<{0}rh>[01]?\d|2[0-3])\.(?P<{0}rm>00|15|30|45)(?![\d]|\.\d|\s*(?:EUR|USD|GBP|CHF|€|\$|£))"
_DOTTED_SPAN = r"(?=\s*(?:-|–|—|to|until|till)\s*(?:[01]?\d|2[0-3])\.(?:00|15|30|45)(?![\d]|\.\d))"
_TIME = re.compile(
    r"(?<![\w:./-])(?:" + _CLOCK.format("a") + "|" + _DOTTED_QUARTER.format("a") + _DOTTED_SPAN + r")"
    r"(?:\s*(?:-|–|to|until|till)\s*(?:" + _CLOCK.format("b") + "|" + _DOTTED_QUARTER.format("b") + "))?",
    re.IGNORECASE,
)
# the end of a range written after the start's zone: "2:30 PM ET - 3:30 PM ET", "2:30 PM ET – 15:30"
_RANGE_END = re.compile(r"\s*(?:-|–|—|to|until|till)\s*" + _CLOCK.format("b"), re.IGNORECASE)
_AT_BEFORE = re.compile(r"\b(?:at|@)\s*$", re.IGNORECASE)
_IRISH = re.compile(r"\b(?:irish|ireland|dublin)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _zone_word() -> re.Pattern[str]:
    """A zone word right after a time: "2:30 PM Central", "16:30 Irish time", "1pm (EST)", "5pm in New York"."""
    words = zones.load_zone_words()
    names = "|".join(re.escape(n) for n in sorted(words.names, key=len, reverse=True))
    abbreviations = "|".join(re.escape(a) for a in sorted(words.abbreviations, key=len, reverse=True))
    return re.compile(
        rf"\s*(?P<paren>\(\s*)?(?:in\s+)?(?P<zone>(?:us\s+)?(?:{names})(?:\s+(?:standard|daylight|summer))?(?:\s+time)?"
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
class Time:
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
    if "dh" in group:
        return int(group["dh"]), int(group["dm"]), None
    if "rh" in group:
        return int(group["rh"]), int(group["rm"]), None
    if "fh" in group:
        return int(group["fh"]), int(group.get("fm", 0)), None
    if "wq" in group:
        word = group["wh"].lower()
        hour = int(word) if word.isdigit() else _HOURS.index(word) + 1
        if group["wq"].lower().endswith("to"):
            return (hour - 2) % 12 + 1, 45, None  # a quarter to three: 2:45
        return hour, 30 if group["wq"].lower().startswith("half") else 15, None
    if "bare" in group:
        return int(group["bare"]), 0, None
    return None


_HOURS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _to_time(hour: int, minute: int, meridiem: str | None) -> dt.time:
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    elif meridiem is None and 1 <= hour <= 6:  # "at 2:30" in a business mail is the afternoon
        hour += 12
    return dt.time(hour % 24, minute)


_COUNT_AFTER = re.compile(r"\s*(?:more\s+|further\s+|additional\s+)?(?:(?:business|working|calendar|week)\s*)?"
                          r"(?:days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|candidates|people|rounds?)\b",
                          re.IGNORECASE)


def find_times(text: str, dates: list[DateMention], starts: list[int]) -> list[Time]:
    """Times of day in `text`, outside the given date mentions ("October 12 - 2:30 PM" is no 12 o'clock)."""
    times: list[Time] = []
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
        if match.group("abare") and _COUNT_AFTER.match(text, match.end()):
            continue  # "in the next 3 to 5 business days", "2-3 weeks": a count, not a time of day
        zone, end = _zone_after(text, match.end())
        if second is None and end > match.end() and (tail := _RANGE_END.match(text, end)) and _clock(tail, "b"):
            # the range goes on after the start's zone: its end is this time's, not another time
            second = _clock(tail, "b")
            later_zone, end = _zone_after(text, tail.end())
            zone = zone or later_zone
            position = end
        ends = None if second is None else _to_time(*second)
        begins = _to_time(first[0], first[1], first[2] or (second[2] if second else None))
        if ends is not None and first[2] is None and begins > ends:
            begins = _to_time(first[0], first[1], "a")  # "11:30-12:15 PM" starts in the morning
        times.append(Time(match.start(), end, begins, ends, zone, bool(match.group("abare"))))
    return times



# a change of the user's rule folders (SIGHUP) takes effect at once
lists.on_change(_zone_word.cache_clear)


# --- the hiring side's zone -------------------------------------------------------------------

# "Europe/Berlin", "America/Argentina/Buenos_Aires": an IANA name written out (checked against tzdata)
_IANA_NAME = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_-]{1,30}"
                        r"(?:/[A-Z][A-Za-z_-]{1,30})?\b")


@dataclass(frozen=True)
class ZoneChoice:
    """The zone a hiring process is read in, and where it came from (for the reasons shown)."""

    zone: dt.tzinfo
    source: str  # "written" | "invite" | "date header" | "none"

    @property
    def name(self) -> str:
        return zones.zone_name(self.zone)


def written_zone(text: str, at: dt.datetime) -> dt.tzinfo | None:
    """The zone the author names for a time ("10:00 ET", "2pm Pacific time", "(GMT+01:00) Berlin")
    or writes out ("Europe/Berlin"), the first one in `text` (a conversion follows the writer's own:
    "2:30 PM Central (3:30 PM Eastern)"); None when none, or only UTC/GMT, which tells where nobody
    lives. A bare offset becomes the zone most likely meant at `at`. When the text names zones of
    different offsets and one of them is the offset of `at` (the writer's Date header), that one: an
    itinerary's "departing 9:05 AM ET" above "1:40 PM HST" from a writer at -1000 lives in Hawaii."""
    text = normalize(text)
    found: list[tuple[int, dt.tzinfo]] = [
        (m.start(), zone) for m in _IANA_NAME.finditer(text) if (zone := _iana(m.group(0))) is not None]
    dates = find_dates(text)
    times = [time for time in find_times(text, dates, [d.start for d in dates]) if time.zone is not None]
    found += [(time.start, time.zone) for time in times if time.zone is not None]
    found.sort(key=lambda item: item[0])
    if _writers_among(times, at) is not None:
        found = [item for item in found if item[1].utcoffset(at.replace(tzinfo=None)) == at.utcoffset()]
    for _, zone in found:
        if getattr(zone, "key", None):
            return zone
        offset = zone.utcoffset(None)
        if offset:  # a bare "(GMT-07:00)": the zone people with that offset most likely live in
            return zones.guess_zone(offset, at)
    return None


def _writers_among(times: Sequence[Time], at: dt.datetime) -> dt.tzinfo | None:
    """The zone of `at`'s offset (the writer's Date header), when the text's times are written in
    zones of different offsets for different moments ("departing 9:05 AM ET" ... "1:40 PM HST") and
    one of them has it; None when one time is a conversion of another ("2:30 PM Central (3:30 PM
    Eastern)": the first is the writer's), when `at` is +0000 (often a relay's), or when none has it."""
    offset = at.utcoffset()
    if not offset or len(times) < 2:
        return None
    day = at.date()
    moments = [dt.datetime.combine(day, t.begins, tzinfo=t.zone) for t in times]
    if len({m.utcoffset() for m in moments}) < 2 or len({m.astimezone(dt.UTC) for m in moments}) < len(moments):
        return None
    return next((t.zone for t, m in zip(times, moments, strict=True) if m.utcoffset() == offset), None)


def _iana(name: str) -> dt.tzinfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None


def hiring_zone(texts: Sequence[tuple[str, dt.datetime]], invite_zones: Sequence[str],
                headers: Sequence[dt.datetime], own_headers: Sequence[dt.datetime] = ()) -> ZoneChoice:
    """The IANA zone the hiring side lives in (POLICY.md "Dates are the hiring side's"), best first:
    a zone written in their mail (the latest of `texts` that names one, each a text and when it was
    written); the TZID of their invites (the latest of `invite_zones`); the zone most likely meant
    by the offset of their Date headers (`headers`, best first: people before robots), unless it is
    +0000, which mail relayed by hosted systems often says; then the user's own zone (the offset of
    `own_headers`, the user's Date headers, best first); then their +0000; else UTC."""
    for text, at in reversed(texts):
        zone = written_zone(text, at)
        if zone is not None:
            return ZoneChoice(zone, "written")
    for name in reversed(invite_zones):
        invite = _iana(name) if name else None
        if invite is not None:
            return ZoneChoice(invite, "invite")
    offset_headers = [h for h in headers if h.utcoffset()]
    if headers and not offset_headers and any(_BRITISH_PLACE.search(text) for text, _ in texts):
        # +0000 from people who write from Reading RG6 1PT or London: Greenwich time, not a relay's
        return ZoneChoice(zoneinfo.ZoneInfo("Europe/London"), "date header")
    for source, dates in (("date header", offset_headers), ("your zone", own_headers), ("date header", headers)):
        if dates:
            return ZoneChoice(zones.guess_zone(dates[0].utcoffset() or dt.timedelta(0), dates[0]), source)
    return ZoneChoice(dt.UTC, "none")


# a place in Great Britain: a postcode ("RG6 1PT", "SW1A 2AA", "EC2A 4NE"), the country, a city or a county by
# name ("Hitchin, Hertfordshire"; never "New Hampshire"), or a +44 number
_BRITISH_PLACE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}|United Kingdom|England|Scotland|Wales|"
                            r"London|Manchester|Birmingham|Edinburgh|Glasgow|Bristol|Leeds|Cambridge|Oxford|"
                            r"(?<!New )[A-Z][a-z]{2,12}shire)\b|\+44\b")
