"""rules/recipient.choose: a recruiter who hands the process over is no longer its contact."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from rules import recipient
from watcher.model import Address, Message, Role, Side

ME = frozenset({"alex@example.org"})
ALEX = Address("alex@example.org", "Alex Candidate")
BRENDAN = Address("brendan.walsh@tamarack.example.com", "Brendan Walsh")
NNAMDI = Address("nnamdi.okafor@tamarack.example.com", "Nnamdi Okafor")
START = dt.datetime(2026, 10, 19, 14, 0, tzinfo=dt.UTC)


def said(day: int, sender: Address, text: str) -> tuple[Message, Side]:
    message = Message(account="main", message_id=f"<{day}@x>", role=Role.INBOX, date=START + dt.timedelta(days=day),
                      sender=sender, to=(ALEX,), subject="Interview", author_text=text)
    return message, Side.HIRING


def contact(*messages: tuple[Message, Side]) -> str | None:
    chosen = recipient.choose(messages, ME, frozenset(), frozenset()).address
    return chosen.email if chosen else None


def test_a_recruiter_going_on_leave_hands_the_process_to_the_colleague_who_picks_it_up() -> None:
    assert contact(
        said(0, BRENDAN, "Would Monday, October 26 from 2:00 to 2:45 PM ET work?"),
        said(7, BRENDAN, "I'm starting parental leave this Friday, so my colleague Nnamdi Okafor (cc'd) will take "
                         "over your process from here."),
        said(10, NNAMDI, "I'm picking up your process from Brendan, so please reach out to me directly from now on."),
    ) == NNAMDI.email


def test_a_recruiter_going_on_leave_is_not_the_contact_even_before_the_colleague_writes_twice() -> None:
    assert contact(
        said(0, BRENDAN, "Would Monday work?"),
        said(1, BRENDAN, "See you Monday."),
        said(7, BRENDAN, "I'm going on maternity leave next week; Nnamdi will take over from here."),
        said(10, NNAMDI, "The panel is booked for Thursday."),
    ) == NNAMDI.email


def test_counter_example_a_recruiter_who_says_she_will_take_over_stays_the_contact() -> None:
    assert contact(
        said(0, NNAMDI, "Would Monday work?"),
        said(1, BRENDAN, "Hi Alex, Nnamdi is out this week, so I will take over your scheduling."),
        said(2, BRENDAN, "Confirmed for Monday at 2pm."),
    ) == BRENDAN.email


JONAH = Address("jonah.feld@tamarack.example.com", "Jonah Feld")


def test_a_colleague_who_referred_the_user_is_not_the_contact_beside_the_recruiter() -> None:
    referral = said(0, JONAH, "Just submitted your referral for the Senior Frontend Engineer role through our internal "
                              "portal. Nnamdi runs recruiting for eng.")
    assert contact(referral, said(2, NNAMDI, "Jonah referred you - I'd love to set up a 30-minute intro call.")) \
        == NNAMDI.email


def test_counter_example_a_recruiter_saying_who_referred_the_user_stays_the_contact() -> None:
    assert contact(said(0, NNAMDI, "Jonah Feld referred you for the role - are you free Tuesday at 2pm?"),
                   said(1, JONAH, "Good luck on Tuesday!")) == NNAMDI.email


def test_a_recruiter_naming_the_colleague_who_is_taking_over_hands_the_process_to_him() -> None:
    # said of someone else, "is taking over" makes the speaker the one who leaves, not the one who stays
    assert contact(
        said(0, BRENDAN, "Would Monday, October 26 at 2pm work?"),
        said(1, BRENDAN, "See you Monday."),
        said(7, BRENDAN, "A quick heads-up: I start parental leave this Friday. My colleague Nnamdi Okafor, copied "
                         "here, is taking over your process and will be your point of contact from now on."),
        said(10, NNAMDI, "The panel is booked for Thursday."),
    ) == NNAMDI.email


def test_a_recruiter_who_says_she_remains_the_main_contact_stays_it_beside_the_coordinator() -> None:
    assert contact(
        said(0, BRENDAN, "I've copied Nnamdi from our coordination team - he'll send times. I'll remain your main "
                         "point of contact throughout the process."),
        said(1, NNAMDI, "Would Monday at 2pm or Tuesday at 10am work?"),
        said(2, NNAMDI, "Booked for Monday at 2pm."),
    ) == BRENDAN.email


def test_counter_example_a_job_that_is_taking_over_a_team_hands_nothing_over() -> None:
    assert contact(
        said(0, BRENDAN, "In this role you are taking over the data platform team. Would Monday at 2pm work?"),
        said(1, BRENDAN, "See you Monday."),
        said(2, NNAMDI, "Sharing the agenda for Monday."),
    ) == BRENDAN.email


def left(day: int, sender: Address, text: str) -> tuple[Message, Side]:
    message, side = said(day, sender, text)
    return replace(message, auto_submitted=True), side


def test_a_recruiters_automatic_reply_that_he_has_left_hands_the_process_to_the_successor_it_names() -> None:
    assert contact(
        said(0, BRENDAN, "Would Monday, October 26 from 2:00 to 2:45 PM ET work?"),
        left(8, BRENDAN, "Please note that I am no longer with Tamarack, and this mailbox is not monitored. For an "
                         "interview in progress, please contact Nnamdi Okafor at nnamdi.okafor@tamarack.example.com."),
    ) == NNAMDI.email


def test_counter_example_an_out_of_office_naming_a_colleague_keeps_the_recruiter() -> None:
    assert contact(
        said(0, BRENDAN, "Would Monday, October 26 from 2:00 to 2:45 PM ET work?"),
        left(8, BRENDAN, "I am out of the office until Monday. For urgent matters, please contact "
                         "nnamdi.okafor@tamarack.example.com."),
    ) == BRENDAN.email


def test_a_hiring_manager_whose_mail_sets_reply_to_a_recruiter_hands_the_replies_to_her() -> None:
    # a recruiting CRM sends the hiring manager's note with Reply-To the recruiter, who then books the slot
    note, side = said(0, BRENDAN, "I'd like to meet for 45 minutes; Nnamdi runs scheduling from here.")
    assert contact(
        (replace(note, reply_to=(NNAMDI,)), side),
        said(1, NNAMDI, "I've booked you with Brendan for Thursday at 1:00 PM."),
    ) == NNAMDI.email


def test_a_reply_to_a_colleague_who_never_writes_is_still_where_replies_go() -> None:
    note, side = said(0, BRENDAN, "I'd like to meet for 45 minutes on Thursday at 1:00 PM.")
    chosen = recipient.choose([(replace(note, reply_to=(NNAMDI,)), side)], ME, frozenset(), frozenset())
    assert chosen.address == NNAMDI
    assert "(Reply-To)" in chosen.why


def test_counter_example_a_reply_to_a_team_mailbox_leaves_the_writer_the_contact() -> None:
    note, side = said(0, BRENDAN, "I'd like to meet for 45 minutes on Thursday at 1:00 PM.")
    team = Address("careers@tamarack.example.com", "Tamarack Careers")
    assert contact((replace(note, reply_to=(team,)), side)) == BRENDAN.email


def test_an_ai_scheduling_assistant_is_no_contact_the_person_it_schedules_for_in_cc_is() -> None:
    amy = Address("amy@x.ai", "Amy Ingram")
    note, side = said(0, amy, "Kwame Asante asked me to find a time for a 45-minute video call. Does Thursday work?")
    assert contact((replace(note, cc=(BRENDAN,)), side)) == BRENDAN.email
