"""The call session: the top lead's card, one keystroke per outcome, notes and a next step,
Enter to log, and the next lead at once. Ctrl+Z withdraws the last logged outcome.

Every read and write runs on the window's worker through `CallWork` (no Qt there); the
panel only shows what comes back. Steps, stage moves and queue order come from core and
the store; the panel holds no sales rules of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QElapsedTimer, QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sdr_desk.core.callwindows import CallWindows
from sdr_desk.core.entities import Account, Activity, Channel, Lead, Outcome
from sdr_desk.core.phones import format_for
from sdr_desk.core.research import PinnedInsight
from sdr_desk.core.steps import CallKey, call_keys, call_outcome_for_key
from sdr_desk.core.timezones import prospect_country, prospect_time_zone
from sdr_desk.gui import formatting
from sdr_desk.desk import Applied, Changes, Desk
from sdr_desk.gui.desk import DeskOps
from sdr_desk.gui.models.timeline_model import TimelineColumn, TimelineModel
from sdr_desk.gui.tasks import TaskFailed, TaskRunner
from sdr_desk.gui.views.call_card_insights import PinnedInsightsCard
from sdr_desk.gui.views.why_here import priority_reason
from sdr_desk.store.lead_work import NextStep, NextStepInPast
from sdr_desk.store.queue import PriorityPart, QueueFilter
from sdr_desk.store.repositories import RecordNotFound

TICK_MS = 1000  # the call timer and the prospect's clock move by the second
FOLLOW_DELAY_MS = 40  # holding an arrow key in the queue reads only the lead the rep stops on
CALL_BACK_HOUR = 10  # a promised call-back defaults to the next day, mid-morning their time


# --- worker side: plain data in, plain data out --------------------------------------------


@dataclass(frozen=True)
class CallCard:
    """Everything the card shows for one lead, read in one go on the worker."""

    lead: Lead
    account: Account | None
    zone: str | None
    country: str | None
    reasons: tuple[PriorityPart, ...]
    insights: list[PinnedInsight]
    timeline: list[tuple[Activity, bool]] = field(default_factory=list)


@dataclass(frozen=True)
class Logged:
    activity: Activity
    next_card: CallCard | None


@dataclass(frozen=True)
class Undone:
    correction: Activity
    card: CallCard


class CallWork:
    """The session's reads and writes; built and used only on the worker thread."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.work = desk.work
        self.research = desk.research

    def card(self, lead_id: str, now: datetime) -> CallCard:
        book = self.desk.book
        lead = book.lead(lead_id)
        account = None
        if lead.account_id:
            try:
                account = book.account(lead.account_id)
            except RecordNotFound:
                account = None
        rules = self.desk.queue.policy.windows.rules
        return CallCard(
            lead=lead,
            account=account,
            zone=prospect_time_zone(lead, account, rules),
            country=prospect_country(lead, account),
            reasons=self.desk.queue.explain(lead_id, now),
            insights=self.research.pinned_for_lead(lead_id),
            timeline=self.work.timeline(lead_id),
        )

    def top(self, now: datetime, skip: frozenset[str] = frozenset()) -> str | None:
        """The queue's top lead; with `skip`, the best lead not among those."""
        ids = self.desk.queue.ranked_ids(QueueFilter(), now)
        return next((i for i in ids if i not in skip), None)

    def top_card(self, now: datetime, skip: frozenset[str] = frozenset()) -> CallCard | None:
        lead_id = self.top(now, skip)
        return None if lead_id is None else self.card(lead_id, now)

    def log(
        self,
        lead_id: str,
        outcome: Outcome,
        now: datetime,
        *,
        notes: str,
        duration_s: int | None,
        next_step: NextStep | None,
    ) -> Applied[Logged]:
        logged = self.desk.log_touch(
            lead_id, Channel.PHONE, outcome, at=now, notes=notes or None, duration_s=duration_s, next_step=next_step
        )
        return Applied(Logged(logged.value, self.top_card(now)), logged.changes)

    def undo(self, activity_id: str, lead_id: str, now: datetime) -> Applied[Undone]:
        undone = self.desk.undo_touch(activity_id, at=now)
        return Applied(Undone(undone.value, self.card(lead_id, now)), undone.changes)


