"""The Nurture tab: the selected lead's tracks, where each stands, and the rep's next touch.

The plan is read on the worker (core.cadences.nurture_plan); the tab follows the queue's
selection and every change the desk reports for the lead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QDateTime, QEvent, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from sdr_desk.core.cadences import PlannedTouch, TouchMode, TouchState, default_nurture_rules, nurture_plan
from sdr_desk.core.entities import NurtureEnrolment
from sdr_desk.desk import Changes, Desk
from sdr_desk.gui import formatting
from sdr_desk.gui.tasks import TaskFailed, TaskRunner

Index = QModelIndex | QPersistentModelIndex
DAY, DATE, CHANNEL, BY, STATE = range(5)


@dataclass(frozen=True)
class NurtureView:
    """What the tab shows for one lead, read in one go on the worker."""

    lead_id: str
    enrolment: NurtureEnrolment | None  # the open one, else the latest
    plan: tuple[PlannedTouch, ...]


def load_nurture(desk: Desk, lead_id: str, now: datetime) -> NurtureView:
    enrolments = desk.work.enrolments(lead_id)
    current = next((e for e in enrolments if e.ended_at is None), enrolments[-1] if enrolments else None)
    return NurtureView(lead_id, current, nurture_plan(current, now) if current else ())


def _tr(text: str) -> str:
    return QCoreApplication.translate("NurturePanel", text)


def _lang() -> str:
    return "zh_CN" if QLocale().name() == "zh_CN" else "en"


def _state_label(state: TouchState) -> str:
    return {
        TouchState.DONE: _tr("Done"),
        TouchState.NEXT: _tr("Your next touch"),
        TouchState.DUE: _tr("Due"),
        TouchState.LATER: _tr("Later"),
    }[state]


def _when(moment: datetime) -> str:
    return QLocale().toString(QDateTime(moment.astimezone()).date(), QLocale.FormatType.ShortFormat)


class NurturePlanModel(QAbstractTableModel):
    """One row per touch of the track (a few dozen at most)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan: tuple[PlannedTouch, ...] = ()

    def set_plan(self, plan: Sequence[PlannedTouch]) -> None:
        self.beginResetModel()
        self._plan = tuple(plan)
        self.endResetModel()

    def plan(self) -> tuple[PlannedTouch, ...]:
        return self._plan

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plan)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_tr("Day"), _tr("Date"), _tr("Channel"), _tr("By"), _tr("Status"))[section] if 0 <= section < 5 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._plan):
            return None
        planned = self._plan[index.row()]
        t = planned.touch
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == DAY:
                return str(t.touch.day)
            if column == DATE:
                return _when(t.due_at)
            if column == CHANNEL:
                return formatting.channel_label(t.touch.channel)
            if column == BY:
                return _tr("Automation") if t.touch.mode is TouchMode.AUTOMATED else _tr("You")
            if column == STATE:
                return _state_label(planned.state)
        if role == Qt.ItemDataRole.ToolTipRole and t.touch.purpose is not None:
            return t.touch.purpose.get(_lang())
        if role == Qt.ItemDataRole.ForegroundRole and planned.state is TouchState.DONE:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        return None


class NurturePanel(QWidget):
    """A side tab: the lead's nurture track, step by step."""

    def __init__(self, runner: TaskRunner, desk_of: Callable[[], Desk],
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nurturePanel")
        self._runner = runner
        self._desk_of = desk_of
        self._clock = clock
        self._serial = 0
        self.lead_id = ""
        self.shown: NurtureView | None = None
        self.model = NurturePlanModel(self)
        self.summary = QLabel(self, objectName="nurtureSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.view = QTableView(self, objectName="nurtureView")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.setShowGrid(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._retranslate()

    def show_lead(self, lead_id: str) -> None:
        self.lead_id = lead_id
        self.refresh()

    def follow(self, changes: Changes) -> None:
        if changes.touches_lead(self.lead_id):
            self.refresh()

    def refresh(self) -> None:
        self._serial += 1
        serial, lead_id = self._serial, self.lead_id
        if not lead_id:
            self._arrived(serial, None)
            return
        desk, now = self._desk_of(), self._clock()
        self._runner.run(lambda: load_nurture(desk, lead_id, now), lambda view: self._arrived(serial, view),
                         self._failed, owner=self)

    def _arrived(self, serial: int, view: NurtureView | None) -> None:
        if serial != self._serial:
            return  # the selection moved on
        self.shown = view
        self.model.set_plan(view.plan if view else ())
        self._show_summary()

    def _failed(self, failure: TaskFailed) -> None:
        self.model.set_plan(())
        self.summary.setText(_tr("Could not read the nurture track: %1").replace("%1", str(failure.error)))

    def _show_summary(self) -> None:
        view = self.shown
        if not self.lead_id:
            self.summary.setText(_tr("Select a lead to see its nurture track."))
            return
        if view is None or view.enrolment is None:
            self.summary.setText(_tr("Not in nurture. Disqualifying a lead or putting it off enrols it in a track."))
            return
        e = view.enrolment
        track = default_nurture_rules().track(e.track).label.get(_lang())
        if e.ended_at is not None:
            self.summary.setText(_tr("Track %1 ended on %2.").replace("%1", track).replace("%2", _when(e.ended_at)))
            return
        mine = next((p.touch for p in view.plan if p.state is TouchState.NEXT), None)
        done = sum(1 for p in view.plan if p.state is TouchState.DONE)
        line = _tr("Track %1: %2 of %3 touches done.").replace("%1", track).replace("%2", str(done)).replace(
            "%3", str(len(view.plan)))
        if mine is None:
            line += " " + _tr("The rest are automated sends: nothing for you to do.")
        else:
            line += " " + _tr("Your next touch: %1 on %2.").replace("%1", formatting.channel_label(mine.touch.channel)).replace(
                "%2", _when(mine.due_at))
        self.summary.setText(line)

    def _retranslate(self) -> None:
        self.setWindowTitle(_tr("Nurture"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self.model.layoutChanged.emit()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


def install_nurture(window: Any) -> NurturePanel:
    """The Nurture tab beside the lead card: follows the selection and the desk's changes."""
    panel = NurturePanel(window.runner, lambda: window.desk, lambda: window.clock(), window)
    window.add_side_panel(panel)
    window.selected_lead_changed.connect(panel.show_lead)
    window.ops.changed.connect(panel.follow)
    panel.show_lead(window.current_lead_id() or "")
    return panel
