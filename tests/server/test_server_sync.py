"""Push and pull: exactly once, per-op results, last-writer-wins, facts, tombstones, bad input."""

from __future__ import annotations

import json
from datetime import datetime

from conftest import Api, Session
from sqlalchemy import func, select

from sdr_desk.core.hlc import Hlc
from sdr_desk.core.ids import new_id
from sdr_desk.server import tables as t
from sdr_desk.sync.protocol import MAX_BODY_BYTES


def _team(api: Api) -> tuple[Session, Session, Session]:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    api.user("rep-b", "sdr", "north")
    api.user("lead-n", "lead", "north")
    return api.login("rep-a"), api.login("rep-b"), api.login("lead-n")


def _count(api: Api, table) -> int:  # type: ignore[no-untyped-def]
    with api.ctx.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_replayed_op_and_replayed_batch_apply_once(api: Api) -> None:
    rep, _, _ = _team(api)
    lead_id = new_id()
    batch = [rep.op("lead", lead_id, "create", {"full_name": "Mei Chen", "emails": ["mei@example.com"]}),
             rep.op("activity", new_id(), "append", {"lead_id": lead_id, "channel": "phone", "outcome": "no_answer",
                                                      "step": "reach", "occurred_at": "2026-11-25T08:59:00Z"})]
    first = rep.push_ok(*batch)
    assert [r["status"] for r in first] == ["applied", "applied"]
    changes_after_first = _count(api, t.changes)
    again = rep.push_ok(*batch)  # the response was lost; the whole batch comes again
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["original_status"] for r in again] == ["applied", "applied"]
    inside = rep.push_ok(batch[1], batch[1])  # and the same op twice in one batch
    assert [r["status"] for r in inside] == ["duplicate", "duplicate"]
    assert _count(api, t.leads) == 1
    assert _count(api, t.records) == 1
    assert _count(api, t.changes) == changes_after_first


def test_results_are_per_op_and_a_rejection_does_not_undo_the_rest(api: Api) -> None:
    rep, _, _ = _team(api)
    good, bad = new_id(), new_id()
    results = rep.push_ok(
        rep.op("lead", good, "create", {"full_name": "Li Wei"}),
        rep.op("lead", bad, "create", {"full_name": "Zhao", "seniority": "emperor"}),
        rep.op("lead", new_id(), "patch", {"title": "CTO"}),
        rep.op("lead", good, "patch", {"title": "CFO"}),
    )
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "applied"]
    assert results[1]["reason"] == "invalid_fields"
    assert results[1]["field_errors"][0]["field"] == "seniority"
    assert results[2]["reason"] == "not_found"
    view, _ = rep.pull_all()
    assert view[("lead", good)]["fields"]["title"] == "CFO"
    assert ("lead", bad) not in view
    # A rejected op is not recorded: sent again, it is judged again (still rejected here).
    retry = rep.push_ok(rep.op("lead", bad, "create", {"full_name": "Zhao", "seniority": "emperor"}))
    assert retry[0]["status"] == "rejected"


def test_last_writer_wins_per_field_with_the_winner_reported(api: Api) -> None:
    rep, _, boss = _team(api)
    lead_id = rep.new_lead(title="Engineer")
    now = int(api.clock().timestamp() * 1000)
    late = rep.push_ok(rep.op("lead", lead_id, "patch", {"title": "VP Engineering", "time_zone": "Asia/Shanghai"},
                              hlc=Hlc(now + 5000, 0)))
    assert late[0]["status"] == "applied"
    # A team lead's older edit (made offline earlier) loses on title but wins on a field untouched since.
    early = boss.push_ok(boss.op("lead", lead_id, "patch", {"title": "Engineer II", "next_touch_note": "call Tue"},
                                hlc=Hlc(now + 1000, 0)))
    assert early[0]["status"] == "conflict"
    assert early[0]["winner"] == {"title": "VP Engineering"}
    assert early[0]["winner_clocks"] == {"title": f"{Hlc(now + 5000, 0)}|{rep.client_id}"}
    view, _ = rep.pull_all()
    fields = view[("lead", lead_id)]["fields"]
    clocks = view[("lead", lead_id)]["clocks"]
    assert clocks["title"] == f"{Hlc(now + 5000, 0)}|{rep.client_id}"
    assert clocks["next_touch_note"] == f"{Hlc(now + 1000, 0)}|{boss.client_id}"
    assert fields["title"] == "VP Engineering"
    assert fields["next_touch_note"] == "call Tue"
    assert fields["time_zone"] == "Asia/Shanghai"


