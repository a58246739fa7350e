"""detect.py on whole threads: the verdict and its reasons."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
from dataclasses import replace
from email.message import EmailMessage

import pytest

from watcher import detect, identity, parse, plan, threads
from watcher.config import Me, Policy
from watcher.model import Address, CalendarEvent, Detection, Kind, Message, Role, Status, Thread
from watcher.sources import Fetched

ME = identity.Identity.of(Me(name="Alex Candidate", addresses=("alex@example.org",)))
MANAGER = Address("tomas.rahman@sablewind.example.com", "Tomás Rahman")
ALEX = Address("alex@example.org", "Alex Candidate")
AT = dt.datetime(2026, 11, 15, 15, 0, tzinfo=dt.UTC)


def message(number: int, sender: Address, role: Role, text: str, hours: float) -> Message:
    return Message(account="main", message_id=f"<m{number}@example.org>", role=role, date=AT + dt.timedelta(hours=hours),
                   sender=sender, to=(ALEX,) if role is Role.INBOX else (MANAGER,),
                   subject="Engineering Manager at Sablewind Logistics", text=text, author_text=text,
                   in_reply_to=f"<m{number - 1}@example.org>" if number > 1 else None)


def test_a_hiring_manager_hiring_in_person_arranges_an_interview() -> None:
    thread = Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "Hello Alex, I lead the platform team and I'm hiring an Engineering Manager. "
                "Your profile stood out. Would you be available for a technical interview with me on Sunday, "
                "November 22 at 10:00 AM ET? It will take about an hour.", 0),
        message(2, ALEX, Role.SENT, "Thank you, Sunday, November 22 at 10:00 AM ET works well for me.", 8),
    ))
    assert detect.detect(thread, ME, Policy()).is_interview


def school_mail(subject: str, text: str) -> Detection:
    """One invitation from a school's office and the user's confirmation."""
    office = Address("admissions@harrowgate-school.example.org", "Harrowgate Business School")
    invite = replace(message(1, office, Role.INBOX, text, 0), subject=subject)
    reply = replace(message(2, ALEX, Role.SENT, "Thank you, that time works for me.", 3), subject="Re: " + subject,
                    to=(office,))
    return detect.detect(Thread("t1", "main", (invite, reply)), ME, Policy())


def test_an_mba_admissions_interview_is_no_job_interview() -> None:
    assert not school_mail(
        "Executive MBA (Intake 2027) - interview invitation",
        "Dear Alex, after reviewing your application to the Executive MBA, the Admissions Committee invites you to an "
        "interview with one of our alumni on Thursday, November 19 at 6:00 PM GMT. We will talk about your current role, "
        "your employer and your career goals; please have your CV at hand.").is_interview


def test_counter_example_a_universitys_interview_for_an_admissions_officer_is_a_job_interview() -> None:
    assert school_mail(
        "Interview invitation - Admissions Officer (Postgraduate Recruitment)",
        "Dear Alex, thank you for your application for the post of Admissions Officer. The panel would like to invite "
        "you to an interview on Thursday, November 19 at 10:00 AM GMT. Please bring your CV and proof of your right to "
        "work.").is_interview


def invitation(when: str) -> Detection:
    """A hiring manager's one-line invitation to an interview `when`."""
    text = f"We'd like to invite you to a technical interview on {when}."
    return detect.detect(Thread("t1", "main", (message(1, MANAGER, Role.INBOX, text, 0),)), ME, Policy())


@pytest.mark.parametrize("length", [", 60 minutes on Zoom", ", 45-minute video call", ", 1 hour with the team"])
def test_an_invitation_that_gives_the_length_after_the_time_arranges_the_interview(length: str) -> None:
    found = invitation(f"Tuesday, November 17 at 10:00 AM ET{length}")
    assert found.rounds[0].start == dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)


def test_a_trial_day_that_wraps_up_by_five_ends_at_five() -> None:
    found = invitation("Thursday, November 19: we'd kick off around 9:30 AM ET with coffee on Zoom and wrap up by 5")
    assert found.rounds[0].minutes == 450


def test_an_assessment_day_whose_sessions_follow_its_span_ends_with_the_span() -> None:
    found = invitation("Saturday, November 21, 8:30 AM - 1:30 PM ET.\n8:30 - 9:45 Aptitude test\n10:00 - 11:30 "
                       "Hands-on task\n11:45 - 12:30 Interviews")
    assert found.rounds[0].minutes == 300



def test_a_programme_of_start_times_ends_when_the_mail_says_the_day_finishes() -> None:
    found = invitation("Please find the programme for Thursday, November 19 below.\n08:30 Arrive at reception\n"
                       "09:15 Lesson with a Year 9 class\n10:00 Student panel\n11:30 Formal interview with the panel\n\n"
                       "We expect the day to finish by 1pm.")
    assert found.rounds[0].minutes == 270

def test_working_days_of_your_interview_count_from_the_interview_arranged_before() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "We'd like to invite you to a technical interview on Thursday, November 19 at "
                "10:00 AM ET.", 0),
        message(2, MANAGER, Role.INBOX, "A reminder of the format. We aim to notify you of the outcome within 10 "
                "working days of your interview.", 1),
    )), ME, Policy())
    # ten working days from Thursday, November 19 in New York: Thanksgiving (November 26) is not one of them
    assert found.rounds[0].deadline.date == dt.date(2026, 12, 4)


def test_counter_example_two_times_offered_are_a_choice_not_an_interview_time() -> None:
    assert invitation("Tuesday, November 17 at 10:00 AM ET, 2 PM ET works too").rounds == ()


@pytest.mark.parametrize("times", ["at 11am Pacific / 2pm Eastern", "at 11:00 AM PT / 2:00 PM ET",
                                   "at 8:00 PM CET / 2:00 PM Eastern"])
def test_one_time_given_in_two_zones_arranges_the_interview(times: str) -> None:
    found = invitation(f"Thursday, November 19 {times}")
    assert found.rounds[0].start == dt.datetime(2026, 11, 19, 19, 0, tzinfo=dt.UTC)


def test_counter_example_two_times_in_two_zones_are_a_choice() -> None:
    assert invitation("Thursday, November 19 at 11am Pacific / 4pm Eastern").rounds == ()


@pytest.mark.parametrize("window", ["Thursday, November 19, any time after 1pm ET", "Thursday, November 19 before 11am ET"])
def test_a_window_of_availability_is_a_choice_not_an_interview_time(window: str) -> None:
    assert invitation(window).rounds == ()


def test_counter_example_a_time_from_its_start_to_its_end_is_the_interview_time() -> None:
    found = invitation("Thursday, November 19 from 2:00 to 3:00 PM ET")
    assert found.rounds[0].start == dt.datetime(2026, 11, 19, 19, 0, tzinfo=dt.UTC)


def test_a_time_given_only_in_the_subject_arranges_the_interview() -> None:
    invite = replace(message(1, MANAGER, Role.INBOX, "I'm pleased to confirm your interview for the Engineering Manager "
                                                     "role at the time above, on Teams.", 0),
                     subject="Interview - Thu 19 Nov 10:00 GMT")
    found = detect.detect(Thread("t1", "main", (invite,)), ME, Policy())
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 19, 10, 0, tzinfo=dt.UTC)]


def test_counter_example_a_replys_subject_sets_no_time_of_its_own() -> None:
    first = message(1, MANAGER, Role.INBOX, "We'd like to invite you to a technical interview on Tuesday, November 17 "
                                            "at 10:00 AM ET.", 0)
    again = replace(message(2, MANAGER, Role.INBOX, "Could we do Wednesday instead? I'll send the new time.", 20),
                    subject="Re: Interview - Thu 19 Nov 10:00 GMT")
    found = detect.detect(Thread("t1", "main", (first, again)), ME, Policy())
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)]


def test_the_hiring_side_picking_an_offered_time_by_its_hour_arranges_it() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "I'm hiring an Engineering Manager and would love to set up an interview. "
                "When are you free next week?", 0),
        message(2, ALEX, Role.SENT, "Thanks! I could do Monday, November 16 at 11am or 2pm ET, or Tuesday, November 17 "
                "at 10am ET.", 2),
        message(3, MANAGER, Role.INBOX, "yes 2pm works. will send invite\n\nSent from my iPhone", 4),
    )), ME, Policy())
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 16, 19, 0, tzinfo=dt.UTC)]


