"""Rescoring in bulk: SQLite's per-kind sums score as the event loop does, worker processes
store what one process stores, and progress and cancelling work either way."""

from __future__ import annotations

import json
import math
import multiprocessing
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_desk.core.entities import Account, EngagementKind, Lead
from sdr_desk.core.ids import new_id
from sdr_desk.core.scoring import Scorer
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.scoring_job import Rescorer, _score_chunk, _scoring_pool, _store, _totals_sql, _unixepoch
from sdr_desk.store.tables import EngagementRow

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
SCORER = Scorer.load()  # the shipped rules: every kind scored, content and signals set
ACCOUNT = Account(id=new_id(), name="Acme", industry="Software", employees=300, country="CN")


@pytest.fixture(scope="module")
def shared_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SalesBook]:
    cache = open_cache(tmp_path_factory.mktemp("rescoring") / "cache.sqlite3")
    book = SalesBook(cache)
    book.create_account(ACCOUNT)
    yield book
    cache.close()


def _stored(cache: Cache) -> dict[str, tuple[object, ...]]:
    with cache.session() as session:
        db = session.connection().connection.driver_connection
        rows = db.execute("SELECT id, score_total, score_breakdown, score_rules, learner, misses_profile FROM leads")
        return {row[0]: tuple(row[1:]) for row in rows}


def _make_stale(cache: Cache) -> None:
    with cache.transaction() as session:
        db = session.connection().connection.driver_connection
        db.execute("UPDATE leads SET score_rules = NULL, score_total = 0, score_breakdown = '{}', learner = 0")


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(list(EngagementKind)),
        st.integers(min_value=-86_400_000_000, max_value=400 * 86_400_000_000),  # microseconds ago
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(events=EVENTS, now_us=st.integers(min_value=0, max_value=999_999))
def test_sqlite_sums_score_as_the_event_loop_does(shared_book: SalesBook, events, now_us: int) -> None:
    now = NOW + timedelta(microseconds=now_us)
    lead = Lead(id=new_id(), full_name="Wang Fang", account_id=ACCOUNT.id, emails=["wang@acme.cn"], country="CN")
    shared_book.create_lead(lead)
    with shared_book.cache.transaction() as session:
        for kind, ago in events:
            session.add(EngagementRow(id=new_id(), lead_id=lead.id, kind=kind, occurred_at=now - timedelta(microseconds=ago)))
    by_time = shared_book.engagement(lead.id)  # oldest first, as the index hands them to SQLite

    Rescorer(shared_book.cache, SCORER).rescore([lead.id], now, processes=0)

    card = SCORER.score(lead, ACCOUNT, by_time, now)
    breakdown = {m.model: round(m.points, 1) for m in card.models}
    total, text, rules, learner, misses = _stored(shared_book.cache)[lead.id]
    assert (total, rules, bool(learner), bool(misses)) == (round(card.total), card.fingerprint, card.learner,
                                                          card.misses_profile)
    assert text == json.dumps(breakdown)

    # The sums themselves: equal to the bit while SQLite adds in plain doubles (before 3.43),
    # within a few units in the last place after.
    loop: dict[str, list[float]] = {}
    decay = {d.kind: d for d in SCORER.decays}
    for e in by_time:
        age = max(now.timestamp() - e.occurred_at.timestamp(), 0.0)
        acc = loop.setdefault(e.kind.value, [0, 0.0, 0])
        acc[0] += 1
        acc[1] += decay[e.kind].points * math.exp(-decay[e.kind].rate * age)
        acc[2] += age <= SCORER.learner_window_seconds
    sql, params = _totals_sql(SCORER, 1, now)
    with shared_book.cache.session() as session:
        db = session.connection().connection.driver_connection
        summed = {kind: [n, s, r] for _, kind, n, s, r in db.execute(sql, (*params, lead.id))}
    assert {k: (v[0], v[2]) for k, v in summed.items()} == {k: (v[0], v[2]) for k, v in loop.items()}
    for kind, (_, s, _) in summed.items():
        if sqlite3.sqlite_version_info < (3, 43):
            assert s == loop[kind][1]
        else:
            assert s == pytest.approx(loop[kind][1], rel=1e-12)


@pytest.fixture
def demo_cache(cache: Cache) -> Cache:
    generate_demo(cache, leads=150, activities_per_lead=0, events_per_lead=10, now=NOW)
    return cache


