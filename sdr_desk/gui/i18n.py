"""Which language the workstation speaks: the system's, unless the rep picked one.

English is the source language; Simplified Chinese ships as a translation. Qt's own
strings (standard buttons, context menus) come from Qt's bundled qtbase translations.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sdr_desk import paths

log = logging.getLogger(__name__)

ENGLISH = "en"
CHINESE = "zh_CN"
SHIPPED = (ENGLISH, CHINESE)
# Shown in the language menu in their own language, so a rep can find theirs whatever is active.
NATIVE_NAMES = {ENGLISH: "English", CHINESE: "简体中文"}


def _system_locale() -> QLocale:
    return QLocale.system()


def system_language(locale: QLocale | None = None) -> str:
    locale = locale or _system_locale()
    if locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalHanScript:
        return CHINESE
    return ENGLISH


def effective_language(choice: str, locale: QLocale | None = None) -> str:
    """The rep's choice if we ship it, else the system's language."""
    return choice if choice in SHIPPED else system_language(locale)


class Translations:
    """Owns the installed translators; `apply()` swaps them and Qt retranslates every widget."""

    def __init__(self, app: QCoreApplication, folder: Path = paths.TRANSLATIONS) -> None:
        self._app = app
        self._folder = Path(folder)
        self._installed: list[QTranslator] = []
        self.language = ENGLISH

    def clear(self) -> None:
        """Remove what this object installed (the app is closing, or a test is done)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()

    def apply(self, language: str) -> bool:
        """Install every catalogue for `language` (the workstation's and any panel's own, named
        `<part>_<language>.qm`); returns False when there is none (English is shown)."""
        self.clear()
        self.language = language
        QLocale.setDefault(QLocale(language))
        loaded = []
        for path in sorted(self._folder.glob(f"*_{language}.qm")):
            translator = QTranslator(self._app)
            if translator.load(str(path)):
                loaded.append(translator)
        if language == ENGLISH:
            # English is the source language; its catalogue only adds plural forms.
            self._install(loaded)
            return True
        if not loaded:
            log.warning("no translation catalogue for %s in %s; showing English", language, self._folder)
            self.language = ENGLISH
            QLocale.setDefault(QLocale(ENGLISH))
            return False
        qt_base = QTranslator(self._app)
        if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            loaded.insert(0, qt_base)
        self._install(loaded)
        return True

    def _install(self, translators: list[QTranslator]) -> None:
        for translator in translators:
            self._app.installTranslator(translator)
            self._installed.append(translator)
