"""Applying pushed ops: exactly once, per-op results, per-field last-writer-wins.

Every applied op's id is recorded with its result in the same transaction as its effect, so
a replayed op (same batch, a retried batch, or a parallel request) gets its first result
back as `duplicate`. A rejected op changes and records nothing, so a retry is judged again.

Handlers check everything before they write (rule for every handler below): a rejection
then needs no undo, and a batch runs without a savepoint per op. Only a race with a parallel
request (a unique key taken meanwhile) undoes work; then the batch is run again, carefully,
with one savepoint per op (`push_batch`).

The common ops (touches, events and qualification versions appended; leads created) take a
set-based path (`_Bulk`): their fields are validated as one list, their leads come from the
batch's one locked read, and their rows, op ids and changes are written with one statement
per table. Anything else, and any common op that would not simply apply (not valid, out of
scope, an id already taken), goes the per-op way below, in its place in the batch: buffered
rows are written first, so each op sees everything before it.

SLA facts (first touch) come from the server's clock: a touch's own time counts only within
the clock window a client may run ahead (`Settings.max_clock_ahead_ms`), never earlier.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from sdr_desk.core.entities import EntityKind, OpKind, Stage, UserRole
from sdr_desk.core.hlc import Hlc, clamp
from sdr_desk.server import assignment, audit, sla, wire
from sdr_desk.server import tables as t
from sdr_desk.server.auth import Principal
from sdr_desk.server.changelog import ChangeLog
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import in_list, insert_rows, write
from sdr_desk.server.scope import edits_lead, sees_lead, sees_team
from sdr_desk.sync.protocol import (
    APPEND_ONLY,
    FIELDS_MODEL,
    AcceptCommand,
    HAND_OFF_STAGES,
    REQUIRED_ON_CREATE,
    SERVER_OWNED_FIELDS,
    ClaimCommand,
    FieldError,
    HandOffCommand,
    LeadCommand,
    Op,
    OpResult,
    OpStatus,
    ReassignCommand,
    RejectReason,
    ReleaseCommand,
    SetAwayCommand,
    field_clock,
)

_COMMAND = TypeAdapter(LeadCommand)
SERVER_CLIENT_ID = "~server"  # sorts after client ids on equal clocks: the server's word stands
_STAGE_RANK = {Stage.MQL.value: 1, Stage.SQL.value: 2, Stage.OPPORTUNITY.value: 3}


class Rejected(Exception):
    def __init__(self, reason: RejectReason, message: str, field_errors: list[FieldError] | None = None):
        super().__init__(message)
        self.reason, self.message, self.field_errors = reason, message, field_errors or []


class _OpContext:
    def __init__(self, conn: Connection, ctx: ServerContext, p: Principal, op: Op, now: datetime,
                 leads: dict[str, dict | None]) -> None:
        self.conn, self.ctx, self.p, self.op, self.now = conn, ctx, p, op, now
        self.leads = leads
        self.log = ChangeLog()
        hlc = clamp(Hlc.parse(op.hlc), ctx.now_ms(), ctx.settings.max_clock_ahead_ms)
        self.stamp = [str(hlc), op.client_id]
        self.server_stamp = [str(ctx.server_hlc()), SERVER_CLIENT_ID]
        self.entity_id = str(op.entity_id)


class _Race(Exception):
    """A parallel request took a key this batch needed: run the batch again, carefully."""


def push_batch(engine: Engine, ctx: ServerContext, p: Principal, client_id: str,
               ops: list[Op]) -> list[OpResult]:
    try:
        return write(engine, lambda conn: apply_batch(conn, ctx, p, client_id, ops, careful=False))
    except _Race:
        return write(engine, lambda conn: apply_batch(conn, ctx, p, client_id, ops, careful=True))


def apply_batch(conn: Connection, ctx: ServerContext, p: Principal, client_id: str,
                ops: list[Op], *, careful: bool = True) -> list[OpResult]:
    now = ctx.now()
    log = ChangeLog()
    # One look-up for the whole batch; a replay racing this request is caught on insert.
    seen: dict[str, Any] = {}
    ids = [str(op.op_id) for op in ops]
    for i in range(0, len(ids), 500):
        for row in conn.execute(select(t.applied_ops.c.op_id, t.applied_ops.c.user_id, t.applied_ops.c.result)
                                .where(in_list(conn, t.applied_ops.c.op_id, ids[i:i + 500]))):
            seen[row.op_id] = row
    leads = _prefetch_leads(conn, ops)
    applied: list[dict[str, Any]] = []
    bulk = None if careful else _Bulk(conn, ctx, p, now, leads, log, applied, seen, ops)
    results: list[OpResult] = []
    last_seq: int | None = None
    for op in ops:
        result = None
        if op.client_id == client_id and str(op.op_id) not in seen:
            if last_seq is not None and op.client_seq <= last_seq:
                result = _out_of_order(op, last_seq)
            elif bulk is not None:
                result = bulk.apply(op)
        if result is None:
            if bulk is not None:
                bulk.flush()  # the op after sees everything before it
            result = _apply_one(conn, ctx, p, client_id, op, now, log, seen, applied, careful, leads)
        if op.client_id == client_id:
            last_seq = op.client_seq if last_seq is None else max(last_seq, op.client_seq)
        results.append(result)
    if bulk is not None:
        bulk.flush()
    if applied:
        try:
            insert_rows(conn, t.applied_ops, applied)
        except IntegrityError:
            raise _Race() from None  # only without savepoints: careful mode records each op at once
    log.flush(conn, now)
    return results


def _out_of_order(op: Op, last_seq: int) -> OpResult:
    """A workstation numbers its ops in the order it made them and sends them in that order;
    one that goes backwards is refused, not applied out of order."""
    return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, reason=RejectReason.OUT_OF_ORDER,
                    message=f"client_seq {op.client_seq} does not follow {last_seq} in this push",
                    field_errors=[FieldError(field="client_seq", message="goes backwards within this client")])


_LIGHT = [c for c in t.leads.c if c.name not in ("data", "clocks")]


def _prefetch_leads(conn: Connection, ops: list[Op]) -> dict[str, dict | None]:
    """The batch's leads in one locked read (in id order, so batches lock alike); each row is
    handed out once, to the first op that asks, and read afresh after that. Rows come without
    their JSON (`data`, `clocks`): most ops need only scope; `_with_data` adds it when needed."""
    wanted = set()
    for op in ops:
        if op.entity == EntityKind.LEAD:
            wanted.add(str(op.entity_id))
        elif isinstance(op.fields.get("lead_id"), str) and len(op.fields["lead_id"]) == 36:
            wanted.add(op.fields["lead_id"])
    ids = sorted(wanted)
    found: dict[str, dict | None] = dict.fromkeys(ids)
    for i in range(0, len(ids), 500):
        for row in conn.execute(select(*_LIGHT).where(in_list(conn, t.leads.c.id, ids[i:i + 500]))
                                .order_by(t.leads.c.id).with_for_update()).mappings():
            found[row["id"]] = dict(row)
    return found


def _with_data(conn: Connection, lead: dict | None) -> dict | None:
    if lead is not None and "data" not in lead:
        row = conn.execute(select(t.leads.c.data, t.leads.c.clocks).where(t.leads.c.id == lead["id"])).one()
        lead["data"], lead["clocks"] = row.data, row.clocks
    return lead


def _duplicate(row: Any, p: Principal, op: Op) -> OpResult:
    if row.user_id != p.user_id:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, reason=RejectReason.CLIENT_MISMATCH,
                        message="this op id was used by another user")
    original = OpResult.model_validate(row.result)
    return original.model_copy(update={"status": OpStatus.DUPLICATE, "original_status": original.status})


class _Seen:
    def __init__(self, user_id: str, result: dict) -> None:
        self.user_id, self.result = user_id, result


def _apply_one(conn: Connection, ctx: ServerContext, p: Principal, client_id: str, op: Op,
               now: datetime, log: ChangeLog, seen: dict[str, Any], applied: list[dict[str, Any]],
               careful: bool, leads: dict[str, dict | None]) -> OpResult:
    op_id = str(op.op_id)
    if op.client_id != client_id:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, reason=RejectReason.CLIENT_MISMATCH,
                        message="op.client_id differs from the push's client_id")
    if op_id in seen:
        return _duplicate(seen[op_id], p, op)
    savepoint = conn.begin_nested() if careful else None
    oc = _OpContext(conn, ctx, p, op, now, leads)
    try:
        winner = _dispatch(oc)
    except Rejected as rej:
        if savepoint is not None:
            savepoint.rollback()
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, reason=rej.reason,
                        message=rej.message, field_errors=rej.field_errors)
    except IntegrityError:
        if savepoint is None:
            raise _Race() from None
        savepoint.rollback()  # a parallel request created the same record first
        return _after_race(conn, p, op)
    result = (OpResult(op_id=op.op_id, status=OpStatus.CONFLICT, winner=dict(winner),
                       winner_clocks=getattr(winner, "clocks", None), message="some fields lost to a later change")
              if winner else OpResult(op_id=op.op_id, status=OpStatus.APPLIED))
    stored = result.model_dump(mode="json", exclude_none=True)
    record = {"op_id": op_id, "user_id": p.user_id, "client_id": op.client_id, "client_seq": op.client_seq,
              "entity": str(op.entity), "entity_id": str(op.entity_id), "result": stored, "at": now}
    if savepoint is None:
        applied.append(record)  # written with the rest of the batch, in this same transaction
    else:
        try:
            conn.execute(insert(t.applied_ops).values(**record))
        except IntegrityError:
            savepoint.rollback()  # the same op, applied by a parallel request that has committed
            return _after_race(conn, p, op)
        savepoint.commit()
    seen[op_id] = _Seen(p.user_id, stored)  # the same op again later in this batch
    log.extend(oc.log)
    return result


def _after_race(conn: Connection, p: Principal, op: Op) -> OpResult:
    row = conn.execute(select(t.applied_ops.c.user_id, t.applied_ops.c.result)
                       .where(t.applied_ops.c.op_id == str(op.op_id))).first()
    if row is None:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, reason=RejectReason.ALREADY_EXISTS,
                        message="another request created this record at the same moment; pull, then retry")
    return _duplicate(row, p, op)


def _dispatch(oc: _OpContext) -> dict[str, Any] | None:
    entity = oc.op.entity
    if entity == EntityKind.LEAD:
        return _lead(oc)
    if entity in APPEND_ONLY:
        return _append(oc)
    return _record(oc)


# --- helpers ------------------------------------------------------------------------------------


def _fields(oc: _OpContext, *, create: bool) -> dict[str, Any]:
    entity = oc.op.entity
    values, errors = wire.validate(entity, oc.op.fields)
    if errors:
        raise Rejected(RejectReason.INVALID_FIELDS, "some fields are not valid", errors)
    if create:
        missing = [f for f in sorted(REQUIRED_ON_CREATE.get(entity, ())) if values.get(f) is None]
        if missing:
            raise Rejected(RejectReason.INVALID_FIELDS, "required fields are missing",
                           [FieldError(field=f, message="required") for f in missing])
    return values


def _strip_server_owned(entity: EntityKind, values: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Server-owned fields may be echoed with their current value, never changed."""
    changed = [f for f in SERVER_OWNED_FIELDS[entity] if f in values and values[f] != current.get(f)]
    if changed:
        raise Rejected(RejectReason.SERVER_OWNED_FIELD,
                       "these fields are set by the server; use a command",
                       [FieldError(field=f, message="set by the server") for f in sorted(changed)])
    return {k: v for k, v in values.items() if k not in SERVER_OWNED_FIELDS[entity]}


