"""Scenario replays through each backend's real code: the mailboxes the replay delivers to, one per backend.

Shared by the parity test (tests/contract/test_parity.py) and the corpus bench (bench/backends_corpus.py).
Each mailbox receives mail the way its backend does — files a delivery agent leaves in a Maildir, IMAP
APPEND to the suite's Dovecot, a Gmail-like IMAP server that threads by References and subject, the
Gmail API on a loopback fake — and the simulated user reads, sends and deletes drafts there, never
through the code under test. `outcome` is what the user sees, without where drafts are stored.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import imaplib
import itertools
import json
import mailbox
import os
import re
from pathlib import Path
from typing import Any

import replay
from fakes.gmail_api import FakeGmail
from fakes.gmail_imap import FakeGmailImap, GmailMessage

from watcher import backends, config, oauth
from watcher.backends import Backend

KINDS = ("maildir", "imap", "gmail-imap", "gmail-api")


def message_id(raw: bytes) -> str:
    match = re.search(rb"^Message-ID:\s*(<[^>\r\n]+>)", raw, re.IGNORECASE | re.MULTILINE)
    return match.group(1).decode() if match else ""


def bare_subject(raw: bytes) -> str:
    header = email.message_from_bytes(raw, policy=email.policy.default)
    return re.sub(r"^((re|fwd?|aw)\s*:\s*)+", "", str(header["Subject"] or ""), flags=re.IGNORECASE).strip().lower()


def links(raw: bytes) -> set[str]:
    header = email.message_from_bytes(raw, policy=email.policy.default)
    return set(re.findall(r"<[^>]+>", f"{header['In-Reply-To'] or ''} {header['References'] or ''}"))


def gmail_account(fake: FakeGmail, directory: Path, name: str = "test",
                  scopes: tuple[str, ...] = oauth.GMAIL_API_SCOPES) -> tuple[config.Account, dict[str, str]]:
    """A gmail-api account for `fake`: its client JSON, and a refresh token as a systemd credential."""
    client = directory / "client_secret.json"
    client.write_text(json.dumps(fake.client_secrets()), encoding="utf-8")
    credentials = directory / "credentials"
    credentials.mkdir(exist_ok=True)
    (credentials / f"{name}.oauth").write_text(fake.issue_refresh_token(scopes) + "\n", encoding="utf-8")
    account = config.Account(name=name, backend="gmail-api", client_secrets=str(client), api_endpoint=fake.url,
                             username=fake.email_address)
    return account, {"CREDENTIALS_DIRECTORY": str(credentials)}


# Besides replay.Mailbox, every box answers what the acceptance harness checks after each scan:
# whether a draft carries the draft mark (`draft_flagged`) and what is in Sent (`sent_ids`).


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
        return {message_id(raw): raw for raw in (p.read_bytes() for p in self._draft_files())}

    def draft_flagged(self, draft_id: str) -> bool:
        infos = [p.name.partition(":2,")[2] for p in self._draft_files() if message_id(p.read_bytes()) == draft_id]
        return bool(infos) and all("D" in info for info in infos)

    def remove_draft(self, draft_id: str) -> None:
        for path in self._draft_files():
            if message_id(path.read_bytes()) == draft_id:
                os.unlink(path)

    def sent_ids(self) -> list[str]:
        sent = self.root / ".Sent"
        return [message_id(p.read_bytes()) for sub in ("cur", "new") for p in sorted((sent / sub).glob("*"))]

    def close(self) -> None:
        return None


class DovecotBox:
    """A Dovecot user's mailbox, arranged over IMAP as the user's mail client would."""

    def __init__(self, host: str, port: int, username: str, password: str) -> None:
        self.account = config.Account(name="main", backend="imap", host=host, port=port, security="none",
                                      username=username, password_command=f"printf {password}")
        self.environ: dict[str, str] = {}
        self.imap = imaplib.IMAP4(host, port, timeout=30)
        self.imap.login(username, password)
        self.seen: dict[int, tuple[str, bytes, bool]] = {}  # Drafts UID -> (Message-ID, raw, \Draft flag)

    def backend(self) -> Backend:
        return backends.open_backend(self.account, self.environ)

    def deliver(self, raw: bytes, sent: bool) -> None:
        header = email.message_from_bytes(raw, policy=email.policy.default)
        when = email.utils.parsedate_to_datetime(str(header["Date"]))
        crlf = re.sub(rb"\r?\n", b"\r\n", raw)
        status, _ = self.imap.append("Sent" if sent else "INBOX", "(\\Seen)" if sent else None,
                                     imaplib.Time2Internaldate(when), crlf)
        assert status == "OK"

    def _drafts(self) -> dict[int, tuple[str, bytes, bool]]:
        """Drafts by UID; only the UIDs not seen before are fetched (a client's cache)."""
        self.imap.select("Drafts", readonly=True)
        status, data = self.imap.uid("SEARCH", "ALL")
        uids = [int(u) for u in bytes(data[0] or b"").split()] if status == "OK" else []
        new = [u for u in uids if u not in self.seen]
        if new:
            status, data = self.imap.uid("FETCH", ",".join(map(str, new)), "(UID FLAGS BODY.PEEK[])")
            for item in data if status == "OK" else []:
                if isinstance(item, tuple):
                    meta = bytes(item[0]).decode("ascii", "replace")
                    uid = re.search(r"UID (\d+)", meta)
                    if uid:
                        raw = bytes(item[1])
                        self.seen[int(uid.group(1))] = (message_id(raw), raw, "\\Draft" in meta)
        self.imap.unselect()
        self.seen = {u: self.seen[u] for u in uids if u in self.seen}
        return self.seen

    def drafts(self) -> dict[str, bytes]:
        return {mid: raw for mid, raw, _ in self._drafts().values()}

    def draft_flagged(self, draft_id: str) -> bool:
        flags = [flag for mid, _, flag in self._drafts().values() if mid == draft_id]
        return bool(flags) and all(flags)

    def remove_draft(self, draft_id: str) -> None:
        self.imap.select("Drafts")
        status, data = self.imap.uid("SEARCH", "HEADER", "Message-ID", draft_id)
        uids = bytes(data[0] or b"").decode().split() if status == "OK" else []
        if uids:
            self.imap.uid("STORE", ",".join(uids), "+FLAGS", "(\\Deleted)")
            self.imap.expunge()
        self.imap.close()

    def sent_ids(self) -> list[str]:
        self.imap.select("Sent", readonly=True)
        status, data = self.imap.uid("FETCH", "1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        self.imap.unselect()
        return [message_id(bytes(item[1])) for item in data if isinstance(item, tuple)] if status == "OK" else []

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
        self.delivered: dict[str, tuple[str, GmailMessage]] = {}  # Message-ID -> (bare subject, message)

    def backend(self) -> Backend:
        return backends.open_backend(self.account, self.environ)

    def _parent(self, raw: bytes) -> GmailMessage | None:
        subject = bare_subject(raw)
        found = [self.delivered[link][1] for link in links(raw)
                 if link in self.delivered and self.delivered[link][0] == subject]
        return min(found, key=lambda m: m.msgid) if found else None  # the earliest, as Gmail's thread

    def deliver(self, raw: bytes, sent: bool) -> None:
        delivered = self.fake.deliver(raw, ("\\Sent",) if sent else ("\\Inbox",), ("\\Seen",) if sent else (),
                                      thread_of=self._parent(raw))
        self.delivered.setdefault(message_id(raw), (bare_subject(raw), delivered))

    def _drafts(self) -> list[GmailMessage]:
        with self.fake.lock:
            return [m for m in self.fake.messages if "\\Draft" in m.labels]

    def drafts(self) -> dict[str, bytes]:
        return {message_id(m.raw): m.raw for m in self._drafts()}

    def draft_flagged(self, draft_id: str) -> bool:
        flags = [m.flags for m in self._drafts() if message_id(m.raw) == draft_id]
        return bool(flags) and all("\\Draft" in found for found in flags)

    def remove_draft(self, draft_id: str) -> None:
        with self.fake.lock:
            self.fake.messages[:] = [m for m in self.fake.messages
                                     if not ("\\Draft" in m.labels and message_id(m.raw) == draft_id)]

    def sent_ids(self) -> list[str]:
        with self.fake.lock:
            return [message_id(m.raw) for m in self.fake.messages if "\\Sent" in m.labels]

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

    def draft_flagged(self, draft_id: str) -> bool:
        labels = [m.labels for m in self.fake.draft_messages(include_trash=False) if m.message_id() == draft_id]
        return bool(labels) and all("DRAFT" in found for found in labels)

    def remove_draft(self, draft_id: str) -> None:
        with self.fake.lock:
            for number, stored_id in list(self.fake.drafts.items()):
                if self.fake.messages[stored_id].message_id() == draft_id:
                    del self.fake.drafts[number]
                    del self.fake.messages[stored_id]

    def sent_ids(self) -> list[str]:
        with self.fake.lock:
            return [m.message_id() for m in self.fake.messages.values() if "SENT" in m.labels]

    def close(self) -> None:
        self.fake.stop()


Box = MaildirBox | DovecotBox | GmailImapBox | GmailApiBox


def open_box(kind: str, directory: Path, dovecot_user: tuple[str, int, str, str] | None = None) -> Box:
    """A fresh mailbox of `kind` (one of KINDS); "imap" needs a Dovecot user (host, port, username, password)."""
    if kind == "maildir":
        return MaildirBox(directory / "Mail")
    if kind == "imap":
        assert dovecot_user is not None, "the imap box needs a Dovecot user"
        return DovecotBox(*dovecot_user)
    if kind == "gmail-imap":
        return GmailImapBox()
    if kind == "gmail-api":
        return GmailApiBox(directory)
    raise ValueError(f"unknown backend {kind!r}; one of {', '.join(KINDS)}")


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
