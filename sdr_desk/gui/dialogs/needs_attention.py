"""Changes the server refused ("needs attention"): the reason, then edit and retry, or discard.

Nothing refused is dropped silently: discarding asks first. The list and the actions go
through the sync controller, which runs them on the sync thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.gui import formatting
from sdr_desk.gui.sync_controller import RejectedOp


class RejectedSource(Protocol):
    def load_rejected(self, done: Callable[[list[RejectedOp]], None]) -> None: ...

    def retry_rejected(self, op_id: str, fields: dict[str, Any] | None, done: Callable[[], None]) -> None: ...

    def discard_rejected(self, op_id: str, done: Callable[[], None]) -> None: ...


class Column(IntEnum):
    CHANGE = 0
    RECORD = 1
    REASON = 2
    WHEN = 3


class RejectedOpsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops: list[RejectedOp] = []

    def set_ops(self, ops: list[RejectedOp]) -> None:
        self.beginResetModel()
        self._ops = list(ops)
        self.endResetModel()

    def op(self, row: int) -> RejectedOp | None:
        return self._ops[row] if 0 <= row < len(self._ops) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ops)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        op = self._ops[index.row()]
        column = index.column()
        if column == Column.CHANGE:
            return f"{op.entity} · {op.kind}"
        if column == Column.RECORD:
            return str(op.fields.get("full_name") or op.fields.get("name") or op.entity_id)
        if column == Column.REASON:
            return op.reason
        if column == Column.WHEN:
            return formatting.date_time(op.created_at)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            Column.CHANGE: self.tr("Change"),
            Column.RECORD: self.tr("Record"),
            Column.REASON: self.tr("Why the server refused it"),
            Column.WHEN: self.tr("Made at"),
        }
        return titles.get(Column(section)) if 0 <= section < len(Column) else None


class NeedsAttentionDialog(QDialog):
    def __init__(self, source: RejectedSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsAttentionDialog")
        self._source = source
        self.confirm: QMessageBox | None = None
        self.model = RejectedOpsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show(current.row()))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.fields_label = QLabel(self)
        self.fields_edit = QPlainTextEdit(self)
        self.fields_edit.setObjectName("fieldsEdit")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("retryButton")
        self.discard_button = QPushButton(self)
        self.discard_button.setObjectName("discardButton")
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.rejected.connect(self.reject)
        self.retry_button.clicked.connect(self._retry)
        self.discard_button.clicked.connect(self._ask_discard)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.view, self.fields_label, self.fields_edit, self.error_label, self.buttons):
            layout.addWidget(widget)
        self.resize(760, 480)
        self._retranslate()
        self._show(-1)

    def reload(self) -> None:
        self._source.load_rejected(self._loaded)

    def _loaded(self, ops: list[RejectedOp]) -> None:
        keep = self._current()
        self.model.set_ops(ops)
        rows = [i for i, op in enumerate(ops) if keep and op.op_id == keep.op_id] or ([0] if ops else [])
        if rows:
            self.view.selectRow(rows[0])
        else:
            self._show(-1)

    def _current(self) -> RejectedOp | None:
        return self.model.op(self.view.currentIndex().row())

    def _show(self, row: int) -> None:
        op = self.model.op(row)
        self.fields_edit.setPlainText(json.dumps(op.fields, indent=2, ensure_ascii=False, sort_keys=True) if op else "")
        for widget in (self.fields_edit, self.retry_button, self.discard_button):
            widget.setEnabled(op is not None)
        self.error_label.hide()

    def _retry(self) -> None:
        op = self._current()
        if op is None:
            return
        try:
            fields = json.loads(self.fields_edit.toPlainText())
        except ValueError as exc:
            fields, problem = None, str(exc)
        else:
            problem = "" if isinstance(fields, dict) else self.tr("expected an object of field names and values")
        if problem or fields is None:
            self.error_label.setText(self.tr("The fields are not valid: %1").replace("%1", problem))
            self.error_label.show()
            return
        self._source.retry_rejected(op.op_id, fields if fields != op.fields else None, self.reload)

    def _ask_discard(self) -> None:
        op = self._current()
        if op is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Discard this change?"),
                          self.tr("The change is undone on this computer and never reaches the server."), parent=self)
        box.setInformativeText(op.reason)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        op_id = op.op_id
        box.finished.connect(lambda _result: self._confirmed(box.clickedButton() is discard, op_id))
        self.confirm = box
        box.open()  # not exec(): the event loop, and the sync, keep running while it is up

    def _confirmed(self, discard: bool, op_id: str) -> None:
        self.confirm = None
        if discard:
            self._source.discard_rejected(op_id, self.reload)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Needs attention"))
        self.intro.setText(self.tr("The server refused these changes. Fix a change and retry it, or discard it."))
        self.fields_label.setText(self.tr("Fields of the selected change:"))
        self.retry_button.setText(self.tr("&Retry"))
        self.discard_button.setText(self.tr("&Discard…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
