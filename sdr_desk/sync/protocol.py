"""The sync protocol on the wire: pydantic models shared by the server and the workstation.

Everything here is JSON over HTTPS under `API_PREFIX` (DESIGN.md "Sync protocol").
Conventions, for both sides:

- Enum values travel as their string values (the `core.entities` vocabularies).
- Datetimes travel as ISO-8601 in UTC ("2026-11-25T09:30:00Z"); naive datetimes are refused.
- Record ids are UUID strings generated on the client (uuid7), lower-case.
- `hlc` is `core.hlc.Hlc.__str__` ("0001732540000000-00000"); ties break on `client_id`.
- The fields of a synced record use the attribute names of its dataclass in
  `core.entities` (see the `*Fields` models below). Fields the server owns
  (`SERVER_OWNED_FIELDS`) change only through commands; a client may echo their current value.
- Every model refuses unknown keys, so a typo is an error rather than silently ignored.
- Any error response has an `ErrorBody`; an old client gets HTTP 426 with
  `error = "upgrade_required"`.

Endpoints (all JSON; `Authorization: Bearer <access_token>` unless noted):
- POST /auth/login `LoginRequest` -> `TokenPair` (no token; 401 invalid_credentials, 429 throttled)
- POST /auth/refresh `RefreshRequest` -> `TokenPair`; each refresh token works once. Presenting
  a used one ends the whole session (401 refresh_reused): keep only the newest. The one
  exception is the workstation that logged in (same `client_id` at login and refresh) retrying
  within a minute while the pair it was swapped for is unused: its answer was lost on the way.
- Bodies: JSON nested deeper than `MAX_JSON_DEPTH`, JSON that does not parse, NUL characters
  (in the body, path or query) are 422 invalid_request; bodies over `MAX_BODY_BYTES` are 413.
  Integers and booleans are strict: "1" is not 1, false is not 0.
- POST /auth/logout -> 204;  GET /auth/me -> `UserInfo`
- POST /sync/push `PushRequest` -> `PushResponse`: one `OpResult` per op, in order. An op is
  answered `applied`, `conflict` (applied; fields that lost are in `winner`/`winner_clocks`),
  `duplicate` (seen before: the first answer, its status in `original_status`) or `rejected`
  (nothing changed, nothing recorded). Drop an op from the outbox on any of these answers.
- GET /sync/pull?cursor=C&limit=N[&schema_version=V] -> `PullPage`. Apply the page and store
  `cursor` in one transaction; repeat while `has_more`. A `revoke` of a lead means: purge the lead
  and every record whose `lead_id` is it; pending ops on it still push (they are credited).
- POST /intake/leads `IntakeLeadRequest` (header X-API-Key instead of a token) -> `IntakeLeadResponse`
- GET /users, PATCH /users/{id} `UserUpdate` (team leads, admins); POST /admin/sla/sweep, GET /audit (admins)
- GET/PUT/DELETE /teams/{id}/sla (`SlaRules` body on PUT) -> `TeamSlaView`: the team's own
  speed-to-lead rules (team leads of that team, admins); DELETE goes back to the bundled rules
- GET /healthz (no prefix, no token) -> `Health`; GET /openapi.json
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, JsonValue, StrictBool

from sdr_desk.core.entities import (
    BuyerRole,
    Channel,
    CriterionStatus,
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
    SourceKind,
    Stage,
    Stance,
    Step,
    Tier,
    UserRole,
    Verdict,
)
from sdr_desk.core.ownership import APPEND_ONLY, HAND_OFF_STAGES, SERVER_OWNED_FIELDS
from sdr_desk.core.sla import SlaRules

API_PREFIX = "/api/v1"
SCHEMA_VERSION = 1  # the wire schema this code speaks
MIN_SCHEMA_VERSION = 1  # the oldest client schema the server still accepts
MAX_OPS_PER_PUSH = 1000
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_JSON_DEPTH = 32  # arrays and objects nested deeper than this are refused (422) before parsing
MAX_PULL_LIMIT = 5000  # a first pull takes the book in pages this large
DEFAULT_PULL_LIMIT = 500
HLC_PATTERN = r"^\d{16}-\d{5}$"
CLOCK_SEPARATOR = "|"  # a field clock on the wire: f"{hlc}|{client_id}"
API_KEY_HEADER = "X-API-Key"
IDEMPOTENCY_HEADER = "Idempotency-Key"


# Versions outside the range the server speaks are answered with their own errors rather than a
# plain validation error, so the document lists only the versions that sync.
SCHEMA_VERSION_RANGE = {"minimum": MIN_SCHEMA_VERSION, "maximum": SCHEMA_VERSION}
SCHEMA_VERSION_NOTE = (f"the sync schema the client speaks; below {MIN_SCHEMA_VERSION}: 426 upgrade_required, "
                       f"above {SCHEMA_VERSION}: 400 schema_too_new")


def _to_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:00-14:00 is past year 9999 in UTC
        raise ValueError("datetime out of range") from None


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=20_000)]
RecordId = Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors ----------------------------------------------------------------------------------


class ErrorCode(StrEnum):
    BAD_REQUEST = "bad_request"
    INVALID_REQUEST = "invalid_request"  # body or query failed validation; see details
    UNAUTHENTICATED = "unauthenticated"  # no token, expired, forged or revoked
    INVALID_CREDENTIALS = "invalid_credentials"
    REFRESH_REUSED = "refresh_reused"  # a rotated refresh token came back: the session is ended
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    BODY_TOO_LARGE = "body_too_large"
    BATCH_TOO_LARGE = "batch_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    THROTTLED = "throttled"  # see retry_after
    UPGRADE_REQUIRED = "upgrade_required"  # HTTP 426: the client's schema_version is too old
    SCHEMA_TOO_NEW = "schema_too_new"  # the server is older than the client
    INTERNAL = "internal"


class ErrorDetail(WireModel):
    loc: list[str | int] = Field(default_factory=list, description="where: e.g. ['body', 'email']")
    message: str
    type: str = "invalid"


class ErrorBody(WireModel):
    error: ErrorCode
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)
    retry_after: int | None = Field(default=None, description="seconds, with error=throttled")
    min_schema_version: int | None = Field(default=None, description="with error=upgrade_required")
    server_schema_version: int | None = None


# --- auth --------------------------------------------------------------------------------------


ClientId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$",
                                description="the workstation's outbox client id")]


class LoginRequest(WireModel):
    username: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]
    client_id: ClientId | None = Field(
        default=None, description="binds the session to this workstation: only it may retry a lost refresh")


class RefreshRequest(WireModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=500)]
    client_id: ClientId | None = Field(
        default=None, description="the client id sent at login; a refresh from another one ends the session")


class UserInfo(WireModel):
    id: str
    username: str
    role: UserRole
    team_id: str | None
    away: bool = False


class TokenPair(WireModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token lives")
    refresh_expires_in: int
    user: UserInfo


# --- synced record fields (names as in core.entities) ------------------------------------------

# Field ownership (SERVER_OWNED_FIELDS, HAND_OFF_STAGES, APPEND_ONLY) is one table in
# core/ownership.py, so the workstation and the server cannot disagree; re-exported here.


class AccountFields(WireModel):
    name: ShortText | None = None
    domain: ShortText | None = None
    industry: ShortText | None = None
    employees: Annotated[int, Field(strict=True, ge=0, le=10_000_000)] | None = None
    country: CountryCode | None = None
    region: ShortText | None = None
    tier: Tier | None = None
    grade: Grade | None = None
    is_customer: StrictBool | None = None
    updated_at: UtcDatetime | None = None


class LeadFields(WireModel):
    full_name: ShortText | None = None
    account_id: RecordId | None = None
    title: ShortText | None = None
    seniority: Seniority | None = None
    buyer_role: BuyerRole | None = None
    emails: Annotated[list[Annotated[str, Field(max_length=320)]], Field(max_length=20)] | None = None
    phones: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=20)] | None = None
    country: CountryCode | None = None
    time_zone: Annotated[str, Field(max_length=64)] | None = None
    direction: Direction | None = None
    source: LeadSource | None = None
    stage: Stage | None = None
    lead_class: LeadClass | None = None
    owner_id: str | None = None
    team_id: str | None = None
    do_not_call: StrictBool | None = None
    tags: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=50)] | None = None
    created_at: UtcDatetime | None = None
    first_touch_at: UtcDatetime | None = None
    sla_due_at: UtcDatetime | None = None
    next_touch_at: UtcDatetime | None = None
    next_touch_note: LongText | None = None
    updated_at: UtcDatetime | None = None


class EngagementFields(WireModel):
    lead_id: RecordId
    kind: EngagementKind
    occurred_at: UtcDatetime
    detail: Annotated[str, Field(max_length=500)] | None = None


class ActivityFields(WireModel):
    lead_id: RecordId
    channel: Channel
    outcome: Outcome
    occurred_at: UtcDatetime
    step: Step | None = None
    duration_s: Annotated[int, Field(strict=True, ge=0, le=86_400)] | None = None
    notes: LongText | None = None
    author_id: str | None = None
    supersedes_id: RecordId | None = None


class CriterionAnswerFields(WireModel):
    status: CriterionStatus = CriterionStatus.UNKNOWN
    evidence: LongText = ""


class QualificationFields(WireModel):
    lead_id: RecordId
    framework: Annotated[str, Field(min_length=1, max_length=40)]
    version: Annotated[int, Field(strict=True, ge=1, le=1_000_000)]
    answers: dict[Annotated[str, Field(max_length=40)], CriterionAnswerFields]
    red_flags: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=50)] = []
    verdict: Verdict
    reason: DisqualifyReason | None = None
    missing: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = []
    author_id: str | None = None
    created_at: UtcDatetime | None = None


class SourceRefFields(WireModel):
    ref: Annotated[str, Field(min_length=1, max_length=2000)]
    date: Annotated[str, Field(max_length=10)] | None = None
    kind: SourceKind = SourceKind.LINK


class ResearchNoteFields(WireModel):
    account_id: RecordId | None = None
    template: Tier | None = None
    section: ShortText | None = None
    field: ShortText | None = None
    text: LongText | None = None
    lead_id: RecordId | None = None
    sources: Annotated[list[SourceRefFields], Field(max_length=50)] | None = None
    pinned: StrictBool | None = None
    updated_at: UtcDatetime | None = None
    author_id: str | None = None


class BuyerRoleFields(WireModel):
    account_id: RecordId | None = None
    lead_id: RecordId | None = None
    role: BuyerRole | None = None
    stance: Stance | None = None
    influence: Annotated[int, Field(strict=True, ge=1, le=5)] | None = None
    reports_to_lead_id: RecordId | None = None
    updated_at: UtcDatetime | None = None


class NurtureEnrolmentFields(WireModel):
    lead_id: RecordId | None = None
    track: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    started_at: UtcDatetime | None = None
    step_index: Annotated[int, Field(strict=True, ge=0, le=10_000)] | None = None
    next_due_at: UtcDatetime | None = None
    ended_at: UtcDatetime | None = None
    end_reason: Annotated[str, Field(max_length=200)] | None = None


FIELDS_MODEL: dict[EntityKind, type[WireModel]] = {
    EntityKind.ACCOUNT: AccountFields,
    EntityKind.LEAD: LeadFields,
    EntityKind.ENGAGEMENT: EngagementFields,
    EntityKind.ACTIVITY: ActivityFields,
    EntityKind.QUALIFICATION: QualificationFields,
    EntityKind.RESEARCH_NOTE: ResearchNoteFields,
    EntityKind.BUYER_ROLE: BuyerRoleFields,
    EntityKind.NURTURE_ENROLMENT: NurtureEnrolmentFields,
}
# Fields a create op must carry, beyond those the models already require.
REQUIRED_ON_CREATE: dict[EntityKind, frozenset[str]] = {
    EntityKind.ACCOUNT: frozenset({"name"}),
    EntityKind.LEAD: frozenset({"full_name"}),
    EntityKind.RESEARCH_NOTE: frozenset({"account_id", "template", "section", "field", "text"}),
    EntityKind.BUYER_ROLE: frozenset({"account_id", "lead_id", "role"}),
    EntityKind.NURTURE_ENROLMENT: frozenset({"lead_id", "track", "started_at"}),
}


# --- commands (OpKind.COMMAND on a lead; `fields` is one of these) ---------------------------


class ClaimCommand(WireModel):
    """An SDR takes an unassigned lead from the team pool."""

    command: Literal["claim"]


class ReleaseCommand(WireModel):
    """The owner (or a team lead) puts the lead back in the team pool."""

    command: Literal["release"]


class HandOffCommand(WireModel):
    """Qualified: hand the lead to sales as MQL, or record sales' acceptance (SQL, opportunity)."""

    command: Literal["hand_off"]
    stage: Literal[Stage.MQL, Stage.SQL, Stage.OPPORTUNITY]
    lead_class: LeadClass | None = None


