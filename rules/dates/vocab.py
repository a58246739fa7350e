"""The date rules' data files: the packaged file, extended by the same file in each of the user's
rule folders (lists appended, tables updated key by key)."""

from __future__ import annotations

import importlib.resources
import tomllib
from pathlib import Path
from typing import Any


def read(name: str, extra_dirs: tuple[Path, ...]) -> dict[str, Any]:
    merged = tomllib.loads(importlib.resources.files("rules.data").joinpath(name).read_text("utf-8"))
    for path in (directory / name for directory in extra_dirs):
        if path.is_file():
            merge(merged, tomllib.loads(path.read_text("utf-8")))
    return merged


def merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            base[key] = base[key] + value
        else:
            base[key] = value
