"""Applying the server's changes to the local cache (DESIGN.md "Sync protocol", "Conflicts").

The server is the source of truth, with one exception: a field the rep changed locally and
has not pushed yet keeps its local value unless the server's writer is newer by
(HLC, client_id). The push that follows settles it on the server, and the server's answer
comes back as a conflict winner or a later change.

- editable records (lead, account, research note, buyer role, nurture enrolment): per field;
- append-only facts (activity, qualification version, engagement): inserted once by id;
- server-owned fields (owner, team, SLA, first touch, hand-off stages): always the server's;
- tombstone: delete the row; revoke: purge it and, for a lead, its children. Pending ops on
  a purged record stay in the outbox and still push.

Everything here runs inside the caller's transaction, so a page and its cursor commit together.
"""

from __future__ import annotations

import enum
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, Enum, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from sdr_desk.core.entities import EntityKind, OpKind, Stage
from sdr_desk.core.hlc import Hlc
from sdr_desk.store.outbox import PENDING
from sdr_desk.store.repositories import lead_search_text
from sdr_desk.store.tables import (
    AccountRow,
    ActivityRow,
    Base,
    BuyerRoleRow,
    EngagementRow,
    LeadRow,
    NurtureEnrolmentRow,
    OutboxOp,
    QualificationRow,
    ResearchNoteRow,
    UtcDateTime,
)
from sdr_desk.sync.protocol import APPEND_ONLY, HAND_OFF_STAGES, SERVER_OWNED_FIELDS, Change, ChangeKind

ROWS: dict[EntityKind, type[Base]] = {
    EntityKind.ACCOUNT: AccountRow,
    EntityKind.LEAD: LeadRow,
    EntityKind.ENGAGEMENT: EngagementRow,
    EntityKind.ACTIVITY: ActivityRow,
    EntityKind.QUALIFICATION: QualificationRow,
    EntityKind.RESEARCH_NOTE: ResearchNoteRow,
    EntityKind.BUYER_ROLE: BuyerRoleRow,
    EntityKind.NURTURE_ENROLMENT: NurtureEnrolmentRow,
}
# Parents first, so a page that creates an account, its lead and a call inserts in FK order.
APPLY_ORDER = [
    EntityKind.ACCOUNT,
    EntityKind.LEAD,
    EntityKind.ENGAGEMENT,
    EntityKind.ACTIVITY,
    EntityKind.QUALIFICATION,
    EntityKind.RESEARCH_NOTE,
    EntityKind.BUYER_ROLE,
    EntityKind.NURTURE_ENROLMENT,
]
# Columns the workstation keeps for itself: never taken from the wire.
LOCAL_ONLY = frozenset(
    {
        "id",
        "field_clock",
        "score_total",
        "score_breakdown",
        "score_rules",
        "learner",
        "attempts",
        "last_attempt_at",
        "last_outcome",
        "nurture_due_at",
        "search_text",
    }
)
# Parents a child row needs in the cache (foreign keys); a child whose parent is out of
# scope is skipped rather than breaking the page.
_PARENTS: dict[EntityKind, tuple[tuple[str, type[Base], bool], ...]] = {
    EntityKind.ENGAGEMENT: (("lead_id", LeadRow, True),),
    EntityKind.ACTIVITY: (("lead_id", LeadRow, True),),
    EntityKind.QUALIFICATION: (("lead_id", LeadRow, True),),
    EntityKind.NURTURE_ENROLMENT: (("lead_id", LeadRow, True),),
    EntityKind.BUYER_ROLE: (("account_id", AccountRow, True), ("lead_id", LeadRow, True)),
    EntityKind.RESEARCH_NOTE: (("account_id", AccountRow, True), ("lead_id", LeadRow, False)),
    EntityKind.LEAD: (("account_id", AccountRow, False),),
}


def _parse_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _converters(row_cls: type[Base]) -> dict[str, Callable[[Any], Any]]:
    out: dict[str, Callable[[Any], Any]] = {}
    for column in row_cls.__table__.columns:
        col_type = column.type
        if isinstance(col_type, UtcDateTime):
            out[column.key] = _parse_datetime
        elif isinstance(col_type, Enum) and col_type.enum_class is not None:
            enum_class = col_type.enum_class
            out[column.key] = lambda v, e=enum_class: None if v is None else e(v)
        else:
            out[column.key] = lambda v: v
    return out


_CONVERT = {kind: _converters(row) for kind, row in ROWS.items()}
_CLOCKED = {kind for kind, row in ROWS.items() if "field_clock" in row.__table__.columns}


