"""Background work: one worker thread owns every database call; results come back by signal.

The UI thread hands the worker a function and two callbacks. The function runs on the
worker (so SQLite sessions are only ever used there); the callbacks run on the UI thread.
A callback whose owner widget has been destroyed meanwhile is dropped, so a slow query can
never touch a closed window.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)


class TaskFailed(Exception):
    """Wraps an exception raised on the worker, keeping its formatted traceback for the log."""

    def __init__(self, error: BaseException, details: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.details = details


@dataclass
class _Pending:
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[TaskFailed], None] | None
    owner: QObject | None


class _Worker(QObject):
    succeeded = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def execute(self, task_id: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the UI thread
            self.failed.emit(task_id, TaskFailed(exc, traceback.format_exc()))
        else:
            self.succeeded.emit(task_id, result)


class TaskRunner(QObject):
    """Runs functions one at a time, in submission order, on a single worker thread."""

    _submit = Signal(int, object)
    idle = Signal()  # the queue of submitted work has drained
    stopping = Signal()  # the app is closing: work running beside this runner must end now

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._thread = QThread()
        self._thread.setObjectName("sdr-desk-db")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        self._stopped = False
        self._side_stopped = False
        self.default_failure: Callable[[TaskFailed], None] = _log_failure

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[TaskFailed], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> int:
        """Queue `fn` for the worker; returns a task id (0 when dropped). Callbacks run on the UI thread."""
        if self._stopped:
            # The app is closing: a late repaint or timer may still ask; nobody waits for the answer.
            log.debug("dropped a background task submitted after shutdown")
            return 0
        task_id = next(self._ids)
        self._pending[task_id] = _Pending(on_success, on_failure, owner)
        self._submit.emit(task_id, fn)
        return task_id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def stop_side_work(self) -> None:
        """Ask work running on its own threads (a long rescoring) to end, before the cache closes."""
        if not self._side_stopped:
            self._side_stopped = True
            self.stopping.emit()

    def shutdown(self) -> None:
        """Let queued work finish, then stop the thread (call before the app exits)."""
        self.stop_side_work()
        self._stopped = True
        if self._thread.isRunning():
            thread = self._thread
            # Queued behind the work already submitted, so that work still runs.
            self._submit.emit(0, thread.quit)
            thread.wait()
        self._pending.clear()

    def _take(self, task_id: int) -> _Pending | None:
        pending = self._pending.pop(task_id, None)
        if pending is not None and pending.owner is not None and not shiboken6.isValid(pending.owner):
            pending = None
        return pending

    def _maybe_idle(self) -> None:
        if not self._pending:
            self.idle.emit()

    @Slot(int, object)
    def _on_succeeded(self, task_id: int, result: object) -> None:
        pending = self._take(task_id)
        if pending and pending.on_success:
            pending.on_success(result)
        self._maybe_idle()

    @Slot(int, object)
    def _on_failed(self, task_id: int, failure: TaskFailed) -> None:
        pending = self._take(task_id)
        if pending is None:
            log.warning("background task failed after its window closed: %s", failure.details)
        else:
            (pending.on_failure or self.default_failure)(failure)
        self._maybe_idle()


def _log_failure(failure: TaskFailed) -> None:
    log.error("background task failed: %s", failure.details)
