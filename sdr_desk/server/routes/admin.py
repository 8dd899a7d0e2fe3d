"""Users (team leads manage their reps' availability; admins everything), SLA sweep, audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from sqlalchemy import select

from sdr_desk.core.entities import UserRole
from sdr_desk.server import admin as admin_ops
from sdr_desk.server import sla
from sdr_desk.server import tables as t
from sdr_desk.server.db import read, write
from sdr_desk.server.deps import Admin, Ctx, Staff
from sdr_desk.server.errors import ApiError, forbidden, not_found
from sdr_desk.core.sla import SlaBook, SlaRules
from sdr_desk.sync.protocol import ErrorBody, ErrorCode, ErrorDetail, SweepResult, TeamSlaView, UserUpdate, UserView

router = APIRouter(tags=["admin"])
_ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
           422: {"model": ErrorBody}}


def _view(row: Any) -> UserView:
    return UserView(id=row["id"], username=row["username"], role=UserRole(row["role"]), team_id=row["team_id"],
                    active=row["active"], away=row["away"], capacity=row["capacity"], weight=row["weight"])


@router.get("/users", response_model=list[UserView], responses=_ERRORS)
def list_users(user: Staff, ctx: Ctx) -> list[UserView]:
    query = select(t.users).order_by(t.users.c.username)
    if user.role != UserRole.ADMIN:
        query = query.where(t.users.c.team_id == user.team_id)
    with read(ctx.engine) as conn:
        return [_view(r) for r in conn.execute(query).mappings()]


@router.patch("/users/{user_id}", response_model=UserView, responses=_ERRORS)
def update_user(user_id: Annotated[str, Path(max_length=36)], body: UserUpdate, user: Staff, ctx: Ctx) -> UserView:
    def work(conn):  # type: ignore[no-untyped-def]
        target = conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
        if target is None or (user.role != UserRole.ADMIN and target["team_id"] != user.team_id):
            raise not_found("no such user in your team")
        if user.role != UserRole.ADMIN and (body.role is not None or body.active is not None):
            raise forbidden("only an admin changes roles or disables users")
        try:
            return admin_ops.update_user(conn, user_id, ctx.now(), actor_kind="user", actor_id=user.user_id,
                                         **body.model_dump(exclude_none=True))
        except admin_ops.AdminError as exc:
            raise ApiError(422, ErrorCode.INVALID_REQUEST, str(exc)) from None

    return _view(write(ctx.engine, work))


TeamId = Annotated[str, Path(min_length=1, max_length=36)]


def _team_for(conn, user, team_id: str):  # type: ignore[no-untyped-def]
    team = conn.execute(select(t.teams).where(t.teams.c.id == team_id)).mappings().first()
    if team is None or (user.role != UserRole.ADMIN and team["id"] != user.team_id):
        raise not_found("no such team, or not yours")
    return team


def _sla_view(team) -> TeamSlaView:  # type: ignore[no-untyped-def]
    return TeamSlaView(team_id=team["id"], overridden=bool(team["sla_rules"]), rules=sla.rules_of(team),
                       fallback_minutes=team["sla_seconds"] / 60)


@router.get("/teams/{team_id}/sla", response_model=TeamSlaView, responses=_ERRORS)
def team_sla(team_id: TeamId, user: Staff, ctx: Ctx) -> TeamSlaView:
    with read(ctx.engine) as conn:
        return _sla_view(_team_for(conn, user, team_id))


@router.put("/teams/{team_id}/sla", response_model=TeamSlaView, responses=_ERRORS)
def set_team_sla(team_id: TeamId, body: SlaRules, user: Staff, ctx: Ctx) -> TeamSlaView:
    """The team's own rules, in place of the bundled ones; applied to leads from now on."""
    now = ctx.now()
    try:
        SlaBook(body, sla.holidays()).check_open_time(now)
    except ValueError as exc:
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "the working hours never open", details=[
            ErrorDetail(loc=["body", "working_hours"], message=str(exc), type="value_error")]) from None
    return _store_team_sla(ctx, user, team_id, body.model_dump(mode="json"))


@router.delete("/teams/{team_id}/sla", response_model=TeamSlaView, responses=_ERRORS)
def reset_team_sla(team_id: TeamId, user: Staff, ctx: Ctx) -> TeamSlaView:
    """Back to the bundled rules (resources/rules/sla.toml)."""
    return _store_team_sla(ctx, user, team_id, None)


def _store_team_sla(ctx, user, team_id: str, rules: dict | None) -> TeamSlaView:  # type: ignore[no-untyped-def]
    def work(conn):  # type: ignore[no-untyped-def]
        team = _team_for(conn, user, team_id)
        return _sla_view(admin_ops.set_team_sla_rules(conn, team["id"], rules, ctx.now(), actor_kind="user",
                                                      actor_id=user.user_id))

    return write(ctx.engine, work)


@router.post("/admin/sla/sweep", response_model=SweepResult, responses=_ERRORS)
def sweep_now(user: Admin, ctx: Ctx) -> SweepResult:
    return SweepResult(moved=sla.sweep(ctx))


@router.get("/audit", responses=_ERRORS)
def audit_log(
    user: Admin,
    ctx: Ctx,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    a = t.audit_log
    with read(ctx.engine) as conn:
        rows = conn.execute(select(a).where(a.c.id > after).order_by(a.c.id).limit(limit)).mappings().all()
    return [{**dict(r), "at": r["at"].isoformat()} for r in rows]
