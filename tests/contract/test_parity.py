"""Backend parity: the same mail gives the same hiring processes, deadlines, plans and drafts on every
backend — Maildir, plain IMAP (the suite's Dovecot), Gmail over IMAP (X-GM-THRID) and the Gmail API —
differing only in where the drafts are stored (issue #10).

A handful of multi-thread scenarios (an ATS confirmation beside the recruiter's thread, a timeline
update under a new subject, a second round, an offer in a thread of its own) are replayed together,
step by step with an injected clock, through each backend's real code: mail arrives the way that
backend receives it (files, IMAP APPEND, a Gmail-like server that threads by References and subject)
and the simulated user sends or deletes drafts there. Gmail's thread ids split these processes
differently from References; the processes must not differ.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import imaplib
import itertools
import mailbox
import os
import re
from pathlib import Path
from typing import Any

import pytest
import replay
from conftest import DovecotUser, gmail_account
from fakes.gmail_api import FakeGmail
from fakes.gmail_imap import FakeGmailImap, GmailMessage

from watcher import backends, config, scan
from watcher.backends import Backend
from watcher.state import State

pytestmark = pytest.mark.usefixtures("no_keyring")  # secrets come from the config alone

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"
# Each is one hiring process of several threads over Gmail (see the module docstring).
NAMES = ["glasswing-ats-noreply-reply-to", "iv-moraine-modernloop-two-rounds",
         "v3-bitterroot-lever-moved-after-followup", "tessellate-two-rounds-ics-offer",
         "pr-ashgrove-timeline-in-a-new-thread", "pr-corvane-offer-in-another-thread",
         "pr-dunmore-rejection-on-interview-day"]
TAIL_DAYS = 45  # the steps run to this long after the last message: every second follow-up falls inside
BACKENDS = ["maildir", pytest.param("imap", marks=pytest.mark.dovecot), "gmail-imap", "gmail-api"]
IDLE_SCAN_MAX_CALLS = 10  # issue #10: a Gmail API scan with nothing new


def _message_id(raw: bytes) -> str:
    match = re.search(rb"^Message-ID:\s*(<[^>\r\n]+>)", raw, re.IGNORECASE | re.MULTILINE)
    return match.group(1).decode() if match else ""


def _bare_subject(raw: bytes) -> str:
    header = email.message_from_bytes(raw, policy=email.policy.default)
    return re.sub(r"^((re|fwd?|aw)\s*:\s*)+", "", str(header["Subject"] or ""), flags=re.IGNORECASE).strip().lower()


def _links(raw: bytes) -> set[str]:
    header = email.message_from_bytes(raw, policy=email.policy.default)
    return set(re.findall(r"<[^>]+>", f"{header['In-Reply-To'] or ''} {header['References'] or ''}"))


# ---------------------------------------------------------------------- the mailboxes


class MaildirBox:
    """A Maildir as a delivery agent and a mail client leave it: files in new/, cur/ and .Sent/."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.numbers = itertools.count(1)
        mailbox.Maildir(str(root), create=True).add_folder("Sent")
        self.account = config.Account(name="main", backend="maildir", path=str(root))
        self.environ: dict[str, str] = {}

    def backend(self) -> Backend:
        return backends.open_backend(self.account, self.environ)

    def deliver(self, raw: bytes, sent: bool) -> None:
        folder = self.root / ".Sent" if sent else self.root
        target = folder / ("cur" if sent else "new") / (f"1791000000.M{next(self.numbers)}P1.parity"
                                                      + (":2,S" if sent else ""))
        target.write_bytes(raw)

    def _draft_files(self) -> list[Path]:
        drafts = self.root / ".Drafts"
        return sorted(p for sub in ("cur", "new") for p in (drafts / sub).glob("*")) if drafts.is_dir() else []

    def drafts(self) -> dict[str, bytes]:
        return {_message_id(raw): raw for raw in (p.read_bytes() for p in self._draft_files())}

    def remove_draft(self, message_id: str) -> None:
        for path in self._draft_files():
            if _message_id(path.read_bytes()) == message_id:
                os.unlink(path)

    def close(self) -> None:
        return None


