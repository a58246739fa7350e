"""Reconnection delays: exponential, capped, jittered, and back to the start after a success."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from watcher.backoff import Backoff


class Fixed(random.Random):
    """A random source whose `uniform` always picks the same fraction of the range."""

    def __init__(self, fraction: float) -> None:
        super().__init__(0)
        self.fraction = fraction

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.fraction


def test_delays_double_from_one_second_up_to_the_cap() -> None:
    backoff = Backoff(first=1, cap=30, rng=Fixed(1.0))
    assert [backoff.next_delay() for _ in range(8)] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert backoff.attempt == 8


def test_half_of_each_delay_is_random() -> None:
    backoff = Backoff(first=1, cap=300, rng=Fixed(0.0))
    assert [backoff.next_delay() for _ in range(4)] == [0.5, 1, 2, 4]


def test_a_success_starts_again_from_the_first_delay() -> None:
    backoff = Backoff(first=1, cap=300, rng=Fixed(1.0))
    for _ in range(5):
        backoff.next_delay()
    backoff.reset()
    assert backoff.next_delay() == 1


@given(st.integers(min_value=0, max_value=2000), st.floats(min_value=1, max_value=3600), st.integers())
def test_every_delay_stays_between_half_its_step_and_the_cap(failures: int, cap: float, seed: int) -> None:
    backoff = Backoff(first=1, cap=cap, rng=random.Random(seed))
    backoff.attempt = failures
    step = min(cap, 2.0 ** min(failures, 64))
    delay = backoff.next_delay()
    assert step / 2 <= delay <= step <= cap
