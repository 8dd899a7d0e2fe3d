"""Item models of the Team desk: the team's activity log, the funnel beside the benchmarks,
workload, and small tables of figures.

The activity log holds entry ids plus a row cache, as the call queue does: ids arrive a page
at a time (newest first) and rows are read on the worker only for what is on screen, so a
million touches cost no more than the screenful being looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from sdr_desk.core import funnel
from sdr_desk.core.funnel import FunnelCounts, Ratio, Standing
from sdr_desk.gui import formatting
from sdr_desk.store.reports import LogRow, Workload

Index = QModelIndex | QPersistentModelIndex
LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROWS_PER_FETCH = 500
AHEAD_COLOUR = QColor("#1b7f3b")
BEHIND_COLOUR = QColor("#b3261e")


def channel_text(channel: Any) -> str:
    return formatting.channel_label(channel)


def step_text(step: Any) -> str:
    return "—" if step is None else formatting.step_label(step)


def outcome_text(outcome: Any) -> str:
    return formatting.outcome_label(outcome)


class LogColumn(IntEnum):
    WHEN = 0
    REP = 1
    CHANNEL = 2
    STEP = 3
    OUTCOME = 4
    LEAD = 5
    COMPANY = 6
    NOTES = 7


RowsLoader = Callable[[list[str], Callable[[dict[str, LogRow]], None]], None]
MoreLoader = Callable[[int, Callable[[list[str]], None]], None]


class ActivityLogModel(QAbstractTableModel):
    """The team's touches, newest first: ids a page at a time, rows read on demand."""

    def __init__(self, load_rows: RowsLoader, load_more: MoreLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self._load_rows = load_rows
        self._load_more = load_more
        self._ids: list[str] = []
        self._rows: dict[str, LogRow] = {}
        self._asked: set[str] = set()
        self._has_more = False
        self._fetching = False
        self._generation = 0
        self.names: dict[str, str] = {}
        self.pending: set[str] = set()

    # --- filling ------------------------------------------------------------------------------

    def set_first_page(self, ids: Sequence[str], rows: dict[str, LogRow], has_more: bool) -> None:
        """A new filter's first page, with its rows already read (so they show at once)."""
        self.beginResetModel()
        self._generation += 1
        self._ids = list(ids)
        self._rows = dict(rows)
        self._asked = set(rows)
        self._has_more = has_more
        self._fetching = False
        self.endResetModel()

    def lead_id(self, row: int) -> str | None:
        if 0 <= row < len(self._ids):
            entry = self._rows.get(self._ids[row])
            return entry.lead_id if entry else None
        return None

    def entry(self, row: int) -> LogRow | None:
        return self._rows.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def set_pending(self, pending: set[str]) -> None:
        self.pending = set(pending)
        if self._ids:
            self.dataChanged.emit(self.index(0, LogColumn.LEAD), self.index(len(self._ids) - 1, LogColumn.LEAD))

    def set_names(self, names: dict[str, str]) -> None:
        self.names = dict(names)
        if self._ids:
            self.dataChanged.emit(self.index(0, LogColumn.REP), self.index(len(self._ids) - 1, LogColumn.REP))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._has_more or self._fetching:
            return
        self._fetching = True
        generation = self._generation

        def arrived(ids: list[str]) -> None:
            if generation != self._generation:
                return  # a newer filter replaced this list meanwhile
            self._fetching = False
            self._has_more = len(ids) >= ROWS_PER_FETCH
            fresh = [i for i in ids if i not in set(self._ids[-len(ids):])]
            if not fresh:
                return
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._ids.extend(fresh)
            self.endInsertRows()

        self._load_more(len(self._ids), arrived)

    def _ask(self, row: int) -> None:
        # Read the rows around the one shown, once each.
        start, end = max(0, row - 50), min(len(self._ids), row + 150)
        wanted = [i for i in self._ids[start:end] if i not in self._asked]
        if not wanted:
            return
        self._asked.update(wanted)
        generation = self._generation

        def arrived(rows: dict[str, LogRow]) -> None:
            if generation != self._generation:
                return
            self._rows.update(rows)
            positions = [n for n in range(start, min(end, len(self._ids))) if self._ids[n] in rows]
            if positions:
                self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), len(LogColumn) - 1))

        self._load_rows(wanted, arrived)

    # --- Qt --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LogColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            LogColumn.WHEN: QCoreApplication.translate("TeamDesk", "When"), LogColumn.REP: QCoreApplication.translate("TeamDesk", "Rep"),
            LogColumn.CHANNEL: QCoreApplication.translate("TeamDesk", "Channel"), LogColumn.STEP: QCoreApplication.translate("TeamDesk", "Step"),
            LogColumn.OUTCOME: QCoreApplication.translate("TeamDesk", "Outcome"), LogColumn.LEAD: QCoreApplication.translate("TeamDesk", "Lead"),
            LogColumn.COMPANY: QCoreApplication.translate("TeamDesk", "Company"), LogColumn.NOTES: QCoreApplication.translate("TeamDesk", "Notes"),
        }
        return titles.get(LogColumn(section)) if 0 <= section < len(LogColumn) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        entry = self._rows.get(self._ids[index.row()])
        if entry is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._ask(index.row())
                return "…" if index.column() == 0 else ""
            return None
        column = LogColumn(index.column())
        if role == LEAD_ID_ROLE:
            return entry.lead_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == LogColumn.NOTES and entry.notes:
                return entry.notes
            if entry.superseded:
                return QCoreApplication.translate("TeamDesk", "Withdrawn by a later correction")
            return None
        if role == Qt.ItemDataRole.FontRole and entry.superseded:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _text(self, entry: LogRow, column: LogColumn) -> str:
        if column == LogColumn.WHEN:
            return entry.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == LogColumn.REP:
            return self.names.get(entry.author_id or "", entry.author_id or "—")
        if column == LogColumn.CHANNEL:
            return channel_text(entry.channel)
        if column == LogColumn.STEP:
            return step_text(entry.step)
        if column == LogColumn.OUTCOME:
            return outcome_text(entry.outcome)
        if column == LogColumn.LEAD:
            if entry.lead_id in self.pending:
                return QCoreApplication.translate("TeamDesk", "%1 (pending)").replace("%1", entry.lead_name)
            return entry.lead_name
        if column == LogColumn.COMPANY:
            return entry.company or ""
        return (entry.notes or "").replace("\n", " ")[:200]


