"""Workstation speed on a demo book: start to queue painted, memory, and scrolling smoothness.

Size from SDR_DESK_BENCH_SIZE: small (CI, keeps the benchmark working) or full (100,000 leads).
Figures are printed as `figure-name: value unit`; nothing here asserts a timing.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from sdr_desk.config import Profile
from sdr_desk.gui.selftest import fill_demo_profile

pytestmark = [
    pytest.mark.benchmark,
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints()"),  # offscreen platform
]

SIZES = {"small": 2_000, "full": 100_000}
LEADS = SIZES[os.environ.get("SDR_DESK_BENCH_SIZE", "small")]
START_RUNS = 3
SCROLL_STEPS = 300


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory: pytest.TempPathFactory) -> Profile:
    profile = Profile(tmp_path_factory.mktemp("bench") / "profile")
    started = time.perf_counter()
    fill_demo_profile(profile, leads=LEADS)
    print(f"\ngui-bench-book: {LEADS} leads, generated in {time.perf_counter() - started:.1f} s")
    return profile


def _figure(text: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)}: ([0-9.]+) ", text, re.MULTILINE)
    assert match, f"{name} missing from:\n{text}"
    return float(match.group(1))


def test_start_to_queue_painted_and_memory(demo_profile: Profile) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    starts, rss = [], []
    for _ in range(START_RUNS):
        done = subprocess.run(
            [sys.executable, "-m", "sdr_desk", "gui", "--exit-when-painted", "--profile", str(demo_profile.folder)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        starts.append(_figure(done.stdout, "gui-start-to-queue-painted"))
        rss.append(_figure(done.stdout, "gui-rss"))
    print(f"\ngui-start-to-queue-painted: {statistics.median(starts):.2f} s")
    print(f"gui-start-to-queue-painted-first-run: {starts[0]:.2f} s")
    print(f"gui-rss: {statistics.median(rss):.0f} MB")


def test_scrolling_top_to_bottom_never_blocks_long(qtbot, demo_profile: Profile) -> None:  # noqa: ANN001
    from sdr_desk.gui.app import Desktop

    desktop = Desktop(demo_profile)
    try:
        with qtbot.waitSignal(desktop.ready, timeout=120_000) as ready:
            desktop.start()
        window = ready.args[0]
        qtbot.addWidget(window)
        window.resize(1280, 800)
        model, view = window.queue_model, window.ui.queueView
        qtbot.waitUntil(lambda: model.rowCount() > 0 and model.loaded(0) is not None, timeout=120_000)
        # Scrolling as the rep does once the window is up: after the capabilities plugged in
        # just behind the first paint (their imports stall the first half second; see the note).
        qtbot.waitUntil(lambda: desktop.extended and not desktop.runner.busy, timeout=120_000)
        bar = view.verticalScrollBar()
        step = max(1, (bar.maximum() - bar.minimum()) // SCROLL_STEPS)

        # A heartbeat that should fire every millisecond: the longest gap between beats is
        # the longest time the UI thread could not answer the rep.
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed(), time.thread_time()]
        gaps: list[int] = []
        cpu: list[float] = []  # the UI thread's own CPU time in each gap; the rest was waiting

        def beat() -> None:
            now, used = clock.elapsed(), time.thread_time()
            gaps.append(now - last[0])
            cpu.append((used - last[1]) * 1000)
            last[0], last[1] = now, used

        heartbeat = QTimer(interval=1)
        heartbeat.timeout.connect(beat)

        def scroll() -> None:
            bar.setValue(min(bar.maximum(), bar.value() + step))

        scroller = QTimer(interval=16)  # a drag of the scroll bar, one move per frame
        scroller.timeout.connect(scroll)
        started = time.perf_counter()
        heartbeat.start()
        scroller.start()

        def at_bottom_and_loaded() -> bool:
            if bar.value() < bar.maximum():
                return False
            bottom = view.rowAt(view.viewport().height() - 2)
            bottom = model.rowCount() - 1 if bottom < 0 else bottom
            return model.loaded(bottom) is not None

        qtbot.waitUntil(at_bottom_and_loaded, timeout=300_000)
        scroller.stop()
        heartbeat.stop()
        seconds = time.perf_counter() - started
        print(f"\ngui-scroll-max-block: {max(gaps)} ms")
        print(f"gui-scroll-p99-block: {sorted(gaps)[int(len(gaps) * 0.99)]} ms")
        print(f"gui-scroll-max-block-ui-cpu: {cpu[gaps.index(max(gaps))]:.0f} ms")
        print(f"gui-scroll-duration: {seconds:.1f} s for {model.rowCount()} rows")
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.shutdown()


def test_rescoring_the_whole_book_in_the_window(qtbot, demo_profile: Profile) -> None:  # noqa: ANN001
    """A rules change makes every score stale: the window rescores the book beside its worker
    while the UI thread keeps answering (heartbeat as in the scrolling test)."""
    import sqlite3

    from sdr_desk.gui.app import Desktop
    from sdr_desk.gui.rescoring import ScoreKeeper

    with sqlite3.connect(demo_profile.cache_path) as db:
        db.execute("UPDATE leads SET score_rules = 'rules-before-the-change'")
    desktop = Desktop(demo_profile, extensions=[])
    try:
        with qtbot.waitSignal(desktop.ready, timeout=120_000) as ready:
            desktop.start()
        window = ready.args[0]
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.queue_model.loaded(0) is not None, timeout=120_000)
        keeper = ScoreKeeper(window, check_every_ms=3_600_000)
        clock = QElapsedTimer()
        clock.start()
        last = [clock.elapsed()]
        gaps: list[int] = []

        def beat() -> None:
            gaps.append(clock.elapsed() - last[0])
            last[0] = clock.elapsed()

        heartbeat = QTimer(interval=1)
        heartbeat.timeout.connect(beat)
        heartbeat.start()
        started = time.perf_counter()
        with qtbot.waitSignal(keeper.finished, timeout=300_000) as finished:
            keeper.check()
        seconds = time.perf_counter() - started
        heartbeat.stop()
        print(f"\ngui-full-rescoring: {seconds:.2f} s for {finished.args[0]} leads (stale found, scored, queue refreshed)")
        print(f"gui-full-rescoring-max-ui-block: {max(gaps)} ms")
        assert finished.args[0] == LEADS
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.shutdown()
