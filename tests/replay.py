"""Replays acceptance-harness scenario files (YAML) through the real pipeline, in memory.

The same files the harness (`../shared/eval/harness.py`) replays end to end through Dovecot are
replayed here through `scan.scan` with in-memory backends and an injected clock: the same steps
(every message time plus 08:00 and 20:00 UTC each day), the same simulated user (send, leave or
delete each draft after `delay_h`). Fast enough for the unit suite; the harness stays the judge.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

import yaml

from watcher import config, scan
from watcher.backends import Backend
from watcher.drafts.memory import MemoryDraftWriter
from watcher.model import Role
from watcher.sources.memory import MemoryMailbox, MemorySource
from watcher.state import State

USER_ADDRESSES = ("candidate@example.org", "alex@employer.example.com")
START = dt.date(2026, 10, 5)
END = dt.date(2027, 1, 31)


@dataclass(repr=False)
class Scenario:
    name: str
    data: dict[str, Any]
    messages: list[dict[str, Any]]

    @property
    def labels(self) -> dict[str, Any]:
        return dict(self.data.get("labels") or {})

    @property
    def message_ids(self) -> set[str]:
        return {str(m["headers"]["Message-ID"]).strip() for m in self.messages}


@dataclass
class Draft:
    """A draft the product wrote, as the simulated user saw it."""

    scenario: str | None
    appeared: dt.datetime
    message_id: str
    to: list[str]
    in_reply_to: str
    kind: str
    body: str
    action: str = "leave"


@dataclass(repr=False)
class Result:
    drafts: list[Draft] = field(default_factory=list)
    snapshots: list[tuple[dt.datetime, dict[str, Any]]] = field(default_factory=list)
    state_path: Path | None = None


def parse_time(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def load(paths: list[Path]) -> list[Scenario]:
    scenarios = []
    for path in sorted(paths):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        messages = [dict(m, at=parse_time(m["at"])) for m in data.get("messages") or []]
        scenarios.append(Scenario(name=str(data["name"]), data=data, messages=messages))
    return scenarios


def build_raw(message: dict[str, Any]) -> bytes:
    """The message as the harness builds it (headers as given, Date from `at`, ics attached)."""
    headers = dict(message["headers"])
    headers.setdefault("Date", email.utils.format_datetime(message["at"]))
    out = EmailMessage(policy=email.policy.SMTP)
    order = ["From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"]
    for key in order:
        if headers.get(key):
            out[key] = headers[key]
    for key, value in headers.items():
        if key not in order and value is not None:
            out[key] = str(value)
    out["MIME-Version"] = "1.0"
    body = message.get("body") or {}
    out.set_content(body.get("text") or "")
    if body.get("html"):
        out.add_alternative(body["html"], subtype="html")
    if message.get("ics"):
        data = message["ics"].replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        out.add_attachment(data, maintype="text", subtype="calendar", filename="invite.ics",
                           params={"method": "REQUEST", "charset": "UTF-8"})
    return out.as_bytes(policy=email.policy.SMTP)


def steps(scenarios: list[Scenario], tail_days: int | None = None) -> list[dt.datetime]:
    """The harness's clock: every message time plus 08:00 and 20:00 UTC each day; with `tail_days`,
    only from the first message's day to `tail_days` after the last message (a shorter replay)."""
    moments = {m["at"].astimezone(dt.UTC) for s in scenarios for m in s.messages}
    day, last = START, END
    if tail_days is not None and moments:
        day = max(START, min(moments).date())
        last = min(END, max(moments).date() + dt.timedelta(days=tail_days))
    while day <= last:
        for hour in (8, 20):
            moments.add(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC))
        day += dt.timedelta(days=1)
    return sorted(moments)


class Mailbox(Protocol):
    """A mailbox the replay delivers to and the simulated user acts on, through a backend's own means
    (files, IMAP APPEND, a fake server's delivery), never through the code under test."""

    account: config.Account
    environ: dict[str, str]

    def backend(self) -> Backend: ...
    def deliver(self, raw: bytes, sent: bool) -> None: ...
    def drafts(self) -> dict[str, bytes]: ...  # Message-ID -> raw, as the user's mail client shows them
    def remove_draft(self, message_id: str) -> None: ...
    def close(self) -> None: ...


