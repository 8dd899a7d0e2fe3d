"""Sync in the workstation, against a real server process on loopback: signing in, rounds in
the background, offline and back, needs attention, and newly assigned inbound leads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import keyring
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from sdr_desk.config import Profile
from sdr_desk.core.entities import Activity, Channel, EntityKind, Lead, OpKind, Outcome, Step
from sdr_desk.core.ids import new_id
from sdr_desk.store.engine import open_cache
from sdr_desk.store.repositories import SalesBook
from sdr_desk.gui.sync_controller import SyncController, SyncState
from sdr_desk.gui.sync_install import install_sync
from sdr_desk.sync.credentials import SERVICE
from tests.e2e.conftest import sqlite_server, team_name  # noqa: F401 - the e2e server fixtures, reused
from tests.e2e.harness import PASSWORD, ServerProcess, make_team
from tests.sync.test_credentials import MemoryKeyring

ROUND_MS = 30_000


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    """A rep's own book before the first sign-in: records with client-made ids, as the app makes them."""
    from sdr_desk.gui.settings import Settings

    profile = Profile(tmp_path / "profile")
    cache = open_cache(profile.cache_path)
    try:
        book = SalesBook(cache)
        for name, phone, country, zone in (("Wang Fang", "+8613800138000", "CN", "Asia/Shanghai"),
                                           ("Anna Keller", "+493012345678", "DE", "Europe/Berlin")):
            book.create_lead(Lead(id=new_id(), full_name=name, phones=[phone], country=country, time_zone=zone))
    finally:
        cache.close()
    settings = Settings(profile.settings_path)
    settings.language = "en"
    settings.sync()
    return profile


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def rep(sqlite_server: ServerProcess, team_name: str) -> str:  # noqa: F811
    user = f"{team_name}-rep-a"
    make_team(sqlite_server, team_name, [user], f"{team_name}-lead")
    return user


@pytest.fixture
def install(memory_keyring, qtbot, window) -> Iterator[Callable[..., SyncController]]:  # noqa: ANN001
    """The window's sync (the composition root installed it), with the interval a test wants."""
    installed: list[SyncController] = []

    def make(interval_ms: int = 600_000) -> SyncController:
        controller = install_sync(window, interval_ms=interval_ms)
        assert window.findChildren(SyncController) == [controller]  # installed once per window
        installed.append(controller)
        qtbot.waitUntil(lambda: controller.ui.sign_in_action.isEnabled(), timeout=10_000)
        return controller

    yield make
    for controller in installed:
        controller.shutdown()


def sign_in(qtbot, controller: SyncController, url: str, user: str) -> None:  # noqa: ANN001
    answers: list[str | None] = []
    with qtbot.waitSignal(controller.finished, timeout=ROUND_MS):
        controller.sign_in(url, user, PASSWORD, answers.append)
    assert answers == [None]


def press_f9(qtbot, window) -> None:  # noqa: ANN001
    window.activateWindow()  # offscreen, a closed dialog hands activation back to nobody
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.ui.queueView, Qt.Key.Key_F9)


def open_dialogs() -> list[str]:
    return [w.objectName() or type(w).__name__ for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog | QMessageBox) and w.isVisible()]


