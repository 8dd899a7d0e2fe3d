"""Fixtures for the workstation's window tests: a small book on disk, compiled catalogues,
and the real window opened through the composition root, offscreen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sdr_desk import paths
from sdr_desk.config import Profile
from sdr_desk.core.entities import Account, Activity, Channel, Grade, Lead, Outcome, Step, Tier
from sdr_desk.store.engine import open_cache
from sdr_desk.store.repositories import SalesBook

# The offscreen platform cannot resize a native window to a new minimum size and says so each
# time a main window lays itself out; that is the test platform talking, not the app.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

# (name, title, company, country, time zone, minutes to the SLA deadline or None)
PROSPECTS = [
    ("Wang Fang", "CIO", "Shenzhen Lianchuang Logistics", "CN", "Asia/Shanghai", -30),
    ("Anna Keller", "Head of Marketing Operations", "Keller Maschinenbau", "DE", "Europe/Berlin", 10),
    ("Liu Yang", "IT Director", "Hangzhou Yunfan Software", "CN", "Asia/Shanghai", 60),
    ("Marcus Reed", "VP Demand Generation", "Brightline Analytics", "US", "America/New_York", None),
    ("Chen Jing", "Procurement Manager", "Chengdu Tianfu Retail", "CN", "Asia/Shanghai", None),
    ("Sofia Rossi", "CMO", "Rossi Design Studio", "IT", "Europe/Rome", None),
    ("Zhao Lei", "Operations Manager", "Wuhan Hengtai Manufacturing", "CN", "Asia/Shanghai", None),
]


def add_prospects(book: SalesBook, rows=PROSPECTS, now: datetime = NOW) -> list[Lead]:  # noqa: ANN001
    leads = []
    for i, (name, title, company, country, tz, sla_minutes) in enumerate(rows):
        account = Account(
            id=f"acc-{i:03d}",
            name=company,
            country=country,
            industry="Logistics",
            employees=250 + i,
            tier=Tier.T2,
            grade=Grade.B,
        )
        book.create_account(account)
        lead = Lead(
            id=f"lead-{i:03d}",
            full_name=name,
            account_id=account.id,
            title=title,
            country=country,
            time_zone=tz,
            emails=[f"{name.split()[0].lower()}@example.com"],
            phones=["+8613800138000" if country == "CN" else "+493012345678"],
            sla_due_at=None if sla_minutes is None else now + timedelta(minutes=sla_minutes),
        )
        book.create_lead(lead)
        leads.append(lead)
    return leads


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped .ts files compiled now, so the tests check the current translations."""
    folder = tmp_path_factory.mktemp("translations")
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in sorted(paths.TRANSLATIONS.glob("*.ts")):
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(folder / ts.with_suffix(".qm").name)], check=True)
    return folder


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read English labels and weekday names whatever the machine's own locale is."""
    from PySide6.QtCore import QLocale

    from sdr_desk.gui import i18n

    monkeypatch.setattr(i18n, "_system_locale", lambda: QLocale("en_US"))
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(QLocale("en_US"))


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    """A profile with the seven prospects above and one logged call, set to English."""
    from sdr_desk.gui.settings import Settings

    profile = Profile(tmp_path / "profile")
    cache = open_cache(profile.cache_path)
    try:
        book = SalesBook(cache)
        leads = add_prospects(book)
        book.log_activity(
            Activity(
                id="act-001",
                lead_id=leads[3].id,
                channel=Channel.PHONE,
                outcome=Outcome.NO_ANSWER,
                occurred_at=NOW - timedelta(days=1),
                step=Step.REACH,
                notes="Rang twice, no voicemail",
            ),
            unanswered=True,
        )
    finally:
        cache.close()
    settings = Settings(profile.settings_path)
    settings.language = "en"
    settings.sync()
    return profile


@pytest.fixture
def extensions() -> list[object] | None:
    """What the composition root plugs in: nothing by default, so a test that installs one
    capability (sync, the call session) gets exactly one; override with None for them all."""
    return []


@pytest.fixture
def desktop(qtbot, profile: Profile, catalogues: Path, extensions) -> Iterator[object]:  # noqa: ANN001
    from sdr_desk.gui.app import Desktop

    desk = Desktop(profile, translations_folder=catalogues, extensions=extensions)
    yield desk
    if desk.window is not None:
        desk.window.close()
    desk.shutdown()


@pytest.fixture
def window(qtbot, desktop):  # noqa: ANN001
    """The main window, shown, with the queue ranked and its first rows loaded."""
    with qtbot.waitSignal(desktop.ready, timeout=10_000) as ready:
        desktop.start()
    win = ready.args[0]
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.queue_model.rowCount() > 0 and win.queue_model.loaded(0) is not None, timeout=10_000)
    qtbot.waitUntil(lambda: win.detail_pane.lead_id is not None, timeout=10_000)
    qtbot.waitUntil(lambda: desktop.extended, timeout=10_000)  # plugged in just after the first paint
    return win
