"""rules/evidence/other_side.py: a thread of only the user's own mail is nobody's interview."""

from __future__ import annotations

from rule_threads import facts, hiring, mine

from rules.evidence import other_side


def test_a_thread_of_only_my_own_mail_is_vetoed() -> None:
    found = other_side.rule(facts(mine("Hi Dana, following up on my interview for the Staff Engineer role.")))
    assert found is not None and found.veto
    assert "nobody else has written" in found.reason


def test_counter_example_one_reply_from_the_hiring_side_is_enough() -> None:
    assert other_side.rule(facts(mine("Hi Dana, following up."), hiring("Thanks Alex, we'll decide on Friday."))) is None
