"""A workstation killed (SIGKILL) while writing, pushing or applying a pull: after restart the
cache is intact, the outbox agrees with the records, the cursor is never ahead of the data,
and the next sync finishes the job with nothing lost or doubled."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from sdr_desk.core.entities import Activity, Channel, EntityKind, Lead, OpKind, Outcome, Step
from sdr_desk.core.ids import new_id
from sdr_desk.server import tables as t
from sdr_desk.store.tables import ActivityRow, LeadRow, OutboxOp, SyncState
from tests.e2e.harness import PASSWORD, REPO, ServerProcess, Workstation, make_team, server_activity_ids, server_view, snapshot


BOOK = 500  # leads on the server for the pull test: 10 pages of 50


@pytest.fixture
def server(sqlite_server: ServerProcess) -> ServerProcess:
    return sqlite_server


def run_and_kill(mode: str, profile: Path, url: str, user: str, after_s: float, after_steps: int = 0) -> str:
    """Start a workstation process; SIGKILL it `after_steps` committed batches/pages and `after_s` later."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.e2e.rep_process", mode, str(profile), url, user],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, text=True,
                            env={**os.environ, "REP_PASSWORD": PASSWORD})
    assert proc.stdout
    line = proc.stdout.readline()
    if line.strip() != "started":
        _out, err = proc.communicate(timeout=30)
        raise AssertionError(f"the workstation did not start: {err[-2000:]}")
    for _ in range(after_steps):
        assert proc.stdout.readline().split()[0] in ("push", "pull")
    time.sleep(after_s)
    os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=10)
    return out


def integrity(profile: Path) -> str:
    conn = sqlite3.connect(profile / "cache.sqlite3")
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def local(profile: Path) -> tuple[set[str], set[str], list[OutboxOp], int]:
    from sdr_desk.store.engine import open_cache

    cache = open_cache(profile / "cache.sqlite3")
    try:
        with cache.session() as session:
            leads = set(session.scalars(select(LeadRow.id)))
            activities = set(session.scalars(select(ActivityRow.id)))
            ops = list(session.scalars(select(OutboxOp)))
            cursor = session.get(SyncState, "cursor")
            return leads, activities, ops, int(cursor.value) if cursor else 0
    finally:
        cache.close()


def test_killed_during_local_writes(server: ServerProcess, tmp_path: Path) -> None:
    profile = tmp_path / "rep"
    run_and_kill("write", profile, server.url, "nobody", after_s=random.uniform(0.8, 1.5))
    assert integrity(profile) == "ok"
    leads, activities, ops, _cursor = local(profile)
    assert leads and activities
    assert {o.entity_id for o in ops if o.entity == EntityKind.LEAD and o.kind == OpKind.CREATE} == leads
    assert {o.entity_id for o in ops if o.entity == EntityKind.ACTIVITY} == activities


def test_killed_during_a_push(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    user = f"{team_name}-rep-a"
    make_team(server, user.rsplit("-rep-a", 1)[0], [user], f"{team_name}-lead")
    profile = tmp_path / "rep"
    rep = Workstation(profile, server.url, user)
    lead = Lead(id=new_id(), full_name="lead-1")
    rep.book.create_lead(lead)
    logged = []
    for n in range(200):
        activity = Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=Outcome.NO_ANSWER,
                            occurred_at=datetime(2026, 11, 18, 9, tzinfo=UTC) + timedelta(seconds=n), step=Step.REACH)
        rep.book.log_activity(activity)
        logged.append(activity.id)
    rep.close()
    run_and_kill("push", profile, server.url, user, after_s=random.uniform(0, 0.02), after_steps=random.randint(2, 6))
    assert integrity(profile) == "ok"
    _leads, activities, ops, _cursor = local(profile)
    on_server = set(server_activity_ids(server)) & set(logged)
    pending = {o.entity_id for o in ops if o.entity == EntityKind.ACTIVITY and o.state == "pending"}
    assert activities == set(logged)
    assert 0 < len(on_server) < len(logged), "the kill did not land mid-push"
    assert pending | on_server == activities  # an op leaves only once the server has it
    assert len(pending & on_server) <= 20  # at most the batch whose answer was cut off

    rep = Workstation(profile, server.url, user)
    try:
        report = rep.sync()
        assert report.pending == 0 and report.rejected == 0
        ids = server_activity_ids(server)
        assert sorted(i for i in ids if i in set(logged)) == sorted(logged)
        assert snapshot(rep) == server_view(tmp_path / "fresh", server.url, user, signed_in=rep)
    finally:
        rep.close()


def test_killed_while_applying_pulled_pages(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    user = f"{team_name}-rep-a"
    make_team(server, team_name, [user], f"{team_name}-lead")
    seeder = Workstation(tmp_path / "seeder", server.url, user, batch_size=500)
    try:
        with seeder.cache.transaction() as session:
            for n in range(BOOK):
                seeder.book.insert_lead(session, Lead(id=new_id(), full_name=f"lead-{n}", phones=[f"+86138{n:08d}"]))
        seeder.sync()
    finally:
        seeder.close()
    profile = tmp_path / "rep"
    run_and_kill("pull", profile, server.url, user, after_s=random.uniform(0, 0.02), after_steps=random.randint(2, 6))
    assert integrity(profile) == "ok"
    leads, _activities, ops, cursor = local(profile)
    assert ops == []
    engine = server.engine()
    try:
        with engine.connect() as conn:
            upto_cursor = set(conn.execute(select(t.changes.c.entity_id).where(
                t.changes.c.entity == "lead", t.changes.c.seq <= cursor, t.changes.c.entity_id.in_(list(_seeded(server, user))))).scalars())
    finally:
        engine.dispose()
    assert 0 < len(leads) < BOOK, "the kill did not land mid-pull"
    assert upto_cursor <= leads  # the cursor never runs ahead of the applied data
    rep = Workstation(profile, server.url, user)
    try:
        rep.sync()
        assert len(rep.rows(LeadRow)) == BOOK
        assert snapshot(rep) == server_view(tmp_path / "fresh", server.url, user, signed_in=rep)
    finally:
        rep.close()


def _seeded(server: ServerProcess, user: str) -> set[str]:
    engine = server.engine()
    try:
        with engine.connect() as conn:
            owner = conn.execute(select(t.users.c.id).where(t.users.c.username == user)).scalar_one()
            return set(conn.execute(select(t.leads.c.id).where(t.leads.c.owner_id == owner)).scalars())
    finally:
        engine.dispose()
