"""Generated forms match their Designer sources, and every visible string has its Chinese text."""

from __future__ import annotations

import shutil
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


def test_every_visible_string_is_in_the_chinese_catalogue(tmp_path: Path) -> None:
    catalogue = tmp_path / "sdr_desk_zh_CN.ts"
    shutil.copy(paths.TRANSLATIONS / "sdr_desk_zh_CN.ts", catalogue)
    sources = [str(p) for p in sorted(GUI.rglob("*.py")) if "forms" not in p.parts] + [str(p) for p in sorted(paths.UI.glob("*.ui"))]
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(catalogue)],
        check=True,
    )
    untranslated = []
    for context in ET.parse(catalogue).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in ("unfinished", "vanished", "obsolete")
            text = "".join(translation.itertext()).strip() if translation is not None else ""
            if not done or not text:
                untranslated.append(f"{name}: {message.findtext('source')}")
    assert untranslated == [], "run lupdate and translate: " + "; ".join(untranslated)
