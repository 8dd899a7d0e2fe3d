"""Working a lead in the cache: logging touches, undo, qualification versions, stages, nurture.

Each action is one transaction that writes the domain rows, their outbox ops and the
lead's queue counters together, so nothing shown as logged can be half-saved.
The rules themselves (steps, verdicts, stage moves, tracks) come from core.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdr_desk.core import cadences, qualification, stages
from sdr_desk.core.entities import (
    Activity,
    Channel,
    CriterionAnswer,
    DisqualifyReason,
    EntityKind,
    NurtureEnrolment,
    OpKind,
    Outcome,
    Qualification,
    Stage,
    Verdict,
)
from sdr_desk.core.ids import new_id
from sdr_desk.core.ownership import HAND_OFF_STAGES
from sdr_desk.core.steps import is_unanswered_attempt, step_for
from sdr_desk.store.repositories import RecordNotFound, SalesBook, op_fields, wire_value
from sdr_desk.store.tables import ActivityRow, LeadRow, NurtureEnrolmentRow, QualificationRow


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the rep promised: a call back, an email or a WeChat message, at a moment."""

    channel: Channel
    due_at: datetime
    note: str = ""


class NextStepInPast(ValueError):
    """A promised call-back or follow-up must be later than the touch that promised it."""


def _enrolment_from_row(row: NurtureEnrolmentRow) -> NurtureEnrolment:
    return NurtureEnrolment(
        id=row.id,
        lead_id=row.lead_id,
        track=row.track,
        started_at=row.started_at,
        step_index=row.step_index,
        next_due_at=row.next_due_at,
        ended_at=row.ended_at,
        end_reason=row.end_reason,
    )


def qualification_from_row(row: QualificationRow) -> Qualification:
    from sdr_desk.core.entities import CriterionStatus

    return Qualification(
        id=row.id,
        lead_id=row.lead_id,
        framework=row.framework,
        version=row.version,
        answers={
            k: CriterionAnswer(CriterionStatus(v.get("status", "unknown")), v.get("evidence", ""))
            for k, v in (row.answers or {}).items()
        },
        red_flags=tuple(row.red_flags or ()),
        verdict=row.verdict,
        reason=row.reason,
        missing=tuple(row.missing or ()),
        author_id=row.author_id,
        created_at=row.created_at,
    )


