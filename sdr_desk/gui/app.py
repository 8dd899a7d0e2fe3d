"""Composition root: the Qt application, its language, the rep's cache, and the main window.

Opening the cache runs on the worker thread like every other database call. A cache or
profile that cannot be used ends in a dialog naming the problem and exit code 2; the
cache file is left as it was found (store.engine refuses before writing).
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMessageLogContext, QObject, Qt, QtMsgType, QTimer, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from sdr_desk import __version__, paths
from sdr_desk.config import Profile, ProfileError
from sdr_desk.gui import i18n
from sdr_desk.gui.settings import Settings
from sdr_desk.gui.tasks import TaskFailed, TaskRunner

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # The offscreen platform (self-test, CI) cannot resize native windows and says so on
    # every layout change; anything else Qt says still reaches stderr.
    if message != OFFSCREEN_NOISE:
        print(message, file=sys.stderr)


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (tests already have theirs)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("SDR Desk")
    app.setOrganizationName("SDR Desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sdr-desk")
    style = paths.RESOURCES / "app.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


Extension = Callable[[Any], object]  # takes the MainWindow, plugs a capability into it


def install_account_view(window: Any) -> object:
    """The selected lead's account (research, buying committee, timeline) as a side tab."""
    from sdr_desk.gui.views.account_view import AccountView

    panel = AccountView(window.runner, window.desk.research, ops=window.ops)
    window.add_side_panel(panel)
    window.selected_lead_changed.connect(panel.open_lead)
    panel.leadActivated.connect(window.select_lead)
    panel.open_lead(window.current_lead_id() or "")
    return panel


def standard_extensions() -> list[Extension]:
    """What plugs into the main window, through its public API, once the queue is up."""
    from sdr_desk.gui.call_session_install import install_call_session
    from sdr_desk.gui.rescoring import install_rescoring
    from sdr_desk.gui.sync_install import install_sync
    from sdr_desk.gui.views.nurture_panel import install_nurture
    from sdr_desk.gui.views.team_desk import install_team_desk
    from sdr_desk.gui.views.why_here import install_why_here

    return [install_call_session, install_account_view, install_why_here, install_nurture, install_sync, install_rescoring,
            install_team_desk]


# What the standard capabilities use beside Qt: sync, research, the call session's rules.
CAPABILITY_IMPORTS = (
    "sdr_desk.sync.client",
    "sdr_desk.store.lead_work",
    "sdr_desk.store.lookup",
    "sdr_desk.store.research",
    "sdr_desk.store.scoring_job",
    "sdr_desk.core.buyer_map",
    "sdr_desk.core.cadences",
    "sdr_desk.core.handoff",
    "sdr_desk.core.qualification",
    "sdr_desk.store.reports",
    "sdr_desk.store.team_work",
)


def _import_capability_modules() -> None:
    for name in CAPABILITY_IMPORTS:
        importlib.import_module(name)


