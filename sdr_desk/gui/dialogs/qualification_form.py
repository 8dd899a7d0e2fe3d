"""The qualification form, generated from the framework's rules (MANTCP by default).

Nothing here knows a framework: the rows come from core's form_description, the verdict
from core's evaluate, the problems from the store's SubmissionError. Keyboard: Tab walks the
criteria; 1-4 (or the arrow keys) pick yes / partly / no / unknown on a criterion's answer; Ctrl+S saves.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.core.entities import CriterionAnswer, CriterionStatus, DisqualifyReason, Qualification, Stage, Verdict
from sdr_desk.core.qualification import (
    FormCriterion,
    FormSpec,
    SubmissionError,
    default_frameworks,
    default_qualification_rules,
    describe_missing,
    evaluate,
    form_description,
    framework,
)
from sdr_desk.core.stages import TransitionRefused
from sdr_desk.gui import formatting
from sdr_desk.core.cadences import ScheduledTouch, default_nurture_rules, next_personal_touch
from sdr_desk.desk import Applied, Desk
from sdr_desk.gui.desk import DeskOps
from sdr_desk.gui.dialogs.handoff import HandoffDialog, hand_off
from sdr_desk.gui.tasks import TaskFailed, TaskRunner

_Index = QModelIndex | QPersistentModelIndex
STATUS_KEYS = "1234"  # in CriterionStatus order: yes, partly, no, unknown


def _lang() -> str:
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale().name() == "zh_CN" else "en"


class VersionsModel(QAbstractListModel):
    """Saved versions, newest first; read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._versions: list[Qualification] = []

    def set_versions(self, versions: list[Qualification]) -> None:
        self.beginResetModel()
        self._versions = list(versions)
        self.endResetModel()

    def version(self, row: int) -> Qualification | None:
        return self._versions[row] if 0 <= row < len(self._versions) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._versions)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._versions):
            return None
        q = self._versions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                name = framework(q.framework).name.get(_lang())
            except KeyError:
                name = q.framework
            return (
                self.tr("Version %1 · %2 · %3 · %4")
                .replace("%1", str(q.version))
                .replace("%2", name)
                .replace("%3", verdict_label(q.verdict))
                .replace("%4", formatting.date_time(q.created_at))
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            # The version's answers, read-only, as the form named them.
            rules, lang = default_qualification_rules(), _lang()
            try:
                fw = framework(q.framework)
                labels = {c.id: c.label.get(lang) for c in fw.criteria}
            except KeyError:
                labels = {}
            return "\n".join(
                f"{labels.get(k, k)}: {rules.statuses[a.status].get(lang)}" + (f" — {a.evidence}" if a.evidence else "")
                for k, a in q.answers.items()
            )
        return None


def verdict_label(verdict: Verdict) -> str:
    from PySide6.QtCore import QCoreApplication

    labels = {
        Verdict.QUALIFIED: QCoreApplication.translate("Verdict", "Qualified"),
        Verdict.NOT_QUALIFIED: QCoreApplication.translate("Verdict", "Not qualified"),
        Verdict.INCOMPLETE: QCoreApplication.translate("Verdict", "Incomplete"),
    }
    return labels.get(verdict, str(verdict))


class CriterionRow(QGroupBox):
    """One criterion: what it means, what to ask, the answer, the evidence, any problem."""

    changed = Signal()

    def __init__(self, criterion: FormCriterion, parent: QWidget | None = None) -> None:
        super().__init__(criterion.label, parent)
        self.criterion = criterion
        self.setObjectName(f"criterion_{criterion.id}")
        layout = QVBoxLayout(self)
        about = QLabel(criterion.description, self)
        about.setWordWrap(True)
        self.questions = QLabel(self, objectName="questions")
        self.questions.setWordWrap(True)
        self.questions.setTextFormat(Qt.TextFormat.RichText)
        self.questions.setText("<i>" + "<br>".join(html.escape(q) for q in criterion.questions) + "</i>")
        layout.addWidget(about)
        layout.addWidget(self.questions)
        answers = QHBoxLayout()
        self.status_combo = QComboBox(self, objectName=f"{criterion.id}_status")
        for i, (status, label) in enumerate(criterion.statuses):
            self.status_combo.addItem(f"{STATUS_KEYS[i]}  {label}", status.value)
        self.status_combo.installEventFilter(self)
        answers.addWidget(self.status_combo)
        answers.addStretch(1)
        layout.addLayout(answers)
        self.evidence = QLineEdit(self, objectName=f"{criterion.id}_evidence")
        layout.addWidget(self.evidence)
        self.problem = QLabel(self, objectName=f"{criterion.id}_problem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.set_answer(CriterionAnswer())
        self.status_combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.evidence.textChanged.connect(lambda _t: self._changed())

    def status(self) -> CriterionStatus:
        # Qt hands a str-based enum back as a plain str.
        data = self.status_combo.currentData()
        return CriterionStatus(data) if data else CriterionStatus.UNKNOWN

    def answer(self) -> CriterionAnswer:
        return CriterionAnswer(self.status(), self.evidence.text())

    def set_answer(self, answer: CriterionAnswer) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(answer.status.value))
        self.evidence.setText(answer.evidence)

    def set_status(self, status: CriterionStatus) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status.value))

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def focus_widgets(self) -> list[QWidget]:
        return [self.status_combo, self.evidence]

    def _changed(self) -> None:
        self.show_problem("")
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            if text and text in STATUS_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                self.set_status(self.criterion.statuses[STATUS_KEYS.index(text)][0])
                return True
        return super().eventFilter(watched, event)