class ReassignCommand(WireModel):
    """A team lead (or admin) moves a lead to another rep of the team, or to the pool (None)."""

    command: Literal["reassign"]
    owner_id: str | None


class AcceptCommand(WireModel):
    """Sales accepted the lead (MQL -> SQL, or SQL -> opportunity): the SDR's final KPI, with who accepted."""

    command: Literal["accept"]
    stage: Literal[Stage.SQL, Stage.OPPORTUNITY]
    accepted_by: ShortText


class SetAwayCommand(WireModel):
    """A team lead (or admin) marks a rep away (round-robin skips them) or back.

    It addresses a user, not a lead: the op's `entity_id` is the rep's id, `entity` stays "lead"."""

    command: Literal["set_away"]
    user_id: Annotated[str, Field(min_length=1, max_length=36)]
    away: bool


LeadCommand = Annotated[
    ClaimCommand | ReleaseCommand | HandOffCommand | ReassignCommand | AcceptCommand | SetAwayCommand,
    Field(discriminator="command"),
]


# --- push --------------------------------------------------------------------------------------


class Op(WireModel):
    """One local change from a workstation's outbox."""

    op_id: UUID
    client_id: Annotated[str, Field(min_length=1, max_length=64)]
    client_seq: Annotated[int, Field(strict=True, ge=0, le=2**62)]
    entity: EntityKind
    entity_id: UUID
    kind: OpKind
    fields: dict[str, JsonValue] = Field(default_factory=dict)
    hlc: Annotated[str, Field(pattern=HLC_PATTERN)]


