"""The call session as a rep works it: keyboard only, from F5 to the next lead, with undo,
next steps in the prospect's time, qualification, hand-off and disqualification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDateTime, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from sdr_desk.core.cadences import track_for_reason
from sdr_desk.core.entities import DisqualifyReason, EntityKind, OpKind, Outcome, Stage, Step
from sdr_desk.gui.call_session_install import install_call_session
from sdr_desk.gui.models.timeline_model import TimelineColumn, TimelineModel
from sdr_desk.gui.views.call_session import CallSessionPanel, Phase
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.queue import CallQueue, QueueFilter
from sdr_desk.store.tables import ActivityRow, LeadRow, OutboxOp


def on_worker(qtbot, window, fn: Callable[[object], object]) -> object:  # noqa: ANN001
    """Run `fn(desk)` on the window's database thread and wait for its answer."""
    box: list[object] = []
    failed: list[object] = []
    window.runner.run(lambda: fn(window.desk), box.append, failed.append)
    qtbot.waitUntil(lambda: bool(box or failed), timeout=10_000)
    assert not failed, failed[0].details
    return box[0]


def press(qtbot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A keystroke to whatever has the keyboard focus, as the rep would type it."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def type_text(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(QApplication.focusWidget(), text)


def tab_to(qtbot, widget: QWidget, limit: int = 60) -> None:  # noqa: ANN001
    """Tab until `widget` has the focus, the way a rep walks a form."""
    seen = []
    for _ in range(limit):
        if widget.hasFocus():
            return
        seen.append(QApplication.focusWidget().objectName())
        press(qtbot, Qt.Key.Key_Tab)
    assert widget.hasFocus(), f"Tab never reached {widget.objectName()}: {seen}"


@pytest.fixture
def panel(qtbot, window) -> CallSessionPanel:  # noqa: ANN001
    panel = install_call_session(window)
    window.ui.queueView.setFocus()
    qtbot.waitUntil(window.ui.queueView.hasFocus)
    return panel


def start_calling(qtbot, panel: CallSessionPanel) -> str:  # noqa: ANN001
    with qtbot.waitSignal(panel.card_shown, timeout=10_000) as shown:
        press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: panel.phase is Phase.CHOOSING and panel.pad.hasFocus())
    return shown.args[0]


def log_outcome(qtbot, panel: CallSessionPanel, key: str, notes: str = "") -> str:  # noqa: ANN001
    """Outcome key, optional notes, Enter; returns the next lead on the card."""
    press(qtbot, key)
    qtbot.waitUntil(panel.notes_edit.hasFocus)
    if notes:
        type_text(qtbot, notes)
    with qtbot.waitSignal(panel.outcome_logged, timeout=10_000), qtbot.waitSignal(panel.card_shown, timeout=10_000) as shown:
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.pad.hasFocus())
    return shown.args[0]


def move_to_a_new_lead(qtbot, panel: CallSessionPanel, shown: str, called: list[str]) -> str:  # noqa: ANN001
    """F8 past leads already called this session (an answered call is not pushed back, so a
    lead can stay on top, and a small book soon comes round again)."""
    skipped: list[str] = []
    while shown in called:
        skipped.append(shown)
        with qtbot.waitSignal(panel.card_shown, timeout=10_000) as card:
            press(qtbot, Qt.Key.Key_F8)
        shown = card.args[0]
        assert shown not in skipped and len(skipped) < 7
        qtbot.waitUntil(panel.pad.hasFocus)
    called.append(shown)
    return shown


def qualify_keyboard(qtbot, panel: CallSessionPanel, answers: dict[str, tuple[str, str]]):  # noqa: ANN001, ANN201
    """F6, then per criterion: the answer's key and the evidence; returns the open form."""
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: panel.qualification_dialog is not None and panel.qualification_dialog.isVisible())
    dialog = panel.qualification_dialog
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and QApplication.focusWidget() is not None)
    for criterion_id, (key, evidence) in answers.items():
        row = dialog.row(criterion_id)
        tab_to(qtbot, row.status_combo)
        press(qtbot, key)
        tab_to(qtbot, row.evidence)
        if evidence:
            type_text(qtbot, evidence)
    return dialog