class QualificationDialog(QDialog):
    """Answer, save a version, then hand off, disqualify or put into nurture."""

    saved = Signal(object)  # the Qualification as stored
    stage_moved = Signal(str)  # the new stage's value
    refused = Signal(str)  # an inline message: nothing was saved

    def __init__(
        self,
        runner: TaskRunner,
        desk: Desk,
        lead_id: str,
        lead_name: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
        ops: DeskOps | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("qualificationDialog")
        self.runner = runner
        self.desk = desk
        # Writes go through the window's ops, so the queue and the call card follow them.
        self.ops = ops if ops is not None else DeskOps(runner, desk, self)
        self.lead_id = lead_id
        self.lead_name = lead_name
        self.clock = clock
        self.rows: list[CriterionRow] = []
        self.flags: dict[str, QCheckBox] = {}
        self.last_saved: Qualification | None = None
        self.handoff_dialog: HandoffDialog | None = None
        self.spec: FormSpec | None = None
        self._edited = False  # once the rep has typed, a late prefill must not overwrite it
        self._prefilling = False
        self.resize(720, 800)
        self._build()
        self._retranslate()
        self._build_form()
        self._load_versions()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.framework_label = QLabel(self)
        self.framework_combo = QComboBox(self, objectName="frameworkCombo")
        lang = _lang()
        for fw_id, fw in default_frameworks().items():  # the house framework comes first
            self.framework_combo.addItem(fw.name.get(lang), fw_id)
        self.framework_label.setBuddy(self.framework_combo)
        self.framework_combo.currentIndexChanged.connect(lambda _i: self._build_form())
        top.addWidget(self.framework_label)
        top.addWidget(self.framework_combo, 1)
        layout.addLayout(top)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        layout.addWidget(self.description)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.form_host = QWidget()
        self.form_layout = QVBoxLayout(self.form_host)
        self.scroll.setWidget(self.form_host)
        layout.addWidget(self.scroll, 1)

        self.verdict = QLabel(self, objectName="verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.verdict)
        self.message = QLabel(self, objectName="formMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        actions = QHBoxLayout()
        self.save_button = QPushButton(self, objectName="saveQualification")
        self.save_button.setAutoDefault(False)
        self.handoff_button = QPushButton(self, objectName="handOff")
        self.reason_combo = QComboBox(self, objectName="disqualifyReason")
        rules = default_qualification_rules()
        for reason in DisqualifyReason:
            self.reason_combo.addItem(rules.reasons[reason].label.get(lang), reason.value)
        self.disqualify_button = QPushButton(self, objectName="disqualify")
        self.not_now_button = QPushButton(self, objectName="notNow")
        for button in (self.handoff_button, self.disqualify_button, self.not_now_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.handoff_button.clicked.connect(self.hand_off)
        self.disqualify_button.clicked.connect(self.disqualify)
        self.not_now_button.clicked.connect(self.not_now)
        actions.addWidget(self.save_button)
        actions.addWidget(self.handoff_button)
        actions.addWidget(self.reason_combo, 1)
        actions.addWidget(self.disqualify_button)
        actions.addWidget(self.not_now_button)
        layout.addLayout(actions)

        self.versions_label = QLabel(self)
        layout.addWidget(self.versions_label)
        self.versions_model = VersionsModel(self)
        self.versions_view = QListView(self, objectName="versions")
        self.versions_view.setModel(self.versions_model)
        self.versions_view.setMaximumHeight(110)
        layout.addWidget(self.versions_view)
        self._update_buttons()

    def _build_form(self) -> None:
        """(Re)generate the rows from the selected framework's description."""
        fw = framework(self.framework_combo.currentData())
        self.spec = form_description(fw, lang=_lang())
        for row in self.rows:
            row.deleteLater()
        self.rows = []
        while self.form_layout.count():
            item = self.form_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.flags = {}
        self.description.setText(self.spec.description)
        for criterion in self.spec.criteria:
            row = CriterionRow(criterion, self.form_host)
            row.changed.connect(self._edited_by_rep)
            self.form_layout.addWidget(row)
            self.rows.append(row)
        flags_box = QGroupBox(self.tr("Red flags"), self.form_host)
        flags_box.setObjectName("redFlags")
        flags_layout = QVBoxLayout(flags_box)
        for flag in self.spec.red_flags:
            box = QCheckBox(flag.label, flags_box)
            box.setObjectName(f"flag_{flag.id}")
            box.toggled.connect(lambda _on: self._edited_by_rep())
            flags_layout.addWidget(box)
            self.flags[flag.id] = box
        self.form_layout.addWidget(flags_box)
        self.form_layout.addStretch(1)
        self._tab_order()
        self._update_verdict()

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.framework_combo]
        for row in self.rows:
            chain += row.focus_widgets()
        chain += list(self.flags.values())
        chain += [self.save_button, self.handoff_button, self.reason_combo, self.disqualify_button, self.not_now_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- reading the form -------------------------------------------------------------------

    def framework_id(self) -> str:
        return str(self.framework_combo.currentData())

    def answers(self) -> dict[str, CriterionAnswer]:
        return {row.criterion.id: row.answer() for row in self.rows}

    def red_flags(self) -> list[str]:
        return [flag_id for flag_id, box in self.flags.items() if box.isChecked()]

    def reason(self) -> DisqualifyReason:
        return DisqualifyReason(self.reason_combo.currentData())

    def row(self, criterion_id: str) -> CriterionRow:
        return next(r for r in self.rows if r.criterion.id == criterion_id)

    def _edited_by_rep(self) -> None:
        if not self._prefilling:
            self._edited = True
        self._update_verdict()

    def _update_verdict(self) -> None:
        fw = framework(self.framework_id())
        result = evaluate(fw, self.answers(), self.red_flags())
        lang = _lang()
        if result.verdict is Verdict.QUALIFIED:
            text = self.tr("<b>Qualified</b>: hand off as an MQL once saved.")
        elif result.verdict is Verdict.NOT_QUALIFIED:
            info = default_qualification_rules().reasons[result.reason] if result.reason else None
            text = (
                self.tr("<b>Not qualified</b>: %1. Next move: %2")
                .replace("%1", html.escape(info.label.get(lang) if info else ""))
                .replace("%2", html.escape(info.next_move.get(lang) if info else ""))
            )
            if result.reason is not None:
                self.reason_combo.setCurrentIndex(self.reason_combo.findData(result.reason.value))
        else:
            missing = describe_missing(fw, result.missing, lang)
            text = self.tr("<b>Incomplete</b>, still to find out:") + "<br>" + "<br>".join(html.escape(m) for m in missing)
        self.verdict.setText(text)

    # --- actions ----------------------------------------------------------------------------

    def save(self) -> None:
        lead_id, fw_id = self.lead_id, self.framework_id()
        answers, flags = self.answers(), self.red_flags()
        now = self.clock()
        self.ops.apply(
            lambda desk: desk.save_qualification(lead_id, fw_id, answers, flags, at=now),
            self._saved,
            self._save_failed,
            owner=self,
        )

    def _saved(self, result: Qualification) -> None:
        self.last_saved = result
        for row in self.rows:
            row.show_problem("")
        self.message.setText(
            self.tr("Saved as version %1: %2").replace("%1", str(result.version)).replace("%2", verdict_label(result.verdict))
        )
        self._update_buttons()
        self.saved.emit(result)
        self._load_versions()
        if result.verdict is Verdict.QUALIFIED:
            self.handoff_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif result.verdict is Verdict.NOT_QUALIFIED:
            self.reason_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_failed(self, failure: TaskFailed) -> None:
        error = failure.error
        if isinstance(error, SubmissionError):
            lang = _lang()
            first: CriterionRow | None = None
            for problem in error.problems:
                row = next((r for r in self.rows if r.criterion.id == problem.field), None)
                if row is not None:
                    row.show_problem(problem.message(lang))
                    if first is None:
                        first = row
            message = self.tr("Not saved. Problems to fix: %1 (marked below).").replace("%1", str(len(error.problems)))
            if first is not None:
                self.scroll.ensureWidgetVisible(first)
                first.evidence.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            message = self.tr("Not saved: %1").replace("%1", str(error))
        self.message.setText(message)
        self.refused.emit(message)

    def hand_off(self) -> None:
        if self.last_saved is None or self.last_saved.verdict is not Verdict.QUALIFIED:
            return
        lead_id, now, lang = self.lead_id, self.clock(), _lang()
        self.ops.apply(lambda desk: hand_off(desk, lead_id, now, lang), self._handed_off, self._move_failed, owner=self)

    def _handed_off(self, markdown: str) -> None:
        self.message.setText(self.tr("Handed off as an MQL."))
        self.last_saved = None
        self._update_buttons()
        self.stage_moved.emit(Stage.MQL.value)
        self.handoff_dialog = HandoffDialog(markdown, self.lead_name, self)
        # Keyboard first: closing the summary gives the keys back to the form.
        self.handoff_dialog.finished.connect(lambda _r: self.activateWindow())
        self.handoff_dialog.open()

    def disqualify(self) -> None:
        if self.last_saved is None or self.last_saved.verdict is not Verdict.NOT_QUALIFIED:
            return
        self._move(Stage.DISQUALIFIED, self.reason())

    def not_now(self) -> None:
        self._move(Stage.NURTURE, DisqualifyReason.NOT_NOW)

    def _move(self, target: Stage, reason: DisqualifyReason) -> None:
        lead_id, now = self.lead_id, self.clock()

        def use_case(desk: Desk) -> Applied[tuple[Stage, list[tuple[str, ScheduledTouch | None]]]]:
            moved = desk.move_stage(lead_id, target, at=now, reason=reason)
            nurture = [(e.track, next_personal_touch(e)) for e in desk.work.enrolments(lead_id) if e.ended_at is None]
            return Applied((moved.value.stage, nurture), moved.changes)

        self.ops.apply(
            use_case,
            lambda moved: self._moved(*moved),
            self._move_failed,
            owner=self,
        )

    def _moved(self, stage: Stage, nurture: Sequence[tuple[str, ScheduledTouch | None]] = ()) -> None:
        lines = [self.tr("Moved to %1.").replace("%1", formatting.stage_label(stage))]
        lang = _lang()
        for track_id, yours in nurture:
            track = default_nurture_rules().track(track_id).label.get(lang)
            if yours is None:
                lines.append(self.tr("Nurture: %1, automated sends only.").replace("%1", track))
            else:
                when = QLocale().toString(QDateTime(yours.due_at.astimezone()).date(), QLocale.FormatType.LongFormat)
                lines.append(self.tr("Nurture: %1; your next touch: %2 on %3.").replace("%1", track).replace(
                    "%2", formatting.channel_label(yours.touch.channel)).replace("%3", when))
        self.message.setText(" ".join(lines))
        self.last_saved = None
        self._update_buttons()
        self.stage_moved.emit(stage.value)

    def _move_failed(self, failure: TaskFailed) -> None:
        error = failure.error
        text = error.reason if isinstance(error, TransitionRefused) else str(error)
        message = self.tr("Refused: %1").replace("%1", text)
        self.message.setText(message)
        self.refused.emit(message)

    def _update_buttons(self) -> None:
        verdict = self.last_saved.verdict if self.last_saved else None
        self.handoff_button.setEnabled(verdict is Verdict.QUALIFIED)
        self.disqualify_button.setEnabled(verdict is Verdict.NOT_QUALIFIED)
        self.reason_combo.setEnabled(verdict is Verdict.NOT_QUALIFIED)

    def _load_versions(self) -> None:
        desk, lead_id = self.desk, self.lead_id
        self.runner.run(lambda: desk.work.qualifications(lead_id), self._versions_arrived, self._read_failed, owner=self)

    def _versions_arrived(self, versions: list[Qualification]) -> None:
        first_load = self.versions_model.rowCount() == 0 and self.last_saved is None
        self.versions_model.set_versions(versions)
        if first_load and versions:
            self._prefill(versions[0])

    def _prefill(self, latest: Qualification) -> None:
        """Start from the latest saved version, so a re-qualification edits rather than retypes."""
        index = self.framework_combo.findData(latest.framework)
        if index < 0 or self._edited:
            return
        self._prefilling = True
        try:
            self.framework_combo.setCurrentIndex(index)
            for row in self.rows:
                row.set_answer(latest.answers.get(row.criterion.id, CriterionAnswer()))
            for flag_id, box in self.flags.items():
                box.setChecked(flag_id in latest.red_flags)
        finally:
            self._prefilling = False
        self._update_verdict()

    def _read_failed(self, failure: TaskFailed) -> None:
        self.message.setText(self.tr("Could not read the local cache: %1").replace("%1", str(failure)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Qualify %1").replace("%1", self.lead_name))
        self.framework_label.setText(self.tr("&Framework"))
        self.save_button.setText(self.tr("Save version (Ctrl+S)"))
        self.handoff_button.setText(self.tr("Hand off as MQL (Ctrl+M)"))
        self.disqualify_button.setText(self.tr("Disqualify (Ctrl+Shift+D)"))
        self.not_now_button.setText(self.tr("Not now: nurture (Ctrl+Shift+N)"))
        self.versions_label.setText(self.tr("Earlier versions"))
        # After the texts: setting a button's text replaces its shortcut with the text's mnemonic.
        for button, keys in (
            (self.save_button, "Ctrl+S"),
            (self.handoff_button, "Ctrl+M"),
            (self.disqualify_button, "Ctrl+Shift+D"),
            (self.not_now_button, "Ctrl+Shift+N"),
        ):
            button.setShortcut(QKeySequence(keys))
