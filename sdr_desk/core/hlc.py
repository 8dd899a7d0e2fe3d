"""Hybrid logical clock for per-field last-writer-wins.

A timestamp is (wall milliseconds, counter), written as a fixed-width string so that
string order is time order: "0001732540000000-00000". Ties between writers are broken by
client_id, outside this module. Small enough that a library would add more than it saves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True, slots=True)
class Hlc:
    wall_ms: int
    counter: int = 0

    def __str__(self) -> str:
        return f"{self.wall_ms:016d}-{self.counter:05d}"

    @classmethod
    def parse(cls, text: str) -> Hlc:
        wall, sep, counter = text.partition("-")
        if not sep or not wall.isdigit() or not counter.isdigit() or len(counter) != 5:
            raise ValueError(f"not a hybrid logical clock value: {text!r}")
        return cls(int(wall), int(counter))


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Issues monotonically increasing Hlc values; thread-safe."""

    def __init__(self, wall_ms: Callable[[], int] = _wall_ms, last: Hlc | None = None) -> None:
        self._wall_ms = wall_ms
        self._last = last or Hlc(0, 0)
        self._lock = threading.Lock()

    @property
    def last(self) -> Hlc:
        return self._last

    def tick(self) -> Hlc:
        with self._lock:
            now = self._wall_ms()
            if now > self._last.wall_ms:
                self._last = Hlc(now, 0)
            else:
                self._last = Hlc(self._last.wall_ms, self._last.counter + 1)
            return self._last

    def observe(self, remote: Hlc) -> Hlc:
        """Merge a clock value seen from elsewhere, so later ticks sort after it."""
        with self._lock:
            now = self._wall_ms()
            wall = max(now, self._last.wall_ms, remote.wall_ms)
            if wall == self._last.wall_ms == remote.wall_ms:
                counter = max(self._last.counter, remote.counter) + 1
            elif wall == self._last.wall_ms:
                counter = self._last.counter + 1
            elif wall == remote.wall_ms:
                counter = remote.counter + 1
            else:
                counter = 0
            self._last = Hlc(wall, counter)
            return self._last


def clamp(value: Hlc, server_now_ms: int, max_ahead_ms: int) -> Hlc:
    """A client clock running ahead of the server is pulled back, so it cannot win forever."""
    limit = server_now_ms + max_ahead_ms
    if value.wall_ms > limit:
        return Hlc(limit, value.counter)
    return value
