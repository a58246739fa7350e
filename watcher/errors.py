"""The exception tree. Every error the user can act on carries the next step to take.

    WatcherError
    ├── UserError            the user must change something; shown without a traceback
    │   ├── ConfigError      the config file is wrong (holds every problem, with locations)
    │   ├── AuthError        a login was refused or no secret could be found
    │   └── StateError       the state file is unusable (locked by another process, newer schema)
    └── TransientError       the network or a server failed; retry later (the daemon backs off)

`cli.py` maps them to exit codes: UserError -> 2 (config) / 3 (auth, state), TransientError -> 75
(EX_TEMPFAIL). The systemd unit lists 2 and 3 in RestartPreventExitStatus= so a broken config is not
restarted in a loop.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass

EXIT_CONFIG = 2
EXIT_AUTH = 3
EXIT_TEMPFAIL = 75


class WatcherError(Exception):
    """Base of every error raised on purpose by followup-watcher."""


class UserError(WatcherError):
    """Something the user has to fix; the message says what and how."""

    exit_code = EXIT_CONFIG


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in the config file, located as precisely as we can."""

    file: str
    line: int | None
    key: str
    problem: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.problem} — {self.fix}"


class ConfigError(UserError):
    """The config is invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class AuthError(UserError):
    """A server refused the login, or no secret source had a password."""

    exit_code = EXIT_AUTH


class StateError(UserError):
    """The state database cannot be used as it is."""

    exit_code = EXIT_AUTH


class TransientError(WatcherError):
    """A network or server failure that a later attempt may not hit."""

    exit_code = EXIT_TEMPFAIL


def describe_os_error(exc: OSError) -> str:
    """One sentence for a file the system refused us: what, which path, and what to change."""
    path = exc.filename if exc.filename is not None else ""
    what = exc.strerror or str(exc)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = ("make it (and the directory it is in) writable by this user, or choose another place in the "
               "config ([state] path)")
    elif exc.errno == errno.ENOSPC:
        fix = "free some disk space and try again"
    elif exc.errno == errno.ENOENT:
        fix = "check that the path exists"
    else:
        fix = "check the path and its permissions"
    where = f" {os.fsdecode(path)}" if path else ""
    return f"cannot use{where}: {what} — {fix}"
