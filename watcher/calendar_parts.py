"""text/calendar parts of a mail -> `model.CalendarEvent` values (RFC 5545, iTIP RFC 5546).

icalendar does the hard parts (line folding, TZID with VTIMEZONE, DURATION); we only pick the
fields the rules need and make every time aware (floating times are read as UTC, date-only events
as midnight UTC, since neither names a moment).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging

from watcher.model import Address, CalendarEvent

log = logging.getLogger(__name__)


def extract(raw: bytes) -> tuple[CalendarEvent, ...]:
    """Every VEVENT of every text/calendar part of the raw message."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    events: list[CalendarEvent] = []
    for part in message.walk():
        if part.get_content_type() != "text/calendar":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        method = str(part.get_param("method") or "").upper()
        events.extend(parse_ics(payload, method))
    return tuple(events)


def parse_ics(data: bytes, method: str = "") -> list[CalendarEvent]:
    import icalendar  # imported only when a mail carries a calendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        log.debug("unreadable calendar part: %s", exc)
        return []
    method = str(calendar.get("METHOD", method) or method).upper()
    events = []
    for component in calendar.walk("VEVENT"):
        try:
            events.append(_event(component, method))
        except (KeyError, ValueError, TypeError) as exc:
            log.debug("skipping a VEVENT: %s", exc)
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
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
