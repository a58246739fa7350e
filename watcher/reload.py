"""SIGHUP: read the config file again; a new config with any problem is logged and the old one kept.

Any problem: invalid TOML, a byte that is not UTF-8, a value out of range (each reported as
file:line by config.py), or a file that went missing. A changed `state.path` takes a restart (the
daemon holds the old file's lock), so the old path stays in force until then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from watcher import config, errors

log = logging.getLogger(__name__)


def reread(path: Path, current: config.Config, status: Callable[[str], None]) -> config.Config | None:
    """The config now in `path`, or None (logged, and said in `status`) when the old one must stay."""
    try:
        new = config.load(path)
    except errors.ConfigError as error:
        log.error("SIGHUP: %s has problems; still using the config loaded before:\n%s", path, error)
        status(f"the changed config has {len(error.problems)} problem(s); still using the old one")
        return None
    if new.state_path != current.state_path:
        log.warning("state.path changed to %s; that takes a restart, still using %s", new.state_path,
                    current.state_path)
        new = replace(new, state_path=current.state_path)
    log.info("SIGHUP: reloaded %s", path)
    return new
