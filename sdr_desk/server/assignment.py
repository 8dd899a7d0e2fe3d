"""Round-robin assignment of leads among a team's reps, and moving a lead between reps.

The rotation's position (last rep served and how many turns they have had) is kept on
the team row and read under a row lock, so it survives restarts, is shared by every server
process, and membership changes never send it back to the first rep: the next rep is the
first eligible one after the last served, in a stable order (user id). A rep with weight w
takes w turns in a row. Reps who are away, disabled or at capacity are skipped.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from sdr_desk.core.entities import Stage, UserRole
from sdr_desk.server import audit
from sdr_desk.server import tables as t
from sdr_desk.server.changelog import ChangeLog

OPEN_STAGES = (Stage.NEW.value, Stage.WORKING.value)


def eligible_reps(conn: Connection, team_id: str) -> list[dict]:
    u, lead = t.users, t.leads
    open_count = (
        select(lead.c.owner_id, func.count().label("n"))
        .where(lead.c.team_id == team_id, lead.c.deleted.is_(False), lead.c.stage.in_(OPEN_STAGES))
        .group_by(lead.c.owner_id).subquery()
    )
    rows = conn.execute(
        select(u.c.id, u.c.weight, u.c.capacity, func.coalesce(open_count.c.n, 0).label("open"))
        .select_from(u.outerjoin(open_count, open_count.c.owner_id == u.c.id))
        .where(u.c.team_id == team_id, u.c.role == UserRole.SDR.value, u.c.active.is_(True),
               u.c.away.is_(False))
        .order_by(u.c.id)
    ).mappings().all()
    return [dict(r) for r in rows if r["capacity"] is None or r["open"] < r["capacity"]]


def next_rep(conn: Connection, team_id: str, *, exclude: str | None = None) -> str | None:
    """The rep who gets the next lead, advancing the rotation; None when nobody can take it."""
    team = conn.execute(
        select(t.teams.c.rr_user_id, t.teams.c.rr_count).where(t.teams.c.id == team_id).with_for_update()
    ).one()
    reps = [r for r in eligible_reps(conn, team_id) if r["id"] != exclude]
    if not reps:
        return None
    last, count = team.rr_user_id, team.rr_count or 0
    chosen = None
    for rep in reps:
        if rep["id"] == last and count < max(1, rep["weight"] or 1):
            chosen, count = rep, count + 1
            break
    if chosen is None:
        later = [r for r in reps if last is None or r["id"] > last]
        chosen, count = (later or reps)[0], 1
    conn.execute(update(t.teams).where(t.teams.c.id == team_id)
                 .values(rr_user_id=chosen["id"], rr_count=count))
    return chosen["id"]


def move_lead(
    conn: Connection,
    log: ChangeLog,
    lead: dict,
    new_owner: str | None,
    *,
    reason: str,
    now: datetime,
    actor_kind: str = "user",
    actor_id: str | None = None,
    sla_due_at: datetime | None = None,
    data_updates: dict | None = None,
    audit_detail: dict | None = None,
) -> None:
    """Gives `lead` (a leads row) to `new_owner` (None: the team pool): updates the row,
    records the assignment and the audit entry, and tells readers who lost or gained it."""
    old_owner = lead["owner_id"]
    data = dict(lead["data"])
    data["owner_id"] = new_owner
    data["updated_at"] = now.isoformat().replace("+00:00", "Z")
    values = {"owner_id": new_owner, "updated_at": now}
    if sla_due_at is not None:
        values["sla_due_at"] = sla_due_at
        data["sla_due_at"] = sla_due_at.isoformat().replace("+00:00", "Z")
    if data_updates:
        data.update(data_updates)
    values["data"] = data
    conn.execute(update(t.leads).where(t.leads.c.id == lead["id"]).values(**values))
    conn.execute(insert(t.assignments).values(
        lead_id=lead["id"], user_id=new_owner, previous_user_id=old_owner, reason=reason,
        actor_id=actor_id, at=now))
    audit.record(conn, now, "assign" if old_owner is None and reason in ("intake", "create") else "reassign",
                 actor_kind=actor_kind, actor_id=actor_id, lead_id=lead["id"],
                 target_user_id=new_owner, previous_owner_id=old_owner, reason=reason, **(audit_detail or {}))
    if old_owner is not None and old_owner != new_owner:
        log.revoke_lead(lead["id"], user_id=old_owner)
    if old_owner is None and new_owner is not None:
        # Leaving the pool: the team's other reps no longer see it.
        log.revoke_lead(lead["id"], team_id=lead["team_id"])
    log.lead_with_children(conn, lead["id"])