def test_counter_example_an_hour_two_offers_share_picks_neither() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "I'm hiring an Engineering Manager and would love to set up an interview. "
                "When are you free next week?", 0),
        message(2, ALEX, Role.SENT, "Thanks! Monday, November 16 at 2pm ET or Tuesday, November 17 at 2pm ET.", 2),
        message(3, MANAGER, Role.INBOX, "yes 2pm works. will send invite", 4),
    )), ME, Policy())
    assert found.rounds == ()


def test_a_second_round_offered_in_two_times_and_taken_by_the_user_is_arranged() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "Would Tuesday, November 17 at 10am ET work for a phone interview?", 0),
        message(2, ALEX, Role.SENT, "Tuesday at 10am works for me.", 1),
        message(3, MANAGER, Role.INBOX, "Great chatting this morning! I'd love you to come in and meet me and Dan - "
                "would Thursday, November 26 at 11am or Friday, November 27 at 2pm ET work?", 50),
        message(4, ALEX, Role.SENT, "Friday November 27 at 2pm works for me - looking forward to it!", 52),
        message(5, MANAGER, Role.INBOX, "Locked in for Friday 27 Nov at 2pm!", 53),
    )), ME, Policy())
    assert [r.start.astimezone(dt.UTC) for r in found.rounds] == [dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC),
                                                                   dt.datetime(2026, 11, 27, 19, 0, tzinfo=dt.UTC)]


def test_a_scheduling_tools_booking_in_the_users_zone_is_not_the_hiring_sides_zone() -> None:
    melbourne = dt.timezone(dt.timedelta(hours=11))
    recruiter = replace(message(1, MANAGER, Role.INBOX, "I'd love to set up a quick phone interview - grab a time in "
                                "my Calendly.", 0), date=AT.astimezone(melbourne))
    booked = replace(message(2, Address("notifications@calendly.com", "Calendly"), Role.INBOX,
                             "Phone chat - Engineering Manager\n06:00pm - 06:20pm (Eastern Time - US & Canada), "
                             "Thursday, November 19, 2026", 1), reply_to=(MANAGER,))
    found = detect.detect(Thread("t1", "main", (recruiter, booked)), ME, Policy())
    assert found.zone == "Australia/Sydney"


ONSITE_PLAN = ("The team would love to have you in for an onsite. Here's the plan for Thursday, November 19 "
               "(all times Eastern):\n\n10:00 AM   Check-in at the front desk\n10:15 AM   Systems coding - Tamsin Greer\n"
               "11:15 AM   Architecture - Oskar Lindahl\n12:15 PM   Lunch with the team\n1:15 PM    Hiring manager\n")


def test_a_days_schedule_of_start_times_is_one_onsite_round() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, ONSITE_PLAN, 0),
        message(2, ALEX, Role.SENT, "Thank you - November 19 works well.", 2),
    )), ME, Policy())
    assert [(r.start, r.minutes) for r in found.rounds] == [(dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC), 195)]


def test_counter_example_times_on_one_day_to_pick_from_arrange_nothing_yet() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "I'd love to set up an interview. I have these slots on Thursday, November 19 "
                "(Eastern):\n10:00 AM\n11:00 AM\n12:30 PM\nWhich one works for you?", 0),
    )), ME, Policy())
    assert found.rounds == ()


def moved(words: str) -> Detection:
    """An interview set for Tuesday 10 AM ET, confirmed, then the hiring manager's `words`."""
    return detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "We'd like to invite you to a technical interview on Tuesday, November 17 "
                "at 10:00 AM ET.", 0),
        message(2, ALEX, Role.SENT, "Tuesday at 10 works, see you then.", 2),
        message(3, MANAGER, Role.INBOX, words, 20),
    )), ME, Policy())


@pytest.mark.parametrize("words", ["Something came up on my side. Can we push to Thursday same time? Same Meet link.",
                                   "A board meeting just landed on Tuesday. Could we move it to Thursday, same time?"])
def test_an_interview_pushed_to_another_day_at_the_same_time_moves_there(words: str) -> None:
    found = moved(words)
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC)]


def test_counter_example_the_same_time_in_another_sense_moves_nothing() -> None:
    found = moved("At the same time, I'll share the agenda with you on Monday.")
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)]


# ----------------------------------------------------------------- from raw mail, as the scan reads it

ET = dt.timezone(dt.timedelta(hours=-5))
DANA = "Dana Whitcombe <dana.whitcombe@quillfeather.example.com>"
CANDIDATE = "Alex Candidate <alex@example.org>"


def raw(number: int, sender: str, to: str, at: dt.datetime, text: str = "", html: str = "") -> bytes:
    """A real MIME message: text/plain, or text/html alone when `text` is empty."""
    out = EmailMessage(policy=email.policy.SMTP)
    out["From"], out["To"], out["Subject"] = sender, to, "Staff Engineer at Quillfeather"
    out["Date"] = email.utils.format_datetime(at)
    out["Message-ID"] = f"<q{number}@quillfeather.example.com>"
    if number > 1:
        out["In-Reply-To"] = f"<q{number - 1}@quillfeather.example.com>"
        out["References"] = " ".join(f"<q{n}@quillfeather.example.com>" for n in range(1, number))
    if text:
        out.set_content(text)
    else:
        out.set_content(html, subtype="html")
    return out.as_bytes()


def detected(*mail: tuple[Role, bytes]) -> Detection:
    messages = [parse.parse(Fetched(role=role, raw=data), "main", ME.addresses) for role, data in mail]
    (thread,) = threads.build(messages, ME.addresses, {}).threads
    return detect.detect(thread, ME, Policy())


def planned(detection: Detection, now: dt.datetime) -> dict[Kind, Status]:
    return {f.kind: f.status for f in plan.plan(detection, {}, now, Policy()).followups}


ARRANGED = (
    (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 16, 9, 0, tzinfo=ET),
                     "Hi Alex, thanks for applying to the Staff Engineer role. Could you do a video interview on "
                     "Thursday, November 19 at 10:00 AM ET? It will take 45 minutes. We expect to decide by "
                     "November 25.")),
    (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 16, 11, 0, tzinfo=ET),
                    "Thursday, November 19 at 10:00 AM ET works for me. Looking forward to it.")),
)


def test_a_designers_portfolio_interview_about_a_subscription_survey_is_an_interview() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 2, 9, 0, tzinfo=ET),
                         "Hi Alex, thanks so much for sending over your portfolio - the team loved the case study on the "
                         "subscription pause flow. Could you do a video interview with our Design Lead on Thursday, "
                         "November 5 from 9am to 10am ET?")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 2, 11, 0, tzinfo=ET),
                        "That works - I'll have the subscription-pause case study ready to share.")),
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 5, 11, 40, tzinfo=ET),
                         "Thanks for your time this morning - he loved the bit about the cancellation-survey experiment. "
                         "He has two more portfolio reviews next week, and we'll let everyone know the outcome by "
                         "Friday, November 13.")))
    assert found.is_interview, found.why


def test_the_users_time_inside_a_window_offered_is_the_interviews() -> None:
    ct = dt.timezone(dt.timedelta(hours=-6))
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 30, 9, 0, tzinfo=ct),
                         "Hi Alex, thanks for applying to the Staff Engineer role. I'd like to set up a 30-minute phone "
                         "screen. I'm open Wednesday 12/2 or Thursday 12/3, anytime between 1 and 4 PM Central.")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 30, 11, 0, tzinfo=ct),
                        "Thanks! Thursday 12/3 at 2:30 PM Central works best for me.")),
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 30, 12, 15, tzinfo=ct),
                         "Perfect - you're on my calendar. Talk soon!")))
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 12, 3, 14, 30, tzinfo=ct)]


def forwarded(number: int, sender: str, to: str, at: dt.datetime, text: str, subject: str) -> bytes:
    out = email.message_from_bytes(raw(number, sender, to, at, text), policy=email.policy.SMTP)
    out.replace_header("Subject", subject)
    return out.as_bytes()


