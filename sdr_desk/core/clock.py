"""The one source of "now" for the rules, so tests and `--at` can move time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def fixed(moment: datetime) -> Clock:
    if moment.tzinfo is None:
        raise ValueError("a clock needs a timezone-aware moment")
    return lambda: moment
