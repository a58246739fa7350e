"""calendar_parts.py: invite times in zones of the standard library, whatever the invite defines."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from watcher import calendar_parts

VTIMEZONE = """BEGIN:VTIMEZONE\r
TZID:{tzid}\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""


def invite(tzid: str) -> bytes:
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\n" + VTIMEZONE.format(tzid=tzid)
            + "BEGIN:VEVENT\r\nUID:1@example.com\r\n"
            f"DTSTART;TZID={tzid}:20261110T140000\r\nDTEND;TZID={tzid}:20261110T150000\r\n"
            "SUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def test_an_outlook_zone_name_becomes_the_iana_zone_it_stands_for() -> None:
    # Windows' "W. Europe Standard Time" is Europe/Berlin (CLDR's table, as icalendar reads it): its
    # VTIMEZONE rules need not be read
    (event,) = calendar_parts.parse_ics(invite("W. Europe Standard Time"))
    assert (event.start, event.start.tzinfo, event.zone) == (
        dt.datetime(2026, 11, 10, 13, 0, tzinfo=dt.UTC), zoneinfo.ZoneInfo("Europe/Berlin"), "Europe/Berlin")
    assert b"VTIMEZONE" not in calendar_parts._needed(invite("W. Europe Standard Time"))


def test_an_iana_tzid_with_its_own_definition_becomes_the_iana_zone() -> None:
    (event,) = calendar_parts.parse_ics(invite("Europe/Berlin"))
    assert (event.start, event.start.tzinfo, event.zone) == (
        dt.datetime(2026, 11, 10, 13, 0, tzinfo=dt.UTC), zoneinfo.ZoneInfo("Europe/Berlin"), "Europe/Berlin")


def test_a_zone_named_by_the_invite_alone_is_read_from_its_definition() -> None:
    # a name nothing else knows: only the invite's own VTIMEZONE says it is UTC+1 in November
    (event,) = calendar_parts.parse_ics(invite("Lighthouse Keepers Time"))
    assert event.start == dt.datetime(2026, 11, 10, 13, 0, tzinfo=dt.UTC)


def test_an_alarm_and_outlook_extras_leave_the_event_as_it_is() -> None:
    data = invite("Europe/Berlin").replace(
        b"SUMMARY:Interview\r\n",
        b"SUMMARY:Interview\r\nDESCRIPTION:Panel with the team\r\nX-ALT-DESC;FMTTYPE=text/html:<html><body>\r\n"
        b" <p>Panel</p></body></html>\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\n"
        b"TRIGGER:-PT15M\r\nEND:VALARM\r\n")
    (event,) = calendar_parts.parse_ics(data)
    assert (event.start, event.summary, event.description) == (
        dt.datetime(2026, 11, 10, 13, 0, tzinfo=dt.UTC), "Interview", "Panel with the team")
