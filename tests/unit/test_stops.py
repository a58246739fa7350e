"""What ends the follow-ups, however it is worded: a request for none, the role put on hold, the user
withdrawing."""

from __future__ import annotations

import datetime as dt

import pytest

from rules import replies
from watcher.model import Address, Event, Message, Role, Side

NOW = dt.datetime(2026, 11, 12, 15, 0, tzinfo=dt.UTC)


RECRUITER = Address("talent@pinecrest.example.com", "Pinecrest Talent")
ALEX = Address("alex@example.org", "Alex Candidate")


def _event(text: str, side: Side = Side.HIRING) -> Event:
    """`text` as the hiring side's mail, or as the user's (`side`)."""
    message = Message(account="main", message_id="<1@example.com>", role=Role.INBOX if side is Side.HIRING else Role.SENT,
                      date=NOW, sender=RECRUITER if side is Side.HIRING else ALEX, subject="Your interview",
                      text=text, author_text=text)
    return replies.event(message, side)


@pytest.mark.parametrize("text", [
    "We receive many applications for each opening, so our team isn't able to respond to individual status inquiries.",
    "Our recruiters aren't able to reply to each candidate individually.",
    "The hiring team is not in a position to answer status inquiries.",
    "The HR office and the hiring managers cannot respond to enquiries about the status of an application.",
    "Please don't reach out to the panel or to me after the interview - we'll contact you either way.",
])
def test_a_team_that_cannot_answer_status_inquiries_asks_for_none(text: str) -> None:
    assert _event(text).no_followup


@pytest.mark.parametrize("text", [
    "If Dana isn't able to join, our CTO will take the call.",
    "Let me know if you aren't able to make Thursday and I'll reply with other times.",
    "I can't answer questions about salary until the offer stage.",
])
def test_someone_unable_to_attend_asks_for_nothing(text: str) -> None:
    assert not _event(text).no_followup


@pytest.mark.parametrize("text", [
    "After a change in our product roadmap, we've decided to put the Senior Android Engineer role on hold for now.",
    "We have had to put our Platform Engineering hiring on hold until the new year.",
    "As of this morning, hiring for the Perception team has been put on hold while leadership revisits headcount.",
    "Unfortunately they've put the Senior Java Developer contract on hold until January at the earliest.",
])
def test_a_role_named_by_its_title_put_on_hold_is_a_decision(text: str) -> None:
    assert _event(text).decision == "on_hold"


def test_counter_example_a_call_put_on_hold_is_no_decision() -> None:
    assert _event("Sorry, I had to put the call on hold for a minute earlier - thanks for waiting!").decision == ""


def test_a_legal_disclaimer_under_the_signature_makes_no_offer() -> None:
    found = _event("Thanks again for your time today - we'll be in touch within five working days.\n\nKind regards,\n"
                   "Olivia\n\n--\nNothing in this e-mail constitutes an offer, acceptance or commitment of any kind, "
                   "including an offer of employment, unless expressly confirmed in writing by an authorised signatory.")
    assert found.decision == ""


@pytest.mark.parametrize("text", [
    "I wanted to let you know before the week's out - we've decided to go with another candidate who has more "
    "hospitality-marketing experience.",
    "In the end we went with someone else, but it was a tough call.",
    "Unfortunately they've decided to go with a candidate who can start on 7 December.",
    "After a great deal of thought, we've offered the Development Coordinator position to another candidate.",
    "After a lot of deliberation, we've decided to appoint an internal candidate who has been acting in the role.",
])
def test_going_with_another_candidate_is_a_rejection(text: str) -> None:
    assert _event(text).decision == "rejection"


def test_counter_example_a_hiring_side_wondering_about_another_slot_decides_nothing() -> None:
    assert _event("If Thursday is tight, should we go with another candidate slot on Friday?").decision == ""


def test_a_recruiting_systems_footer_saying_it_is_no_offer_makes_none() -> None:
    found = _event("Your interview is confirmed for Wednesday 18 November, 8:00 AM AEDT.\n\n"
                   "This message is not an offer of employment. Sent via Ashby.")
    assert found.decision == ""


