"""The state store: one SQLite file, the source of truth. The only importer of sqlite3.

Holds per-folder sync cursors, the messages read (raw, compressed, plus their parsed form), stable
thread ids, the last detection of each thread (what `status` shows), every follow-up and the fate of
its draft, and the user's overrides. WAL mode, so `status` can read while the daemon writes; the file
is created 0600 because it holds private mail. The schema carries a version; `_MIGRATIONS` upgrades
old files in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from watcher import errors
from watcher.model import Address, CalendarEvent, FollowUp, Kind, Message, Role, Status

# Each entry upgrades the schema from version i to i + 1.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE cursors (account TEXT, role TEXT, cursor TEXT NOT NULL, PRIMARY KEY (account, role));
    CREATE TABLE messages (
        account TEXT NOT NULL, message_id TEXT NOT NULL, role TEXT NOT NULL, date TEXT NOT NULL,
        raw BLOB NOT NULL, complete INTEGER NOT NULL, internal_date TEXT, provider_thread_id TEXT,
        parser_version INTEGER NOT NULL, parsed TEXT NOT NULL,
        PRIMARY KEY (account, message_id));
    CREATE TABLE thread_ids (message_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL);
    CREATE TABLE threads (thread_id TEXT PRIMARY KEY, account TEXT NOT NULL, view TEXT NOT NULL, updated TEXT NOT NULL);
    CREATE TABLE followups (
        followup_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, account TEXT NOT NULL, round_index INTEGER NOT NULL,
        kind TEXT NOT NULL, due TEXT, status TEXT NOT NULL, reason TEXT NOT NULL, recipients TEXT NOT NULL,
        draft_message_id TEXT NOT NULL, drafted_at TEXT, deadline TEXT, fate TEXT NOT NULL,
        body_digest TEXT NOT NULL, writing INTEGER NOT NULL, updated TEXT NOT NULL);
    CREATE INDEX followups_thread ON followups (thread_id);
    CREATE TABLE overrides (target TEXT PRIMARY KEY, action TEXT NOT NULL, created TEXT NOT NULL);
    """,
    # 1 -> 2: detections are cached per thread, keyed by what they depend on (see detect.fingerprint)
    """
    CREATE TABLE detections (thread_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, data BLOB NOT NULL);
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)
log = logging.getLogger(__name__)


def _unreadable(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite says the file's content is damaged (as opposed to unwritable or locked)."""
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "corrupt" in text


def _move_aside(path: Path) -> Path:
    """Rename the file (and its -wal and -shm) to the first free `NAME.corrupt-N`; that name."""
    number = 1
    while path.with_name(f"{path.name}.corrupt-{number}").exists():
        number += 1
    kept = path.with_name(f"{path.name}.corrupt-{number}")
    path.rename(kept)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(kept.with_name(kept.name + suffix))
    return kept


