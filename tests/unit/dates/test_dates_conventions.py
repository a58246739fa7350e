"""The conventions table of rules/dates/deadline.py as a data-driven test (tests/unit/dates/
conventions.toml): every phrase the table quotes has a case, and every case reads as the table says."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from rules.dates import deadline, zones

DATA = tomllib.loads((Path(__file__).parent / "conventions.toml").read_text("utf-8"))
CASES = [(phrase, expected, reference["at"], reference["zone"])
         for reference in DATA["reference"] for phrase, expected in reference["cases"]]
# "before/by Christmas" quotes two phrases in one; "<Month>" stands for any month
_ALTERNATIVES = {"before/by": "before", "by/before": "by", "within/in": "within", "COB/EOD": "COB"}


def _table_phrases() -> list[str]:
    assert deadline.__doc__ is not None
    rows = [line for line in deadline.__doc__.splitlines() if line.startswith('| "')]
    phrases = []
    for row in rows:
        for phrase in re.findall(r'"([^"]+)"', row.split(" | ")[0]):
            for written, meant in _ALTERNATIVES.items():
                phrase = phrase.replace(written, meant)
            phrases.append(DATA["fragments"].get(phrase, phrase.replace("<Month>", "December")))
    return phrases


def test_every_phrase_of_the_conventions_table_has_a_case() -> None:
    covered = {phrase for phrase, *_ in CASES}
    missing = [phrase for phrase in _table_phrases() if phrase not in covered]
    assert len(_table_phrases()) > 80 and missing == []


@pytest.mark.parametrize(("phrase", "expected", "at", "zone"), CASES)
def test_a_phrase_reads_as_the_conventions_say(phrase: str, expected: str, at: str, zone: str) -> None:
    sentence = phrase if phrase.endswith(".") or phrase.startswith("we'") else f"You will hear from us {phrase}."
    match = deadline.find_deadline(sentence, dt.datetime.fromisoformat(at), zones.named_zone(zone))
    assert match is not None
    if expected == "vague":
        assert (match.basis, match.date) == ("vague", None)
    else:
        assert (match.basis, match.date) == ("stated", dt.date.fromisoformat(expected))