class Lost(dict):
    """Winning values of the fields an op lost, with their writers in `clocks`."""

    def __init__(self) -> None:
        super().__init__()
        self.clocks: dict[str, str] = {}


def _merge(data: dict, clocks: dict, incoming: dict, stamp: list[str]) -> Lost:
    """Per-field last writer wins by (HLC, client_id); returns the winners of fields that lost."""
    lost = Lost()
    for name, value in incoming.items():
        current = clocks.get(name)
        if current is None or tuple(stamp) >= tuple(current):
            data[name] = value
            clocks[name] = stamp
        else:
            lost[name] = data.get(name)
            lost.clocks[name] = field_clock(*current)
    return lost


def _lock_lead(oc: _OpContext, lead_id: str) -> dict | None:
    if lead_id in oc.leads:
        return _with_data(oc.conn, oc.leads.pop(lead_id))  # prefetched and still untouched
    row = oc.conn.execute(select(t.leads).where(t.leads.c.id == lead_id).with_for_update()).mappings().first()
    return dict(row) if row else None


def _write_lead(oc: _OpContext, lead_id: str, data: dict, clocks: dict, **extra: Any) -> None:
    data["updated_at"] = wire.iso(oc.now)
    oc.conn.execute(update(t.leads).where(t.leads.c.id == lead_id).values(
        data=data, clocks=clocks, updated_at=oc.now, **wire.lead_columns(data), **extra))


