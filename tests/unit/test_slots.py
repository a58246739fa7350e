"""rules.dates (slots, durations, absence): interview slots, meeting lengths and out-of-office return dates in mail text."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.dates import absence, durations, slots

CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
# Tuesday 2026-10-06, 09:10 in Chicago: when Wrenfield proposed the interview.
TUESDAY = dt.datetime(2026, 10, 6, 9, 10, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def said(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def only_slot(text: str, at: dt.datetime = TUESDAY, zone: dt.tzinfo = CHICAGO) -> slots.Slot:
    found = slots.find_slots(text, at, zone)
    assert len(found) == 1, found
    return found[0]


def test_parenthesised_conversion_is_not_a_second_slot_and_the_first_zone_wins() -> None:
    slot = only_slot("Would Monday, October 12 at 2:30 PM Central (3:30 PM Eastern) work for you?", zone=NEW_YORK)
    assert slot.start == dt.datetime(2026, 10, 12, 14, 30, tzinfo=CHICAGO)
    assert slot.end is None and slot.explicit_date
    assert slot.phrase == "Monday, October 12 at 2:30 PM Central"


def test_a_british_dotted_time_is_the_slot_and_the_users_time_in_brackets_a_conversion() -> None:
    london = ZoneInfo("Europe/London")
    slot = only_slot("a final-stage panel on Teams on 24/11 at 15.30 UK time (10.30am for you)",
                     said("2026-11-16T10:00:00+00:00"), london)
    assert slot.start == dt.datetime(2026, 11, 24, 15, 30, tzinfo=london)


def test_a_continental_dotted_span_under_a_date_line_is_the_slot() -> None:
    vienna = ZoneInfo("Europe/Vienna")
    slot = only_slot("We'd like to invite you for an onsite day:\n\n  Date:   Tuesday, 10.11.2026\n"
                     "  Time:   10.00 - 13.30 (CET)\n", said("2026-10-29T15:02:00+00:00"), vienna)
    assert (slot.start, slot.end) == (dt.datetime(2026, 11, 10, 10, 0, tzinfo=vienna),
                                      dt.datetime(2026, 11, 10, 13, 30, tzinfo=vienna))


@pytest.mark.parametrize("text", [
    "We are closed for the works outing on Tuesday 10.11. - 12.11. and back on Friday.",
    "On Tuesday, 10.11.2026 the travel allowance is EUR 10.00 - 13.30 a day.",
])
def test_counter_example_dotted_dates_and_prices_are_no_span_of_time(text: str) -> None:
    assert all(s.end is None for s in slots.find_slots(text, said("2026-10-29T15:02:00+00:00"), ZoneInfo("Europe/Vienna")))


def test_counter_example_a_dotted_number_that_is_no_time_names_no_slot() -> None:
    assert only_slot("The session lasts 1.30 hours, on 24/11 at 3pm.", said("2026-11-16T10:00:00+00:00"),
                     ZoneInfo("Europe/London")).start.hour == 15


def test_a_time_said_in_both_zones_is_the_hiring_sides_own() -> None:
    london, at = ZoneInfo("Europe/London"), said("2026-11-09T14:25:00+00:00")
    theirs = slots.find_slots("Could we do Wednesday 18th, 10am your time / 3pm ours?", at, london, True)
    mine = slots.find_slots("Wednesday the 18th at 10am my time (3pm yours) works well for me.", at, london, False)
    assert [s.start for s in theirs] == [s.start for s in mine] == [dt.datetime(2026, 11, 18, 15, 0, tzinfo=london)]


def test_24_hour_range_with_a_zone_word_gives_start_and_end_in_that_zone() -> None:
    slot = only_slot("Friday 13 November 2026, 16:30-17:15 Irish time (11:30 AM US Eastern)")
    dublin = ZoneInfo("Europe/Dublin")
    assert (slot.start, slot.end) == (
        dt.datetime(2026, 11, 13, 16, 30, tzinfo=dublin),
        dt.datetime(2026, 11, 13, 17, 15, tzinfo=dublin),
    )


def test_slash_conversion_is_not_a_second_slot() -> None:
    slot = only_slot("Tuesday, October 13, 10am PT / 1pm ET")
    assert slot.start == dt.datetime(2026, 10, 13, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


def test_a_time_restated_after_thats_is_not_a_second_slot() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    slot = only_slot("Could we meet on Tuesday 24 November at 9:00am AEDT - that's 5:00pm Monday 23 November in "
                     "New York?", at=said("2026-11-17T10:15:00+11:00"), zone=sydney)
    assert slot.start == dt.datetime(2026, 11, 24, 9, 0, tzinfo=sydney)


def test_a_city_after_a_time_is_its_zone() -> None:
    slot = only_slot("Monday 5:00pm in New York works well for me.", at=said("2026-11-17T10:15:00+11:00"),
                     zone=ZoneInfo("Australia/Sydney"))
    assert slot.start == dt.datetime(2026, 11, 23, 17, 0, tzinfo=NEW_YORK)


def test_a_note_that_all_times_are_in_a_zone_sets_the_zone_of_the_schedule() -> None:
    found = slots.find_slots("Here's the plan for Thursday, November 5 (all times Pacific):\n\n10:00 AM Check-in\n"
                             "10:15 AM Coding", TUESDAY, CHICAGO)
    assert [s.start for s in found] == [dt.datetime(2026, 11, 5, h, m, tzinfo=ZoneInfo("America/Los_Angeles"))
                                        for h, m in ((10, 0), (10, 15))]


def test_counter_example_all_times_approximate_names_no_zone() -> None:
    assert only_slot("Thursday, November 5 at 10:00 AM (all times are approximate).").start.tzinfo == CHICAGO


def test_a_date_label_line_gives_the_day_of_times_written_above_it() -> None:
    found = slots.find_slots("1. A demonstration lesson, 10:05-10:50 AM. Please email me your lesson plan by Friday, "
                             "November 27.\n\n2. An interview with our Principal, 11:00-11:45 AM.\n\nDate: Tuesday, "
                             "December 1. All times are Atlantic Time.", TUESDAY, CHICAGO)
    halifax = ZoneInfo("America/Halifax")
    assert [s.start for s in found] == [dt.datetime(2026, 12, 1, 10, 5, tzinfo=halifax),
                                        dt.datetime(2026, 12, 1, 11, 0, tzinfo=halifax)]


def test_the_programme_for_a_day_gives_the_day_of_the_times_listed_under_it() -> None:
    found = slots.find_slots(
        "Please find the programme for Tuesday 17 November below.\n\n08:30  Arrive at main reception (please bring "
        "photo ID and your original qualification certificates for our safer recruitment checks)\n09:15  Lesson: 30 "
        "minutes with a Year 9 set 2 class (28 students). Topic: solving simultaneous equations graphically. Please "
        "bring 4 copies of your lesson plan; the interactive whiteboard takes a USB stick or you can log in.\n10:00  "
        "Student panel (6 students from our Student Leadership Team)\n10:45  Tour of the school with one of our sixth "
        "formers\n11:30  Formal interview with the Headteacher", TUESDAY, ZoneInfo("Europe/London"))
    assert [s.start.hour for s in found] == [8, 9, 10, 10, 11]
    assert {s.start.date() for s in found} == {dt.date(2026, 11, 17)} and all(s.explicit_date for s in found)


def test_a_dotted_number_without_a_year_or_a_weekday_is_no_date() -> None:
    (slot,) = slots.find_slots("Please install Python 3.10. The call is at 16:00 CET.", TUESDAY, CHICAGO)
    assert not slot.explicit_date


def test_day_number_of_a_date_is_not_read_as_an_hour() -> None:
    slot = only_slot("October 12 - 2:30 PM CT")
    assert slot.start == dt.datetime(2026, 10, 12, 14, 30, tzinfo=CHICAGO) and slot.end is None


def test_twelve_hour_range_shares_the_meridiem_of_its_end() -> None:
    slot = only_slot("Monday, October 12, 2:30-3:15 PM CT")
    assert (slot.start.time(), slot.end and slot.end.time()) == (dt.time(14, 30), dt.time(15, 15))


@pytest.mark.parametrize("text", ["Monday, October 12 at 2:30 PM CT - 3:15 PM CT", "Monday, October 12 at 2:30 PM CT – 15:15",
                                  "Monday, October 12, 2:30 PM Central to 3:15 PM"])
def test_a_range_whose_start_names_its_zone_is_one_slot_with_its_end(text: str) -> None:
    slot = only_slot(text, zone=NEW_YORK)
    assert (slot.start, slot.end) == (dt.datetime(2026, 10, 12, 14, 30, tzinfo=CHICAGO),
                                      dt.datetime(2026, 10, 12, 15, 15, tzinfo=CHICAGO))


def test_range_crossing_noon_starts_in_the_morning() -> None:
    assert only_slot("11:30-12:15 PM on Oct 20").start.time() == dt.time(11, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue 11/10 at 10am PT", dt.datetime(2026, 11, 10, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles"))),
        ("tomorrow at 3pm", dt.datetime(2026, 10, 7, 15, 0, tzinfo=CHICAGO)),
        ("this Thursday at 10:00", dt.datetime(2026, 10, 8, 10, 0, tzinfo=CHICAGO)),
        ("Thursday the 15th at 1 pm", dt.datetime(2026, 10, 15, 13, 0, tzinfo=CHICAGO)),
        ("on the 12th at 2:30", dt.datetime(2026, 10, 12, 14, 30, tzinfo=CHICAGO)),
        ("2:30 PM on Monday, October 12", dt.datetime(2026, 10, 12, 14, 30, tzinfo=CHICAGO)),
        ("Friday Dec 4, 2026 1pm - 1:30pm (Eastern Time - New York)", dt.datetime(2026, 12, 4, 13, 0, tzinfo=NEW_YORK)),
        ("Wednesday, November 11 at 10:00 AM Arizona time (noon Eastern)",
         dt.datetime(2026, 11, 11, 10, 0, tzinfo=ZoneInfo("America/Phoenix"))),
        ("Friday 6 November, 15:30-16:00 CET (9:30 AM in New York)",
         dt.datetime(2026, 11, 6, 15, 30, tzinfo=ZoneInfo("Europe/Berlin"))),
        ("Would Thursday 8 October, 15:00–15:45 SAST (9:00–9:45 AM Eastern) suit you?",
         dt.datetime(2026, 10, 8, 15, 0, tzinfo=ZoneInfo("Africa/Johannesburg"))),
        ("Dienstag, 13. Oktober um 14:00 Uhr MEZ", dt.datetime(2026, 10, 13, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))),
        ("We propose Friday, 30.10.2026, 16:00 CET", dt.datetime(2026, 10, 30, 16, 0, tzinfo=ZoneInfo("Europe/Berlin"))),
        ("on Tuesday, 10.11.2026 from 15:00 to 18:30 CET (9:00-12:30 in New York)",
         dt.datetime(2026, 11, 10, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))),
        ("Friday 30.10. at 16:00 CET", dt.datetime(2026, 10, 30, 16, 0, tzinfo=ZoneInfo("Europe/Berlin"))),
    ],
)  # fmt: skip
def test_date_and_time_phrasings_resolve_to_the_named_moment(text: str, expected: dt.datetime) -> None:
    slot = only_slot(text)
    assert slot.start == expected and slot.start.utcoffset() == expected.utcoffset()


def test_calendly_time_before_its_date_with_a_parenthesised_zone() -> None:
    text = "Event Date/Time:\n11:00am - 11:30am (Mountain Time - US & Canada), Monday, December 14, 2026"
    slot = only_slot(text, said("2026-12-08T12:11:00-05:00"), NEW_YORK)
    denver = ZoneInfo("America/Denver")
    assert (slot.start, slot.end) == (
        dt.datetime(2026, 12, 14, 11, 0, tzinfo=denver),
        dt.datetime(2026, 12, 14, 11, 30, tzinfo=denver),
    )


def test_written_offset_is_used_and_a_zone_name_after_it_wins() -> None:
    workday = only_slot("Date: Tuesday, October 27, 2026 Time: 9:00 AM - 10:00 AM (GMT-07:00) Arizona")
    assert workday.start == dt.datetime(2026, 10, 27, 9, 0, tzinfo=ZoneInfo("America/Phoenix"))
    outlook = only_slot("Thursday 19 November, 15:00 UTC+1")
    assert outlook.start.utcoffset() == dt.timedelta(hours=1) and outlook.start.hour == 15


def test_agenda_times_take_the_calendar_date_named_above_them() -> None:
    text = (
        "We'd like to bring you out for an onsite on Thursday, October 22. Here's the plan for the day:\n\n"
        "9:00 - 9:15 Welcome and coffee\n9:15 - 10:30 System design"
    )
    found = slots.find_slots(text, TUESDAY, CHICAGO)
    assert [(s.start, s.phrase, s.explicit_date) for s in found] == [
        (dt.datetime(2026, 10, 22, 9, 0, tzinfo=CHICAGO), "9:00 - 9:15", True),
        (dt.datetime(2026, 10, 22, 9, 15, tzinfo=CHICAGO), "9:15 - 10:30", True),
    ]


def test_weekday_alone_is_the_next_such_weekday() -> None:
    assert only_slot("Thursday at 10").start == dt.datetime(2026, 10, 8, 10, 0, tzinfo=CHICAGO)


def test_todays_weekday_named_in_the_morning_is_next_week() -> None:
    # someone who means today says "today"; "Thursday at 10" written on a Thursday is a week ahead
    thursday_morning = said("2026-10-08T09:00:00-05:00")
    assert only_slot("Thursday at 10", thursday_morning).start.date() == dt.date(2026, 10, 15)


def test_weekday_alone_is_next_week_when_the_time_has_passed() -> None:
    thursday_noon = said("2026-10-08T12:00:00-05:00")
    assert only_slot("Thursday at 10", thursday_noon).start.date() == dt.date(2026, 10, 15)


def test_date_without_year_after_the_message_rolls_into_next_year() -> None:
    slot = only_slot("January 4 at 10am", said("2026-12-28T10:00:00-06:00"))
    assert slot.start.date() == dt.date(2027, 1, 4)


def test_requoted_date_a_few_days_back_stays_in_this_year() -> None:
    slot = only_slot("Monday, October 12 at 2:30 PM Central", said("2026-10-15T10:00:00-05:00"))
    assert slot.start.date() == dt.date(2026, 10, 12)


def test_slot_after_the_dst_change_gets_the_winter_offset() -> None:
    slot = only_slot("Tuesday, November 3 at 2 PM Eastern", said("2026-10-28T10:00:00-04:00"), NEW_YORK)
    assert slot.start.utcoffset() == dt.timedelta(hours=-5)


def test_zone_word_wins_over_the_default_zone() -> None:
    assert only_slot("Nov 3 at 2 PM ET", zone=CHICAGO).start.tzinfo == NEW_YORK


def test_ist_is_india_unless_the_text_says_irish() -> None:
    assert only_slot("Oct 20 at 3pm IST").start.tzinfo == ZoneInfo("Asia/Kolkata")
    assert only_slot("Irish office: Oct 20 at 3pm IST").start.tzinfo == ZoneInfo("Europe/Dublin")


def test_day_first_numbers_for_a_european_sender() -> None:
    slot = only_slot("10/11 at 14:00", zone=ZoneInfo("Europe/London"))
    assert slot.start.date() == dt.date(2026, 11, 10)


def test_several_slots_come_back_in_text_order() -> None:
    found = slots.find_slots("Would Wednesday at 2pm or Friday at 10am work?", TUESDAY, CHICAGO)
    assert [s.start for s in found] == [
        dt.datetime(2026, 10, 7, 14, 0, tzinfo=CHICAGO),
        dt.datetime(2026, 10, 9, 10, 0, tzinfo=CHICAGO),
    ]


def test_time_without_a_day_is_marked_as_not_explicit() -> None:
    slot = only_slot("Can you do 3pm?")
    assert not slot.explicit_date and slot.start == dt.datetime(2026, 10, 6, 15, 0, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    "text",
    ["We'll decide within 48 hours.", "Call me at (480) 555-0162.", "Thursday 10 candidates applied.", "We're open 24/7."],
)
def test_text_without_a_time_has_no_slots(text: str) -> None:
    assert slots.find_slots(text, TUESDAY, CHICAGO) == []


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("a 45-minute conversation", 45),
        ("45 min on Zoom", 45),
        ("meet you over video for an hour", 60),
        ("it takes 90 minutes", 90),
        ("plan for 1.5 hours", 90),
        ("for half an hour over video", 30),
        ("a 30-minute phone screen", 30),
        ("an hour and a half with the team", 90),
        ("one and a half hours with the panel", 90),
        ("a virtual onsite of about two and a half hours over Zoom", 150),
        ("two hours onsite", 120),
        ("We'll decide within 48 hours. The call is an hour long.", 60),
        ("a 20-minute presentation on your priorities, followed by 40 minutes of questions", 60),
        ("a 20-minute presentation followed by questions", 20),
        ("Tue 2pm? Plan on a couple hours.", 120),
        ("plan on a couple of hours with the team", 120),
    ],
)
def test_meeting_length_in_minutes(text: str, minutes: int) -> None:
    assert durations.find_duration(text) == minutes


@pytest.mark.parametrize("text", ["We'll decide within 48 hours.", "I'll reply in the next hour.", "Thanks!",
                                  "We'll get back to you within a couple of hours."])
def test_lead_times_are_not_meeting_lengths(text: str) -> None:
    assert durations.find_duration(text) is None


# --- out-of-office return dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm out of the office until Monday, November 2, with limited access to email.", dt.date(2026, 11, 2)),
        ("I'll be back on the 9th.", dt.date(2026, 10, 9)),
        ("Returning 11/16.", dt.date(2026, 11, 16)),
        ("I will be back in the office on Tuesday.", dt.date(2026, 10, 13)),
        ("I'm on leave through Friday, October 9.", dt.date(2026, 10, 12)),
        ("I'm out Oct 12-16 with limited access.", dt.date(2026, 10, 19)),
        ("I'm traveling and back next week.", dt.date(2026, 10, 12)),
    ],
)
def test_return_date_is_the_first_day_back(text: str, expected: dt.date) -> None:
    assert absence.find_return_date(text, TUESDAY) == expected


def test_getting_back_to_someone_is_not_a_return_date() -> None:
    assert absence.find_return_date("I'll get back to you on Monday.", TUESDAY) is None


# --- invariants --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), at=st.datetimes(timezones=st.just(dt.UTC)))
def test_find_functions_never_raise(text: str, at: dt.datetime) -> None:
    slots.find_slots(text, at, CHICAGO)
    durations.find_duration(text)
    absence.find_return_date(text, at)


@pytest.mark.parametrize("text", ["tomorrow at 3pm", "Thursday at 10", "back next week", "Dec 31 at 9am", "at 11pm"])
def test_find_functions_do_not_raise_at_the_end_of_the_calendar(text: str) -> None:
    at = dt.datetime.max.replace(tzinfo=dt.UTC)
    slots.find_slots(text, at, dt.UTC)
    absence.find_return_date(text, at)


_PIECES = ["Monday,", "October 12", "at", "2:30 PM", "Central", "(3:30 PM Eastern)", "Dec 31", "Thursday", "10am",
           "16:30-17:15", "the 31st", "11/10", "tomorrow", "Feb 29", "12:15 PM", "-"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=8),
    at=st.datetimes(min_value=dt.datetime(1, 1, 8), max_value=dt.datetime(9998, 12, 1), timezones=st.just(dt.UTC)),
)
def test_slots_are_aware_and_end_after_they_start(pieces: list[str], at: dt.datetime) -> None:
    for slot in slots.find_slots(" ".join(pieces), at, CHICAGO):
        assert slot.start.tzinfo is not None
        assert slot.end is None or slot.end > slot.start


def test_a_weekday_in_brackets_after_its_date_is_that_date_not_the_next_such_weekday() -> None:
    """Japanese and German mail write "November 19 (Thu)"; read alone, "Thu" is the next Thursday."""
    said = dt.datetime(2026, 11, 10, 14, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    (found,) = slots.find_slots("Date and time: November 19 (Thu), 10:00-11:00 JST", said, said.tzinfo)
    assert found.start == dt.datetime(2026, 11, 19, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.mark.parametrize("text", [
    "We are finishing interviews tomorrow and plan to make offers in the next 3 to 5 business days.",
    "Friday works; the exercise takes 2-3 hours.",
])
def test_a_count_of_days_or_hours_is_no_time_of_day(text: str) -> None:
    assert slots.find_slots(text, TUESDAY, CHICAGO) == []


def test_counter_example_a_range_of_hours_after_a_day_is_a_slot() -> None:
    assert only_slot("Could you come in Thursday from 3 to 5?").start == dt.datetime(2026, 10, 8, 15, 0, tzinfo=CHICAGO)


def test_a_time_restated_in_the_next_sentence_for_the_reader_is_not_a_second_slot() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    at = dt.datetime(2026, 10, 9, 11, 20, tzinfo=sydney)
    found = slots.find_slots("How about Thursday 15 October at 8:00am Sydney time? That should be Wednesday "
                             "14 October at 5:00pm for you in New York.", at, sydney)
    assert [s.start for s in found] == [dt.datetime(2026, 10, 15, 8, 0, tzinfo=sydney)]


@pytest.mark.parametrize("text", [
    "Deadline: complete your interview by November 24, 2026, 11:59 PM Central Time.",
    "Your invitation expires on November 24, 2026 at 6:00 PM.",
    "Please submit your recorded answers by Friday, October 16 at 5:00 PM.",
    "The assessment link is open until Friday, October 16 at 11:59 PM.",
])
def test_a_recordings_deadline_is_no_slot(text: str) -> None:
    assert slots.find_slots(text, TUESDAY, CHICAGO) == []


def test_counter_example_a_time_to_meet_by_video_is_a_slot() -> None:
    assert only_slot("Your live video interview is on Friday, October 16 at 11:30 AM.").start.hour == 11
