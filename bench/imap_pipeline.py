"""Issue #9: the first scan's IMAP reading with and without pipelined UID FETCHes, on a private Dovecot.

    .venv/bin/python bench/imap_pipeline.py [--messages 20000] [--rounds 3] [--base main]

A seeded mailbox (bench/mailbox_gen.py, the scale benchmark's) is written straight into a private
Dovecot's store (tests/dovecot.py). Then, in this process, the `watcher/sources/imap.py` of `--base`
(`git show`, loaded as a module of its own beside the rest of today's `watcher`) and today's take
turns, round after round, each over a fresh connection, through the three phases of a first scan
that read IMAP, called as `watcher/sync.py` calls them and with its work between the calls:

    listing  `ImapSource.listing` of INBOX and Sent, each chunk indexed by `sync._index` into a fresh
             state (what the pipelined listing overlaps with Dovecot's work);
    peek     `peek` of every third listed message, PEEK_BATCH (500) refs a call, `preview.text` of
             each answer between calls;
    peeks    the same through `ImapSource.peeks` (the batches read one ahead, the next batch's FETCH
             sent before this batch's answers are handed on) where the code has it, else as `peek`;
    fetch    `fetch` of every tenth listed message, FETCH_BATCH (100) refs a call,
             `parse.safe_parse` of each between calls.

It prints, per phase and code, the median over rounds of: wall seconds, this process's CPU seconds,
the seconds it waited for the CPU (in the run queue: other processes on this shared two-core VM),
the seconds it waited for anything else (wall less both: for Dovecot's answers, which is what
pipelining removes), and the CPU seconds of Dovecot's imap process serving the connection (/proc).
Wall varies between runs on a busy VM; the waits say why. The results of both codes (every listed
message's ref, header block, INTERNALDATE and thread id; every peek and fetch answer) are compared
in every round: exit 1 on any difference. Nothing here asserts a speed. `--memory` adds one more
round per code under tracemalloc and prints each phase's peak of Python memory above its start
(pipelining must not hold more: what is sent ahead waits in the kernel's socket buffers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

import dovecot  # noqa: E402 - from tests/, after the path is set
import mailbox_gen  # noqa: E402

from watcher import config, headers, parse, preview, sync  # noqa: E402
from watcher.identity import Identity  # noqa: E402
from watcher.model import Role  # noqa: E402
from watcher.sources import imap as current  # noqa: E402
from watcher.state import State  # noqa: E402

NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
ACCOUNT = "bench"
STATES = itertools.count()
PHASES = ("listing", "peek", "peeks", "fetch")


def base_module(rev: str, work: Path) -> ModuleType:
    """`watcher/sources/imap.py` as it is at `rev`, importable beside today's package."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:watcher/sources/imap.py"],
                          check=True, capture_output=True).stdout
    path = work / "imap_base.py"
    path.write_bytes(text)
    spec = importlib.util.spec_from_file_location("imap_base", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def schedstat() -> tuple[float, float]:
    """This thread's CPU seconds and seconds spent runnable but waiting for a CPU (the kernel's schedstat)."""
    cpu, queued, _ = Path("/proc/thread-self/schedstat").read_text().split()
    return int(cpu) / 1e9, int(queued) / 1e9


def dovecot_cpu(master: int) -> float:
    """User + system CPU seconds of the master's `imap` children (one per logged-in connection)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            name = stat.read_text().split("(", 1)[1].rpartition(")")[0]
        except OSError:
            continue
        if name == "imap" and int(fields[1]) == master:  # fields[1]: ppid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


class Run:
    """One code's pass over the three phases: figures per phase and everything it read."""

    def __init__(self, module: ModuleType, account: config.Account, password: str, master: int, work: Path,
                 identity: Identity) -> None:
        self.module, self.account, self.password, self.master = module, account, password, master
        self.work, self.identity = work, identity
        self.figures: dict[str, tuple[float, float, float, float, float]] = {}
        self.peaks: dict[str, float] = {}  # MB above the phase's start, when tracemalloc runs
        self.chunk_waits: list[float] = []  # the listing's wait (not CPU, not run queue) in each next()
        self.results: dict[str, Any] = {}

    def timed(self, phase: str, body: Callable[[], Any]) -> None:
        start = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        wall, (cpu, queued), server = time.perf_counter(), schedstat(), dovecot_cpu(self.master)
        self.results[phase] = body()
        self.peaks[phase] = (tracemalloc.get_traced_memory()[1] - start) / 1e6
        wall = time.perf_counter() - wall
        cpu, queued = (now - before for now, before in zip(schedstat(), (cpu, queued), strict=True))
        self.figures[phase] = (wall, cpu, queued, wall - cpu - queued, dovecot_cpu(self.master) - server)

    def run(self) -> None:
        connection = self.module.ImapConnection(self.account, self.password)
        source = self.module.ImapSource(connection)
        connection.client  # noqa: B018 - log in before the clock starts
        state = State.open(self.work / f"state-{next(STATES)}.sqlite3")  # each pass indexes into a fresh one
        since = NOW - dt.timedelta(days=1000)
        listed: list[Any] = []

        def listing() -> list[tuple[Any, ...]]:
            lists: set[str] = set()
            for role in (Role.INBOX, Role.SENT):
                chunks = iter(source.listing(role, None, since).chunks)
                while True:
                    wall, (cpu, queued) = time.perf_counter(), schedstat()
                    chunk = next(chunks, None)
                    now_cpu, now_queued = schedstat()
                    self.chunk_waits.append(time.perf_counter() - wall - (now_cpu - cpu) - (now_queued - queued))
                    if chunk is None:
                        break
                    sync._index(ACCOUNT, chunk, state, self.identity, lists)  # noqa: SLF001 - the listing's consumer
                    listed.extend(chunk)
            return [(m.role.value, m.ref, m.header, m.internal_date, m.provider_thread_id) for m in listed]

        def peek() -> dict[str, bytes]:
            found: dict[str, bytes] = {}
            for role in (Role.SENT, Role.INBOX):  # as sync does: Sent first
                asked = [m for m in listed if m.role is role][::3]
                for start in range(0, len(asked), sync.PEEK_BATCH):
                    batch = asked[start:start + sync.PEEK_BATCH]
                    prefixes = source.peek(role, [m.ref for m in batch])
                    for message in batch:
                        if message.ref in prefixes:
                            preview.text(prefixes[message.ref], headers.read(message.header))
                    found.update(prefixes)
            return found

        def peeks() -> dict[str, bytes]:
            if not hasattr(source, "peeks"):
                return peek()
            found: dict[str, bytes] = {}
            for role in (Role.SENT, Role.INBOX):
                asked = [m for m in listed if m.role is role][::3]
                batches = [asked[start:start + sync.PEEK_BATCH] for start in range(0, len(asked), sync.PEEK_BATCH)]
                answers = source.peeks(role, ([m.ref for m in batch] for batch in batches))
                for batch, prefixes in zip(batches, answers, strict=True):
                    for message in batch:
                        if message.ref in prefixes:
                            preview.text(prefixes[message.ref], headers.read(message.header))
                    found.update(prefixes)
            return found

        def fetch() -> dict[str, Any]:
            found: dict[str, Any] = {}
            for role in (Role.INBOX, Role.SENT):  # as sync does: INBOX first
                wanted = [m.ref for m in listed if m.role is role][::10]
                for start in range(0, len(wanted), sync.FETCH_BATCH):
                    fetched = source.fetch(role, wanted[start:start + sync.FETCH_BATCH])
                    for mail in fetched.values():
                        parse.safe_parse(mail, ACCOUNT, self.identity.addresses)
                    found.update(fetched)
            return found

        try:
            self.timed("listing", listing)
            self.timed("peek", peek)
            self.timed("peeks", peeks)
            self.timed("fetch", fetch)
        finally:
            connection.close()
            state.db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base", default="main", help="the revision whose imap.py is compared (default: main)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory", action="store_true", help="one more round per code under tracemalloc")
    args = parser.parse_args()
    if not dovecot.available():
        print("needs Dovecot (/usr/sbin/dovecot)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="fw-pipeline-"))
    codes = {f"base ({args.base})": base_module(args.base, work), "pipelined": current}
    server = dovecot.Dovecot()
    server.start()
    try:
        username, password = server.new_user()
        store = server.root / "mail" / username
        started = time.monotonic()
        truth = mailbox_gen.generate(store, args.messages, NOW, args.seed, interviews=10)
        owner = (server.root / "mail").stat()
        if os.geteuid() == 0 and owner.st_uid != 0:
            subprocess.run(["chown", "-R", f"{owner.st_uid}:{owner.st_gid}", str(store)], check=True)
        print(f"mailbox: {args.messages} messages written in {time.monotonic() - started:.1f} s; "
              f"Dovecot on port {server.port}; rounds {args.rounds}")
        me = frozenset(str(address) for address in truth["me"])  # type: ignore[attr-defined]
        identity = Identity(name="Alex Candidate", addresses=me, domains=frozenset())
        account = config.Account(name=ACCOUNT, backend="imap", host=server.host, port=server.port, security="none",
                                 username=username, lookback_days=1000)
        assert server.process is not None
        master = server.process.pid
        Run(current, account, password, master, work, identity).run()  # warms Dovecot's index and caches
        figures: dict[str, list[tuple[float, ...]]] = {f"{code} {p}": [] for code in codes for p in PHASES}
        chunk_waits: dict[str, list[list[float]]] = {code: [] for code in codes}
        differ = 0
        for number in range(1, args.rounds + 1):
            runs = {}
            order = list(codes.items()) if number % 2 else list(reversed(codes.items()))
            for code, module in order:
                runs[code] = run = Run(module, account, password, master, work, identity)
                run.run()
                for phase in PHASES:
                    figures[f"{code} {phase}"].append(run.figures[phase])
                chunk_waits[code].append(run.chunk_waits)
            first, second = runs.values()
            for phase in PHASES:
                if first.results[phase] != second.results[phase]:
                    differ += 1
                    print(f"round {number}: {phase} DIFFERS between the codes")
        sizes = {phase: len(first.results[phase]) for phase in PHASES}
        print(f"each round read: {sizes['listing']} listed, {sizes['peek']} peeked (twice), {sizes['fetch']} fetched "
              f"(results {'identical' if not differ else 'DIFFERENT'} in all {args.rounds} rounds)")
        columns = ("wall s", "our CPU s", "CPU-queue s", "waited s", "Dovecot CPU s")
        print(f"{'phase':<8} {'code':<16}" + "".join(f" {name:>13}" for name in columns))
        for phase in PHASES:
            for code in codes:
                rows = figures[f"{code} {phase}"]
                print(f"{phase:<8} {code:<16}" + "".join(
                    f" {statistics.median(row[i] for row in rows):13.3f}" for i in range(len(columns))))
        for code in codes:
            rows = [figures[f"{code} {phase}"] for phase in PHASES]
            print(f"{'all':<8} {code:<16}" + "".join(
                f" {statistics.median(sum(row[r][i] for row in rows) for r in range(args.rounds)):13.3f}"
                for i in range(len(columns))))
        print("listing, ms waited for each chunk (INBOX's chunks, its end, Sent's chunks, its end; median):")
        for code in codes:
            print(f"  {code:<16}" + "".join(f" {statistics.median(waits) * 1000:4.0f}"
                                           for waits in zip(*chunk_waits[code], strict=True)))
        if args.memory:
            tracemalloc.start()
            print("peak Python memory above each phase's start, MB (tracemalloc; its own round):")
            for code, module in codes.items():
                run = Run(module, account, password, master, work, identity)
                run.run()
                print(f"  {code:<16}" + "".join(f" {phase} {run.peaks[phase]:.1f}" for phase in PHASES))
            tracemalloc.stop()
        return 1 if differ else 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
