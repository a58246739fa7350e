"""`status` as a person reads it: times on their clock with the zone's name and how far off, no
microseconds; each draft's fate; one thread as a timeline; the plan as iCalendar (printed, and kept
next to the state file by every scan)."""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import AFTER_INTERVIEW, Setup

from watcher import shown

LATER = "2026-11-14T18:00:00+00:00"


@pytest.fixture
def pacific() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def scanned(tmp_path: Path) -> Setup:
    setup = Setup(tmp_path)
    assert setup.run("scan", "--once", "--now", AFTER_INTERVIEW) == 0
    return setup


def text_status(setup: Setup, capsys: pytest.CaptureFixture[str], *extra: str, now: str = AFTER_INTERVIEW) -> str:
    capsys.readouterr()
    assert setup.run("status", "--now", now, *extra) == 0
    return capsys.readouterr().out


def test_times_are_on_the_users_clock_with_the_zone_named(
        scanned: Setup, capsys: pytest.CaptureFixture[str], pacific: None) -> None:
    out = text_status(scanned, capsys)
    # the interview began 2026-11-12 19:00 UTC: 11:00 in Los Angeles
    assert "interview: 2026-11-12 11:00 PST (3 hours ago)" in out
    assert "now: 2026-11-12 14:00 PST" in out
    assert not re.search(r"\d\d:\d\d:\d\d\.\d+", out), "no microseconds"
    assert "+00:00" not in out and " UTC" not in out


def test_the_plan_says_how_far_off_each_time_is(scanned: Setup, capsys: pytest.CaptureFixture[str], pacific: None) -> None:
    out = text_status(scanned, capsys)
    assert re.search(r"status inquiry +planned, due 2026-\d\d-\d\d \d\d:\d\d PST \(in \d+ days\)", out), out
    assert re.search(r"decision expected: \w{3} 2026-\d\d-\d\d \(in \d+ days\)", out), out


def test_a_drafted_thank_you_says_it_is_in_drafts(scanned: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    out = text_status(scanned, capsys)
    assert re.search(r"thank-you +drafted .*; in Drafts", out), out


def test_a_draft_the_user_deleted_says_so(scanned: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (scanned.mail.root / ".Drafts").glob("*/*"):
        path.unlink()
    assert scanned.run("scan", "--once", "--now", LATER) == 0
    out = text_status(scanned, capsys, now=LATER)
    assert "deleted by you (not written again)" in out


def test_a_draft_the_user_edited_says_so(scanned: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    (draft,) = [p for p in (scanned.mail.root / ".Drafts").glob("*/*")]
    draft.write_bytes(draft.read_bytes().replace(b"Thank you", b"Many thanks", 1))
    assert scanned.run("scan", "--once", "--now", LATER) == 0
    out = text_status(scanned, capsys, now=LATER)
    assert "edited by you (left alone)" in out


def test_status_thread_is_a_timeline_with_reasons(scanned: Setup, capsys: pytest.CaptureFixture[str], pacific: None) -> None:
    listing = text_status(scanned, capsys)
    thread = re.search(r"^(t[0-9a-f]+)  ", listing, re.M)
    assert thread
    out = text_status(scanned, capsys, thread.group(1))
    assert "what was found:" in out and "timeline (> still to come):" in out
    lines = out.splitlines()
    interview = next(i for i, line in enumerate(lines) if "the interview" in line)
    written = next(i for i, line in enumerate(lines) if "thank-you: draft written to maren.holt@larkspur.example.com" in line)
    due = next(i for i, line in enumerate(lines) if "status inquiry: falls due" in line)
    now = next(i for i, line in enumerate(lines) if " now " in line and line.rstrip().endswith("---"))
    assert interview < written < now < due  # in time order, with now where it falls
    assert lines[due].startswith("> ")  # still to come
    assert "2026-11-12 11:00 PST" in lines[interview]


def test_status_of_an_unknown_thread_exits_2_with_the_nearest(scanned: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    listing = text_status(scanned, capsys)
    thread = re.search(r"^(t[0-9a-f]+)  ", listing, re.M)
    assert thread
    assert scanned.run("status", thread.group(1)[:-1] + "x") == 2
    assert f"did you mean {thread.group(1)}" in capsys.readouterr().err


def test_status_ics_is_an_rfc_5545_calendar(scanned: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert scanned.run("status", "--ics", "--now", AFTER_INTERVIEW) == 0
    out = capsys.readouterr().out
    assert out.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and out.endswith("END:VCALENDAR\r\n")
    assert out.count("BEGIN:VEVENT") == out.count("END:VEVENT") >= 2
    assert "SUMMARY:Thank-you to Larkspur Robotics: in Drafts" in out
    assert all(len(line.encode()) <= 75 for line in out.split("\r\n"))
    assert len(set(re.findall(r"^UID:(.*)$", out, re.M))) == out.count("BEGIN:VEVENT")


def test_every_scan_keeps_plan_ics_current_and_private(scanned: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    kept = scanned.state.with_name("plan.ics")
    assert kept.is_file() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    capsys.readouterr()
    scanned.run("status", "--ics", "--now", AFTER_INTERVIEW)
    printed = capsys.readouterr().out
    assert kept.read_text(encoding="utf-8").replace("\r\n", "\n") == printed.replace("\r\n", "\n")


def test_reasons_written_in_utc_are_shown_on_the_users_clock(pacific: None) -> None:
    assert shown.localized("due by 2026-11-13 19:00 UTC at the latest") == "due by 2026-11-13 11:00 PST at the latest"
    assert shown.localized("round 1: 2026-11-12T19:00+00:00, 45 min") == "round 1: 2026-11-12 11:00 PST, 45 min"


def test_relative_hints() -> None:
    import datetime as dt

    now = dt.datetime(2026, 11, 12, 12, 0, tzinfo=dt.UTC)
    assert shown.relative(now + dt.timedelta(days=6, hours=3), now) == "in 6 days"
    assert shown.relative(now - dt.timedelta(hours=3), now) == "3 hours ago"
    assert shown.relative(now + dt.timedelta(minutes=1), now) == "in 1 minute"
    assert shown.relative(now + dt.timedelta(seconds=20), now) == "now"
