"""text/calendar parts of a mail -> `model.CalendarEvent` values (RFC 5545, iTIP RFC 5546).

icalendar does the hard parts (line folding, TZID with VTIMEZONE, DURATION); we only pick the
fields the rules need and make every time aware (floating times are read as UTC, date-only events
as midnight UTC, since neither names a moment).
"""

from __future__ import annotations

import datetime as dt
import logging

from watcher.model import Address, CalendarEvent

log = logging.getLogger(__name__)

_OLDEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
_NEWEST = dt.datetime(3000, 1, 1, tzinfo=dt.UTC)


def parse_ics(data: bytes, method: str = "") -> list[CalendarEvent]:
    """Every VEVENT of one text/calendar part; `method` is the Content-Type's, used when the
    calendar names none. Garbage gives no events, never an exception."""
    import icalendar  # imported only when a mail carries a calendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
        method = str(calendar.get("METHOD", method) or method).upper()
        components = list(calendar.walk("VEVENT"))
    except Exception as exc:  # noqa: BLE001 - icalendar raises all kinds on garbage; a bad part is skipped
        log.debug("unreadable calendar part (%s)", type(exc).__name__)
        return []
    events = []
    for component in components:
        try:
            events.append(_event(component, method))
        except Exception as exc:  # noqa: BLE001 - as above, per VEVENT: keep the events that can be read
            log.debug("skipping a VEVENT (%s)", type(exc).__name__)
    return events


def _event(component: object, method: str) -> CalendarEvent:
    get = component.get  # type: ignore[attr-defined]
    decoded = component.decoded  # type: ignore[attr-defined]
    start = _aware(decoded("DTSTART")) if get("DTSTART") is not None else None
    end: dt.datetime | None = None
    if get("DTEND") is not None:
        end = _aware(decoded("DTEND"))
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
    )


def _aware(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    else:
        moment = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if not _OLDEST <= moment <= _NEWEST:
        # year 1 or 9999 is a broken invite, and would overflow the rules' date arithmetic
        raise ValueError("event time out of range")
    return moment
