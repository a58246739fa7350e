"""Words a follow-up must never say (rules/data/banned.toml): no mention of silence or waiting."""

from __future__ import annotations

import functools
import re

from rules import lists


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in lists.strings("banned.toml", "patterns"))


def find(text: str) -> str | None:
    """The first banned phrase in `text`, or None when it is clean."""
    for pattern in _patterns():
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


# a change of the user's rule folders (SIGHUP) takes effect at once
lists.on_change(_patterns.cache_clear)
