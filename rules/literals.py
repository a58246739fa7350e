"""The literal text a regular expression's every match starts with, for a prefilter.

Python's `re` tries a pattern at every position of a text; a phrase list of a hundred patterns (and
more with every language) costs a hundred passes, and one alternation of them all is no faster.
Most phrase patterns start with words, though: `\\binterview(s|ed)?\\b` can only match where
"interview" is, `\\b(phone|video) call\\b` where "phone call" or "video call" is. A substring test
(`in`, which runs in C) on the case-folded text rules most patterns out before the engine runs.

`starts(pattern)` reads the pattern's parse tree (the stdlib's own parser) and returns the strings
one of which every match begins with, case-folded — or None when that is unknown or too short to
tell anything (a pattern that starts with a character class, say): such a pattern is always run.
"""

from __future__ import annotations

from typing import Any

try:  # the stdlib's parser of regular expressions: private, so any surprise means "no prefilter"
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them runs every pattern
    _p = _c = None

MIN_LENGTH = 3  # shorter starts ("a ", "we") are in nearly every text: no use as a filter
MAX_STARTS = 64  # alternations multiply: past this many, the pattern is simply always run


def starts(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """The case-folded strings one of which every match of `pattern` starts with, or None."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern, flags)
        found, _ = _sequence(list(parsed))
    except Exception:  # noqa: BLE001 - an unexpected tree shape (another Python): no prefilter, never a failure
        return None
    if not found or any(len(s) < MIN_LENGTH for s in found):
        return None
    return tuple(sorted({s.casefold() for s in found}))


def _sequence(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """The literal starts of a sequence of parsed items, and whether the whole sequence is literal
    (so what follows it extends the starts)."""
    results = {""}
    for op, value in items:
        if op is _c.AT:  # \b, ^: zero-width, no text
            continue
        if op is _c.LITERAL:
            results = {r + chr(value) for r in results}
            continue
        if op is _c.SUBPATTERN:
            inner, whole = _sequence(list(value[-1]))
        elif op is _c.BRANCH:
            inner, whole = set(), True
            for alternative in value[1]:
                branch, complete = _sequence(list(alternative))
                inner |= branch
                whole = whole and complete
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and value[0] >= 1:
            inner, _ = _sequence(list(value[2]))  # at least once: its start is the start
            whole = False
        else:
            return results, False  # a class, a wildcard, an optional part: the literal start ends here
        results = {r + s for r in results for s in inner}
        if len(results) > MAX_STARTS:
            return {""}, False
        if not whole:
            return results, False
    return results, True
