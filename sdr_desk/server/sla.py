"""The SLA sweeper: an inbound lead nobody touched within its SLA moves to the next rep.

Overdue leads are taken with FOR UPDATE SKIP LOCKED, so sweepers in several server
processes split the work and never move the same lead twice; the rotation itself is
serialized on the team row (assignment.next_rep).
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update

from sdr_desk.core.entities import Direction, Stage
from sdr_desk.server import assignment, audit, auth, wire
from sdr_desk.server import tables as t
from sdr_desk.server.changelog import ChangeLog
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import write

log = logging.getLogger("sdr_desk.server.sla")


def _sweep(conn: Connection, now: datetime, batch: int) -> tuple[int, int]:
    lead = t.leads
    rows = conn.execute(
        select(lead)
        .where(lead.c.direction == Direction.INBOUND.value, lead.c.first_touch_at.is_(None),
               lead.c.deleted.is_(False), lead.c.stage == Stage.NEW.value, lead.c.sla_due_at <= now,
               lead.c.team_id.is_not(None))
        .order_by(lead.c.sla_due_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).mappings().all()
    changes = ChangeLog()
    moved = 0
    for row in rows:
        row = dict(row)
        sla = conn.execute(select(t.teams.c.sla_seconds).where(t.teams.c.id == row["team_id"])).scalar_one()
        due = now + timedelta(seconds=sla)
        new_owner = assignment.next_rep(conn, row["team_id"], exclude=row["owner_id"])
        if new_owner is None:  # nobody else can take it: the clock restarts with the same rep
            data = dict(row["data"], sla_due_at=wire.iso(due))
            conn.execute(update(lead).where(lead.c.id == row["id"]).values(sla_due_at=due, data=data, updated_at=now))
            audit.record(conn, now, "sla_missed", actor_kind="system", lead_id=row["id"],
                         target_user_id=row["owner_id"])
            changes.lead(row["id"])
            continue
        assignment.move_lead(conn, changes, row, new_owner, reason="sla", now=now, actor_kind="system",
                             actor_id=f"sweeper:{os.getpid()}", sla_due_at=due)
        moved += 1
    changes.flush(conn, now)
    return moved, len(rows)


def sweep(ctx: ServerContext, now: datetime | None = None) -> int:
    """Moves every overdue lead once; returns how many moved."""
    moment = now or ctx.now()
    total = 0
    while True:
        moved, seen = write(ctx.engine, lambda conn: _sweep(conn, moment, ctx.settings.sweep_batch))
        total += moved
        if seen < ctx.settings.sweep_batch:
            return total


def housekeeping(ctx: ServerContext) -> None:
    write(ctx.engine, lambda conn: auth.purge_expired(conn, ctx.now(), keep_attempts_s=7 * 24 * 3600))


async def run_forever(ctx: ServerContext, interval: float) -> None:
    rounds = 0
    while True:
        await asyncio.sleep(interval)
        try:
            moved = await asyncio.to_thread(sweep, ctx)
            if moved:
                log.info("sla sweep moved %d leads", moved)
            rounds += 1
            if rounds % 100 == 0:
                await asyncio.to_thread(housekeeping, ctx)
        except Exception:  # the loop must outlive a failed round (e.g. the database restarting)
            log.exception("sla sweep failed")
