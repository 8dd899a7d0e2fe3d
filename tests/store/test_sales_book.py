"""Writes to the rep's book land with their outbox op, in order, or not at all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from sdr_desk.core.entities import (
    Account,
    Activity,
    Channel,
    EntityKind,
    Lead,
    OpKind,
    Outcome,
    Stage,
    Step,
)
from sdr_desk.core.hlc import Hlc
from sdr_desk.core.ids import new_id
from sdr_desk.store.outbox import Outbox
from sdr_desk.store.queue import CallQueue, QueueFilter
from sdr_desk.store.repositories import RecordNotFound, SalesBook
from sdr_desk.store.tables import ActivityRow, OutboxOp

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _lead(book: SalesBook, **kw: object) -> Lead:
    account = Account(id=new_id(), name=str(kw.pop("company", "Acme Robotics")), country="CN")
    book.create_account(account)
    lead = Lead(id=new_id(), full_name=str(kw.pop("full_name", "Li Na")), account_id=account.id, **kw)  # type: ignore[arg-type]
    book.create_lead(lead)
    return lead


def _ops(book: SalesBook) -> list[OutboxOp]:
    with book.cache.session() as session:
        return list(session.scalars(select(OutboxOp).order_by(OutboxOp.seq)))


def test_each_write_leaves_one_op_in_client_order_with_rising_clock(book: SalesBook) -> None:
    lead = _lead(book)
    book.patch_lead(lead.id, {"title": "CTO"})
    book.log_activity(
        Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=Outcome.CONNECTED, occurred_at=NOW, step=Step.CONNECT)
    )
    ops = _ops(book)
    assert [(o.entity, o.kind) for o in ops] == [
        (EntityKind.ACCOUNT, OpKind.CREATE),
        (EntityKind.LEAD, OpKind.CREATE),
        (EntityKind.LEAD, OpKind.PATCH),
        (EntityKind.ACTIVITY, OpKind.APPEND),
    ]
    assert [o.seq for o in ops] == sorted(o.seq for o in ops)
    clocks = [Hlc.parse(o.hlc) for o in ops]
    assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)
    assert ops[2].fields == {"title": "CTO"}
    assert ops[3].fields["outcome"] == "connected" and ops[3].fields["occurred_at"].startswith("2026-11-25T09:00")


def test_logging_a_touch_updates_queue_counters_and_moves_new_to_working(book: SalesBook) -> None:
    lead = _lead(book)
    book.log_activity(
        Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=Outcome.NO_ANSWER, occurred_at=NOW, step=Step.REACH),
        unanswered=True,
    )
    with book.cache.session() as session:
        from sdr_desk.store.tables import LeadRow

        row = session.get(LeadRow, lead.id)
        assert row is not None
        assert (row.attempts, row.last_outcome, row.stage) == (1, Outcome.NO_ANSWER, Stage.WORKING)
        assert row.first_touch_at == NOW and row.last_attempt_at == NOW


def test_a_failed_write_leaves_neither_row_nor_op(book: SalesBook) -> None:
    before = len(_ops(book))
    with pytest.raises(RecordNotFound):
        book.log_activity(
            Activity(id=new_id(), lead_id="no-such-lead", channel=Channel.PHONE, outcome=Outcome.BUSY, occurred_at=NOW, step=Step.REACH)
        )
    with book.cache.session() as session:
        assert session.scalar(select(func.count()).select_from(ActivityRow)) == 0
    assert len(_ops(book)) == before


def test_patch_rejects_unknown_fields_without_writing(book: SalesBook) -> None:
    lead = _lead(book)
    before = len(_ops(book))
    with pytest.raises(ValueError, match="not a lead field: salary"):
        book.patch_lead(lead.id, {"salary": 1})
    assert len(_ops(book)) == before


def test_client_identity_and_clock_survive_reopening(book: SalesBook, cache_path: object) -> None:
    _lead(book)
    first = Outbox(book.cache)
    last_before = max(Hlc.parse(o.hlc) for o in _ops(book))
    again = Outbox(book.cache)
    assert again.client_id == first.client_id
    assert again.clock.tick() > last_before


@pytest.mark.parametrize(
    "typed",
    ["li na", "ACME", "li.na@acme.cn", "+86 138 0013 8000", "138-0013-8000", "013800138000", "(138) 0013 8000"],
)
def test_search_finds_a_lead_by_name_company_email_or_phone_in_any_format(book: SalesBook, typed: str) -> None:
    lead = _lead(book, emails=["li.na@acme.cn"], phones=["+8613800138000"])
    _lead(book, full_name="Zhang Wei", company="Other Co", phones=["+8613911112222"])
    ranked = CallQueue(book.cache, book.rep_id()).rank(QueueFilter(search=typed), NOW)
    assert [r.lead_id for r in ranked] == [lead.id]


def test_queue_leaves_out_do_not_call_closed_and_other_reps_leads(book: SalesBook) -> None:
    keep = _lead(book)
    _lead(book, do_not_call=True)
    _lead(book, stage=Stage.DISQUALIFIED)
    _lead(book, stage=Stage.SQL)
    _lead(book, owner_id="another-rep")
    pool = _lead(book, owner_id=None)
    mine = _lead(book, owner_id=book.rep_id())
    ranked = CallQueue(book.cache, book.rep_id()).rank(QueueFilter(), NOW + timedelta(hours=1))
    assert {r.lead_id for r in ranked} == {keep.id, pool.id, mine.id}


def test_ops_never_carry_the_record_id_or_server_owned_fields(book: SalesBook) -> None:
    _lead(book, owner_id=book.rep_id())
    for op in _ops(book):
        assert "id" not in op.fields
        assert not {"owner_id", "team_id", "sla_due_at", "first_touch_at", "created_at", "updated_at"} & set(op.fields)


def test_server_owned_fields_cannot_be_edited_locally(book: SalesBook) -> None:
    lead = _lead(book)
    with pytest.raises(ValueError, match="set by the server"):
        book.patch_lead(lead.id, {"owner_id": "rep-b"})
    with pytest.raises(ValueError, match="set by the server"):
        book.patch_lead(lead.id, {"stage": Stage.SQL})
