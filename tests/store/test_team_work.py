"""The team lead's actions: one transaction each, a command op each, refusals write nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from sdr_desk.core.entities import Lead, LeadClass, OpKind, Stage
from sdr_desk.core.ids import new_id
from sdr_desk.store.reports import Member, TeamReports
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.tables import LeadMilestoneRow, LeadRow, OutboxOp, TeamMemberRow
from sdr_desk.store.team_work import TeamActionRefused, TeamWork

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.fixture
def work(book: SalesBook) -> TeamWork:
    TeamReports(book.cache).save_roster([
        Member("ann", "Ann"), Member("bob", "Bob", active=False), Member("lee", "Lee", role="lead"),
    ])
    return TeamWork(book)


def _lead(book: SalesBook, owner: str | None = None, stage: Stage = Stage.NEW) -> str:
    lead_id = new_id()
    book.create_lead(Lead(id=lead_id, full_name="Li Na"))
    with book.cache.transaction() as s:
        row = s.get(LeadRow, lead_id)
        row.owner_id, row.stage = owner, stage
    return lead_id


def _ops(book: SalesBook) -> list[OutboxOp]:
    with book.cache.session() as s:
        return list(s.scalars(select(OutboxOp).where(OutboxOp.kind == OpKind.COMMAND).order_by(OutboxOp.seq)))


def test_reassign_a_selection(work: TeamWork, book: SalesBook) -> None:
    a, b, c = _lead(book), _lead(book, "ann"), _lead(book, "zed")
    assert work.reassign([a, b, c], "ann") == {a, c}  # b is Ann's already
    ops = _ops(book)
    assert [(o.entity_id, o.fields) for o in ops] == [(a, {"command": "reassign", "owner_id": "ann"}),
                                                     (c, {"command": "reassign", "owner_id": "ann"})]
    assert book.lead(a).owner_id == "ann"
    assert work.pending_ids() == {a, c}
    assert work.reassign([a], None) == {a} and book.lead(a).owner_id is None


@pytest.mark.parametrize(
    ("rep", "reason"),
    [("bob", "Bob is disabled"), ("nobody", "nobody is not a rep of this team"), ("lee", "Lee is not an SDR")],
)
def test_reassign_refused_with_the_reason(work: TeamWork, book: SalesBook, rep: str, reason: str) -> None:
    lead = _lead(book, "ann")
    with pytest.raises(TeamActionRefused, match=reason):
        work.reassign([lead], rep)
    assert book.lead(lead).owner_id == "ann" and _ops(book) == []


def test_claim_a_pool_lead(work: TeamWork, book: SalesBook) -> None:
    book.set_rep_id("ann")
    pool, taken = _lead(book), _lead(book, "zed")
    assert work.claim(pool) == {pool} and book.lead(pool).owner_id == "ann"
    with pytest.raises(TeamActionRefused, match="already has an owner"):
        work.claim(taken)
    assert [o.fields for o in _ops(book)] == [{"command": "claim"}]


def test_away_and_back(work: TeamWork, book: SalesBook) -> None:
    assert work.set_away("ann", True) == set()
    assert work.set_away("ann", True) == set()  # already away: no second op
    with book.cache.session() as s:
        assert s.get(TeamMemberRow, "ann").away
    assert [o.fields for o in _ops(book)] == [{"command": "set_away", "user_id": "ann", "away": True}]
    assert "ann" in work.pending_ids()
    with pytest.raises(TeamActionRefused):
        work.set_away("nobody", True)


def test_sales_acceptance(work: TeamWork, book: SalesBook) -> None:
    book.set_rep_id("lee")
    mql, fresh = _lead(book, "ann", Stage.MQL), _lead(book, "ann")
    assert work.record_acceptance(mql, "Sales East", at=NOW) == {mql}
    lead = book.lead(mql)
    assert (lead.stage, lead.lead_class) == (Stage.SQL, LeadClass.SQL)
    assert work.record_acceptance(mql, "Key Accounts", at=NOW) == {mql}
    assert book.lead(mql).stage is Stage.OPPORTUNITY
    with book.cache.session() as s:
        rows = list(s.scalars(select(LeadMilestoneRow).order_by(LeadMilestoneRow.stage)))
    assert [(r.stage, r.accepted_by, r.rep_id, r.recorded_by) for r in rows] == [
        (Stage.OPPORTUNITY, "Key Accounts", "ann", "lee"), (Stage.SQL, "Sales East", "ann", "lee")]
    for lead_id, who, reason in ((fresh, "Sales East", "only an MQL or an SQL"), (mql, "Sales", "only an MQL"),
                                 (fresh, "  ", "say who")):
        with pytest.raises(TeamActionRefused, match=reason):
            work.record_acceptance(lead_id, who, at=NOW)
    with book.cache.session() as s:
        assert s.scalar(select(func.count()).select_from(LeadMilestoneRow)) == 2


def test_demo_user_switch(work: TeamWork, book: SalesBook) -> None:
    with pytest.raises(TeamActionRefused):
        work.switch_demo_user(True)
    from sdr_desk.store.demo import generate_demo

    generate_demo(book.cache, leads=150, now=NOW)
    assert work.switch_demo_user(True) == "demo-lead" and work.current_role() == "lead"
    assert work.switch_demo_user(False) == "local-rep" and work.current_role() == "sdr"
