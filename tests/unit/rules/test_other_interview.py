"""rules/evidence/other_interview.py: press, research, events and appointments."""

from __future__ import annotations

import pytest
from rule_threads import facts, hiring

from rules.evidence import other_interview


def test_a_podcast_interview_weighs_heavily() -> None:
    found = other_interview.rule(facts(hiring(
        "We'd love to interview you for our podcast - the episode goes out to 20,000 listeners.")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED
    assert "podcast" in found.quote


def test_counter_example_a_nurses_role_about_patients_and_visas_is_weak() -> None:
    found = other_interview.rule(facts(hiring(
        "Thanks for applying for the Staff Nurse position. Our patients come first, and we offer visa sponsorship "
        "for the role.")))
    assert found is not None and found.weight > other_interview.OUTNUMBERED
    assert found.weight >= other_interview.LEAST


def test_counter_example_a_teachers_role_mentions_students() -> None:
    found = other_interview.rule(facts(hiring("Your interview for the Maths Teacher position: you'll meet students.")))
    assert found is not None and found.weight == other_interview.PER_WORD_AMONG_JOB_WORDS


def test_no_such_words_no_evidence() -> None:
    assert other_interview.rule(facts(hiring("Your interview for the Staff Engineer role is on Thursday."))) is None


def test_counter_example_many_words_real_jobs_share_are_still_weak() -> None:
    found = other_interview.rule(facts(hiring(
        "Thank you for applying for the Staff Nurse position. Our patients come first. We offer visa sponsorship "
        "and help with the immigration paperwork; bring your licence to the appointment.")))
    assert found is not None and found.weight == other_interview.LEAST


def test_an_embassy_visa_appointment_is_strong() -> None:
    found = other_interview.rule(facts(hiring(
        "Your visa interview appointment at the embassy is confirmed; bring your passport and your job offer.")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_a_subject_naming_a_mock_interview_weighs_heavily_among_job_words() -> None:
    found = other_interview.rule(facts(hiring(
        "Your mock interview is booked! Bring the job description of a role you're targeting; your coach, a former "
        "recruiter, will run it like a real hiring-manager interview.",
        subject="Booked: Behavioral Mock Interview with Rita Alvarez")))
    assert found is not None and found.veto


def test_a_subject_naming_a_mock_interview_of_some_kind_vetoes_it() -> None:
    found = other_interview.rule(facts(hiring(
        "I'll play a staff engineer at a mid-size company. We'll treat it exactly like a real onsite round for the role "
        "you're targeting; ask the recruiter about their timeline before you hang up.",
        subject="Confirmed: Mock System Design Interview (60 min) with Ines Carvalho")))
    assert found is not None and found.veto


def test_counter_example_a_practice_session_offered_inside_a_real_invitation_is_weak() -> None:
    found = other_interview.rule(facts(hiring(
        "Your onsite for the Staff Engineer role is on Thursday. If it helps, our recruiting team offers an optional "
        "mock interview beforehand.", subject="Onsite interview - Staff Engineer")))
    assert found is not None and found.weight > other_interview.OUTNUMBERED


def test_an_application_for_a_mortgage_is_no_job_application() -> None:
    found = other_interview.rule(facts(hiring(
        "Thank you for your mortgage application and for meeting with me this morning. Your application has gone "
        "to our underwriters and we aim to give you a decision in principle within 5 working days.",
        subject="Your mortgage appointment")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_a_co_op_board_interviewing_the_buyers_of_an_apartment_weighs_heavily() -> None:
    found = other_interview.rule(facts(hiring(
        "This confirms your interview with the Board of Directors of 147 Garfield Place Owners Corp. regarding the "
        "proposed purchase of Unit 4B. All purchasers named on the contract must attend. Your application is "
        "complete.")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_counter_example_a_property_managers_job_interview_mentions_one_board_word_weakly() -> None:
    found = other_interview.rule(facts(hiring(
        "Thanks for applying for the Property Manager position. Your interview with our hiring manager is on "
        "Thursday; the role reports on each condo board's budget.")))
    assert found is not None and found.weight > other_interview.OUTNUMBERED


@pytest.mark.parametrize("text", [
    "We're doing customer discovery interviews with data engineers this month: 20 minutes, no sales pitch. As a "
    "thank-you we send a $50 gift card.",
    "You need to attend a housing assessment interview with a Housing Options Officer; please bring your current "
    "tenancy agreement. Thank you for your application to join the housing register.",
])
def test_customer_discovery_and_housing_interviews_weigh_heavily(text: str) -> None:
    found = other_interview.rule(facts(hiring(text, subject="Your appointment on Tuesday")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_a_clinics_new_patient_intake_interview_is_strong() -> None:
    found = other_interview.rule(facts(hiring(
        "Visit type: New patient intake interview (sleep medicine). Our next opening with Dr. Ostrowski is Tuesday; "
        "she has placed the referral for your overnight sleep study.")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_a_fellowships_committee_and_cohort_are_strong() -> None:
    found = other_interview.rule(facts(hiring(
        "I am delighted to offer you a place in the 2027 cohort of the Civic Technology Fellowship. It carries a "
        "stipend of $30,000. Our orientation call for the new cohort is on Tuesday, January 12.")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_counter_example_a_nurses_interview_with_patients_stays_weak() -> None:
    found = other_interview.rule(facts(hiring(
        "Your interview for the Staff Nurse position on our cardiac ward is on Tuesday; you'll meet the patients' "
        "families' liaison too.")))
    assert found is not None and found.weight >= other_interview.LEAST


def test_a_lease_renewals_walk_through_is_strong() -> None:
    found = other_interview.rule(facts(hiring(
        "As part of our renewal review we'd like to do the annual walk-through of the unit with you. We'll review "
        "your renewal application and let you know our decision on the lease renewal by the end of the month.")))
    assert found is not None and found.weight <= other_interview.OUTNUMBERED


def test_a_subject_naming_mentoring_vetoes_it() -> None:
    found = other_interview.rule(facts(hiring(
        "Let's start with a 45-minute call - does Tuesday at 7:00 PM ET work? Bring the list of roles you're applying "
        "for, and we can do a short mock interview for one of them.", subject="Northbridge mentoring - let's get started!")))
    assert found is not None and found.veto
