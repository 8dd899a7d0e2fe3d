"""Intake (validation, de-dup, idempotency), round-robin fairness across restarts and
membership changes, and SLA re-assignment."""

from __future__ import annotations

from itertools import count

from conftest import Api
from sqlalchemy import select

from sdr_desk.core.ids import new_id
from sdr_desk.server import sla
from sdr_desk.server import tables as t

_n = count()


def _inbound(api: Api, key: str, **extra: str) -> dict:
    i = next(_n)
    body = {"full_name": f"Prospect {i}", "email": f"prospect{i}@example.com", **extra}
    response = api.intake(key, body)
    assert response.status_code in (200, 201), response.text
    return response.json()


def _names(api: Api) -> dict[str, str]:
    with api.ctx.engine.connect() as conn:
        return dict(conn.execute(select(t.users.c.id, t.users.c.username)).all())


def _team_of_three(api: Api, **weights: int) -> str:
    api.team("north", sla_minutes=30)
    for name in ("rep-a", "rep-b", "rep-c"):
        api.user(name, "sdr", "north", weight=weights.get(name.replace("-", "_"), 1))
    return api.api_key("north")


def test_round_robin_is_even(api: Api) -> None:
    key = _team_of_three(api)
    names = _names(api)
    owners = [names[_inbound(api, key)["owner_id"]] for _ in range(9)]
    assert owners == ["rep-a", "rep-b", "rep-c"] * 3


def test_rotation_survives_a_restart_and_membership_changes(api: Api, http_server) -> None:  # type: ignore[no-untyped-def]
    key = _team_of_three(api)
    names = _names(api)
    first = [names[_inbound(api, key)["owner_id"]] for _ in range(4)]
    assert first == ["rep-a", "rep-b", "rep-c", "rep-a"]
    api.close()
    restarted = Api(api.db_url, api.clock, http_server)  # a new process over the same database
    try:
        rep_d = restarted.user("rep-d", "sdr", "north")  # joins mid-rotation
        names = _names(restarted)
        after = [names[_inbound(restarted, key)["owner_id"]] for _ in range(4)]
        assert after == ["rep-b", "rep-c", "rep-d", "rep-a"]  # no reset to the first rep
        rep_b = next(i for i, n in names.items() if n == "rep-b")
        restarted.set_user(rep_b, away=True)
        restarted.set_user(rep_d, active=False)
        assert [names[_inbound(restarted, key)["owner_id"]] for _ in range(3)] == ["rep-c", "rep-a", "rep-c"]
        restarted.set_user(rep_b, away=False)
        assert [names[_inbound(restarted, key)["owner_id"]] for _ in range(2)] == ["rep-a", "rep-b"]
    finally:
        restarted.close()
        api.app = restarted.app  # the fixture's teardown closes this one again harmlessly


def test_weights_and_capacity(api: Api) -> None:
    key = _team_of_three(api, rep_a=2)
    names = _names(api)
    assert [names[_inbound(api, key)["owner_id"]] for _ in range(8)] == ["rep-a", "rep-a", "rep-b", "rep-c"] * 2
    rep_c = next(i for i, n in names.items() if n == "rep-c")
    api.set_user(rep_c, capacity=2)  # already holds 2 open leads
    assert [names[_inbound(api, key)["owner_id"]] for _ in range(4)] == ["rep-a", "rep-a", "rep-b", "rep-a"]


def test_no_rep_available_leaves_the_lead_in_the_pool(api: Api) -> None:
    api.team("north")
    rep = api.user("rep-a", "sdr", "north")
    key = api.api_key("north")
    api.set_user(rep, away=True)
    answer = _inbound(api, key)
    assert answer["owner_id"] is None
    api.set_user(rep, away=False)
    view, _ = api.login("rep-a").pull_all()
    assert ("lead", answer["lead_id"]) in view  # the pool is visible to the team's reps


def test_intake_validates_each_field(api: Api) -> None:
    api.team("north")
    key = api.api_key("north")
    response = api.intake(key, {"full_name": "Bad Data", "email": "not-an-email", "phone": "12",
                                "country": "XX", "time_zone": "Mars/Base"})
    assert response.status_code == 422
    fields = {tuple(d["loc"]) for d in response.json()["details"]}
    assert fields == {("body", "email"), ("body", "phone"), ("body", "country"), ("body", "time_zone")}
    neither = api.intake(key, {"full_name": "No Contact"})
    assert neither.status_code == 422
    unknown = api.intake(key, {"full_name": "X", "email": "x@example.com", "budget": 5})
    assert unknown.status_code == 422 and unknown.json()["details"][0]["loc"] == ["body", "budget"]
    assert api.intake("sdk_wrong", {"full_name": "X", "email": "x@example.com"}).status_code == 401


