"""The call queue over the local cache: which leads, in which order, and what each row shows.

Ranking is done by core (the rules); this module loads the stored inputs once, keeps
them in memory, and fetches display rows for the ids a view actually shows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from sdr_desk.core.entities import Direction, Grade, LeadSource, Stage, Tier
from sdr_desk.store.engine import Cache
from sdr_desk.store.tables import AccountRow, LeadRow

# Never callable: DESIGN.md "Priority" exclusions that do not depend on the moment.
CLOSED_STAGES = (Stage.DISQUALIFIED, Stage.SQL, Stage.OPPORTUNITY)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """What one queue line shows."""

    lead_id: str
    full_name: str
    title: str | None
    company: str | None
    country: str | None
    time_zone: str | None
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    stage: Stage
    direction: Direction
    source: LeadSource
    score: int
    learner: bool
    sla_due_at: datetime | None
    first_touch_at: datetime | None
    next_touch_at: datetime | None
    attempts: int
    grade: Grade | None
    tier: Tier | None


@dataclass(frozen=True, slots=True)
class QueueFilter:
    direction: Direction | None = None
    stage: Stage | None = None
    tier: Tier | None = None
    grade: Grade | None = None
    source: LeadSource | None = None
    search: str = ""


_DIGITS = re.compile(r"\d")


def search_clause(text: str):  # noqa: ANN201 - an SQLAlchemy expression
    """Name, company, e-mail, or a phone number typed in any format."""
    text = text.strip().lower()
    if not text:
        return None
    digits = "".join(_DIGITS.findall(text))
    terms = [LeadRow.search_text.contains(text, autoescape=True)]
    if len(digits) >= 4 and len(digits) >= len(text.replace(" ", "")) // 2:
        terms.append(LeadRow.search_text.contains(digits.lstrip("0") or digits, autoescape=True))
    return or_(*terms)


class QueueStore:
    """Loads queue inputs and display rows from the cache."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache

    def candidate_ids(self, rep_id: str, flt: QueueFilter = QueueFilter()) -> list[str]:
        """Leads this rep may call: theirs or unassigned, open, not do-not-call, filtered."""
        conds = [
            or_(LeadRow.owner_id == rep_id, LeadRow.owner_id.is_(None)),
            LeadRow.do_not_call.is_(False),
            LeadRow.stage.not_in(CLOSED_STAGES),
        ]
        stmt = select(LeadRow.id)
        if flt.direction:
            conds.append(LeadRow.direction == flt.direction)
        if flt.stage:
            conds.append(LeadRow.stage == flt.stage)
        if flt.source:
            conds.append(LeadRow.source == flt.source)
        if flt.tier or flt.grade:
            stmt = stmt.join(AccountRow, AccountRow.id == LeadRow.account_id)
            if flt.tier:
                conds.append(AccountRow.tier == flt.tier)
            if flt.grade:
                conds.append(AccountRow.grade == flt.grade)
        clause = search_clause(flt.search)
        if clause is not None:
            conds.append(clause)
        with self.cache.session() as session:
            return list(session.scalars(stmt.where(and_(*conds))))

    def rows(self, lead_ids: Sequence[str]) -> dict[str, QueueRow]:
        if not lead_ids:
            return {}
        stmt = (
            select(LeadRow, AccountRow.name, AccountRow.grade, AccountRow.tier)
            .outerjoin(AccountRow, AccountRow.id == LeadRow.account_id)
            .where(LeadRow.id.in_(list(lead_ids)))
        )
        out: dict[str, QueueRow] = {}
        with self.cache.session() as session:
            for lead, company, grade, tier in session.execute(stmt):
                out[lead.id] = QueueRow(
                    lead_id=lead.id,
                    full_name=lead.full_name,
                    title=lead.title,
                    company=company,
                    country=lead.country,
                    time_zone=lead.time_zone,
                    phones=tuple(lead.phones or ()),
                    emails=tuple(lead.emails or ()),
                    stage=lead.stage,
                    direction=lead.direction,
                    source=lead.source,
                    score=lead.score_total or 0,
                    learner=bool(lead.learner),
                    sla_due_at=lead.sla_due_at,
                    first_touch_at=lead.first_touch_at,
                    next_touch_at=lead.next_touch_at,
                    attempts=lead.attempts or 0,
                    grade=grade,
                    tier=tier,
                )
        return out


@dataclass(frozen=True, slots=True)
class PriorityPart:
    """One named component of a lead's place in the queue, with its reason."""

    code: str
    points: float
    reason: str


@dataclass(frozen=True, slots=True)
class RankedLead:
    lead_id: str
    priority: float
    callable_now: bool
    parts: tuple[PriorityPart, ...] = ()


def provisional_rank(rows: dict[str, QueueRow], now: datetime) -> list[RankedLead]:
    """Documented interim order until the rules-based ranker is wired in:
    overdue/near SLA first, then score. Kept only as the fallback when no rules load."""
    ranked = []
    for row in rows.values():
        sla = 0.0
        if row.sla_due_at and row.first_touch_at is None:
            minutes_left = (row.sla_due_at - now).total_seconds() / 60
            sla = 1000.0 if minutes_left <= 0 else max(0.0, 500.0 - minutes_left)
        parts = (PriorityPart("sla", sla, "SLA"), PriorityPart("score", float(row.score), "score"))
        ranked.append(RankedLead(row.lead_id, sla + row.score, True, parts))
    ranked.sort(key=lambda r: (-r.priority, r.lead_id))
    return ranked


class CallQueue:
    """The rep's call queue: candidates from the cache, ranked at a given moment.

    The GUI and `sdr-desk queue` both go through here, so they always agree.
    """

    def __init__(self, cache: Cache, rep_id: str) -> None:
        self.store = QueueStore(cache)
        self.rep_id = rep_id

    def rank(self, flt: QueueFilter, now: datetime) -> list[RankedLead]:
        ids = self.store.candidate_ids(self.rep_id, flt)
        return provisional_rank(self.store.rows(ids), now)

    def rows(self, lead_ids: Sequence[str]) -> dict[str, QueueRow]:
        return self.store.rows(lead_ids)
