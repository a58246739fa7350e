"""Runs `followup-watcher run` as a real subprocess and watches what it does from outside.

The daemon reads the real clock, so the test mail is dated relative to now: an interview that ended
a few hours ago (its thank-you is due at once), and the recruiter's later messages. What the daemon
does is observed the way systemd and the user would: sd_notify datagrams on a NOTIFY_SOCKET this
harness binds, the Drafts folder over IMAP, and `status` read from the state file while it runs.
Waiting is always for an observable effect, with a generous timeout, never for time to pass.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from listener import Listener

from watcher import config, session

ME = "Alex Candidate <candidate@example.org>"
_numbers = itertools.count(1)


def message(sender: str, to: str, subject: str, at: dt.datetime, message_id: str, text: str,
            replying_to: list[str] | None = None) -> bytes:
    """A plain-text mail as a mail client would send it, replying to `replying_to` (oldest first)."""
    built = EmailMessage(policy=policy.SMTP)
    built["From"] = sender
    built["To"] = to
    built["Subject"] = subject
    built["Date"] = email.utils.format_datetime(at)
    built["Message-ID"] = message_id
    if replying_to:
        built["In-Reply-To"] = replying_to[-1]
        built["References"] = " ".join(replying_to)
    built.set_content(text)
    return built.as_bytes()


def _spoken(moment: dt.datetime) -> str:
    return f"{moment:%A, %B} {moment.day} at {moment:%-I:%M %p} UTC"


@dataclass(frozen=True)
class Thread:
    """An interview thread: invitation, the candidate's confirmation, the recruiter's timeline."""

    company: str
    recruiter: str
    subject: str
    message_ids: list[str]
    messages: list[tuple[str, bytes]]  # (folder, raw)

    def rejection(self, at: dt.datetime) -> bytes:
        """The recruiter's decision, replying to the last message: ends every pending follow-up."""
        return message(self.recruiter, ME, "Re: " + self.subject, at, f"<decision-{self.company}@example.com>",
                        "Hi Alex,\n\nThank you for your time. Unfortunately we have decided to move forward "
                        "with another candidate.\n\nBest regards,\nJordan\n", self.message_ids)


def interview_thread(now: dt.datetime, company: str = "") -> Thread:
    """A 45-minute video interview that started three hours before `now`; a decision "within two weeks"."""
    company = company or f"northwind{next(_numbers)}"
    recruiter = f"Jordan Blake <jordan.blake@{company}.example.com>"
    subject = f"{company.capitalize()} Labs - Backend Engineer interview"
    interview = (now - dt.timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    invited = interview - dt.timedelta(days=3)
    ids = [f"<invite-{company}@{company}.example.com>", f"<confirm-{company}@example.org>",
           f"<after-{company}@{company}.example.com>"]
    invitation = message(
        recruiter, ME, subject, invited, ids[0],
        f"Hi Alex,\n\nThanks for applying for the Backend Engineer role at {company.capitalize()} Labs. I'd like to "
        f"schedule a 45-minute video interview with our engineering manager, Priya Shah, on {_spoken(interview)}. "
        "Does that work for you?\n\nBest,\nJordan\n\nJordan Blake\nRecruiter\n")
    confirmation = message(
        ME, recruiter, "Re: " + subject, invited + dt.timedelta(hours=2), ids[1],
        f"Hi Jordan,\n\n{_spoken(interview)} works well for me. Looking forward to it.\n\nBest,\nAlex\n", ids[:1])
    timeline = message(
        recruiter, ME, "Re: " + subject, interview + dt.timedelta(hours=1, minutes=30), ids[2],
        "Hi Alex,\n\nThanks for speaking with Priya today. We'll have a decision within two weeks.\n\n"
        "Best,\nJordan\n", ids[:2])
    return Thread(company, recruiter, subject, ids,
                  [("INBOX", invitation), ("Sent", confirmation), ("INBOX", timeline)])


def imap_account(account: config.Account, lookback_days: int = 30) -> list[str]:
    return ["[[accounts]]", f'name = "{account.name}"', 'backend = "imap"', f'host = "{account.host}"',
            f"port = {account.port}", 'security = "none"', f'username = "{account.username}"',
            f'password_command = "{account.password_command}"', f"lookback_days = {lookback_days}"]


def maildir_account(path: Path) -> list[str]:
    return ["[[accounts]]", 'name = "local"', 'backend = "maildir"', f'path = "{path}"', "lookback_days = 30"]


# A daemon that honours SIGTERM exits at once; one that does not waits for its next wake-up (the IDLE
# renewal, 1500 s here, or a poll a day away). A bound far below those and below systemd's
# TimeoutStopSec (90 s) tells the two apart without timing a busy machine's speed.
STOP_SECONDS = 60.0


def write_config(path: Path, account: list[str], state_path: Path, **daemon: int) -> Path:
    """A config for one account (`imap_account`, `maildir_account`); no poll or reconcile for a day."""
    settings = {"poll_seconds": 86400, "idle_seconds": 1500, "reconcile_seconds": 86400, "retry_max_seconds": 2}
    settings.update(daemon)
    lines = [
        *account, "",
        "[me]", 'name = "Alex Candidate"', 'addresses = ["candidate@example.org"]', "",
        "[state]", f'path = "{state_path}"', "", "[daemon]",
        *(f"{key} = {value}" for key, value in settings.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def status(config_path: Path) -> dict[str, Any]:
    """What `status --json` shows now, read from the state file while the daemon runs."""
    return session.status(config.load(config_path), dt.datetime.now(dt.UTC))


def followups(config_path: Path) -> dict[str, str]:
    """"company:kind" -> status of every follow-up (the company from the thread's invitation id)."""
    snapshot = status(config_path)
    company = {}
    for thread in snapshot["threads"]:
        for message_id in thread["message_ids"]:
            if message_id.startswith("<invite-"):
                company[thread["thread_id"]] = message_id.removeprefix("<invite-").split("@")[0]
    return {f"{company.get(f['thread_id'], f['thread_id'])}:{f['kind']}": str(f["status"])
            for f in snapshot["followups"]}


class NotifySocket:
    """A NOTIFY_SOCKET in the abstract namespace, as systemd gives a Type=notify service."""

    def __init__(self) -> None:
        self.name = f"@fw-test-{os.getpid()}-{next(_numbers)}"
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind("\0" + self.name[1:])
        self.messages: list[str] = []

    def wait_for(self, predicate: Callable[[str], bool], timeout: float, process: Daemon | None = None,
                 after: int = 0) -> str:
        """The first message from the `after`-th on (seen or arriving within `timeout` s) satisfying `predicate`."""
        for message in self.messages[after:]:
            if predicate(message):
                return message
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            if process is not None and process.process.poll() is not None:
                raise AssertionError(f"the daemon exited with {process.process.returncode}:\n{process.log()}")
            self.socket.settimeout(min(left, 0.5))
            try:
                message = self.socket.recv(65536).decode()
            except TimeoutError:
                continue
            self.messages.append(message)
            if predicate(message):
                return message
        tail = "\n".join(self.messages[-5:])
        raise AssertionError(f"no matching sd_notify message within {timeout} s; last ones:\n{tail}"
                             + (f"\n--- daemon log:\n{process.log()}" if process else ""))

    def scans(self) -> int:
        """The number of the last scan a STATUS= line reported."""
        numbers = [int(m.split("scan #")[1].split()[0]) for m in self.messages if "scan #" in m]
        return max(numbers, default=0)

    def wait_scan_after(self, number: int, timeout: float, process: Daemon) -> str:
        return self.wait_for(lambda m: "scan #" in m and int(m.split("scan #")[1].split()[0]) > number,
                             timeout, process)

    def close(self) -> None:
        self.socket.close()


class Daemon:
    """`python -m watcher --config PATH run -v` as a child process, its stderr kept in a file."""

    def __init__(self, config_path: Path, notify: NotifySocket | None = None,
                 environ: Mapping[str, str] | None = None) -> None:
        self.config_path = config_path
        self.log_path = config_path.with_suffix(f".{next(_numbers)}.log")
        env = dict(os.environ if environ is None else environ)
        env.pop("NOTIFY_SOCKET", None)
        if notify is not None:
            env["NOTIFY_SOCKET"] = notify.name
        with self.log_path.open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "watcher", "--config", str(config_path), "run", "-v"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, env=env)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def stop(self, timeout: float | None = None) -> tuple[int, float]:
        """SIGTERM; the exit status and how long it took. Not exiting within STOP_SECONDS fails the test."""
        timeout = STOP_SECONDS if timeout is None else timeout
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"the daemon did not exit within {timeout} s of SIGTERM:\n{self.log()}") from None
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)

    def exit_code(self, timeout: float) -> int:
        return self.process.wait(timeout)