def row_values(entity: EntityKind, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Wire fields as row attributes; keys the cache does not keep are dropped."""
    convert = _CONVERT[entity]
    return {k: convert[k](v) for k, v in fields.items() if k in convert and k not in LOCAL_ONLY}


def clock_key(hlc: str, client_id: str) -> tuple[Hlc, str]:
    return (Hlc.parse(hlc), client_id)


def _parse_writer(text: str | None) -> tuple[Hlc, str] | None:
    """The server writes field clocks as "hlc|client_id"; tolerate a bare hlc."""
    if not text:
        return None
    hlc, _, client = text.partition("|")
    try:
        return (Hlc.parse(hlc), client)
    except ValueError:
        return None


@dataclass
class PendingEdits:
    """Per record, the newest pending local clock of each field, and records deleted locally."""

    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)

    def for_record(self, entity_id: str) -> dict[str, str]:
        return self.fields.get(entity_id, {})


def pending_edits(
    session: Session, entity: EntityKind, ids: Iterable[str], *, exclude_op_ids: Iterable[str] = ()
) -> PendingEdits:
    ids = list(ids)
    found = PendingEdits()
    if not ids:
        return found
    excluded = set(exclude_op_ids)
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start : start + 900]
        stmt = select(OutboxOp.op_id, OutboxOp.entity_id, OutboxOp.kind, OutboxOp.fields, OutboxOp.hlc).where(
            OutboxOp.state == PENDING, OutboxOp.entity == entity, OutboxOp.entity_id.in_(chunk)
        )
        for op_id, entity_id, kind, fields, hlc in session.execute(stmt):
            if op_id in excluded:
                continue
            if kind == OpKind.DELETE:
                found.deleted.add(entity_id)
            elif kind in (OpKind.CREATE, OpKind.PATCH):
                clocks = found.fields.setdefault(entity_id, {})
                for name in fields or {}:
                    if name not in clocks or hlc > clocks[name]:
                        clocks[name] = hlc
    return found


def merge_fields(
    entity: EntityKind,
    row: Any,
    fields: Mapping[str, Any],
    clocks: Mapping[str, str] | None,
    local_pending: Mapping[str, str],
    client_id: str,
) -> None:
    """Per-field last-writer-wins of server `fields` over an existing row."""
    values = row_values(entity, fields)
    server_owned = SERVER_OWNED_FIELDS.get(entity, frozenset())
    row_clock = dict(row.field_clock or {}) if entity in _CLOCKED else None
    for name, value in values.items():
        server_writer = _parse_writer((clocks or {}).get(name))
        owned = name in server_owned or (name == "stage" and value in HAND_OFF_STAGES)
        local_hlc = local_pending.get(name)
        if local_hlc is not None and not owned:
            local_writer = clock_key(local_hlc, client_id)
            if server_writer is None or server_writer <= local_writer:
                continue  # the rep's unpushed edit is newer (or not known older): keep it
        if getattr(row, name) != value:
            setattr(row, name, value)
        if row_clock is not None:
            if server_writer is not None:
                row_clock[name] = f"{server_writer[0]}"
            else:
                row_clock.pop(name, None)
    if row_clock is not None and row_clock != (row.field_clock or {}):
        row.field_clock = row_clock


@dataclass
class PageResult:
    applied: int = 0
    skipped: int = 0  # children whose parent is not in this rep's cache
    touched_leads: set[str] = field(default_factory=set)


def _purge(session: Session, entity: EntityKind, ids: Sequence[str]) -> None:
    row_cls = ROWS[entity]
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        # ON DELETE CASCADE (foreign_keys=ON) takes a lead's calls, versions and roles with it.
        session.execute(delete(row_cls).where(row_cls.id.in_(chunk)), execution_options={"synchronize_session": False})


def _existing(session: Session, row_cls: type[Base], ids: Sequence[str]) -> dict[str, Any]:
    present = _existing_ids(session, row_cls, ids)
    found: dict[str, Any] = {}
    if not present:
        return found  # a first pull: nothing to merge into, no ORM objects to build
    chunked = sorted(present)
    for start in range(0, len(chunked), 900):
        chunk = chunked[start : start + 900]
        for row in session.scalars(select(row_cls).where(row_cls.id.in_(chunk))):
            found[row.id] = row
    return found


def mark_for_rescoring(session: Session, lead_ids: Iterable[str]) -> None:
    """Leads whose scoring inputs may have moved: the rescorer takes them next."""
    session.execute(text("UPDATE leads SET score_rules = NULL WHERE score_rules IS NOT NULL "
                         "AND id IN (SELECT value FROM json_each(:ids))"), {"ids": orjson.dumps(list(lead_ids)).decode()})


def _existing_ids(session: Session, row_cls: type[Base], ids: Iterable[str]) -> set[str]:
    ids = list(set(ids))
    if not ids:
        return set()
    table = row_cls.__table__.name
    # One bound JSON array (json_each) instead of a parameter per id.
    rows = session.execute(text(f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(:ids))"),
                           {"ids": orjson.dumps(ids).decode()})
    return {row[0] for row in rows}


def _defaults(row_cls: type[Base]) -> list[tuple[str, Any, bool]]:
    out = []
    for column in row_cls.__table__.columns:
        default = column.default
        if default is not None and default.is_callable:
            out.append((column.key, default.arg, True))
        else:
            out.append((column.key, default.arg if default is not None and default.is_scalar else None, False))
    return out


_DEFAULTS = {kind: _defaults(row) for kind, row in ROWS.items()}


_WIRE_UTC = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z")


def _sqlite_time(value: Any) -> str | None:
    """A wire time as the cache's UtcDateTime column keeps it: naive UTC text."""
    if value is None:
        return None
    if isinstance(value, str):
        plain = _WIRE_UTC.fullmatch(value)  # the server's own spelling: already UTC
        if plain:
            day, time_of_day, fraction = plain.groups()
            return f"{day} {time_of_day}.{(fraction or '').ljust(6, '0')}"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()  # read back by json.loads like any JSON column


def _storer(column: Any) -> Callable[[Any], Any]:
    """Wire value -> what the column's type would hand SQLite (bind processing done once, here)."""
    col_type = column.type
    if isinstance(col_type, UtcDateTime):
        return _sqlite_time
    if isinstance(col_type, Enum) and col_type.enum_class is not None:
        allowed = {m.value: m.value for m in col_type.enum_class}

        def enum_value(v: Any) -> str | None:
            if v is None:
                return None
            return allowed[v.value if isinstance(v, enum.Enum) else v]  # KeyError: not a member

        return enum_value
    if isinstance(col_type, JSON):
        return _json_text
    if isinstance(col_type, Boolean):
        return lambda v: None if v is None else int(bool(v))
    return lambda v: v


class _Inserter:
    """Fresh rows of one cache table in one executemany: no ORM objects, no per-value bind
    processing; values are stored exactly as the column types would store them."""

    def __init__(self, entity: EntityKind) -> None:
        table = ROWS[entity].__table__
        columns = list(table.columns)
        self.keys = [c.key for c in columns]
        self.sql = (f"INSERT INTO {table.name} ({', '.join(c.name for c in columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})")
        self.store = {c.key: _storer(c) for c in columns}
        self.wire_set = frozenset(c.key for c in columns if c.key not in LOCAL_ONLY)
        defaults = dict((key, default(None) if factory else default) for key, default, factory in _DEFAULTS[entity])
        self.defaults = {key: self.store[key](value) for key, value in defaults.items()}

    def row(self, entity_id: str, fields: Mapping[str, Any], extra: Mapping[str, Any]) -> tuple[Any, ...]:
        values = dict(self.defaults)
        store = self.store
        wire = self.wire_set
        for key, value in fields.items():
            if key in wire:
                values[key] = store[key](value)
        for key, value in extra.items():
            values[key] = store[key](value)
        values["id"] = entity_id
        return tuple(map(values.__getitem__, self.keys))

    def write(self, session: Session, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            session.connection().exec_driver_sql(self.sql, rows)


_INSERTERS = {kind: _Inserter(kind) for kind in ROWS}


def _wire_clocks(clocks: Mapping[str, str] | None) -> dict[str, str]:
    parsed = {n: _parse_writer(c) for n, c in (clocks or {}).items()}
    return {n: str(w[0]) for n, w in parsed.items() if w is not None}


def apply_changes(session: Session, changes: Sequence[Change], client_id: str) -> PageResult:
    """Apply one pulled page inside the caller's transaction."""
    result = PageResult()
    # Within a page only the last change of each record matters: upserts carry whole records.
    last: dict[tuple[EntityKind, str], Change] = {}
    for change in changes:
        last[(change.entity, change.entity_id)] = change
    by_entity: dict[EntityKind, list[Change]] = defaultdict(list)
    for (entity, _id), change in last.items():
        by_entity[entity].append(change)

    # Removals first, children before parents, so nothing is purged after being re-added.
    for entity in reversed(APPLY_ORDER):
        gone = [c.entity_id for c in by_entity.get(entity, []) if c.kind in (ChangeKind.TOMBSTONE, ChangeKind.REVOKE)]
        if gone:
            if entity in (EntityKind.ACTIVITY, EntityKind.QUALIFICATION, EntityKind.ENGAGEMENT):
                result.touched_leads.update(c.lead_id for c in by_entity[entity] if c.lead_id and c.kind != ChangeKind.UPSERT)
            _purge(session, entity, gone)
            result.applied += len(gone)

    for entity in APPLY_ORDER:
        upserts = [c for c in by_entity.get(entity, []) if c.kind == ChangeKind.UPSERT]
        if upserts:
            _apply_upserts(session, entity, upserts, client_id, result)
    if result.touched_leads:
        refresh_touch_counters(session, sorted(result.touched_leads))
    return result


def _apply_upserts(session: Session, entity: EntityKind, upserts: list[Change], client_id: str, result: PageResult) -> None:
    row_cls = ROWS[entity]
    ids = [c.entity_id for c in upserts]
    # Parents this page cannot satisfy: skip the child instead of failing the whole page.
    parent_ok: dict[str, bool] = {c.entity_id: True for c in upserts}
    for attr, parent_cls, required in _PARENTS.get(entity, ()):
        wanted = {str(c.fields.get(attr)) for c in upserts if c.fields and c.fields.get(attr)}
        present = _existing_ids(session, parent_cls, wanted)
        for c in upserts:
            ref = (c.fields or {}).get(attr)
            if ref and ref not in present:
                if required:
                    parent_ok[c.entity_id] = False
                else:
                    c.fields = {**(c.fields or {}), attr: None}  # optional link to a record out of scope
            elif not ref and required:
                parent_ok[c.entity_id] = False

    if entity in APPEND_ONLY:
        present = _existing_ids(session, row_cls, ids)
        owned = SERVER_OWNED_FIELDS.get(entity, frozenset())
        fresh = []
        restamp: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for c in upserts:
            if not parent_ok[c.entity_id]:
                result.skipped += 1
                continue
            if c.entity_id in present:
                # A fact arrives once; only what the server stamps on it (the author) is taken.
                stamped = row_values(entity, {k: v for k, v in (c.fields or {}).items() if k in owned})
                if stamped:
                    params = {f"v_{k}": v for k, v in stamped.items()}
                    restamp.setdefault(tuple(sorted(stamped)), []).append({**params, "v__id": c.entity_id})
                continue
            fresh.append(c)
        table = row_cls.__table__
        for names, params in restamp.items():  # one executemany per set of stamped fields
            session.connection().execute(
                update(table).where(table.c.id == bindparam("v__id")).values({n: bindparam(f"v_{n}") for n in names}), params
            )
        if entity == EntityKind.QUALIFICATION:
            fresh = _free_version_slots(session, fresh)
        if fresh:
            inserter = _INSERTERS[entity]
            inserter.write(session, [inserter.row(c.entity_id, c.fields or {}, {}) for c in fresh])
            result.applied += len(fresh)
        result.touched_leads.update(str((c.fields or {}).get("lead_id")) for c in fresh if entity == EntityKind.ACTIVITY)
        return

    existing = _existing(session, row_cls, ids)
    pending = pending_edits(session, entity, ids)
    account_names: dict[str, str] = {}
    if entity == EntityKind.LEAD:
        account_ids = {str(c.fields.get("account_id")) for c in upserts if c.fields and c.fields.get("account_id")}
        account_names = _account_names(session, account_ids)
    fresh_values: list[tuple[Any, ...]] = []
    inserter = _INSERTERS[entity]
    for c in upserts:
        if not parent_ok[c.entity_id]:
            result.skipped += 1
            continue
        if c.entity_id in pending.deleted:
            continue  # deleted here, delete not pushed yet: do not resurrect it
        fields = c.fields or {}
        clocks = getattr(c, "clocks", None)
        row = existing.get(c.entity_id)
        if row is None:
            extra: dict[str, Any] = {}
            if entity in _CLOCKED:
                extra["field_clock"] = _wire_clocks(clocks)
            if entity == EntityKind.LEAD:
                extra["search_text"] = lead_search_text(
                    fields.get("full_name") or "", account_names.get(fields.get("account_id") or ""),
                    fields.get("emails") or [], fields.get("phones") or []
                )
                # No counters to refresh: a lead new to the cache has no touches here yet.
            fresh_values.append(inserter.row(c.entity_id, fields, extra))
        else:
            merge_fields(entity, row, fields, clocks, pending.for_record(c.entity_id), client_id)
            if entity == EntityKind.LEAD:
                row.search_text = lead_search_text(
                    row.full_name, account_names.get(row.account_id or ""), row.emails or [], row.phones or []
                )
                result.touched_leads.add(c.entity_id)
        result.applied += 1
    session.flush()  # edits of existing rows first; then the fresh rows in one executemany
    inserter.write(session, fresh_values)


def _account_names(session: Session, ids: Iterable[str]) -> dict[str, str]:
    ids = list(ids)
    names: dict[str, str] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        names.update(dict(session.execute(select(AccountRow.id, AccountRow.name).where(AccountRow.id.in_(chunk))).all()))
    return names


def _free_version_slots(session: Session, fresh: list[Change]) -> list[Change]:
    """One version number per lead: the server's version replaces a stale local one."""
    kept: list[Change] = []
    for c in fresh:
        fields = c.fields or {}
        clash = session.scalar(
            select(QualificationRow.id).where(
                QualificationRow.lead_id == fields.get("lead_id"), QualificationRow.version == fields.get("version")
            )
        )
        if clash is None:
            kept.append(c)
            continue
        still_pending = session.scalar(
            select(func.count()).where(OutboxOp.state == PENDING, OutboxOp.entity_id == clash)
        )
        if still_pending:
            continue  # the local version is still on its way; the server will answer for it
        session.execute(delete(QualificationRow).where(QualificationRow.id == clash))
        kept.append(c)
    return kept


_TOUCH_COUNTERS = """
UPDATE leads SET
    attempts = (SELECT count(*) FROM activities a WHERE a.lead_id = leads.id AND a.step IS NOT NULL),
    last_attempt_at = (SELECT max(a.occurred_at) FROM activities a WHERE a.lead_id = leads.id AND a.step IS NOT NULL),
    first_touch_at = min(coalesce(first_touch_at, first_touch), coalesce(first_touch, first_touch_at)),
    stage = CASE WHEN stage = :new AND first_touch IS NOT NULL THEN :working ELSE stage END
FROM (SELECT l.id AS touched_id,
             (SELECT min(a.occurred_at) FROM activities a WHERE a.lead_id = l.id AND a.step IS NOT NULL) AS first_touch
      FROM leads l WHERE l.id IN ({ids})) AS touched
WHERE leads.id = touched.touched_id
"""


def refresh_touch_counters(session: Session, lead_ids: Sequence[str]) -> None:
    """Keep the queue's counters equal to what the activity log says: one statement per 900
    leads. The server's first touch may predate this cache's history of the lead: the earlier
    of the two stays; a lead with a touch is being worked."""
    for start in range(0, len(lead_ids), 900):
        chunk = list(lead_ids[start : start + 900])
        marks = ", ".join(f":l{i}" for i in range(len(chunk)))
        params: dict[str, Any] = {f"l{i}": lead_id for i, lead_id in enumerate(chunk)}
        params.update(new=Stage.NEW.value, working=Stage.WORKING.value)
        session.execute(text(_TOUCH_COUNTERS.format(ids=marks)), params)


def apply_winner(
    session: Session,
    entity: EntityKind,
    entity_id: str,
    winner: Mapping[str, Any],
    client_id: str,
    *,
    answered_op_id: str,
    clocks: Mapping[str, str] | None = None,
) -> None:
    """A push came back `conflict`: take the winning values, except where a later pending
    op of this rep on the same field is still to be pushed (the server will judge that one)."""
    row_cls = ROWS.get(entity)
    if row_cls is None or entity in APPEND_ONLY:
        return
    row = session.get(row_cls, entity_id)
    if row is None:
        return  # purged meanwhile (revoked): nothing to show
    pending = pending_edits(session, entity, [entity_id], exclude_op_ids=[answered_op_id])
    local = pending.for_record(entity_id)
    values = row_values(entity, winner)
    row_clock = dict(row.field_clock or {}) if entity in _CLOCKED else None
    for name, value in values.items():
        if name in local:
            continue
        setattr(row, name, value)
        if row_clock is not None:
            writer = _parse_writer((clocks or {}).get(name))
            if writer is not None:
                row_clock[name] = str(writer[0])
            else:
                row_clock.pop(name, None)
    if row_clock is not None:
        row.field_clock = row_clock
    if entity == EntityKind.LEAD and {"full_name", "emails", "phones", "account_id"} & set(values):
        names = _account_names(session, [row.account_id] if row.account_id else [])
        row.search_text = lead_search_text(row.full_name, names.get(row.account_id or ""), row.emails or [], row.phones or [])