def test_equal_clocks_break_ties_on_client_id(api: Api) -> None:
    rep, _, boss = _team(api)
    lead_id = rep.new_lead()
    stamp = Hlc(int(api.clock().timestamp() * 1000) + 10, 3)
    rep.client_id, boss.client_id = "ws-aaa", "ws-zzz"
    rep.push_ok(rep.op("lead", lead_id, "patch", {"title": "from a"}, hlc=stamp))
    boss.push_ok(boss.op("lead", lead_id, "patch", {"title": "from z"}, hlc=stamp))
    lost = rep.push_ok(rep.op("lead", lead_id, "patch", {"title": "from a again"}, hlc=stamp))
    assert lost[0]["status"] == "conflict"
    assert rep.pull_all()[0][("lead", lead_id)]["fields"]["title"] == "from z"


def test_a_clock_far_ahead_is_clamped_and_cannot_win_forever(api: Api) -> None:
    rep, _, boss = _team(api)
    lead_id = rep.new_lead()
    now = int(api.clock().timestamp() * 1000)
    rep.push_ok(rep.op("lead", lead_id, "patch", {"title": "from the future"}, hlc=Hlc(now + 10 * 86_400_000, 0)))
    api.clock.advance(minutes=2)  # past the clamp (60 s ahead of the server at the time)
    later = boss.push_ok(boss.op("lead", lead_id, "patch", {"title": "present"}))
    assert later[0]["status"] == "applied"
    assert rep.pull_all()[0][("lead", lead_id)]["fields"]["title"] == "present"


def test_server_owned_fields_only_through_commands(api: Api) -> None:
    rep, other, boss = _team(api)
    lead_id = rep.new_lead()
    for fields in ({"owner_id": other.user_id}, {"team_id": new_id()}, {"sla_due_at": "2030-01-01T00:00:00Z"},
                   {"stage": "mql"}):
        result = rep.push_ok(rep.op("lead", lead_id, "patch", fields))[0]
        assert result["status"] == "rejected" and result["reason"] == "server_owned_field", fields
    # Echoing the current owner is harmless.
    assert rep.push_ok(rep.op("lead", lead_id, "patch", {"owner_id": rep.user_id, "title": "CIO"}))[0]["status"] == "applied"
    handed = rep.push_ok(rep.op("lead", lead_id, "command", {"command": "hand_off", "stage": "mql",
                                                             "lead_class": "mql"}))
    assert handed[0]["status"] == "applied"
    backwards = rep.push_ok(rep.op("lead", lead_id, "command", {"command": "hand_off", "stage": "mql"}))
    assert backwards[0]["status"] == "applied"  # already there: nothing to do
    assert rep.pull_all()[0][("lead", lead_id)]["fields"]["stage"] == "mql"
    with api.ctx.engine.connect() as conn:
        assert conn.execute(select(t.audit_log.c.action).where(t.audit_log.c.lead_id == lead_id)).scalars().all() == ["hand_off"]
    sdr_reassign = rep.push_ok(rep.op("lead", lead_id, "command", {"command": "reassign", "owner_id": other.user_id}))
    assert sdr_reassign[0]["reason"] == "forbidden"
    bogus = rep.push_ok(rep.op("lead", lead_id, "command", {"command": "make_me_rich"}))
    assert bogus[0]["reason"] == "invalid_fields"


def test_activities_are_append_only_and_credited_to_the_pusher(api: Api) -> None:
    rep, _, _ = _team(api)
    lead_id = rep.new_lead()
    act = new_id()
    fields = {"lead_id": lead_id, "channel": "phone", "outcome": "connected", "step": "connect",
              "occurred_at": "2026-11-25T08:30:00Z", "notes": "asked for a demo"}
    assert rep.push_ok(rep.op("activity", act, "append", fields))[0]["status"] == "applied"
    assert rep.push_ok(rep.op("activity", act, "patch", {"notes": "rewritten"}))[0]["reason"] == "unsupported"
    assert rep.push_ok(rep.op("activity", act, "append", {**fields, "notes": "other"}))[0]["reason"] == "already_exists"
    assert rep.push_ok(rep.op("activity", act, "append", fields))[0]["status"] == "applied"  # same fact again
    forged = rep.push_ok(rep.op("activity", new_id(), "append", {**fields, "author_id": new_id()}))
    assert forged[0]["reason"] == "server_owned_field"
    view, _ = rep.pull_all()
    assert view[("activity", act)]["fields"]["author_id"] == rep.user_id
    assert view[("activity", act)]["lead_id"] == lead_id
    # The touch says 08:30, half an hour before the lead existed: the server's clock (09:00) counts.
    assert view[("lead", lead_id)]["fields"]["first_touch_at"] == "2026-11-25T09:00:00Z"
    assert view[("lead", lead_id)]["fields"]["stage"] == "working"  # as the rep's workstation shows it


