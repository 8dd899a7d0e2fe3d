"""The buyer-role map: build a committee by keyboard, refusals, gaps banner, mouse, PNG export."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTranslator
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QGraphicsTextItem

from sdr_desk.core.buyer_map import Committee, GapKind, load_committee_rules
from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    BuyerRoleEntry,
    Channel,
    Lead,
    Outcome,
    Stance,
    Step,
)
from sdr_desk.gui.views.buyer_map import STANCE_COLOURS, STEP_COLOURS, BuyerMapView, ReportingArrow

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
TITLES = ["Chief Marketing Officer", "Head of Demand Generation", "Procurement Manager",
          "IT Architect", "Marketing Operations Specialist", "Executive Assistant"]


def six_contacts() -> list[Lead]:
    return [Lead(id=f"lead-{i}", full_name=f"Contact {i}", account_id="acc-1", title=TITLES[i - 1]) for i in range(1, 7)]


@pytest.fixture
def view(qtbot):
    committee = Committee(Account(id="acc-1", name="Northwind Trading", employees=300), six_contacts())
    widget = BuyerMapView(committee, load_committee_rules())
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.setFocus()
    return widget


def press(qtbot, view, key, times: int = 1, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    for _ in range(times):
        qtbot.keyClick(view, key, modifier)


def tab_to(qtbot, view, lead_id: str) -> None:
    """Move the selection with Tab only, as a rep would."""
    for _ in range(len(view.committee()) + 1):
        if view.current_contact() == lead_id:
            return
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current_contact() == lead_id


def banner_text(view) -> str:
    return "\n".join(item.toPlainText() for item in view.scene().items() if isinstance(item, QGraphicsTextItem))


def arrows(view) -> list[str]:
    return sorted(item.toolTip() for item in view.scene().items() if isinstance(item, ReportingArrow))


def test_build_a_six_person_committee_by_keyboard(qtbot, view):
    changed: list[BuyerRoleEntry] = []
    view.entryChanged.connect(changed.append)
    assert view.current_contact() == "lead-1"
    assert "No decider identified" in banner_text(view)
    assert "Committee smaller than expected: 0 of at least 6 people identified" in banner_text(view)

    plan = {  # lead: (digit key for the role, S presses, + presses (from 3), - presses)
        "lead-1": (Qt.Key.Key_2, 1, 2, 0),  # decider, supporter... see stance check below
        "lead-2": (Qt.Key.Key_1, 0, 1, 0),  # initiator
        "lead-3": (Qt.Key.Key_3, 2, 0, 0),  # buyer
        "lead-4": (Qt.Key.Key_4, 4, 0, 1),  # influencer
        "lead-5": (Qt.Key.Key_5, 0, 0, 2),  # user
        "lead-6": (Qt.Key.Key_6, 3, 0, 2),  # gatekeeper
    }
    for lead_id, (role_key, stance_presses, ups, downs) in plan.items():
        tab_to(qtbot, view, lead_id)
        press(qtbot, view, role_key)
        press(qtbot, view, Qt.Key.Key_S, stance_presses)
        press(qtbot, view, Qt.Key.Key_Plus, ups)
        press(qtbot, view, Qt.Key.Key_Minus, downs)
        if lead_id == "lead-1":  # a decider named: that gap is gone at once
            assert "No decider identified" not in banner_text(view)
            assert [g.kind for g in view.gaps()] == [GapKind.COMMITTEE_TOO_SMALL]

    committee = view.committee()
    roles = {e.lead_id: e.role for e in committee.entries()}
    assert roles == {"lead-1": BuyerRole.DECIDER, "lead-2": BuyerRole.INITIATOR, "lead-3": BuyerRole.BUYER,
                     "lead-4": BuyerRole.INFLUENCER, "lead-5": BuyerRole.USER, "lead-6": BuyerRole.GATEKEEPER}
    # S cycles champion → supporter → neutral → sceptic → blocker → champion, starting at neutral.
    stances = {e.lead_id: e.stance for e in committee.entries()}
    assert stances == {"lead-1": Stance.SCEPTIC, "lead-2": Stance.NEUTRAL, "lead-3": Stance.BLOCKER,
                       "lead-4": Stance.SUPPORTER, "lead-5": Stance.NEUTRAL, "lead-6": Stance.CHAMPION}
    assert {e.lead_id: e.influence for e in committee.entries()} == {
        "lead-1": 5, "lead-2": 4, "lead-3": 3, "lead-4": 2, "lead-5": 1, "lead-6": 1}
    for lead_id, role in roles.items():  # drawn in the lane of its role
        assert view.lane_of(lead_id) is role
    assert view.gaps() == []
    assert "Committee smaller" not in banner_text(view) and "No decider" not in banner_text(view)
    assert changed[-1].lead_id == "lead-6" and changed[-1].influence == 1
    assert len(changed) == 6 + (1 + 0 + 2 + 4 + 0 + 3) + (2 + 1 + 0 + 0 + 0 + 0) + (0 + 0 + 0 + 1 + 2 + 2)

    # Reporting lines: R on the contact, Tab to the manager, Enter.
    for report, manager in [("lead-2", "lead-1"), ("lead-4", "lead-2"), ("lead-6", "lead-1")]:
        tab_to(qtbot, view, report)
        press(qtbot, view, Qt.Key.Key_R)
        assert view.is_linking()
        tab_to(qtbot, view, manager)
        with qtbot.waitSignal(view.entryChanged) as signal:
            press(qtbot, view, Qt.Key.Key_Return)
        assert (signal.args[0].lead_id, signal.args[0].reports_to_lead_id) == (report, manager)
    assert not view.is_linking()
    assert {e.lead_id: e.reports_to_lead_id for e in committee.entries() if e.reports_to_lead_id} == {
        "lead-2": "lead-1", "lead-4": "lead-2", "lead-6": "lead-1"}
    assert arrows(view) == ["Contact 2 reports to Contact 1", "Contact 4 reports to Contact 2",
                            "Contact 6 reports to Contact 1"]

    # Delete removes a line; Escape cancels a line being drawn.
    tab_to(qtbot, view, "lead-6")
    press(qtbot, view, Qt.Key.Key_Delete)
    assert committee.reports_to("lead-6") is None and len(arrows(view)) == 2
    press(qtbot, view, Qt.Key.Key_R)
    tab_to(qtbot, view, "lead-5")
    press(qtbot, view, Qt.Key.Key_Escape)
    assert not view.is_linking() and committee.reports_to("lead-6") is None


def test_refused_edits_show_the_reason_and_change_nothing(qtbot, view):
    committee = view.committee()
    committee.set_reports_to("lead-2", "lead-1")
    view.set_committee(committee)
    tab_to(qtbot, view, "lead-1")
    refused: list[str] = []
    view.editRefused.connect(refused.append)
    changed: list[BuyerRoleEntry] = []
    view.entryChanged.connect(changed.append)

    press(qtbot, view, Qt.Key.Key_Plus, 3)  # 3 → 4 → 5 → refused
    assert committee.entry("lead-1").influence == 5
    assert refused == ["Refused: influence goes from 1 to 5."]
    assert refused[0] in banner_text(view)

    press(qtbot, view, Qt.Key.Key_R)  # lead-1 under lead-2, who reports to lead-1: a loop
    tab_to(qtbot, view, "lead-2")
    press(qtbot, view, Qt.Key.Key_Return)
    assert refused[-1] == "Refused: that reporting line would make a loop."
    assert committee.reports_to("lead-1") is None
    assert len(changed) == 2  # only the two accepted influence steps

    stranger = Lead(id="lead-x", full_name="Contact X", account_id="acc-2")
    assert not view.add_contact(stranger, BuyerRole.DECIDER)
    assert refused[-1] == "Refused: that contact belongs to another account."
    assert "lead-x" not in committee

    press(qtbot, view, Qt.Key.Key_Minus)  # an accepted edit clears the notice
    assert refused[-1] not in banner_text(view)


def test_arrow_keys_move_between_lanes_and_rows(qtbot, view):
    committee = view.committee()
    for lead_id, role in [("lead-1", BuyerRole.INITIATOR), ("lead-2", BuyerRole.DECIDER),
                          ("lead-3", BuyerRole.DECIDER), ("lead-4", BuyerRole.GATEKEEPER)]:
        committee.set_role(lead_id, role)
    committee.set_influence("lead-3", 5)  # sorts first in the decider lane
    view.set_committee(committee)
    view.select_contact("lead-1")
    with qtbot.waitSignal(view.currentContactChanged) as signal:
        press(qtbot, view, Qt.Key.Key_Right)
    assert signal.args == ["lead-3"]
    press(qtbot, view, Qt.Key.Key_Down)
    assert view.current_contact() == "lead-2"
    press(qtbot, view, Qt.Key.Key_Right)  # buyer, influencer and user lanes are empty: skipped
    assert view.current_contact() == "lead-4"
    press(qtbot, view, Qt.Key.Key_Left)
    assert view.current_contact() == "lead-3"  # row 1 of the decider lane, clamped
    press(qtbot, view, Qt.Key.Key_Backtab)
    assert view.current_contact() == "lead-1"
    # Shift+Right moves the contact itself one lane on: initiator → decider.
    press(qtbot, view, Qt.Key.Key_Right, modifier=Qt.KeyboardModifier.ShiftModifier)
    assert committee.entry("lead-1").role is BuyerRole.DECIDER and view.lane_of("lead-1") is BuyerRole.DECIDER
    press(qtbot, view, Qt.Key.Key_0)
    assert committee.entry("lead-1").role is BuyerRole.UNKNOWN
    with qtbot.waitSignal(view.addContactRequested):
        press(qtbot, view, Qt.Key.Key_Insert)


def test_context_menu_edits_role_stance_influence_and_manager(qtbot, view):
    committee = view.committee()

    def pick(menu_title: str, data) -> None:
        menu = view.build_context_menu("lead-3")
        sub = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text() == menu_title)
        action = next(a for a in sub.actions() if a.data() == data)
        action.trigger()
        menu.deleteLater()

    pick("Role", "buyer")
    pick("Stance", "champion")
    pick("Influence", 4)
    pick("Reports to", "lead-1")
    entry = committee.entry("lead-3")
    assert (entry.role, entry.stance, entry.influence, entry.reports_to_lead_id) == (
        BuyerRole.BUYER, Stance.CHAMPION, 4, "lead-1")
    menu = view.build_context_menu("lead-3")
    roles = next(a.menu() for a in menu.actions() if a.text() == "Role")
    assert [a.data() for a in roles.actions() if a.isChecked()] == ["buyer"]
    menu.deleteLater()
    pick("Reports to", None)
    assert committee.reports_to("lead-3") is None


def test_mouse_selects_and_dragging_to_a_lane_sets_the_role(qtbot, view):
    scene_rect = view.sceneRect()
    view.resize(int(scene_rect.width()) + 40, int(scene_rect.height()) + 40)  # every lane on screen
    node = view.node("lead-4")
    centre = view.mapFromScene(node.sceneBoundingRect().center())
    with qtbot.waitSignal(view.currentContactChanged):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert view.current_contact() == "lead-4"
    assert view.committee().entry("lead-4").role is BuyerRole.UNKNOWN  # a click is not a move

    # Drag the node into the decider lane (second lane from the left).
    target = view.mapFromScene(view.node("lead-1").sceneBoundingRect().center())
    target = QPoint(target.x() - int(5 * view.node("lead-1").sceneBoundingRect().width()), target.y())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    for step in range(1, 11):
        point = centre + (target - centre) * step / 10
        qtbot.mouseMove(view.viewport(), pos=point)
    with qtbot.waitSignal(view.entryChanged) as signal:
        qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert signal.args[0].lead_id == "lead-4"
    assert signal.args[0].role is view.lane_of("lead-4")
    assert signal.args[0].role is BuyerRole.DECIDER


def test_status_and_entry_point_are_drawn(qtbot):
    leads = six_contacts()
    acts = [Activity("a1", "lead-6", Channel.PHONE, Outcome.CONNECTED, NOW, Step.CONNECT)]
    committee = Committee(Account(id="acc-1", name="Northwind Trading", employees=300), leads, activities=acts)
    committee.set_role("lead-6", BuyerRole.GATEKEEPER)
    committee.set_role("lead-2", BuyerRole.INFLUENCER)
    committee.set_stance("lead-2", Stance.CHAMPION)
    view = BuyerMapView(committee, profile_scores={"lead-2": 80})
    qtbot.addWidget(view)
    assert view.node("lead-6").member.status is Step.CONNECT
    assert view.entry_point().lead_id == "lead-2" and view.node("lead-2").entry_point
    assert not view.node("lead-6").entry_point
    assert "Suggested entry point: Contact 2 (Champion, Influencer" in banner_text(view)
    assert "Only the gatekeeper has been reached" in view.gap_texts()


def test_export_png_renders_the_map(qtbot, view, tmp_path):
    committee = view.committee()
    committee.set_role("lead-1", BuyerRole.DECIDER)
    committee.set_stance("lead-1", Stance.CHAMPION)
    committee.set_reports_to("lead-2", "lead-1")
    committee.update_status([Activity("a1", "lead-2", Channel.PHONE, Outcome.CONVERSATION, NOW, Step.CONVERSATION)])
    view.set_committee(committee)
    path = tmp_path / "artifacts" / "buyer_map.png"
    path.parent.mkdir()
    assert view.export_png(path)
    assert path.stat().st_size > 0
    image = QImage(str(path))
    assert not image.isNull()
    # The whole map, not just the visible part: all seven lanes fit.
    assert image.width() >= 7 * view.node("lead-1").sceneBoundingRect().width()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
    assert len(colours) > 10
    assert QColor(STANCE_COLOURS[Stance.CHAMPION]).rgb() in colours
    assert QColor(STEP_COLOURS[Step.CONVERSATION]).rgb() in colours


class MarkingTranslator(QTranslator):
    """Wraps every string of the map's context in brackets, so an untranslated one shows."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"[{source}]" if context == "BuyerMapView" else None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def marking_translator(qapp):
    translator = MarkingTranslator()
    assert qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def test_every_visible_string_goes_through_translation(qtbot, marking_translator):
    leads = six_contacts()
    acts = [Activity("a1", "lead-1", Channel.EMAIL, Outcome.REPLIED, NOW, Step.CONVERSATION)]
    committee = Committee(Account(id="acc-1", name="Northwind Trading", employees=300), leads, activities=acts)
    committee.set_role("lead-6", BuyerRole.GATEKEEPER)
    view = BuyerMapView(committee, profile_scores={"lead-1": 50})
    qtbot.addWidget(view)
    view.set_influence("lead-1", 9)  # refused: the notice is translated too
    view.start_link()
    texts = [item.text() for item in view.scene().items() if isinstance(item, QGraphicsSimpleTextItem)]
    texts += view.banner_lines()
    assert len(texts) == 7 + 9 + 4  # lane headers, legend, banner lines
    assert [t for t in texts if not t.startswith("[")] == []
    tooltip = view.node("lead-1").toolTip().splitlines()
    assert tooltip[:2] == ["Contact 1", TITLES[0]]  # names and titles are data, not translated
    assert all(line.startswith("[") for line in tooltip[2:]) and len(tooltip) == 7
    menu = view.build_context_menu("lead-1")
    actions = [a for a in menu.actions() if not a.isSeparator()]
    assert all(a.text().startswith("[") for a in actions)
    subs = {a.text(): a.menu() for a in actions if a.menu() is not None}
    assert set(subs) == {"[Role]", "[Stance]", "[Influence]", "[Reports to]"}
    for title in ("[Role]", "[Stance]"):
        assert all(a.text().startswith("[") for a in subs[title].actions())
    assert [a.text() for a in subs["[Reports to]"].actions() if a.data() is None] == ["[Nobody on the map]"]
    menu.deleteLater()
    assert QCoreApplication.translate("BuyerMapView", "Decider") == "[Decider]"


