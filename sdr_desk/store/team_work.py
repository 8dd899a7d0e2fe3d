"""The team lead's actions on the cache: re-assign, claim, away/back, sales acceptance.

Ownership, away and hand-off stages belong to the server (DESIGN.md "Conflicts"): each action
writes a command op to the outbox and shows its effect here at once, in one transaction, so the
desk shows it as pending until the server has answered. Each returns the lead ids it changed.
A refusal (unknown or disabled rep, a lead not in the pool...) raises TeamActionRefused with the
reason and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdr_desk.core.entities import EntityKind, LeadClass, OpKind, Stage, UserRole
from sdr_desk.core.ids import new_id
from sdr_desk.store.outbox import PENDING, get_state, set_state
from sdr_desk.store.repositories import RecordNotFound, SalesBook
from sdr_desk.store.tables import LeadMilestoneRow, LeadRow, OutboxOp, TeamMemberRow

ACCEPTED = {Stage.MQL: Stage.SQL, Stage.SQL: Stage.OPPORTUNITY}  # what sales' acceptance moves a lead to
_CLASS = {Stage.SQL: LeadClass.SQL, Stage.OPPORTUNITY: LeadClass.OPP}
TEAM_COMMANDS = ("claim", "reassign", "release", "hand_off", "accept", "set_away")


class TeamActionRefused(ValueError):
    """The action cannot be done; the message is the reason shown to the team lead."""


class TeamWork:
    def __init__(self, book: SalesBook) -> None:
        self.book = book
        self.cache = book.cache
        self.outbox = book.outbox

    def _member(self, session: Session, rep_id: str) -> TeamMemberRow:
        member = session.get(TeamMemberRow, rep_id)
        if member is None:
            raise TeamActionRefused(f"{rep_id} is not a rep of this team")
        return member

    def _lead(self, session: Session, lead_id: str) -> LeadRow:
        lead = session.get(LeadRow, lead_id)
        if lead is None:
            raise RecordNotFound(f"no lead {lead_id}")
        return lead

    def _command(self, session: Session, entity_id: str, fields: dict[str, object]) -> None:
        self.outbox.record(session, EntityKind.LEAD, entity_id, OpKind.COMMAND, fields)

    # --- assignment ----------------------------------------------------------------------

    def reassign(self, lead_ids: Iterable[str], rep_id: str | None) -> set[str]:
        """Give the leads to `rep_id` (None: back to the team pool). Refused for a rep who is not
        on the roster, is disabled or is not an SDR."""
        ids = list(dict.fromkeys(lead_ids))
        if not ids:
            return set()
        changed: set[str] = set()
        with self.cache.transaction() as session:
            if rep_id is not None:
                member = self._member(session, rep_id)
                if not member.active:
                    raise TeamActionRefused(f"{member.name} is disabled and cannot receive leads")
                if member.role != UserRole.SDR.value:
                    raise TeamActionRefused(f"{member.name} is not an SDR; only reps work leads")
            for lead_id in ids:
                lead = self._lead(session, lead_id)
                if lead.owner_id == rep_id:
                    continue
                self._command(session, lead.id, {"command": "reassign", "owner_id": rep_id})
                lead.owner_id = rep_id
                changed.add(lead.id)
        return changed

    def claim(self, lead_id: str) -> set[str]:
        """The signed-in rep takes a lead from the team pool."""
        me = self.book.rep_id()
        with self.cache.transaction() as session:
            lead = self._lead(session, lead_id)
            if lead.owner_id == me:
                return set()
            if lead.owner_id is not None:
                raise TeamActionRefused("this lead already has an owner; only pool leads are claimed")
            role = session.scalar(select(TeamMemberRow.role).where(TeamMemberRow.id == me))
            if role is not None and role != UserRole.SDR.value:
                raise TeamActionRefused("only reps claim leads; a team lead re-assigns them")
            self._command(session, lead.id, {"command": "claim"})
            lead.owner_id = me
        return {lead_id}

    # --- reps away and back ------------------------------------------------------------------

    def set_away(self, rep_id: str, away: bool) -> set[str]:
        """Mark a rep away (round-robin skips them) or back. The op addresses the user: its
        entity id is the rep's id. Changes no lead."""
        with self.cache.transaction() as session:
            member = self._member(session, rep_id)
            if member.away == away:
                return set()
            self._command(session, rep_id, {"command": "set_away", "user_id": rep_id, "away": away})
            member.away = away
        return set()

    # --- sales acceptance (the SDR's final KPI) ----------------------------------------------

    def record_acceptance(self, lead_id: str, accepted_by: str, *, at: datetime) -> set[str]:
        """Sales accepted the lead: MQL -> SQL, or SQL -> opportunity, with who accepted it."""
        who = accepted_by.strip()
        if not who:
            raise TeamActionRefused("say who in sales accepted the lead")
        if len(who) > 200:
            raise TeamActionRefused("the name of who accepted is too long (200 characters at most)")
        with self.cache.transaction() as session:
            lead = self._lead(session, lead_id)
            target = ACCEPTED.get(lead.stage)
            if target is None:
                raise TeamActionRefused(
                    f"only an MQL or an SQL can be accepted by sales; this lead is {lead.stage.value}"
                )
            self._command(session, lead.id, {"command": "accept", "stage": target.value, "accepted_by": who})
            session.add(LeadMilestoneRow(
                id=new_id(), lead_id=lead.id, stage=target, at=at, rep_id=lead.owner_id, accepted_by=who,
                recorded_by=self.book.rep_id(),
            ))
            lead.stage, lead.lead_class = target, _CLASS[target]
        return {lead_id}

    # --- what is still waiting for the server --------------------------------------------------

    def pending_ids(self) -> set[str]:
        """Leads (and reps, for away/back) with a team command not yet answered by the server."""
        with self.cache.session() as session:
            rows = session.execute(
                select(OutboxOp.entity_id, OutboxOp.fields).where(
                    OutboxOp.state == PENDING, OutboxOp.kind == OpKind.COMMAND, OutboxOp.entity == EntityKind.LEAD
                )
            ).all()
        return {entity_id for entity_id, fields in rows if (fields or {}).get("command") in TEAM_COMMANDS}

    # --- the demo's user: a rep or the team lead ---------------------------------------------

    def demo_users(self) -> tuple[str, str] | None:
        """(rep id, team lead id) when this cache holds the demo book, else None."""
        with self.cache.session() as session:
            rep, lead = get_state(session, "demo_rep"), get_state(session, "demo_lead")
        return (rep, lead) if rep and lead else None

    def switch_demo_user(self, as_lead: bool) -> str:
        """Work the demo book as its team lead or as its rep; returns the user id now in use."""
        users = self.demo_users()
        if users is None:
            raise TeamActionRefused("only a demo book can switch between a rep and the team lead")
        user = users[1] if as_lead else users[0]
        with self.cache.transaction() as session:
            set_state(session, "user_id", user)
        return user

    def current_role(self) -> str:
        from sdr_desk.store.reports import TeamReports

        return TeamReports(self.cache).role_of(self.book.rep_id())


__all__ = ["TeamActionRefused", "TeamWork"]