class LeadWork:
    """The actions of a call session on the rep's book."""

    def __init__(self, book: SalesBook) -> None:
        self.book = book
        self.cache = book.cache
        self.outbox = book.outbox

    # --- touches -------------------------------------------------------------------------

    def log_touch(
        self,
        lead_id: str,
        channel: Channel,
        outcome: Outcome,
        *,
        at: datetime,
        notes: str | None = None,
        duration_s: int | None = None,
        next_step: NextStep | None = None,
        author_id: str | None = None,
    ) -> Activity:
        """Log one touch; its step follows from the rules. Raises UnknownTouch or NextStepInPast."""
        step = step_for(channel, outcome)
        if next_step is not None and next_step.due_at <= at:
            raise NextStepInPast("the next step must be later than now")
        activity = Activity(
            id=new_id(),
            lead_id=lead_id,
            channel=channel,
            outcome=outcome,
            occurred_at=at,
            step=step,
            duration_s=duration_s,
            notes=(notes or None),
            author_id=author_id or self.book.rep_id(),
        )
        with self.cache.transaction() as session:
            self.book._append_activity(session, activity, unanswered=is_unanswered_attempt(channel, outcome))
            lead = session.get(LeadRow, lead_id)
            assert lead is not None  # _append_activity checked it
            changes: dict[str, Any] = {}
            if next_step is not None:
                changes = {"next_touch_at": next_step.due_at, "next_touch_note": f"{next_step.channel.value}: {next_step.note}".strip(": ")}
            elif lead.next_touch_at is not None and lead.next_touch_at <= at and step is not None:
                changes = {"next_touch_at": None, "next_touch_note": None}  # the promised touch is done
            if changes:
                self._patch(session, lead, changes)
            for enrolment in self._open_enrolments(session, lead_id):
                after = cadences.on_activity(_enrolment_from_row(enrolment), channel, outcome, at, touch=step is not None)
                self._save_enrolment(session, enrolment, after)
                following = cadences.successor(after)
                if following is not None:  # the track ran out without a reply: on to the next
                    self._add_enrolment(session, cadences.enrol(id=new_id(), lead_id=lead_id, track_id=following, now=at))
            self._refresh_nurture_due(session, lead)
        return activity

    def undo(self, activity_id: str, *, at: datetime) -> Activity:
        """Withdraw a logged touch by appending a correction that supersedes it."""
        with self.cache.transaction() as session:
            original = session.get(ActivityRow, activity_id)
            if original is None:
                raise RecordNotFound(f"no activity {activity_id}")
            already = session.scalar(select(ActivityRow.id).where(ActivityRow.supersedes_id == activity_id))
            if already:
                raise ValueError("this entry was already corrected")
            correction = Activity(
                id=new_id(),
                lead_id=original.lead_id,
                channel=original.channel,
                outcome=Outcome.RETRACTED,
                occurred_at=at,
                step=None,
                notes=None,
                author_id=self.book.rep_id(),
                supersedes_id=activity_id,
            )
            self.book._append_activity(session, correction, unanswered=False)
            self._recount(session, original.lead_id)
        return correction

    def timeline(self, lead_id: str) -> list[tuple[Activity, bool]]:
        """Every entry, newest first, with whether a later correction superseded it."""
        activities = self.book.activities(lead_id)
        superseded = {a.supersedes_id for a in activities if a.supersedes_id}
        return [(a, a.id in superseded) for a in activities]

    # --- qualification ---------------------------------------------------------------------

    def save_qualification(
        self,
        lead_id: str,
        framework_id: str,
        answers: Mapping[str, CriterionAnswer],
        red_flags: Iterable[str] = (),
        *,
        at: datetime,
    ) -> Qualification:
        """Save the next version of the form; raises SubmissionError and saves nothing if invalid."""
        fw = qualification.framework(framework_id)
        with self.cache.transaction() as session:
            if session.get(LeadRow, lead_id) is None:
                raise RecordNotFound(f"no lead {lead_id}")
            previous = session.scalars(select(QualificationRow.version).where(QualificationRow.lead_id == lead_id))
            result = qualification.build_qualification(
                id=new_id(),
                lead_id=lead_id,
                fw=fw,
                answers=answers,
                red_flags=red_flags,
                previous_versions=list(previous),
                author_id=self.book.rep_id(),
                created_at=at,
            )
            session.add(
                QualificationRow(
                    id=result.id,
                    lead_id=lead_id,
                    framework=result.framework,
                    version=result.version,
                    answers=wire_value(result.answers),
                    red_flags=list(result.red_flags),
                    verdict=result.verdict,
                    reason=result.reason,
                    missing=list(result.missing),
                    author_id=result.author_id,
                    created_at=at,
                )
            )
            self.outbox.record(session, EntityKind.QUALIFICATION, result.id, OpKind.APPEND, op_fields(EntityKind.QUALIFICATION, result))
        return result

    def qualifications(self, lead_id: str) -> list[Qualification]:
        stmt = select(QualificationRow).where(QualificationRow.lead_id == lead_id).order_by(QualificationRow.version.desc())
        with self.cache.session() as session:
            return [qualification_from_row(r) for r in session.scalars(stmt)]

    # --- stages and nurture ------------------------------------------------------------------

    def move_stage(
        self,
        lead_id: str,
        target: Stage,
        *,
        at: datetime,
        reason: DisqualifyReason | None = None,
    ) -> stages.StageChange:
        """Move a lead by the stage machine; disqualifying or "not now" enrols it in nurture.

        Raises TransitionRefused with the reason, writing nothing.
        """
        with self.cache.transaction() as session:
            lead = session.get(LeadRow, lead_id)
            if lead is None:
                raise RecordNotFound(f"no lead {lead_id}")
            verdict = None
            if target is Stage.MQL:
                latest = session.scalar(
                    select(QualificationRow.verdict)
                    .where(QualificationRow.lead_id == lead_id)
                    .order_by(QualificationRow.version.desc())
                    .limit(1)
                )
                verdict = latest
            change = stages.transition(lead.stage, target, verdict=verdict, reason=reason)
            if change.stage in HAND_OFF_STAGES:
                # The hand-off belongs to the server: ask with a command, show it here at once.
                self.outbox.record(
                    session,
                    EntityKind.LEAD,
                    lead.id,
                    OpKind.COMMAND,
                    {"command": "hand_off", "stage": change.stage.value, "lead_class": wire_value(change.lead_class)},
                )
                lead.stage, lead.lead_class = change.stage, change.lead_class
            else:
                self._patch(session, lead, {"stage": change.stage, "lead_class": change.lead_class})
            open_rows = self._open_enrolments(session, lead_id)
            if target is Stage.MQL:
                for row in open_rows:
                    self._save_enrolment(session, row, cadences.on_verdict(_enrolment_from_row(row), Verdict.QUALIFIED, at))
            elif reason is not None and not open_rows:
                track = cadences.track_for_reason(reason)
                if track:
                    enrolment = cadences.enrol(id=new_id(), lead_id=lead_id, track_id=track, now=at)
                    self._add_enrolment(session, enrolment)
            self._refresh_nurture_due(session, lead)
        return change

    def enrolments(self, lead_id: str) -> list[NurtureEnrolment]:
        stmt = select(NurtureEnrolmentRow).where(NurtureEnrolmentRow.lead_id == lead_id).order_by(NurtureEnrolmentRow.started_at)
        with self.cache.session() as session:
            return [_enrolment_from_row(r) for r in session.scalars(stmt)]

    # --- internals -----------------------------------------------------------------------------

    def _patch(self, session: Session, lead: LeadRow, changes: dict[str, Any]) -> None:
        self.outbox.patch(session, EntityKind.LEAD, lead, changes)

    def _open_enrolments(self, session: Session, lead_id: str) -> list[NurtureEnrolmentRow]:
        stmt = select(NurtureEnrolmentRow).where(
            NurtureEnrolmentRow.lead_id == lead_id, NurtureEnrolmentRow.ended_at.is_(None)
        )
        return list(session.scalars(stmt))

    def _add_enrolment(self, session: Session, enrolment: NurtureEnrolment) -> None:
        session.add(NurtureEnrolmentRow(**wire_free(enrolment)))
        self.outbox.record(session, EntityKind.NURTURE_ENROLMENT, enrolment.id, OpKind.CREATE, op_fields(EntityKind.NURTURE_ENROLMENT, enrolment))

    def _save_enrolment(self, session: Session, row: NurtureEnrolmentRow, after: NurtureEnrolment) -> None:
        changes = {
            name: value
            for name, value in wire_free(after).items()
            if getattr(row, name) != value
        }
        if not changes:
            return
        for name, value in changes.items():
            setattr(row, name, value)
        self.outbox.record(session, EntityKind.NURTURE_ENROLMENT, row.id, OpKind.PATCH, wire_value(changes))

    def _refresh_nurture_due(self, session: Session, lead: LeadRow) -> None:
        """The lead's queue input: when its nurture next needs the rep (automated sends do not)."""
        session.flush()
        dues = [cadences.rep_due_at(_enrolment_from_row(row)) for row in self._open_enrolments(session, lead.id)]
        lead.nurture_due_at = min((d for d in dues if d is not None), default=None)

    def _recount(self, session: Session, lead_id: str) -> None:
        """Queue counters from the log, leaving out superseded entries and corrections."""
        superseded = select(ActivityRow.supersedes_id).where(
            ActivityRow.lead_id == lead_id, ActivityRow.supersedes_id.is_not(None)
        )
        touches = list(
            session.scalars(
                select(ActivityRow)
                .where(ActivityRow.lead_id == lead_id, ActivityRow.step.is_not(None), ActivityRow.id.not_in(superseded))
                .order_by(ActivityRow.occurred_at)
            )
        )
        lead = session.get(LeadRow, lead_id)
        assert lead is not None
        lead.attempts = len(touches)
        lead.first_touch_at = touches[0].occurred_at if touches else None
        last = touches[-1] if touches else None
        lead.last_attempt_at = last.occurred_at if last else None
        lead.last_outcome = last.outcome if last and is_unanswered_attempt(last.channel, last.outcome) else None


def wire_free(enrolment: NurtureEnrolment) -> dict[str, Any]:
    """An enrolment's fields as the table stores them (datetimes stay datetimes)."""
    return {
        "id": enrolment.id,
        "lead_id": enrolment.lead_id,
        "track": enrolment.track,
        "started_at": enrolment.started_at,
        "step_index": enrolment.step_index,
        "next_due_at": enrolment.next_due_at,
        "ended_at": enrolment.ended_at,
        "end_reason": None if enrolment.end_reason is None else str(enrolment.end_reason),
    }


__all__ = ["LeadWork", "NextStep", "NextStepInPast"]
