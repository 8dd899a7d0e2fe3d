"""Merge rules for pulled changes: per-field LWW, append-only facts, server-owned fields,
tombstones and revokes, and the queue counters that follow the activity log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from sdr_desk.core.entities import Account, Activity, Channel, EntityKind, Lead, Outcome, Stage, Step
from sdr_desk.core.hlc import Hlc
from sdr_desk.core.ids import new_id
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.tables import ActivityRow, LeadRow, OutboxOp, QualificationRow
from sdr_desk.sync.merge import apply_changes, apply_winner
from sdr_desk.sync.protocol import Change, ChangeKind

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SERVER_CLIENT = "client-server-side"


def _seq() -> Any:
    n = 0
    while True:
        n += 1
        yield n


SEQ = _seq()


def change(entity: EntityKind, entity_id: str, kind: ChangeKind = ChangeKind.UPSERT, **kw: Any) -> Change:
    return Change(seq=next(SEQ), entity=entity, entity_id=entity_id, kind=kind, lead_id=kw.pop("lead_id", None),
                  fields=kw.pop("fields", None), clocks=kw.pop("clocks", None))


def lead_fields(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"full_name": "Wang Fang", "stage": "working", "owner_id": "rep-a", "team_id": "team-1"}
    base.update(kw)
    return base


def activity_fields(lead_id: str, at: datetime, step: str | None = "reach") -> dict[str, Any]:
    return {"lead_id": lead_id, "channel": "phone", "outcome": "no_answer", "occurred_at": at.isoformat(), "step": step}


def apply(book: SalesBook, *changes: Change) -> Any:
    with book.cache.transaction() as session:
        return apply_changes(session, list(changes), book.outbox.client_id)


def row(book: SalesBook, lead_id: str) -> LeadRow:
    with book.cache.session() as session:
        found = session.get(LeadRow, lead_id)
        assert found is not None
        return found


def later(hlc: str, ms: int) -> str:
    h = Hlc.parse(hlc)
    return f"{Hlc(h.wall_ms + ms, 0)}|{SERVER_CLIENT}"


def local_lead(book: SalesBook) -> Lead:
    lead = Lead(id=new_id(), full_name="Li Na", owner_id="rep-a")
    book.create_lead(lead)
    with book.cache.transaction() as session:
        session.query(OutboxOp).delete()  # as if the create was answered already
    return lead


def test_new_lead_is_inserted_with_search_text_and_server_clocks(book: SalesBook) -> None:
    account_id, lead_id = new_id(), new_id()
    clock = f"{Hlc(1_700_000_000_000, 3)}|{SERVER_CLIENT}"
    apply(
        book,
        change(EntityKind.LEAD, lead_id, fields=lead_fields(account_id=account_id, phones=["+8613800138000"]), clocks={"full_name": clock}),
        change(EntityKind.ACCOUNT, account_id, fields={"name": "Acme Robotics", "tier": "T1"}),
    )
    got = row(book, lead_id)
    assert got.full_name == "Wang Fang" and got.stage == Stage.WORKING and got.account_id == account_id
    assert "acme robotics" in got.search_text and "13800138000" in got.search_text
    assert got.field_clock == {"full_name": str(Hlc(1_700_000_000_000, 3))}


def test_server_value_wins_where_nothing_is_pending(book: SalesBook) -> None:
    lead = local_lead(book)
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(full_name="Li Na (Ops)", title="COO")))
    got = row(book, lead.id)
    assert (got.full_name, got.title) == ("Li Na (Ops)", "COO")


def test_pending_local_edit_survives_an_older_or_unclocked_server_value(book: SalesBook) -> None:
    lead = local_lead(book)
    book.patch_lead(lead.id, {"title": "CTO"})
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(title="Intern", full_name="Li Na")))
    assert row(book, lead.id).title == "CTO"
    with book.cache.session() as session:
        local_hlc = session.scalar(select(OutboxOp.hlc))
    older = f"{Hlc(Hlc.parse(local_hlc).wall_ms - 10_000, 0)}|{SERVER_CLIENT}"
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(title="Intern"), clocks={"title": older}))
    assert row(book, lead.id).title == "CTO"


def test_newer_server_writer_beats_a_pending_local_edit(book: SalesBook) -> None:
    lead = local_lead(book)
    book.patch_lead(lead.id, {"title": "CTO"})
    with book.cache.session() as session:
        local_hlc = session.scalar(select(OutboxOp.hlc))
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(title="VP Sales"), clocks={"title": later(local_hlc, 5_000)}))
    assert row(book, lead.id).title == "VP Sales"


def test_server_owned_fields_and_hand_off_stage_come_from_the_server(book: SalesBook) -> None:
    lead = local_lead(book)
    book.patch_lead(lead.id, {"stage": Stage.NURTURE})
    due = T0 + timedelta(hours=4)
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(stage="mql", owner_id="rep-b", sla_due_at=due.isoformat())))
    got = row(book, lead.id)
    assert got.stage == Stage.MQL and got.owner_id == "rep-b" and got.sla_due_at == due


def test_activities_arrive_once_and_counters_follow_the_log(book: SalesBook) -> None:
    lead = local_lead(book)
    first, second = new_id(), new_id()
    page = [
        change(EntityKind.ACTIVITY, first, fields=activity_fields(lead.id, T0)),
        change(EntityKind.ACTIVITY, second, fields=activity_fields(lead.id, T0 + timedelta(hours=2))),
        change(EntityKind.ACTIVITY, new_id(), fields=activity_fields(lead.id, T0 + timedelta(hours=3), step=None)),
    ]
    apply(book, *page)
    apply(book, *page)  # a replayed page
    with book.cache.session() as session:
        assert session.scalar(select(func.count()).select_from(ActivityRow)) == 3
    got = row(book, lead.id)
    assert got.attempts == 2
    assert got.last_attempt_at == T0 + timedelta(hours=2)
    assert got.first_touch_at == T0


def test_counters_include_local_unpushed_calls(book: SalesBook) -> None:
    lead = local_lead(book)
    book.log_activity(
        Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=Outcome.BUSY, occurred_at=T0 - timedelta(days=1), step=Step.REACH)
    )
    apply(book, change(EntityKind.ACTIVITY, new_id(), fields=activity_fields(lead.id, T0)))
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(first_touch_at=T0.isoformat())))
    got = row(book, lead.id)
    assert got.attempts == 2 and got.last_attempt_at == T0
    assert got.first_touch_at == T0 - timedelta(days=1)


def test_tombstone_deletes_and_revoke_purges_children_but_keeps_pending_ops(book: SalesBook) -> None:
    doomed, revoked = local_lead(book), local_lead(book)
    activity = Activity(id=new_id(), lead_id=revoked.id, channel=Channel.PHONE, outcome=Outcome.CONNECTED, occurred_at=T0, step=Step.CONNECT)
    book.log_activity(activity)
    apply(
        book,
        change(EntityKind.LEAD, doomed.id, ChangeKind.TOMBSTONE),
        change(EntityKind.LEAD, revoked.id, ChangeKind.REVOKE),
    )
    with book.cache.session() as session:
        assert session.get(LeadRow, doomed.id) is None and session.get(LeadRow, revoked.id) is None
        assert session.get(ActivityRow, activity.id) is None
        ops = list(session.scalars(select(OutboxOp)))
    assert [(o.entity, o.entity_id) for o in ops] == [(EntityKind.ACTIVITY, activity.id)]


def test_children_of_a_lead_out_of_scope_are_skipped_not_fatal(book: SalesBook) -> None:
    lead = local_lead(book)
    result = apply(
        book,
        change(EntityKind.ACTIVITY, new_id(), fields=activity_fields(new_id(), T0)),
        change(EntityKind.ACTIVITY, new_id(), fields=activity_fields(lead.id, T0)),
    )
    assert result.skipped == 1 and row(book, lead.id).attempts == 1


def test_server_qualification_version_replaces_a_stale_local_one(book: SalesBook) -> None:
    lead = local_lead(book)
    stale = new_id()
    with book.cache.transaction() as session:
        session.add(QualificationRow(id=stale, lead_id=lead.id, framework="mantcp", version=1, answers={}, verdict="incomplete"))
    server_version = new_id()
    fields = {"lead_id": lead.id, "framework": "mantcp", "version": 1, "answers": {}, "verdict": "qualified"}
    apply(book, change(EntityKind.QUALIFICATION, server_version, fields=fields))
    with book.cache.session() as session:
        assert list(session.scalars(select(QualificationRow.id))) == [server_version]


def test_conflict_winner_is_applied_except_under_a_later_pending_edit(book: SalesBook) -> None:
    lead = local_lead(book)
    book.patch_lead(lead.id, {"title": "CTO", "next_touch_note": "call after lunch"})
    book.patch_lead(lead.id, {"next_touch_note": "call Monday"})
    with book.cache.session() as session:
        answered = session.scalars(select(OutboxOp).order_by(OutboxOp.seq)).first()
        assert answered is not None
    with book.cache.transaction() as session:
        apply_winner(
            session,
            EntityKind.LEAD,
            lead.id,
            {"title": "VP Sales", "next_touch_note": "rep-b's note"},
            book.outbox.client_id,
            answered_op_id=answered.op_id,
        )
    got = row(book, lead.id)
    assert got.title == "VP Sales" and got.next_touch_note == "call Monday"


def test_lead_on_an_unknown_account_keeps_no_dangling_link(book: SalesBook) -> None:
    lead_id = new_id()
    apply(book, change(EntityKind.LEAD, lead_id, fields=lead_fields(account_id=new_id())))
    assert row(book, lead_id).account_id is None


def test_an_unanswered_create_keeps_every_field_it_set(book: SalesBook) -> None:
    account = Account(id=new_id(), name="Acme", country="CN")
    book.create_account(account)
    apply(book, change(EntityKind.ACCOUNT, account.id, fields={"name": "Acme Robotics", "employees": 300, "country": "CN"}))
    got = book.account(account.id)
    assert (got.name, got.employees) == ("Acme", None)
    with book.cache.transaction() as session:
        session.query(OutboxOp).delete()  # answered
    apply(book, change(EntityKind.ACCOUNT, account.id, fields={"name": "Acme Robotics", "employees": 300, "country": "CN"}))
    got = book.account(account.id)
    assert (got.name, got.employees) == ("Acme Robotics", 300)


def test_equal_clocks_are_settled_by_client_id(book: SalesBook) -> None:
    lead = local_lead(book)
    book.patch_lead(lead.id, {"title": "CTO", "next_touch_note": "mine"})
    with book.cache.session() as session:
        local_hlc = session.scalar(select(OutboxOp.hlc))
    me = book.outbox.client_id
    apply(book, change(EntityKind.LEAD, lead.id, fields=lead_fields(title="theirs", next_touch_note="theirs"),
                       clocks={"title": f"{local_hlc}|{me}~", "next_touch_note": f"{local_hlc}|{me[:-1]}"}))
    got = row(book, lead.id)
    assert (got.title, got.next_touch_note) == ("theirs", "mine")
