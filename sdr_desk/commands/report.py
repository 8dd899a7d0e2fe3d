"""`sdr-desk report funnel|activity|sla`: the team lead's figures from the local cache.

A team lead sees every rep of the team; an SDR sees their own funnel beside the team's median
and the benchmarks (the same figures the Team desk shows).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sdr_desk.commands import BadInput, open_book, positive_int

DEFAULT_DAYS = 90


def _day(text: str) -> datetime:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date such as 2026-09-01") from None
    return datetime.combine(day, time(0), UTC)


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("report", parents=[common], help="the team's funnel, activity log and SLA figures")
    kinds = parser.add_subparsers(dest="report", metavar="REPORT", required=True)

    def output(p: argparse.ArgumentParser, csv_too: bool = True) -> None:
        group = p.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true", help="machine-readable output")
        if csv_too:
            group.add_argument("--csv", action="store_true", help="comma-separated values with a header row")

    funnel = kinds.add_parser("funnel", parents=[common], help="dials to SQLs per rep or team, beside the benchmarks")
    funnel.add_argument("--by", choices=("rep", "team"), default="rep", help="one row per rep (default) or per team")
    funnel.add_argument("--since", type=_day, metavar="DATE", help=f"first day, UTC (default: {DEFAULT_DAYS} days ago)")
    funnel.add_argument("--until", type=_day, metavar="DATE", help="day after the last one counted (default: now)")
    output(funnel)
    funnel.set_defaults(run=run_funnel)

    activity = kinds.add_parser("activity", parents=[common], help="the team's touches, newest first")
    activity.add_argument("--rep", metavar="NAME", help="only this rep's touches (name or id)")
    activity.add_argument("--since", type=_day, metavar="DATE", help="from this day, UTC")
    activity.add_argument("--limit", type=positive_int, default=100, metavar="N", help="how many entries (default 100)")
    output(activity)
    activity.set_defaults(run=run_activity)

    sla = kinds.add_parser("sla", parents=[common], help="speed-to-lead and SLA breaches per rep and source")
    sla.add_argument("--since", type=_day, metavar="DATE", help=f"leads that arrived from this day (default: {DEFAULT_DAYS} days ago)")
    output(sla, csv_too=False)
    sla.set_defaults(run=run_sla)


def _period(args: argparse.Namespace):  # noqa: ANN202 - core.funnel.Period, imported lazily
    from sdr_desk.core.funnel import Period

    now = datetime.now(UTC)
    end = getattr(args, "until", None) or now
    start = args.since or (end - timedelta(days=DEFAULT_DAYS))
    try:
        return Period(start, end)
    except ValueError:
        raise BadInput("--since must be before --until (and before now)") from None


def _write(rows: list[dict[str, Any]], args: argparse.Namespace, doc: dict[str, Any], columns: list[str]) -> None:
    if args.json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif getattr(args, "csv", False):
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _ratios(counts: Any, benchmarks: Any) -> dict[str, Any]:
    from sdr_desk.core.funnel import figures

    return {
        f.ratio.value: {
            "value": None if f.value is None else round(f.value, 2),
            "benchmark": f.benchmark,
            "deviation": None if f.deviation is None else round(f.deviation, 3),
            "standing": f.standing.value,
        }
        for f in figures(counts, benchmarks)
    }


def run_funnel(args: argparse.Namespace) -> int:
    from sdr_desk.core import funnel
    from sdr_desk.core.entities import UserRole
    from sdr_desk.store.reports import TeamReports

    period = _period(args)
    book = open_book(args)
    try:
        reports = TeamReports(book.cache)
        me = book.rep_id()
        role = reports.role_of(me)
        benchmarks = funnel.default_benchmarks()
        by_rep = reports.funnel_by_rep(period)
        names = reports.names()
        teams = {m.id: m.team_id or "" for m in reports.roster()}
    finally:
        book.cache.close()
    by_rep.pop("", None)  # touches with no author (imported history) belong to nobody
    median = funnel.team_median(by_rep)
    team_total = funnel.total(by_rep.values())
    if role == UserRole.SDR.value:
        by_rep = {me: by_rep.get(me, funnel.FunnelCounts())}  # an SDR sees only their own figures
    if args.by == "team" and role != UserRole.SDR.value:
        grouped: dict[str, funnel.FunnelCounts] = {}
        for rep, c in by_rep.items():
            grouped[teams.get(rep, "")] = grouped.get(teams.get(rep, ""), funnel.FunnelCounts()) + c
        keyed = [(team or "-", team or "-", c) for team, c in sorted(grouped.items())]
    else:
        keyed = sorted(((rep, names.get(rep, rep), c) for rep, c in by_rep.items()), key=lambda x: x[1].casefold())
    rows = []
    for key, name, c in keyed:
        row: dict[str, Any] = {"id": key, "name": name, **{k: getattr(c, k) for k in funnel.FUNNEL_STEPS}}
        for r, fig in _ratios(c, benchmarks).items():
            row[r] = fig["value"]
            row[f"{r}_deviation"] = fig["deviation"]
        row["_ratios"] = _ratios(c, benchmarks)
        rows.append(row)
    bench = {r.value: funnel.benchmark_for(r, benchmarks) for r in funnel.Ratio}
    if args.json:
        doc = {
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "by": args.by,
            "rows": [{**{k: v for k, v in r.items() if not k.startswith("_") and "_per_" not in k}, "ratios": r["_ratios"]} for r in rows],
            "team_median": {r.value: None if v is None else round(v, 2) for r, v in median.items()},
            "benchmarks": bench,
        }
        if role != UserRole.SDR.value:
            doc["team"] = {k: getattr(team_total, k) for k in funnel.FUNNEL_STEPS} | {"ratios": _ratios(team_total, benchmarks)}
        _write(rows, args, doc, [])
        return 0
    columns = ["id", "name", *funnel.FUNNEL_STEPS, *(x for r in funnel.Ratio for x in (r.value, f"{r.value}_deviation"))]
    if args.csv:
        _write(rows, args, {}, columns)
        return 0
    if not rows or all(funnel.FunnelCounts(**{k: r[k] for k in funnel.FUNNEL_STEPS}).empty for r in rows):
        print(f"No touches between {period.start:%Y-%m-%d} and {period.end:%Y-%m-%d}.")
        return 0
    head = f"{'':<22}{'dials':>7}{'reach':>7}{'conn':>7}{'conv':>7}{'meet':>6}{'MQL':>5}{'SQL':>5}   dials/reach  dials/conv  conv/meeting"
    print(f"Funnel {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}")
    print(head)

    def line(name: str, c: Any) -> str:
        vals = "".join(
            f"{funnel.format_ratio(funnel.ratio_value(c, r)):>{w}}" for r, w in zip(funnel.Ratio, (14, 12, 14), strict=True)
        )
        return (f"{name[:21]:<22}{c.dials:>7}{c.reaches:>7}{c.connects:>7}{c.conversations:>7}{c.meetings:>6}"
                f"{c.mqls:>5}{c.sqls:>5}{vals}")

    for _key, name, c in keyed:
        print(line(name, c))
    if role != UserRole.SDR.value:
        print(line("Team", team_total))
    print(f"{'Team median':<71}" + "".join(f"{funnel.format_ratio(median[r]):>{w}}" for r, w in zip(funnel.Ratio, (14, 12, 14), strict=True)))
    print(f"{'Benchmark':<71}" + "".join(f"{bench[r.value]:>{w}.2f}" for r, w in zip(funnel.Ratio, (14, 12, 14), strict=True)))
    return 0


def run_activity(args: argparse.Namespace) -> int:
    from sdr_desk.core.entities import UserRole
    from sdr_desk.store.reports import LogFilter, TeamReports

    book = open_book(args)
    try:
        reports = TeamReports(book.cache)
        me = book.rep_id()
        roster = reports.roster()
        rep_id = None
        if args.rep:
            wanted = args.rep.casefold()
            matches = [m for m in roster if m.id == args.rep or m.name.casefold() == wanted]
            if not matches:
                known = ", ".join(m.name for m in roster) or "none"
                raise BadInput(f"no rep named {args.rep!r} (the team: {known})")
            rep_id = matches[0].id
        if reports.role_of(me) == UserRole.SDR.value:
            if rep_id not in (None, me):
                raise BadInput("an SDR sees only their own touches")
            rep_id = me
        flt = LogFilter(rep_id=rep_id, since=args.since)
        ids = reports.log_ids(flt, args.limit)
        rows = reports.log_rows(ids)
        names = {m.id: m.name for m in roster}
    finally:
        book.cache.close()
    out = []
    for i in ids:
        r = rows[i]
        out.append({
            "id": r.id, "occurred_at": r.occurred_at.isoformat(), "rep_id": r.author_id,
            "rep": names.get(r.author_id or "", r.author_id), "channel": r.channel.value,
            "step": r.step.value if r.step else None, "outcome": r.outcome.value, "lead_id": r.lead_id,
            "lead": r.lead_name, "company": r.company, "duration_s": r.duration_s, "notes": r.notes,
            "withdrawn": r.superseded,
        })
    columns = ["occurred_at", "rep", "channel", "step", "outcome", "lead", "company", "duration_s", "notes", "withdrawn", "id", "lead_id", "rep_id"]
    if args.json:
        _write(out, args, {"activities": out}, columns)
    elif args.csv:
        _write(out, args, {}, columns)
    elif not out:
        print("No touches match.")
    else:
        for r in out:
            step = r["step"] or "-"
            print(f"{r['occurred_at'][:16].replace('T', ' ')}  {str(r['rep'])[:18]:<18} {r['channel']:<8} {step:<12} "
                  f"{r['outcome']:<15} {r['lead']}" + (f" — {r['company']}" if r["company"] else "") + ("  (withdrawn)" if r["withdrawn"] else ""))
    return 0


def run_sla(args: argparse.Namespace) -> int:
    from sdr_desk.core import funnel
    from sdr_desk.core.entities import UserRole
    from sdr_desk.store.reports import TeamReports

    period = _period(args)
    now = datetime.now(UTC)
    book = open_book(args)
    try:
        reports = TeamReports(book.cache)
        me = book.rep_id()
        sdr = reports.role_of(me) == UserRole.SDR.value
        speed = reports.speed_to_lead(period)
        by_rep, by_source = reports.sla(period, now)
        names = reports.names()
    finally:
        book.cache.close()
    if sdr:
        speed = {k: v for k, v in speed.items() if k == me}
        by_rep = {k: v for k, v in by_rep.items() if k == me}
        by_source = {}

    def speed_doc(s: funnel.SpeedToLead) -> dict[str, Any]:
        return {"count": s.count, "median_s": s.median_s, "p90_s": s.p90_s,
                "distribution": [{"up_to_minutes": b, "leads": n} for b, n in s.distribution]}

    def tally_doc(t: funnel.SlaTally) -> dict[str, Any]:
        return {"met": t.met, "late": t.late, "overdue": t.overdue, "pending": t.pending, "breaches": t.breaches,
                "compliance": None if t.compliance is None else round(t.compliance, 3)}

    if args.json:
        doc = {
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "speed_to_lead": {("team" if k == "" else k): {"name": names.get(k, k or "team"), **speed_doc(v)} for k, v in speed.items()},
            "sla_by_rep": {(k or "pool"): {"name": names.get(k, k or "pool"), **tally_doc(v)} for k, v in by_rep.items()},
            "sla_by_source": {k: tally_doc(v) for k, v in by_source.items()},
        }
        _write([], args, doc, [])
        return 0
    if not by_rep and not any(s.count for s in speed.values()):
        print(f"No inbound leads arrived between {period.start:%Y-%m-%d} and {period.end:%Y-%m-%d}.")
        return 0
    print(f"Speed to lead and SLA, inbound leads that arrived {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}")
    print(f"{'':<22}{'touched':>8}{'median':>10}{'p90':>10}{'met':>6}{'late':>6}{'overdue':>9}{'in time':>9}")
    keys = sorted(set(speed) | set(by_rep), key=lambda k: (k == "", names.get(k, k).casefold()))
    for k in keys:
        s = speed.get(k) or funnel.speed_to_lead([])
        t = by_rep.get(k, funnel.SlaTally()) if k else funnel.SlaTally()
        if k == "":
            t = sum(by_rep.values(), funnel.SlaTally())
        name = "Team" if k == "" else names.get(k, k)
        print(f"{name[:21]:<22}{s.count:>8}{funnel.duration_text(s.median_s):>10}{funnel.duration_text(s.p90_s):>10}"
              f"{t.met:>6}{t.late:>6}{t.overdue:>9}{funnel.percent(t.compliance):>9}")
    if by_source:
        print("\nBy source")
        for source, t in sorted(by_source.items()):
            print(f"  {source:<20}{t.met:>6}{t.late:>6}{t.overdue:>9}{funnel.percent(t.compliance):>9}")
    return 0
