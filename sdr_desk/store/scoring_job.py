"""Keeping stored lead scores current: recompute only leads whose inputs or rules changed.

Scores are stored with the fingerprint of the rules that made them; a rules change makes
every stored score stale, and this job recomputes them in chunks (each chunk its own
transaction) so a window or command can show progress and stay responsive.

A full rescoring (100,000 leads, a million engagement events) has SQLite sum each lead's
events per kind, and scores the chunks in worker processes, one per core, each reading
the cache file on its own connection; this process writes the scores. The module imports
no SQLAlchemy and no Qt so that a worker starts quickly and never loads the GUI.
"""

from __future__ import annotations

import calendar
import json
import math
import multiprocessing
import multiprocessing.util
import os
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sdr_desk.core.entities import (
    Account,
    BuyerRole,
    Direction,
    EngagementKind,
    Grade,
    Lead,
    LeadSource,
    Seniority,
    Tier,
)
from sdr_desk.core.scoring import KindTotals, Scorer, ScoringRules

if TYPE_CHECKING:
    from sdr_desk.store.engine import Cache

CHUNK = 2000
# Below this many leads a rescoring stays in this process: starting a worker (a fresh
# interpreter importing the scoring code) costs more than it would save.
POOL_MIN_LEADS = 5_000

# score_total, score_breakdown, score_rules, learner, misses_profile, then the lead id with its
# score_rules and updated_at as they were read: the UPDATE's parameters
ScoreValues = tuple[int, str, str, bool, bool, str, str | None, str | None]


class Rescorer:
    def __init__(self, cache: Cache, scorer: Scorer | None = None, *, chunk: int = CHUNK) -> None:
        self.cache = cache
        self.scorer = scorer or Scorer.load()
        self.chunk = chunk

    @property
    def fingerprint(self) -> str:
        return self.scorer.fingerprint

    def stale_ids(self) -> list[str]:
        """Leads never scored, or scored under other rules."""
        with self.cache.session() as session:
            db = session.connection().connection.driver_connection
            rows = db.execute(
                "SELECT id FROM leads WHERE score_rules IS NULL OR score_rules != ?", (self.fingerprint,)
            ).fetchall()
        return [lead_id for (lead_id,) in rows]

    def rescore(
        self,
        lead_ids: Sequence[str] | None,
        now: datetime,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        *,
        processes: int | None = None,
        stored: Callable[[Sequence[str]], None] | None = None,
    ) -> int:
        """Recompute and store the scores of `lead_ids` (None: every stale lead). Returns how many.

        `processes`: worker processes to score in; 0 scores here; None picks by the job's
        size (a pool of one per core only for a big job). `stored` hears each chunk's lead
        ids once its scores are committed (chunks from workers come in any order).
        """
        ids = list(self.stale_ids() if lead_ids is None else lead_ids)
        chunks = [ids[start : start + self.chunk] for start in range(0, len(ids), self.chunk)]
        workers = self._workers(len(ids), len(chunks)) if processes is None else min(processes, len(chunks))
        if workers > 0:
            done = self._rescore_in_pool(chunks, now, workers, len(ids), progress, cancelled, stored)
        else:
            done = 0
            for chunk in chunks:
                if cancelled():
                    break
                with self.cache.transaction() as session:
                    db = session.connection().connection.driver_connection
                    _store(db, _score_chunk(db, self.scorer, chunk, now))
                done += len(chunk)
                if stored:
                    stored(chunk)
                if progress:
                    progress(done, len(ids))
        if progress and not ids:
            progress(0, 0)
        return done

    def _workers(self, leads: int, chunks: int) -> int:
        if leads < POOL_MIN_LEADS or not Path(self.cache.path).is_file():
            return 0
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return min(cores, chunks) if cores > 1 else 0

    def _rescore_in_pool(
        self,
        chunks: list[list[str]],
        now: datetime,
        workers: int,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
        stored: Callable[[Sequence[str]], None] | None,
    ) -> int:
        done = 0
        todo = iter(chunks)
        running: dict[Future[list[ScoreValues]], list[str]] = {}  # -> the chunk's lead ids
        # Two chunks per worker in flight: a worker never waits for this process to write,
        # and a cancel is heard after at most that much work.
        window = 2 * workers
        if cancelled():
            return 0
        with _scoring_pool(workers, self.cache.path, self.scorer.rules) as pool:
            try:
                while True:
                    while len(running) < window and not cancelled():
                        chunk = next(todo, None)
                        if chunk is None:
                            break
                        running[pool.submit(_score_in_worker, chunk, now)] = chunk
                    if not running:
                        break
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in finished:
                        if cancelled():
                            return done  # scored but not stored: those leads stay stale
                        values = future.result()
                        with self.cache.transaction() as session:
                            _store(session.connection().connection.driver_connection, values)
                        chunk = running.pop(future)
                        done += len(chunk)
                        if stored:
                            stored(chunk)
                        if progress:
                            progress(done, total)
            finally:
                for future in running:
                    future.cancel()  # those not started; the pool waits for the rest
        return done


