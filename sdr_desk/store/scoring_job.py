"""Keeping stored lead scores current: recompute only leads whose inputs or rules changed.

Scores are stored with the fingerprint of the rules that made them; a rules change makes
every stored score stale, and this job recomputes them in chunks (each chunk its own
transaction) so a window or command can show progress and stay responsive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from sqlalchemy import bindparam, or_, select, update

from sdr_desk.core.entities import Account, EngagementEvent, EngagementKind, Lead
from sdr_desk.core.scoring import Scorer
from sdr_desk.store.engine import Cache
from sdr_desk.store.tables import AccountRow, LeadRow

CHUNK = 2000

_LEAD_COLS = (
    LeadRow.id,
    LeadRow.full_name,
    LeadRow.account_id,
    LeadRow.title,
    LeadRow.seniority,
    LeadRow.buyer_role,
    LeadRow.emails,
    LeadRow.phones,
    LeadRow.country,
    LeadRow.direction,
    LeadRow.source,
)


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
        with self.cache.transaction() as session:
            leads = [
                Lead(
                    id=r.id,
                    full_name=r.full_name,
                    account_id=r.account_id,
                    title=r.title,
                    seniority=r.seniority,
                    buyer_role=r.buyer_role,
                    emails=r.emails or [],
                    phones=r.phones or [],
                    country=r.country,
                    direction=r.direction,
                    source=r.source,
                )
                for r in session.execute(select(*_LEAD_COLS).where(LeadRow.id.in_(ids)))
            ]
            account_ids = {lead.account_id for lead in leads if lead.account_id}
            accounts = _accounts(session.scalars(select(AccountRow).where(AccountRow.id.in_(account_ids))))
            events: dict[str, list[EngagementEvent]] = defaultdict(list)
            # Straight from the driver: a million events through SQLAlchemy's type processing
            # costs several times the scoring itself.
            marks = ",".join("?" * len(ids))
            kinds = {k.value: k for k in EngagementKind}
            raw = session.connection().exec_driver_sql(
                f"SELECT id, lead_id, kind, occurred_at FROM engagement_events WHERE lead_id IN ({marks})",
                tuple(ids),
            ).fetchall()
            for event_id, lead_id, kind, occurred_at in raw:
                events[lead_id].append(
                    EngagementEvent(event_id, lead_id, kinds[kind], datetime.fromisoformat(occurred_at).replace(tzinfo=UTC))
                )
            values = []
            for lead in leads:
                card = self.scorer.score(lead, accounts.get(lead.account_id or ""), events.get(lead.id, ()), now)
                values.append(
                    {
                        "lead_id": lead.id,
                        "score_total": round(card.total),
                        # Points per model only: the reasons are recomputed for the one lead shown.
                        "score_breakdown": {m.model: round(m.points, 1) for m in card.models},
                        "score_rules": card.fingerprint,
                        "learner": card.learner,
                        "misses_profile": card.misses_profile,
                    }
                )
            if values:
                session.connection().execute(
                    update(LeadRow.__table__)
                    .where(LeadRow.__table__.c.id == bindparam("lead_id"))
                    .values(
                        score_total=bindparam("score_total"),
                        score_breakdown=bindparam("score_breakdown"),
                        score_rules=bindparam("score_rules"),
                        learner=bindparam("learner"),
                        misses_profile=bindparam("misses_profile"),
                    ),
                    values,
                )


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