# --- leads --------------------------------------------------------------------------------------


def _lead(oc: _OpContext) -> dict[str, Any] | None:
    op, p = oc.op, oc.p
    lead = _lock_lead(oc, oc.entity_id)
    if op.kind == OpKind.COMMAND:
        return _lead_command(oc, lead)
    if op.kind == OpKind.APPEND:
        raise Rejected(RejectReason.UNSUPPORTED, "leads are created, patched or deleted, not appended")
    if lead is None:
        if op.kind != OpKind.CREATE:
            raise Rejected(RejectReason.NOT_FOUND, "no such lead")
        return _create_lead(oc)
    if not sees_lead(p, lead):
        raise Rejected(RejectReason.OUT_OF_SCOPE, "this lead is not in your scope")
    if not edits_lead(p, lead):
        raise Rejected(RejectReason.OUT_OF_SCOPE, "claim this lead before changing it")
    if lead["deleted"]:
        if op.kind == OpKind.DELETE:
            return None
        raise Rejected(RejectReason.DELETED, "this lead was deleted")
    if op.kind == OpKind.DELETE:
        oc.conn.execute(update(t.leads).where(t.leads.c.id == lead["id"]).values(deleted=True, updated_at=oc.now))
        oc.log.lead(lead["id"], deleted=True)
        audit.record(oc.conn, oc.now, "lead_deleted", actor_id=p.user_id, lead_id=lead["id"])
        return None
    values = _strip_server_owned(EntityKind.LEAD, _fields(oc, create=False), lead["data"])
    _check_stage(values, lead["data"].get("stage"))
    data, clocks = dict(lead["data"]), dict(lead["clocks"])
    lost = _merge(data, clocks, values, oc.stamp)
    _write_lead(oc, lead["id"], data, clocks)
    oc.log.lead(lead["id"])
    return lost


def _check_stage(values: dict[str, Any], current: str | None) -> None:
    stage = values.get("stage")
    if stage in HAND_OFF_STAGES and stage != current:
        raise Rejected(RejectReason.SERVER_OWNED_FIELD, "hand-off stages are set by the hand_off command",
                       [FieldError(field="stage", message="use the hand_off command")])