def _scoring_pool(workers: int, path: Path, rules: ScoringRules) -> ProcessPoolExecutor:
    # Spawn, never fork: the GUI rescores from a Qt worker thread, and a forked child of a
    # threaded Qt process can hang on a lock some other thread held.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(str(path), rules),
    )


# --- scoring one chunk: in this process, or in a worker ---------------------------------------

_worker: tuple[sqlite3.Connection, Scorer] | None = None


def _start_worker(path: str, rules: ScoringRules) -> None:
    global _worker
    db = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    multiprocessing.util.Finalize(None, db.close, exitpriority=10)  # workers exit without atexit
    _worker = (db, Scorer(rules))


def _score_in_worker(ids: Sequence[str], now: datetime) -> list[ScoreValues]:
    assert _worker is not None, "worker not started"
    db, scorer = _worker
    db.execute("BEGIN")  # one snapshot for the chunk's three reads
    try:
        return _score_chunk(db, scorer, ids, now)
    finally:
        db.rollback()


def _store(db: Any, values: list[ScoreValues]) -> None:
    # Only leads unchanged since their inputs were read: one edited or pulled meanwhile (a
    # worker reads a chunk well before this process writes it) keeps its stale mark and is
    # scored again on the next pass rather than getting a score from its old inputs.
    db.executemany(
        "UPDATE leads SET score_total = ?, score_breakdown = ?, score_rules = ?, learner = ?, misses_profile = ?"
        " WHERE id = ? AND score_rules IS ? AND updated_at IS ?",
        values,
    )


def _score_chunk(db: Any, scorer: Scorer, ids: Sequence[str], now: datetime) -> list[ScoreValues]:
    """The UPDATE parameters for one chunk of leads, read straight from the driver: at a
    million events SQLAlchemy's per-row type processing costs several times the scoring.
    The values are the ones the ORM stores."""
    _ensure_sql_functions(db)
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        "SELECT id, full_name, account_id, title, seniority, buyer_role, emails, phones, country, direction,"
        f" source, score_rules, updated_at FROM leads WHERE id IN ({marks})",
        tuple(ids),
    ).fetchall()
    seen = {row[0]: (row[11], row[12]) for row in rows}  # lead id -> score_rules, updated_at as read
    leads = [
        Lead(
            id=lead_id,
            full_name=name,
            account_id=account_id,
            title=title,
            seniority=_SENIORITY[seniority],
            buyer_role=_ROLE[role],
            emails=json.loads(emails) if emails else [],
            phones=json.loads(phones) if phones else [],
            country=country,
            direction=_DIRECTION[direction],
            source=_SOURCE[source],
        )
        for lead_id, name, account_id, title, seniority, role, emails, phones, country, direction, source, _, _ in rows
    ]
    accounts = {
        account_id: Account(
            id=account_id,
            name=name,
            domain=domain,
            industry=industry,
            employees=employees,
            country=country,
            region=region,
            tier=_TIER[tier],
            grade=_GRADE[grade],
            is_customer=bool(customer),
        )
        for account_id, name, domain, industry, employees, country, region, tier, grade, customer in db.execute(
            "SELECT id, name, domain, industry, employees, country, region, tier, grade, is_customer FROM accounts"
            f" WHERE id IN (SELECT account_id FROM leads WHERE id IN ({marks}))",
            tuple(ids),
        )
    }
    totals: dict[str, list[KindTotals]] = defaultdict(list)
    if scorer.decays:  # rules that read no events at all need no sums
        sql, params = _totals_sql(scorer, len(ids), now)
        for lead_id, kind, count, decayed, recent in db.execute(sql, (*params, *ids)):
            totals[lead_id].append((_KIND[kind], count, decayed, recent))
    values: list[ScoreValues] = []
    no_events: list[KindTotals] = []
    for lead in leads:
        # Points per model only: the reasons are recomputed for the one lead shown.
        account = accounts.get(lead.account_id or "")
        card = scorer.score_from_totals(lead, account, totals.get(lead.id, no_events), now, explain=False)
        a, b, c, d, e, f = card.models
        breakdown = _BREAKDOWN.format(round(a.points, 1), round(b.points, 1), round(c.points, 1), round(d.points, 1),
                                      round(e.points, 1), round(f.points, 1))
        values.append((round(card.total), breakdown, card.fingerprint, card.learner, card.misses_profile, lead.id,
                       *seen[lead.id]))
    return values