class DovecotBox:
    """A Dovecot user's mailbox, arranged over IMAP as the user's mail client would."""

    def __init__(self, user: DovecotUser) -> None:
        self.account = user.account(name="main")
        self.environ: dict[str, str] = {}
        self.imap = imaplib.IMAP4(user.server.host, user.server.port, timeout=30)
        self.imap.login(user.username, user.password)

    def backend(self) -> Backend:
        return backends.open_backend(self.account, self.environ)

    def deliver(self, raw: bytes, sent: bool) -> None:
        header = email.message_from_bytes(raw, policy=email.policy.default)
        when = email.utils.parsedate_to_datetime(str(header["Date"]))
        crlf = re.sub(rb"\r?\n", b"\r\n", raw)
        status, _ = self.imap.append("Sent" if sent else "INBOX", "(\\Seen)" if sent else None,
                                     imaplib.Time2Internaldate(when), crlf)
        assert status == "OK"

    def drafts(self) -> dict[str, bytes]:
        self.imap.select("Drafts", readonly=True)
        status, data = self.imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
        self.imap.unselect()
        raws = [bytes(item[1]) for item in data if isinstance(item, tuple)] if status == "OK" else []
        return {_message_id(raw): raw for raw in raws}

    def remove_draft(self, message_id: str) -> None:
        self.imap.select("Drafts")
        status, data = self.imap.uid("SEARCH", "HEADER", "Message-ID", message_id)
        uids = bytes(data[0] or b"").decode().split() if status == "OK" else []
        if uids:
            self.imap.uid("STORE", ",".join(uids), "+FLAGS", "(\\Deleted)")
            self.imap.expunge()
        self.imap.close()

    def close(self) -> None:
        self.imap.logout()


class GmailImapBox:
    """Gmail over IMAP: labels as folders, X-GM-THRID; a message joins the thread of a message it
    answers under the same subject, as Gmail threads (developers.google.com/gmail/api/guides/threads)."""

    def __init__(self) -> None:
        self.fake = FakeGmailImap(app_password="abcdefghijklmnop").start()
        self.account = config.Account(name="main", backend="imap", host="127.0.0.1", port=self.fake.port,
                                      security="none", username=self.fake.username,
                                      password_command="printf abcdefghijklmnop")
        self.environ: dict[str, str] = {}

    def backend(self) -> Backend:
        return backends.open_backend(self.account, self.environ)

    def _parent(self, raw: bytes) -> GmailMessage | None:
        links, subject = _links(raw), _bare_subject(raw)
        with self.fake.lock:
            return next((m for m in self.fake.messages if "\\Draft" not in m.labels
                         and _message_id(m.raw) in links and _bare_subject(m.raw) == subject), None)

    def deliver(self, raw: bytes, sent: bool) -> None:
        self.fake.deliver(raw, ("\\Sent",) if sent else ("\\Inbox",), ("\\Seen",) if sent else (),
                          thread_of=self._parent(raw))

    def drafts(self) -> dict[str, bytes]:
        with self.fake.lock:
            return {_message_id(m.raw): m.raw for m in self.fake.messages if "\\Draft" in m.labels}

    def remove_draft(self, message_id: str) -> None:
        with self.fake.lock:
            self.fake.messages[:] = [m for m in self.fake.messages
                                     if not ("\\Draft" in m.labels and _message_id(m.raw) == message_id)]

    def close(self) -> None:
        self.fake.stop()


class GmailApiBox:
    """The Gmail API on a loopback fake: OAuth, discovery, batches; drafts are Gmail drafts."""

    def __init__(self, directory: Path) -> None:
        self.fake = FakeGmail(email_address=replay.USER_ADDRESSES[0]).start()
        self.account, self.environ = gmail_account(self.fake, directory, name="main")

    def backend(self) -> Backend:
        return backends.open_backend(self.account, self.environ)

    def deliver(self, raw: bytes, sent: bool) -> None:
        self.fake.deliver(raw, ("SENT",) if sent else ("INBOX", "UNREAD"))

    def drafts(self) -> dict[str, bytes]:
        return {m.message_id(): m.raw for m in self.fake.draft_messages(include_trash=False)}

    def remove_draft(self, message_id: str) -> None:
        with self.fake.lock:
            for draft_id, stored_id in list(self.fake.drafts.items()):
                if self.fake.messages[stored_id].message_id() == message_id:
                    del self.fake.drafts[draft_id]
                    del self.fake.messages[stored_id]

    def close(self) -> None:
        self.fake.stop()


# ---------------------------------------------------------------------- what must be the same


