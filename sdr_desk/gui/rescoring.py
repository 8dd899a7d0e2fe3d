"""Keeps stored lead scores current in the background while the rep works.

Leads never scored, changed since (an edit, a pull) or scored under other rules are
rescored in chunks. A few stale leads are scored chunk by chunk as tasks on the window's
worker, so queue reads and logged outcomes interleave with them. A big pass (a rules
change: the whole book) runs on a thread of its own that scores in worker processes, one
per core, so it takes seconds and neither the worker nor the UI thread waits for it; the
queue follows each chunk as it is stored.
"""

from __future__ import annotations

import gc
import threading
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sdr_desk.desk.changes import Changes
from sdr_desk.gui.tasks import TaskFailed

CHECK_EVERY_MS = 60_000
CHUNK = 2_000
SIDE_PASS_FROM = 5_000  # stale leads from which a pass leaves the worker for its own thread


class ScoreKeeper(QObject):
    progress = Signal(int, int)  # leads scored so far, leads to score
    finished = Signal(int)  # how many were rescored in this pass

    # From the side pass's thread, delivered on the UI thread.
    _side_stored = Signal(object)  # the lead ids of a stored chunk
    _side_progress = Signal(int, int)
    _side_ended = Signal(int, object)  # leads rescored, the error (None when it went well)

    def __init__(
        self,
        window: Any,
        *,
        check_every_ms: int = CHECK_EVERY_MS,
        side_pass_from: int = SIDE_PASS_FROM,
        processes: int | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._rescorer: Any = None  # built on the worker: loading the rules reads files
        self._busy = False
        self._todo: list[str] = []
        self._done = 0
        self._side_pass_from = side_pass_from
        self._processes = processes  # for the side pass; None: the rescorer picks
        self._side: threading.Thread | None = None
        self._stop = threading.Event()
        self._side_stored.connect(self._chunk_stored)
        self._side_progress.connect(self._show_progress)
        self._side_ended.connect(self._side_pass_ended)
        window.runner.stopping.connect(self.stop)
        self._timer = QTimer(self)
        self._timer.setInterval(check_every_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def busy(self) -> bool:
        return self._busy

    def check(self) -> None:
        """Look for stale scores and work through them; does nothing while a pass runs."""
        if self._busy or self._stop.is_set():
            return
        self._busy = True
        desk = self._window.desk
        self._window.runner.run(lambda: self._stale(desk), self._start, self._failed, owner=self)

    def stop(self) -> None:
        """End a side pass after the chunk in hand (the app is closing); the rest stays stale."""
        self._stop.set()
        self._timer.stop()
        if self._side is not None:
            self._side.join()
            self._side = None

    def _stale(self, desk: Any) -> list[str]:
        if self._rescorer is None:
            from sdr_desk.store.scoring_job import Rescorer

            self._rescorer = Rescorer(desk.cache)
        return self._rescorer.stale_ids()

    def _start(self, stale: list[str]) -> None:
        self._todo, self._done = stale, 0
        if not stale or self._stop.is_set():
            self._busy = False
            self.finished.emit(0)
            return
        if len(stale) >= self._side_pass_from:
            self._todo = []
            self._side = threading.Thread(
                target=self._side_pass, args=(stale, self._window.clock()), name="sdr-desk-rescoring"
            )
            self._side.start()
            return
        self._next()

    # --- a big pass, on its own thread ------------------------------------------------------

    def _side_pass(self, stale: list[str], now: datetime) -> None:
        done, error = 0, None
        try:
            done = self._rescorer.rescore(
                stale,
                now,
                progress=self._side_progress.emit,
                cancelled=self._stop.is_set,
                stored=lambda chunk: self._side_stored.emit(list(chunk)),
                processes=self._processes,
            )
        except Exception as exc:  # noqa: BLE001 - reported on the UI thread like a task failure
            error = exc
        self._side_ended.emit(done, error)

    def _chunk_stored(self, chunk: list[str]) -> None:
        def refresh(desk: Any) -> Changes:
            changes = desk.rescored(chunk)
            # The refreshed leads' facts live until the next refresh, as the ranking does (see
            # MainWindow._ranking_arrived): a whole book of them would otherwise make every
            # full collection in the pass walk them, blocking the UI thread 100 ms each time.
            gc.freeze()
            return changes

        self._window.ops.follow(refresh)

    def _side_pass_ended(self, done: int, error: BaseException | None) -> None:
        if self._side is not None:
            self._side.join()  # it has emitted its last signal
            self._side = None
        if error is not None:
            self._failed(TaskFailed(error, repr(error)))
            return
        self._done = done
        self._pass_done()

    # --- a few leads, chunk by chunk on the worker -----------------------------------------

    def _next(self) -> None:
        chunk, self._todo = self._todo[:CHUNK], self._todo[CHUNK:]
        desk, now = self._window.desk, self._window.clock()
        self._window.runner.run(lambda: self._score(desk, chunk, now), self._scored, self._failed, owner=self)

    def _score(self, desk: Any, chunk: list[str], now: datetime) -> Changes:
        self._rescorer.rescore(chunk, now, processes=0)
        return desk.rescored(chunk)

    def _scored(self, changes: Changes) -> None:
        self._window.ops.announce(changes)  # their rows show the old score
        self._done += len(changes.leads)
        self._show_progress(self._done, self._done + len(self._todo))
        if self._todo and not self._stop.is_set():
            self._next()
            return
        self._pass_done()

    # --- both -------------------------------------------------------------------------------

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)
        if done < total:
            self._window.statusBar().showMessage(
                self.tr("Scoring leads: %1 of %2").replace("%1", f"{done:,}").replace("%2", f"{total:,}")
            )

    def _pass_done(self) -> None:
        self._window.statusBar().showMessage(
            self.tr("Lead scores are up to date (%1 rescored)").replace("%1", f"{self._done:,}"), 5_000
        )
        self._busy = False
        self._window.refresh_queue()
        self.finished.emit(self._done)

    def _failed(self, failure: TaskFailed) -> None:
        self._busy = False
        self._todo = []
        self._window.statusBar().showMessage(
            self.tr("Could not update lead scores: %1").replace("%1", str(failure.error)), 10_000
        )


def install_rescoring(window: Any) -> ScoreKeeper:
    """Score stale leads now, then look again every minute (after pulls, edits, rule changes)."""
    existing = window.findChild(ScoreKeeper)
    if existing is not None:
        return existing
    keeper = ScoreKeeper(window)
    keeper.check()
    return keeper
