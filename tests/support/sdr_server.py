"""Running the SDR Desk server for tests: real HTTP on loopback.

- `ServerProcess(url)`: `uvicorn --factory sdr_desk.server.app:app_from_env` in a child
  process (stop, SIGKILL and restart it); several may share one database.
- `ThreadedServer()`: one uvicorn in a thread of the test process, serving whichever app is
  mounted (`mount(app)`), so a test can build its app with a movable clock and still talk HTTP.
- `prepare_database(url, ...)`: migrate a database and add a team, users and an intake key.

    with temporary_database() as url:          # tests/support/postgres.py, or a sqlite:/// URL
        world = prepare_database(url, users={"rep-a": "sdr", "rep-b": "sdr", "lead-n": "lead"})
        with ServerProcess(url) as server:     # server.base_url, server.kill(), server.restart()
            ...                                # log in as "rep-a" with world.password
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

DEFAULT_PASSWORD = "test-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before it was healthy")
        try:
            if httpx.get(base_url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.05)
    raise TimeoutError(f"server at {base_url} not healthy after {timeout}s: {last}")


class ServerProcess:
    def __init__(self, db_url: str, *, port: int | None = None, sweep_interval: float = 0.0,
                 env: dict[str, str] | None = None) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.sweep_interval = sweep_interval
        self.extra_env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        env = dict(os.environ, SDR_DESK_DB_URL=self.db_url, SDR_DESK_SWEEP_INTERVAL=str(self.sweep_interval),
                   **self.extra_env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "sdr_desk.server.app:app_from_env",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning", "--no-access-log"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_healthy(self.base_url, proc=self.proc)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()

    def restart(self) -> ServerProcess:
        """Stops (or finds dead) and starts again on the same port, as after a crash."""
        self.stop()
        return self.start()

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class ThreadedServer:
    def __init__(self) -> None:
        import uvicorn

        self.port = free_port()
        self.target: ASGIApp | None = None
        config = uvicorn.Config(self._dispatch, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off", ws="none", http="h11", access_log=False,
                                interface="asgi3")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="sdr-server", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _dispatch(self, scope: Scope, receive: Any, send: Any) -> None:
        if self.target is None:
            raise RuntimeError("no app mounted")
        await self.target(scope, receive, send)

    def mount(self, app: ASGIApp | None) -> None:
        self.target = app

    def start(self) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server thread did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


class World:
    def __init__(self, team_id: str, user_ids: dict[str, str], api_key: str, password: str) -> None:
        self.team_id, self.user_ids, self.api_key, self.password = team_id, user_ids, api_key, password


def prepare_database(url: str, *, team: str = "north", sla_minutes: float = 60,
                     users: dict[str, str] | None = None, password: str = DEFAULT_PASSWORD) -> World:
    """Migrates `url` and adds one team, its users ({name: "sdr"|"lead"|"admin"}) and a web-form key."""
    from argon2 import PasswordHasher

    from sdr_desk.core.entities import LeadSource, UserRole
    from sdr_desk.server import admin
    from sdr_desk.server.context import ServerContext
    from sdr_desk.server.db import make_engine, write
    from sdr_desk.server.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    ctx = ServerContext(engine=engine, url=url, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        team_id = write(engine, lambda c: admin.create_team(c, team, round(sla_minutes * 60), ctx.now()))
        ids = {}
        for name, role in (users or {"rep-a": "sdr"}).items():
            ids[name] = write(engine, lambda c, name=name, role=role: admin.create_user(
                c, ctx, name, password, UserRole(role), None if role == "admin" else team))
        key = write(engine, lambda c: admin.create_api_key(c, LeadSource.WEB_FORM, team, ctx.now()))[1]
    finally:
        engine.dispose()
    return World(team_id, ids, key, password)
