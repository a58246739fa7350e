"""`notify_command`: tells the user's own notifier (notify-send, ntfy, a phone push) that a draft was
written or withdrawn. The details go in FOLLOWUP_* environment variables, never the draft's text; the
command is split like a shell would and run without one, as password_command is. A failing command
is logged and ignored: a notification must never stop the drafts themselves.
"""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from watcher.model import FollowUp

if TYPE_CHECKING:
    from watcher.scan import Report

TIMEOUT_SECONDS = 30
log = logging.getLogger(__name__)


def details(event: str, followup: FollowUp, subject: str) -> dict[str, str]:
    """The FOLLOWUP_* variables of one draft."""
    return {
        "FOLLOWUP_EVENT": event,
        "FOLLOWUP_KIND": followup.kind.value,
        "FOLLOWUP_ACCOUNT": followup.account,
        "FOLLOWUP_THREAD": followup.thread_id,
        "FOLLOWUP_TO": ", ".join(a.email for a in followup.to),
        "FOLLOWUP_SUBJECT": subject,
        "FOLLOWUP_REASON": followup.reason,
        "FOLLOWUP_DRAFT_MESSAGE_ID": followup.draft_message_id,
    }


def announce(command: str, report: Report, environ: Mapping[str, str] | None = None) -> int:
    """Run `command` once per draft the scan wrote or withdrew; how many runs failed."""
    if not command:
        return 0
    base = dict(os.environ if environ is None else environ)
    failed = 0
    events = [("drafted", f, str(draft["Subject"] or "")) for f, draft in report.written]
    events += [("withdrawn", f, "") for f in report.withdrawn]
    for event, followup, subject in events:
        failed += not run(command, {**base, **details(event, followup, subject)})
    return failed


def run(command: str, environ: Mapping[str, str]) -> bool:
    try:
        arguments = [str(Path(w).expanduser()) if w.startswith("~") else w for w in shlex.split(command)]
    except ValueError as error:
        log.warning("notify_command cannot be split into words (%s); check its quotes", error)
        return False
    if not arguments:
        return True
    try:
        done = subprocess.run(arguments, env=dict(environ), stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("notify_command %r could not run: %s", arguments[0], type(error).__name__)
        return False
    if done.returncode != 0:
        log.warning("notify_command %r failed with exit status %d", arguments[0], done.returncode)
        return False
    return True