def test_the_users_forward_to_a_friend_after_the_interview_is_no_word_to_the_hiring_side() -> None:
    friend = "Marisa Quintal <marisa@quintalhome.example.net>"
    found = detected(*ARRANGED, (Role.SENT, forwarded(
        3, CANDIDATE, friend, dt.datetime(2026, 11, 19, 10, 50, tzinfo=ET),
        "Just had the panel - how would you follow up?", "Fwd: Staff Engineer at Quillfeather")),
        (Role.INBOX, forwarded(4, friend, CANDIDATE, dt.datetime(2026, 11, 19, 11, 30, tzinfo=ET),
                               "Send them a short thank-you today!", "Re: Fwd: Staff Engineer at Quillfeather")))
    assert planned(found, dt.datetime(2026, 11, 19, 12, 0, tzinfo=ET))[Kind.THANK_YOU] is Status.PLANNED
    assert found.last_message_id == "<q2@quillfeather.example.com>"


def test_a_time_with_no_day_is_on_the_day_the_answered_mail_agreed() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 16, 9, 0, tzinfo=ET),
                         "Hi Alex, thanks for applying to the Staff Engineer role. I'd love to set up a 30-minute phone "
                         "screen. Does Thursday afternoon work for you?")),
        (Role.INBOX, raw(2, DANA, CANDIDATE, dt.datetime(2026, 11, 16, 11, 0, tzinfo=ET),
                         "Perfect, let's do the phone screen at 4:30 then.\n\nOn Mon, Nov 16, 2026 at 10:30 AM Alex wrote:\n> Thursday "
                         "afternoon works for me.")))
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 19, 16, 30, tzinfo=ET)]


def test_counter_example_a_time_restated_for_the_reader_is_no_new_round_on_a_day_of_the_history() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, DANA, CANDIDATE, dt.datetime(2026, 11, 16, 12, 0, tzinfo=ET),
        "Exactly - noon for you.\n\nOn Mon, Nov 16, 2026 at 11:00 AM Alex wrote:\n> I'll join at noon my time, "
        "Thursday works.")))
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 19, 10, 0, tzinfo=ET)]


def test_a_rejections_promise_to_write_again_is_no_timeline() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, DANA, CANDIDATE, dt.datetime(2026, 11, 26, 9, 0, tzinfo=ET),
        "Hi Alex, after a lot of deliberation we've decided to appoint an internal candidate. I'd love to keep in "
        "touch - if anything opens up in the new year I'll reach out.")))
    assert (found.rounds[0].deadline.date, found.rounds[0].deadline.basis) == (dt.date(2026, 11, 25), "stated")


def test_a_call_to_go_through_the_offer_is_no_round() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, DANA, CANDIDATE, dt.datetime(2026, 11, 23, 15, 0, tzinfo=ET),
        "Hi Alex, I am delighted to let you know that we would like to extend you an offer for the Staff Engineer "
        "role! I would like to walk you through the details by phone. Are you available tomorrow at 10:00 AM?"
    ).replace(b"Subject: Staff Engineer at Quillfeather", b"Subject: Re: Interview invitation: Staff Engineer")))
    assert len(found.rounds) == 1


def test_a_systems_form_words_take_back_no_date_a_person_gave() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, "Quillfeather Careers <quillfeather@myworkday.com>", CANDIDATE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ET),
        "Thank you for interviewing for the Staff Engineer role. We will contact you once a decision has been made.")))
    assert (found.rounds[0].deadline.date, found.rounds[0].deadline.basis) == (dt.date(2026, 11, 25), "stated")


def test_counter_example_a_persons_own_delay_without_a_date_replaces_the_date() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, DANA, CANDIDATE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ET),
        "Hi Alex, thank you for interviewing for the Staff Engineer role. The panel is still meeting candidates, so "
        "we will contact you once a decision has been made.")))
    assert found.rounds[0].deadline.basis == "vague"


def test_a_decision_on_the_afternoon_of_the_interview_ends_the_round_it_leaves_in_place() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, DANA, CANDIDATE, dt.datetime(2026, 11, 19, 16, 30, tzinfo=ET),
        "Hi Alex, thank you for your time today. Unfortunately we have decided not to move forward with your "
        "application.")))
    assert found.is_interview
    (round_,) = found.rounds
    assert round_.start == dt.datetime(2026, 11, 19, 10, 0, tzinfo=ET) and round_.basis == "confirmed"
    decision = found.decision_event
    assert decision is not None and decision.decision == "rejection" and round_.start < decision.at
    after = planned(found, dt.datetime(2026, 11, 27, 12, 0, tzinfo=ET))
    assert Status.PLANNED not in after.values() and Status.DRAFTED not in after.values()


def test_an_interview_whose_notice_says_it_has_been_cancelled_is_no_round() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "We'd like to invite you to a technical interview on Tuesday, November 17 at "
                "10:00 AM ET.", 0),
        message(2, ALEX, Role.SENT, "Thank you, Tuesday at 10:00 AM ET works for me.", 2),
        message(3, MANAGER, Role.INBOX, "Your interview scheduled for Tuesday, November 17 at 10:00 AM ET has been "
                "cancelled. We will be in touch with a new time.", 20),
    )), ME, Policy())
    assert found.rounds == ()


def test_cancelling_tomorrows_interview_removes_that_round() -> None:
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "We'd like to invite you to a technical interview on Tuesday, November 17 at "
                "10:00 AM ET.", 0),
        message(2, ALEX, Role.SENT, "Thank you, Tuesday at 10:00 AM ET works for me.", 2),
        message(3, MANAGER, Role.INBOX, "I'm really sorry, but we need to cancel tomorrow's interview. I'll reach out "
                "to re-book as soon as Wei Lin is back.", 36),
    )), ME, Policy())
    assert found.rounds == ()


def test_a_calendars_cancelled_event_notice_removes_the_round_it_dates() -> None:
    notice = replace(message(3, MANAGER, Role.INBOX, "This event has been canceled and removed from your calendar.\n\n"
                             "Technical interview\nTuesday Nov 17, 2026 10am - 11am (Eastern Time)", 36),
                     subject="Canceled event: Technical interview @ Tue Nov 17, 2026 10am - 11am (EST)")
    found = detect.detect(Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "We'd like to invite you to a technical interview on Tuesday, November 17 at "
                "10:00 AM ET.", 0),
        message(2, ALEX, Role.SENT, "Thank you, Tuesday at 10:00 AM ET works for me.", 2),
        notice,
    )), ME, Policy())
    assert found.rounds == ()


def test_counter_example_a_word_on_how_to_cancel_keeps_the_interview() -> None:
    found = invitation("Tuesday, November 17 at 10:00 AM ET. If you need to cancel, reply to this email")
    assert found.rounds[0].start == dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)


def test_a_decision_on_the_morning_of_the_interview_keeps_the_round_and_cancels_its_drafts() -> None:
    found = detected(*ARRANGED, (Role.INBOX, raw(
        3, DANA, CANDIDATE, dt.datetime(2026, 11, 19, 8, 0, tzinfo=ET),
        "Hi Alex, I'm sorry to let you know the position has been filled, so we need to cancel this morning's "
        "interview.")))
    assert found.is_interview and len(found.rounds) == 1
    assert found.decision_event is not None and found.decision_event.decision == "rejection"
    later = planned(found, dt.datetime(2026, 11, 19, 12, 0, tzinfo=ET))
    assert later.get(Kind.THANK_YOU) is not Status.PLANNED


@pytest.mark.parametrize("text", [
    "Hi Alex, it was great to talk with you yesterday about the Staff Engineer role. We'll be in touch by "
    "Friday, November 27.",
    "Hi Alex, thanks for your time today - the team enjoyed hearing about your work. We'll be in touch by "
    "Friday, November 27 about the Staff Engineer position.",
    "Alex - really enjoyed meeting you this morning. I'll get back to you about the Staff Engineer role by "
    "Friday, November 27.",
])
def test_an_interview_known_only_after_the_fact_is_a_round_with_the_stated_timeline(text: str) -> None:
    found = detected((Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 19, 16, 0, tzinfo=ET), text)))
    assert found.is_interview, found.why
    (round_,) = found.rounds
    assert (round_.start, round_.basis) == (None, "held")
    assert (round_.deadline.date, round_.deadline.basis) == (dt.date(2026, 11, 27), "stated")
    assert any(reason.startswith("the hiring side speaks of an interview that took place: ") for reason in found.why)


