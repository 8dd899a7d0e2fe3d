"""The sales domain as plain data: accounts, leads, touches, qualification, research, nurture.

Pure Python (no Qt, SQL or HTTP). Every closed vocabulary is an enum whose value is the
stable wire/storage spelling; free text is only ever free text (names, notes).
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


# --- vocabularies -------------------------------------------------------------------------


class Tier(StrEnum):
    """Research depth for an account (DOMAIN.md "Research tiers")."""

    T1 = "T1"  # deep research, a market of one
    T2 = "T2"  # medium, every touch personalised
    T3 = "T3"  # 3x3: three facts in three minutes


class Grade(StrEnum):
    A = "A"  # outbound target accounts
    B = "B"  # inbound


class Seniority(StrEnum):
    C_LEVEL = "c_level"
    VP = "vp"
    DIRECTOR = "director"
    MANAGER = "manager"
    INDIVIDUAL = "individual"
    STUDENT = "student"
    UNKNOWN = "unknown"


class BuyerRole(StrEnum):
    INITIATOR = "initiator"
    DECIDER = "decider"
    BUYER = "buyer"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    UNKNOWN = "unknown"


class Stance(StrEnum):
    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SCEPTIC = "sceptic"
    BLOCKER = "blocker"


class SourceKind(StrEnum):
    """What a research source points at: a web link or a named document (report, deck)."""

    LINK = "link"
    DOCUMENT = "document"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class LeadSource(StrEnum):
    WEB_FORM = "web_form"
    WHITEPAPER = "whitepaper"
    WEBINAR = "webinar"
    TRADE_SHOW = "trade_show"
    REFERRAL = "referral"
    OUTBOUND_LIST = "outbound_list"


class Stage(StrEnum):
    NEW = "new"
    WORKING = "working"
    MQL = "mql"
    SQL = "sql"  # sales accepted
    OPPORTUNITY = "opportunity"
    NURTURE = "nurture"
    DISQUALIFIED = "disqualified"


class LeadClass(StrEnum):
    """How an SDR team routes a raw lead (DOMAIN.md "Qualification")."""

    OPP = "opp"
    SQL = "sql"
    MQL = "mql"
    MA = "ma"  # marketing-automation nurture
    NON_POTENTIAL = "non_potential"


class EngagementKind(StrEnum):
    PAGE_VIEW = "page_view"
    PRICING_VIEW = "pricing_view"  # buying signal
    DEMO_REQUEST = "demo_request"  # buying signal
    CONTACT_SALES = "contact_sales"  # buying signal
    DOWNLOAD = "download"
    WEBINAR = "webinar"
    SUBSCRIPTION = "subscription"
    EMAIL_OPEN = "email_open"
    EMAIL_CLICK = "email_click"
    WECHAT_FOLLOW = "wechat_follow"
    WECHAT_READ = "wechat_read"
    FORM_SUBMIT = "form_submit"


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    WECHAT = "wechat"
    SMS = "sms"
    MEETING = "meeting"
    EVENT = "event"
    NOTE = "note"


class Step(StrEnum):
    """reach -> connect -> conversation (DOMAIN.md "Connect")."""

    REACH = "reach"
    CONNECT = "connect"
    CONVERSATION = "conversation"


class Outcome(StrEnum):
    # phone
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    GATEKEEPER = "gatekeeper"
    CONNECTED = "connected"
    CONVERSATION = "conversation"
    MEETING_BOOKED = "meeting_booked"
    NOT_INTERESTED = "not_interested"
    CALL_BACK = "call_back"
    BAD_DATA = "bad_data"
    # written channels
    SENT = "sent"
    OPENED = "opened"
    CLICKED = "clicked"
    REPLIED = "replied"
    DOWNLOADED = "downloaded"  # opened the content the rep sent: a two-way step
    BOUNCED = "bounced"
    # meetings, events, notes
    HELD = "held"
    ATTENDED = "attended"
    NOTED = "noted"
    # a correction that withdraws an earlier entry (it supersedes it; history is kept)
    RETRACTED = "retracted"


class CriterionStatus(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    QUALIFIED = "qualified"
    NOT_QUALIFIED = "not_qualified"
    INCOMPLETE = "incomplete"


class DisqualifyReason(StrEnum):
    """Why a lead is not qualified, by MANTCP (DOMAIN.md "Qualification")."""

    NO_NEED = "no_need"
    NO_BUDGET = "no_budget"
    NOT_DECISION_MAKER = "not_decision_maker"
    NO_OPERATOR = "no_operator"
    INCUMBENT_VENDOR = "incumbent_vendor"
    RED_FLAG = "red_flag"
    BAD_DATA = "bad_data"
    NOT_NOW = "not_now"


class UserRole(StrEnum):
    SDR = "sdr"
    LEAD = "lead"  # team lead
    ADMIN = "admin"


class OpKind(StrEnum):
    CREATE = "create"
    PATCH = "patch"
    APPEND = "append"
    DELETE = "delete"
    COMMAND = "command"


class EntityKind(StrEnum):
    """Names of synced record types, as they appear in outbox ops and pulled changes."""

    ACCOUNT = "account"
    LEAD = "lead"
    ENGAGEMENT = "engagement"
    ACTIVITY = "activity"
    QUALIFICATION = "qualification"
    RESEARCH_NOTE = "research_note"
    BUYER_ROLE = "buyer_role"
    NURTURE_ENROLMENT = "nurture_enrolment"


# --- records ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Account:
    id: str
    name: str
    domain: str | None = None
    industry: str | None = None
    employees: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    region: str | None = None
    tier: Tier = Tier.T3
    grade: Grade = Grade.B
    is_customer: bool = False
    updated_at: datetime | None = None


@dataclass(slots=True)
class Lead:
    """A person at an account that an SDR works: the unit of the call queue."""

    id: str
    full_name: str
    account_id: str | None = None
    title: str | None = None
    seniority: Seniority = Seniority.UNKNOWN
    buyer_role: BuyerRole = BuyerRole.UNKNOWN
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # E.164
    country: str | None = None  # ISO 3166-1 alpha-2
    time_zone: str | None = None  # IANA name
    direction: Direction = Direction.INBOUND
    source: LeadSource = LeadSource.WEB_FORM
    stage: Stage = Stage.NEW
    lead_class: LeadClass | None = None
    owner_id: str | None = None
    team_id: str | None = None
    do_not_call: bool = False
    tags: list[str] = field(default_factory=list)
    created_at: datetime | None = None
    first_touch_at: datetime | None = None
    sla_due_at: datetime | None = None
    next_touch_at: datetime | None = None
    next_touch_note: str | None = None
    updated_at: datetime | None = None


@dataclass(slots=True, frozen=True)
class EngagementEvent:
    """Something the prospect did on their own: a page view, a download, an email open."""

    id: str
    lead_id: str
    kind: EngagementKind
    occurred_at: datetime
    detail: str | None = None  # page path, asset name, campaign


@dataclass(slots=True, frozen=True)
class Activity:
    """One touch by a rep, append-only. A correction is a new activity that supersedes."""

    id: str
    lead_id: str
    channel: Channel
    outcome: Outcome
    occurred_at: datetime
    step: Step | None = None  # None for notes and other non-touch entries
    duration_s: int | None = None
    notes: str | None = None
    author_id: str | None = None
    supersedes_id: str | None = None


@dataclass(slots=True, frozen=True)
class CriterionAnswer:
    status: CriterionStatus = CriterionStatus.UNKNOWN
    evidence: str = ""


@dataclass(slots=True, frozen=True)
class Qualification:
    """One saved version of a qualification form; versions are append-only."""

    id: str
    lead_id: str
    framework: str  # id of a framework in resources/rules/frameworks/
    version: int
    answers: dict[str, CriterionAnswer]
    red_flags: tuple[str, ...]
    verdict: Verdict
    reason: DisqualifyReason | None = None
    missing: tuple[str, ...] = ()
    author_id: str | None = None
    created_at: datetime | None = None


@dataclass(slots=True)
class SourceRef:
    """Where an insight came from: a link or a document, and its date."""

    ref: str
    date: str | None = None  # ISO date
    kind: SourceKind = SourceKind.LINK


@dataclass(slots=True)
class ResearchNote:
    """One field of a T1/T2/T3 insight profile on an account (or one of its leads)."""

    id: str
    account_id: str
    template: Tier
    section: str
    field: str
    text: str
    lead_id: str | None = None
    sources: list[SourceRef] = field(default_factory=list)
    pinned: bool = False
    updated_at: datetime | None = None
    author_id: str | None = None


@dataclass(slots=True)
class BuyerRoleEntry:
    """A contact's place on an account's buying committee."""

    id: str
    account_id: str
    lead_id: str
    role: BuyerRole
    stance: Stance = Stance.NEUTRAL
    influence: int = 3  # 1..5
    reports_to_lead_id: str | None = None
    updated_at: datetime | None = None


@dataclass(slots=True)
class NurtureEnrolment:
    id: str
    lead_id: str
    track: str  # id of a track in resources/rules/nurture.toml
    started_at: datetime
    step_index: int = 0
    next_due_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: str | None = None
