"""text/calendar parts of a mail -> `model.CalendarEvent` values (RFC 5545, iTIP RFC 5546).

icalendar does the hard parts (line folding, TZID with VTIMEZONE, DURATION); we only pick the
fields the rules need and make every time aware. A floating time (no TZID, no "Z") is wall-clock
time in the organizer's zone: read in the calendar's X-WR-TIMEZONE when it names one, else kept as
a wall clock (read as UTC, `floating` set) until `place_floating` puts it in the hiring side's zone
- never left in UTC, or a 14:00 New York interview would end at 9:00 and its thank-you come due
before it. Date-only events are midnight UTC, since they name no moment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import re
import zoneinfo

from rules.dates import zones
from watcher.model import Address, CalendarEvent, Message

log = logging.getLogger(__name__)

_OLDEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
_NEWEST = dt.datetime(3000, 1, 1, tzinfo=dt.UTC)


def parse_ics(data: bytes, method: str = "") -> list[CalendarEvent]:
    """Every VEVENT of one text/calendar part; `method` is the Content-Type's, used when the
    calendar names none. Garbage gives no events, never an exception."""
    import icalendar  # imported only when a mail carries a calendar

    try:
        calendar = icalendar.Calendar.from_ical(_needed(data))
        method = str(calendar.get("METHOD", method) or method).upper()
        default_zone = _zone(str(calendar.get("X-WR-TIMEZONE", "") or ""))
        components = list(calendar.walk("VEVENT"))
    except Exception as exc:  # noqa: BLE001 - icalendar raises all kinds on garbage; a bad part is skipped
        log.debug("unreadable calendar part (%s)", type(exc).__name__)
        return []
    events = []
    for component in components:
        try:
            events.append(_event(component, method, default_zone))
        except Exception as exc:  # noqa: BLE001 - as above, per VEVENT: keep the events that can be read
            log.debug("skipping a VEVENT (%s)", type(exc).__name__)
    return events


# What `_event` and `parse_ics` read; the rest of an invite (alarms, Outlook's X- properties and
# HTML description, PRODID, DTSTAMP, RRULE, ...) is never read, and icalendar's parse of a first
# scan's thousands of colleagues' invites took half of all parsing.
_READ = frozenset({b"BEGIN", b"END", b"METHOD", b"X-WR-TIMEZONE", b"UID", b"SEQUENCE", b"STATUS", b"DTSTART",
                   b"DTEND", b"DURATION", b"SUMMARY", b"DESCRIPTION", b"ORGANIZER", b"ATTENDEE"})
_NAME = re.compile(rb"[A-Za-z0-9-]*")
_TZID = re.compile(rb";TZID=\"?([^\":;]*)", re.I)


def _needed(data: bytes) -> bytes:
    """The lines of a text/calendar part that the events are read from. A VTIMEZONE is kept whole when
    a TZID names no zone of the standard library's ("Pacific Standard Time", Outlook's): icalendar then
    builds the zone from its rules. A TZID that is an IANA name is read as that zone with or without it."""
    keep_zones = any(not _known(name.decode("utf-8", "replace")) for name in _TZID.findall(data))
    out: list[bytes] = []
    keep = False
    within = b""  # the component left out (VALARM, VTIMEZONE) or kept whole (VTIMEZONE), until its END
    for line in data.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):  # a folded line continues the one before (RFC 5545 3.1)
            if keep:
                out.append(line)
            continue
        name = _NAME.match(line).group(0).upper()  # type: ignore[union-attr]  # it matches "" at worst
        value = line[len(name) + 1:].strip().upper() if name in (b"BEGIN", b"END") else b""
        if within:
            keep = within == b"VTIMEZONE" and keep_zones
            if name == b"END" and value == within:
                within = b""
        elif name == b"BEGIN" and value in (b"VALARM", b"VTIMEZONE"):
            within = value
            keep = value == b"VTIMEZONE" and keep_zones
        else:
            keep = name in _READ
        if keep:
            out.append(line)
    return b"".join(out)


def _known(tzid: str) -> bool:
    """A zone read by its name alone: an IANA name, or a Windows zone's (Outlook's "Eastern Standard
    Time"), which icalendar maps to the IANA zone (CLDR's table) without building one from the invite's
    VTIMEZONE rules: that took most of a first scan's calendar parsing."""
    return _iana(tzid) or _windows(tzid.strip())


@functools.lru_cache(maxsize=256)
def _windows(name: str) -> bool:
    if not name or "/" in name or _zone(name) is not None:  # "EST" and the like: fixed zones, not Windows'
        return False
    try:
        from icalendar.timezone import tzp
    except ImportError:  # an icalendar before 6 knows no Windows names: the VTIMEZONE is read
        return False
    return tzp.timezone(name) is not None