MANTCP_YES = {
    "money": ("1", "Budget approved for Q1"),
    "authority": ("1", "Head of IT, signs off vendors"),
    "need": ("1", "Manual dispatch costs them a day per order"),
    "time": ("1", "Vendor chosen by January; meets sales next Tuesday"),
    "competitor": ("2", "Looked at one rival last year"),
    "people": ("1", "Ops team of four will run it"),
}


def test_a_whole_session_by_keyboard_only(qtbot, window, panel) -> None:  # noqa: ANN001
    called: list[str] = [start_calling(qtbot, panel)]
    assert panel.name_label.text() == panel.card.lead.full_name
    assert "1 No answer" in panel.outcome_keys_text() and "8 Meeting booked" in panel.outcome_keys_text()
    assert "No answer" in panel.pad.text() and "<b>B</b>" in panel.pad.text()  # the keys are on screen

    move_to_a_new_lead(qtbot, panel, log_outcome(qtbot, panel, "1"), called)
    move_to_a_new_lead(qtbot, panel, log_outcome(qtbot, panel, "2", "Left a message about the webinar"), called)
    # Call back later: the next step defaults to a call-back tomorrow, 10:00 their time.
    press(qtbot, "0")
    qtbot.waitUntil(panel.notes_edit.hasFocus)
    assert panel.next_kind.currentText() == "Call back"
    callback_lead = panel.lead_id
    callback_zone = ZoneInfo(panel.card.zone)
    due_local = panel.next_when.dateTime()
    assert (due_local.time().hour(), due_local.time().minute()) == (10, 0)
    assert "Their time" in panel.next_both.text() and "your time" in panel.next_both.text()
    type_text(qtbot, "In a meeting, call tomorrow")
    with qtbot.waitSignal(panel.card_shown, timeout=10_000) as shown:
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.pad.hasFocus)
    move_to_a_new_lead(qtbot, panel, shown.args[0], called)

    # The fourth lead is qualified on the call, handed off as an MQL, then the meeting is logged.
    mql_lead = panel.lead_id
    dialog = qualify_keyboard(qtbot, panel, MANTCP_YES)
    assert dialog.framework_id() == "mantcp"
    assert "Qualified" in dialog.verdict.text(), dialog.verdict.text()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args[0].verdict.value == "qualified"
    qtbot.waitUntil(dialog.handoff_button.isEnabled)
    with qtbot.waitSignal(dialog.stage_moved, timeout=10_000):
        press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.handoff_dialog is not None and dialog.handoff_dialog.isVisible())
    summary = dialog.handoff_dialog.markdown
    assert "Budget approved for Q1" in summary and panel.card.lead.full_name in summary
    qtbot.waitUntil(dialog.handoff_dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)  # closes the summary
    qtbot.waitUntil(lambda: not dialog.handoff_dialog.isVisible())
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_Escape)  # closes the form
    qtbot.waitUntil(lambda: not dialog.isVisible() and panel.pad.hasFocus())
    after_meeting = log_outcome(qtbot, panel, "8", "Demo with sales on Tuesday")
    top = on_worker(qtbot, window, lambda desk: desk.queue.ranked_ids(QueueFilter(), datetime.now(UTC))[0])
    assert after_meeting == top  # the next card is the queue's new top
    move_to_a_new_lead(qtbot, panel, after_meeting, called)

    # The fifth lead has no need: disqualified with that reason, then the call is logged.
    dq_lead = panel.lead_id
    dialog = qualify_keyboard(qtbot, panel, {"need": ("3", "")})
    assert "Not qualified" in dialog.verdict.text(), (dialog.answers(), QApplication.focusWidget().objectName())
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.disqualify_button.isEnabled)
    assert dialog.reason() is DisqualifyReason.NO_NEED
    with qtbot.waitSignal(dialog.stage_moved, timeout=10_000) as moved:
        press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert moved.args == ["disqualified"]
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible() and panel.pad.hasFocus())
    log_outcome(qtbot, panel, "9", "No project this year")

    logged = called[:5]
    assert logged[3] == mql_lead and logged[4] == dq_lead and logged[2] == callback_lead
    assert len(set(logged)) == 5, logged  # five different leads came up, one after another

    # --- what was written ---------------------------------------------------------------------
    def facts(desk):  # noqa: ANN001, ANN202
        with desk.cache.session() as s:
            acts = {a.lead_id: a for a in s.scalars(select(ActivityRow).where(ActivityRow.lead_id.in_(logged)))}
            leads = {lead.id: lead for lead in s.scalars(select(LeadRow).where(LeadRow.id.in_(logged)))}
            ops = [(o.entity, o.entity_id, o.kind, o.fields) for o in s.scalars(select(OutboxOp).order_by(OutboxOp.seq))]
            counts = {lid: sum(1 for a in s.scalars(select(ActivityRow).where(ActivityRow.lead_id == lid))) for lid in logged}
        return acts, leads, ops, counts, LeadWork(desk.book).enrolments(dq_lead)

    acts, leads, ops, counts, enrolments = on_worker(qtbot, window, facts)
    expected = {
        logged[0]: (Outcome.NO_ANSWER, Step.REACH),
        logged[1]: (Outcome.VOICEMAIL, Step.REACH),
        logged[2]: (Outcome.CALL_BACK, Step.CONNECT),
        logged[3]: (Outcome.MEETING_BOOKED, Step.CONVERSATION),
        logged[4]: (Outcome.NOT_INTERESTED, Step.CONNECT),
    }
    assert {lid: (acts[lid].outcome, acts[lid].step) for lid in logged} == expected
    # The fixture's book had one earlier call on one lead; this session added exactly one each.
    assert all(counts[lid] == 1 + (lid == "lead-003") for lid in logged)
    assert acts[logged[1]].notes == "Left a message about the webinar"
    assert acts[logged[0]].duration_s is not None and acts[logged[0]].duration_s >= 0
    due = leads[callback_lead].next_touch_at
    assert due is not None
    assert (due.astimezone(callback_zone).hour, due.astimezone(callback_zone).minute) == (10, 0)
    assert leads[callback_lead].next_touch_note == "phone: In a meeting, call tomorrow"

    # Stages: the first touch moved new leads to working; one MQL, one disqualified.
    assert leads[mql_lead].stage is Stage.MQL
    assert leads[dq_lead].stage is Stage.DISQUALIFIED
    assert {leads[lid].stage for lid in logged[:3]} == {Stage.WORKING}

    # Outbox: each activity with its op, both qualification versions, the hand-off command,
    # the disqualification patch and the nurture enrolment.
    appended = {eid for ent, eid, kind, _f in ops if ent is EntityKind.ACTIVITY and kind is OpKind.APPEND}
    assert {acts[lid].id for lid in logged} <= appended
    assert sum(1 for ent, _e, kind, _f in ops if ent is EntityKind.QUALIFICATION and kind is OpKind.APPEND) == 2
    assert any(
        ent is EntityKind.LEAD and eid == mql_lead and kind is OpKind.COMMAND and f["command"] == "hand_off"
        for ent, eid, kind, f in ops
    )
    assert any(
        ent is EntityKind.LEAD and eid == dq_lead and kind is OpKind.PATCH and f.get("stage") == "disqualified"
        for ent, eid, kind, f in ops
    )
    assert len(enrolments) == 1 and enrolments[0].ended_at is None
    assert enrolments[0].track == track_for_reason(DisqualifyReason.NO_NEED)
    assert any(ent is EntityKind.NURTURE_ENROLMENT and eid == enrolments[0].id for ent, eid, _k, _f in ops)

    # Queue: the disqualified and the handed-off leads left it; the window shows the order a fresh ranking gives.
    now = datetime.now(UTC)

    def rankings(desk):  # noqa: ANN001, ANN202
        fresh = CallQueue(desk.cache, desk.book.rep_id()).ranked_ids(QueueFilter(), now)
        first = {p.code for p in desk.queue.explain(logged[0], now)}
        return desk.queue.ranked_ids(QueueFilter(), now), fresh, first

    live, fresh, first_parts = on_worker(qtbot, window, rankings)
    assert live == fresh
    assert dq_lead not in live and mql_lead not in live and len(live) == 5
    model = window.queue_model
    qtbot.waitUntil(lambda: [model.lead_id(r) for r in range(model.rowCount())] == live, timeout=10_000)
    assert "retry" in first_parts  # the unanswered dial backs off


