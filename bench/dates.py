"""Figures for issue #11: how often the date readers name the right day, on a broad phrase set.

    .venv/bin/python bench/dates.py [-v] [--misses]

The phrases are bench/data/date_phrases.toml (provenance in that file: Duckling's, ctparse's and
dateparser's public test corpora, and our own deadline forms in English, German, French and
Spanish), each with the moment it was written, the hiring side's zone and the day it names. A
phrase alone is read inside "You will hear from us <phrase>." by `rules.dates.deadline` (and, for
a date with a time of day, which that reader leaves to the slot reader, by `rules.dates.slots`); the
figure is the share read as the expected day. When dateparser or ctparse can be imported (run
this script with a throwaway venv's python that has them, PYTHONPATH set to the repository; they
are never project dependencies), they are scored on the same sentences: dateparser's
`search_dates` (the last date it finds) and ctparse's `ctparse` (its best parse). Asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from rules.dates import deadline, slots, zones  # noqa: E402

DATA = ROOT / "bench" / "data" / "date_phrases.toml"
TEMPLATE = "You will hear from us {}."


@dataclass(frozen=True)
class Case:
    phrase: str
    sentence: str
    said_at: dt.datetime
    zone: dt.tzinfo
    expected: dt.date
    source: str


Reader = Callable[[Case], dt.date | None]


def load(path: Path = DATA) -> list[Case]:
    groups = tomllib.loads(path.read_text("utf-8"))["group"]
    cases = []
    for group in groups:
        zone = zones.named_zone(group["zone"])
        said_at = dt.datetime.fromisoformat(group["reference"])
        for phrase, expected in group["cases"]:
            sentence = phrase if phrase.endswith(".") else TEMPLATE.format(phrase)
            cases.append(Case(phrase, sentence, said_at, zone, dt.date.fromisoformat(expected),
                              group["label"]))
    return cases


def ours(case: Case) -> dt.date | None:
    """The deadline reader's day; for a phrase it drops as an appointment ("Jun 21 at 8am": a date
    with a time is a meeting, not a timeline), the slot reader's."""
    match = deadline.find_deadline(case.sentence, case.said_at, case.zone)
    if match is not None:
        return match.date
    named = [s for s in slots.find_slots(case.sentence, case.said_at, case.zone) if s.explicit_date]
    return named[0].start.astimezone(case.zone).date() if named else None


def _dateparser() -> Reader | None:
    try:
        search: Any = importlib.import_module("dateparser.search")
    except ImportError:
        return None

    def read(case: Case) -> dt.date | None:
        base = case.said_at.astimezone(case.zone).replace(tzinfo=None)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
        found = search.search_dates(case.sentence, settings=settings)
        return found[-1][1].date() if found else None

    return read


def _ctparse() -> Reader | None:
    try:
        module: Any = importlib.import_module("ctparse")
    except ImportError:
        return None

    def read(case: Case) -> dt.date | None:
        base = case.said_at.astimezone(case.zone).replace(tzinfo=None)
        parse = module.ctparse(case.sentence, ts=base, timeout=1.0)
        if parse is None:
            return None
        value = parse.resolution
        start = getattr(value, "start", value)
        try:
            return dt.date(start.year, start.month, start.day)
        except (TypeError, ValueError, AttributeError):
            return None

    return read


def score(reader: Reader, cases: list[Case]) -> tuple[int, list[tuple[Case, dt.date | None]]]:
    right, misses = 0, []
    for case in cases:
        try:
            got = reader(case)
        except Exception:  # noqa: BLE001 - a peer library failing on a phrase is a miss, not a crash
            got = None
        if got == case.expected:
            right += 1
        else:
            misses.append((case, got))
    return right, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list our misses")
    args = parser.parse_args()
    cases = load()
    readers: dict[str, Reader | None] = {"followup-watcher": ours, "dateparser": _dateparser(), "ctparse": _ctparse()}
    sources = sorted({c.source for c in cases})
    print(f"{len(cases)} phrases ({', '.join(f'{s}: {sum(c.source == s for c in cases)}' for s in sources)})")
    for name, reader in readers.items():
        if reader is None:
            print(f"{name:>16}: not installed")
            continue
        right, misses = score(reader, cases)
        per_source = "  ".join(
            f"{s} {sum(c.source == s for c in cases) - sum(m.source == s for m, _ in misses)}/{sum(c.source == s for c in cases)}"
            for s in sources)
        print(f"{name:>16}: right day {right}/{len(cases)} = {100 * right / len(cases):.1f}%   ({per_source})")
        if args.misses and name == "followup-watcher":
            for case, got in misses:
                print(f"    {case.phrase!r}: expected {case.expected}, got {got}  [{case.source}]")


if __name__ == "__main__":
    main()
