"""Call-queue speed: full re-rank, one-lead update, and scoring throughput. Prints figures only.

Size from SDR_DESK_BENCH_SIZE: small (2,000 leads, for `make test`) or full (100,000).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

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


def test_queue_rerank_and_update() -> None:
    rng = random.Random(7)
    facts = synthetic_facts(N, rng)
    ranker = Ranker(PriorityPolicy.load(owner_id="rep-1"))

    t0 = time.perf_counter()
    ranker.load(facts)
    first = ranker.rank(NOW)
    cold = time.perf_counter() - t0
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

    print(f"queue-size: {N} leads")
    print(f"queue-ranked: {len(ranked)} leads")
    print(f"queue-rank-cold-{LABEL}: {ms(cold)} ms")
    print(f"queue-rerank-{LABEL}: {ms(statistics.median(reranks))} ms")
    print(f"queue-rerank-{LABEL}-worst: {ms(max(reranks))} ms")
    print(f"queue-rerank-{LABEL}-cpu: {ms(statistics.median(rerank_cpu))} ms")
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
