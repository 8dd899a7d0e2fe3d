"""The account view: who the account is, its contacts and committee, its timeline, its
research, and a search over every research note.

Everything is read and written through store.research.AccountResearch on the background
runner (gui/tasks.py); this widget only shows what comes back. Answers that arrive after the
rep has moved on to another account are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.core.buyer_map import CommitteeError, ContactFacts, IdealProfile, load_ideal_profile, match_contact
from sdr_desk.core.clock import utc_now
from sdr_desk.core.entities import Account, BuyerRoleEntry, ResearchNote, Tier
from sdr_desk.core.research import NoteRejected, Template, history_notes
from sdr_desk.gui.desk import DeskOps
from sdr_desk.gui.models.research_models import (
    LEAD_ID_ROLE,
    ContactColumn,
    ContactsModel,
    NoteHitsModel,
    TimelineModel,
)
from sdr_desk.gui.tasks import TaskFailed, TaskRunner
from sdr_desk.gui.views.buyer_map import BuyerMapView
from sdr_desk.gui.views.research_panel import InsightEditor
from sdr_desk.store.research import AccountFile, AccountResearch, NoteHit

CONTEXT = "AccountView"
SEARCH_DELAY_MS = 60  # coalesce a burst of keys; each pause still answers at once


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@dataclass
class AccountPage:
    """The account file plus what is worked out from it off the UI thread."""

    file: AccountFile
    profile_scores: dict[str, float] = field(default_factory=dict)


class _ProfileHolder:
    """The ideal buyer profile, read once, on the worker."""

    def __init__(self) -> None:
        self.profile: IdealProfile | None = None

    def get(self) -> IdealProfile:
        if self.profile is None:
            self.profile = load_ideal_profile()
        return self.profile


def load_account_page(research: AccountResearch, account_id: str, profile: IdealProfile | None) -> AccountPage:
    """Runs on the worker: the account file and every contact's ideal-profile match."""
    file = research.open_account(account_id)
    scores: dict[str, float] = {}
    if profile is not None:
        about: dict[str, list[str]] = {}
        for note in file.notes:
            if note.lead_id:
                about.setdefault(note.lead_id, []).append(note.text)
        for line in file.contacts:
            facts = ContactFacts(notes="\n".join(about.get(line.lead.id, ())))
            scores[line.lead.id] = float(match_contact(profile, line.lead, facts, line.entry.role).score)
    return AccountPage(file, scores)


def firmographics(account: Account) -> str:
    parts = [account.industry or ""]
    if account.employees:
        parts.append(_tr("%1 employees").replace("%1", QLocale().toString(account.employees)))
    parts.append(" / ".join(p for p in (account.country, account.region) if p))
    parts.append(account.domain or "")
    if account.is_customer:
        parts.append(_tr("Existing customer"))
    return " · ".join(p for p in parts if p)


