"""Call-queue speed: full re-rank, one-lead update, and scoring throughput. Prints figures only.

Size from SDR_DESK_BENCH_SIZE: small (2,000 leads, for `make test`) or full (100,000).
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sdr_desk.core.entities import (
    Account,
    BuyerRole,
    Direction,
    EngagementEvent,
    EngagementKind,
    Grade,
    Lead,
    Outcome,
    Seniority,
    Stage,
    Tier,
)
from sdr_desk.core.priority import PriorityPolicy, QueueFacts, Ranker
from sdr_desk.core.scoring import Scorer

pytestmark = pytest.mark.benchmark

SIZES = {"small": 2_000, "full": 100_000}
N = SIZES.get(os.environ.get("SDR_DESK_BENCH_SIZE", "small"), SIZES["small"])
LABEL = f"{N // 1000}k"
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
ZONES = [("Asia/Shanghai", "CN")] * 6 + [
    ("Asia/Hong_Kong", "HK"), ("Asia/Singapore", "SG"), ("America/New_York", "US"), ("America/Chicago", "US"),
    ("America/Los_Angeles", "US"), ("Europe/London", "GB"), ("Europe/Berlin", "DE"), ("Asia/Tokyo", "JP"), (None, None),
]


def synthetic_facts(n: int, rng: random.Random) -> list[QueueFacts]:
    out = []
    for i in range(n):
        zone, country = rng.choice(ZONES)
        inbound = rng.random() < 0.6
        untouched = inbound and rng.random() < 0.03
        unanswered = rng.random() < 0.3
        out.append(QueueFacts(
            lead_id=f"lead-{i:07d}",
            score=round(rng.uniform(-30, 180), 1),
            learner=rng.random() < 0.08,
            grade=Grade.B if inbound else Grade.A,
            tier=rng.choice([Tier.T1, Tier.T2, Tier.T3, Tier.T3, Tier.T3]),
            direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            stage=rng.choice([Stage.NEW, Stage.WORKING, Stage.WORKING, Stage.NURTURE, Stage.MQL, Stage.DISQUALIFIED]),
            owner_id=rng.choice(["rep-1"] * 8 + [None, "rep-2"]),
            do_not_call=rng.random() < 0.02,
            time_zone=zone,
            country=country,
            first_touch_at=None if untouched else NOW - timedelta(days=rng.uniform(1, 60)),
            sla_due_at=NOW + timedelta(minutes=rng.uniform(-120, 240)) if untouched else None,
            next_touch_at=NOW + timedelta(hours=rng.uniform(-72, 14 * 24)) if rng.random() < 0.5 else None,
            nurture_due_at=NOW + timedelta(days=rng.uniform(-5, 60)) if rng.random() < 0.3 else None,
            attempts=rng.randint(0, 14),
            last_attempt_at=NOW - timedelta(minutes=rng.uniform(1, 5 * 24 * 60)) if unanswered else None,
            last_outcome=rng.choice([Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL, Outcome.CALL_BACK]) if unanswered else None,
        ))
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def sqlite_order_by(facts: list[QueueFacts], folder: Path, now: datetime) -> float:
    """Median time of a raw SQLite ORDER BY ... LIMIT 50 over the same stored columns (no call windows)."""
    db = sqlite3.connect(folder / "queue.sqlite3")
    db.execute("CREATE TABLE queue (lead_id TEXT PRIMARY KEY, score REAL, learner INT, grade TEXT, tier TEXT,"
               " direction TEXT, stage TEXT, owner_id TEXT, do_not_call INT, first_touch_at REAL, sla_due_at REAL,"
               " next_touch_at REAL, nurture_due_at REAL, attempts INT)")
    ts = lambda d: None if d is None else d.timestamp()  # noqa: E731
    db.executemany("INSERT INTO queue VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (f.lead_id, f.score, f.learner, f.grade.value, f.tier.value, f.direction.value, f.stage.value, f.owner_id,
         f.do_not_call, ts(f.first_touch_at), ts(f.sla_due_at), ts(f.next_touch_at), ts(f.nurture_due_at), f.attempts)
        for f in facts])
    db.commit()
    query = """
        SELECT lead_id FROM queue
        WHERE do_not_call = 0 AND stage NOT IN ('disqualified', 'sql', 'opportunity')
          AND (owner_id = 'rep-1' OR owner_id IS NULL)
        ORDER BY (CASE WHEN direction = 'inbound' AND first_touch_at IS NULL AND sla_due_at IS NOT NULL
                       THEN (CASE WHEN sla_due_at <= :t THEN 10000 ELSE 300 END) ELSE 0 END)
               + MIN(MAX(score, 0), 200) - 40 * learner
               + (CASE grade WHEN 'A' THEN 40 ELSE 0 END)
               + (CASE tier WHEN 'T1' THEN 60 WHEN 'T2' THEN 30 ELSE 0 END)
               + (CASE WHEN next_touch_at <= :t THEN 80 ELSE 0 END)
               + (CASE WHEN nurture_due_at <= :t THEN 60 ELSE 0 END)
               - MIN(MAX(attempts - 6, 0) * 10, 100) DESC
        LIMIT 50"""
    times = []
    for minute in range(1, 8):
        t0 = time.perf_counter()
        rows = db.execute(query, {"t": (now + timedelta(minutes=minute)).timestamp()}).fetchall()
        times.append(time.perf_counter() - t0)
    assert len(rows) == 50
    db.close()
    return statistics.median(times)


def test_queue_rerank_and_update(tmp_path: Path) -> None:
    rng = random.Random(7)
    facts = synthetic_facts(N, rng)
    ranker = Ranker(PriorityPolicy.load(owner_id="rep-1"))

    t0 = time.perf_counter()
    ranker.load(facts)
    t1 = time.perf_counter()
    first = ranker.rank(NOW)
    loaded, cold = t1 - t0, time.perf_counter() - t1
    assert 0 < len(first) < N
    assert not ({f.lead_id for f in facts if f.do_not_call} & set(first))

    reranks, rerank_cpu = [], []
    for minute in range(1, 12):
        c0 = time.process_time()
        t0 = time.perf_counter()
        ranked = ranker.rank(NOW + timedelta(minutes=minute))
        reranks.append(time.perf_counter() - t0)
        rerank_cpu.append(time.process_time() - c0)
    assert len(ranked) == len(first)

    # Log an outcome on the top lead: it gets an attempt and backs off; the next lead comes up.
    now = NOW + timedelta(minutes=12)
    updates, nexts = [], []
    for k in range(20):
        top = ranker.rank(now)[0]
        old = ranker.facts(top)
        assert old is not None
        called = QueueFacts(**{**{s: getattr(old, s) for s in QueueFacts.__slots__},
                               "attempts": old.attempts + 1, "last_attempt_at": now, "first_touch_at": old.first_touch_at or now,
                               "last_outcome": Outcome.NO_ANSWER, "next_touch_at": now + timedelta(days=2)})
        t0 = time.perf_counter()
        ranker.update(called)
        t1 = time.perf_counter()
        nxt = ranker.rank(now)
        t2 = time.perf_counter()
        updates.append(t1 - t0)
        nexts.append(t2 - t0)
        assert nxt[0] != top
        now += timedelta(seconds=30)

    raw = sqlite_order_by(facts, tmp_path, NOW)
    print(f"queue-size: {N} leads")
    print(f"queue-ranked: {len(ranked)} leads")
    print(f"queue-load-{LABEL}: {ms(loaded)} ms")
    print(f"queue-rank-first-{LABEL}: {ms(cold)} ms")
    print(f"queue-rerank-{LABEL}: {ms(statistics.median(reranks))} ms")
    print(f"queue-rerank-{LABEL}-worst: {ms(max(reranks))} ms")
    print(f"queue-rerank-{LABEL}-cpu: {ms(statistics.median(rerank_cpu))} ms")
    print(f"queue-sqlite-order-by-limit50-{LABEL}: {ms(raw)} ms")
    print(f"queue-rerank-vs-sqlite ratio: {statistics.median(reranks) / raw:.2f}x")
    print(f"queue-update-one-{LABEL}: {ms(statistics.median(updates))} ms")
    print(f"queue-next-after-outcome-{LABEL}: {ms(statistics.median(nexts))} ms")


def synthetic_book(n: int, rng: random.Random) -> tuple[list[Lead], dict[str, Account], list[list[EngagementEvent]]]:
    # Mostly content, rarely a buying signal, as in a real book (so some leads are learners).
    kinds = [EngagementKind.PAGE_VIEW] * 12 + [EngagementKind.EMAIL_OPEN] * 6 + [EngagementKind.DOWNLOAD] * 3 + list(EngagementKind)
    accounts = {
        f"acct-{i}": Account(f"acct-{i}", f"Company {i}", industry=rng.choice(["software", "manufacturing", "retail", None]),
                             employees=rng.choice([20, 80, 300, 2000, 9000, None]), country=rng.choice(["CN", "US", "SG", "DE"]))
        for i in range(max(1, n // 5))
    }
    titles = ["Marketing Director", "VP Sales", "IT Manager", "Student", "CMO", "市场总监", "销售经理", "Engineer"]
    leads, events = [], []
    for i in range(n):
        leads.append(Lead(
            f"lead-{i}", rng.choice(["Wang Fang", "Li Wei", "Zhang Min", "asdf", "Chen Jie", "Alex Morgan"]),
            account_id=f"acct-{rng.randrange(len(accounts))}", title=rng.choice(titles),
            seniority=rng.choice(list(Seniority)), buyer_role=rng.choice(list(BuyerRole)),
            emails=[f"p{i}@" + rng.choice(["corp.cn", "gmail.com", "mailinator.com", "acme.com"])],
            phones=[rng.choice(["+8613800138000", "+14155550132", "+6591234567"])],
        ))
        events.append([EngagementEvent(f"ev-{i}-{k}", f"lead-{i}", rng.choice(kinds), NOW - timedelta(hours=rng.uniform(0, 24 * 30)))
                       for k in range(10)])
    return leads, accounts, events


def test_scoring_throughput() -> None:
    rng = random.Random(11)
    leads, accounts, events = synthetic_book(N, rng)
    scorer = Scorer.load()
    # Like the background rescoring: each card is handed on (to be stored) and not kept.
    totals, learners = [], 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for lead, evs in zip(leads, events):
        card = scorer.score(lead, accounts.get(lead.account_id or ""), evs, NOW)
        totals.append(card.total)
        learners += card.learner
    took = time.perf_counter() - t0
    cpu = time.process_time() - c0
    assert len(totals) == N and learners and min(totals) < 0 < max(totals)
    print(f"scoring-leads: {N} leads, {N * 10} events")
    print(f"scoring-full-{LABEL}: {took:.2f} s")
    # CPU time of this process: steadier than wall time on a machine shared with other jobs
    print(f"scoring-full-{LABEL}-cpu: {cpu:.2f} s")
    print(f"scoring-throughput: {N / took:,.0f} leads/s".replace(",", ""))
