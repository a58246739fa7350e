"""The daemon survives what weeks of running bring: being killed at any moment, and its server going away.

Crash safety: the daemon is killed with SIGKILL at random moments (start-up, sync, planning, drafting)
over several runs, with new interview threads arriving in between; at no point may a draft be
duplicated, and once a run is allowed to finish every due draft is there, once, and the state file
passes SQLite's integrity check. The seed is printed, so a failure can be replayed with FW_SEED.

Recovery: Dovecot is stopped under a running daemon and started again; the daemon reconnects by
itself (same process) and reacts to the next reply.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path

import daemon_harness as harness
import dovecot
import pytest
from conftest import NO_DOVECOT, DovecotUser, new_user

from watcher.state import State

TIMEOUT = 30.0
RUNS = 8


def _drafts(user: DovecotUser) -> list[str]:
    with user.tool() as tool:
        return [message_id for message_id, _flags in tool.messages("Drafts")]


@pytest.mark.dovecot
def test_kill_9_at_random_moments_never_duplicates_or_loses_a_draft(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    seed = int(os.environ.get("FW_SEED", random.randrange(1 << 30)))
    print(f"FW_SEED={seed}")
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    threads = [harness.interview_thread(now) for _ in range(12)]
    with dovecot_user.tool() as tool:
        for thread in threads:
            for folder, raw in thread.messages:
                tool.append(folder, raw)
    config_path = harness.write_config(tmp_path / "config.toml", harness.imap_account(dovecot_user.account()),
                                       tmp_path / "state.sqlite3")
    for run in range(RUNS):
        if run in (3, 6):  # mail keeps arriving between crashes
            thread = harness.interview_thread(now)
            threads.append(thread)
            with dovecot_user.tool() as tool:
                for folder, raw in thread.messages:
                    tool.append(folder, raw)
        notify = harness.NotifySocket()
        daemon = harness.Daemon(config_path, notify)
        try:
            if rng.random() < 0.75:
                # Somewhere in the scan: reading, planning, drafting (each APPEND takes a few ms).
                notify.wait_for(lambda m: "reading new mail" in m, TIMEOUT, daemon)
                time.sleep(rng.uniform(0.0, 0.8))
            else:
                time.sleep(rng.uniform(0.05, 0.5))  # during start-up: imports, lock, state, login
        finally:
            daemon.kill()
            notify.close()
        drafts = _drafts(dovecot_user)
        print(f"run {run}: killed with {len(drafts)} of {len(threads)} drafts written")
        assert len(drafts) == len(set(drafts)), f"run {run}: a draft was written twice (FW_SEED={seed})"
        assert len(drafts) <= len(threads), f"run {run}: more drafts than threads (FW_SEED={seed})"

    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_scan_after(0, TIMEOUT, daemon)
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0
    plan = harness.followups(config_path)
    assert sorted(plan[f"{t.company}:thank_you"] for t in threads) == ["drafted"] * len(threads), plan
    drafts = _drafts(dovecot_user)
    drafted = {f["draft_message_id"] for f in harness.status(config_path)["followups"] if f["status"] == "drafted"}
    assert sorted(drafts) == sorted(drafted), f"FW_SEED={seed}"
    assert len(drafts) == len(threads)
    state = State.open(tmp_path / "state.sqlite3")
    try:
        assert state.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        state.close()


# ---------------------------------------------------------------------- a server that goes away


@pytest.fixture(scope="module")
def own_server() -> Iterator[dovecot.Dovecot]:
    """A Dovecot of this module's own: the test stops and restarts it."""
    if not dovecot.available():
        pytest.skip(NO_DOVECOT)
    server = dovecot.Dovecot()
    server.start()
    yield server
    server.stop()


def _stop(server: dovecot.Dovecot) -> None:
    """Stop the Dovecot process but keep its directory (mail, users) for the restart.

    Dovecot 2.3 tells an IDLE client "BYE Server shutting down" only some 9 s after SIGTERM, which is
    most of this test's time.
    """
    server.stop_process()  # its port stays reserved: nothing else can start listening there meanwhile


def _restart(server: dovecot.Dovecot) -> None:
    server.restart()  # on the same port, and returns once that port greets with this Dovecot's id


@pytest.mark.dovecot
def test_daemon_reconnects_by_itself_after_dovecot_restarts(own_server: dovecot.Dovecot, tmp_path: Path) -> None:
    user = new_user(own_server)
    thread = harness.interview_thread(dt.datetime.now(dt.UTC))
    with user.tool() as tool:
        for folder, raw in thread.messages:
            tool.append(folder, raw)
    config_path = harness.write_config(tmp_path / "config.toml", harness.imap_account(user.account()),
                                       tmp_path / "state.sqlite3", retry_max_seconds=2)
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify)
    try:
        notify.wait_for(lambda m: "watching test (IMAP IDLE" in m, TIMEOUT, daemon)
        _stop(own_server)
        notify.wait_for(lambda m: "; retry 1 in" in m, TIMEOUT, daemon)
        notify.wait_for(lambda m: "; retry 2 in" in m, TIMEOUT, daemon)  # still down: it keeps trying
        seen = len(notify.messages)
        _restart(own_server)
        notify.wait_for(lambda m: m.startswith("STATUS=watching test (IMAP IDLE"), TIMEOUT, daemon, after=seen)
        with user.tool() as tool:
            tool.append("INBOX", thread.rejection(harness.reply_time()))
        harness.wait_until(lambda: harness.followups(config_path)[f"{thread.company}:follow_up"] == "cancelled",
                           TIMEOUT, "the reply after the restart is seen", daemon)
        assert daemon.process.poll() is None
        assert "attempt 1 failed" in daemon.log()
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0
