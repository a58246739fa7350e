"""A Dovecot mailbox that lives through weeks of interview mail, a simulated user, and scans through
the fault proxy (tests/faultproxy.py): what the fault tests and bench/faults.py share.

Mail arrives at the times the scenario files give (tests/scenarios/, via tests/replay.py); the scans
run in this process through `watcher.session.scan_once` with the clock injected, the IMAP connection
going through the proxy. The user acts on each draft as the scenario says (send it, delete it, or
leave it), the way a mail client does: a sent draft is stored in Sent, a deleted one is moved to
Trash. `outcome()` is what must not depend on faults: Drafts, Sent, flags and the follow-ups' fates.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dovecot
import replay
from conftest import DovecotUser

from watcher import config, errors, session
from watcher.state import State

SCENARIOS = ("iv-halvard-video-hm-two-weeks", "iv-greyfriars-dst-gap-week", "iv-foxglove-founder-gmail-deleted")
SCENARIO_DIR = Path(__file__).parents[1] / "scenarios"
FIRST_DAY = dt.date(2026, 10, 8)
LAST_DAY = dt.date(2026, 11, 20)
ACCEPTED_EXIT_CODES = {0, errors.EXIT_TEMPFAIL}  # a transient failure is 75, never a "don't restart" code


def steps(every_days: int = 2) -> list[dt.datetime]:
    """Every message's time and 20:00 UTC of every `every_days` day: when the scans run."""
    moments = {m["at"].astimezone(dt.UTC) for s in _scenarios() for m in s.messages}
    day = FIRST_DAY
    while day <= LAST_DAY:
        moments.add(dt.datetime(day.year, day.month, day.day, 20, tzinfo=dt.UTC))
        day += dt.timedelta(days=every_days)
    return sorted(moments)


def _scenarios() -> list[replay.Scenario]:
    return replay.load([SCENARIO_DIR / f"{name}.yaml" for name in SCENARIOS])


@dataclass(frozen=True)
class Outcome:
    """What a run leaves behind; a run with faults must leave exactly what a run without them does."""

    drafts: tuple[str, ...]  # Message-IDs in Drafts, sorted, repeats kept (a repeat is a duplicate)
    sent: tuple[str, ...]
    trash: tuple[str, ...]
    flags: tuple[tuple[str, str, frozenset[str]], ...]  # (folder, Message-ID, flags) of the user's mail
    followups: tuple[tuple[str, str, str, str], ...]  # (follow-up id, status, fate, draft Message-ID)


