"""How long the daemon waits before reconnecting: capped exponential backoff with jitter.

The n-th consecutive failure waits about `first * 2**n` seconds, never more than `cap`. Half of each
delay is random ("equal jitter", AWS Architecture Blog, "Exponential Backoff And Jitter"): many
watchers behind one restarted server do not all knock again in the same second, and no delay is
shorter than half its step, so a dead server is not hammered.
"""

from __future__ import annotations

import random


class Backoff:
    """Delays for consecutive failed attempts; `reset()` after a success."""

    def __init__(self, first: float = 1.0, cap: float = 300.0, factor: float = 2.0,
                 rng: random.Random | None = None) -> None:
        self.first = first
        self.cap = cap
        self.factor = factor
        self.attempt = 0  # failures since the last success
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """The wait before the next attempt, counting this failure."""
        step = min(self.cap, self.first * self.factor ** min(self.attempt, 64))
        self.attempt += 1
        return step / 2 + self._rng.uniform(0, step / 2)

    def reset(self) -> None:
        self.attempt = 0