def test_intake_deduplicates_by_email_phone_and_fuzzy_name_company(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    key = api.api_key("north")
    first = api.intake(key, {"full_name": "Wang Fang", "email": "Wang.Fang@Example.com", "phone": "+86 138 0013 8000",
                             "company": "Acme Tools Ltd.", "country": "CN"})
    assert first.status_code == 201
    lead_id = first.json()["lead_id"]
    by_email = api.intake(key, {"full_name": "F. Wang", "email": "wang.fang@example.com",
                                "engagement": {"kind": "download", "detail": "whitepaper"}})
    assert by_email.status_code == 200
    assert by_email.json() == {**by_email.json(), "lead_id": lead_id, "status": "merged", "matched_on": "email"}
    by_phone = api.intake(key, {"full_name": "Fang", "phone": "13800138000", "country": "CN"})
    assert by_phone.json()["matched_on"] == "phone" and by_phone.json()["lead_id"] == lead_id
    fuzzy = api.intake(key, {"full_name": "Fang Wang", "email": "fw@other.example", "company": "ACME Tools"})
    assert fuzzy.json()["matched_on"] == "name_company" and fuzzy.json()["lead_id"] == lead_id
    colleague = api.intake(key, {"full_name": "Li Na", "email": "li.na@example.com", "company": "Acme Tools"})
    assert colleague.status_code == 201 and colleague.json()["lead_id"] != lead_id
    view, _ = api.login("rep-a").pull_all()
    engagements = [v for (entity, _), v in view.items() if entity == "engagement" and v["lead_id"] == lead_id]
    assert len(engagements) == 4
    lead = view[("lead", lead_id)]["fields"]
    assert lead["emails"] == ["wang.fang@example.com", "fw@other.example"]
    assert view[("lead", colleague.json()["lead_id"])]["fields"]["account_id"] == lead["account_id"]


def test_intake_is_idempotent_on_its_key(api: Api) -> None:
    api.team("north")
    api.user("rep-a", "sdr", "north")
    key = api.api_key("north")
    body = {"full_name": "Once Only", "email": "once@example.com", "idempotency_key": "form-123"}
    one, two = api.intake(key, body), api.intake(key, body)
    assert one.status_code == two.status_code == 201
    assert two.json() == {**one.json(), "replayed": True}
    header = api.intake(key, {"full_name": "Twice", "phone": "+14155550100"}, **{"Idempotency-Key": "h-1"})
    again = api.intake(key, {"full_name": "Twice", "phone": "+14155550100"}, **{"Idempotency-Key": "h-1"})
    assert again.json()["lead_id"] == header.json()["lead_id"] and again.json()["replayed"] is True
    with api.ctx.engine.connect() as conn:
        assert len(conn.execute(select(t.leads.c.id)).all()) == 2


def test_sla_moves_an_untouched_lead_to_the_next_rep(api: Api) -> None:
    key = _team_of_three(api)
    names = _names(api)
    reps = {n: api.login(n) for n in ("rep-a", "rep-b", "rep-c")}
    untouched = _inbound(api, key)  # rep-a
    touched = _inbound(api, key)  # rep-b
    # A web form lead of grade B: 15 working minutes (resources/rules/sla.toml), and 17:00 in
    # Shanghai is inside the team's working hours.
    assert untouched["sla_due_at"] == "2026-11-25T09:15:00Z"
    _, cursor_a = reps["rep-a"].pull_all()
    _, cursor_b = reps["rep-b"].pull_all()
    rep_b = reps["rep-b"]
    rep_b.push_ok(rep_b.op("activity", new_id(), "append", {
        "lead_id": touched["lead_id"], "channel": "phone", "outcome": "connected", "step": "connect",
        "occurred_at": "2026-11-25T09:05:00Z"}))
    api.clock.advance(minutes=14)
    assert sla.sweep(api.ctx) == 0
    api.clock.advance(minutes=2)
    assert sla.sweep(api.ctx) == 1
    assert sla.sweep(api.ctx) == 0  # moved once, not again
    with api.ctx.engine.connect() as conn:
        row = conn.execute(select(t.leads.c.owner_id, t.leads.c.sla_due_at).where(t.leads.c.id == untouched["lead_id"])).one()
        history = conn.execute(select(t.assignments.c.reason, t.assignments.c.user_id, t.assignments.c.previous_user_id)
                               .where(t.assignments.c.lead_id == untouched["lead_id"]).order_by(t.assignments.c.id)).all()
        audited = conn.execute(select(t.audit_log.c.detail).where(t.audit_log.c.lead_id == untouched["lead_id"],
                                                                  t.audit_log.c.action == "reassign")).scalars().all()
    assert names[row.owner_id] == "rep-c"  # the rotation continues after rep-b, skipping the late rep
    assert [(r, names[u]) for r, u, _ in history] == [("intake", "rep-a"), ("sla", "rep-c")]
    assert audited and audited[0]["reason"] == "sla"
    reps = {n: api.login(n) for n in reps}  # the morning's access tokens have expired
    assert row.sla_due_at.isoformat() == "2026-11-25T09:31:00+00:00"
    assert [(c["entity_id"], c["kind"]) for c in reps["rep-a"].pull(cursor_a)["changes"]] == [(untouched["lead_id"], "revoke")]
    gained, _ = reps["rep-c"].pull_all()
    assert ("lead", untouched["lead_id"]) in gained
    assert any(e == "engagement" and v["lead_id"] == untouched["lead_id"] for (e, _), v in gained.items())
    assert untouched["lead_id"] not in {c["entity_id"] for c in reps["rep-b"].pull(cursor_b)["changes"]}


def test_sla_with_nobody_else_restarts_the_clock(api: Api) -> None:
    api.team("solo", sla_minutes=10)
    api.user("rep-a", "sdr", "solo")
    key = api.api_key("solo")
    lead = _inbound(api, key)
    api.clock.advance(minutes=16)
    assert sla.sweep(api.ctx) == 0
    with api.ctx.engine.connect() as conn:
        owner, due = conn.execute(select(t.leads.c.owner_id, t.leads.c.sla_due_at).where(t.leads.c.id == lead["lead_id"])).one()
        actions = conn.execute(select(t.audit_log.c.action).where(t.audit_log.c.lead_id == lead["lead_id"])).scalars().all()
    assert owner == lead["owner_id"] and due.isoformat() == "2026-11-25T09:31:00+00:00"
    assert actions == ["assign", "sla_missed"]
