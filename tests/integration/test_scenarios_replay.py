"""Every scenario of tests/scenarios/ replayed through the whole pipeline in memory, as the
acceptance harness replays them through Dovecot: the etiquette's hard rules must hold in each.

The harness (../shared/eval) judges timing windows; these tests check what must never happen.

The suite replays a fixed third of the corpus (chosen by a hash of each scenario's name, so adding
scenarios never reshuffles it): the whole corpus in one mailbox takes a quarter of an hour.
`FW_REPLAY=all` replays every scenario; `bench/replay_corpus.py` does that and prints what it found.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zlib
from pathlib import Path

import pytest
import replay

SHARE = 3  # one scenario in SHARE is replayed by the suite


def _chosen(path: Path) -> bool:
    return os.environ.get("FW_REPLAY") == "all" or zlib.crc32(path.stem.encode()) % SHARE == 0


SCENARIOS = replay.load([p for p in sorted((Path(__file__).parent.parent / "scenarios").glob("*.y*ml")) if _chosen(p)])
NAMES = [s.name for s in SCENARIOS]
# The harness's own list of automated senders, kept independent of rules/data on purpose.
AUTOMATED = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|notifications?|mailer[-_.]?daemon|bounces?|alerts?)([-+._].*)?@|"
                       r"@(.+\.)?(greenhouse\.io|lever\.co|ashbyhq\.com|myworkday(jobs)?\.com|workday\.com|calendly\.com|"
                       r"goodtime\.io|smartrecruiters\.com|icims\.com)$", re.I)
SILENCE = re.compile(r"haven'?t (yet )?heard|not (yet )?heard back|no (response|reply|word|news|update)s?\b|still waiting|"
                     r"radio silence|(gone|went) (quiet|silent)|haven'?t (yet )?received", re.I)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> replay.Result:
    return replay.replay(SCENARIOS, tmp_path_factory.mktemp("replay") / "state.sqlite3")


def _scenario(name: str) -> replay.Scenario:
    return next(s for s in SCENARIOS if s.name == name)


def _drafts(result: replay.Result, name: str) -> list[replay.Draft]:
    return [d for d in result.drafts if d.scenario == name]


@pytest.fixture(scope="module")
def in_interviews(result: replay.Result) -> frozenset[str]:
    """Every message that was, at some step, in a thread taken for an interview."""
    return frozenset(i for _, snapshot in result.snapshots for thread in snapshot["threads"]
                     if thread["state"] in ("interview", "closed") for i in thread["message_ids"])


def _labelled_time(value: object) -> dt.datetime | None:
    return replay.parse_time(value) if value else None


@pytest.mark.parametrize("name", NAMES)
def test_scenario_is_detected_as_labelled(in_interviews: frozenset[str], name: str) -> None:
    scenario = _scenario(name)
    if scenario.labels.get("stretch"):
        pytest.skip("non-English stretch scenario: reported, not gated")
    assert bool(scenario.message_ids & in_interviews) == bool(scenario.labels.get("is_interview"))


@pytest.mark.parametrize("name", NAMES)
def test_no_draft_for_a_thread_without_a_reachable_contact_or_interview(result: replay.Result, name: str) -> None:
    scenario = _scenario(name)
    if scenario.labels.get("is_interview") and scenario.labels.get("contact"):
        pytest.skip("drafts are expected here")
    assert _drafts(result, name) == []


@pytest.mark.parametrize("name", NAMES)
def test_drafts_go_to_the_contact_and_never_to_robots_or_personal_addresses(result: replay.Result, name: str) -> None:
    scenario = _scenario(name)
    contact = scenario.labels.get("contact")
    allowed = {c.lower() for c in (contact if isinstance(contact, list) else [contact] if contact else [])}
    never = {a.lower() for a in scenario.labels.get("never_to") or []}
    for draft in _drafts(result, name):
        assert set(draft.to) & allowed, f"{draft.kind} to {draft.to}, expected {allowed}"
        assert not set(draft.to) & never
        assert not any(AUTOMATED.search(a) for a in draft.to)


@pytest.mark.parametrize("name", NAMES)
def test_nothing_is_drafted_after_a_decision_or_a_request_for_no_follow_ups(result: replay.Result, name: str) -> None:
    labels = _scenario(name).labels
    cuts = [t for t in (_labelled_time(labels.get("no_followup_from")), _labelled_time(labels.get("decision_at"))) if t]
    if not cuts:
        pytest.skip("no decision and no request in this scenario")
    late = [d for d in _drafts(result, name) if d.appeared >= min(cuts)]
    assert late == []


@pytest.mark.parametrize("name", NAMES)
def test_drafts_to_one_thread_are_a_week_apart_except_a_new_rounds_thank_you(result: replay.Result, name: str) -> None:
    drafts = sorted(_drafts(result, name), key=lambda d: d.appeared)
    for earlier, later in zip(drafts, drafts[1:], strict=False):
        if later.kind != "thank_you":
            assert later.appeared - earlier.appeared >= dt.timedelta(days=7), f"{earlier.kind} then {later.kind}"


@pytest.mark.parametrize("name", NAMES)
def test_at_most_three_drafts_per_round_and_one_of_each_kind(result: replay.Result, name: str) -> None:
    drafts = _drafts(result, name)
    rounds = max(1, len(_scenario(name).labels.get("rounds") or []))
    assert len(drafts) <= 3 * rounds
    for kind in ("thank_you", "follow_up", "second_follow_up"):
        assert len([d for d in drafts if d.kind == kind]) <= rounds


@pytest.mark.parametrize("name", NAMES)
def test_drafts_reply_in_the_thread_and_never_mention_silence(result: replay.Result, name: str) -> None:
    scenario = _scenario(name)
    ours = {d.message_id for d in result.drafts}
    for draft in _drafts(result, name):
        assert draft.in_reply_to in scenario.message_ids | ours
        assert not SILENCE.search(draft.body), draft.body
