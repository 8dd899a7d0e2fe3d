"""The selected lead at a glance: who they are, how to reach them, their account, what happened.

`load_lead_detail` runs on the worker thread; the pane only renders what it is given.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import phonenumbers
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from sdr_desk.core.entities import Account, Activity, EngagementEvent, EngagementKind, Lead
from sdr_desk.gui import formatting
from sdr_desk.store.repositories import RecordNotFound, SalesBook

RECENT_ACTIVITIES = 10


@dataclass(frozen=True)
class LeadDetail:
    lead: Lead
    account: Account | None
    activities: list[Activity]
    engagement: dict[EngagementKind, int] = field(default_factory=dict)
    last_engaged_at: datetime | None = None


def load_lead_detail(book: SalesBook, lead_id: str) -> LeadDetail:
    """Everything the pane shows, read in one go on the worker thread."""
    lead = book.lead(lead_id)
    account = None
    if lead.account_id:
        try:
            account = book.account(lead.account_id)
        except RecordNotFound:
            account = None
    events: list[EngagementEvent] = book.engagement(lead_id)
    return LeadDetail(
        lead=lead,
        account=account,
        activities=book.activities(lead_id, limit=RECENT_ACTIVITIES),
        engagement=dict(Counter(e.kind for e in events)),
        last_engaged_at=max((e.occurred_at for e in events), default=None),
    )


def _phone(number: str) -> str:
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return html.escape(number)
    shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f'<a href="tel:{html.escape(number)}">{html.escape(shown)}</a>'


def _email(address: str) -> str:
    return f'<a href="mailto:{html.escape(address)}">{html.escape(address)}</a>'


def _heading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _para(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _rows(pairs: list[tuple[str, str]]) -> str:
    cells = "".join(
        f'<tr><td class="k">{html.escape(k)}</td><td>{v}</td></tr>' for k, v in pairs if v
    )
    return f'<table cellspacing="0" cellpadding="3">{cells}</table>'


class LeadDetailPane(QWidget):
    """Read-only card for one lead; links open the phone or mail handler."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._detail: LeadDetail | None = None
        self.clock = lambda: datetime.now(UTC)
        self.heading = QLabel(self)
        self.heading.setObjectName("leadHeading")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel(self)
        self.subheading.setObjectName("leadSubheading")
        self.subheading.setWordWrap(True)
        self.body = QTextBrowser(self)
        self.body.setObjectName("leadBody")
        self.body.setOpenExternalLinks(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.body, 1)
        self.setFocusProxy(self.body)
        self.show_detail(None)

    @property
    def lead_id(self) -> str | None:
        return self._detail.lead.id if self._detail else None

    def show_detail(self, detail: LeadDetail | None) -> None:
        self._detail = detail
        self._render()

    def refresh(self) -> None:
        """Redraw from what is already loaded (time moved or the language changed)."""
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)

    def _render(self) -> None:
        detail = self._detail
        if detail is None:
            self.heading.setText(self.tr("No lead selected"))
            self.subheading.setText(self.tr("Pick a lead in the queue: its contact data, account and history show here."))
            self.body.clear()
            return
        lead, account = detail.lead, detail.account
        self.heading.setText(lead.full_name)
        self.subheading.setText(" · ".join(p for p in (lead.title, account.name if account else None) if p))
        self.body.setHtml(self._html(detail))

    def _html(self, d: LeadDetail) -> str:
        lead, account = d.lead, d.account
        their_time = formatting.local_time(lead.time_zone, self.clock())
        contact = _rows(
            [
                (self.tr("Phones"), "<br>".join(_phone(p) for p in lead.phones) or formatting.DASH),
                (self.tr("Emails"), "<br>".join(_email(e) for e in lead.emails) or formatting.DASH),
                (self.tr("Their time"), html.escape(f"{their_time} ({lead.time_zone})" if lead.time_zone else their_time)),
                (self.tr("Seniority"), html.escape(formatting.seniority_label(lead.seniority))),
                (self.tr("Buyer role"), html.escape(formatting.buyer_role_label(lead.buyer_role))),
                (self.tr("Stage"), html.escape(formatting.stage_label(lead.stage))),
                (
                    self.tr("Came in"),
                    html.escape(f"{formatting.direction_label(lead.direction)} · {formatting.source_label(lead.source)}"),
                ),
                (self.tr("First touch"), html.escape(formatting.date_time(lead.first_touch_at))),
                (self.tr("SLA due"), html.escape(formatting.date_time(lead.sla_due_at)) if lead.sla_due_at else ""),
                (self.tr("Next touch"), html.escape(formatting.date_time(lead.next_touch_at)) if lead.next_touch_at else ""),
                (self.tr("Do not call"), self.tr("Yes") if lead.do_not_call else ""),
                (self.tr("Tags"), html.escape(", ".join(lead.tags))),
            ]
        )
        parts = [_heading(self.tr("Contact")), contact]
        if account is not None:
            size = self.tr("%1 employees").replace("%1", f"{account.employees:,}") if account.employees else ""
            parts.append(
                _heading(self.tr("Account"))
                + _rows(
                    [
                        (self.tr("Company"), html.escape(account.name)),
                        (self.tr("Website"), html.escape(account.domain or "")),
                        (self.tr("Industry"), html.escape(account.industry or "")),
                        (self.tr("Size"), html.escape(size)),
                        (self.tr("Country"), html.escape(" · ".join(p for p in (account.country, account.region) if p))),
                        (self.tr("Tier / grade"), html.escape(f"{account.tier} / {account.grade}")),
                        (self.tr("Customer"), self.tr("Existing customer") if account.is_customer else ""),
                    ]
                )
            )
        parts.append(_heading(self.tr("Recent activities")))
        if d.activities:
            header = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in (self.tr("When"), self.tr("Channel"), self.tr("Step"), self.tr("Outcome"), self.tr("Notes")))
            lines = "".join(
                "<tr>"
                f"<td>{html.escape(formatting.date_time(a.occurred_at))}</td>"
                f"<td>{html.escape(formatting.channel_label(a.channel))}</td>"
                f"<td>{html.escape(formatting.step_label(a.step))}</td>"
                f"<td>{html.escape(formatting.outcome_label(a.outcome))}</td>"
                f"<td>{html.escape(a.notes or '')}</td>"
                "</tr>"
                for a in d.activities
            )
            parts.append(f'<table cellspacing="0" cellpadding="3"><tr>{header}</tr>{lines}</table>')
        else:
            parts.append(_para(self.tr("No touches logged yet.")))
        parts.append(_heading(self.tr("Engagement")))
        if d.engagement:
            pairs = [
                (formatting.engagement_label(kind), str(count))
                for kind, count in sorted(d.engagement.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            pairs.append((self.tr("Last engaged"), html.escape(formatting.date_time(d.last_engaged_at))))
            parts.append(_rows(pairs))
        else:
            parts.append(_para(self.tr("No engagement recorded.")))
        return "<style>td { vertical-align: middle; } td.k { color: #666; padding-right: 12px; } h3 { margin-top: 12px; }</style>" + "".join(parts)
