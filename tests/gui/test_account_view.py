"""The account view over a real cache, with the real background runner, offscreen.

A T1 profile built by keyboard; refusals shown inline with nothing saved; a pinned insight
reaching the call card; the buyer map's edits persisted; search answering as the rep types.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTranslator
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from sdr_desk import paths
from sdr_desk.core.entities import (
    Account,
    BuyerRole,
    Channel,
    CriterionAnswer,
    CriterionStatus,
    EntityKind,
    Grade,
    Lead,
    OpKind,
    Outcome,
    ResearchNote,
    SourceKind,
    SourceRef,
    Tier,
)
from sdr_desk.gui.models.research_models import ContactColumn, ContactsModel, NoteHitsModel, TimelineModel
from sdr_desk.gui.tasks import TaskRunner
from sdr_desk.gui.views.account_view import AccountView
from sdr_desk.gui.views.call_card_insights import PinnedInsightsCard
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.research import AccountResearch
from sdr_desk.store.tables import BuyerRoleRow, OutboxOp, ResearchNoteRow

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
# The offscreen platform cannot resize a native window to a new minimum size and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints()")


class Desk:
    """What a test needs: the book, the research service, the runner and the view."""

    def __init__(self, book: SalesBook, research: AccountResearch, runner: TaskRunner, view: AccountView) -> None:
        self.book, self.research, self.runner, self.view = book, research, runner, view

    def count(self, table: type) -> int:
        with self.book.cache.session() as session:
            return session.scalar(select(func.count()).select_from(table)) or 0

    def ops(self, entity: EntityKind) -> list[OutboxOp]:
        with self.book.cache.session() as session:
            return list(session.scalars(select(OutboxOp).where(OutboxOp.entity == entity).order_by(OutboxOp.seq)))


@pytest.fixture
def desk(qtbot, book: SalesBook) -> Iterator[Desk]:  # noqa: ANN001
    north = Account(id="acc-north", name="Northwind Logistics", industry="Logistics", employees=300,
                    country="CN", region="East China", domain="northwind.example", tier=Tier.T1, grade=Grade.A)
    south = Account(id="acc-south", name="Southwind Foods", industry="Food", employees=80, tier=Tier.T3)
    book.create_account(north)
    book.create_account(south)
    for i, (name, title, role) in enumerate([
        ("Ann Lee", "CIO", BuyerRole.DECIDER),
        ("Ben Ward", "IT Manager", BuyerRole.USER),
        ("Chen Jing", "Procurement Manager", BuyerRole.BUYER),
    ]):
        book.create_lead(Lead(id=f"lead-{i}", full_name=name, account_id=north.id, title=title, buyer_role=role))
    book.create_lead(Lead(id="lead-south", full_name="Dana Fox", account_id=south.id, title="Owner"))
    work = LeadWork(book)
    work.log_touch("lead-0", Channel.PHONE, Outcome.CONVERSATION, at=NOW - timedelta(days=3), notes="Talked budget")
    work.log_touch("lead-1", Channel.EMAIL, Outcome.SENT, at=NOW - timedelta(days=1))
    answers = {c: CriterionAnswer(CriterionStatus.YES, "yes") for c in ("money", "authority", "need", "time", "competitor", "people")}
    work.save_qualification("lead-0", "mantcp", answers, at=NOW - timedelta(days=2))
    research = AccountResearch(book, clock=lambda: NOW)
    runner = TaskRunner()
    view = AccountView(runner, research, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    yield Desk(book, research, runner, view)
    runner.shutdown()


def open_north(qtbot, desk: Desk) -> None:  # noqa: ANN001
    with qtbot.waitSignal(desk.view.accountOpened, timeout=10_000):
        desk.view.open_account("acc-north")


def type_text(qtbot, widget, text: str) -> None:  # noqa: ANN001
    """Type as a rep does: Latin keys one by one, Chinese committed by the input method."""
    run = ""
    for char in text + "\0":
        if char.isascii() and char != "\0":
            run += char
            continue
        if run:
            qtbot.keyClicks(widget, run)
            run = ""
        if char != "\0":
            QApplication.sendEvent(widget, _commit(char))


def _commit(text: str) -> QInputMethodEvent:
    event = QInputMethodEvent()
    event.setCommitString(text)
    return event


def focus(qtbot, widget) -> None:  # noqa: ANN001
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_account_view_shows_who_the_account_is_its_contacts_and_timeline(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    assert view.name_label.text() == "Northwind Logistics"
    assert "300 employees" in view.firmo_label.text() and "CN / East China" in view.firmo_label.text()
    assert view.tier_label.text().startswith("Tier T1") and "Grade A" in view.tier_label.text()
    model = view.contacts_model
    rows = {model.index(r, ContactColumn.NAME).data(): r for r in range(model.rowCount())}
    assert set(rows) == {"Ann Lee", "Ben Ward", "Chen Jing"}
    ann = rows["Ann Lee"]
    assert model.index(ann, ContactColumn.ROLE).data() == "Decider"
    assert model.index(ann, ContactColumn.QUALIFICATION).data() == "Qualified"
    assert model.index(ann, ContactColumn.STAGE).data() == "Working"
    assert model.index(rows["Chen Jing"], ContactColumn.QUALIFICATION).data() == "Not qualified yet"
    assert model.index(rows["Chen Jing"], ContactColumn.LAST_TOUCH).data() == "—"
    assert view.timeline_model.rowCount() == 2
    assert view.timeline_model.index(0, 1).data() == "Ben Ward"  # newest first
    # the history section filled itself from the log
    assert view.editor.history_field("history", "calls").value.text().startswith("1 × conversation")
    with qtbot.waitSignal(view.leadActivated) as picked:
        view.contacts_view.activated.emit(model.index(ann, 0))
    assert picked.args == ["lead-0"]


def test_build_a_t1_profile_by_keyboard(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    editor = view.editor
    assert editor.template().tier is Tier.T1
    template = editor.template()
    sections = [s for s in template.sections]
    typed = 0
    for n, section in enumerate(sections):
        spec = next(f for f in section.fields if not f.from_channels)
        focus(qtbot, editor.section_button(section.id))
        qtbot.keyClick(editor.section_button(section.id), Qt.Key.Key_Space)
        assert editor.current_section() == section.id
        field = editor.field_editor(section.id, spec.id)
        if section.per_contact:  # about a person: pick the contact with the keyboard
            focus(qtbot, field.contact)
            qtbot.keyClick(field.contact, Qt.Key.Key_Down)
            assert field.contact_key() == field.contact.itemData(1)
        focus(qtbot, field.text)
        type_text(qtbot, field.text, f"Insight {n}: 华东 growth")
        qtbot.keyClick(field.text, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is field.add_source
        qtbot.keyClick(field.add_source, Qt.Key.Key_Space)
        [row] = field.source_rows()
        assert QApplication.focusWidget() is row.ref
        qtbot.keyClicks(row.ref, f"https://example.com/report-{n}")
        qtbot.keyClick(row.ref, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is row.date
        qtbot.keyClicks(row.date, "2026-10-01")
        qtbot.keyClick(row.date, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: field.status.text() == "Saved", timeout=5_000)
        typed += 1
        meter = editor.section_meter(section.id)
        history = 3 if section.id == "history" else 0  # calls, emails are already logged
        expected = 1 + (2 if history else 0)
        assert (meter.value(), meter.maximum()) == (expected, len(section.fields))

    assert desk.count(ResearchNoteRow) == typed == len(sections)
    creates = [op for op in desk.ops(EntityKind.RESEARCH_NOTE) if op.kind is OpKind.CREATE]
    assert len(creates) == typed
    assert all(op.fields["sources"][0]["date"] == "2026-10-01" for op in creates)
    ice = [n for n in desk.research.notes("acc-north") if n.section == "ice_breakers"]
    assert [n.lead_id for n in ice] == [editor.field_editor("ice_breakers", "university").contact_key()]
    assert editor.meter.value() == typed + 2
    assert "fields researched" in editor.meter.format()


def test_a_refused_link_shows_inline_and_saves_nothing(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    field = view.editor.field_editor("company", "revenue")
    focus(qtbot, field.text)
    qtbot.keyClicks(field.text, "Revenue up 20%")
    row = field.add_source_row()
    qtbot.keyClicks(row.ref, "annual report page")
    qtbot.keyClicks(row.date, (NOW + timedelta(days=3)).date().isoformat())
    qtbot.keyClick(row.ref, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert "Not a web link" in field.refusal_text()
    assert "The source date is in the future." in field.refusal_text()
    assert row.ref.property("refused") is True and row.date.property("refused") is True
    assert "http" in row.ref.toolTip()
    assert not desk.runner.busy  # nothing was even sent to the worker
    assert desk.count(ResearchNoteRow) == 0 and desk.ops(EntityKind.RESEARCH_NOTE) == []

    # fixed by keyboard: the marks clear and it saves
    row.ref.selectAll()
    qtbot.keyClicks(row.ref, "https://northwind.example/ir")
    row.date.selectAll()
    qtbot.keyClicks(row.date, "2026-11-01")
    qtbot.keyClick(row.date, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: field.status.text() == "Saved", timeout=5_000)
    assert field.refusal_text() == "" and row.ref.property("refused") is False
    assert desk.count(ResearchNoteRow) == 1


def test_a_contact_of_another_account_is_refused_on_the_map_and_nothing_saved(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    stranger = desk.book.lead("lead-south")
    with qtbot.waitSignal(view.map.editRefused) as refused:
        assert not view.map.add_contact(stranger, BuyerRole.DECIDER)
    assert "another account" in refused.args[0]
    assert view.notice.text() == refused.args[0] and view.notice.isVisible()
    assert desk.count(BuyerRoleRow) == 0 and desk.ops(EntityKind.BUYER_ROLE) == []


def test_a_note_about_another_accounts_contact_is_refused_inline(qtbot, desk: Desk) -> None:  # noqa: ANN001
    """The store has the last word: a note naming someone else's contact comes back refused."""
    view = desk.view
    open_north(qtbot, desk)
    field = view.editor.field_editor("ice_breakers", "home_town")
    note = ResearchNote(id="n-x", account_id="acc-north", template=Tier.T1, section="ice_breakers",
                        field="home_town", text="Grew up in Suzhou", lead_id="lead-south")
    view.editor.saveRequested.emit(note)
    qtbot.waitUntil(lambda: field.refusal_text() != "", timeout=5_000)
    assert field.refusal_text() == "Refused: that contact belongs to another account."
    assert desk.count(ResearchNoteRow) == 0


