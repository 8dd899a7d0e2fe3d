"""Speed-to-lead on the server: each team's SLA rules, due times, and the sweeper.

A team runs on resources/rules/sla.toml (core.sla) unless it stored its own rules
(teams.sla_rules, set through the API); the team's `sla_seconds` is the window for leads no
policy covers. Clocks count only the team's working hours, skipping weekends and holidays.

The sweeper moves an inbound lead nobody touched by its due time to the next working rep,
only while the team is at work, and audits why. Overdue leads are taken with FOR UPDATE SKIP
LOCKED, so sweepers in several server processes split the work and never move the same lead
twice; the rotation itself is serialized on the team row (assignment.next_rep).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, select, update

from sdr_desk.core.callwindows import HolidayRules, load_holiday_rules
from sdr_desk.core.entities import Direction, EntityKind, Grade, LeadSource, Stage
from sdr_desk.core.sla import SlaBook, SlaRules, load_sla_rules
from sdr_desk.server import assignment, audit, auth, wire
from sdr_desk.server import tables as t
from sdr_desk.server.changelog import ChangeLog
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import write

log = logging.getLogger("sdr_desk.server.sla")


@lru_cache(maxsize=1)
def bundled_rules() -> SlaRules:
    return load_sla_rules()


@lru_cache(maxsize=1)
def holidays() -> HolidayRules:
    return load_holiday_rules()


_books: dict[str, SlaBook] = {}
_books_lock = threading.Lock()


def rules_of(team: Mapping[str, Any]) -> SlaRules:
    """The team's own rules if it stored any, else the bundled ones."""
    stored = team.get("sla_rules")
    if not stored:
        return bundled_rules()
    try:
        return SlaRules.model_validate(stored)
    except ValidationError:  # validated when stored; a hand-edited row must not stop the clock
        log.exception("team %s has unusable SLA rules; using the bundled ones", team.get("id"))
        return bundled_rules()


def book_of(team: Mapping[str, Any]) -> SlaBook:
    """A calendar per distinct rule set, kept: its day cache makes the sweeper cheap."""
    stored = team.get("sla_rules")
    key = json.dumps(stored, sort_keys=True) if stored else ""
    book = _books.get(key)
    if book is None:
        book = SlaBook(rules_of(team), holidays())
        with _books_lock:
            if len(_books) > 256:
                _books.clear()
            _books[key] = book
    return book


def lead_grade(conn: Connection, data: Mapping[str, Any]) -> Grade:
    """The account's grade when it has one, else by direction (inbound leads are grade B)."""
    account_id = data.get("account_id")
    if account_id:
        account = conn.execute(select(t.records.c.data).where(
            t.records.c.id == account_id, t.records.c.entity == EntityKind.ACCOUNT.value)).scalar()
        if account and account.get("grade") in tuple(Grade):
            return Grade(account["grade"])
    return Grade.A if data.get("direction") == Direction.OUTBOUND.value else Grade.B


def lead_source(data: Mapping[str, Any]) -> LeadSource:
    source = data.get("source")
    if source in tuple(LeadSource):
        return LeadSource(source)
    return LeadSource.OUTBOUND_LIST if data.get("direction") == Direction.OUTBOUND.value else LeadSource.WEB_FORM


def due_for(conn: Connection, team: Mapping[str, Any], data: Mapping[str, Any],
            start: datetime) -> tuple[datetime, str]:
    """When a lead with wire `data` must get its first touch, counting from `start`, and the
    rule that says so (for the audit log)."""
    return book_of(team).deadline(lead_source(data), lead_grade(conn, data), start,
                                  timedelta(seconds=team["sla_seconds"]))


def due_for_new_lead(conn: Connection, team_id: str, data: Mapping[str, Any], now: datetime) -> datetime:
    """The SLA due time of a lead a rep just created (capture, import)."""
    team = conn.execute(select(t.teams).where(t.teams.c.id == team_id)).mappings().one()
    return due_for(conn, team, data, now)[0]


def _sweep(conn: Connection, now: datetime, batch: int) -> tuple[int, int]:
    teams = {row["id"]: row for row in conn.execute(select(t.teams)).mappings()}
    # Outside a team's working hours nothing moves: the reps are not there to take it.
    working = [team_id for team_id, team in teams.items() if book_of(team).is_working(now)]
    if not working:
        return 0, 0
    lead = t.leads
    rows = conn.execute(
        select(lead)
        .where(lead.c.direction == Direction.INBOUND.value, lead.c.first_touch_at.is_(None),
               lead.c.deleted.is_(False), lead.c.stage == Stage.NEW.value, lead.c.sla_due_at <= now,
               lead.c.team_id.in_(working))
        .order_by(lead.c.sla_due_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
    ).mappings().all()
    changes = ChangeLog()
    moved = 0
    for row in rows:
        row = dict(row)
        due, rule = due_for(conn, teams[row["team_id"]], row["data"], now)
        why = {"missed_due_at": wire.iso(row["sla_due_at"]), "rule": rule, "next_due_at": wire.iso(due)}
        new_owner = assignment.next_rep(conn, row["team_id"], exclude=row["owner_id"])
        if new_owner is None:  # nobody else is working: the clock restarts with the same rep
            data = dict(row["data"], sla_due_at=wire.iso(due))
            conn.execute(update(lead).where(lead.c.id == row["id"]).values(sla_due_at=due, data=data, updated_at=now))
            audit.record(conn, now, "sla_missed", actor_kind="system", lead_id=row["id"],
                         target_user_id=row["owner_id"], why="no other rep is working", **why)
            changes.lead(row["id"])
            continue
        assignment.move_lead(conn, changes, row, new_owner, reason="sla", now=now, actor_kind="system",
                             actor_id=f"sweeper:{os.getpid()}", sla_due_at=due,
                             audit_detail={"why": "first touch overdue", **why})
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
