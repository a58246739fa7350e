"""The whole scenario corpus replayed in memory, every scenario at once in one mailbox (the suite
replays a third of it: tests/integration/test_scenarios_replay.py). Prints what failed and how long
it took; exits non-zero when a hard rule broke.

    .venv/bin/python bench/replay_corpus.py            # every scenario of tests/scenarios
    .venv/bin/python bench/replay_corpus.py -x -q      # extra arguments go to pytest
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    started = time.monotonic()
    env = {**os.environ, "FW_REPLAY": "all"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               str(ROOT / "tests" / "integration" / "test_scenarios_replay.py"), *argv]
    code = subprocess.call(command, cwd=ROOT, env=env)
    print(f"replay of the whole corpus: exit {code}, {time.monotonic() - started:.0f} s", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
