"""state.py: one SQLite file, private, in WAL mode, with a schema version, migrations and real transactions."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest

from watcher import errors, state
from watcher.model import Address, FollowUp, Kind, Status

NOW = dt.datetime(2026, 10, 13, 22, 0, tzinfo=dt.UTC)


def followup(**changes: object) -> FollowUp:
    values: dict[str, object] = {
        "followup_id": "t1:0:thank_you", "thread_id": "t1", "account": "main", "round_index": 0,
        "kind": Kind.THANK_YOU, "due": NOW, "status": Status.PLANNED, "reason": "thank-you due",
        "to": (Address("dana@brightwater.example.com", "Dana Whitfield"),)}
    values.update(changes)
    return FollowUp(**values)  # type: ignore[arg-type]


def schema_version(opened: state.State) -> int:
    row = opened.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0])


def tables(opened: state.State) -> set[str]:
    return {str(row[0]) for row in opened.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


def test_new_state_file_carries_the_current_schema_version(path: Path) -> None:
    opened = state.State.open(path)
    try:
        assert schema_version(opened) == state.SCHEMA_VERSION
        assert {"meta", "cursors", "mail", "links", "kept", "parsed", "threads", "followups", "overrides", "detections"} <= tables(opened)
    finally:
        opened.close()


def test_empty_file_is_migrated_to_the_current_schema(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    opened = state.State.open(path)
    try:
        assert schema_version(opened) == state.SCHEMA_VERSION
        assert "followups" in tables(opened)
    finally:
        opened.close()


def _version_one_file(path: Path) -> None:
    """A genuine version-1 state file (its first migration only), holding one follow-up."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(path), isolation_level=None)
    for statement in state._MIGRATIONS[0].split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    state.State(connection, path).save_followup(followup(), NOW)
    connection.close()


def test_older_schema_is_upgraded_in_place(path: Path) -> None:
    _version_one_file(path)
    reopened = state.State.open(path)
    try:
        assert schema_version(reopened) == state.SCHEMA_VERSION
        assert {"detections", "mail", "parsed"} <= tables(reopened)
    finally:
        reopened.close()


def test_upgrade_keeps_the_follow_ups(path: Path) -> None:
    _version_one_file(path)
    reopened = state.State.open(path)
    try:
        assert [f.followup_id for f in reopened.followups()] == ["t1:0:thank_you"]
    finally:
        reopened.close()


def test_newer_schema_is_refused_with_a_state_error(path: Path) -> None:
    opened = state.State.open(path)
    with opened.transaction():
        opened.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(state.SCHEMA_VERSION + 1),))
    opened.close()

    with pytest.raises(errors.StateError, match="newer followup-watcher"):
        state.State.open(path)


def test_newer_schema_error_exits_with_the_state_status() -> None:
    assert errors.StateError("x").exit_code == errors.EXIT_AUTH


def test_state_file_is_private_to_the_user(path: Path) -> None:
    state.State.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_state_file_stays_private_once_written(path: Path) -> None:
    opened = state.State.open(path)
    with opened.transaction():
        opened.save_followup(followup(), NOW)
    opened.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_write_ahead_log_files_are_private_too(path: Path) -> None:
    opened = state.State.open(path)
    try:
        with opened.transaction():
            opened.save_followup(followup(), NOW)
        companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        existing = [companion for companion in companions if companion.exists()]
        assert existing
        assert {stat.S_IMODE(companion.stat().st_mode) for companion in existing} == {0o600}
    finally:
        opened.close()


def test_state_file_is_in_wal_mode(path: Path) -> None:
    opened = state.State.open(path)
    try:
        assert opened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        opened.close()


def test_transaction_that_fails_leaves_nothing_behind(path: Path) -> None:
    opened = state.State.open(path)
    try:
        with pytest.raises(RuntimeError), opened.transaction():
            opened.save_followup(followup(), NOW)
            opened.set_override("t1", "ignore", NOW)
            raise RuntimeError("crash in the middle")
        assert opened.followups() == []
        assert opened.overrides() == {}
    finally:
        opened.close()


