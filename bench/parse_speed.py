"""Issue #9's reading phase in-process: CPU per message of `parse.safe_parse`, and proof that a change
to the parser leaves every result as it was.

    .venv/bin/python bench/parse_speed.py [--generated 3000] [--hostile 1000] [--profile] [--repeat 3]
    .venv/bin/python bench/parse_speed.py --save before.pickle
    .venv/bin/python bench/parse_speed.py --compare before.pickle     # or --compare COMMIT

The messages: a mailbox written by bench/mailbox_gen.py into a temporary Maildir (read back with
its folder's role and each file's mtime as the server's date), tests/fixtures/mail/*.eml,
tests/fixtures/hostile/**, CPython's email corpus (tests/fixtures/cpython_email), the seeded
hostile stream of tests/hostile_mail.py plus its big fixtures, and the messages of every
tests/scenarios/*.yaml as tests/replay.py builds them.

`--compare` parses them all with this checkout and with the old code (a pickle saved by `--save`,
or a commit: its watcher/ and rules/ are extracted to a temporary directory and this script runs
there with --save), then checks every (Message, why) pair is equal, both by `==` and by `repr`
(which also tells time zones apart that `==` on aware datetimes does not); exit 1 on any difference.
Figures are printed; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import logging
import os
import pickle
import pstats
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# the code under test is this checkout's, or the old copy --compare extracted (named in PARSE_SPEED_CODE)
sys.path[:0] = [os.environ.get("PARSE_SPEED_CODE", str(ROOT)), str(ROOT / "bench"), str(ROOT / "tests")]

from watcher import parse  # noqa: E402
from watcher.model import Role  # noqa: E402
from watcher.sources import Fetched  # noqa: E402

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ME = frozenset({"candidate@example.org", "alex.candidate@brightlake.example.com", "alex@employer.example.com",
                "alex@example.org"})
_ROLES = {"": Role.INBOX, ".Sent": Role.SENT}


def generated_mailbox(count: int, seed: int) -> list[tuple[str, Fetched]]:
    import mailbox_gen

    out = []
    with tempfile.TemporaryDirectory(prefix="parse-speed-") as work:
        store = Path(work) / "Maildir"
        mailbox_gen.generate(store, count, NOW, seed)
        for folder, role in _ROLES.items():
            for path in sorted((store / folder / "cur").iterdir()) if (store / folder / "cur").is_dir() else []:
                when = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
                out.append((f"gen{folder}/{path.name.split(':')[0]}", Fetched(role=role, raw=path.read_bytes(),
                                                                              internal_date=when)))
    return out


def fixtures(hostile: int, seed: int) -> list[tuple[str, Fetched]]:
    import hostile_mail
    import replay

    base = ROOT / "tests" / "fixtures"
    when = dt.datetime(2026, 10, 1, 8, 0, tzinfo=dt.UTC)
    raws: list[tuple[str, bytes]] = []
    for pattern in ("mail/*.eml", "hostile/**/*", "cpython_email/msg_*.txt"):
        raws += [(str(p.relative_to(base)), p.read_bytes()) for p in sorted(base.glob(pattern)) if p.is_file()]
    raws += [("hostile_mail.big_attachment", hostile_mail.big_attachment()), ("hostile_mail.nested", hostile_mail.nested()),
             ("hostile_mail.long_header_line", hostile_mail.long_header_line())]
    raws += [(f"hostile_mail.generated[{i}]", raw) for i, raw in enumerate(hostile_mail.generated(hostile, seed))]
    out = [(name, Fetched(role=Role.INBOX, raw=raw, internal_date=when)) for name, raw in raws]
    # a header-only fetch of each fixture as well: `complete` False skips the body
    out += [(name + " (headers)", Fetched(role=Role.INBOX, raw=raw, complete=False)) for name, raw in raws[:40]]
    # what no parser can read (a source handing over the wrong type): the reason given must not change
    out += [("broken: no bytes", Fetched(role=Role.INBOX, raw=None)),  # type: ignore[arg-type]
            ("broken: text, not bytes", Fetched(role=Role.INBOX, raw="From: a@example.com\n\nhi"))]  # type: ignore[arg-type]
    for scenario in replay.load(list((ROOT / "tests" / "scenarios").glob("*.yaml"))):
        for number, message in enumerate(scenario.messages):
            role = Role.SENT if message.get("folder") == "Sent" else Role.INBOX
            out.append((f"scenario {scenario.name}[{number}]",
                        Fetched(role=role, raw=replay.build_raw(message), internal_date=message["at"])))
    return out


def parse_all(messages: list[tuple[str, Fetched]]) -> list[tuple[Any, str]]:
    return [parse.safe_parse(fetched, "main", ME) for _, fetched in messages]


def old_results(commit: str, args: argparse.Namespace) -> list[tuple[Any, str]]:
    """The results of `commit`'s parser on the same messages: its code extracted and run in a subprocess."""
    with tempfile.TemporaryDirectory(prefix="parse-old-") as work:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit, "watcher", "rules"],
                                 check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(work, filter="data")
        saved = Path(work) / "results.pickle"
        environment = dict(os.environ, PARSE_SPEED_CODE=work)
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--save", str(saved), "--repeat", "1",
                        "--generated", str(args.generated), "--hostile", str(args.hostile), "--seed", str(args.seed)],
                       check=True, env=environment, stdout=subprocess.DEVNULL)
        with saved.open("rb") as file:
            loaded: list[tuple[Any, str]] = pickle.load(file)
        return loaded


