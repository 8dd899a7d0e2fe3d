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


def stage_label(stage: Stage) -> str:
    labels = {
        Stage.NEW: QCoreApplication.translate("Stage", "New"),
        Stage.WORKING: QCoreApplication.translate("Stage", "Working"),
        Stage.MQL: QCoreApplication.translate("Stage", "MQL"),
        Stage.SQL: QCoreApplication.translate("Stage", "SQL"),
        Stage.OPPORTUNITY: QCoreApplication.translate("Stage", "Opportunity"),
        Stage.NURTURE: QCoreApplication.translate("Stage", "Nurture"),
        Stage.DISQUALIFIED: QCoreApplication.translate("Stage", "Disqualified"),
    }
    return labels.get(stage, str(stage))


def direction_label(direction: Direction) -> str:
    labels = {
        Direction.INBOUND: QCoreApplication.translate("Direction", "Inbound"),
        Direction.OUTBOUND: QCoreApplication.translate("Direction", "Outbound"),
    }
    return labels.get(direction, str(direction))


def source_label(source: LeadSource) -> str:
    labels = {
        LeadSource.WEB_FORM: QCoreApplication.translate("LeadSource", "Web form"),
        LeadSource.WHITEPAPER: QCoreApplication.translate("LeadSource", "White paper"),
        LeadSource.WEBINAR: QCoreApplication.translate("LeadSource", "Webinar"),
        LeadSource.TRADE_SHOW: QCoreApplication.translate("LeadSource", "Trade show"),
        LeadSource.REFERRAL: QCoreApplication.translate("LeadSource", "Referral"),
        LeadSource.OUTBOUND_LIST: QCoreApplication.translate("LeadSource", "Outbound list"),
    }
    return labels.get(source, str(source))


def seniority_label(seniority: Seniority) -> str:
    labels = {
        Seniority.C_LEVEL: QCoreApplication.translate("Seniority", "C-level"),
        Seniority.VP: QCoreApplication.translate("Seniority", "VP"),
        Seniority.DIRECTOR: QCoreApplication.translate("Seniority", "Director"),
        Seniority.MANAGER: QCoreApplication.translate("Seniority", "Manager"),
        Seniority.INDIVIDUAL: QCoreApplication.translate("Seniority", "Individual contributor"),
        Seniority.STUDENT: QCoreApplication.translate("Seniority", "Student"),
        Seniority.UNKNOWN: QCoreApplication.translate("Seniority", "Unknown"),
    }
    return labels.get(seniority, str(seniority))


def buyer_role_label(role: BuyerRole) -> str:
    labels = {
        BuyerRole.INITIATOR: QCoreApplication.translate("BuyerRole", "Initiator"),
        BuyerRole.DECIDER: QCoreApplication.translate("BuyerRole", "Decider"),
        BuyerRole.BUYER: QCoreApplication.translate("BuyerRole", "Buyer"),
        BuyerRole.INFLUENCER: QCoreApplication.translate("BuyerRole", "Influencer"),
        BuyerRole.USER: QCoreApplication.translate("BuyerRole", "User"),
        BuyerRole.GATEKEEPER: QCoreApplication.translate("BuyerRole", "Gatekeeper"),
        BuyerRole.UNKNOWN: QCoreApplication.translate("BuyerRole", "Unknown"),
    }
    return labels.get(role, str(role))


def channel_label(channel: Channel) -> str:
    labels = {
        Channel.PHONE: QCoreApplication.translate("Channel", "Phone"),
        Channel.EMAIL: QCoreApplication.translate("Channel", "Email"),
        Channel.WECHAT: QCoreApplication.translate("Channel", "WeChat"),
        Channel.SMS: QCoreApplication.translate("Channel", "SMS"),
        Channel.MEETING: QCoreApplication.translate("Channel", "Meeting"),
        Channel.EVENT: QCoreApplication.translate("Channel", "Event"),
        Channel.NOTE: QCoreApplication.translate("Channel", "Note"),
    }
    return labels.get(channel, str(channel))


def step_label(step: Step | None) -> str:
    labels = {
        Step.REACH: QCoreApplication.translate("Step", "Reach"),
        Step.CONNECT: QCoreApplication.translate("Step", "Connect"),
        Step.CONVERSATION: QCoreApplication.translate("Step", "Conversation"),
    }
    return DASH if step is None else labels.get(step, str(step))


