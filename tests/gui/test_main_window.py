"""The main window as a rep uses it: keyboard through the queue, the lead card, search,
status bar, language switch, and a layout that survives a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sdr_desk.config import Profile
from sdr_desk.gui.models.queue_model import Column
from sdr_desk.gui.settings import Settings
from tests.gui.conftest import PROSPECTS


def _name_at(window, row: int) -> str:  # noqa: ANN001
    return window.queue_model.index(row, Column.NAME).data()


def test_arrow_keys_move_the_selection_and_the_lead_card_follows(qtbot, window) -> None:  # noqa: ANN001
    view = window.ui.queueView
    assert window.focusWidget() is view  # the window opens ready for the arrow keys
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert view.currentIndex().row() == 0
    assert window.detail_pane.heading.text() == _name_at(window, 0)

    with qtbot.waitSignal(window.selected_lead_changed) as changed:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1
    assert changed.args == [window.queue_model.lead_id(1)]
    qtbot.waitUntil(lambda: window.detail_pane.heading.text() == _name_at(window, 1))

    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = window.queue_model.rowCount() - 1
    assert view.currentIndex().row() == last
    qtbot.waitUntil(lambda: window.detail_pane.heading.text() == _name_at(window, last))
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.detail_pane.heading.text() == _name_at(window, last - 1))


def test_lead_card_shows_contact_account_and_history(qtbot, window) -> None:  # noqa: ANN001
    row = next(r for r in range(window.queue_model.rowCount()) if _name_at(window, r) == "Marcus Reed")
    window.select_lead(window.queue_model.lead_id(row))
    qtbot.waitUntil(lambda: window.detail_pane.heading.text() == "Marcus Reed")
    assert window.detail_pane.subheading.text() == "VP Demand Generation · Brightline Analytics"
    body = window.detail_pane.body.toPlainText()
    assert "+49 30 12345678" in body  # E.164 shown in international format
    assert "marcus@example.com" in body
    assert "America/New_York" in body
    assert "Brightline Analytics" in body and "253 employees" in body
    assert "Reach" in body and "No answer" in body and "Rang twice, no voicemail" in body


def test_enter_opens_the_lead_card_and_escape_returns_to_the_queue(qtbot, window) -> None:  # noqa: ANN001
    view = window.ui.queueView
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.ui.sideTabs.currentWidget() is window.ui.detailTab
    qtbot.waitUntil(lambda: window.detail_pane.body.hasFocus())
    qtbot.keyClick(window.detail_pane.body, Qt.Key.Key_Escape)
    qtbot.waitUntil(view.hasFocus)
    assert view.currentIndex().row() == 1


def test_ctrl_f_searches_the_queue_as_the_rep_types(qtbot, window) -> None:  # noqa: ANN001
    view = window.ui.queueView
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.ui.searchEdit
    qtbot.waitUntil(search.hasFocus)
    with qtbot.waitSignal(window.queue_loaded, timeout=5000) as loaded:
        qtbot.keyClicks(search, "keller")
    qtbot.waitUntil(lambda: window.queue_model.rowCount() == 1)
    assert loaded.args == [1] or window.queue_model.rowCount() == 1
    qtbot.waitUntil(lambda: _name_at(window, 0) == "Anna Keller")
    qtbot.waitUntil(lambda: window.detail_pane.heading.text() == "Anna Keller")
    assert window.ui.queueCount.text() == "1 lead"

    qtbot.keyClick(search, Qt.Key.Key_Down)  # back to the results without the mouse
    qtbot.waitUntil(view.hasFocus)
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    with qtbot.waitSignal(window.queue_loaded, timeout=5000):
        qtbot.keyClick(search, Qt.Key.Key_Escape)  # clears the search
    assert window.queue_model.rowCount() == len(PROSPECTS)
    assert window.current_lead_id() == "lead-001"  # the lead the rep was on stays selected


def test_status_bar_shows_offline_pending_changes_and_no_sync_yet(qtbot, window) -> None:  # noqa: ANN001
    status = window.sync_status
    assert status.connection_label.text() == "Offline"
    # Seven accounts, seven leads and one activity were written: fifteen ops wait for the server.
    qtbot.waitUntil(lambda: status.pending_label.text() == "Pending changes: 15")
    assert status.last_sync_label.text() == "Last sync: never"


def test_language_switch_retranslates_and_is_remembered(qtbot, window, profile: Profile) -> None:  # noqa: ANN001
    window.choose_language("zh_CN")
    qtbot.waitUntil(lambda: window.ui.menuFile.title() == "文件(&F)")
    model = window.queue_model
    assert model.headerData(Column.PRIORITY, Qt.Orientation.Horizontal) == "优先级"
    assert window.ui.queueTitle.text() == "呼叫队列"
    assert window.sync_status.connection_label.text() == "离线"
    assert window.ui.queueCount.text() == f"{len(PROSPECTS)} 条线索"
    stages = {model.index(r, Column.STAGE).data() for r in range(model.rowCount())}
    assert stages <= {"新线索", "跟进中"} and stages
    qtbot.waitUntil(lambda: "联系人" in window.detail_pane.body.toPlainText())
    assert window.detail_pane.body.toPlainText() != ""
    assert Settings(profile.settings_path).language == "zh_CN"

    window.choose_language("en")
    qtbot.waitUntil(lambda: window.ui.menuFile.title() == "&File")
    assert model.headerData(Column.PRIORITY, Qt.Orientation.Horizontal) == "Priority"
    assert window.ui.queueCount.text() == f"{len(PROSPECTS)} leads"
    assert Settings(profile.settings_path).language == "en"


def test_saved_language_is_used_at_the_next_start(qtbot, profile: Profile, catalogues: Path) -> None:  # noqa: ANN001
    from sdr_desk.gui.app import Desktop

    settings = Settings(profile.settings_path)
    settings.language = "zh_CN"
    settings.sync()
    desktop = Desktop(profile, translations_folder=catalogues)
    try:
        with qtbot.waitSignal(desktop.ready, timeout=10_000) as ready:
            desktop.start()
        win = ready.args[0]
        qtbot.addWidget(win)
        assert win.ui.menuView.title() == "视图(&V)"
        checked = [a.data() for a in win.ui.menuLanguage.actions() if a.isChecked()]
        assert checked == ["zh_CN"]
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.shutdown()


def test_column_widths_and_order_survive_a_restart(qtbot, window, desktop, profile: Profile, catalogues: Path) -> None:  # noqa: ANN001
    from sdr_desk.gui.app import Desktop

    header = window.ui.queueView.horizontalHeader()
    header.resizeSection(Column.COMPANY, 311)
    header.moveSection(header.visualIndex(Column.SCORE), 1)
    window.close()
    desktop.shutdown()

    again = Desktop(profile, translations_folder=catalogues)
    try:
        with qtbot.waitSignal(again.ready, timeout=10_000) as ready:
            again.start()
        win = ready.args[0]
        qtbot.addWidget(win)
        restored = win.ui.queueView.horizontalHeader()
        assert restored.sectionSize(Column.COMPANY) == 311
        assert restored.visualIndex(Column.SCORE) == 1
    finally:
        if again.window is not None:
            again.window.close()
        again.shutdown()


def test_about_box_names_the_version(qtbot, window, monkeypatch) -> None:  # noqa: ANN001
    from sdr_desk import __version__
    from sdr_desk.gui import main_window

    shown = []
    monkeypatch.setattr(main_window.QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    window.ui.actionAbout.trigger()
    assert shown and shown[0][0] == "About SDR Desk" and __version__ in shown[0][1]
    assert QApplication.activeModalWidget() is None


def test_side_panels_plug_in_as_tabs_that_follow_their_title(qtbot, window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QWidget

    panel = QWidget()
    panel.setWindowTitle("Why here?")
    index = window.add_side_panel(panel)
    assert window.ui.sideTabs.tabText(index) == "Why here?"
    panel.setWindowTitle("为什么在这里？")  # a panel retitles itself when the language changes
    assert window.ui.sideTabs.tabText(index) == "为什么在这里？"


def test_queue_says_it_is_ranking_until_the_ranking_arrives(qtbot, profile: Profile, catalogues: Path) -> None:  # noqa: ANN001
    import threading

    from sdr_desk.gui import i18n
    from sdr_desk.desk import Desk
    from sdr_desk.gui.main_window import MainWindow
    from sdr_desk.gui.tasks import TaskRunner
    from sdr_desk.store.engine import open_cache

    runner = TaskRunner()
    desk = Desk.open(open_cache(profile.cache_path))
    release = threading.Event()
    rank = desk.queue.rank

    def slow_rank(flt, now, *, callable_only=False):  # noqa: ANN001, ANN202
        release.wait(10)
        return rank(flt, now, callable_only=callable_only)

    desk.queue.rank = slow_rank  # type: ignore[method-assign]
    translations = i18n.Translations(QApplication.instance(), catalogues)
    translations.apply("en")
    win = MainWindow(desk, runner, Settings(profile.settings_path), translations)
    qtbot.addWidget(win)
    try:
        win.show()
        win.start()
        assert win.ui.queueCount.text() == "ranking…"
        assert win.detail_pane.heading.text() == "No lead selected"
        with qtbot.waitSignal(win.queue_loaded, timeout=10_000):
            release.set()
        assert win.ui.queueCount.text() == f"{len(PROSPECTS)} leads"
    finally:
        release.set()
        win.close()
        runner.run(desk.cache.close)
        runner.shutdown()
        translations.clear()


def test_the_clock_tick_moves_their_time_on_the_card_and_in_the_queue(qtbot, window) -> None:  # noqa: ANN001
    from datetime import UTC, datetime

    moments = iter([datetime(2026, 11, 25, 1, 0, tzinfo=UTC), datetime(2026, 11, 25, 2, 30, tzinfo=UTC)])
    now = [next(moments)]
    window.queue_model._clock = lambda: now[0]
    window.detail_pane.clock = lambda: now[0]
    window.select_lead("lead-000")  # Wang Fang, Asia/Shanghai
    qtbot.waitUntil(lambda: window.detail_pane.heading.text() == "Wang Fang")
    row = window.queue_model.row_of("lead-000")
    window._clock_timer.timeout.emit()
    assert "09:00 Wed (Asia/Shanghai)" in window.detail_pane.body.toPlainText()
    assert window.queue_model.index(row, Column.LOCAL_TIME).data() == "09:00 Wed"
    now[0] = next(moments)
    window._clock_timer.timeout.emit()
    assert "10:30 Wed (Asia/Shanghai)" in window.detail_pane.body.toPlainText()
    assert window.queue_model.index(row, Column.LOCAL_TIME).data() == "10:30 Wed"


def test_a_failing_read_is_reported_in_the_status_bar_and_the_window_keeps_working(qtbot, window) -> None:  # noqa: ANN001
    from sdr_desk.store.repositories import RecordNotFound

    def broken(_lead_id):  # noqa: ANN001, ANN202
        raise RecordNotFound("no lead lead-004")

    window.desk.book.lead = broken
    window.select_lead("lead-004")
    qtbot.waitUntil(lambda: "no lead lead-004" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage().startswith("Could not read the local cache")
    view = window.ui.queueView
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    row = view.currentIndex().row()
    qtbot.keyClick(view, Qt.Key.Key_Down if row == 0 else Qt.Key.Key_Up)
    assert view.currentIndex().row() != row


@pytest.mark.parametrize("extensions", [None])  # the composition root's own set
def test_sync_plugs_in_once_the_queue_is_up(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: "&Sync" in [a.text() for a in window.menuBar().actions()])
    assert window.sync_status.connection_label.text() == "Offline"  # never signed in: no server yet


@pytest.mark.parametrize("extensions", [None])  # the composition root's own set
def test_the_account_tab_follows_the_selected_lead(qtbot, window) -> None:  # noqa: ANN001
    tabs = window.ui.sideTabs
    qtbot.waitUntil(lambda: "Account" in [tabs.tabText(i) for i in range(tabs.count())])
    panel = tabs.widget([tabs.tabText(i) for i in range(tabs.count())].index("Account"))
    window.select_lead("lead-004")
    qtbot.waitUntil(lambda: panel.name_label.text() == "Chengdu Tianfu Retail")
    window.select_lead("lead-001")
    qtbot.waitUntil(lambda: panel.name_label.text() == "Keller Maschinenbau")


@pytest.mark.parametrize("extensions", [None])  # the composition root's own set
def test_f5_starts_a_call_session_on_the_top_of_the_queue(qtbot, window) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.menuBar().findChild(object, "menuCalling") is not None)
    tabs = window.ui.sideTabs
    view = window.ui.queueView
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: tabs.tabText(tabs.currentIndex()) == "Call session")