def compare(names: list[str], new: list[tuple[Any, str]], old: list[tuple[Any, str]]) -> int:
    if len(new) != len(old):
        print(f"DIFFERENT: {len(new)} results now, {len(old)} before")
        return 1
    differences = [name for name, a, b in zip(names, new, old, strict=True) if a != b or repr(a) != repr(b)]
    for name in differences[:20]:
        print(f"DIFFERENT: {name}")
    parsed = sum(1 for message, _ in new if message is not None)
    print(f"compared {len(new)} results ({parsed} parsed, {len(new) - parsed} unreadable): "
          f"{len(differences)} different")
    return 1 if differences else 0


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--generated", type=int, default=3000, help="messages from bench/mailbox_gen.py")
    options.add_argument("--hostile", type=int, default=1000, help="messages from tests/hostile_mail.generated")
    options.add_argument("--seed", type=int, default=9)
    options.add_argument("--repeat", type=int, default=3, help="timed passes over the messages (best one shown)")
    options.add_argument("--profile", action="store_true", help="print the top costs of one pass (cProfile)")
    options.add_argument("--save", type=Path, help="pickle the results here")
    options.add_argument("--compare", help="a pickle from --save, or a commit whose parser to compare with")
    args = options.parse_args()
    logging.disable(logging.CRITICAL)  # an unreadable message logs a warning each pass

    print(f"parser: {Path(parse.__file__).resolve()}", file=sys.stderr)
    generated = generated_mailbox(args.generated, args.seed) if args.generated else []
    others = fixtures(args.hostile, args.seed)
    messages = generated + others
    names = [name for name, _ in messages]

    # the first pass also pays the imports and compiled patterns, as a scan does: shown apart
    start = time.process_time()
    results = parse_all(messages)
    first = time.process_time() - start
    print(f"messages: {len(generated)} generated ({sum(len(f.raw) for _, f in generated) / 1e6:.1f} MB), "
          f"{len(others)} fixtures, hostile and scenario messages")
    print(f"first pass (imports included): {first:.2f} s CPU")
    kept = [item for item in generated if _not_dropped(item[1])]
    for label, group in (("generated", generated), ("not NO", kept), ("all", messages)):
        best = min(_timed(group) for _ in range(max(1, args.repeat))) if group else 0.0
        print(f"{label:>9}: {best:.2f} s CPU, {1000 * best / max(1, len(group)):.3f} ms/message (best of {args.repeat})")
    print(f"outcomes: {dict(Counter('parsed' if m is not None else why for m, why in results))}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        parse_all(generated or messages)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(30)
    if args.save:
        with args.save.open("wb") as file:
            pickle.dump(results, file)
    if args.compare:
        if Path(args.compare).is_file():
            with Path(args.compare).open("rb") as file:
                old = pickle.load(file)
        else:
            old = old_results(args.compare, args)
        return compare(names, results, old)
    return 0


def _not_dropped(fetched: Fetched) -> bool:
    """Whether triage lets the message's headers through (what the scan reads is near this set: the
    messages of kept conversations)."""
    from rules import triage
    from watcher import headers

    envelope = headers.read(fetched.raw.partition(b"\n\n")[0])
    return triage.look(envelope, fetched.role is Role.SENT, ME, frozenset({"brightlake.example.com"})).verdict is not triage.Verdict.NO


def _timed(messages: list[tuple[str, Fetched]]) -> float:
    start = time.process_time()
    parse_all(messages)
    return time.process_time() - start


if __name__ == "__main__":
    sys.exit(main())
