"""Status bar pieces: online/offline, changes waiting to sync, and when the last sync finished."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from sdr_desk.gui import formatting


class SyncStatus(QWidget):
    """Three permanent labels in the status bar; a sync controller drives them through the setters."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.online = False
        self.pending: int | None = None
        self.rejected = 0
        self.last_sync: datetime | None = None
        self.connection_label = QLabel(status_bar)
        self.connection_label.setObjectName("connectionLabel")
        self.pending_label = QLabel(status_bar)
        self.pending_label.setObjectName("pendingLabel")
        self.last_sync_label = QLabel(status_bar)
        self.last_sync_label.setObjectName("lastSyncLabel")
        for label in (self.connection_label, self.pending_label, self.last_sync_label):
            status_bar.addPermanentWidget(label)
        self.hide()  # only a holder of the labels; it has nothing of its own to paint
        self._render()

    def set_online(self, online: bool) -> None:
        self.online = online
        self._render()

    def set_pending(self, pending: int, rejected: int = 0) -> None:
        self.pending, self.rejected = pending, rejected
        self._render()

    def set_last_sync(self, moment: datetime | None) -> None:
        self.last_sync = moment
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        self.connection_label.setText(self.tr("Online") if self.online else self.tr("Offline"))
        self.connection_label.setProperty("online", self.online)
        if self.pending is None:
            pending = self.tr("Pending changes: …")
        else:
            pending = self.tr("Pending changes: %1").replace("%1", str(self.pending))
            if self.rejected:
                pending += " · " + self.tr("%1 need attention").replace("%1", str(self.rejected))
        self.pending_label.setText(pending)
        when = formatting.date_time(self.last_sync) if self.last_sync else self.tr("never")
        self.last_sync_label.setText(self.tr("Last sync: %1").replace("%1", when))