def _create_lead(oc: _OpContext) -> None:
    p = oc.p
    if p.team_id is None:
        raise Rejected(RejectReason.FORBIDDEN, "a user without a team cannot create leads")
    owner = p.user_id if p.role == UserRole.SDR else None
    server_values = {"owner_id": owner, "team_id": p.team_id, "created_at": wire.iso(oc.now),
                     "updated_at": wire.iso(oc.now), "sla_due_at": None, "first_touch_at": None}
    values = _strip_server_owned(EntityKind.LEAD, _fields(oc, create=True), server_values)
    _check_stage(values, Stage.NEW.value)
    due = sla.due_for_new_lead(oc.conn, p.team_id, {**wire.defaults(EntityKind.LEAD), **values}, oc.now)
    server_values["sla_due_at"] = wire.iso(due)
    data = {**wire.defaults(EntityKind.LEAD), **values, **server_values}
    clocks = {name: oc.stamp for name in values}
    oc.conn.execute(insert(t.leads).values(
        id=oc.entity_id, team_id=p.team_id, owner_id=owner, deleted=False, data=data, clocks=clocks,
        created_at=oc.now, updated_at=oc.now, company_key=None, sla_due_at=due, **wire.lead_columns(data)))
    if owner is not None:
        oc.conn.execute(insert(t.assignments).values(lead_id=oc.entity_id, user_id=owner, reason="create",
                                                     actor_id=p.user_id, at=oc.now))
    oc.log.lead(oc.entity_id)


def _lead_command(oc: _OpContext, lead: dict | None) -> None:
    p = oc.p
    try:
        command = _COMMAND.validate_python(oc.op.fields)
    except ValidationError as exc:
        raise Rejected(RejectReason.INVALID_FIELDS, "not a known command",
                       [FieldError(field=".".join(map(str, err["loc"])) or "command", message=err["msg"])
                        for err in exc.errors()[:20]]) from None
    if isinstance(command, SetAwayCommand):
        return _set_away(oc, command)
    if lead is None:
        raise Rejected(RejectReason.NOT_FOUND, "no such lead")
    if not sees_lead(p, lead):
        raise Rejected(RejectReason.OUT_OF_SCOPE, "this lead is not in your scope")
    if lead["deleted"]:
        raise Rejected(RejectReason.DELETED, "this lead was deleted")
    conn = oc.conn
    if isinstance(command, ClaimCommand):
        if lead["owner_id"] == p.user_id:
            return None
        if lead["owner_id"] is not None:
            raise Rejected(RejectReason.INVALID_STATE, "this lead already has an owner")
        if p.role != UserRole.SDR:
            raise Rejected(RejectReason.FORBIDDEN, "only reps claim leads; team leads reassign")
        assignment.move_lead(conn, oc.log, lead, p.user_id, reason="claim", now=oc.now, actor_id=p.user_id)
    elif isinstance(command, ReleaseCommand):
        if lead["owner_id"] is None:
            return None
        if not edits_lead(p, lead):
            raise Rejected(RejectReason.FORBIDDEN, "only the owner or a team lead can release a lead")
        assignment.move_lead(conn, oc.log, lead, None, reason="release", now=oc.now, actor_id=p.user_id)
    elif isinstance(command, ReassignCommand):
        if p.role == UserRole.SDR:
            raise Rejected(RejectReason.FORBIDDEN, "only a team lead or an admin reassigns leads")
        if command.owner_id is not None:
            target = conn.execute(select(t.users).where(t.users.c.id == command.owner_id)).mappings().first()
            if (target is None or not target["active"] or target["team_id"] != lead["team_id"]
                    or target["role"] == UserRole.ADMIN.value):
                raise Rejected(RejectReason.INVALID_FIELDS, "the new owner must be an active member of the lead's team",
                               [FieldError(field="owner_id", message="not an active member of this team")])
        if command.owner_id == lead["owner_id"]:
            return None
        assignment.move_lead(conn, oc.log, lead, command.owner_id, reason="reassign", now=oc.now,
                             actor_id=p.user_id)
    elif isinstance(command, HandOffCommand):
        if not edits_lead(p, lead):
            raise Rejected(RejectReason.FORBIDDEN, "only the owner or a team lead hands a lead off")
        current = lead["data"].get("stage")
        target = command.stage.value
        if _STAGE_RANK.get(target, 0) <= _STAGE_RANK.get(current, 0):
            if target == current:
                return None
            raise Rejected(RejectReason.INVALID_STATE, f"cannot hand off from {current} to {target}")
        data, clocks = dict(lead["data"]), dict(lead["clocks"])
        data["stage"] = target
        clocks["stage"] = oc.server_stamp
        if command.lead_class is not None:
            data["lead_class"] = command.lead_class.value
            clocks["lead_class"] = oc.server_stamp
        _write_lead(oc, lead["id"], data, clocks)
        audit.record(conn, oc.now, "hand_off", actor_id=p.user_id, lead_id=lead["id"],
                     from_stage=current, to_stage=target)
        oc.log.lead(lead["id"])
    elif isinstance(command, AcceptCommand):
        if not edits_lead(p, lead):
            raise Rejected(RejectReason.FORBIDDEN, "only the owner or a team lead records sales' acceptance")
        current, target = lead["data"].get("stage"), command.stage.value
        if current == target:
            return None
        if _STAGE_RANK.get(target, 0) != _STAGE_RANK.get(current, -1) + 1:
            raise Rejected(RejectReason.INVALID_STATE, f"sales accept an MQL as SQL, or an SQL as opportunity; this lead is {current}")
        data, clocks = dict(lead["data"]), dict(lead["clocks"])
        data["stage"], clocks["stage"] = target, oc.server_stamp
        data["lead_class"] = "sql" if target == Stage.SQL.value else "opp"
        clocks["lead_class"] = oc.server_stamp
        _write_lead(oc, lead["id"], data, clocks)
        # Credited to the lead's rep (target_user_id); the reports count SQLs from these entries.
        audit.record(conn, oc.now, "sales_accepted", actor_id=p.user_id, lead_id=lead["id"],
                     target_user_id=lead["owner_id"], from_stage=current, to_stage=target,
                     accepted_by=command.accepted_by)
        oc.log.lead(lead["id"])
    return None