def _iana(tzid: str) -> bool:
    """An IANA zone's name, "Area/Location": never "EST" or "CET", which name fixed zones in the standard
    library but whose VTIMEZONE may well say something else."""
    return "/" in tzid and _zone(tzid) is not None


def place_floating(message: Message, zone: dt.tzinfo) -> Message:
    """`message` with the floating times of its invites read in `zone` (the organizer's: the hiring
    side's); the message itself when it has none."""
    if not any(event.floating for event in message.calendar):
        return message
    return dataclasses.replace(message, calendar=tuple(_placed(event, zone) for event in message.calendar))


def _placed(event: CalendarEvent, zone: dt.tzinfo) -> CalendarEvent:
    if not event.floating:
        return event
    start = None if event.start is None else event.start.replace(tzinfo=zone)
    end = None if event.end is None else event.end.replace(tzinfo=zone)
    return dataclasses.replace(event, start=start, end=end, floating=False, zone=str(getattr(zone, "key", "")))


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name.strip()) if name.strip() else None
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):  # "Pacific Standard Time" and the like
        return None


def _event(component: object, method: str, default_zone: zoneinfo.ZoneInfo | None) -> CalendarEvent:
    get = component.get  # type: ignore[attr-defined]
    decoded = component.decoded  # type: ignore[attr-defined]
    raw_start = decoded("DTSTART") if get("DTSTART") is not None else None
    floating = isinstance(raw_start, dt.datetime) and raw_start.tzinfo is None
    start = None if raw_start is None else _plain(_aware(raw_start, default_zone), _tzid(get("DTSTART")))
    end: dt.datetime | None = None
    if get("DTEND") is not None:
        end = _plain(_aware(decoded("DTEND"), default_zone), _tzid(get("DTEND")))
    elif get("DURATION") is not None and start is not None:
        end = start + decoded("DURATION")
    organizer = str(get("ORGANIZER", "") or "")
    attendees_value = get("ATTENDEE") or []
    if not isinstance(attendees_value, list):
        attendees_value = [attendees_value]
    attendees = []
    for attendee in attendees_value:
        address = str(attendee)
        name = ""
        params = getattr(attendee, "params", {})
        if params:
            name = str(params.get("CN", ""))
        if address.lower().startswith("mailto:"):
            attendees.append(Address(email=address[7:].strip().lower(), name=name))
    zone = getattr(start.tzinfo, "key", "") if start is not None and not floating else ""
    return CalendarEvent(
        uid=str(get("UID", "")),
        sequence=int(get("SEQUENCE", 0) or 0),
        method=method,
        status=str(get("STATUS", "") or "").upper(),
        start=start,
        end=end,
        summary=str(get("SUMMARY", "") or ""),
        description=str(get("DESCRIPTION", "") or "")[:2000],
        organizer=organizer[7:].lower() if organizer.lower().startswith("mailto:") else organizer.lower(),
        attendees=tuple(attendees),
        zone=str(zone or (default_zone.key if floating and default_zone else "")),
        floating=floating and default_zone is None,
    )


def _tzid(prop: object) -> str:
    params = getattr(prop, "params", None) or {}
    return str(params.get("TZID", "") or "")


def _plain(moment: dt.datetime, tzid: str) -> dt.datetime:
    """`moment` in a zone of the standard library's: the IANA zone its TZID names when that gives the
    same offset, else its fixed offset. A zone built from the invite's own VTIMEZONE (dateutil's, which
    icalendar uses for a TZID it does not know) walks its recurrence rules from their start on every
    offset asked, and every comparison of the times asks again."""
    if moment.tzinfo is None or isinstance(moment.tzinfo, zoneinfo.ZoneInfo | dt.timezone):
        return moment
    offset = moment.utcoffset() or dt.timedelta(0)
    named = _zone(tzid) or (zones.zone_for_word(tzid) if tzid else None)
    if named is not None:
        placed = moment.replace(tzinfo=named)
        if placed.utcoffset() == offset:
            return placed
    return moment.replace(tzinfo=dt.timezone(offset))


def _aware(value: dt.date | dt.datetime, default_zone: dt.tzinfo | None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=default_zone or dt.UTC)
    else:
        moment = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if not _OLDEST <= moment <= _NEWEST:
        # year 1 or 9999 is a broken invite, and would overflow the rules' date arithmetic
        raise ValueError("event time out of range")
    return moment
