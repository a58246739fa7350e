"""Backend parity: the same mail gives the same hiring processes, deadlines, plans and drafts on every
backend — Maildir, plain IMAP (the suite's Dovecot), Gmail over IMAP (X-GM-THRID) and the Gmail API —
differing only in where the drafts are stored (issue #10).

A handful of multi-thread scenarios (an ATS confirmation beside the recruiter's thread, a timeline
update under a new subject, a second round, an offer in a thread of its own, a booking link rebooked,
an interview cancelled and offered again) are replayed together,
step by step with an injected clock, through each backend's real code: mail arrives the way that
backend receives it (files, IMAP APPEND, a Gmail-like server that threads by References and subject)
and the simulated user sends or deletes drafts there. Gmail's thread ids split these processes
differently from References; the processes must not differ. The mailboxes are tests/backend_replay.py's,
which bench/backends_corpus.py drives over the whole corpus.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import replay
from backend_replay import Box, GmailApiBox, open_box, outcome
from conftest import DovecotUser

from watcher import config, scan
from watcher.state import State

pytestmark = pytest.mark.usefixtures("no_keyring")  # secrets come from the config alone

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"
# Each is one hiring process of several threads over Gmail (see the module docstring).
NAMES = ["glasswing-ats-noreply-reply-to", "iv-moraine-modernloop-two-rounds",
         "v3-bitterroot-lever-moved-after-followup", "tessellate-two-rounds-ics-offer",
         "pr-ashgrove-timeline-in-a-new-thread", "pr-corvane-offer-in-another-thread",
         "pr-dunmore-rejection-on-interview-day", "v3-pelicanpoint-calendly-rebooked", "iv-brightwater-cancel-reinvite",
         # a founder writing from her personal mailbox, and an ATS beside the recruiter: both ask for the
         # interview after the first 200 characters, past what Gmail's API snippet shows
         "iv-foxglove-founder-gmail-deleted", "w2-a05-gorsemoor-offer-via-ats"]
TAIL_DAYS = 45  # the steps run to this long after the last message: every second follow-up falls inside
BACKENDS = ["maildir", pytest.param("imap", marks=pytest.mark.dovecot), "gmail-imap", "gmail-api"]
IDLE_SCAN_MAX_CALLS = 10  # issue #10: a Gmail API scan with nothing new


@pytest.fixture(scope="module")
def scenarios() -> list[replay.Scenario]:
    return replay.load([SCENARIOS_DIR / f"{name}.yaml" for name in NAMES])


@pytest.fixture(scope="module")
def in_memory(scenarios: list[replay.Scenario], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The reference: the pure pipeline with the in-memory backend."""
    result = replay.replay(scenarios, tmp_path_factory.mktemp("memory") / "state.sqlite3", tail_days=TAIL_DAYS)
    return outcome(result, scenarios)


def open_kind(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Box:
    if kind == "imap":
        user: DovecotUser = request.getfixturevalue("dovecot_user")
        return open_box(kind, tmp_path, (user.server.host, user.server.port, user.username, user.password))
    return open_box(kind, tmp_path)


def test_the_reference_replay_has_multi_thread_processes_and_drafts_of_every_kind(in_memory: dict[str, Any]) -> None:
    # the comparison below means something only if the scenarios exercise what differs between backends
    assert {kind for _, _, kind, _, _ in in_memory["drafts"]} == {"thank_you", "follow_up", "second_follow_up"}
    assert len(in_memory["processes"]) == len(NAMES)


@pytest.mark.parametrize("kind", BACKENDS)
def test_every_backend_gives_the_same_processes_deadlines_plans_and_drafts(
        kind: str, scenarios: list[replay.Scenario], in_memory: dict[str, Any], request: pytest.FixtureRequest,
        tmp_path: Path) -> None:
    box = open_kind(kind, request, tmp_path)
    try:
        result = replay.replay(scenarios, tmp_path / "state.sqlite3", mailbox=box, tail_days=TAIL_DAYS)
    finally:
        box.close()
    found = outcome(result, scenarios)
    if kind.startswith("gmail"):
        # Gmail's thread ids split these processes (a new subject is a new thread): the test bites
        threads = [len(v["threads"]) for v in result.snapshots[-1][1]["threads"] if v["state"] != "not_interview"]
        assert max(threads) > 1
    assert found["processes"] == in_memory["processes"]
    assert found["followups"] == in_memory["followups"]
    assert found["drafts"] == in_memory["drafts"]


def test_gmail_api_scan_with_nothing_new_makes_at_most_ten_api_calls(
        scenarios: list[replay.Scenario], tmp_path: Path) -> None:
    box = GmailApiBox(tmp_path)
    try:
        result = replay.replay(scenarios[:1], tmp_path / "state.sqlite3", mailbox=box, tail_days=TAIL_DAYS)
        assert result.drafts, "the replay should have written drafts"
        last = result.snapshots[-1][0]
        cfg = config.Config(source="<parity>", accounts=(box.account,),
                            me=config.Me(name="Alex Candidate", addresses=replay.USER_ADDRESSES),
                            state_path=tmp_path / "state.sqlite3")
        backend = box.backend()
        state = State.open(cfg.state_path)
        try:
            scan.scan(cfg, state, {"main": backend}, last)  # the connection and discovery, once
            before = len(box.fake.requests)
            for hours in (1, 2):
                scan.scan(cfg, state, {"main": backend}, last + dt.timedelta(hours=hours))
            calls = (len(box.fake.requests) - before) / 2
            # a new process for each scan, as `scan --once` from a timer: discovery again, and no draft
            # read again while the drafts are the ones the last listing kept
            one_shot = []
            for hours in (3, 4):
                fresh = box.backend()
                before = len(box.fake.requests)
                try:
                    scan.scan(cfg, state, {"main": fresh}, last + dt.timedelta(hours=hours))
                finally:
                    fresh.close()
                one_shot.append(len(box.fake.requests) - before)
        finally:
            backend.close()
            state.close()
    finally:
        box.close()
    assert 0 < calls <= IDLE_SCAN_MAX_CALLS, f"{calls} API calls per idle scan"
    # and no more than a long-lived process makes: the drafts left in Drafts are not read again
    assert 0 < max(one_shot) <= min(calls, IDLE_SCAN_MAX_CALLS), f"{one_shot} API calls per idle scan of a new process"
