"""The pinned insights of a lead, as the call card shows them: one line each, stale ones marked.

Takes plain data (core.research.PinnedInsight, e.g. from AccountResearch.pinned_for_lead run
on the worker) and never reads the cache itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sdr_desk.core.research import PinnedInsight

CONTEXT = "PinnedInsightsCard"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class PinnedInsightsCard(QWidget):
    """A short list: "Section · Field: first line of the insight"."""

    def __init__(
        self, insights: Sequence[PinnedInsight] = (), locale: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._insights: list[PinnedInsight] = []
        self._locale = locale
        self._labels: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        self._list = QVBoxLayout()
        layout.addLayout(self._list)
        self._retranslate()
        self.set_insights(insights)

    def language(self) -> str:
        """What Label.text() takes: "en", "zh_CN"…; the app's language unless given."""
        return self._locale or QLocale().name()

    def set_insights(self, insights: Sequence[PinnedInsight], locale: str | None = None) -> None:
        if locale is not None:
            self._locale = locale
        self._insights = list(insights)
        for label in self._labels:
            self._list.removeWidget(label)
            label.deleteLater()
        self._labels = []
        for insight in self._insights:
            text = insight.line(self.language())
            if insight.stale:
                text += "  " + _tr("(stale)")
            label = QLabel(text, self)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setToolTip(insight.note.text[:2000])
            if insight.stale:
                label.setStyleSheet("color: #8a6d3b;")
            self._list.addWidget(label)
            self._labels.append(label)
        self.empty.setVisible(not self._insights)

    def lines(self) -> list[str]:
        """What the card shows, line by line."""
        return [label.text() for label in self._labels]

    def _retranslate(self) -> None:
        self.heading.setText(_tr("Pinned insights"))
        self.empty.setText(_tr("Nothing pinned yet: pin an insight in the account's research."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.set_insights(self._insights)
        super().changeEvent(event)
