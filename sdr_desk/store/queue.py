"""The call queue over the local cache: which leads, in which order, and what each row shows.

Ranking is done by core (the rules); this module loads the stored inputs once, keeps
them in memory, and fetches display rows for the ids a view actually shows.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple
from datetime import datetime

from sqlalchemy import and_, or_, select

from sdr_desk.core.entities import Account, Direction, Grade, Lead, LeadSource, Outcome, Stage, Tier
from sdr_desk.core.priority import PriorityPolicy, QueueFacts, Ranker, queue_facts
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


def search_terms(text: str) -> tuple[str, ...]:
    """What to look for in a lead's search text: the typed text, and for a phone number typed
    in any format (spaces, dashes, brackets, a trunk 0) its bare digits."""
    text = text.strip().lower()
    if not text:
        return ()
    digits = "".join(_DIGITS.findall(text))
    if len(digits) >= 4 and len(digits) >= len(text.replace(" ", "")) // 2:
        return tuple(dict.fromkeys((text, digits.lstrip("0") or digits)))
    return (text,)


def search_clause(text: str):  # noqa: ANN201 - an SQLAlchemy expression
    """Name, company, e-mail, or a phone number typed in any format."""
    terms = search_terms(text)
    if not terms:
        return None
    return or_(*(LeadRow.search_text.contains(term, autoescape=True) for term in terms))


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
    reason_code: str = ""
    params: tuple[tuple[str, object], ...] = ()


class RankedLead(NamedTuple):
    """One place in the queue. A named tuple: a ranking makes 100,000 of these at a time."""

    lead_id: str
    priority: float
    callable_now: bool
    parts: tuple[PriorityPart, ...] = ()


def _utc(text: str | None) -> datetime | None:
    # Stored as naive UTC; parsing with the offset is several times faster than .replace().
    return None if text is None else datetime.fromisoformat(text + "+00:00")


# Stored queue inputs, one row per lead; phones only where the lead has no time zone.
# Column names as in store/tables.py (the store tests read every one of them back).
_FACTS_SQL = (
    "SELECT l.id, CASE WHEN l.time_zone IS NULL THEN l.phones END, l.country, l.time_zone, l.direction,"
    " l.source, l.stage, l.owner_id, l.do_not_call, l.first_touch_at, l.sla_due_at, l.next_touch_at,"
    " l.nurture_due_at, l.attempts, l.last_attempt_at, l.last_outcome, l.score_total, l.learner,"
    " l.misses_profile, a.id, a.country, a.grade, a.tier, l.search_text"
    " FROM leads AS l LEFT JOIN accounts AS a ON a.id = l.account_id"
)
_DIRECTION = {m.value: m for m in Direction}
_SOURCE = {m.value: m for m in LeadSource}
_STAGE = {m.value: m for m in Stage}
_GRADE = {m.value: m for m in Grade}
_TIER = {m.value: m for m in Tier}
_OUTCOME = {m.value: m for m in Outcome}


class CallQueue:
    """The rep's call queue: stored facts loaded once, ranked by the rules at any moment.

    The GUI (on its worker thread) and `sdr-desk queue` both go through here, so they
    always agree. After a write, `refresh(lead_ids)` updates just those leads.
    """

    def __init__(self, cache: Cache, rep_id: str, policy: PriorityPolicy | None = None) -> None:
        self.store = QueueStore(cache)
        self.cache = cache
        self.rep_id = rep_id
        self.policy = policy or PriorityPolicy.load(owner_id=rep_id)
        self.ranker = Ranker(self.policy)
        self._call_rules = self.policy.windows.rules
        self._loaded = False
        # Search text of every loaded lead: matching in memory beats LIKE over the table.
        self._search: dict[str, str] = {}
        self._haystack: tuple[str, list[str], list[int]] | None = None

    # --- facts ------------------------------------------------------------------------------

    def _facts(self, lead_ids: Sequence[str] | None = None) -> list[QueueFacts]:
        """Stored queue inputs for these leads (None: all), read at driver level: the whole
        book is read at every start, and SQLAlchemy's per-column processing would triple it."""
        sql = _FACTS_SQL
        params: tuple[str, ...] = ()
        if lead_ids is not None:
            sql += f" WHERE l.id IN ({','.join('?' * len(lead_ids))})"
            params = tuple(lead_ids)
        with self.cache.engine.connect() as conn:
            # Row by row, not fetchall(): holding 100,000 raw rows at once doubles the peak memory.
            rows = conn.connection.driver_connection.execute(sql, params)
            out = [self._fact(row) for row in rows]
        return out

    def _fact(self, row: tuple) -> QueueFacts:  # type: ignore[type-arg]
        (lead_id, phones, country, zone, direction, source, stage, owner, dnc, first, sla, nxt,
         nurture, attempts, last_at, last_outcome, score, learner, misses, acc_id, acc_country, grade, tier,
         search_text) = row
        self._search[lead_id] = search_text or ""
        self._haystack = None
        lead = Lead(id=lead_id, full_name="", phones=json.loads(phones) if phones else [], country=country,
                    time_zone=zone, direction=_DIRECTION[direction], source=_SOURCE[source], stage=_STAGE[stage],
                    owner_id=owner, do_not_call=bool(dnc), first_touch_at=_utc(first), sla_due_at=_utc(sla),
                    next_touch_at=_utc(nxt))
        account = (Account(id=acc_id, name="", country=acc_country, grade=_GRADE[grade], tier=_TIER[tier])
                   if acc_id else None)
        return queue_facts(lead, account, score=float(score or 0), learner=bool(learner),
                           misses_profile=bool(misses), attempts=attempts or 0,
                           last_attempt_at=_utc(last_at),
                           last_outcome=_OUTCOME[last_outcome] if last_outcome else None,
                           nurture_due_at=_utc(nurture), call_rules=self._call_rules)

    def load(self) -> int:
        """(Re)load every lead's stored facts; returns how many are in the queue."""
        self._search.clear()
        self.ranker.load(self._facts())
        self._loaded = True
        return len(self.ranker)

    def refresh(self, lead_ids: Sequence[str]) -> None:
        """Re-read these leads after a write, a pull or a rescoring (gone ones leave the queue)."""
        if not self._loaded:
            return
        fresh = {f.lead_id: f for f in self._facts(list(lead_ids))}
        for lead_id in lead_ids:
            if lead_id in fresh:
                self.ranker.update(fresh[lead_id])
            else:
                self.ranker.remove(lead_id)
                self._search.pop(lead_id, None)
                self._haystack = None

    # --- ranking ------------------------------------------------------------------------------

    def _matching(self, terms: tuple[str, ...]) -> set[str]:
        """Leads whose search text holds any of the terms.

        One C-level `find` over all search texts joined (rebuilt only after the book changed)
        instead of a Python-level test per lead: a selective term costs a few milliseconds.
        """
        if self._haystack is None:
            ids = list(self._search)
            texts = [self._search[i] for i in ids]
            starts, offset = [], 0
            for text in texts:
                starts.append(offset)
                offset += len(text) + 1
            self._haystack = ("\x00".join(texts), ids, starts)
        hay, ids, starts = self._haystack
        found: set[str] = set()
        for term in terms:
            pos = hay.find(term)
            while pos >= 0:
                index = bisect_right(starts, pos) - 1
                found.add(ids[index])
                # Skip to the next lead: one match per lead is enough.
                pos = hay.find(term, starts[index + 1]) if index + 1 < len(starts) else -1
        return found

    def _keep(self, flt: QueueFilter) -> Callable[[str], bool] | None:
        """A test for the filters, or None when every queued lead passes."""
        terms = search_terms(flt.search)
        if not (terms or flt.direction or flt.stage or flt.tier or flt.grade or flt.source):
            return None
        matching = self._matching(terms) if terms else None
        if flt == QueueFilter(search=flt.search):
            return matching.__contains__  # type: ignore[union-attr]
        facts = self.ranker.facts

        def keep(lead_id: str) -> bool:
            if matching is not None and lead_id not in matching:
                return False
            f = facts(lead_id)
            return (
                f is not None
                and (flt.direction is None or f.direction is flt.direction)
                and (flt.stage is None or f.stage is flt.stage)
                and (flt.tier is None or f.tier is flt.tier)
                and (flt.grade is None or f.grade is flt.grade)
                and (flt.source is None or f.source is flt.source)
            )

        return keep

    def ranked_ids(self, flt: QueueFilter, now: datetime, *, callable_only: bool = False) -> list[str]:
        return [r.lead_id for r in self.rank(flt, now, callable_only=callable_only)] if callable_only else self._ids(flt, now)

    def _ids(self, flt: QueueFilter, now: datetime) -> list[str]:
        if not self._loaded:
            self.load()
        ids = self.ranker.rank(now)
        keep = self._keep(flt)
        return ids if keep is None else [i for i in ids if keep(i)]

    def rank(self, flt: QueueFilter, now: datetime, *, callable_only: bool = False) -> list[RankedLead]:
        """All matching leads, best first, with each one's priority and whether it is callable now."""
        if not self._loaded:
            self.load()
        ids, points, open_now = self.ranker.rank_detailed(now)
        keep = self._keep(flt)
        return [
            RankedLead(lead_id, pts, callable_)
            for lead_id, pts, callable_ in zip(ids, points, open_now, strict=True)
            if (keep is None or keep(lead_id)) and (callable_ or not callable_only)
        ]

    def explain(self, lead_id: str, now: datetime) -> tuple[PriorityPart, ...]:
        """"Why is this lead here?": each component with its points and reason."""
        if not self._loaded:
            self.load()
        parts = self.ranker.explain(lead_id, now) or []
        return tuple(
            PriorityPart(c.code, c.points, c.reason.text, c.reason.code, tuple(sorted(c.reason.params.items())))
            for c in parts
        )

    def rows(self, lead_ids: Sequence[str]) -> dict[str, QueueRow]:
        return self.store.rows(lead_ids)
