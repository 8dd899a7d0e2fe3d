"""The call queue over the local cache: which leads, in which order, and what each row shows.

Ranking is done by core (the rules); this module loads the stored inputs once, keeps
them in memory, and fetches display rows for the ids a view actually shows.
"""

from __future__ import annotations

import gc
import io
import json
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import compress
from datetime import datetime
from typing import NamedTuple, overload

from sqlalchemy import and_, or_, select

from sdr_desk.core.entities import Direction, Grade, LeadSource, Outcome, Stage, Tier
from sdr_desk.core.priority import PriorityPolicy, QueueFacts, Ranker, standing_without_account
from sdr_desk.core.timezones import prospect_place
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
    """One place in the queue."""

    lead_id: str
    priority: float
    callable_now: bool
    parts: tuple[PriorityPart, ...] = ()


class Ranking(Sequence[RankedLead]):
    """A ranked queue, best first, kept as three parallel lists: a ranking of 100,000 leads is
    made on every re-rank, and a tuple per lead would cost more than the ranking itself.
    Indexing makes the RankedLead of one place on demand."""

    __slots__ = ("ids", "points", "callable_now")

    def __init__(self, ids: list[str], points: list[float], callable_now: list[bool]) -> None:
        self.ids, self.points, self.callable_now = ids, points, callable_now

    @classmethod
    def of(cls, ranked: Sequence[RankedLead]) -> Ranking:
        if isinstance(ranked, Ranking):
            return ranked
        return cls([r.lead_id for r in ranked], [r.priority for r in ranked], [r.callable_now for r in ranked])

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> RankedLead: ...

    @overload
    def __getitem__(self, index: slice) -> list[RankedLead]: ...

    def __getitem__(self, index: int | slice) -> RankedLead | list[RankedLead]:
        if isinstance(index, slice):
            return [RankedLead(*place) for place in zip(self.ids[index], self.points[index], self.callable_now[index])]
        return RankedLead(self.ids[index], self.points[index], self.callable_now[index])

    def __iter__(self) -> Iterator[RankedLead]:
        return (RankedLead(*place) for place in zip(self.ids, self.points, self.callable_now))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ranking):
            return (self.ids, self.points, self.callable_now) == (other.ids, other.points, other.callable_now)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Ranking({len(self.ids)} leads)"

    def where(self, keep: list[bool]) -> Ranking:
        """Only the places whose flag is set, in the same order."""
        return Ranking(list(compress(self.ids, keep)), list(compress(self.points, keep)),
                       list(compress(self.callable_now, keep)))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Bulk loads make 100,000s of objects that all live on: the cyclic collector's passes
    over them meanwhile find nothing and cost a quarter of the load."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# Stored queue inputs, one row per lead; phones only where the lead has no time zone.
# Column names as in store/tables.py (the store tests read every one of them back).
_FACTS_SQL = (
    "SELECT l.id, CASE WHEN l.time_zone IS NULL THEN l.phones END, l.country, l.time_zone, l.direction,"
    " l.source, l.stage, l.owner_id, l.do_not_call, l.first_touch_at, l.sla_due_at, l.next_touch_at,"
    " l.nurture_due_at, l.attempts, l.last_attempt_at, l.last_outcome, l.score_total, l.learner,"
    " l.misses_profile, a.id, a.country, a.grade, a.tier"
    " FROM leads AS l LEFT JOIN accounts AS a ON a.id = l.account_id"
)
_SEARCH_SQL = "SELECT id, search_text FROM leads"
_DIRECTION = {m.value: m for m in Direction}
_SOURCE = {m.value: m for m in LeadSource}
_STAGE = {m.value: m for m in Stage}
_GRADE = {m.value: m for m in Grade}
_TIER = {m.value: m for m in Tier}
_OUTCOME = {m.value: m for m in Outcome}


@cache
def _all_bytes_but(kept: int) -> bytes:
    """Every byte value except `kept` and the separator (0): what bytes.translate deletes."""
    return bytes(b for b in range(1, 256) if b != kept)


