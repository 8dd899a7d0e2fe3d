"""The server's tables (SQLAlchemy Core). db/server/ holds the migrations that build them.

Synced records keep their wire fields in `data` (JSON, names as in core.entities) and the
last writer of each editable field in `clocks` ({field: "hlc|client_id"}) for per-field
last-writer-wins. Leads also mirror the columns that assignment, SLA and de-dup query.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out; SQLite stores no zone, so it is restored on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


Json = JSON().with_variant(JSONB(), "postgresql")
BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only
Uid = String(36)

teams = Table(
    "teams",
    metadata,
    Column("id", Uid, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("sla_seconds", Integer, nullable=False),
    # Round-robin state lives here so rotation survives restarts and is shared by processes.
    Column("rr_user_id", Uid, nullable=True),
    Column("rr_count", Integer, nullable=False, default=0),
    Column("created_at", UtcDateTime, nullable=False),
    # The team's own SLA rules (core.sla.SlaRules as JSON); None: resources/rules/sla.toml.
    Column("sla_rules", JSON, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("id", Uid, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("team_id", Uid, ForeignKey("teams.id"), nullable=True, index=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("away", Boolean, nullable=False, default=False),
    Column("capacity", Integer, nullable=True),  # open leads a rep can hold; None = no limit
    Column("weight", Integer, nullable=False, default=1),  # consecutive turns in the rotation
    Column("created_at", UtcDateTime, nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Uid, primary_key=True),  # one login = one refresh-token family
    Column("user_id", Uid, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("address", String(64), nullable=True),
    # The workstation that logged in: only it may retry a refresh whose answer was lost.
    Column("client_id", String(64), nullable=True),
    Column("revoked_at", UtcDateTime, nullable=True),
    Column("revoked_reason", String(40), nullable=True),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("session_id", Uid, ForeignKey("sessions.id"), nullable=False, index=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime, nullable=True),  # set when rotated; a second use is theft
)

access_tokens = Table(
    "access_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("session_id", Uid, ForeignKey("sessions.id"), nullable=False, index=True),
    Column("user_id", Uid, ForeignKey("users.id"), nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("success", Boolean, nullable=False),
    Index(None, "username", "at"),
    Index(None, "address", "at"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Uid, primary_key=True),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("source", String(32), nullable=False),  # a LeadSource value
    Column("team_id", Uid, ForeignKey("teams.id"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime, nullable=True),
)

intake_requests = Table(
    "intake_requests",
    metadata,
    Column("api_key_id", Uid, ForeignKey("api_keys.id"), primary_key=True),
    Column("idempotency_key", String(200), primary_key=True),
    Column("status_code", Integer, nullable=False),
    Column("response", Json, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
)

leads = Table(
    "leads",
    metadata,
    Column("id", Uid, primary_key=True),
    Column("team_id", Uid, ForeignKey("teams.id"), nullable=True, index=True),
    Column("owner_id", Uid, ForeignKey("users.id"), nullable=True, index=True),
    Column("stage", String(16), nullable=False),
    Column("direction", String(16), nullable=False),
    Column("sla_due_at", UtcDateTime, nullable=True, index=True),
    Column("first_touch_at", UtcDateTime, nullable=True),
    Column("deleted", Boolean, nullable=False, default=False),
    # De-dup keys: normalised first email / phone, and name and company folded for fuzzy match.
    Column("email_key", String(320), nullable=True, index=True),
    Column("phone_key", String(40), nullable=True, index=True),
    Column("name_key", String(200), nullable=True),
    Column("company_key", String(200), nullable=True, index=True),
    Column("data", Json, nullable=False),
    Column("clocks", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("id", Uid, primary_key=True),
    Column("entity", String(32), nullable=False),
    Column("lead_id", Uid, nullable=True, index=True),  # scope of lead children
    Column("account_id", Uid, nullable=True, index=True),
    Column("team_id", Uid, nullable=True),  # scope of accounts and their research
    Column("author_id", Uid, nullable=True),
    Column("data", Json, nullable=False),
    Column("clocks", Json, nullable=False),
    Column("deleted", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("lead_id", Uid, ForeignKey("leads.id"), nullable=False, index=True),
    Column("user_id", Uid, ForeignKey("users.id"), nullable=True, index=True),  # None = pool
    Column("previous_user_id", Uid, nullable=True),
    Column("reason", String(32), nullable=False),
    Column("actor_id", Uid, nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

applied_ops = Table(
    "applied_ops",
    metadata,
    Column("op_id", Uid, primary_key=True),
    Column("user_id", Uid, nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("client_seq", BigInteger, nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Uid, nullable=False),
    Column("result", Json, nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

# The change log that pulls read. seq comes from sync_counter, taken as the last step of a
# writing transaction, so commits happen in seq order and a reader never skips one.
changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Uid, nullable=False),
    Column("lead_id", Uid, nullable=True, index=True),
    Column("team_id", Uid, nullable=True),
    Column("kind", String(16), nullable=False),
    Column("audience_user_id", Uid, nullable=True),  # with kind=revoke
    Column("audience_team_id", Uid, nullable=True),
    Column("at", UtcDateTime, nullable=False),
)

sync_counter = Table(
    "sync_counter",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", BigInteger, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("actor_kind", String(16), nullable=False),  # user, system, api_key, cli
    Column("actor_id", String(64), nullable=True),
    Column("action", String(40), nullable=False, index=True),
    Column("lead_id", Uid, nullable=True, index=True),
    Column("target_user_id", Uid, nullable=True),
    Column("detail", Json, nullable=True),
)
