"""Per-field last-writer-wins converges whatever order the edits arrive in (hypothesis)."""

from __future__ import annotations

import uuid

from conftest import FAST_HASHER
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from sdr_desk.core.entities import UserRole
from sdr_desk.core.hlc import Hlc
from sdr_desk.server import admin, push
from sdr_desk.server import tables as t
from sdr_desk.server.auth import Principal
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import make_engine, write
from sdr_desk.sync.protocol import Op

FIELDS = {"title": st.sampled_from(["CTO", "CIO", "VP IT", "Head of Data"]),
          "next_touch_note": st.sampled_from(["call Tue", "send case study", "ask for intro"]),
          "do_not_call": st.booleans()}
edit = st.tuples(st.sampled_from(["ws-a", "ws-b", "ws-c"]), st.sampled_from(sorted(FIELDS)),
                 st.integers(0, 50_000), st.integers(0, 3)).flatmap(
    lambda e: FIELDS[e[1]].map(lambda value: (*e, value)))


def test_any_arrival_order_gives_the_same_lead(db_url: str) -> None:
    engine = make_engine(db_url)
    ctx = ServerContext(engine=engine, url=db_url, hasher=FAST_HASHER)
    team = write(engine, lambda c: admin.create_team(c, "north", 3600, ctx.now()))
    rep = write(engine, lambda c: admin.create_user(c, ctx, "rep-a", "password-123", UserRole.SDR, "north"))
    me = Principal(rep, "rep-a", UserRole.SDR, team)
    base = ctx.now_ms()

    def send(lead_id: str, client: str, fields: dict, hlc: Hlc) -> str:
        op = Op(op_id=uuid.uuid4(), client_id=client, client_seq=0, entity="lead", entity_id=uuid.UUID(lead_id),
                kind="create" if "full_name" in fields else "patch", fields=fields, hlc=str(hlc))
        return write(engine, lambda c: push.apply_batch(c, ctx, me, client, [op]))[0].status

    def fields_of(lead_id: str) -> dict:
        with engine.connect() as conn:
            return conn.execute(select(t.leads.c.data).where(t.leads.c.id == lead_id)).scalar_one()

    # A client's clock never repeats, so no two edits share (client, hlc).
    @given(edits=st.lists(edit, min_size=1, max_size=12, unique_by=lambda e: (e[0], e[2], e[3])),
           order=st.randoms(use_true_random=False))
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def converge(edits: list, order) -> None:  # type: ignore[no-untyped-def]
        arrivals = list(edits)
        order.shuffle(arrivals)
        leads = []
        for sequence in (edits, arrivals):
            lead_id = str(uuid.uuid4())
            assert send(lead_id, "ws-a", {"full_name": "Prospect"}, Hlc(base - 1, 0)) == "applied"
            for client, name, wall, counter, value in sequence:
                assert send(lead_id, client, {name: value}, Hlc(base + wall, counter)) in ("applied", "conflict")
            leads.append(fields_of(lead_id))
        first, second = leads
        for name in FIELDS:
            assert first[name] == second[name]
            mine = [(Hlc(base + w, n), c, v) for c, f, w, n, v in edits if f == name]
            if mine:
                assert first[name] == max(mine, key=lambda e: (str(e[0]), e[1]))[2]

    try:
        converge()
    finally:
        engine.dispose()
