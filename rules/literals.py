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
# a start this long tells a text apart as well as a longer one: the pattern past it is not read (its
# optional parts would multiply the work, and the parse runs for every pattern a process uses)
MAX_LENGTH = 24


# What `starts` found, per "flags:pattern": the stdlib's parser is slow (hundreds of patterns cost a
# fresh process tens of milliseconds), and the answer depends only on the pattern, this module and
# the Python that parses it, so a caller may keep it across processes (`known`, `learn`).
_known: dict[str, tuple[str, ...] | None] = {}
_new = [False]


def starts(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """The case-folded strings one of which every match of `pattern` starts with, or None."""
    key = f"{flags}:{pattern}"
    if key not in _known:
        _known[key] = _starts(pattern, flags)
        _new[0] = True
    return _known[key]


def known() -> dict[str, list[str] | None]:
    """Every answer so far, to keep (JSON-ready); `learn` takes it back."""
    return {key: list(found) if found is not None else None for key, found in _known.items()}


def learn(answers: dict[str, list[str] | None]) -> None:
    """Answers kept by an earlier process with the same rules and the same Python."""
    for key, found in answers.items():
        _known.setdefault(str(key), tuple(str(s) for s in found) if found is not None else None)


def found_new() -> bool:
    """Whether `starts` worked out an answer that `learn` did not give (and clears the mark)."""
    new, _new[0] = _new[0], False
    return new


def _starts(pattern: str, flags: int) -> tuple[str, ...] | None:
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern, flags)
        found, _ = _sequence(list(parsed), MAX_LENGTH)
    except Exception:  # noqa: BLE001 - an unexpected tree shape (another Python): no prefilter, never a failure
        return None
    if not found or any(len(s) < MIN_LENGTH for s in found):
        return None
    folded = {s.casefold() for s in found}
    # a start that begins with another start adds nothing to the test ("interviews" after "interview")
    return tuple(sorted(s for s in folded if not any(s != other and s.startswith(other) for other in folded)))


def _sequence(items: list[tuple[Any, Any]], budget: int) -> tuple[set[str], bool]:
    """The literal starts of a sequence of parsed items, and whether every one of them spans the whole
    sequence (so what follows the sequence extends them). `budget`: how many more characters are worth
    reading; past it the starts end (a prefix of every match's start is still one)."""
    if not items:
        return {""}, True
    if budget <= 0:
        return {""}, False
    (op, value), rest = items[0], items[1:]
    if op is _c.LITERAL:
        # a word is a run of LITERAL items: read it in one step, not one call per letter
        end = 1
        while end < len(items) and end < budget and items[end][0] is _c.LITERAL:
            end += 1
        word = "".join(chr(code) for _, code in items[:end])
        tail, whole_tail = _sequence(items[end:], budget - end)
        return _capped({word + t for t in tail}, whole_tail)
    if op is _c.AT:  # \b, ^: zero-width, no text
        return _sequence(rest, budget)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and value[0] == 0 and value[1] == 1:
        # "X?": the starts with X, and those without it
        with_it, whole_with = _sequence(list(value[2]) + rest, budget)
        without, whole_without = _sequence(rest, budget)
        return _capped(with_it | without, whole_with and whole_without)
    head: set[str]
    if op is _c.IN and value and all(kind is _c.LITERAL for kind, _ in value):
        head, whole = {chr(code) for _, code in value}, True  # [eé]: either letter
    elif op is _c.SUBPATTERN:
        head, whole = _sequence(list(value[-1]), budget)
    elif op is _c.BRANCH:
        head, whole = set(), True
        for alternative in value[1]:
            branch, complete = _sequence(list(alternative), budget)
            head |= branch
            whole = whole and complete
    elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and value[0] >= 1:
        head, whole = _sequence(list(value[2]), budget)[0], False  # at least once: its start is the start
    else:
        return {""}, False  # a class, a wildcard, a repeat that may be absent: the literal start ends here
    if not whole:
        return _capped(head, False)
    tail, whole_tail = _sequence(rest, budget - min(len(h) for h in head))
    return _capped({h + t for h in head for t in tail}, whole_tail)


def _capped(found: set[str], whole: bool) -> tuple[set[str], bool]:
    # alternations multiply; past MAX_STARTS the pattern is simply always run
    return (found, whole) if len(found) <= MAX_STARTS else ({""}, False)