class State:
    """An open state database. One instance per thread (sqlite3 connections are not shared)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path
        # parsed messages, loaded once and kept up to date by this instance's own writes: the daemon
        # scans many times over one State, and decoding every message each time was most of a scan
        self._messages: dict[tuple[str, str], Message] | None = None

    @classmethod
    def open(cls, path: Path, readonly: bool = False) -> State:
        if readonly and not path.exists():
            connection = sqlite3.connect(":memory:", isolation_level=None)
            state = cls(connection, path)
            state._migrate()
            return state
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            return cls._open_file(path)
        except sqlite3.DatabaseError as exc:
            if not _unreadable(exc):
                raise errors.StateError(f"cannot use the state file {path}: {exc} — check that its directory "
                                        "is writable by this user and the disk is not full") from None
        # Corrupted (truncated, overwritten, a foreign -wal applied): keep it for the user and start
        # afresh rather than stopping for good. Drafts already written are recognised by Message-ID.
        kept = _move_aside(path)
        log.warning("the state file %s was unreadable; it was moved to %s and a new one started "
                    "(drafts already in Drafts are recognised and not written again)", path, kept)
        try:
            return cls._open_file(path)
        except sqlite3.DatabaseError as exc:
            raise errors.StateError(f"cannot create a new state file {path}: {exc}") from None

    @classmethod
    def _open_file(cls, path: Path) -> State:
        if not path.exists():
            # create it private before SQLite does: it will hold people's mail
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        connection = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            state = cls(connection, path)
            state._migrate()
            # every table read once: a truncated file fails here, not in the middle of a scan
            for table in ("meta", "cursors", "followups", "overrides", "thread_ids"):
                connection.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
        except BaseException:
            connection.close()
            raise
        return state

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = 0
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 0
        except sqlite3.OperationalError:
            version = 0
        if version > SCHEMA_VERSION:
            raise errors.StateError(
                f"the state file {self.path} was written by a newer followup-watcher (schema {version}) — upgrade this one")
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            for script in _MIGRATIONS[version:]:
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: a crash inside leaves the file as it was before.

        A full disk is a transient failure (exit 75: free space and it carries on); a state file that
        cannot be written is the user's to fix (exit 3).
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            with contextlib.suppress(sqlite3.Error):
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
            text = str(exc).lower()
            if "full" in text or "disk i/o" in text:
                raise errors.TransientError(f"cannot write the state file {self.path}: {exc} — free some disk "
                                            "space; nothing was lost, the next attempt carries on") from None
            if "readonly" in text or "read-only" in text:
                raise errors.StateError(f"cannot write the state file {self.path}: {exc} — make it and its "
                                        "directory writable by this user") from None
            raise

    # ---------------------------------------------------------------- cursors

    def cursor(self, account: str, role: Role) -> str | None:
        row = self.db.execute("SELECT cursor FROM cursors WHERE account = ? AND role = ?", (account, role.value)).fetchone()
        return str(row[0]) if row else None

    def set_cursor(self, account: str, role: Role, cursor: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO cursors VALUES (?, ?, ?)", (account, role.value, cursor))

    # ---------------------------------------------------------------- messages

    def add_message(self, message: Message, raw: bytes, internal_date: dt.datetime | None, parser_version: int) -> None:
        """Store a parsed message; a copy already known from the Inbox becomes the user's if seen in Sent."""
        existing = self.db.execute(
            "SELECT role, complete FROM messages WHERE account = ? AND message_id = ?",
            (message.account, message.message_id)).fetchone()
        if existing and (existing[0] == Role.SENT.value or (existing[1] and not message.complete)):
            return
        if self._messages is not None:
            self._messages[(message.account, message.message_id)] = message
        self.db.execute(
            "INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (message.account, message.message_id, message.role.value, message.date.isoformat(), zlib.compress(raw),
             int(message.complete), internal_date.isoformat() if internal_date else None, message.provider_thread_id,
             parser_version, json.dumps(_message_to_json(message))))

    def messages(self) -> list[Message]:
        if self._messages is None:
            loaded = (_message_from_json(json.loads(row[0])) for row in self.db.execute("SELECT parsed FROM messages"))
            self._messages = {(m.account, m.message_id): m for m in loaded}
        return sorted(self._messages.values(), key=lambda m: m.date)

    def stale_messages(self, parser_version: int) -> Iterator[tuple[str, str, str, bytes, bool, str | None, str | None]]:
        """Messages parsed by an older parser: (account, message_id, role, raw, complete, internal_date, thread hint)."""
        rows = self.db.execute(
            "SELECT account, message_id, role, raw, complete, internal_date, provider_thread_id FROM messages "
            "WHERE parser_version != ?", (parser_version,)).fetchall()
        for account, message_id, role, raw, complete, internal, hint in rows:
            yield account, message_id, role, zlib.decompress(raw), bool(complete), internal, hint

    def replace_parsed(self, message: Message, parser_version: int) -> None:
        if self._messages is not None:
            self._messages[(message.account, message.message_id)] = message
        self.db.execute(
            "UPDATE messages SET parsed = ?, parser_version = ?, date = ? WHERE account = ? AND message_id = ?",
            (json.dumps(_message_to_json(message)), parser_version, message.date.isoformat(), message.account,
             message.message_id))

    # ---------------------------------------------------------------- threads

    def thread_ids(self) -> dict[str, str]:
        return {str(m): str(t) for m, t in self.db.execute("SELECT message_id, thread_id FROM thread_ids")}

    def assign_thread_ids(self, assignments: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO thread_ids VALUES (?, ?)", list(assignments.items()))

    def save_views(self, views: Iterable[dict[str, Any]], now: dt.datetime) -> None:
        """Replace the per-thread views `status` shows with the ones of this scan."""
        self.db.execute("DELETE FROM threads")
        self.db.executemany(
            "INSERT INTO threads VALUES (?, ?, ?, ?)",
            [(v["thread_id"], v["account"], json.dumps(v), now.isoformat()) for v in views])

    def views(self) -> list[dict[str, Any]]:
        return [json.loads(row[0]) for row in self.db.execute("SELECT view FROM threads ORDER BY rowid")]

    def cached_detections(self) -> dict[str, tuple[str, bytes]]:
        return {str(t): (str(f), bytes(d)) for t, f, d in self.db.execute("SELECT thread_id, fingerprint, data FROM detections")}

    def cache_detections(self, entries: dict[str, tuple[str, bytes]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO detections VALUES (?, ?, ?)",
                            [(t, f, d) for t, (f, d) in entries.items()])

    # ---------------------------------------------------------------- follow-ups

    def followups(self) -> list[FollowUp]:
        rows = self.db.execute(
            "SELECT followup_id, thread_id, account, round_index, kind, due, status, reason, recipients, "
            "draft_message_id, drafted_at, deadline, fate, body_digest, writing FROM followups ORDER BY due, followup_id")
        return [_followup_from_row(row) for row in rows]

    def save_followup(self, followup: FollowUp, now: dt.datetime) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO followups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (followup.followup_id, followup.thread_id, followup.account, followup.round_index, followup.kind.value,
             _iso(followup.due), followup.status.value, followup.reason,
             json.dumps([[a.email, a.name] for a in followup.to]), followup.draft_message_id,
             _iso(followup.drafted_at), followup.deadline.isoformat() if followup.deadline else None,
             followup.fate, followup.body_digest, int(followup.writing), now.isoformat()))

    # ---------------------------------------------------------------- overrides

    def overrides(self) -> dict[str, str]:
        return {str(t): str(a) for t, a in self.db.execute("SELECT target, action FROM overrides")}

    def set_override(self, target: str, action: str, now: dt.datetime) -> None:
        self.db.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?)", (target, action, now.isoformat()))


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _followup_from_row(row: tuple[Any, ...]) -> FollowUp:
    (followup_id, thread_id, account, round_index, kind, due, status, reason, recipients, draft_message_id,
     drafted_at, deadline, fate, body_digest, writing) = row
    return FollowUp(
        followup_id=followup_id, thread_id=thread_id, account=account, round_index=int(round_index), kind=Kind(kind),
        due=_datetime(due), status=Status(status), reason=reason,
        to=tuple(Address(email=e, name=n) for e, n in json.loads(recipients)), draft_message_id=draft_message_id,
        drafted_at=_datetime(drafted_at), deadline=dt.date.fromisoformat(deadline) if deadline else None,
        fate=fate, body_digest=body_digest, writing=bool(writing))


