"""GET /reports/funnel, /reports/activity, /reports/sla: the team's figures, scope-checked."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from sdr_desk.core.entities import Channel, Outcome, Step
from sdr_desk.core.funnel import Period
from sdr_desk.server import reports
from sdr_desk.server.db import read
from sdr_desk.server.deps import Ctx, User
from sdr_desk.server.errors import ApiError, forbidden, not_found
from sdr_desk.sync.protocol import ErrorBody, ErrorCode

router = APIRouter(tags=["reports"])
_ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
           422: {"model": ErrorBody}}
DEFAULT_DAYS = 90
Id = Annotated[str | None, Query(max_length=36)]


def _period(since: date | None, until: date | None, now: datetime) -> Period:
    # Without `until`, up to and including this moment (a period's end is exclusive).
    end = datetime.combine(until, time(0), UTC) if until else now + timedelta(seconds=1)
    start = datetime.combine(since, time(0), UTC) if since else end - timedelta(days=DEFAULT_DAYS)
    try:
        return Period(start, end)
    except ValueError:
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "since must be before until") from None


def _scope(conn: Any, user: Any, team_id: str | None, rep_id: str | None) -> reports.Scope:
    try:
        return reports.resolve_scope(conn, user, team_id, rep_id)
    except reports.ScopeRefused as exc:
        raise forbidden(str(exc)) from None
    except reports.UnknownRep as exc:
        raise not_found(str(exc)) from None


@router.get("/reports/funnel", responses=_ERRORS)
def funnel_report(user: User, ctx: Ctx, by: Literal["rep", "team"] = "rep", since: date | None = None,
                  until: date | None = None, team_id: Id = None, rep_id: Id = None) -> dict[str, Any]:
    """Dials to SQLs per rep (or team) beside the benchmarks, and the team's median ratios."""
    with read(ctx.engine) as conn:
        scope = _scope(conn, user, team_id, rep_id)
        return reports.funnel_report(conn, scope, _period(since, until, ctx.now()), by)


@router.get("/reports/activity", responses=_ERRORS)
def activity_report(
    user: User, ctx: Ctx, team_id: Id = None, rep_id: Id = None, lead_id: Id = None,
    channel: Channel | None = None, step: Step | None = None, outcome: Outcome | None = None,
    since: date | None = None, until: date | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """The team's touches, newest first."""
    filters = {"channel": channel, "step": step, "outcome": outcome, "lead_id": lead_id,
               "since": datetime.combine(since, time(0), UTC) if since else None,
               "until": datetime.combine(until, time(0), UTC) if until else None}
    with read(ctx.engine) as conn:
        scope = _scope(conn, user, team_id, rep_id)
        return reports.activity_report(conn, scope, filters, limit, offset)


@router.get("/reports/sla", responses=_ERRORS)
def sla_report(user: User, ctx: Ctx, since: date | None = None, until: date | None = None,
               team_id: Id = None, rep_id: Id = None) -> dict[str, Any]:
    """Speed-to-lead (median, p90, distribution), SLA breaches and SLA re-assignments per rep and source."""
    now = ctx.now()
    with read(ctx.engine) as conn:
        scope = _scope(conn, user, team_id, rep_id)
        return reports.sla_report(conn, scope, _period(since, until, now), now)
