"""The state store: one SQLite file, the source of truth. The only importer of sqlite3.

Holds per-folder sync cursors; an index of every message (a 64-bit hash of its Message-ID, where
to fetch it, its conversation), the conversations triage kept and the people on the other side of
them; the parsed text of the kept conversations' messages only (never a copy of the user's mail);
stable thread ids and each thread's join keys (hashed), the last detection of each thread (what
`status` shows), every follow-up and the fate of its draft, and the user's overrides. WAL mode, so
`status` can read while the daemon writes; the file is created 0600 because it holds private mail.
The schema carries a version; `_MIGRATIONS` upgrades old files in place.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from watcher import errors
from watcher.model import Address, Detection, FollowUp, Kind, Message, Role, Status

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
    # 2 -> 3: an index of headers instead of a copy of the mail; bodies only for kept conversations.
    # The old copy is dropped and the folders are indexed afresh (cursors cleared).
    """
    DROP TABLE messages;
    DELETE FROM cursors;
    CREATE TABLE mail (
        account TEXT NOT NULL, id INTEGER NOT NULL, role TEXT NOT NULL, ref TEXT NOT NULL, conv INTEGER NOT NULL,
        PRIMARY KEY (account, id)) WITHOUT ROWID;
    CREATE INDEX mail_conv ON mail (conv);
    CREATE TABLE links (account TEXT NOT NULL, key INTEGER NOT NULL, conv INTEGER NOT NULL,
        PRIMARY KEY (account, key)) WITHOUT ROWID;
    CREATE INDEX links_conv ON links (conv);
    CREATE TABLE kept (conv INTEGER PRIMARY KEY);
    CREATE TABLE people (account TEXT NOT NULL, who TEXT NOT NULL, first TEXT NOT NULL, last TEXT NOT NULL,
        PRIMARY KEY (account, who)) WITHOUT ROWID;
    CREATE TABLE parsed (
        account TEXT NOT NULL, id INTEGER NOT NULL, parser_version INTEGER NOT NULL, reason TEXT NOT NULL,
        data BLOB, PRIMARY KEY (account, id)) WITHOUT ROWID;
    ALTER TABLE detections ADD COLUMN interesting INTEGER NOT NULL DEFAULT 1;
    """,
    # 3 -> 4: threads are rebuilt only where new mail can reach (scan.py): a parsed message is found
    # by its Message-ID, a thread's messages by its id, and each thread's last mail by its date; a
    # message read but not yet threaded (a scan stopped in between) is marked so
    """
    ALTER TABLE parsed ADD COLUMN message_id TEXT;
    ALTER TABLE parsed ADD COLUMN threaded INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX parsed_message_id ON parsed (message_id);
    CREATE INDEX parsed_unthreaded ON parsed (account, id) WHERE threaded = 0;
    CREATE INDEX thread_ids_thread ON thread_ids (thread_id);
    CREATE TABLE thread_spans (thread_id TEXT PRIMARY KEY, last TEXT NOT NULL);
    CREATE TABLE lists (account TEXT NOT NULL, address TEXT NOT NULL, PRIMARY KEY (account, address)) WITHOUT ROWID;
    CREATE TABLE processes (thread_id TEXT PRIMARY KEY, process_id TEXT NOT NULL);
    CREATE INDEX processes_process ON processes (process_id);
    CREATE TABLE IF NOT EXISTS snoozes (thread_id TEXT PRIMARY KEY, until TEXT NOT NULL, created TEXT NOT NULL);
    """,
    # 4 -> 5: when the user first and last corresponded with each person triage saw (a hash of the
    # address, Unix seconds): someone written with for longer than a hiring process lasts (a friend,
    # a colleague) is not followed to their other mail. Filled from new mail on; an upgraded store
    # knows everyone as new, as before.
    """
    CREATE TABLE correspondents (account TEXT NOT NULL, who INTEGER NOT NULL, first INTEGER NOT NULL,
        last INTEGER NOT NULL, PRIMARY KEY (account, who)) WITHOUT ROWID;
    """,
    # 5 -> 6: each thread's join keys (processes.join_keys, hashed: its people, their companies, a
    # recruiting system's presence), so new mail is threaded again only with the threads it can join.
    # Filled by the next whole build of threads; until then new mail reaches every recent thread.
    """
    CREATE TABLE thread_keys (thread_id TEXT NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (thread_id, key)) WITHOUT ROWID;
    CREATE INDEX thread_keys_key ON thread_keys (key);
    """,
)
SCHEMA_VERSION = len(_MIGRATIONS)
_SPANS_COMPLETE = "thread-spans-complete"  # meta: every thread's last date is in thread_spans
_KEYS_COMPLETE = "thread-keys-complete"  # meta: every thread's join keys are in thread_keys
_NOT_SHOWN = ('"state": "not_interview"', '"state": "ignored"')  # views `status` leaves out unless --all
_DRAFTS_SEEN = "drafts-seen:"  # meta + account: the last complete Drafts listing (ours) and the folders' stamp then
_IN_CHUNK = 500  # ids per "IN (...)" query: well under SQLite's limit on bound parameters
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
        self._migrated = False  # the tables exist (a transaction may write to meta)
        # parsed messages of kept conversations, loaded once and kept up to date by this instance's own
        # writes: the daemon scans many times over one State
        self._messages: dict[tuple[str, int], Message] | None = None

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
        if version != SCHEMA_VERSION:
            with self.transaction():
                for script in _MIGRATIONS[version:]:
                    for statement in script.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        self._migrated = True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: a crash inside leaves the file as it was before.

        A full disk is a transient failure (exit 75: free space and it carries on); a state file that
        cannot be written is the user's to fix (exit 3).
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
            if self._migrated:
                # any write may change what a scan would do: the quiet rescan's record goes (quiet.py)
                self.db.execute("DELETE FROM meta WHERE key = 'quiet'")
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

    # ---------------------------------------------------------------- the index

    def index(self, account: str, entries: Sequence[tuple[int, Role, str, Sequence[int]]]) -> dict[int, int]:
        """Add messages to the index: (id, role, ref, link keys) each, the keys being the hashes of the
        ids it names (itself, its parent, its ancestors, a provider thread id). Returns each new
        message's conversation: messages that share a key share one, and conversations that a message
        joins are merged (RFC 5322 section 3.6.4: In-Reply-To and References name the ancestors)."""
        keys = {key for _, _, _, links in entries for key in links}
        known: dict[int, int] = {}
        ordered = sorted(keys)
        for start in range(0, len(ordered), _IN_CHUNK):
            chunk = ordered[start:start + _IN_CHUNK]
            known.update(self.db.execute(
                f"SELECT key, conv FROM links WHERE account = ? AND key IN ({','.join('?' * len(chunk))})",
                (account, *chunk)).fetchall())
        merged = _Merges()
        owner: dict[int, int] = {}
        next_conv = self._next_conv()
        for message, _, _, links in entries:
            convs = {merged.find(known[key]) for key in links if key in known}
            if convs:
                conv = min(convs)
                for other in convs - {conv}:
                    merged.join(other, conv)
            else:
                conv, next_conv = next_conv, next_conv + 1
            for key in links:
                known[key] = conv
            owner[message] = conv
        for old, new in merged.moves():
            self.db.execute("UPDATE links SET conv = ? WHERE conv = ?", (new, old))
            self.db.execute("UPDATE mail SET conv = ? WHERE conv = ?", (new, old))
            if self.db.execute("DELETE FROM kept WHERE conv = ?", (old,)).rowcount:
                self.db.execute("INSERT OR IGNORE INTO kept VALUES (?)", (new,))
        self.db.executemany("INSERT OR REPLACE INTO links VALUES (?, ?, ?)",
                            [(account, key, merged.find(conv)) for key, conv in known.items() if key in keys])
        # a message seen in Sent stays the user's even when a copy shows up in the Inbox later
        self.db.executemany(
            "INSERT INTO mail VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, id) DO UPDATE SET "
            "role = CASE WHEN mail.role = 'sent' THEN mail.role ELSE excluded.role END, "
            "ref = CASE WHEN mail.role = 'sent' AND excluded.role != 'sent' THEN mail.ref ELSE excluded.ref END, "
            "conv = excluded.conv",
            [(account, message, role.value, ref, merged.find(owner[message])) for message, role, ref, _ in entries])
        self._set_meta("next_conv", str(next_conv))
        if entries:
            self._unread_may_exist()  # a new message can join a kept conversation
        return {message: merged.find(conv) for message, conv in owner.items()}

    def _next_conv(self) -> int:
        value = self._meta("next_conv")
        return int(value) if value else 1

    def keep(self, convs: Iterable[int]) -> None:
        """Triage kept these conversations: their messages are to be read whole."""
        rows = [(conv,) for conv in convs]
        if rows:
            self.db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", rows)
            self._unread_may_exist()

    def _unread_may_exist(self) -> None:
        """Forget that every kept message was read ("read-by:ACCOUNT" in meta), in the same transaction
        as the change: a crash before the reading is done leaves the next scan looking for unread mail."""
        self.db.execute("DELETE FROM meta WHERE key LIKE 'read-by:%'")

    def kept(self, convs: Iterable[int]) -> set[int]:
        """Which of `convs` triage kept."""
        wanted = sorted(set(convs))
        found: set[int] = set()
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start:start + _IN_CHUNK]
            found.update(row[0] for row in self.db.execute(
                f"SELECT conv FROM kept WHERE conv IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def add_people(self, account: str, people: Mapping[str, tuple[dt.datetime, dt.datetime]]) -> None:
        """Addresses (and "@domain"s) on the other side of kept conversations, with the first and last
        time they were: their mail near those times is kept too."""
        self.db.executemany(
            "INSERT INTO people VALUES (?, ?, ?, ?) ON CONFLICT (account, who) DO UPDATE SET "
            "first = min(people.first, excluded.first), last = max(people.last, excluded.last)",
            [(account, who, first.astimezone(dt.UTC).isoformat(), last.astimezone(dt.UTC).isoformat())
             for who, (first, last) in people.items()])

    def correspondents(self, account: str, addresses: Iterable[str]) -> dict[str, tuple[int, int]]:
        """The first and last time (Unix seconds) each of `addresses` was seen on the other side of a
        person's mail, for those seen before."""
        by_key = {key_of(a): a for a in set(addresses)}
        wanted = sorted(by_key)
        found: dict[str, tuple[int, int]] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[start:start + _IN_CHUNK]
            found.update((by_key[who], (first, last)) for who, first, last in self.db.execute(
                f"SELECT who, first, last FROM correspondents WHERE account = ? AND who IN ({','.join('?' * len(chunk))})",
                (account, *chunk)))
        return found

    def add_correspondents(self, account: str, spans: Mapping[str, tuple[int, int]]) -> None:
        """Widen each address's first and last time seen (Unix seconds) by `spans`."""
        self.db.executemany(
            "INSERT INTO correspondents VALUES (?, ?, ?, ?) ON CONFLICT (account, who) DO UPDATE SET "
            "first = min(correspondents.first, excluded.first), last = max(correspondents.last, excluded.last)",
            [(account, key_of(who), first, last) for who, (first, last) in spans.items()])

    def add_list_addresses(self, account: str, addresses: Iterable[str]) -> None:
        """Addresses that mailing-list posts were sent to: the lists' own, never a person's."""
        self.db.executemany("INSERT OR IGNORE INTO lists VALUES (?, ?)", [(account, a) for a in addresses])

    def list_addresses(self, account: str) -> set[str]:
        return {str(row[0]) for row in self.db.execute("SELECT address FROM lists WHERE account = ?", (account,))}

    def people(self, account: str) -> dict[str, tuple[dt.datetime, dt.datetime]]:
        return {str(who): (dt.datetime.fromisoformat(first), dt.datetime.fromisoformat(last))
                for who, first, last in self.db.execute("SELECT who, first, last FROM people WHERE account = ?",
                                                        (account,))}

    def unread(self, account: str, parser_version: int) -> list[tuple[int, Role, str]]:
        """(id, role, ref) of messages of kept conversations whose body is not parsed (by this parser) yet."""
        rows = self.db.execute(
            "SELECT mail.id, mail.role, mail.ref FROM mail JOIN kept ON kept.conv = mail.conv "
            "LEFT JOIN parsed ON parsed.account = mail.account AND parsed.id = mail.id "
            "WHERE mail.account = ? AND (parsed.id IS NULL OR parsed.parser_version != ?)",
            (account, parser_version)).fetchall()
        return [(int(message), Role(role), str(ref)) for message, role, ref in rows]

    def save_parsed(self, account: str, message_key: int, message: Message | None, parser_version: int,
                    reason: str = "") -> None:
        """The parsed form of one message, or (None, why) for mail that could not be read."""
        if message is None:
            self.save_encoded(account, message_key, None, parser_version, reason)
            return
        if self._messages is not None:
            self._messages[(account, message_key)] = message
        self.db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, '', ?, ?, 0)",
                        (account, message_key, parser_version, encode_message(message), message.message_id))

    def save_encoded(self, account: str, message_key: int, encoded: tuple[bytes, str] | None, parser_version: int,
                     reason: str = "") -> None:
        """`save_parsed` of a message encoded already (`encode_message`, and its Message-ID): parsed and
        encoded in another process."""
        if encoded is None:
            # an unreadable newer copy never replaces a readable older one
            self.db.execute(
                "INSERT INTO parsed (account, id, parser_version, reason, data) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (account, id) DO UPDATE SET "
                "parser_version = excluded.parser_version, "
                "reason = CASE WHEN parsed.data IS NULL THEN excluded.reason ELSE parsed.reason END",
                (account, message_key, parser_version, reason))
            return
        data, message_id = encoded
        if self._messages is not None:
            message = _unpickle_message(data)
            if message is not None:
                self._messages[(account, message_key)] = message
        self.db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, '', ?, ?, 0)",
                        (account, message_key, parser_version, data, message_id))

    def keep_parsed_as_is(self, account: str, message_key: int, parser_version: int) -> None:
        """A message gone from the server keeps the text an older parser read from it (if any)."""
        if not self.db.execute("UPDATE parsed SET parser_version = ? WHERE account = ? AND id = ?",
                               (parser_version, account, message_key)).rowcount:
            self.save_parsed(account, message_key, None, parser_version, "gone from the server before it was read")

    def messages(self) -> list[Message]:
        """The parsed messages of every kept conversation, in date order."""
        if self._messages is None:
            self._messages = {}
            rows = self.db.execute(
                "SELECT parsed.account, parsed.id, parsed.data FROM parsed JOIN mail USING (account, id) "
                "JOIN kept ON kept.conv = mail.conv WHERE parsed.data IS NOT NULL")
            for account, message_key, data in rows:
                message = _unpickle_message(data)
                if message is not None:
                    self._messages[(str(account), int(message_key))] = message
        return sorted(self._messages.values(), key=lambda m: m.date)

    def forget_messages(self) -> None:
        """Let go of the parsed messages `messages()` holds (a first scan's: every kept message)."""
        self._messages = None

    def any_unthreaded(self) -> bool:
        """Whether any message was read since threads were last built (`unthreaded`), without listing them."""
        return self.db.execute("SELECT 1 FROM parsed WHERE threaded = 0 LIMIT 1").fetchone() is not None

    def unthreaded(self) -> list[tuple[str, int]]:
        """(account, key) of the messages read since threads were last built: a scan stopped between
        reading and threading leaves them here for the next one."""
        return [(str(a), int(k)) for a, k in self.db.execute("SELECT account, id FROM parsed WHERE threaded = 0")]

    def mark_threaded(self) -> None:
        """Every message read so far is in the threads and detections saved (same transaction)."""
        self.db.execute("UPDATE parsed SET threaded = 1 WHERE threaded = 0")

    def note_message_ids(self) -> None:
        """Give the parsed rows of an older state file their Message-IDs (from `messages()`), so threads
        can be rebuilt by the piece from now on."""
        if self._messages is None:
            return
        missing = {(str(a), int(k)) for a, k in self.db.execute("SELECT account, id FROM parsed "
                                                                 "WHERE message_id IS NULL AND data IS NOT NULL")}
        self.db.executemany("UPDATE parsed SET message_id = ? WHERE account = ? AND id = ?",
                            [(m.message_id, a, k) for (a, k), m in self._messages.items() if (a, k) in missing])

    def parsed_messages(self, keys: Iterable[tuple[str, int]]) -> list[Message]:
        """The parsed messages of these (account, key)s that could be read."""
        found: list[Message] = []
        by_account: dict[str, list[int]] = {}
        for account, message_key in keys:
            by_account.setdefault(account, []).append(message_key)
        for account, wanted in by_account.items():
            found.extend(m for m in (_unpickle_message(row[0]) for row in self._in(
                "SELECT data FROM parsed WHERE account = ? AND data IS NOT NULL AND id IN ({marks})", wanted, account))
                if m is not None)
        return found

    def linked_message_ids(self, keys: Iterable[tuple[str, int]]) -> set[str]:
        """The Message-IDs of the parsed mail that shares a conversation with these (account, key)s: the
        messages they name or that name them."""
        found: set[str] = set()
        by_account: dict[str, list[int]] = {}
        for account, message_key in keys:
            by_account.setdefault(account, []).append(message_key)
        for account, wanted in by_account.items():
            found.update(str(row[0]) for row in self._in(
                "SELECT parsed.message_id FROM mail AS new JOIN mail AS mate "
                "ON mate.account = new.account AND mate.conv = new.conv "
                "JOIN parsed ON parsed.account = mate.account AND parsed.id = mate.id "
                "WHERE new.account = ? AND new.id IN ({marks}) AND parsed.message_id IS NOT NULL", wanted, account))
        return found

    def messages_of_threads(self, thread_ids: Iterable[str]) -> list[Message]:
        """The parsed messages of these threads (of kept conversations), in no particular order."""
        rows = self._in(
            "SELECT parsed.data FROM thread_ids JOIN parsed ON parsed.message_id = thread_ids.message_id "
            "JOIN mail ON mail.account = parsed.account AND mail.id = parsed.id "
            "JOIN kept ON kept.conv = mail.conv "
            "WHERE thread_ids.thread_id IN ({marks}) AND parsed.data IS NOT NULL", thread_ids)
        return [m for m in (_unpickle_message(row[0]) for row in rows) if m is not None]

    def unreadable(self) -> list[tuple[str, str]]:
        """(account, reason) of kept messages that could not be read."""
        return [(str(a), str(r)) for a, r in self.db.execute("SELECT account, reason FROM parsed WHERE data IS NULL")]

    def index_size(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM mail").fetchone()[0])

    def meta(self, key: str) -> str | None:
        return self._meta(key)

    def set_meta(self, key: str, value: str | None) -> None:
        if value is None:
            self.db.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            self._set_meta(key, value)

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # ---------------------------------------------------------------- threads

    def thread_ids(self, message_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Message-ID -> the thread id it was given: of every message, or of these."""
        if message_ids is None:
            return {str(m): str(t) for m, t in self.db.execute("SELECT message_id, thread_id FROM thread_ids")}
        return {str(m): str(t) for m, t in self._in(
            "SELECT message_id, thread_id FROM thread_ids WHERE message_id IN ({marks})", message_ids)}

    def assign_thread_ids(self, assignments: dict[str, str]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO thread_ids VALUES (?, ?)", list(assignments.items()))

    def threads_since(self, cutoff: dt.datetime) -> set[str]:
        """The threads whose last message is at or after `cutoff` (as of the last time they were built)."""
        return {str(row[0]) for row in self.db.execute("SELECT thread_id FROM thread_spans WHERE last >= ?",
                                                         (_utc(cutoff),))}

    def save_spans(self, last: Mapping[str, dt.datetime], every: bool = False) -> None:
        """When each of these threads last had mail. `every`: these are all the threads there are, so
        the spans are complete from now on."""
        if every:
            self.db.execute("DELETE FROM thread_spans")
        self.db.executemany("INSERT OR REPLACE INTO thread_spans VALUES (?, ?)",
                            [(t, _utc(at)) for t, at in last.items()])
        if every:
            self._set_meta(_SPANS_COMPLETE, "1")

    def spans_complete(self) -> bool:
        return self._meta(_SPANS_COMPLETE) == "1"

    def save_thread_keys(self, keys: Mapping[str, Iterable[str]], every: bool = False) -> None:
        """Each of these threads' join keys (kept as 64-bit hashes: no address is stored), in place of
        what they had. `every`: these are all the threads there are, so the keys are complete from now on."""
        if every:
            self.db.execute("DELETE FROM thread_keys")
        else:
            for chunk in _chunks(sorted(keys)):
                self.db.execute(f"DELETE FROM thread_keys WHERE thread_id IN ({_marks(chunk)})", chunk)
        self.db.executemany("INSERT OR IGNORE INTO thread_keys VALUES (?, ?)",
                            [(t, key_of(k)) for t, found in keys.items() for k in found])
        if every:
            self._set_meta(_KEYS_COMPLETE, "1")

    def thread_keys_complete(self) -> bool:
        return self._meta(_KEYS_COMPLETE) == "1"

    def keys_of_threads(self, thread_ids: Iterable[str]) -> set[int]:
        """The hashed join keys of these threads (as of the last time they were built)."""
        return {int(row[0]) for row in self._in("SELECT key FROM thread_keys WHERE thread_id IN ({marks})", thread_ids)}

    def threads_keyed(self, keys: Iterable[int]) -> set[str]:
        """The threads with any of these hashed join keys."""
        return {str(row[0]) for row in self._in("SELECT thread_id FROM thread_keys WHERE key IN ({marks})", keys)}

    def save_views(self, changed: Iterable[dict[str, Any]], now: dt.datetime) -> None:
        """The per-thread views `status` shows: the `changed` ones written, the rest left as they are."""
        self.db.executemany(
            "INSERT OR REPLACE INTO threads VALUES (?, ?, ?, ?)",
            [(v["thread_id"], v["account"], json.dumps(v), now.isoformat()) for v in changed])

    def drop_threads(self, gone: Iterable[str]) -> None:
        """Forget threads that were merged into another: their span, join keys and process."""
        rows = [(t,) for t in gone]
        for table in ("thread_spans", "thread_keys", "processes"):
            self.db.executemany(f"DELETE FROM {table} WHERE thread_id = ?", rows)  # noqa: S608 - fixed names

    def drop_processes(self, gone: Iterable[str]) -> None:
        """Forget processes that were merged into another (or whose threads were): view and cached detection."""
        rows = [(p,) for p in gone]
        for table in ("threads", "detections"):
            self.db.executemany(f"DELETE FROM {table} WHERE thread_id = ?", rows)  # noqa: S608 - fixed names

    def save_processes(self, process_of: Mapping[str, str], every: bool = False) -> None:
        """Each thread's hiring process; `every`: these are all the threads there are."""
        if every:
            self.db.execute("DELETE FROM processes")
        self.db.executemany("INSERT OR REPLACE INTO processes VALUES (?, ?)", list(process_of.items()))

    def processes_of(self, thread_ids: Iterable[str]) -> dict[str, str]:
        """thread id -> its process's id, for these threads (as of the last build)."""
        return {str(t): str(p) for t, p in self._in(
            "SELECT thread_id, process_id FROM processes WHERE thread_id IN ({marks})", thread_ids)}

    def threads_of_processes(self, process_ids: Iterable[str]) -> set[str]:
        return {str(row[0]) for row in self._in("SELECT thread_id FROM processes WHERE process_id IN ({marks})",
                                                process_ids)}

    def known_threads(self) -> set[str]:
        """Every process id with a view or a cached detection."""
        return {str(row[0]) for row in self.db.execute("SELECT thread_id FROM threads UNION SELECT thread_id FROM detections")}

    def view_ids(self) -> set[str]:
        return {str(row[0]) for row in self.db.execute("SELECT thread_id FROM threads")}

    def views(self, shown_only: bool = False) -> list[dict[str, Any]]:
        """Every thread's view; `shown_only`: without those of threads that are no interview or ignored
        (most of a big mailbox's), told by their text before any is decoded."""
        rows = (str(row[0]) for row in self.db.execute("SELECT view FROM threads ORDER BY rowid"))
        # json.dumps escapes every quote inside a string, so these only occur as the "state" item itself
        return [json.loads(view) for view in rows if not (shown_only and any(marker in view for marker in _NOT_SHOWN))]

    def cached_detections(self, interesting_only: bool = False,
                          thread_ids: Iterable[str] | None = None) -> dict[str, tuple[str, bytes, bool]]:
        """thread id -> (fingerprint, encoded detection, interesting: an interview, an override, or a
        thread with follow-ups); `interesting_only`: those alone; `thread_ids`: of these threads alone."""
        query = "SELECT thread_id, fingerprint, data, interesting FROM detections" + (
            " WHERE interesting = 1" if interesting_only else "")
        if thread_ids is None:
            return {str(t): (str(f), bytes(d), bool(i)) for t, f, d, i in self.db.execute(query)}
        found: dict[str, tuple[str, bytes, bool]] = {}
        joiner = " AND " if interesting_only else " WHERE "
        for chunk in _chunks(sorted(set(thread_ids))):
            found.update((str(t), (str(f), bytes(d), bool(i))) for t, f, d, i in self.db.execute(
                query + f"{joiner}thread_id IN ({_marks(chunk)})", chunk))
        return found

    def cache_detections(self, entries: dict[str, tuple[str, bytes, bool]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO detections VALUES (?, ?, ?, ?)",
                            [(t, f, d, int(i)) for t, (f, d, i) in entries.items()])

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

    def override_rows(self) -> list[tuple[str, str, dt.datetime]]:
        """(target, action, when it was set) of every override."""
        return [(str(t), str(a), dt.datetime.fromisoformat(str(c)))
                for t, a, c in self.db.execute("SELECT target, action, created FROM overrides")]

    def set_override(self, target: str, action: str, now: dt.datetime) -> None:
        self.db.execute("INSERT OR REPLACE INTO overrides VALUES (?, ?, ?)", (target, action, now.isoformat()))

    def remove_overrides(self, targets: Iterable[str]) -> None:
        self.db.executemany("DELETE FROM overrides WHERE target = ?", [(t,) for t in targets])

    def remove_followups(self, followup_ids: Iterable[str]) -> None:
        """Forget these follow-ups: the next scan plans them afresh."""
        self.db.executemany("DELETE FROM followups WHERE followup_id = ?", [(f,) for f in followup_ids])

    def snooze(self, thread_id: str, until: dt.datetime, now: dt.datetime) -> None:
        self.db.execute("INSERT OR REPLACE INTO snoozes VALUES (?, ?, ?)", (thread_id, until.isoformat(), now.isoformat()))

    def unsnooze(self, thread_id: str) -> None:
        self.db.execute("DELETE FROM snoozes WHERE thread_id = ?", (thread_id,))

    def snoozes(self) -> list[tuple[str, dt.datetime, dt.datetime]]:
        """(thread id, until, when it was set) of every snooze, expired ones included."""
        return [(str(t), dt.datetime.fromisoformat(str(u)), dt.datetime.fromisoformat(str(c)))
                for t, u, c in self.db.execute("SELECT thread_id, until, created FROM snoozes")]

    def drafts_seen(self, account: str) -> tuple[str, dict[str, tuple[bytes, str]], frozenset[str]] | None:
        """The stamp Drafts and Trash had when their listing was last read complete, our drafts in it
        (Message-ID -> raw, the digest of its text) and our Message-IDs in Trash; None when there is none
        to trust."""
        value = self._meta(_DRAFTS_SEEN + account)
        if value is None:
            return None
        try:
            data = json.loads(value)
            return (str(data["stamp"]), {str(k): (base64.b64decode(raw), str(digest))
                                         for k, (raw, digest) in data["drafts"].items()},
                    frozenset(str(t) for t in data["trashed"]))
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def remember_drafts(self, account: str, stamp: str | None, drafts: Mapping[str, tuple[bytes, str]],
                        trashed: Iterable[str]) -> None:
        """Keep a complete Drafts listing under the stamp the folders had before it was read; with no
        stamp, forget the last one (the next scan lists Drafts again)."""
        if stamp is None:
            self.set_meta(_DRAFTS_SEEN + account, None)
            return
        self._set_meta(_DRAFTS_SEEN + account, json.dumps({
            "stamp": stamp, "drafts": {k: [base64.b64encode(raw).decode("ascii"), digest]
                                       for k, (raw, digest) in drafts.items()},
            "trashed": sorted(trashed)}))

    def indexed(self, message_id: str) -> bool:
        """Whether a message with this Message-ID is in the index (of any account)."""
        return self.db.execute("SELECT 1 FROM mail WHERE id = ? LIMIT 1", (key_of(message_id),)).fetchone() is not None

    def _in(self, query: str, values: Iterable[Any], *before: Any) -> Iterator[Any]:
        """The rows of `query` (`before`'s parameters, then an "IN ({marks})" list) for every one of
        `values`, a chunk at a time: SQLite bounds the parameters of one statement."""
        for chunk in _chunks(sorted(set(values))):
            yield from self.db.execute(query.format(marks=_marks(chunk)), (*before, *chunk))

    def wait_when_busy(self, seconds: float) -> None:
        """How long a statement waits for another process's write (the daemon's) before it fails."""
        self.db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start:start + _IN_CHUNK]


def _marks(chunk: Sequence[Any]) -> str:
    return ",".join("?" * len(chunk))


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")  # one width: compared as text


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


def encode_detection(detection: Detection) -> bytes:
    # pickle: a private cache of our own frozen values, in the user's own 0600 state file
    return pickle.dumps(detection, protocol=pickle.HIGHEST_PROTOCOL)


def decode_detection(data: bytes) -> Detection | None:
    """A cached detection, or None when it was written by code that no longer reads it."""
    try:
        value = pickle.loads(data)  # noqa: S301 - our own cache, see encode_detection()
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
        return None
    return value if isinstance(value, Detection) else None


def encode_message(message: Message) -> bytes:
    """A parsed message as the state keeps it (read back by `_unpickle_message`)."""
    return zlib.compress(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpickle_message(data: bytes) -> Message | None:
    # pickle: our own frozen values, in the user's own 0600 state file (as the detection cache)
    try:
        value = pickle.loads(zlib.decompress(data))  # noqa: S301
    except (pickle.UnpicklingError, zlib.error, AttributeError, ImportError, EOFError, TypeError, ValueError):
        return None
    return value if isinstance(value, Message) else None


class _Merges:
    """Union-find over conversation numbers, for the merges one batch of the index makes."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, conv: int) -> int:
        while conv in self.parent:
            conv = self.parent[conv]
        return conv

    def join(self, old: int, new: int) -> None:
        old, new = self.find(old), self.find(new)
        if old != new:
            self.parent[max(old, new)] = min(old, new)

    def moves(self) -> list[tuple[int, int]]:
        return [(old, self.find(old)) for old in self.parent]


def key_of(identifier: str) -> int:
    """The index's 64-bit key for a Message-ID (or a provider thread id): a quarter of the text's size,
    and a collision among a million ids has odds of about one in 10^7."""
    return int.from_bytes(hashlib.blake2b(identifier.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "big", signed=True)
