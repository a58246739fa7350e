"""Detection as weighed evidence: one module per named rule, each `rule(facts) -> Evidence | None`.

`RULES` is the order in which `status` lists what they found. Adding a rule: a module here with
`NAME` and `rule`, listed below, and its own test file under tests/unit/rules/.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.evidence import (
    arranged,
    bulk,
    colleagues,
    denial,
    hiring_context,
    interview_language,
    interviewer,
    job_board,
    other_interview,
    other_side,
    recruiting_system,
    reference,
    scam,
    their_interview,
    timeline,
    user_is_hiring,
)
from rules.evidence.base import VETO, Evidence, Facts

Rule = Callable[[Facts], Evidence | None]

RULES: tuple[Rule, ...] = (
    other_side.rule, colleagues.rule, bulk.rule, scam.rule, job_board.rule,
    recruiting_system.rule, hiring_context.rule, arranged.rule, interview_language.rule, timeline.rule,
    denial.rule, their_interview.rule, interviewer.rule, reference.rule, user_is_hiring.rule, other_interview.rule,
)
# The rules that read `Facts.rounds`, the costliest fact (every date and slot in the thread). Those
# before the first of them in RULES can veto a thread before its rounds are read at all.
READS_ROUNDS: frozenset[Rule] = frozenset({arranged.rule, timeline.rule})
BEFORE_ROUNDS: tuple[Rule, ...] = RULES[:min(RULES.index(rule) for rule in READS_ROUNDS)]

__all__ = ["BEFORE_ROUNDS", "READS_ROUNDS", "RULES", "VETO", "Evidence", "Facts", "Rule"]
