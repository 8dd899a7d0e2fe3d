"""The MQL hand-off summary: read it, copy it into a mail, or export it as a Markdown file.

The text comes from core.handoff.handoff_summary, built on the worker (`load_handoff_summary`).
"""

from __future__ import annotations

from datetime import datetime

from pathlib import Path

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.desk import Applied, Desk
from sdr_desk.core.handoff import handoff_summary
from sdr_desk.core.qualification import framework
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.repositories import RecordNotFound, SalesBook
from sdr_desk.store.research import AccountResearch


def load_handoff_summary(book: SalesBook, lead_id: str, lang: str) -> str:
    """Everything the salesperson reads, gathered on the worker: evidence, roles, research, touches."""
    work = LeadWork(book)
    lead = book.lead(lead_id)
    versions = work.qualifications(lead_id)
    if not versions:
        raise ValueError("the lead has no saved qualification")
    latest = versions[0]
    account = committee = None
    research = AccountResearch(book)
    notes = []
    if lead.account_id:
        try:
            account = book.account(lead.account_id)
            committee = research.committee(lead.account_id)
            notes = research.notes(lead.account_id)
        except RecordNotFound:
            account = committee = None
    members = committee.members() if committee is not None else []
    return handoff_summary(
        lead=lead,
        qualification=latest,
        framework=framework(latest.framework),
        account=account,
        buyer_roles=[m.entry for m in members if m.entry.role.value != "unknown"],
        people={m.lead.id: m.lead for m in members},
        research=notes,
        activities=book.activities(lead_id),
        lang=lang,
    )


def hand_off(desk: Desk, lead_id: str, at: datetime, lang: str) -> Applied[str]:
    """Hand the lead to sales as an MQL (refused with a reason unless the latest verdict is
    qualified), then summarise it for the salesperson."""
    moved = desk.hand_off(lead_id, at=at)
    return Applied(load_handoff_summary(desk.book, lead_id, lang), moved.changes)


class HandoffDialog(QDialog):
    def __init__(self, markdown: str, lead_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoffDialog")
        self.markdown = markdown
        self.lead_name = lead_name
        self.resize(640, 560)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(self, objectName="handoffText")
        self.text.setReadOnly(True)
        self.text.setPlainText(markdown)
        self.status = QLabel(self, objectName="handoffStatus")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self)
        self.export_button = QPushButton(self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy)
        self.export_button.clicked.connect(self._ask_export)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setWindowTitle(self.tr("Hand-off: %1").replace("%1", lead_name))
        self.copy_button.setText(self.tr("Copy (Ctrl+Shift+C)"))
        self.export_button.setText(self.tr("Export… (Ctrl+E)"))
        # After the texts: a button's text replaces its shortcut with the text's mnemonic.
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.markdown)
        self.status.setText(self.tr("Copied to the clipboard."))

    def export_to(self, path: Path) -> None:
        path.write_text(self.markdown, encoding="utf-8")
        self.status.setText(self.tr("Saved to %1").replace("%1", str(path)))

    def _ask_export(self) -> None:
        suggested = f"handoff-{self.lead_name.replace(' ', '-').lower()}.md"
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the hand-off"), suggested, self.tr("Markdown (*.md)"))
        if name:
            try:
                self.export_to(Path(name))
            except OSError as exc:
                self.status.setText(self.tr("Could not save: %1").replace("%1", str(exc)))
