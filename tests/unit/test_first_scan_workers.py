"""A first scan that shares its work with forked workers (watcher/fanout.py) leaves the state a scan on
one core leaves: the same index, the same kept conversations, the same parsed mail byte for byte,
the same threads and detections.

Both scans run as the command runs (a fresh `scan --once`), on a generated Maildir (bench/mailbox_gen.py)
large enough that triage looks at more body starts, and the read parses more messages, than
fanout.MIN_ITEMS; the second one is held to one core, where nothing forks."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from watcher import fanout

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import mailbox_gen  # noqa: E402

NOW = dt.datetime(2026, 10, 12, 20, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2,
                                reason="needs fork and a second core")

# as `python -m watcher`, after holding the process to one core when asked (fanout then never forks)
_RUN = """
import os, sys
if os.environ.get("ONE_CORE"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from watcher import launch
sys.exit(launch.main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("gen") / "mail"
    return root, mailbox_gen.generate(root, 5000, NOW, seed=11, interviews=12)


def _scan(tmp: Path, root: Path, me: list[str], one_core: bool) -> tuple[Path, str]:
    state = tmp / "state" / "state.sqlite3"
    config = tmp / "config.toml"
    addresses = ", ".join(f'"{a}"' for a in me)
    config.write_text(f'[[accounts]]\nname = "main"\nbackend = "maildir"\npath = "{root}"\nlookback_days = 1000\n\n'
                      f'[me]\nname = "Alex Candidate"\naddresses = [{addresses}]\n\n[state]\npath = "{state}"\n',
                      encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), **({"ONE_CORE": "1"} if one_core else {})}
    done = subprocess.run([sys.executable, "-c", _RUN, "--config", str(config), "-vv", "scan", "--once", "--dry-run",
                           "--now", NOW.isoformat()], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return state, done.stderr


def _tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    db = sqlite3.connect(path)
    try:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(db.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in names}  # noqa: S608
    finally:
        db.close()


def test_a_first_scan_with_workers_leaves_the_state_a_scan_on_one_core_leaves(
        mailbox: tuple[Path, dict[str, Any]], tmp_path: Path) -> None:
    root, truth = mailbox
    (tmp_path / "two").mkdir()
    (tmp_path / "one").mkdir()
    shared, said = _scan(tmp_path / "two", root, list(truth["me"]), one_core=False)
    alone, said_alone = _scan(tmp_path / "one", root, list(truth["me"]), one_core=True)
    # the workers did work: triage's starts and the read's parses (and detection, when it has enough)
    assert said.count("does half of each batch") >= 2, said[-3000:]
    assert "a worker" not in said_alone
    ours, theirs = _tables(shared), _tables(alone)
    assert len(ours["parsed"]) >= fanout.MIN_ITEMS
    assert ours == theirs