class Desktop(QObject):
    """Starts the workstation on a profile: `ready` with the shown window, or `finished(code)`."""

    ready = Signal(object)  # the MainWindow, shown
    finished = Signal(int)  # the app should exit with this code
    extensions_installed = Signal()  # every capability is plugged into the shown window

    def __init__(
        self,
        profile: Profile,
        *,
        translations_folder: Path = paths.TRANSLATIONS,
        show: bool = True,
        extensions: Sequence[Extension] | None = None,
    ) -> None:
        super().__init__()
        self._extensions = extensions
        self.app = application()
        self.profile = profile
        self.show_window = show
        self.runner = TaskRunner(self)
        self.settings: Settings | None = None
        self.translations = i18n.Translations(self.app, translations_folder)
        self.window = None
        self.desk = None
        self.error_dialog: QMessageBox | None = None
        self.extended = False
        self._pending_extensions: list[Extension] = []

    def start(self) -> None:
        try:
            self.profile.ensure_writable()
        except ProfileError as exc:
            self._apply_language("")
            self._fail(str(exc), EXIT_BAD_INPUT)
            return
        self.settings = Settings(self.profile.settings_path)
        self._apply_language(self.settings.language)
        profile = self.profile

        def open_desk() -> object:
            # The store (SQLAlchemy and all) is imported on the worker: it has no Qt in it, and
            # the UI thread meanwhile imports the widgets.
            from sdr_desk.desk import Desk

            return Desk.open_profile(profile)

        self.runner.run(open_desk, self._desk_opened, self._desk_failed)
        # Widget modules are imported here on the UI thread: building Qt wrappers from the
        # worker is not safe, and this overlaps with the worker opening the cache.
        from sdr_desk.gui import main_window  # noqa: F401

    def _apply_language(self, choice: str) -> None:
        self.translations.apply(i18n.effective_language(choice))

    def _desk_opened(self, desk: object) -> None:
        from sdr_desk.gui.main_window import MainWindow

        assert self.settings is not None
        self.desk = desk
        self.window = MainWindow(desk, self.runner, self.settings, self.translations)  # type: ignore[arg-type]
        if self.show_window:
            self.window.show()
        # Extensions load once the top of the queue is on screen, so they never delay it.
        self.window.queue_shown.connect(self._install_extensions, Qt.ConnectionType.SingleShotConnection)
        self.window.start()
        self.ready.emit(self.window)

    def _install_extensions(self) -> None:
        # The capabilities' Qt-free modules load on the worker first, so the UI thread only
        # builds widgets while the rep may already be scrolling.
        self.runner.run(_import_capability_modules, self._start_installing, lambda _failure: self._start_installing())

    def _start_installing(self, _result: object = None) -> None:
        self._pending_extensions = list(standard_extensions() if self._extensions is None else self._extensions)
        self._install_next_extension()

    def _install_next_extension(self) -> None:
        # One per pass of the event loop: the rep may already be scrolling the queue.
        if self.window is None:
            return
        if self._pending_extensions:
            self._pending_extensions.pop(0)(self.window)
            QTimer.singleShot(0, self, self._install_next_extension)
            return
        # What the capabilities built lives as long as the window: spare the cyclic collector
        # from walking it again on every full pass (each a stall while the rep scrolls).
        gc.freeze()
        self.extended = True
        self.extensions_installed.emit()

    def _desk_failed(self, failure: TaskFailed) -> None:
        from sdr_desk.store.engine import CacheError

        if isinstance(failure.error, CacheError | ProfileError):
            self._fail(str(failure.error), EXIT_BAD_INPUT)
        else:
            log.error("opening the cache failed: %s", failure.details)
            self._fail(self.tr("Unexpected error: %1").replace("%1", str(failure.error)), EXIT_FAILURE)

    def _fail(self, reason: str, code: int) -> None:
        print(f"sdr-desk: {reason}", file=sys.stderr)
        dialog = QMessageBox(QMessageBox.Icon.Critical, self.tr("SDR Desk cannot start"), self.tr("SDR Desk cannot open your profile."))
        dialog.setInformativeText(reason)
        dialog.setStandardButtons(QMessageBox.StandardButton.Close)
        dialog.finished.connect(lambda _result: self.finished.emit(code))
        self.error_dialog = dialog
        dialog.open()  # not exec(): the event loop, and tests, keep running while it is up

    def shutdown(self) -> None:
        """Save the layout, close the cache on the worker, stop the worker."""
        if self.window is not None:
            self.window.save_layout()
        self.runner.stop_side_work()  # before the cache closes under it
        desk = self.desk
        if desk is not None:
            self.runner.run(desk.cache.close)
        self.runner.shutdown()
        self.translations.clear()


def run(profile: Profile, *, on_ready: Callable[[object, Desktop], None] | None = None, show: bool = True) -> int:
    """Open the workstation and run until the rep quits; returns the process exit code."""
    app = application()
    desktop = Desktop(profile, show=show)
    code = EXIT_OK
    done = False

    def finish(exit_code: int) -> None:
        nonlocal code, done
        code, done = exit_code, True
        app.exit(exit_code)

    desktop.finished.connect(finish)
    if on_ready is not None:
        desktop.ready.connect(lambda window: on_ready(window, desktop))
    app.setQuitOnLastWindowClosed(True)
    desktop.start()
    result = app.exec()
    desktop.shutdown()
    return code if done else result
