"""Where a key path like `accounts[1].port` sits in a TOML file, for error messages with line numbers.

tomllib keeps no positions, so the table headers and `key =` lines are scanned here. This covers the
shapes a followup-watcher config uses (tables and arrays of tables; no dotted keys or inline tables).
"""

from __future__ import annotations

import re


class KeyLines:
    """Finds the line of a key path like `accounts[1].port` in TOML text.

    tomllib keeps no positions, so we scan table headers and `key =` lines ourselves. This covers
    the shapes a config file uses (tables, arrays of tables, dotted names are not used by us).
    """

    _header = re.compile(r"^\s*\[(\[)?\s*([A-Za-z0-9_.\-]+)\s*\]?\]\s*(#.*)?$")
    _key = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")

    def __init__(self, text: str) -> None:
        self.entries: list[tuple[str, int]] = []
        counters: dict[str, int] = {}
        table = ""
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._header.match(line)
            if header:
                name = header.group(2)
                if header.group(1):
                    index = counters.get(name, 0)
                    counters[name] = index + 1
                    table = f"{name}[{index}]"
                else:
                    table = name
                self.entries.append((table, number))
                continue
            key = self._key.match(line)
            if key:
                self.entries.append((f"{table}.{key.group(1)}" if table else key.group(1), number))

    def find(self, path: str) -> int | None:
        candidates = [path]
        # a missing key is reported at its table's header
        while "." in candidates[-1]:
            candidates.append(candidates[-1].rpartition(".")[0])
        bare = re.sub(r"\[\d+\]$", "", path)
        if bare != path:
            candidates.append(bare)
        for candidate in candidates:
            for name, number in self.entries:
                if name == candidate:
                    return number
        return None
