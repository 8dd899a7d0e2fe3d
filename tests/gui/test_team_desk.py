"""The Team desk on a demo team: open it, switch the demo to its team lead, filter the log,
export the charts, act on a lead; and every model it shows passes qtmodeltester."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from sdr_desk.config import Profile
from sdr_desk.core.entities import Channel, Step
from sdr_desk.gui.settings import Settings
from sdr_desk.gui.views.team_desk import TeamDesk, install_team_desk
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import open_cache


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    profile = Profile(tmp_path / "demo-profile")
    cache = open_cache(profile.cache_path)
    try:
        generate_demo(cache, leads=400)
    finally:
        cache.close()
    settings = Settings(profile.settings_path)
    settings.language = "en"
    settings.sync()
    return profile


@pytest.fixture
def extensions() -> list[object]:
    return [install_team_desk]


def _settled(qtbot, desk: TeamDesk) -> None:  # noqa: ANN001
    """Until the log on screen is the one the filters ask for."""
    qtbot.waitUntil(lambda: not desk._filter_timer.isActive() and desk.shown_filter == desk.log_filter(), timeout=10_000)


@pytest.fixture
def desk(qtbot, window) -> Iterator[TeamDesk]:  # noqa: ANN001
    found = window.findChild(TeamDesk)
    assert found is not None
    qtbot.waitUntil(lambda: found.figures is not None, timeout=10_000)
    with qtbot.waitSignal(found.figures_shown, timeout=10_000):
        found.menu.open_action.trigger()
    assert found.isVisible()
    yield found
    found.close()


def test_an_sdr_sees_only_their_own_figures_beside_the_median(qtbot, desk: TeamDesk) -> None:  # noqa: ANN001
    f = desk.figures
    assert f is not None and f.is_sdr and f.demo is not None
    assert desk.funnel_model.rowCount() == 3  # their own row, the team median, the benchmark
    assert desk.funnel_model.index(1, 0).data() == "Team median"
    assert not desk.rep_combo.isEnabled() and not desk.reassign_button.isEnabled()
    assert desk.menu.lead_action.isVisible()
    with qtbot.waitSignal(desk.log_shown, timeout=10_000):
        desk.refresh_log()
    authors = {desk.log_model.entry(r).author_id for r in range(min(50, desk.log_model.rowCount())) if desk.log_model.entry(r)}
    assert authors == {f.me}


def test_team_lead_filters_the_log_and_exports_the_charts(qtbot, desk: TeamDesk, window, tmp_path: Path) -> None:  # noqa: ANN001
    with qtbot.waitSignal(desk.figures_shown, timeout=10_000, check_params_cb=lambda: not desk.figures.is_sdr):
        desk.menu.lead_action.trigger()
    assert desk.figures.me == "demo-lead"
    assert desk.funnel_model.rowCount() == 5 + 3  # five reps, the team, its median, the benchmark
    assert desk.rep_combo.isEnabled()

    desk.set_choice(desk.channel_combo, Channel.PHONE)
    _settled(qtbot, desk)
    assert desk.log_model.rowCount() > 0
    rows = [desk.log_model.entry(r) for r in range(min(100, desk.log_model.rowCount()))]
    assert rows and all(r is not None and r.channel is Channel.PHONE for r in rows)

    desk.set_choice(desk.rep_combo, "demo-rep-2")
    desk.set_choice(desk.step_combo, Step.CONVERSATION)
    _settled(qtbot, desk)
    rows = [desk.log_model.entry(r) for r in range(desk.log_model.rowCount()) if desk.log_model.entry(r)]
    assert all(r.author_id == "demo-rep-2" and r.step is Step.CONVERSATION and r.channel is Channel.PHONE for r in rows)
    qtbot.waitUntil(lambda: desk.log_count.text().startswith("Entries:"), timeout=10_000)

    desk.lead_edit.setText("no lead is called this")
    _settled(qtbot, desk)
    assert desk.log_model.rowCount() == 0
    assert desk.log_empty.isVisible() and desk.log_empty.text() == "No touches match these filters."

    desk.tabs.setCurrentIndex(1)
    png = tmp_path / "funnel.png"
    assert desk.export_png(png)
    assert png.stat().st_size > 1000
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 100
    csv_path = tmp_path / "funnel.csv"
    desk.export_csv(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("rep,dials,reaches") and len(lines) == 1 + 5 + 1


def test_opening_an_entry_shows_its_lead(qtbot, desk: TeamDesk, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(desk.log_shown, timeout=10_000):
        desk.refresh_log()
    lead_id = desk.log_model.lead_id(0)
    assert lead_id
    desk.log_view.setCurrentIndex(desk.log_model.index(0, 0))
    desk.open_button.click()
    qtbot.waitUntil(lambda: window.detail_pane.lead_id == lead_id, timeout=10_000)


def test_reassigning_a_lead_shows_it_pending(qtbot, desk: TeamDesk, window) -> None:  # noqa: ANN001
    with qtbot.waitSignal(desk.figures_shown, timeout=10_000, check_params_cb=lambda: not desk.figures.is_sdr):
        desk.menu.lead_action.trigger()
    with qtbot.waitSignal(desk.log_shown, timeout=10_000):
        desk.refresh_log()
    lead_id = desk.log_model.lead_id(0)
    owner = window.desk.book.lead(lead_id).owner_id
    target = "demo-rep-4" if owner != "demo-rep-4" else "demo-rep-3"
    with qtbot.waitSignal(desk.leads_changed, timeout=10_000) as changed:
        desk.reassign([lead_id], target)
    assert changed.args[0] == {lead_id}
    qtbot.waitUntil(lambda: lead_id in desk.log_model.pending, timeout=10_000)
    assert desk.log_model.index(0, 5).data().endswith("(pending)")
    assert window.desk.book.lead(lead_id).owner_id == target
    # A rep who is not on the roster is refused, with the reason.
    desk.reassign([lead_id], "someone-else")
    qtbot.waitUntil(lambda: desk.findChild(object, "teamMessage") is not None, timeout=10_000)
    assert "not a rep of this team" in desk.findChild(object, "teamMessage").text()


def test_models_pass_the_model_tester(qtbot, qtmodeltester, desk: TeamDesk) -> None:  # noqa: ANN001
    with qtbot.waitSignal(desk.log_shown, timeout=10_000):
        desk.refresh_log()
    for model in (desk.log_model, desk.funnel_model, desk.workload_model, desk.distribution_model,
                  desk.sla_rep_model, desk.sla_source_model):
        qtmodeltester.check(model)
