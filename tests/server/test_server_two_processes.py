"""Two real server processes (uvicorn on loopback) over one PostgreSQL database: intake
spread over both keeps the rotation exact, and their SLA sweepers, racing each other on the
same overdue leads, never move a lead twice or from a stale owner."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select, update

from sdr_desk.core.entities import LeadSource, UserRole
from sdr_desk.server import admin
from sdr_desk.server import tables as t
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import make_engine, write
from sdr_desk.server.migrate import upgrade
from tests.support.postgres import temporary_database
from tests.support.sdr_server import ServerProcess

from conftest import FAST_HASHER

REPS = 4
LEADS = 48
SLA_SECONDS = 1
# No policies, so the team's own window (SLA_SECONDS) applies to every lead.
AROUND_THE_CLOCK = {"working_hours": {"time_zone": "UTC", "country": None, "hours": ["00:00-24:00"], "weekend": []},
                    "policies": []}




def _wait_for_sweeps(engine, moves_per_lead: int, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            moves = Counter(conn.execute(select(t.assignments.c.lead_id).where(t.assignments.c.reason == "sla")).scalars())
            sweepers = set(conn.execute(select(t.assignments.c.actor_id).where(t.assignments.c.reason == "sla")).scalars())
        if len(moves) == LEADS and min(moves.values()) >= moves_per_lead and len(sweepers) == 2:
            return
        time.sleep(0.2)


@pytest.mark.postgres
def test_two_processes_never_double_assign() -> None:
    with temporary_database("sdr_two_proc") as url:
        upgrade(url)
        engine = make_engine(url)
        ctx = ServerContext(engine=engine, url=url, hasher=FAST_HASHER)
        team = write(engine, lambda c: admin.create_team(c, "north", 3600, ctx.now()))
        for i in range(REPS):
            write(engine, lambda c, i=i: admin.create_user(c, ctx, f"rep-{i}", "password-123", UserRole.SDR, "north"))
        key = write(engine, lambda c: admin.create_api_key(c, LeadSource.WEB_FORM, "north", ctx.now()))[1]
        small_batches = {"SDR_DESK_SWEEP_BATCH": "4"}  # so the two sweepers interleave on one backlog
        one = ServerProcess(url, sweep_interval=0.05, env=small_batches)
        two = ServerProcess(url, sweep_interval=0.05, env=small_batches)
        try:
            one.start()
            two.start()
            bases = [one.base_url, two.base_url]

            def send(i: int) -> dict:
                response = httpx.post(bases[i % 2] + "/api/v1/intake/leads", timeout=30,
                                      headers={"X-API-Key": key},
                                      json={"full_name": f"Prospect {i}", "email": f"p{i}@example.com"})
                assert response.status_code == 201, response.text
                return response.json()

            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(send, range(LEADS)))
            # Every rep got exactly the same number of new leads, whichever process took them.
            assert sorted(Counter(a["owner_id"] for a in answers).values()) == [LEADS // REPS] * REPS
            # Now every lead is overdue at once, with a short SLA from here on, and the team at
            # work around the clock (whenever this runs).
            with engine.begin() as conn:
                conn.execute(update(t.teams).where(t.teams.c.id == team).values(
                    sla_seconds=SLA_SECONDS, sla_rules=AROUND_THE_CLOCK))
                conn.execute(update(t.leads).values(sla_due_at=datetime.now(UTC)))
            _wait_for_sweeps(engine, moves_per_lead=2, timeout=60)  # both sweepers race over two periods
        finally:
            one.stop()
            two.stop()
        with engine.connect() as conn:
            rows = conn.execute(select(t.assignments.c.lead_id, t.assignments.c.user_id, t.assignments.c.previous_user_id,
                                       t.assignments.c.reason, t.assignments.c.actor_id, t.assignments.c.at)
                                .order_by(t.assignments.c.id)).all()
            owners = dict(conn.execute(select(t.leads.c.id, t.leads.c.owner_id)).all())
        engine.dispose()
    chains: dict[str, list] = defaultdict(list)
    for row in rows:
        chains[row.lead_id].append(row)
    sweepers = Counter(row.actor_id for row in rows if row.reason == "sla")
    assert len(sweepers) == 2, sweepers  # both processes did sweep
    moved = Counter(row.lead_id for row in rows if row.reason == "sla")
    assert len(moved) == LEADS and min(moved.values()) >= 2  # every lead moved in two periods
    for lead_id, chain in chains.items():
        assert chain[0].reason == "intake"
        for before, after in zip(chain, chain[1:]):
            assert after.previous_user_id == before.user_id, (lead_id, chain)  # never from a stale owner
            assert after.user_id != before.user_id
            if before.reason == "sla":  # at most one move per SLA period
                assert (after.at - before.at).total_seconds() >= SLA_SECONDS, (lead_id, chain)
        assert owners[lead_id] == chain[-1].user_id


def test_a_killed_server_restarts_and_replays_apply_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL between a committed push and its answer: the retried push is a duplicate."""
    from tests.support.sdr_server import prepare_database

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    world = prepare_database(url, users={"rep-a": "sdr"})
    with ServerProcess(url) as server:
        login = httpx.post(server.base_url + "/api/v1/auth/login", json={"username": "rep-a", "password": world.password})
        headers = {"Authorization": "Bearer " + login.json()["access_token"]}
        body = {"client_id": "ws-1", "schema_version": 1, "ops": [{
            "op_id": "01a21294-0000-7000-8000-000000000001", "client_id": "ws-1", "client_seq": 1, "entity": "lead",
            "entity_id": "01a21294-0000-7000-8000-0000000000aa", "kind": "create", "fields": {"full_name": "Kim"},
            "hlc": f"{time.time_ns() // 1_000_000:016d}-00000"}]}
        first = httpx.post(server.base_url + "/api/v1/sync/push", json=body, headers=headers)
        assert first.json()["results"][0]["status"] == "applied"
        server.kill()
        server.restart()
        again = httpx.post(server.base_url + "/api/v1/sync/push", json=body, headers=headers)
        assert again.json()["results"][0]["status"] == "duplicate"
        pulled = httpx.get(server.base_url + "/api/v1/sync/pull", headers=headers).json()
        assert [c["entity_id"] for c in pulled["changes"]] == ["01a21294-0000-7000-8000-0000000000aa"]


