"""Sign in to a server: address, user name and password, with problems shown in the dialog.

The password lives only in the field until the sign-in answers, then the field is cleared;
the session's token goes to the keyring (sync/credentials.py), never to a file.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

# submit(server_url, username, password, done); done(None) on success, done(reason) otherwise.
Submit = Callable[[str, str, str, Callable[[str | None], None]], None]


def valid_server_url(text: str) -> bool:
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class LoginDialog(QDialog):
    def __init__(self, submit: Submit, server_url: str = "", username: str = "", note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._busy = False
        self.setObjectName("loginDialog")
        self.server_edit = QLineEdit(server_url, self)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText("https://sdr.example.com")
        self.user_edit = QLineEdit(username, self)
        self.user_edit.setObjectName("userEdit")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.note_label = QLabel(note, self)
        self.note_label.setWordWrap(True)
        self.note_label.setVisible(bool(note))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._sign_in)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self._labels = []
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            label = QLabel(self)
            label.setBuddy(edit)
            self._labels.append(label)
            self.form.addRow(label, edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._retranslate()
        # Keyboard first: start where something is still missing.
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            if not edit.text():
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                break

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in to the server"))
        texts = (self.tr("&Server:"), self.tr("&User name:"), self.tr("&Password:"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _sign_in(self) -> None:
        if self._busy:
            return
        url, user, password = self.server_edit.text().strip(), self.user_edit.text().strip(), self.password_edit.text()
        if not valid_server_url(url):
            self.show_error(self.tr("Enter the server address, such as https://sdr.example.com"))
            self.server_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not user:
            self.show_error(self.tr("Enter your user name."))
            self.user_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not password:
            self.show_error(self.tr("Enter your password."))
            self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._set_busy(True)
        self.show_error(self.tr("Signing in…"))
        self._submit(url, user, password, self._answered)

    def _answered(self, problem: str | None) -> None:
        self._set_busy(False)
        if problem is None:
            self.password_edit.clear()
            self.error_label.hide()
            self.accept()
            return
        self.show_error(problem)
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.password_edit.selectAll()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.server_edit, self.user_edit, self.password_edit):
            widget.setReadOnly(busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
