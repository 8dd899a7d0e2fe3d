"""The T1/T2/T3 insight editor of one account, generated from the template data.

Nothing here is laid out per tier: sections, fields, labels and freshness limits all come
from resources/rules/research/*.toml through core.research. Each field takes text plus
sources (a link or a document, with a date); a note is checked by core before it is even
offered for saving, so a bad link or a future date is refused inline and nothing is sent.
Saving and pinning are requested by signal; the account view runs them on the worker and
answers with `note_saved`, `show_refusal` or `show_error`.

Keyboard: Tab walks text → sources → "Add source" → Save → Pin; Ctrl+Return (or Ctrl+S)
saves the field being edited from anywhere inside it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.core.entities import Lead, ResearchNote, SourceKind, SourceRef, Tier
from sdr_desk.core.ids import new_id
from sdr_desk.core.research import (
    FieldSpec,
    NoteIssue,
    NoteProblem,
    SectionSpec,
    Template,
    account_completeness,
    is_stale,
    note_issues,
)

CONTEXT = "ResearchPanel"
ACCOUNT_WIDE = ""  # contact key of a note about the account, not one person
STALE_COLOUR = "#b26a00"
REFUSED_COLOUR = "#c62828"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def problem_text(issue: NoteIssue) -> str:
    """A refusal in the rep's language (core's reason is English, for logs)."""
    texts = {
        NoteProblem.UNKNOWN_SECTION: _tr("This section is not in the template any more."),
        NoteProblem.UNKNOWN_FIELD: _tr("This field is not in the template any more."),
        NoteProblem.WRONG_TEMPLATE: _tr("The note belongs to another template."),
        NoteProblem.EMPTY: _tr("Write the insight before saving."),
        NoteProblem.TOO_LONG: _tr("The insight is too long to save."),
        NoteProblem.NEEDS_CONTACT: _tr("This section is about a person: pick the contact."),
        NoteProblem.BAD_LINK: _tr("Not a web link: it must start with http:// or https:// and name a site."),
        NoteProblem.EMPTY_DOCUMENT: _tr("Name the document the insight comes from."),
        NoteProblem.BAD_DATE: _tr("Not a date: write it as YYYY-MM-DD."),
        NoteProblem.FUTURE_DATE: _tr("The source date is in the future."),
    }
    return texts[issue.problem]


def tint(label: QLabel, colour: str, bold: bool = False) -> None:
    """Colour a label through its palette (a style sheet per widget costs a re-polish each)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)


def _ctrl_enter(event: QEvent) -> bool:
    if event.type() != QEvent.Type.KeyPress:
        return False
    assert isinstance(event, QKeyEvent)
    ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_S)


class SourceRow(QWidget):
    """One source of an insight: link or document, what it is, and its date."""

    removeRequested = Signal(object)  # this row

    def __init__(self, source: SourceRef | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox(self)
        self.kind.addItem(_tr("Link"), SourceKind.LINK.value)
        self.kind.addItem(_tr("Document"), SourceKind.DOCUMENT.value)
        self.ref = QLineEdit(self)
        self.date = QLineEdit(self)
        self.date.setMaxLength(10)
        self.date.setPlaceholderText(_tr("YYYY-MM-DD"))
        self.date.setMaximumWidth(110)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setToolTip(_tr("Remove this source"))
        self.remove.setAccessibleName(_tr("Remove this source"))
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))
        layout.addWidget(self.kind)
        layout.addWidget(self.ref, 1)
        layout.addWidget(self.date)
        layout.addWidget(self.remove)
        self.kind.currentIndexChanged.connect(self._placeholder)
        if source is not None:
            self.kind.setCurrentIndex(0 if source.kind is SourceKind.LINK else 1)
            self.ref.setText(source.ref)
            self.date.setText(source.date or "")
        self._placeholder()

    def _placeholder(self) -> None:
        link = self.kind.currentData() == SourceKind.LINK.value
        self.ref.setPlaceholderText("https://…" if link else _tr("Annual report 2025, analyst call…"))
        self.ref.setAccessibleName(_tr("Source link") if link else _tr("Source document"))
        self.date.setAccessibleName(_tr("Source date"))

    def source(self) -> SourceRef:
        return SourceRef(
            ref=self.ref.text().strip(),
            date=self.date.text().strip() or None,
            kind=SourceKind(self.kind.currentData()),
        )

    def mark(self, part: str, reason: str | None) -> None:
        """Flag the ref or the date as refused (or clear it), with the reason as tooltip."""
        edit = self.ref if part == "ref" else self.date
        refused = reason is not None
        if bool(edit.property("refused")) != refused:
            edit.setStyleSheet("border: 1px solid #c62828;" if refused else "")
        edit.setProperty("refused", refused)
        edit.setToolTip(reason or "")


