"""The append-only audit log: logins, assignments, reassignments, hand-offs, permission changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from sdr_desk.server import tables as t


def record(
    conn: Connection,
    at: datetime,
    action: str,
    *,
    actor_kind: str = "user",
    actor_id: str | None = None,
    lead_id: str | None = None,
    target_user_id: str | None = None,
    **detail: Any,
) -> None:
    conn.execute(
        insert(t.audit_log).values(
            at=at, action=action, actor_kind=actor_kind, actor_id=actor_id, lead_id=lead_id,
            target_user_id=target_user_id, detail=detail or None,
        )
    )
