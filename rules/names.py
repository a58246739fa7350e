"""Names the drafts use: the role's title, the contact's first name."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rules import lists

_POST_NOMINAL = re.compile(r"^(ph\.?d|md|mba|msc|ms|ma|bsc|cpa|sphr|phr|shrm-\w+|pe|jr|sr|ii|iii|iv|esq|dds|rn)\.?\b", re.I)
_SUBJECT_NOISE = re.compile(r"^((re|fwd?|aw|wg|tr|sv)\s*:\s*|\[[^\]]*\]\s*)+", re.I)
_SUBJECT_ROLE = re.compile(
    r"(?:^|[:|\-–—]\s*)([A-Z][\w/&+.# ]{2,50}?)\s*(?:[-–—:|(]\s*)?(?:interview|phone screen|onsite|role|position|application)\b")
_NOT_TITLES = re.compile(r"^(your|our|the|an?|this|next|first|second|final|video|phone|technical|onsite|interview|"
                         r"invitation|schedul\w*|confirm\w*|re|fwd|update|thank\w*)\b", re.I)


@functools.cache
def _role_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in lists.strings("phrases.toml", "role", "patterns"))


def role_title(subjects: Iterable[str], texts: Iterable[str]) -> str:
    """The job title the thread is about, or "" when it cannot be told safely."""
    for text in texts:
        for pattern in _role_patterns():
            match = pattern.search(text)
            if match and _plausible(match.group(1)):
                return match.group(1).strip(" -,.")
    for subject in subjects:
        match = _SUBJECT_ROLE.search(_SUBJECT_NOISE.sub("", subject))
        if match and _plausible(match.group(1)):
            return match.group(1).strip(" -,.")
    return ""


def _plausible(title: str) -> bool:
    words = title.split()
    return 1 <= len(words) <= 7 and not _NOT_TITLES.match(title) and not title.isupper()


def first_name(display_name: str, email: str) -> str:
    """"Dana Whitlock" -> "Dana"; "Whitlock, Dana" -> "Dana"; nothing usable -> ""."""
    name = display_name.strip().strip('"')
    if "," in name:
        before, after = (part.strip() for part in name.split(",", 1))
        # "Holt, Maren" is last-name-first; "Maren Holt, PhD" only carries a post-nominal
        name = before if _POST_NOMINAL.match(after) else after
    words = [w for w in re.split(r"\s+", name) if w]
    if words and words[0].isalpha() and words[0][0].isupper() and len(words[0]) > 1:
        return words[0]
    local = email.partition("@")[0]
    part = re.split(r"[._-]", local)[0]
    if len(part) > 2 and part.isalpha() and len(re.split(r"[._-]", local)) > 1:
        return part.capitalize()
    return ""


# a change of the user's rule folders (SIGHUP) takes effect at once
lists.on_change(_role_patterns.cache_clear)