class PushRequest(WireModel):
    client_id: Annotated[str, Field(min_length=1, max_length=64)]
    schema_version: Annotated[int, Field(strict=True, ge=0, le=1_000_000, json_schema_extra=SCHEMA_VERSION_RANGE,
                                         description=SCHEMA_VERSION_NOTE)]
    ops: list[Op] = Field(description=f"at most {MAX_OPS_PER_PUSH} ops, in client_seq order")


class OpStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # already applied earlier: the original result again
    CONFLICT = "conflict"  # applied, but some fields lost to a later writer: see `winner`
    REJECTED = "rejected"  # nothing changed: see `reason`; retrying the same op gets the same answer


class RejectReason(StrEnum):
    OUT_OF_SCOPE = "out_of_scope"  # the record is not this user's to touch
    FORBIDDEN = "forbidden"  # the role may not do this (e.g. an SDR reassigning)
    NOT_FOUND = "not_found"
    INVALID_FIELDS = "invalid_fields"  # see field_errors
    SERVER_OWNED_FIELD = "server_owned_field"  # owner/team/SLA/hand-off set directly
    UNSUPPORTED = "unsupported"  # this kind of op does not apply to this entity
    DELETED = "deleted"  # the record was deleted
    ALREADY_EXISTS = "already_exists"  # an append-only fact with this id differs
    CLIENT_MISMATCH = "client_mismatch"  # op.client_id differs from the push's client_id
    INVALID_STATE = "invalid_state"  # the command does not fit the record's state
    OUT_OF_ORDER = "out_of_order"  # client_seq goes backwards within the push


