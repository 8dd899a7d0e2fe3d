"""Object-level authorization: every role against own, teammate's, pool and other-team records,
in pushes and in pulls; and `revoke` when a lead leaves someone's scope."""

from __future__ import annotations

import pytest
from conftest import Api, Session

from sdr_desk.core.ids import new_id


@pytest.fixture
def world(api: Api) -> dict:
    api.team("north")
    api.team("south")
    for name, role, team in (("rep-a", "sdr", "north"), ("rep-b", "sdr", "north"), ("lead-n", "lead", "north"),
                             ("rep-c", "sdr", "south"), ("lead-s", "lead", "south"), ("admin", "admin", None)):
        api.user(name, role, team)
    s = {name: api.login(name) for name in ("rep-a", "rep-b", "lead-n", "rep-c", "lead-s", "admin")}
    leads = {
        "own_a": s["rep-a"].new_lead(),
        "own_b": s["rep-b"].new_lead(),
        "pool_n": s["lead-n"].new_lead(),  # a team lead's new lead goes to the team pool
        "own_c": s["rep-c"].new_lead(),
    }
    acts = {}
    for key, owner in (("own_a", "rep-a"), ("own_b", "rep-b"), ("pool_n", "lead-n"), ("own_c", "rep-c")):
        acts[key] = new_id()
        result = s[owner].push_ok(s[owner].op("activity", acts[key], "append", {
            "lead_id": leads[key], "channel": "email", "outcome": "sent", "step": "reach",
            "occurred_at": "2026-11-25T08:00:00Z"}))
        assert result[0]["status"] == "applied"
    return {"s": s, "leads": leads, "acts": acts}


SEES = {
    "rep-a": {"own_a", "pool_n"},
    "rep-b": {"own_b", "pool_n"},
    "lead-n": {"own_a", "own_b", "pool_n"},
    "rep-c": {"own_c"},
    "lead-s": {"own_c"},
    "admin": {"own_a", "own_b", "pool_n", "own_c"},
}
EDITS = {
    "rep-a": {"own_a"},
    "rep-b": {"own_b"},
    "lead-n": {"own_a", "own_b", "pool_n"},
    "rep-c": {"own_c"},
    "lead-s": {"own_c"},
    "admin": {"own_a", "own_b", "pool_n", "own_c"},
}


def test_pull_shows_exactly_the_scope(world: dict) -> None:
    for who in sorted(SEES):
        _pulls_scope(world, who)


def _pulls_scope(world: dict, who: str) -> None:
    view, _ = world["s"][who].pull_all()
    by_id = {v: k for k, v in world["leads"].items()}
    seen_leads = {by_id[eid] for (entity, eid) in view if entity == "lead"}
    assert seen_leads == SEES[who]
    acts = {v: k for k, v in world["acts"].items()}
    seen_acts = {acts[eid] for (entity, eid) in view if entity == "activity"}
    assert seen_acts == SEES[who]


def test_push_touches_exactly_the_scope(world: dict) -> None:
    for who in sorted(SEES):
        _pushes_scope(world, who)


def _pushes_scope(world: dict, who: str) -> None:
    session: Session = world["s"][who]
    for key, lead_id in world["leads"].items():
        patch = session.push_ok(session.op("lead", lead_id, "patch", {"title": f"by {who}"}))[0]
        assert (patch["status"] == "applied") == (key in EDITS[who]), (who, key, patch)
        if patch["status"] == "rejected":
            assert patch["reason"] == "out_of_scope"
        note = session.push_ok(session.op("activity", new_id(), "append", {
            "lead_id": lead_id, "channel": "note", "outcome": "noted", "occurred_at": "2026-11-25T08:10:00Z"}))[0]
        assert (note["status"] == "applied") == (key in SEES[who]), (who, key, note)
    # Nothing outside the scope changed.
    everything, _ = world["s"]["admin"].pull_all()
    for key, lead_id in world["leads"].items():
        title = everything[("lead", lead_id)]["fields"]["title"]
        assert (title == f"by {who}") == (key in EDITS[who]), (who, key, title)


