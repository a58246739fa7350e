"""Issue #9's figures in one run: a years-deep mailbox on one warm Dovecot, and the product against it.

    .venv/bin/python bench/scale.py [--messages 100000] [--small 1000] [--add 100] [--keep]
                                    [--generator ours|blind]

Starts a private Dovecot on 127.0.0.1 (tests/dovecot.py), writes a generated mailbox straight into
its Maildir store (bench/mailbox_gen.py; with `--generator blind`, bench/blind_mailbox.py, written
without sight of the rules, so that its wording is not the rules' own), warms the server with one full header pass, and measures:
  - the floor: stdlib imaplib, `UID FETCH lo:hi (UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (...)])`
    in large ranges over INBOX and Sent (median of three passes);
  - the first `followup-watcher scan --once --now NOW` (a subprocess: wall time, peak RSS from wait4);
  - rescans with nothing new at full size and on a separate small mailbox, raw and net of the
    start-up of a trivial command of the same CLI (`followup-watcher --version`, median of five);
  - a scan after `--add` new messages delivered into the store, at once, and after another `--add`
    delivered a few seconds before the scan (as a timer's scan meets them; see SETTLE_SECONDS);
  - the state directory's size (database, WAL and all);
  - buried interviews found and other threads taken for interviews, against the ground truth; the
    drafts the first scan wrote, and how many of them are stale;
  - the daemon's reply-to-draft latency: `followup-watcher run` (the real clock, so the mailbox's
    "now" is two hours before the real one), then a recruiter's interview thread APPENDed and the time
    until its thank-you draft is in Drafts.
Figures are printed against the issue's targets; nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import imaplib
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests"), str(ROOT / "tests" / "integration")]

import daemon_harness as harness  # noqa: E402
import dovecot  # noqa: E402
import mailbox_gen  # noqa: E402

FALLBACK_FIELDS = ("FROM TO CC REPLY-TO SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID LIST-UNSUBSCRIBE "
                   "PRECEDENCE AUTO-SUBMITTED CONTENT-TYPE")
FETCH_RANGE = 20_000  # UIDs per UID FETCH: "large ranges", as a careful client would ask


def header_fields() -> tuple[str, str]:
    """The fields the product fetches for its index, if it names them; else the issue's list."""
    try:
        from watcher.sources import imap
    except ImportError:
        return FALLBACK_FIELDS, "the issue's list"
    fields = getattr(imap, "HEADER_FIELDS", None)
    if not fields:
        return FALLBACK_FIELDS, "the issue's list (watcher.sources.imap has no HEADER_FIELDS yet)"
    if isinstance(fields, bytes | str):
        fields = fields.split()
    names = " ".join(f.decode() if isinstance(f, bytes) else str(f) for f in fields)
    return names.upper(), "watcher.sources.imap.HEADER_FIELDS"


# ---------------------------------------------------------------- running the CLI


@dataclass
class Run:
    """One finished subprocess: wall time, peak RSS (MB), exit code, and its stderr lines with times;
    `cpu`: its user + system CPU seconds (steadier than wall on a shared machine)."""

    wall: float
    peak_mb: float
    code: int
    stdout: str
    lines: list[tuple[float, str]] = field(default_factory=list)
    cpu: float = 0.0

    @property
    def ok(self) -> bool:
        return self.code == 0


def cli() -> list[str]:
    script = Path(sys.executable).parent / "followup-watcher"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "watcher"]


def run(arguments: list[str], timeout: float, program: list[str] | None = None) -> Run:
    """Run the CLI (or `program`); peak RSS from wait4(2) of this very child, stderr lines stamped as they arrive."""
    started = time.monotonic()
    process = subprocess.Popen([*(program or cli()), *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=_ENV)
    lines: list[tuple[float, str]] = []
    out: list[bytes] = []
    readers = [
        threading.Thread(target=lambda: lines.extend((time.monotonic() - started, raw.decode(errors="replace").rstrip())
                                                     for raw in process.stderr or ()), daemon=True),
        threading.Thread(target=lambda: out.append(process.stdout.read() if process.stdout else b""), daemon=True),
    ]
    for reader in readers:
        reader.start()
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    killer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join(10)
    return Run(wall, usage.ru_maxrss / 1024, process.returncode, b"".join(out).decode(errors="replace"), lines,
               usage.ru_utime + usage.ru_stime)


def startup_seconds(times: int = 5) -> tuple[float, float]:
    """The CLI's start-up (`--version`): median wall and median CPU seconds."""
    runs = [run(["--version"], 60) for _ in range(times)]
    return statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)


