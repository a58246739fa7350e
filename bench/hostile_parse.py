"""Figures for issue #8: parse CPython's email corpus, our hostile fixtures and ~2,000 generated
hostile messages, then one 20 MB message; print wall time, CPU time and peak RSS. Figures only,
no pass/fail (the tests own correctness).

    .venv/bin/python bench/hostile_parse.py [--generated 2000] [--seed 8]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hostile_mail  # noqa: E402

from watcher import parse  # noqa: E402
from watcher.model import Role  # noqa: E402
from watcher.sources import Fetched  # noqa: E402

ME = frozenset({"alex@example.org"})


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--generated", type=int, default=2000)
    args.add_argument("--seed", type=int, default=8)
    options = args.parse_args()

    fixtures = ROOT / "tests" / "fixtures"
    raws = [p.read_bytes() for p in sorted((fixtures / "cpython_email").glob("msg_*.txt"))]
    raws += [p.read_bytes() for p in sorted((fixtures / "hostile").glob("*.eml"))]
    raws += [hostile_mail.big_attachment(), hostile_mail.nested(), hostile_mail.long_header_line()]
    corpus = len(raws)
    raws += list(hostile_mail.generated(options.generated, options.seed))

    reasons: Counter[str] = Counter()
    wall, cpu = time.perf_counter(), time.process_time()
    for raw in raws:
        message, reason = parse.safe_parse(Fetched(role=Role.INBOX, raw=raw), "main", ME)
        reasons["parsed" if message is not None else reason] += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = sum(len(r) for r in raws)
    print(f"messages: {len(raws)} ({corpus} corpus and hand-made, {options.generated} generated), {size / 1e6:.1f} MB")
    print(f"outcomes: {dict(reasons)}")
    print(f"wall: {wall:.2f} s   cpu: {cpu:.2f} s   per message: {1000 * wall / len(raws):.2f} ms")

    huge = hostile_mail.huge()
    tracemalloc.start()
    wall = time.perf_counter()
    parse.parse(Fetched(role=Role.INBOX, raw=huge), "main", ME)
    wall = time.perf_counter() - wall
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"20 MB message ({len(huge) / 1e6:.1f} MB): {wall:.2f} s (under tracemalloc), "
          f"peak allocated while parsing: {peak / 1e6:.1f} MB")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
