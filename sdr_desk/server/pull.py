"""Serving pulls: a page of the change log in sequence order, filtered to the user's scope.

Read in one snapshot (REPEATABLE READ on PostgreSQL, a WAL read transaction on SQLite).
Because changes commit in sequence order (changelog.py), the snapshot holds every change up
to the counter it shows, so the cursor handed back never passes a change still to commit.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from sdr_desk.core.entities import EntityKind
from sdr_desk.server import tables as t
from sdr_desk.server.auth import Principal
from sdr_desk.server.scope import pull_filter
from sdr_desk.sync.protocol import APPEND_ONLY, ChangeKind, field_clock


def pull_page(conn: Connection, p: Principal, cursor: int, limit: int, server_hlc: str) -> dict:
    c, lead = t.changes, t.leads
    top = conn.execute(select(t.sync_counter.c.value).where(t.sync_counter.c.id == 1)).scalar_one()
    rows = conn.execute(
        select(c.c.seq, c.c.entity, c.c.entity_id, c.c.kind, c.c.lead_id)
        .select_from(c.outerjoin(lead, lead.c.id == c.c.lead_id))
        .where(c.c.seq > cursor, pull_filter(p))
        .order_by(c.c.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    new_cursor = rows[-1].seq if has_more else max(cursor, top)
    # One entry per record: the latest; its body is the record as it is now.
    latest = {}
    for row in rows:
        latest.pop((row.entity, row.entity_id), None)
        latest[(row.entity, row.entity_id)] = row
    lead_ids = [r.entity_id for r in latest.values() if r.entity == EntityKind.LEAD and r.kind != "revoke"]
    other_ids = [r.entity_id for r in latest.values() if r.entity != EntityKind.LEAD and r.kind != "revoke"]
    leads = {}
    for i in range(0, len(lead_ids), 500):
        for row in conn.execute(select(lead.c.id, lead.c.data, lead.c.clocks, lead.c.deleted)
                                .where(lead.c.id.in_(lead_ids[i:i + 500]))):
            leads[row.id] = row
    records = {}
    for i in range(0, len(other_ids), 500):
        for row in conn.execute(select(t.records.c.id, t.records.c.data, t.records.c.clocks, t.records.c.deleted)
                                .where(t.records.c.id.in_(other_ids[i:i + 500]))):
            records[row.id] = row
    # Plain dicts in the shape of protocol.Change: the page is large and the data is the server's own.
    changes = []
    for row in latest.values():
        change = {"seq": row.seq, "entity": row.entity, "entity_id": row.entity_id, "kind": row.kind,
                  "lead_id": row.lead_id, "fields": None, "clocks": None}
        if row.kind == ChangeKind.REVOKE:
            changes.append(change)
            continue
        current = leads.get(row.entity_id) if row.entity == EntityKind.LEAD else records.get(row.entity_id)
        if current is None:
            continue
        if current.deleted:
            change["kind"] = ChangeKind.TOMBSTONE.value
        else:
            change["kind"] = ChangeKind.UPSERT.value
            change["fields"] = current.data
            if row.entity not in APPEND_ONLY:
                change["clocks"] = {name: field_clock(*stamp) for name, stamp in (current.clocks or {}).items()}
        changes.append(change)
    return {"changes": changes, "cursor": new_cursor, "has_more": has_more, "server_hlc": server_hlc}
