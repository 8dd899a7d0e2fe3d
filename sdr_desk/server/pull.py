"""Serving pulls: a page of the change log in sequence order, filtered to the user's scope.

Read in one snapshot (REPEATABLE READ on PostgreSQL, a WAL read transaction on SQLite).
Because changes commit in sequence order (changelog.py), the snapshot holds every change up
to the counter it shows, so the cursor handed back never passes a change still to commit.

The page is one keyset read of the log joined to the records it names; each record's stored
JSON travels as text, spliced into the answer without being decoded and encoded again.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, Text, and_, case, cast, select, true, type_coerce

from sdr_desk.core.entities import EntityKind
from sdr_desk.server import tables as t
from sdr_desk.server.auth import Principal
from sdr_desk.server.db import is_postgres
from sdr_desk.server.scope import pull_filter
from sdr_desk.sync.protocol import APPEND_ONLY, CLOCK_SEPARATOR, ChangeKind

_APPEND_ONLY = frozenset(str(e) for e in APPEND_ONLY)


def _text(conn: Connection, column: Any) -> Any:
    # PostgreSQL: jsonb rendered as text by the database; SQLite already stores the text.
    return cast(column, Text) if is_postgres(conn) else type_coerce(column, Text)


def pull_page(conn: Connection, p: Principal, cursor: int, limit: int, server_hlc: str) -> dict[str, Any]:
    """The page in the shape of protocol.PullPage; each record's `fields` is its stored JSON
    text (an orjson.Fragment), for `page_json`."""
    c, rec = t.changes, t.records
    top = conn.execute(select(t.sync_counter.c.value).where(t.sync_counter.c.id == 1)).scalar_one()
    if is_postgres(conn):
        # A lateral read of each change's lead: an index probe per change whatever the
        # planner believes about the tables' sizes (a bulk-loaded book may not be analysed yet).
        lead: Any = select(t.leads).where(t.leads.c.id == c.c.lead_id).limit(1).lateral("lead")
        lead_join = c.outerjoin(lead, true())
    else:
        lead = t.leads
        lead_join = c.outerjoin(lead, lead.c.id == c.c.lead_id)
    is_lead = c.c.entity == EntityKind.LEAD.value
    rows = conn.execute(
        select(c.c.seq, c.c.entity, c.c.entity_id, c.c.kind, c.c.lead_id,
               case((is_lead, _text(conn, lead.c.data)), else_=_text(conn, rec.c.data)),
               case((is_lead, _text(conn, lead.c.clocks)), else_=_text(conn, rec.c.clocks)),
               case((is_lead, lead.c.deleted), else_=rec.c.deleted),
               case((is_lead, lead.c.id), else_=rec.c.id))
        .select_from(lead_join.outerjoin(rec, and_(rec.c.id == c.c.entity_id, c.c.entity != EntityKind.LEAD.value)))
        .where(c.c.seq > cursor, pull_filter(p, lead))
        .order_by(c.c.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    new_cursor = rows[-1][0] if has_more else max(cursor, top)
    # One entry per record: the latest; its body is the record as it is now.
    latest: dict[tuple[str, str], Any] = {}
    for row in rows:
        key = (row[1], row[2])
        latest.pop(key, None)
        latest[key] = row
    changes = []
    for seq, entity, entity_id, kind, lead_id, data, clocks, deleted, found in latest.values():
        change: dict[str, Any] = {"seq": seq, "entity": entity, "entity_id": entity_id, "kind": kind,
                                  "lead_id": lead_id, "fields": None, "clocks": None}
        if kind != ChangeKind.REVOKE.value:
            if found is None:
                continue
            if deleted:
                change["kind"] = ChangeKind.TOMBSTONE.value
            else:
                change["kind"] = ChangeKind.UPSERT.value
                change["fields"] = orjson.Fragment(data)
                if entity not in _APPEND_ONLY:
                    stamps = orjson.loads(clocks) if clocks else {}
                    change["clocks"] = {name: f"{hlc}{CLOCK_SEPARATOR}{client}" for name, (hlc, client) in stamps.items()}
        changes.append(change)
    return {"changes": changes, "cursor": new_cursor, "has_more": has_more, "server_hlc": server_hlc}


def page_json(page: dict[str, Any]) -> bytes:
    return orjson.dumps(page)
