"""GET /reports/*: the same figures as the Team desk, scope-checked for every role;
the team lead's commands (sales acceptance, away/back) through push."""

from __future__ import annotations

import pytest
from conftest import Api, Session

from sdr_desk.core.ids import new_id

WHEN = "2026-11-24T08:00:00Z"  # the day before the test clock


def _touch(s: Session, lead_id: str, channel: str, outcome: str, step: str | None) -> None:
    result = s.push_ok(s.op("activity", new_id(), "append", {
        "lead_id": lead_id, "channel": channel, "outcome": outcome, "step": step, "occurred_at": WHEN}))
    assert result[0]["status"] == "applied", result


@pytest.fixture
def world(api: Api) -> dict:
    api.team("north")
    api.team("south")
    ids = {}
    for name, role, team in (("rep-a", "sdr", "north"), ("rep-b", "sdr", "north"), ("lead-n", "lead", "north"),
                             ("rep-c", "sdr", "south"), ("lead-s", "lead", "south"), ("admin", "admin", None)):
        ids[name] = api.user(name, role, team)
    s = {name: api.login(name) for name in ids}
    a, b, c = s["rep-a"].new_lead(), s["rep-b"].new_lead(), s["rep-c"].new_lead()
    for outcome, step in (("no_answer", "reach"), ("connected", "connect"), ("meeting_booked", "conversation")):
        _touch(s["rep-a"], a, "phone", outcome, step)
    _touch(s["rep-b"], b, "email", "sent", "reach")
    _touch(s["rep-c"], c, "phone", "busy", "reach")
    _touch(s["rep-c"], c, "phone", "voicemail", "reach")
    return {"s": s, "ids": ids, "leads": {"a": a, "b": b, "c": c}}


