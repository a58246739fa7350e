"""Issue #10.4: due times in the hiring side's IANA zone - the zone written in the mail or the
invite's before the Date header's offset; floating invite times in the organizer's zone, never UTC;
daylight-saving changes between the statement and the deadline."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from rules.dates import clock, zones
from watcher import calendar_parts, detect, identity, plan
from watcher.config import Me, Policy
from watcher.model import Address, CalendarEvent, Deadline, Detection, Kind, Message, Role, Round, Thread

NEW_YORK = ZoneInfo("America/New_York")
UTC_HEADER = dt.datetime(2026, 10, 20, 14, 0, tzinfo=dt.UTC)  # an ATS server's Date: +0000
BERLIN_HEADER = dt.datetime(2026, 10, 20, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))


@pytest.mark.parametrize(("text", "expected"), [
    ("Your interview is confirmed for Tuesday at 10:00 ET.", "America/New_York"),
    ("We can talk at 2pm Pacific time on Thursday.", "America/Los_Angeles"),
    ("Time zone: Europe/Berlin. We will decide by Friday.", "Europe/Berlin"),
    ("Slot: 9:00 AM (GMT-07:00) Arizona", "America/Phoenix"),
    ("Would 15:00 CET work for you?", "Europe/Berlin"),
])
def test_a_zone_written_in_the_mail_beats_the_date_header(text: str, expected: str) -> None:
    choice = clock.hiring_zone([(text, UTC_HEADER)], [], [UTC_HEADER])
    assert (choice.name, choice.source) == (expected, "written")


def test_the_first_zone_of_a_mail_is_the_writers_and_a_conversion_after_it_is_not() -> None:
    text = "Would Tuesday at 2:30 PM Central (3:30 PM Eastern) work for you?"
    assert clock.hiring_zone([(text, UTC_HEADER)], [], [UTC_HEADER]).name == "America/Chicago"



HONOLULU_HEADER = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-10)))


def test_of_times_in_two_zones_for_two_moments_the_writers_own_zone_is_the_hiring_sides() -> None:
    text = ("Wed Dec 2: JFK - HNL, departing 9:05 AM ET\nThu Dec 3, 10:00 AM: please ask for Lisa at the front desk\n"
            "Fri Dec 4: HNL - JFK, departing 1:40 PM HST")
    assert clock.hiring_zone([(text, HONOLULU_HEADER)], [], [HONOLULU_HEADER]).name == "Pacific/Honolulu"


def test_counter_example_a_conversion_keeps_the_first_zone_whatever_the_writers_header() -> None:
    eastern = dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    text = "Would Tuesday at 2:30 PM Central (3:30 PM Eastern) work for you?"
    assert clock.hiring_zone([(text, eastern)], [], [eastern]).name == "America/Chicago"

def test_the_latest_mail_with_a_written_zone_wins() -> None:
    texts = [("Tuesday at 10:00 ET works.", UTC_HEADER), ("Update: 4pm Pacific time instead.", UTC_HEADER)]
    assert clock.hiring_zone(texts, [], [UTC_HEADER]).name == "America/Los_Angeles"


def test_utc_written_tells_nothing_and_an_invite_tzid_comes_before_the_header() -> None:
    choice = clock.hiring_zone([("The call is at 16:00 UTC.", BERLIN_HEADER)], ["", "America/Chicago"], [BERLIN_HEADER])
    assert (choice.name, choice.source) == ("America/Chicago", "invite")


def test_a_relays_plus_0000_gives_way_to_the_users_own_zone() -> None:
    mine = dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-7)))
    choice = clock.hiring_zone([("Thanks!", UTC_HEADER)], [], [UTC_HEADER], [mine])
    assert (choice.name, choice.source) == ("America/Los_Angeles", "your zone")
    assert clock.hiring_zone([("Thanks!", UTC_HEADER)], [], [UTC_HEADER]).name == "UTC"



def test_plus_0000_from_people_who_write_from_a_british_place_is_london() -> None:
    text = "Here are your joining instructions: Thames Valley Park, Reading RG6 1PT. Arrival 08:45."
    choice = clock.hiring_zone([(text, UTC_HEADER)], [], [UTC_HEADER], [dt.datetime(2026, 10, 20, 9, 0, tzinfo=NEW_YORK)])
    assert choice.name == "Europe/London"


def test_counter_example_plus_0000_without_a_british_place_is_still_the_users_zone() -> None:
    mine = dt.datetime(2026, 10, 20, 9, 0, tzinfo=NEW_YORK)
    assert clock.hiring_zone([("See you at our office on Tuesday.", UTC_HEADER)], [], [UTC_HEADER], [mine]).name == \
        "America/New_York"

def test_without_words_or_invites_the_header_offset_names_a_zone_and_nothing_gives_utc() -> None:
    assert clock.hiring_zone([("Thanks!", BERLIN_HEADER)], [], [BERLIN_HEADER]).name == "Europe/Berlin"
    assert clock.hiring_zone([], [], []).name == "UTC"


@pytest.mark.parametrize("name", ["America/New_York", "UTC", "UTC+05:30", "UTC-03:00"])
def test_a_zone_name_reads_back_as_the_same_zone(name: str) -> None:
    assert zones.zone_name(zones.named_zone(name)) == name


def test_a_record_without_a_zone_name_falls_back_to_its_offset() -> None:
    assert zones.named_zone("", -300).utcoffset(None) == dt.timedelta(hours=-5)


# --- the plan: no follow-up on the deadline day itself ------------------------------------------

START = dt.datetime(2026, 10, 27, 14, 0, tzinfo=NEW_YORK)  # EDT, -04:00
DEADLINE = dt.date(2026, 11, 3)  # EST, -05:00: daylight saving ended on November 1


def _detection(zone: str, offset_minutes: int) -> Detection:
    deadline = Deadline(date=DEADLINE, basis="stated", stated_at=START + dt.timedelta(hours=2),
                        sentence="We will decide by Tuesday, November 3.")
    round_ = Round(index=0, start=START, minutes=45, scheduled_at=START - dt.timedelta(days=5), source="the test",
                   deadline=deadline)
    return Detection(thread_id="t", account="main", subject="Interview", is_interview=True, why=("a test",),
                     contact=Address("hr@kestrel.example.com", "Dana"), rounds=(round_,),
                     timezone_offset_minutes=offset_minutes, zone=zone)


def _follow_up_due(detection: Detection) -> dt.datetime:
    now = dt.datetime(2026, 10, 28, tzinfo=dt.UTC)
    result = plan.plan(detection, {}, now, Policy())
    due = next(f.due for f in result.followups if f.kind is Kind.FOLLOW_UP)
    assert due is not None
    return due


def test_the_follow_up_comes_due_at_midnight_after_the_deadline_across_a_dst_change() -> None:
    # the offset of October (-04:00) read in November put "midnight" at 23:00 on the deadline day
    due = _follow_up_due(_detection("America/New_York", -240))
    assert due.astimezone(NEW_YORK) == dt.datetime(2026, 11, 4, 0, 0, tzinfo=NEW_YORK)


def test_a_hiring_side_in_new_york_behind_a_utc_ats_is_not_followed_up_at_19_00_on_the_deadline_day() -> None:
    # the ATS's Date header says +0000; the mail said "10:00 ET": the zone is New York's
    thread = Thread("t", "main", (_message(1, "Your interview is confirmed for Tuesday, October 27 at 10:00 AM ET. "
                                              "We will decide by Tuesday, November 3.", UTC_HEADER),))
    detection = detect.detect(thread, identity.Identity.of(Me(name="Alex", addresses=("alex@example.org",))), Policy())
    assert detection.zone == "America/New_York"
    due = _follow_up_due(_detection(detection.zone, detection.timezone_offset_minutes))
    assert due.astimezone(NEW_YORK).date() == dt.date(2026, 11, 4)


# --- floating invite times ----------------------------------------------------------------------

FLOATING = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
UID:floating-1@kestrel.example.com\r
DTSTART:20261027T140000\r
DTEND:20261027T150000\r
SUMMARY:Interview: Firmware Engineer\r
ORGANIZER:mailto:dana@kestrel.example.com\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_floating_invite_time_is_kept_as_a_wall_clock_until_placed() -> None:
    (event,) = calendar_parts.parse_ics(FLOATING)
    assert event.floating
    placed = calendar_parts.place_floating(_message(1, "Invite attached.", UTC_HEADER, (event,)), NEW_YORK)
    assert placed.calendar[0].start == dt.datetime(2026, 10, 27, 14, 0, tzinfo=NEW_YORK)
    assert not placed.calendar[0].floating


def test_a_floating_invite_uses_the_calendars_x_wr_timezone() -> None:
    data = FLOATING.replace(b"METHOD:REQUEST\r\n", b"METHOD:REQUEST\r\nX-WR-TIMEZONE:Europe/Berlin\r\n")
    (event,) = calendar_parts.parse_ics(data)
    assert (event.floating, event.zone) == (False, "Europe/Berlin")
    assert event.start == dt.datetime(2026, 10, 27, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_an_invite_with_a_tzid_keeps_its_zone_and_names_it() -> None:
    data = FLOATING.replace(b"DTSTART:", b"DTSTART;TZID=America/Chicago:").replace(b"DTEND:", b"DTEND;TZID=America/Chicago:")
    (event,) = calendar_parts.parse_ics(data)
    assert (event.floating, event.zone) == (False, "America/Chicago")


def test_the_thank_you_for_a_floating_time_interview_is_not_due_before_it_ends() -> None:
    # the organizer writes from New York (-04:00); the invite's 14:00 is New York's, not UTC's 10:00 EDT
    (event,) = calendar_parts.parse_ics(FLOATING)
    header = dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    thread = Thread("t", "main", (_message(1, "Hi Alex, I've sent an invitation for your interview. Talk soon!",
                                           header, (event,)),))
    detection = detect.detect(thread, identity.Identity.of(Me(name="Alex", addresses=("alex@example.org",))), Policy())
    assert detection.rounds and detection.rounds[0].start == dt.datetime(2026, 10, 27, 14, 0, tzinfo=NEW_YORK)
    result = plan.plan(detection, {}, dt.datetime(2026, 10, 21, tzinfo=dt.UTC), Policy())
    thank_you = next(f for f in result.followups if f.kind is Kind.THANK_YOU)
    assert thank_you.due is not None and thank_you.due >= dt.datetime(2026, 10, 27, 15, 0, tzinfo=NEW_YORK)


def _message(number: int, text: str, at: dt.datetime, calendar: tuple[CalendarEvent, ...] = ()) -> Message:
    return Message(account="main", message_id=f"<m{number}@kestrel.example.com>", role=Role.INBOX, date=at,
                   sender=Address("dana@kestrel.example.com", "Dana Whitfield"), to=(Address("alex@example.org"),),
                   subject="Interview for the Firmware Engineer role at Kestrel", text=text, author_text=text,
                   calendar=calendar)
