"""cli.py, run in-process through `watcher.cli.main`: help, init, scan --dry-run, status --json, --now.

The mailbox is a Maildir in a temp dir holding an interview thread: the recruiter's invite in the Inbox
and the user's confirmation in Sent (tests/fixtures/mail/larkspur-*.eml). The interview starts on
12 November 2026 at 19:00 UTC.
"""

from __future__ import annotations

import io
import json
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MaildirHarness

from watcher import cli, config
from watcher.model import Role
from watcher.state import State

AFTER_INTERVIEW = "2026-11-12T22:00:00+00:00"
# The contract of issue 2 ("status --json ... shaped as").
THREAD_KEYS = {"thread_id", "account", "subject", "company", "contact", "interview_at", "decision_deadline",
               "no_followup", "state", "why", "message_ids"}
FOLLOWUP_KEYS = {"thread_id", "kind", "due", "status", "reason", "to", "draft_message_id"}
KINDS = {"thank_you", "follow_up", "second_follow_up"}
STATUSES = {"planned", "drafted", "skipped", "cancelled", "withdrawn"}


class Setup:
    def __init__(self, tmp_path: Path) -> None:
        self.mail = MaildirHarness(tmp_path / "Mail")
        self.mail.add(Role.INBOX, "larkspur-invite")
        self.mail.add(Role.SENT, "larkspur-confirmation", ("\\Seen",))
        self.state = tmp_path / "state" / "state.sqlite3"
        self.config = tmp_path / "config.toml"
        self.config.write_text(
            f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{self.mail.root}"\n\n'
            f'[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n[state]\npath = "{self.state}"\n',
            encoding="utf-8")

    def run(self, *args: str) -> int:
        return cli.main(["--config", str(self.config), *args])


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


