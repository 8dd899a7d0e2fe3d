"""A lead's touch history as a table: newest first, superseded entries struck through.

The rows are plain (Activity, superseded) pairs read by LeadWork.timeline on the worker;
the model only formats them.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sdr_desk.core.entities import Activity, Outcome
from sdr_desk.gui import formatting

_Index = QModelIndex | QPersistentModelIndex


class TimelineColumn(IntEnum):
    WHEN = 0
    CHANNEL = 1
    STEP = 2
    OUTCOME = 3
    NOTES = 4


class TimelineModel(QAbstractTableModel):
    """Read-only; `set_entries` replaces everything (a lead's history is short)."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001 - any QObject
        super().__init__(parent)
        self._entries: list[tuple[Activity, bool]] = []
        self._struck = QFont()
        self._struck.setStrikeOut(True)

    def set_entries(self, entries: Sequence[tuple[Activity, bool]]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> tuple[Activity, bool] | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def retranslate(self) -> None:
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, len(TimelineColumn) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(TimelineColumn) - 1)

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TimelineColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            TimelineColumn.WHEN: self.tr("When"),
            TimelineColumn.CHANNEL: self.tr("Channel"),
            TimelineColumn.STEP: self.tr("Step"),
            TimelineColumn.OUTCOME: self.tr("Outcome"),
            TimelineColumn.NOTES: self.tr("Notes"),
        }
        return titles.get(TimelineColumn(section)) if 0 <= section < len(TimelineColumn) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        activity, superseded = self._entries[index.row()]
        column = TimelineColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(activity, column)
        if role == Qt.ItemDataRole.FontRole and superseded:
            return self._struck
        if role == Qt.ItemDataRole.ToolTipRole and superseded:
            return self.tr("Withdrawn by a later correction")
        if role == Qt.ItemDataRole.UserRole:
            return activity.id
        return None

    def _text(self, a: Activity, column: TimelineColumn) -> str:
        if column is TimelineColumn.WHEN:
            return formatting.date_time(a.occurred_at)
        if column is TimelineColumn.CHANNEL:
            return formatting.channel_label(a.channel)
        if column is TimelineColumn.STEP:
            return formatting.step_label(a.step)
        if column is TimelineColumn.OUTCOME:
            if a.outcome is Outcome.RETRACTED:
                return self.tr("Correction: entry withdrawn")
            return formatting.outcome_label(a.outcome)
        return (a.notes or "").replace("\n", " ")
