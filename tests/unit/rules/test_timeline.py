"""rules/evidence/timeline.py: a decision timeline stated for a round."""

from __future__ import annotations

from rule_threads import arranged, facts, hiring

from rules.evidence import timeline


def test_a_stated_timeline_counts_and_is_quoted() -> None:
    sentence = "We will make a decision by Friday, November 27."
    found = timeline.rule(facts(hiring(sentence), rounds=(arranged(deadline=sentence),)))
    assert found is not None and found.weight == timeline.WEIGHT and found.quote == sentence


def test_counter_example_the_default_deadline_is_no_timeline() -> None:
    assert timeline.rule(facts(hiring("See you Thursday."), rounds=(arranged(),))) is None


def test_counter_example_no_round_no_timeline() -> None:
    assert timeline.rule(facts(hiring("We will make a decision by Friday, November 27."))) is None
