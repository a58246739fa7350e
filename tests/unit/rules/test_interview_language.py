"""rules/evidence/interview_language.py: the mail calls it an interview."""

from __future__ import annotations

from rule_threads import facts, hiring

from rules.evidence import interview_language


def test_the_word_interview_counts() -> None:
    found = interview_language.rule(facts(hiring("Could you do a technical interview on Thursday?")))
    assert found is not None and found.weight == interview_language.WEIGHT
    assert found.reason == 'interview language: "technical interview"'


def test_counter_example_a_call_without_the_word_weighs_nothing_but_is_said() -> None:
    found = interview_language.rule(facts(hiring("Could we have a quick call about the role on Thursday?")))
    assert found is not None and found.weight == 0
    assert "screening conversation" in found.reason


def test_a_final_panel_is_an_interview_in_other_words() -> None:
    found = interview_language.rule(facts(hiring(
        "I'm pleased to confirm your final panel for the Senior Platform Engineer role: Tuesday 17 November, 9:00am.")))
    assert found is not None and found.weight == interview_language.WEIGHT
