"""rules/evidence/reference.py: a reference for someone else, or the reference-check step."""

from __future__ import annotations

from rule_threads import facts, hiring

from rules.evidence import reference


def test_being_asked_to_act_as_a_referee_weighs_heavily() -> None:
    found = reference.rule(facts(hiring("Jamie listed you as a reference. Could we have a reference call Thursday?")))
    assert found is not None and found.weight <= 2 * reference.AS_REFEREE
    assert "someone else" in found.reason


def test_counter_example_reference_checks_in_my_own_process_are_weak() -> None:
    found = reference.rule(facts(hiring(
        "After the final round we run reference checks, and we'll decide by Friday.")))
    assert found is not None and found.weight == reference.PROCESS_STEP
    assert "step of a hiring process" in found.reason


def test_counter_example_please_provide_references_is_the_users_own_process() -> None:
    found = reference.rule(facts(hiring("Could you provide two references before the onsite?")))
    assert found is not None and found.weight == reference.PROCESS_STEP


def test_no_reference_words_no_evidence() -> None:
    assert reference.rule(facts(hiring("See you Thursday for the interview."))) is None


def test_a_reference_check_for_someone_named_is_for_someone_else() -> None:
    found = reference.rule(facts(hiring("Could you do a quick reference check for Jamie, who applied for our "
                                        "Staff Engineer role? A call on Thursday at 2pm?")))
    assert found is not None and found.weight <= reference.AS_REFEREE


def test_counter_example_reference_checks_for_the_role_are_a_step() -> None:
    found = reference.rule(facts(hiring("We run reference checks for the role after the final round.")))
    assert found is not None and found.weight == reference.PROCESS_STEP


def test_a_quick_reference_call_about_someone_you_managed_is_for_someone_else() -> None:
    found = reference.rule(facts(hiring("Jamie applied for our Staff Engineer role and mentioned you managed her at "
                                        "Acme. Could we do a quick reference check call on Thursday?")))
    assert found is not None and found.weight <= 2 * reference.AS_REFEREE


def test_counter_example_calls_with_your_references_are_your_own_process() -> None:
    found = reference.rule(facts(hiring("Next we'll run reference checks with your former managers.")))
    assert found is not None and found.weight == reference.PROCESS_STEP