class FieldEditor(QFrame):
    """One field of the template: its note (per contact where the section is about a person)."""

    saveRequested = Signal(object)  # ResearchNote, already checked by core
    pinRequested = Signal(str, bool)  # note id, pinned

    def __init__(
        self,
        template: Template,
        section: SectionSpec,
        spec: FieldSpec,
        account_id: str,
        contacts: Sequence[Lead],
        clock: Callable[[], datetime],
        locale: str,
        parent: QWidget | None = None,
        notes: Sequence[ResearchNote] = (),
    ) -> None:
        super().__init__(parent)
        self.template = template
        self.section = section
        self.spec = spec
        self.account_id = account_id
        self.clock = clock
        self._notes: dict[str, ResearchNote] = {}  # contact key -> newest note
        self._rows: list[SourceRow] = []
        self._saving = False
        self.setObjectName(f"field-{section.id}-{spec.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.title = QLabel(spec.label.text(locale), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.stale_mark = QLabel(_tr("Stale"), self)
        tint(self.stale_mark, STALE_COLOUR, bold=True)
        self.stale_mark.setToolTip(
            _tr("Older than %1 days: check the facts again.").replace("%1", str(template.fresh_limit(section.id).days))
        )
        self.stale_mark.hide()
        self.status = QLabel(self)  # "Saved", "Saving…"
        head.addWidget(self.title)
        head.addWidget(self.stale_mark)
        head.addStretch(1)
        head.addWidget(self.status)
        layout.addLayout(head)

        self.contact = QComboBox(self)
        self.contact.setAccessibleName(_tr("Contact"))
        if section.per_contact:
            for lead in contacts:
                self.contact.addItem(lead.full_name, lead.id)
            if not contacts:
                self.contact.addItem(_tr("No contacts yet"), None)
            self.contact.currentIndexChanged.connect(lambda _i: self._show_current())
            layout.addWidget(self.contact)
        else:
            self.contact.hide()

        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(spec.label.text(locale))
        self.text.setPlaceholderText(_tr("What did you find? One insight, in your own words."))
        self.text.setMinimumHeight(60)
        self.text.setMaximumHeight(140)
        layout.addWidget(self.text)

        self.sources_box = QVBoxLayout()
        layout.addLayout(self.sources_box)

        buttons = QHBoxLayout()
        self.add_source = QPushButton(_tr("Add source"), self)
        self.add_source.setAutoDefault(False)
        self.add_source.clicked.connect(self.add_source_row)
        self.save = QPushButton(_tr("Save"), self)
        self.save.setToolTip(_tr("Save this insight (Ctrl+Return)"))
        self.save.clicked.connect(self.request_save)
        self.pin = QToolButton(self)
        self.pin.setCheckable(True)
        self.pin.setText(_tr("Pin"))
        self.pin.setToolTip(_tr("Pinned insights show on the call card and in the MQL hand-off"))
        self.pin.clicked.connect(self._pin_clicked)
        buttons.addWidget(self.add_source)
        buttons.addStretch(1)
        buttons.addWidget(self.pin)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)

        self.refusal = QLabel(self)
        self.refusal.setWordWrap(True)
        tint(self.refusal, REFUSED_COLOUR)
        self.refusal.hide()
        layout.addWidget(self.refusal)

        self.text.installEventFilter(self)
        self.set_notes(notes)

    # --- what the field holds -------------------------------------------------------------------

    def contact_key(self) -> str:
        if not self.section.per_contact:
            return ACCOUNT_WIDE
        return self.contact.currentData() or ACCOUNT_WIDE

    def current_note(self) -> ResearchNote | None:
        return self._notes.get(self.contact_key())

    def notes(self) -> list[ResearchNote]:
        return list(self._notes.values())

    def set_notes(self, notes: Sequence[ResearchNote]) -> None:
        """The newest note per contact becomes the one edited here."""
        self._notes = {}
        for note in notes:
            key = note.lead_id or ACCOUNT_WIDE
            held = self._notes.get(key)
            if held is None or (note.updated_at and held.updated_at and note.updated_at > held.updated_at):
                self._notes[key] = note
        self._show_current()

    def note_saved(self, note: ResearchNote) -> None:
        self._saving = False
        self._notes[note.lead_id or ACCOUNT_WIDE] = note
        if (note.lead_id or ACCOUNT_WIDE) == self.contact_key():
            self._show_marks()
            self.pin.setChecked(note.pinned)
        self.status.setText(_tr("Saved"))
        self.refusal.hide()

    def select_contact(self, lead_id: str | None) -> None:
        index = self.contact.findData(lead_id)
        if index >= 0:
            self.contact.setCurrentIndex(index)

    def is_stale(self) -> bool:
        note = self.current_note()
        return note is not None and is_stale(note, self.template, self.clock())

    def refusal_text(self) -> str:
        return self.refusal.text() if not self.refusal.isHidden() else ""

    def source_rows(self) -> list[SourceRow]:
        return list(self._rows)

    # --- editing ----------------------------------------------------------------------------------

    def add_source_row(self, source: SourceRef | None = None) -> SourceRow:
        row = SourceRow(source if isinstance(source, SourceRef) else None, self)
        row.removeRequested.connect(self._remove_row)
        row.ref.installEventFilter(self)
        row.date.installEventFilter(self)
        self.sources_box.addWidget(row)
        self._rows.append(row)
        if not isinstance(source, SourceRef):
            row.ref.setFocus(Qt.FocusReason.TabFocusReason)
        return row

    def build_note(self) -> ResearchNote:
        held = self.current_note()
        key = self.contact_key()
        return ResearchNote(
            id=held.id if held else new_id(),
            account_id=self.account_id,
            template=self.template.tier,
            section=self.section.id,
            field=self.spec.id,
            text=self.text.toPlainText(),
            lead_id=key or None,
            sources=[row.source() for row in self._rows],
            pinned=held.pinned if held else False,
            updated_at=held.updated_at if held else None,
        )

    def request_save(self) -> bool:
        """Check with core; refused → shown inline and nothing is sent."""
        if self._saving:  # one save at a time: a second Ctrl+Return waits for the answer
            return False
        note = self.build_note()
        issues = note_issues(note, self.template, self.clock())
        if issues:
            self.show_refusal(issues)
            return False
        self._clear_marks()
        self.refusal.hide()
        self._saving = True
        self.status.setText(_tr("Saving…"))
        self.saveRequested.emit(note)
        return True

    def show_refusal(self, issues: Sequence[NoteIssue]) -> None:
        self._saving = False
        self._clear_marks()
        lines = []
        for issue in issues:
            text = problem_text(issue)
            if issue.key.startswith("sources["):
                index = int(issue.key[len("sources[") : issue.key.index("]")])
                part = issue.key.rsplit(".", 1)[-1]
                if 0 <= index < len(self._rows):
                    self._rows[index].mark(part, text)
                text = _tr("Source %1: %2").replace("%1", str(index + 1)).replace("%2", text)
            lines.append(text)
        self.show_error("\n".join(dict.fromkeys(lines)))

    def show_error(self, text: str) -> None:
        self._saving = False
        self.status.setText("")
        self.refusal.setText(text)
        self.refusal.show()

    # --- internals ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if _ctrl_enter(event):
            self.request_save()
            return True
        return super().eventFilter(watched, event)

    def _pin_clicked(self, checked: bool) -> None:
        note = self.current_note()
        if note is None:  # nothing saved to pin yet
            self.pin.setChecked(False)
            self.show_error(_tr("Save the insight before pinning it."))
            return
        self.pinRequested.emit(note.id, checked)

    def _remove_row(self, row: SourceRow) -> None:
        self._rows.remove(row)
        self.sources_box.removeWidget(row)
        row.deleteLater()
        self.add_source.setFocus(Qt.FocusReason.TabFocusReason)

    def _tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.contact] if self.section.per_contact else []
        chain.append(self.text)
        for row in self._rows:
            chain += [row.kind, row.ref, row.date, row.remove]
        chain += [self.add_source, self.save, self.pin]
        return chain

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        # Source rows come and go; walk them in reading order rather than creation order.
        chain = self._tab_chain()
        current = QApplication.focusWidget()
        if current in chain:
            index = chain.index(current) + (1 if next else -1)
            if 0 <= index < len(chain):
                reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
                chain[index].setFocus(reason)
                return True
        return super().focusNextPrevChild(next)

    def _show_current(self) -> None:
        note = self.current_note()
        for row in self._rows:
            self.sources_box.removeWidget(row)
            row.deleteLater()
        self._rows = []
        self.text.setPlainText(note.text if note else "")
        for source in note.sources if note else ():
            self.add_source_row(source)
        self.pin.setChecked(bool(note and note.pinned))
        self.status.setText("")
        self.refusal.hide()
        self._show_marks()

    def _show_marks(self) -> None:
        self.stale_mark.setVisible(self.is_stale())

    def _clear_marks(self) -> None:
        for row in self._rows:
            row.mark("ref", None)
            row.mark("date", None)


