"""Time-zone words and offsets: which IANA zone a sender or a phrase means.

Owns `guess_zone` (a Date header's UTC offset -> the zone a sender most likely lives in) and
`zone_for_word` ("Central", "CET", "Irish time" -> a zone). The word lists and the preference order
are data (`rules/data/timezones.toml`); users add their own with `load_zone_words(extra_dirs)`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rules import lists

DATA_FILE = "timezones.toml"

# Suffixes and prefixes people put around a zone word ("US Eastern Time", "Pacific Standard Time").
_DECORATION = re.compile(
    r"^(?:us|u\.s\.)\s+|\s+(?:standard|daylight|summer)?\s*time$|[()]|\s+\(?us\s*&\s*canada\)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ZoneWords:
    """The zone vocabulary: lower-cased names, upper-case abbreviations, the guess order."""

    names: Mapping[str, str]
    abbreviations: Mapping[str, str]
    preference: tuple[str, ...]


def load_zone_words(extra_dirs: Sequence[Path] | None = None) -> ZoneWords:
    """The packaged `timezones.toml`, extended by the same file in each of `extra_dirs` (later wins)."""
    # by default, the folders of the config's `[rules] dirs` (see rules.lists)
    dirs = lists.extra_dirs() if extra_dirs is None else extra_dirs
    return _load_zone_words(tuple(Path(directory) for directory in dirs))


@functools.lru_cache(maxsize=8)
def _load_zone_words(extra_dirs: tuple[Path, ...]) -> ZoneWords:
    tables = [tomllib.loads((lists.DATA_DIR / DATA_FILE).read_text("utf-8"))]
    tables += [tomllib.loads(path.read_text("utf-8")) for path in (d / DATA_FILE for d in extra_dirs) if path.is_file()]
    names: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    preference: list[str] = []
    for table in tables:
        names.update({key.lower(): value for key, value in table.get("names", {}).items()})
        abbreviations.update({key.upper(): value for key, value in table.get("abbreviations", {}).items()})
        preference = list(table.get("guess", {}).get("preference", preference))
    return ZoneWords(names, abbreviations, tuple(preference))


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> dt.tzinfo:
    return dt.UTC if name.upper() == "UTC" else zoneinfo.ZoneInfo(name)


def guess_zone(offset: dt.timedelta, at: dt.datetime, *, words: ZoneWords | None = None) -> dt.tzinfo:
    """IANA zone most likely meant by a sender whose Date header had `offset` at `at`.

    The first zone of the preference list whose UTC offset at `at` equals `offset`; a fixed-offset
    zone when none does (a Date header is all we know then).
    """
    for name in (words or load_zone_words()).preference:
        zone = _zone(name)
        if at.astimezone(zone).utcoffset() == offset:
            return zone
    return dt.timezone(offset)


def zone_for_word(word: str, *, words: ZoneWords | None = None) -> dt.tzinfo | None:
    """The zone a word names ("Central", "CT", "Irish time", "IST"), or None when it names none."""
    vocabulary = words or load_zone_words()
    plain = " ".join(word.split())
    for _ in range(3):  # "US Pacific Standard Time (US & Canada)" carries several decorations
        plain = _DECORATION.sub("", plain).strip()
    if plain.upper() in vocabulary.abbreviations:
        return _zone(vocabulary.abbreviations[plain.upper()])
    name = vocabulary.names.get(plain.lower())
    return _zone(name) if name else None


_FIXED = re.compile(r"UTC(?P<sign>[+-])(?P<hours>\d{2}):(?P<minutes>\d{2})")


def zone_name(zone: dt.tzinfo) -> str:
    """How a record stores a zone: its IANA name, "UTC", or "UTC+05:30" for a bare offset."""
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    offset = zone.utcoffset(None) or dt.timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(abs(offset.total_seconds()) // 60)
    return f"UTC{'-' if offset < dt.timedelta(0) else '+'}{minutes // 60:02d}:{minutes % 60:02d}"


def named_zone(name: str, fallback_offset_minutes: int = 0) -> dt.tzinfo:
    """The zone `zone_name` wrote; a fixed offset of `fallback_offset_minutes` when `name` is empty
    or unknown (a record written before zones had names)."""
    fixed = _FIXED.fullmatch(name)
    if fixed:
        minutes = int(fixed.group("hours")) * 60 + int(fixed.group("minutes"))
        return dt.timezone(dt.timedelta(minutes=-minutes if fixed.group("sign") == "-" else minutes))
    if name:
        try:
            return _zone(name)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            pass
    return dt.timezone(dt.timedelta(minutes=fallback_offset_minutes))


def country_of(zone: dt.tzinfo | None) -> str:
    """The ISO 3166 country of an IANA zone ("America/Chicago" -> "US"), from the zone table tzdata ships;
    "" for a fixed offset, an unknown zone, or no table on this machine."""
    key = getattr(zone, "key", "") if zone is not None else ""
    return _countries().get(key, "") if key else ""


@functools.cache
def _countries() -> dict[str, str]:
    import importlib.resources

    found: dict[str, str] = {}
    sources: list[Path | None] = [Path("/usr/share/zoneinfo/zone.tab")]
    try:
        sources.insert(0, Path(str(importlib.resources.files("tzdata.zoneinfo") / "zone.tab")))
    except (ModuleNotFoundError, TypeError):  # no tzdata package: the system's table, if any
        pass
    for path in sources:
        try:
            text = path.read_text(encoding="utf-8") if path is not None else ""
        except OSError:
            continue
        for line in text.splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and not line.startswith("#"):
                found.setdefault(fields[2], fields[0])
        if found:
            break
    return found
