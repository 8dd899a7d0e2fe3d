"""The call queue as a table: ranked lead ids, with display rows fetched lazily in chunks.

The ranking (ids, priority, reasons) arrives whole from the store; the row text for a
line is only fetched when a view asks for it, a chunk at a time, on the worker thread.
Until it arrives the line shows its priority and a placeholder, so scrolling a
100,000-lead book never waits on the database.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from sdr_desk.gui import formatting
from sdr_desk.store.queue import QueueRow, RankedLead, Ranking

Index = QModelIndex | QPersistentModelIndex
RowsLoaded = Callable[[dict[str, QueueRow]], None]
# Asks for the display rows of some lead ids and calls back (on the UI thread) when they are in.
RowLoader = Callable[[Sequence[str], RowsLoaded], None]

# About two screens of rows. The worker builds a chunk's rows in Python while holding the GIL,
# and a paint waits for it; at 200 rows that wait reached 100 ms mid-scroll, at 50 about 35 ms.
CHUNK = 50
MAX_CACHED_ROWS = 20_000
LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
RANKED_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_OVERDUE = QColor("#c62828")
_NOT_CALLABLE = QColor("#8a8a8a")


class Column(IntEnum):
    PRIORITY = 0
    NAME = 1
    TITLE = 2
    COMPANY = 3
    LOCAL_TIME = 4
    STAGE = 5
    SCORE = 6
    SLA = 7


_COLUMNS = tuple(Column)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        LEAD_ID_ROLE,
        RANKED_ROLE,
        ROW_ROLE,
    }
)


class QueueModel(QAbstractTableModel):
    def __init__(
        self,
        load_rows: RowLoader,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._load_rows = load_rows
        self._clock = clock
        self._now = clock()
        self._ranked = Ranking([], [], [])
        self._row_of: dict[str, int] = {}
        self._rows: OrderedDict[str, QueueRow] = OrderedDict()
        self._cell_cache: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._overdue_brush = QBrush(_OVERDUE)
        self._not_callable_brush = QBrush(_NOT_CALLABLE)
        self._generation = 0
        self._inflight: set[tuple[int, int]] = set()

    # --- what the window feeds in --------------------------------------------------------

    def set_ranking(self, ranked: Sequence[RankedLead]) -> None:
        """A new order (after a re-rank, a filter or a search). Cached rows stay valid."""
        self.beginResetModel()
        self._ranked = Ranking.of(ranked)
        self._row_of = dict(zip(self._ranked.ids, range(len(self._ranked.ids))))
        self._generation += 1
        self._inflight.clear()
        self._now = self._clock()
        self._cell_cache.clear()
        self.endResetModel()

    def invalidate(self, lead_ids: Sequence[str]) -> None:
        """These leads changed (an outcome was logged): drop their rows so they are fetched again."""
        rows = []
        for lead_id in lead_ids:
            self._rows.pop(lead_id, None)
            self._cell_cache.pop(lead_id, None)
            if lead_id in self._row_of:
                rows.append(self._row_of[lead_id])
        if rows:
            self._inflight.clear()
            self._changed(min(rows), max(rows))

    def loaded_ids(self) -> list[str]:
        """Leads whose rows are cached now."""
        return list(self._rows)

    def tick(self) -> None:
        """Time moved: refresh the prospects' local time and the SLA countdowns."""
        self._now = self._clock()
        self._cell_cache.clear()
        if self._ranked:
            last = len(self._ranked) - 1
            self.dataChanged.emit(self.index(0, Column.LOCAL_TIME), self.index(last, Column.SLA))

    def retranslate(self) -> None:
        self._cell_cache.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._ranked:
            self._changed(0, len(self._ranked) - 1)

    # --- lookups for the window ----------------------------------------------------------

    def lead_id(self, row: int) -> str | None:
        return self._ranked.ids[row] if 0 <= row < len(self._ranked) else None

    def row_of(self, lead_id: str) -> int | None:
        return self._row_of.get(lead_id)

    def ranked(self, row: int) -> RankedLead | None:
        return self._ranked[row] if 0 <= row < len(self._ranked) else None

    def loaded(self, row: int) -> QueueRow | None:
        lead_id = self.lead_id(row)
        return None if lead_id is None else self._rows.get(lead_id)

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ranked)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header(Column(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tip(Column(section))
        return None

    def _header(self, column: Column) -> str:
        return {
            Column.PRIORITY: self.tr("Priority"),
            Column.NAME: self.tr("Name"),
            Column.TITLE: self.tr("Title"),
            Column.COMPANY: self.tr("Company"),
            Column.LOCAL_TIME: self.tr("Their time"),
            Column.STAGE: self.tr("Stage"),
            Column.SCORE: self.tr("Score"),
            Column.SLA: self.tr("SLA"),
        }[column]

    def _header_tip(self, column: Column) -> str | None:
        return {
            Column.PRIORITY: self.tr("Place in the queue: the sum of the reasons shown in the tooltip"),
            Column.LOCAL_TIME: self.tr("The prospect's local time, from their time zone"),
            Column.SCORE: self.tr("Lead score: fit plus engagement minus spam"),
            Column.SLA: self.tr("Time left to the first touch on a new inbound lead"),
        }.get(column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks ~10 roles per cell on every paint; answer the ones we ignore first.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row_number = index.row()
        if not 0 <= row_number < len(self._ranked):
            return None
        ranked = self._ranked[row_number]
        column = _COLUMNS[index.column()]
        if role == LEAD_ID_ROLE:
            return ranked.lead_id
        if role == RANKED_ROLE:
            return ranked
        row = self._rows.get(ranked.lead_id)
        if row is None:
            self._request(row_number)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, ranked, row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (Column.PRIORITY, Column.SCORE) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(column, ranked, row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(column, ranked, row)
        return None

    def _display(self, column: Column, ranked: RankedLead, row: QueueRow | None) -> str:
        if column == Column.PRIORITY:
            return f"{ranked.priority:.0f}"
        if row is None:
            return "…" if column == Column.NAME else ""
        return self._cells(row)[0][column]

    def _cells(self, row: QueueRow) -> tuple[tuple[str, ...], bool]:
        """A row's texts, formatted once per clock tick rather than on every repaint."""
        cached = self._cell_cache.get(row.lead_id)
        if cached is None:
            sla, overdue = formatting.sla_text(row.sla_due_at, row.first_touch_at, self._now)
            texts = (
                "",  # priority comes from the ranking, not the row
                row.full_name,
                row.title or "",
                row.company or "",
                formatting.local_time(row.time_zone, self._now),
                formatting.stage_label(row.stage),
                str(row.score),
                sla,
            )
            cached = self._cell_cache[row.lead_id] = (texts, overdue)
        return cached

    def _foreground(self, column: Column, ranked: RankedLead, row: QueueRow | None) -> QBrush | None:
        if row is not None and column == Column.SLA and self._cells(row)[1]:
            return self._overdue_brush
        if not ranked.callable_now:
            return self._not_callable_brush
        return None

    def _tooltip(self, column: Column, ranked: RankedLead, row: QueueRow | None) -> str | None:
        if column == Column.PRIORITY and ranked.parts:
            lines = [f"{part.points:+.0f}  {part.reason}" for part in ranked.parts]
            if not ranked.callable_now:
                lines.append(self.tr("Not callable right now"))
            return "\n".join(lines)
        if row is None:
            return None
        if column == Column.SCORE and row.learner:
            return self.tr("Learner pattern: consumes content, no buying signal yet")
        if column == Column.SLA and row.sla_due_at is not None and row.first_touch_at is None:
            return self.tr("First touch due %1").replace("%1", formatting.date_time(row.sla_due_at))
        if column == Column.LOCAL_TIME:
            return row.time_zone or self.tr("Time zone unknown")
        return None

    # --- lazy rows -----------------------------------------------------------------------

    def _request(self, row: int) -> None:
        chunk = row // CHUNK
        key = (self._generation, chunk)
        if key in self._inflight:
            return
        self._inflight.add(key)
        start = chunk * CHUNK
        ids = [lead_id for lead_id in self._ranked.ids[start : start + CHUNK] if lead_id not in self._rows]
        generation = self._generation
        self._load_rows(ids, lambda rows: self._rows_loaded(generation, chunk, rows))

    def _rows_loaded(self, generation: int, chunk: int, rows: dict[str, QueueRow]) -> None:
        self._inflight.discard((generation, chunk))
        self._rows.update(rows)
        while len(self._rows) > MAX_CACHED_ROWS:
            evicted, _row = self._rows.popitem(last=False)  # oldest first; a visible chunk is the newest
            self._cell_cache.pop(evicted, None)
        positions = [self._row_of[lead_id] for lead_id in rows if lead_id in self._row_of]
        if positions:
            self._changed(min(positions), max(positions))

    def _changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
