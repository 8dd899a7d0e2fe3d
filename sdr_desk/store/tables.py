"""The local cache's tables (SQLAlchemy 2.0 typed declarative).

Mirrors core/entities.py plus what the workstation keeps for itself: stored score
breakdowns and attempt counters for the queue, per-field clocks for merging, the outbox
of changes not yet answered by the server, and the sync state.
Schema changes go through Alembic migrations in db/client/.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sdr_desk.core.entities import (
    BuyerRole,
    Channel,
    Direction,
    DisqualifyReason,
    EngagementKind,
    EntityKind,
    Grade,
    LeadClass,
    LeadSource,
    OpKind,
    Outcome,
    Seniority,
    Stage,
    Stance,
    Step,
    Tier,
    Verdict,
)


class UtcDateTime(TypeDecorator[datetime]):
    """SQLite keeps no zone; store naive UTC and hand back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the cache; use UTC-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as the enum's value, as plain VARCHAR, so adding a member needs no migration.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    domain: Mapped[str | None] = mapped_column(String(255))
    industry: Mapped[str | None] = mapped_column(String(120))
    employees: Mapped[int | None] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(120))
    tier: Mapped[Tier] = mapped_column(_enum(Tier), default=Tier.T3)
    grade: Mapped[Grade] = mapped_column(_enum(Grade), default=Grade.B)
    is_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    field_clock: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_accounts_name", "name"),)


class LeadRow(Base):
    __tablename__ = "leads"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    full_name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    seniority: Mapped[Seniority] = mapped_column(_enum(Seniority), default=Seniority.UNKNOWN)
    buyer_role: Mapped[BuyerRole] = mapped_column(_enum(BuyerRole), default=BuyerRole.UNKNOWN)
    emails: Mapped[list[str]] = mapped_column(JSON, default=list)
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    country: Mapped[str | None] = mapped_column(String(2))
    time_zone: Mapped[str | None] = mapped_column(String(64))
    direction: Mapped[Direction] = mapped_column(_enum(Direction), default=Direction.INBOUND)
    source: Mapped[LeadSource] = mapped_column(_enum(LeadSource), default=LeadSource.WEB_FORM)
    stage: Mapped[Stage] = mapped_column(_enum(Stage), default=Stage.NEW)
    lead_class: Mapped[LeadClass | None] = mapped_column(_enum(LeadClass))
    owner_id: Mapped[str | None] = mapped_column(String(64))
    team_id: Mapped[str | None] = mapped_column(String(64))
    do_not_call: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    first_touch_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sla_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_touch_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_touch_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    field_clock: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    # Kept by the workstation for the queue: recomputed when inputs or rules change.
    score_total: Mapped[int] = mapped_column(Integer, default=0)
    score_breakdown: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    score_rules: Mapped[str | None] = mapped_column(String(64))  # fingerprint of the rules used
    learner: Mapped[bool] = mapped_column(Boolean, default=False)
    misses_profile: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    nurture_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Lower-cased name, company, e-mails and phone digits: what the search box matches.
    search_text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_leads_queue", "owner_id", "stage", "do_not_call"),
        Index("ix_leads_score", "score_total"),
        Index("ix_leads_sla_due", "sla_due_at"),
        Index("ix_leads_next_touch", "next_touch_at"),
        Index("ix_leads_account", "account_id"),
        Index("ix_leads_score_rules", "score_rules"),
    )


class EngagementRow(Base):
    __tablename__ = "engagement_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    kind: Mapped[EngagementKind] = mapped_column(_enum(EngagementKind))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    detail: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_engagement_lead_time", "lead_id", "occurred_at"),)


class ActivityRow(Base):
    """Append-only: rows are never updated; a correction is a new row that supersedes."""

    __tablename__ = "activities"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome))
    step: Mapped[Step | None] = mapped_column(_enum(Step))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[str | None] = mapped_column(String(64))
    supersedes_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        Index("ix_activities_lead_time", "lead_id", "occurred_at"),
        # The team's activity log, newest first, filtered from the index alone (store/reports.py).
        Index("ix_activities_time_cover", "occurred_at", "author_id", "channel", "step", "outcome", "lead_id"),
        Index("ix_activities_author_time", "author_id", "occurred_at", "channel", "step", "outcome"),
        # The funnel: one rep's touches of one kind over a period are one range of this index.
        Index("ix_activities_funnel", "author_id", "channel", "outcome", "step", "occurred_at"),
        Index("ix_activities_supersedes", "supersedes_id", sqlite_where=text("supersedes_id IS NOT NULL")),
    )


class TeamMemberRow(Base):
    """A member of the team as the server lists them: whose activity the team lead reviews."""

    __tablename__ = "team_members"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # a UserRole value
    team_id: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    away: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    capacity: Mapped[int | None] = mapped_column(Integer)


class LeadMilestoneRow(Base):
    """When a lead reached MQL, SQL or opportunity, credited to a rep; for SQL and later, who in
    sales accepted it (the SDR's final KPI). Append-only."""

    __tablename__ = "lead_milestones"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    stage: Mapped[Stage] = mapped_column(_enum(Stage))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    rep_id: Mapped[str | None] = mapped_column(String(64))
    accepted_by: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_lead_milestones_at", "at", "stage"),
        Index("ix_lead_milestones_lead", "lead_id"),
    )


class QualificationRow(Base):
    """One saved version of a qualification form; append-only."""

    __tablename__ = "qualifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    framework: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    verdict: Mapped[Verdict] = mapped_column(_enum(Verdict))
    reason: Mapped[DisqualifyReason | None] = mapped_column(_enum(DisqualifyReason))
    missing: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (UniqueConstraint("lead_id", "version", name="uq_qualifications_lead_version"),)


class ResearchNoteRow(Base):
    __tablename__ = "research_notes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    template: Mapped[Tier] = mapped_column(_enum(Tier))
    section: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    author_id: Mapped[str | None] = mapped_column(String(64))
    field_clock: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_research_notes_account", "account_id", "template", "section"),)


class BuyerRoleRow(Base):
    __tablename__ = "buyer_roles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    role: Mapped[BuyerRole] = mapped_column(_enum(BuyerRole))
    stance: Mapped[Stance] = mapped_column(_enum(Stance), default=Stance.NEUTRAL)
    influence: Mapped[int] = mapped_column(Integer, default=3)
    reports_to_lead_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    field_clock: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    __table_args__ = (UniqueConstraint("account_id", "lead_id", name="uq_buyer_roles_account_lead"),)


class NurtureEnrolmentRow(Base):
    __tablename__ = "nurture_enrolments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    track: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    step_index: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_nurture_lead", "lead_id", "ended_at"),)


class OutboxOp(Base):
    """A local change the server has not answered for yet (DESIGN.md "Outbox").

    `seq` is the client_seq: AUTOINCREMENT so a number is never reused after rows leave.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[EntityKind] = mapped_column(_enum(EntityKind))
    entity_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[OpKind] = mapped_column(_enum(OpKind))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    hlc: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # pending: waiting to be pushed; rejected: the server refused it and the rep must decide.
    state: Mapped[str] = mapped_column(String(16), default="pending")
    reject_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_outbox_state_seq", "state", "seq"),
        Index("ix_outbox_entity", "entity", "entity_id"),
        {"sqlite_autoincrement": True},
    )


class SyncState(Base):
    """Small key/value facts about sync: client id, pull cursor, last clock, last sync time."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