class AccountView(QWidget):
    """One account at a time; `open_account` / `open_lead` load it on the worker."""

    accountOpened = Signal(str)  # account id, once shown
    leadActivated = Signal(str)  # a contact or touch picked (Enter / double-click)
    pinnedChanged = Signal(str)  # account id: its pinned insights changed (call card, hand-off)
    addContactRequested = Signal(str)  # account id: the map asked for a new contact

    def __init__(
        self,
        runner: TaskRunner,
        research: AccountResearch,
        clock: Callable[[], datetime] = utc_now,
        parent: QWidget | None = None,
        ops: DeskOps | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.research = research
        self.ops = ops  # in the window, writes go through the desk so the call card and queue follow
        self.clock = clock
        self.page: AccountPage | None = None
        self.map: BuyerMapView | None = None
        self._serial = 0
        self._search_serial = 0
        self._profile = _ProfileHolder()
        self._pending_focus: NoteHit | None = None

        # search over every research note
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self.this_account_only = QCheckBox(self)
        self.hits_model = NoteHitsModel(research.templates, QLocale().name(), self)
        self.hits_view = QListView(self)
        self.hits_view.setModel(self.hits_model)
        self.hits_view.setWordWrap(True)
        self.hits_view.setUniformItemSizes(False)
        self.hits_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hits_view.activated.connect(self._hit_activated)
        self.hits_view.hide()
        self.no_hits = QLabel(self)
        self.no_hits.hide()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.this_account_only.toggled.connect(lambda _on: self.run_search())

        # who the account is
        self.name_label = QLabel(self)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.firmo_label = QLabel(self)
        self.firmo_label.setWordWrap(True)
        self.tier_label = QLabel(self)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #c62828;")
        self.notice.hide()

        # the tabs
        self.tabs = QTabWidget(self)
        self.editor = InsightEditor(research.templates, clock, QLocale().name(), self)
        self.editor.saveRequested.connect(self._save_note)
        self.editor.pinRequested.connect(self._set_pinned)
        self.contacts_model = ContactsModel(self)
        self.contacts_view = self._table(self.contacts_model)
        self.timeline_model = TimelineModel(self)
        self.timeline_view = self._table(self.timeline_model)
        self.map_page = QWidget(self)
        self._map_layout = QVBoxLayout(self.map_page)
        self.map_placeholder = QLabel(self.map_page)
        self._map_layout.addWidget(self.map_placeholder)
        self.tabs.addTab(self.editor, "")
        self.tabs.addTab(self.contacts_view, "")
        self.tabs.addTab(self.map_page, "")
        self.tabs.addTab(self.timeline_view, "")

        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.this_account_only)
        layout.addLayout(search_row)
        layout.addWidget(self.no_hits)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.hits_view)
        body = QWidget(splitter)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.name_label)
        body_layout.addWidget(self.firmo_label)
        body_layout.addWidget(self.tier_label)
        body_layout.addWidget(self.notice)
        body_layout.addWidget(self.tabs, 1)
        splitter.addWidget(body)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self._retranslate()

    # --- opening ----------------------------------------------------------------------------------

    def account_id(self) -> str | None:
        return self.page.file.account.id if self.page else None

    def open_account(self, account_id: str) -> None:
        self._serial += 1
        serial = self._serial
        research, holder = self.research, self._profile
        self.runner.run(
            lambda: load_account_page(research, account_id, holder.get()),
            lambda page: self._page_arrived(serial, page),
            lambda failure: self._page_failed(serial, failure),
            owner=self,
        )

    def open_lead(self, lead_id: str) -> None:
        """The account of a lead (the main window's selected lead); "" is ignored.

        Another contact of the account already open only moves the selection, so an insight
        being typed is not thrown away by a click in the queue.
        """
        if not lead_id:
            return
        self._serial += 1
        serial = self._serial
        research, holder, showing = self.research, self._profile, self.account_id()

        def load() -> AccountPage | str | None:
            account_id = research.account_of(lead_id)
            if account_id is not None and account_id == showing:
                return lead_id
            return None if account_id is None else load_account_page(research, account_id, holder.get())

        def arrived(answer: AccountPage | str | None) -> None:
            if isinstance(answer, str):
                if serial == self._serial:
                    self.select_contact(answer)
                return
            self._page_arrived(serial, answer)
            if serial == self._serial and answer is not None:
                self.select_contact(lead_id)

        self.runner.run(load, arrived, lambda f: self._page_failed(serial, f), owner=self)

    def select_contact(self, lead_id: str) -> None:
        """Show a contact as the current one in the contacts table and on the map."""
        row = self.contacts_model.row_of(lead_id)
        if row >= 0:
            self.contacts_view.selectRow(row)
        if self.map is not None:
            self.map.select_contact(lead_id)

    def reload(self) -> None:
        if self.page is not None:
            self.open_account(self.page.file.account.id)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # --- search -------------------------------------------------------------------------------------

    def run_search(self) -> None:
        query = self.search_edit.text()
        self._search_serial += 1
        serial = self._search_serial
        if not query.strip():
            self.hits_model.set_hits([])
            self.hits_view.hide()
            self.no_hits.hide()
            return
        account = self.account_id() if self.this_account_only.isChecked() else None
        research = self.research
        self.runner.run(
            lambda: research.search(query, account_id=account),
            lambda hits: self._hits_arrived(serial, hits),
            lambda failure: self._show_notice(_tr("Search failed: %1").replace("%1", str(failure.error))),
            owner=self,
        )

    def _hits_arrived(self, serial: int, hits: list[NoteHit]) -> None:
        if serial != self._search_serial:
            return  # the rep typed on: a newer answer is coming
        self.hits_model.set_hits(hits)
        self.hits_view.setVisible(bool(hits))
        self.no_hits.setVisible(not hits)

    def _hit_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.hits_model.hit(index.row())
        if hit.account_id == self.account_id():
            self._focus_hit(hit)
        else:
            self._pending_focus = hit
            self.open_account(hit.account_id)

    def _focus_hit(self, hit: NoteHit) -> None:
        self.tabs.setCurrentWidget(self.editor)
        self.editor.focus_note(hit.template, hit.section, hit.field, hit.lead_id)

    # --- loading answers ------------------------------------------------------------------------------

    def _page_arrived(self, serial: int, page: AccountPage | None) -> None:
        if serial != self._serial:
            return
        if page is None:
            self._show_notice(_tr("This lead has no account yet."))
            return
        self.page = page
        file = page.file
        account = file.account
        self.notice.hide()
        self.name_label.setText(account.name)
        self.firmo_label.setText(firmographics(account))
        self._show_tier(account)
        self.contacts_model.set_contacts(file.contacts, page.profile_scores)
        self.timeline_model.set_timeline(file.timeline)
        contacts = [c.lead for c in file.contacts]
        activities = file.activities
        self.editor.load(
            account.id,
            account.tier,
            file.notes,
            contacts,
            lambda template: history_notes(template, account.id, activities),
        )
        if self.map is None:
            self.map = BuyerMapView(file.committee, self.research.committee_rules, page.profile_scores, self.map_page)
            self.map.entryChanged.connect(self._save_role)
            self.map.editRefused.connect(self._show_notice)
            self.map.addContactRequested.connect(lambda: self.addContactRequested.emit(self.account_id() or ""))
            self.map_placeholder.hide()
            self._map_layout.addWidget(self.map, 1)
        else:
            self.map.set_committee(file.committee)
            self.map.set_profile_scores(page.profile_scores)
        if self._pending_focus is not None and self._pending_focus.account_id == account.id:
            hit, self._pending_focus = self._pending_focus, None
            self._focus_hit(hit)
        self.accountOpened.emit(account.id)

    def _page_failed(self, serial: int, failure: TaskFailed) -> None:
        if serial == self._serial:
            self._show_notice(_tr("Could not open the account: %1").replace("%1", str(failure.error)))

    # --- writes ----------------------------------------------------------------------------------------

    def _write(self, use_case: str, *args: object, on_success: Callable[[Any], None],
               on_failure: Callable[[TaskFailed], None]) -> None:
        """A research write: through the desk when in the window (every view hears of it), else
        straight to the store. The desk's research use cases carry the store's names."""
        if self.ops is not None:
            self.ops.apply(lambda desk: getattr(desk, use_case)(*args), on_success, on_failure, owner=self)
        else:
            research = self.research
            self.runner.run(lambda: getattr(research, use_case)(*args), on_success, on_failure, owner=self)

    def _save_note(self, note: ResearchNote) -> None:
        self._write("save_note", note, on_success=self._note_saved, on_failure=lambda failure: self._note_failed(note, failure))

    def _note_saved(self, note: ResearchNote) -> None:
        if note.account_id != self.account_id():
            return
        before = next((n for n in self.editor.notes() if n.id == note.id), None)
        self.editor.note_saved(note)
        if note.pinned or (before is not None and before.pinned):
            self.pinnedChanged.emit(note.account_id)

    def _note_failed(self, note: ResearchNote, failure: TaskFailed) -> None:
        editor = self.editor.editor_for(note)
        if editor is None:
            self._show_notice(_tr("Could not save the insight: %1").replace("%1", str(failure.error)))
        elif isinstance(failure.error, NoteRejected):
            editor.show_refusal(failure.error.issues)
        elif isinstance(failure.error, CommitteeError):
            editor.show_error(_tr("Refused: that contact belongs to another account."))
        else:
            editor.show_error(_tr("Could not save the insight: %1").replace("%1", str(failure.error)))

    def _set_pinned(self, note_id: str, pinned: bool) -> None:
        def saved(note: ResearchNote) -> None:
            if note.account_id == self.account_id():
                self.editor.note_saved(note)
            self.pinnedChanged.emit(note.account_id)

        self._write("set_pinned", note_id, pinned, on_success=saved, on_failure=lambda failure: self._show_notice(
            _tr("Could not pin the insight: %1").replace("%1", str(failure.error))))

    def _save_role(self, entry: BuyerRoleEntry) -> None:
        self.contacts_model.update_entry(entry)
        self._write("save_role", entry, on_success=self._role_saved, on_failure=self._role_failed)

    def _role_saved(self, entry: BuyerRoleEntry) -> None:
        if entry.account_id == self.account_id():
            self.contacts_model.update_entry(entry)

    def _role_failed(self, failure: TaskFailed) -> None:
        # The cache said no (another edit got there first): show why and reload what is stored.
        if isinstance(failure.error, CommitteeError):
            self._show_notice(_tr("The buyer role was not saved: %1").replace("%1", failure.error.reason))
        else:
            self._show_notice(_tr("The buyer role was not saved: %1").replace("%1", str(failure.error)))
        self.reload()

    # --- internals --------------------------------------------------------------------------------------

    def _table(self, model) -> QTableView:  # noqa: ANN001
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        view.activated.connect(lambda index: self._row_activated(index))
        return view

    def _row_activated(self, index: QModelIndex) -> None:
        lead_id = index.data(LEAD_ID_ROLE)
        if lead_id:
            self.leadActivated.emit(lead_id)

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _show_tier(self, account: Account) -> None:
        template: Template = self.research.templates[account.tier]
        self.tier_label.setText(
            _tr("Tier %1 (%2) · Grade %3")
            .replace("%1", account.tier.value)
            .replace("%2", template.label.text(QLocale().name()))
            .replace("%3", account.grade.value)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes to the results, as in the queue's search.
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.hits_model.rowCount() > 0:
                self.hits_view.setFocus(Qt.FocusReason.TabFocusReason)
                self.hits_view.setCurrentIndex(self.hits_model.index(0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._search_timer.stop()
                self.run_search()
                return True
        return super().eventFilter(watched, event)

    def _retranslate(self) -> None:
        self.setWindowTitle(_tr("Account"))
        self.search_edit.setPlaceholderText(_tr("Search research notes (any language)…"))
        self.search_edit.setAccessibleName(_tr("Search research notes"))
        self.this_account_only.setText(_tr("This account only"))
        self.no_hits.setText(_tr("No research note matches."))
        self.map_placeholder.setText(_tr("Open an account to see its buying committee."))
        self.tabs.setTabText(0, _tr("Insights"))
        self.tabs.setTabText(1, _tr("Contacts"))
        self.tabs.setTabText(2, _tr("Buyer map"))
        self.tabs.setTabText(3, _tr("Timeline"))
        if self.page is None:
            self.name_label.setText(_tr("No account open"))
        else:
            self.firmo_label.setText(firmographics(self.page.file.account))
            self._show_tier(self.page.file.account)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            language = QLocale().name()
            self.editor.set_locale(language)
            self.hits_model.set_locale(language)
            for model in (self.contacts_model, self.timeline_model):
                model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        super().changeEvent(event)


__all__ = ["AccountPage", "AccountView", "firmographics", "load_account_page"]