@dataclass
class World:
    user: DovecotUser
    root: Path
    port: int
    state_path: Path = field(init=False)
    loaded: config.Config = field(init=False)
    codes: list[int] = field(default_factory=list)
    wrote_at: list[dt.datetime] = field(default_factory=list)  # steps after which a new draft was seen
    last_error: str = ""  # what the last failed scan said, for an assertion's message

    def __post_init__(self) -> None:
        self.state_path = self.root / "state" / "state.sqlite3"
        path = self.root / "config.toml"
        addresses = ", ".join(f'"{a}"' for a in replay.USER_ADDRESSES)
        path.write_text(
            f'[[accounts]]\nname = "test"\nbackend = "imap"\nhost = "127.0.0.1"\nport = {self.port}\n'
            f'security = "none"\nusername = "{self.user.username}"\npassword_command = "printf {self.user.password}"\n\n'
            f'[me]\nname = "Alex Candidate"\naddresses = [{addresses}]\n\n[state]\npath = "{self.state_path}"\n',
            encoding="utf-8")
        self.loaded = config.load(path)
        self.scenarios = _scenarios()
        self.pending = sorted(((m["at"], m) for s in self.scenarios for m in s.messages), key=lambda item: item[0])
        self.by_id = {mid: s for s in self.scenarios for mid in s.message_ids}
        self.known: set[str] = set()
        self.actions: list[tuple[dt.datetime, str, str]] = []  # (due, Message-ID, send | delete)

    def server_log(self, lines: int = 30) -> str:
        """The last lines of Dovecot's log about this world's user, and about connections that ended before
        any login (a connection dropped under a scan leaves only those), then Dovecot's warnings and errors
        (made-up mail: no one's privacy)."""
        about = [line for line in self.user.server.log_lines()
                 if self.user.username in line or ("imap-login:" in line and "user=<>" in line)]
        complaints = self.user.server.complaints()
        return "\n".join(about[-lines:] + (["Dovecot's warnings and errors:", *complaints] if complaints else []))

    def tool(self) -> dovecot.ImapTool:
        return dovecot.ImapTool(self.user.server.host, self.user.server.port, self.user.username, self.user.password)

    def before_scan(self, step: dt.datetime) -> None:
        """New mail arrives, and the user does what was due by now."""
        tool = self.tool()
        try:
            while self.pending and self.pending[0][0] <= step:
                _, message = self.pending.pop(0)
                sent = message["folder"] == "Sent"
                tool.append("Sent" if sent else "INBOX", replay.build_raw(message), ("\\Seen",) if sent else ())
            for due, message_id, action in [a for a in self.actions if a[0] <= step]:
                self.actions.remove((due, message_id, action))
                _act(tool, message_id, action, due)
        finally:
            tool.close()

    def scan(self, now: dt.datetime) -> int:
        """One `scan --once`, as the CLI runs it; the exit code it would have. Anything else propagates."""
        try:
            session.scan_once(self.loaded, now)
        except errors.WatcherError as error:
            code = int(getattr(error, "exit_code", 1))
            self.codes.append(code)
            self.last_error = f"{type(error).__name__}: {error}"
            return code
        self.codes.append(0)
        return 0

    def after_scan(self, step: dt.datetime) -> None:
        """The user notices new drafts and plans to act on them as the scenario says."""
        tool = self.tool()
        try:
            drafts = tool.messages("Drafts")
        finally:
            tool.close()
        kinds = self._kinds()
        if any(message_id not in self.known for message_id, _flags in drafts):
            self.wrote_at.append(step)
        for message_id, _flags in drafts:
            if message_id in self.known:
                continue
            self.known.add(message_id)
            scenario = self._scenario_of(message_id)
            user = ((scenario.data.get("user") or {}) if scenario else {}).get(kinds.get(message_id, "?")) or {}
            action = str(user.get("action", "leave"))
            if action in ("send", "delete"):
                due = step + dt.timedelta(hours=float(user.get("delay_h", 0) or 0))
                self.actions.append((due, message_id, action))

    def _kinds(self) -> dict[str, str]:
        state = State.open(self.state_path)
        try:
            return {f.draft_message_id: f.kind.value for f in state.followups() if f.draft_message_id}
        finally:
            state.close()

    def _scenario_of(self, message_id: str) -> replay.Scenario | None:
        raw = self._draft_raw(message_id)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        candidates = [str(message["In-Reply-To"] or "").strip(), *reversed(str(message["References"] or "").split())]
        return next((self.by_id[c] for c in candidates if c in self.by_id), None)

    def _draft_raw(self, message_id: str) -> bytes:
        tool = self.tool()
        try:
            return _fetch_by_id(tool, "Drafts", message_id) or b""
        finally:
            tool.close()

    def outcome(self) -> Outcome:
        tool = self.tool()
        try:
            folders = {name: tool.messages(name) for name in ("INBOX", "Sent", "Drafts", "Trash")}
        finally:
            tool.close()
        state = State.open(self.state_path)
        try:
            followups = tuple(sorted((f.followup_id, f.status.value, f.fate, f.draft_message_id)
                                     for f in state.followups()))
        finally:
            state.close()
        return Outcome(
            drafts=tuple(sorted(m for m, _ in folders["Drafts"])), sent=tuple(sorted(m for m, _ in folders["Sent"])),
            trash=tuple(sorted(m for m, _ in folders["Trash"])),
            flags=tuple(sorted((name, m, f) for name in ("INBOX", "Sent") for m, f in folders[name])),
            followups=followups)


def run(world: World, each_step: Callable[[World, dt.datetime], None], until: dt.datetime | None = None,
        every_days: int = 2) -> None:
    """The weeks of mail, with `each_step` doing the scanning at every step (with or without faults)."""
    for step in steps(every_days):
        if until is not None and step > until:
            return
        world.before_scan(step)
        each_step(world, step)
        world.after_scan(step)


def clean_step(world: World, step: dt.datetime) -> None:
    code = world.scan(step)
    assert code == 0, (f"a scan without faults failed at {step} with exit code {code}: {world.last_error}\n"
                       f"the server's log for this user:\n{world.server_log()}")


def _act(tool: dovecot.ImapTool, message_id: str, action: str, due: dt.datetime) -> None:
    """What a mail client does: send (the message lands in Sent) or delete (moved to Trash)."""
    raw = _fetch_by_id(tool, "Drafts", message_id)
    if raw is None:
        return
    if action == "send":
        message = email.message_from_bytes(raw, policy=email.policy.default)
        del message["Date"]
        message["Date"] = email.utils.format_datetime(due)
        tool.append("Sent", message.as_bytes(), ("\\Seen",), when=due)
    else:
        tool.append("Trash", raw, ("\\Seen",), when=due)
    tool.imap.select('"Drafts"')
    status, data = tool.imap.uid("SEARCH", "HEADER", "Message-ID", message_id)
    assert status == "OK"
    for uid in bytes(data[0] or b"").split():
        tool.imap.uid("STORE", uid.decode(), "+FLAGS.SILENT", "(\\Deleted)")
    tool.imap.expunge()
    tool.imap.close()


def _fetch_by_id(tool: dovecot.ImapTool, folder: str, message_id: str) -> bytes | None:
    tool.imap.select(f'"{folder}"', readonly=True)
    try:
        status, data = tool.imap.uid("SEARCH", "HEADER", "Message-ID", message_id)
        uids = bytes(data[0] or b"").split() if status == "OK" else []
        if not uids:
            return None
        status, fetched = tool.imap.uid("FETCH", uids[0].decode(), "(BODY.PEEK[])")
        for item in fetched:
            if isinstance(item, tuple):
                return bytes(item[1])
        return None
    finally:
        tool.imap.unselect()