def test_undo_withdraws_the_last_outcome_and_says_so(qtbot, window, panel) -> None:  # noqa: ANN001
    first = start_calling(qtbot, panel)
    log_outcome(qtbot, panel, "6", "Picked up, asked for details")
    with qtbot.waitSignal(panel.outcome_undone, timeout=10_000) as undone:
        press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    correction = undone.args[0]
    assert correction.outcome is Outcome.RETRACTED and correction.lead_id == first
    qtbot.waitUntil(lambda: panel.lead_id == first and panel.pad.hasFocus())
    assert "Undone" in panel.confirm_label.text() and panel.card.lead.full_name in panel.confirm_label.text()

    model = panel.timeline_model
    outcomes = [model.index(r, TimelineColumn.OUTCOME).data() for r in range(model.rowCount())]
    struck = [bool(model.index(r, 0).data(Qt.ItemDataRole.FontRole) and model.index(r, 0).data(Qt.ItemDataRole.FontRole).strikeOut()) for r in range(model.rowCount())]
    connected_row = outcomes.index("Connected")
    assert struck[connected_row] and not struck[outcomes.index("Correction: entry withdrawn")]

    timeline = on_worker(qtbot, window, lambda desk: LeadWork(desk.book).timeline(first))
    assert [(a.outcome, sup) for a, sup in timeline][:2] == [(Outcome.RETRACTED, False), (Outcome.CONNECTED, True)]
    # A second Ctrl+Z has nothing left to withdraw: no new correction.
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.confirm_label.text() == "Nothing to undo."
    assert len(on_worker(qtbot, window, lambda desk: LeadWork(desk.book).timeline(first))) == len(timeline)


