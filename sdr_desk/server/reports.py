"""The team's figures from the server's own records, for other tools (GET /api/v1/reports/...).

The same figures the Team desk computes from a cache: the funnel per rep or team against the
benchmarks, the team's activity log, speed-to-lead and SLA compliance. Scope first: a team lead
sees their team, an admin everything (or one team), an SDR only their own figures beside the
team's median. MQLs and SQLs come from the audit log (hand-offs and sales' acceptances).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, func, not_, select

from sdr_desk.core import funnel
from sdr_desk.core.entities import Direction, EntityKind, UserRole
from sdr_desk.core.funnel import FunnelCounts, Period
from sdr_desk.server import tables as t
from sdr_desk.server import wire
from sdr_desk.server.auth import Principal


class ScopeRefused(Exception):
    """The asker may not read these figures; the message says why."""


class UnknownRep(Exception):
    """The rep asked for is not in the asker's scope."""


@dataclass(frozen=True, slots=True)
class Scope:
    team_id: str | None  # None: every team (admins only)
    rep_id: str | None  # None: every rep in the team(s)
    own_only: bool = False  # an SDR: their own figures, the team only as a median


def resolve_scope(conn: Connection, p: Principal, team_id: str | None = None, rep_id: str | None = None) -> Scope:
    if p.role == UserRole.SDR:
        if rep_id not in (None, p.user_id):
            raise ScopeRefused("an SDR sees only their own figures")
        if team_id not in (None, p.team_id):
            raise ScopeRefused("an SDR sees only their own team's median")
        return Scope(p.team_id or "-", p.user_id, own_only=True)
    if p.role == UserRole.LEAD:
        if team_id not in (None, p.team_id):
            raise ScopeRefused("a team lead sees only their own team")
        team_id = p.team_id or "-"
    if rep_id is not None:
        row = conn.execute(select(t.users.c.team_id).where(t.users.c.id == rep_id)).first()
        if row is None or (team_id is not None and row.team_id != team_id):
            raise UnknownRep("no such rep in your scope")
    return Scope(team_id, rep_id)


def _names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(t.users.c.id, t.users.c.username)).all())


def _team_names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(t.teams.c.id, t.teams.c.name)).all())


def _user_teams(conn: Connection) -> dict[str, str | None]:
    return dict(conn.execute(select(t.users.c.id, t.users.c.team_id)).all())


# --- the funnel ------------------------------------------------------------------------------------


def _activity_columns() -> tuple[Any, Any, Any, Any]:
    d = t.records.c.data
    return d["channel"].as_string(), d["step"].as_string(), d["outcome"].as_string(), d["occurred_at"].as_string()


def _team_condition(scope_team: str | None) -> Any:
    return t.records.c.team_id == scope_team if scope_team is not None else None


