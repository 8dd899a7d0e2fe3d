"""Keeping stored lead scores current: recompute only leads whose inputs or rules changed.

Scores are stored with the fingerprint of the rules that made them; a rules change makes
every stored score stale, and this job recomputes them in chunks (each chunk its own
transaction) so a window or command can show progress and stay responsive.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select

from sdr_desk.core.entities import (
    Account,
    BuyerRole,
    Direction,
    EngagementKind,
    Lead,
    LeadSource,
    Seniority,
)
from sdr_desk.core.scoring import Scorer
from sdr_desk.store.engine import Cache
from sdr_desk.store.tables import AccountRow, LeadRow

CHUNK = 2000


class Rescorer:
    def __init__(self, cache: Cache, scorer: Scorer | None = None) -> None:
        self.cache = cache
        self.scorer = scorer or Scorer.load()

    @property
    def fingerprint(self) -> str:
        return self.scorer.fingerprint

    def stale_ids(self) -> list[str]:
        """Leads never scored, or scored under other rules."""
        fp = self.fingerprint
        with self.cache.session() as session:
            return list(
                session.scalars(select(LeadRow.id).where(or_(LeadRow.score_rules.is_(None), LeadRow.score_rules != fp)))
            )

    def rescore(
        self,
        lead_ids: Sequence[str] | None,
        now: datetime,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> int:
        """Recompute and store the scores of `lead_ids` (None: every stale lead). Returns how many."""
        ids = list(self.stale_ids() if lead_ids is None else lead_ids)
        done = 0
        for start in range(0, len(ids), CHUNK):
            if cancelled():
                break
            chunk = ids[start : start + CHUNK]
            self._rescore_chunk(chunk, now)
            done += len(chunk)
            if progress:
                progress(done, len(ids))
        if progress and not ids:
            progress(0, 0)
        return done

    def _rescore_chunk(self, ids: Sequence[str], now: datetime) -> None:
        # Straight from the driver: at a million events, SQLAlchemy's per-row type processing
        # costs several times the scoring itself. The values are the ones the ORM stores.
        marks = ",".join("?" * len(ids))
        with self.cache.transaction() as session:
            db = session.connection().connection.driver_connection
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
                for lead_id, name, account_id, title, seniority, role, emails, phones, country, direction, source in db.execute(
                    "SELECT id, full_name, account_id, title, seniority, buyer_role, emails, phones, country, direction,"
                    f" source FROM leads WHERE id IN ({marks})",
                    tuple(ids),
                ).fetchall()
            ]
            account_ids = list({lead.account_id for lead in leads if lead.account_id})
            accounts = _accounts(session.scalars(select(AccountRow).where(AccountRow.id.in_(account_ids))))
            events: dict[str, list[_Event]] = defaultdict(list)
            for lead_id, kind, occurred_at in db.execute(
                f"SELECT lead_id, kind, occurred_at FROM engagement_events WHERE lead_id IN ({marks})", tuple(ids)
            ):
                events[lead_id].append(_Event(_KIND[kind], datetime.fromisoformat(occurred_at + "+00:00")))
            values = []
            for lead in leads:
                card = self.scorer.score(lead, accounts.get(lead.account_id or ""), events.get(lead.id, ()), now)
                # Points per model only: the reasons are recomputed for the one lead shown.
                breakdown = json.dumps({m.model: round(m.points, 1) for m in card.models})
                values.append((round(card.total), breakdown, card.fingerprint, card.learner, card.misses_profile, lead.id))
            db.executemany(
                "UPDATE leads SET score_total = ?, score_breakdown = ?, score_rules = ?, learner = ?, misses_profile = ?"
                " WHERE id = ?",
                values,
            )


class _Event(NamedTuple):
    """The two fields scoring reads (core.scoring.Engaged), a fraction of an EngagementEvent's cost."""

    kind: EngagementKind
    occurred_at: datetime


_SENIORITY = {m.value: m for m in Seniority}
_ROLE = {m.value: m for m in BuyerRole}
_DIRECTION = {m.value: m for m in Direction}
_SOURCE = {m.value: m for m in LeadSource}
_KIND = {m.value: m for m in EngagementKind}


def _accounts(rows: Iterable[AccountRow]) -> dict[str, Account]:
    return {
        r.id: Account(
            id=r.id,
            name=r.name,
            domain=r.domain,
            industry=r.industry,
            employees=r.employees,
            country=r.country,
            region=r.region,
            tier=r.tier,
            grade=r.grade,
            is_customer=r.is_customer,
        )
        for r in rows
    }
