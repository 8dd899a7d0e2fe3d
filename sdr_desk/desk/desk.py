"""The rep's desk: one profile's cache, queue and outbox behind one set of use cases.

Every use case writes in one transaction and returns `Applied(value, changes)`. The desk
brings its own call queue up to date from the change set before it returns, so the GUI,
the CLI and a script see the same queue after the same call; the GUI then hands the change
set to every view. Nothing above this layer calls `queue.refresh` or builds store rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sdr_desk.config import Profile
from sdr_desk.core.entities import Activity, Channel, CriterionAnswer, DisqualifyReason, Lead, Outcome, Qualification, Stage
from sdr_desk.desk.changes import Applied, Change, Changes
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.outbox import Outbox, OutboxCounts
from sdr_desk.store.queue import CallQueue
from sdr_desk.store.repositories import SalesBook

if TYPE_CHECKING:
    from sdr_desk.core.entities import BuyerRoleEntry, ResearchNote
    from sdr_desk.core.stages import StageChange
    from sdr_desk.store.lead_work import LeadWork, NextStep
    from sdr_desk.store.research import AccountResearch
    from sdr_desk.store.team_work import TeamWork

# Above this many changed leads the queue reads the whole book again instead of lead by lead.
RELOAD_WHOLE_QUEUE_ABOVE = 20_000


class Desk:
    """One profile's workstation state: cache, book, queue and outbox, and the rep's use cases."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.book = SalesBook(cache)
        self.outbox: Outbox = self.book.outbox
        self.queue = CallQueue(cache, self.book.rep_id())
        self.practice = self.is_practice()  # read once here, on the opening thread
        # The call session's and the research panel's stores load after the window is up.
        self._work: LeadWork | None = None
        self._research: AccountResearch | None = None
        self._team: TeamWork | None = None

    @classmethod
    def open(cls, cache: Cache) -> Desk:
        return cls(cache)

    @classmethod
    def open_profile(cls, profile: Profile) -> Desk:
        """Make sure the folder is usable, then open (and migrate) its cache."""
        profile.ensure_writable()
        return cls(open_cache(profile.cache_path))

    def close(self) -> None:
        self.cache.close()

    @property
    def work(self) -> LeadWork:
        if self._work is None:
            from sdr_desk.store.lead_work import LeadWork

            self._work = LeadWork(self.book)
        return self._work

    @property
    def research(self) -> AccountResearch:
        if self._research is None:
            from sdr_desk.store.research import AccountResearch

            self._research = AccountResearch(self.book)
        return self._research

    # --- reads ------------------------------------------------------------------------------

    def rep_id(self) -> str:
        return self.book.rep_id()

    def outbox_counts(self) -> OutboxCounts:
        with self.cache.session() as session:
            return self.outbox.counts(session)

    def is_practice(self) -> bool:
        from sdr_desk.store.practice import practice_in

        return practice_in(self.cache)

    def find_leads(self, text: str, limit: int = 10) -> list[Lead]:
        """Leads named by id, or by a name, company, e-mail or phone number (for the CLI)."""
        from sdr_desk.store.lookup import find_leads

        return find_leads(self.cache, text, limit)

    # --- touches ----------------------------------------------------------------------------

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
    ) -> Applied[Activity]:
        """Log one touch; its step follows from the rules, a due nurture step is completed."""
        activity = self.work.log_touch(
            lead_id, channel, outcome, at=at, notes=notes, duration_s=duration_s, next_step=next_step
        )
        return self._applied(activity, Changes.of(Change.TOUCHES, Change.NURTURE, Change.STAGE, Change.OUTBOX,
                                                  leads=[lead_id]))

    def undo_touch(self, activity_id: str, *, at: datetime) -> Applied[Activity]:
        """Withdraw a logged touch (a correction is appended; the original stays, struck through)."""
        correction = self.work.undo(activity_id, at=at)
        return self._applied(correction, Changes.of(Change.TOUCHES, Change.OUTBOX, leads=[correction.lead_id]))

    # --- qualification and the funnel -------------------------------------------------------

    def save_qualification(
        self,
        lead_id: str,
        framework_id: str,
        answers: Mapping[str, CriterionAnswer],
        red_flags: Iterable[str] = (),
        *,
        at: datetime,
    ) -> Applied[Qualification]:
        saved = self.work.save_qualification(lead_id, framework_id, answers, red_flags, at=at)
        return self._applied(saved, Changes.of(Change.QUALIFICATION, Change.OUTBOX, leads=[lead_id]))

    def move_stage(
        self, lead_id: str, target: Stage, *, at: datetime, reason: DisqualifyReason | None = None
    ) -> Applied[StageChange]:
        """Move a lead by the stage machine; disqualifying or "not now" enrols it in nurture,
        MQL hands it off to sales. Raises TransitionRefused, writing nothing."""
        change = self.work.move_stage(lead_id, target, at=at, reason=reason)
        return self._applied(change, Changes.of(Change.STAGE, Change.NURTURE, Change.OUTBOX, leads=[lead_id]))

    def hand_off(self, lead_id: str, *, at: datetime) -> Applied[StageChange]:
        """Hand a qualified lead to sales as an MQL."""
        return self.move_stage(lead_id, Stage.MQL, at=at)

    # --- lead fields ------------------------------------------------------------------------

    def edit_lead(self, lead_id: str, changes: Mapping[str, object]) -> Applied[Lead]:
        """Edit a lead's own fields (synced as per-field patches; its score is recomputed)."""
        lead = self.book.patch_lead(lead_id, dict(changes))
        return self._applied(lead, Changes.of(Change.LEAD, Change.OUTBOX, leads=[lead_id], accounts=[lead.account_id or ""]))

    # --- research ---------------------------------------------------------------------------

    def save_note(self, note: ResearchNote) -> Applied[ResearchNote]:
        saved = self.research.save_note(note)
        return self._applied(saved, self._research_changes(saved.account_id, saved.lead_id))

    def set_pinned(self, note_id: str, pinned: bool) -> Applied[ResearchNote]:
        """Pin an insight to the call card of the account's leads (or take it off)."""
        saved = self.research.set_pinned(note_id, pinned)
        return self._applied(saved, self._research_changes(saved.account_id, saved.lead_id))

    def delete_note(self, note_id: str) -> Applied[None]:
        note = self.research.note(note_id)
        self.research.delete_note(note_id)
        return self._applied(None, self._research_changes(note.account_id, note.lead_id))

    def save_role(self, entry: BuyerRoleEntry) -> Applied[BuyerRoleEntry]:
        saved = self.research.save_role(entry)
        return self._applied(saved, self._research_changes(saved.account_id, saved.lead_id))

    def _research_changes(self, account_id: str, lead_id: str | None) -> Changes:
        return Changes.of(Change.RESEARCH, Change.OUTBOX, leads=[lead_id] if lead_id else [], accounts=[account_id])

    # --- the team lead's actions (server-owned: sent as commands, shown as pending) ------------

    @property
    def team(self) -> TeamWork:
        if self._team is None:
            from sdr_desk.store.team_work import TeamWork

            self._team = TeamWork(self.book)
        return self._team

    def reassign(self, lead_ids: Iterable[str], rep_id: str | None) -> Applied[set[str]]:
        """Give leads to another rep (None: back to the team pool). Refused with the reason for a
        rep who is unknown, disabled or not an SDR."""
        changed = self.team.reassign(list(lead_ids), rep_id)
        return self._applied(changed, Changes.of(Change.LEAD, Change.OUTBOX, leads=changed))

    def claim(self, lead_id: str) -> Applied[set[str]]:
        changed = self.team.claim(lead_id)
        return self._applied(changed, Changes.of(Change.LEAD, Change.OUTBOX, leads=changed))

    def set_away(self, rep_id: str, away: bool) -> Applied[set[str]]:
        changed = self.team.set_away(rep_id, away)
        return self._applied(changed, Changes.of(Change.LEAD, Change.OUTBOX, leads=changed))

    def record_acceptance(self, lead_id: str, accepted_by: str, *, at: datetime) -> Applied[set[str]]:
        """Sales accepted the hand-off (MQL to SQL, SQL to opportunity)."""
        changed = self.team.record_acceptance(lead_id, accepted_by, at=at)
        return self._applied(changed, Changes.of(Change.STAGE, Change.OUTBOX, leads=changed))

    def switch_demo_user(self, as_lead: bool) -> Applied[str]:
        """In a demo book: work it as the team lead or as a rep; the queue follows the user."""
        user = self.team.switch_demo_user(as_lead)
        self.queue = CallQueue(self.cache, user)
        return Applied(user, Changes.of(Change.BOOK))

    # --- what arrived from elsewhere ----------------------------------------------------------

    def pulled(self, lead_ids: Iterable[str] | None) -> Changes:
        """A sync round wrote these leads (None: possibly all) through its own connection."""
        if lead_ids is None:
            return self._settle(Changes.of(Change.BOOK, Change.OUTBOX))
        ids = frozenset(lead_ids)
        kinds = (Change.LEAD, Change.TOUCHES, Change.STAGE, Change.QUALIFICATION, Change.RESEARCH, Change.OUTBOX)
        if len(ids) > RELOAD_WHOLE_QUEUE_ABOVE:
            return self._settle(Changes.of(Change.BOOK, *kinds))
        return self._settle(Changes.of(*kinds, leads=ids))

    def rescored(self, lead_ids: Iterable[str]) -> Changes:
        """Scores of these leads were stored again (a background rescoring)."""
        return self._settle(Changes.of(Change.SCORE, leads=lead_ids))

    def follow_rep(self) -> Changes:
        """The signed-in user may have changed: rank for them (their leads and the pool)."""
        rep = self.book.rep_id()
        if self.queue.rep_id == rep:
            return Changes()
        self.queue = CallQueue(self.cache, rep)
        return Changes.of(Change.BOOK)

    # --- the practice book ----------------------------------------------------------------------

    def leave_practice(self, keep_copy_in: Path | None) -> Applied[int]:
        """End the practice book before real work starts here: copy it into `keep_copy_in` as a
        profile of its own (unless None: discard it), then empty this profile. Returns how
        many practice leads left."""
        from sdr_desk.store.practice import PracticeBookError, clear_practice, is_practice, keep_copy

        with self.cache.session() as session:
            if not is_practice(session):
                raise PracticeBookError("this profile holds no practice book")
        if keep_copy_in is not None:
            keep_copy(self.cache, keep_copy_in)
        with self.cache.transaction() as session:
            gone = clear_practice(session)
        self.practice = False
        self.queue = CallQueue(self.cache, self.book.rep_id())
        return self._applied(gone, Changes.of(Change.BOOK, Change.OUTBOX))

    # --- keeping the queue in step ----------------------------------------------------------------

    def _applied(self, value: object, changes: Changes) -> Applied:  # type: ignore[type-arg]
        return Applied(value, self._settle(changes))

    def _settle(self, changes: Changes) -> Changes:
        """Bring the queue up to date with what was written (before anyone ranks again)."""
        if changes.whole_book:
            if self.queue.loaded:
                self.queue.load()
        elif changes.moves_queue:
            self.queue.refresh(sorted(changes.leads))
        return changes


def default_practice_copy(profile_folder: Path) -> Path:
    """Where a practice book set aside before signing in is kept: a profile folder of its own."""
    return profile_folder / "practice"


__all__ = ["Desk", "RELOAD_WHOLE_QUEUE_ABOVE", "default_practice_copy"]