class HistoryField(QFrame):
    """A field that fills itself from the activity log: shown, never typed."""

    def __init__(self, spec: FieldSpec, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.title = QLabel(spec.label.text(locale), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.value = QLabel(_tr("Nothing logged yet."), self)
        self.value.setWordWrap(True)
        self.value.setToolTip(_tr("Filled from the logged activities"))
        layout.addWidget(self.title)
        layout.addWidget(self.value)

    def set_note(self, note: ResearchNote | None) -> None:
        self.value.setText(note.text if note else _tr("Nothing logged yet."))


class SectionButton(QWidget):
    """A section in the list on the left: its name (a button) and its completeness meter."""

    def __init__(self, section: SectionSpec, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        self.button = QPushButton(section.label.text(locale), self)
        self.button.setCheckable(True)
        self.button.setAutoDefault(False)
        self.meter = QProgressBar(self)
        self.meter.setMaximumHeight(14)
        self.meter.setAccessibleName(_tr("Completeness of %1").replace("%1", section.label.text(locale)))
        layout.addWidget(self.button)
        layout.addWidget(self.meter)


class InsightEditor(QWidget):
    """Template switcher, completeness per account and per section, and every field's editor.

    Sections are listed on the left with their meters; a section's fields are built the first
    time it is shown, so opening an account costs one section, not the whole T1 profile.
    """

    saveRequested = Signal(object)  # ResearchNote
    pinRequested = Signal(str, bool)  # note id, pinned
    templateChanged = Signal(object)  # Tier

    def __init__(
        self,
        templates: Mapping[Tier, Template],
        clock: Callable[[], datetime],
        locale: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.templates = templates
        self.clock = clock
        self.locale = locale
        self.account_id: str | None = None
        self._notes: list[ResearchNote] = []
        self._history: Callable[[Template], list[ResearchNote]] = lambda _t: []
        self._history_cache: tuple[Tier, list[ResearchNote]] | None = None
        self._contacts: list[Lead] = []
        self._fields: dict[tuple[str, str], FieldEditor] = {}
        self._history_fields: dict[tuple[str, str], HistoryField] = {}
        self._sections: dict[str, SectionButton] = {}
        self._pages: dict[str, QScrollArea] = {}
        self._current_section: str | None = None
        self._tier = Tier.T3

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.template_label = QLabel(self)
        self.template_box = QComboBox(self)
        for tier in Tier:
            self.template_box.addItem(templates[tier].label.text(locale), tier.value)
        self.template_label.setBuddy(self.template_box)
        self.template_box.activated.connect(lambda i: self.set_template(Tier(self.template_box.itemData(i))))
        self.meter = QProgressBar(self)
        self.meter.setTextVisible(True)
        self.stale_summary = QLabel(self)
        tint(self.stale_summary, STALE_COLOUR)
        top.addWidget(self.template_label)
        top.addWidget(self.template_box)
        top.addWidget(self.meter, 1)
        top.addWidget(self.stale_summary)
        layout.addLayout(top)

        body = QHBoxLayout()
        self.section_list = QWidget(self)
        self._section_layout = QVBoxLayout(self.section_list)
        self._section_layout.setContentsMargins(0, 0, 0, 0)
        self.section_list.setMaximumWidth(220)
        self.pages = QStackedWidget(self)
        body.addWidget(self.section_list)
        body.addWidget(self.pages, 1)
        layout.addLayout(body, 1)
        self._retranslate()

    # --- loading ---------------------------------------------------------------------------------------

    def load(
        self,
        account_id: str,
        tier: Tier,
        notes: Sequence[ResearchNote],
        contacts: Sequence[Lead],
        history: Callable[[Template], list[ResearchNote]] | None = None,
    ) -> None:
        """Show an account: its tier picks the template; `history` computes the log-fed fields."""
        self.account_id = account_id
        self._notes = list(notes)
        self._contacts = list(contacts)
        self._history = history or (lambda _t: [])
        self._current_section = None
        self.set_template(tier)

    def set_template(self, tier: Tier) -> None:
        self._tier = tier
        self.template_box.setCurrentIndex(self.template_box.findData(tier.value))
        self._build()
        self.templateChanged.emit(tier)

    def set_locale(self, locale: str) -> None:
        self.locale = locale
        for i, tier in enumerate(Tier):
            self.template_box.setItemText(i, self.templates[tier].label.text(locale))
        if self.account_id is not None:
            self._build()
        self._retranslate()

    # --- reading back ------------------------------------------------------------------------------

    def template(self) -> Template:
        return self.templates[self._tier]

    def current_section(self) -> str | None:
        return self._current_section

    def show_section(self, section_id: str) -> None:
        page = self._page(section_id)
        self.pages.setCurrentWidget(page)
        self._current_section = section_id
        for sid, entry in self._sections.items():
            entry.button.setChecked(sid == section_id)

    def section_button(self, section_id: str) -> QPushButton:
        return self._sections[section_id].button

    def field_editor(self, section_id: str, field_id: str) -> FieldEditor:
        self._page(section_id)
        return self._fields[(section_id, field_id)]

    def history_field(self, section_id: str, field_id: str) -> HistoryField:
        self._page(section_id)
        return self._history_fields[(section_id, field_id)]

    def field_editors(self) -> list[FieldEditor]:
        """Every field's editor (building the sections not shown yet)."""
        for section in self.template().sections:
            self._page(section.id)
        return list(self._fields.values())

    def section_meter(self, section_id: str) -> QProgressBar:
        return self._sections[section_id].meter

    def notes(self) -> list[ResearchNote]:
        return list(self._notes)

    # --- answers from the store ----------------------------------------------------------------------

    def note_saved(self, note: ResearchNote) -> None:
        self._notes = [n for n in self._notes if n.id != note.id] + [note]
        editor = self._fields.get((note.section, note.field))
        if editor is not None and note.template is self._tier:
            editor.note_saved(note)
        self._update_meters()

    def editor_for(self, note: ResearchNote) -> FieldEditor | None:
        if note.template is not self._tier or self.template().section(note.section) is None:
            return None
        self._page(note.section)
        return self._fields.get((note.section, note.field))

    def focus_note(self, template: Tier, section_id: str, field_id: str, lead_id: str | None = None) -> FieldEditor | None:
        """Bring a field into view with its text focused (a search result was picked)."""
        if template is not self._tier:
            self.set_template(template)
        if self.template().section(section_id) is None:
            return None
        self.show_section(section_id)
        editor = self._fields.get((section_id, field_id))
        if editor is None:
            return None
        if lead_id:
            editor.select_contact(lead_id)
        self._pages[section_id].ensureWidgetVisible(editor)
        editor.text.setFocus(Qt.FocusReason.OtherFocusReason)
        return editor

    # --- internals ------------------------------------------------------------------------------------

    def _history_notes(self) -> list[ResearchNote]:
        if self._history_cache is None or self._history_cache[0] is not self._tier:
            self._history_cache = (self._tier, self._history(self.template()))
        return self._history_cache[1]

    def _build(self) -> None:
        template = self.template()
        self._history_cache = None
        for entry in self._sections.values():
            self._section_layout.removeWidget(entry)
            entry.deleteLater()
        while self.pages.count():
            page = self.pages.widget(0)
            self.pages.removeWidget(page)
            page.deleteLater()
        self._sections.clear()
        self._pages.clear()
        self._fields.clear()
        self._history_fields.clear()
        while self._section_layout.count():  # the stretch left from the last template
            self._section_layout.takeAt(0)
        for section in template.sections:
            entry = SectionButton(section, self.locale, self.section_list)
            entry.button.clicked.connect(lambda _=False, sid=section.id: self.show_section(sid))
            self._section_layout.addWidget(entry)
            self._sections[section.id] = entry
        self._section_layout.addStretch(1)
        self._update_meters()
        keep = self._current_section if self._current_section and template.section(self._current_section) else None
        self.show_section(keep or template.sections[0].id)

    def _page(self, section_id: str) -> QScrollArea:
        page = self._pages.get(section_id)
        if page is not None:
            return page
        template = self.template()
        section = template.section(section_id)
        if section is None:
            raise KeyError(section_id)
        history = {(n.section, n.field): n for n in self._history_notes()}
        mine = [n for n in self._notes if n.template is template.tier and n.section == section.id]
        page = QScrollArea(self.pages)
        page.setWidgetResizable(True)
        page.setObjectName(f"section-{section.id}")
        content = QWidget()
        column = QVBoxLayout(content)
        heading = QLabel(section.label.text(self.locale), content)
        tint(heading, "#202020", bold=True)
        column.addWidget(heading)
        for spec in section.fields:
            if spec.from_channels:
                shown = HistoryField(spec, self.locale, content)
                shown.set_note(history.get((section.id, spec.id)))
                self._history_fields[(section.id, spec.id)] = shown
                column.addWidget(shown)
                continue
            editor = FieldEditor(
                template, section, spec, self.account_id or "", self._contacts, self.clock, self.locale, content,
                notes=[n for n in mine if n.field == spec.id],
            )
            editor.saveRequested.connect(self.saveRequested)
            editor.pinRequested.connect(self.pinRequested)
            self._fields[(section.id, spec.id)] = editor
            column.addWidget(editor)
        column.addStretch(1)
        page.setWidget(content)
        self.pages.addWidget(page)
        self._pages[section_id] = page
        return page

    def _update_meters(self) -> None:
        template = self.template()
        notes = [n for n in self._notes if n.template is template.tier] + self._history_notes()
        summary = account_completeness(template, notes, self.clock())
        self.meter.setRange(0, summary.total)
        self.meter.setValue(summary.filled)
        self.meter.setFormat(
            _tr("%1 of %2 fields researched (%3%)")
            .replace("%1", str(summary.filled))
            .replace("%2", str(summary.total))
            .replace("%3", str(round(summary.ratio * 100)))
        )
        self.stale_summary.setText(_tr("%1 stale").replace("%1", str(summary.stale)) if summary.stale else "")
        for section in summary.sections:
            entry = self._sections.get(section.section)
            if entry is None:
                continue
            entry.meter.setRange(0, section.total)
            entry.meter.setValue(section.filled)
            text = _tr("%1 of %2").replace("%1", str(section.filled)).replace("%2", str(section.total))
            if section.stale:
                text += " · " + _tr("%1 stale").replace("%1", str(section.stale))
            entry.meter.setFormat(text)
        for editor in self._fields.values():
            editor._show_marks()

    def _retranslate(self) -> None:
        self.template_label.setText(_tr("&Template:"))
        self.template_box.setToolTip(_tr("The account's tier picks the template; you can switch"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)


__all__ = ["FieldEditor", "HistoryField", "InsightEditor", "SectionButton", "SourceRow", "problem_text", "tint"]
