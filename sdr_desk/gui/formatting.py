"""How sales values read on screen, in the active language.

Each label is looked up at call time (not at import), so switching the language
retranslates everything the next time a view asks.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication, QLocale

from sdr_desk.core.entities import (
    BuyerRole,
    Channel,
    Direction,
    EngagementKind,
    LeadSource,
    Outcome,
    Seniority,
    Stage,
    Step,
)

DASH = "—"


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def stage_label(stage: Stage) -> str:
    labels = {
        Stage.NEW: _t("Stage", "New"),
        Stage.WORKING: _t("Stage", "Working"),
        Stage.MQL: _t("Stage", "MQL"),
        Stage.SQL: _t("Stage", "SQL"),
        Stage.OPPORTUNITY: _t("Stage", "Opportunity"),
        Stage.NURTURE: _t("Stage", "Nurture"),
        Stage.DISQUALIFIED: _t("Stage", "Disqualified"),
    }
    return labels.get(stage, str(stage))


def direction_label(direction: Direction) -> str:
    labels = {
        Direction.INBOUND: _t("Direction", "Inbound"),
        Direction.OUTBOUND: _t("Direction", "Outbound"),
    }
    return labels.get(direction, str(direction))


def source_label(source: LeadSource) -> str:
    labels = {
        LeadSource.WEB_FORM: _t("LeadSource", "Web form"),
        LeadSource.WHITEPAPER: _t("LeadSource", "White paper"),
        LeadSource.WEBINAR: _t("LeadSource", "Webinar"),
        LeadSource.TRADE_SHOW: _t("LeadSource", "Trade show"),
        LeadSource.REFERRAL: _t("LeadSource", "Referral"),
        LeadSource.OUTBOUND_LIST: _t("LeadSource", "Outbound list"),
    }
    return labels.get(source, str(source))


def seniority_label(seniority: Seniority) -> str:
    labels = {
        Seniority.C_LEVEL: _t("Seniority", "C-level"),
        Seniority.VP: _t("Seniority", "VP"),
        Seniority.DIRECTOR: _t("Seniority", "Director"),
        Seniority.MANAGER: _t("Seniority", "Manager"),
        Seniority.INDIVIDUAL: _t("Seniority", "Individual contributor"),
        Seniority.STUDENT: _t("Seniority", "Student"),
        Seniority.UNKNOWN: _t("Seniority", "Unknown"),
    }
    return labels.get(seniority, str(seniority))


def buyer_role_label(role: BuyerRole) -> str:
    labels = {
        BuyerRole.INITIATOR: _t("BuyerRole", "Initiator"),
        BuyerRole.DECIDER: _t("BuyerRole", "Decider"),
        BuyerRole.BUYER: _t("BuyerRole", "Buyer"),
        BuyerRole.INFLUENCER: _t("BuyerRole", "Influencer"),
        BuyerRole.USER: _t("BuyerRole", "User"),
        BuyerRole.GATEKEEPER: _t("BuyerRole", "Gatekeeper"),
        BuyerRole.UNKNOWN: _t("BuyerRole", "Unknown"),
    }
    return labels.get(role, str(role))


def channel_label(channel: Channel) -> str:
    labels = {
        Channel.PHONE: _t("Channel", "Phone"),
        Channel.EMAIL: _t("Channel", "Email"),
        Channel.WECHAT: _t("Channel", "WeChat"),
        Channel.SMS: _t("Channel", "SMS"),
        Channel.MEETING: _t("Channel", "Meeting"),
        Channel.EVENT: _t("Channel", "Event"),
        Channel.NOTE: _t("Channel", "Note"),
    }
    return labels.get(channel, str(channel))


def step_label(step: Step | None) -> str:
    labels = {
        Step.REACH: _t("Step", "Reach"),
        Step.CONNECT: _t("Step", "Connect"),
        Step.CONVERSATION: _t("Step", "Conversation"),
    }
    return DASH if step is None else labels.get(step, str(step))


def outcome_label(outcome: Outcome) -> str:
    labels = {
        Outcome.NO_ANSWER: _t("Outcome", "No answer"),
        Outcome.VOICEMAIL: _t("Outcome", "Voicemail"),
        Outcome.BUSY: _t("Outcome", "Busy"),
        Outcome.WRONG_NUMBER: _t("Outcome", "Wrong number"),
        Outcome.GATEKEEPER: _t("Outcome", "Gatekeeper"),
        Outcome.CONNECTED: _t("Outcome", "Connected"),
        Outcome.CONVERSATION: _t("Outcome", "Conversation"),
        Outcome.MEETING_BOOKED: _t("Outcome", "Meeting booked"),
        Outcome.NOT_INTERESTED: _t("Outcome", "Not interested"),
        Outcome.CALL_BACK: _t("Outcome", "Call back later"),
        Outcome.BAD_DATA: _t("Outcome", "Bad data"),
        Outcome.SENT: _t("Outcome", "Sent"),
        Outcome.OPENED: _t("Outcome", "Opened"),
        Outcome.CLICKED: _t("Outcome", "Clicked"),
        Outcome.REPLIED: _t("Outcome", "Replied"),
        Outcome.DOWNLOADED: _t("Outcome", "Downloaded"),
        Outcome.BOUNCED: _t("Outcome", "Bounced"),
        Outcome.HELD: _t("Outcome", "Held"),
        Outcome.ATTENDED: _t("Outcome", "Attended"),
        Outcome.NOTED: _t("Outcome", "Noted"),
    }
    return labels.get(outcome, str(outcome))


def engagement_label(kind: EngagementKind) -> str:
    labels = {
        EngagementKind.PAGE_VIEW: _t("Engagement", "Page views"),
        EngagementKind.PRICING_VIEW: _t("Engagement", "Pricing page views"),
        EngagementKind.DEMO_REQUEST: _t("Engagement", "Demo requests"),
        EngagementKind.CONTACT_SALES: _t("Engagement", "Contact-sales requests"),
        EngagementKind.DOWNLOAD: _t("Engagement", "Downloads"),
        EngagementKind.WEBINAR: _t("Engagement", "Webinars"),
        EngagementKind.SUBSCRIPTION: _t("Engagement", "Subscriptions"),
        EngagementKind.EMAIL_OPEN: _t("Engagement", "Email opens"),
        EngagementKind.EMAIL_CLICK: _t("Engagement", "Email clicks"),
        EngagementKind.WECHAT_FOLLOW: _t("Engagement", "WeChat follows"),
        EngagementKind.WECHAT_READ: _t("Engagement", "WeChat reads"),
        EngagementKind.FORM_SUBMIT: _t("Engagement", "Form submissions"),
    }
    return labels.get(kind, str(kind))


@lru_cache(maxsize=512)
def zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_time(time_zone: str | None, now: datetime) -> str:
    """The prospect's wall clock, e.g. "09:42 Tue", so the rep sees at a glance if it is a sane hour."""
    tz = zone(time_zone)
    if tz is None:
        return DASH
    local = now.astimezone(tz)
    day = QLocale().dayName(local.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{local:%H:%M} {day}"


def duration(seconds: float) -> str:
    """A short span: "45 min", "3 h 05 min", "2 d 4 h"."""
    minutes = int(seconds // 60)
    if minutes < 60:
        return _t("Duration", "%1 min").replace("%1", str(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _t("Duration", "%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
    days, hours = divmod(hours, 24)
    return _t("Duration", "%1 d %2 h").replace("%1", str(days)).replace("%2", str(hours))


def sla_text(due: datetime | None, first_touch: datetime | None, now: datetime) -> tuple[str, bool]:
    """The speed-to-lead countdown for an untouched lead, and whether it is overdue."""
    if due is None or first_touch is not None:
        return DASH, False
    left = (due - now).total_seconds()
    if left < 0:
        return _t("Sla", "overdue %1").replace("%1", duration(-left)), True
    return _t("Sla", "in %1").replace("%1", duration(left)), False


def date_time(moment: datetime | None) -> str:
    """A timestamp in the rep's own time zone and locale."""
    if moment is None:
        return DASH
    local = moment.astimezone()
    return QLocale().toString(local.replace(tzinfo=None), QLocale.FormatType.ShortFormat)
