"""Item models of the account view: its contacts, its activity timeline, research search hits.

Each holds plain rows handed over from the worker thread (store.research) and never touches
the database itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from sdr_desk.core.entities import BuyerRoleEntry, Verdict
from sdr_desk.core.research import Template
from sdr_desk.gui import formatting
from sdr_desk.gui.views.buyer_map import role_label, stance_label
from sdr_desk.store.research import ContactLine, NoteHit, TimelineEntry

CONTEXT = "ResearchModels"
LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ACCOUNT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def verdict_label(verdict: Verdict | None) -> str:
    labels = {
        None: _tr("Not qualified yet"),
        Verdict.QUALIFIED: _tr("Qualified"),
        Verdict.NOT_QUALIFIED: _tr("Not qualified"),
        Verdict.INCOMPLETE: _tr("Qualification open"),
    }
    return labels[verdict]


class ContactColumn(IntEnum):
    NAME = 0
    TITLE = 1
    ROLE = 2
    STANCE = 3
    REACHED = 4
    LAST_TOUCH = 5
    STAGE = 6
    QUALIFICATION = 7
    MATCH = 8


class ContactsModel(QAbstractTableModel):
    """The account's contacts: role on the committee, last touch, stage, latest verdict."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[ContactLine] = []
        self._scores: dict[str, float] = {}

    def set_contacts(self, rows: Sequence[ContactLine], scores: Mapping[str, float] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._scores = dict(scores or {})
        self.endResetModel()

    def update_entry(self, entry: BuyerRoleEntry) -> None:
        """A role edited on the map: show it at once."""
        for row, line in enumerate(self._rows):
            if line.lead.id == entry.lead_id:
                self._rows[row] = ContactLine(line.lead, entry, line.step, line.last_touch_at, line.verdict, line.framework, line.reason)
                self.dataChanged.emit(self.index(row, ContactColumn.ROLE), self.index(row, ContactColumn.STANCE))
                return

    def contact(self, row: int) -> ContactLine:
        return self._rows[row]

    def row_of(self, lead_id: str) -> int:
        return next((i for i, line in enumerate(self._rows) if line.lead.id == lead_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ContactColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < len(ContactColumn):
            return None
        return {
            ContactColumn.NAME: _tr("Contact"),
            ContactColumn.TITLE: _tr("Title"),
            ContactColumn.ROLE: _tr("Buyer role"),
            ContactColumn.STANCE: _tr("Stance"),
            ContactColumn.REACHED: _tr("Furthest step"),
            ContactColumn.LAST_TOUCH: _tr("Last touch"),
            ContactColumn.STAGE: _tr("Stage"),
            ContactColumn.QUALIFICATION: _tr("Qualification"),
            ContactColumn.MATCH: _tr("Profile match"),
        }[ContactColumn(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        line = self._rows[index.row()]
        if role == LEAD_ID_ROLE:
            return line.lead.id
        if role == Qt.ItemDataRole.DisplayRole:
            column = ContactColumn(index.column())
            if column is ContactColumn.NAME:
                return line.lead.full_name
            if column is ContactColumn.TITLE:
                return line.lead.title or ""
            if column is ContactColumn.ROLE:
                return role_label(line.entry.role)
            if column is ContactColumn.STANCE:
                return stance_label(line.entry.stance)
            if column is ContactColumn.REACHED:
                return formatting.step_label(line.step)
            if column is ContactColumn.LAST_TOUCH:
                return formatting.date_time(line.last_touch_at)
            if column is ContactColumn.STAGE:
                return formatting.stage_label(line.lead.stage)
            if column is ContactColumn.QUALIFICATION:
                return verdict_label(line.verdict)
            score = self._scores.get(line.lead.id)
            return "" if score is None else f"{score:.0f}%"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == ContactColumn.MATCH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class TimelineColumn(IntEnum):
    WHEN = 0
    CONTACT = 1
    CHANNEL = 2
    OUTCOME = 3
    STEP = 4
    NOTES = 5


class TimelineModel(QAbstractTableModel):
    """Every touch on the account's contacts, newest first; withdrawn entries struck through."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._rows: list[TimelineEntry] = []

    def set_timeline(self, rows: Sequence[TimelineEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(TimelineColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < len(TimelineColumn):
            return None
        return {
            TimelineColumn.WHEN: _tr("When"),
            TimelineColumn.CONTACT: _tr("Contact"),
            TimelineColumn.CHANNEL: _tr("Channel"),
            TimelineColumn.OUTCOME: _tr("Outcome"),
            TimelineColumn.STEP: _tr("Step"),
            TimelineColumn.NOTES: _tr("Notes"),
        }[TimelineColumn(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        activity = entry.activity
        if role == LEAD_ID_ROLE:
            return activity.lead_id
        if role == Qt.ItemDataRole.DisplayRole:
            column = TimelineColumn(index.column())
            if column is TimelineColumn.WHEN:
                return formatting.date_time(activity.occurred_at)
            if column is TimelineColumn.CONTACT:
                return entry.contact
            if column is TimelineColumn.CHANNEL:
                return formatting.channel_label(activity.channel)
            if column is TimelineColumn.OUTCOME:
                return formatting.outcome_label(activity.outcome)
            if column is TimelineColumn.STEP:
                return formatting.step_label(activity.step)
            return (activity.notes or "").replace("\n", " ")
        if role == Qt.ItemDataRole.FontRole and entry.superseded:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and entry.superseded:
            return _tr("Withdrawn by a later correction")
        return None


class NoteHitsModel(QAbstractListModel):
    """Research search results: where the note sits and the text around the match."""

    def __init__(self, templates: Mapping[object, Template], locale: str = "en", parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._templates = templates
        self._locale = locale
        self._hits: list[NoteHit] = []

    def set_locale(self, locale: str) -> None:
        self._locale = locale
        if self._hits:
            self.dataChanged.emit(self.index(0), self.index(len(self._hits) - 1))

    def set_hits(self, hits: Sequence[NoteHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> NoteHit:
        return self._hits[row]

    def place(self, hit: NoteHit) -> str:
        """"Account · T1 · Section · Field", in the rep's language where the template has it."""
        template = self._templates.get(hit.template)
        section = template.section(hit.section) if template else None
        spec = section.field(hit.field) if section else None
        parts = [
            hit.account_name,
            hit.template.value,
            section.label.text(self._locale) if section else hit.section,
            spec.label.text(self._locale) if spec else hit.field,
        ]
        return " · ".join(parts)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            pin = "📌 " if hit.pinned else ""
            return f"{pin}{self.place(hit)}\n{hit.snippet.strip()}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.place(hit)
        if role == NOTE_ID_ROLE:
            return hit.note_id
        if role == ACCOUNT_ID_ROLE:
            return hit.account_id
        if role == LEAD_ID_ROLE:
            return hit.lead_id
        return None
