"""Workstation sync benchmarks against a real server process on PostgreSQL.

Figures (printed as `figure-name: value unit`):
- pushing a backlog of pending ops (days offline), with the client's peak Python memory,
  beside the same ops posted straight over HTTP with no cache (the client's overhead ratio);
- the first pull of a whole book into an empty cache;
- an idle round (nothing to push or pull).
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


def raw_push_s(station: Workstation, url: str) -> float:
    """The station's pending ops posted straight to the server, no cache work: the server's cost."""
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
        return time.perf_counter() - started


@pytest.mark.timeout(3600 if FULL else 300)
def test_push_backlog_first_pull_and_idle_round(server: ServerProcess, tmp_path: Path) -> None:
    make_team(server, "bench", ["bench-rep-a", "bench-rep-b", "bench-rep-c", "bench-rep-d"], "bench-lead")

    # 1. The server alone: the same kind of backlog posted over HTTP with no cache behind it.
    raw = Workstation(tmp_path / "rep-a", server.url, "bench-rep-a")
    try:
        offline_calls(raw, PENDING_OPS)
        raw_s = raw_push_s(raw, server.url)
    finally:
        raw.close()
    figure("server push throughput (raw http, no cache)", PENDING_OPS / raw_s, "ops/s")

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
        fresh.client.pull_limit = 1000
        started = time.perf_counter()
        report = fresh.sync()
        pull_s = time.perf_counter() - started
        assert report.pulled >= BOOK_LEADS and fresh.book.lead_count() >= BOOK_LEADS
        figure(f"first pull {BOOK_LEADS} leads", pull_s, "s")
        figure("first pull throughput", BOOK_LEADS / pull_s, "leads/s")

        rounds = []
        for _ in range(5):
            started = time.perf_counter()
            idle = fresh.sync()
            rounds.append(time.perf_counter() - started)
            assert idle.pushed == 0 and idle.pulled == 0
        figure("idle sync round", sorted(rounds)[len(rounds) // 2] * 1000, "ms")
    finally:
        fresh.close()
