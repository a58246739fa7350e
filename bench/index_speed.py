"""Issue #9's listing + index phase, in process: CPU per listed message by part, and a before/after check.

    .venv/bin/python bench/index_speed.py [--messages 20000] [--imap] [--repeat 3] [--compare REV]

The messages: a seeded mailbox from bench/mailbox_gen.py (the scale benchmark's), then every message
of tests/fixtures/mail, tests/fixtures/hostile and the scenarios of tests/scenarios (odd and hostile
header blocks, whole). Without `--imap` each header block is cut as an IMAP server answers
`BODY.PEEK[HEADER.FIELDS (...)]` (the wanted fields with their continuation lines, CRLF line ends, a
blank line after); with `--imap` a private Dovecot (tests/dovecot.py) is started, the mailbox written
straight into its store, and the blocks are what `ImapSource.listing` reads from it (its CPU is the
"listing" part).

Parts, in CPU microseconds per message (best of --repeat passes): `headers.read`, the link keys
(`state.key_of`), `triage.look`, `State.index` (with the add_list_addresses of the chunk, in one
transaction per chunk of 5,000 as a listing delivers them), and `sync._index` as a whole (all of the
above in one).

`--compare REV` runs this same script on REV's code (`git archive` into a temporary directory) and
compares everything the phase produces: every message's Envelope, its triage verdict, people and
companies, its conversation, and the index's tables (links, mail, lists, meta) afterwards; with `--imap`,
also every listed message's ref (UID), header block, INTERNALDATE and thread id. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import pickle
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)
ME = ("candidate@example.org", "alex.candidate@brightlake.example.com")
ACCOUNT = "bench"
CHUNK = 5000


def _code_path(argv: list[str]) -> None:
    """Import `watcher` and `rules` from --code DIR (an older commit's tree) when given."""
    code = ROOT
    if "--code" in argv:
        code = Path(argv[argv.index("--code") + 1])
    sys.path[:0] = [str(code), str(ROOT / "bench"), str(ROOT / "tests")]


def cut_fields(raw: bytes, wanted: frozenset[bytes]) -> bytes:
    """What a server sends for BODY.PEEK[HEADER.FIELDS (...)]: the wanted fields of the header,
    continuation lines included, CRLF line ends, and the blank line that ends a header."""
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    out: list[bytes] = []
    keep = False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if keep:
                out.append(line)
            continue
        keep = line.partition(b":")[0].strip().lower() in wanted
        if keep:
            out.append(line)
    return b"\r\n".join(out) + b"\r\n\r\n"


def extra_messages() -> list[bytes]:
    """The fixtures' and the scenarios' messages, whole."""
    import replay  # tests/replay.py

    random.seed(0)  # the MIME boundaries the stdlib draws: the same blocks in both runs of --compare
    raws = [p.read_bytes() for folder in ("mail", "hostile")
            for p in sorted((ROOT / "tests" / "fixtures" / folder).iterdir()) if p.is_file()]
    for scenario in replay.load(sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))):
        raws += [replay.build_raw(m) for m in scenario.messages]
    return raws


def maildir_files(store: Path) -> dict[str, list[Path]]:
    """INBOX and Sent's message files in UID order (Dovecot numbers new files in name order)."""
    return {"INBOX": sorted((store / "cur").iterdir()), "Sent": sorted((store / ".Sent" / "cur").iterdir())}


def listed_offline(messages: int, work: Path) -> list[Any]:
    import mailbox_gen

    from watcher import headers
    from watcher.model import Role
    from watcher.sources import Listed

    store = work / "store"
    mailbox_gen.generate(store, messages, NOW, seed=1)
    wanted = frozenset(name.lower().encode() for name in headers.FIELDS)
    listed = []
    for folder, files in maildir_files(store).items():
        role = Role.INBOX if folder == "INBOX" else Role.SENT
        for uid, path in enumerate(files, start=1):
            listed.append(Listed(role, f"1:{uid}", cut_fields(path.read_bytes(), wanted)))
    # odd and hostile blocks, whole (a reader must find the wanted fields among all the others)
    for number, raw in enumerate(extra_messages(), start=1):
        listed.append(Listed(Role.INBOX, f"2:{number}", raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]))
    return listed


