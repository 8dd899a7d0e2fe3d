"""Workstation sync benchmarks against a real server process on PostgreSQL.

Figures (printed as `figure-name: value unit`):
- pushing a backlog of pending ops (days offline), with the client's peak Python memory,
  beside the same ops posted straight over HTTP with no cache (the client's overhead ratio);
- the first pull of a whole book into an empty cache;
- an idle round (nothing to push or pull);
- each beside the floor measured in the same run on the same rows: psycopg alone (INSERT ...
  ON CONFLICT per op, one transaction per 500, for a push; one SELECT for a pull) and, for a
  pull, a plain sqlite3 executemany of the pulled rows into an empty table.
SDR_DESK_BENCH_SIZE=full runs the issue's sizes (10,000 ops, 100,000 leads); small keeps them working.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from sdr_desk.core.entities import Activity, Channel, EntityKind, Lead, Outcome, Step
from sdr_desk.core.ids import new_id
from sdr_desk.sync.client import SyncReport
from tests.e2e.harness import ServerProcess, Workstation, make_team
from tests.support.postgres import temporary_database

FULL = os.environ.get("SDR_DESK_BENCH_SIZE", "small") == "full"
PENDING_OPS = 10_000 if FULL else 500
BOOK_LEADS = 100_000 if FULL else 2_000
T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)

pytestmark = [pytest.mark.benchmark, pytest.mark.postgres]


def figure(name: str, value: float, unit: str) -> None:
    print(f"{name}: {value:.3g} {unit}" if value < 1000 else f"{name}: {value:.0f} {unit}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    from sdr_desk.server.migrate import upgrade

    with temporary_database("sdr_sync_bench") as url:
        upgrade(url)
        proc = ServerProcess(url, tmp_path_factory.mktemp("sync-bench-server"))
        proc.start()
        try:
            yield proc
        finally:
            proc.stop()


def offline_calls(station: Workstation, count: int) -> None:
    """A trade show's worth of calls, written as the workstation writes them (with their ops)."""
    leads = [Lead(id=new_id(), full_name=f"lead-{i}") for i in range(max(1, count // 50))]
    with station.cache.transaction() as session:
        for lead in leads:
            station.book.insert_lead(session, lead)
    station.sync()
    with station.cache.transaction() as session:
        for n in range(count):
            activity = Activity(id=new_id(), lead_id=leads[n % len(leads)].id, channel=Channel.PHONE,
                                outcome=Outcome.NO_ANSWER, occurred_at=T0 + timedelta(seconds=n), step=Step.REACH,
                                notes="left a voicemail about the pilot")
            station.book._append_activity(session, activity, unanswered=True)


def seed_book(server: ServerProcess, username: str, count: int) -> None:
    """Leads as the server keeps them after pushes: rows, their change-log entries, the counter."""
    from sqlalchemy import insert, select, update

    from sdr_desk.server import tables as t
    from sdr_desk.server import wire

    engine = server.engine()
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            owner, team = conn.execute(select(t.users.c.id, t.users.c.team_id).where(t.users.c.username == username)).one()
            top = conn.execute(select(t.sync_counter.c.value).where(t.sync_counter.c.id == 1).with_for_update()).scalar_one()
            for start in range(0, count, 5000):
                leads, changes = [], []
                for i in range(start, min(count, start + 5000)):
                    lead_id = new_id()
                    data = {**wire.defaults(EntityKind.LEAD), "full_name": f"lead-{i}", "title": "IT director",
                            "emails": [f"lead-{i}@example.com"], "phones": [f"+8613{i:09d}"], "owner_id": owner,
                            "team_id": team, "created_at": wire.iso(now), "updated_at": wire.iso(now)}
                    leads.append({"id": lead_id, "team_id": team, "owner_id": owner, "deleted": False, "data": data,
                                  "clocks": {}, "created_at": now, "updated_at": now, "sla_due_at": None,
                                  "first_touch_at": None, "company_key": None, **wire.lead_columns(data)})
                    changes.append({"seq": top + 1 + i, "entity": "lead", "entity_id": lead_id, "lead_id": lead_id,
                                    "team_id": team, "kind": "upsert", "at": now})
                conn.execute(insert(t.leads), leads)
                conn.execute(insert(t.changes), changes)
            conn.execute(update(t.sync_counter).where(t.sync_counter.c.id == 1).values(value=top + count))
    finally:
        engine.dispose()


def _pg(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def floor_push_s(url: str, bodies: list[dict]) -> float:
    """psycopg alone, the same ops as rows: INSERT ... ON CONFLICT per op, a transaction per batch."""
    import json

    with _pg(url) as conn:
        conn.execute("CREATE TEMP TABLE floor_records (id uuid PRIMARY KEY, lead_id uuid, data jsonb NOT NULL)")
        conn.execute("CREATE TEMP TABLE floor_applied (op_id uuid PRIMARY KEY, client_seq bigint)")
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            for body in bodies:  # one statement per op (executemany pipelines them), as a server would
                ops = body["ops"]
                cur.executemany("INSERT INTO floor_records (id, lead_id, data) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                                [(op["entity_id"], op["fields"].get("lead_id"), json.dumps(op["fields"])) for op in ops])
                cur.executemany("INSERT INTO floor_applied (op_id, client_seq) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                                [(op["op_id"], op["client_seq"]) for op in ops])
                conn.commit()
        return time.perf_counter() - started


def floor_pull_s(url: str, sql: str, args: tuple, columns: list[str], folder: Path) -> tuple[float, float, int]:
    """psycopg SELECT of the rows a pull carries, then sqlite3 executemany of them into an empty
    table: (select seconds, apply seconds, rows)."""
    import json
    import sqlite3

    with _pg(url) as conn:
        started = time.perf_counter()
        rows = conn.execute(sql, args).fetchall()
        select_s = time.perf_counter() - started
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "floor.sqlite3")
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"CREATE TABLE t (id TEXT PRIMARY KEY, {', '.join(columns)})")
        started = time.perf_counter()
        marks = ", ".join("?" * (len(columns) + 1))
        for i in range(0, len(rows), 1000):  # pages, a transaction each
            values = []
            for rid, text in rows[i:i + 1000]:
                data = json.loads(text)
                values.append((rid, *[json.dumps(v) if isinstance(v, (list, dict)) else v
                                      for v in (data.get(c) for c in columns)]))
            with db:
                db.executemany(f"INSERT INTO t VALUES ({marks})", values)
        apply_s = time.perf_counter() - started
    finally:
        db.close()
    return select_s, apply_s, len(rows)


def raw_push_s(station: Workstation, url: str, db_url: str | None = None) -> tuple[float, float]:
    """The station's pending ops posted straight to the server, no cache work: the server's cost,
    and (with `db_url`) the psycopg floor for the same ops."""
    batches = []
    after = 0
    while True:
        batch = station.client._next_batch(after, 2**62, 500)
        if not batch.ops:
            break
        batches.append({"client_id": station.book.outbox.client_id, "schema_version": 1, "ops": batch.ops})
        after = batch.last_seq
    headers = {"Authorization": f"Bearer {station.client._access}"}
    with httpx.Client(base_url=url, timeout=120) as http:
        started = time.perf_counter()
        for body in batches:
            response = http.post("/api/v1/sync/push", json=body, headers=headers)
            assert response.status_code == 200 and all(r["status"] == "applied" for r in response.json()["results"])
        took = time.perf_counter() - started
    return took, (floor_push_s(db_url, batches) if db_url else 0.0)


@pytest.mark.timeout(3600 if FULL else 300)
def test_push_backlog_first_pull_and_idle_round(server: ServerProcess, tmp_path: Path) -> None:
    make_team(server, "bench", ["bench-rep-a", "bench-rep-b", "bench-rep-c", "bench-rep-d"], "bench-lead")

    # 1. The server alone: the same kind of backlog posted over HTTP with no cache behind it.
    raw = Workstation(tmp_path / "rep-a", server.url, "bench-rep-a")
    try:
        offline_calls(raw, PENDING_OPS)
        raw_s, floor_s = raw_push_s(raw, server.url, server.db_url)
    finally:
        raw.close()
    figure(f"server push {PENDING_OPS} ops (raw http, no cache)", raw_s, "s")
    figure("server push throughput (raw http, no cache)", PENDING_OPS / raw_s, "ops/s")
    figure(f"push floor {PENDING_OPS} ops (psycopg, INSERT ... ON CONFLICT per op, transaction per 500)", floor_s, "s")
    print(f"server push vs floor ratio: {raw_s / floor_s:.1f}x")

    # 2. Days offline: the workstation pushes its backlog in bounded batches.
    waiting = {"s": 0.0, "since": 0.0}  # time spent waiting for answers: the rest is the workstation's

    def sent(_request: httpx.Request) -> None:
        waiting["since"] = time.perf_counter()

    def answered(_response: httpx.Response) -> None:
        waiting["s"] += time.perf_counter() - waiting["since"]

    http = httpx.Client(timeout=120, event_hooks={"request": [sent], "response": [answered]})
    rep = Workstation(tmp_path / "rep-b", server.url, "bench-rep-b", batch_size=500, http=http)
    try:
        offline_calls(rep, PENDING_OPS)
        waiting["s"] = 0.0
        started = time.perf_counter()
        report = SyncReport()
        rep.client.push(report)  # the push half of a round
        push_s = time.perf_counter() - started
        in_workstation = (push_s - waiting["s"]) / push_s
        assert report.pushed == PENDING_OPS and report.rejected == 0
        started = time.perf_counter()
        report = rep.sync()  # the rest of the round: the server's echo of those calls
        echo_s = time.perf_counter() - started
        assert report.pending == 0 and report.pulled >= PENDING_OPS
    finally:
        rep.close()
        http.close()
    figure(f"client push {PENDING_OPS} pending ops", push_s, "s")
    figure("client push throughput", PENDING_OPS / push_s, "ops/s")
    figure("client push time in the workstation (not waiting for the server)", 100 * in_workstation, "%")
    print(f"client push vs raw push ratio: {push_s / raw_s:.2f}x")
    figure(f"client pull of the {PENDING_OPS} pushed calls echoed back", echo_s, "s")

    # First pull of those calls: the same rep on a new workstation, empty cache.
    second = Workstation(tmp_path / "rep-b2", server.url, "bench-rep-b", batch_size=500)
    try:
        started = time.perf_counter()
        report = second.sync()
        first_s = time.perf_counter() - started
        with second.cache.session() as session:
            calls = session.execute(text("SELECT count(*) FROM activities")).scalar_one()
        assert calls >= PENDING_OPS
    finally:
        second.close()
    select_s, apply_s, rows = floor_pull_s(
        server.db_url,
        "SELECT r.id, r.data::text FROM records r JOIN leads l ON l.id = r.lead_id "
        "JOIN users u ON u.id = l.owner_id WHERE u.username = %s AND r.entity = 'activity'",
        ("bench-rep-b",), ["lead_id", "channel", "outcome", "occurred_at", "step", "duration_s", "notes", "author_id"],
        tmp_path / "floor-calls")
    assert rows >= PENDING_OPS
    figure(f"first pull {PENDING_OPS} activities", first_s, "s")
    figure(f"first pull {PENDING_OPS} activities floor (psycopg select + sqlite3 executemany)", select_s + apply_s, "s")
    print(f"first pull activities vs floor ratio: {first_s / (select_s + apply_s):.1f}x")

    # 3. The same again under tracemalloc (slow, so not timed): memory stays bounded by the batch.
    traced = Workstation(tmp_path / "rep-c", server.url, "bench-rep-c", batch_size=500)
    try:
        offline_calls(traced, PENDING_OPS)
        tracemalloc.start()
        report = SyncReport()
        traced.client.push(report)
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert report.pushed == PENDING_OPS
    finally:
        traced.close()
    figure("client push peak python memory", peak / 1e6, "MB")

    # A book on the server (written straight into its tables: a push of 100,000 creates would
    # measure the server, not the workstation), then a new workstation pulls all of it.
    seed_book(server, "bench-rep-d", BOOK_LEADS)
    fresh = Workstation(tmp_path / "rep-d", server.url, "bench-rep-d")
    try:
        started = time.perf_counter()
        report = fresh.sync()
        pull_s = time.perf_counter() - started
        assert report.pulled >= BOOK_LEADS and fresh.book.lead_count() >= BOOK_LEADS
        figure(f"first pull {BOOK_LEADS} leads", pull_s, "s")
        figure("first pull throughput", BOOK_LEADS / pull_s, "leads/s")
        select_s, apply_s, rows = floor_pull_s(
            server.db_url,
            "SELECT l.id, l.data::text FROM leads l JOIN users u ON u.id = l.owner_id WHERE u.username = %s",
            ("bench-rep-d",), ["full_name", "title", "emails", "phones", "stage", "direction", "owner_id", "team_id",
                                "created_at", "updated_at", "tags"], tmp_path / "floor-leads")
        assert rows >= BOOK_LEADS
        figure(f"first pull {BOOK_LEADS} leads floor (psycopg select + sqlite3 executemany)", select_s + apply_s, "s")
        print(f"first pull leads vs floor ratio: {pull_s / (select_s + apply_s):.1f}x")

        rounds = []
        for _ in range(5):
            started = time.perf_counter()
            idle = fresh.sync()
            rounds.append(time.perf_counter() - started)
            assert idle.pushed == 0 and idle.pulled == 0
        figure("idle sync round", sorted(rounds)[len(rounds) // 2] * 1000, "ms")
    finally:
        fresh.close()