def _funnel(s: Session, **params: str) -> dict:
    response = s.get("/api/v1/reports/funnel", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _rows(doc: dict) -> dict[str, dict]:
    return {row["name"]: row for row in doc["rows"]}


def test_each_role_reads_its_own_scope(world: dict) -> None:
    s = world["s"]
    assert set(_rows(_funnel(s["rep-a"]))) == {"rep-a"}
    assert set(_rows(_funnel(s["lead-n"]))) == {"rep-a", "rep-b"}
    assert set(_rows(_funnel(s["lead-s"]))) == {"rep-c"}
    assert set(_rows(_funnel(s["admin"]))) == {"rep-a", "rep-b", "rep-c"}
    south = world["s"]["rep-c"].team_id
    assert set(_rows(_funnel(s["admin"], team_id=south))) == {"rep-c"}
    mine = _rows(_funnel(s["rep-a"]))["rep-a"]
    assert (mine["dials"], mine["reaches"], mine["connects"], mine["conversations"], mine["meetings"]) == (3, 3, 2, 1, 1)
    assert mine["ratios"]["dials_per_reach"]["value"] == 1.5
    assert mine["ratios"]["dials_per_reach"]["benchmark"] == 12.73
    team = _funnel(s["lead-n"])
    assert team["total"]["reaches"] == 4
    assert _rows(team)["rep-b"]["ratios"]["dials_per_reach"]["value"] is None  # no dials: no ratio
    assert "total" not in _funnel(s["rep-a"])  # an SDR gets the team only as a median
    assert _funnel(s["rep-a"])["team_median"]["dials_per_reach"] == 1.5


def test_an_sdr_cannot_read_another_reps_figures(world: dict) -> None:
    s, ids = world["s"], world["ids"]
    for path in ("/api/v1/reports/funnel", "/api/v1/reports/activity", "/api/v1/reports/sla"):
        response = s["rep-a"].get(path, params={"rep_id": ids["rep-b"]})
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"] == "forbidden"


def test_a_lead_of_team_a_cannot_read_team_b(world: dict) -> None:
    s, ids = world["s"], world["ids"]
    south = s["rep-c"].team_id
    for path in ("/api/v1/reports/funnel", "/api/v1/reports/activity", "/api/v1/reports/sla"):
        assert s["lead-n"].get(path, params={"team_id": south}).status_code == 403, path
        assert s["lead-n"].get(path, params={"rep_id": ids["rep-c"]}).status_code == 404, path


def test_activity_log_scope_and_filters(world: dict) -> None:
    s = world["s"]

    def acts(who: str, **params: str) -> list[dict]:
        response = s[who].get("/api/v1/reports/activity", params=params)
        assert response.status_code == 200, response.text
        return response.json()["activities"]

    assert {a["rep"] for a in acts("rep-a")} == {"rep-a"} and len(acts("rep-a")) == 3
    assert len(acts("lead-n")) == 4
    assert len(acts("admin")) == 6
    assert [a["outcome"] for a in acts("lead-n", channel="email")] == ["sent"]
    assert len(acts("lead-n", step="reach")) == 2
    assert acts("lead-n", rep_id=world["ids"]["rep-b"])[0]["lead_id"] == world["leads"]["b"]
    assert s["lead-n"].get("/api/v1/reports/activity", params={"channel": "fax"}).status_code == 422


def test_sales_acceptance_counts_as_sql_with_who_accepted(world: dict, api: Api) -> None:
    s, lead = world["s"], world["leads"]["a"]
    rep, boss = s["rep-a"], s["lead-n"]
    early = boss.push_ok(boss.op("lead", lead, "command", {"command": "accept", "stage": "sql", "accepted_by": "Sales East"}))
    assert early[0]["status"] == "rejected" and early[0]["reason"] == "invalid_state"
    assert rep.push_ok(rep.op("lead", lead, "command", {"command": "hand_off", "stage": "mql"}))[0]["status"] == "applied"
    done = boss.push_ok(boss.op("lead", lead, "command", {"command": "accept", "stage": "sql", "accepted_by": "Sales East"}))
    assert done[0]["status"] == "applied", done
    row = _rows(_funnel(boss))["rep-a"]
    assert (row["mqls"], row["sqls"]) == (1, 1)
    audit = s["admin"].get("/api/v1/audit").json()
    accepted = [e for e in audit if e["action"] == "sales_accepted"]
    assert accepted[0]["detail"]["accepted_by"] == "Sales East"
    assert accepted[0]["target_user_id"] == world["ids"]["rep-a"]
    other = s["lead-s"].push_ok(s["lead-s"].op("lead", lead, "command", {"command": "accept", "stage": "opportunity", "accepted_by": "X"}))
    assert other[0]["status"] == "rejected" and other[0]["reason"] == "out_of_scope"


def test_away_and_back_through_push(world: dict, api: Api) -> None:
    s, ids = world["s"], world["ids"]
    rep_b = ids["rep-b"]

    def away(who: str, target: str, value: bool) -> dict:
        return s[who].push_ok(s[who].op("lead", target, "command", {"command": "set_away", "user_id": target, "away": value}))[0]

    assert away("rep-a", rep_b, True)["reason"] == "forbidden"
    assert away("lead-s", rep_b, True)["reason"] == "not_found"
    assert away("lead-n", rep_b, True)["status"] == "applied"
    users = {u["username"]: u for u in s["lead-n"].get("/api/v1/users").json()}
    assert users["rep-b"]["away"] is True
    assert away("lead-n", rep_b, False)["status"] == "applied"
    assert not any(u["away"] for u in s["lead-n"].get("/api/v1/users").json())


def test_sla_report(world: dict, api: Api) -> None:
    key = api.api_key("north")
    assert api.intake(key, {"full_name": "Wang Lei", "email": "wang@example.com"}).status_code in (200, 201)
    s = world["s"]
    doc = s["lead-n"].get("/api/v1/reports/sla").json()
    assert sum(r["pending"] for r in doc["by_rep"]) == 1
    assert doc["by_source"][0]["source"] == "web_form"
    south = s["lead-s"].get("/api/v1/reports/sla").json()
    assert {r["name"] for r in south["by_rep"]} == {"rep-c"}  # north's new lead is not theirs to see
    assert sum(r["pending"] for r in south["by_rep"]) == 0
    api.clock.advance(hours=3)
    doc = api.login("lead-n").get("/api/v1/reports/sla").json()  # a fresh token: the first one has expired
    assert sum(r["overdue"] for r in doc["by_rep"]) == 1
    assert sum(r["breaches"] for r in doc["by_rep"]) == 1