def test_sign_in_by_keyboard_then_a_long_round_runs_in_the_background(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str, memory_keyring: MemoryKeyring,  # noqa: ANN001, F811
) -> None:
    # Days of offline work: enough ops for several push batches and the progress bar.
    book = window.desk.book
    lead_id = window.queue_model.lead_id(0)
    start = datetime.now(UTC) - timedelta(days=3)

    def offline_calls() -> None:
        for n in range(1200):
            book.log_activity(Activity(id=new_id(), lead_id=lead_id, channel=Channel.PHONE, outcome=Outcome.VOICEMAIL,
                                       occurred_at=start + timedelta(minutes=n), step=Step.REACH))

    with qtbot.waitSignal(window.runner.idle, timeout=60_000):
        window.runner.run(offline_calls)
    controller = install()
    assert controller.state == SyncState.LOGIN_NEEDED
    assert window.sync_status.last_sync_label.text() == "Last sync: never"
    ui = controller.ui

    ui.sign_in_action.trigger()
    dialog = ui.login_dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and QApplication.focusWidget() is dialog.server_edit)

    def type_in(text: str, then: Qt.Key) -> None:
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), then)

    type_in(sqlite_server.url, Qt.Key.Key_Tab)
    type_in(rep, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password_edit
    type_in("wrong-password", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "refused" in dialog.error_label.text(), timeout=ROUND_MS)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert controller.state == SyncState.LOGIN_NEEDED and memory_keyring.items == {}

    ticks: list[int] = []
    failures: list[object] = []
    during: list[str] = []

    def log_a_call() -> None:  # the rep keeps working while the round writes to the same cache
        call_id = new_id()
        book.log_activity(Activity(id=call_id, lead_id=lead_id, channel=Channel.EMAIL, outcome=Outcome.SENT,
                                   occurred_at=datetime.now(UTC), step=Step.REACH))
        during.append(call_id)

    def tick() -> None:
        ticks.append(controller.running)
        if controller.running and not window.runner.busy:
            window.runner.run(log_a_call, on_failure=failures.append)

    timer = QTimer(interval=20)
    timer.timeout.connect(tick)
    bar_seen: list[bool] = []
    controller.progress.connect(lambda *_args: bar_seen.append(ui.progress_bar.isVisible()))
    timer.start()
    assert QApplication.focusWidget() is dialog.password_edit  # the wrong password is selected
    with qtbot.waitSignal(controller.finished, timeout=ROUND_MS) as done:
        type_in(PASSWORD, Qt.Key.Key_Return)
    timer.stop()
    qtbot.waitUntil(lambda: not window.runner.busy)  # the last call the rep logged is written

    report = done.args[0]
    assert report.pushed >= 1200 and report.batches >= 3
    # Writes on both connections waited for each other instead of failing.
    assert failures == [] and len(during) >= 3
    if report.pending:  # calls logged during the round go in the next one
        with qtbot.waitSignal(controller.finished, timeout=ROUND_MS) as done:
            press_f9(qtbot, window)
        assert done.args[0].pending == 0
    assert not dialog.isVisible() and dialog.password_edit.text() == ""
    # The event loop kept running while the round ran on the sync thread.
    assert ticks.count(True) >= 5
    assert True in bar_seen and not ui.progress_bar.isVisible()
    assert controller.state == SyncState.ONLINE
    status = window.sync_status
    assert status.connection_label.text() == "Online"
    qtbot.waitUntil(lambda: status.pending_label.text() == "Pending changes: 0")
    assert status.last_sync_label.text().startswith("Last sync: ") and "never" not in status.last_sync_label.text()
    # The session is kept in the keyring only, never in the profile.
    assert list(memory_keyring.items) == [(SERVICE, f"{sqlite_server.url}|{rep}")]
    secrets = [*memory_keyring.items.values(), PASSWORD]
    profile = Path(window.desk.cache.path).parent
    for path in profile.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(s.encode() in data for s in secrets), path


def test_server_down_shows_offline_once_and_the_next_round_after_restart_is_online(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str,  # noqa: ANN001, F811
) -> None:
    controller = install(interval_ms=300)
    sign_in(qtbot, controller, sqlite_server.url, rep)
    messages: list[str] = []
    controller.message.connect(messages.append)
    status = window.sync_status
    sqlite_server.stop()
    try:
        with qtbot.waitSignal(controller.state_changed, check_params_cb=lambda s: s == SyncState.OFFLINE, timeout=ROUND_MS):
            press_f9(qtbot, window)
        assert status.connection_label.text() == "Offline"
        failed_rounds: list[object] = []
        controller.state_changed.connect(lambda s: s == SyncState.SYNCING and failed_rounds.append(s))
        qtbot.waitUntil(lambda: len(failed_rounds) >= 3 and controller.state == SyncState.OFFLINE, timeout=ROUND_MS)
        assert len(messages) == 1 and "offline" in messages[0]
        assert controller.running or controller.round_scheduled  # offline, it keeps trying
        assert open_dialogs() == []
    finally:
        sqlite_server.start()
    qtbot.waitUntil(lambda: controller.state == SyncState.ONLINE, timeout=ROUND_MS)
    assert status.connection_label.text() == "Online"
    assert open_dialogs() == []


def test_a_refused_change_is_listed_and_discarded_after_confirming(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str,  # noqa: ANN001, F811
) -> None:
    controller = install()
    sign_in(qtbot, controller, sqlite_server.url, rep)
    book = window.desk.book
    lead_id = window.queue_model.lead_id(0)

    def reassign() -> None:  # only a team lead may reassign: the server refuses it from a rep
        with book.cache.transaction() as session:
            book.outbox.record(session, EntityKind.LEAD, lead_id, OpKind.COMMAND, {"command": "reassign", "owner_id": None})

    with qtbot.waitSignal(window.runner.idle, timeout=10_000):
        window.runner.run(reassign)
    with qtbot.waitSignal(controller.finished, timeout=ROUND_MS) as done:
        press_f9(qtbot, window)
    assert done.args[0].rejected == 1 and controller.needs_attention == 1
    assert "1 need attention" in window.sync_status.pending_label.text()
    assert controller.ui.attention_action.text() == "Needs &attention (1)…"

    controller.ui.attention_action.trigger()
    dialog = controller.ui.attention_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    reason = dialog.model.index(0, 2).data()
    assert reason.startswith("forbidden") and "team lead" in reason
    assert '"reassign"' in dialog.fields_edit.toPlainText()

    def answer(button: str) -> None:
        qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
        box = dialog.confirm
        chosen = next(b for b in box.buttons() if b.text() == button)
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    answer("Cancel")
    assert dialog.confirm is None and dialog.model.rowCount() == 1 and controller.needs_attention == 1
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.needs_attention_changed, timeout=10_000):
        answer("Discard")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert controller.needs_attention == 0
    assert "need attention" not in window.sync_status.pending_label.text()
    dialog.close()