def _set_away(oc: _OpContext, command: SetAwayCommand) -> None:
    p, conn = oc.p, oc.conn
    if p.role == UserRole.SDR:
        raise Rejected(RejectReason.FORBIDDEN, "only a team lead or an admin marks a rep away")
    if command.user_id != oc.entity_id:
        raise Rejected(RejectReason.INVALID_FIELDS, "the op must address the rep it marks",
                       [FieldError(field="user_id", message="differs from the op's entity_id")])
    target = conn.execute(select(t.users).where(t.users.c.id == command.user_id)).mappings().first()
    if target is None or not sees_team(p, target["team_id"]):
        raise Rejected(RejectReason.NOT_FOUND, "no such rep in your team",
                       [FieldError(field="user_id", message="not a member of your team")])
    if target["away"] == command.away:
        return None
    conn.execute(update(t.users).where(t.users.c.id == command.user_id).values(away=command.away))
    audit.record(conn, oc.now, "user_changed", actor_id=p.user_id, target_user_id=command.user_id,
                 changes={"away": command.away}, before={"away": target["away"]})
    return None


# --- append-only facts --------------------------------------------------------------------------


def _append(oc: _OpContext) -> None:
    op, p, conn = oc.op, oc.p, oc.conn
    if op.kind not in (OpKind.APPEND, OpKind.CREATE):
        raise Rejected(RejectReason.UNSUPPORTED, f"{op.entity} records are append-only facts")
    values = _fields(oc, create=True)
    if op.entity != EntityKind.ENGAGEMENT:
        values = _strip_server_owned(op.entity, values, {"author_id": p.user_id})
        values["author_id"] = p.user_id  # credited to the rep who logged it
    lead = _lock_lead(oc, values["lead_id"])
    if lead is None:
        raise Rejected(RejectReason.NOT_FOUND, "no such lead", [FieldError(field="lead_id", message="no such lead")])
    if not _may_append(p, op.entity, values, lead) and not (op.entity != EntityKind.ENGAGEMENT
                                                     and _owned_before(conn, lead["id"], p.user_id)):
        if sees_lead(p, lead):
            raise Rejected(RejectReason.OUT_OF_SCOPE, "claim this lead before logging a touch on it")
        raise Rejected(RejectReason.OUT_OF_SCOPE, "this lead is not in your scope")
    data = {**wire.defaults(op.entity), **values}
    existing = conn.execute(select(t.records.c.entity, t.records.c.data)
                            .where(t.records.c.id == oc.entity_id)).first()
    if existing is not None:
        if existing.entity == op.entity and existing.data == data:
            return None  # the same fact sent again under a new op id
        raise Rejected(RejectReason.ALREADY_EXISTS, "a different record already has this id")
    conn.execute(insert(t.records).values(
        id=oc.entity_id, entity=str(op.entity), lead_id=lead["id"], account_id=None,
        team_id=lead["team_id"], author_id=values.get("author_id"), data=data, clocks={},
        deleted=False, created_at=oc.now, updated_at=oc.now))
    oc.log.lead_child(op.entity, oc.entity_id, lead["id"])
    if op.entity == EntityKind.ACTIVITY and values.get("step") is not None and _stops_sla(p, lead):
        ldata, touched = _first_touch(lead, values["occurred_at"], oc.now, oc.ctx.settings.max_clock_ahead_ms)
        _write_lead(oc, lead["id"], ldata, dict(lead["clocks"]), first_touch_at=touched)
        oc.log.lead(lead["id"])
    return None


def _owned_before(conn: Connection, lead_id: str, user_id: str) -> bool:
    """A rep who held a lead may still log the touches made while they held it."""
    return conn.execute(select(t.assignments.c.id).where(
        t.assignments.c.lead_id == lead_id, t.assignments.c.user_id == user_id).limit(1)).first() is not None


# --- editable records: accounts, research notes, buyer roles, nurture enrolments -----------------

_ANCHORS = {
    EntityKind.RESEARCH_NOTE: "account_id",
    EntityKind.BUYER_ROLE: "account_id",
    EntityKind.NURTURE_ENROLMENT: "lead_id",
}


