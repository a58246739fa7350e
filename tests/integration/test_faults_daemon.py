"""Issue #8, item 5, in the running daemon: `followup-watcher run` behind the fault proxy keeps
retrying (never exits), and once the faults stop every due draft is in Drafts exactly once.

The daemon reads the real clock (tests/integration/daemon_harness.py dates the mail relative to
now); waiting is for observable effects (faults counted by the proxy, drafts in Drafts) within
generous bounds. LOGIN is faulted too: a connection lost during it is transient, retried.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import daemon_harness as harness
import pytest
from conftest import DovecotUser
from faultproxy import KINDS, FaultProxy

pytestmark = pytest.mark.dovecot

TIMEOUT = 180.0
FAULTS = 20


def _drafts(user: DovecotUser) -> list[str]:
    with user.tool() as tool:
        return [message_id for message_id, _flags in tool.messages("Drafts")]


def _deliver(user: DovecotUser, thread: harness.Thread) -> None:
    with user.tool() as tool:
        for folder, raw in thread.messages:
            tool.append(folder, raw)


def test_daemon_through_network_faults_writes_every_draft_once(dovecot_user: DovecotUser, tmp_path: Path) -> None:
    proxy = FaultProxy(dovecot_user.server.host, dovecot_user.server.port, seed=21)
    now = dt.datetime.now(dt.UTC)
    threads = [harness.interview_thread(now) for _ in range(4)]
    for thread in threads:
        _deliver(dovecot_user, thread)
    account = harness.imap_account(dovecot_user.account(port=proxy.port))
    config_path = harness.write_config(tmp_path / "config.toml", account, tmp_path / "state.sqlite3")
    proxy.arm(KINDS)
    daemon = harness.Daemon(config_path)  # no NOTIFY_SOCKET: nothing here would read its messages
    try:
        harness.wait_until(lambda: proxy.total >= 1, TIMEOUT, "a fault under the daemon", daemon)
        while proxy.total < FAULTS:
            # new mail wakes the daemon (IDLE): its scan meets a fault or writes the new draft
            seen = proxy.total
            thread = harness.interview_thread(now)
            threads.append(thread)
            _deliver(dovecot_user, thread)
            harness.wait_until(lambda seen=seen: proxy.total > seen or len(_drafts(dovecot_user)) >= len(threads),
                               TIMEOUT, "a fault or the new draft", daemon)
        proxy.disarm()
        harness.wait_until(lambda: len(_drafts(dovecot_user)) >= len(threads), TIMEOUT, "every draft", daemon)
        assert daemon.process.poll() is None, daemon.log()
    finally:
        code, _ = daemon.stop(timeout=30)
        proxy.close()
    drafts = _drafts(dovecot_user)
    assert (code, len(drafts), len(set(drafts))) == (0, len(threads), len(threads)), (proxy.injected, daemon.log())
    assert "Traceback" not in daemon.log()
