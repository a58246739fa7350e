"""Etiquette scenarios give the same plan through the Gmail API backend as through the memory backend.

A few scenario files (the acceptance harness's YAML) are replayed step by step through `scan.scan`
twice with the same injected clock: once with the in-memory backend (tests/replay.py, as the other
scenario tests do) and once through the Gmail API backend against the local fake Gmail, where mail
arrives with the INBOX or SENT label, drafts are Gmail drafts, and the simulated user deletes or
sends them there. The drafts written (when, what kind, to whom, in reply to what, the text) and
the final follow-ups must be the same.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from pathlib import Path
from typing import Any

import pytest
import replay
from conftest import gmail_account
from fakes.gmail_api import FakeGmail

from watcher import backends, config, scan
from watcher.state import State

pytestmark = pytest.mark.usefixtures("no_keyring")  # secrets come from the config alone

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
# With a thank-you, a follow-up the user sends, a second round, a decision, a request for no follow-ups.
NAMES = ["iv-mesquite-followup-then-round-two", "brookmere-followup-then-rejection", "calloway-no-status-emails"]




def replay_through_gmail(scenarios: list[replay.Scenario], directory: Path,
                         unthreaded: list[str] | None = None) -> replay.Result:
    """replay.replay, with Gmail (the fake) as the mailbox and the Gmail API backend in between.

    Drafts that Gmail did not file into the thread of the message they answer go to `unthreaded`.
    """
    fake = FakeGmail(email_address=replay.USER_ADDRESSES[0]).start()
    account, environ = gmail_account(fake, directory, name="main")
    cfg = config.Config(source="<replay>", accounts=(account,),
                        me=config.Me(name="Alex Candidate", addresses=replay.USER_ADDRESSES),
                        state_path=directory / "state.sqlite3")
    pending = sorted(((m["at"], s, m) for s in scenarios for m in s.messages), key=lambda item: item[0])
    by_id = {mid: s for s in scenarios for mid in s.message_ids}
    result = replay.Result()
    actions: list[tuple[dt.datetime, replay.Draft]] = []
    known: set[str] = set()
    state = State.open(cfg.state_path)
    backend = backends.open_backend(account, environ)
    try:
        for step in replay.steps(scenarios):
            while pending and pending[0][0] <= step:
                _, _, message = pending.pop(0)
                fake.deliver(replay.build_raw(message), ("SENT",) if message["folder"] == "Sent" else ("INBOX", "UNREAD"))
            for due, draft in [a for a in actions if a[0] <= step]:
                actions.remove((due, draft))
                _act(fake, draft, due)
            report = scan.scan(cfg, state, {"main": backend}, step)
            kinds = {f.draft_message_id: f.kind.value for f in report.followups if f.draft_message_id}
            for stored in fake.draft_messages(include_trash=False):
                message_id = stored.message_id()
                if message_id in known:
                    continue
                known.add(message_id)
                draft = replay._draft(stored.raw, step, by_id, kinds)
                answered = [m.thread_id for m in fake.messages.values() if m.message_id() == draft.in_reply_to]
                if unthreaded is not None and answered != [stored.thread_id]:
                    unthreaded.append(f"{draft.kind} {message_id} in {stored.thread_id}, answering {answered}")
                result.drafts.append(draft)
                scenario = next((s for s in scenarios if s.name == draft.scenario), None)
                if scenario is not None:
                    user = (scenario.data.get("user") or {}).get(draft.kind) or {}
                    draft.action = str(user.get("action", "leave"))
                    if draft.action != "leave":
                        actions.append((step + dt.timedelta(hours=float(user.get("delay_h", 0) or 0)), draft))
            result.snapshots.append((step, {"threads": state.views(),  # what `status` shows
                                            "followups": report.followups}))
    finally:
        backend.close()
        state.close()
        fake.stop()
    return result


def _act(fake: FakeGmail, draft: replay.Draft, due: dt.datetime) -> None:
    """The user deletes the draft in Gmail, or sends it: the message then carries SENT, not DRAFT."""
    found = [(draft_id, fake.messages[m]) for draft_id, m in fake.drafts.items()
             if fake.messages[m].message_id() == draft.message_id]
    if not found:
        return
    draft_id, stored = found[0]
    with fake.lock:
        del fake.drafts[draft_id]
        del fake.messages[stored.id]
    if draft.action != "send":
        return
    message = email.message_from_bytes(stored.raw, policy=email.policy.default)
    del message["Date"]
    message["Date"] = email.utils.format_datetime(due)
    fake.deliver(message.as_bytes(), ("SENT",))


def comparable(result: replay.Result) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The drafts and the last follow-ups, without our random Message-IDs."""
    drafts = [(d.scenario, d.appeared, d.kind, d.to, d.in_reply_to.startswith("<followup-watcher.") or d.in_reply_to,
               d.body, d.action) for d in result.drafts]
    last = result.snapshots[-1][1]["followups"] if result.snapshots else []
    followups = sorted((f.round_index, f.kind.value, f.status.value, f.due, f.fate, tuple(a.email for a in f.to))
                       for f in last)
    return drafts, followups


@pytest.mark.parametrize("name", NAMES)
def test_scenario_plans_the_same_through_gmail_as_in_memory(name: str, tmp_path: Path) -> None:
    scenarios = replay.load([SCENARIOS / f"{name}.yaml"])
    memory = replay.replay(scenarios, tmp_path / "memory.sqlite3")
    unthreaded: list[str] = []
    gmail = replay_through_gmail(scenarios, tmp_path, unthreaded)
    assert comparable(gmail) == comparable(memory)
    assert unthreaded == []
    assert comparable(memory)[0], "the scenario should produce drafts"