def _record(oc: _OpContext) -> dict[str, Any] | None:
    op, p, conn = oc.op, oc.p, oc.conn
    if op.kind not in (OpKind.CREATE, OpKind.PATCH, OpKind.DELETE):
        raise Rejected(RejectReason.UNSUPPORTED, f"{op.kind} does not apply to {op.entity}")
    row = conn.execute(select(t.records).where(t.records.c.id == oc.entity_id).with_for_update()).mappings().first()
    if row is not None and row["entity"] != op.entity:
        raise Rejected(RejectReason.ALREADY_EXISTS, "a different kind of record already has this id")
    if row is None:
        if op.kind != OpKind.CREATE:
            raise Rejected(RejectReason.NOT_FOUND, f"no such {op.entity}")
        return _create_record(oc)
    _check_record_scope(oc, row)
    if row["deleted"]:
        if op.kind == OpKind.DELETE:
            return None
        raise Rejected(RejectReason.DELETED, f"this {op.entity} was deleted")
    if op.kind == OpKind.DELETE:
        conn.execute(update(t.records).where(t.records.c.id == row["id"]).values(deleted=True, updated_at=oc.now))
        _log_record(oc, row["id"], row["lead_id"], row["team_id"], deleted=True)
        return None
    values = _strip_server_owned(op.entity, _fields(oc, create=False), row["data"])
    anchor = _ANCHORS.get(op.entity)
    if anchor and anchor in values and values[anchor] != row["data"].get(anchor):
        raise Rejected(RejectReason.INVALID_FIELDS, f"{anchor} cannot change",
                       [FieldError(field=anchor, message="cannot change; create a new record")])
    data, clocks = dict(row["data"]), dict(row["clocks"])
    lost = _merge(data, clocks, values, oc.stamp)
    if "updated_at" in wire.defaults(op.entity):
        data["updated_at"] = wire.iso(oc.now)
    conn.execute(update(t.records).where(t.records.c.id == row["id"]).values(data=data, clocks=clocks,
                                                                             updated_at=oc.now))
    _log_record(oc, row["id"], row["lead_id"], row["team_id"])
    return lost


def _check_record_scope(oc: _OpContext, row: Any) -> None:
    if row["lead_id"] is not None:
        lead = _lock_lead(oc, row["lead_id"])
        if lead is None or not edits_lead(oc.p, lead):
            raise Rejected(RejectReason.OUT_OF_SCOPE, "this record is not in your scope")
    elif not sees_team(oc.p, row["team_id"]):
        raise Rejected(RejectReason.OUT_OF_SCOPE, "this record is not in your scope")


def _log_record(oc: _OpContext, record_id: str, lead_id: str | None, team_id: str | None,
                deleted: bool = False) -> None:
    if lead_id is not None:
        oc.log.lead_child(oc.op.entity, record_id, lead_id, deleted=deleted)
    else:
        oc.log.team_record(oc.op.entity, record_id, team_id, deleted=deleted)


def _create_record(oc: _OpContext) -> None:
    op, p, conn = oc.op, oc.p, oc.conn
    entity = op.entity
    server_values: dict[str, Any] = {}
    if "updated_at" in wire.defaults(entity):
        server_values["updated_at"] = wire.iso(oc.now)
    if entity == EntityKind.RESEARCH_NOTE:
        server_values["author_id"] = p.user_id
    values = _strip_server_owned(entity, _fields(oc, create=True), server_values)
    lead_id = account_id = None
    if entity == EntityKind.ACCOUNT:
        team_id = p.team_id
        if team_id is None and p.role != UserRole.ADMIN:
            raise Rejected(RejectReason.FORBIDDEN, "a user without a team cannot create accounts")
    elif entity == EntityKind.NURTURE_ENROLMENT:
        lead = _lock_lead(oc, values["lead_id"])
        if lead is None:
            raise Rejected(RejectReason.NOT_FOUND, "no such lead", [FieldError(field="lead_id", message="no such lead")])
        if not edits_lead(p, lead):
            raise Rejected(RejectReason.OUT_OF_SCOPE, "this lead is not in your scope")
        lead_id, team_id = lead["id"], lead["team_id"]
    else:
        account_id = values["account_id"]
        account = conn.execute(select(t.records.c.team_id, t.records.c.entity)
                               .where(t.records.c.id == account_id)).first()
        if account is None or account.entity != EntityKind.ACCOUNT:
            raise Rejected(RejectReason.NOT_FOUND, "no such account",
                           [FieldError(field="account_id", message="no such account")])
        if not sees_team(p, account.team_id):
            raise Rejected(RejectReason.OUT_OF_SCOPE, "this account is not in your scope")
        team_id = account.team_id
    data = {**wire.defaults(entity), **values, **server_values}
    conn.execute(insert(t.records).values(
        id=oc.entity_id, entity=str(entity), lead_id=lead_id, account_id=account_id, team_id=team_id,
        author_id=p.user_id, data=data, clocks={name: oc.stamp for name in values}, deleted=False,
        created_at=oc.now, updated_at=oc.now))
    _log_record(oc, oc.entity_id, lead_id, team_id)


# --- the set-based path for the common ops ------------------------------------------------------

_DEFAULTS = {entity: wire.defaults(entity) for entity in (*APPEND_ONLY, EntityKind.LEAD)}


def _fresh_defaults(entity: EntityKind) -> dict[str, Any]:
    """A record's default fields, its own copy (lists and dicts among them are not shared)."""
    return {k: (copy.deepcopy(v) if isinstance(v, (list, dict)) else v) for k, v in _DEFAULTS[entity].items()}