# --- the panel --------------------------------------------------------------------------------


class Phase(Enum):
    IDLE = "idle"  # no lead on the card
    VIEWING = "viewing"  # a lead shown, not calling
    CHOOSING = "choosing"  # on the call: waiting for the outcome key
    DETAILS = "details"  # outcome picked: notes and next step, Enter logs


class NextKind(Enum):
    NONE = "none"
    CALL_BACK = "call_back"
    EMAIL = "email"
    WECHAT = "wechat"


_NEXT_CHANNEL = {NextKind.CALL_BACK: Channel.PHONE, NextKind.EMAIL: Channel.EMAIL, NextKind.WECHAT: Channel.WECHAT}


def _lang() -> str:
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale().name() == "zh_CN" else "en"


class CallSessionPanel(QWidget):
    """A side panel: the call card, the outcome keys, notes, next step and the lead's timeline."""

    card_shown = Signal(str)  # lead id now on the card
    outcome_logged = Signal(object)  # the Activity, committed
    outcome_undone = Signal(object)  # the correction, committed
    log_refused = Signal(str)  # inline error shown, nothing saved
    qualify_requested = Signal(str)  # lead id

    def __init__(
        self,
        runner: TaskRunner,
        desk: Desk,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
        ops: DeskOps | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callSessionPanel")
        self.runner = runner
        self.desk = desk
        # Writes go through the window's ops, so every view hears of them.
        self.ops = ops if ops is not None else DeskOps(runner, desk, self)
        self.ops.changed.connect(self._desk_changed)
        self.clock = clock
        self.keys: tuple[CallKey, ...] = call_keys()
        self.phase = Phase.IDLE
        self.card: CallCard | None = None
        self.outcome: Outcome | None = None
        self.last_logged: Activity | None = None
        self.busy = False
        self._skipped: set[str] = set()  # passed over with F8 since the last logged outcome
        self._work_box: list[CallWork] = []  # made on the worker at first use
        self._windows: CallWindows | None = None
        self._serial = 0
        self._call_timer = QElapsedTimer()
        self._build()
        self._build_actions()
        self._tick_timer = QTimer(self, interval=TICK_MS)
        self._tick_timer.timeout.connect(self._tick)
        self._tick_timer.start()
        self._follow = ""
        self._follow_timer = QTimer(self, singleShot=True, interval=FOLLOW_DELAY_MS)
        self._follow_timer.timeout.connect(self._load_followed)
        self._retranslate()
        self._render()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.name_label = QLabel(self, objectName="callName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.role_label = QLabel(self, objectName="callRole")
        self.role_label.setWordWrap(True)
        self.clock_label = QLabel(self, objectName="callTheirTime")
        self.timer_label = QLabel(self, objectName="callTimer")
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.timer_label)
        layout.addLayout(top)
        layout.addWidget(self.role_label)
        layout.addWidget(self.clock_label)

        self.phones_box = QWidget(self)
        self.phones_layout = QGridLayout(self.phones_box)
        self.phones_layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.phones_box)
        self._phone_rows: list[tuple[QLabel, QPushButton, QPushButton]] = []

        self.reasons_label = QLabel(self, objectName="callReasons")
        self.reasons_label.setWordWrap(True)
        layout.addWidget(self.reasons_label)
        self.insights = PinnedInsightsCard(parent=self)
        layout.addWidget(self.insights)

        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)

        # The outcome pad takes the keystrokes while the rep is on the call.
        self.pad = QLabel(self, objectName="outcomePad")
        self.pad.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.pad.setWordWrap(True)
        self.pad.setTextFormat(Qt.TextFormat.RichText)
        self.pad.installEventFilter(self)
        self.pad.setFrameShape(QFrame.Shape.StyledPanel)
        layout.addWidget(self.pad)
        self.setFocusProxy(self.pad)

        self.details = QWidget(self)
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        self.outcome_label = QLabel(self.details, objectName="chosenOutcome")
        self.notes_edit = QLineEdit(self.details, objectName="callNotes")
        self.next_kind = QComboBox(self.details, objectName="nextStepKind")
        for kind in NextKind:
            self.next_kind.addItem("", kind)
        self.next_when = QDateTimeEdit(self.details, objectName="nextStepWhen")
        self.next_when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.next_when.setCalendarPopup(False)
        self.next_both = QLabel(self.details, objectName="nextStepBothTimes")
        self.next_warning = QLabel(self.details, objectName="nextStepWarning")
        self.next_warning.setStyleSheet("color: #8a6d3b;")
        self.next_warning.setWordWrap(True)
        self.error_label = QLabel(self.details, objectName="callError")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self._form_labels = [QLabel(self.details) for _ in range(4)]
        form.addRow(self._form_labels[0], self.outcome_label)
        form.addRow(self._form_labels[1], self.notes_edit)
        form.addRow(self._form_labels[2], self.next_kind)
        form.addRow(self._form_labels[3], self.next_when)
        form.addRow("", self.next_both)
        form.addRow("", self.next_warning)
        form.addRow("", self.error_label)
        for widget in (self.notes_edit, self.next_kind, self.next_when):
            widget.installEventFilter(self)
        self.next_kind.currentIndexChanged.connect(lambda _i: self._next_changed())
        self.next_when.dateTimeChanged.connect(lambda _dt: self._next_changed())
        layout.addWidget(self.details)

        self.confirm_label = QLabel(self, objectName="callConfirmation")
        self.confirm_label.setWordWrap(True)
        layout.addWidget(self.confirm_label)

        self.timeline_title = QLabel(self)
        layout.addWidget(self.timeline_title)
        self.timeline_model = TimelineModel(self)
        self.timeline_view = QTableView(self, objectName="callTimeline")
        self.timeline_view.setModel(self.timeline_model)
        self.timeline_view.setTabKeyNavigation(False)
        self.timeline_view.verticalHeader().hide()
        self.timeline_view.horizontalHeader().setSectionResizeMode(TimelineColumn.NOTES, QHeaderView.ResizeMode.Stretch)
        self.timeline_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.timeline_view, 1)

    def _build_actions(self) -> None:
        def action(shortcut: QKeySequence | str, slot: Callable[[], None]) -> QAction:
            act = QAction(self)
            act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            return act

        self.start_action = action("F5", self.start_calling)
        self.skip_action = action("F8", self.skip_lead)
        self.stop_action = action("Shift+F5", self.stop_calling)
        self.undo_action = action(QKeySequence.StandardKey.Undo, self.undo_last)
        self.dial_action = action("Ctrl+D", lambda: self.dial(0))
        self.copy_action = action("Ctrl+Shift+C", lambda: self.copy_number(0))
        self.qualify_action = action("F6", self._ask_qualify)
        self.actions_for_menu = [
            self.start_action,
            self.skip_action,
            self.stop_action,
            self.undo_action,
            self.dial_action,
            self.copy_action,
            self.qualify_action,
        ]

    # --- public API -----------------------------------------------------------------------

    @property
    def lead_id(self) -> str | None:
        return self.card.lead.id if self.card else None

    @property
    def calling(self) -> bool:
        return self.phase in (Phase.CHOOSING, Phase.DETAILS)

    def start_calling(self) -> None:
        """Take the top of the queue and start the call on it."""
        self._skipped.clear()
        self._serial += 1
        serial = self._serial
        now = self.clock()
        self._run(lambda w: w.top_card(now), lambda card: self._started(serial, card))

    def skip_lead(self) -> None:
        """Move on without logging: the best lead other than those passed over since the last log.

        After a logged outcome the queue's new top comes up, which can be the same lead
        (an answered call is not pushed back); this is how the rep moves past it.
        """
        if self.lead_id:
            self._skipped.add(self.lead_id)
        skip = frozenset(self._skipped)
        self._serial += 1
        serial = self._serial
        now = self.clock()
        self._run(lambda w: w.top_card(now, skip), lambda card: self._started(serial, card))

    def stop_calling(self) -> None:
        if self.calling:
            self.phase = Phase.VIEWING
            self.outcome = None
            self._render()

    def show_lead(self, lead_id: str) -> None:
        """Follow the queue's selection while not on a call (only the lead the rep stops on is read)."""
        if not lead_id or self.calling or lead_id == self.lead_id:
            return
        self._follow = lead_id
        self._follow_timer.start()

    def _load_followed(self) -> None:
        lead_id = self._follow
        if not lead_id or self.calling or lead_id == self.lead_id:
            return
        self._serial += 1
        serial = self._serial
        now = self.clock()
        self._run(lambda w: w.card(lead_id, now), lambda card: self._viewed(serial, card))

    def reload(self) -> None:
        """Re-read the lead on the card (after a qualification or a stage move)."""
        if self.card is None:
            return
        lead_id = self.card.lead.id
        now = self.clock()
        self._run(lambda w: w.card(lead_id, now), self._reloaded)

    def choose_outcome(self, outcome: Outcome) -> None:
        if not self.calling or self.busy:
            return
        self.outcome = outcome
        self.phase = Phase.DETAILS
        self.error_label.clear()
        # A promised call-back is the usual next step after "call back later".
        kind = NextKind.CALL_BACK if outcome is Outcome.CALL_BACK else NextKind.NONE
        self.next_kind.setCurrentIndex(self.next_kind.findData(kind))
        self.next_when.setDateTime(self._default_due())
        self._render()
        self.notes_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def log_now(self) -> None:
        """Enter: log the chosen outcome with its notes and next step, then show the next lead."""
        if self.phase is not Phase.DETAILS or self.outcome is None or self.card is None or self.busy:
            return
        lead_id = self.card.lead.id
        outcome = self.outcome
        notes = self.notes_edit.text().strip()
        duration = round(self._call_timer.elapsed() / 1000) if self._call_timer.isValid() else None
        next_step = self._next_step()
        now = self.clock()
        self.busy = True
        self._serial += 1
        serial = self._serial
        self._apply(
            lambda w: w.log(lead_id, outcome, now, notes=notes, duration_s=duration, next_step=next_step),
            lambda logged: self._logged(serial, logged),
            self._log_failed,
        )

    def undo_last(self) -> None:
        activity = self.last_logged
        if activity is None or self.busy:
            self.confirm_label.setText(self.tr("Nothing to undo."))
            return
        now = self.clock()
        self.busy = True
        self._serial += 1
        serial = self._serial
        self._apply(
            lambda w: w.undo(activity.id, activity.lead_id, now),
            lambda undone: self._undone(serial, undone),
            self._undo_failed,
        )

    def dial(self, index: int) -> bool:
        phones = self.card.lead.phones if self.card else []
        if not 0 <= index < len(phones):
            return False
        return QDesktopServices.openUrl(QUrl(f"tel:{phones[index]}"))

    def copy_number(self, index: int) -> None:
        phones = self.card.lead.phones if self.card else []
        if 0 <= index < len(phones):
            QGuiApplication.clipboard().setText(phones[index])
            self.confirm_label.setText(self.tr("Copied %1").replace("%1", phones[index]))

    def outcome_keys_text(self) -> str:
        """The keys as the pad shows them, e.g. "1 No answer · 2 Voicemail …"."""
        lang = _lang()
        return " · ".join(f"{k.key} {k.label.get(lang)}" for k in self.keys)

    # --- worker plumbing ------------------------------------------------------------------

    def _run(
        self,
        fn: Callable[[CallWork], object],
        done: Callable[[object], None],
        failed: Callable[[TaskFailed], None] | None = None,
    ) -> None:
        desk, box = self.desk, self._work_box

        def task() -> object:
            # Touches only plain Python: the worker never goes through the widget.
            if not box:
                box.append(CallWork(desk))
            return fn(box[0])

        self.runner.run(task, done, failed or self._read_failed, owner=self)

    def _apply(
        self,
        fn: Callable[[CallWork], Applied],  # type: ignore[type-arg]
        done: Callable[[object], None],
        failed: Callable[[TaskFailed], None],
    ) -> None:
        """A write: through the desk's ops, so the queue and every other view follow it."""
        box = self._work_box

        def use_case(desk: Desk) -> Applied:  # type: ignore[type-arg]
            if not box:
                box.append(CallWork(desk))
            return fn(box[0])

        self.ops.apply(use_case, done, failed, owner=self)

    def _desk_changed(self, changes: Changes) -> None:
        """Something changed the lead on the card (a pinned insight, a pull, a dialog): show it."""
        card = self.card
        if card is None or self.busy:
            return  # mid-write, the write's own answer brings the card
        if changes.touches_lead(card.lead.id) or changes.touches_account(card.lead.account_id):
            self.reload()

    def _read_failed(self, failure: TaskFailed) -> None:
        self.busy = False
        self.confirm_label.setText(self.tr("Could not read the local cache: %1").replace("%1", str(failure)))

    # --- results (UI thread) ----------------------------------------------------------------

    def _started(self, serial: int, card: CallCard | None) -> None:
        if serial != self._serial:
            return
        if card is None:
            self.card = None
            self.phase = Phase.IDLE
            self.confirm_label.setText(self.tr("The queue is empty: nobody to call."))
            self._render()
            return
        self._begin_call(card)

    def _begin_call(self, card: CallCard) -> None:
        self.card = card
        self.phase = Phase.CHOOSING
        self.outcome = None
        self.notes_edit.clear()
        self.error_label.clear()
        self._call_timer.start()
        self._render()
        self.pad.setFocus(Qt.FocusReason.OtherFocusReason)
        self.card_shown.emit(card.lead.id)

    def _viewed(self, serial: int, card: CallCard) -> None:
        if serial != self._serial or self.calling:
            return
        self.card = card
        self.phase = Phase.VIEWING
        self._render()
        self.card_shown.emit(card.lead.id)

    def _reloaded(self, card: CallCard) -> None:
        if self.card is not None and card.lead.id == self.card.lead.id:
            self.card = card
            self._render_card()

    def _logged(self, serial: int, logged: Logged) -> None:
        self.busy = False
        self._skipped.clear()
        self.last_logged = logged.activity
        name = self.card.lead.full_name if self.card else ""
        self.confirm_label.setText(
            self.tr("Logged %1 for %2. Ctrl+Z undoes it.")
            .replace("%1", formatting.outcome_label(logged.activity.outcome))
            .replace("%2", name)
        )
        self.outcome_logged.emit(logged.activity)
        if serial != self._serial:
            return
        if logged.next_card is None:
            self.card = None
            self.phase = Phase.IDLE
            self._render()
            return
        self._begin_call(logged.next_card)

    def _log_failed(self, failure: TaskFailed) -> None:
        self.busy = False
        if isinstance(failure.error, NextStepInPast):
            message = self.tr("The next step must be later than now. Nothing was saved.")
        else:
            message = self.tr("Not saved: %1").replace("%1", str(failure.error))
        self.error_label.setText(message)
        self.log_refused.emit(message)

    def _undone(self, serial: int, undone: Undone) -> None:
        self.busy = False
        self.last_logged = None
        self.confirm_label.setText(
            self.tr("Undone: the last outcome for %1 is withdrawn (kept in the history, struck through).").replace(
                "%1", undone.card.lead.full_name
            )
        )
        self.outcome_undone.emit(undone.correction)
        if serial != self._serial:
            return
        # Back to the lead whose outcome was withdrawn, ready for the right key.
        self._begin_call(undone.card)

    def _undo_failed(self, failure: TaskFailed) -> None:
        self.busy = False
        self.confirm_label.setText(self.tr("Could not undo: %1").replace("%1", str(failure.error)))

    # --- next step --------------------------------------------------------------------------

    def _zone(self) -> ZoneInfo | None:
        return formatting.zone(self.card.zone) if self.card else None

    def _default_due(self) -> QDateTime:
        now = self.clock()
        zone = self._zone()
        local = now.astimezone(zone) if zone else now.astimezone()
        due = datetime.combine(local.date() + timedelta(days=1), time(CALL_BACK_HOUR))
        return QDateTime(due.year, due.month, due.day, due.hour, due.minute, 0)

    def _due_at(self) -> datetime:
        """The edit's wall time read in the prospect's zone (the rep's own zone when unknown)."""
        qdt = self.next_when.dateTime()
        d, t = qdt.date(), qdt.time()
        naive = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        zone = self._zone()
        local = naive.replace(tzinfo=zone) if zone else naive.astimezone()
        return local.astimezone(UTC)

    def _next_kind(self) -> NextKind:
        return self.next_kind.currentData() or NextKind.NONE

    def _next_step(self) -> NextStep | None:
        kind = self._next_kind()
        if kind is NextKind.NONE:
            return None
        return NextStep(_NEXT_CHANNEL[kind], self._due_at(), self.notes_edit.text().strip())

    def outside_calling_hours(self) -> bool:
        """A call-back the prospect's calling hours do not cover (a warning; it may still be logged)."""
        if self.card is None or self._next_kind() is not NextKind.CALL_BACK:
            return False
        if self._windows is None:
            self._windows = CallWindows.load()
        calendar = self._windows.calendar(self.card.zone, self.card.country)
        return calendar is not None and not calendar.is_open(self._due_at())

    def _next_changed(self) -> None:
        kind = self._next_kind()
        has_time = kind is not NextKind.NONE
        self.next_when.setEnabled(has_time)
        self.error_label.clear()
        if not has_time or self.card is None:
            self.next_both.clear()
            self.next_warning.clear()
            return
        due = self._due_at()
        theirs = formatting.local_time(self.card.zone, due)
        if self.card.zone:
            theirs += f" ({self.card.zone})"
        self.next_both.setText(
            self.tr("Their time %1 · your time %2").replace("%1", theirs).replace("%2", formatting.date_time(due))
        )
        if self.outside_calling_hours():
            self.next_warning.setText(
                self.tr("Outside their calling hours: you may still book it, but they are unlikely to answer.")
            )
        else:
            self.next_warning.clear()

    # --- rendering --------------------------------------------------------------------------

    def _render(self) -> None:
        self._render_card()
        on_call = self.calling
        self.details.setVisible(self.phase is Phase.DETAILS)
        self.timer_label.setVisible(on_call)
        self.pad.setText(self._pad_html())
        if self.phase is Phase.DETAILS and self.outcome is not None:
            self.outcome_label.setText(formatting.outcome_label(self.outcome))
            self._next_changed()
        self._tick()

    def _pad_html(self) -> str:
        if self.phase is Phase.IDLE or self.card is None:
            return self.tr("Press F5 to start calling: the top of the queue comes up here.")
        if self.phase is Phase.VIEWING:
            return self.tr("Press F5 to call the top of the queue.")
        if self.phase is Phase.DETAILS:
            return self.tr("Enter logs · Tab: next step · Esc: pick another outcome")
        lang = _lang()
        keys = "&nbsp;&nbsp; ".join(f"<b>{k.key}</b>&nbsp;{_escape(k.label.get(lang))}" for k in self.keys)
        return self.tr("Outcome:") + " " + keys + "<br>" + self.tr("F6 qualify · F8 skip · Ctrl+Z undo the last outcome")

    def _render_card(self) -> None:
        card = self.card
        if card is None:
            self.name_label.setText(self.tr("No lead on the card"))
            self.role_label.clear()
            self.clock_label.clear()
            self.reasons_label.clear()
            self._set_phones([], None)
            self.insights.set_insights([])
            self.timeline_model.set_entries([])
            return
        lead, account = card.lead, card.account
        self.name_label.setText(lead.full_name)
        company = account.name if account else None
        self.role_label.setText(
            " · ".join(
                p
                for p in (
                    lead.title,
                    company,
                    self.tr("Buyer role: %1").replace("%1", formatting.buyer_role_label(lead.buyer_role)),
                    formatting.stage_label(lead.stage),
                )
                if p
            )
        )
        self._set_phones(lead.phones, card.country)
        # Each component with its points, as the queue's "why is this lead here?" shows them.
        reasons = [f"{p.points:+.0f} {priority_reason(p)}" for p in card.reasons if p.reason]
        self.reasons_label.setText(self.tr("Why now: %1").replace("%1", "; ".join(reasons) or formatting.DASH))
        self.insights.set_insights(card.insights, _lang())
        self.timeline_model.set_entries(card.timeline)

    def _set_phones(self, phones: list[str], country: str | None) -> None:
        for row in self._phone_rows:
            for widget in row:
                self.phones_layout.removeWidget(widget)
                widget.deleteLater()
        self._phone_rows = []
        for i, number in enumerate(phones):
            label = QLabel(format_for(number, country), self.phones_box)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            dial = QPushButton(self.phones_box)
            copy = QPushButton(self.phones_box)
            # The buttons are for the mouse; Ctrl+D and Ctrl+Shift+C do the same from the keyboard.
            dial.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            copy.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            dial.clicked.connect(lambda _c=False, i=i: self.dial(i))
            copy.clicked.connect(lambda _c=False, i=i: self.copy_number(i))
            self.phones_layout.addWidget(label, i, 0)
            self.phones_layout.addWidget(dial, i, 1)
            self.phones_layout.addWidget(copy, i, 2)
            self._phone_rows.append((label, dial, copy))
        self._retranslate_phones()

    def phone_texts(self) -> list[str]:
        return [row[0].text() for row in self._phone_rows]

    def _retranslate_phones(self) -> None:
        for i, (_label, dial, copy) in enumerate(self._phone_rows):
            dial.setText(self.tr("Dial (Ctrl+D)") if i == 0 else self.tr("Dial"))
            copy.setText(self.tr("Copy"))

    def _tick(self) -> None:
        card = self.card
        if card is not None:
            their = formatting.local_time(card.zone, self.clock())
            self.clock_label.setText(
                self.tr("Their time: %1").replace("%1", f"{their} ({card.zone})" if card.zone else their)
            )
        if self.calling and self._call_timer.isValid():
            seconds = self._call_timer.elapsed() // 1000
            self.timer_label.setText(self.tr("Call %1").replace("%1", f"{seconds // 60:02d}:{seconds % 60:02d}"))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Call session"))
        self.start_action.setText(self.tr("&Start calling"))
        self.skip_action.setText(self.tr("S&kip to the next lead"))
        self.stop_action.setText(self.tr("S&top calling"))
        self.undo_action.setText(self.tr("&Undo last outcome"))
        self.dial_action.setText(self.tr("&Dial the first number"))
        self.copy_action.setText(self.tr("&Copy the first number"))
        self.qualify_action.setText(self.tr("&Qualify…"))
        for label, text in zip(
            self._form_labels,
            (self.tr("Outcome"), self.tr("Notes"), self.tr("Next step"), self.tr("When (their time)")),
            strict=True,
        ):
            label.setText(text)
        names = {
            NextKind.NONE: self.tr("No next step"),
            NextKind.CALL_BACK: self.tr("Call back"),
            NextKind.EMAIL: self.tr("Send email"),
            NextKind.WECHAT: self.tr("Send WeChat message"),
        }
        for i in range(self.next_kind.count()):
            self.next_kind.setItemText(i, names[self.next_kind.itemData(i)])
        self.timeline_title.setText(self.tr("Last touches"))
        self.timeline_model.retranslate()
        self._retranslate_phones()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._render()
        super().changeEvent(event)

    # --- keyboard ---------------------------------------------------------------------------

    def _ask_qualify(self) -> None:
        if self.card is not None:
            self.qualify_requested.emit(self.card.lead.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.pad and self._pad_key(event):
                return True
            if watched in (self.notes_edit, self.next_kind, self.next_when) and self._details_key(event):
                return True
        return super().eventFilter(watched, event)

    def _pad_key(self, event: QKeyEvent) -> bool:
        if self.phase is not Phase.CHOOSING or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        outcome = call_outcome_for_key(event.text()) if event.text() else None
        if outcome is None:
            return False
        self.choose_outcome(outcome)
        return True

    def _details_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.log_now()
            return True
        if key == Qt.Key.Key_Escape:
            self.phase = Phase.CHOOSING
            self.outcome = None
            self._render()
            self.pad.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False


def _escape(text: str) -> str:
    import html

    return html.escape(text)
