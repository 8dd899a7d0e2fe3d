"""The team's aggregates from the cache, against a small book counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from sdr_desk.core.entities import Channel, Direction, LeadSource, Outcome, Stage, Step, Verdict
from sdr_desk.core.funnel import FunnelCounts, Period
from sdr_desk.store.engine import Cache
from sdr_desk.store.reports import LogFilter, Member, TeamReports
from sdr_desk.store.tables import AccountRow, ActivityRow, LeadMilestoneRow, LeadRow, QualificationRow

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
DAY = timedelta(days=1)
P = Period(NOW - 30 * DAY, NOW)

# (lead, author, channel, outcome, step, days ago)
TOUCHES = [
    ("l1", "ann", Channel.PHONE, Outcome.NO_ANSWER, Step.REACH, 3),
    ("l1", "ann", Channel.PHONE, Outcome.VOICEMAIL, Step.REACH, 3),
    ("l1", "ann", Channel.PHONE, Outcome.GATEKEEPER, Step.REACH, 2),
    ("l1", "ann", Channel.PHONE, Outcome.CONNECTED, Step.CONNECT, 2),
    ("l1", "ann", Channel.PHONE, Outcome.MEETING_BOOKED, Step.CONVERSATION, 1),
    ("l1", "ann", Channel.EMAIL, Outcome.SENT, Step.REACH, 1),
    ("l1", "ann", Channel.EMAIL, Outcome.OPENED, Step.CONNECT, 1),
    ("l2", "ann", Channel.PHONE, Outcome.CONVERSATION, Step.CONVERSATION, 5),
    ("l2", "ann", Channel.NOTE, Outcome.NOTED, None, 5),
    ("l2", "ann", Channel.PHONE, Outcome.BUSY, Step.REACH, 40),  # before the period
    ("l3", "bob", Channel.PHONE, Outcome.NO_ANSWER, Step.REACH, 4),
    ("l3", "bob", Channel.WECHAT, Outcome.SENT, Step.REACH, 4),
    ("l3", "bob", Channel.WECHAT, Outcome.REPLIED, Step.CONVERSATION, 3),
    ("l3", "bob", Channel.EMAIL, Outcome.BOUNCED, None, 3),
]


@pytest.fixture
def reports(cache: Cache) -> TeamReports:
    with cache.transaction() as s:
        s.add(AccountRow(id="acc", name="Acme Robotics"))
        s.flush()
        leads = [
            # id, owner, stage, created days ago, first touch after (min), sla minutes
            ("l1", "ann", Stage.MQL, 3.5, 10, 15),
            ("l2", "ann", Stage.WORKING, 6, 120, 60),
            ("l3", "bob", Stage.SQL, 5, 30, 15),
            ("l4", "bob", Stage.NEW, 0.5, None, 15),  # untouched, deadline passed
            ("l5", None, Stage.NEW, 0.001, None, 15),  # pool, deadline ahead
        ]
        for lead_id, owner, stage, days, touch_min, sla_min in leads:
            created = NOW - timedelta(days=days)
            s.add(LeadRow(
                id=lead_id, full_name=f"Lead {lead_id}", account_id="acc", owner_id=owner, team_id="t1", stage=stage,
                direction=Direction.INBOUND, source=LeadSource.WEB_FORM if lead_id != "l2" else LeadSource.WEBINAR,
                created_at=created, first_touch_at=None if touch_min is None else created + timedelta(minutes=touch_min),
                sla_due_at=created + timedelta(minutes=sla_min), search_text=f"lead {lead_id} | acme robotics",
            ))
        s.flush()
        for n, (lead, author, channel, outcome, step, days) in enumerate(TOUCHES):
            s.add(ActivityRow(id=f"a{n:02d}", lead_id=lead, author_id=author, channel=channel, outcome=outcome, step=step,
                              occurred_at=NOW - timedelta(days=days, minutes=n)))
        # Bob withdraws his dial: a correction that supersedes it (counts nowhere).
        s.add(ActivityRow(id="a99", lead_id="l3", author_id="bob", channel=Channel.PHONE, outcome=Outcome.RETRACTED,
                          step=None, occurred_at=NOW - DAY, supersedes_id="a10"))
        s.add(LeadMilestoneRow(id="m1", lead_id="l1", stage=Stage.MQL, at=NOW - DAY, rep_id="ann"))
        s.add(LeadMilestoneRow(id="m2", lead_id="l3", stage=Stage.MQL, at=NOW - 3 * DAY, rep_id="bob"))
        s.add(LeadMilestoneRow(id="m3", lead_id="l3", stage=Stage.SQL, at=NOW - 2 * DAY, rep_id="bob", accepted_by="Sales East"))
        # Qualified in the cache with no milestone yet: still an MQL (l2 is not MQL: no count).
        s.add(QualificationRow(id="q1", lead_id="l2", framework="mantcp", version=1, answers={}, verdict=Verdict.QUALIFIED,
                               author_id="ann", created_at=NOW - DAY))
    r = TeamReports(cache)
    r.save_roster([Member("ann", "Ann", team_id="t1", capacity=2), Member("bob", "Bob", team_id="t1", away=True),
                   Member("lee", "Lee", role="lead", team_id="t1")])
    return r


def test_funnel_by_rep_is_counted_like_by_hand(reports: TeamReports) -> None:
    by_rep = reports.funnel_by_rep(P)
    assert by_rep["ann"] == FunnelCounts(
        dials=6, reaches=8, connects=4, conversations=2, meetings=1, mqls=1, sqls=0, call_reaches=3, call_conversations=2,
    )
    # Bob's dial was withdrawn; his bounced e-mail touched nobody.
    assert by_rep["bob"] == FunnelCounts(
        dials=0, reaches=2, connects=1, conversations=1, meetings=0, mqls=1, sqls=1, call_reaches=0, call_conversations=0,
    )


def test_an_empty_period_has_no_figures(reports: TeamReports) -> None:
    assert reports.funnel_by_rep(Period(NOW + DAY, NOW + 2 * DAY)) == {}


def test_funnel_by_team_sums_the_reps(reports: TeamReports) -> None:
    by_team = reports.funnel_by_team(P)
    assert list(by_team) == ["t1"]
    assert by_team["t1"].reaches == 10 and by_team["t1"].dials == 6 and by_team["t1"].sqls == 1


def test_qualified_mql_without_milestone_counts_once(reports: TeamReports, cache: Cache) -> None:
    with cache.transaction() as s:
        s.get(LeadRow, "l2").stage = Stage.MQL
        s.add(QualificationRow(id="q2", lead_id="l2", framework="mantcp", version=2, answers={},
                               verdict=Verdict.QUALIFIED, author_id="ann", created_at=NOW - DAY / 2))
    assert reports.funnel_by_rep(P)["ann"].mqls == 2


def test_weekly_trend_groups_by_monday(reports: TeamReports) -> None:
    weeks = dict(reports.weekly_trend(P))
    assert sum(c.reaches for c in weeks.values()) == 11  # the withdrawn dial still shows in the trend
    assert all(w.weekday() == 0 for w in weeks)
    assert weeks[date(2026, 11, 23)].meetings == 1


def test_activity_log_filters(reports: TeamReports) -> None:
    everything = reports.log_ids(LogFilter(), 100)
    assert len(everything) == 15 and reports.log_count(LogFilter()) == 15
    rows = reports.log_rows(everything)
    times = [rows[i].occurred_at for i in everything]
    assert times == sorted(times, reverse=True)  # newest first
    assert rows["a10"].superseded and not rows["a11"].superseded
    assert rows["a00"].lead_name == "Lead l1" and rows["a00"].company == "Acme Robotics"
    cases = [
        (LogFilter(rep_id="bob"), {"a10", "a11", "a12", "a13", "a99"}),
        (LogFilter(channel=Channel.WECHAT), {"a11", "a12"}),
        (LogFilter(step=Step.CONVERSATION), {"a04", "a07", "a12"}),
        (LogFilter(outcome=Outcome.NO_ANSWER, rep_id="ann"), {"a00"}),
        (LogFilter(lead_id="l2"), {"a07", "a08", "a09"}),
        (LogFilter(lead_text="LEAD L2"), {"a07", "a08", "a09"}),
        (LogFilter(since=NOW - 2 * DAY - timedelta(hours=1), until=NOW - DAY + timedelta(hours=1)), {"a02", "a03", "a04", "a05", "a06", "a99"}),
        (LogFilter(lead_text="100%_"), set()),
    ]
    for flt, expected in cases:
        assert set(reports.log_ids(flt, 100)) == expected, flt
        assert reports.log_count(flt) == len(expected), flt
    first, second = reports.log_ids(LogFilter(), 10), reports.log_ids(LogFilter(), 10, offset=10)
    assert first + second == everything


def test_speed_to_lead_and_sla(reports: TeamReports) -> None:
    speed = reports.speed_to_lead(P)
    assert speed["ann"].count == 2 and speed["ann"].median_s == pytest.approx(65 * 60)
    assert speed["bob"].count == 1 and speed[""].count == 3
    assert speed[""].p90_s == 120 * 60
    by_rep, by_source = reports.sla(P, NOW)
    assert (by_rep["ann"].met, by_rep["ann"].late) == (1, 1)
    assert (by_rep["bob"].late, by_rep["bob"].overdue) == (1, 1)
    assert by_rep[""].pending == 1
    assert by_source["web_form"].breaches == 2 and by_source["webinar"].late == 1


def test_workload_and_roster(reports: TeamReports) -> None:
    rows, pool = reports.workload()
    by_id = {w.rep_id: w for w in rows}
    assert pool == 1
    assert set(by_id) == {"ann", "bob"}  # the team lead holds no leads
    assert by_id["ann"].open_leads == 1 and by_id["bob"].open_leads == 1 and by_id["bob"].away
    assert by_id["ann"].share == pytest.approx(0.5)
    assert not by_id["ann"].at_capacity
    assert [m.name for m in reports.roster()] == ["Ann", "Bob", "Lee"]