def interpreter_seconds(times: int = 9) -> tuple[float, float]:
    """The bare interpreter's start-up (`python -c pass`, site included as for the CLI): what issue #9's
    "net of interpreter start-up" takes away."""
    runs = [run(["-c", "pass"], 60, [sys.executable]) for _ in range(times)]
    return statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)


# The product as installed runs from compiled bytecode (pip writes it at install). Where the
# environment forbids writing it (PYTHONDONTWRITEBYTECODE), every run would compile every module
# from source again, and that is what the figures would measure: the runs get a bytecode cache of
# their own instead (PYTHONPYCACHEPREFIX in the work directory), filled before anything is timed.
_ENV: dict[str, str] | None = None


def bytecode_ahead(work: Path) -> str:
    global _ENV
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return "bytecode: as the environment leaves it"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    import watcher

    package_root = Path(watcher.__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package_root / "watcher"), str(package_root / "rules")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    _ENV = env
    return f"bytecode: compiled ahead into {work / 'pycache'} (PYTHONDONTWRITEBYTECODE is set here)"


# ---------------------------------------------------------------- the mailbox and the server


@dataclass(frozen=True)
class Mailbox:
    name: str
    username: str
    password: str
    store: Path
    config: Path
    state_dir: Path
    truth: dict[str, Any]
    truth_path: Path


GENERATORS = {"ours": "mailbox_gen", "blind": "blind_mailbox"}


def make_mailbox(server: dovecot.Dovecot, work: Path, name: str, messages: int, interviews: int,
                 now: dt.datetime, seed: int, generator: str = "ours") -> tuple[Mailbox, float]:
    username, password = server.new_user()
    store = server.root / "mail" / username
    started = time.monotonic()
    truth = importlib.import_module(GENERATORS[generator]).generate(store, messages, now, seed, interviews)
    took = time.monotonic() - started
    _give_to_dovecot(server, store)
    truth_path = work / f"{name}.truth.json"
    truth_path.write_text(json.dumps(truth))
    state_dir = work / f"state-{name}"
    state_dir.mkdir()
    config = work / f"{name}.toml"
    config.write_text("\n".join([
        "[[accounts]]", f'name = "{name}"', 'backend = "imap"', f'host = "{server.host}"', f"port = {server.port}",
        'security = "none"', f'username = "{username}"', f'password_command = "printf {password}"',
        "lookback_days = 1000", "",
        "[me]", 'name = "Alex Candidate"', f"addresses = {json.dumps(truth['me'])}", "",
        "[state]", f'path = "{state_dir / "state.sqlite3"}"', "",
        "[daemon]", "poll_seconds = 86400", "idle_seconds = 1500", "reconcile_seconds = 86400",
        "retry_max_seconds = 2", ""]))
    return Mailbox(name, username, password, store, config, state_dir, truth, truth_path), took


def _give_to_dovecot(server: dovecot.Dovecot, store: Path) -> None:
    """As root, Dovecot's mail processes run as its mail user: the files must be theirs."""
    owner = (server.root / "mail").stat()
    if os.geteuid() == 0 and owner.st_uid != 0:
        subprocess.run(["chown", "-R", f"{owner.st_uid}:{owner.st_gid}", str(store)], check=True)


def floor_pass(server: dovecot.Dovecot, box: Mailbox, fields: str) -> tuple[float, int]:
    """Log in, fetch the header fields of every message of INBOX and Sent in large UID ranges, log out."""
    started = time.monotonic()
    imap = imaplib.IMAP4(server.host, server.port, timeout=600)
    imap.login(box.username, box.password)
    fetched = 0
    for folder in ("INBOX", "Sent"):
        _, data = imap.status(folder, "(UIDNEXT)")
        uidnext = int(bytes(data[0]).split(b"UIDNEXT ")[1].split(b")")[0])
        imap.select(folder, readonly=True)
        for low in range(1, uidnext, FETCH_RANGE):
            high = min(low + FETCH_RANGE - 1, uidnext)
            _, items = imap.uid("FETCH", f"{low}:{high}", f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({fields})])")
            fetched += sum(isinstance(item, tuple) for item in items)
        imap.unselect()
    imap.logout()
    return time.monotonic() - started, fetched


