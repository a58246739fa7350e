"""Which code the stored results came from: the parser's version and the rules' fingerprint.

A scan with no news must cost next to nothing, so this is what it asks to decide that nothing needs
doing again — without importing the parser or the rules themselves (a scan that finds nothing new
never does).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from rules import lists

_HERE = Path(__file__).resolve().parent


@functools.cache
def parser_version() -> int:
    """Changes whenever the parsing code changes, so the kept mail is read again by the new parser
    instead of trusting text zoned by an older version."""
    digest = hashlib.sha256()
    for path in (*(_HERE / name for name in ("parse.py", "mimeparts.py", "textzones.py", "calendar_parts.py", "model.py")),
                 _HERE.parent / "rules" / "dates" / "header_date.py"):
        digest.update(path.read_bytes())
    # the zoning vocabulary is part of the parser: what it zones is stored
    digest.update((lists.DATA_DIR / "quote_headers.toml").read_bytes())
    digest.update((lists.DATA_DIR / "senders.toml").read_bytes())  # which systems' generated mail counts
    return int.from_bytes(digest.digest()[:6], "big")


@functools.cache
def threading_version() -> str:
    """Changes whenever the code that groups mail into threads and processes changes: the stored
    threads are then built again whole, not only near new mail."""
    digest = hashlib.sha256()
    for name in ("threads.py", "processes.py"):
        digest.update((_HERE / name).read_bytes())
    return digest.hexdigest()


@functools.cache
def rules_fingerprint() -> str:
    """A hash of the detection code and of every rules data file in use (built-in and the user's)."""
    digest = hashlib.sha256()
    for path in rule_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def rule_files() -> list[Path]:
    """The files detection results depend on: detection's own modules, and every module and data file
    under rules/ (subpackages such as rules/evidence/ included) and the user's rule folders."""
    files = [_HERE / "detect.py", _HERE / "model.py", _HERE / "parse.py", _HERE / "textzones.py"]
    for root in [_HERE.parent / "rules", *lists.extra_dirs()]:
        if root.is_dir():
            files += sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml"))
    return files
