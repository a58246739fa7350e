"""Figures for issue #8: how long each reader of mail text takes on hostile input.

    .venv/bin/python bench/adversarial_text.py [--repeat 3] [--only NAME]

For every input of tests/hostile_text.py: the raw size, zoning (plain and HTML), each rule on
the capped text the rules can be given, and detection of a thread holding it. Prints the best of
`--repeat` runs in seconds and exits 1 when a reader takes more than `--bound` seconds (1 s; detection,
which runs every rule, gets five times that) on one input. The tests (tests/unit/
test_adversarial_text.py) only check that every reader returns: speed is measured here, never there.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_readers import RAW, RULES, detect_thread  # noqa: E402
from hostile_text import INPUTS  # noqa: E402

from watcher import textzones  # noqa: E402

# name -> (reads the raw input?, reader): the same readers the test checks
READERS: dict[str, tuple[bool, Callable[[str], object]]] = {
    **{name: (True, read) for name, read in RAW.items()},
    **{name: (False, read) for name, read in RULES.items()},
    "detect": (False, detect_thread),
}


def _best(read: Callable[[str], object], text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        read(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="an input name (repeatable); default: all")
    parser.add_argument("--bound", type=float, default=1.0, help="seconds a reader may take on one input (default 1)")
    args = parser.parse_args()
    over: list[str] = []
    for _, read in READERS.values():
        read("We will decide by Friday.")  # compile the phrase lists outside the figures
    print(f"cap: {textzones.MAX_TEXT} characters, lines of {textzones.MAX_LINE}; seconds, best of {args.repeat}")
    print(f"{'input':34s} {'raw':>8s} {'capped':>7s} " + " ".join(f"{name:>10s}" for name in READERS))
    for name in args.only or INPUTS:
        raw = INPUTS[name]()
        capped = textzones.choose_text(raw, "")
        figures = [_best(read, raw if whole else capped, args.repeat) for whole, read in READERS.values()]
        print(f"{name:34s} {len(raw):8d} {len(capped):7d} " + " ".join(f"{f:10.3f}" for f in figures), flush=True)
        for reader, seconds in zip(READERS, figures, strict=True):
            if seconds > args.bound * (5 if reader == "detect" else 1):
                over.append(f"{reader} on {name!r}: {seconds:.2f} s")
    if over:
        print("over the bound:\n  " + "\n  ".join(over))
        sys.exit(1)
    print(f"every reader within its bound ({args.bound} s; detect {5 * args.bound} s)")


if __name__ == "__main__":
    main()
