"""rules/evidence/interviewer.py: the user on the interviewing side of someone else's interview."""

from __future__ import annotations

from rule_threads import facts, hiring

from rules.evidence import interviewer


def test_panel_instructions_weigh_heavily() -> None:
    found = interviewer.rule(facts(hiring(
        "Thanks for joining the panel. Please review the candidate's resume and submit your scorecard by 5pm; "
        "the interviewers will debrief on Friday.")))
    assert found is not None and found.weight <= 2 * interviewer.PER_WORD
    assert "scorecard" in found.quote


def test_counter_example_as_the_candidate_once_is_weak() -> None:
    found = interviewer.rule(facts(hiring(
        "As the candidate, you'll meet three engineers on Thursday at 10; we'll decide by Friday.")))
    assert found is not None and found.weight == interviewer.THE_CANDIDATE


def test_counter_example_words_a_candidate_hears_too_weigh_nothing() -> None:
    assert interviewer.rule(facts(hiring("Your interviewers are Sam and Lee; the team will debrief afterwards."))) is None


def test_counter_example_as_the_candidate_with_your_interviewers_stays_weak() -> None:
    found = interviewer.rule(facts(hiring("As the candidate, you'll meet your interviewers on Thursday at 10.")))
    assert found is not None and found.weight == interviewer.THE_CANDIDATE + interviewer.PER_SHARED_WORD


def test_a_scorecard_reminder_is_strong() -> None:
    found = interviewer.rule(facts(hiring("Reminder: please submit your scorecard for Mei Tanaka by 5pm.")))
    assert found is not None and found.weight <= 2 * interviewer.PER_WORD


def test_an_interview_panel_for_someone_is_strong_even_alone() -> None:
    found = interviewer.rule(facts(hiring("Thanks for joining the interview panel for Mei Tanaka on Thursday at 10.")))
    assert found is not None and found.weight == interviewer.PER_WORD


def test_a_board_member_asked_to_sit_on_the_interview_panel_is_the_interviewer() -> None:
    found = interviewer.rule(facts(hiring("Would you be willing to sit on the interview panel with Tom and me? I'll "
                                          "circulate the question bank and the scoring sheets the week before.")))
    assert found is not None and found.weight <= 2 * interviewer.PER_WORD


def test_an_expert_asked_to_serve_on_a_grant_interview_panel_is_the_interviewer() -> None:
    found = interviewer.rule(facts(hiring("We would like to invite you to serve as an expert member of the interview "
                                          "panel. Alex, you are lead questioner for applicants 4 and 9.")))
    assert found is not None and found.weight <= 2 * interviewer.PER_WORD
