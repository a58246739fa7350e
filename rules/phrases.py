"""Named phrase lists (rules/data/phrases.toml and its per-language siblings, rules/data/<lang>/)
compiled once, and the sentence around a match.

Every function here reads its text through `watcher.normalise.for_matching` first: a phrase is
found however the mail wrapped, spaced, quoted or dashed it. Match positions are positions in that
normalised text, so a match is handed back to `sentence` / `Sentences` (which normalise the same
way), never used to slice the caller's own text."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterator

from rules import lists, literals
from watcher.normalise import for_matching

_FILE = "phrases.toml"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=[-*•])")


@dataclasses.dataclass(frozen=True)
class _Phrase:
    source: str
    starts: frozenset[str] | None  # every match begins with one of these (case-folded); None: unknown


class _List:
    """A list's patterns with their literal starts; each pattern is compiled the first time a text
    holds one of its starts (a process that reads a few messages compiles what they need, not the
    hundreds of patterns of every language)."""

    def __init__(self, phrases: tuple[_Phrase, ...]) -> None:
        self.phrases = phrases
        starts = sorted({s for p in phrases for s in p.starts or ()})
        # the starts by their first _HEAD characters: a text is searched for each head, and for the
        # starts of the heads it holds only (a list's hundreds of starts share a few dozen heads:
        # "avanzar con otro candidat", "avanzar con otros perfile", ...)
        by_head: dict[str, list[str]] = {}
        for start in starts:
            by_head.setdefault(start[:_HEAD], []).append(start)
        self.by_head = {head: tuple(group) for head, group in by_head.items()}
        unknown = tuple(index for index, p in enumerate(phrases) if p.starts is None)
        self.always = frozenset(unknown)  # patterns with no known start: tried on every text
        indices: dict[str, list[int]] = {}
        for index, phrase in enumerate(phrases):
            for start in phrase.starts or ():
                indices.setdefault(start, []).append(index)
        self.indices = {start: tuple(found) for start, found in indices.items()}
        self._compiled: list[re.Pattern[str] | None] = [None] * len(phrases)

    def pattern(self, index: int) -> re.Pattern[str]:
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(self.phrases[index].source, re.I)
        return compiled

    def present(self, folded: str) -> set[int]:
        """The indices of the patterns that can match `folded` (a case-folded text)."""
        found = set(self.always)
        indices = self.indices
        for head, group in self.by_head.items():
            if head in folded:
                for start in group:
                    if start in folded:
                        found.update(indices[start])
        return found


_HEAD = 5


@functools.cache
def _compiled(name: str, key: str = "patterns") -> _List:
    phrases = []
    for pattern in lists.strings(_FILE, name, key):
        starts = literals.starts(pattern, re.I)
        phrases.append(_Phrase(pattern, frozenset(starts) if starts is not None else None))
    return _List(tuple(phrases))


@functools.lru_cache(maxsize=64)  # a quarter of the look-ups repeat one of the last few (first, then hits)
def _candidates(name: str, text: str, key: str = "patterns") -> tuple[re.Pattern[str], ...]:
    """The patterns of list `name` that can match `text`, in list order: those whose literal start
    is in it (a substring test, in C, once per distinct start), and those with no known start. Most
    texts hold none of a list's words, and the regular-expression engine never runs for them."""
    compiled = _compiled(name, key)
    return tuple(compiled.pattern(index) for index in sorted(compiled.present(_folded(text))))


@functools.lru_cache(maxsize=64)  # the same text is read by many lists in a row
def _folded(text: str) -> str:
    return text.casefold()


def first(name: str, text: str) -> re.Match[str] | None:
    """The earliest match of any pattern of list `name` in `text`."""
    text = for_matching(text)
    found = [m for m in (p.search(text) for p in _candidates(name, text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def count(name: str, text: str) -> int:
    """How many patterns of list `name` match `text` (each pattern counts once)."""
    text = for_matching(text)
    return sum(1 for p in _candidates(name, text) if p.search(text))


def hits(name: str, text: str, key: str = "patterns") -> list[str]:
    """The matched words of each pattern of `name` that matches, in pattern order."""
    text = for_matching(text)
    return [m.group(0) for m in (p.search(text) for p in _candidates(name, text, key)) if m]


def each(name: str, text: str) -> Iterator[re.Match[str]]:
    """The matches of list `name` in `text` as `first` finds them in what follows the previous one:
    the earliest, then the earliest after its end, and so on. Each pattern's next match is kept until
    passed, so the text is read once however many matches are skipped (not once per match)."""
    text = for_matching(text)
    patterns = _candidates(name, text)
    if not patterns:
        return
    upcoming = [p.search(text) for p in patterns]
    position = 0
    while True:
        for index, pattern in enumerate(patterns):
            found = upcoming[index]
            if found is not None and found.start() < position:
                upcoming[index] = pattern.search(text, position)
        present = [m for m in upcoming if m is not None]
        if not present:
            return
        match = min(present, key=lambda m: m.start())
        yield match
        position = max(match.end(), position + 1) if match.end() == match.start() else match.end()


class Sentences:
    """The sentence boundaries of a text, found once for any number of look-ups."""

    def __init__(self, text: str) -> None:
        text = for_matching(text)
        self.text = text
        bounds = [(b.start(), b.end()) for b in _SENTENCE_END.finditer(text)]
        self.starts = [start for start, _ in bounds]
        self.ends = [end for _, end in bounds]

    def around(self, match: re.Match[str], since: int = 0) -> str:
        """The sentence that holds `match`, starting no earlier than `since`, whitespace-normalised,
        at most 300 characters."""
        before = bisect.bisect_right(self.ends, match.start()) - 1
        start = max(since, self.ends[before] if before >= 0 else 0)
        after = bisect.bisect_left(self.starts, match.end())
        end = self.starts[after] if after < len(self.starts) else len(self.text)
        return _clean(self.text, start, end)


def sentence(text: str, match: re.Match[str]) -> str:
    """The sentence of `text` that holds `match`, whitespace-normalised, at most 300 characters."""
    return Sentences(text).around(match)


def _clean(text: str, start: int, end: int) -> str:
    # only the first 300 characters are kept: normalise no more of a long run-on "sentence" than that
    size = 1024
    while True:
        value = re.sub(r"\s+", " ", text[start : min(end, start + size)]).strip()
        if len(value) > 300 or start + size >= end:
            return value if len(value) <= 300 else value[:297] + "..."
        size *= 4


# a change of the user's rule folders (SIGHUP) takes effect at once
lists.on_change(_compiled.cache_clear)
lists.on_change(_candidates.cache_clear)
