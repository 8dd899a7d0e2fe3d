"""Eight concurrent writers and a reader: the reader's pulled set equals the committed set.

Writers hold their transaction open for a moment after numbering their changes, so commits
overlap; a reader that could skip a change committed late with a lower number would miss it.
The 20,000-commit figure runs in tests/benchmarks/test_server_sync_bench.py.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

from sqlalchemy import select

from sdr_desk.core.entities import UserRole
from sdr_desk.core.hlc import Hlc
from sdr_desk.server import admin, push
from sdr_desk.server import tables as t
from sdr_desk.server.auth import Principal
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import make_engine, read, write
from sdr_desk.server.pull import pull_page
from sdr_desk.sync.protocol import Op

from conftest import FAST_HASHER

WRITERS = 8
# SQLite serializes writers on one file lock, so it gets a smaller share of the time budget.
COMMITS_PER_WRITER = {"sqlite": 60, "postgresql": 150}


def run_writers_and_reader(ctx: ServerContext, writers: int, commits: int) -> tuple[set[str], set[str], list[int]]:
    engine = ctx.engine
    write(engine, lambda c: admin.create_team(c, "north", 3600, ctx.now()))
    reps = [write(engine, lambda c, i=i: admin.create_user(c, ctx, f"rep-{i}", "password-123", UserRole.SDR, "north"))
            for i in range(writers)]
    boss = write(engine, lambda c: admin.create_user(c, ctx, "admin", "password-123", UserRole.ADMIN, None))
    reader = Principal(boss, "admin", UserRole.ADMIN, None)
    committed: set[str] = set()
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        rng = random.Random(index)
        me = Principal(reps[index], f"rep-{index}", UserRole.SDR, _team_id(ctx))
        try:
            for n in range(commits):
                lead_id = str(uuid.uuid4())
                op = Op(op_id=uuid.uuid4(), client_id=f"ws-{index}", client_seq=n, entity="lead",
                        entity_id=lead_id, kind="create", fields={"full_name": f"Lead {index}-{n}"},
                        hlc=str(Hlc(ctx.now_ms(), 0)))

                def work(conn, op=op):  # type: ignore[no-untyped-def]
                    results = push.apply_batch(conn, ctx, me, op.client_id, [op], careful=False)
                    if rng.random() < 0.2:  # keep the numbered changes uncommitted for a while
                        time.sleep(rng.uniform(0, 0.004))
                    return results

                result = write(engine, work)
                assert result[0].status == "applied", result
                with lock:
                    committed.add(lead_id)
        except BaseException as exc:  # surfaced by the main thread
            errors.append(exc)

    pulled: set[str] = set()
    cursors: list[int] = []

    def drain(cursor: int) -> int:
        while True:
            with read(engine) as conn:
                page = pull_page(conn, reader, cursor, 200, "0")
            for change in page["changes"]:
                pulled.add(change["entity_id"])
            assert page["cursor"] >= cursor
            cursor = page["cursor"]
            cursors.append(cursor)
            if not page["has_more"]:
                return cursor

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    cursor = 0
    while any(thread.is_alive() for thread in threads):
        cursor = drain(cursor)
    for thread in threads:
        thread.join()
    drain(cursor)
    if errors:
        raise errors[0]
    return committed, pulled, cursors


def _team_id(ctx: ServerContext) -> str:
    with ctx.engine.connect() as conn:
        return conn.execute(select(t.teams.c.id)).scalar_one()


def test_concurrent_writers_and_a_reader_agree(db_url: str) -> None:
    engine = make_engine(db_url)
    ctx = ServerContext(engine=engine, url=db_url, hasher=FAST_HASHER)
    commits = COMMITS_PER_WRITER[engine.dialect.name]
    try:
        committed, pulled, cursors = run_writers_and_reader(ctx, WRITERS, commits)
    finally:
        engine.dispose()
    assert len(committed) == WRITERS * commits
    assert pulled == committed
    assert cursors == sorted(cursors)
    assert len(cursors) > 3  # the reader really read while writers wrote


def test_parallel_replays_of_one_batch_apply_once(db_url: str) -> None:
    """The same batch sent by four threads at once (a client retrying on timeouts)."""
    engine = make_engine(db_url)
    ctx = ServerContext(engine=engine, url=db_url, hasher=FAST_HASHER)
    try:
        write(engine, lambda c: admin.create_team(c, "north", 3600, ctx.now()))
        rep = write(engine, lambda c: admin.create_user(c, ctx, "rep-a", "password-123", UserRole.SDR, "north"))
        me = Principal(rep, "rep-a", UserRole.SDR, _team_id(ctx))
        ops = [Op(op_id=uuid.uuid4(), client_id="ws", client_seq=i, entity="lead", entity_id=uuid.uuid4(),
                  kind="create", fields={"full_name": f"L{i}"}, hlc=str(Hlc(ctx.now_ms(), i))) for i in range(50)]
        outcomes: list[list[str]] = []
        barrier = threading.Barrier(4)

        def send() -> None:
            barrier.wait()
            results = push.push_batch(engine, ctx, me, "ws", ops)  # as the route does
            outcomes.append([r.status for r in results])

        threads = [threading.Thread(target=send) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with engine.connect() as conn:
            leads = conn.execute(select(t.leads.c.id)).all()
            changes = conn.execute(select(t.changes.c.seq)).all()
    finally:
        engine.dispose()
    assert len(outcomes) == 4
    assert len(leads) == 50 and len(changes) == 50
    applied = sum(s == "applied" for statuses in outcomes for s in statuses)
    assert applied == 50  # each op applied by exactly one of the four requests
