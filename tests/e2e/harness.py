"""End-to-end harness: a real server process on loopback, a fault-injecting HTTP proxy in
front of it, and workstations (real caches, real SyncClient) that sync through the proxy."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the server --------------------------------------------------------------------------------


class ServerProcess:
    """`python -m sdr_desk server run` on a fixed loopback port; can be SIGKILLed and restarted."""

    def __init__(self, db_url: str, workdir: Path) -> None:
        self.db_url = db_url
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0
        workdir.mkdir(parents=True, exist_ok=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.starts += 1
        log = (self.workdir / f"server-{self.starts}.log").open("wb")
        env = {**os.environ, "SDR_DESK_PROFILE": str(self.workdir / "profile")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sdr_desk", "server", "run", "--db-url", self.db_url,
             "--port", str(self.port), "--sweep-interval", "0", "--no-migrate"],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env=env,
        )
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            with contextlib.suppress(httpx.TransportError):  # not listening yet
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, whatever was in flight is cut off."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self) -> str:
        logs = sorted(self.workdir.glob("server-*.log"))
        return logs[-1].read_text(errors="replace")[-2000:] if logs else ""

    def engine(self) -> Any:
        from sdr_desk.server.db import make_engine

        return make_engine(self.db_url)


@dataclass
class Staff:
    team: str
    reps: dict[str, str]  # username -> user id
    lead: tuple[str, str]  # team lead's username, id


def make_team(server: ServerProcess, team: str, reps: list[str], lead: str) -> Staff:
    """Team and users written straight into the server database, as `sdr-desk server` would."""
    from sdr_desk.core.entities import UserRole
    from sdr_desk.server.admin import create_team, create_user
    from sdr_desk.server.context import ServerContext
    from sdr_desk.server.db import write

    engine = server.engine()
    ctx = ServerContext(engine=engine, url=server.db_url)
    try:
        write(engine, lambda conn: create_team(conn, team, 3600, ctx.now()))
        ids = {
            name: write(engine, lambda conn, n=name: create_user(conn, ctx, n, PASSWORD, UserRole.SDR, team))
            for name in reps
        }
        lead_id = write(engine, lambda conn: create_user(conn, ctx, lead, PASSWORD, UserRole.LEAD, team))
    finally:
        engine.dispose()
    return Staff(team=team, reps=ids, lead=(lead, lead_id))


# --- the fault-injecting proxy -----------------------------------------------------------------

DROP_RESPONSE = "drop_response"  # forwarded, the server answered (and committed), the client gets nothing
RESET = "reset"  # the connection is reset mid-request, before the server sees it
DUPLICATE = "duplicate"  # the server receives the request twice, at the same time
DELAY = "delay"  # held for a while before it is forwarded
FAULTS = (DROP_RESPONSE, RESET, DUPLICATE, DELAY)


def _read_head(sock: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _rst(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()


@dataclass
class FaultProxy:
    upstream_port: int
    seed: int = 0
    rate: float = 0.0  # chance of a random fault on a sync request
    delay_s: float = 0.3
    planned: list[str] = field(default_factory=list)  # faults for the next sync requests, in order
    planned_refresh: list[str] = field(default_factory=list)  # faults for the next token refreshes
    on_forward: Callable[[str], None] | None = None  # called as a request goes upstream
    log: list[tuple[str, str | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def faults_applied(self) -> list[str]:
        return [f for _path, f in self.log if f]

    def _choose(self, path: str) -> str | None:
        if path.endswith("/auth/refresh"):
            with self._lock:
                return self.planned_refresh.pop(0) if self.planned_refresh else None
        if "/sync/" not in path:
            return None  # login stays clean
        with self._lock:
            if self.planned:
                return self.planned.pop(0)
            if self.rate and self._rng.random() < self.rate:
                return self._rng.choice(FAULTS)
        return None

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=60) as up:
            up.sendall(request)
            if self.on_forward:
                self.on_forward(request.split(b" ", 2)[1].decode())
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def _serve(self, client: socket.socket) -> None:
        got = _read_head(client)
        if got is None:
            return
        head, body = got
        lines = head.split(b"\r\n")
        path = lines[0].split(b" ")[1].decode()
        length = 0
        kept = [lines[0]]
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            if name.strip().lower() in (b"connection", b"keep-alive"):
                continue
            kept.append(line)
        fault = self._choose(path)
        with self._lock:
            self.log.append((path, fault))
        if fault == RESET:
            _rst(client)
            return
        while len(body) < length:
            chunk = client.recv(65536)
            if not chunk:
                return
            body += chunk
        request = b"\r\n".join([*kept, b"Connection: close"]) + b"\r\n\r\n" + body
        try:
            if fault == DELAY:
                time.sleep(self.delay_s)
            if fault == DUPLICATE:
                answers: list[bytes] = []
                twin = threading.Thread(target=lambda: answers.append(self._forward(request)))
                twin.start()
                response = self._forward(request)
                twin.join()
            else:
                response = self._forward(request)
        except OSError:
            _rst(client)  # the server is down: the client sees a broken connection
            return
        if fault == DROP_RESPONSE or not response:
            _rst(client)
            return
        with contextlib.suppress(OSError):
            client.sendall(response)
            client.shutdown(socket.SHUT_WR)
        client.close()


# --- workstations ------------------------------------------------------------------------------


class Workstation:
    """A rep's profile: a real cache, the SalesBook and a SyncClient pointed at `url`."""

    def __init__(self, folder: Path, url: str, username: str, *, batch_size: int = 200, attempts: int = 14,
                 signed_in: Workstation | None = None, http: httpx.Client | None = None) -> None:
        from sdr_desk.store.engine import open_cache
        from sdr_desk.store.repositories import SalesBook
        from sdr_desk.sync.client import RetryPolicy, SyncClient
        from sdr_desk.sync.credentials import MemoryTokens

        self.folder = folder
        self.username = username
        self.cache = open_cache(folder / "cache.sqlite3")
        self.book = SalesBook(self.cache)
        self.client = SyncClient(
            self.cache, url, MemoryTokens(), outbox=self.book.outbox, batch_size=batch_size,
            retry=RetryPolicy(attempts=attempts, base_s=0.05, cap_s=1.0), timeout_s=20, http=http,
        )
        if signed_in is None:
            self.user_id = self.client.login(username, PASSWORD).id
        else:
            # Same user on a second workstation: reuse the live access token, skip a password check.
            self.client._access = signed_in.client._access
            self.user_id = signed_in.user_id

    def sync(self) -> Any:
        return self.client.run_round()

    def close(self) -> None:
        self.client.close()
        self.cache.close()

    def rows(self, row_cls: Any) -> dict[str, Any]:
        with self.cache.session() as session:
            return {r.id: r for r in session.scalars(select(row_cls))}

    def outbox(self) -> list[Any]:
        from sdr_desk.store.tables import OutboxOp

        with self.cache.session() as session:
            return list(session.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


LEAD_SYNCED = (
    "full_name", "account_id", "title", "seniority", "buyer_role", "emails", "phones", "country", "time_zone",
    "direction", "source", "stage", "lead_class", "owner_id", "team_id", "do_not_call", "tags",
    "created_at", "sla_due_at", "next_touch_at", "next_touch_note",
)
QUALIFICATION_SYNCED = ("lead_id", "framework", "version", "answers", "red_flags", "verdict", "reason", "missing", "author_id", "created_at")
ACTIVITY_SYNCED = ("lead_id", "channel", "outcome", "step", "occurred_at", "duration_s", "notes", "author_id", "supersedes_id")


def snapshot(station: Workstation) -> dict[str, Any]:
    """What a rep's cache says about the synced records (local-only columns left out)."""
    from sdr_desk.store.tables import ActivityRow, LeadRow, QualificationRow

    leads = {i: tuple(getattr(r, f) for f in LEAD_SYNCED) for i, r in station.rows(LeadRow).items()}
    activities = {i: tuple(getattr(r, f) for f in ACTIVITY_SYNCED) for i, r in station.rows(ActivityRow).items()}
    versions = {i: tuple(getattr(r, f) for f in QUALIFICATION_SYNCED) for i, r in station.rows(QualificationRow).items()}
    return {"leads": leads, "activities": activities, "qualifications": versions}


def server_view(folder: Path, url: str, username: str, signed_in: Workstation | None = None) -> dict[str, Any]:
    """The server's view of a user's scope: a brand-new workstation pulling from cursor 0."""
    fresh = Workstation(folder, url, username, signed_in=signed_in)
    try:
        fresh.sync()
        return snapshot(fresh)
    finally:
        fresh.close()


def server_activity_ids(server: ServerProcess) -> list[str]:
    from sdr_desk.server import tables as t

    engine = server.engine()
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(t.records.c.id).where(t.records.c.entity == "activity")).scalars())
    finally:
        engine.dispose()