def test_counter_example_my_own_thanks_for_your_time_is_no_interview_of_theirs() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 19, 9, 0, tzinfo=ET),
                         "Hi Alex, a quick question about the Staff Engineer role you applied for: are you open to "
                         "relocating?")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 19, 11, 0, tzinfo=ET),
                        "Yes, I am. Thanks for your time today!")))
    assert not found.is_interview and found.rounds == ()


def test_a_slot_and_a_deadline_stated_only_in_html_parts_are_read() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 16, 9, 0, tzinfo=ET), html=(
            "<html><body><p>Hi Alex,</p><table><tr><td>Role</td><td>Staff Engineer</td></tr>"
            "<tr><td>Interview</td><td>Thursday, November 19</td></tr>"
            "<tr><td>Time</td><td>10:00 AM &ndash; 10:45 AM ET</td></tr></table><p>Please confirm.</p></body></html>"))),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 16, 11, 0, tzinfo=ET),
                        "Thursday at 10 works for me, see you then.")),
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 19, 15, 0, tzinfo=ET), html=(
            "<html><body><div>Hi Alex,<br>Thank you for your time today.<br>We will get back to you by "
            "<b>Friday</b>, <b>December&nbsp;4</b>.<br>Dana</div></body></html>"))))
    assert found.is_interview
    (round_,) = found.rounds
    assert (round_.start, round_.minutes) == (dt.datetime(2026, 11, 19, 10, 0, tzinfo=ET), 45)
    assert (round_.deadline.date, round_.deadline.basis) == (dt.date(2026, 12, 4), "stated")


def test_a_recruiter_writing_personally_from_linkedin_is_the_contact() -> None:
    jordan = "Jordan Okafor <jordan.okafor@linkedin.com>"
    found = detected(
        (Role.INBOX, raw(1, jordan, CANDIDATE, dt.datetime(2026, 11, 16, 9, 0, tzinfo=ET),
                         "Hi Alex, I'm a recruiter at LinkedIn and I'm hiring for a Staff Engineer on our platform "
                         "team. Could you do a phone screen on Thursday, November 19 at 10:00 AM ET?")),
        (Role.SENT, raw(2, CANDIDATE, jordan, dt.datetime(2026, 11, 16, 11, 0, tzinfo=ET),
                        "Thursday, November 19 at 10:00 AM ET works for me.")))
    assert found.is_interview, found.why
    assert found.contact is not None and found.contact.email == "jordan.okafor@linkedin.com"
    assert found.company == "Linkedin"


# ------------------------------------------------------- a light read of a thread nothing depends on


FRIEND = Address("sam.okoro@gmail.example.com", "Sam Okoro")


def test_a_conversation_about_no_job_is_told_apart_without_its_dates_read() -> None:
    # a friend's dinner plans: "nothing about a job" is a veto that needs no rounds, so none are read
    thread = Thread("t1", "main", (
        Message(account="main", message_id="<f1@example.org>", role=Role.INBOX, date=AT, sender=FRIEND, to=(ALEX,),
                subject="Dinner", text="Are you free on Friday, November 20 at 7:00 PM for dinner?",
                author_text="Are you free on Friday, November 20 at 7:00 PM for dinner?"),
        Message(account="main", message_id="<f2@example.org>", role=Role.SENT, date=AT + dt.timedelta(hours=2),
                sender=ALEX, to=(FRIEND,), subject="Re: Dinner", text="Yes, see you then!", author_text="Yes, see you then!",
                in_reply_to="<f1@example.org>"),
    ))
    light = detect.detect(thread, ME, Policy(), light=True)
    assert (light.is_interview, light.rounds, light.contact) == (False, (), None)
    assert light.why == detect.detect(thread, ME, Policy()).why


def test_a_decision_in_a_thread_that_is_no_interview_is_still_read() -> None:
    # People Ops' offer under a new subject: no interview arranged in it, but its decision ends the
    # company's process in another thread
    offer = "I'm delighted to offer you the position of Engineering Manager at Sablewind Logistics."
    thread = Thread("t1", "main", (message(1, Address("people@sablewind.example.com", "Priya Nair"), Role.INBOX,
                                           offer, 0),))
    light = detect.detect(thread, ME, Policy(), light=True)
    assert not light.is_interview
    assert light.decision_event is not None and light.decision_event.decision == "offer"
    assert "sablewind.example.com" in light.domains


def test_a_platforms_robot_is_no_domain_of_the_hiring_side() -> None:
    # LinkedIn's copy of the recruiter's message: linkedin.com would tie this process to a LinkedIn
    # employee's, whose follow-ups another company's offer would then end
    relay = Address("messages-noreply@linkedin.com", "Tomás Rahman via LinkedIn")
    thread = Thread("t1", "main", (message(1, relay, Role.INBOX, "Tomás sent you a message about an interview.", 0),
                                   message(2, MANAGER, Role.INBOX, "Would Thursday, November 19 at 10:00 AM ET work?", 2)))
    assert detect.detect(thread, ME, Policy()).domains == ("sablewind.example.com",)


def test_counter_example_a_companys_own_no_reply_is_its_domain() -> None:
    # its careers site's rejection, in a thread of its own, ends the process with the company
    careers = Address("no-reply@careers.kelsall-uw.example.com", "Kelsall Underwriting Careers")
    thread = Thread("t1", "main", (message(1, careers, Role.INBOX, "Unfortunately we have decided not to move "
                                            "forward with your application.", 0),))
    assert detect.detect(thread, ME, Policy()).domains == ("kelsall-uw.example.com",)


def test_a_colleagues_interview_loop_invites_are_told_apart_without_their_dates_read() -> None:
    # the user sits on the panel: an interviewer's words weigh more against an interview than an
    # invite and a timeline could weigh for one, so the slots are never read
    colleague = Address("rosa.lindgren@larkspur-labs.example", "Rosa Lindgren")
    duty = ("Hi Alex, you are on the panel for Ravi Haddad's technical interview on Thursday, November 19 at "
            "10:00 AM ET. The interview kit and the candidate's resume are attached; please submit your "
            "scorecard within 24 hours, before the debrief on Friday, November 20.")
    thread = Thread("t1", "main", (message(1, colleague, Role.INBOX, duty, 0),))
    light = detect.detect(thread, ME, Policy(), light=True)
    whole = detect.detect(thread, ME, Policy())
    assert (light.is_interview, whole.is_interview) == (False, False)
    assert "before the thread's dates are read" in light.why[-1]


_AWAY = ("I am out of the office until Monday, November 23. For questions about your application, "
         "please write to careers@sablewind.example.com.")


def test_an_out_of_office_in_a_thread_that_is_no_interview_has_no_day_back_read() -> None:
    # only an interview's plan waits for the day back
    away = Message(account="main", message_id="<ooo1@example.org>", role=Role.INBOX, date=AT,
                   sender=Address("priya.nair@sablewind.example.com", "Priya Nair"), to=(ALEX,),
                   subject="Automatic reply: My application for the Engineering Manager role",
                   text=_AWAY, author_text=_AWAY, auto_submitted=True)
    light = detect.detect(Thread("t1", "main", (away,)), ME, Policy(), light=True)
    whole = detect.detect(Thread("t1", "main", (away,)), ME, Policy())
    assert (light.events[0].automatic, light.events[0].return_date) == (True, None)
    assert whole.events[0].return_date == dt.date(2026, 11, 23)


def test_a_volunteer_shift_sign_up_is_no_interview() -> None:
    # a food bank's coordinator: a role, a call about it, a date by which they will know, all of a volunteer's shift
    coordinator = Address("tgreene@harborlight.example.org", "Tasha Greene")
    thread = Thread("t1", "main", (
        message(1, coordinator, Role.INBOX, "Thank you for signing up to volunteer with Harborlight Food Bank! Volunteer "
                "role: Warehouse Sorter, Saturday, November 21, 9:00 AM - 12:00 PM. Before your first shift, we'll have a "
                "quick 15-minute call about the role on Wednesday, November 18 at 5:00 PM. We'll let everyone know by "
                "November 19 if we need extra hands.", 0),
        message(2, ALEX, Role.SENT, "Thanks, Wednesday at 5 works for me.", 2)))
    assert not detect.detect(thread, ME, Policy()).is_interview


