"""The team's figures from the local cache: funnel, activity log, speed-to-lead, SLA, workload.

A team lead's cache holds the team's leads and activities after a pull, so every view works
offline. The counting is done by SQLite (GROUP BY over the covering index on activity time);
the arithmetic on the counts (ratios, medians, benchmarks) is core.funnel's.

Corrections: an activity superseded by a later correction does not count. Corrections are
rare, so they are found through their small partial index and subtracted, rather than
excluding them row by row from a million.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import text

from sdr_desk.core import funnel
from sdr_desk.core.entities import Channel, Outcome, Stage, Step, UserRole
from sdr_desk.core.funnel import FunnelCounts, Period, SlaTally, SpeedToLead
from sdr_desk.store.engine import Cache

OPEN_STAGES = (Stage.NEW.value, Stage.WORKING.value)
NO_TEAM = ""
FEW_LEADS = 300  # a lead search matching fewer reads their touches by lead, else by time  # the team key of reps the roster does not place in a team


def db_time(moment: datetime) -> str:
    """A UTC moment spelled as the cache stores it (naive UTC text with microseconds)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to a report; use UTC-aware datetimes")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def from_db_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    role: str = UserRole.SDR.value
    team_id: str | None = None
    active: bool = True
    away: bool = False
    capacity: int | None = None
    known: bool = True  # False: seen as an author or owner, but not on the roster


@dataclass(frozen=True, slots=True)
class LogFilter:
    """What the team activity log shows; None means any."""

    rep_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    channel: Channel | None = None
    step: Step | None = None
    outcome: Outcome | None = None
    lead_id: str | None = None
    lead_text: str = ""  # part of a lead's name, company, e-mail or phone


@dataclass(frozen=True, slots=True)
class LogRow:
    id: str
    occurred_at: datetime
    author_id: str | None
    channel: Channel
    step: Step | None
    outcome: Outcome
    duration_s: int | None
    notes: str | None
    lead_id: str
    lead_name: str
    company: str | None
    superseded: bool


@dataclass(frozen=True, slots=True)
class Workload:
    rep_id: str
    open_leads: int
    share: float | None  # of the team's assigned open leads
    away: bool
    capacity: int | None
    active: bool

    @property
    def at_capacity(self) -> bool:
        return self.capacity is not None and self.open_leads >= self.capacity


_STEPS = (Step.REACH.value, Step.CONNECT.value, Step.CONVERSATION.value)
_COMBOS_PER_QUERY = 2000  # 4 parameters each: well under SQLite's limit of 32,766


def _touch_kinds() -> list[tuple[str, str]]:
    """Every (channel, outcome) a touch can be logged with (core.steps rules)."""
    from sdr_desk.core.steps import default_step_rules

    return [(ch.value, o.value) for ch, outcomes in default_step_rules().channels.items() for o in outcomes]


def _add(counts: dict[str, int], channel: str, step: str | None, outcome: str, n: int) -> None:
    """n touches of one kind, into the funnel's columns (DOMAIN.md "Connect")."""
    if step is None:
        return  # a note, a bounced mail, a correction: not a touch
    phone = channel == Channel.PHONE.value
    talk = step in (Step.CONNECT.value, Step.CONVERSATION.value)
    counts["reaches"] += n
    counts["dials"] += n if phone else 0
    counts["connects"] += n if talk else 0
    counts["conversations"] += n if step == Step.CONVERSATION.value else 0
    counts["meetings"] += n if outcome == Outcome.MEETING_BOOKED.value else 0
    counts["call_reaches"] += n if phone and talk else 0
    counts["call_conversations"] += n if phone and step == Step.CONVERSATION.value else 0


