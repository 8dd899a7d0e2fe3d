"""Call session speed on a demo book: logging an outcome, and keystroke to the next lead shown.

Size from SDR_DESK_BENCH_SIZE: small (keeps the benchmark working) or full (100,000 leads).
Figures are printed as `figure-name: value unit`; nothing here asserts a timing.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sdr_desk.core.entities import Channel, DisqualifyReason, Outcome, Stage
from sdr_desk.desk import Desk
from sdr_desk.gui.tasks import TaskRunner
from sdr_desk.gui.views.call_session import CallSessionPanel, Phase
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import open_cache
from sdr_desk.store.queue import QueueFilter

pytestmark = [pytest.mark.benchmark]

SIZES = {"small": 2_000, "full": 100_000}
LEADS = SIZES[os.environ.get("SDR_DESK_BENCH_SIZE", "small")]
LOGS = 200
KEYSTROKES = 60
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # mid-morning in China: most of the book is callable


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("call-bench") / "cache.sqlite"
    cache = open_cache(path)
    started = time.perf_counter()
    try:
        generate_demo(cache, leads=LEADS, seed=11, now=NOW)
    finally:
        cache.close()
    print(f"\ncall-bench-book: {LEADS} leads, generated in {time.perf_counter() - started:.1f} s")
    return path


def test_logging_an_outcome(book_path: Path) -> None:
    """Through the desk: activity, outbox op and lead counters committed, then the queue
    updated for that lead from the change set; and a stage move the same way."""
    cache = open_cache(book_path)
    try:
        desk = Desk.open(cache)
        desk.queue.load()
        leads = desk.queue.ranked_ids(QueueFilter(), NOW)[: LOGS * 2]
        logged, moved = leads[:LOGS], leads[LOGS:]
        timings, moves = [], []
        for i, lead_id in enumerate(logged):
            at = NOW + timedelta(seconds=i)
            started = time.perf_counter()
            desk.log_touch(lead_id, Channel.PHONE, Outcome.NO_ANSWER, at=at, notes="bench", duration_s=20)
            timings.append((time.perf_counter() - started) * 1000)
        for i, lead_id in enumerate(moved):
            at = NOW + timedelta(minutes=10, seconds=i)
            started = time.perf_counter()
            desk.move_stage(lead_id, Stage.DISQUALIFIED, at=at, reason=DisqualifyReason.NO_BUDGET)
            moves.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        ranked = desk.queue.ranked_ids(QueueFilter(), NOW + timedelta(seconds=LOGS))
        rank_ms = (time.perf_counter() - started) * 1000
    finally:
        cache.close()
    assert ranked[0] not in logged[:1]  # the unanswered lead backed off: the measured path did its work
    assert not set(moved) & set(ranked)  # disqualified into drip (automated sends only): out of the queue
    print(f"\ncall-log-outcome-p50: {statistics.median(timings):.2f} ms")
    print(f"call-log-outcome-p95: {_percentile(timings, 95):.2f} ms")
    print(f"desk-stage-move-p50: {statistics.median(moves):.2f} ms")
    print(f"desk-stage-move-p95: {_percentile(moves, 95):.2f} ms")
    print(f"call-next-top-rank: {rank_ms:.2f} ms")


def test_keystroke_to_next_lead_shown(qtbot, book_path: Path) -> None:  # noqa: ANN001
    runner = TaskRunner()
    opened: list[Desk] = []
    runner.run(lambda: Desk.open(open_cache(book_path)), opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    desk = opened[0]
    moments = iter(NOW + timedelta(minutes=5, seconds=i) for i in range(10_000))
    panel = CallSessionPanel(runner, desk, clock=lambda: next(moments))
    qtbot.addWidget(panel)
    panel.show()
    shown_at: list[float] = []
    panel.card_shown.connect(lambda _lead: shown_at.append(time.perf_counter()))
    try:
        with qtbot.waitSignal(panel.card_shown, timeout=120_000):
            panel.start_calling()
        gaps = []
        for _ in range(KEYSTROKES):
            qtbot.waitUntil(lambda: panel.phase is Phase.CHOOSING and not panel.busy)
            qtbot.keyClick(panel.pad, "1")
            qtbot.waitUntil(lambda: panel.phase is Phase.DETAILS)
            before = len(shown_at)
            started = time.perf_counter()
            qtbot.keyClick(panel.notes_edit, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda before=before: len(shown_at) > before, timeout=10_000)
            gaps.append((shown_at[-1] - started) * 1000)
    finally:
        panel.close()
        runner.run(desk.cache.close)
        runner.shutdown()
    print(f"\ncall-keystroke-to-next-lead-p50: {statistics.median(gaps):.1f} ms")
    print(f"call-keystroke-to-next-lead-p95: {_percentile(gaps, 95):.1f} ms")
