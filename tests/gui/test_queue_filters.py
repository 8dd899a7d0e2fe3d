"""The queue's filter bar, its re-rank as time moves, and the "Why here?" panel, on a small
book at a fixed moment: Wednesday 25 November 2026, 02:00 UTC (10:00 in Shanghai, 03:00 in
Berlin and Rome, 21:00 the evening before in New York)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from sdr_desk.config import Profile
from sdr_desk.core.entities import Account, Direction, Grade, Lead, LeadSource, Stage, Tier
from sdr_desk.gui.settings import Settings
from sdr_desk.gui.views.why_here import WhyHereModel, WhyHerePanel, install_why_here
from sdr_desk.store.engine import open_cache
from sdr_desk.store.queue import PriorityPart
from sdr_desk.store.repositories import SalesBook

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)

# id, name, country, zone, direction, source, stage, tier, grade, minutes to the SLA deadline
BOOK = [
    ("lead-a", "Wang Fang", "CN", "Asia/Shanghai", Direction.INBOUND, LeadSource.WEB_FORM, Stage.NEW, Tier.T1, Grade.A, 360),
    ("lead-b", "Anna Keller", "DE", "Europe/Berlin", Direction.OUTBOUND, LeadSource.OUTBOUND_LIST, Stage.WORKING, Tier.T2, Grade.B, None),
    ("lead-c", "Marcus Reed", "US", "America/New_York", Direction.INBOUND, LeadSource.WEBINAR, Stage.WORKING, Tier.T3, Grade.B, None),
    ("lead-d", "Liu Yang", "CN", "Asia/Shanghai", Direction.OUTBOUND, LeadSource.REFERRAL, Stage.NURTURE, Tier.T1, Grade.A, None),
    ("lead-e", "Sofia Rossi", "IT", "Europe/Rome", Direction.INBOUND, LeadSource.TRADE_SHOW, Stage.NEW, Tier.T3, Grade.B, 180),
]
ALL = {row[0] for row in BOOK}


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    profile = Profile(tmp_path / "profile")
    cache = open_cache(profile.cache_path)
    try:
        book = SalesBook(cache)
        for i, (lead_id, name, country, zone, direction, source, stage, tier, grade, sla) in enumerate(BOOK):
            account = Account(id=f"acc-{i}", name=f"{name.split()[1]} Ltd", country=country, tier=tier, grade=grade)
            book.create_account(account)
            book.create_lead(
                Lead(
                    id=lead_id,
                    full_name=name,
                    account_id=account.id,
                    country=country,
                    time_zone=zone,
                    direction=direction,
                    source=source,
                    stage=stage,
                    phones=["+8613800138000"],
                    sla_due_at=None if sla is None else T0 + timedelta(minutes=sla),
                )
            )
    finally:
        cache.close()
    settings = Settings(profile.settings_path)
    settings.language = "en"
    settings.sync()
    return profile


@pytest.fixture
def extensions() -> list[object]:
    return [install_why_here]


@pytest.fixture
def moment():  # noqa: ANN201
    return [T0]


@pytest.fixture
def queue(qtbot, window, moment):  # noqa: ANN001, ANN201
    """The window ranked at the fixed moment (it opened on the real clock)."""
    window.clock = lambda: moment[0]
    _rerank(qtbot, window, window.refresh_queue)
    assert _ids(window) == ALL
    return window


def _ids(window) -> set[str]:  # noqa: ANN001
    model = window.queue_model
    return {model.lead_id(row) for row in range(model.rowCount())}


def _order(window) -> list[str]:  # noqa: ANN001
    model = window.queue_model
    return [model.lead_id(row) for row in range(model.rowCount())]


def _rerank(qtbot, window, action) -> None:  # noqa: ANN001
    with qtbot.waitSignal(window.queue_loaded, timeout=5000):
        action()


def _store_rows(window):  # noqa: ANN001, ANN202
    """What the store holds for every lead in the book: the truth the filters are checked against."""
    return window.desk.queue.rows(sorted(ALL))


def _panel(window) -> WhyHerePanel:  # noqa: ANN001
    panel = window.findChild(WhyHerePanel)
    assert panel is not None
    return panel


@pytest.mark.parametrize(
    ("combo", "field", "value"),
    [
        ("directionCombo", "direction", Direction.INBOUND),
        ("directionCombo", "direction", Direction.OUTBOUND),
        ("stageCombo", "stage", Stage.NEW),
        ("stageCombo", "stage", Stage.NURTURE),
        ("tierCombo", "tier", Tier.T1),
        ("tierCombo", "tier", Tier.T3),
        ("gradeCombo", "grade", Grade.A),
        ("sourceCombo", "source", LeadSource.WEBINAR),
    ],
)
def test_each_filter_narrows_the_queue_to_the_matching_leads(qtbot, queue, combo, field, value) -> None:  # noqa: ANN001
    widget = getattr(queue.ui, combo)
    expected = {lead_id for lead_id, row in _store_rows(queue).items() if getattr(row, field) == value}
    assert expected and expected != ALL  # the book makes every filter choice a real narrowing

    _rerank(qtbot, queue, lambda: queue.set_filter(widget, value))
    assert widget.currentText() != "All"
    assert _ids(queue) == expected

    _rerank(qtbot, queue, lambda: widget.setCurrentIndex(0))
    assert widget.currentText() == "All"
    assert _ids(queue) == ALL


def test_filters_combine_with_each_other_and_with_the_search_box(qtbot, queue) -> None:  # noqa: ANN001
    ui = queue.ui
    _rerank(qtbot, queue, lambda: queue.set_filter(ui.directionCombo, Direction.INBOUND))
    _rerank(qtbot, queue, lambda: queue.set_filter(ui.gradeCombo, Grade.B))
    assert _ids(queue) == {"lead-c", "lead-e"}
    _rerank(qtbot, queue, lambda: ui.searchEdit.setText("rossi"))
    assert _ids(queue) == {"lead-e"}


def test_callable_now_hides_leads_outside_their_calling_hours(qtbot, queue, moment) -> None:  # noqa: ANN001
    check = queue.ui.callableCheck
    _rerank(qtbot, queue, lambda: check.setChecked(True))
    assert _ids(queue) == {"lead-a", "lead-d"}  # 10:00 in Shanghai; night in Europe and New York

    moment[0] = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 10:00 in Berlin and Rome, 17:00 in Shanghai
    _rerank(qtbot, queue, queue.refresh_queue)
    assert _ids(queue) == {"lead-a", "lead-b", "lead-d", "lead-e"}

    _rerank(qtbot, queue, lambda: check.setChecked(False))
    assert _ids(queue) == ALL


def test_the_filter_bar_is_reachable_from_the_keyboard(qtbot, queue) -> None:  # noqa: ANN001
    ui = queue.ui
    queue.activateWindow()
    qtbot.waitUntil(queue.isActiveWindow)
    for key, widget in (
        (Qt.Key.Key_D, ui.directionCombo),
        (Qt.Key.Key_T, ui.stageCombo),
        (Qt.Key.Key_I, ui.tierCombo),
        (Qt.Key.Key_G, ui.gradeCombo),
        (Qt.Key.Key_O, ui.sourceCombo),
    ):
        qtbot.keyClick(queue, key, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(widget.hasFocus)
    with qtbot.waitSignal(queue.queue_loaded, timeout=5000):
        qtbot.keyClick(ui.sourceCombo, Qt.Key.Key_Down)
    assert _ids(queue) == {"lead-a"}  # the first source after "All" is the web form
    with qtbot.waitSignal(queue.queue_loaded, timeout=5000):
        qtbot.keyClick(queue, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert ui.callableCheck.isChecked()


def test_why_here_lists_the_selected_leads_components_and_follows_the_selection(qtbot, queue) -> None:  # noqa: ANN001
    panel = _panel(queue)
    assert queue.ui.sideTabs.tabText(queue.ui.sideTabs.indexOf(panel)) == "Why here?"

    queue.select_lead("lead-a")
    expected = queue.desk.queue.explain("lead-a", T0)
    qtbot.waitUntil(lambda: panel.lead_id == "lead-a" and panel.model.parts() == expected)
    codes = [panel.model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(panel.model.rowCount())]
    assert codes == ["sla", "grade", "tier"]
    assert [panel.model.index(r, 1).data() for r in range(3)] == ["+300", "+40", "+60"]
    assert panel.model.index(0, 0).data() == "First-touch SLA"
    assert panel.model.index(0, 2).data() == "New inbound lead: SLA due in 6 h 00 min"
    assert panel.model.index(1, 2).data() == "Grade A" and panel.model.index(2, 2).data() == "Tier T1 account"
    assert "Priority 400" in panel.summary.text() and "Callable now." in panel.summary.text()

    queue.select_lead("lead-c")  # New York at night
    qtbot.waitUntil(lambda: panel.lead_id == "lead-c" and panel.model.parts() == queue.desk.queue.explain("lead-c", T0))
    codes = [panel.model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(panel.model.rowCount())]
    assert codes == ["window"]
    assert panel.model.index(0, 0).data() == "Calling hours"
    assert panel.model.index(0, 1).data() == "-250"
    assert panel.model.index(0, 2).data() == "Outside calling hours: callable 09:00 their time (Wed)"
    assert "Priority -250" in panel.summary.text() and "Not callable now" in panel.summary.text()


def test_time_moving_past_an_sla_deadline_re_ranks_and_the_overdue_lead_goes_to_the_top(qtbot, queue, moment) -> None:  # noqa: ANN001
    order = _order(queue)
    assert order[0] == "lead-a" and order.index("lead-e") > 1  # Rome's SLA is hours away, and Rome sleeps
    panel = _panel(queue)
    queue.select_lead("lead-e")
    qtbot.waitUntil(lambda: panel.lead_id == "lead-e" and [p.code for p in panel.model.parts()] == ["sla", "window"])
    assert panel.model.index(0, 1).data() == "+300"

    moment[0] = T0 + timedelta(hours=4)  # an hour past Sofia Rossi's deadline, before Wang Fang's
    _rerank(qtbot, queue, queue._rerank_timer.timeout.emit)
    assert _order(queue)[0] == "lead-e"
    assert queue.current_lead_id() == "lead-e"  # the selection stays on the lead the rep had
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and panel.model.index(0, 1).data() == "+10000")
    assert panel.model.index(0, 2).data() == "SLA overdue by 1 h 00 min: untouched inbound lead"


def test_the_queue_re_ranks_every_minute_at_least(queue) -> None:  # noqa: ANN001
    assert queue._rerank_timer.isActive()
    assert queue._rerank_timer.interval() <= 60_000


def test_why_here_model_passes_the_model_tester(qtmodeltester) -> None:  # noqa: ANN001
    model = WhyHereModel()
    model.set_parts(
        (
            PriorityPart("sla", 10_000, "SLA overdue by 5 min: untouched inbound lead", "sla.overdue", (("minutes", 5),)),
            PriorityPart("window", -250, "Outside calling hours", "window.closed"),
        )
    )
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 2 and model.columnCount() == 3
    assert model.index(1, 1).data() == "-250"
    model.set_parts(())
    qtmodeltester.check(model, force_py=True)


def test_why_here_speaks_chinese_when_the_rep_switches(qtbot, queue) -> None:  # noqa: ANN001
    panel = _panel(queue)
    queue.select_lead("lead-a")
    expected = queue.desk.queue.explain("lead-a", T0)
    qtbot.waitUntil(lambda: panel.lead_id == "lead-a" and panel.model.parts() == expected)
    queue.choose_language("zh_CN")
    try:
        tabs = queue.ui.sideTabs
        qtbot.waitUntil(lambda: tabs.tabText(tabs.indexOf(panel)) == "为何在此？")
        assert panel.model.index(0, 0).data() == "首次触达 SLA"
        assert panel.model.index(0, 2).data() == "新呼入线索：SLA 将在 6 小时 00 分后到期"
        assert panel.summary.text().startswith("优先级 400")
        assert queue.ui.directionCombo.itemText(0) == "全部"
        assert queue.ui.callableCheck.text() == "现在可拨打(&C)"
    finally:
        queue.choose_language("en")
    qtbot.waitUntil(lambda: panel.model.index(0, 0).data() == "First-touch SLA")