def listed_imap(messages: int, work: Path, repeat: int) -> tuple[list[Any], float]:
    """The listing of INBOX and Sent from a private Dovecot; CPU seconds of the best pass."""
    import dovecot
    import mailbox_gen

    from watcher import config
    from watcher.model import Role
    from watcher.sources.imap import ImapConnection, ImapSource

    server = dovecot.Dovecot()
    server.start()
    try:
        username, password = server.new_user()
        store = server.root / "mail" / username
        mailbox_gen.generate(store, messages, NOW, seed=1)
        owner = (server.root / "mail").stat()
        if os.geteuid() == 0 and owner.st_uid != 0:
            subprocess.run(["chown", "-R", f"{owner.st_uid}:{owner.st_gid}", str(store)], check=True)
        account = config.Account(name=ACCOUNT, backend="imap", host=server.host, port=server.port, security="none",
                                 username=username, lookback_days=1000)
        best = float("inf")
        listed: list[Any] = []
        for _ in range(repeat + 1):  # the first pass warms the server's caches and indexes
            connection = ImapConnection(account, password)
            source = ImapSource(connection)
            connection.client  # noqa: B018 - log in before the clock starts
            started = time.process_time()
            listed = [item for role in (Role.INBOX, Role.SENT)
                      for chunk in source.listing(role, None, NOW - dt.timedelta(days=1000)).chunks for item in chunk]
            took = time.process_time() - started
            connection.close()
            if _ > 0 or repeat == 0:
                best = min(best, took)
        # each run's server draws its own UIDVALIDITY: refs are stored as "1:UID", as the offline ones are
        return [dataclasses.replace(item, ref="1:" + item.ref.partition(":")[2]) for item in listed], best
    finally:
        server.stop()


