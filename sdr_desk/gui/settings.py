"""The workstation's own settings, typed, in an ini file inside the profile folder.

Only presentation lives here (window layout, language, sync interval); the rep's data
lives in the cache. Every key has one typed property so a typo cannot create a new key.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_SYNC_INTERVAL_S = 300
MIN_SYNC_INTERVAL_S = 30


class Settings:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    # --- raw helpers -------------------------------------------------------------------

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qs.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        return None

    def _set_bytes(self, key: str, value: QByteArray | bytes | None) -> None:
        if value is None:
            self._qs.remove(key)
        else:
            self._qs.setValue(key, QByteArray(value))

    def sync(self) -> None:
        """Write pending changes to disk (QSettings also does this on its own, later)."""
        self._qs.sync()

    # --- window ------------------------------------------------------------------------

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray | bytes | None) -> None:
        self._set_bytes("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        """Toolbars and docks (QMainWindow.saveState)."""
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray | bytes | None) -> None:
        self._set_bytes("window/state", value)

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray | bytes | None) -> None:
        self._set_bytes("window/splitter", value)

    @property
    def queue_columns(self) -> QByteArray | None:
        """Column order, widths and hidden columns of the call queue (QHeaderView.saveState)."""
        return self._bytes("queue/columns")

    @queue_columns.setter
    def queue_columns(self, value: QByteArray | bytes | None) -> None:
        self._set_bytes("queue/columns", value)

    # --- behaviour ---------------------------------------------------------------------

    @property
    def language(self) -> str:
        """A locale name such as "zh_CN", or "" to follow the system."""
        value = self._qs.value("ui/language", "")
        return value if isinstance(value, str) else ""

    @language.setter
    def language(self, value: str) -> None:
        self._qs.setValue("ui/language", value)

    @property
    def sync_interval_s(self) -> int:
        value = self._qs.value("sync/interval_s", DEFAULT_SYNC_INTERVAL_S)
        try:
            seconds = int(value)  # ini files hand back strings
        except (TypeError, ValueError):
            return DEFAULT_SYNC_INTERVAL_S
        return max(MIN_SYNC_INTERVAL_S, seconds)

    @sync_interval_s.setter
    def sync_interval_s(self, value: int) -> None:
        self._qs.setValue("sync/interval_s", max(MIN_SYNC_INTERVAL_S, int(value)))