def _totals_sql(scorer: Scorer, leads: int, now: datetime) -> tuple[str, list[Any]]:
    """Each lead's events summed per kind, as core.scoring's event loop sums them (KindDecay).

    Ages are whole microseconds over 1e6, as datetime.timestamp() computes them. The index
    hands a lead's events over in time order, the order the loop adds them in, and SQLite's
    GROUP BY sorter keeps it (in practice, not by promise); SQLite up to 3.42 sums in plain
    doubles, so the totals come out bit for bit the loop's. Where the order or SQLite differs
    (3.43 on sums more exactly), they differ by a few units in the last place.
    """
    decays = scorer.decays
    kinds = [d.kind.value for d in decays]
    params: list[Any] = [x for d in decays for x in (d.kind.value, d.points, -d.rate)]
    params += [scorer.learner_window_seconds, now.timestamp(), *kinds]
    sql = (
        "SELECT lead_id, kind, count(*),"
        f" total(CASE kind {' '.join('WHEN ? THEN ? * exp(? * age)' for _ in decays)} END), sum(age <= ?)"
        # a clock running ahead must not add points: the age is never below zero
        " FROM (SELECT lead_id, kind, max(? - (unixepoch(substr(occurred_at, 1, 19)) * 1000000"
        " + CAST(substr(occurred_at, 21) AS INTEGER)) / 1000000.0, 0.0) AS age"
        f" FROM engagement_events WHERE kind IN ({','.join('?' * len(kinds))})"
        f" AND lead_id IN ({','.join('?' * leads)})"
        # LIMIT -1 keeps SQLite from inlining the subquery, which would work out each age twice
        " LIMIT -1) GROUP BY lead_id, kind"
    )
    return sql, params


def _ensure_sql_functions(db: Any) -> None:
    """SQLite builds without the math functions (or older than 3.38) get Python's own:
    math.exp is the same C library exp, so the sums do not change, only slow down."""
    try:
        db.execute("SELECT exp(0.0), unixepoch('2026-01-01 00:00:00')")
    except sqlite3.OperationalError:
        db.create_function("exp", 1, math.exp, deterministic=True)
        db.create_function("unixepoch", 1, _unixepoch, deterministic=True)


def _unixepoch(text: str) -> int:
    """Whole seconds since 1970 of a stored UTC time, as SQLite's unixepoch() gives them."""
    return calendar.timegm(datetime.fromisoformat(text).timetuple())


# What json.dumps({model: round(points, 1)}) writes, in the models' order, without building the dict
_BREAKDOWN = ('{{"demographic": {!r}, "firmographic": {!r}, "behaviour": {!r}, "email": {!r}, "social": {!r},'
              ' "spam": {!r}}}')
_SENIORITY = {m.value: m for m in Seniority}
_ROLE = {m.value: m for m in BuyerRole}
_DIRECTION = {m.value: m for m in Direction}
_SOURCE = {m.value: m for m in LeadSource}
_KIND = {m.value: m for m in EngagementKind}
_TIER = {m.value: m for m in Tier}
_GRADE = {m.value: m for m in Grade}
