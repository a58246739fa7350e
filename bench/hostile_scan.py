"""Issue #8's hostile mailbox, scanned whole: CPython's email corpus, the hostile fixtures, N generated
mangled messages and the adversarial texts in an interview thread, in a Maildir; then `scan --once`
as a subprocess. Prints wall time, peak RSS, the exit code, whether stderr held a traceback, and
the drafts' header names. Figures only; tests/integration/test_hostile_mailbox.py is the check.

    .venv/bin/python bench/hostile_scan.py [--generated 2000] [--seed 8]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import hostile_mailbox  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "Mail"
        count = hostile_mailbox.build(root, options.generated, options.seed)
        config = Path(work) / "config.toml"
        config.write_text(
            f'[[accounts]]\nname = "local"\nbackend = "maildir"\npath = "{root}"\nlookback_days = 3650\n\n'
            '[me]\nname = "Alex Rivera"\naddresses = ["alex@example.org"]\n\n'
            f'[state]\npath = "{Path(work) / "state.db"}"\n', encoding="utf-8")
        command = [str(Path(sys.executable).parent / "followup-watcher"), "--config", str(config), "scan", "--once",
                   "--now", "2026-10-14T09:00:00+00:00"]
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ), check=False)
        took = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        drafts = [p for sub in ("cur", "new") for p in (root / ".Drafts" / sub).iterdir()]
        names = sorted({name.lower() for p in drafts
                        for name in email.message_from_bytes(p.read_bytes(), policy=email.policy.compat32)})
        print(f"hostile mailbox: {count} messages ({options.generated} generated)")
        print(f"scan --once: {took:.1f} s, peak RSS {peak:.0f} MB, exit {done.returncode}, "
              f"traceback on stderr: {'Traceback' in done.stderr}")
        print(f"drafts written: {len(drafts)}; their header names: {', '.join(names) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
