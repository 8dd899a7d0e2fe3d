"""Working a lead: each action commits whole with its ops, or writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from sdr_desk.core.entities import (
    Account,
    Channel,
    CriterionAnswer,
    CriterionStatus,
    DisqualifyReason,
    EntityKind,
    Lead,
    LeadClass,
    OpKind,
    Outcome,
    Stage,
    Step,
    Verdict,
)
from sdr_desk.core.ids import new_id
from sdr_desk.core.qualification import SubmissionError
from sdr_desk.core.stages import TransitionRefused
from sdr_desk.core.steps import UnknownTouch
from sdr_desk.store.lead_work import LeadWork, NextStep, NextStepInPast
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.tables import ActivityRow, LeadRow, OutboxOp

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
YES = CriterionStatus.YES


def _lead(book: SalesBook) -> str:
    account = Account(id=new_id(), name="Acme Robotics", country="CN")
    book.create_account(account)
    lead = Lead(id=new_id(), full_name="Li Na", account_id=account.id, phones=["+8613800138000"])
    book.create_lead(lead)
    return lead.id


def _count(book: SalesBook, table: type) -> int:
    with book.cache.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def _lead_row(book: SalesBook, lead_id: str) -> LeadRow:
    with book.cache.session() as session:
        row = session.get(LeadRow, lead_id)
        assert row is not None
        return row


def _all_yes(**overrides: CriterionAnswer) -> dict[str, CriterionAnswer]:
    answers = {c: CriterionAnswer(YES, f"evidence for {c}") for c in ("money", "authority", "need", "time", "competitor", "people")}
    answers.update(overrides)
    return answers


@pytest.fixture
def work(book: SalesBook) -> LeadWork:
    return LeadWork(book)


def test_step_follows_from_channel_and_outcome(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    steps = [
        work.log_touch(lead_id, Channel.PHONE, Outcome.NO_ANSWER, at=NOW).step,
        work.log_touch(lead_id, Channel.PHONE, Outcome.CONNECTED, at=NOW + timedelta(minutes=1)).step,
        work.log_touch(lead_id, Channel.EMAIL, Outcome.REPLIED, at=NOW + timedelta(minutes=2)).step,
        work.log_touch(lead_id, Channel.NOTE, Outcome.NOTED, at=NOW + timedelta(minutes=3)).step,
    ]
    assert steps == [Step.REACH, Step.CONNECT, Step.CONVERSATION, None]
    assert _lead_row(work.book, lead_id).attempts == 3


def test_a_touch_the_rules_do_not_know_is_refused_and_nothing_saved(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    ops = _count(work.book, OutboxOp)
    with pytest.raises(UnknownTouch):
        work.log_touch(lead_id, Channel.NOTE, Outcome.MEETING_BOOKED, at=NOW)
    assert (_count(work.book, ActivityRow), _count(work.book, OutboxOp)) == (0, ops)


def test_next_step_in_the_past_is_refused_and_nothing_saved(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    with pytest.raises(NextStepInPast):
        work.log_touch(lead_id, Channel.PHONE, Outcome.CALL_BACK, at=NOW, next_step=NextStep(Channel.PHONE, NOW - timedelta(hours=1)))
    assert _count(work.book, ActivityRow) == 0


def test_call_back_promise_is_stored_and_synced(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    due = NOW + timedelta(days=1)
    work.log_touch(lead_id, Channel.PHONE, Outcome.CALL_BACK, at=NOW, next_step=NextStep(Channel.PHONE, due, "after budget meeting"))
    row = _lead_row(work.book, lead_id)
    assert row.next_touch_at == due and row.next_touch_note == "phone: after budget meeting"
    with work.cache.session() as session:
        patch = session.scalars(select(OutboxOp).where(OutboxOp.kind == OpKind.PATCH)).one()
    assert patch.fields["next_touch_at"] == due.isoformat()


def test_undo_appends_a_correction_and_restores_the_counters(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    first = work.log_touch(lead_id, Channel.PHONE, Outcome.NO_ANSWER, at=NOW)
    second = work.log_touch(lead_id, Channel.PHONE, Outcome.BUSY, at=NOW + timedelta(minutes=5))
    correction = work.undo(second.id, at=NOW + timedelta(minutes=6))
    row = _lead_row(work.book, lead_id)
    assert (row.attempts, row.last_attempt_at, row.last_outcome) == (1, first.occurred_at, Outcome.NO_ANSWER)
    timeline = work.timeline(lead_id)
    assert [(a.id, gone) for a, gone in timeline] == [(correction.id, False), (second.id, True), (first.id, False)]
    with pytest.raises(ValueError, match="already corrected"):
        work.undo(second.id, at=NOW + timedelta(minutes=7))


def test_missing_evidence_saves_no_version(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    with pytest.raises(SubmissionError, match="evidence"):
        work.save_qualification(lead_id, "mantcp", _all_yes(money=CriterionAnswer(YES, "  ")), at=NOW)
    assert work.qualifications(lead_id) == []


def test_versions_accumulate_and_mql_needs_a_qualified_verdict(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    work.log_touch(lead_id, Channel.PHONE, Outcome.CONVERSATION, at=NOW)
    partial = work.save_qualification(lead_id, "mantcp", {"need": CriterionAnswer(YES, "pain in QA")}, at=NOW)
    assert partial.verdict is Verdict.INCOMPLETE and "money" in partial.missing
    with pytest.raises(TransitionRefused, match="qualified"):
        work.move_stage(lead_id, Stage.MQL, at=NOW)
    full = work.save_qualification(lead_id, "mantcp", _all_yes(), at=NOW + timedelta(minutes=1))
    assert (full.version, full.verdict) == (2, Verdict.QUALIFIED)
    change = work.move_stage(lead_id, Stage.MQL, at=NOW + timedelta(minutes=2))
    assert change.lead_class is LeadClass.MQL
    assert [q.version for q in work.qualifications(lead_id)] == [2, 1]
    with work.cache.session() as session:
        entities = [o.entity for o in session.scalars(select(OutboxOp).order_by(OutboxOp.seq))]
    assert entities.count(EntityKind.QUALIFICATION) == 2


def test_disqualifying_enrols_in_the_reason_track_and_a_reply_ends_it(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    work.log_touch(lead_id, Channel.PHONE, Outcome.CONVERSATION, at=NOW)
    work.move_stage(lead_id, Stage.DISQUALIFIED, at=NOW, reason=DisqualifyReason.NO_BUDGET)
    [enrolment] = work.enrolments(lead_id)
    assert enrolment.track == "drip" and enrolment.ended_at is None
    # drip is marketing automation's sends only: the lead does not wait for the rep
    assert enrolment.next_due_at is not None and _lead_row(work.book, lead_id).nurture_due_at is None
    work.log_touch(lead_id, Channel.EMAIL, Outcome.REPLIED, at=NOW + timedelta(days=3))
    [ended] = work.enrolments(lead_id)
    assert ended.ended_at == NOW + timedelta(days=3) and ended.end_reason == "reply"
    assert _lead_row(work.book, lead_id).nurture_due_at is None


def test_refused_transition_writes_nothing(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    ops = _count(work.book, OutboxOp)
    with pytest.raises(TransitionRefused):
        work.move_stage(lead_id, Stage.SQL, at=NOW)
    assert _count(work.book, OutboxOp) == ops
    assert _lead_row(work.book, lead_id).stage is Stage.NEW


def test_hand_off_to_mql_is_sent_as_a_command_not_a_field(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    work.log_touch(lead_id, Channel.PHONE, Outcome.CONVERSATION, at=NOW)
    work.save_qualification(lead_id, "mantcp", _all_yes(), at=NOW)
    work.move_stage(lead_id, Stage.MQL, at=NOW)
    with work.cache.session() as session:
        last = session.scalars(select(OutboxOp).order_by(OutboxOp.seq.desc()).limit(1)).one()
    assert (last.kind, last.fields) == (OpKind.COMMAND, {"command": "hand_off", "stage": "mql", "lead_class": "mql"})
    assert _lead_row(work.book, lead_id).stage is Stage.MQL


def test_a_nurture_touch_made_completes_its_step_and_the_lead_waits_for_the_next(work: LeadWork) -> None:
    lead_id = _lead(work.book)
    work.log_touch(lead_id, Channel.PHONE, Outcome.CONVERSATION, at=NOW)
    work.move_stage(lead_id, Stage.DISQUALIFIED, at=NOW, reason=DisqualifyReason.NO_NEED)
    [enrolment] = work.enrolments(lead_id)
    assert enrolment.track == "education"
    due = _lead_row(work.book, lead_id).nurture_due_at
    assert due == NOW + timedelta(days=28)  # the rep's first touch of the track; the sends before are automated
    # the rep makes that touch (an e-mail) when it falls due: the step is done, the next is scheduled
    work.log_touch(lead_id, Channel.EMAIL, Outcome.SENT, at=due + timedelta(hours=2))
    [moved] = work.enrolments(lead_id)
    assert moved.ended_at is None and moved.step_index > enrolment.step_index + 1
    assert _lead_row(work.book, lead_id).nurture_due_at == NOW + timedelta(days=35)  # the call a week later
