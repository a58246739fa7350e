"""Named phrase lists (rules/data/phrases.toml) compiled once, and the sentence around a match."""

from __future__ import annotations

import functools
import re

from rules import lists

_FILE = "phrases.toml"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=[-*•])")


@functools.cache
def _compiled(name: str, key: str = "patterns") -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in lists.strings(_FILE, name, key))


def first(name: str, text: str) -> re.Match[str] | None:
    """The earliest match of any pattern of list `name` in `text`."""
    found = [m for m in (p.search(text) for p in _compiled(name)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def count(name: str, text: str) -> int:
    """How many patterns of list `name` match `text` (each pattern counts once)."""
    return sum(1 for p in _compiled(name) if p.search(text))


def hits(name: str, text: str, key: str = "patterns") -> list[str]:
    """The matched words of each pattern of `name` that matches, in pattern order."""
    return [m.group(0) for m in (p.search(text) for p in _compiled(name, key)) if m]


def sentence(text: str, match: re.Match[str]) -> str:
    """The sentence of `text` that holds `match`, whitespace-normalised, at most 300 characters."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.end() <= match.start():
            start = boundary.end()
        elif boundary.start() >= match.end():
            return _clean(text[start : boundary.start()])
    return _clean(text[start:])


def _clean(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    return value if len(value) <= 300 else value[:297] + "..."
