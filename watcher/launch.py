"""The `followup-watcher` command's entry point. A `scan --once` with nothing to do ends here, before
the CLI and the rest of the program are loaded (quiet.py); everything else goes on to `cli.main`, with
the rules' compiled regular expressions taken from an earlier run (recache.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    from watcher import quiet

    seen = quiet.look(args, os.environ)
    if seen is not None and seen.quiet:
        return 0
    from watcher import recache

    recache.install()  # the rules' regular expressions, compiled by an earlier run
    from watcher import cli

    return cli.main(args, seen)