def uidnexts(server: dovecot.Dovecot, box: Mailbox) -> dict[str, int]:
    imap = imaplib.IMAP4(server.host, server.port, timeout=600)
    imap.login(box.username, box.password)
    found = {}
    for folder in ("INBOX", "Sent"):
        _, data = imap.status(folder, "(UIDNEXT)")
        found[folder] = int(bytes(data[0]).split(b"UIDNEXT ")[1].split(b")")[0])
    imap.logout()
    return found


def floor_of_new(server: dovecot.Dovecot, box: Mailbox, fields: str, since: dict[str, int]) -> tuple[float, int]:
    """What any reader of the new mail pays the server, with a bare imaplib client in one session: log
    in, and in INBOX then Sent the header fields and the whole of every message from the UIDNEXT of
    `since` on; log out. The server's share of a scan after new mail (e.g. Dovecot's resync of a
    large Maildir folder for a read-only reader while delivered mail waits in new/)."""
    started = time.monotonic()
    imap = imaplib.IMAP4(server.host, server.port, timeout=600)
    imap.login(box.username, box.password)
    fetched = 0
    for folder in ("INBOX", "Sent"):
        imap.select(folder, readonly=True)
        _, items = imap.uid("FETCH", f"{since[folder]}:*",
                            f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({fields})] BODY.PEEK[])")
        fetched += sum(isinstance(item, tuple) for item in items) // 2
    imap.logout()
    return time.monotonic() - started, fetched


SETTLE_SECONDS = 3.0  # longer than the second within which Dovecot cannot trust a Maildir directory's mtime


def add_mail(server: dovecot.Dovecot, box: Mailbox, count: int, at: dt.datetime, seed: int, generator: str) -> None:
    """Deliver `count` new messages into the store's new/, dated up to `at` (the ground truth follows)."""
    if generator == "ours":
        mailbox_gen.add(box.store, count, at, box.truth, seed)
    else:  # our generator's follow-ups need its own interview records: the blind mailbox gets noise only
        mailbox_gen.add(box.store, count, at, {**box.truth, "interviews": []}, seed)
    _give_to_dovecot(server, box.store)


def drafts_in_folder(server: dovecot.Dovecot, box: Mailbox) -> int:
    with server.client(box.username, box.password) as tool:
        return len(tool.messages("Drafts"))


def state_bytes(box: Mailbox) -> int:
    return sum(path.stat().st_size for path in box.state_dir.rglob("*") if path.is_file())


# ---------------------------------------------------------------- against the ground truth


@dataclass
class Verdict:
    found: int = 0
    found_whole: int = 0  # every message of the interview in the one thread
    total: int = 0
    missed: list[str] = field(default_factory=list)
    false_positives: Counter[str] = field(default_factory=Counter)
    timely_due: int = 0  # buried interviews with a draft due and timely at now
    timely_written: int = 0
    drafts: Counter[str] = field(default_factory=Counter)
    stale_drafts: Counter[str] = field(default_factory=Counter)