class SearchIndex:
    """Every lead's search text (name, company, e-mails, phone digits), matched in memory:
    matching beats LIKE over the table.

    The texts are kept joined in one UTF-8 buffer and searched with one C-level `find` per
    term instead of a Python-level test per lead: a selective term costs a few milliseconds,
    and the book's texts cost one compact buffer rather than 100,000 string objects. (UTF-8
    never matches a character's tail, so a byte match is a character match.) Leads changed
    since the buffer was built (a logged outcome, a pull) are set aside and tested one by one,
    so a change costs no rebuild until many have piled up.
    """

    REBUILD_AFTER = 2000  # changed leads tested one by one before the buffer is rebuilt

    def __init__(self, texts: Iterable[tuple[str, str | None]]) -> None:
        self._build(texts)

    def _build(self, texts: Iterable[tuple[str, str | None]]) -> None:
        ids: list[str] = []
        starts = array("q")
        buffer = io.BytesIO()
        for lead_id, text in texts:
            ids.append(lead_id)
            starts.append(buffer.tell())
            buffer.write((text or "").encode())
            buffer.write(b"\x00")
        starts.append(buffer.tell())  # the end of the last text
        self._hay = buffer.getvalue()
        self._ids, self._starts = ids, starts
        self._changed: dict[str, str | None] = {}  # lead id -> its newer text, None when gone

    def _texts(self) -> Iterator[tuple[str, str]]:
        """Every lead's current text."""
        hay, starts, changed = self._hay, self._starts, self._changed
        for index, lead_id in enumerate(self._ids):
            if lead_id not in changed:
                yield lead_id, hay[starts[index] : starts[index + 1] - 1].decode()
        yield from ((lead_id, text) for lead_id, text in changed.items() if text is not None)

    def put(self, lead_id: str, text: str | None) -> None:
        """A lead's new search text; None when the lead is gone."""
        self._changed[lead_id] = text

    def prepare(self) -> None:
        """Rebuild the buffer if many leads changed since it was built (the next search would)."""
        if len(self._changed) > self.REBUILD_AFTER:
            self._build(list(self._texts()))

    def matching(self, terms: Iterable[str]) -> set[str]:
        """Leads whose search text holds any of the terms."""
        self.prepare()
        hay, ids, starts, changed = self._hay, self._ids, self._starts, self._changed
        last = len(ids) - 1
        found: set[str] = set()
        for term in terms:
            needle = term.encode()
            if len(needle) == 1:
                # The first letter typed, held by most leads: delete every byte but it and the
                # separators, and the leads whose text is left non-empty hold it. No Python step
                # per lead, where walking from match to match would take one per match.
                held = compress(ids, hay.translate(None, _all_bytes_but(needle[0])).split(b"\x00"))
                found.update(held if not changed else (lead_id for lead_id in held if lead_id not in changed))
            else:
                pos = hay.find(needle)
                while pos >= 0:
                    index = bisect_right(starts, pos) - 1
                    if ids[index] not in changed:  # its text in the buffer is out of date
                        found.add(ids[index])
                    # Skip to the next lead: one match per lead is enough.
                    pos = hay.find(needle, starts[index + 1]) if index < last else -1
            found.update(lead_id for lead_id, text in changed.items() if text is not None and term in text)
        return found


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
        # Read on the first search (or by prepare_search() in the background), not at start-up.
        self._search: SearchIndex | None = None

    @property
    def loaded(self) -> bool:
        """Whether the book's facts are in memory (a change must then be refreshed in)."""
        return self._loaded

    # --- facts ------------------------------------------------------------------------------

    def _facts(self, lead_ids: Sequence[str] | None = None) -> list[QueueFacts]:
        """Stored queue inputs for these leads (None: all), read at driver level: the whole
        book is read at every start, and SQLAlchemy's per-column processing would triple it."""
        sql = _FACTS_SQL
        params: tuple[str, ...] = ()
        if lead_ids is not None:
            sql += f" WHERE l.id IN ({','.join('?' * len(lead_ids))})"
            params = tuple(lead_ids)
        build = self._fact_builder()
        with self.cache.engine.connect() as conn, _collector_paused():
            # Row by row, not fetchall(): holding 100,000 raw rows at once doubles the peak memory.
            rows = conn.connection.driver_connection.execute(sql, params)
            out = [build(row) for row in rows]
        return out

    def _fact_builder(self) -> Callable[[tuple], QueueFacts]:  # type: ignore[type-arg]
        """One row to QueueFacts, with everything a 100,000-row start-up repeats looked up once:
        the calling place of each (zone, phones, country) seen, and one string per owner id."""
        places: dict[tuple[str | None, ...], tuple[str | None, str | None]] = {}
        owners: dict[str, str] = {}
        rules = self._call_rules
        parse = datetime.fromisoformat
        direction_of, source_of, stage_of = _DIRECTION.__getitem__, _SOURCE.__getitem__, _STAGE.__getitem__
        grade_of, tier_of, outcome_of = _GRADE.__getitem__, _TIER.__getitem__, _OUTCOME.__getitem__
        facts = QueueFacts

        def build(row: tuple) -> QueueFacts:  # type: ignore[type-arg]
            (lead_id, phones, country, zone, direction, source, stage, owner, dnc, first, sla, nxt,
             nurture, attempts, last_at, last_outcome, score, learner, misses, acc_id, acc_country, grade, tier) = row
            key = (zone, phones, country, acc_country)
            place = places.get(key)
            if place is None:
                place = places[key] = prospect_place(zone, json.loads(phones) if phones else (), country,
                                                     acc_country, rules)
            direction = direction_of(direction)
            standing = (grade_of(grade), tier_of(tier)) if acc_id else standing_without_account(direction)
            if owner is not None:
                owner = owners.setdefault(owner, owner)
            # Stored times are naive UTC; parsing with the offset is several times faster than .replace().
            # Positional, in QueueFacts' field order (the store tests read every field back).
            return facts(
                lead_id, float(score or 0), bool(learner), bool(misses), standing[0], standing[1], direction,
                source_of(source), stage_of(stage), owner, bool(dnc), place[0], place[1],
                None if first is None else parse(first + "+00:00"),
                None if sla is None else parse(sla + "+00:00"),
                None if nxt is None else parse(nxt + "+00:00"),
                None if nurture is None else parse(nurture + "+00:00"),
                attempts or 0,
                None if last_at is None else parse(last_at + "+00:00"),
                outcome_of(last_outcome) if last_outcome else None,
            )

        return build

    def load(self) -> int:
        """(Re)load every lead's stored facts; returns how many are in the queue."""
        self._search = None
        facts = self._facts()
        with _collector_paused():
            self.ranker.load(facts)
        self._loaded = True
        return len(self.ranker)

    def refresh(self, lead_ids: Sequence[str]) -> None:
        """Re-read these leads after a write, a pull or a rescoring (gone ones leave the queue)."""
        if not self._loaded:
            return
        fresh = self._facts(list(lead_ids))
        found = {f.lead_id for f in fresh}
        with _collector_paused():
            self.ranker.update_many(fresh, [lead_id for lead_id in lead_ids if lead_id not in found])
        if self._search is not None:
            texts = dict(self._search_texts(lead_ids))
            for lead_id in lead_ids:
                self._search.put(lead_id, (texts[lead_id] or "") if lead_id in texts else None)

    def _search_texts(self, lead_ids: Sequence[str] | None = None) -> Iterator[tuple[str, str | None]]:
        sql, params = _SEARCH_SQL, ()
        if lead_ids is not None:
            sql += f" WHERE id IN ({','.join('?' * len(lead_ids))})"
            params = tuple(lead_ids)
        with self.cache.engine.connect() as conn, _collector_paused():
            yield from conn.connection.driver_connection.execute(sql, params)

    def prepare_search(self) -> None:
        """Read every lead's search text for matching, so the first keystroke does not pay
        for it (the window runs this in the background once the queue is up)."""
        if self._search is None:
            # Queued leads' ids are kept as the ranker's own strings: one copy, not two.
            same = {lead_id: lead_id for lead_id in self.ranker}
            self._search = SearchIndex((same.get(lead_id, lead_id), text) for lead_id, text in self._search_texts())
        self._search.prepare()

    # --- ranking ------------------------------------------------------------------------------

    def _matching(self, terms: tuple[str, ...]) -> set[str]:
        """Leads whose search text holds any of the terms."""
        self.prepare_search()
        assert self._search is not None
        return self._search.matching(terms)

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
        return self.rank(flt, now, callable_only=True).ids if callable_only else self._ids(flt, now)

    def _ids(self, flt: QueueFilter, now: datetime) -> list[str]:
        if not self._loaded:
            self.load()
        with _collector_paused():
            ids = self.ranker.rank(now)
        keep = self._keep(flt)
        return ids if keep is None else [i for i in ids if keep(i)]

    def rank(self, flt: QueueFilter, now: datetime, *, callable_only: bool = False) -> Ranking:
        """All matching leads, best first, with each one's priority and whether it is callable now."""
        if not self._loaded:
            self.load()
        with _collector_paused():  # a first ranking sorts 100,000s of new tuples
            ranking = Ranking(*self.ranker.rank_detailed(now))
        keep = self._keep(flt)
        if keep is None and not callable_only:
            return ranking
        if keep is None:
            return ranking.where(ranking.callable_now)
        if not callable_only:
            return ranking.where([keep(lead_id) for lead_id in ranking.ids])
        return ranking.where([open_now and keep(lead_id)
                              for lead_id, open_now in zip(ranking.ids, ranking.callable_now, strict=True)])

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
