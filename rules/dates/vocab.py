"""The date rules' data files: the packaged file, extended by the same file in each of the user's
rule folders (lists appended, tables updated key by key)."""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from rules import lists


def read(name: str, extra_dirs: tuple[Path, ...]) -> dict[str, Any]:
    """`name` merged with the user's files of that name. Shared with other readers: read it, never change it."""
    merged = packaged(name)
    for path in (directory / name for directory in extra_dirs):
        if path.is_file():
            merged = merge(merged, tomllib.loads(path.read_text("utf-8")))
    return merged


@functools.cache
def packaged(name: str) -> dict[str, Any]:
    """The packaged file, parsed once per process: date_words.toml (19 KB, ~2.4 ms to parse) has three
    readers (the English words, the other languages' rewriters, German months). Shared: never change it."""
    # a path, not importlib.resources (5 modules, ~3 ms to import): rules.lists reads its files the same way
    table: dict[str, Any] = tomllib.loads((lists.DATA_DIR / name).read_text("utf-8"))
    return table


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A new table: `base` extended by `extra` (lists appended, tables merged key by key); `base` unchanged."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = base[key] + value
        else:
            merged[key] = value
    return merged