def reply_time() -> dt.datetime:
    """A Date for a reply to what the daemon did so far: the next whole second, once the clock reached it.

    A Date header counts whole seconds; a reply stamped within the second of our draft could read as
    written before it. This waits (under a second) for the wall clock, not for the daemon.
    """
    now = dt.datetime.now(dt.UTC)
    moment = now.replace(microsecond=0) + dt.timedelta(seconds=1)
    time.sleep((moment - now).total_seconds())
    return moment


def wait_until(check: Callable[[], bool], timeout: float, what: str, process: Daemon | None = None) -> None:
    """Poll `check` (an observation, e.g. of the Drafts folder) until it holds; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if process is not None and process.process.poll() is not None:
            raise AssertionError(f"the daemon exited with {process.process.returncode} before {what}:\n{process.log()}")
        time.sleep(0.1)  # between observations; the daemon's progress does not depend on it
    raise AssertionError(f"not within {timeout} s: {what}" + (f"\n--- daemon log:\n{process.log()}" if process else ""))


_LOGIN_COMMAND = re.compile(rb"^\S+ (?:LOGIN|AUTHENTICATE)\b", re.IGNORECASE | re.MULTILINE)


class LoginDropper(Listener):
    """A TCP relay on 127.0.0.1 to a real IMAP server that cuts the first `drops` connections the moment
    the client sends LOGIN or AUTHENTICATE: a network drop in the middle of the login, on the real wire.
    Later connections are relayed untouched, so the client ends up talking to the real server."""

    def __init__(self, host: str, port: int, drops: int) -> None:
        self._upstream = (host, port)
        self._drops_left = drops
        self.dropped = 0
        self._lock = threading.Lock()
        super().__init__()

    def handle(self, raw: socket.socket) -> None:
        client = raw
        with self._lock:
            drop, self._drops_left = self._drops_left > 0, self._drops_left - 1
        server = socket.create_connection(self._upstream)
        self.open.append(server)
        peers = {client: server, server: client}
        try:
            while True:
                readable, _, _ = select.select(list(peers), [], [])
                for end in readable:
                    data = end.recv(65536)
                    if not data:
                        return
                    if drop and end is client and _LOGIN_COMMAND.search(data):
                        with self._lock:
                            self.dropped += 1
                        return  # the finally closes both ends: the client sees the connection reset
                    peers[end].sendall(data)
        except OSError:
            return
        finally:
            client.close()
            server.close()