def test_rolled_back_transaction_is_not_in_the_file_either(path: Path) -> None:
    opened = state.State.open(path)
    with pytest.raises(RuntimeError), opened.transaction():
        opened.save_followup(followup(), NOW)
        raise RuntimeError("crash in the middle")
    opened.close()
    reopened = state.State.open(path)
    try:
        assert reopened.followups() == []
    finally:
        reopened.close()


def test_committed_transaction_survives_reopening(path: Path) -> None:
    written = followup(status=Status.DRAFTED, draft_message_id="<d1@example.org>", drafted_at=NOW, fate="present",
                       body_digest="abc", writing=True, deadline=dt.date(2026, 10, 27))
    opened = state.State.open(path)
    with opened.transaction():
        opened.save_followup(written, NOW)
    opened.close()
    reopened = state.State.open(path)
    try:
        assert reopened.followups() == [written]
    finally:
        reopened.close()


def test_status_can_read_a_state_file_that_does_not_exist_yet(path: Path) -> None:
    opened = state.State.open(path, readonly=True)
    try:
        assert opened.followups() == []
    finally:
        opened.close()
    assert not path.exists()


def test_shown_views_leave_out_only_threads_that_are_no_interview_or_ignored(path: Path) -> None:
    now = dt.datetime(2026, 11, 12, 12, 0, tzinfo=dt.UTC)
    views = [{"thread_id": "t1", "account": "a", "state": "interview", "subject": 'Re: "state": "not_interview"'},
             {"thread_id": "t2", "account": "a", "state": "not_interview", "subject": "Invoice"},
             {"thread_id": "t3", "account": "a", "state": "ignored", "subject": "Newsletter"},
             {"thread_id": "t4", "account": "a", "state": "closed", "subject": 'say "state": "ignored"'}]
    store = state.State.open(path)
    with store.transaction():
        store.save_views(views, now)
    assert [v["thread_id"] for v in store.views(shown_only=True)] == ["t1", "t4"]
    assert [v["thread_id"] for v in store.views()] == ["t1", "t2", "t3", "t4"]
    store.close()


def test_the_drafts_last_seen_are_kept_under_their_stamp_and_forgotten_without_one(path: Path) -> None:
    store = state.State.open(path)
    assert store.drafts_seen("a") is None
    with store.transaction():
        store.remember_drafts("a", "stamp-1", {"<followup-watcher.x@example.org>": (b"raw\r\n", "d1")}, {"<t@x>"})
    assert store.drafts_seen("a") == ("stamp-1", {"<followup-watcher.x@example.org>": (b"raw\r\n", "d1")},
                                      frozenset({"<t@x>"}))
    assert store.drafts_seen("b") is None
    with store.transaction():
        store.remember_drafts("a", None, {}, ())
    assert store.drafts_seen("a") is None
    store.close()


def test_a_correspondents_first_and_last_time_only_widen_and_keep_no_address(path: Path) -> None:
    opened = state.State.open(path)
    try:
        with opened.transaction():
            opened.add_correspondents("main", {"sam@post.example.net": (200, 300)})
            opened.add_correspondents("main", {"sam@post.example.net": (250, 400), "jo@example.com": (5, 5)})
        assert opened.correspondents("main", ["sam@post.example.net", "nobody@example.com"]) == {
            "sam@post.example.net": (200, 400)}
        assert opened.correspondents("other", ["sam@post.example.net"]) == {}
    finally:
        opened.close()
    assert not any(b"post.example.net" in f.read_bytes() for f in path.parent.iterdir())


def test_a_threads_join_keys_are_replaced_when_it_is_built_again_and_keep_no_address(path: Path) -> None:
    opened = state.State.open(path)
    key = state.key_of
    try:
        with opened.transaction():
            opened.save_thread_keys({"t1": ["person:sam@post.example.net", "robot"], "t2": ["robot"]}, every=True)
            opened.save_thread_keys({"t1": ["person:jo@example.com"]})
        assert (opened.threads_keyed([key("robot")]), opened.keys_of_threads(["t1"]), opened.thread_keys_complete()) == (
            {"t2"}, {key("person:jo@example.com")}, True)
    finally:
        opened.close()
    assert not any(b"example.com" in f.read_bytes() for f in path.parent.iterdir())
