"""rules/classify.py: the evidence weighed together, on whole threads read by detection.

A confirmed slot or an invite, in a hiring context, with a stated timeline, outweighs one contrary
word; several of them, or one certain fact, do not.
"""

from __future__ import annotations

import pytest
from rule_threads import AT, RECRUITER, arranged, facts, hiring, mine

from rules import classify
from watcher import detect, identity
from watcher.config import Me, Policy
from watcher.model import Message, Role, Side, Thread

ME = identity.Identity.of(Me(name="Alex Candidate", addresses=("alex@example.org",)))
INVITE = ("Hi Alex, thanks for applying for the {role} role. Could you join a video interview on Thursday, "
          "November 19 at 10:00 AM ET? {extra} We will make a decision by Friday, November 27.")


def thread(*sided: tuple[Message, Side]) -> Thread:
    return Thread("t1", "main", tuple(m for m, _ in sided))


def verdict(first: str) -> classify.Verdict:
    found = detect.detect(thread(hiring(first), mine("Thursday, November 19 at 10:00 AM ET works for me.")),
                          ME, Policy())
    return classify.Verdict(found.is_interview, found.why)


# each of these overturned the interview before detection weighed its evidence
@pytest.mark.parametrize(("role", "extra"), [
    ("Staff Engineer", "After the final round we run reference checks."),
    ("Staff Engineer", "We offer visa sponsorship and help with the immigration paperwork."),
    ("Clinical Nurse", "Bring your nursing licence to the appointment; you would care for patients on our cardiac ward."),
    ("Admissions Officer", "You would guide students through admissions."),
    ("Staff Engineer", "As the candidate, you will meet our panelists."),
    ("Sales Engineer", "You will present a product demo to the panel; our customers' pricing questions come up."),
])
def test_one_contrary_word_does_not_overturn_a_confirmed_interview_with_a_timeline(role: str, extra: str) -> None:
    found = verdict(INVITE.format(role=role, extra=extra))
    assert found.is_interview, found.why
    assert any(reason.startswith("outweighed: ") for reason in found.why)


def test_the_tally_is_explained() -> None:
    found = verdict(INVITE.format(role="Staff Engineer", extra="After the final round we run reference checks."))
    tally = found.why[-1]
    assert tally.startswith("evidence weighs +") and "arranged +3" in tally and "reference -1" in tally
    assert 'the hiring side gave a decision timeline: "We will make a decision by Friday, November 27."' in found.why


def test_counter_example_a_reference_request_for_someone_else_stays_out() -> None:
    found = verdict("Hi Alex, Jamie Castell listed you as a reference for our Staff Engineer role. Could we have a "
                    "15-minute reference call on Thursday, November 19 at 10:00 AM ET? We hope to decide by Friday.")
    assert not found.is_interview
    assert found.why[0].startswith('not an interview of yours: a reference for someone else: "')


def test_counter_example_several_interviewer_words_stay_out() -> None:
    found = verdict("Hi Alex, you're on the panel for the Staff Engineer candidate. Interview on Thursday, November 19 "
                    "at 10:00 AM ET. Please review the candidate's resume and submit your scorecard; the interviewers "
                    "debrief on Friday.")
    assert not found.is_interview and "interviewer" in found.why[0]


def test_counter_example_a_podcast_with_an_arranged_recording_stays_out() -> None:
    found = verdict("Hi Alex, we'd love to interview you for our podcast about hiring. The episode recording is "
                    "Thursday, November 19 at 10:00 AM ET; our listeners will love your story.")
    assert not found.is_interview


def test_a_veto_decides_alone_and_is_the_only_reason() -> None:
    found = classify.classify(facts(hiring("Five interview tips for your role.", bulk=True)))
    assert (found.is_interview, len(found.why)) == (False, 1) and found.evidence[0].veto


def test_below_the_threshold_the_strongest_reason_against_comes_first() -> None:
    found = classify.classify(facts(
        hiring("Happy to chat about the role on Thursday - it's not a formal interview, just an informational chat."),
        rounds=(arranged("confirmed"),)))
    assert not found.is_interview and found.score < classify.THRESHOLD
    assert found.why[0].startswith("not an interview, in the hiring side's words")


def test_the_threshold_sits_between_the_weakest_interview_and_one_contrary_word() -> None:
    weakest = classify.classify(facts(hiring("A call about the role on Thursday?", subject="Thursday"),
                                      rounds=(arranged("proposed"),)))
    assert weakest.is_interview and weakest.score == classify.THRESHOLD + 1
    with_word = classify.classify(facts(hiring("A call about the role on Thursday? Our patients come first.",
                                               subject="Thursday"), rounds=(arranged("proposed"),)))
    assert with_word.is_interview


def test_my_own_message_alone_is_not_the_hiring_side() -> None:
    message = Message(account="main", message_id="<m1@example.org>", role=Role.SENT, date=AT, sender=RECRUITER,
                      subject="Interview", author_text="Interview on Thursday at 10?")
    assert not classify.classify(classify.Facts(messages=((message, Side.ME),), rounds=(),
                                                my_domains=frozenset())).is_interview


def test_counter_example_a_reference_check_call_about_a_named_person_stays_out() -> None:
    found = verdict("Hi Alex, could you do a quick reference check for Jamie, who applied for our Staff Engineer role? "
                    "A short call on Thursday, November 19 at 10:00 AM ET would be perfect.")
    assert not found.is_interview, found.why