class FieldError(WireModel):
    field: str
    message: str


class OpResult(WireModel):
    op_id: UUID
    status: OpStatus
    original_status: OpStatus | None = Field(default=None, description="with status=duplicate")
    reason: RejectReason | None = None
    message: str | None = None
    field_errors: list[FieldError] = Field(default_factory=list)
    winner: dict[str, JsonValue] | None = Field(
        default=None, description="with status=conflict: the winning value of each field that lost"
    )
    winner_clocks: dict[str, str] | None = Field(
        default=None, description='with status=conflict: the winning writer of each such field, "hlc|client_id"'
    )


class PushResponse(WireModel):
    results: list[OpResult]
    server_hlc: str = Field(description="the server's clock, for the client's HybridClock.observe")


# --- pull --------------------------------------------------------------------------------------


class ChangeKind(StrEnum):
    UPSERT = "upsert"  # `fields` is the whole current record
    TOMBSTONE = "tombstone"  # the record was deleted
    REVOKE = "revoke"  # the record left this user's scope: purge it (and, for a lead, its children)


class Change(WireModel):
    seq: int
    entity: EntityKind
    entity_id: str
    kind: ChangeKind
    lead_id: str | None = Field(default=None, description="the lead a child record belongs to")
    fields: dict[str, JsonValue] | None = None
    clocks: dict[str, str] | None = Field(
        default=None,
        description='with kind=upsert of an editable record: the last writer of each field, "hlc|client_id"',
    )