def test_reporting_lines_never_cross_another_contact(qtbot):
    leads = [Lead(id=f"lead-{i}", full_name=f"Contact {i}", account_id="acc-1") for i in range(1, 13)]
    committee = Committee(Account(id="acc-1", name="Northwind Trading", employees=300), leads)
    lanes = [BuyerRole.INITIATOR, BuyerRole.DECIDER, BuyerRole.USER, BuyerRole.DECIDER, BuyerRole.USER, BuyerRole.GATEKEEPER]
    for i, lead in enumerate(leads):
        committee.set_role(lead.id, lanes[i % len(lanes)])
    for child, manager in [("lead-1", "lead-2"), ("lead-3", "lead-2"), ("lead-5", "lead-4"), ("lead-8", "lead-2"),
                           ("lead-6", "lead-10"), ("lead-9", "lead-7"), ("lead-11", "lead-1"), ("lead-12", "lead-4")]:
        committee.set_reports_to(child, manager)
    view = BuyerMapView(committee)
    qtbot.addWidget(view)
    lines = [item for item in view.scene().items() if isinstance(item, ReportingArrow)]
    assert len(lines) == 8
    for line in lines:
        others = [view.node(m.lead_id).sceneBoundingRect().adjusted(5, 5, -5, -5)
                  for m in committee.members() if m.lead_id not in (line.child_id, line.manager_id)]
        path = line.mapToScene(line.path())
        points = [path.pointAtPercent(t / 400) for t in range(401)]
        crossed = [rect for rect in others for p in points if rect.contains(p)]
        assert crossed == [], line.toolTip()
        ends = (view.node(line.child_id).sceneBoundingRect(), view.node(line.manager_id).sceneBoundingRect())
        assert ends[0].adjusted(-1, -1, 1, 1).contains(points[0]) and ends[1].adjusted(-1, -1, 1, 1).contains(points[-1])
