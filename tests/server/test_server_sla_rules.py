"""Speed-to-lead by the rules (resources/rules/sla.toml, or a team's own): due times count only
the team's working hours and skip weekends and holidays; intake and rep-created leads get one;
the sweeper moves leads only while the team is at work, to a rep who is working, and says why.

The bundled rules: Asia/Shanghai, 09:00-12:00 and 13:00-18:00, Monday to Friday, Chinese public
holidays; a web-form lead of grade B (inbound) is due within 15 working minutes.
"""

from __future__ import annotations

from datetime import UTC, datetime

from conftest import Api
from sqlalchemy import select

from sdr_desk.core.ids import new_id
from sdr_desk.server import sla
from sdr_desk.server import tables as t

BERLIN_RULES = {
    "working_hours": {"time_zone": "Europe/Berlin", "country": None, "hours": ["08:00-17:00"], "weekend": ["sat", "sun"]},
    "policies": [{"source": "web_form", "first_touch_minutes": 5}],
}


def _team(api: Api) -> tuple[str, str, dict[str, str]]:
    team = api.team("north", sla_minutes=60)
    reps = {name: api.user(name, "sdr", "north") for name in ("rep-a", "rep-b", "rep-c")}
    return team, api.api_key("north"), reps


def _intake(api: Api, key: str, n: int) -> dict:
    response = api.intake(key, {"full_name": f"Prospect {n}", "email": f"p{n}@example.com"})
    assert response.status_code == 201, response.text
    return response.json()


def _lead(api: Api, lead_id: str):  # type: ignore[no-untyped-def]
    with api.ctx.engine.connect() as conn:
        return conn.execute(select(t.leads.c.owner_id, t.leads.c.sla_due_at, t.leads.c.data)
                            .where(t.leads.c.id == lead_id)).one()


def test_a_friday_evening_lead_is_due_on_monday_and_nothing_moves_at_the_weekend(api: Api) -> None:
    _, key, reps = _team(api)
    api.clock.now = datetime(2026, 11, 27, 9, 40, tzinfo=UTC)  # Friday 17:40 in Shanghai
    early = _intake(api, key, 1)  # rep-a
    assert early["sla_due_at"] == "2026-11-27T09:55:00Z"  # 15 minutes, all before closing time
    api.clock.now = datetime(2026, 11, 27, 9, 50, tzinfo=UTC)  # 17:50: ten minutes left today
    late = _intake(api, key, 2)  # rep-b
    assert late["sla_due_at"] == "2026-11-30T01:05:00Z"  # the other five on Monday from 09:00
    api.clock.now = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)  # Saturday 22:00: overdue, nobody at work
    assert sla.sweep(api.ctx) == 0
    assert _lead(api, early["lead_id"]).owner_id == reps["rep-a"]
    api.set_user(reps["rep-c"], away=True)  # rep-c is not working on Monday
    api.clock.now = datetime(2026, 11, 30, 1, 1, tzinfo=UTC)  # Monday 09:01
    assert sla.sweep(api.ctx) == 1  # the Friday lead; the other is not due until 09:05
    moved = _lead(api, early["lead_id"])
    assert moved.owner_id == reps["rep-b"]  # the next rep who is working
    assert moved.sla_due_at.isoformat() == "2026-11-30T01:16:00+00:00"
    assert moved.data["sla_due_at"] == "2026-11-30T01:16:00Z"
    with api.ctx.engine.connect() as conn:
        why = conn.execute(select(t.audit_log.c.detail).where(
            t.audit_log.c.lead_id == early["lead_id"], t.audit_log.c.action == "reassign")).scalar_one()
    assert why["reason"] == "sla" and why["why"] == "first touch overdue"
    assert why["missed_due_at"] == "2026-11-27T09:55:00Z" and why["rule"] == "web_form/B: 15 working min"
    assert why["previous_owner_id"] == reps["rep-a"]


def test_public_holidays_stop_the_clock(api: Api) -> None:
    _, key, _ = _team(api)
    api.clock.now = datetime(2026, 9, 24, 9, 55, tzinfo=UTC)  # Thursday 17:55, before the Mid-Autumn holiday
    lead = _intake(api, key, 1)
    assert lead["sla_due_at"] == "2026-09-28T01:10:00Z"  # Friday to Sunday off: Monday 09:10


def test_leads_a_rep_creates_get_a_due_time_too(api: Api) -> None:
    _team(api)
    rep = api.login("rep-a")
    inbound = rep.new_lead(direction="inbound", source="web_form")
    outbound = rep.new_lead(direction="outbound", source="outbound_list")
    view, _ = rep.pull_all()
    assert view[("lead", inbound)]["fields"]["sla_due_at"] == "2026-11-25T09:15:00Z"  # the web-form policy
    # No policy covers a cold-list lead: the team's own 60 minutes, in working hours (to 18:00).
    assert view[("lead", outbound)]["fields"]["sla_due_at"] == "2026-11-25T10:00:00Z"
    assert _lead(api, inbound).sla_due_at.isoformat() == "2026-11-25T09:15:00+00:00"


