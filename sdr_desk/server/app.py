"""The FastAPI application factory. No module-level state: every process builds its own app
over the shared database, so any number of them can serve side by side.

    uvicorn --factory sdr_desk.server.app:app_from_env   # reads SDR_DESK_DB_URL
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any

from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import text

from sdr_desk.core.clock import Clock, utc_now
from sdr_desk.server import errors, sla
from sdr_desk.server.context import ServerContext, Settings
from sdr_desk.server.db import make_engine, normalise_url, read
from sdr_desk.server.routes import admin, auth, intake, reports, sync
from sdr_desk.sync.protocol import API_PREFIX, MAX_BODY_BYTES, SCHEMA_VERSION, ErrorBody, ErrorCode, ErrorDetail, Health

DB_URL_ENV = "SDR_DESK_DB_URL"
request_log = logging.getLogger("sdr_desk.server.requests")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _bad_strings(value: Any) -> bool:
    """NUL characters and lone surrogates: JSON allows them, databases and UTF-8 do not."""
    if isinstance(value, str):
        if "\x00" in value:
            return True
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_bad_strings(k) or _bad_strings(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_strings(v) for v in value)
    return False


class GuardBody:
    """Caps request bodies (413) and refuses text no database can store (422), before routing."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(send, 413, ErrorCode.BODY_TOO_LARGE, f"request bodies are capped at {self.limit} bytes")
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._refuse(send, 413, ErrorCode.BODY_TOO_LARGE,
                                   f"request bodies are capped at {self.limit} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if b"\\u" in body or b"\x00" in body:
            try:
                parsed = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                parsed = None  # not JSON: the route's own validation answers
            if parsed is not None and _bad_strings(parsed):
                await self._refuse(send, 422, ErrorCode.INVALID_REQUEST,
                                   "text must not contain NUL characters or unpaired surrogates",
                                   [ErrorDetail(loc=["body"], message="invalid characters", type="string_type")])
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    async def _refuse(send: Send, status: int, code: ErrorCode, message: str,
                      details: list[ErrorDetail] | None = None) -> None:
        payload = ErrorBody(error=code, message=message, details=details or []).model_dump_json(exclude_none=True)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload.encode()})


class RequestLog:
    """One structured (JSON) log line per request: id, method, path, status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            if request_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                request_log.info(json.dumps({
                    "request_id": request_id, "method": scope["method"], "path": scope["path"],
                    "status": status, "ms": round((time.perf_counter() - started) * 1000, 2),
                    "client": client[0] if client else None,
                }))


def create_app(
    db_url: str,
    *,
    clock: Clock = utc_now,
    settings: Settings | None = None,
    hasher: PasswordHasher | None = None,
) -> FastAPI:
    """A server over `db_url` (already migrated: `sdr-desk server migrate`)."""
    engine = make_engine(db_url)
    ctx = ServerContext(engine=engine, url=normalise_url(db_url), clock=clock, settings=settings or Settings(),
                        hasher=hasher or PasswordHasher())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = None
        if ctx.settings.sweep_interval_s:
            task = asyncio.create_task(sla.run_forever(ctx, ctx.settings.sweep_interval_s))
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            engine.dispose()

    app = FastAPI(title="SDR Desk server", version=str(SCHEMA_VERSION), lifespan=lifespan,
                  description="The central server the SDR Desk workstations sync with.")
    app.state.ctx = ctx
    errors.install(app)

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        with read(engine) as conn:
            conn.execute(text("SELECT 1"))
        return Health(status="ok", schema_version=SCHEMA_VERSION, database=engine.dialect.name)

    for router in (auth.router, sync.router, intake.router, admin.router, reports.router):
        app.include_router(router, prefix=API_PREFIX)
    app.add_middleware(GuardBody)
    app.add_middleware(RequestLog)
    return app


def app_from_env() -> FastAPI:
    url = os.environ.get(DB_URL_ENV)
    if not url:
        raise RuntimeError(f"set {DB_URL_ENV} to the server database URL")
    interval = os.environ.get("SDR_DESK_SWEEP_INTERVAL")
    batch = os.environ.get("SDR_DESK_SWEEP_BATCH")
    settings = Settings(sweep_interval_s=float(interval) if interval else Settings.sweep_interval_s,
                        sweep_batch=int(batch) if batch else Settings.sweep_batch)
    return create_app(url, settings=settings)
