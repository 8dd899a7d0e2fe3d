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
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import unquote_to_bytes

from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import text

from sdr_desk.core.clock import Clock, utc_now
from sdr_desk.server import errors, sla
from sdr_desk.server.context import ServerContext, Settings
from sdr_desk.server.db import make_engine, normalise_url, read
from sdr_desk.server.routes import admin, auth, intake, reports, sync
from sdr_desk.sync.protocol import API_PREFIX, MAX_BODY_BYTES, MAX_JSON_DEPTH, SCHEMA_VERSION, ErrorBody, ErrorCode, ErrorDetail, Health

DB_URL_ENV = "SDR_DESK_DB_URL"
request_log = logging.getLogger("sdr_desk.server.requests")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(body: bytes, limit: int) -> int:
    """How deeply arrays and objects nest in `body`, counted without parsing and without
    recursion (a parser would overflow the stack first). Escaped quotes and backslashes go,
    then strings, so brackets inside text do not count. Stops once past `limit`."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return 0
    plain = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    brackets = _STRING.sub(b"", plain).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        else:
            depth -= 1
    return deepest


def _bad_text(text: str) -> bool:
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def bad_strings(value: Any) -> bool:
    """NUL characters and lone surrogates anywhere in parsed JSON: JSON allows them, databases
    and UTF-8 do not. Walked with a stack, not recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _bad_text(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _parsed_as_json(headers: dict[bytes, bytes]) -> bool:
    """Whether the routes would parse the body as JSON: no content type, or any JSON type
    (application/json, application/*+json; a superset, to be safe)."""
    media = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
    return not media or b"json" in media


class GuardBody:
    """Refuses, before routing, what no route should see: NUL characters in the path or query
    (422), bodies over the cap (413), JSON nested deeper than MAX_JSON_DEPTH, JSON that does
    not parse, and text no database can store (422). Every malformed request is a 4xx."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, max_depth: int = MAX_JSON_DEPTH) -> None:
        self.app, self.limit, self.max_depth = app, limit, max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = self._bad_target(scope)
        if where:
            await self._refuse(send, 422, ErrorCode.INVALID_REQUEST,
                               f"the {where} must not contain NUL characters or invalid text",
                               [ErrorDetail(loc=[where], message="invalid characters", type="string_type")])
            return
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
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
                return  # the client went away mid-body: nobody to answer (RequestLog notes it)
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
        if body.strip() and _parsed_as_json(headers):
            problem = self._check_json(body)
            if problem is not None:
                message, detail = problem
                await self._refuse(send, 422, ErrorCode.INVALID_REQUEST, message, [detail])
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
    def _bad_target(scope: Scope) -> str | None:
        if _bad_text(scope.get("path", "")):
            return "path"
        query = scope.get("query_string") or b""
        if b"\x00" in unquote_to_bytes(query):
            return "query"
        return None

    def _check_json(self, body: bytes) -> tuple[str, ErrorDetail] | None:
        if json_depth(body, self.max_depth) > self.max_depth:
            return (f"JSON nested deeper than {self.max_depth} levels",
                    ErrorDetail(loc=["body"], message="nested too deeply", type="json_too_deep"))
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return ("the body is not valid JSON",
                    ErrorDetail(loc=["body"], message="not valid JSON", type="json_invalid"))
        if (b"\\u" in body or b"\x00" in body) and bad_strings(parsed):
            return ("text must not contain NUL characters or unpaired surrogates",
                    ErrorDetail(loc=["body"], message="invalid characters", type="string_type"))
        return None

    @staticmethod
    async def _refuse(send: Send, status: int, code: ErrorCode, message: str,
                      details: list[ErrorDetail] | None = None) -> None:
        payload = ErrorBody(error=code, message=message, details=details or []).model_dump_json(exclude_none=True)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": payload.encode()})


CLIENT_CLOSED = 499  # the usual log status for "the client went away before the answer"


class RequestLog:
    """One structured (JSON) log line per request: id, method, path, status, duration.

    A request whose client went away before any answer was sent is logged with status 499 and
    outcome "client_disconnected", not as a server error."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        status: int | None = None
        disconnected = False

        async def receive_wrapper() -> Message:
            nonlocal disconnected
            message = await receive()
            if message["type"] == "http.disconnect":
                disconnected = True
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        failed = True
        try:
            await self.app(scope, receive_wrapper, send_wrapper)
            failed = False
        finally:
            if request_log.isEnabledFor(logging.INFO):
                if status is not None:
                    logged, outcome = status, "answered"
                elif disconnected:
                    logged, outcome = CLIENT_CLOSED, "client_disconnected"
                else:
                    logged, outcome = 500, "failed" if failed else "no_answer"
                client = scope.get("client")
                request_log.info(json.dumps({
                    "request_id": request_id, "method": scope["method"], "path": scope["path"],
                    "status": logged, "outcome": outcome,
                    "ms": round((time.perf_counter() - started) * 1000, 2),
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
    _document_guard_answers(app)
    app.add_middleware(GuardBody)
    app.add_middleware(RequestLog)
    return app


_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}


def _document_guard_answers(app: FastAPI) -> None:
    """GuardBody answers before any route: every operation can get 422 (NUL in the path or
    query), every operation with a body 413 and 422 (too large, too deep, not JSON). The
    document lists them, with the ErrorBody shape the server actually sends."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = build()
        for item in document.get("paths", {}).values():
            for method, operation in item.items():
                answers = operation.setdefault("responses", {})
                answers["422"] = {"description": "the request is not valid (see details)", "content": _ERROR_CONTENT}
                if method in ("post", "put", "patch"):
                    answers.setdefault("413", {"description": "the body is over the size cap",
                                               "content": _ERROR_CONTENT})
        schemas = document.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_env() -> FastAPI:
    url = os.environ.get(DB_URL_ENV)
    if not url:
        raise RuntimeError(f"set {DB_URL_ENV} to the server database URL")
    interval = os.environ.get("SDR_DESK_SWEEP_INTERVAL")
    batch = os.environ.get("SDR_DESK_SWEEP_BATCH")
    settings = Settings(sweep_interval_s=float(interval) if interval else Settings.sweep_interval_s,
                        sweep_batch=int(batch) if batch else Settings.sweep_batch)
    return create_app(url, settings=settings)