def _counts_by_author(conn: Connection, period: Period, team_id: str | None) -> dict[str, dict[str, int]]:
    channel, step, outcome, at = _activity_columns()
    r = t.records
    talk = step.in_(("connect", "conversation"))

    def n(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    superseded = select(r.c.data["supersedes_id"].as_string()).where(
        r.c.entity == EntityKind.ACTIVITY.value, r.c.data["supersedes_id"].as_string().is_not(None))
    conds = [r.c.entity == EntityKind.ACTIVITY.value, r.c.deleted.is_(False),
             at >= wire.iso(period.start), at < wire.iso(period.end), not_(r.c.id.in_(superseded))]
    if team_id is not None:
        conds.append(r.c.team_id == team_id)
    stmt = select(
        r.c.author_id,
        n(and_(channel == "phone", step.is_not(None))),
        n(step.is_not(None)),
        n(talk),
        n(step == "conversation"),
        n(outcome == "meeting_booked"),
        n(and_(channel == "phone", talk)),
        n(and_(channel == "phone", step == "conversation")),
    ).where(*conds).group_by(r.c.author_id)
    names = ("dials", "reaches", "connects", "conversations", "meetings", "call_reaches", "call_conversations")
    out: dict[str, dict[str, int]] = {}
    for row in conn.execute(stmt):
        out[row[0] or ""] = {k: int(v or 0) for k, v in zip(names, row[1:], strict=True)}
    return out


def _handoffs(conn: Connection, period: Period, team_id: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """MQLs per rep (who handed the lead off) and SQLs per rep (the lead's rep when sales accepted)."""
    a, lead = t.audit_log, t.leads
    stmt = (select(a.c.action, a.c.actor_id, a.c.target_user_id, a.c.detail, a.c.lead_id)
            .select_from(a.join(lead, lead.c.id == a.c.lead_id))
            .where(a.c.action.in_(("hand_off", "sales_accepted")), a.c.at >= period.start, a.c.at < period.end))
    if team_id is not None:
        stmt = stmt.where(lead.c.team_id == team_id)
    mql: dict[str, set[str]] = defaultdict(set)
    sql: dict[str, set[str]] = defaultdict(set)
    for action, actor, target, detail, lead_id in conn.execute(stmt):
        to_stage = (detail or {}).get("to_stage")
        if action == "hand_off" and to_stage == "mql":
            mql[actor or ""].add(lead_id)
        elif to_stage == "sql":
            sql[(target if action == "sales_accepted" else actor) or ""].add(lead_id)
    return {k: len(v) for k, v in mql.items()}, {k: len(v) for k, v in sql.items()}


def funnel_by_rep(conn: Connection, period: Period, team_id: str | None) -> dict[str, FunnelCounts]:
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for rep, c in _counts_by_author(conn, period, team_id).items():
        counts[rep].update(c)
    mqls, sqls = _handoffs(conn, period, team_id)
    for rep, n in mqls.items():
        counts[rep]["mqls"] = n
    for rep, n in sqls.items():
        counts[rep]["sqls"] = n
    counts.pop("", None)
    return {rep: FunnelCounts(**c) for rep, c in counts.items()}


def _ratios(c: FunnelCounts, b: funnel.Benchmarks) -> dict[str, Any]:
    return {f.ratio.value: {"value": None if f.value is None else round(f.value, 2), "benchmark": f.benchmark,
                            "deviation": None if f.deviation is None else round(f.deviation, 3),
                            "standing": f.standing.value}
            for f in funnel.figures(c, b)}


def funnel_report(conn: Connection, scope: Scope, period: Period, by: str) -> dict[str, Any]:
    b = funnel.default_benchmarks()
    by_rep = funnel_by_rep(conn, period, scope.team_id)
    median = funnel.team_median(by_rep)
    names = _names(conn)
    if scope.rep_id is not None:
        by_rep = {scope.rep_id: by_rep.get(scope.rep_id, FunnelCounts())}
    if by == "team" and not scope.own_only:
        teams, team_names = _user_teams(conn), _team_names(conn)
        grouped: dict[str, FunnelCounts] = {}
        for rep, c in by_rep.items():
            key = teams.get(rep) or ""
            grouped[key] = grouped.get(key, FunnelCounts()) + c
        keyed = [(k, team_names.get(k, k or "-"), c) for k, c in grouped.items()]
    else:
        keyed = [(rep, names.get(rep, rep), c) for rep, c in by_rep.items()]
    keyed.sort(key=lambda x: x[1].casefold())
    doc: dict[str, Any] = {
        "period": {"start": wire.iso(period.start), "end": wire.iso(period.end)},
        "by": "rep" if scope.own_only else by,
        "rows": [{"id": k, "name": name, **{s: getattr(c, s) for s in funnel.FUNNEL_STEPS}, "ratios": _ratios(c, b)}
                 for k, name, c in keyed],
        "team_median": {r.value: None if v is None else round(v, 2) for r, v in median.items()},
        "benchmarks": {r.value: funnel.benchmark_for(r, b) for r in funnel.Ratio},
    }
    if not scope.own_only:
        team_total = funnel.total(by_rep.values())
        doc["total"] = {s: getattr(team_total, s) for s in funnel.FUNNEL_STEPS} | {"ratios": _ratios(team_total, b)}
    return doc


# --- the activity log ----------------------------------------------------------------------------


def activity_report(conn: Connection, scope: Scope, filters: Mapping[str, Any], limit: int, offset: int) -> dict[str, Any]:
    r = t.records
    channel, step, outcome, at = _activity_columns()
    conds = [r.c.entity == EntityKind.ACTIVITY.value, r.c.deleted.is_(False)]
    if scope.team_id is not None:
        conds.append(r.c.team_id == scope.team_id)
    if scope.rep_id is not None:
        conds.append(r.c.author_id == scope.rep_id)
    for name, column in (("channel", channel), ("step", step), ("outcome", outcome)):
        if filters.get(name) is not None:
            conds.append(column == str(filters[name]))
    if filters.get("lead_id"):
        conds.append(r.c.lead_id == filters["lead_id"])
    if filters.get("since") is not None:
        conds.append(at >= wire.iso(filters["since"]))
    if filters.get("until") is not None:
        conds.append(at < wire.iso(filters["until"]))
    rows = conn.execute(select(r.c.id, r.c.author_id, r.c.lead_id, r.c.data).where(*conds)
                        .order_by(at.desc(), r.c.id.desc()).limit(limit).offset(offset)).all()
    names = _names(conn)
    return {"activities": [
        {"id": row.id, "rep_id": row.author_id, "rep": names.get(row.author_id or "", row.author_id),
         "lead_id": row.lead_id, **{k: row.data.get(k) for k in ("occurred_at", "channel", "step", "outcome",
                                                                   "duration_s", "notes", "supersedes_id")}}
        for row in rows
    ], "limit": limit, "offset": offset}


# --- speed to lead and the SLA ---------------------------------------------------------------------


def sla_report(conn: Connection, scope: Scope, period: Period, now: datetime) -> dict[str, Any]:
    lead = t.leads
    conds = [lead.c.direction == Direction.INBOUND.value, lead.c.deleted.is_(False),
             lead.c.created_at >= period.start, lead.c.created_at < period.end]
    if scope.team_id is not None:
        conds.append(lead.c.team_id == scope.team_id)
    if scope.rep_id is not None:
        conds.append(lead.c.owner_id == scope.rep_id)
    delays: dict[str, list[float]] = defaultdict(list)
    by_rep: dict[str, list[str]] = defaultdict(list)
    by_source: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, str] = {}
    for row in conn.execute(select(lead.c.id, lead.c.owner_id, lead.c.created_at, lead.c.first_touch_at,
                                   lead.c.sla_due_at, lead.c.data).where(*conds)):
        owner = row.owner_id or ""
        source = (row.data or {}).get("source") or "unknown"
        sources[row.id] = source
        if row.first_touch_at is not None:
            delays[owner].append((row.first_touch_at - row.created_at).total_seconds())
        if row.sla_due_at is not None:
            outcome = funnel.sla_outcome(row.sla_due_at, row.first_touch_at, now)
            by_rep[owner].append(outcome)
            by_source[source].append(outcome)
    a = t.assignments
    moved_stmt = (select(a.c.previous_user_id, a.c.lead_id).select_from(a.join(lead, lead.c.id == a.c.lead_id))
                  .where(a.c.reason == "sla", a.c.at >= period.start, a.c.at < period.end))
    if scope.team_id is not None:
        moved_stmt = moved_stmt.where(lead.c.team_id == scope.team_id)
    if scope.rep_id is not None:
        moved_stmt = moved_stmt.where(a.c.previous_user_id == scope.rep_id)
    moved_rep: dict[str, int] = defaultdict(int)
    moved_source: dict[str, int] = defaultdict(int)
    for previous, lead_id in conn.execute(moved_stmt):
        moved_rep[previous or ""] += 1
        moved_source[sources.get(lead_id, "unknown")] += 1
    names = _names(conn)

    def tally_doc(outcomes: list[str], moved: int) -> dict[str, Any]:
        tl = funnel.tally(outcomes)
        return {"met": tl.met, "late": tl.late, "overdue": tl.overdue, "pending": tl.pending,
                "breaches": tl.breaches, "reassigned": moved,
                "compliance": None if tl.compliance is None else round(tl.compliance, 3)}

    def speed_doc(values: list[float]) -> dict[str, Any]:
        s = funnel.speed_to_lead(values)
        return {"count": s.count, "median_s": s.median_s, "p90_s": s.p90_s,
                "distribution": [{"up_to_minutes": b, "leads": n} for b, n in s.distribution]}

    reps = sorted((set(by_rep) | set(delays) | set(moved_rep)) - {""})
    return {
        "period": {"start": wire.iso(period.start), "end": wire.iso(period.end)},
        "speed_to_lead": speed_doc([d for v in delays.values() for d in v]),
        "by_rep": [{"id": rep, "name": names.get(rep, rep), "speed_to_lead": speed_doc(delays.get(rep, [])),
                    **tally_doc(by_rep.get(rep, []), moved_rep.get(rep, 0))} for rep in reps],
        "by_source": [{"source": s, **tally_doc(by_source.get(s, []), moved_source.get(s, 0))}
                      for s in sorted(set(by_source) | set(moved_source))],
    }