PAIRS = 40


@pytest.mark.postgres
def test_one_new_contact_sent_to_two_processes_at_once_becomes_one_lead() -> None:
    """A web form and a marketing tool both deliver the same new prospect, at the same moment,
    to different server processes: one lead, one owner, and the other delivery merged into it."""
    with temporary_database("sdr_intake_race") as url:
        upgrade(url)
        engine = make_engine(url)
        ctx = ServerContext(engine=engine, url=url, hasher=FAST_HASHER)
        write(engine, lambda c: admin.create_team(c, "north", 3600, ctx.now()))
        for i in range(REPS):
            write(engine, lambda c, i=i: admin.create_user(c, ctx, f"rep-{i}", "password-123", UserRole.SDR, "north"))
        key = write(engine, lambda c: admin.create_api_key(c, LeadSource.WEB_FORM, "north", ctx.now()))[1]
        one, two = ServerProcess(url), ServerProcess(url)
        try:
            one.start()
            two.start()
            clients = [httpx.Client(base_url=one.base_url, timeout=30), httpx.Client(base_url=two.base_url, timeout=30)]

            def contact(i: int) -> dict:  # half by e-mail (spelled differently), half by phone
                if i % 2:
                    return {"full_name": f"Prospect {i}", "email": f"Race.{i}@Example.com"}
                return {"full_name": f"Prospect {i}", "phone": f"+86 138 0013 {i:04d}"}

            def pair(i: int) -> list[dict]:
                gate = threading.Barrier(2)

                def send(side: int) -> dict:
                    body = contact(i)
                    if side and "email" in body:
                        body["email"] = body["email"].lower()
                    gate.wait()
                    response = clients[side].post("/api/v1/intake/leads", headers={"X-API-Key": key}, json=body)
                    assert response.status_code in (200, 201), response.text
                    return response.json()

                with ThreadPoolExecutor(2) as both:
                    return list(both.map(send, (0, 1)))

            with ThreadPoolExecutor(4) as pool:
                answers = list(pool.map(pair, range(PAIRS)))
            for client in clients:
                client.close()
        finally:
            one.stop()
            two.stop()
        with engine.connect() as conn:
            leads = conn.execute(select(t.leads.c.id, t.leads.c.owner_id)).all()
            engagements = conn.execute(select(t.records.c.lead_id).where(t.records.c.entity == "engagement")).scalars().all()
        engine.dispose()
    assert len(leads) == PAIRS  # no twins
    for first, second in answers:
        assert first["lead_id"] == second["lead_id"] and first["owner_id"] == second["owner_id"]
        assert sorted((first["status"], second["status"])) == ["created", "merged"]
    assert Counter(engagements) == {lead_id: 2 for lead_id, _ in leads}  # both deliveries kept