def test_next_step_in_the_past_is_refused_inline_and_nothing_is_saved(qtbot, window, panel) -> None:  # noqa: ANN001
    lead_id = start_calling(qtbot, panel)
    before = len(on_worker(qtbot, window, lambda desk: desk.book.activities(lead_id)))
    press(qtbot, "0")
    qtbot.waitUntil(panel.notes_edit.hasFocus)
    yesterday = datetime.now(ZoneInfo(panel.card.zone)) - timedelta(days=1)
    panel.next_when.setDateTime(QDateTime(yesterday.year, yesterday.month, yesterday.day, 11, 0, 0))
    with qtbot.waitSignal(panel.log_refused, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert panel.error_label.text() == "The next step must be later than now. Nothing was saved."
    assert panel.error_label.isVisible() and panel.phase is Phase.DETAILS and panel.lead_id == lead_id
    assert len(on_worker(qtbot, window, lambda desk: desk.book.activities(lead_id))) == before


def test_call_back_outside_their_calling_hours_warns_but_logs(qtbot, window, panel) -> None:  # noqa: ANN001
    lead_id = start_calling(qtbot, panel)
    press(qtbot, "0")
    qtbot.waitUntil(panel.notes_edit.hasFocus)
    zone = ZoneInfo(panel.card.zone)
    night = (datetime.now(zone) + timedelta(days=2)).replace(hour=3, minute=0)
    panel.next_when.setDateTime(QDateTime(night.year, night.month, night.day, 3, 0, 0))
    assert "Outside their calling hours" in panel.next_warning.text()
    assert panel.next_warning.isVisible()
    with qtbot.waitSignal(panel.outcome_logged, timeout=10_000) as logged:
        press(qtbot, Qt.Key.Key_Return)
    assert logged.args[0].lead_id == lead_id and logged.args[0].outcome is Outcome.CALL_BACK
    lead = on_worker(qtbot, window, lambda desk: desk.book.lead(lead_id))
    assert lead.next_touch_at.astimezone(zone).hour == 3


def test_within_their_hours_there_is_no_warning(qtbot, window, panel) -> None:  # noqa: ANN001
    start_calling(qtbot, panel)
    press(qtbot, "0")
    qtbot.waitUntil(panel.notes_edit.hasFocus)
    calendar_ok = not panel.outside_calling_hours()
    # The default (10:00 their time tomorrow) may fall on their weekend; then a warning is right.
    assert (panel.next_warning.text() == "") == calendar_ok


def test_card_shows_numbers_for_their_country_and_dials_through_tel(qtbot, window, panel) -> None:  # noqa: ANN001
    class Dialer(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def dial(self, url: QUrl) -> None:
            self.urls.append(url.toString())

    dialer = Dialer()
    QDesktopServices.setUrlHandler("tel", dialer, "dial")
    try:
        start_calling(qtbot, panel)
        lead = panel.card.lead
        expected = {"CN": "138 0013 8000", "DE": "030 12345678"}
        if lead.country in expected and lead.phones[0].startswith("+86" if lead.country == "CN" else "+49"):
            assert panel.phone_texts() == [expected[lead.country]]
        else:
            assert panel.phone_texts()[0].startswith("+")  # a foreign number reads internationally
        press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        assert dialer.urls == [f"tel:{lead.phones[0]}"]
        press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.clipboard().text() == lead.phones[0]
    finally:
        QDesktopServices.unsetUrlHandler("tel")
    assert "Their time:" in panel.clock_label.text() and panel.card.zone in panel.clock_label.text()
    assert panel.reasons_label.text().startswith("Why now:")
    assert panel.timer_label.text().startswith("Call 00:")


def test_selecting_a_lead_in_the_queue_shows_its_card_when_not_calling(qtbot, window, panel) -> None:  # noqa: ANN001
    view = window.ui.queueView
    with qtbot.waitSignal(panel.card_shown, timeout=10_000) as shown:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert shown.args == [window.current_lead_id()]
    assert panel.phase is Phase.VIEWING


def test_timeline_model_passes_the_model_tester(qtbot, window, panel, qtmodeltester) -> None:  # noqa: ANN001
    start_calling(qtbot, panel)
    log_outcome(qtbot, panel, "1")
    qtmodeltester.check(panel.timeline_model)
    lead_id = on_worker(qtbot, window, lambda desk: desk.book.activities("lead-003")[0].lead_id)
    entries = on_worker(qtbot, window, lambda desk: LeadWork(desk.book).timeline(lead_id))
    model = TimelineModel()
    model.set_entries(entries)
    qtmodeltester.check(model)
    assert model.rowCount() == len(entries) and model.columnCount() == len(TimelineColumn)
    assert model.index(0, TimelineColumn.NOTES).data() == "Rang twice, no voicemail"


def test_installed_once_with_a_calling_menu_of_shortcuts(qtbot, window, panel) -> None:  # noqa: ANN001
    assert install_call_session(window) is panel  # a second install would make F5 ambiguous
    assert len(window.findChildren(CallSessionPanel)) == 1
    menu = next(m for m in window.menuBar().findChildren(type(window.ui.menuFile)) if m.objectName() == "menuCalling")
    assert menu.title() == "&Calling"
    shortcuts = {a.text(): a.shortcut().toString() for a in menu.actions()}
    assert shortcuts["&Start calling"] == "F5" and shortcuts["&Undo last outcome"] == "Ctrl+Z"
    assert shortcuts["&Qualify…"] == "F6" and shortcuts["S&kip to the next lead"] == "F8"
    assert window.ui.sideTabs.indexOf(panel) >= 0 and window.ui.sideTabs.tabText(window.ui.sideTabs.indexOf(panel)) == "Call session"


def test_escape_picks_another_outcome_before_anything_is_logged(qtbot, window, panel) -> None:  # noqa: ANN001
    lead_id = start_calling(qtbot, panel)
    press(qtbot, "9")
    qtbot.waitUntil(panel.notes_edit.hasFocus)
    assert panel.outcome_label.text() == "Not interested"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(panel.pad.hasFocus)
    assert panel.phase is Phase.CHOOSING and not panel.details.isVisible()
    press(qtbot, "x")  # not an outcome key: nothing happens
    assert panel.phase is Phase.CHOOSING
    with qtbot.waitSignal(panel.outcome_logged, timeout=10_000) as logged:
        press(qtbot, "b")  # keys are case-blind, as in the rules
        qtbot.waitUntil(panel.notes_edit.hasFocus)
        press(qtbot, Qt.Key.Key_Enter)
    assert logged.args[0].outcome is Outcome.BAD_DATA and logged.args[0].lead_id == lead_id
    assert len(on_worker(qtbot, window, lambda desk: desk.book.activities(lead_id))) == 1 + (lead_id == "lead-003")


def chinese(context: str, source: str) -> str:
    """The active Chinese wording (whichever shipped catalogue provides it), never the English."""
    from PySide6.QtCore import QCoreApplication

    text = QCoreApplication.translate(context, source)
    assert text != source and any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{source!r} is not translated"
    return text


def test_the_call_card_speaks_chinese(qtbot, window, panel, catalogues) -> None:  # noqa: ANN001
    # The window's language switch loads this area's catalogue with the others.
    assert (catalogues / "call_session_zh_CN.qm").is_file()
    window.choose_language("zh_CN")
    try:
        start_calling(qtbot, panel)
        qtbot.waitUntil(lambda: panel.windowTitle() == chinese("CallSessionPanel", "Call session"))
        assert "<b>1</b>&nbsp;无人接听" in panel.pad.text()  # the outcome labels come from the rules file
        assert chinese("CallSessionPanel", "Outcome:") in panel.pad.text()
        assert panel.timeline_model.headerData(0, Qt.Orientation.Horizontal) == chinese("TimelineModel", "When")
        assert panel.start_action.text() == chinese("CallSessionPanel", "&Start calling")
        assert panel.start_action.shortcut().toString() == "F5"
    finally:
        window.choose_language("en")
    qtbot.waitUntil(lambda: panel.windowTitle() == "Call session")


def test_pinned_research_shows_on_the_call_card(qtbot, window, panel) -> None:  # noqa: ANN001
    from sdr_desk.core.entities import ResearchNote, Tier
    from sdr_desk.store.research import AccountResearch

    lead_id = start_calling(qtbot, panel)
    account_id = panel.card.lead.account_id
    assert panel.insights.lines() == []

    def pin(desk):  # noqa: ANN001, ANN202
        research = AccountResearch(desk.book)
        note = research.save_note(ResearchNote(id="n-fact", account_id=account_id, template=Tier.T3, section="industry",
                                               field="fact", text="Cold-chain market grows 15% a year"))
        return research.set_pinned(note.id, True)

    on_worker(qtbot, window, pin)
    panel.reload()  # what a saved form or a stage move does: the card is read again
    qtbot.waitUntil(lambda: panel.insights.lines() != [])
    assert panel.lead_id == lead_id and panel.phase is Phase.CHOOSING
    assert panel.insights.lines() == ["Industry · Industry fact: Cold-chain market grows 15% a year"]
