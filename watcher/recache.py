"""Regular expressions compiled once per Python version, not once per process.

The rules are hundreds of regular expressions (phrase alternations, date and name patterns from
`rules/data`); a fresh `scan --once` compiled ~560 of them, ~0.3 s of its CPU — more than the rest
of a scan after a hundred new messages. CPython's compiler turns a pattern into a list of integers
in Python code (the slow part: parsing and code generation) and hands it to `_sre.compile`, which
builds the matcher in C after checking the code is well formed. This module keeps those integer
lists in a file and, for a pattern seen before, hands the stored list to `_sre.compile` directly:
the same Pattern object (`==` compares pattern, flags and code), in microseconds.

Only patterns compiled by this program's own modules are kept — they come from code and from
`rules/data`, never from mail — so the file holds no mail, and the standard library's per-message
patterns (a multipart boundary) do not fill it. Anything unexpected (another Python, a damaged
file, an unwritable directory, a compiler whose output differs from the check below) leaves
`re` as it was or the file unwritten: never an error, at worst the old cost.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # CPython's regular expression engine; no stubs
import atexit
import marshal
import os
import re
import sys
import tempfile
import zlib
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from typing import Any

_FORMAT = b"followup-watcher patterns 1\n"
_LIMIT = 4096  # entries kept in the file; beyond it, only those this process used
# as the code objects name their files: the paths the modules were imported by, not resolved
_OURS = tuple(str(Path(__file__).absolute().parent.parent / package) + os.sep for package in ("watcher", "rules"))
_RE_DIR = str(Path(re.__file__).parent) + os.sep

Key = tuple[str | bytes, int]
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


class _Cache:
    def __init__(self, path: Path, entries: dict[Key, Entry]) -> None:
        self.path = path
        self.entries = entries
        self.used: set[Key] = set()
        self.added = 0
        self.hits = 0

    def compile(self, pattern: Any, flags: int = 0) -> Any:
        """`re._compiler.compile`, from the file when the pattern is in it."""
        if not isinstance(pattern, str | bytes) or flags & re.DEBUG:
            return _original(pattern, flags)
        key = (pattern, flags)
        entry = self.entries.get(key)
        if entry is not None:
            try:
                compiled = _sre.compile(pattern, *entry)
            except (RuntimeError, TypeError, ValueError):  # a damaged entry: _sre checks the code
                del self.entries[key]
            else:
                self.used.add(key)
                self.hits += 1
                return compiled
        if not _ours(sys._getframe(1)):  # noqa: SLF001 - who asked: only our own patterns are kept
            return _original(pattern, flags)
        entry = _entry(pattern, flags)
        compiled = _sre.compile(pattern, *entry)
        self.entries[key] = entry
        self.used.add(key)
        self.added += 1
        return compiled

    def save(self) -> None:
        """Write the file when this process compiled something new (atomically: a reader sees the
        old file or the new one)."""
        if not self.added:
            return
        entries = self.entries
        if len(entries) > _LIMIT:
            entries = {key: entries[key] for key in self.used if key in entries}
        try:
            body = marshal.dumps(entries)
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the user's alone, whatever the umask
            handle, temporary = tempfile.mkstemp(prefix=".patterns-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_header() + zlib.crc32(body).to_bytes(4, "big") + body)
                Path(temporary).replace(self.path)
            except BaseException:
                Path(temporary).unlink()
                raise
        except (OSError, ValueError):
            return  # a read-only home, a full disk: the next process compiles again
        self.added = 0


_original = _compiler.compile
_installed: _Cache | None = None


def install(directory: Path | None = None) -> _Cache | None:
    """Make `re` use the file in `directory` (default: the user's cache directory) for the rest of
    the process, and write it back at exit; None when this Python's compiler is not the one this
    module copies."""
    global _installed
    if _installed is not None:
        return _installed
    if not _faithful():
        return None
    path = (directory or cache_directory()) / f"patterns-{sys.implementation.cache_tag}-{_sre.MAGIC}.marshal"
    _installed = _Cache(path, _load(path))
    _compiler.compile = _installed.compile
    atexit.register(_installed.save)
    return _installed


def cache_directory() -> Path:
    """systemd's CacheDirectory= for the service, else the XDG cache directory."""
    service = os.environ.get("CACHE_DIRECTORY", "").split(":")[0]
    if service:
        return Path(service)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "followup-watcher"


def _entry(pattern: str | bytes, flags: int) -> Entry:
    """What `re._compiler.compile` hands to `_sre.compile` after the pattern (CPython 3.11-3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)  # noqa: SLF001
    groupindex = parsed.state.groupdict
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # plain ints: the opcodes are int subclasses, which marshal does not take
    return int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, dict(groupindex), \
        tuple(indexgroup)


def _faithful() -> bool:
    """Whether `_entry` gives what this Python's own compiler gives: compared on patterns with
    groups, names, flags, look-arounds and bytes."""
    probes: list[tuple[str | bytes, int]] = [
        (r"(?P<a>x+)|(?:y)(?=z)\b", 0), (r"(?i)caf[eé]\s+(\d{1,2})", re.I), (rb"\* (\d+) FETCH ", 0),
        (r"^\s*+(?P<name>[*_]{0,2}+)$", re.M | re.I)]
    try:
        return all(_sre.compile(p, *_entry(p, f)) == _original(p, f) for p, f in probes)
    except Exception:  # noqa: BLE001 - any difference in the private API: stay away from it
        return False


def _load(path: Path) -> dict[Key, Entry]:
    try:
        if not (_own(path.parent) and _own(path)):
            return {}  # what the rules match is taken only from a file nobody else could have written
        data = path.read_bytes()
    except OSError:
        return {}
    header = _header()
    body = data[len(header) + 4:]
    if not data.startswith(header) or zlib.crc32(body).to_bytes(4, "big") != data[len(header):len(header) + 4]:
        return {}
    try:
        entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def _own(path: Path) -> bool:
    """Whether `path` is the user's own and no one else can write it."""
    status = path.stat()
    return status.st_uid == os.geteuid() and not status.st_mode & 0o022


def _header() -> bytes:
    return _FORMAT + f"{sys.version}\n".encode()


def _ours(frame: Any) -> bool:
    """Whether the first caller outside the `re` package is one of this program's modules."""
    while frame is not None and frame.f_code.co_filename.startswith(_RE_DIR):
        frame = frame.f_back
    return frame is not None and frame.f_code.co_filename.startswith(_OURS)
