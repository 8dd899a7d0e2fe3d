"""A team lead's workstation against the real server: the team's roster and touches arrive by
pull, the reports read them offline, and re-assign / away go back as commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sdr_desk.core.entities import Activity, Channel, Lead, Outcome, Step
from sdr_desk.core.funnel import Period
from sdr_desk.core.ids import new_id
from sdr_desk.store.reports import TeamReports
from sdr_desk.store.tables import LeadRow, TeamMemberRow
from sdr_desk.store.team_work import TeamActionRefused, TeamWork

import pytest
from sqlalchemy import update

from sdr_desk.server import tables as t
from tests.e2e.harness import ServerProcess, Workstation, make_team


def test_team_lead_reads_the_team_and_acts_through_the_outbox(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    staff = make_team(server, team_name, [f"{team_name}-a", f"{team_name}-b", f"{team_name}-c"], f"{team_name}-lead")
    rep_a = Workstation(tmp_path / "a", server.url, f"{team_name}-a")
    rep_b = Workstation(tmp_path / "b", server.url, f"{team_name}-b")
    boss = Workstation(tmp_path / "lead", server.url, staff.lead[0])
    try:
        lead = Lead(id=new_id(), full_name="Li Na", phones=["+8613800138000"])
        rep_a.book.create_lead(lead)
        now = datetime.now(UTC).replace(microsecond=0)
        for n, (outcome, step) in enumerate(((Outcome.NO_ANSWER, Step.REACH), (Outcome.CONNECTED, Step.CONNECT))):
            rep_a.book.log_activity(Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=outcome,
                                             occurred_at=now - timedelta(hours=2 - n), step=step))
        rep_a.sync()

        boss.sync()
        reports = TeamReports(boss.cache)
        names = reports.names()
        assert names[rep_a.user_id] == f"{team_name}-a" and names[boss.user_id] == staff.lead[0]
        assert reports.role_of(boss.user_id) == "lead"
        funnel = reports.funnel_by_rep(Period(now - timedelta(days=1), now + timedelta(minutes=1)))
        assert (funnel[rep_a.user_id].dials, funnel[rep_a.user_id].call_reaches) == (2, 1)

        work = TeamWork(boss.book)
        assert work.reassign([lead.id], rep_b.user_id) == {lead.id}
        assert work.set_away(rep_a.user_id, True) == set()
        assert work.pending_ids() == {lead.id, rep_a.user_id}
        report = boss.sync()
        assert report.needs_attention == 0 and work.pending_ids() == set()
        assert boss.rows(LeadRow)[lead.id].owner_id == rep_b.user_id
        assert boss.rows(TeamMemberRow)[rep_a.user_id].away  # the server's word, pulled back

        rep_b.sync()
        assert lead.id in rep_b.rows(LeadRow)

        engine = server.engine()
        try:
            with engine.begin() as conn:
                conn.execute(update(t.users).where(t.users.c.id == staff.reps[f"{team_name}-c"]).values(active=False))
        finally:
            engine.dispose()
        boss.sync()
        with pytest.raises(TeamActionRefused, match="disabled"):
            work.reassign([lead.id], staff.reps[f"{team_name}-c"])
    finally:
        for station in (rep_a, rep_b, boss):
            station.close()
