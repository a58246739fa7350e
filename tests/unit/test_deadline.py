"""rules.dates.deadline: decision timelines in the hiring side's words -> a date (house conventions)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.dates import deadline

CHICAGO = ZoneInfo("America/Chicago")
# Monday 2026-10-12, 16:05 in Chicago: the Wrenfield recruiter's message.
MONDAY = dt.datetime(2026, 10, 12, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))


def said(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso)


def deadline_date(text: str, at: dt.datetime = MONDAY) -> dt.date | None:
    match = deadline.find_deadline(text, at)
    assert match is not None, f"no timeline found in {text!r}"
    assert match.basis == "stated"
    return match.date


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# --- the conventions table, said on Monday 2026-10-12 ----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll decide by Friday.", "2026-10-16"),
        ("We'll make our decision by Monday.", "2026-10-19"),
        ("I'll get back to you on Monday.", "2026-10-19"),
        ("You'll have our decision this Friday.", "2026-10-16"),
        ("You'll have our decision next Friday.", "2026-10-23"),
    ],
)
def test_weekday_is_the_next_one_strictly_after_the_message_date(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll make a decision by Monday 23 November.", "2026-11-23"),
        ("I'll get back to you with our decision by Thursday, October 29.", "2026-10-29"),
        ("We'll decide on the 19th.", "2026-10-19"),
        ("I'll let you know Monday the 19th.", "2026-10-19"),
        ("We'll decide by November 20.", "2026-11-20"),
        ("We'll decide by 11/20.", "2026-11-20"),
        ("We'll get back to you on or before November 20.", "2026-11-20"),
    ],
)
def test_a_named_calendar_date_is_that_date(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'll come back to you with a decision a week from today.", "2026-10-19"),
        ("We'll decide a week from Friday.", "2026-10-23"),
        ("You'll hear from us within two weeks.", "2026-10-26"),
        ("We'll let you know in two weeks.", "2026-10-26"),
        ("We'll decide in the next 2 weeks.", "2026-10-26"),
        ("We'll be in touch in a couple of weeks.", "2026-10-26"),
        ("We'll let you know in a week or two.", "2026-10-26"),
        ("We'll decide within 10 days.", "2026-10-22"),
        ("We'll decide within 48 hours.", "2026-10-14"),
        ("You'll hear from us in a few days.", "2026-10-17"),
        ("You'll hear from us in the next few days.", "2026-10-17"),
        ("We'll get back to you tomorrow.", "2026-10-13"),
        ("We'll decide in a month.", "2026-11-12"),
    ],
)
def test_relative_spans_count_from_the_message_date(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll get back to you in 3-5 business days.", "2026-10-19"),
        ("We expect to make a decision in the next 7-10 business days.", "2026-10-26"),
        ("You'll hear back within 5 working days.", "2026-10-19"),
        ("We'll decide in three to five business days.", "2026-10-19"),
    ],
)
def test_business_day_range_takes_the_later_bound_in_business_days(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll decide by the end of the week.", "2026-10-16"),
        ("We'll decide by the end of this week.", "2026-10-16"),
        ("We'll have a decision for you later this week.", "2026-10-16"),
        ("We'll be in touch by EOW.", "2026-10-16"),
    ],
)
def test_end_of_the_week_is_friday_of_the_message_week(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


@pytest.mark.parametrize(
    "text",
    [
        "We should have a decision by the end of next week.",
        "We'll be in touch next week.",
        "You'll hear from us next week.",
        "We'll be in touch sometime next week.",
    ],
)
def test_end_of_next_week_is_friday_of_the_following_week(text: str) -> None:
    assert deadline_date(text) == d("2026-10-23")


def test_early_next_week_is_tuesday_of_next_week() -> None:
    assert deadline_date("We'll get back to you early next week.") == d("2026-10-20")


@pytest.mark.parametrize("text", ["Expect an update mid next week.", "We'll decide by the middle of next week."])
def test_mid_next_week_is_wednesday_of_next_week(text: str) -> None:
    assert deadline_date(text) == d("2026-10-21")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We aim to decide by the end of the month.", "2026-10-31"),
        ("We'll let you know by month end.", "2026-10-31"),
        ("We'll make a decision by the end of November.", "2026-11-30"),
        ("We'll make a decision in November.", "2026-11-30"),
        ("We'll make a decision in early December.", "2026-12-07"),
        ("We'll make a decision by mid-November.", "2026-11-15"),
        ("We'll make a decision by the middle of November.", "2026-11-15"),
        ("We'll make a decision in late November.", "2026-11-25"),
        ("We expect to decide mid-to-late November.", "2026-11-25"),
        ("We'll be in touch in the first week of November.", "2026-11-07"),
        ("We'll be in touch in the second week of November.", "2026-11-14"),
        # the end of a week of the month is that week's Friday (the first week holds the 3rd)
        ("We expect to decide by the end of the first week of December.", "2026-12-04"),
        ("We expect to decide by the end of the second week of November.", "2026-11-13"),
    ],
)
def test_parts_of_a_month_map_to_representative_days(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


def test_by_a_month_alone_is_the_last_day_of_the_previous_month() -> None:
    assert deadline_date("We'll have a decision by December.") == d("2026-11-30")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We hope to make a decision before Thanksgiving.", "2026-11-25"),
        ("We'll let you know by Thanksgiving.", "2026-11-25"),
        ("We'll let you know before Christmas.", "2026-12-24"),
        ("We'll let you know by Christmas.", "2026-12-24"),
        ("We'll let you know by the holidays.", "2026-12-23"),
        ("We'll let you know before the holidays.", "2026-12-23"),
        ("We'll decide before the end of the year.", "2026-12-31"),
        ("We'll decide by year end.", "2026-12-31"),
    ],
)
def test_by_a_holiday_is_the_day_before_it(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


@pytest.mark.parametrize(
    "text",
    ["We'll let you know after the holidays.", "We'll get back to you in the new year."],
)
def test_after_the_holidays_is_january_tenth_of_next_year(text: str) -> None:
    assert deadline_date(text) == d("2027-01-10")


def test_after_thanksgiving_is_friday_of_the_following_week() -> None:
    assert deadline_date("We'll decide after Thanksgiving.") == d("2026-12-04")


@pytest.mark.parametrize(
    "text",
    [
        "We'll let you know once the budget is approved.",
        "We'll get back to you as soon as we can.",
        "We'll let you know when we have an update.",
        "You'll hear from us in due course.",
    ],
)
def test_timeline_without_a_date_is_vague(text: str) -> None:
    match = deadline.find_deadline(text, MONDAY)
    assert match is not None and match.basis == "vague" and match.date is None


# --- only timelines about the decision count ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm out until Monday.",
        "I'm out of the office until Monday and will respond when I'm back.",
        "The role starts in January; we'll be in touch.",
        "Your interview is on Tuesday at 2pm.",
        "As a next step, we'd like to invite you to an interview on Tuesday at 2pm.",
        "Please reply by Friday to confirm your slot.",
        "Please respond by Friday to confirm your slot.",
        "Let me know by Friday if that time works.",
        "Thanks for your time today, it was great to meet you!",
        "THE SHORTLIST - issue #47\nPractical job-search advice, every other Thursday",
        # the candidate's own decision on an offer, in English and in French
        "Could you confirm your decision by Friday, October 16?",
        "Pourrais-tu me confirmer ta décision d'ici le vendredi 16 octobre?",
    ],
)
def test_dates_about_something_else_are_not_a_deadline(text: str) -> None:
    assert deadline.find_deadline(text, MONDAY) is None


def test_absence_in_one_clause_does_not_hide_the_decision_in_the_next() -> None:
    text = "I'm out until Monday, but I'll get back to you with a decision by Friday."
    assert deadline_date(text) == d("2026-10-16")


def test_counter_example_our_decision_by_a_day_is_the_timeline() -> None:
    assert deadline_date("You'll hear our decision by Friday, October 16.") == d("2026-10-16")


def test_request_to_the_candidate_does_not_hide_the_timeline_after_it() -> None:
    text = "Please confirm your slot by Friday; we'll let you know the outcome within two weeks."
    assert deadline_date(text) == d("2026-10-26")


# --- which sentence wins -----------------------------------------------------------------------


def test_sentence_about_hearing_back_beats_one_about_internal_feedback() -> None:
    text = (
        "They'll write up their feedback this week, and we aim to give you a final answer by Wednesday 2 December."
    )
    assert deadline_date(text, said("2026-11-25T16:10:00+01:00")) == d("2026-12-02")


def test_last_of_equal_timelines_wins() -> None:
    text = "We'll decide by Friday. Actually, I'll get back to you by Monday instead."
    assert deadline_date(text) == d("2026-10-19")


def test_dated_timeline_beats_a_later_vague_one() -> None:
    text = "I'll get back to you by Friday. Thanks for your patience, we'll be in touch as soon as we can."
    assert deadline_date(text) == d("2026-10-16")


def test_dated_process_timeline_beats_a_vague_promise_to_write() -> None:
    text = (
        "The panel is meeting the last two finalists this week and next, and we expect to wrap up in the first week"
        " of December. We'll reach out to you as soon as there's a decision - no need to check in with us."
    )
    assert deadline_date(text, said("2026-11-17T09:40:00-05:00")) == d("2026-12-07")


def test_clause_continuing_a_decision_clause_shares_its_vocabulary() -> None:
    text = (
        "All candidates will be notified of the outcome once a selection has been made; this typically takes three"
        " to four weeks."
    )
    assert deadline_date(text) == d("2026-11-09")


def test_past_date_is_not_a_timeline() -> None:
    text = "First, an apology: I promised everyone an answer by October 30 and missed it - we only met this week."
    assert deadline.find_deadline(text, said("2026-11-04T15:10:00-08:00")) is None


@pytest.mark.parametrize(
    "text",
    [
        "Lorenzo's feedback from Thursday was strong.",
        "I'd love to set up a call this week to answer any questions you have.",
        "Thanks for your time today - Tom's feedback was really positive.",
        "Thanks for speaking with us today, the team's feedback was great.",
    ],
)
def test_past_references_and_questions_are_not_a_deadline(text: str) -> None:
    assert deadline.find_deadline(text, MONDAY) is None


def test_span_counted_from_the_interview_starts_at_the_interview_this_text_names() -> None:
    text = (
        "I'd like to set up a one-hour video interview: Thursday, October 15, 1:00-2:00 PM Pacific, on Zoom.\n\n"
        "For planning purposes: we usually make a decision within a week of the interview."
    )
    assert deadline_date(text, said("2026-10-09T10:20:00-07:00")) == d("2026-10-22")


def test_return_from_an_absence_is_not_a_deadline() -> None:
    text = "I'm out of the office through Monday, November 30. I will return on Tuesday, December 1 and will respond then."
    assert deadline.find_deadline(text, said("2026-11-20T10:16:00-05:00")) is None


def test_promise_to_everyone_counts_like_one_to_you() -> None:
    text = "We have two more panels this week, and we're aiming to come back to everyone a week from Wednesday."
    assert deadline_date(text, said("2026-11-16T17:10:00+00:00")) == d("2026-11-25")


def test_nearest_phrase_to_the_decision_words_wins_within_a_clause() -> None:
    text = "We will wrap up interviews this week and let you know our decision next week."
    assert deadline_date(text) == d("2026-10-23")


def test_alternative_weekdays_take_the_later_one() -> None:
    assert deadline_date("We'll let you know by Monday or Tuesday.") == d("2026-10-20")


def test_match_reports_the_sentence_and_the_timeline_words() -> None:
    text = (
        "Appreciate you joining this afternoon!\n\nWe're meeting two more people later this week, and I'll come back"
        " to you with a decision a week from today, Monday the 19th.\n\nCheers,\nDana"
    )
    match = deadline.find_deadline(text, MONDAY, CHICAGO)
    assert match == deadline.DeadlineMatch(
        date=d("2026-10-19"),
        basis="stated",
        sentence="We're meeting two more people later this week, and I'll come back to you with a decision a week"
        " from today, Monday the 19th.",
        phrase="a week from today, Monday the 19th",
    )


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        ("We still have two candidates to meet. I'll get back to you with our decision by Thursday, October 29.",
         "2026-10-23T13:25:00-04:00", "2026-10-29"),
        ("Here is what happens next: our selection panel reviews all finalists on December 7, and I will contact"
         " every finalist by Tuesday, December 8, whatever the outcome.", "2026-11-12T09:30:00-07:00", "2026-12-08"),
        ("The interview panel will compare notes early next week, and we'll be back to you with an outcome by"
         " Monday 23 November.", "2026-11-13T18:10:00+00:00", "2026-11-23"),
        ("I'm comparing notes with the other interviewers next week. You'll have an answer from us by Monday,"
         " October 26.", "2026-10-16T15:05:00-07:00", "2026-10-26"),
        ("I'll talk to Joost, our engineering lead, and come back to you about a technical round by Thursday 12"
         " November.", "2026-11-06T17:05:00+01:00", "2026-11-12"),
        ("We've got a couple more interviews this week and next, and we'll be letting all candidates know by Friday"
         " 4 December.", "2026-11-24T11:00:00+11:00", "2026-12-04"),
        # a day and a month with dots, after "by": the European way
        ("Thank you for the pleasant conversation today. We will get back to you by 20.11. at the latest.",
         "2026-11-12T17:00:00+01:00", "2026-11-20"),
        # the condition ends where the main clause starts, comma or not: its date is the timeline
        ("We're now checking references. Once I've spoken with them you should hear from me by Friday.",
         "2026-10-20T10:00:00-06:00", "2026-10-23"),
    ],
)  # fmt: skip
def test_example_wordings_give_the_labelled_deadline(text: str, at: str, expected: str) -> None:
    assert deadline_date(text, said(at)) == d(expected)


# --- real-world variation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll let you know by COB Friday.", "2026-10-16"),
        ("You'll hear back by close of business Thursday.", "2026-10-15"),
        ("We will get back to you EOD Friday.", "2026-10-16"),
        ("We'll decide no later than Friday.", "2026-10-16"),
        ("I'll get back to you by Friday at the latest.", "2026-10-16"),
        ("We'll be in touch w/c 16 November.", "2026-11-20"),
        ("We\u2019ll decide by Friday.", "2026-10-16"),
        ("WE WILL DECIDE BY FRIDAY.", "2026-10-16"),
        ("We\xa0will decide by&nbsp;Friday.", "2026-10-16"),
        ("We will make a\ndecision by the end\nof next week.", "2026-10-23"),
    ],
)
def test_real_world_spellings_are_understood(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


# --- the message's own calendar ----------------------------------------------------------------


def test_by_friday_said_on_a_friday_is_a_week_later() -> None:
    assert deadline_date("We'll decide by Friday.", said("2026-10-16T10:00:00-05:00")) == d("2026-10-23")


@pytest.mark.parametrize("text", ["We'll decide by the end of the week.", "We'll be in touch next week."])
def test_end_of_the_week_said_on_a_weekend_is_the_next_friday(text: str) -> None:
    assert deadline_date(text, said("2026-10-17T10:00:00-05:00")) == d("2026-10-23")


def test_end_of_the_week_said_on_friday_is_that_friday() -> None:
    assert deadline_date("We'll decide by the end of the week.", said("2026-10-16T09:00:00-05:00")) == d("2026-10-16")


def test_message_date_is_read_in_the_given_zone() -> None:
    late_evening_in_chicago = said("2026-10-13T04:30:00+00:00")
    match = deadline.find_deadline("We'll get back to you tomorrow.", late_evening_in_chicago, CHICAGO)
    assert match is not None and match.date == d("2026-10-13")
    assert deadline_date("We'll get back to you tomorrow.", late_evening_in_chicago) == d("2026-10-14")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We'll decide by January 8.", "2027-01-08"),
        ("We'll decide by the 5th.", "2027-01-05"),
        ("We'll decide by the end of next week.", "2027-01-08"),
        ("We'll decide within two weeks.", "2027-01-11"),
        ("We'll decide by the end of the month.", "2026-12-31"),
        ("We'll decide next month.", "2027-01-31"),
        ("We'll decide by mid-January.", "2027-01-15"),
        ("We'll decide by January.", "2026-12-31"),
        ("We'll let you know after the holidays.", "2027-01-10"),
    ],
)
def test_december_timelines_roll_over_into_january(text: str, expected: str) -> None:
    assert deadline_date(text, said("2026-12-28T10:00:00-05:00")) == d(expected)


def test_business_days_run_over_new_year_without_skipping_the_holiday() -> None:
    assert deadline_date("We'll decide in 3 business days.", said("2026-12-30T10:00:00-05:00")) == d("2027-01-04")


# --- user data dirs ----------------------------------------------------------------------------


def test_extra_data_dir_adds_decision_words_and_holidays(tmp_path: Path) -> None:
    (tmp_path / "deadline_phrases.toml").write_text("[vocabulary]\ndecision = ['\\bping\\s+you\\b']\n")
    (tmp_path / "holidays.toml").write_text('[[holiday]]\nnames = ["founders day"]\nmonth = 11\nday = 2\n')
    vocabulary = deadline.load_vocabulary([tmp_path])
    assert deadline.find_deadline("I'll ping you by Friday.", MONDAY) is None
    extended = deadline.find_deadline("I'll ping you before Founders Day.", MONDAY, vocabulary=vocabulary)
    assert extended is not None and extended.date == d("2026-11-01")


# --- invariants --------------------------------------------------------------------------------

_FRAGMENTS = [
    "We'll decide", "by Friday", "within two weeks", "early December", "by December", "a week from today",
    "Monday the 19th", "on the 5th", "by 11/20", "end of the month", "after the holidays", "before Christmas",
    "in 3-5 business days", "next week", "tomorrow", "by October 1", "I'm out until Monday", "soon", ",", ".",
    "and we'll let you know", "by the end of the year", "mid-January", "w/c 4 January",
]  # fmt: skip
_ZONES = [dt.UTC, CHICAGO, ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Auckland"), ZoneInfo("America/Los_Angeles")]


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=8),
    at=st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 1), timezones=st.just(dt.UTC)),
    zone=st.sampled_from(_ZONES),
)
def test_stated_deadline_is_never_before_the_message_date(words: list[str], at: dt.datetime, zone: dt.tzinfo) -> None:
    match = deadline.find_deadline(" ".join(words), at, zone)
    if match is not None and match.basis == "stated":
        assert match.date is not None and match.date >= at.astimezone(zone).date()


@pytest.mark.parametrize("text", ["We'll decide tomorrow.", "We'll decide by Friday.", "We'll decide in two weeks."])
def test_find_deadline_does_not_raise_at_the_end_of_the_calendar(text: str) -> None:
    deadline.find_deadline(text, dt.datetime.max.replace(tzinfo=dt.UTC))


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300), at=st.datetimes(timezones=st.just(dt.UTC)))
def test_find_deadline_never_raises(text: str, at: dt.datetime) -> None:
    deadline.find_deadline(text, at)


# --- promises taken back, and the words of British and Irish recruiters (probes of session 11) --------


def test_a_promise_taken_back_gives_way_to_the_new_one_in_the_same_sentence() -> None:
    assert deadline_date("That means I won't have an answer for you within 48 hours as I'd hoped - I'll have one for "
                         "you by the end of next week, Friday the 23rd, at the latest.") == d("2026-10-23")


@pytest.mark.parametrize(("text", "expected"), [
    ("We won't have a decision until next Friday.", "2026-10-23"),
    ("We won't know until Friday.", "2026-10-16"),
    ("We can't give you an answer today, but we will by Friday.", "2026-10-16"),
])
def test_counter_example_a_denial_before_until_or_but_keeps_the_timeline(text: str, expected: str) -> None:
    assert deadline_date(text) == d(expected)


def test_within_the_fortnight_is_two_weeks() -> None:
    assert deadline_date("We've one more candidate at final stage next week, so we'd hope to have a decision for you "
                         "within the fortnight.") == d("2026-10-26")


def test_a_thank_you_for_today_beside_an_incident_review_exercise_is_no_timeline() -> None:
    assert deadline.find_deadline("Thanks again for your time today - Ciarán and Aisling really enjoyed the "
                                  "incident-review exercise.", MONDAY) is None


def test_aiming_to_confirm_by_a_date_is_a_timeline() -> None:
    assert deadline_date("We're now aiming to confirm by Friday 23rd October.") == d("2026-10-23")


def test_the_week_after_thanksgiving_beside_the_holiday_week_it_names_is_the_week_after() -> None:
    assert deadline_date("The panel debriefs on Monday, and with the Thanksgiving holiday next week you can expect to "
                         "hear from us the week after Thanksgiving.", said("2026-11-19T10:00:00-07:00")) == d("2026-12-04")


def test_counter_example_an_answer_next_week_is_still_next_week() -> None:
    assert deadline_date("We will come back to you with an answer next week.") == d("2026-10-23")


def test_an_agency_saying_the_client_will_confirm_with_it_by_a_date_gives_that_date() -> None:
    assert deadline_date("They have one more candidate to speak with on Monday and will confirm with me by Friday "
                         "23 October.") == d("2026-10-23")


def test_the_outcome_on_the_day_is_the_interviews_day() -> None:
    found = deadline.find_deadline("The Headteacher will telephone all candidates with the outcome on the day, normally "
                                   "by 6pm.", MONDAY, interview=d("2026-10-20"))
    assert found is not None and found.date == d("2026-10-20")


def test_counter_example_on_the_day_before_is_no_interview_day() -> None:
    assert deadline.find_deadline("We will send the joining details on the day before the interview.", MONDAY,
                                  interview=d("2026-10-20")) is None


def test_a_holiday_season_hired_for_is_no_timeline_beside_the_date_given() -> None:
    assert deadline_date("We're hiring about 15 people for the holiday season and will reach out to everyone we're "
                         "moving forward with by Monday, November 9.", said("2026-10-31T10:00:00-05:00")) \
        == d("2026-11-09")


def test_a_weekday_typed_in_lower_case_before_its_date_is_the_deadline() -> None:
    assert deadline_date("gonna talk to my cofounder over the weekend, u'll hear from me by wed the 4th latest",
                         said("2026-10-29T17:05:00+01:00")) == d("2026-11-04")


def test_the_final_result_shared_by_a_date_is_the_deadline() -> None:
    assert deadline_date("We will share the final result with you by Friday, 27 November.",
                         said("2026-11-17T14:00:00+09:00")) == d("2026-11-27")


def test_counter_example_results_of_something_else_are_no_deadline() -> None:
    assert deadline.find_deadline("We will share the results of the staff survey by Friday, 27 November.",
                                  said("2026-11-17T14:00:00+09:00")) is None


def test_a_decision_by_a_date_beats_feedback_this_week_in_the_same_clause() -> None:
    assert deadline_date("We are discussing our feedback this week and will make our final decision by Thursday "
                         "10 December.", said("2026-12-01T18:05:00+01:00")) == d("2026-12-10")


def test_more_time_asked_for_until_a_day_is_the_new_deadline() -> None:
    assert deadline_date("Callum wants to loop in our COO before making the final call, so we'll need until "
                         "Wednesday 18 November.", said("2026-11-12T10:00:00+00:00")) == d("2026-11-18")


def test_counter_example_the_user_being_asked_for_slides_by_a_day_is_no_deadline() -> None:
    assert deadline.find_deadline("I need until Friday to finish the slides.", said("2026-11-12T10:00:00+00:00")) is None


def test_the_following_day_is_the_day_after_the_date_named_before_it() -> None:
    assert deadline_date("The committee will put its recommendation to the Board, which meets on Thursday 19 "
                         "November. I will write to you with the outcome by the end of the following day.",
                         said("2026-11-05T11:20:00+11:00")) == d("2026-11-20")


def test_counter_example_the_following_day_with_no_date_before_it_is_the_day_after_the_mail() -> None:
    assert deadline_date("I will write to you with the outcome by the end of the following day.",
                         said("2026-11-05T11:20:00+11:00")) == d("2026-11-06")


def test_a_business_day_count_skips_a_holiday_the_mail_says_the_office_is_closed() -> None:
    assert deadline_date("We'll send you our feedback within 10 business days. Just a heads-up: Friday, 20 November "
                         "is a national holiday in Brazil, and our office will be closed that day.",
                         said("2026-11-12T16:45:00-03:00")) == d("2026-11-27")


def test_a_business_day_count_skips_the_weekdays_the_mail_says_the_offices_are_closed() -> None:
    assert deadline_date("We'll get back to you within 5 business days. Just a heads-up: our offices are closed this "
                         "Thursday and Friday for the Thanksgiving holiday.",
                         said("2026-11-23T14:40:00-06:00")) == d("2026-12-02")


def test_counter_example_a_holiday_outside_the_count_moves_nothing() -> None:
    assert deadline_date("We'll send you our feedback within 5 business days. Our office will be closed on Friday, "
                         "25 December.", said("2026-11-12T16:45:00-03:00")) == d("2026-11-19")


@pytest.mark.parametrize(("text", "expected"), [
    ("We will revert with our decision by the end of next week.", "2026-11-26"),  # a Thursday
    ("We will revert with our decision within 5 business days.", "2026-11-22"),  # Friday and Saturday off
])
def test_a_week_counted_by_a_sunday_to_thursday_company_is_theirs(text: str, expected: str) -> None:
    found = deadline.find_deadline(text, said("2026-11-15T14:00:00+04:00"), sunday_week=True)
    assert found is not None and found.date == d(expected)


@pytest.mark.parametrize("text", [
    "We will revert with our decision by Thursday.", "We will revert with our decision by 26 November."])
def test_counter_example_a_named_day_is_the_same_in_any_week(text: str) -> None:
    at = said("2026-11-15T14:00:00+04:00")
    assert deadline.find_deadline(text, at, sunday_week=True) == deadline.find_deadline(text, at)


def test_next_to_next_week_is_the_week_after_next() -> None:
    assert deadline_date("Panel feedback is awaited, we will update you by next to next week Friday.",
                         said("2026-11-12T11:00:00+05:30")) == d("2026-11-27")


@pytest.mark.parametrize(("text", "expected"), [
    # a hiring manager typing on a phone: small letters, "wed" after "by"
    ("great chatting today. want to get you in front of priya + the oncall crew next, will send next steps by wed",
     "2026-11-11"),
    ("We'll get back to you in approx. two weeks.", "2026-11-20"),
    ("Wir melden uns in ca. zwei Wochen bei Ihnen.", "2026-11-20"),
    # the same note's "should know" after a comma, its sentence now ending at the full stop
    ("gonna sync w my cofounder tmrw, should know by end of week. either way i'll lmk", "2026-11-06"),
])
def test_a_quick_notes_and_abbreviations_timeline_is_read(text: str, expected: str) -> None:
    found = deadline.find_deadline(text, said("2026-11-06T14:12:00-06:00"), ZoneInfo("America/Chicago"))
    assert found is not None and found.date == d(expected)


@pytest.mark.parametrize("text", [
    "Para sua informação, estamos a fechar esta fase de entrevistas até ao final de outubro e contamos dar uma "
    "resposta a todos os candidatos até sexta-feira, 6 de novembro.",
    "Cerramos esta fase de entrevistas a finales de octubre y esperamos dar una respuesta a todos los candidatos "
    "antes del viernes 6 de noviembre.",
    "Chiudiamo questa fase di colloqui entro la fine di ottobre e contiamo di dare una risposta a tutti i candidati "
    "entro venerdì 6 novembre.",
])
def test_the_answers_date_wins_over_the_end_of_the_interviews_in_a_clause_without_its_subject(text: str) -> None:
    found = deadline.find_deadline(text, said("2026-10-20T14:40:00+01:00"), ZoneInfo("Europe/Lisbon"))
    assert found is not None and found.date == d("2026-11-06")


def test_a_linking_word_before_vers_vous_keeps_the_french_timeline() -> None:
    text = ("Avec les congés de fin d'année, le comité de recrutement ne se réunira qu'après les fêtes. Nous reviendrons "
            "donc vers vous d'ici la mi-janvier.")
    found = deadline.find_deadline(text, said("2026-12-10T14:40:00+01:00"), ZoneInfo("Europe/Paris"))
    assert found is not None and found.date == d("2027-01-15")


@pytest.mark.parametrize("text", ["Got them, thank you Alex! I'll reach out to both today.",
                                  "I will reach out to your references tomorrow."])
def test_reaching_out_to_the_references_is_no_timeline(text: str) -> None:
    assert deadline.find_deadline(text, said("2026-12-04T10:00:00-05:00"), ZoneInfo("America/New_York")) is None


def test_counter_example_reaching_out_to_the_user_is_one() -> None:
    assert deadline_date("I will reach out to you by Monday.", said("2026-12-04T10:00:00-05:00")) == d("2026-12-07")


def test_a_small_letter_after_a_full_stop_starts_a_sentence_that_the_day_before_it_is_not_in() -> None:
    found = deadline.find_deadline("great chatting today. will send next steps soon", said("2026-11-06T14:12:00-06:00"),
                                   ZoneInfo("America/Chicago"))
    assert found is None or found.date is None


def test_counter_example_wed_as_a_verb_is_no_day() -> None:
    found = deadline.find_deadline("They will wed in the spring; we will decide soon.", said("2026-11-06T14:12:00-06:00"),
                                   ZoneInfo("America/Chicago"))
    assert found is None or found.date is None


@pytest.mark.parametrize(("text", "at", "zone", "expected"), [
    ("Mr. Long is on business trip this week, so result will be on 04/12.", "2026-11-27T10:00:00+07:00",
     "Asia/Ho_Chi_Minh", "2026-12-04"),
    ("Sched is Wed 18 Nov 9PM Manila time. After interview, result will be given within 3 working days.",
     "2026-11-09T10:00:00+08:00", "Asia/Manila", "2026-11-23"),
    ("Results will now be declared on or before Friday, 11 December 2026.", "2026-12-04T16:10:00+05:30",
     "Asia/Kolkata", "2026-12-11"),
])
def test_the_result_given_by_a_day_is_the_deadline(text: str, at: str, zone: str, expected: str) -> None:
    found = deadline.find_deadline(text, said(at), ZoneInfo(zone))
    assert found is not None and found.date == d(expected)


def test_weeks_of_the_final_interview_date_count_from_the_last_day_the_board_interviews() -> None:
    found = deadline.find_deadline("The board is continuing to interview until Friday 6 November. We expect to notify all "
                                   "candidates of the outcome within three weeks of the final interview date.",
                                   said("2026-10-29T12:00:00+00:00"), ZoneInfo("Europe/Dublin"))
    assert found is not None and found.date == d("2026-11-27")


def test_counter_example_following_our_call_written_after_it_counts_from_the_mail() -> None:
    found = deadline.find_deadline("Following our call, I'll get back to you within 3 working days.",
                                   said("2026-11-20T10:00:00+00:00"), interview=d("2026-11-19"))
    assert found is not None and found.date == d("2026-11-25")


# --- a third party's timeline, as an agency relays it; plural offers; "usually N days" -------------


@pytest.mark.parametrize(("text", "at", "expected"), [
    ("She has to square the budget with their CFO, and Corrib will confirm either way by Monday.",
     "2026-11-11T10:00:00+00:00", "2026-11-16"),
    ("He's meeting two more people tomorrow and will let me know by Friday whether they want you for the final round.",
     "2026-11-04T10:00:00-05:00", "2026-11-06"),
    ("We're doing phone interviews through November 20, and we'll be sending offers out the week after Thanksgiving.",
     "2026-10-22T10:00:00-05:00", "2026-12-04"),
    ("Tidewell's process is usually 7-10 business days for a decision after the interview.",
     "2026-12-03T11:30:00-08:00", "2026-12-17"),
    ("I spoke to their coordinator this afternoon - Meridian will decide on the final round by the end of next week.",
     "2026-10-21T16:00:00+01:00", "2026-10-30"),
    ("The hiring committee meets next week, and we will close the loop by the end of next week.",
     "2026-11-11T10:00:00-05:00", "2026-11-20"),
    ("We got 2 more people coming in this week, we will call you end of the week either way.",
     "2026-10-12T10:00:00-04:00", "2026-10-16"),
    ("Their CIO wants to see references for the final two candidates before they decide, so the new target is "
     "Friday, November 6.", "2026-10-27T10:00:00-07:00", "2026-11-06"),
    # "that week": the week of the date named before it, in another clause
    ("We close for the holidays from December 19 through January 3. We'll pick this back up the week of January 4, "
     "and I'll reach out to you with a decision that week.", "2026-12-16T10:00:00-05:00", "2027-01-08"),
    # counted from the day the text names: 18 November and ten UK working days
    ("Date: Wednesday 18 November 2026\nStart: 09:00 prompt\n\nOutcomes: we will let every candidate know the outcome "
     "within 10 working days of the assessment centre.", "2026-11-03T09:40:00+00:00", "2026-12-02"),
    # a selection's outcome in the passive, and "by then" after it
    ("Final places will be confirmed by Tuesday, 15 December 2026, and I will update you by then either way.",
     "2026-11-27T10:00:00+08:00", "2026-12-15"),
    # a purpose clause after the decision's date is about something else: "so that ... before the winter break"
    ("We are meeting one further candidate on Friday, and we hope to make our decision before the 15th, so that our "
     "new colleague can be introduced to families before the winter break.", "2026-12-02T16:05:00-04:00", "2026-12-15"),
])
def test_timelines_as_agencies_and_small_employers_give_them(text: str, at: str, expected: str) -> None:
    assert deadline_date(text, said(at)) == d(expected)


@pytest.mark.parametrize("text", [
    "Please let us know by Friday whether you accept.",
    "It usually takes two weeks.",
    "Our target start date is Monday, January 4.",
    "We will make our decision that week.",  # no week named before it
    # the next stage's day is no decision's: "selection" here names the process
    "We are delighted to invite you to the next stage of our selection process: an Assessment Centre on Wednesday 18 November.",
])
def test_counter_example_a_request_or_a_span_alone_is_no_timeline(text: str) -> None:
    assert deadline.find_deadline(text, MONDAY) is None


@pytest.mark.parametrize(("zone", "expected"), [
    ("America/Chicago", "2026-12-04"),  # Thanksgiving, November 26, is a day off
    ("Europe/Berlin", "2026-12-03"),  # it is not there
])
def test_business_days_skip_the_hiring_sides_public_days_off(zone: str, expected: str) -> None:
    from zoneinfo import ZoneInfo

    at = dt.datetime(2026, 11, 19, 11, 0, tzinfo=ZoneInfo(zone))
    assert deadline_date("We make our hiring decisions within 10 business days.", at) == d(expected)


def test_a_promise_to_write_to_all_candidates_is_a_decision_date() -> None:
    text = ("Governors will make their recommendation to the Trust Board, which meets on Tuesday 24 November to ratify "
            "the appointment, and we will write to all candidates by Wednesday 25 November.")
    assert deadline_date(text, said("2026-11-12T17:40:00+00:00")) == d("2026-11-25")


def test_a_client_who_will_confirm_whether_to_go_on_gives_a_date() -> None:
    text = "He will confirm by the end of next week whether he would like you to meet the Board's Nominating Committee."
    assert deadline_date(text, said("2026-10-15T12:00:00+08:00")) == d("2026-10-23")


def test_counter_example_someone_confirming_the_time_gives_no_decision_date() -> None:
    assert deadline.find_deadline("She will confirm the time by Friday.", said("2026-10-15T12:00:00+08:00")) is None
