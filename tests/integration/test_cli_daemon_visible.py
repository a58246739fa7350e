"""A daemon you can see: `run` says what it watches and each draft it writes, and the systemd STATUS=
line shows times on the user's clock with the zone's name (it used to label local time "UTC")."""

from __future__ import annotations

import datetime as dt
import mailbox
import os
import re
from pathlib import Path

import daemon_harness as harness

TIMEOUT = 30.0  # generous: the observable effects come within a second or two


def test_run_says_what_it_watches_and_labels_times_with_the_users_zone(tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    mailbox.Maildir(str(root), create=True).add_folder("Sent")
    thread = harness.interview_thread(dt.datetime.now(dt.UTC))
    for number, (folder, raw) in enumerate(thread.messages):
        target = root if folder == "INBOX" else root / f".{folder}"
        name = f"1790000000.M{number}P1.test"
        (target / "tmp" / name).write_bytes(raw)
        (target / "tmp" / name).rename(target / "new" / name)
    config_path = harness.write_config(tmp_path / "config.toml", harness.maildir_account(root),
                                       tmp_path / "state.sqlite3")
    notify = harness.NotifySocket()
    daemon = harness.Daemon(config_path, notify, environ={**os.environ, "TZ": "America/Los_Angeles"})
    try:
        line = notify.wait_for(lambda m: m.startswith("STATUS=watching") and "scan #1" in m, TIMEOUT, daemon)
    finally:
        code, _ = daemon.stop()
        notify.close()
    assert code == 0
    assert re.search(r"scan #1 at \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T:", line), line
    assert "UTC" not in line
    log = daemon.log()
    assert f"watching account local: maildir {root}" in log
    assert "wrote the thank_you draft" in log