# --- the funnel ---------------------------------------------------------------------------------


class FunnelRowKind(IntEnum):
    REP = 0
    TOTAL = 1
    MEDIAN = 2
    BENCHMARK = 3


_STEP_TITLES = ("Dials", "Reaches", "Connects", "Conversations", "Meetings", "MQLs", "SQLs")


def step_title(i: int) -> str:
    return [QCoreApplication.translate("TeamDesk", "Dials"), QCoreApplication.translate("TeamDesk", "Reaches"), QCoreApplication.translate("TeamDesk", "Connects"),
            QCoreApplication.translate("TeamDesk", "Conversations"), QCoreApplication.translate("TeamDesk", "Meetings"), QCoreApplication.translate("TeamDesk", "MQLs"),
            QCoreApplication.translate("TeamDesk", "SQLs")][i]


def ratio_title(which: Ratio) -> str:
    return {
        Ratio.DIALS_PER_REACH: QCoreApplication.translate("TeamDesk", "Dials per reach"),
        Ratio.DIALS_PER_CONVERSATION: QCoreApplication.translate("TeamDesk", "Dials per conversation"),
        Ratio.CONVERSATIONS_PER_MEETING: QCoreApplication.translate("TeamDesk", "Conversations per meeting"),
    }[which]


class FunnelModel(QAbstractTableModel):
    """Each rep's funnel and ratios, then the team's total, the team's median and the benchmark.

    A ratio shows its deviation from the benchmark ("15.1 (+19 %)"), coloured when it is off by
    more than the tolerance; a rep with nothing to divide shows "—"."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[FunnelRowKind, str, FunnelCounts | None]] = []
        self._median: dict[Ratio, float | None] = {}
        self.benchmarks = funnel.default_benchmarks()

    def set_funnel(self, rows: Sequence[tuple[str, FunnelCounts]], *, median: dict[Ratio, float | None],
                   total: FunnelCounts | None) -> None:
        self.beginResetModel()
        self._rows = [(FunnelRowKind.REP, name, c) for name, c in rows]
        if total is not None:
            self._rows.append((FunnelRowKind.TOTAL, "", total))
        self._median = dict(median)
        self._rows.append((FunnelRowKind.MEDIAN, "", None))
        self._rows.append((FunnelRowKind.BENCHMARK, "", None))
        self.endResetModel()

    def rep_rows(self) -> list[tuple[str, FunnelCounts]]:
        return [(name, c) for kind, name, c in self._rows if kind is FunnelRowKind.REP and c is not None]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(_STEP_TITLES) + len(Ratio)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return QCoreApplication.translate("TeamDesk", "Rep")
        if 1 <= section <= len(_STEP_TITLES):
            return step_title(section - 1)
        ratios = list(Ratio)
        i = section - 1 - len(_STEP_TITLES)
        return ratio_title(ratios[i]) if 0 <= i < len(ratios) else None

    def _name(self, kind: FunnelRowKind, name: str) -> str:
        return {
            FunnelRowKind.TOTAL: QCoreApplication.translate("TeamDesk", "Team"),
            FunnelRowKind.MEDIAN: QCoreApplication.translate("TeamDesk", "Team median"),
            FunnelRowKind.BENCHMARK: QCoreApplication.translate("TeamDesk", "Benchmark"),
        }.get(kind, name)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, name, counts = self._rows[index.row()]
        col = index.column()
        ratio_index = col - 1 - len(_STEP_TITLES)
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if col == 0:
            return self._name(kind, name) if role == Qt.ItemDataRole.DisplayRole else None
        if 1 <= col <= len(_STEP_TITLES):
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            if counts is None:
                return ""
            return str(getattr(counts, funnel.FUNNEL_STEPS[col - 1]))
        if not 0 <= ratio_index < len(Ratio):
            return None
        which = list(Ratio)[ratio_index]
        bench = funnel.benchmark_for(which, self.benchmarks)
        if kind is FunnelRowKind.BENCHMARK:
            return f"{bench:.2f}" if role == Qt.ItemDataRole.DisplayRole else None
        value = self._median.get(which) if kind is FunnelRowKind.MEDIAN else funnel.ratio_value(counts, which)  # type: ignore[arg-type]
        deviation, where = funnel.standing(value, bench, self.benchmarks.tolerance)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None or deviation is None:
                return "—"
            return f"{value:.1f} ({deviation * 100:+.0f} %)"
        if role == Qt.ItemDataRole.ForegroundRole:
            if where is Standing.BEHIND:
                return QBrush(BEHIND_COLOUR)
            if where is Standing.AHEAD:
                return QBrush(AHEAD_COLOUR)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            verdict = {
                Standing.AHEAD: QCoreApplication.translate("TeamDesk", "better than the benchmark"),
                Standing.ON_PAR: QCoreApplication.translate("TeamDesk", "close to the benchmark"),
                Standing.BEHIND: QCoreApplication.translate("TeamDesk", "more work than the benchmark"),
                Standing.NO_DATA: QCoreApplication.translate("TeamDesk", "nothing to compare yet"),
            }[where]
            return QCoreApplication.translate("TeamDesk", "Benchmark %1: %2").replace("%1", f"{bench:.2f}").replace("%2", verdict)
        if role == Qt.ItemDataRole.UserRole:
            return where.value
        return None


# --- workload -----------------------------------------------------------------------------------


class WorkloadModel(QAbstractTableModel):
    """Open leads per rep, their share of the team's, capacity and who is away."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Workload] = []
        self.names: dict[str, str] = {}
        self.pending: set[str] = set()

    def set_workload(self, rows: Sequence[Workload], names: dict[str, str], pending: set[str]) -> None:
        self.beginResetModel()
        self._rows, self.names, self.pending = list(rows), dict(names), set(pending)
        self.endResetModel()

    def rep_id(self, row: int) -> str | None:
        return self._rows[row].rep_id if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [QCoreApplication.translate("TeamDesk", "Rep"), QCoreApplication.translate("TeamDesk", "Open leads"), QCoreApplication.translate("TeamDesk", "Share"),
                  QCoreApplication.translate("TeamDesk", "Capacity"), QCoreApplication.translate("TeamDesk", "Status")]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        w = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and (w.at_capacity or w.away or not w.active):
            return QBrush(BEHIND_COLOUR)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        if col == 0:
            return self.names.get(w.rep_id, w.rep_id)
        if col == 1:
            return str(w.open_leads)
        if col == 2:
            return funnel.percent(w.share)
        if col == 3:
            return "—" if w.capacity is None else str(w.capacity)
        states = []
        if not w.active:
            states.append(QCoreApplication.translate("TeamDesk", "disabled"))
        if w.away:
            states.append(QCoreApplication.translate("TeamDesk", "away"))
        if w.at_capacity:
            states.append(QCoreApplication.translate("TeamDesk", "at capacity"))
        if w.rep_id in self.pending:
            states.append(QCoreApplication.translate("TeamDesk", "change pending"))
        return ", ".join(states) or QCoreApplication.translate("TeamDesk", "available")


# --- small tables of figures ------------------------------------------------------------------


class FiguresModel(QAbstractTableModel):
    """A few rows of ready-made text (speed-to-lead, SLA per rep or source)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[list[str]] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(r) for r in rows]
        self.endResetModel()

    def rows(self) -> list[list[str]]:
        return [list(r) for r in self._rows]

    def headers(self) -> list[str]:
        return list(self._headers)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self._headers)):
            return None
        return self._rows[index.row()][index.column()]
