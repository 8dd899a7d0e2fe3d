"""Login, token refresh, logout and "who am I"."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from sdr_desk.server import auth, tables as t
from sdr_desk.server.db import read, write
from sdr_desk.server.deps import Ctx, User, client_address
from sdr_desk.server.errors import ApiError
from sdr_desk.sync.protocol import ErrorBody, LoginRequest, RefreshRequest, TokenPair, UserInfo

router = APIRouter(prefix="/auth", tags=["auth"])
_ERRORS = {401: {"model": ErrorBody}, 422: {"model": ErrorBody}, 429: {"model": ErrorBody}}


@router.post("/login", response_model=TokenPair, responses=_ERRORS)
def login(body: LoginRequest, request: Request, ctx: Ctx) -> TokenPair:
    outcome = write(ctx.engine, lambda conn: auth.login(conn, ctx, body.username, body.password,
                                                        client_address(request), body.client_id))
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


@router.post("/refresh", response_model=TokenPair, responses=_ERRORS)
def refresh(body: RefreshRequest, ctx: Ctx) -> TokenPair:
    outcome = write(ctx.engine, lambda conn: auth.refresh(conn, ctx, body.refresh_token, body.client_id))
    if isinstance(outcome, ApiError):
        raise outcome
    return outcome


@router.post("/logout", status_code=204, responses=_ERRORS)
def logout(user: User, ctx: Ctx) -> None:
    write(ctx.engine, lambda conn: auth.revoke_session(conn, user.session_id, "logout", ctx.now()))


@router.get("/me", response_model=UserInfo, responses=_ERRORS)
def me(user: User, ctx: Ctx) -> UserInfo:
    with read(ctx.engine) as conn:
        away = conn.execute(select(t.users.c.away).where(t.users.c.id == user.user_id)).scalar_one()
    return UserInfo(id=user.user_id, username=user.username, role=user.role, team_id=user.team_id, away=away)