def outcome_label(outcome: Outcome) -> str:
    labels = {
        Outcome.NO_ANSWER: QCoreApplication.translate("Outcome", "No answer"),
        Outcome.VOICEMAIL: QCoreApplication.translate("Outcome", "Voicemail"),
        Outcome.BUSY: QCoreApplication.translate("Outcome", "Busy"),
        Outcome.WRONG_NUMBER: QCoreApplication.translate("Outcome", "Wrong number"),
        Outcome.GATEKEEPER: QCoreApplication.translate("Outcome", "Gatekeeper"),
        Outcome.CONNECTED: QCoreApplication.translate("Outcome", "Connected"),
        Outcome.CONVERSATION: QCoreApplication.translate("Outcome", "Conversation"),
        Outcome.MEETING_BOOKED: QCoreApplication.translate("Outcome", "Meeting booked"),
        Outcome.NOT_INTERESTED: QCoreApplication.translate("Outcome", "Not interested"),
        Outcome.CALL_BACK: QCoreApplication.translate("Outcome", "Call back later"),
        Outcome.BAD_DATA: QCoreApplication.translate("Outcome", "Bad data"),
        Outcome.SENT: QCoreApplication.translate("Outcome", "Sent"),
        Outcome.OPENED: QCoreApplication.translate("Outcome", "Opened"),
        Outcome.CLICKED: QCoreApplication.translate("Outcome", "Clicked"),
        Outcome.REPLIED: QCoreApplication.translate("Outcome", "Replied"),
        Outcome.DOWNLOADED: QCoreApplication.translate("Outcome", "Downloaded"),
        Outcome.BOUNCED: QCoreApplication.translate("Outcome", "Bounced"),
        Outcome.HELD: QCoreApplication.translate("Outcome", "Held"),
        Outcome.ATTENDED: QCoreApplication.translate("Outcome", "Attended"),
        Outcome.NOTED: QCoreApplication.translate("Outcome", "Noted"),
    }
    return labels.get(outcome, str(outcome))


def engagement_label(kind: EngagementKind) -> str:
    labels = {
        EngagementKind.PAGE_VIEW: QCoreApplication.translate("Engagement", "Page views"),
        EngagementKind.PRICING_VIEW: QCoreApplication.translate("Engagement", "Pricing page views"),
        EngagementKind.DEMO_REQUEST: QCoreApplication.translate("Engagement", "Demo requests"),
        EngagementKind.CONTACT_SALES: QCoreApplication.translate("Engagement", "Contact-sales requests"),
        EngagementKind.DOWNLOAD: QCoreApplication.translate("Engagement", "Downloads"),
        EngagementKind.WEBINAR: QCoreApplication.translate("Engagement", "Webinars"),
        EngagementKind.SUBSCRIPTION: QCoreApplication.translate("Engagement", "Subscriptions"),
        EngagementKind.EMAIL_OPEN: QCoreApplication.translate("Engagement", "Email opens"),
        EngagementKind.EMAIL_CLICK: QCoreApplication.translate("Engagement", "Email clicks"),
        EngagementKind.WECHAT_FOLLOW: QCoreApplication.translate("Engagement", "WeChat follows"),
        EngagementKind.WECHAT_READ: QCoreApplication.translate("Engagement", "WeChat reads"),
        EngagementKind.FORM_SUBMIT: QCoreApplication.translate("Engagement", "Form submissions"),
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
        return QCoreApplication.translate("Duration", "%1 min").replace("%1", str(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return QCoreApplication.translate("Duration", "%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("Duration", "%1 d %2 h").replace("%1", str(days)).replace("%2", str(hours))


def sla_text(due: datetime | None, first_touch: datetime | None, now: datetime) -> tuple[str, bool]:
    """The speed-to-lead countdown for an untouched lead, and whether it is overdue."""
    if due is None or first_touch is not None:
        return DASH, False
    left = (due - now).total_seconds()
    if left < 0:
        return QCoreApplication.translate("Sla", "overdue %1").replace("%1", duration(-left)), True
    return QCoreApplication.translate("Sla", "in %1").replace("%1", duration(left)), False


def date_time(moment: datetime | None) -> str:
    """A timestamp in the rep's own time zone and locale."""
    if moment is None:
        return DASH
    local = moment.astimezone()
    return QLocale().toString(local.replace(tzinfo=None), QLocale.FormatType.ShortFormat)
