"""Request dependencies: the server context and the authenticated user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sdr_desk.core.entities import UserRole
from sdr_desk.server.auth import Principal, authenticate
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import read
from sdr_desk.server.errors import forbidden, unauthenticated

_bearer = HTTPBearer(auto_error=False, description="access token from /api/v1/auth/login")


def context(request: Request) -> ServerContext:
    return request.app.state.ctx


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def principal(
    ctx: Annotated[ServerContext, Depends(context)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise unauthenticated("an access token is required (Authorization: Bearer ...)")
    token = credentials.credentials
    if len(token) > 500:
        raise unauthenticated("unknown access token")
    with read(ctx.engine) as conn:
        return authenticate(conn, token, ctx.now())


def staff(p: Annotated[Principal, Depends(principal)]) -> Principal:
    if p.role == UserRole.SDR:
        raise forbidden("team leads and admins only")
    return p


def admin(p: Annotated[Principal, Depends(principal)]) -> Principal:
    if p.role != UserRole.ADMIN:
        raise forbidden("admins only")
    return p


Ctx = Annotated[ServerContext, Depends(context)]
User = Annotated[Principal, Depends(principal)]
Staff = Annotated[Principal, Depends(staff)]
Admin = Annotated[Principal, Depends(admin)]