def test_pin_an_insight_and_see_it_on_the_call_card(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    field = view.editor.field_editor("market_dynamics", "size")
    focus(qtbot, field.text)
    qtbot.keyClicks(field.text, "Cold-chain market: RMB 550 bn")
    qtbot.keyClick(field.text, Qt.Key.Key_Return)
    qtbot.keyClicks(field.text, "second line")
    qtbot.keyClick(field.text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: field.status.text() == "Saved", timeout=5_000)
    assert not field.pin.isChecked()

    focus(qtbot, field.pin)
    with qtbot.waitSignal(view.pinnedChanged, timeout=5_000) as changed:
        qtbot.keyClick(field.pin, Qt.Key.Key_Space)
    assert changed.args == ["acc-north"] and field.pin.isChecked()
    assert [op.fields for op in desk.ops(EntityKind.RESEARCH_NOTE) if op.kind is OpKind.PATCH] == [{"pinned": True}]

    card = PinnedInsightsCard(locale="en")
    qtbot.addWidget(card)
    assert card.lines() == [] and not card.empty.isHidden()
    research = desk.research
    with qtbot.waitSignal(desk.runner.idle, timeout=5_000):
        desk.runner.run(lambda: research.pinned_for_lead("lead-1"), card.set_insights, owner=card)
    assert card.lines() == ["Market dynamics · Size: Cold-chain market: RMB 550 bn"]
    assert card.empty.isHidden()
    card.set_insights(research.pinned_for_lead("lead-1"), locale="zh_CN")
    assert card.lines() == ["市场动态 · 规模: Cold-chain market: RMB 550 bn"]

    # unpinning takes it off the card
    with qtbot.waitSignal(view.pinnedChanged, timeout=5_000):
        qtbot.keyClick(field.pin, Qt.Key.Key_Space)
    card.set_insights(research.pinned_for_lead("lead-1"))
    assert card.lines() == [] and not card.empty.isHidden()


def test_pinning_before_saving_is_explained(qtbot, desk: Desk) -> None:  # noqa: ANN001
    open_north(qtbot, desk)
    field = desk.view.editor.field_editor("strategy", next(f.id for f in desk.view.editor.template().section("strategy").fields))
    field.pin.click()
    assert not field.pin.isChecked() and field.refusal_text() == "Save the insight before pinning it."


def test_stale_insights_are_marked_and_counted(qtbot, desk: Desk) -> None:  # noqa: ANN001
    desk.research.save_note(ResearchNote(id="old", account_id="acc-north", template=Tier.T1, section="market_dynamics",
                                         field="growth", text="Grew 8% in 2024", sources=[SourceRef("https://example.com/2024", "2025-01-15")]))
    desk.research.save_note(ResearchNote(id="new", account_id="acc-north", template=Tier.T1, section="market_dynamics",
                                         field="size", text="Now 12 bn", sources=[SourceRef("https://example.com/2026", "2026-11-01")]))
    open_north(qtbot, desk)
    editor = desk.view.editor
    assert editor.field_editor("market_dynamics", "growth").stale_mark.isVisibleTo(editor)
    assert not editor.field_editor("market_dynamics", "size").stale_mark.isVisibleTo(editor)
    assert editor.section_meter("market_dynamics").format() == "2 of 5 · 1 stale"
    assert editor.stale_summary.text() == "1 stale"


def test_template_switcher_rebuilds_from_the_template_data(qtbot, desk: Desk) -> None:  # noqa: ANN001
    open_north(qtbot, desk)
    editor = desk.view.editor
    t3 = editor.templates[Tier.T3]
    focus(qtbot, editor.template_box)
    qtbot.keyClick(editor.template_box, Qt.Key.Key_End)  # T3, the last entry
    assert editor.template().tier is Tier.T3
    assert {(e.section.id, e.spec.id) for e in editor.field_editors()} == {(s.id, f.id) for s in t3.sections for f in s.fields}
    assert editor.meter.maximum() == 3 and editor.meter.value() == 0
    person = editor.field_editor("person", "fact")
    assert person.contact.count() == 3 and not person.contact.isHidden()
    assert editor.field_editor("company", "fact").contact.isHidden()


def test_buyer_map_edits_are_saved_off_the_ui_thread(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    assert view.map.set_role("lead-2", BuyerRole.INFLUENCER)
    qtbot.waitUntil(lambda: desk.count(BuyerRoleRow) == 1, timeout=5_000)
    assert desk.research.committee("acc-north").entry("lead-2").role is BuyerRole.INFLUENCER
    row = view.contacts_model.row_of("lead-2")
    assert view.contacts_model.index(row, ContactColumn.ROLE).data() == "Influencer"
    assert view.map.set_reports_to("lead-2", "lead-0")
    qtbot.waitUntil(lambda: len(desk.ops(EntityKind.BUYER_ROLE)) == 2, timeout=5_000)
    assert desk.ops(EntityKind.BUYER_ROLE)[-1].fields == {"reports_to_lead_id": "lead-0"}


def test_search_answers_as_you_type_and_opens_the_note(qtbot, desk: Desk) -> None:  # noqa: ANN001
    desk.research.save_note(ResearchNote(id="n-south", account_id="acc-south", template=Tier.T3, section="industry",
                                         field="fact", text="冷链物流市场规模年增长 15%"))
    desk.research.save_note(ResearchNote(id="n-north", account_id="acc-north", template=Tier.T1, section="company",
                                         field="revenue", text="Revenue RMB 3 bn"))
    view = desk.view
    open_north(qtbot, desk)
    focus(qtbot, view.search_edit)
    type_text(qtbot, view.search_edit, "冷")  # one character: answered too
    qtbot.waitUntil(lambda: view.hits_model.rowCount() == 1, timeout=5_000)
    type_text(qtbot, view.search_edit, "链物流")
    qtbot.waitUntil(lambda: view.hits_view.isVisible() and view.hits_model.rowCount() == 1, timeout=5_000)
    shown = view.hits_model.index(0).data()
    assert shown.startswith("Southwind Foods · T3 · Industry · Industry fact") and "冷链物流" in shown
    qtbot.keyClicks(view.search_edit, " nothing")
    qtbot.waitUntil(lambda: view.no_hits.isVisible(), timeout=5_000)
    assert view.hits_model.rowCount() == 0
    for _ in " nothing":
        qtbot.keyClick(view.search_edit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: view.hits_model.rowCount() == 1, timeout=5_000)

    qtbot.keyClick(view.search_edit, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.hits_view
    with qtbot.waitSignal(view.accountOpened, timeout=5_000) as opened:
        qtbot.keyClick(view.hits_view, Qt.Key.Key_Return)
    assert opened.args == ["acc-south"]
    editor = view.editor
    assert editor.template().tier is Tier.T3
    assert QApplication.focusWidget() is editor.field_editor("industry", "fact").text
    assert editor.field_editor("industry", "fact").text.toPlainText().startswith("冷链物流")

    view.this_account_only.setChecked(True)  # Southwind is open now: Northwind's note is left out
    view.search_edit.setText("Revenue")
    qtbot.waitUntil(lambda: view.no_hits.isVisible(), timeout=5_000)
    view.this_account_only.setChecked(False)
    qtbot.waitUntil(lambda: view.hits_model.rowCount() == 1, timeout=5_000)


def test_opening_a_lead_opens_its_account(qtbot, desk: Desk) -> None:  # noqa: ANN001
    with qtbot.waitSignal(desk.view.accountOpened, timeout=5_000) as opened:
        desk.view.open_lead("lead-south")
    assert opened.args == ["acc-south"] and desk.view.editor.template().tier is Tier.T3
    desk.view.open_lead("")  # nothing selected in the queue: nothing to do
    assert not desk.runner.busy


def test_item_models_pass_the_model_tester(qtbot, qtmodeltester, desk: Desk) -> None:  # noqa: ANN001
    desk.research.save_note(ResearchNote(id="n-1", account_id="acc-north", template=Tier.T1, section="company",
                                         field="revenue", text="Revenue RMB 3 bn", pinned=True))
    file = desk.research.open_account("acc-north")
    contacts = ContactsModel()
    contacts.set_contacts(file.contacts, {"lead-0": 80.0})
    qtmodeltester.check(contacts, force_py=True)
    timeline = TimelineModel()
    timeline.set_timeline(file.timeline)
    qtmodeltester.check(timeline, force_py=True)
    hits = NoteHitsModel(desk.research.templates)
    hits.set_hits(desk.research.search("revenue"))
    qtmodeltester.check(hits, force_py=True)
    assert hits.index(0).data().startswith("📌 Northwind Logistics · T1 · Company · Revenue")


@pytest.fixture
def research_catalogue(tmp_path: Path) -> Path:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    qm = tmp_path / "research_zh_CN.qm"
    subprocess.run([str(lrelease), "-silent", str(paths.TRANSLATIONS / "research_zh_CN.ts"), "-qm", str(qm)], check=True)
    return qm


def test_the_account_view_speaks_chinese(qtbot, desk: Desk, research_catalogue: Path) -> None:  # noqa: ANN001
    open_north(qtbot, desk)
    translator = QTranslator()
    assert translator.load(str(research_catalogue))
    app = QCoreApplication.instance()
    assert app is not None
    try:
        app.installTranslator(translator)  # sends LanguageChange to every widget
        view = desk.view
        qtbot.waitUntil(lambda: view.tabs.tabText(0) == "洞察")
        assert [view.tabs.tabText(i) for i in range(4)] == ["洞察", "联系人", "购买角色图", "时间线"]
        assert view.windowTitle() == "客户"
        assert view.contacts_model.headerData(ContactColumn.QUALIFICATION, Qt.Orientation.Horizontal) == "资格认定"
        field = view.editor.field_editor("company", "revenue")
        assert field.save.text() == "保存" and field.add_source.text() == "添加来源"
        assert view.search_edit.placeholderText() == "搜索调研笔记（任何语言）…"
        card = PinnedInsightsCard()
        qtbot.addWidget(card)
        assert card.heading.text() == "置顶洞察"
    finally:
        app.removeTranslator(translator)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)


def test_another_contact_of_the_open_account_keeps_the_typing(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    with qtbot.waitSignal(view.accountOpened, timeout=5_000):
        view.open_lead("lead-0")
    field = view.editor.field_editor("market_dynamics", "size")
    qtbot.keyClicks(field.text, "half-written insight")
    view.open_lead("lead-2")
    qtbot.waitUntil(lambda: view.map.current_contact() == "lead-2", timeout=5_000)
    assert field.text.toPlainText() == "half-written insight"
    assert view.contacts_view.currentIndex().row() == view.contacts_model.row_of("lead-2")


def test_a_committee_built_on_the_map_by_keyboard_is_saved(qtbot, book: SalesBook) -> None:  # noqa: ANN001
    """Six contacts, each given a role with the number keys on the map; each edit lands in the cache."""
    account = Account(id="acc-six", name="Sixfold Manufacturing", employees=400, tier=Tier.T2)
    book.create_account(account)
    for i in range(6):
        book.create_lead(Lead(id=f"six-{i}", full_name=f"Contact {i}", account_id=account.id, title="Manager"))
    research = AccountResearch(book, clock=lambda: NOW)
    runner = TaskRunner()
    view = AccountView(runner, research, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.show()

    def stored_roles() -> int:
        with book.cache.session() as session:
            return session.scalar(select(func.count()).select_from(BuyerRoleRow)) or 0

    try:
        with qtbot.waitSignal(view.accountOpened, timeout=5_000):
            view.open_account(account.id)
        view.tabs.setCurrentWidget(view.map_page)
        focus(qtbot, view.map)
        keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6]
        for i, key in enumerate(keys):
            view.map.select_contact(f"six-{i}")
            qtbot.keyClick(view.map, key)
        qtbot.waitUntil(lambda: stored_roles() == 6, timeout=5_000)
        stored = research.committee(account.id)
        assert [stored.entry(f"six-{i}").role for i in range(6)] == [
            BuyerRole.INITIATOR, BuyerRole.DECIDER, BuyerRole.BUYER, BuyerRole.INFLUENCER, BuyerRole.USER, BuyerRole.GATEKEEPER,
        ]
        roles = {view.contacts_model.contact(r).lead.id: view.contacts_model.contact(r).entry.role for r in range(6)}
        assert roles["six-1"] is BuyerRole.DECIDER
    finally:
        runner.shutdown()


def test_a_100_kb_note_with_chinese_and_emoji_saves_and_is_found(qtbot, desk: Desk) -> None:  # noqa: ANN001
    view = desk.view
    open_north(qtbot, desk)
    view.editor.show_section("strategy")
    field = view.editor.field_editor("strategy", view.editor.template().section("strategy").fields[0].id)
    long_text = ("客户体验与增长 📈 customer experience and growth. " * 3_000)[:100_000] + " 独角兽计划 🦄"
    field.text.setPlainText(long_text)
    field.add_source_row(SourceRef("2025 年度报告 annual report", "2026-03-01", SourceKind.DOCUMENT))
    assert field.request_save()
    qtbot.waitUntil(lambda: field.status.text() == "Saved", timeout=10_000)
    assert desk.research.notes("acc-north")[0].text == long_text
    view.search_edit.setText("独角兽计划 🦄")
    qtbot.waitUntil(lambda: view.hits_model.rowCount() == 1, timeout=5_000)
    assert "独角兽计划" in view.hits_model.index(0).data()


def _source_strings(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_tr"
        and node.args and isinstance(node.args[0], ast.Constant)
    }


def test_every_string_of_the_research_views_has_a_chinese_translation() -> None:
    from sdr_desk.gui.models import research_models
    from sdr_desk.gui.views import account_view, call_card_insights, research_panel

    catalogue = ET.parse(paths.TRANSLATIONS / "research_zh_CN.ts").getroot()
    translated = {
        (ctx.findtext("name"), msg.findtext("source"))
        for ctx in catalogue.iter("context")
        for msg in ctx.iter("message")
        if (msg.findtext("translation") or "").strip() and msg.find("translation").get("type") is None
    }
    missing = []
    for module in (account_view, research_panel, research_models, call_card_insights):
        for text in _source_strings(Path(module.__file__)):
            if (module.CONTEXT, text) not in translated:
                missing.append(f"{module.CONTEXT}: {text}")
    assert missing == []


def test_wired_into_the_main_window_it_follows_the_selected_lead(qtbot, window) -> None:  # noqa: ANN001
    """The wiring the report describes: a side panel that opens the selected lead's account."""
    research = AccountResearch(window.desk.book)
    panel = AccountView(window.runner, research)
    index = window.add_side_panel(panel)
    window.selected_lead_changed.connect(panel.open_lead)
    panel.leadActivated.connect(window.select_lead)
    assert window.ui.sideTabs.tabText(index) == "Account"

    with qtbot.waitSignal(panel.accountOpened, timeout=10_000) as opened:
        assert window.select_lead("lead-004")
    assert opened.args == ["acc-004"] and panel.name_label.text() == "Chengdu Tianfu Retail"
    assert panel.contacts_model.rowCount() == 1
    with qtbot.waitSignal(panel.accountOpened, timeout=10_000) as opened:
        assert window.select_lead("lead-003")
    assert opened.args == ["acc-003"] and panel.timeline_model.rowCount() == 1  # the logged call