def test_a_timeline_in_the_invites_description_is_the_rounds_deadline() -> None:
    start = dt.datetime(2026, 11, 18, 15, 0, tzinfo=dt.UTC)
    invite = CalendarEvent(uid="i1", sequence=0, method="REQUEST", status="", start=start,
                           end=start + dt.timedelta(hours=1), summary="Technical interview: Alex Candidate",
                           description="Next steps: we're meeting a handful of candidates over the next week and a "
                                       "half and will make a final decision by the end of the month.")
    thread = Thread("t1", "main", (
        replace(message(1, MANAGER, Role.INBOX, "Hi Alex, here is the invitation for your technical interview. "
                        "Agenda and next steps are in the description.", 0), calendar=(invite,)),
        message(2, ALEX, Role.SENT, "Thank you, see you then.", 2)))
    (round_,) = detect.detect(thread, ME, Policy()).rounds
    assert (round_.deadline.date, round_.deadline.basis) == (dt.date(2026, 11, 30), "stated")



def onsite_invite(*sessions: tuple[int, str]) -> tuple[CalendarEvent, ...]:
    """One invite with a VEVENT per session, as Greenhouse sends a virtual onsite: (hour UTC, title)."""
    return tuple(CalendarEvent(uid=f"gh-{n}", sequence=0, method="REQUEST", status="",
                               start=dt.datetime(2026, 11, 18, hour, 0, tzinfo=dt.UTC),
                               end=dt.datetime(2026, 11, 18, hour, 45, tzinfo=dt.UTC), summary=f"Onsite: {title}",
                               description="") for n, (hour, title) in enumerate(sessions))


def test_an_invites_sessions_on_one_day_are_one_round_from_the_first_to_the_last() -> None:
    invite = onsite_invite((15, "Coding"), (16, "System Design"), (17, "Hiring Manager"), (18, "Values"))
    thread = Thread("t1", "main", (
        replace(message(1, MANAGER, Role.INBOX, "Hi Alex, your virtual onsite interview is confirmed; the calendar "
                        "invitations for each session are attached.", 0), calendar=invite),
        message(2, ALEX, Role.SENT, "Thank you, I accepted all four.", 2)))
    (round_,) = detect.detect(thread, ME, Policy()).rounds
    assert (round_.start.hour, round_.end.hour, round_.end.minute) == (15, 18, 45)


def test_counter_example_an_invites_sessions_on_two_days_are_two_rounds() -> None:
    day_two = replace(onsite_invite((15, "Coding"))[0], uid="gh-day2",
                      start=dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC), end=dt.datetime(2026, 11, 19, 16, 0, tzinfo=dt.UTC))
    thread = Thread("t1", "main", (
        replace(message(1, MANAGER, Role.INBOX, "Hi Alex, your two-day onsite interview is confirmed; the calendar "
                        "invitations for both days are attached.", 0), calendar=(*onsite_invite((15, "Coding")), day_two)),
        message(2, ALEX, Role.SENT, "Thank you, I accepted both.", 2)))
    assert [r.start.day for r in detect.detect(thread, ME, Policy()).rounds] == [18, 19]


def test_a_webinar_about_interviewing_that_the_user_registered_for_is_no_interview() -> None:
    coach = Address("events@careerdesk.example.com", "CareerDesk")
    subject = "Tomorrow: Nailing Your Next Interview - From Recruiter Call to Offer"
    thread = Thread("t1", "main", (
        replace(message(1, coach, Role.INBOX, "Just a reminder that the session starts tomorrow, Thursday, November 19 "
                        "at 12:00 PM ET. Bring a question about your own interviews - the recruiter on our panel will "
                        "answer as many as she can.", 0), subject=subject),
        replace(message(2, ALEX, Role.SENT, "I may join late - will the recording be shared afterwards?", 2),
                subject="Re: " + subject)))
    assert not detect.detect(thread, ME, Policy()).is_interview

def test_a_panel_discussion_about_hiring_that_the_user_rsvped_to_is_no_interview() -> None:
    host = Address("notifications@mail.gatherly.example.net", "NYC Analytics Guild via Gatherly")
    subject = "You're going! Panel discussion: How hiring managers interview data people"
    thread = Thread("t1", "main", (
        replace(message(1, host, Role.INBOX, "Thursday, December 3, 2026, 6:30 PM - 8:30 PM EST. Panelists: Omar "
                        "Haddad, Engineering Manager; Lena Fischer, technical recruiter. They'll talk about how panels "
                        "score candidates and how to follow up after an interview.", 0), subject=subject),
        replace(message(2, ALEX, Role.SENT, "Looking forward to it! Will the discussion be recorded?", 2),
                subject="Re: " + subject)))
    assert not detect.detect(thread, ME, Policy()).is_interview

OWNER = Address("gino.trattoria@gmail.example.com", "Gino Russo")


@pytest.mark.parametrize("invitation", [
    "Thanks for stopping by about the line cook position. Come in Tuesday at 3 and ask for Maria, she runs my kitchen.",
    "Thanks for applying for the baker position. Before we hire anyone we do a paid trial shift. Could you come "
    "this Saturday, November 21, from 6 to 10 am?",
])
def test_a_small_business_asking_a_candidate_in_is_an_interview(invitation: str) -> None:
    thread = Thread("t1", "main", (message(1, OWNER, Role.INBOX, invitation, 0),
                                   message(2, ALEX, Role.SENT, "Great, see you then!", 2)))
    assert detect.detect(thread, ME, Policy()).is_interview


# --------------------------------------------------------------- rounds in German, French, Spanish mail

BASTIEN = Address("bastien.roux@sauvigne.example.fr", "Bastien Roux")
PARIS = dt.timezone(dt.timedelta(hours=2))


def _french(number: int, sender: Address, role: Role, text: str, at: dt.datetime) -> Message:
    return Message(account="main", message_id=f"<fr{number}@example.org>", role=role, date=at, sender=sender,
                   to=(ALEX,) if role is Role.INBOX else (BASTIEN,), subject="Votre candidature – Ingénieur Vision",
                   text=text, author_text=text, in_reply_to=f"<fr{number - 1}@example.org>" if number > 1 else None)


def test_a_french_mail_arranging_an_on_site_meeting_after_a_call_is_a_second_round() -> None:
    # "rencontrer sur site" names no interview: the meeting word near the slot does, in the French words
    # the slot was read from (its phrase is written in English forms)
    day = dt.datetime(2026, 10, 7, 17, 40, tzinfo=PARIS)
    thread = Thread("t1", "main", (
        _french(1, BASTIEN, Role.INBOX, "Votre candidature au poste a retenu notre attention. Je vous propose un "
                "entretien téléphonique le lundi 12 octobre à 11h00.", day),
        _french(2, ALEX, Role.SENT, "Le lundi 12 octobre à 11h00 me convient très bien.", day + dt.timedelta(hours=1)),
        _french(3, BASTIEN, Role.INBOX, "Bonne nouvelle : l'équipe souhaite vous rencontrer sur site, le mercredi "
                "28 octobre de 9h30 à 12h00, dans nos locaux de Lyon.", day + dt.timedelta(days=9)),
        _french(4, ALEX, Role.SENT, "Avec plaisir, je vous confirme ma venue le mercredi 28 octobre à 9h30.",
                day + dt.timedelta(days=9, hours=1)),
    ))
    found = detect.detect(thread, ME, Policy())
    assert [(r.start.day, r.start.hour) if r.start else None for r in found.rounds] == [(12, 11), (28, 9)]


# ------------------------------------------ a time the hiring side sets for the call it asked for, tersely

ASKED = (
    (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 10, 14, 0, tzinfo=ET),
                     "Hi Alex,\n\nThanks for applying to the Staff Engineer opening. Theo on our platform team would "
                     "like a quick video chat. What does your availability look like next week?\n\nDana")),
    (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 10, 18, 0, tzinfo=ET),
                    "Thanks! Monday or Tuesday afternoon would be ideal, anytime after 1pm Eastern.")),
)


def answered(text: str) -> Detection:
    """The recruiter's answer to the user's availability in ASKED, two days later."""
    return detected(*ASKED, (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 12, 9, 0, tzinfo=ET), text)))


