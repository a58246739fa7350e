"""The daemon's one wait: a select() on the wake-up pair and every account's watch, until the nearest deadline.

Deadlines are monotonic times: a retry after a failure, the next watchdog ping, each watch's own
(IDLE renewal, a poll). MAX_WAIT bounds every wait, so a wall clock that jumped (a resume from
suspend, a clock set back) is noticed within a minute.
"""

from __future__ import annotations

import datetime as dt
import select
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from watcher.wakeups import Wakeups
from watcher.watch import Watch

MAX_WAIT = 60.0


@dataclass(frozen=True)
class News:
    """What one wait brought: the reasons posted (with their due times) and the accounts whose mail changed."""

    posted: Mapping[str, dt.datetime | None]
    changed: tuple[str, ...]


def wait(wakeups: Wakeups, watches: Mapping[str, Watch], deadlines: Iterable[float | None],
         monotonic: Callable[[], float]) -> News:
    """Block until a wake-up, news on a watch or the nearest deadline; `watches` empty while not connected."""
    descriptors = [wakeups.fileno()]
    moments = list(deadlines)
    for item in watches.values():
        descriptor = item.fileno()
        if descriptor is not None:
            descriptors.append(descriptor)
        moments.append(item.deadline())
    now = monotonic()
    timeout = min([MAX_WAIT] + [max(0.0, moment - now) for moment in moments if moment is not None])
    readable, _, _ = select.select(descriptors, [], [], timeout)
    posted = wakeups.take()
    changed = []
    for name, item in list(watches.items()):
        descriptor = item.fileno()
        if item.check(descriptor is not None and descriptor in readable):
            changed.append(name)
    return News(posted, tuple(changed))
