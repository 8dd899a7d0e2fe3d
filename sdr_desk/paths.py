"""Where the app's data folders live: a source checkout, an installed wheel or a PyInstaller bundle.

Every other module asks here, so `resources/`, `ui/` and `db/` are resolved in one place.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:  # PyInstaller one-folder bundle: data copied beside the code
        return Path(bundle)
    here = Path(__file__).resolve().parent
    # Source checkout or editable install: the folders sit beside the package.
    if (here.parent / "resources").is_dir():
        return here.parent
    # Installed wheel: data files under <prefix>/share/sdr-desk (pyproject's data-files).
    return Path(sys.prefix) / "share" / "sdr-desk"


ROOT = _root()
RESOURCES = ROOT / "resources"
RULES = RESOURCES / "rules"
TRANSLATIONS = RESOURCES / "translations"
ICONS = RESOURCES / "icons"
UI = ROOT / "ui"
DB = ROOT / "db"
CLIENT_MIGRATIONS = DB / "client"
SERVER_MIGRATIONS = DB / "server"