def status_json(setup: Setup, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    capsys.readouterr()
    assert setup.run("status", "--json", "--now", AFTER_INTERVIEW, *extra) == 0
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


# ---------------------------------------------------------------- --help


def test_help_teaches_the_first_steps(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert exited.value.code == 0
    for command in ("init", "check-config", "scan", "status"):
        assert f"followup-watcher {command}" in out
    assert "never sends" in out.lower()


def test_scan_help_explains_dry_run_and_now(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["scan", "--help"])
    out = capsys.readouterr().out
    assert "--dry-run" in out and "--now" in out


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([])
    assert exited.value.code == 2


# ---------------------------------------------------------------- init


def test_init_writes_the_example_config_to_the_default_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert cli.main(["init"]) == 0
    written = tmp_path / "xdg" / "followup-watcher" / "config.toml"
    assert written.read_text(encoding="utf-8") == config.example_text()


def test_init_writes_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert cli.main(["--config", str(path), "init"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_init_never_overwrites_an_existing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n", encoding="utf-8")
    assert cli.main(["--config", str(path), "init"]) != 0
    assert path.read_text(encoding="utf-8") == "# mine\n"
    assert "already exists" in capsys.readouterr().err


def test_init_then_check_config_names_every_placeholder_still_to_fill_in(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    cli.main(["--config", str(path), "init"])
    capsys.readouterr()
    assert cli.main(["--config", str(path), "check-config"]) == 2
    err = capsys.readouterr().err
    for key in ("accounts[0].host", "accounts[0].username", "me.name", "me.addresses"):
        assert f": {key}: " in err and "placeholder" in err


# ---------------------------------------------------------------- scan


def test_scan_writes_the_thank_you_and_says_so(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert setup.run("scan", "--once", "--now", AFTER_INTERVIEW) == 0
    assert "drafted thank_you" in capsys.readouterr().out
    assert len(setup.mail.drafts_folder()) == 1


def test_scan_dry_run_prints_the_draft_it_would_write(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert setup.run("scan", "--once", "--dry-run", "--now", AFTER_INTERVIEW) == 0
    out = capsys.readouterr().out
    assert "would draft thank_you" in out
    assert "To: \"Maren Holt\" <maren.holt@larkspur.example.com>" in out


def test_scan_dry_run_writes_no_draft(setup: Setup) -> None:
    inbox_and_sent = setup.mail.snapshot()
    assert setup.run("scan", "--once", "--dry-run", "--now", AFTER_INTERVIEW) == 0
    assert setup.mail.drafts_folder() == []
    assert setup.mail.snapshot() == inbox_and_sent


def test_scan_dry_run_records_no_follow_up(setup: Setup) -> None:
    setup.run("scan", "--once", "--dry-run", "--now", AFTER_INTERVIEW)
    state = State.open(setup.state)
    try:
        assert state.followups() == []
        assert state.views() == []
    finally:
        state.close()


def test_scan_after_a_dry_run_still_writes_the_draft(setup: Setup) -> None:
    setup.run("scan", "--once", "--dry-run", "--now", AFTER_INTERVIEW)
    assert setup.run("scan", "--once", "--now", AFTER_INTERVIEW) == 0
    assert len(setup.mail.drafts_folder()) == 1


def test_scan_with_a_broken_config_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[[accounts]]\nname = 'x'\nbackend = 'imap'\n", encoding="utf-8")
    assert cli.main(["--config", str(path), "scan", "--once"]) == 2
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- status --json


def test_status_json_has_the_contract_keys_and_types(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    document = status_json(setup, capsys)
    assert {"now", "threads", "followups"} <= set(document)
    (thread,) = document["threads"]
    assert set(thread) >= THREAD_KEYS
    assert thread["contact"] == "maren.holt@larkspur.example.com"
    assert thread["interview_at"].startswith("2026-11-12T14:00:00")
    assert isinstance(thread["why"], list) and all(isinstance(w, str) for w in thread["why"])
    assert thread["message_ids"] == ["<larkspur-invite-0911@larkspur.example.com>",
                                     "<confirm-larkspur-7f3a@example.org>"]
    assert isinstance(thread["no_followup"], bool)
    for followup in document["followups"]:
        assert set(followup) >= FOLLOWUP_KEYS
        assert followup["kind"] in KINDS and followup["status"] in STATUSES
        assert followup["thread_id"] == thread["thread_id"]
        assert isinstance(followup["to"], list)


def test_status_json_shows_the_drafted_thank_you(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    document = status_json(setup, capsys)
    (thank_you,) = [f for f in document["followups"] if f["kind"] == "thank_you"]
    assert thank_you["status"] == "drafted"
    assert thank_you["to"] == ["maren.holt@larkspur.example.com"]
    assert thank_you["draft_message_id"] in setup.mail.drafts_folder()


def test_status_json_has_exactly_the_contract_shape_plus_the_documented_extras(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    document = status_json(setup, capsys)
    assert set(document) == {"now", "threads", "followups", "mailbox"}
    assert all(set(t) == THREAD_KEYS | {"deadline_basis", "deadline_sentence", "threads"} for t in document["threads"])
    assert document["followups"] and all(set(f) == FOLLOWUP_KEYS | {"round", "draft", "overdue", "drafted_at"} for f in document["followups"])


def test_status_json_counts_the_indexed_messages_after_the_first_scan(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    mailbox = status_json(setup, capsys)["mailbox"]
    assert (mailbox["indexed"], mailbox["first_scan_running_since"]) == (2, None)


def test_status_text_says_how_many_messages_could_not_be_read(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    state = State.open(setup.state)
    with state.transaction():  # as the scan records a message that parse could not read
        state.save_parsed("local", 42, None, 1, "unreadable: ValueError in parse.parse")
    state.close()
    capsys.readouterr()
    setup.run("status", "--now", AFTER_INTERVIEW)
    assert "1 message(s) of possible interviews could not be read: unreadable: ValueError" in capsys.readouterr().out


def test_status_json_lists_only_interview_threads(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.mail.add(Role.INBOX, "inbox-old-newsletter")
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    assert [t["state"] for t in status_json(setup, capsys)["threads"]] == ["interview"]


def test_status_json_all_adds_rejected_threads_with_reasons(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.mail.add(Role.INBOX, "parse-no-message-id")
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    threads = status_json(setup, capsys, "--all")["threads"]
    rejected = [t for t in threads if t["state"] == "not_interview"]
    assert rejected and all(t["why"] for t in rejected)


def test_status_before_any_scan_is_empty(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    document = status_json(setup, capsys)
    assert (document["threads"], document["followups"]) == ([], [])


def test_status_text_shows_the_thread_and_why(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    setup.run("scan", "--once", "--now", AFTER_INTERVIEW)
    capsys.readouterr()
    assert setup.run("status", "--now", AFTER_INTERVIEW) == 0
    out = capsys.readouterr().out
    assert "Interview invitation: Firmware Engineer at Larkspur Robotics" in out
    assert "why:" in out


# ---------------------------------------------------------------- --now


@pytest.fixture
def new_york_clock() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_now_without_an_offset_is_read_on_the_users_clock(
        setup: Setup, capsys: pytest.CaptureFixture[str], new_york_clock: None) -> None:
    assert setup.run("status", "--json", "--now", "2026-11-12T17:00:00") == 0
    assert json.loads(capsys.readouterr().out)["now"] == "2026-11-12T17:00:00-05:00"


def test_scan_accepts_now_without_an_offset(setup: Setup, new_york_clock: None) -> None:
    assert setup.run("scan", "--once", "--now", "2026-11-12T17:00:00") == 0
    assert len(setup.mail.drafts_folder()) == 1


def test_now_with_z_is_utc(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    assert setup.run("status", "--json", "--now", "2026-11-12T22:00:00Z") == 0
    assert json.loads(capsys.readouterr().out)["now"] == AFTER_INTERVIEW


def test_now_that_is_not_a_time_is_refused(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        setup.run("status", "--now", "next tuesday")
    assert exited.value.code == 2
    assert "ISO 8601" in capsys.readouterr().err


def test_scan_progress_without_a_terminal_is_a_line_now_and_then() -> None:
    stream = io.StringIO()
    show = cli._progress(stream)
    show("main: 5000 messages indexed")
    show("main: 10000 messages indexed")
    assert stream.getvalue() == "main: 5000 messages indexed\n"


def test_a_mistyped_command_gets_a_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["stauts"])
    assert exited.value.code == 2
    assert "did you mean: status?" in capsys.readouterr().err


def test_v_and_q_are_accepted_before_and_after_every_command() -> None:
    parser = cli._parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        options = {o for action in command._actions for o in action.option_strings}
        assert {"-v", "--verbose", "-q", "--quiet"} <= options, name
    assert parser.parse_args(["-v", "scan"]).verbose == 1
    assert parser.parse_args(["scan", "-vv"]).verbose == 2
