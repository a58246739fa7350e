"""Checkpoints in front of a scan's mail-server calls: where a stop may end a scan, and the watchdog is fed.

`guarded(source, checkpoint)` is the same object to its caller, but every method call (except `close`)
first runs `checkpoint`, which raises `lifecycle.Stopping` after a stop signal and sends WATCHDOG=1
when one is due. The proxy is generic on purpose: whatever methods `MailSource` and `DraftWriter` have
(the sync protocol is changing), each call is a point between two server round trips, never inside a
draft write, and a long first scan makes many of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")

# Cleaning up after a stop must not itself be stopped.
UNGUARDED = frozenset({"close"})


class _Guarded:
    def __init__(self, inner: object, checkpoint: Callable[[], None]) -> None:
        self._inner = inner
        self._checkpoint = checkpoint

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if name in UNGUARDED or name.startswith("_") or not callable(value):
            return value
        checkpoint = self._checkpoint

        def call(*args: Any, **kwargs: Any) -> Any:
            checkpoint()
            return value(*args, **kwargs)

        return call


def guarded(inner: T, checkpoint: Callable[[], None]) -> T:
    """`inner`, with `checkpoint()` run before each of its method calls."""
    # The proxy answers every attribute of `inner`, so it stands for T; mypy cannot see through __getattr__.
    return cast(T, _Guarded(inner, checkpoint))