class InMemory:
    """The in-memory backend: a `MemoryMailbox` shared by source and draft writer."""

    def __init__(self) -> None:
        self.mailbox = MemoryMailbox()
        self.account = config.Account(name="main", backend="maildir", path="/nonexistent")
        self.environ: dict[str, str] = {}

    def backend(self) -> Backend:
        return Backend(MemorySource(self.mailbox), MemoryDraftWriter(self.mailbox), "memory", lambda: None)

    def deliver(self, raw: bytes, sent: bool) -> None:
        self.mailbox.add(Role.SENT if sent else Role.INBOX, raw)

    def drafts(self) -> dict[str, bytes]:
        return dict(self.mailbox.drafts)

    def remove_draft(self, message_id: str) -> None:
        self.mailbox.drafts.pop(message_id, None)

    def close(self) -> None:
        return None


def replay(scenarios: list[Scenario], state_path: Path, until: dt.datetime | None = None,
           mailbox: Mailbox | None = None, tail_days: int | None = None) -> Result:
    """Every step of the clock: deliver what is due, let the simulated user act, scan, record the new
    drafts and what `status` shows. `mailbox` defaults to the in-memory backend."""
    mailbox = mailbox or InMemory()
    cfg = config.Config(
        source="<replay>", accounts=(replace(mailbox.account, name="main"),),
        me=config.Me(name="Alex Candidate", addresses=USER_ADDRESSES),
        state_path=state_path)
    backend = mailbox.backend()
    pending = sorted(((m["at"], s, m) for s in scenarios for m in s.messages), key=lambda item: item[0])
    by_id = {mid: s for s in scenarios for mid in s.message_ids}
    result = Result()
    actions: list[tuple[dt.datetime, Draft]] = []
    known: set[str] = set()
    state = State.open(state_path)
    try:
        for step in steps(scenarios, tail_days):
            if until is not None and step > until:
                break
            while pending and pending[0][0] <= step:
                _, _, message = pending.pop(0)
                mailbox.deliver(build_raw(message), message["folder"] == "Sent")
            for due, draft in [a for a in actions if a[0] <= step]:
                actions.remove((due, draft))
                _act(mailbox, draft, due)
            report = scan.scan(cfg, state, {"main": backend}, step)
            kinds = {f.draft_message_id: f.kind.value for f in report.followups if f.draft_message_id}
            for message_id, raw in mailbox.drafts().items():
                if message_id in known:
                    continue
                known.add(message_id)
                draft = _draft(raw, step, by_id, kinds)
                result.drafts.append(draft)
                scenario = next((s for s in scenarios if s.name == draft.scenario), None)
                if scenario is not None:
                    user = (scenario.data.get("user") or {}).get(draft.kind) or {}
                    draft.action = str(user.get("action", "leave"))
                    if draft.action != "leave":
                        actions.append((step + dt.timedelta(hours=float(user.get("delay_h", 0) or 0)), draft))
            result.snapshots.append((step, {"threads": state.views(),  # what `status` shows
                                            "followups": report.followups}))
        result.state_path = state_path
    finally:
        backend.close()
        state.close()
    return result


def _draft(raw: bytes, step: dt.datetime, by_id: dict[str, Scenario], kinds: dict[str, str]) -> Draft:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = str(message["Message-ID"]).strip()
    in_reply_to = str(message["In-Reply-To"] or "").strip()
    references = str(message["References"] or "").split()
    scenario = next((by_id[r].name for r in [in_reply_to, *reversed(references)] if r in by_id), None)
    to = [a.lower() for _, a in email.utils.getaddresses([str(message["To"] or "")])]
    body = message.get_body(preferencelist=("plain",))
    text = str(body.get_content()) if body is not None else ""  # type: ignore[union-attr]
    return Draft(scenario, step, message_id, to, in_reply_to, kinds.get(message_id, "?"), text)


def _act(mailbox: Mailbox, draft: Draft, due: dt.datetime) -> None:
    """The user deletes the draft, or sends it: it leaves Drafts and arrives in Sent, dated when sent."""
    raw = mailbox.drafts().get(draft.message_id)
    if raw is None:
        return  # the product withdrew it before the user got to it
    mailbox.remove_draft(draft.message_id)
    if draft.action != "send":
        return
    message = email.message_from_bytes(raw, policy=email.policy.default)
    del message["Date"]
    message["Date"] = email.utils.format_datetime(due)
    mailbox.deliver(message.as_bytes(), sent=True)