def judge(box: Mailbox, status: dict[str, Any]) -> Verdict:
    interviews = box.truth["interviews"]
    key_of = {str(i["key_message_id"]): i for i in interviews}
    by_message = {m: i for i in interviews for m in i["message_ids"]}
    category_of: dict[str, str] = box.truth["category_of"]
    verdict = Verdict(total=len(interviews))
    thread_interview: dict[str, dict[str, Any] | None] = {}
    found_keys: set[str] = set()
    for view in status["threads"]:
        ids = list(view["message_ids"])
        owner = next((by_message[m] for m in ids if m in by_message), None)
        thread_interview[view["thread_id"]] = owner
        if view["state"] not in ("interview", "closed"):
            continue
        keys = [m for m in ids if m in key_of]
        for key in keys:
            if key not in found_keys:
                found_keys.add(key)
                verdict.found += 1
                verdict.found_whole += set(key_of[key]["message_ids"]) <= set(ids)
        if owner is None:
            kinds = Counter(category_of.get(m, "unknown") for m in ids)
            verdict.false_positives[kinds.most_common(1)[0][0]] += 1
    verdict.missed = [f"{i['key']} ({i['shape']}, {i['expect']})" for i in interviews
                      if i["key_message_id"] not in found_keys]
    drafted: set[str] = set()
    for followup in status["followups"]:
        if followup["status"] != "drafted":
            continue
        verdict.drafts[followup["kind"]] += 1
        owner = thread_interview.get(followup["thread_id"])
        if owner is None or not owner["timely_at_now"]:
            verdict.stale_drafts[followup["kind"]] += 1
        elif owner["key"] not in drafted:
            drafted.add(owner["key"])
            verdict.timely_written += 1
    verdict.timely_due = sum(bool(i["timely_at_now"]) for i in interviews)
    return verdict


def status_of(box: Mailbox, now: dt.datetime) -> dict[str, Any]:
    result = run(["--config", str(box.config), "status", "--json", "--all", "--now", now.isoformat()], 600)
    if not result.ok:
        raise RuntimeError(f"status failed ({result.code}): {result.lines[-3:]}")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# ---------------------------------------------------------------- the daemon


def daemon_latency(server: dovecot.Dovecot, box: Mailbox, replies: int, timeout: float,
                   latency_timeout: float) -> tuple[float, list[float], int]:
    """Start `run`; after its first scan, APPEND interview threads one by one, timing each thank-you draft.

    Returns the time to the first scan, the latencies, and how many threads got no draft in time.
    """
    notify = harness.NotifySocket()
    started = time.monotonic()
    daemon = harness.Daemon(box.config, notify)
    latencies: list[float] = []
    missed = 0
    try:
        notify.wait_for(lambda m: "IMAP IDLE" in m and "scan #" in m, timeout, daemon)
        ready = time.monotonic() - started
        for _ in range(replies):
            mark = len(notify.messages)
            thread = harness.interview_thread(dt.datetime.now(dt.UTC))
            by_folder = {folder: [raw for f, raw in thread.messages if f == folder] for folder in ("INBOX", "Sent")}
            with server.client(box.username, box.password) as tool:
                for raw in by_folder["Sent"]:  # the user's confirmation first: Sent wakes nobody
                    tool.append("Sent", raw)
                tool.append("INBOX", by_folder["INBOX"][0])
                appended = time.monotonic()
                for raw in by_folder["INBOX"][1:]:
                    tool.append("INBOX", raw)
            seen = _wait_for_draft(server, box, thread.message_ids[0], latency_timeout, daemon)
            if seen is None:
                missed += 1
            else:
                latencies.append(seen - appended)
            # Let the daemon finish that scan and watch again: each thread then times one wake-up.
            notify.wait_for(lambda m: "IMAP IDLE" in m and "scan #" in m, timeout, daemon, after=mark + 1)
        daemon.stop(60)
        return ready, latencies, missed
    finally:
        if daemon.process.poll() is None:
            daemon.kill()
        notify.close()


def _wait_for_draft(server: dovecot.Dovecot, box: Mailbox, invite_id: str, timeout: float,
                    daemon: harness.Daemon) -> float | None:
    """The moment a draft that replies into the thread of `invite_id` is in Drafts (polled every 20 ms)."""
    imap = imaplib.IMAP4(server.host, server.port, timeout=60)
    imap.login(box.username, box.password)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            imap.select("Drafts", readonly=True)
            _, data = imap.uid("SEARCH", "HEADER", "References", f'"{invite_id}"')
            if data and data[0]:
                return time.monotonic()
            if daemon.process.poll() is not None:
                raise RuntimeError(f"the daemon exited ({daemon.process.returncode}):\n{daemon.log()[-2000:]}")
            time.sleep(0.02)  # between observations of Drafts; the daemon does not depend on it
        return None
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            imap.logout()


# ---------------------------------------------------------------- the report


