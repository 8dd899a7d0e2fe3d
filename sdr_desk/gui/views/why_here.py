""""Why here?": the selected lead's place in the queue taken apart, component by component.

The components and their reasons come from the store's CallQueue (the same rules that rank
the queue), read on the worker thread; this panel only lays them out. It follows the
queue's selection and reads again after every re-rank, since time moves the points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QEvent, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from sdr_desk.core.entities import Outcome, Stage
from sdr_desk.gui import formatting
from sdr_desk.gui.tasks import TaskFailed, TaskRunner
from sdr_desk.store.queue import CallQueue, PriorityPart, RankedLead

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COMPONENT, POINTS, REASON = range(3)


class WhyHereModel(QAbstractTableModel):
    """One row per component: what it is, its points, and the reason behind them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._parts: tuple[PriorityPart, ...] = ()

    def set_parts(self, parts: Sequence[PriorityPart]) -> None:
        self.beginResetModel()
        self._parts = tuple(parts)
        self.endResetModel()

    def parts(self) -> tuple[PriorityPart, ...]:
        return self._parts

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        if self._parts:
            self.dataChanged.emit(self.index(0, COMPONENT), self.index(len(self._parts) - 1, REASON))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._parts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {COMPONENT: self.tr("Component"), POINTS: self.tr("Points"), REASON: self.tr("Reason")}.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._parts):
            return None
        part = self._parts[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COMPONENT:
                return self.component_label(part.code)
            if column == POINTS:
                return f"{part.points:+.0f}"
            if column == REASON:
                return self.reason_text(part)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == POINTS:
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return part.code
        return None

    def component_label(self, code: str) -> str:
        return {
            "sla": self.tr("First-touch SLA"),
            "score": self.tr("Lead score"),
            "learner": self.tr("Learner pattern"),
            "grade": self.tr("Account grade"),
            "tier": self.tr("Account tier"),
            "due": self.tr("Touch due"),
            "nurture": self.tr("Nurture due"),
            "window": self.tr("Calling hours"),
            "retry": self.tr("Recent attempt"),
            "touched": self.tr("Recent touch"),
            "attempts": self.tr("Attempts"),
        }.get(code, code)

    def reason_text(self, part: PriorityPart) -> str:
        return priority_reason(part)


def priority_reason(part: PriorityPart) -> str:
    """A queue component's reason in the rep's language, from its code and parameters (the
    rules' own English text for a code not known here). The call card shows these too."""
    params = dict(part.params)
    code = part.reason_code
    span = formatting.duration(float(params.get("minutes", 0) or 0) * 60)
    if code == "sla.overdue":
        return QCoreApplication.translate("WhyHereModel", "SLA overdue by %1: untouched inbound lead").replace("%1", span)
    if code == "sla.due_soon":
        return QCoreApplication.translate("WhyHereModel", "SLA due in %1: call now").replace("%1", span)
    if code == "sla.pending":
        return QCoreApplication.translate("WhyHereModel", "New inbound lead: SLA due in %1").replace("%1", span)
    if code == "score":
        return QCoreApplication.translate("WhyHereModel", "Score %1 (fit + engagement - spam)").replace("%1", f"{float(params.get('score', 0)):.0f}")
    if code == "learner":
        return QCoreApplication.translate("WhyHereModel", "Learner: consumes content but shows no buying signal")
    if code == "grade":
        return QCoreApplication.translate("WhyHereModel", "Grade %1").replace("%1", str(params.get("grade", "")))
    if code == "tier":
        return QCoreApplication.translate("WhyHereModel", "Tier %1 account").replace("%1", str(params.get("tier", "")))
    if code == "due.call_back":
        return QCoreApplication.translate("WhyHereModel", "Promised call-back due (%1 ago)").replace("%1", span)
    if code == "due.next_touch":
        return QCoreApplication.translate("WhyHereModel", "Scheduled touch due (%1 ago)").replace("%1", span)
    if code == "due.nurture":
        return QCoreApplication.translate("WhyHereModel", "Nurture touch due (%1 ago)").replace("%1", span)
    if code == "due.nurture_only":
        return QCoreApplication.translate("WhyHereModel", "Nurture touch due (%1 ago); otherwise %2").replace(
            "%1", span).replace("%2", _stage_text(params))
    if code == "window.closed":
        return _closed_text(params)
    if code == "retry.backoff":
        outcome = params.get("outcome")
        label = formatting.outcome_label(Outcome(outcome)) if outcome in set(Outcome) else ""
        return QCoreApplication.translate("WhyHereModel", "Tried %1 ago (%2): give it time").replace("%1", span).replace("%2", label)
    if code == "touched.recently":
        return QCoreApplication.translate("WhyHereModel", "Touched %1 ago: give it time").replace("%1", span)
    if code == "attempts.many":
        return QCoreApplication.translate("WhyHereModel", "Attempts so far: %1").replace("%1", str(params.get("attempts", "")))
    return part.reason


def _stage_text(params: dict[str, object]) -> str:
    stage = params.get("stage")
    return formatting.stage_label(Stage(stage)) if stage in set(Stage) else str(stage or "")


def _closed_text(params: dict[str, object]) -> str:
    local_time = params.get("local_time")
    if not local_time:
        return QCoreApplication.translate("WhyHereModel", "Outside calling hours")
    if params.get("same_day", True):
        return QCoreApplication.translate("WhyHereModel", "Outside calling hours: callable %1 their time").replace("%1", str(local_time))
    weekday = params.get("weekday")
    day = QLocale().dayName(weekday, QLocale.FormatType.ShortFormat) if isinstance(weekday, int) else ""
    return QCoreApplication.translate("WhyHereModel", "Outside calling hours: callable %1 their time (%2)").replace("%1", str(local_time)).replace("%2", day)


class WhyHerePanel(QWidget):
    """The side tab: a summary line (total, callable or not) over the components table."""

    def __init__(
        self,
        runner: TaskRunner,
        queue: Callable[[], CallQueue],  # the desk's queue now (a sign-in gives the desk a new one)
        ranked_of: Callable[[str], RankedLead | None] = lambda _lead_id: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("whyHerePanel")
        self._runner = runner
        self._queue = queue
        self._ranked_of = ranked_of
        self._clock = clock
        self._serial = 0
        self.lead_id = ""
        self.ranked: RankedLead | None = None
        self.model = WhyHereModel(self)

        self.summary = QLabel(self, objectName="whyHereSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.view = QTableView(self, objectName="whyHereView")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(True)
        self.view.setShowGrid(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COMPONENT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(POINTS, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._retranslate()

    # --- what the window drives ---------------------------------------------------------

    def show_lead(self, lead_id: str) -> None:
        """Follow the queue's selection ("" when nothing is selected)."""
        self.lead_id = lead_id
        self.refresh()

    def refresh(self) -> None:
        """Read the components again (after a re-rank: time moves the points)."""
        self._serial += 1
        serial = self._serial
        lead_id = self.lead_id
        self.ranked = self._ranked_of(lead_id) if lead_id else None
        if not lead_id:
            self.model.set_parts(())
            self._show_summary()
            return
        queue, now = self._queue(), self._clock()
        self._runner.run(
            lambda: queue.explain(lead_id, now),
            lambda parts: self._parts_arrived(serial, parts),
            self._failed,
            owner=self,
        )

    # --- internals -----------------------------------------------------------------------

    def _parts_arrived(self, serial: int, parts: tuple[PriorityPart, ...]) -> None:
        if serial != self._serial:
            return  # the selection moved on
        self.model.set_parts(parts)
        self._show_summary()

    def _failed(self, failure: TaskFailed) -> None:
        self.model.set_parts(())
        self.summary.setText(self.tr("Could not explain this lead's place: %1").replace("%1", str(failure)))

    def _show_summary(self) -> None:
        if not self.lead_id:
            self.summary.setText(self.tr("Select a lead to see why it is where it is in the queue."))
            return
        parts = self.model.parts()
        total = self.ranked.priority if self.ranked is not None else sum(p.points for p in parts)
        lines = [self.tr("Priority %1: the sum of the components below.").replace("%1", f"{total:.0f}")]
        if self.ranked is not None and not self.ranked.callable_now:
            lines.append(self.tr("Not callable now: outside the prospect's calling hours."))
        elif self.ranked is not None:
            lines.append(self.tr("Callable now."))
        if self.ranked is None and not parts:
            lines = [self.tr("Not in the queue now: handed off, disqualified, not yours, or waiting for its next nurture touch.")]
        elif not parts:
            lines.append(self.tr("No component adds or removes points."))
        self.summary.setText("\n".join(lines))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Why here?"))
        self.model.retranslate()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def install_why_here(window: Any) -> WhyHerePanel:
    """Plug the panel into the main window as a side tab that follows the selection."""

    def ranked_of(lead_id: str) -> RankedLead | None:
        row = window.queue_model.row_of(lead_id)
        return None if row is None else window.queue_model.ranked(row)

    panel = WhyHerePanel(window.runner, lambda: window.desk.queue, ranked_of, lambda: window.clock())
    window.add_side_panel(panel)
    window.selected_lead_changed.connect(panel.show_lead)
    window.queue_loaded.connect(lambda _count: panel.refresh())
    panel.show_lead(window.current_lead_id() or "")
    return panel
