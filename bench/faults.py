"""The long fault run (issue #8, item 5): many seeds through the fault proxy, figures printed.

    .venv/bin/python bench/faults.py [--seeds 1-10] [--faults-per-step 8] [--every-days 1]

Each seed replays the weeks of interview mail of tests/integration/faults_harness.py through
tests/faultproxy.py against a private Dovecot, and compares what it leaves with a fault-free run.
Prints faults injected by kind, duplicates, lost drafts, changed flags, fates that differ and the
exit codes seen. Exits 1 when any seed differs from the fault-free run or exits other than 0 or 75.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "integration")]

import dovecot  # noqa: E402
import faults_harness  # noqa: E402
from test_faults_imap import faulted_run, reference_run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-10", help="a range like 1-10")
    parser.add_argument("--faults-per-step", type=int, default=8)
    parser.add_argument("--every-days", type=int, default=1)
    args = parser.parse_args()
    first, _, last = args.seeds.partition("-")
    seeds = range(int(first), int(last or first) + 1)
    server = dovecot.Dovecot()
    server.start()
    failed = False
    try:
        root = Path(tempfile.mkdtemp(prefix="fw-bench-faults-"))
        (root / "reference").mkdir()
        clean = reference_run(server, root / "reference", args.every_days)
        reference = clean.outcome
        totals: collections.Counter[str] = collections.Counter()
        codes: collections.Counter[int] = collections.Counter()
        started = time.monotonic()
        for seed in seeds:
            (root / f"seed-{seed}").mkdir()
            run = faulted_run(server, root / f"seed-{seed}", seed, clean.wrote_at, args.faults_per_step, args.every_days)
            totals.update(run.injected)
            codes.update(run.codes)
            duplicates = len(run.outcome.drafts) - len(set(run.outcome.drafts))
            lost = len(set(reference.drafts) - set(run.outcome.drafts)) + len(set(reference.sent) - set(run.outcome.sent))
            flags = run.outcome.flags != reference.flags
            fates = run.outcome.followups != reference.followups
            codes_ok = set(run.codes) <= faults_harness.ACCEPTED_EXIT_CODES
            failed |= bool(duplicates or lost or flags or fates or not codes_ok)
            print(f"seed {seed}: {sum(run.injected.values())} faults, {duplicates} duplicates, {lost} lost, "
                  f"flags changed: {flags}, fates differ: {fates}, exit codes {sorted(set(run.codes))}")
        print(f"total: {sum(totals.values())} faults in {time.monotonic() - started:.0f} s: "
              + ", ".join(f"{kind} {count}" for kind, count in sorted(totals.items())))
        print("exit codes: " + ", ".join(f"{code}: {count}" for code, count in sorted(codes.items())))
    finally:
        server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
