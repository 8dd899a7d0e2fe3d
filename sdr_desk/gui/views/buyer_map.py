"""The buyer-role map of one account: the buying committee drawn on a QGraphicsScene.

One node per contact in a lane per buyer role; stance as colour and shape, influence as
dots, reach/connect/conversation as a coloured stripe; reporting lines as arrows; gaps and
the suggested entry point in a banner on top. Every rule (what is allowed, what is a gap,
who to approach) is asked of sdr_desk.core.buyer_map; this widget only draws and edits.

Keyboard: Tab/Shift+Tab and arrow keys move between contacts; 1-6 set the role
(initiator, decider, buyer, influencer, user, gatekeeper), 0 clears it; Shift+Left/Right
moves a contact to the next lane; S / Shift+S cycle the stance; + / - change influence;
R starts a reporting line (move to the manager, Enter to link, Esc to cancel); Delete
removes the contact's reporting line; Insert asks for a new contact; the Menu key opens
the context menu.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QMenu,
    QStyleOptionGraphicsItem,
    QWidget,
)

from sdr_desk.core.buyer_map import (
    INFLUENCE_MAX,
    INFLUENCE_MIN,
    ROLE_ORDER,
    STANCE_ORDER,
    STEP_ORDER,
    Committee,
    CommitteeError,
    CommitteeProblem,
    CommitteeRules,
    EntryPoint,
    FactorKind,
    Gap,
    GapKind,
    Member,
    find_gaps,
    load_committee_rules,
    suggest_entry_point,
)
from sdr_desk.core.entities import BuyerRole, BuyerRoleEntry, Lead, Stance, Step

CONTEXT = "BuyerMapView"

LANE_W = 224.0
NODE_W = 200.0
NODE_H = 96.0
NODE_GAP = 16.0
LANE_HEADER_H = 30.0
MARGIN = 12.0

STANCE_COLOURS: dict[Stance, str] = {
    Stance.CHAMPION: "#1b7f3b",
    Stance.SUPPORTER: "#69b34c",
    Stance.NEUTRAL: "#8a929c",
    Stance.SCEPTIC: "#e08a1e",
    Stance.BLOCKER: "#c62828",
}
STEP_COLOURS: dict[Step | None, str] = {
    None: "#c9ced6",
    Step.REACH: "#5b9bd5",
    Step.CONNECT: "#f1b82d",
    Step.CONVERSATION: "#2e9e5b",
}
CURRENT_PEN = "#1f5fbf"
ENTRY_PEN = "#d4a017"
LINK_PEN = "#7b3fb5"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def role_label(role: BuyerRole) -> str:
    labels = {
        BuyerRole.INITIATOR: _tr("Initiator"),
        BuyerRole.DECIDER: _tr("Decider"),
        BuyerRole.BUYER: _tr("Buyer"),
        BuyerRole.INFLUENCER: _tr("Influencer"),
        BuyerRole.USER: _tr("User"),
        BuyerRole.GATEKEEPER: _tr("Gatekeeper"),
        BuyerRole.UNKNOWN: _tr("Role not known"),
    }
    return labels[role]


def stance_label(stance: Stance) -> str:
    labels = {
        Stance.CHAMPION: _tr("Champion"),
        Stance.SUPPORTER: _tr("Supporter"),
        Stance.NEUTRAL: _tr("Neutral"),
        Stance.SCEPTIC: _tr("Sceptic"),
        Stance.BLOCKER: _tr("Blocker"),
    }
    return labels[stance]


def step_label(step: Step | None) -> str:
    labels = {
        None: _tr("Not reached"),
        Step.REACH: _tr("Reached"),
        Step.CONNECT: _tr("Connected"),
        Step.CONVERSATION: _tr("In conversation"),
    }
    return labels[step]


def stance_shape(stance: Stance, rect: QRectF) -> QPainterPath:
    """A distinct shape per stance, so the map reads without colour too."""
    path = QPainterPath()
    c = rect.center()
    r = rect.width() / 2
    if stance is Stance.CHAMPION:  # star
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + i * math.pi / 5
            points.append(QPointF(c.x() + radius * math.cos(angle), c.y() + radius * math.sin(angle)))
        path.addPolygon(QPolygonF(points))
        path.closeSubpath()
    elif stance is Stance.SUPPORTER:  # circle
        path.addEllipse(rect)
    elif stance is Stance.NEUTRAL:  # square
        path.addRect(rect.adjusted(r * 0.15, r * 0.15, -r * 0.15, -r * 0.15))
    elif stance is Stance.SCEPTIC:  # diamond
        path.addPolygon(QPolygonF([QPointF(c.x(), rect.top()), QPointF(rect.right(), c.y()),
                                   QPointF(c.x(), rect.bottom()), QPointF(rect.left(), c.y())]))
        path.closeSubpath()
    else:  # blocker: octagon, like a stop sign
        points = [QPointF(c.x() + r * math.cos(math.pi / 8 + i * math.pi / 4),
                          c.y() + r * math.sin(math.pi / 8 + i * math.pi / 4)) for i in range(8)]
        path.addPolygon(QPolygonF(points))
        path.closeSubpath()
    return path


class ContactNode(QGraphicsItem):
    """One contact: name, title, stance, influence and how far the touches got."""

    def __init__(self, member: Member, match: float | None) -> None:
        super().__init__()
        self.member = member
        self.match = match
        self.current = False
        self.entry_point = False
        self.link_source = False
        self.home = QPointF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip(self._tooltip())

    @property
    def lead_id(self) -> str:
        return self.member.lead_id

    def _tooltip(self) -> str:
        m = self.member
        parts = [m.lead.full_name, m.lead.title or "", role_label(m.entry.role), stance_label(m.entry.stance),
                 _tr("Influence %1 of 5").replace("%1", str(m.entry.influence)), step_label(m.status)]
        if m.last_touch_at is not None:
            parts.append(_tr("Last touch %1").replace("%1", m.last_touch_at.date().isoformat()))
        return "\n".join(p for p in parts if p)

    def boundingRect(self) -> QRectF:
        return QRectF(-4, -4, NODE_W + 8, NODE_H + 8)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        m = self.member
        body = QRectF(0, 0, NODE_W, NODE_H)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # Border says what the rep is doing with this contact: current, entry point, link start.
        if self.link_source:
            pen = QPen(QColor(LINK_PEN), 3, Qt.PenStyle.DashLine)
        elif self.current:
            pen = QPen(QColor(CURRENT_PEN), 3)
        elif self.entry_point:
            pen = QPen(QColor(ENTRY_PEN), 3)
        else:
            pen = QPen(QColor("#9aa3ad"), 1)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor("#fffbe8") if self.entry_point else QColor("#ffffff")))
        painter.drawRoundedRect(body, 6, 6)
        if self.entry_point and self.current:  # keep the entry-point mark visible under the selection
            painter.setPen(QPen(QColor(ENTRY_PEN), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(4, 4, -4, -4), 4, 4)

        # reach / connect / conversation stripe
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STEP_COLOURS[m.status]))
        painter.drawRoundedRect(QRectF(1.5, 1.5, 9, NODE_H - 3), 3, 3)

        # stance mark
        colour = QColor(STANCE_COLOURS[m.entry.stance])
        painter.setBrush(colour)
        painter.setPen(QPen(colour.darker(130), 1))
        painter.drawPath(stance_shape(m.entry.stance, QRectF(NODE_W - 26, 6, 20, 20)))

        left = 16.0
        width = NODE_W - left - 32
        painter.setPen(QColor("#1d2733"))
        bold = QFont(painter.font())
        bold.setPixelSize(13)
        bold.setBold(True)
        painter.setFont(bold)
        metrics = QFontMetricsF(bold)
        painter.drawText(QPointF(left, 20), metrics.elidedText(m.lead.full_name, Qt.TextElideMode.ElideRight, width))
        small = QFont(bold)
        small.setBold(False)
        small.setPixelSize(11)
        painter.setFont(small)
        metrics = QFontMetricsF(small)
        painter.setPen(QColor("#4a5563"))
        painter.drawText(QPointF(left, 37), metrics.elidedText(m.lead.title or "", Qt.TextElideMode.ElideRight, NODE_W - left - 8))
        painter.setPen(colour.darker(120))
        painter.drawText(QPointF(left, 54), stance_label(m.entry.stance))
        painter.setPen(QColor(STEP_COLOURS[m.status]).darker(150))
        painter.drawText(QPointF(left, 71), step_label(m.status))

        # influence as five dots
        for i in range(INFLUENCE_MAX):
            dot = QRectF(left + i * 13, NODE_H - 18, 9, 9)
            painter.setPen(QPen(QColor("#3b4754"), 1))
            painter.setBrush(QColor("#3b4754") if i < m.entry.influence else QColor("#ffffff"))
            painter.drawEllipse(dot)
        painter.setPen(QColor("#4a5563"))
        bottom_row = QRectF(left + INFLUENCE_MAX * 13 + 4, NODE_H - 22, NODE_W - left - INFLUENCE_MAX * 13 - 12, 16)
        if self.match is not None:
            text = _tr("Fit %1%").replace("%1", f"{self.match:.0f}")
            painter.drawText(bottom_row, Qt.AlignmentFlag.AlignLeft, text)
        if self.entry_point:
            painter.setPen(QColor("#8a6a00"))
            painter.drawText(bottom_row, Qt.AlignmentFlag.AlignRight, _tr("Entry point"))


class ReportingArrow(QGraphicsPathItem):
    """A reporting line, drawn from the contact to their manager."""

    def __init__(self, path: QPainterPath, child_id: str, manager_id: str) -> None:
        super().__init__(path)
        self.child_id = child_id
        self.manager_id = manager_id


def _edge_point(rect: QRectF, towards: QPointF) -> QPointF:
    """Where the line from the rect's centre towards a point leaves the rect."""
    c = rect.center()
    line = QLineF(c, towards)
    edges = [QLineF(rect.topLeft(), rect.topRight()), QLineF(rect.topRight(), rect.bottomRight()),
             QLineF(rect.bottomRight(), rect.bottomLeft()), QLineF(rect.bottomLeft(), rect.topLeft())]
    for edge in edges:
        kind, point = line.intersects(edge)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            return point
    return c


