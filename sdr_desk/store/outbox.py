"""The outbox: every local change leaves an op here in the same transaction as the change.

An op leaves the outbox only when the server has answered for it (sync/client.py).
"""

from __future__ import annotations

import dataclasses
import enum
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdr_desk.core.entities import EntityKind, OpKind
from sdr_desk.core.hlc import Hlc, HybridClock
from sdr_desk.core.ids import new_id
from sdr_desk.store.engine import Cache
from sdr_desk.store.tables import OutboxOp, SyncState

PENDING = "pending"
REJECTED = "rejected"


def wire_value(value: Any) -> Any:
    """A value as it travels in ops: enums by value, datetimes as ISO-8601 UTC."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, list | tuple):
        return [wire_value(v) for v in value]
    if isinstance(value, dict):
        return {k: wire_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: wire_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def get_state(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return None if row is None else row.value


def set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    rejected: int


class Outbox:
    """Stamps ops with client id, sequence (the table's AUTOINCREMENT) and a hybrid clock."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache
        with cache.transaction() as session:
            client_id = get_state(session, "client_id")
            if client_id is None:
                client_id = new_id()
                set_state(session, "client_id", client_id)
            stored = get_state(session, "hlc")
            newest_op = session.scalar(select(func.max(OutboxOp.hlc)))
        self.client_id = client_id
        last = max((Hlc.parse(v) for v in (stored, newest_op) if v), default=None)
        self.clock = HybridClock(last=last)
        self._lock = threading.Lock()

    def record(
        self,
        session: Session,
        entity: EntityKind,
        entity_id: str,
        kind: OpKind,
        fields: dict[str, Any],
        *,
        hlc: Hlc | None = None,
    ) -> OutboxOp:
        """Add an op inside the caller's transaction; the caller commits it with the change."""
        op = OutboxOp(
            op_id=new_id(),
            entity=entity,
            entity_id=entity_id,
            kind=kind,
            fields=fields,
            hlc=str(hlc or self.clock.tick()),
            created_at=datetime.now(UTC),
            state=PENDING,
        )
        session.add(op)
        return op

    def patch(self, session: Session, entity: EntityKind, row: Any, changes: dict[str, Any]) -> OutboxOp:
        """Edit a synced row's fields with their op: each changed field is stamped with the op's
        clock (per-field last-writer-wins when pulled changes meet it) and the row's edit time."""
        op = self.record(session, entity, row.id, OpKind.PATCH, wire_value(changes))
        clock = dict(row.field_clock or {})
        for name, value in changes.items():
            setattr(row, name, value)
            clock[name] = op.hlc
        row.field_clock = clock
        row.updated_at = op.created_at
        return op

    def pending(self, session: Session, limit: int, after_seq: int = 0) -> list[OutboxOp]:
        stmt = (
            select(OutboxOp)
            .where(OutboxOp.state == PENDING, OutboxOp.seq > after_seq)
            .order_by(OutboxOp.seq)
            .limit(limit)
        )
        return list(session.scalars(stmt))

    def counts(self, session: Session) -> OutboxCounts:
        rows = dict(session.execute(select(OutboxOp.state, func.count()).group_by(OutboxOp.state)).all())
        return OutboxCounts(pending=rows.get(PENDING, 0), rejected=rows.get(REJECTED, 0))

    def save_clock(self, session: Session) -> None:
        set_state(session, "hlc", str(self.clock.last))