def test_worker_processes_store_exactly_what_one_process_stores(demo_cache: Cache) -> None:
    rescorer = Rescorer(demo_cache, SCORER, chunk=20)
    seen: list[tuple[int, int]] = []
    assert rescorer.rescore(None, NOW, progress=lambda d, t: seen.append((d, t)), processes=0) == 150
    alone = _stored(demo_cache)
    assert seen == [(min(20 * i, 150), 150) for i in range(1, 9)]

    _make_stale(demo_cache)
    seen.clear()
    workers: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        workers.append(len(multiprocessing.active_children()))

    assert rescorer.rescore(None, NOW, progress=progress, processes=2) == 150
    assert _stored(demo_cache) == alone
    assert rescorer.stale_ids() == []
    # Chunks finish in any order, but every one is counted once and the last call says "all done".
    assert [d for d, _ in seen] == sorted({d for d, _ in seen}) and seen[-1] == (150, 150) and len(seen) == 8
    assert max(workers) >= 1  # it really ran in other processes


@pytest.mark.parametrize("processes", [0, 2])
def test_cancelling_stops_after_the_chunk_in_hand(demo_cache: Cache, processes: int) -> None:
    rescorer = Rescorer(demo_cache, SCORER, chunk=20)
    seen: list[int] = []
    done = rescorer.rescore(None, NOW, progress=lambda d, t: seen.append(d), cancelled=lambda: bool(seen),
                            processes=processes)
    assert done == 20 and seen == [20]
    assert len(rescorer.stale_ids()) == 130  # the rest wait for the next pass


def test_rescoring_a_few_leads_starts_no_process(demo_cache: Cache) -> None:
    rescorer = Rescorer(demo_cache, SCORER)
    some = rescorer.stale_ids()[:10]
    children: list[int] = []
    assert rescorer.rescore(some, NOW, progress=lambda d, t: children.append(len(multiprocessing.active_children()))) == 10
    assert children == [0]
    seen: list[tuple[int, int]] = []
    assert rescorer.rescore([], NOW, progress=lambda d, t: seen.append((d, t))) == 0
    assert seen == [(0, 0)]


def test_a_worker_never_loads_qt(demo_cache: Cache) -> None:
    with _scoring_pool(1, Path(demo_cache.path), SCORER.rules) as pool:
        assert pool.submit(eval, "'PySide6' in __import__('sys').modules").result() is False


def test_sqlite_without_math_functions_gets_python_ones(demo_cache: Cache) -> None:
    ids = Rescorer(demo_cache, SCORER).stale_ids()
    with closing(sqlite3.connect(demo_cache.path)) as builtin, closing(sqlite3.connect(demo_cache.path)) as python:
        # What _ensure_sql_functions registers when SQLite has none: here it overrides SQLite's.
        python.create_function("exp", 1, math.exp, deterministic=True)
        python.create_function("unixepoch", 1, _unixepoch, deterministic=True)
        assert _score_chunk(python, SCORER, ids, NOW) == _score_chunk(builtin, SCORER, ids, NOW)
        for text in ("2026-08-25 04:10:04", "1969-12-31 23:59:59", "2024-02-29 00:00:00"):
            assert _unixepoch(text) == builtin.execute("SELECT unixepoch(?)", (text,)).fetchone()[0]


def test_a_lead_edited_between_reading_and_storing_keeps_its_stale_mark(demo_cache: Cache) -> None:
    """A worker reads a chunk well before this process stores it: a lead edited in between
    must not get the score of its old inputs, but wait, stale, for the next pass."""
    book = SalesBook(demo_cache)
    rescorer = Rescorer(demo_cache, SCORER)
    chunk = rescorer.stale_ids()[:5]
    edited, untouched = chunk[0], chunk[1:]
    with demo_cache.session() as session:
        values = _score_chunk(session.connection().connection.driver_connection, SCORER, chunk, NOW)
    book.patch_lead(edited, {"full_name": "Asdf Qwerty"})  # junk now: the spam model scores it down
    with demo_cache.transaction() as session:
        _store(session.connection().connection.driver_connection, values)
    stale = set(rescorer.stale_ids())
    assert edited in stale and not stale & set(untouched)
    rescorer.rescore([edited], NOW)
    with demo_cache.session() as session:
        db = session.connection().connection.driver_connection
        fresh = _score_chunk(db, SCORER, [edited], NOW)[0]
        stored = db.execute("SELECT score_total, score_breakdown FROM leads WHERE id = ?", (edited,)).fetchone()
    assert stored == (fresh[0], fresh[1]) and json.loads(fresh[1])["spam"] < 0