_LIST_OF = {entity: TypeAdapter(list[FIELDS_MODEL[entity]]) for entity in (*APPEND_ONLY, EntityKind.LEAD)}
_MISSING = object()
_APPLIED = OpResult(op_id="00000000-0000-0000-0000-000000000000", status=OpStatus.APPLIED)
_LEAD_UPDATE = (update(t.leads).where(t.leads.c.id == bindparam("b_id"))
                .values(data=bindparam("b_data"), stage=bindparam("b_stage"),
                        first_touch_at=bindparam("b_first_touch_at"), updated_at=bindparam("b_updated_at")))


def _bulk_takes(op: Op) -> bool:
    if op.entity in APPEND_ONLY:
        return op.kind in (OpKind.APPEND, OpKind.CREATE)
    return op.entity == EntityKind.LEAD and op.kind == OpKind.CREATE


class _Bulk:
    """Applies the batch's common ops in memory and writes them a table at a time (`flush`).

    `apply` answers None for an op it does not take: the caller flushes and runs it per op.
    It decides exactly as the per-op handlers (`_append`, `_create_lead`) would, and keeps the
    batch's lead rows (`leads`) current, so the per-op path reads what this path has written.
    """

    def __init__(self, conn: Connection, ctx: ServerContext, p: Principal, now: datetime,
                 leads: dict[str, dict | None], log: ChangeLog, applied: list[dict[str, Any]],
                 seen: dict[str, Any], ops: list[Op]) -> None:
        self.conn, self.ctx, self.p, self.now = conn, ctx, p, now
        self.leads, self.log, self.applied, self.seen = leads, log, applied, seen
        self.now_ms = ctx.now_ms()
        self.now_iso = wire.iso(now)
        self.new_leads: list[dict[str, Any]] = []
        self.new_assignments: list[dict[str, Any]] = []
        self.new_records: list[dict[str, Any]] = []
        self.lead_updates: dict[str, dict[str, Any]] = {}
        self.written: set[str] = set()  # record ids of this batch
        self.values = self._validate(ops)
        wanted = [str(op.entity_id) for op in ops if op.entity in APPEND_ONLY and id(op) in self.values]
        self.taken: set[str] = set()  # record ids already on the server: the per-op path judges them
        for i in range(0, len(wanted), 500):
            self.taken.update(conn.execute(select(t.records.c.id)
                                           .where(in_list(conn, t.records.c.id, wanted[i:i + 500]))).scalars())

    def _validate(self, ops: list[Op]) -> dict[int, dict[str, Any]]:
        """Each entity's fields as one list; ops whose fields are not valid are left out."""
        by_entity: dict[EntityKind, list[Op]] = {}
        for op in ops:
            if _bulk_takes(op):
                by_entity.setdefault(op.entity, []).append(op)
        out: dict[int, dict[str, Any]] = {}
        for entity, group in by_entity.items():
            adapter = _LIST_OF[entity]
            try:
                parsed = adapter.validate_python([op.fields for op in group])
            except ValidationError:
                for op in group:  # rare: find the valid ones, one at a time
                    values, errors = wire.validate(entity, op.fields)
                    if not errors:
                        out[id(op)] = values
                continue
            for op, values in zip(group, adapter.dump_python(parsed, mode="json", exclude_unset=True), strict=True):
                out[id(op)] = values
        return out

    def apply(self, op: Op) -> OpResult | None:
        if not _bulk_takes(op):
            return None
        values = self.values.get(id(op))
        if values is None:
            return None
        done = self._create_lead(op, values) if op.entity == EntityKind.LEAD else self._append(op, values)
        if not done:
            return None
        op_id = str(op.op_id)
        stored = {"op_id": op_id, "status": OpStatus.APPLIED.value}
        self.applied.append({"op_id": op_id, "user_id": self.p.user_id, "client_id": op.client_id,
                             "client_seq": op.client_seq, "entity": str(op.entity), "entity_id": str(op.entity_id),
                             "result": stored, "at": self.now})
        self.seen[op_id] = _Seen(self.p.user_id, stored)
        # A copy of one validated answer: thousands per push, each otherwise validated anew.
        return _APPLIED.model_copy(update={"op_id": op.op_id})

    def _lead(self, lead_id: str) -> dict | None:
        lead = self.leads.get(lead_id, _MISSING)
        if lead is _MISSING:  # handed to the per-op path earlier: read it again (already locked)
            self.flush()
            row = self.conn.execute(select(t.leads).where(t.leads.c.id == lead_id).with_for_update()).mappings().first()
            lead = self.leads[lead_id] = dict(row) if row else None
        return lead  # type: ignore[return-value]

    def _create_lead(self, op: Op, values: dict[str, Any]) -> bool:
        p, entity_id = self.p, str(op.entity_id)
        if p.team_id is None or self._lead(entity_id) is not None:
            return False
        owner = p.user_id if p.role == UserRole.SDR else None
        server_values = {"owner_id": owner, "team_id": p.team_id, "created_at": self.now_iso,
                         "updated_at": self.now_iso, "sla_due_at": None, "first_touch_at": None}
        if any(f in values and values[f] != server_values.get(f) for f in SERVER_OWNED_FIELDS[EntityKind.LEAD]):
            return False
        if values.get("full_name") is None or (values.get("stage") in HAND_OFF_STAGES):
            return False
        values = {k: v for k, v in values.items() if k not in SERVER_OWNED_FIELDS[EntityKind.LEAD]}
        stamp = self._stamp(op)
        # A lead a rep creates (capture, import) gets its SLA clock by the team's rules, as intake does.
        due = sla.due_for_new_lead(self.conn, p.team_id, {**_fresh_defaults(EntityKind.LEAD), **values}, self.now)
        server_values["sla_due_at"] = wire.iso(due)
        data = {**_fresh_defaults(EntityKind.LEAD), **values, **server_values}
        row = {"id": entity_id, "team_id": p.team_id, "owner_id": owner, "deleted": False, "data": data,
               "clocks": {name: stamp for name in values}, "created_at": self.now, "updated_at": self.now,
               "company_key": None, "sla_due_at": due, "first_touch_at": None, **wire.lead_columns(data)}
        self.new_leads.append(row)
        self.leads[entity_id] = dict(row)
        if owner is not None:
            self.new_assignments.append({"lead_id": entity_id, "user_id": owner, "previous_user_id": None,
                                         "reason": "create", "actor_id": p.user_id, "at": self.now})
        self.log.lead(entity_id)
        return True

    def _append(self, op: Op, values: dict[str, Any]) -> bool:
        p, entity, record_id = self.p, op.entity, str(op.entity_id)
        if record_id in self.taken or record_id in self.written:
            return False
        if entity != EntityKind.ENGAGEMENT:
            if values.get("author_id", p.user_id) != p.user_id:
                return False
            values["author_id"] = p.user_id  # credited to the rep who logged it
        lead = self._lead(values["lead_id"])
        if lead is None or not _may_append(p, entity, values, lead):
            return False  # not found, or the per-op path looks at who held the lead before
        self.written.add(record_id)
        self.new_records.append({
            "id": record_id, "entity": str(entity), "lead_id": lead["id"], "account_id": None,
            "team_id": lead["team_id"], "author_id": values.get("author_id"),
            "data": {**_fresh_defaults(entity), **values},
            "clocks": {}, "deleted": False, "created_at": self.now, "updated_at": self.now})
        self.log.lead_child(entity, record_id, lead["id"])
        if entity == EntityKind.ACTIVITY and values.get("step") is not None and _stops_sla(p, lead):
            _with_data(self.conn, lead)
            data, touched = _first_touch(lead, values["occurred_at"], self.now, self.ctx.settings.max_clock_ahead_ms)
            stage = data.get("stage") or Stage.NEW.value
            lead.update(data=data, first_touch_at=touched, stage=stage, updated_at=self.now)
            self.lead_updates[lead["id"]] = {"b_id": lead["id"], "b_data": data, "b_stage": stage,
                                             "b_first_touch_at": touched, "b_updated_at": self.now}
            self.log.lead(lead["id"])
        return True

    def _stamp(self, op: Op) -> list[str]:
        return [str(clamp(Hlc.parse(op.hlc), self.now_ms, self.ctx.settings.max_clock_ahead_ms)), op.client_id]

    def flush(self) -> None:
        """Writes what the ops so far have done, a statement per table."""
        try:
            self._write()
        except IntegrityError:
            raise _Race() from None  # a parallel request took one of these ids first

    def _write(self) -> None:
        conn = self.conn
        insert_rows(conn, t.leads, self.new_leads)
        insert_rows(conn, t.assignments, self.new_assignments)
        insert_rows(conn, t.records, self.new_records)
        self.new_leads, self.new_assignments, self.new_records = [], [], []
        if self.lead_updates:
            conn.execute(_LEAD_UPDATE, list(self.lead_updates.values()))
            self.lead_updates = {}


