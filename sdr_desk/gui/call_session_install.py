"""Plugs the call session into the main window through its public extension points only.

`install_call_session(window)` adds the panel as a side tab, a "Calling" menu with the
session's shortcuts, follows the queue's selection, and re-ranks the queue after each write.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QTabWidget

from sdr_desk.gui.dialogs.qualification_form import QualificationDialog
from sdr_desk.gui.views.call_session import CallSessionPanel

class _MenuTranslator(QObject):
    """Keeps the menu title in the active language."""

    def __init__(self, menu, parent: QObject) -> None:  # noqa: ANN001 - a QMenu
        super().__init__(parent)
        self.menu = menu
        menu.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(QCoreApplication.translate("CallingMenu", "&Calling"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.menu and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return super().eventFilter(watched, event)


def install_call_session(window) -> CallSessionPanel:  # noqa: ANN001 - sdr_desk.gui.main_window.MainWindow
    """Once per window: a second call returns the installed panel (two F5 actions would cancel out)."""
    installed = window.findChild(CallSessionPanel)
    if installed is not None:
        return installed
    panel = CallSessionPanel(window.runner, window.desk, window.clock, window, ops=window.ops)
    window.add_side_panel(panel)
    menu = window.menuBar().addMenu("")
    menu.setObjectName("menuCalling")
    panel.menu_translator = _MenuTranslator(menu, panel)
    for action in panel.actions_for_menu:
        menu.addAction(action)
        window.addAction(action)  # shortcuts work wherever the focus is in the window

    def show_panel() -> None:
        # The side tabs hold the panel; bring it forward so the rep sees the card.
        host = panel.parentWidget()
        while host is not None and not isinstance(host, QTabWidget):
            host = host.parentWidget()
        if host is not None:
            host.setCurrentWidget(panel)

    panel.start_action.triggered.connect(show_panel)
    window.selected_lead_changed.connect(panel.show_lead)

    panel.card_shown.connect(lambda lead_id: window.current_lead_id() != lead_id and window.select_lead(lead_id))

    def qualify(lead_id: str) -> None:
        name = panel.card.lead.full_name if panel.card and panel.card.lead.id == lead_id else lead_id
        # The dialog writes through the window's ops: the queue and the card follow by themselves.
        dialog = QualificationDialog(window.runner, window.desk, lead_id, name, window.clock, window, ops=window.ops)
        # Back on the call card when the form closes, ready for the outcome key.
        dialog.finished.connect(lambda _r: (window.activateWindow(), panel.setFocus(Qt.FocusReason.OtherFocusReason)))
        panel.qualification_dialog = dialog
        dialog.open()

    panel.qualification_dialog = None
    panel.qualify_requested.connect(qualify)
    return panel