def outcome(result: replay.Result, scenarios: list[replay.Scenario]) -> dict[str, Any]:
    """What the user sees, without where drafts are stored: the processes (as sets of the scenarios'
    message ids), their deadlines, the final plan, and every draft (scenario, when, kind, to)."""
    scenario_ids = set().union(*(s.message_ids for s in scenarios))
    views = [v for v in result.snapshots[-1][1]["threads"] if v["state"] in ("interview", "closed")]
    processes = sorted((sorted(set(v["message_ids"]) & scenario_ids), v["thread_id"], v["state"], v["interview_at"],
                        v["decision_deadline"], v["deadline_basis"], v["contact"]) for v in views)
    followups = sorted((f.followup_id, f.kind.value, f.status.value, f.due, f.fate, f.deadline,
                        tuple(a.email for a in f.to)) for f in result.snapshots[-1][1]["followups"])
    drafts = sorted((d.scenario or "", d.appeared, d.kind, tuple(d.to), d.action) for d in result.drafts)
    return {"processes": processes, "followups": followups, "drafts": drafts}




@pytest.fixture(scope="module")
def scenarios() -> list[replay.Scenario]:
    return replay.load([SCENARIOS_DIR / f"{name}.yaml" for name in NAMES])


@pytest.fixture(scope="module")
def in_memory(scenarios: list[replay.Scenario], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The reference: the pure pipeline with the in-memory backend."""
    result = replay.replay(scenarios, tmp_path_factory.mktemp("memory") / "state.sqlite3", tail_days=TAIL_DAYS)
    return outcome(result, scenarios)


def open_box(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> replay.Mailbox:
    if kind == "maildir":
        return MaildirBox(tmp_path / "Mail")
    if kind == "imap":
        return DovecotBox(request.getfixturevalue("dovecot_user"))
    if kind == "gmail-imap":
        return GmailImapBox()
    return GmailApiBox(tmp_path)


def test_the_reference_replay_has_multi_thread_processes_and_drafts_of_every_kind(in_memory: dict[str, Any]) -> None:
    # the comparison below means something only if the scenarios exercise what differs between backends
    assert {kind for _, _, kind, _, _ in in_memory["drafts"]} == {"thank_you", "follow_up", "second_follow_up"}
    assert len(in_memory["processes"]) == len(NAMES)


@pytest.mark.parametrize("kind", BACKENDS)
def test_every_backend_gives_the_same_processes_deadlines_plans_and_drafts(
        kind: str, scenarios: list[replay.Scenario], in_memory: dict[str, Any], request: pytest.FixtureRequest,
        tmp_path: Path) -> None:
    box = open_box(kind, request, tmp_path)
    try:
        result = replay.replay(scenarios, tmp_path / "state.sqlite3", mailbox=box, tail_days=TAIL_DAYS)
    finally:
        box.close()
    found = outcome(result, scenarios)
    if kind.startswith("gmail"):
        # Gmail's thread ids split these processes (a new subject is a new thread): the test bites
        threads = [len(v["threads"]) for v in result.snapshots[-1][1]["threads"] if v["state"] != "not_interview"]
        assert max(threads) > 1
    assert found["processes"] == in_memory["processes"]
    assert found["followups"] == in_memory["followups"]
    assert found["drafts"] == in_memory["drafts"]


def test_gmail_api_scan_with_nothing_new_makes_at_most_ten_api_calls(
        scenarios: list[replay.Scenario], tmp_path: Path) -> None:
    box = GmailApiBox(tmp_path)
    try:
        result = replay.replay(scenarios[:1], tmp_path / "state.sqlite3", mailbox=box, tail_days=TAIL_DAYS)
        assert result.drafts, "the replay should have written drafts"
        last = result.snapshots[-1][0]
        cfg = config.Config(source="<parity>", accounts=(box.account,),
                            me=config.Me(name="Alex Candidate", addresses=replay.USER_ADDRESSES),
                            state_path=tmp_path / "state.sqlite3")
        backend = box.backend()
        state = State.open(cfg.state_path)
        try:
            scan.scan(cfg, state, {"main": backend}, last)  # the connection and discovery, once
            before = len(box.fake.requests)
            for hours in (1, 2):
                scan.scan(cfg, state, {"main": backend}, last + dt.timedelta(hours=hours))
            calls = (len(box.fake.requests) - before) / 2
        finally:
            backend.close()
            state.close()
    finally:
        box.close()
    assert 0 < calls <= IDLE_SCAN_MAX_CALLS, f"{calls} API calls per idle scan"
