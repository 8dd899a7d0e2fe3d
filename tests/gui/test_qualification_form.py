"""The qualification form: generated from each framework's rules, inline problems with nothing
saved, versions, the live verdict, "not now" into nurture, and the hand-off summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sdr_desk.core.cadences import track_for_reason
from sdr_desk.core.entities import CriterionStatus, DisqualifyReason, Stage
from sdr_desk.core.qualification import default_frameworks, form_description
from sdr_desk.gui.dialogs.handoff import HandoffDialog
from sdr_desk.gui.dialogs.qualification_form import QualificationDialog
from sdr_desk.store.lead_work import LeadWork
from tests.gui.test_call_session import chinese as chinese_text
from tests.gui.test_call_session import on_worker

LEAD = "lead-002"  # Liu Yang, Hangzhou Yunfan Software


@pytest.fixture
def form(qtbot, window) -> QualificationDialog:  # noqa: ANN001
    dialog = QualificationDialog(window.runner, window.desk, LEAD, "Liu Yang", window.clock, window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(dialog.isVisible)
    # The saved versions arrive from the worker; the list starts empty for this lead.
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    return dialog


def answer(dialog: QualificationDialog, criterion_id: str, status: CriterionStatus, evidence: str = "") -> None:
    row = dialog.row(criterion_id)
    row.set_status(status)
    row.evidence.setText(evidence)


@pytest.mark.parametrize("framework_id", sorted(default_frameworks()))
def test_the_form_is_generated_from_each_framework(qtbot, form, framework_id: str) -> None:  # noqa: ANN001
    index = form.framework_combo.findData(framework_id)
    assert index >= 0
    form.framework_combo.setCurrentIndex(index)
    spec = form_description(default_frameworks()[framework_id])
    assert [r.criterion.id for r in form.rows] == [c.id for c in spec.criteria]
    for row, criterion in zip(form.rows, spec.criteria, strict=True):
        assert row.title() == criterion.label
        for question in criterion.questions:
            assert question in row.questions.text()  # the probing questions are on screen
        assert [row.status_combo.itemText(i) for i in range(4)] == [f"{k}  {label}" for k, (_s, label) in zip("1234", criterion.statuses, strict=True)]
    assert list(form.flags) == [f.id for f in spec.red_flags]
    assert form.description.text() == spec.description


def test_mantcp_is_the_default_and_keys_pick_answers(qtbot, form) -> None:  # noqa: ANN001
    assert form.framework_id() == "mantcp"
    row = form.row("money")
    row.status_combo.setFocus()
    qtbot.waitUntil(row.status_combo.hasFocus)
    qtbot.keyClick(row.status_combo, "3")
    assert row.status() is CriterionStatus.NO
    assert "Not qualified" in form.verdict.text() and "No budget" in form.verdict.text()
    qtbot.keyClick(row.status_combo, "1")
    assert row.status() is CriterionStatus.YES
    assert "Incomplete" in form.verdict.text() and "Money" not in form.verdict.text()


def test_missing_evidence_is_shown_per_criterion_and_nothing_is_saved(qtbot, window, form) -> None:  # noqa: ANN001
    answer(form, "money", CriterionStatus.YES)  # a "yes" needs a note
    answer(form, "authority", CriterionStatus.PARTLY, "Influencer, reports to the CIO")
    answer(form, "competitor", CriterionStatus.NO)  # a "no" here needs one too
    with qtbot.waitSignal(form.refused, timeout=10_000) as refused:
        qtbot.keyClick(form.row("people").evidence, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert refused.args == ["Not saved. Problems to fix: 2 (marked below)."]
    money, competitor = form.row("money"), form.row("competitor")
    assert money.problem.isVisible() and 'evidence note is needed for the answer "Yes"' in money.problem.text()
    assert competitor.problem.isVisible() and '"No"' in competitor.problem.text()
    assert not form.row("authority").problem.isVisible()
    assert money.evidence.hasFocus()  # straight to the first field to fix
    assert on_worker(qtbot, window, lambda desk: LeadWork(desk.book).qualifications(LEAD)) == []
    assert form.versions_model.rowCount() == 0

    money.evidence.setText("Budget line for 2027 confirmed")
    assert not money.problem.isVisible()  # typing clears the row's message


def test_each_save_is_a_new_version_and_earlier_ones_stay_listed(qtbot, window, form, qtmodeltester) -> None:  # noqa: ANN001
    answer(form, "need", CriterionStatus.YES, "Order tracking is manual")
    with qtbot.waitSignal(form.saved, timeout=10_000) as first:
        form.save()
    assert first.args[0].version == 1 and first.args[0].verdict.value == "incomplete"
    assert not form.handoff_button.isEnabled() and not form.disqualify_button.isEnabled()
    answer(form, "money", CriterionStatus.NO)
    with qtbot.waitSignal(form.saved, timeout=10_000) as second:
        form.save()
    assert second.args[0].version == 2 and second.args[0].reason is DisqualifyReason.NO_BUDGET
    qtbot.waitUntil(lambda: form.versions_model.rowCount() == 2)
    texts = [form.versions_model.index(r, 0).data() for r in range(2)]
    assert texts[0].startswith("Version 2 · MANTCP · Not qualified")
    assert texts[1].startswith("Version 1 · MANTCP · Incomplete")
    assert not form.versions_model.flags(form.versions_model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    tip = form.versions_model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Need: Yes — Order tracking is manual" in tip and "Money: Unknown" in tip
    qtmodeltester.check(form.versions_model)
    assert form.disqualify_button.isEnabled() and form.reason() is DisqualifyReason.NO_BUDGET

    # Opening the form again starts from the latest version.
    again = QualificationDialog(window.runner, window.desk, LEAD, "Liu Yang", window.clock, window)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.versions_model.rowCount() == 2)
    assert again.row("money").status() is CriterionStatus.NO
    assert again.row("need").answer().evidence == "Order tracking is manual"


def test_not_now_puts_the_lead_into_nurture(qtbot, window, form) -> None:  # noqa: ANN001
    answer(form, "time", CriterionStatus.NO)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    with qtbot.waitSignal(form.stage_moved, timeout=10_000) as moved:
        qtbot.keyClick(form, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert moved.args == ["nurture"]
    lead, enrolments = on_worker(
        qtbot, window, lambda desk: (desk.book.lead(LEAD), LeadWork(desk.book).enrolments(LEAD))
    )
    assert lead.stage is Stage.NURTURE
    assert [e.track for e in enrolments] == [track_for_reason(DisqualifyReason.NOT_NOW)]
    assert form.message.text() == "Moved to Nurture. Nurture: Drip, automated sends only."  # says where it went


def test_hand_off_summary_copies_and_exports(qtbot, window, form, tmp_path: Path) -> None:  # noqa: ANN001
    for criterion_id, status, note in (
        ("money", CriterionStatus.YES, "Budget approved"),
        ("authority", CriterionStatus.YES, "IT Director decides"),
        ("need", CriterionStatus.YES, "Release pipeline too slow"),
        ("time", CriterionStatus.YES, "Vendor by February"),
        ("competitor", CriterionStatus.UNKNOWN, ""),
        ("people", CriterionStatus.PARTLY, "Two engineers part-time"),
    ):
        answer(form, criterion_id, status, note)
    assert "Qualified" in form.verdict.text()
    assert not form.handoff_button.isEnabled()  # only a saved qualified version hands off
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    with qtbot.waitSignal(form.stage_moved, timeout=10_000):
        form.hand_off()
    qtbot.waitUntil(lambda: form.handoff_dialog is not None and form.handoff_dialog.isVisible())
    summary: HandoffDialog = form.handoff_dialog
    assert summary.text.toPlainText() == summary.markdown
    assert summary.markdown.startswith("# Hand-off: Liu Yang — Hangzhou Yunfan Software")
    assert "Release pipeline too slow" in summary.markdown
    summary.copy()
    assert QApplication.clipboard().text() == summary.markdown
    target = tmp_path / "handoff.md"
    summary.export_to(target)
    assert target.read_text(encoding="utf-8") == summary.markdown
    assert on_worker(qtbot, window, lambda desk: desk.book.lead(LEAD).stage) is Stage.MQL
    # A second hand-off is refused with the stage machine's reason, not silently repeated.
    form.last_saved = on_worker(qtbot, window, lambda desk: LeadWork(desk.book).qualifications(LEAD)[0])
    with qtbot.waitSignal(form.refused, timeout=10_000) as refused:
        form.hand_off()
    assert refused.args[0].startswith("Refused: ") and "already mql" in refused.args[0]


def test_the_form_speaks_chinese(qtbot, window, form, catalogues: Path) -> None:  # noqa: ANN001
    # The window's language switch loads this area's catalogue with the others.
    assert (catalogues / "call_session_zh_CN.qm").is_file()
    window.choose_language("zh_CN")
    try:
        chinese = QualificationDialog(window.runner, window.desk, LEAD, "Liu Yang", window.clock, window)
        qtbot.addWidget(chinese)
        assert chinese.row("money").title() == "资金"
        assert chinese.row("money").status_combo.itemText(0) == "1  是"
        save = chinese_text("QualificationDialog", "Save version (Ctrl+S)")
        assert chinese.save_button.text() == save
        qtbot.waitUntil(lambda: form.save_button.text() == save)  # an open form follows the switch
        assert form.save_button.shortcut().toString() == "Ctrl+S"
    finally:
        window.choose_language("en")
