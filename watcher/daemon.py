"""`followup-watcher run`: keep watching, scanning after each wake-up.

This first version polls every `daemon.poll_seconds` (IMAP IDLE, inotify, the APScheduler jobs at
planned due times and sd_notify come with the daemon issue). It holds the single-instance lock for
its whole life, keeps one state connection in the one thread that does all the work, reloads the
config on SIGHUP (keeping the old one if the new one is bad), and stops cleanly on SIGTERM/SIGINT.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from pathlib import Path
from types import FrameType

from watcher import config, errors, session
from watcher.scan import scan
from watcher.state import State

log = logging.getLogger(__name__)


def run(config_path: Path) -> int:
    current = config.load(config_path)
    stop = threading.Event()
    reload = threading.Event()

    stop_wait = threading.Event()

    def on_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()
        stop_wait.set()

    def on_hup(signum: int, frame: FrameType | None) -> None:
        reload.set()
        stop_wait.set()

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    signal.signal(signal.SIGHUP, on_hup)

    with session.instance_lock(current.state_path):
        state = State.open(current.state_path)
        try:
            while not stop.is_set():
                if reload.is_set():
                    reload.clear()
                    try:
                        current = config.load(config_path)
                        log.info("reloaded %s", config_path)
                    except errors.ConfigError as exc:
                        log.error("the new config has problems; keeping the old one:\n%s", exc)
                try:
                    with session.backends(current) as opened:
                        report = scan(current, state, opened, dt.datetime.now(dt.UTC))
                    log.info("scan: %d new message(s), %d draft(s) written, %d withdrawn",
                             report.new_messages, len(report.written), len(report.withdrawn))
                except errors.TransientError as exc:
                    log.warning("mail server unavailable (%s); retrying in %ds", exc, current.daemon.poll_seconds)
                stop_wait.clear()
                stop_wait.wait(current.daemon.poll_seconds)
        finally:
            state.close()
    return 0
