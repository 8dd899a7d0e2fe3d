"""Every change reaches every view: the queue rows, the call card and the window follow what a
use case changed, wherever it was made."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sdr_desk.config import Profile
from sdr_desk.core.entities import ResearchNote, SourceRef, Tier
from sdr_desk.core.ids import new_id
from sdr_desk.gui.app import install_account_view
from sdr_desk.gui.call_session_install import install_call_session
from sdr_desk.gui.models.queue_model import Column
from sdr_desk.gui.settings import Settings
from sdr_desk.gui.sync_install import install_sync
from sdr_desk.gui.views.call_session import Phase
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import open_cache
from tests.gui.test_call_session import on_worker, press


def _stage_cell(window, lead_id: str) -> str:  # noqa: ANN001
    model = window.queue_model
    row = model.row_of(lead_id)
    assert row is not None
    return model.data(model.index(row, Column.STAGE))


def test_a_logged_touch_shows_in_the_queue_row_at_once(qtbot, window) -> None:  # noqa: ANN001
    panel = install_call_session(window)
    window.ui.queueView.setFocus()
    with qtbot.waitSignal(panel.card_shown, timeout=10_000) as shown:
        press(qtbot, Qt.Key.Key_F5)
    lead_id = shown.args[0]
    qtbot.waitUntil(lambda: panel.phase is Phase.CHOOSING and panel.pad.hasFocus())
    assert _stage_cell(window, lead_id) == "New"
    press(qtbot, "1")  # no answer
    with qtbot.waitSignal(panel.outcome_logged, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    # The row was read again: it says Working, as the card does, without selecting anything.
    qtbot.waitUntil(lambda: window.queue_model.row_of(lead_id) is not None
                    and _stage_cell(window, lead_id) == "Working", timeout=10_000)


@pytest.fixture
def extensions() -> list[object]:
    return [install_call_session, install_account_view]


def test_a_pinned_insight_reaches_the_call_card_without_reselecting(qtbot, window) -> None:  # noqa: ANN001
    from sdr_desk.gui.views.account_view import AccountView

    panel = install_call_session(window)
    account_view = window.findChild(AccountView)
    lead_id = window.queue_model.lead_id(1)
    window.select_lead(lead_id)  # the rep looks at a lead: the card follows
    qtbot.waitUntil(lambda: panel.card is not None and panel.card.lead.id == lead_id, timeout=10_000)
    assert panel.card.insights == []
    account_id = panel.card.lead.account_id
    note = ResearchNote(id=new_id(), account_id=account_id, template=Tier.T1, section="market_dynamics", field="growth",
                        text="Opening two warehouses in Q1", sources=[SourceRef("https://example.com/news", "2026-11-01")])
    on_worker(qtbot, window, lambda desk: desk.research.save_note(note))
    account_view._set_pinned(note.id, True)  # the account view's pin action
    qtbot.waitUntil(lambda: [i.note.text for i in panel.card.insights] == ["Opening two warehouses in Q1"], timeout=10_000)
    assert window.current_lead_id() == lead_id  # nothing was reselected


@pytest.fixture
def practice_profile(tmp_path: Path) -> Profile:
    profile = Profile(tmp_path / "practice-rep")
    cache = open_cache(profile.cache_path)
    try:
        generate_demo(cache, leads=80, seed=2, now=datetime.now(UTC))
    finally:
        cache.close()
    settings = Settings(profile.settings_path)
    settings.language = "en"
    settings.sync()
    return profile


def test_a_practice_book_says_so_and_is_set_aside_before_signing_in(qtbot, practice_profile: Profile, catalogues: Path) -> None:  # noqa: ANN001
    from sdr_desk.gui.app import Desktop

    desktop = Desktop(practice_profile, translations_folder=catalogues, extensions=[])
    try:
        with qtbot.waitSignal(desktop.ready, timeout=20_000) as ready:
            desktop.start()
        window = ready.args[0]
        qtbot.waitUntil(lambda: window.queue_model.rowCount() > 0, timeout=20_000)
        assert "practice book" in window.windowTitle()
        assert window.practice_label.isVisible() and "not synced" in window.practice_label.text()
        ui = install_sync(window).ui
        qtbot.waitUntil(ui.sign_in_action.isEnabled, timeout=10_000)
        ui.sign_in_action.trigger()
        box = ui.practice_box
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert box.defaultButton().text().replace("&", "") == "Start a fresh book"
        discard = next(b for b in box.buttons() if "Discard" in b.text())
        discard.click()
        qtbot.waitUntil(lambda: window.queue_model.rowCount() == 0, timeout=10_000)
        assert "practice" not in window.windowTitle() and not window.practice_label.isVisible()
        qtbot.waitUntil(lambda: ui.login_dialog is not None and ui.login_dialog.isVisible(), timeout=10_000)
        assert not (practice_profile.folder / "practice").exists()  # discarded, not kept
        ui.login_dialog.reject()
    finally:
        if desktop.window is not None:
            desktop.window.close()
        desktop.shutdown()


def test_the_nurture_tab_follows_a_lead_put_off_into_its_track(qtbot, qtmodeltester, window) -> None:  # noqa: ANN001
    from sdr_desk.core.entities import DisqualifyReason, Stage
    from sdr_desk.gui.views.nurture_panel import install_nurture

    panel = install_nurture(window)
    lead_id = window.current_lead_id()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.lead_id == lead_id, timeout=10_000)
    assert panel.model.rowCount() == 0 and "Not in nurture" in panel.summary.text()
    # Put off ("not now"): the lead stays in the queue and selected, and enters the drip track.
    window.ops.apply(lambda desk: desk.move_stage(lead_id, Stage.NURTURE, at=window.clock(),
                                                  reason=DisqualifyReason.NOT_NOW))
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)  # the tab heard of it by itself
    assert window.current_lead_id() == lead_id
    assert "Drip" in panel.summary.text() and "automated sends" in panel.summary.text()
    by = {panel.model.data(panel.model.index(r, 3)) for r in range(panel.model.rowCount())}
    assert by == {"Automation"}
    qtmodeltester.check(panel.model)