def test_an_inbound_lead_assigned_on_the_server_is_announced_and_enters_the_queue(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str, team_name: str,  # noqa: ANN001, F811
) -> None:
    from sdr_desk.core.entities import LeadSource
    from sdr_desk.server.admin import create_api_key
    from sdr_desk.server.db import write

    controller = install()
    sign_in(qtbot, controller, sqlite_server.url, rep)
    # A mistyped second sign-in leaves the working session alone.
    answers: list[str | None] = []
    controller.sign_in(sqlite_server.url, f"{rep}-typo", PASSWORD, answers.append)
    qtbot.waitUntil(lambda: answers != [], timeout=ROUND_MS)
    assert answers[0] is not None and "refused" in answers[0] and controller.state == SyncState.ONLINE
    engine = sqlite_server.engine()
    try:
        key = write(engine, lambda conn: create_api_key(conn, LeadSource.WEB_FORM, team_name, datetime.now(UTC)))[1]
    finally:
        engine.dispose()
    answer = httpx.post(f"{sqlite_server.url}/api/v1/intake/leads", headers={"X-API-Key": key}, timeout=10,
                        json={"full_name": "Greta Lindqvist", "email": "greta@example.se", "phone": "+46812345678",
                              "company": "Lindqvist Freight", "country": "SE", "time_zone": "Europe/Stockholm"})
    assert answer.status_code == 201, answer.text
    lead_id = answer.json()["lead_id"]

    with qtbot.waitSignal(controller.leads_assigned, timeout=ROUND_MS) as assigned:
        press_f9(qtbot, window)
    assert [(lead.lead_id, lead.name) for lead in assigned.args[0]] == [(lead_id, "Greta Lindqvist")]
    # No system tray offscreen: the status bar carries the news.
    message = window.statusBar().currentMessage()
    assert "1 new inbound lead assigned to you" in message and "Greta Lindqvist" in message
    qtbot.waitUntil(lambda: window.queue_model.row_of(lead_id) is not None, timeout=10_000)
    assert window.select_lead(lead_id)


