"""Keeps stored lead scores current in the background while the rep works.

Leads never scored, changed since (an edit, a pull) or scored under other rules are
rescored in chunks, each its own task on the window's worker, so queue reads and logged
outcomes interleave with a long rescoring and the window never waits for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from sdr_desk.gui.tasks import TaskFailed

CHECK_EVERY_MS = 60_000
CHUNK = 2_000


class ScoreKeeper(QObject):
    progress = Signal(int, int)  # leads scored so far, leads to score
    finished = Signal(int)  # how many were rescored in this pass

    def __init__(self, window: Any, *, check_every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(window)
        self._window = window
        self._rescorer: Any = None  # built on the worker: loading the rules reads files
        self._busy = False
        self._todo: list[str] = []
        self._done = 0
        self._timer = QTimer(self)
        self._timer.setInterval(check_every_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    @property
    def busy(self) -> bool:
        return self._busy

    def check(self) -> None:
        """Look for stale scores and work through them; does nothing while a pass runs."""
        if self._busy:
            return
        self._busy = True
        desk = self._window.desk
        self._window.runner.run(lambda: self._stale(desk), self._start, self._failed, owner=self)

    def _stale(self, desk: Any) -> list[str]:
        if self._rescorer is None:
            from sdr_desk.store.scoring_job import Rescorer

            self._rescorer = Rescorer(desk.cache)
        return self._rescorer.stale_ids()

    def _start(self, stale: list[str]) -> None:
        self._todo, self._done = stale, 0
        if not stale:
            self._busy = False
            self.finished.emit(0)
            return
        self._next()

    def _next(self) -> None:
        chunk, self._todo = self._todo[:CHUNK], self._todo[CHUNK:]
        desk, now = self._window.desk, self._window.clock()
        self._window.runner.run(lambda: self._score(desk, chunk, now), self._scored, self._failed, owner=self)

    def _score(self, desk: Any, chunk: list[str], now: datetime) -> list[str]:
        self._rescorer.rescore(chunk, now)
        desk.queue.refresh(chunk)
        return chunk

    def _scored(self, chunk: list[str]) -> None:
        self._window.queue_model.invalidate(chunk)  # their rows show the old score
        self._done += len(chunk)
        total = self._done + len(self._todo)
        self.progress.emit(self._done, total)
        status = self._window.statusBar()
        if self._todo:
            status.showMessage(
                self.tr("Scoring leads: %1 of %2").replace("%1", f"{self._done:,}").replace("%2", f"{total:,}")
            )
            self._next()
            return
        status.showMessage(self.tr("Lead scores are up to date (%1 rescored)").replace("%1", f"{self._done:,}"), 5_000)
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