class PullPage(WireModel):
    changes: list[Change]
    cursor: int = Field(description="pass back as ?cursor= to continue; store it with the page")
    has_more: bool
    server_hlc: str


# --- intake ------------------------------------------------------------------------------------


class IntakeEngagement(WireModel):
    kind: EngagementKind = EngagementKind.FORM_SUBMIT
    occurred_at: UtcDatetime | None = None
    detail: Annotated[str, Field(max_length=500)] | None = None


class IntakeLeadRequest(WireModel):
    """An inbound lead from a web form or a marketing-automation tool."""

    idempotency_key: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    full_name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(max_length=320)] | None = None
    phone: Annotated[str, Field(max_length=40)] | None = None
    company: Annotated[str, Field(max_length=200)] | None = None
    title: Annotated[str, Field(max_length=200)] | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    time_zone: Annotated[str, Field(max_length=64)] | None = None
    tags: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=50)] = []
    engagement: IntakeEngagement | None = None


class IntakeStatus(StrEnum):
    CREATED = "created"
    MERGED = "merged"  # matched an existing lead: the engagement was added to it


class IntakeLeadResponse(WireModel):
    lead_id: str
    status: IntakeStatus
    matched_on: Literal["email", "phone", "name_company"] | None = None
    team_id: str
    owner_id: str | None
    sla_due_at: datetime | None
    replayed: bool = False  # the same idempotency key was seen before: the original answer


# --- administration ----------------------------------------------------------------------------


class UserUpdate(WireModel):
    """Team leads may set away/capacity/weight for their reps; only admins change role or active."""

    active: StrictBool | None = None
    away: StrictBool | None = None
    capacity: Annotated[int, Field(strict=True, ge=0, le=100_000)] | None = None
    weight: Annotated[int, Field(strict=True, ge=1, le=100)] | None = None
    role: UserRole | None = None


class UserView(WireModel):
    id: str
    username: str
    role: UserRole
    team_id: str | None
    active: bool
    away: bool
    capacity: int | None
    weight: int


class TeamSlaView(WireModel):
    """A team's speed-to-lead rules as the server applies them."""

    team_id: str
    overridden: bool = Field(description="false: the bundled rules (resources/rules/sla.toml)")
    rules: SlaRules
    fallback_minutes: float = Field(description="the team's window for leads no policy covers")


class SweepResult(WireModel):
    moved: int


class Health(WireModel):
    status: Literal["ok"]
    schema_version: int
    database: str


def field_clock(hlc: str, client_id: str) -> str:
    """A field's last writer on the wire; compare with `parse_field_clock` tuples, not as text."""
    return f"{hlc}{CLOCK_SEPARATOR}{client_id}"


def parse_field_clock(text: str) -> tuple[str, str]:
    hlc, _, client_id = text.partition(CLOCK_SEPARATOR)
    return hlc, client_id


def json_fields(model: BaseModel) -> dict[str, Any]:
    """A fields model as wire JSON: enums as values, datetimes ISO-8601 UTC, only fields set."""
    return model.model_dump(mode="json", exclude_unset=True)
