"""Generated forms match their Designer sources, and every visible string has its Chinese text."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from sdr_desk import paths

TOOLS = Path(sys.executable).parent
FORMS = Path(__file__).resolve().parents[2] / "sdr_desk" / "gui" / "forms"
GUI = FORMS.parent


def _body(form: Path) -> list[str]:
    """The generated code without the line naming the uic version that wrote it."""
    return [line for line in form.read_text().splitlines() if "Created by: Qt User Interface Compiler" not in line]


def test_generated_forms_are_current(tmp_path: Path) -> None:
    sources = sorted(paths.UI.glob("*.ui"))
    assert sources
    for ui in sources:
        fresh = tmp_path / f"ui_{ui.stem}.py"
        subprocess.run([str(TOOLS / "pyside6-uic"), str(ui), "-o", str(fresh)], check=True)
        committed = FORMS / fresh.name
        assert committed.is_file(), f"{committed.name} missing: run `make forms`"
        assert _body(committed) == _body(fresh), f"{committed.name} is stale: run `make forms`"


def _messages(catalogue: Path) -> dict[tuple[str, str], bool]:
    """(context, source) -> whether it has a finished, non-empty translation."""
    found = {}
    for context in ET.parse(catalogue).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in ("unfinished", "vanished", "obsolete")
            text = "".join(translation.itertext()).strip() if translation is not None else ""
            found[(name, message.findtext("source") or "")] = done and bool(text)
    return found


def test_every_visible_string_has_a_chinese_translation(tmp_path: Path) -> None:
    """Every tr() in the GUI and every .ui string, against all shipped zh_CN catalogues
    (the workstation's own and any a panel ships beside it)."""
    scanned = tmp_path / "scanned_zh_CN.ts"
    sources = [str(p) for p in sorted(GUI.rglob("*.py")) if "forms" not in p.parts] + [str(p) for p in sorted(paths.UI.glob("*.ui"))]
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(scanned)],
        check=True,
    )
    needed = set(_messages(scanned))
    assert ("MainWindow", "Call queue") in needed  # the scan really read the sources
    translated = set()
    for catalogue in sorted(paths.TRANSLATIONS.glob("*_zh_CN.ts")):
        translated |= {key for key, done in _messages(catalogue).items() if done}
    untranslated = sorted(f"{context}: {source}" for context, source in needed - translated)
    assert untranslated == [], "run lupdate and translate: " + "; ".join(untranslated)


def test_every_plural_has_its_english_forms(tmp_path: Path) -> None:
    """"%n lead(s)" must read "1 lead" / "2 leads": English plural forms live in sdr_desk_en.ts."""
    scanned = tmp_path / "scanned_en.ts"
    sources = [str(p) for p in sorted(GUI.rglob("*.py")) if "forms" not in p.parts]
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(scanned)],
        check=True,
    )

    def plurals(catalogue: Path) -> dict[tuple[str, str], int]:
        return {
            (context.findtext("name") or "", message.findtext("source") or ""): len(message.findall("translation/numerusform"))
            for context in ET.parse(catalogue).getroot().iter("context")
            for message in context.iter("message")
            if message.get("numerus") == "yes"
        }

    needed = plurals(scanned)
    assert ("MainWindow", "%n lead(s)") in needed
    shipped = plurals(paths.TRANSLATIONS / "sdr_desk_en.ts")
    lacking = sorted(f"{c}: {s}" for (c, s) in needed if shipped.get((c, s), 0) < 2)
    assert lacking == [], "add English singular and plural forms: " + "; ".join(lacking)


def test_queue_reasons_read_in_chinese_wherever_they_are_shown(qtbot, catalogues: Path) -> None:  # noqa: ANN001
    """"Why here?" and the call card both word a component's reason from its code, not the
    rules' English text: every reason code the queue gives has its Chinese wording."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QCoreApplication

    from sdr_desk.core.entities import Direction, Outcome
    from sdr_desk.core.priority import PriorityPolicy, QueueFacts
    from sdr_desk.gui.i18n import Translations
    from sdr_desk.gui.views.why_here import priority_reason
    from sdr_desk.store.queue import PriorityPart

    now = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)  # a Saturday night in Shanghai: closed till Monday
    policy = PriorityPolicy.load()
    every_component = QueueFacts(
        lead_id="lead-1", score=90, learner=True, direction=Direction.INBOUND, time_zone="Asia/Shanghai", country="CN",
        sla_due_at=now - timedelta(minutes=20), next_touch_at=now - timedelta(hours=1), nurture_due_at=now - timedelta(days=1),
        attempts=12, last_attempt_at=now - timedelta(minutes=10), last_outcome=Outcome.NO_ANSWER,
    )
    parts = [
        PriorityPart(c.code, c.points, c.reason.text, c.reason.code, tuple(sorted(c.reason.params.items())))
        for c in policy.explain(every_component, now) or []
    ]
    just_talked = QueueFacts(lead_id="lead-2", time_zone="Asia/Shanghai", country="CN", last_attempt_at=now)
    parts += [
        PriorityPart(c.code, c.points, c.reason.text, c.reason.code, tuple(sorted(c.reason.params.items())))
        for c in policy.explain(just_talked, now) or []
    ]
    assert {p.reason_code for p in parts} >= {"sla.overdue", "score", "learner", "due.next_touch", "due.nurture",
                                              "window.closed", "retry.backoff", "attempts.many", "touched.recently"}
    translations = Translations(QCoreApplication.instance(), catalogues)
    try:
        assert translations.apply("zh_CN")
        for part in parts:
            text = priority_reason(part)
            assert text != part.reason and any("\u4e00" <= ch <= "\u9fff" for ch in text), (part.reason_code, text)
    finally:
        translations.clear()