@pytest.mark.parametrize("text", [
    # the probe's shape: a confirmation word and a calendar entry's "When:" line, nothing else
    "You're set.\n\nWhen: Tue Nov 17, 2026 3:00pm - 3:45pm (EST)\nWhere: Zoom - https://zoom.example.com/j/841\n"
    "With: Theo Lindqvist, Platform Lead\n\nN.",
    # the confirmation word alone, the time in prose
    "You're set for Tuesday, November 17 from 3:00 to 3:45 PM Eastern with Theo Lindqvist on Zoom.",
    # the calendar entry alone
    "Here are the details.\n\nWhen: Tue Nov 17, 2026 3:00pm - 3:45pm (EST)\n"
    "Where: Zoom - https://zoom.example.com/j/841\n\nN.",
])
def test_a_terse_confirmation_of_the_calls_time_arranges_the_interview(text: str) -> None:
    found = answered(text)
    assert found.is_interview, found.why
    (round_,) = found.rounds
    assert (round_.start, round_.minutes, round_.basis) == (dt.datetime(2026, 11, 17, 15, 0, tzinfo=ET), 45, "confirmed")


def test_a_founders_call_on_zoom_confirmed_with_its_link_is_an_interview() -> None:
    pt = dt.timezone(dt.timedelta(hours=-8))
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 3, 10, 20, tzinfo=pt),
                         "Hi Alex,\n\nYour portfolio is exactly what we hoped to find for the Staff Engineer role. My "
                         "co-founder and I are both free Friday at 6pm Pacific. It'd be 45 min, on Zoom.\n\nDana")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 3, 14, 5, tzinfo=ET),
                        "Hi Dana, Friday at 6pm Pacific is no problem at all. See you then!\n\nAlex")),
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 3, 11, 41, tzinfo=pt),
                         "Amazing. Friday 6-6:45pm PT it is:\nhttps://zoom.us/j/93012846617?pwd=quill\n\nDana")))
    assert found.is_interview, found.why
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 6, 18, 0, tzinfo=pt)]


def test_counter_example_a_time_merely_proposed_for_the_call_is_no_round() -> None:
    found = answered("Would Tuesday, November 17 at 3:00pm ET work for a quick chat with Theo?")
    assert found.rounds == () and not found.is_interview


def test_counter_example_youre_set_to_start_is_no_interview_time() -> None:
    found = answered("Good news: you're set to start on Monday, December 7 at 9:00 AM ET.")
    assert found.rounds == ()


def test_counter_example_youre_set_for_a_dentist_appointment_is_no_interview() -> None:
    office = "Harbor Dental <frontdesk@harbordental.example.com>"
    found = detected(
        (Role.INBOX, raw(1, office, CANDIDATE, dt.datetime(2026, 11, 10, 14, 0, tzinfo=ET),
                         "Hi Alex, it's time for your cleaning. When would you like to come in for a quick visit?")),
        (Role.SENT, raw(2, CANDIDATE, office, dt.datetime(2026, 11, 10, 18, 0, tzinfo=ET),
                        "Tuesday afternoon next week would be ideal.")),
        (Role.INBOX, raw(3, office, CANDIDATE, dt.datetime(2026, 11, 12, 9, 0, tzinfo=ET),
                         "You're set.\n\nWhen: Tue Nov 17, 2026 3:00pm - 3:45pm (EST)\nWhere: 12 Harbor Street\n"
                         "With: Dr. Lena Ortiz")))
    assert not found.is_interview


# --------------------------------------------------- an Outlook appointment pasted into the mail as text

CENTRAL = dt.timezone(dt.timedelta(hours=-6))


ORIGINAL = "-----Original Appointment-----\n"


def appointment(organiser: str, subject: str, when: str, where: str, separator: str = ORIGINAL) -> str:
    """Outlook's forward of a meeting as text: the appointment's fields under its separator (or none)."""
    return (f"{separator}From: {organiser}\nSent: Monday, November 9, 2026 4:12 PM\n"
            f"To: {organiser}; Alex Candidate\nSubject: {subject}\nWhen: {when}\nWhere: {where}\n\n"
            "________________________________________________________________________________\n"
            "Microsoft Teams meeting\nMeeting ID: 291 448 610 772\nPasscode: a8Kx2Q\n")


@pytest.mark.parametrize("separator", [ORIGINAL, "", "________________________________\n"])
def test_a_meeting_the_hiring_manager_forwards_as_text_arranges_the_interview(separator: str) -> None:
    found = detected((Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 10, 8, 31, tzinfo=CENTRAL),
        "Alex,\n\nLooks like the invite went to the address on your old application, so here it is again.\n\n"
        "Dana\n\n" + appointment("Dana Whitcombe", "Quillfeather - Staff Engineer interview (Alex Candidate)",
                                 "Wednesday, November 18, 2026 1:00 PM-2:00 PM (UTC-06:00) Central Time (US & Canada).",
                                 "Microsoft Teams Meeting", separator))))
    assert found.is_interview, found.why
    (round_,) = found.rounds
    assert (round_.start, round_.minutes) == (dt.datetime(2026, 11, 18, 13, 0, tzinfo=CENTRAL), 60)


def test_counter_example_my_own_appointment_pasted_to_explain_a_conflict_is_no_interview_time() -> None:
    found = detected(ASKED[0], (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 10, 18, 0, tzinfo=ET),
        "Thanks Dana! Tuesday afternoon is taken, see below - Wednesday or Thursday would work.\n\n"
        + appointment("Alex Candidate", "Dentist", "Tuesday, November 17, 2026 3:00 PM-3:45 PM (UTC-05:00) "
                      "Eastern Time (US & Canada).", "Harbor Dental"))))
    assert found.rounds == () and not found.is_interview


def test_a_time_the_hiring_side_proposed_and_then_thanked_the_user_for_is_the_interviews_time() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 10, 13, 13, 0, tzinfo=ET),
                         "Hi Alex, would you be open to a 30-minute call about our Engineering Manager role?")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 10, 13, 15, 0, tzinfo=ET),
                        "Hi Dana, glad to hear more. Monday, October 19 in the morning would work for me.")),
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 10, 14, 9, 0, tzinfo=ET),
                         "Perfect - let's do Monday, October 19 at 10:00 AM ET, 30 minutes on Zoom.")),
        (Role.INBOX, raw(4, DANA, CANDIDATE, dt.datetime(2026, 10, 19, 11, 10, tzinfo=ET),
                         "Hi Alex, thanks for the conversation this morning. I'll get the hiring manager's feedback "
                         "to you by Monday the 26th.")))
    (round_,) = found.rounds
    assert round_.start == dt.datetime(2026, 10, 19, 14, 0, tzinfo=dt.UTC)  # 10:00 EDT
    assert round_.deadline.date == dt.date(2026, 10, 26)


def test_counter_example_a_time_proposed_weeks_before_the_thanks_is_not_its_time() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 10, 1, 9, 0, tzinfo=ET),
                         "Hi Alex, could we do a quick call on Monday, October 5 at 10:00 AM ET?")),
        (Role.INBOX, raw(2, DANA, CANDIDATE, dt.datetime(2026, 10, 19, 11, 10, tzinfo=ET),
                         "Hi Alex, thanks for the conversation this morning. I'll get the hiring manager's feedback "
                         "to you by Monday the 26th.")))
    (round_,) = found.rounds
    assert (round_.start, round_.basis) == (None, "held")


def test_a_panel_proposed_for_a_day_and_then_thanked_for_is_the_next_round() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ET),
                         "Dear Alex, Catherine would like you to meet the partner panel. The panel will be in person "
                         "at our Chicago office on Thursday, December 3, from 9:30 AM to 12:00 PM. Please let me "
                         "know that the date works.")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 20, 11, 0, tzinfo=ET), "Thank you - December 3 works.")),
        (Role.INBOX, raw(5, DANA, CANDIDATE, dt.datetime(2026, 12, 3, 16, 20, tzinfo=ET),
                         "Dear Alex, thank you for spending the morning with us. The partners will discuss the "
                         "finalists at the partners' meeting on the 18th, and I'll be in touch after that.")))
    assert [r.start for r in found.rounds] == [dt.datetime(2026, 11, 19, 15, 0, tzinfo=dt.UTC),
                                               dt.datetime(2026, 12, 3, 14, 30, tzinfo=dt.UTC)]


