"""Start-up as the rep meets it: a bad cache ends in a dialog, never a traceback or a changed file;
settings round-trip; background work reports back on the UI thread; the self-test passes."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMessageBox, QWidget

from sdr_desk.config import Profile
from sdr_desk.gui.app import EXIT_BAD_INPUT, Desktop
from sdr_desk.gui.settings import DEFAULT_SYNC_INTERVAL_S, MIN_SYNC_INTERVAL_S, Settings
from sdr_desk.gui.tasks import TaskFailed, TaskRunner


@pytest.fixture
def runner(qtbot):  # noqa: ANN001
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


def _start_failing(qtbot, profile: Profile, catalogues: Path) -> tuple[Desktop, QMessageBox]:  # noqa: ANN001
    desktop = Desktop(profile, translations_folder=catalogues)
    desktop.start()
    qtbot.waitUntil(lambda: desktop.error_dialog is not None and desktop.error_dialog.isVisible(), timeout=10_000)
    dialog = desktop.error_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    return desktop, dialog


def test_corrupt_cache_shows_a_dialog_exits_2_and_leaves_the_file_alone(qtbot, tmp_path: Path, catalogues: Path, capsys) -> None:  # noqa: ANN001
    profile = Profile(tmp_path / "profile")
    profile.folder.mkdir()
    garbage = b"this is a spreadsheet, not a cache\x00" * 100
    profile.cache_path.write_bytes(garbage)

    desktop, dialog = _start_failing(qtbot, profile, catalogues)
    try:
        assert dialog.icon() == QMessageBox.Icon.Critical
        assert dialog.text() == "SDR Desk cannot open your profile."
        assert "is not an SDR Desk cache" in dialog.informativeText()
        assert str(profile.cache_path) in dialog.informativeText()
        assert desktop.window is None
        with qtbot.waitSignal(desktop.finished) as finished:
            dialog.button(QMessageBox.StandardButton.Close).click()
        assert finished.args == [EXIT_BAD_INPUT]
        assert profile.cache_path.read_bytes() == garbage
        assert "Traceback" not in capsys.readouterr().err
    finally:
        desktop.shutdown()


def test_damaged_sqlite_cache_is_refused_the_same_way(qtbot, tmp_path: Path, catalogues: Path, profile: Profile) -> None:  # noqa: ANN001
    data = bytearray(profile.cache_path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # scribble over the second page, header intact
    profile.cache_path.write_bytes(bytes(data))
    desktop, dialog = _start_failing(qtbot, profile, catalogues)
    try:
        assert "damaged" in dialog.informativeText() or "not an SDR Desk cache" in dialog.informativeText()
        assert profile.cache_path.read_bytes() == bytes(data)
    finally:
        dialog.close()
        desktop.shutdown()


def test_a_file_where_the_profile_folder_should_be_is_named_in_the_dialog(qtbot, tmp_path: Path, catalogues: Path) -> None:  # noqa: ANN001
    blocker = tmp_path / "profile"
    blocker.write_text("not a folder")
    desktop, dialog = _start_failing(qtbot, Profile(blocker), catalogues)
    try:
        assert str(blocker) in dialog.informativeText()
        with qtbot.waitSignal(desktop.finished) as finished:
            dialog.close()
        assert finished.args == [EXIT_BAD_INPUT]
    finally:
        desktop.shutdown()


def test_settings_round_trip_through_the_ini_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    first = Settings(path)
    assert first.language == "" and first.window_geometry is None
    assert first.sync_interval_s == DEFAULT_SYNC_INTERVAL_S
    first.window_geometry = QByteArray(b"\x01\x02geometry")
    first.window_state = b"state\x00bytes"
    first.splitter_state = b"split"
    first.queue_columns = QByteArray(b"\x00\xffcolumns")
    first.language = "zh_CN"
    first.sync_interval_s = 120
    first.sync()
    assert path.is_file()

    second = Settings(path)
    assert second.window_geometry == QByteArray(b"\x01\x02geometry")
    assert second.window_state == QByteArray(b"state\x00bytes")
    assert second.splitter_state == QByteArray(b"split")
    assert second.queue_columns == QByteArray(b"\x00\xffcolumns")
    assert second.language == "zh_CN"
    assert second.sync_interval_s == 120

    second.sync_interval_s = 1  # a hand-edited or hostile value never hammers the server
    second.queue_columns = None
    second.sync()
    third = Settings(path)
    assert third.sync_interval_s == MIN_SYNC_INTERVAL_S
    assert third.queue_columns is None


def test_unreadable_sync_interval_falls_back_to_the_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("[sync]\ninterval_s=often\n")
    assert Settings(path).sync_interval_s == DEFAULT_SYNC_INTERVAL_S


def test_background_work_runs_off_the_ui_thread_in_order(qtbot, runner: TaskRunner) -> None:  # noqa: ANN001
    ui_thread = threading.get_ident()
    seen: list[tuple[int, int]] = []
    results: list[int] = []

    def job(n: int):  # noqa: ANN202
        def work() -> int:
            seen.append((n, threading.get_ident()))
            return n * n

        return work

    with qtbot.waitSignal(runner.idle):
        for n in range(5):
            runner.run(job(n), results.append)
    assert results == [0, 1, 4, 9, 16]
    assert [n for n, _ in seen] == [0, 1, 2, 3, 4]
    assert len({t for _, t in seen}) == 1 and seen[0][1] != ui_thread


def test_a_failure_comes_back_to_the_ui_thread_with_its_cause(qtbot, runner: TaskRunner) -> None:  # noqa: ANN001
    failures: list[TaskFailed] = []
    called_on: list[int] = []

    def boom() -> None:
        raise ValueError("no such lead")

    def on_failure(failure: TaskFailed) -> None:
        called_on.append(threading.get_ident())
        failures.append(failure)

    with qtbot.waitSignal(runner.idle):
        runner.run(boom, on_failure=on_failure)
    assert isinstance(failures[0].error, ValueError)
    assert "no such lead" in failures[0].details
    assert called_on == [threading.get_ident()]


def test_an_answer_for_a_closed_widget_is_dropped(qtbot, runner: TaskRunner) -> None:  # noqa: ANN001
    owner = QWidget()
    answers: list[object] = []
    gate = threading.Event()
    runner.run(gate.wait, answers.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner))
    with qtbot.waitSignal(runner.idle):
        gate.set()
    assert answers == []


def test_self_test_command_exits_0() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sdr_desk", "gui", "--self-test"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "self-test: ok" in done.stdout
    assert "Traceback" not in done.stderr


def test_language_follows_the_system_unless_the_rep_chose_one() -> None:
    from PySide6.QtCore import QLocale

    from sdr_desk.gui.i18n import effective_language, system_language

    assert system_language(QLocale("zh_CN")) == "zh_CN"
    assert system_language(QLocale("zh_SG")) == "zh_CN"
    assert system_language(QLocale("zh_TW")) == "en"  # traditional script: English until we ship it
    assert system_language(QLocale("de_DE")) == "en"
    assert effective_language("", QLocale("zh_CN")) == "zh_CN"
    assert effective_language("en", QLocale("zh_CN")) == "en"
    assert effective_language("fr", QLocale("en_US")) == "en"  # a language we do not ship


def test_a_closed_desktop_leaves_no_translation_behind(qtbot, profile: Profile, catalogues: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication

    settings = Settings(profile.settings_path)
    settings.language = "zh_CN"
    settings.sync()
    desktop = Desktop(profile, translations_folder=catalogues)
    with qtbot.waitSignal(desktop.ready, timeout=10_000):
        desktop.start()
    assert QCoreApplication.translate("Stage", "New") == "新线索"
    desktop.window.close()
    desktop.shutdown()
    assert QCoreApplication.translate("Stage", "New") == "New"


def test_chinese_loads_every_shipped_catalogue_and_english_removes_them(qtbot, catalogues: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication

    from sdr_desk.gui.i18n import Translations

    translations = Translations(QCoreApplication.instance(), catalogues)
    try:
        assert translations.apply("zh_CN")
        assert QCoreApplication.translate("MainWindow", "Call queue") == "呼叫队列"
        # a panel that ships its own catalogue beside the workstation's
        assert QCoreApplication.translate("ResearchPanel", "This section is not in the template any more.") == "模板中已没有此部分。"
        assert QCoreApplication.translate("QPlatformTheme", "Close") == "关闭"  # Qt's own buttons too
        assert translations.apply("en")
        assert QCoreApplication.translate("MainWindow", "Call queue") == "Call queue"
        assert QCoreApplication.translate("MainWindow", "%n lead(s)", "", 1) == "1 lead"
    finally:
        translations.clear()


def test_a_missing_catalogue_falls_back_to_english(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtCore import QCoreApplication

    from sdr_desk.gui.i18n import Translations

    translations = Translations(QCoreApplication.instance(), tmp_path)
    try:
        assert translations.apply("zh_CN") is False
        assert translations.language == "en"
        assert QCoreApplication.translate("MainWindow", "Call queue") == "Call queue"
    finally:
        translations.clear()


def test_capabilities_plug_in_only_once_the_top_of_the_queue_is_on_screen(qtbot, profile: Profile, catalogues: Path) -> None:  # noqa: ANN001
    seen: list[tuple[int, bool]] = []

    def record(window) -> None:  # noqa: ANN001
        seen.append((window.queue_model.rowCount(), window.queue_model.loaded(0) is not None))

    desktop = Desktop(profile, translations_folder=catalogues, extensions=[record])
    try:
        with qtbot.waitSignal(desktop.extensions_installed, timeout=10_000):
            desktop.start()
        assert desktop.extended
        rows, top_loaded = seen[0]
        assert rows > 0 and top_loaded  # the queue came first
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.shutdown()


def test_capabilities_plug_in_on_an_empty_book_too(qtbot, tmp_path: Path, catalogues: Path) -> None:  # noqa: ANN001
    seen: list[int] = []
    desktop = Desktop(Profile(tmp_path / "empty"), translations_folder=catalogues,
                      extensions=[lambda window: seen.append(window.queue_model.rowCount())])
    try:
        with qtbot.waitSignal(desktop.extensions_installed, timeout=10_000):
            desktop.start()
        assert seen == [0]
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.shutdown()
