"""Loads the rules' data files (`rules/data/*.toml`), merged with the user's extra rule folders.

The engine is code; the words and domains it looks for are data a user can extend: a file of the same
name in a folder listed under `[rules] dirs` adds its entries to ours (lists are concatenated, tables
merged key by key).

Words of other languages live in a folder per language (`rules/data/de/phrases.toml`, `fr/`, `es/`,
`it/`, `pt/`; the top-level files are English). `load` merges every language into one list, so a rule
reads mail in any of them; `load_language` reads one language alone (English = the top-level files).
A user's folder may hold language folders too.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

_extra_dirs: tuple[Path, ...] = ()


def use_extra_dirs(dirs: Sequence[str | Path]) -> None:
    """Called once at start-up with the config's `[rules] dirs`."""
    global _extra_dirs
    _extra_dirs = tuple(Path(d) for d in dirs)
    load.cache_clear()
    load_language.cache_clear()
    languages.cache_clear()
    strings.cache_clear()
    for clear in _dependents:
        clear()


_dependents: list[Callable[[], None]] = []


def on_change(clear: Callable[[], None]) -> None:
    """Register a cache that depends on the data files (cleared when the extra folders change)."""
    _dependents.append(clear)


def extra_dirs() -> tuple[Path, ...]:
    return _extra_dirs


ENGLISH = "en"


def _language_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and len(p.name) == 2 and p.name.isalpha() and p.name.islower())


@functools.cache
def languages() -> tuple[str, ...]:
    """English and every language with a folder of its own, built-in or the user's."""
    found = {p.name for root in (DATA_DIR, *_extra_dirs) for p in _language_folders(root)}
    return (ENGLISH, *sorted(found - {ENGLISH}))


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The merged contents of `name` (e.g. "senders.toml"), every language's folder included."""
    merged: dict[str, Any] = {}
    for root in (DATA_DIR, *_extra_dirs):
        for folder in (root, *_language_folders(root)):
            _read_into(merged, folder / name)
    return merged


@functools.cache
def load_language(name: str, language: str) -> dict[str, Any]:
    """The contents of `name` for one language only (English: the top-level files)."""
    merged: dict[str, Any] = {}
    for root in (DATA_DIR, *_extra_dirs):
        _read_into(merged, root / name if language == ENGLISH else root / language / name)
    return merged


def _read_into(merged: dict[str, Any], path: Path) -> None:
    if path.is_file():
        with path.open("rb") as handle:
            _merge(merged, tomllib.load(handle))


def _merge(into: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        current = into.get(key)
        if isinstance(current, list) and isinstance(value, list):
            into[key] = current + value
        elif isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        else:
            into[key] = value


@functools.cache
def strings(name: str, *path: str) -> tuple[str, ...]:
    """A list of strings at `path` inside data file `name`, () when absent."""
    node: Any = load(name)
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    return tuple(str(v) for v in node) if isinstance(node, list) else ()
