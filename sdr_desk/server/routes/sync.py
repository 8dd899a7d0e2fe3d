"""Push and pull (DESIGN.md "Sync protocol")."""

from __future__ import annotations

import gzip
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from sdr_desk.server import pull as pulling
from sdr_desk.server import push as pushing
from sdr_desk.server.db import read
from sdr_desk.server.deps import Ctx, User
from sdr_desk.server.errors import ApiError
from sdr_desk.sync.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_OPS_PER_PUSH,
    MAX_PULL_LIMIT,
    MIN_SCHEMA_VERSION,
    SCHEMA_VERSION,
    SCHEMA_VERSION_NOTE,
    SCHEMA_VERSION_RANGE,
    ErrorBody,
    ErrorCode,
    PullPage,
    PushRequest,
    PushResponse,
)

router = APIRouter(prefix="/sync", tags=["sync"])
_ERRORS = {400: {"model": ErrorBody, "description": "the client speaks a newer schema (schema_too_new)"},
           401: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
           426: {"model": ErrorBody, "description": "the client must be upgraded (upgrade_required)"}}
MAX_CURSOR = 2**62


def check_schema(version: int | None) -> None:
    if version is None:
        return
    if version < MIN_SCHEMA_VERSION:
        raise ApiError(426, ErrorCode.UPGRADE_REQUIRED,
                       f"this workstation speaks sync schema {version}; the server needs {MIN_SCHEMA_VERSION} "
                       "or later: upgrade SDR Desk", min_schema_version=MIN_SCHEMA_VERSION,
                       server_schema_version=SCHEMA_VERSION)
    if version > SCHEMA_VERSION:
        raise ApiError(400, ErrorCode.SCHEMA_TOO_NEW,
                       f"this server speaks sync schema {SCHEMA_VERSION}, older than the workstation's {version}",
                       min_schema_version=MIN_SCHEMA_VERSION, server_schema_version=SCHEMA_VERSION)


@router.post("/push", response_model=PushResponse, responses=_ERRORS)
def push(body: PushRequest, user: User, ctx: Ctx) -> Response:
    check_schema(body.schema_version)
    if len(body.ops) > MAX_OPS_PER_PUSH:
        raise ApiError(413, ErrorCode.BATCH_TOO_LARGE,
                       f"{len(body.ops)} ops in one push; send at most {MAX_OPS_PER_PUSH} per batch")
    results = pushing.push_batch(ctx.engine, ctx, user, body.client_id, body.ops)
    answer = PushResponse(results=results, server_hlc=str(ctx.server_hlc()))
    return Response(answer.model_dump_json(exclude_none=True), media_type="application/json")


@router.get("/pull", response_model=PullPage, responses=_ERRORS)
def pull(
    request: Request,
    user: User,
    ctx: Ctx,
    cursor: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT,
    schema_version: Annotated[int, Query(ge=0, le=1_000_000, json_schema_extra=SCHEMA_VERSION_RANGE,
                                         description=SCHEMA_VERSION_NOTE)] = SCHEMA_VERSION,
) -> Response:
    check_schema(schema_version)
    with read(ctx.engine) as conn:
        page = pulling.pull_page(conn, user, cursor, limit, str(ctx.server_hlc()))
    # Serialized once, in pull.py; `response_model` still documents the shape in /openapi.json.
    body = pulling.page_json(page)
    if _compress(request, body):
        return Response(gzip.compress(body, compresslevel=1), media_type="application/json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return Response(body, media_type="application/json", headers={"Vary": "Accept-Encoding"})


COMPRESS_FROM_BYTES = 64 * 1024
_LOOPBACK = ("127.", "::1", "localhost")


def _compress(request: Request, body: bytes) -> bool:
    """gzip pays for a large page that crosses a network (a lead's JSON shrinks about tenfold);
    to a client on this machine it costs both ends more CPU than the bytes it saves."""
    if len(body) < COMPRESS_FROM_BYTES or "gzip" not in request.headers.get("accept-encoding", ""):
        return False
    host = request.client.host if request.client else ""
    return not host.startswith(_LOOPBACK)
