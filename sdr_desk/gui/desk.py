"""The desk as the window sees it: use cases run on the worker, their change sets come back
on one signal that every view follows.

`DeskOps.apply(use_case, ...)` runs `use_case(desk)` on the window's worker thread; the use
case returns `Applied(value, changes)`. On the UI thread, `changed` is emitted with the change
set first (every view brings itself up to date), then the caller's callback gets the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from sdr_desk.desk import Applied, Changes, Desk
from sdr_desk.gui.tasks import TaskFailed, TaskRunner

T = TypeVar("T")


class DeskOps(QObject):
    """Runs the desk's use cases off the UI thread and tells every view what they changed."""

    changed = Signal(object)  # Changes

    def __init__(self, runner: TaskRunner, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.desk = desk

    def apply(
        self,
        use_case: Callable[[Desk], Applied[T]],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[TaskFailed], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> int:
        desk = self.desk

        def done(applied: Applied[Any]) -> None:
            self.announce(applied.changes)
            if on_success is not None:
                on_success(applied.value)

        return self.runner.run(lambda: use_case(desk), done, on_failure, owner=owner)

    def follow(self, work: Callable[[Desk], Changes], on_done: Callable[[], None] | None = None) -> int:
        """Bring the desk up to date with writes made elsewhere (a sync round, a rescoring)."""
        desk = self.desk

        def done(changes: Changes) -> None:
            self.announce(changes)
            if on_done is not None:
                on_done()

        return self.runner.run(lambda: work(desk), done, None, owner=self)

    def announce(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