def test_without_a_keyring_the_session_lives_in_memory_and_the_next_start_asks_again(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str,  # noqa: ANN001, F811
) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # the install fixture puts the previous backend back
    controller = install()
    controller.ui.sign_in_action.trigger()
    dialog = controller.ui.login_dialog
    assert dialog.note_label.isVisibleTo(dialog) and "keyring" in dialog.note_label.text()
    sign_in(qtbot, controller, sqlite_server.url, rep)
    assert controller.state == SyncState.ONLINE
    dialog.reject()

    # The next start: the server and user are known, the session is not; the password is asked once.
    again = SyncController(window.runner, window.desk, 600_000, window)
    asked: list[bool] = []
    again.password_needed.connect(lambda: asked.append(True))
    try:
        with qtbot.waitSignal(again.ready, timeout=10_000):
            again.start()
        assert asked == [True] and again.state == SyncState.LOGIN_NEEDED
        assert (again.server_url, again.username) == (sqlite_server.url, rep)
    finally:
        again.shutdown()


def test_the_sync_menu_and_status_speak_chinese(qtbot, window, install) -> None:  # noqa: ANN001
    controller = install()
    window.choose_language("zh_CN")
    qtbot.waitUntil(lambda: controller.ui.menu.title() == "同步(&S)")
    assert controller.ui.state_label.text() == "未登录"
    assert controller.ui.sync_now_action.text() == "立即同步(&N)"
    window.choose_language("en")
    qtbot.waitUntil(lambda: controller.ui.menu.title() == "&Sync")


def test_a_refused_change_can_be_edited_and_retried(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str,  # noqa: ANN001, F811
) -> None:
    controller = install()
    sign_in(qtbot, controller, sqlite_server.url, rep)
    book = window.desk.book
    lead_id = window.queue_model.lead_id(0)

    def reassign() -> None:
        with book.cache.transaction() as session:
            book.outbox.record(session, EntityKind.LEAD, lead_id, OpKind.COMMAND, {"command": "reassign", "owner_id": None})

    with qtbot.waitSignal(window.runner.idle, timeout=10_000):
        window.runner.run(reassign)
    with qtbot.waitSignal(controller.finished, timeout=ROUND_MS):
        press_f9(qtbot, window)
    controller.ui.attention_action.trigger()
    dialog = controller.ui.attention_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)

    dialog.fields_edit.setPlainText('{"command": ')
    qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and "not valid" in dialog.error_label.text()
    assert controller.needs_attention == 1 and not controller.running

    # What the rep meant: give the lead back to the pool, which an owner may do.
    dialog.fields_edit.setPlainText('{"command": "release"}')
    with qtbot.waitSignal(controller.finished, timeout=ROUND_MS) as done:
        qtbot.mouseClick(dialog.retry_button, Qt.MouseButton.LeftButton)
    assert (done.args[0].pushed, done.args[0].rejected, done.args[0].needs_attention) == (1, 0, 0)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert "need attention" not in window.sync_status.pending_label.text()
    dialog.close()


def test_signing_out_forgets_the_session_and_stops_syncing(
    qtbot, window, install, sqlite_server: ServerProcess, rep: str, memory_keyring: MemoryKeyring,  # noqa: ANN001, F811
) -> None:
    controller = install(interval_ms=200)
    sign_in(qtbot, controller, sqlite_server.url, rep)
    assert memory_keyring.items
    with qtbot.waitSignal(controller.signed_in_changed, check_params_cb=lambda signed_in: not signed_in, timeout=ROUND_MS):
        controller.ui.sign_out_action.trigger()
    assert memory_keyring.items == {} and controller.state == SyncState.LOGIN_NEEDED
    assert controller.ui.state_label.text() == "Not signed in" and not controller.ui.sign_out_action.isEnabled()
    press_f9(qtbot, window)
    assert "Sign in to sync" in window.statusBar().currentMessage()
    assert not controller.running and not controller.round_scheduled
