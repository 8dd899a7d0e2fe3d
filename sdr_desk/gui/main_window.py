"""The workstation's main window: the call queue, the selected lead, menus and sync status.

Later capabilities plug in here without reshaping it:
- side panels (research, "why here?") go in as tabs beside the lead card: `add_side_panel`;
- a call session follows `selected_lead_changed`, drives the queue with `select_lead` and
  `refresh_queue`, and marks changed leads with `queue_model.invalidate`;
- a sync controller drives `sync_status` and calls `refresh_pending` after each round.
The window holds no rules: ranking comes from the store's CallQueue, on the worker thread.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QMainWindow, QMessageBox, QWidget

from sdr_desk import __version__
from sdr_desk.core.entities import Direction, Grade, LeadSource, Stage, Tier
from sdr_desk.gui import formatting, i18n
from sdr_desk.desk import Change, Changes, Desk
from sdr_desk.gui.desk import DeskOps
from sdr_desk.gui.forms.ui_main_window import Ui_MainWindow
from sdr_desk.gui.models.queue_model import Column, QueueModel, RowsLoaded
from sdr_desk.gui.settings import Settings
from sdr_desk.gui.tasks import TaskFailed, TaskRunner
from sdr_desk.gui.views.lead_detail import LeadDetail, LeadDetailPane, load_lead_detail
from sdr_desk.gui.views.status import SyncStatus
from sdr_desk.store.queue import CLOSED_STAGES, QueueFilter, Ranking

log = logging.getLogger(__name__)

CLOCK_TICK_MS = 30_000  # local times and SLA countdowns move by the minute
RERANK_MS = 60_000  # time moves the order too: deadlines pass, calling hours open and close
SCORE_RERANK_MS = 1_000  # new scores arriving chunk by chunk are ranked together
SEARCH_DELAY_MS = 150  # answer as the rep types, without re-ranking on every key
DETAIL_DELAY_MS = 40  # holding an arrow key loads only the lead the rep stops on
# In average characters, so the columns fit the same text under any font size or language.
_DEFAULT_WIDTHS = {
    Column.PRIORITY: 9,
    Column.NAME: 21,
    Column.TITLE: 21,
    Column.COMPANY: 28,
    Column.LOCAL_TIME: 13,
    Column.STAGE: 10,
    Column.SCORE: 7,
    Column.SLA: 16,
}


class MainWindow(QMainWindow):
    selected_lead_changed = Signal(str)  # "" when nothing is selected
    queue_loaded = Signal(int)  # number of leads in the new ranking
    queue_shown = Signal()  # once: the first ranking's top rows are on screen (or the queue is empty)

    def __init__(
        self,
        desk: Desk,
        runner: TaskRunner,
        settings: Settings,
        translations: i18n.Translations,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.runner = runner
        # Every write goes through here; every view follows `ops.changed`.
        self.ops = DeskOps(runner, desk, self)
        self.ops.changed.connect(self._desk_changed)
        self.settings = settings
        self.translations = translations
        self.clock = clock
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._rank_serial = 0
        self._ranked_once = False
        self._detail_serial = 0

        self.queue_model = QueueModel(self._load_rows, clock, self)
        view = self.ui.queueView
        view.setModel(self.queue_model)
        view.setTabKeyNavigation(False)
        header = view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        char = view.fontMetrics().averageCharWidth()
        for column, width in _DEFAULT_WIDTHS.items():
            header.resizeSection(column, width * char)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self._shown = False
        self.queue_model.dataChanged.connect(self._rows_arrived)
        # Search texts are read once the queue is on screen, so the first keystroke is fast too.
        self.queue_shown.connect(
            lambda: self.runner.run(self.desk.queue.prepare_search, None, self._background_failed, owner=self)
        )
        view.activated.connect(self._open_detail)

        self.detail_pane = LeadDetailPane(self.ui.detailTab)
        self.detail_pane.clock = clock
        self.ui.detailLayout.addWidget(self.detail_pane)
        self.detail_pane.installEventFilter(self)
        self.ui.searchEdit.installEventFilter(self)
        self.ui.splitter.setStretchFactor(0, 1)  # extra width goes to the queue
        self.ui.splitter.setStretchFactor(1, 0)
        queue_width = sum(_DEFAULT_WIDTHS.values()) * char + 30
        self.ui.splitter.setSizes([queue_width, 400])

        self.sync_status = SyncStatus(self.ui.statusbar)
        # A demo book is practice: the window says so wherever the rep looks.
        self.practice_label = QLabel(self.ui.statusbar)
        self.practice_label.setObjectName("practiceLabel")
        self.ui.statusbar.addPermanentWidget(self.practice_label)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh_queue)
        self.ui.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self._detail_timer = QTimer(self, singleShot=True, interval=DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._load_detail)
        self._clock_timer = QTimer(self, interval=CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start()
        self._score_rerank = QTimer(self, singleShot=True, interval=SCORE_RERANK_MS)
        self._score_rerank.timeout.connect(self.refresh_queue)
        self._rerank_timer = QTimer(self, interval=RERANK_MS)
        self._rerank_timer.timeout.connect(self.refresh_queue)
        self._rerank_timer.start()
        self._build_filter_bar()

        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionFind.triggered.connect(self.focus_search)
        self.ui.actionShowQueue.triggered.connect(self.focus_queue)
        self.ui.actionShowDetail.triggered.connect(lambda: self._open_detail(view.currentIndex()))
        self.ui.actionAbout.triggered.connect(self._about)
        self._build_language_menu()
        self._restore_layout()
        self._retranslate()
        view.setFocus(Qt.FocusReason.OtherFocusReason)  # keyboard first: arrows work at once

    # --- extension points ----------------------------------------------------------------

    def start(self) -> None:
        """First load once the window is up: the queue, then the outbox counts."""
        self.refresh_queue()
        self.refresh_pending()

    def add_side_panel(self, panel: QWidget) -> int:
        """A tab beside the lead card; its title is the panel's windowTitle (kept in sync)."""
        index = self.ui.sideTabs.addTab(panel, panel.windowTitle())
        panel.installEventFilter(self)
        return index

    def current_lead_id(self) -> str | None:
        return self.queue_model.lead_id(self.ui.queueView.currentIndex().row())

    def select_lead(self, lead_id: str) -> bool:
        row = self.queue_model.row_of(lead_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def refresh_queue(self) -> None:
        """Re-rank now (after a search, a logged outcome, or when time moved)."""
        self._rank_serial += 1
        serial = self._rank_serial
        flt = self.queue_filter()
        callable_only = self.ui.callableCheck.isChecked()
        now = self.clock()
        queue = self.desk.queue
        self.runner.run(
            lambda: queue.rank(flt, now, callable_only=callable_only),
            lambda ranked: self._ranking_arrived(serial, ranked),
            self._background_failed,
            owner=self,
        )

    def _desk_changed(self, changes: Changes) -> None:
        """A use case (here, in a dialog, or a sync round) changed the book: follow it."""
        if changes.whole_book:
            self.queue_model.invalidate(list(self.queue_model.loaded_ids()))
        elif changes.leads:
            self.queue_model.invalidate(sorted(changes.leads))
        if changes.moves_queue:
            if changes.kinds <= {Change.SCORE}:
                self._score_rerank.start()  # a rescoring stores chunk after chunk: rank once they settle
            else:
                self.refresh_queue()
        if changes.outbox:
            self.refresh_pending()
        if changes.touches_lead(self.current_lead_id()):
            self._detail_timer.start()
        if changes.whole_book:
            self.show_practice()

    def queue_filter(self) -> QueueFilter:
        """What the filter bar and the search box ask for."""
        ui = self.ui
        return QueueFilter(
            direction=self._chosen(ui.directionCombo),
            stage=self._chosen(ui.stageCombo),
            tier=self._chosen(ui.tierCombo),
            grade=self._chosen(ui.gradeCombo),
            source=self._chosen(ui.sourceCombo),
            search=ui.searchEdit.text(),
        )

    def refresh_pending(self) -> None:
        self.runner.run(
            self.desk.outbox_counts,
            lambda counts: self.sync_status.set_pending(counts.pending, counts.rejected),
            self._background_failed,
            owner=self,
        )

    def focus_search(self) -> None:
        self.ui.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchEdit.selectAll()

    def focus_queue(self) -> None:
        view = self.ui.queueView
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and self.queue_model.rowCount():
            self._select_row(0)

    # --- queue ---------------------------------------------------------------------------

    def _load_rows(self, lead_ids: list[str], done: RowsLoaded) -> None:
        queue = self.desk.queue
        ids = list(lead_ids)
        self.runner.run(lambda: queue.rows(ids), done, self._background_failed, owner=self.queue_model)

    def _ranking_arrived(self, serial: int, ranked: Ranking) -> None:
        if serial != self._rank_serial:
            return  # the rep typed on; a newer ranking is on its way
        keep = self.current_lead_id()
        self._ranked_once = True
        self.queue_model.set_ranking(ranked)
        # The ranking lives until the next one. Freezing what is alive now keeps the cyclic
        # collector from walking it on each full pass (over a second, mid-scroll, at 100,000 leads).
        gc.freeze()
        self._show_count()
        row = self.queue_model.row_of(keep) if keep else None
        if row is None and ranked:
            row = 0
        if row is not None:
            self._select_row(row)
        else:
            self._current_row_changed(QModelIndex(), QModelIndex())
        self.queue_loaded.emit(len(ranked))
        if not ranked:
            self._announce_shown()

    def _rows_arrived(self, *_args: object) -> None:
        if self._ranked_once and self.queue_model.loaded(0) is not None:
            self._announce_shown()

    def _announce_shown(self) -> None:
        if not self._shown:
            self._shown = True
            self.queue_model.dataChanged.disconnect(self._rows_arrived)
            # After the paint those rows just asked for: whatever plugs in next waits behind it.
            QTimer.singleShot(0, self, self.queue_shown.emit)

    # --- filter bar ----------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        ui = self.ui
        choices = (
            (ui.directionCombo, tuple(Direction)),
            (ui.stageCombo, tuple(s for s in Stage if s not in CLOSED_STAGES)),  # closed ones never queue
            (ui.tierCombo, tuple(Tier)),
            (ui.gradeCombo, tuple(Grade)),
            (ui.sourceCombo, tuple(LeadSource)),
        )
        # Choices are kept here, not as item data: Qt would hand the enums back as plain strings.
        self._filter_choices: dict[QComboBox, tuple[Any, ...]] = {}
        for combo, values in choices:
            self._filter_choices[combo] = (None, *values)
            for _value in self._filter_choices[combo]:
                combo.addItem("")
            combo.currentIndexChanged.connect(lambda _index: self.refresh_queue())
        ui.callableCheck.toggled.connect(lambda _on: self.refresh_queue())

    def _retranslate_filter_bar(self) -> None:
        for combo, values in self._filter_choices.items():
            for i, value in enumerate(values):
                combo.setItemText(i, self.tr("All") if value is None else self._filter_label(value))

    def _chosen(self, combo: QComboBox) -> Any:
        values = self._filter_choices[combo]
        index = combo.currentIndex()
        return values[index] if 0 <= index < len(values) else None

    def set_filter(self, combo: QComboBox, value: object) -> None:
        """Choose a value in one of the filter bar's combos (None for "All")."""
        combo.setCurrentIndex(self._filter_choices[combo].index(value))

    def _filter_label(self, value: object) -> str:
        if isinstance(value, Direction):
            return formatting.direction_label(value)
        if isinstance(value, Stage):
            return formatting.stage_label(value)
        if isinstance(value, LeadSource):
            return formatting.source_label(value)
        if isinstance(value, Tier):
            return self.tr("Tier %1").replace("%1", value.value)
        if isinstance(value, Grade):
            return self.tr("Grade %1").replace("%1", value.value)
        return str(value)

    def _select_row(self, row: int) -> None:
        view = self.ui.queueView
        index = self.queue_model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        view.selectionModel().setCurrentIndex(index, flags)
        view.scrollTo(index)

    def _show_count(self) -> None:
        if not self._ranked_once:
            self.ui.queueCount.setText(self.tr("ranking…"))
            return
        count = self.queue_model.rowCount()
        self.ui.queueCount.setText(self.tr("%n lead(s)", "", count))

    def _tick(self) -> None:
        self.queue_model.tick()
        self.detail_pane.refresh()  # the prospect's clock on the card moves too
        self.refresh_pending()

    # --- lead detail ---------------------------------------------------------------------

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        lead_id = self.queue_model.lead_id(current.row()) if current.isValid() else None
        self.selected_lead_changed.emit(lead_id or "")
        if lead_id is None:
            self._detail_serial += 1
            self.detail_pane.show_detail(None)
        else:
            self._detail_timer.start()

    def _load_detail(self) -> None:
        lead_id = self.current_lead_id()
        if lead_id is None:
            return
        self._detail_serial += 1
        serial = self._detail_serial
        book = self.desk.book
        self.runner.run(
            lambda: load_lead_detail(book, lead_id),
            lambda detail: self._detail_arrived(serial, detail),
            self._background_failed,
            owner=self,
        )

    def _detail_arrived(self, serial: int, detail: LeadDetail) -> None:
        if serial == self._detail_serial:
            self.detail_pane.show_detail(detail)

    def _open_detail(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self.ui.sideTabs.setCurrentWidget(self.ui.detailTab)
        self.detail_pane.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowTitleChange and isinstance(watched, QWidget):
            index = self.ui.sideTabs.indexOf(watched)
            if index >= 0:
                self.ui.sideTabs.setTabText(index, watched.windowTitle())
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.ui.searchEdit and self._search_key(event):
                return True
            if watched is self.detail_pane and event.key() == Qt.Key.Key_Escape:
                self.focus_queue()
                return True
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focus_queue()
            return True
        if key == Qt.Key.Key_Escape:
            if self.ui.searchEdit.text():
                self.ui.searchEdit.clear()
            else:
                self.focus_queue()
            return True
        return False

    # --- language ------------------------------------------------------------------------

    def _build_language_menu(self) -> None:
        group = QActionGroup(self)
        group.setExclusive(True)
        self._language_actions: dict[str, QAction] = {}
        for code in ("", *i18n.SHIPPED):
            action = QAction(i18n.NATIVE_NAMES.get(code, ""), self, checkable=True)
            action.setData(code)
            action.setChecked(code == self.settings.language)
            group.addAction(action)
            self.ui.menuLanguage.addAction(action)
            self._language_actions[code] = action
            if code == "":
                self.ui.menuLanguage.addSeparator()
        if not any(a.isChecked() for a in self._language_actions.values()):
            self._language_actions[""].setChecked(True)
        group.triggered.connect(lambda action: self.choose_language(action.data()))

    def choose_language(self, code: str) -> None:
        """Switch now and remember the choice ("" follows the system)."""
        self.settings.language = code
        self.settings.sync()
        self.translations.apply(i18n.effective_language(code))
        self._language_actions.get(code, self._language_actions[""]).setChecked(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self._retranslate()
        super().changeEvent(event)

    def show_practice(self) -> None:
        """Title and status bar say whether this is a practice book (after a change, too)."""
        practice = self.desk.practice
        title = self.tr("SDR Desk")
        self.setWindowTitle(self.tr("%1 — practice book").replace("%1", title) if practice else title)
        self.practice_label.setText(self.tr("Practice book: not synced") if practice else "")
        self.practice_label.setToolTip(
            self.tr("Demo data to practise on. It is never sent to a server; signing in starts a fresh book.")
            if practice else "")
        self.practice_label.setVisible(practice)

    def _retranslate(self) -> None:
        self.show_practice()
        self._language_actions[""].setText(self.tr("Follow the system"))
        self._retranslate_filter_bar()
        self.queue_model.retranslate()
        self._show_count()

    # --- window --------------------------------------------------------------------------

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About SDR Desk"),
            self.tr(
                "<h3>SDR Desk %1</h3><p>The workstation for Sales Development Reps: "
                "a prioritized call queue, research, qualification and offline-first sync.</p>"
            ).replace("%1", __version__),
        )

    def _background_failed(self, failure: TaskFailed) -> None:
        log.warning("background read failed: %s", failure.details)
        self.statusBar().showMessage(self.tr("Could not read the local cache: %1").replace("%1", str(failure)), 10_000)

    def _restore_layout(self) -> None:
        s = self.settings
        if s.window_geometry is not None:
            self.restoreGeometry(s.window_geometry)
        if s.window_state is not None:
            self.restoreState(s.window_state)
        if s.splitter_state is not None:
            self.ui.splitter.restoreState(s.splitter_state)
        if s.queue_columns is not None:
            self.ui.queueView.horizontalHeader().restoreState(s.queue_columns)

    def save_layout(self) -> None:
        s = self.settings
        s.window_geometry = self.saveGeometry()
        s.window_state = self.saveState()
        s.splitter_state = self.ui.splitter.saveState()
        s.queue_columns = self.ui.queueView.horizontalHeader().saveState()
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)

