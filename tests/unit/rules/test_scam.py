"""rules/evidence/scam.py: an employment scam's "interview" that the user never answered."""

from __future__ import annotations

from rule_threads import facts, hiring, mine

from rules.evidence import scam


def test_an_interview_held_on_a_chat_app_never_answered_is_vetoed() -> None:
    found = scam.rule(facts(hiring("Dear Candidate, your resume has been shortlisted. To start your text-based "
                                   "interview, kindly add our Hiring Manager Mrs. Carter on Telegram and send the "
                                   "code GS-4471.", subject="Online Interview - Remote Data Entry Assistant")))
    assert found is not None and found.veto
    assert "text-based interview" in found.quote


def test_a_cheque_for_home_office_equipment_is_a_scams_mark() -> None:
    found = scam.rule(facts(hiring("After your interview you will receive your offer letter and a check to purchase "
                                   "your home-office equipment.")))
    assert found is not None and found.veto


def test_counter_example_a_thread_the_user_answered_is_read_as_any_other() -> None:
    thread = facts(hiring("Happy to set up the interview - shall we move to WhatsApp? Add me on WhatsApp to confirm "
                          "the time."),
                   mine("Sure, Thursday at 10 works."))
    assert scam.rule(thread) is None


def test_counter_example_a_video_interview_link_is_no_scam() -> None:
    assert scam.rule(facts(hiring("Your interview is on Zoom on Thursday at 10:00; the link is in the invite."))) is None
