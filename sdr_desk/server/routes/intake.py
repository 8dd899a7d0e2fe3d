"""Inbound leads from web forms and marketing-automation tools, with a per-source API key."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from sqlalchemy import select

from sdr_desk.server import intake, tables as t
from sdr_desk.server.db import read, write
from sdr_desk.server.deps import Ctx
from sdr_desk.server.errors import ApiError, unauthenticated
from sdr_desk.sync.protocol import ErrorBody, ErrorCode, IntakeLeadRequest, IntakeLeadResponse

router = APIRouter(prefix="/intake", tags=["intake"])


@router.post("/leads", response_model=IntakeLeadResponse, status_code=201,
             responses={200: {"model": IntakeLeadResponse, "description": "merged into an existing lead"},
                        401: {"model": ErrorBody}, 422: {"model": ErrorBody}})
def take_lead(
    body: IntakeLeadRequest,
    ctx: Ctx,
    x_api_key: Annotated[str | None, Header(max_length=200)] = None,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    if not x_api_key:
        raise unauthenticated("an intake API key is required (X-API-Key)")
    with read(ctx.engine) as conn:
        key = conn.execute(select(t.api_keys).where(
            t.api_keys.c.key_hash == hashlib.sha256(x_api_key.encode()).hexdigest(),
            t.api_keys.c.revoked_at.is_(None))).first()
    if key is None:
        raise unauthenticated("unknown or revoked API key")
    contact, errors = intake.check(body)
    if errors:
        raise ApiError(422, ErrorCode.INVALID_REQUEST, "some fields are not valid", details=errors)
    idem = idempotency_key or body.idempotency_key
    now = ctx.now()
    status, answer = write(ctx.engine, lambda conn: intake.take(conn, key, body, contact, idem, now,
                                                                str(ctx.server_hlc())))
    return JSONResponse(answer.model_dump(mode="json"), status_code=status)
