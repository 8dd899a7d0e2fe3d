"""`sdr-desk queue`: the prioritized call queue with the reasons for each place."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from sdr_desk.commands import open_desk, positive_int


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO-8601 time such as 2026-11-25T09:30+08:00") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} has no UTC offset; add one, e.g. +08:00 or Z")
    return moment.astimezone(UTC)


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "queue", parents=[common], help="show the prioritized call queue with reasons"
    )
    parser.add_argument("--top", type=positive_int, default=20, metavar="N", help="how many leads (default 20)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--at", type=_moment, metavar="ISO-TIME", help="rank as of another moment (default: now)"
    )
    parser.add_argument("--search", default="", help="only leads matching a name, company, e-mail or phone")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sdr_desk.store.queue import QueueFilter
    from sdr_desk.store.scoring_job import Rescorer

    now = args.at or datetime.now(UTC)
    desk = open_desk(args)
    try:
        # Leads imported, edited or pulled since their last scoring are scored first.
        Rescorer(desk.cache).rescore(None, datetime.now(UTC))
        queue = desk.queue
        ranked = queue.rank(QueueFilter(search=args.search), now)[: args.top]
        rows = queue.rows([r.lead_id for r in ranked])
        parts = {r.lead_id: queue.explain(r.lead_id, now) for r in ranked}
    finally:
        desk.close()
    if args.json:
        out = [
            {
                "rank": place,
                "lead_id": r.lead_id,
                "name": rows[r.lead_id].full_name,
                "company": rows[r.lead_id].company,
                "priority": round(r.priority, 2),
                "callable_now": r.callable_now,
                "components": [
                    {"code": p.code, "points": round(p.points, 2), "reason": p.reason, "reason_code": p.reason_code}
                    for p in parts[r.lead_id]
                ],
            }
            for place, r in enumerate(ranked, start=1)
        ]
        json.dump({"at": now.isoformat(), "queue": out}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not ranked:
        print("The queue is empty.")
        return 0
    for place, r in enumerate(ranked, start=1):
        row = rows[r.lead_id]
        flag = "" if r.callable_now else "  (not callable now)"
        print(f"{place:>3}. {r.priority:8.1f}  {row.full_name} — {row.company or '-'}{flag}")
        for part in parts[r.lead_id]:
            if part.points:
                print(f"       {part.points:+7.1f}  {part.reason}")
    return 0
