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
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_text import INPUTS  # noqa: E402

from rules import banned, names, recipient, replies  # noqa: E402
from rules.dates import absence, deadline, durations, mentions, slots  # noqa: E402
from watcher import detect, mimeparts, normalise, textzones  # noqa: E402
from watcher.config import Me, Policy  # noqa: E402
from watcher.model import Address, Message, Role, Side, Thread  # noqa: E402

SAID_AT = dt.datetime(2026, 10, 12, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
CHICAGO = ZoneInfo("America/Chicago")


def _message(text: str) -> Message:
    return Message(account="bench", message_id="<1@example.com>", role=Role.INBOX, date=SAID_AT,
                   sender=Address("dana@example.com", "Dana Whitfield"), subject="Interview for Data Engineer",
                   text=text, author_text=text)


def _detect(text: str) -> object:
    reply = "Thanks, Tuesday at 2pm works for me."
    mine = Message(account="bench", message_id="<2@example.org>", role=Role.SENT, date=SAID_AT + dt.timedelta(hours=1),
                   sender=Address("alex@example.org", "Alex"), subject="Re: Interview for Data Engineer",
                   in_reply_to="<1@example.com>", text=reply, author_text=reply)
    thread = Thread(thread_id="t1", account="bench", messages=(_message(text), mine))
    return detect.detect(thread, detect.Identity.of(Me("Alex", ("alex@example.org",))), Policy())


def _contact(text: str) -> object:
    robot = Message(account="bench", message_id="<1@example.com>", role=Role.INBOX, date=SAID_AT,
                    sender=Address("no-reply@example.com"), text=text, author_text=text)
    return recipient.choose([(robot, Side.HIRING)], frozenset(), frozenset(), frozenset())


# name -> (reads the raw input?, reader)
READERS: dict[str, tuple[bool, Callable[[str], object]]] = {
    "zone-plain": (True, lambda raw: textzones.split(textzones.choose_text(raw, ""))),
    "zone-html": (True, lambda raw: textzones.split(textzones.choose_text("", raw))),
    "deadline": (False, lambda text: deadline.find_deadline(text, SAID_AT)),
    "slots": (False, lambda text: slots.find_slots(text, SAID_AT, CHICAGO)),
    "dates": (False, lambda text: mentions.find_dates(mentions.normalize(text))),
    "duration": (False, durations.find_duration),
    "return": (False, lambda text: absence.find_return_date(text, SAID_AT)),
    "replies": (False, lambda text: replies.event(_message(text), Side.HIRING)),
    "role": (False, lambda text: names.role_title(["Interview"], [text])),
    "contact": (False, _contact),
    "banned": (False, banned.find),
    "detect": (False, _detect),
    "normalise": (False, normalise.normalised),
    "flowed": (True, mimeparts.unflow),
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
