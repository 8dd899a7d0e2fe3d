"""Demo book speed: the default book, and the queue benchmark's book (10 activities and 10 events a lead).

Size from SDR_DESK_BENCH_SIZE: small (2,000 leads, for `make test`) or full (100,000).
Prints figures only; the budget (100,000 leads in 60 s) is read from the output, not asserted.
CPU time is printed beside wall time: on a shared machine it is the steadier of the two.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import open_cache

pytestmark = pytest.mark.benchmark

SIZES = {"small": 2_000, "full": 100_000}
N = SIZES.get(os.environ.get("SDR_DESK_BENCH_SIZE", "small"), SIZES["small"])
LABEL = f"{N // 1000}k"


def _build(folder: Path, **kwargs: float) -> tuple[float, float, int, int]:
    cache = open_cache(folder / "cache.sqlite3")
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = generate_demo(cache, leads=N, **kwargs)  # type: ignore[arg-type]
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        cache.close()
    return seconds, cpu, summary.activities, summary.engagement_events


def test_demo_book_with_default_history(tmp_path: Path) -> None:
    seconds, cpu, activities, events = _build(tmp_path)
    print(f"\ndemo-{LABEL}-leads: {seconds:.1f} s")
    print(f"demo-{LABEL}-leads cpu: {cpu:.1f} s")
    print(f"demo-{LABEL}-leads rate: {N / seconds:,.0f} leads/s")
    print(f"demo-{LABEL}-leads rows: {activities:,} activities, {events:,} events")
    assert activities > N and events > N  # the book has histories, not bare leads


def test_demo_book_for_the_queue_benchmark(tmp_path: Path) -> None:
    seconds, cpu, activities, events = _build(tmp_path, activities_per_lead=10, events_per_lead=10)
    size = (tmp_path / "cache.sqlite3").stat().st_size
    print(f"\ndemo-{LABEL}-leads-10x-history: {seconds:.1f} s")
    print(f"demo-{LABEL}-leads-10x-history cpu: {cpu:.1f} s")
    print(f"demo-{LABEL}-leads-10x-history rows: {activities:,} activities, {events:,} events")
    print(f"demo-{LABEL}-leads-10x-history cache: {size / 2**20:.0f} MiB")
    assert 9 * N <= activities <= 11 * N and 9 * N <= events <= 11 * N