class BuyerMapView(QGraphicsView):
    """Edits a core Committee; every accepted change is emitted as the new BuyerRoleEntry."""

    entryChanged = Signal(object)  # BuyerRoleEntry, after every accepted edit
    currentContactChanged = Signal(str)  # lead id
    editRefused = Signal(str)  # the reason, in the user's language
    addContactRequested = Signal()

    def __init__(
        self,
        committee: Committee,
        rules: CommitteeRules | None = None,
        profile_scores: Mapping[str, float] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._committee = committee
        self._rules = rules if rules is not None else load_committee_rules()
        self._scores: dict[str, float] = dict(profile_scores or {})
        self._nodes: dict[str, ContactNode] = {}
        self._current: str | None = None
        self._link_from: str | None = None
        self._notice = ""
        self._gaps: list[Gap] = []
        self._entry: EntryPoint | None = None
        self._banner_lines: list[str] = []
        self._pressed: ContactNode | None = None
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(self.tr("Buyer-role map"))
        order = self._ordered_ids()
        self._current = order[0] if order else None
        self._rebuild()

    # -- public API ------------------------------------------------------------------------

    def committee(self) -> Committee:
        return self._committee

    def set_committee(self, committee: Committee) -> None:
        self._committee = committee
        self._link_from = None
        if self._current not in committee:
            order = self._ordered_ids()
            self._current = order[0] if order else None
        self._rebuild()

    def set_profile_scores(self, scores: Mapping[str, float]) -> None:
        self._scores = dict(scores)
        self._rebuild()

    def current_contact(self) -> str | None:
        return self._current

    def select_contact(self, lead_id: str) -> None:
        if lead_id not in self._nodes or lead_id == self._current:
            return
        self._current = lead_id
        self._refresh_marks()
        self.ensureVisible(self._nodes[lead_id], 20, 20)
        self.currentContactChanged.emit(lead_id)

    def node(self, lead_id: str) -> ContactNode:
        return self._nodes[lead_id]

    def gaps(self) -> list[Gap]:
        return list(self._gaps)

    def entry_point(self) -> EntryPoint | None:
        return self._entry

    def banner_lines(self) -> list[str]:
        """What the banner says right now (gaps, entry point, notices), as shown."""
        return list(self._banner_lines)

    def gap_texts(self) -> list[str]:
        return [self._gap_text(g) for g in self._gaps]

    def lane_of(self, lead_id: str) -> BuyerRole:
        """The lane a contact's node is drawn in, read back from the scene."""
        x = self._nodes[lead_id].pos().x()
        return ROLE_ORDER[int((x - MARGIN) // LANE_W)]

    def is_linking(self) -> bool:
        return self._link_from is not None

    def set_role(self, lead_id: str, role: BuyerRole) -> bool:
        return self._apply(lambda: self._committee.set_role(lead_id, role))

    def set_stance(self, lead_id: str, stance: Stance) -> bool:
        return self._apply(lambda: self._committee.set_stance(lead_id, stance))

    def set_influence(self, lead_id: str, influence: int) -> bool:
        return self._apply(lambda: self._committee.set_influence(lead_id, influence))

    def set_reports_to(self, lead_id: str, manager_id: str | None) -> bool:
        return self._apply(lambda: self._committee.set_reports_to(lead_id, manager_id))

    def add_contact(self, lead: Lead, role: BuyerRole = BuyerRole.UNKNOWN) -> bool:
        ok = self._apply(lambda: self._committee.add_contact(lead, role))
        if ok:
            self.select_contact(lead.id)
        return ok

    def start_link(self) -> None:
        """Begin a reporting line from the current contact; the next Enter picks the manager."""
        if self._current is None:
            return
        self._link_from = self._current
        self._notice = ""
        self._rebuild()

    def finish_link(self) -> bool:
        source, self._link_from = self._link_from, None
        if source is None or self._current is None:
            self._rebuild()
            return False
        if source == self._current:  # Enter on the same contact: nothing chosen
            self._rebuild()
            return False
        return self.set_reports_to(source, self._current)

    def cancel_link(self) -> None:
        self._link_from = None
        self._rebuild()

    def export_png(self, path: str | Path) -> bool:
        """Render the whole map (not just the visible part) to a PNG file."""
        scene = self.scene()
        rect = scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
        image = QImage(max(1, math.ceil(rect.width())), max(1, math.ceil(rect.height())), QImage.Format.Format_ARGB32)
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(image.rect()), rect)
        painter.end()
        return image.save(str(path), "PNG")

    def build_context_menu(self, lead_id: str) -> QMenu:
        entry = self._committee.entry(lead_id)
        menu = QMenu(self)
        roles = menu.addMenu(self.tr("Role"))
        for role in ROLE_ORDER:
            action = self._menu_action(roles, role_label(role), entry.role is role)
            action.setData(role.value)
            action.triggered.connect(lambda _=False, r=role: self.set_role(lead_id, r))
        stances = menu.addMenu(self.tr("Stance"))
        for stance in STANCE_ORDER:
            action = self._menu_action(stances, stance_label(stance), entry.stance is stance)
            action.setData(stance.value)
            action.triggered.connect(lambda _=False, s=stance: self.set_stance(lead_id, s))
        influence = menu.addMenu(self.tr("Influence"))
        for value in range(INFLUENCE_MIN, INFLUENCE_MAX + 1):
            action = self._menu_action(influence, str(value), entry.influence == value)
            action.setData(value)
            action.triggered.connect(lambda _=False, v=value: self.set_influence(lead_id, v))
        reports = menu.addMenu(self.tr("Reports to"))
        nobody = self._menu_action(reports, self.tr("Nobody on the map"), entry.reports_to_lead_id is None)
        nobody.setData(None)
        nobody.triggered.connect(lambda _=False: self.set_reports_to(lead_id, None))
        for member in self._committee.members():
            if member.lead_id == lead_id:
                continue
            action = self._menu_action(reports, member.lead.full_name, entry.reports_to_lead_id == member.lead_id)
            action.setData(member.lead_id)
            action.triggered.connect(lambda _=False, m=member.lead_id: self.set_reports_to(lead_id, m))
        menu.addSeparator()
        add = menu.addAction(self.tr("Add contact…"))
        add.triggered.connect(self.addContactRequested.emit)
        return menu

    # -- editing ---------------------------------------------------------------------------

    def _menu_action(self, menu: QMenu, text: str, checked: bool) -> QAction:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(checked)
        return action

    def _apply(self, edit: Callable[[], BuyerRoleEntry]) -> bool:
        try:
            entry = edit()
        except CommitteeError as exc:
            self._notice = self._problem_text(exc.problem)
            self._rebuild()
            self.editRefused.emit(self._notice)
            return False
        self._notice = ""
        self._rebuild()
        self.entryChanged.emit(entry)
        return True

    def _problem_text(self, problem: CommitteeProblem) -> str:
        texts = {
            CommitteeProblem.OTHER_ACCOUNT: self.tr("Refused: that contact belongs to another account."),
            CommitteeProblem.UNKNOWN_CONTACT: self.tr("Refused: that contact is not on this map."),
            CommitteeProblem.DUPLICATE_CONTACT: self.tr("Refused: that contact is already on the map."),
            CommitteeProblem.INFLUENCE_OUT_OF_RANGE: self.tr("Refused: influence goes from 1 to 5."),
            CommitteeProblem.REPORTS_TO_SELF: self.tr("Refused: a contact cannot report to themselves."),
            CommitteeProblem.REPORTING_CYCLE: self.tr("Refused: that reporting line would make a loop."),
        }
        return texts[problem]

    def _gap_text(self, gap: Gap) -> str:
        if gap.kind is GapKind.NO_DECIDER:
            return self.tr("No decider identified")
        if gap.kind is GapKind.ONLY_GATEKEEPER_REACHED:
            return self.tr("Only the gatekeeper has been reached")
        return (
            self.tr("Committee smaller than expected: %1 of at least %2 people identified")
            .replace("%1", str(gap.have))
            .replace("%2", str(gap.expected))
        )

    def _entry_text(self, entry: EntryPoint) -> str:
        member = self._committee.member(entry.lead_id)
        why = []
        for factor in sorted(entry.factors, key=lambda f: -f.points):
            if factor.points <= 0 or len(why) == 3:
                continue
            if factor.kind is FactorKind.ROLE:
                why.append(role_label(BuyerRole(factor.value)))
            elif factor.kind is FactorKind.STANCE:
                why.append(stance_label(Stance(factor.value)))
            elif factor.kind is FactorKind.INFLUENCE:
                why.append(self.tr("influence %1").replace("%1", factor.value))
            elif factor.kind is FactorKind.STATUS:
                why.append(step_label(member.status))
            else:
                why.append(self.tr("fit %1%").replace("%1", factor.value))
        return self.tr("Suggested entry point: %1 (%2)").replace("%1", member.lead.full_name).replace("%2", ", ".join(why))

    # -- drawing ---------------------------------------------------------------------------

    def _lane_members(self) -> dict[BuyerRole, list[Member]]:
        lanes: dict[BuyerRole, list[Member]] = {role: [] for role in ROLE_ORDER}
        for member in self._committee.members():
            lanes[member.entry.role].append(member)
        for members in lanes.values():
            members.sort(key=lambda m: (-m.entry.influence, m.lead.full_name))
        return lanes

    def _ordered_ids(self) -> list[str]:
        """Tab order: lane by lane, top to bottom."""
        return [m.lead_id for role, members in self._lane_members().items() for m in members]

    def _rebuild(self) -> None:
        scene = self.scene()
        scene.clear()
        self._nodes.clear()
        self._gaps = find_gaps(self._committee, self._rules)
        self._entry = suggest_entry_point(self._committee, self._rules, self._scores)

        lines = [self._gap_text(g) for g in self._gaps]
        if self._entry is not None:
            lines.append(self._entry_text(self._entry))
        if self._link_from is not None:
            name = self._committee.member(self._link_from).lead.full_name
            lines.append(self.tr("Choose who %1 reports to, then press Enter (Esc cancels)").replace("%1", name))
        if self._notice:
            lines.append(self._notice)
        self._banner_lines = lines

        lanes = self._lane_members()
        width = LANE_W * len(ROLE_ORDER)
        banner = QGraphicsTextItem()
        banner.setTextWidth(width - 16)
        banner.setPlainText("\n".join(lines) if lines else self.tr("No gaps found"))
        banner_h = banner.boundingRect().height() + 8
        colour = "#fdecea" if self._gaps or self._notice else "#e8f5e9"
        box = QGraphicsRectItem(MARGIN, MARGIN, width, banner_h)
        box.setBrush(QColor(colour))
        box.setPen(QPen(QColor("#c9ced6"), 1))
        scene.addItem(box)
        banner.setPos(MARGIN + 8, MARGIN + 4)
        scene.addItem(banner)

        top = self._add_legend(MARGIN + banner_h + 8) + 8
        tallest = max((len(m) for m in lanes.values()), default=0)
        lane_h = LANE_HEADER_H + max(1, tallest) * (NODE_H + NODE_GAP) + NODE_GAP
        for index, role in enumerate(ROLE_ORDER):
            x = MARGIN + index * LANE_W
            lane = QGraphicsRectItem(x, top, LANE_W - 6, lane_h)
            lane.setBrush(QColor("#f4f6f8" if index % 2 == 0 else "#eceff3"))
            lane.setPen(Qt.PenStyle.NoPen)
            lane.setZValue(-10)
            scene.addItem(lane)
            header = QGraphicsSimpleTextItem(f"{role_label(role)} ({len(lanes[role])})")
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            header.setPos(x + 8, top + 7)
            scene.addItem(header)
            for row, member in enumerate(lanes[role]):
                node = ContactNode(member, self._scores.get(member.lead_id))
                node.home = QPointF(x + (LANE_W - 6 - NODE_W) / 2, top + LANE_HEADER_H + NODE_GAP / 2 + row * (NODE_H + NODE_GAP))
                node.setPos(node.home)
                scene.addItem(node)
                self._nodes[member.lead_id] = node

        slots: dict[str, int] = {}
        for index, (lead_id, node) in enumerate(self._nodes.items()):
            manager = self._committee.reports_to(lead_id)
            if manager is not None and manager in self._nodes:
                slot = slots.get(manager, 0)
                slots[manager] = slot + 1
                scene.addItem(self._arrow(node, self._nodes[manager], slot, index))

        if self._current not in self._nodes:
            order = self._ordered_ids()
            self._current = order[0] if order else None
        self._refresh_marks()
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))

    def _add_legend(self, y: float) -> float:
        """One row saying what the stripe colours and stance shapes mean; returns its bottom."""
        scene = self.scene()
        x = MARGIN + 4
        entries: list[tuple[str, QPainterPath, str]] = []
        for step in (None, *STEP_ORDER):
            swatch = QPainterPath()
            swatch.addRoundedRect(QRectF(0, 0, 9, 16), 3, 3)
            entries.append((STEP_COLOURS[step], swatch, step_label(step)))
        for stance in STANCE_ORDER:
            entries.append((STANCE_COLOURS[stance], stance_shape(stance, QRectF(0, 1, 14, 14)), stance_label(stance)))
        for colour, shape, text in entries:
            mark = QGraphicsPathItem(shape)
            mark.setBrush(QColor(colour))
            mark.setPen(QPen(QColor(colour).darker(130), 1))
            mark.setPos(x, y)
            scene.addItem(mark)
            label = QGraphicsSimpleTextItem(text)
            label.setPos(x + shape.boundingRect().width() + 4, y)
            scene.addItem(label)
            x += shape.boundingRect().width() + label.boundingRect().width() + 18
        return y + 18

    def _arrow(self, child: ContactNode, manager: ContactNode, slot: int, index: int) -> ReportingArrow:
        """Route the line through the gaps between rows and lanes, so it never crosses a node.

        `slot` separates lines entering the same manager, `index` lines sharing a row gap.
        """
        a = child.sceneBoundingRect().adjusted(4, 4, -4, -4)
        b = manager.sceneBoundingRect().adjusted(4, 4, -4, -4)
        ey = b.center().y() + (slot % 4 - 1.5) * 8
        if abs(a.left() - b.left()) < 1:  # same lane: out of the right side, up or down, back in
            gx = a.right() + 6 + (slot % 3) * 4
            points = [QPointF(a.right(), a.center().y()), QPointF(gx, a.center().y()), QPointF(gx, ey), QPointF(b.right(), ey)]
        else:
            towards_left = b.center().x() < a.center().x()
            gx = b.right() + 6 + (slot % 3) * 4 if towards_left else b.left() - 6 - (slot % 3) * 4
            gy = a.bottom() + 4 + (index % 3) * 4
            start = QPointF(a.center().x() + (index % 3 - 1) * 10, a.bottom())
            points = [start, QPointF(start.x(), gy), QPointF(gx, gy), QPointF(gx, ey),
                      QPointF(b.right() if towards_left else b.left(), ey)]
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        item = ReportingArrow(path, child.lead_id, manager.lead_id)
        item.setPen(QPen(QColor("#3b4754"), 1.6))
        end, before = points[-1], points[-2]
        line = QLineF(end, before)
        if line.length() > 0:  # a filled head, as a child so it moves and hides with the line
            unit = line.unitVector()
            dx, dy = unit.dx() * 10, unit.dy() * 10
            head = QGraphicsPolygonItem(QPolygonF([end, QPointF(end.x() + dx - dy * 0.5, end.y() + dy + dx * 0.5),
                                                   QPointF(end.x() + dx + dy * 0.5, end.y() + dy - dx * 0.5)]), item)
            head.setBrush(QColor("#3b4754"))
            head.setPen(QPen(QColor("#3b4754"), 1))
        item.setZValue(5)
        item.setToolTip(
            self.tr("%1 reports to %2")
            .replace("%1", child.member.lead.full_name)
            .replace("%2", manager.member.lead.full_name)
        )
        return item

    def _refresh_marks(self) -> None:
        entry_id = self._entry.lead_id if self._entry else None
        for lead_id, node in self._nodes.items():
            node.current = lead_id == self._current
            node.entry_point = lead_id == entry_id
            node.link_source = lead_id == self._link_from
            node.setZValue(10 if node.current else 1)
            node.update()

    # -- keyboard and mouse ----------------------------------------------------------------

    def event(self, event) -> bool:  # Tab moves between contacts instead of leaving the map
        if isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self._nodes:
                self._step(-1 if event.key() == Qt.Key.Key_Backtab else 1)
                return True
        return super().event(event)

    def _step(self, delta: int) -> None:
        order = self._ordered_ids()
        if not order:
            return
        index = order.index(self._current) if self._current in order else -1
        self.select_contact(order[(index + delta) % len(order)])

    def _move_in_lane(self, delta: int) -> None:
        if self._current is None:
            return
        lanes = self._lane_members()
        members = lanes[self._committee.entry(self._current).role]
        ids = [m.lead_id for m in members]
        index = ids.index(self._current) + delta
        if 0 <= index < len(ids):
            self.select_contact(ids[index])

    def _move_across(self, delta: int) -> None:
        """To the nearest contact in the next lane that has any, keeping the row."""
        if self._current is None:
            return
        lanes = self._lane_members()
        role = self._committee.entry(self._current).role
        row = [m.lead_id for m in lanes[role]].index(self._current)
        index = ROLE_ORDER.index(role) + delta
        while 0 <= index < len(ROLE_ORDER):
            members = lanes[ROLE_ORDER[index]]
            if members:
                self.select_contact(members[min(row, len(members) - 1)].lead_id)
                return
            index += delta

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        current = self._current
        if current is None:
            if key == Qt.Key.Key_Insert:
                self.addContactRequested.emit()
                return
            super().keyPressEvent(event)
            return
        entry = self._committee.entry(current)
        digits = {Qt.Key.Key_0 + i: i for i in range(10)}
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            delta = -1 if key == Qt.Key.Key_Left else 1
            if shift:
                index = ROLE_ORDER.index(entry.role) + delta
                if 0 <= index < len(ROLE_ORDER):
                    self.set_role(current, ROLE_ORDER[index])
            else:
                self._move_across(delta)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._move_in_lane(-1 if key == Qt.Key.Key_Up else 1)
        elif key in digits and digits[key] <= 6:
            digit = digits[key]
            self.set_role(current, BuyerRole.UNKNOWN if digit == 0 else ROLE_ORDER[digit - 1])
        elif key == Qt.Key.Key_S:
            index = STANCE_ORDER.index(entry.stance) + (-1 if shift else 1)
            self.set_stance(current, STANCE_ORDER[index % len(STANCE_ORDER)])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_influence(current, entry.influence + 1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.set_influence(current, entry.influence - 1)
        elif key == Qt.Key.Key_R:
            self.start_link()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._link_from is not None:
            self.finish_link()
        elif key == Qt.Key.Key_Escape and self._link_from is not None:
            self.cancel_link()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if entry.reports_to_lead_id is not None:
                self.set_reports_to(current, None)
        elif key == Qt.Key.Key_Insert:
            self.addContactRequested.emit()
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and shift):
            node = self._nodes[current]
            at = self.viewport().mapToGlobal(self.mapFromScene(node.sceneBoundingRect().center()))
            self.build_context_menu(current).exec(at)
        else:
            super().keyPressEvent(event)

    def _node_at(self, pos) -> ContactNode | None:
        for item in self.items(pos):
            if isinstance(item, ContactNode):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        node = self._node_at(event.position().toPoint())
        self._pressed = node
        if node is not None:
            self.select_contact(node.lead_id)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        node, self._pressed = self._pressed, None
        if node is None or node.scene() is None:
            return
        moved = node.pos() - node.home
        if abs(moved.x()) < 8 and abs(moved.y()) < 8:
            node.setPos(node.home)
            return
        # Dropped in another lane: that lane's role; anywhere else it goes back home.
        index = int((node.sceneBoundingRect().center().x() - MARGIN) // LANE_W)
        index = max(0, min(index, len(ROLE_ORDER) - 1))
        role = ROLE_ORDER[index]
        if role is not node.member.entry.role:
            self.set_role(node.lead_id, role)
        else:
            node.setPos(node.home)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        node = self._node_at(event.pos())
        if node is None:
            super().contextMenuEvent(event)
            return
        self.select_contact(node.lead_id)
        self.build_context_menu(node.lead_id).exec(event.globalPos())