def test_a_team_lead_sets_the_teams_own_rules_and_can_go_back(api: Api) -> None:
    team, key, _ = _team(api)
    api.user("lead-n", "lead", "north")
    lead = api.login("lead-n")
    path = f"/api/v1/teams/{team}/sla"
    shown = lead.get(path).json()
    assert shown["overridden"] is False and shown["fallback_minutes"] == 60
    assert shown["rules"]["working_hours"]["time_zone"] == "Asia/Shanghai"
    stored = api.http.put(path, json=BERLIN_RULES, headers=lead.headers)
    assert stored.status_code == 200, stored.text
    assert stored.json()["overridden"] is True and stored.json()["rules"]["working_hours"]["time_zone"] == "Europe/Berlin"
    assert _intake(api, key, 1)["sla_due_at"] == "2026-11-25T09:05:00Z"  # 10:00 in Berlin, 5 minutes
    api.clock.now = datetime(2026, 11, 25, 16, 58, tzinfo=UTC)  # 17:58 in Berlin, after closing
    assert _intake(api, key, 2)["sla_due_at"] == "2026-11-26T07:05:00Z"  # Thursday 08:05
    with api.ctx.engine.connect() as conn:
        assert conn.execute(select(t.audit_log.c.id).where(t.audit_log.c.action == "sla_rules_changed")).first()
    back = api.http.delete(path, headers=api.login("lead-n").headers)  # the morning's token has expired
    assert back.status_code == 200 and back.json()["overridden"] is False
    api.clock.now = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # Thursday 10:00 in Shanghai
    assert _intake(api, key, 3)["sla_due_at"] == "2026-11-26T02:15:00Z"


def test_invalid_team_rules_are_refused_field_by_field(api: Api) -> None:
    team, _, _ = _team(api)
    api.user("lead-n", "lead", "north")
    lead = api.login("lead-n")
    path = f"/api/v1/teams/{team}/sla"
    hours = BERLIN_RULES["working_hours"]
    for rules, where in (
        ({**BERLIN_RULES, "policies": [{"source": "web_form", "first_touch_minutes": 0}]},
         ["body", "policies", 0, "first_touch_minutes"]),
        ({**BERLIN_RULES, "policies": [{"source": "web_form", "first_touch_minutes": "5"}]},
         ["body", "policies", 0, "first_touch_minutes"]),
        ({**BERLIN_RULES, "policies": [{"source": "fax", "first_touch_minutes": 5}]}, ["body", "policies", 0, "source"]),
        ({**BERLIN_RULES, "working_hours": {**hours, "time_zone": "Mars/Olympus"}}, ["body", "working_hours", "time_zone"]),
        ({**BERLIN_RULES, "working_hours": {**hours, "time_zone": "Europe"}}, ["body", "working_hours", "time_zone"]),
        ({**BERLIN_RULES, "working_hours": {**hours, "time_zone": "x" * 300}}, ["body", "working_hours", "time_zone"]),
        ({**BERLIN_RULES, "working_hours": {**hours, "hours": ["18:00-08:00"]}}, ["body", "working_hours", "hours"]),
        ({**BERLIN_RULES, "working_hours": {**hours, "weekend": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}},
         ["body", "working_hours"]),
        ({**BERLIN_RULES, "surprise": 1}, ["body", "surprise"]),
    ):
        refused = api.http.put(path, json=rules, headers=lead.headers)
        assert refused.status_code == 422, (rules, refused.text)
        assert refused.json()["error"] == "invalid_request"
        assert any(d["loc"][:len(where)] == where for d in refused.json()["details"]), (where, refused.json())
    assert lead.get(path).json()["overridden"] is False  # nothing was stored


def test_only_the_teams_lead_or_an_admin_changes_its_rules(api: Api) -> None:
    team, _, _ = _team(api)
    api.team("south")
    api.user("lead-s", "lead", "south")
    api.user("admin", "admin")
    path = f"/api/v1/teams/{team}/sla"
    rep = api.login("rep-a")
    assert api.http.put(path, json=BERLIN_RULES, headers=rep.headers).status_code == 403
    assert api.http.put(path, json=BERLIN_RULES, headers=api.login("lead-s").headers).status_code == 404
    assert api.http.put(f"/api/v1/teams/{new_id()}/sla", json=BERLIN_RULES,
                        headers=api.login("admin").headers).status_code == 404
    assert api.http.put(path, json=BERLIN_RULES, headers=api.login("admin").headers).status_code == 200