def test_endpoints_by_role(world: dict, api: Api) -> None:
    s = world["s"]
    assert s["rep-a"].get("/api/v1/users").status_code == 403
    team_view = s["lead-n"].get("/api/v1/users").json()
    assert {u["username"] for u in team_view} == {"rep-a", "rep-b", "lead-n"}
    assert len(s["admin"].get("/api/v1/users").json()) == 6
    rep_c = s["rep-c"].user_id
    other_team = api.http.patch(f"/api/v1/users/{rep_c}", json={"away": True}, headers=s["lead-n"].headers)
    assert other_team.status_code == 404
    rep_a = s["rep-a"].user_id
    promote = api.http.patch(f"/api/v1/users/{rep_a}", json={"role": "admin"}, headers=s["lead-n"].headers)
    assert promote.status_code == 403
    away = api.http.patch(f"/api/v1/users/{rep_a}", json={"away": True}, headers=s["lead-n"].headers)
    assert away.status_code == 200 and away.json()["away"] is True
    for who in ("rep-a", "lead-n"):
        assert s[who].post("/api/v1/admin/sla/sweep").status_code == 403
        assert s[who].get("/api/v1/audit").status_code == 403
    assert s["admin"].post("/api/v1/admin/sla/sweep").json() == {"moved": 0}
    assert s["admin"].get("/api/v1/audit").status_code == 200
    assert api.http.post("/api/v1/intake/leads", json={"full_name": "x", "email": "x@example.com"}).status_code == 401


def test_reassignment_revokes_and_offline_work_is_still_credited(world: dict) -> None:
    s, leads, acts = world["s"], world["leads"], world["acts"]
    rep_a, rep_b, boss = s["rep-a"], s["rep-b"], s["lead-n"]
    _, cursor_a = rep_a.pull_all()
    _, cursor_b = rep_b.pull_all()
    moved = boss.push_ok(boss.op("lead", leads["own_a"], "command", {"command": "reassign", "owner_id": rep_b.user_id}))
    assert moved[0]["status"] == "applied"
    page_a = rep_a.pull(cursor_a)
    assert [(c["entity_id"], c["kind"]) for c in page_a["changes"]] == [(leads["own_a"], "revoke")]
    page_b = rep_b.pull(cursor_b)
    gained = {(c["entity"], c["entity_id"]) for c in page_b["changes"] if c["kind"] == "upsert"}
    assert ("lead", leads["own_a"]) in gained and ("activity", acts["own_a"]) in gained
    # rep-a logged a call offline before hearing of the move: accepted, credited to rep-a.
    offline = new_id()
    result = rep_a.push_ok(rep_a.op("activity", offline, "append", {
        "lead_id": leads["own_a"], "channel": "phone", "outcome": "voicemail", "step": "reach",
        "occurred_at": "2026-11-25T08:20:00Z"}))
    assert result[0]["status"] == "applied"
    assert rep_a.push_ok(rep_a.op("lead", leads["own_a"], "patch", {"title": "late"}))[0]["reason"] == "out_of_scope"
    view_b, _ = rep_b.pull_all()
    assert view_b[("activity", offline)]["fields"]["author_id"] == rep_a.user_id
    view_a, _ = rep_a.pull_all()
    assert ("lead", leads["own_a"]) not in view_a


def test_claiming_from_the_pool_revokes_it_for_teammates(world: dict) -> None:
    s, leads = world["s"], world["leads"]
    rep_a, rep_b = s["rep-a"], s["rep-b"]
    _, cursor_b = rep_b.pull_all()
    assert rep_a.push_ok(rep_a.op("lead", leads["pool_n"], "command", {"command": "claim"}))[0]["status"] == "applied"
    assert rep_b.push_ok(rep_b.op("lead", leads["pool_n"], "command", {"command": "claim"}))[0]["reason"] == "out_of_scope"
    kinds = [(c["entity_id"], c["kind"]) for c in rep_b.pull(cursor_b)["changes"]]
    assert kinds == [(leads["pool_n"], "revoke")]
    assert ("lead", leads["pool_n"]) in rep_a.pull_all()[0]
    # Released again: back in everyone's pool view, with its history.
    assert rep_a.push_ok(rep_a.op("lead", leads["pool_n"], "command", {"command": "release"}))[0]["status"] == "applied"
    view_b, _ = rep_b.pull_all()
    assert ("lead", leads["pool_n"]) in view_b and ("activity", world["acts"]["pool_n"]) in view_b


def test_reassign_only_within_the_team(world: dict) -> None:
    s, leads = world["s"], world["leads"]
    boss = s["lead-n"]
    result = boss.push_ok(boss.op("lead", leads["own_a"], "command", {"command": "reassign", "owner_id": s["rep-c"].user_id}))
    assert result[0]["status"] == "rejected" and result[0]["field_errors"][0]["field"] == "owner_id"
    other = s["lead-s"].push_ok(s["lead-s"].op("lead", leads["own_a"], "command", {"command": "reassign", "owner_id": None}))
    assert other[0]["reason"] == "out_of_scope"
