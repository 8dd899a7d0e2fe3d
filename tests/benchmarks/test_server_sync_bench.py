"""Server sync benchmarks on PostgreSQL, over real HTTP to a real server process.

Figures (printed as `figure-name: value unit`):
- push throughput with batches of 500 ops, beside a raw psycopg COPY of the same rows;
- pull throughput of a whole book, beside a raw psycopg SELECT of the same rows;
- concurrent clients each pushing batches, to one and to two server processes over one
  PostgreSQL: p50/p99 latency, ops/s and the error count;
- eight writers and a reader: commits per second, and whether pulled == committed.
SDR_DESK_BENCH_SIZE=full runs the issue's sizes; small (the default) keeps them working.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.postgres import temporary_database  # noqa: E402
from tests.support.sdr_server import ServerProcess  # noqa: E402

FULL = os.environ.get("SDR_DESK_BENCH_SIZE", "small") == "full"
PUSH_BATCHES = 20 if FULL else 1  # of 500 ops
PULL_LEADS = 100_000 if FULL else 1_000
CLIENTS, CLIENT_BATCHES, CLIENT_OPS = (100, 20, 10) if FULL else (5, 3, 10)
WRITERS, WRITER_COMMITS = (8, 2_500) if FULL else (8, 10)
PASSWORD = "bench-password-1"

pytestmark = [pytest.mark.benchmark, pytest.mark.postgres]


class Bench:
    def __init__(self, url: str, server: ServerProcess) -> None:
        self.url = url
        self.server = server
        self.http = httpx.Client(base_url=server.base_url, timeout=120)

    def login(self, name: str) -> dict[str, str]:
        response = self.http.post("/api/v1/auth/login", json={"username": name, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": "Bearer " + response.json()["access_token"]}


@pytest.fixture(scope="module")
def bench() -> Iterator[Bench]:
    from sdr_desk.core.entities import UserRole
    from sdr_desk.server import admin
    from sdr_desk.server.context import ServerContext
    from sdr_desk.server.db import make_engine, write
    from sdr_desk.server.migrate import upgrade

    with temporary_database("sdr_bench") as url:
        upgrade(url)
        engine = make_engine(url)
        ctx = ServerContext(engine=engine, url=url)
        write(engine, lambda c: admin.create_team(c, "north", 3600, ctx.now()))
        for i in range(max(10, WRITERS)):
            write(engine, lambda c, i=i: admin.create_user(c, ctx, f"rep-{i}", PASSWORD, UserRole.SDR, "north"))
        write(engine, lambda c: admin.create_user(c, ctx, "admin", PASSWORD, UserRole.ADMIN, None))
        engine.dispose()
        with ServerProcess(url) as server:
            b = Bench(url, server)
            yield b
            b.http.close()


def _hlc() -> str:
    return f"{time.time_ns() // 1_000_000:016d}-00000"


def _lead_op(client_id: str, seq: int) -> dict:
    return {"op_id": str(uuid.uuid4()), "client_id": client_id, "client_seq": seq, "entity": "lead",
            "entity_id": str(uuid.uuid4()), "kind": "create", "hlc": _hlc(),
            "fields": {"full_name": f"Lead {seq}", "title": "Head of IT", "emails": [f"l{seq}@example.com"],
                       "country": "CN", "tags": ["bench"]}}


def _raw_conn(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def test_push_throughput(bench: Bench) -> None:
    headers = bench.login("rep-0")
    warm = [_lead_op("bench-warm", i) for i in range(500 if FULL else 50)]  # first requests pay for imports and plans
    assert bench.http.post("/api/v1/sync/push", headers=headers,
                           json={"client_id": "bench-warm", "schema_version": 1, "ops": warm}).status_code == 200
    batches = [[_lead_op("bench-push", b * 500 + i) for i in range(500)] for b in range(PUSH_BATCHES)]
    started = time.perf_counter()
    for ops in batches:
        response = bench.http.post("/api/v1/sync/push", headers=headers,
                                   json={"client_id": "bench-push", "schema_version": 1, "ops": ops})
        assert response.status_code == 200
        assert all(r["status"] == "applied" for r in response.json()["results"])
    elapsed = time.perf_counter() - started
    total = PUSH_BATCHES * 500
    rows = [(op["entity_id"], json.dumps(op["fields"])) for ops in batches for op in ops]
    with _raw_conn(bench.url) as conn:
        conn.execute("CREATE TEMP TABLE raw_leads (id text PRIMARY KEY, data jsonb NOT NULL)")
        raw_started = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY raw_leads (id, data) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        raw_elapsed = time.perf_counter() - raw_started
        conn.execute("CREATE TEMP TABLE raw_leads_many (id text PRIMARY KEY, data jsonb NOT NULL)")
        many_started = time.perf_counter()
        with conn.cursor() as cur:
            for i in range(0, len(rows), 500):  # the same batches of 500
                cur.executemany("INSERT INTO raw_leads_many (id, data) VALUES (%s, %s)", rows[i:i + 500])
                conn.commit()
        many_elapsed = time.perf_counter() - many_started
    print(f"\nserver-push-ops: {total} ops")
    print(f"server-push-throughput: {total / elapsed:.0f} ops/s")
    print(f"raw-executemany-throughput: {total / many_elapsed:.0f} rows/s")
    print(f"raw-copy-throughput: {total / raw_elapsed:.0f} rows/s")
    print(f"server-push-vs-raw-executemany ratio: {(total / many_elapsed) / (total / elapsed):.1f}x")
    print(f"server-push-vs-raw-copy ratio: {(total / raw_elapsed) / (total / elapsed):.1f}x")


def _seed_book(url: str, count: int) -> None:
    """A book of leads written straight into the tables, as pushes would have left them."""
    with _raw_conn(url) as conn:
        team, owner = conn.execute("SELECT team_id, id FROM users WHERE username = 'rep-1'").fetchone()
        (top,) = conn.execute("SELECT value FROM sync_counter WHERE id = 1 FOR UPDATE").fetchone()
        now = datetime.now(UTC)
        with conn.cursor() as cur:
            with cur.copy("COPY leads (id, team_id, owner_id, stage, direction, deleted, data, clocks, created_at, "
                          "updated_at) FROM STDIN") as copy:
                ids = []
                for i in range(count):
                    lead_id = str(uuid.uuid4())
                    ids.append(lead_id)
                    data = {"full_name": f"Book {i}", "stage": "new", "direction": "inbound", "owner_id": owner,
                            "team_id": team, "emails": [f"b{i}@example.com"], "phones": [], "tags": []}
                    copy.write_row((lead_id, team, owner, "new", "inbound", False, json.dumps(data), "{}", now, now))
            with cur.copy("COPY changes (seq, entity, entity_id, lead_id, kind, at) FROM STDIN") as copy:
                for i, lead_id in enumerate(ids):
                    copy.write_row((top + 1 + i, "lead", lead_id, lead_id, "upsert", now))
        conn.execute("UPDATE sync_counter SET value = %s WHERE id = 1", (top + count,))
        conn.commit()


def test_pull_throughput(bench: Bench) -> None:
    _seed_book(bench.url, PULL_LEADS)
    headers = bench.login("rep-1")
    started = time.perf_counter()
    cursor, pulled = 0, 0
    while True:
        response = bench.http.get("/api/v1/sync/pull", headers=headers, params={"cursor": cursor, "limit": 1000})
        assert response.status_code == 200
        page = response.json()
        pulled += sum(1 for c in page["changes"] if c["entity"] == "lead" and c["fields"]["full_name"].startswith("Book"))
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    elapsed = time.perf_counter() - started
    assert pulled == PULL_LEADS
    with _raw_conn(bench.url) as conn:
        raw_started = time.perf_counter()
        rows = conn.execute("SELECT id, data FROM leads WHERE owner_id = (SELECT id FROM users WHERE username = 'rep-1')").fetchall()
        raw_elapsed = time.perf_counter() - raw_started
    assert len(rows) >= PULL_LEADS
    print(f"\nserver-pull-leads: {PULL_LEADS} leads")
    print(f"server-pull-time: {elapsed:.2f} s")
    print(f"server-pull-throughput: {PULL_LEADS / elapsed:.0f} leads/s")
    print(f"raw-select-throughput: {len(rows) / raw_elapsed:.0f} rows/s")
    print(f"server-pull-vs-raw-select ratio: {(len(rows) / raw_elapsed) / (PULL_LEADS / elapsed):.1f}x")


@pytest.mark.parametrize("processes", [1, 2])
def test_concurrent_clients(bench: Bench, processes: int) -> None:
    headers = [bench.login(f"rep-{i % 10}") for i in range(10)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    servers = [bench.server] + [ServerProcess(bench.url).start() for _ in range(processes - 1)]

    def client(index: int) -> None:
        client_id = f"bench-client-{processes}-{index}"
        # Clients spread over the processes, as behind a load balancer.
        with httpx.Client(base_url=servers[index % processes].base_url, timeout=120) as http:
            for b in range(CLIENT_BATCHES):
                ops = [_lead_op(client_id, b * CLIENT_OPS + i) for i in range(CLIENT_OPS)]
                started = time.perf_counter()
                response = http.post("/api/v1/sync/push", headers=headers[index % 10],
                                     json={"client_id": client_id, "schema_version": 1, "ops": ops})
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code}")
                    elif any(r["status"] != "applied" for r in response.json()["results"]):
                        errors.append("not applied")

    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
        elapsed = time.perf_counter() - started
    finally:
        for extra in servers[1:]:
            extra.stop()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    total = CLIENTS * CLIENT_BATCHES * CLIENT_OPS
    label = f"concurrent-push-{processes}-process{'es' if processes > 1 else ''}"
    print(f"\n{label}-clients: {CLIENTS} clients x {CLIENT_BATCHES} batches of {CLIENT_OPS} ops")
    print(f"{label}-p50: {statistics.median(latencies) * 1000:.0f} ms")
    print(f"{label}-p99: {p99 * 1000:.0f} ms")
    print(f"{label}-throughput: {total / elapsed:.0f} ops/s")
    print(f"{label}-errors: {len(errors)} errors")
    assert errors == []


def test_writers_and_reader(bench: Bench) -> None:
    writers = [bench.login(f"rep-{i}") for i in range(WRITERS)]
    reader = bench.login("admin")
    committed: set[str] = set()
    pulled: set[str] = set()
    lock = threading.Lock()
    failures: list[str] = []
    http_reader = httpx.Client(base_url=bench.server.base_url, timeout=120)

    def writer(index: int) -> None:
        client_id = f"bench-writer-{index}"
        with httpx.Client(base_url=bench.server.base_url, timeout=120) as http:
            for n in range(WRITER_COMMITS):
                op = _lead_op(client_id, n)
                response = http.post("/api/v1/sync/push", headers=writers[index],
                                     json={"client_id": client_id, "schema_version": 1, "ops": [op]})
                with lock:
                    if response.status_code == 200 and response.json()["results"][0]["status"] == "applied":
                        committed.add(op["entity_id"])
                    else:
                        failures.append(response.text[:200])

    def drain(cursor: int) -> int:
        while True:
            page = http_reader.get("/api/v1/sync/pull", headers=reader, params={"cursor": cursor, "limit": 1000}).json()
            pulled.update(c["entity_id"] for c in page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                return cursor

    started = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    cursor = 0
    while any(thread.is_alive() for thread in threads):
        cursor = drain(cursor)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    drain(cursor)
    http_reader.close()
    missing = committed - pulled
    print(f"\nwriters-reader-commits: {len(committed)} commits")
    print(f"writers-reader-throughput: {len(committed) / elapsed:.0f} commits/s")
    print(f"writers-reader-missing: {len(missing)} changes")
    assert failures == []
    assert len(committed) == WRITERS * WRITER_COMMITS
    assert not missing