def timed(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        result = run()
        best = min(best, time.process_time() - started)
    return best, result


def measure(listed: list[Any], work: Path, repeat: int) -> tuple[dict[str, float], dict[str, Any]]:
    from rules import senders, triage
    from watcher import headers, sync
    from watcher.identity import Identity
    from watcher.model import Role
    from watcher.state import State, key_of

    identity = Identity(name="Alex Candidate", addresses=frozenset(ME), domains=frozenset(
        senders.registrable_domain(a.rpartition("@")[2]) for a in ME if not senders.is_free_mail(a)))
    chunks = [listed[i:i + CHUNK] for i in range(0, len(listed), CHUNK)]
    figures: dict[str, float] = {}

    figures["headers.read"], envelopes = timed(repeat, lambda: [headers.read(m.header) for m in listed])
    assert isinstance(envelopes, list)
    figures["key_of"], _ = timed(repeat, lambda: [[key_of(i) for i in e.links if i] for e in envelopes])
    lists = frozenset[str]()
    figures["triage.look"], _ = timed(repeat, lambda: [
        triage.look(e, m.role is Role.SENT, identity.addresses, identity.domains, lists)
        for e, m in zip(envelopes, listed, strict=True)])

    def entries_of(chunk: list[Any], offset: int) -> list[tuple[int, Any, str, list[int]]]:
        out = []
        for m, e in zip(chunk, envelopes[offset:offset + len(chunk)], strict=True):
            links = [key_of(i) for i in (e.message_id or "<none-" + m.ref + ">", *e.links[1:])]
            out.append((links[0], m.role, m.ref, links))
        return out

    prepared = [entries_of(c, i * CHUNK) for i, c in enumerate(chunks)]
    passes = iter(range(repeat * 2 + 2))

    def index_only() -> None:
        state = State.open(work / f"index-{next(passes)}.sqlite3")
        for entries in prepared:
            with state.transaction():
                state.index(ACCOUNT, entries)
                state.add_list_addresses(ACCOUNT, ())
        state.db.close()

    figures["State.index"], _ = timed(repeat, index_only)

    def whole() -> tuple[list[Any], State]:
        state = State.open(work / f"whole-{next(passes)}.sqlite3")
        known: set[str] = set()
        out = []
        for chunk in chunks:
            out += sync._index(ACCOUNT, chunk, state, identity, known)  # noqa: SLF001
        return out, state

    figures["sync._index"], result = timed(repeat, whole)
    indexed, state = result  # type: ignore[misc]
    tables = {table: sorted(state.db.execute(f"SELECT * FROM {table}").fetchall())  # noqa: S608
              for table in ("links", "mail", "lists", "meta")}
    state.db.close()
    outputs = {
        "messages": [(m.role.value, m.ref.partition(":")[2], m.header, m.internal_date, m.provider_thread_id)
                     for m in listed],
        "indexed": [(conv, tuple(envelope), int(look.verdict), look.people, look.companies, listed.ref)
                    for conv, envelope, listed, look in indexed],
        "tables": tables,
    }
    return figures, outputs


def run(args: argparse.Namespace) -> tuple[dict[str, float], dict[str, Any], int]:
    with tempfile.TemporaryDirectory(prefix="index-speed-") as temp:
        work = Path(temp)
        figures: dict[str, float] = {}
        if args.imap:
            listed, figures["listing (IMAP)"] = listed_imap(args.messages, work, args.repeat)
        else:
            listed = listed_offline(args.messages, work)
        parts, outputs = measure(listed, work, args.repeat)
        figures.update(parts)
        return figures, outputs, len(listed)


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    found = []
    for name in ("messages", "indexed"):
        a, b = old[name], new[name]
        if len(a) != len(b):
            found.append(f"{name}: {len(a)} before, {len(b)} now")
        found += [f"{name}[{i}]:\n  before {x!r}\n  now    {y!r}" for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    for table, rows in old["tables"].items():
        if rows != new["tables"][table]:
            gone, added = set(rows) - set(new["tables"][table]), set(new["tables"][table]) - set(rows)
            found.append(f"table {table}: {len(gone)} rows only before, {len(added)} only now "
                         f"(e.g. {sorted(gone)[:2]!r} / {sorted(added)[:2]!r})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=20_000, help="generated messages (INBOX and Sent)")
    parser.add_argument("--imap", action="store_true", help="list them from a private Dovecot")
    parser.add_argument("--repeat", type=int, default=3, help="passes per part; the best is shown")
    parser.add_argument("--compare", metavar="REV", help="check that REV's code produces the same results")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)  # the tree to import (for --compare)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # where to pickle the outputs
    args = parser.parse_args()
    figures, outputs, count = run(args)
    if args.dump:
        args.dump.write_bytes(pickle.dumps((figures, outputs)))
        return 0
    old_figures: dict[str, float] = {}
    found: list[str] = []
    if args.compare:
        with tempfile.TemporaryDirectory(prefix="index-speed-old-") as temp:
            tree = Path(temp) / "tree"
            tree.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.compare, "watcher", "rules"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
            dump = Path(temp) / "old.pickle"
            command = [sys.executable, __file__, "--messages", str(args.messages), "--repeat", str(args.repeat),
                       "--code", str(tree), "--dump", str(dump)] + (["--imap"] if args.imap else [])
            subprocess.run(command, check=True)
            old_figures, old_outputs = pickle.loads(dump.read_bytes())  # noqa: S301 - our own file
        found = differences(old_outputs, outputs)
    print(f"{count} messages listed and indexed; CPU µs per message, best of {args.repeat}")
    for part, seconds in figures.items():
        line = f"  {part:<16} {seconds / count * 1e6:8.1f}"
        if part in old_figures:
            line += f"   ({args.compare}: {old_figures[part] / count * 1e6:.1f}, x{old_figures[part] / seconds:.2f})"
        print(line)
    phase = [part for part in ("listing (IMAP)", "sync._index") if part in figures]
    line = f"  {'phase':<16} {sum(figures[p] for p in phase) / count * 1e6:8.1f}"
    if old_figures:
        old_phase = sum(old_figures[p] for p in phase)
        line += f"   ({args.compare}: {old_phase / count * 1e6:.1f}, x{old_phase / sum(figures[p] for p in phase):.2f})"
    print(line + f"   ({' + '.join(phase)})")
    if args.compare:
        print(f"compared with {args.compare}: {len(outputs['indexed'])} messages' envelopes, verdicts, people, "
              f"companies and conversations; tables {', '.join(outputs['tables'])} "
              f"({sum(len(r) for r in outputs['tables'].values())} rows)"
              + ("; listed refs, header blocks, INTERNALDATEs, thread ids" if args.imap else ""))
        for line in found[:20]:
            print(line)
        print(f"{len(found)} differences" if found else "identical")
    return 1 if found else 0


if __name__ == "__main__":
    _code_path(sys.argv)
    sys.exit(main())
