"""Fixtures for server tests. Every `db_url` test runs twice: on SQLite and on PostgreSQL.

- `db_url`: a migrated, empty database (SQLite file per test; one PostgreSQL database per
  run, emptied before each test).
- `clock`: a movable clock the app uses for "now" (tokens, SLA, clamping).
- `api`: an app over `db_url` served over real HTTP on loopback, with helpers to make teams,
  users and API keys and to log in (see `Api`).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.postgres import temporary_database  # noqa: E402
from tests.support.sdr_server import ThreadedServer  # noqa: E402

from sdr_desk.core.entities import EntityKind, LeadSource, OpKind, UserRole  # noqa: E402
from sdr_desk.core.hlc import Hlc  # noqa: E402
from sdr_desk.core.ids import new_id  # noqa: E402
from sdr_desk.server import admin  # noqa: E402
from sdr_desk.server.app import create_app  # noqa: E402
from sdr_desk.server.context import Settings  # noqa: E402
from sdr_desk.server.db import write  # noqa: E402
from sdr_desk.server.migrate import upgrade  # noqa: E402
from sdr_desk.server.tables import metadata  # noqa: E402
from sdr_desk.sync.protocol import PullPage, PushResponse  # noqa: E402

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct-horse-1"
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class MovableClock:
    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def _pg_database() -> Iterator[str]:
    with temporary_database("sdr_server_test") as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "server.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def empty_postgres(url: str) -> None:
    from sdr_desk.server.db import make_engine

    engine = make_engine(url)
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables if table.name != "sync_counter")
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        conn.execute(text("UPDATE sync_counter SET value = 0"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("_pg_database")
    empty_postgres(url)
    return url


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture(scope="session")
def http_server() -> Iterator[ThreadedServer]:
    server = ThreadedServer().start()
    yield server
    server.stop()


class Session:
    """A logged-in user talking to the server over HTTP."""

    def __init__(self, api: Api, info: dict[str, Any]) -> None:
        self.api = api
        self.tokens = info
        self.user_id: str = info["user"]["id"]
        self.team_id: str | None = info["user"]["team_id"]
        self.client_id = "ws-" + new_id()[-12:]
        self.seq = 0

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def get(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        return self.api.http.get(path, headers={**self.headers, **(headers or {})}, **kw)

    def post(self, path: str, headers: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        return self.api.http.post(path, headers={**self.headers, **(headers or {})}, **kw)

    def op(self, entity: EntityKind | str, entity_id: str, kind: OpKind | str, fields: dict | None = None,
           hlc: Hlc | None = None) -> dict[str, Any]:
        self.seq += 1
        self.api.ticks += 1  # one clock for all sessions of a test: later ops sort later
        stamp = hlc or Hlc(int(self.api.clock().timestamp() * 1000), self.api.ticks % 100000)
        return {"op_id": new_id(), "client_id": self.client_id, "client_seq": self.seq, "entity": str(entity),
                "entity_id": entity_id, "kind": str(kind), "fields": fields or {}, "hlc": str(stamp)}

    def push(self, *ops: dict[str, Any], schema_version: int = 1) -> httpx.Response:
        return self.post("/api/v1/sync/push", json={"client_id": self.client_id, "schema_version": schema_version,
                                                    "ops": list(ops)})

    def push_ok(self, *ops: dict[str, Any]) -> list[dict[str, Any]]:
        response = self.push(*ops)
        assert response.status_code == 200, response.text
        PushResponse.model_validate(response.json())  # the documented shape, exactly
        return response.json()["results"]

    def pull(self, cursor: int = 0, limit: int = 500) -> dict[str, Any]:
        response = self.get("/api/v1/sync/pull", params={"cursor": cursor, "limit": limit})
        assert response.status_code == 200, response.text
        PullPage.model_validate(response.json())  # the documented shape, exactly
        return response.json()

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[dict[tuple[str, str], dict], int]:
        """Everything visible, as the client would hold it: {(entity, id): change}; and the cursor."""
        view: dict[tuple[str, str], dict] = {}
        while True:
            page = self.pull(cursor, limit)
            for change in page["changes"]:
                key = (change["entity"], change["entity_id"])
                if change["kind"] == "upsert":
                    view[key] = change
                else:
                    view.pop(key, None)
                    if change["kind"] == "revoke" and change["entity"] == "lead":
                        for other in [k for k, v in view.items() if v.get("lead_id") == change["entity_id"]]:
                            view.pop(other)
            cursor = page["cursor"]
            if not page["has_more"]:
                return view, cursor

    def new_lead(self, **fields: Any) -> str:
        lead_id = new_id()
        result = self.push_ok(self.op("lead", lead_id, "create", {"full_name": "Lead " + lead_id[-6:], **fields}))
        assert result[0]["status"] == "applied", result
        return lead_id


class Api:
    """The app over `db_url`, mounted on the shared loopback HTTP server."""

    def __init__(self, db_url: str, clock: MovableClock, http_server: ThreadedServer,
                 settings: Settings | None = None) -> None:
        self.db_url = db_url
        self.clock = clock
        self.ticks = 0
        self.app = create_app(db_url, clock=clock, settings=settings or Settings(sweep_interval_s=None),
                              hasher=FAST_HASHER)
        self.ctx = self.app.state.ctx
        http_server.mount(self.app)
        self.http = httpx.Client(base_url=http_server.base_url, timeout=60)

    def close(self) -> None:
        self.http.close()
        self.ctx.engine.dispose()

    def team(self, name: str, sla_minutes: float = 60) -> str:
        return write(self.ctx.engine, lambda c: admin.create_team(c, name, int(sla_minutes * 60), self.clock()))

    def user(self, name: str, role: str | UserRole = "sdr", team: str | None = None, **kw: Any) -> str:
        return write(self.ctx.engine, lambda c: admin.create_user(c, self.ctx, name, PASSWORD, UserRole(role),
                                                                   team, **kw))

    def set_user(self, user_id: str, **changes: Any) -> None:
        write(self.ctx.engine, lambda c: admin.update_user(c, user_id, self.clock(), actor_kind="test",
                                                          actor_id=None, **changes))

    def api_key(self, team: str, source: LeadSource = LeadSource.WEB_FORM) -> str:
        return write(self.ctx.engine, lambda c: admin.create_api_key(c, source, team, self.clock()))[1]

    def login(self, name: str, password: str = PASSWORD, client_id: str | None = None) -> Session:
        body = {"username": name, "password": password}
        if client_id is not None:
            body["client_id"] = client_id
        response = self.http.post("/api/v1/auth/login", json=body)
        assert response.status_code == 200, response.text
        return Session(self, response.json())

    def intake(self, key: str, body: dict[str, Any], **headers: str) -> httpx.Response:
        return self.http.post("/api/v1/intake/leads", json=body, headers={"X-API-Key": key, **headers})


@pytest.fixture
def api(db_url: str, clock: MovableClock, http_server: ThreadedServer) -> Iterator[Api]:
    server_api = Api(db_url, clock, http_server)
    yield server_api
    http_server.mount(None)
    server_api.close()
