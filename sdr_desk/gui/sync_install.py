"""Plugs background sync into the main window: the Sync menu, the status bar, notifications.

    controller = install_sync(window)   # once the window is built; it starts syncing at once

The window stays free of sync code; everything here talks to it through its public API.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStyle,
    QSystemTrayIcon,
)

from sdr_desk.desk import default_practice_copy
from sdr_desk.gui.dialogs.login_dialog import LoginDialog
from sdr_desk.gui.dialogs.needs_attention import NeedsAttentionDialog
from sdr_desk.gui.sync_controller import AssignedLead, SyncController, SyncState
from sdr_desk.gui.tasks import TaskFailed
from sdr_desk.sync.client import SyncReport
from sdr_desk.sync.credentials import keyring_available

# Rounds with more ops than this show a progress bar (a first pull, days of offline work).
LONG_ROUND_OPS = 1000
NOTIFY_NAMES = 3  # names listed in one notification; the rest are counted
MESSAGE_MS = 15_000


class SyncUi(QObject):
    """The Sync menu, the sync labels of the status bar and notifications, for one window."""

    def __init__(self, window: QMainWindow, controller: SyncController) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.login_dialog: LoginDialog | None = None
        self.attention_dialog: NeedsAttentionDialog | None = None
        self.tray: QSystemTrayIcon | None = None
        self._notified: list[str] = []

        self.menu = QMenu(window)
        self.menu.setObjectName("menuSync")
        self.sign_in_action = QAction(self)
        self.sync_now_action = QAction(self)
        self.sync_now_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.attention_action = QAction(self)
        self.sign_out_action = QAction(self)
        for action in (self.sign_in_action, self.sync_now_action, self.attention_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.sign_out_action)
        bar = window.menuBar()
        menus = [a for a in bar.actions() if a.menu() is not None]
        if menus:
            bar.insertMenu(menus[-1], self.menu)  # before Help, which stays last
        else:
            bar.addMenu(self.menu)
        window.addAction(self.sync_now_action)  # F9 works wherever the focus is
        self.sign_in_action.setEnabled(False)
        self.sign_in_action.triggered.connect(self.open_login)
        self.sync_now_action.triggered.connect(self.sync_now)
        self.attention_action.triggered.connect(self.open_needs_attention)
        self.sign_out_action.triggered.connect(controller.sign_out)

        status_bar = window.statusBar()
        self.state_label = QLabel(status_bar)
        self.state_label.setObjectName("syncStateLabel")
        self.progress_bar = QProgressBar(status_bar)
        self.progress_bar.setObjectName("syncProgress")
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.hide()
        status_bar.insertPermanentWidget(0, self.state_label)
        status_bar.insertPermanentWidget(1, self.progress_bar)

        c = controller
        c.ready.connect(lambda: self.sign_in_action.setEnabled(True))
        c.password_needed.connect(self.open_login)
        c.state_changed.connect(lambda _state: self._render())
        c.signed_in_changed.connect(lambda _signed_in: self._render())
        c.counts_changed.connect(self._counts)
        c.last_sync_changed.connect(self._last_sync)
        c.progress.connect(self._progress)
        c.finished.connect(self._finished)
        c.leads_assigned.connect(self.notify_assigned)
        c.message.connect(lambda text: status_bar.showMessage(text, MESSAGE_MS))
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(controller.shutdown)
        self._render()

    # --- actions -------------------------------------------------------------------------

    def open_login(self) -> None:
        if self.login_dialog is not None and self.login_dialog.isVisible():
            self.login_dialog.activateWindow()
            return
        desk = getattr(self.window, "desk", None)
        if desk is not None and desk.practice:
            self.ask_about_practice()
            return
        c = self.controller
        note = "" if keyring_available() else self.tr("No keyring is available: you will sign in each time SDR Desk starts.")
        self.login_dialog = LoginDialog(c.sign_in, c.server_url or "", c.username or "", note, self.window)
        self.login_dialog.open()

    def ask_about_practice(self) -> None:
        """Real work never mixes with the practice book: set it aside (default) or discard it."""
        desk = self.window.desk
        keep_in = default_practice_copy(desk.cache.path.parent)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Sign in"),
                          self.tr("This profile holds a practice book."), QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("practiceQuestion")
        box.setInformativeText(
            self.tr("Practice data is never sent to the server. Start a fresh synced book here and keep the "
                    "practice book as its own profile in %1, or discard the practice data.").replace("%1", str(keep_in)))
        fresh = box.addButton(self.tr("Start a &fresh book"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("&Discard practice data"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(fresh)
        ops = self.window.ops

        def chosen(button: object) -> None:
            if button not in (fresh, discard):
                return
            target = keep_in if button is fresh else None
            ops.apply(lambda d: d.leave_practice(target), lambda _gone: self.open_login(), self._practice_failed,
                      owner=self)

        box.buttonClicked.connect(chosen)
        self.practice_box = box
        box.open()

    def _practice_failed(self, failure: TaskFailed) -> None:
        self.window.statusBar().showMessage(
            self.tr("The practice book was kept: %1").replace("%1", str(failure.error)), MESSAGE_MS)

    def sync_now(self) -> None:
        if self.controller.state == SyncState.LOGIN_NEEDED:
            self.window.statusBar().showMessage(self.tr("Sign in to sync (Sync ▸ Sign in…)."), MESSAGE_MS)
            return
        self.controller.sync_now()

    def open_needs_attention(self) -> None:
        if self.attention_dialog is None:
            self.attention_dialog = NeedsAttentionDialog(self.controller, self.window)
        self.attention_dialog.reload()
        self.attention_dialog.show()
        self.attention_dialog.activateWindow()

    # --- feeding the window --------------------------------------------------------------

    def _counts(self, pending: int, needs_attention: int) -> None:
        self.window.sync_status.set_pending(pending, needs_attention)  # type: ignore[attr-defined]
        self._render()

    def _last_sync(self, moment: datetime) -> None:
        self.window.sync_status.set_last_sync(moment)  # type: ignore[attr-defined]

    def _progress(self, phase: str, done: int, total: int) -> None:
        bar = self.progress_bar
        if not bar.isVisible() and max(done, total) < LONG_ROUND_OPS:
            return
        if phase == "push" and total:
            bar.setRange(0, total)
            bar.setValue(done)
            bar.setFormat(self.tr("Sending %v of %m"))
        else:
            bar.setRange(0, 0)  # the pull does not know its size in advance
            bar.setFormat(self.tr("Receiving %1").replace("%1", str(done)))
        bar.show()

    def _finished(self, report: SyncReport) -> None:
        self.progress_bar.hide()
        self.window.refresh_pending()  # type: ignore[attr-defined]
        if self.attention_dialog is not None and self.attention_dialog.isVisible():
            self.attention_dialog.reload()

    def notify_assigned(self, leads: list[AssignedLead]) -> None:
        names = ", ".join(lead.name for lead in leads[:NOTIFY_NAMES])
        if len(leads) > NOTIFY_NAMES:
            names += " " + self.tr("and %n more", "", len(leads) - NOTIFY_NAMES)
        title = self.tr("%n new inbound lead(s) assigned to you", "", len(leads))
        self._notified = [lead.lead_id for lead in leads]
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                icon = self.window.windowIcon()
                if icon.isNull():
                    icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
                self.tray = QSystemTrayIcon(icon, self)
                self.tray.messageClicked.connect(self._show_notified)
                self.tray.show()
            self.tray.showMessage(title, names, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        self.window.statusBar().showMessage(f"{title}: {names}", MESSAGE_MS)

    def _show_notified(self) -> None:
        self.window.showNormal()
        self.window.activateWindow()
        if self._notified:
            self.window.select_lead(self._notified[0])  # type: ignore[attr-defined]

    # --- text ----------------------------------------------------------------------------

    def _render(self) -> None:
        c = self.controller
        self.window.sync_status.set_online(c.online)  # type: ignore[attr-defined]
        state_text = {
            SyncState.SYNCING: self.tr("Syncing…"),
            SyncState.LOGIN_NEEDED: self.tr("Not signed in"),
            SyncState.UPGRADE_REQUIRED: self.tr("Update SDR Desk to sync"),
        }.get(c.state, "")
        self.state_label.setText(state_text)
        self.state_label.setVisible(bool(state_text))
        signed_in = c.state != SyncState.LOGIN_NEEDED
        self.sync_now_action.setEnabled(c.state != SyncState.UPGRADE_REQUIRED)
        self.sign_out_action.setEnabled(signed_in)
        self.menu.setTitle(self.tr("&Sync"))
        self.sign_in_action.setText(self.tr("Sign &in…"))
        self.sync_now_action.setText(self.tr("Sync &now"))
        count = c.needs_attention
        self.attention_action.setText(
            self.tr("Needs &attention (%1)…").replace("%1", str(count)) if count else self.tr("Needs &attention…")
        )
        self.sign_out_action.setText(self.tr("Sign &out"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self._render()
            elif event.type() == QEvent.Type.Close:
                self.controller.shutdown()  # the workstation is closing: stop after this batch
        return super().eventFilter(watched, event)


def install_sync(window: QMainWindow, *, interval_ms: int | None = None) -> SyncController:
    """Add sync to `window` and start it: a round now if a session is stored, then every
    `settings.sync_interval_s` (or `interval_ms`) and on F9.

    Once per window: a second call returns the installed controller (two F9 actions would
    make the key ambiguous and do nothing)."""
    settings = window.settings  # type: ignore[attr-defined]
    interval = interval_ms if interval_ms is not None else settings.sync_interval_s * 1000
    installed = window.findChild(SyncController)
    if installed is not None:
        if interval_ms is not None:
            installed.set_interval_ms(interval_ms)
        return installed
    controller = SyncController(window.runner, window.desk, interval, window, ops=window.ops)  # type: ignore[attr-defined]
    controller.ui = SyncUi(window, controller)  # type: ignore[attr-defined]
    controller.start()
    return controller
