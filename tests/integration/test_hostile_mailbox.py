"""Issue #8: a whole scan of a hostile mailbox — CPython's email corpus, broken and mangled mail,
adversarial texts in an interview thread — ends normally, and every draft it writes has our headers
only. The 2,000-message version with time and memory figures is bench/hostile_scan.py."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import hostile_mailbox
import pytest

from watcher import cli

NOW = "2026-10-14T09:00:00+00:00"
DRAFT_HEADERS = {"from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references", "mime-version",
                 "content-type", "content-transfer-encoding"}


@pytest.fixture
def scanned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    root = tmp_path / "Mail"
    hostile_mailbox.build(root, generated=200)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{root}"\nlookback_days = 3650\n\n'
        f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n[state]\npath = "{tmp_path / "state.db"}"\n',
        encoding="utf-8")
    code = cli.main(["--config", str(config), "scan", "--once", "--now", NOW])
    return code, capsys.readouterr().err, root


def test_a_scan_of_a_hostile_mailbox_ends_normally(scanned: tuple[int, str, Path]) -> None:
    code, stderr, _ = scanned
    assert (code, "Traceback" in stderr) == (0, False)


def test_drafts_written_from_hostile_mail_carry_only_our_headers(scanned: tuple[int, str, Path]) -> None:
    drafts = list((scanned[2] / ".Drafts" / "cur").iterdir()) + list((scanned[2] / ".Drafts" / "new").iterdir())
    for path in drafts:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
        assert {name.lower() for name in message} <= DRAFT_HEADERS, path.name