def _address(value: Address | None) -> list[str] | None:
    return None if value is None else [value.email, value.name]


def _addresses(values: tuple[Address, ...]) -> list[list[str]]:
    return [[a.email, a.name] for a in values]


def _from_addresses(values: list[list[str]]) -> tuple[Address, ...]:
    return tuple(Address(email=e, name=n) for e, n in values)


def _message_to_json(message: Message) -> dict[str, Any]:
    return {
        "account": message.account, "message_id": message.message_id, "role": message.role.value,
        "date": message.date.isoformat(), "sender": _address(message.sender), "to": _addresses(message.to),
        "cc": _addresses(message.cc), "reply_to": _addresses(message.reply_to), "subject": message.subject,
        "in_reply_to": message.in_reply_to, "references": list(message.references), "text": message.text,
        "author_text": message.author_text, "signature": message.signature,
        "calendar": [_event_to_json(e) for e in message.calendar], "auto_submitted": message.auto_submitted,
        "bulk": message.bulk, "provider_thread_id": message.provider_thread_id, "complete": message.complete,
    }


def _message_from_json(data: dict[str, Any]) -> Message:
    sender = data["sender"]
    return Message(
        account=data["account"], message_id=data["message_id"], role=Role(data["role"]),
        date=dt.datetime.fromisoformat(data["date"]), sender=Address(email=sender[0], name=sender[1]) if sender else None,
        to=_from_addresses(data["to"]), cc=_from_addresses(data["cc"]), reply_to=_from_addresses(data["reply_to"]),
        subject=data["subject"], in_reply_to=data["in_reply_to"], references=tuple(data["references"]),
        text=data["text"], author_text=data["author_text"], signature=data["signature"],
        calendar=tuple(_event_from_json(e) for e in data["calendar"]), auto_submitted=data["auto_submitted"],
        bulk=data["bulk"], provider_thread_id=data["provider_thread_id"], complete=data["complete"])


def _event_to_json(event: CalendarEvent) -> dict[str, Any]:
    return {
        "uid": event.uid, "sequence": event.sequence, "method": event.method, "status": event.status,
        "start": _iso(event.start), "end": _iso(event.end), "summary": event.summary,
        "description": event.description, "organizer": event.organizer, "attendees": _addresses(event.attendees),
    }


def _event_from_json(data: dict[str, Any]) -> CalendarEvent:
    return CalendarEvent(
        uid=data["uid"], sequence=data["sequence"], method=data["method"], status=data["status"],
        start=_datetime(data["start"]), end=_datetime(data["end"]), summary=data["summary"],
        description=data["description"], organizer=data["organizer"], attendees=_from_addresses(data["attendees"]))