def _touch(lead_id: str, occurred_at: str, step: str | None = "reach") -> dict:
    return {"lead_id": lead_id, "channel": "phone", "outcome": "no_answer", "step": step, "occurred_at": occurred_at}


def _lead_row(api: Api, lead_id: str):  # type: ignore[no-untyped-def]
    with api.ctx.engine.connect() as conn:
        return conn.execute(select(t.leads).where(t.leads.c.id == lead_id)).mappings().one()


def test_first_touch_comes_from_the_server_clock_not_the_touch(api: Api) -> None:
    rep, _, _ = _team(api)
    created = api.clock()
    backdated, in_window, ahead = rep.new_lead(), rep.new_lead(), rep.new_lead()
    api.clock.advance(minutes=10)  # the touches arrive at 09:10
    results = rep.push_ok(
        rep.op("activity", new_id(), "append", _touch(backdated, "2025-11-25T09:00:00Z")),  # a year back
        rep.op("activity", new_id(), "append", _touch(in_window, "2026-11-25T09:09:30Z")),  # 30 s back
        rep.op("activity", new_id(), "append", _touch(ahead, "2026-11-25T09:40:00Z")),  # a clock ahead
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    view, _ = rep.pull_all()
    assert view[("lead", backdated)]["fields"]["first_touch_at"] == "2026-11-25T09:09:00Z"  # the window's edge
    assert view[("lead", in_window)]["fields"]["first_touch_at"] == "2026-11-25T09:09:30Z"
    assert view[("lead", ahead)]["fields"]["first_touch_at"] == "2026-11-25T09:10:00Z"
    for lead_id in (backdated, in_window, ahead):
        row = _lead_row(api, lead_id)
        assert row["first_touch_at"] > created  # never before the lead existed
        assert row["first_touch_at"] == datetime.fromisoformat(view[("lead", lead_id)]["fields"]["first_touch_at"])


def test_a_touch_on_a_pool_lead_needs_a_claim_first(api: Api) -> None:
    rep, other, lead = _team(api)
    pool = lead.new_lead()  # a team lead's lead sits in the team pool
    api.clock.advance(minutes=5)
    refused = rep.push_ok(rep.op("activity", new_id(), "append", _touch(pool, "2026-11-25T09:05:00Z")))[0]
    assert refused["status"] == "rejected" and refused["reason"] == "out_of_scope"
    assert "claim" in refused["message"]
    row = _lead_row(api, pool)
    assert row["first_touch_at"] is None and row["stage"] == "new" and row["owner_id"] is None  # SLA still runs
    # A note is no touch: a rep may leave one on a pool lead without taking it.
    note = rep.push_ok(rep.op("activity", new_id(), "append", _touch(pool, "2026-11-25T09:05:00Z", step=None)))[0]
    assert note["status"] == "applied"
    assert _lead_row(api, pool)["first_touch_at"] is None
    # Claimed first, in the same push: the touch is the owner's and stops the clock.
    claimed = rep.push_ok(rep.op("lead", pool, "command", {"command": "claim"}),
                          rep.op("activity", new_id(), "append", _touch(pool, "2026-11-25T09:05:00Z")))
    assert [r["status"] for r in claimed] == ["applied", "applied"]
    row = _lead_row(api, pool)
    assert row["owner_id"] == rep.user_id and row["stage"] == "working"
    assert row["first_touch_at"] == api.clock()
    late = other.push_ok(other.op("activity", new_id(), "append", _touch(pool, "2026-11-25T09:05:00Z")))[0]
    assert late["status"] == "rejected" and late["reason"] == "out_of_scope"


def test_client_seq_going_backwards_is_refused(api: Api) -> None:
    rep, _, _ = _team(api)
    first, second, third = (rep.op("lead", new_id(), "create", {"full_name": n}) for n in ("A", "B", "C"))
    second["client_seq"] = first["client_seq"]  # the same number twice
    third["client_seq"] = first["client_seq"] - 1  # and one going back
    results = rep.push_ok(first, second, third)
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    assert {r["reason"] for r in results[1:]} == {"out_of_order"}
    assert results[2]["field_errors"][0]["field"] == "client_seq"
    assert _count(api, t.leads) == 1
    # The batch again, as after a lost answer: the applied op is a duplicate, the others still refused.
    again = rep.push_ok(first, second, third)
    assert [r["status"] for r in again] == ["duplicate", "rejected", "rejected"]


def test_qualification_versions_append(api: Api) -> None:
    rep, _, _ = _team(api)
    lead_id = rep.new_lead()
    base = {"lead_id": lead_id, "framework": "mantcp", "answers": {"money": {"status": "yes", "evidence": "budget"}},
            "red_flags": [], "verdict": "incomplete", "missing": ["authority"]}
    one, two = new_id(), new_id()
    rep.push_ok(rep.op("qualification", one, "append", {**base, "version": 1}),
                rep.op("qualification", two, "append", {**base, "version": 2, "verdict": "qualified", "missing": []}))
    view, _ = rep.pull_all()
    assert view[("qualification", one)]["fields"]["verdict"] == "incomplete"
    assert view[("qualification", two)]["fields"]["verdict"] == "qualified"


def test_delete_leaves_a_tombstone(api: Api) -> None:
    rep, _, boss = _team(api)
    lead_id = rep.new_lead()
    _, cursor = boss.pull_all()
    assert rep.push_ok(rep.op("lead", lead_id, "delete"))[0]["status"] == "applied"
    page = boss.pull(cursor)
    assert [(c["entity_id"], c["kind"]) for c in page["changes"]] == [(lead_id, "tombstone")]
    assert rep.push_ok(rep.op("lead", lead_id, "patch", {"title": "x"}))[0]["reason"] == "deleted"


def test_accounts_and_research_are_team_records(api: Api) -> None:
    rep, other, _ = _team(api)
    account, note, role = new_id(), new_id(), new_id()
    lead_id = rep.new_lead(account_id=account)
    results = rep.push_ok(
        rep.op("account", account, "create", {"name": "Acme Tools", "tier": "T1", "grade": "A"}),
        rep.op("research_note", note, "create", {"account_id": account, "template": "T1", "section": "company",
                                                 "field": "revenue", "text": "grew 20% last year",
                                                 "sources": [{"ref": "Annual report 2025", "date": "2026-03-01",
                                                              "kind": "document"}]}),
        rep.op("buyer_role", role, "create", {"account_id": account, "lead_id": lead_id, "role": "decider"}),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    seen, _ = other.pull_all()  # a teammate sees the account work, not the rep's own lead
    assert {("account", account), ("research_note", note), ("buyer_role", role)} <= set(seen)
    assert ("lead", lead_id) not in seen
    assert seen[("research_note", note)]["fields"]["sources"][0]["kind"] == "document"
    moved = other.push_ok(other.op("research_note", note, "patch", {"account_id": new_id()}))
    assert moved[0]["reason"] == "invalid_fields"


def test_pull_pages_and_cursor(api: Api) -> None:
    rep, _, _ = _team(api)
    ids = [rep.new_lead() for _ in range(7)]
    got, cursor, pages = [], 0, 0
    while True:
        page = rep.pull(cursor, limit=3)
        pages += 1
        got += [c["entity_id"] for c in page["changes"]]
        assert page["cursor"] >= cursor
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert got == ids and pages == 3
    assert rep.pull(cursor)["changes"] == []


def test_old_schema_gets_upgrade_required(api: Api) -> None:
    rep, _, _ = _team(api)
    response = rep.push(rep.op("lead", new_id(), "create", {"full_name": "x"}), schema_version=0)
    assert response.status_code == 426
    body = response.json()
    assert body["error"] == "upgrade_required" and body["min_schema_version"] == 1
    assert rep.get("/api/v1/sync/pull", params={"schema_version": 0}).status_code == 426
    assert rep.push(schema_version=99).json()["error"] == "schema_too_new"


def test_bad_input_is_a_precise_4xx(api: Api) -> None:
    rep, _, _ = _team(api)
    malformed = rep.post("/api/v1/sync/push", content=b'{"client_id": ', headers={"content-type": "application/json"})
    assert malformed.status_code == 422 and malformed.json()["error"] == "invalid_request"
    unknown = rep.post("/api/v1/sync/push", json={"client_id": "c", "schema_version": 1, "ops": [], "extra": 1})
    assert unknown.status_code == 422
    assert unknown.json()["details"][0]["loc"] == ["body", "extra"]
    wrong_type = rep.post("/api/v1/sync/push", json={"client_id": "c", "schema_version": "one", "ops": []})
    assert wrong_type.status_code == 422
    op = rep.op("lead", new_id(), "create", {"full_name": "x"})
    many = rep.post("/api/v1/sync/push", content=json.dumps(
        {"client_id": rep.client_id, "schema_version": 1, "ops": [op] * 1001}), headers={"content-type": "application/json"})
    assert many.status_code == 413 and many.json()["error"] == "batch_too_large"
    huge = rep.post("/api/v1/sync/push", content=b"{" + b" " * MAX_BODY_BYTES + b"}",
                    headers={"content-type": "application/json"})
    assert huge.status_code == 413 and huge.json()["error"] == "body_too_large"
    hundred_thousand = json.dumps({"client_id": rep.client_id, "schema_version": 1, "ops": [op] * 100_000})
    assert rep.post("/api/v1/sync/push", content=hundred_thousand,
                    headers={"content-type": "application/json"}).status_code == 413
    nul = rep.push(rep.op("lead", new_id(), "create", {"full_name": "bad\x00name"}))
    assert nul.status_code == 422
    mismatch = rep.push({**op, "client_id": "someone-else"})
    assert mismatch.json()["results"][0]["reason"] == "client_mismatch"
    assert rep.get("/api/v1/sync/pull", params={"cursor": -1}).status_code == 422
    assert rep.get("/api/v1/sync/pull", params={"limit": 100_000}).status_code == 422
    assert _count(api, t.leads) == 0


def test_edge_values_are_refused_or_stored_never_a_server_error(api: Api) -> None:
    rep, _, _ = _team(api)
    key = api.api_key("north")
    expanding = "\ufdfa" * 200  # one character that unfolds into 18 when normalised
    stored = api.intake(key, {"full_name": expanding, "company": expanding, "phone": "+8613800138000"})
    assert stored.status_code == 201, stored.text
    lead_id = rep.new_lead(phones=["9" * 40])
    assert rep.push_ok(rep.op("lead", lead_id, "patch", {"full_name": expanding}))[0]["status"] == "applied"
    far = rep.push_ok(rep.op("activity", new_id(), "append", {
        "lead_id": lead_id, "channel": "phone", "outcome": "busy", "occurred_at": "9999-12-31T23:59:59-14:00"}))
    assert far[0]["reason"] == "invalid_fields"
    op = rep.op("lead", new_id(), "create", {"full_name": "x"})
    assert rep.push({**op, "client_seq": 2**70}).status_code == 422
    assert rep.push(schema_version=2**70).status_code == 422


def test_a_large_page_travels_gzipped_to_a_remote_client_only(api: Api) -> None:
    import asyncio

    import httpx

    rep, _, _ = _team(api)
    rep.push_ok(*(rep.op("lead", new_id(), "create", {"full_name": f"Lead {i}", "title": "Head of procurement",
                                                      "emails": [f"lead{i}@example.com"], "tags": ["expo"]})
                  for i in range(120)))
    local = rep.get("/api/v1/sync/pull", params={"cursor": 0, "limit": 500}, headers={"Accept-Encoding": "gzip"})
    assert local.status_code == 200 and "content-encoding" not in local.headers  # same machine: plain

    async def remote() -> httpx.Response:
        transport = httpx.ASGITransport(app=api.app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://sync.example") as http:
            return await http.get("/api/v1/sync/pull", params={"cursor": 0, "limit": 500},
                                  headers={**rep.headers, "Accept-Encoding": "gzip"})

    far = asyncio.run(remote())
    assert far.status_code == 200 and far.headers["content-encoding"] == "gzip"
    assert int(far.headers["content-length"]) * 4 < len(far.content)  # what crossed the wire, and the page
    assert far.json() == local.json()
    assert len(far.json()["changes"]) == 120
