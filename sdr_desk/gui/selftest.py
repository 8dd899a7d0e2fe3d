"""Checks that the workstation really comes up: the queue is ranked, rows load and paint.

Used by `sdr-desk gui --self-test` (a throw-away demo profile, for CI and installed bundles)
and by `--exit-when-painted` (a given profile, for start-up timing).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer

from sdr_desk.config import Profile

SELF_TEST_LEADS = 300
TIMEOUT_MS = 60_000


def needs_offscreen() -> bool:
    """No display to draw on: render offscreen rather than fail to start."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def resident_mb() -> float:
    with contextlib.suppress(OSError):  # no /proc (not Linux): the peak from getrusage below
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def process_started_at() -> float | None:
    """When this process was started (epoch seconds), so start-up time includes the imports."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, IndexError, ValueError):
        return None
    started_ticks = int(fields[19])  # field 22 of stat, counted after the ")" of the name
    return time.time() - (uptime - started_ticks / os.sysconf("SC_CLK_TCK"))


def fill_demo_profile(profile: Profile, leads: int = SELF_TEST_LEADS) -> None:
    from sdr_desk.store.demo import generate_demo
    from sdr_desk.store.engine import open_cache

    profile.ensure_writable()
    cache = open_cache(profile.cache_path)
    try:
        generate_demo(cache, leads=leads)
        # Scored as `sdr-desk demo` leaves it, so the window opens on a ready book.
        from datetime import UTC, datetime

        from sdr_desk.store.scoring_job import Rescorer

        Rescorer(cache).rescore(None, datetime.now(UTC))
    finally:
        cache.close()


def watch_first_paint(window, on_done: Callable[[str | None, str], None], timeout_ms: int = TIMEOUT_MS) -> None:  # noqa: ANN001
    """Call `on_done(None, summary)` once the top of the queue has loaded and painted,
    or `on_done(reason, "")` if it has not within the timeout."""
    model = window.queue_model
    view = window.ui.queueView
    state = {"done": False}

    def finish(problem: str | None, summary: str = "") -> None:
        if not state["done"]:
            state["done"] = True
            timer.stop()
            on_done(problem, summary)

    def check(*_args: object) -> None:
        if state["done"] or model.rowCount() == 0 or model.loaded(0) is None:
            return
        name = model.index(0, 1).data()
        image = view.grab().toImage()  # paints the table into a pixmap, as the screen would
        if image.isNull() or image.width() == 0:
            finish("the queue did not paint")
            return
        top = image.copy(0, 0, image.width(), min(image.height(), view.rowHeight(0) * 3 + 40))
        colours = {top.pixel(x, y) for x in range(0, top.width(), 7) for y in range(0, top.height(), 3)}
        if len(colours) < 3:
            finish("the queue painted blank")
            return
        finish(None, f"{model.rowCount()} leads in the queue, first: {name}")

    def loaded(count: int) -> None:
        if count == 0:
            finish("the queue is empty")
        else:
            check()

    timer = QTimer(window, singleShot=True, interval=timeout_ms)
    timer.timeout.connect(lambda: finish(f"the queue did not load within {timeout_ms / 1000:.0f} s"))
    timer.start()
    window.queue_loaded.connect(loaded)
    model.dataChanged.connect(check)


def wait_until_settled(desktop, on_done: Callable[[str | None], None], timeout_ms: int = TIMEOUT_MS) -> None:  # noqa: ANN001
    """Call `on_done(None)` once every extension is installed and the worker has nothing queued."""
    state = {"done": False}

    def finish(problem: str | None) -> None:
        if not state["done"]:
            state["done"] = True
            timer.stop()
            on_done(problem)

    def check(*_args: object) -> None:
        if desktop.extended and not desktop.runner.busy:
            finish(None)

    timer = QTimer(desktop, singleShot=True, interval=timeout_ms)
    timer.timeout.connect(lambda: finish(f"the window did not settle within {timeout_ms / 1000:.0f} s"))
    timer.start()
    desktop.extensions_installed.connect(check)
    desktop.runner.idle.connect(check)
    check()


def run_paint_check(profile: Profile, *, started_at: float | None = None, report_figures: bool = False) -> int:
    """Open the workstation on `profile`, wait for the queue to paint, exit 0 (or 1 with the reason)."""
    from sdr_desk.gui import app as gui_app

    result: dict[str, str | None] = {}

    def on_ready(window, desktop) -> None:  # noqa: ANN001
        def end(problem: str | None) -> None:
            result["problem"] = problem
            desktop.finished.emit(gui_app.EXIT_OK if problem is None else gui_app.EXIT_FAILURE)

        def painted(problem: str | None, summary: str) -> None:
            if problem is not None:
                end(problem)
                return
            try:
                if report_figures and started_at is not None:
                    print(f"gui-start-to-queue-painted: {time.time() - started_at:.3f} s", flush=True)
                print(f"self-test: ok, {summary}", flush=True)
            except OSError as exc:  # the output went away (a closed pipe): still exit, never hang
                end(f"cannot report: {exc}")
                return
            wait_until_settled(desktop, settled)

        def settled(problem: str | None) -> None:
            # Memory once everything has plugged in and the background reads are done: what the
            # rep's session runs on, not a snapshot taken before the search texts are read.
            try:
                if problem is None and report_figures:
                    print(f"gui-rss: {resident_mb():.1f} MB", flush=True)
            except OSError as exc:
                problem = f"cannot report: {exc}"
            end(problem)

        watch_first_paint(window, painted)

    code = gui_app.run(profile, on_ready=on_ready)
    if result.get("problem"):
        print(f"sdr-desk: self-test failed: {result['problem']}", file=sys.stderr)
        return gui_app.EXIT_FAILURE
    if "problem" not in result and code == gui_app.EXIT_OK:
        print("sdr-desk: self-test failed: the window closed before the queue painted", file=sys.stderr)
        return gui_app.EXIT_FAILURE
    return code


def self_test() -> int:
    """A throw-away demo profile, the real window offscreen, the queue painted."""
    with tempfile.TemporaryDirectory(prefix="sdr-desk-self-test-") as folder:
        profile = Profile(Path(folder) / "profile")
        fill_demo_profile(profile)
        return run_paint_check(profile)