def test_an_onsite_itinerary_with_a_dinner_and_the_next_mornings_car_is_one_round_of_its_sessions() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 24, 9, 0, tzinfo=ET),
                         "Hi Alex, the team would like to invite you to the final round: a day at our Boston office on "
                         "Thursday, December 3. I'll send your itinerary next week.")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 24, 11, 0, tzinfo=ET), "December 3 works, thank you.")),
        (Role.INBOX, raw(5, DANA, CANDIDATE, dt.datetime(2026, 11, 30, 9, 0, tzinfo=ET),
                         "Hi Alex, here is your itinerary.\n\nThursday, December 3 (Eastern)\n"
                         "8:30-9:15 AM  Breakfast with Tomas\n9:15-10:30 AM  System design with Priya and Tom\n"
                         "10:45-12:00  Lunch with the team\n12:00-1:30 PM  Coding with Omar\n"
                         "1:30-2:15 PM  Wrap-up with me\n7:00 PM  Team dinner, Harbor Grill\n\n"
                         "Friday, December 4\n9:00 AM  Car to the airport\n\nSafe travels,\nDana")))
    assert [(r.start, r.end) for r in found.rounds][1:] == [(dt.datetime(2026, 12, 3, 13, 30, tzinfo=dt.UTC),
                                                             dt.datetime(2026, 12, 3, 19, 15, tzinfo=dt.UTC))]


def test_counter_example_back_to_back_times_offered_in_a_sentence_are_a_choice_not_a_day() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 24, 9, 0, tzinfo=ET),
                         "Hi Alex, the team would like to meet you again. Could you do Tuesday, December 1 from "
                         "10:00-11:00 AM, 11:00 AM-12:00 PM or 12:00-1:00 PM ET, or else Friday, December 4 at 3 PM "
                         "ET? Thanks, Dana")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 24, 11, 0, tzinfo=ET),
                        "Tuesday, December 1 at 10:00 AM ET works for me.")))
    assert [(r.start, r.end) for r in found.rounds][1:] == [(dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC),
                                                             dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC))]


def test_an_in_house_recruiters_staffing_around_the_holiday_rush_makes_no_agency_of_the_company() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ET),
                         "Hi Alex, Tomas loved your ideas for staffing around the holiday rush. He wants to decide by "
                         "the Tuesday before Thanksgiving.\n\nDana Whitcombe\nTalent Partner | Quillfeather")))
    assert found.company_name == "Quillfeather"


def test_the_next_round_in_the_clients_note_an_agency_forwards_with_see_her_note_below_is_read() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 20, 16, 0, tzinfo=ET),
                         "Hi Alex,\n\nGiulia liked you a lot and wants you to meet her team in person; see her note "
                         "below.\n\nDana\n\nFrom: Giulia Ferranti <gferranti@pemberfold.example.com>\n"
                         "Sent: Friday, November 20, 2026 3:12 PM\nTo: Dana Whitcombe <dana.whitcombe@quillfeather.example.com>\n"
                         "Subject: RE: Candidate - Alex Candidate\n\nHi Dana,\n\nI'd like Alex to meet Rajesh and Colette "
                         "from my team: Tuesday, December 1, 1:00-3:00 pm ET at our office.\n\nGiulia")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 20, 17, 40, tzinfo=ET),
                        "Great news, thanks! Tuesday the 1st at 1:00 works for me.")))
    assert [(r.start, r.end) for r in found.rounds][1:] == [(dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC),
                                                             dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC))]


def test_a_call_about_pay_after_the_interviews_is_no_new_round() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 23, 9, 0, tzinfo=ET),
                         "Two of your references are back. Could we find 20 minutes this week to talk through your "
                         "compensation expectations - base, bonus and equity? Would Thursday at 10:00 AM ET suit?")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 23, 11, 0, tzinfo=ET), "Thursday at 10 works.")))
    assert len(found.rounds) == 1


def test_counter_example_a_final_interview_that_also_covers_pay_is_a_round() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 23, 9, 0, tzinfo=ET),
                         "The final interview with our CEO is on Thursday, December 3 at 10:00 AM ET; we'll also "
                         "cover your compensation expectations.")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 23, 11, 0, tzinfo=ET), "That works, thank you.")))
    assert len(found.rounds) == 2


def test_interviews_on_two_numbered_days_are_two_rounds() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 2, 9, 0, tzinfo=ET),
                         "Hi Alex, we'd like to invite you to our technical interviews, which we run on two "
                         "consecutive days:\n\nDay 1 - Tuesday 10 November, 10:00-11:00 AM ET: coding interview with "
                         "Arjun\nDay 2 - Wednesday 11 November, 10:00-11:30 AM ET: system design with Mei\n\nIn "
                         "London time it's Tuesday 10 November, 3:00-4:00 PM and Wednesday 11 November, 3:00-4:30 PM. "
                         "Could you confirm both slots?")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 2, 11, 0, tzinfo=ET), "Both days work for me, thank you!")))
    assert [r.start.date() for r in found.rounds] == [dt.date(2026, 11, 10), dt.date(2026, 11, 11)]


def test_counter_example_two_days_to_choose_from_are_no_rounds_yet() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 2, 9, 0, tzinfo=ET),
                         "Hi Alex, which of these works for your interview?\nOption 1 - Tuesday 10 November, "
                         "10:00-11:00 AM ET\nOption 2 - Wednesday 11 November, 10:00-11:00 AM ET\n")))
    assert found.rounds == ()


def test_a_time_set_after_an_interview_that_the_user_accepted_is_the_next_round() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ET),
                         "Dear Alex, Catherine would like you to meet the partner panel. The panel will be in person "
                         "at our Chicago office on Thursday, December 3, from 9:30 AM to 12:00 PM. Our travel "
                         "coordinator will be in touch to book flights.")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 20, 11, 0, tzinfo=ET), "Thank you - December 3 works.")))
    assert [r.start for r in found.rounds][1:] == [dt.datetime(2026, 12, 3, 14, 30, tzinfo=dt.UTC)]


def test_counter_example_a_background_check_appointment_after_the_interview_is_no_round() -> None:
    found = detected(
        *ARRANGED,
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 20, 9, 0, tzinfo=ET),
                         "Dear Alex, your background check appointment is on Thursday, December 3 at 9:30 AM at "
                         "our downtown office.")),
        (Role.SENT, raw(4, CANDIDATE, DANA, dt.datetime(2026, 11, 20, 11, 0, tzinfo=ET), "Thank you, I'll be there.")))
    assert len(found.rounds) == 1


def test_the_end_of_next_week_of_a_company_whose_week_runs_sunday_to_thursday_is_a_thursday() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 8, 9, 0, tzinfo=ET),
                         "Hi Alex, could you do a video interview on Sunday, November 15 at 10:00 AM ET? Sunday is a "
                         "normal working day for us, as our week runs Sunday to Thursday.")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 8, 11, 0, tzinfo=ET), "That works for me.")),
        (Role.INBOX, raw(3, DANA, CANDIDATE, dt.datetime(2026, 11, 15, 12, 0, tzinfo=ET),
                         "Thank you for your time today. We will revert with our decision by the end of next week.")))
    assert found.rounds[0].deadline.date == dt.date(2026, 11, 26)


def test_a_two_day_onsite_whose_days_are_numbered_over_their_sessions_is_a_round_a_day() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 10, 20, 9, 0, tzinfo=ET),
                         "Hi Alex, here is your virtual onsite interview agenda.\n\nDay 1 - Tuesday, October 27\n"
                         "1:00 - 1:45 PM ET    Linux & scripting - Ngozi\n2:00 - 2:45 PM ET    Incident response - Peter"
                         "\n\nDay 2 - Wednesday, October 28\n10:00 - 10:45 AM ET  System design - Laila\n"
                         "11:00 - 11:45 AM ET  Troubleshooting - Chris\n\nPlease reply to confirm.")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 10, 20, 11, 0, tzinfo=ET), "Confirmed, thank you!")))
    assert [(r.start.date(), r.minutes) for r in found.rounds] == [(dt.date(2026, 10, 27), 105), (dt.date(2026, 10, 28), 105)]


