"""Writing the change log that pulls read.

Changes are collected while a transaction does its work and numbered as its very last step:
the counter row is locked (UPDATE ... RETURNING) until commit, so transactions commit in
sequence order and a reader's snapshot always holds a gap-free prefix of the log. The lock
is held only for that last step, so writers queue for microseconds, not for their whole work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from sdr_desk.core.entities import EntityKind
from sdr_desk.server import tables as t
from sdr_desk.server.db import insert_rows
from sdr_desk.sync.protocol import ChangeKind

LEAD_CHILDREN = (EntityKind.ACTIVITY, EntityKind.QUALIFICATION, EntityKind.ENGAGEMENT,
                 EntityKind.NURTURE_ENROLMENT)


@dataclass(frozen=True)
class Pending:
    entity: str
    entity_id: str
    kind: ChangeKind
    lead_id: str | None = None
    team_id: str | None = None
    audience_user_id: str | None = None
    audience_team_id: str | None = None


class ChangeLog:
    def __init__(self) -> None:
        self.items: list[Pending] = []

    def extend(self, other: ChangeLog) -> None:
        self.items.extend(other.items)

    def lead(self, lead_id: str, *, deleted: bool = False) -> None:
        kind = ChangeKind.TOMBSTONE if deleted else ChangeKind.UPSERT
        self.items.append(Pending(EntityKind.LEAD, lead_id, kind, lead_id=lead_id))

    def lead_child(self, entity: str, record_id: str, lead_id: str, *, deleted: bool = False) -> None:
        kind = ChangeKind.TOMBSTONE if deleted else ChangeKind.UPSERT
        self.items.append(Pending(entity, record_id, kind, lead_id=lead_id))

    def team_record(self, entity: str, record_id: str, team_id: str | None, *, deleted: bool = False) -> None:
        kind = ChangeKind.TOMBSTONE if deleted else ChangeKind.UPSERT
        self.items.append(Pending(entity, record_id, kind, team_id=team_id))

    def revoke_lead(self, lead_id: str, *, user_id: str | None = None, team_id: str | None = None) -> None:
        self.items.append(Pending(EntityKind.LEAD, lead_id, ChangeKind.REVOKE, lead_id=lead_id,
                                  audience_user_id=user_id, audience_team_id=team_id))

    def lead_with_children(self, conn: Connection, lead_id: str) -> None:
        """The lead and everything on it, for readers who just gained it."""
        self.lead(lead_id)
        rows = conn.execute(select(t.records.c.id, t.records.c.entity, t.records.c.deleted)
                            .where(t.records.c.lead_id == lead_id)).all()
        for rid, entity, deleted in rows:
            if entity in LEAD_CHILDREN:
                self.lead_child(entity, rid, lead_id, deleted=deleted)

    def flush(self, conn: Connection, now: datetime) -> int | None:
        """Numbers and writes the pending changes; returns the last sequence number."""
        if not self.items:
            return None
        # A record changed several times in one transaction needs only its last change.
        last: dict[tuple[str, str, str | None, str | None], Pending] = {}
        for item in self.items:
            key = (item.entity, item.entity_id, item.audience_user_id, item.audience_team_id)
            last.pop(key, None)
            last[key] = item
        items = list(last.values())
        top = conn.execute(
            update(t.sync_counter).where(t.sync_counter.c.id == 1)
            .values(value=t.sync_counter.c.value + len(items)).returning(t.sync_counter.c.value)
        ).scalar_one()
        first = top - len(items) + 1
        insert_rows(conn, t.changes, [
            {"seq": first + i, "entity": str(p.entity), "entity_id": p.entity_id, "lead_id": p.lead_id,
             "team_id": p.team_id, "kind": str(p.kind), "audience_user_id": p.audience_user_id,
             "audience_team_id": p.audience_team_id, "at": now}
            for i, p in enumerate(items)
        ])
        self.items.clear()
        return top
