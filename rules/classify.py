"""Is this thread a job interview of the user, as the candidate? A verdict and its reasons.

Every check is a named rule in `rules/evidence/` that returns evidence: a weight, a reason and the
quoted words. The verdict adds the weights up:

- a VETO (the other side is your own employer, bulk mail you never answered, a job board's robots,
  nothing about a job, no interview arranged or held) decides at once; the rules are tried in order,
  the cheap certain ones first, so a newsletter full of interview vocabulary costs little;
- otherwise the thread is an interview when the weights add up to THRESHOLD or more.

The weights are set so that an arranged interview (a confirmed slot or an invite, 3-4) in a hiring
context (1-3) called an interview (1) with a stated timeline (1) outweighs one contrary word (a
recruiter mentioning "reference checks", a role about "patients", "as the candidate": -0.5 to -2),
while several of them, or one certain one ("listed you as a reference", "not a formal interview"),
do not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rules.evidence import BEFORE_ROUNDS, READS_ROUNDS, RULES, Evidence, Facts, Rule, arranged, timeline

__all__ = ["THRESHOLD", "Evidence", "Facts", "Rule", "Verdict", "classify", "outweighed_before_rounds",
           "veto_before_rounds"]

THRESHOLD = 3.0


@dataclass(frozen=True)
class Verdict:
    is_interview: bool
    why: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()
    score: float = 0.0


def veto_before_rounds(facts: Facts, seen: dict[Rule, Evidence | None] | None = None) -> Verdict | None:
    """The verdict of a VETO that needs no rounds (`facts.rounds` is not read), or None: most of a
    mailbox's conversations are told apart here, before their dates and slots are read. `seen` gets
    each rule's evidence, for `classify` of the same messages not to read them again."""
    for rule in BEFORE_ROUNDS:
        evidence = rule(facts)
        if seen is not None:
            seen[rule] = evidence
        if evidence is not None and evidence.veto:
            return Verdict(False, (evidence.explained(),), (evidence,), evidence.weight)
    return None


def _weigh(facts: Facts, rules: tuple[Rule, ...], seen: dict[Rule, Evidence | None]) -> tuple[Verdict | None, list[Evidence]]:
    """The first VETO's verdict among `rules`, in order, or None and the evidence they found; each
    rule is asked once (`seen` holds and gets the answers)."""
    found: list[Evidence] = []
    for rule in rules:
        evidence = seen[rule] if rule in seen else rule(facts)
        seen[rule] = evidence
        if evidence is None:
            continue
        if evidence.veto:
            return Verdict(False, (evidence.explained(),), (evidence,), evidence.weight), found
        found.append(evidence)
    return None, found


# The most the rules that read rounds can add: an invite, and a stated timeline.
_MOST_FROM_ROUNDS = arranged.INVITE + timeline.WEIGHT


def outweighed_before_rounds(facts: Facts, seen: dict[Rule, Evidence | None]) -> Verdict | None:
    """A verdict of "no interview" that no rounds could change, or None. After `veto_before_rounds`
    found no veto: the other rules that need no rounds, when one of them vetoes or they weigh so
    much against an interview that an invite and a timeline could not outweigh them (a colleague's
    "submit your scorecard" in a thread of a hundred interview-loop invites). `facts.rounds` is not
    read; `seen` gets each rule's evidence, as `veto_before_rounds`'s."""
    vetoed, found = _weigh(facts, tuple(r for r in RULES if r not in READS_ROUNDS), seen)
    if vetoed is not None:
        return vetoed
    score = sum(e.weight for e in found)
    if score + _MOST_FROM_ROUNDS >= THRESHOLD:
        return None
    against = sorted((e for e in found if e.weight < 0), key=lambda e: e.weight)
    tally = (f"evidence weighs {score:+g} before the thread's dates are read, and they could add at most "
             f"{_MOST_FROM_ROUNDS:+g} (an interview from {THRESHOLD:g}): "
             + ", ".join(f"{e.rule} {e.weight:+g}" for e in found if e.weight))
    return Verdict(False, (*(e.explained() for e in against), tally), tuple(found), score)


def classify(facts: Facts, seen: Mapping[Rule, Evidence | None] | None = None) -> Verdict:
    """The verdict of every rule; `seen`: what `veto_before_rounds` found for the same messages."""
    vetoed, found = _weigh(facts, RULES, dict(seen) if seen is not None else {})
    if vetoed is not None:
        return vetoed
    score = sum(e.weight for e in found)
    against = sorted((e for e in found if e.weight < 0), key=lambda e: e.weight)
    tally = f"evidence weighs {score:+g} (an interview from {THRESHOLD:g}): " + ", ".join(
        f"{e.rule} {e.weight:+g}" for e in found if e.weight)
    if score >= THRESHOLD:
        why = [e.explained() for e in found if e.weight >= 0]
        why += [f"outweighed: {e.explained()}" for e in against]
        return Verdict(True, (*why, tally), tuple(found), score)
    if not against:
        against = [Evidence("classify", 0.0, "not an interview: too little evidence of one")]
    return Verdict(False, (*(e.explained() for e in against), tally), tuple(found), score)