def test_two_sessions_each_with_its_length_on_its_line_are_one_sitting() -> None:
    found = detected(
        (Role.INBOX, raw(1, DANA, CANDIDATE, dt.datetime(2026, 11, 16, 9, 0, tzinfo=ET),
                         "Hi Alex, your interview will take place in person on Thursday 26 November 2026 at our "
                         "offices:\n\n10:30 - written exercise (30 minutes; pen and paper)\n11:15 - competency-based "
                         "interview (approximately 45 minutes)\n\nPlease confirm you can attend.")),
        (Role.SENT, raw(2, CANDIDATE, DANA, dt.datetime(2026, 11, 16, 11, 0, tzinfo=ET), "I confirm, thank you.")))
    assert [(r.start, r.minutes) for r in found.rounds] == [(dt.datetime(2026, 11, 26, 15, 30, tzinfo=dt.UTC), 90)]


def test_an_in_house_recruiter_putting_the_user_forward_to_the_panel_is_no_agency() -> None:
    thread = Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "Thanks for your interest in the Engineering Manager position at Sablewind "
                "Logistics! Could we do a 30-minute phone screen on Tuesday at 2pm ET?", 0),
        message(2, ALEX, Role.SENT, "Tuesday at 2pm works, thank you.", 2),
        message(3, MANAGER, Role.INBOX, "Thanks Alex, I enjoyed it too! I'm putting you forward to the panel - will "
                "send you times shortly.", 100)))
    assert detect.detect(thread, ME, Policy()).company_name == "Sablewind Logistics"


def test_an_ats_survey_about_an_interview_experience_alone_is_no_interview() -> None:
    lever = Address("no-reply@hire.lever.co", "Corvane Logistics")
    subject = "How was your interview experience with Corvane Logistics?"
    thread = Thread("t1", "main", (
        replace(message(1, lever, Role.INBOX, "Thank you for interviewing with Corvane Logistics for the Inventory "
                        "Control Analyst position. Our talent team would love your feedback: the survey takes 3 "
                        "minutes.", 0), subject=subject),
        replace(message(2, lever, Role.INBOX, "A reminder: your feedback helps our hiring team.", 72),
                subject="Reminder: " + subject)))
    assert not detect.detect(thread, ME, Policy()).is_interview


def test_counter_example_a_survey_in_a_thread_that_arranged_the_interview_leaves_it_one() -> None:
    thread = Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "We'd like to invite you to a video interview for the Engineering Manager "
                "role on Tuesday, November 17 at 2pm ET with our VP of Engineering.", 0),
        message(2, ALEX, Role.SENT, "Tuesday at 2pm works, thank you.", 2),
        replace(message(3, Address("no-reply@hire.lever.co", "Sablewind Logistics"), Role.INBOX,
                        "Thank you for interviewing with Sablewind Logistics. Please take our short survey.", 60),
                subject="How was your interview experience with Sablewind Logistics?")))
    assert detect.detect(thread, ME, Policy()).is_interview


def test_an_interviews_case_study_and_a_board_meeting_that_moved_it_leave_it_an_interview() -> None:
    priya = Address("priya.nair@finchharte.example.co.uk", "Priya Nair")
    thread = Thread("t1", "main", tuple(replace(m, subject="Finance Business Partner - Hollybrook Housing Group") for m in (
        message(1, priya, Role.INBOX, "Great news - Hollybrook Housing Group would like to meet you for the Finance "
                "Business Partner role!\n\nDate: Tues "
                "10th November\nTime: 14:00\nFormat: about an hour - a competency-based interview, then a discussion "
                "of a short case study which they'll hand you on the day", 0),
        message(2, ALEX, Role.SENT, "That's brilliant, thank you! Tuesday 10th at 14:00 is fine.", 2),
        message(3, priya, Role.INBOX, "Apologies for this - Martin's had a board meeting moved into Tuesday afternoon, "
                "so Hollybrook have asked whether we could move your interview to Thursday 12th November at 10:30 "
                "instead.", 200),
        message(4, ALEX, Role.SENT, "No problem at all - Thursday 12th at 10:30 works for me.", 202))))
    assert detect.detect(thread, ME, Policy()).is_interview


def test_a_friend_telling_of_the_interview_she_finally_got_is_not_the_users() -> None:
    friend = Address("siobhan.kelly84@mailbox.example", "Siobhán Kelly")
    thread = Thread("t1", "main", (
        message(1, friend, Role.INBOX, "Quick favour - I've finally got an interview for the Senior Executive Planner "
                "job with Kilbarrack County Council, it's a panel interview on Thurs 19th at 10:30. The HR woman said "
                "they'd be in touch by end of next week. You've done loads of these - any tips??", 0),
        message(2, ALEX, Role.SENT, "Congratulations, that's brilliant news. Send a short thank-you the same day.", 3)))
    assert not detect.detect(thread, ME, Policy()).is_interview


def test_counter_example_a_recruiter_who_has_got_an_interview_slot_for_the_user_arranges_one() -> None:
    thread = Thread("t1", "main", (
        message(1, MANAGER, Role.INBOX, "Good news - I've got an interview slot for you for the Engineering Manager "
                "role on Thursday 19th at 10:30 ET with our VP of Engineering. Does that work?", 0),
        message(2, ALEX, Role.SENT, "Thursday 19th at 10:30 works, thank you.", 3)))
    assert detect.detect(thread, ME, Policy()).is_interview


def test_a_schools_selection_process_for_the_post_of_headteacher_is_about_a_job() -> None:
    hr = Address("s.whitcombe@oakridgetrust.example.org", "Sarah Whitcombe")
    thread = Thread("t1", "main", tuple(replace(m, subject="Marlowe Fields Primary School - selection days") for m in (
        message(1, hr, Role.INBOX, "On behalf of the Appointment Panel, I am delighted to invite you to the selection "
                "process for the post of Headteacher at Marlowe Fields Primary School: a presentation, then a formal "
                "interview with the Appointment Panel on Friday 20 November at 9:20am.", 0),
        message(2, ALEX, Role.SENT, "Thank you - I confirm that I can attend.", 2))))
    assert detect.detect(thread, ME, Policy()).is_interview


def test_a_search_firms_briefing_call_before_the_board_leaves_it_an_interview() -> None:
    partner = Address("fiona.marchetti@haldenrowe.example.com", "Fiona Marchetti")
    thread = Thread("t1", "main", tuple(replace(m, subject="Meridian Straits Logistics - next steps") for m in (
        message(1, partner, Role.INBOX, "Marcus Tan would like to meet you for the Chief Operating Officer role: "
                "Thursday 15 October at 9:00am SGT.", 0),
        message(2, ALEX, Role.SENT, "Thursday at 9:00am works. I look forward to speaking with Marcus.", 2),
        message(3, partner, Role.INBOX, "The Board's Nominating Committee would like to interview you on Tuesday 10 "
                "November at 8:30am SGT. Fiona will give you a short briefing call beforehand; the Committee will "
                "put its recommendation to the Board meeting on Thursday 3 December.", 100),
        message(4, ALEX, Role.SENT, "Tuesday 10 November at 8:30am is fine, thank you.", 102))))
    assert detect.detect(thread, ME, Policy()).is_interview


def test_counter_example_trustees_shortlisting_the_user_for_a_scholarship_interview_offer_no_job() -> None:
    trust = Address("scholarships@ashcombetrust.example.org.uk", "Ashcombe Trust Scholarships")
    thread = Thread("t1", "main", tuple(replace(m, subject="Ashcombe Postgraduate Scholarship - interview") for m in (
        message(1, trust, Role.INBOX, "I am delighted to let you know that the Trustees have shortlisted you for "
                "interview for an Ashcombe Postgraduate Scholarship for 2027-28. Your slot is Friday 20 November "
                "2026 at 3:00pm (GMT), with a panel of three Trustees.", 0),
        message(2, ALEX, Role.SENT, "Thank you very much - I'm thrilled to be shortlisted, and I confirm my "
                "interview on Friday 20 November at 3:00pm.", 2),
        message(3, trust, Role.INBOX, "The panel meets on 30 November to make the final awards, and all shortlisted "
                "applicants will be notified of the outcome by Friday 4 December.", 150))))
    assert not detect.detect(thread, ME, Policy()).is_interview