def phases(result: Run, limit: int = 14) -> list[str]:
    """The product's own progress lines with the time each arrived, the last of each 'n/m parsed' run kept."""
    # the product's progress lines, not what its libraries log (counted, not shown)
    noise = sum("WARNING" in line for _t, line in result.lines)
    own = [(t, line) for t, line in result.lines if line and "WARNING" not in line]
    shown = [(t, line) for index, (t, line) in enumerate(own)
             if " parsed" not in line or index + 1 == len(own) or " parsed" not in own[index + 1][1]]
    if len(shown) > limit:
        shown = shown[: limit // 2] + [(shown[limit // 2][0], "...")] + shown[-limit // 2:]
    return ([f"    {t:8.2f} s  {line[:110]}" for t, line in shown] + [f"    {result.wall:8.2f} s  (exit {result.code})"]
            + ([f"    ({noise} library warnings on stderr not shown)"] if noise else []))


def row(measure: str, figure: str, target: str) -> str:
    return f"| {measure:<44} | {figure:<34} | {target:<26} |"


def rescans(box: Mailbox, now: dt.datetime, args: argparse.Namespace, label: str) -> tuple[float, float]:
    """`args.rescans` scans with nothing new, each printed; their median wall and CPU seconds."""
    runs = [run(["--config", str(box.config), "scan", "--once", "--now", now.isoformat()], args.timeout)
            for _ in range(args.rescans)]
    print(f"{label} {', '.join(f'{r.wall:.2f}' for r in runs)} s (CPU {', '.join(f'{r.cpu:.2f}' for r in runs)} s)")
    return statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=100_000, help="the big mailbox (80%% INBOX, 20%% Sent)")
    parser.add_argument("--small", type=int, default=1_000, help="the small mailbox, for the rescan ratio")
    parser.add_argument("--interviews", type=int, default=40, help="buried interviews in the big mailbox")
    parser.add_argument("--add", type=int, default=100, help="new messages for the incremental scan")
    parser.add_argument("--rescans", type=int, default=3, help="no-change rescans per mailbox (median)")
    parser.add_argument("--replies", type=int, default=3, help="interview threads timed through the daemon")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a scan is killed")
    parser.add_argument("--latency-timeout", type=float, default=120, help="seconds to wait for one draft")
    parser.add_argument("--no-daemon", action="store_true", help="skip the daemon latency")
    parser.add_argument("--keep", action="store_true", help="keep the Dovecot store, configs and states")
    parser.add_argument("--generator", choices=sorted(GENERATORS), default="ours",
                        help="who writes the mailboxes: ours (bench/mailbox_gen.py), or blind (bench/blind_mailbox.py, "
                             "written without reading the rules; its +N adds our noise only)")
    args = parser.parse_args()
    if not dovecot.available():
        print(f"Dovecot is not installed ({dovecot.BINARY})", file=sys.stderr)
        return 1
    # The daemon reads the real clock; scans get --now. The mailbox ends two hours before the real
    # now, so that --add's hour, and then the daemon, come later than everything before them.
    real = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    now = real - dt.timedelta(hours=2)
    later = now + dt.timedelta(hours=1)
    fields, fields_from = header_fields()
    server = dovecot.Dovecot()
    server.start()
    work = Path(tempfile.mkdtemp(prefix="fw-scale-"))
    out: list[str] = []
    try:
        print(f"Dovecot on {server.host}:{server.port}, store {server.root / 'mail'}, work {work}; now = {now.isoformat()}")
        print(bytecode_ahead(work))
        startup, startup_cpu = startup_seconds()
        print(f"CLI start-up (`followup-watcher --version`, median of 5): {startup * 1000:.0f} ms, "
              f"CPU {startup_cpu * 1000:.0f} ms")
        bare, bare_cpu = interpreter_seconds()
        print(f"interpreter start-up (`python -c pass`, median of 9): {bare * 1000:.0f} ms, CPU {bare_cpu * 1000:.0f} ms")

        small, took = make_mailbox(server, work, "small", args.small, max(2, args.interviews // 10), now, args.seed + 7,
                                   args.generator)
        print(f"small mailbox: {small.truth['messages']} messages in {took:.1f} s")
        first_small = run(["--config", str(small.config), "scan", "--once", "--now", now.isoformat()], args.timeout)
        print(f"  first scan {first_small.wall:.2f} s (exit {first_small.code})")
        small_rescan, small_cpu = rescans(small, now, args, "  rescans")

        big, took = make_mailbox(server, work, "big", args.messages, args.interviews, now, args.seed, args.generator)
        megabytes = int(big.truth["bytes"]) / 1e6
        print(f"big mailbox: {big.truth['messages']} messages {big.truth['folders']}, {megabytes:.0f} MB, "
              f"written in {took:.1f} s")
        warm, fetched = floor_pass(server, big, fields)
        print(f"warm-up pass (Dovecot builds its index): {warm:.1f} s, {fetched} messages")
        floors = [floor_pass(server, big, fields)[0] for _ in range(3)]
        floor = statistics.median(floors)
        print(f"floor ({fields_from}): {', '.join(f'{f:.2f}' for f in floors)} s")

        first = run(["--config", str(big.config), "scan", "--once", "--now", now.isoformat()], args.timeout)
        print(f"first scan: {first.wall:.1f} s, peak RSS {first.peak_mb:.0f} MB, exit {first.code}")
        print("\n".join(phases(first)))
        state_after_first = state_bytes(big)
        drafts_after_first = drafts_in_folder(server, big)
        verdict = judge(big, status_of(big, now)) if first.ok else None
        if verdict:
            print(f"found {verdict.found} of {verdict.total}; false positives {dict(verdict.false_positives)}; "
                  f"drafts {dict(verdict.drafts)}, stale {dict(verdict.stale_drafts)}; missed {verdict.missed}")

        rescan, rescan_cpu = rescans(big, now, args, "rescans:")

        before_add = uidnexts(server, big)
        add_mail(server, big, args.add, later, args.seed + 1, args.generator)
        added = run(["--config", str(big.config), "scan", "--once", "--now", later.isoformat()], args.timeout)
        print(f"scan after +{args.add}: {added.wall:.2f} s (CPU {added.cpu:.2f} s), exit {added.code}")
        print("\n".join(phases(added, 8)))
        # after the scan, not before: the scan meets the new mail as delivered, as in every earlier session
        add_floors = [floor_of_new(server, big, fields, before_add) for _ in range(3)]
        add_floor = statistics.median(f[0] for f in add_floors)
        print(f"floor of the new mail (imaplib, one session, headers and whole messages of {add_floors[0][1]}): "
              f"{', '.join(f'{f[0] * 1000:.0f}' for f in add_floors)} ms")
        # Dovecot's Maildir: every open of a folder whose directory changed within the second of its last
        # check reads the whole directory again (~0.25 s for 80,000 files), so a scan that comes at once
        # pays that at each open (the look's STATUS, then EXAMINE); one that comes later (a timer's) once
        settled_at = later + dt.timedelta(minutes=30)
        add_mail(server, big, args.add, settled_at, args.seed + 2, args.generator)
        time.sleep(SETTLE_SECONDS)
        settled = run(["--config", str(big.config), "scan", "--once", "--now", settled_at.isoformat()], args.timeout)
        print(f"scan after another +{args.add}, delivered {SETTLE_SECONDS:.0f} s before: {settled.wall:.2f} s "
              f"(CPU {settled.cpu:.2f} s), exit {settled.code}")

        latency: tuple[float, list[float], int] | None = None
        if not args.no_daemon:
            latency = daemon_latency(server, big, args.replies, args.timeout, args.latency_timeout)

        # the floor again, for mail that has just come and that no reader has opened the folder for yet: the
        # floor above is measured after our scan, when Dovecot has synced the folder and cached the mail
        before_cold = uidnexts(server, big)
        add_mail(server, big, args.add, settled_at + dt.timedelta(minutes=30), args.seed + 3, args.generator)
        time.sleep(SETTLE_SECONDS)
        cold_floor = floor_of_new(server, big, fields, before_cold)[0]
        print(f"floor of another +{args.add}, read by imaplib before any scan: {cold_floor * 1000:.0f} ms")

        def net(seconds: float, cpu: float) -> str:
            return (f"{seconds * 1000:.0f} ms raw, {(seconds - bare) * 1000:.0f} ms net of the interpreter "
                    f"(CPU {(cpu - bare_cpu) * 1000:.0f}), {(seconds - startup) * 1000:.0f} ms net of the CLI's start-up")

        big_net, small_net = rescan - bare, small_rescan - bare
        n = f"{int(big.truth['messages']) // 1000}k"
        out += ["", f"Figures ({n} messages, {megabytes:.0f} MB; small mailbox {args.small}; "
                f"interpreter start-up {bare * 1000:.0f} ms, CLI start-up {startup * 1000:.0f} ms):", "",
                row("measure", "figure", "issue #9 target"), row("-" * 44, "-" * 34, "-" * 26),
                row("floor: imaplib header fetch, INBOX+Sent", f"{floor:.2f} s", "-"),
                row("first scan --once (wall)", f"{first.wall:.1f} s = {first.wall / floor:.0f}x floor"
                    + ("" if first.ok else f" (exit {first.code})"), "<= 3x floor (aim 2x)"),
                row("peak RSS of the first scan", f"{first.peak_mb:.0f} MB", "<= 150 MB"),
                row(f"rescan, nothing new, {n}", net(rescan, rescan_cpu), "<= 50 ms net"),
                row(f"rescan, nothing new, {args.small // 1000 or args.small}{'k' if args.small >= 1000 else ''}",
                    net(small_rescan, small_cpu), "-"),
                row(f"rescan ratio {n}/small (net)", f"{big_net / small_net:.1f}" if small_net > 0 else "n/a",
                    "<= 1.5"),
                row(f"rescan ratio {n}/small (net CPU)", f"{(rescan_cpu - bare_cpu) / (small_cpu - bare_cpu):.1f}"
                    if small_cpu > bare_cpu else "n/a", "-"),
                row(f"scan after +{args.add} messages", net(added.wall, added.cpu) + ("" if added.ok else f" exit {added.code}"),
                    "<= 300 ms"),
                row(f"  floor: imaplib reading the {args.add} new whole", f"{add_floor * 1000:.0f} ms", "-"),
                row(f"  floor: the same, for another +{args.add}, before any scan", f"{cold_floor * 1000:.0f} ms", "-"),
                row(f"  another +{args.add}, delivered {SETTLE_SECONDS:.0f} s before the scan",
                    net(settled.wall, settled.cpu) + ("" if settled.ok else f" exit {settled.code}"), "-"),
                row("state directory after the first scan", f"{state_after_first / 1e6:.1f} MB", "<= 64 MB"),
                row("state directory at the end", f"{state_bytes(big) / 1e6:.1f} MB", "-")]
        if verdict:
            fps = sum(verdict.false_positives.values())
            out += [
                row("buried interview threads found", f"{verdict.found} of {verdict.total} "
                    f"({verdict.found_whole} whole)", f"{verdict.total} of {verdict.total}"),
                row("other threads taken for interviews", f"{fps} {dict(verdict.false_positives) or ''}", "0"),
                row("drafts written by the first scan", f"{sum(verdict.drafts.values())} {dict(verdict.drafts)}; "
                    f"Drafts folder {drafts_after_first}", "-"),
                row("  timely ones: interviews drafted for / due", f"{verdict.timely_written} of {verdict.timely_due}",
                    f"{verdict.timely_due} of {verdict.timely_due}"),
                row("  stale, or on no buried interview", f"{sum(verdict.stale_drafts.values())} "
                    f"{dict(verdict.stale_drafts) or ''}", "0")]
        if latency:
            ready, times, missed = latency
            figure = f"median {statistics.median(times):.2f} s, max {max(times):.2f} s" if times else "none"
            out += [row("daemon: start to first scan done", f"{ready:.1f} s", "-"),
                    row(f"daemon: reply -> draft ({len(times) + missed} threads)",
                        figure + (f"; {missed} with no draft in {args.latency_timeout:.0f} s" if missed else ""),
                        "<= 2 s")]
        if verdict and verdict.missed:
            out += ["", "missed: " + ", ".join(verdict.missed)]
        print("\n".join(out))
    finally:
        if args.keep:
            if server.process is not None:
                server.process.terminate()
                server.process.wait(30)
            print(f"kept: Dovecot root {server.root} (config {server.root / 'dovecot.conf'}), work {work}")
        else:
            server.stop()
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
