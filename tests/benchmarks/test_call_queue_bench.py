"""The call queue over a real cache: load, re-rank, next lead after an outcome, search, rescoring.

Size from SDR_DESK_BENCH_SIZE: small (2,000 leads, for `make test`) or full (100,000 leads
with 10 activities and 10 engagement events each: a million of each). Prints figures only.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from sdr_desk.core.entities import Channel, Outcome
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.queue import CallQueue, QueueFilter
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.scoring_job import Rescorer

pytestmark = pytest.mark.benchmark

SIZES = {"small": 2_000, "full": 100_000}
N = SIZES.get(os.environ.get("SDR_DESK_BENCH_SIZE", "small"), SIZES["small"])
LABEL = f"{N // 1000}k"
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # a Tuesday morning in China


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cache]:
    folder = tmp_path_factory.mktemp("queue-bench")
    opened = open_cache(folder / "cache.sqlite3")
    generate_demo(opened, leads=N, activities_per_lead=10, events_per_lead=10, now=NOW)
    yield opened
    opened.close()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def test_rescoring_after_a_rules_change(cache: Cache) -> None:
    rescorer = Rescorer(cache)
    started, cpu, workers = time.perf_counter(), time.process_time(), _children_cpu()
    done = rescorer.rescore(None, NOW)
    wall, cpu, workers = time.perf_counter() - started, time.process_time() - cpu, _children_cpu() - workers
    print(f"\nqueue-full-rescoring-{LABEL}: {wall:.2f} s")
    print(f"queue-full-rescoring-{LABEL}-cpu: {cpu:.2f} s")
    # A big rescoring scores in worker processes: their CPU time, once they have exited.
    print(f"queue-full-rescoring-{LABEL}-cpu-workers: {workers:.2f} s")
    assert done == N and rescorer.stale_ids() == []

    raw = sqlite3.connect(cache.path)
    some = [lead_id for (lead_id,) in raw.execute("SELECT id FROM leads LIMIT 10")]
    raw.close()
    started = time.perf_counter()
    rescorer.rescore(some, NOW)  # a few edited leads: scored in this process
    print(f"queue-rescoring-10-leads-{LABEL}: {_ms(time.perf_counter() - started)}")


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def test_rerank_next_lead_and_search(cache: Cache) -> None:
    book = SalesBook(cache)
    queue = CallQueue(cache, book.rep_id())
    started = time.perf_counter()
    size = queue.load()
    print(f"\nqueue-load-{LABEL}: {_ms(time.perf_counter() - started)}")
    started = time.perf_counter()
    queue.ranked_ids(QueueFilter(), NOW)  # first ranking builds the order
    print(f"queue-first-rank-{LABEL}: {_ms(time.perf_counter() - started)}")
    # Then, as the window does once the queue is shown: read the search texts in the background.
    started = time.perf_counter()
    queue.prepare_search()
    print(f"queue-search-prepare-{LABEL}: {_ms(time.perf_counter() - started)} (in the background, after the first paint)")

    reranks = []
    for minute in range(1, 21):
        started = time.perf_counter()
        ids = queue.ranked_ids(QueueFilter(), NOW + timedelta(minutes=minute))
        reranks.append(time.perf_counter() - started)
    print(f"queue-rerank-{LABEL}: {_ms(statistics.median(reranks))} (max {_ms(max(reranks))})")

    raw = sqlite3.connect(cache.path)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        raw.execute(
            "SELECT id FROM leads WHERE do_not_call = 0 AND stage NOT IN ('disqualified','sql','opportunity') "
            "ORDER BY sla_due_at IS NULL, sla_due_at, score_total DESC LIMIT 50"
        ).fetchall()
        timings.append(time.perf_counter() - started)
    raw.close()
    sqlite_ms = statistics.median(timings)
    print(f"queue-sqlite-order-by-limit50-{LABEL}: {_ms(sqlite_ms)}")
    print(f"queue-rerank-vs-sqlite ratio: {statistics.median(reranks) / sqlite_ms:.2f}x")

    work = LeadWork(book)
    nexts = []
    for i in range(20):
        at = NOW + timedelta(minutes=30 + i)
        top = ids[0]
        started = time.perf_counter()
        work.log_touch(top, Channel.PHONE, Outcome.NO_ANSWER, at=at)
        queue.refresh([top])
        ids = queue.ranked_ids(QueueFilter(), at)
        nexts.append(time.perf_counter() - started)
        assert ids[0] != top  # the lead just tried backs off
    nexts.sort()
    print(f"queue-next-lead-after-outcome-{LABEL}: {_ms(statistics.median(nexts))} (p95 {_ms(nexts[int(len(nexts) * 0.95) - 1])})")

    # The leads just worked have new texts set aside: searched one by one, no rebuild.
    typed = ["l", "li", "lin", "王", "王伟", "138", "13800", "@example"]
    searches = []
    for text in typed:
        started = time.perf_counter()
        queue.ranked_ids(QueueFilter(search=text), NOW + timedelta(hours=1))
        searches.append(time.perf_counter() - started)
    slowest = typed[searches.index(max(searches))]
    print(f"queue-search-as-you-type-{LABEL}: {_ms(statistics.median(searches))} (max {_ms(max(searches))}, typing {slowest!r})")
    assert size > 0