class TeamReports:
    """Read-only reports over the cache; safe to call from the worker thread or the CLI."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
        with self.cache.session() as session:
            return list(session.execute(text(sql), params or {}).all())

    # --- roster --------------------------------------------------------------------------------

    def roster(self) -> list[Member]:
        """Everyone on the team: the roster, plus any author or owner it does not list."""
        members = {
            r[0]: Member(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), r[6])
            for r in self._rows("SELECT id, name, role, team_id, active, away, capacity FROM team_members")
        }
        # Authors of activities alone are named by the reports that find them (a scan of a
        # million touches is too slow for a list that opens every view).
        seen = self._rows("SELECT DISTINCT owner_id FROM leads WHERE owner_id IS NOT NULL")
        for (rep_id,) in seen:
            if rep_id not in members:
                members[rep_id] = Member(rep_id, rep_id, known=False)
        return sorted(members.values(), key=lambda m: (m.role != UserRole.SDR.value, m.name.casefold()))

    def names(self) -> dict[str, str]:
        return {m.id: m.name for m in self.roster()}

    def role_of(self, user_id: str) -> str:
        """The user's role as the roster has it; someone it does not list works as an SDR."""
        rows = self._rows("SELECT role FROM team_members WHERE id = :id", {"id": user_id})
        if rows:
            return rows[0][0]
        # Not on the roster yet (before the first round): the role the server gave at sign-in.
        signed_in = self._rows("SELECT value FROM sync_state WHERE key = 'user_role'")
        return signed_in[0][0] if signed_in else UserRole.SDR.value

    # --- the funnel --------------------------------------------------------------------------

    def authors(self) -> list[str]:
        """Every author of a touch, read by skipping through the funnel index (a handful of seeks,
        not a scan of a million rows)."""
        rows = self._rows(
            "WITH RECURSIVE a(x) AS ("
            " SELECT (SELECT author_id FROM activities INDEXED BY ix_activities_funnel"
            "         WHERE author_id IS NOT NULL ORDER BY author_id LIMIT 1)"
            " UNION ALL SELECT (SELECT author_id FROM activities INDEXED BY ix_activities_funnel"
            "                   WHERE author_id > a.x ORDER BY author_id LIMIT 1) FROM a WHERE a.x IS NOT NULL)"
            " SELECT x FROM a WHERE x IS NOT NULL"
        )
        return [r[0] for r in rows]

    def _touch_counts(self, authors: Sequence[str], start: datetime, end: datetime) -> dict[str, dict[str, int]]:
        """Each author's touches in [start, end), counted per (channel, outcome, step).

        One range count per combination on ix_activities_funnel: SQLite counts the index entries
        of the period and nothing else, with no sort; grouping a million rows costs seconds."""
        counts: dict[str, dict[str, int]] = {}
        if not authors:
            return counts
        combos = [(a, ch, o, st) for a in authors for ch, o in _touch_kinds() for st in _STEPS]
        for i in range(0, len(combos), _COMBOS_PER_QUERY):
            chunk = combos[i:i + _COMBOS_PER_QUERY]
            values = ", ".join(f"(:a{n}, :c{n}, :o{n}, :s{n})" for n in range(len(chunk)))
            params: dict[str, Any] = {"start": db_time(start), "end": db_time(end)}
            for n, (a, ch, o, st) in enumerate(chunk):
                params.update({f"a{n}": a, f"c{n}": ch, f"o{n}": o, f"s{n}": st})
            rows = self._rows(
                f"WITH k(a, ch, o, st) AS (VALUES {values})"
                " SELECT a, ch, o, st, (SELECT count(*) FROM activities INDEXED BY ix_activities_funnel"
                "   WHERE author_id = k.a AND channel = k.ch AND outcome = k.o AND step = k.st"
                "   AND occurred_at >= :start AND occurred_at < :end) FROM k",
                params,
            )
            for author, channel, outcome, step, n in rows:
                if n:
                    _add(counts.setdefault(author, dict.fromkeys(FunnelCounts.__slots__, 0)), channel, step, outcome, n)
        return counts

    def funnel_by_rep(self, period: Period) -> dict[str, FunnelCounts]:
        """Each rep's funnel for the period, keyed by rep id (touches by their author)."""
        params = {"start": db_time(period.start), "end": db_time(period.end)}
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FunnelCounts.__slots__, 0))
        for rep, c in self._touch_counts(self.authors(), period.start, period.end).items():
            counts[rep].update(c)
        # Touches withdrawn by a correction do not count. CROSS JOIN keeps the few corrections
        # the outer loop (SQLite would otherwise walk the period's touches looking for theirs).
        for author, channel, step, outcome in self._rows(
            "SELECT a.author_id, a.channel, a.step, a.outcome"
            " FROM activities AS c INDEXED BY ix_activities_supersedes CROSS JOIN activities AS a ON a.id = c.supersedes_id"
            " WHERE c.supersedes_id IS NOT NULL AND a.occurred_at >= :start AND a.occurred_at < :end",
            params,
        ):
            if step is not None and author is not None:
                _add(counts[author], channel, step, outcome, -1)
        for rep, n in self._milestones(params, Stage.MQL).items():
            counts[rep]["mqls"] += n
        for rep, n in self._qualified_without_milestone(params).items():
            counts[rep]["mqls"] += n
        for rep, n in self._milestones(params, Stage.SQL).items():
            counts[rep]["sqls"] += n
        return {rep: FunnelCounts(**c) for rep, c in counts.items()}

    def _milestones(self, params: dict[str, Any], stage: Stage) -> dict[str, int]:
        rows = self._rows(
            "SELECT rep_id, count(DISTINCT lead_id) FROM lead_milestones"
            " WHERE stage = :stage AND at >= :start AND at < :end GROUP BY rep_id",
            {**params, "stage": stage.value},
        )
        return {r[0] or "": int(r[1]) for r in rows}

    def _qualified_without_milestone(self, params: dict[str, Any]) -> dict[str, int]:
        """MQLs qualified in the cache (first qualified version) that no milestone records yet."""
        rows = self._rows(
            "SELECT q.author_id, count(*) FROM qualifications AS q"
            " JOIN leads AS l ON l.id = q.lead_id"
            " WHERE q.verdict = 'qualified' AND l.stage IN ('mql', 'sql', 'opportunity')"
            " AND q.created_at >= :start AND q.created_at < :end"
            " AND q.version = (SELECT min(version) FROM qualifications AS f"
            "                  WHERE f.lead_id = q.lead_id AND f.verdict = 'qualified')"
            " AND NOT EXISTS (SELECT 1 FROM lead_milestones AS m WHERE m.lead_id = q.lead_id AND m.stage = 'mql')"
            " GROUP BY q.author_id",
            params,
        )
        return {r[0] or "": int(r[1]) for r in rows}

    def funnel_by_team(self, period: Period) -> dict[str, FunnelCounts]:
        """The funnel summed per team (a rep's team from the roster; "" when unknown)."""
        teams = {m.id: m.team_id or NO_TEAM for m in self.roster()}
        out: dict[str, FunnelCounts] = {}
        for rep, c in self.funnel_by_rep(period).items():
            key = teams.get(rep, NO_TEAM)
            out[key] = out.get(key, FunnelCounts()) + c
        return out

    def weekly_trend(self, period: Period, rep_id: str | None = None) -> list[tuple[date, FunnelCounts]]:
        """The funnel's touches per week (weeks start on Monday, UTC), oldest first."""
        authors = [rep_id] if rep_id is not None else self.authors()
        first = (period.start - timedelta(days=period.start.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
        out = []
        week = first
        while week < period.end:
            start, end = max(week, period.start), min(week + timedelta(days=7), period.end)
            total = FunnelCounts()
            for c in self._touch_counts(authors, start, end).values():
                total = total + FunnelCounts(**c)
            if not total.empty:
                out.append((week.date(), total))
            week += timedelta(days=7)
        return out

    # --- the activity log --------------------------------------------------------------------

    def _log_where(self, flt: LogFilter) -> tuple[str, dict[str, Any], str]:
        clauses: list[str] = []
        params: dict[str, Any] = {}
        index = "ix_activities_time_cover"
        if flt.since is not None:
            clauses.append("a.occurred_at >= :since")
            params["since"] = db_time(flt.since)
        if flt.until is not None:
            clauses.append("a.occurred_at < :until")
            params["until"] = db_time(flt.until)
        if flt.channel is not None:
            clauses.append("a.channel = :channel")
            params["channel"] = flt.channel.value
        if flt.step is not None:
            clauses.append("a.step = :step")
            params["step"] = flt.step.value
        if flt.outcome is not None:
            clauses.append("a.outcome = :outcome")
            params["outcome"] = flt.outcome.value
        if flt.rep_id is not None:
            clauses.append("a.author_id = :rep")
            params["rep"] = flt.rep_id
            index = "ix_activities_author_time"
        if flt.lead_id is not None:
            clauses.append("a.lead_id = :lead")
            params["lead"] = flt.lead_id
            index = "ix_activities_lead_time"
        needle = flt.lead_text.strip().lower()
        if needle:
            clauses.append("a.lead_id IN (SELECT id FROM leads WHERE search_text LIKE :needle ESCAPE '\\')")
            params["needle"] = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            if flt.lead_id is None and self._few_leads(params["needle"]):
                # A few leads match: their own touches, sorted. Many match ("co"): walk the log by
                # time and keep theirs, which stops at the first page.
                index = "ix_activities_lead_time"
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params, index

    def _few_leads(self, needle: str) -> bool:
        found = self._rows(
            "SELECT count(*) FROM (SELECT 1 FROM leads WHERE search_text LIKE :needle ESCAPE '\\' LIMIT :n)",
            {"needle": needle, "n": FEW_LEADS},
        )
        return int(found[0][0]) < FEW_LEADS

    def log_ids(self, flt: LogFilter, limit: int, offset: int = 0) -> list[str]:
        """A page of the log's entry ids, newest first."""
        where, params, index = self._log_where(flt)
        if index == "ix_activities_lead_time":
            index_clause = ""  # let SQLite pick: the lead's own index, then sort the few rows
        else:
            index_clause = f" INDEXED BY {index}"
        params.update(limit=limit, offset=offset)
        rows = self._rows(
            f"SELECT a.id FROM activities AS a{index_clause}{where} ORDER BY a.occurred_at DESC LIMIT :limit OFFSET :offset",
            params,
        )
        return [r[0] for r in rows]

    def log_count(self, flt: LogFilter) -> int:
        where, params, _index = self._log_where(flt)
        return int(self._rows(f"SELECT count(*) FROM activities AS a{where}", params)[0][0])

    def log_rows(self, ids: Iterable[str]) -> dict[str, LogRow]:
        wanted = list(ids)
        out: dict[str, LogRow] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ", ".join(f":i{n}" for n in range(len(chunk)))
            rows = self._rows(
                "SELECT a.id, a.occurred_at, a.author_id, a.channel, a.step, a.outcome, a.duration_s, a.notes,"
                " a.lead_id, l.full_name, acc.name,"
                " EXISTS (SELECT 1 FROM activities AS c WHERE c.supersedes_id = a.id)"
                " FROM activities AS a JOIN leads AS l ON l.id = a.lead_id"
                " LEFT JOIN accounts AS acc ON acc.id = l.account_id"
                f" WHERE a.id IN ({marks})",
                {f"i{n}": v for n, v in enumerate(chunk)},
            )
            for r in rows:
                out[r[0]] = LogRow(
                    id=r[0],
                    occurred_at=from_db_time(r[1]),  # type: ignore[arg-type]
                    author_id=r[2],
                    channel=Channel(r[3]),
                    step=Step(r[4]) if r[4] else None,
                    outcome=Outcome(r[5]),
                    duration_s=r[6],
                    notes=r[7],
                    lead_id=r[8],
                    lead_name=r[9],
                    company=r[10],
                    superseded=bool(r[11]),
                )
        return out

    # --- speed to lead and the SLA ---------------------------------------------------------------

    def speed_to_lead(self, period: Period, benchmarks: funnel.Benchmarks | None = None) -> dict[str, SpeedToLead]:
        """Arrival to first touch for inbound leads that arrived in the period, per owner and for
        everyone (key "")."""
        delays: dict[str, list[float]] = defaultdict(list)
        for owner, seconds in self._rows(
            "SELECT owner_id, (julianday(first_touch_at) - julianday(created_at)) * 86400.0 FROM leads"
            " WHERE direction = 'inbound' AND created_at >= :start AND created_at < :end AND first_touch_at IS NOT NULL",
            {"start": db_time(period.start), "end": db_time(period.end)},
        ):
            delays[owner or ""].append(round(seconds, 3))
        everyone = [d for values in delays.values() for d in values]
        out = {rep: funnel.speed_to_lead(values, benchmarks) for rep, values in delays.items() if rep}
        out[""] = funnel.speed_to_lead(everyone, benchmarks)
        return out

    def sla(self, period: Period, now: datetime) -> tuple[dict[str, SlaTally], dict[str, SlaTally]]:
        """SLA outcomes of inbound leads that arrived in the period: (per owner, per source).
        The outcome is core.funnel.sla_outcome's rule, said in SQL so 100,000 leads need no Python step each."""
        by_rep: dict[str, dict[str, int]] = defaultdict(lambda: {"met": 0, "late": 0, "overdue": 0, "pending": 0})
        by_source: dict[str, dict[str, int]] = defaultdict(lambda: {"met": 0, "late": 0, "overdue": 0, "pending": 0})
        for owner, source, outcome, n in self._rows(
            "SELECT owner_id, source,"
            " CASE WHEN first_touch_at IS NOT NULL THEN (CASE WHEN first_touch_at <= sla_due_at THEN 'met' ELSE 'late' END)"
            "      WHEN sla_due_at <= :now THEN 'overdue' ELSE 'pending' END AS outcome, count(*)"
            " FROM leads WHERE direction = 'inbound' AND created_at >= :start AND created_at < :end"
            " AND sla_due_at IS NOT NULL GROUP BY owner_id, source, outcome",
            {"start": db_time(period.start), "end": db_time(period.end), "now": db_time(now)},
        ):
            by_rep[owner or ""][outcome] += n
            by_source[source][outcome] += n
        return ({k: SlaTally(**v) for k, v in by_rep.items()}, {k: SlaTally(**v) for k, v in by_source.items()})

    # --- workload ----------------------------------------------------------------------------------

    def workload(self) -> tuple[list[Workload], int]:
        """Open leads per rep (on the roster or owning leads), and the unassigned pool's size."""
        counts = dict(self._rows(
            "SELECT owner_id, count(*) FROM leads WHERE stage IN ('new', 'working') GROUP BY owner_id"
        ))
        pool = int(counts.pop(None, 0))
        assigned = sum(counts.values())
        out = []
        for m in self.roster():
            if m.role != UserRole.SDR.value and m.id not in counts:
                continue
            n = int(counts.get(m.id, 0))
            out.append(Workload(m.id, n, (n / assigned) if assigned else None, m.away, m.capacity, m.active))
        return out, pool

    # --- the roster, written when the server lists the team (or the demo makes one) -------------

    def save_roster(self, members: Iterable[Member]) -> None:
        rows = [replace(m, known=True) for m in members]
        with self.cache.transaction() as session:
            session.execute(text("DELETE FROM team_members"))
            for m in rows:
                session.execute(
                    text("INSERT INTO team_members (id, name, role, team_id, active, away, capacity)"
                         " VALUES (:id, :name, :role, :team_id, :active, :away, :capacity)"),
                    {"id": m.id, "name": m.name, "role": m.role, "team_id": m.team_id, "active": m.active,
                     "away": m.away, "capacity": m.capacity},
                )


__all__ = ["LogFilter", "LogRow", "Member", "TeamReports", "Workload", "db_time"]