def _may_append(p: Principal, entity: EntityKind, values: dict[str, Any], lead: dict) -> bool:
    """Notes, events and qualification versions need sight of the lead; a touch (a step of
    reach, connect, conversation) needs the lead to be the rep's: a pool lead is claimed
    first, as for a patch, since a touch stops its SLA clock."""
    if entity == EntityKind.ACTIVITY and values.get("step") is not None:
        return edits_lead(p, lead)
    return sees_lead(p, lead)


def _stops_sla(p: Principal, lead: dict) -> bool:
    """Only the owner's first touch (or a team lead's on a pool lead) stops the SLA clock."""
    if lead["first_touch_at"] is not None:
        return False
    return lead["owner_id"] == p.user_id or (lead["owner_id"] is None and edits_lead(p, lead))


def touch_time(occurred_at: str, now: datetime, window_ms: int, created_at: datetime | None) -> datetime:
    """When a touch counts for the SLA: the server's receive time, or the touch's own time when
    that lies within the clock window a client may be off by; never before the lead existed."""
    at = min(max(datetime.fromisoformat(occurred_at), now - timedelta(milliseconds=window_ms)), now)
    return max(at, created_at) if created_at is not None else at


def _first_touch(lead: dict, occurred_at: str, now: datetime, window_ms: int) -> tuple[dict, datetime]:
    """The lead's data after its first touch (first_touch_at set, a new lead now being worked),
    and the moment that counts."""
    touched = touch_time(occurred_at, now, window_ms, lead.get("created_at"))
    data = dict(lead["data"])
    data["first_touch_at"] = wire.iso(touched)
    data["updated_at"] = wire.iso(now)
    if data.get("stage") == Stage.NEW.value:
        data["stage"] = Stage.WORKING.value  # as the workstation shows it after a first touch
    return data, touched