def test_a_restaurant_that_wants_to_bring_the_user_on_makes_an_offer() -> None:
    assert _event("Good news - Maria wants to bring you on! Can you start Friday at 4?").decision == "offer"


def test_congratulations_on_the_offer_the_user_got_elsewhere_make_no_offer() -> None:
    # the user told of a competing offer; the recruiter congratulates and promises their own decision
    assert _event("Hi Alex, congratulations on the offer. I've spoken with Jonas, and we'll make sure you have our "
                  "decision by Wednesday 4 November, ahead of your deadline.").decision == ""


def test_counter_example_congratulations_with_an_offer_of_theirs_is_one() -> None:
    assert _event("Congratulations! The team would like to offer you the role.").decision == "offer"


def test_a_small_employer_having_the_user_on_the_crew_makes_an_offer() -> None:
    assert _event("Like I said on the phone, we'd love to have you on the morning crew! First shift is Tuesday Nov 24 "
                  "at 5am.").decision == "offer"


def test_counter_example_an_offer_of_employment_made_is_one() -> None:
    assert _event("We're delighted to extend you an offer of employment for the Analyst role.").decision == "offer"


@pytest.mark.parametrize("text", [
    "I wanted to let you know that I've accepted another offer, so I'd like to withdraw my application.",
    "Please withdraw me from consideration for the Actuarial Analyst position.",
    "After a lot of thought I've decided to withdraw from the process.",
])
def test_the_user_withdrawing_is_their_decision(text: str) -> None:
    assert _event(text, Side.ME).decision == "withdrawn"


@pytest.mark.parametrize("text", [
    "If I receive another offer before then, I'll let you know right away.",
    "Thanks! I'm still very interested and looking forward to hearing from you.",
])
def test_counter_example_the_user_staying_in_withdraws_nothing(text: str) -> None:
    assert _event(text, Side.ME).decision == ""


@pytest.mark.parametrize("text", [
    "Thank you so much for the call earlier - I'm delighted to accept the offer for the Senior SRE role!",
    "I'd like to formally accept your offer of the Data Analyst position.",
])
def test_the_user_accepting_an_offer_made_by_phone_is_the_decision(text: str) -> None:
    assert _event(text, Side.ME).decision == "offer"


@pytest.mark.parametrize("text", [
    "If you were to make an offer, I would be happy to accept the offer quickly.",
    "I'm delighted to accept the offer from Acme, so I'd like to withdraw my application.",
    "Before I can accept an offer I need to discuss the start date.",
])
def test_counter_example_an_offer_the_user_does_not_accept_here_is_no_acceptance(text: str) -> None:
    assert _event(text, Side.ME).decision != "offer"


# ---------------------------------------------------------------- the user goes on to another round


@pytest.mark.parametrize("text", [
    "I'm delighted to let you know that the Search Committee has selected you as one of three finalists for the "
    "Vice-President and Chief Information Officer position.",
    "Great news - the team would like to invite you to the final round.",
    "Thanks again for Tuesday. We'd love to move you forward to the next stage of the process.",
    "Good news: you've progressed to the panel interview stage.",
    "The committee would like to invite you back for a second interview.",
    "You have been shortlisted as a finalist and we would like to host you on campus on Thursday, November 19.",
])
def test_the_hiring_side_taking_the_user_to_another_round_is_said_to_advance_them(text: str) -> None:
    assert _event(text).advanced


@pytest.mark.parametrize("text", [
    "If you are selected as a finalist, we will invite you to campus in November.",
    "Finalists will be invited to a full day on campus in mid-November.",
    "We'll invite you to the next round once the panel has compared notes.",
    "After careful consideration, we've decided not to move you forward to the next stage.",
    "Candidates who progress to the final round will meet the CEO.",
    "We will not be inviting you to the final round this time.",
])
def test_counter_example_a_description_or_a_condition_of_the_next_round_advances_nobody(text: str) -> None:
    assert not _event(text).advanced
