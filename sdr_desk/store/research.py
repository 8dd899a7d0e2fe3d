"""An account's research in the cache: insight notes, the buying committee, the account file
and full-text search over the notes.

Every write is checked by core first (core.research for notes, core.buyer_map for roles);
a refused write raises and leaves the cache untouched. An accepted one commits with its
outbox op in one transaction, like every other change (store/lead_work.py).
Search uses the FTS5 trigram index made by migration 0002, kept in step by triggers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sdr_desk.core.buyer_map import (
    Committee,
    CommitteeError,
    CommitteeProblem,
    CommitteeRules,
    load_committee_rules,
)
from sdr_desk.core.clock import utc_now
from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRoleEntry,
    DisqualifyReason,
    EntityKind,
    Lead,
    OpKind,
    ResearchNote,
    SourceKind,
    SourceRef,
    Stage,
    Step,
    Tier,
    Verdict,
)
from sdr_desk.core.research import PinnedInsight, Template, load_templates, pinned_insights, validate_note
from sdr_desk.store.repositories import (
    RecordNotFound,
    SalesBook,
    account_from_row,
    lead_from_row,
    op_fields,
    wire_value,
)
from sdr_desk.store.tables import (
    AccountRow,
    ActivityRow,
    BuyerRoleRow,
    LeadRow,
    QualificationRow,
    ResearchNoteRow,
)

SEARCH_LIMIT = 50
MIN_INDEXED_CHARS = 3  # the trigram index cannot answer shorter terms: LIKE does
SNIPPET_BEFORE = 40
SNIPPET_CHARS = 160
# What a rep may change on a saved note; where it sits in the template is fixed.
NOTE_EDITABLE = ("text", "sources", "lead_id", "pinned")
ROLE_EDITABLE = ("role", "stance", "influence", "reports_to_lead_id")


# --- plain data handed to the GUI --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContactLine:
    """One contact of the account as the account view lists them."""

    lead: Lead
    entry: BuyerRoleEntry
    step: Step | None  # furthest reach/connect/conversation logged
    last_touch_at: datetime | None
    verdict: Verdict | None = None  # latest qualification version, if any
    framework: str | None = None
    reason: DisqualifyReason | None = None

    @property
    def stage(self) -> Stage:
        return self.lead.stage


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    activity: Activity
    contact: str  # the lead's name
    superseded: bool  # withdrawn by a later correction


@dataclass
class AccountFile:
    """Everything the account view shows, read in one go on the worker thread.

    The committee is handed over: after this the UI thread owns it and edits it.
    """

    account: Account
    contacts: list[ContactLine]
    timeline: list[TimelineEntry]  # newest first
    notes: list[ResearchNote]
    committee: Committee
    activities: list[Activity] = field(default_factory=list)  # for the computed history section

    def contact(self, lead_id: str) -> ContactLine | None:
        return next((c for c in self.contacts if c.lead.id == lead_id), None)


@dataclass(frozen=True, slots=True)
class NoteHit:
    note_id: str
    account_id: str
    account_name: str
    lead_id: str | None
    template: Tier
    section: str
    field: str
    snippet: str  # the note's text around the first match
    pinned: bool


# --- row conversions -----------------------------------------------------------------------------


def source_from_wire(value: Mapping[str, Any]) -> SourceRef:
    return SourceRef(ref=str(value.get("ref", "")), date=value.get("date"), kind=SourceKind(value.get("kind", "link")))


def note_from_row(row: ResearchNoteRow) -> ResearchNote:
    return ResearchNote(
        id=row.id,
        account_id=row.account_id,
        template=row.template,
        section=row.section,
        field=row.field,
        text=row.text,
        lead_id=row.lead_id,
        sources=[source_from_wire(s) for s in row.sources or ()],
        pinned=bool(row.pinned),
        updated_at=row.updated_at,
        author_id=row.author_id,
    )


def entry_from_row(row: BuyerRoleRow) -> BuyerRoleEntry:
    return BuyerRoleEntry(
        id=row.id,
        account_id=row.account_id,
        lead_id=row.lead_id,
        role=row.role,
        stance=row.stance,
        influence=row.influence,
        reports_to_lead_id=row.reports_to_lead_id,
        updated_at=row.updated_at,
    )


def _note_values(note: ResearchNote) -> dict[str, Any]:
    """A note's editable fields as the table stores them."""
    return {
        "text": note.text,
        "sources": wire_value(list(note.sources)),
        "lead_id": note.lead_id,
        "pinned": bool(note.pinned),
    }


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def build_committee(
    account: Account, contacts: Iterable[Lead], entries: Iterable[BuyerRoleEntry], activities: Iterable[Activity] = ()
) -> Committee:
    """The committee as stored; an entry the rules refuse (a line that closes a loop after two
    offline edits crossed) is left off rather than hiding the whole account."""
    contacts, entries, activities = list(contacts), list(entries), list(activities)
    try:
        return Committee(account, contacts, entries, activities)
    except CommitteeError:
        committee = Committee(account, contacts, (), activities)
        for entry in entries:
            try:
                committee.assign(entry)
            except CommitteeError:
                continue
        return committee


class AccountResearch:
    """Research on the rep's accounts: notes, roles, the account file and note search."""

    def __init__(
        self,
        book: SalesBook,
        templates: Mapping[Tier, Template] | None = None,
        committee_rules: CommitteeRules | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.book = book
        self.cache = book.cache
        self.outbox = book.outbox
        self.templates: Mapping[Tier, Template] = templates if templates is not None else load_templates()
        self.committee_rules = committee_rules if committee_rules is not None else load_committee_rules()
        self.clock = clock

    # --- notes -----------------------------------------------------------------------------

    def save_note(self, note: ResearchNote) -> ResearchNote:
        """Create or edit a note. Raises NoteRejected (core) or CommitteeError (a contact of
        another account) and writes nothing when refused; returns the note as saved."""
        now = self.clock()
        validate_note(note, self.templates[note.template], now)
        author = self.book.rep_id()
        with self.cache.transaction() as session:
            if session.get(AccountRow, note.account_id) is None:
                raise RecordNotFound(f"no account {note.account_id}")
            self._check_contact(session, note.account_id, note.lead_id)
            row = session.get(ResearchNoteRow, note.id)
            if row is None:
                return self._insert_note(session, note, author)
            if (row.account_id, row.template, row.section, row.field) != (
                note.account_id,
                note.template,
                note.section,
                note.field,
            ):
                raise ValueError("a saved note stays on its account, template, section and field")
            wanted = _note_values(note)
            changes = {name: value for name, value in wanted.items() if getattr(row, name) != value}
            self._patch_note(session, row, changes, author)
            return note_from_row(row)

    def set_pinned(self, note_id: str, pinned: bool) -> ResearchNote:
        """Pin or unpin an insight for the call card and the MQL hand-off."""
        author = self.book.rep_id()
        with self.cache.transaction() as session:
            row = session.get(ResearchNoteRow, note_id)
            if row is None:
                raise RecordNotFound(f"no research note {note_id}")
            if bool(row.pinned) != bool(pinned):
                self._patch_note(session, row, {"pinned": bool(pinned)}, author)
            return note_from_row(row)

    def delete_note(self, note_id: str) -> None:
        with self.cache.transaction() as session:
            row = session.get(ResearchNoteRow, note_id)
            if row is None:
                raise RecordNotFound(f"no research note {note_id}")
            self.outbox.record(session, EntityKind.RESEARCH_NOTE, note_id, OpKind.DELETE, {})
            session.delete(row)

    def note(self, note_id: str) -> ResearchNote:
        with self.cache.session() as session:
            row = session.get(ResearchNoteRow, note_id)
            if row is None:
                raise RecordNotFound(f"no research note {note_id}")
            return note_from_row(row)

    def notes(self, account_id: str, template: Tier | None = None) -> list[ResearchNote]:
        """An account's notes in template, section, field order (newest edit first within a field)."""
        with self.cache.session() as session:
            return self._notes(session, account_id, template)

    def pinned_for_lead(self, lead_id: str) -> list[PinnedInsight]:
        """What the call card shows for a lead: pinned account-wide notes and the lead's own."""
        with self.cache.session() as session:
            lead = session.get(LeadRow, lead_id)
            if lead is None:
                raise RecordNotFound(f"no lead {lead_id}")
            if lead.account_id is None:
                return []
            rows = session.scalars(
                select(ResearchNoteRow).where(
                    ResearchNoteRow.account_id == lead.account_id, ResearchNoteRow.pinned.is_(True)
                )
            )
            notes = [note_from_row(r) for r in rows]
        return pinned_insights(notes, self.templates, self.clock(), lead_id=lead_id)

    # --- buyer roles -------------------------------------------------------------------------

    def save_role(self, entry: BuyerRoleEntry) -> BuyerRoleEntry:
        """Insert or update a contact's place on the committee, after the committee's checks.

        Raises CommitteeError (e.g. a contact of another account) and writes nothing.
        """
        with self.cache.transaction() as session:
            account_row = session.get(AccountRow, entry.account_id)
            if account_row is None:
                raise RecordNotFound(f"no account {entry.account_id}")
            account = account_from_row(account_row)
            contacts = self._contacts(session, account.id)
            stored = self._entries(session, account.id)
            committee = build_committee(account, contacts, stored)
            committee.assign(entry)
            row = session.scalar(
                select(BuyerRoleRow).where(
                    BuyerRoleRow.account_id == entry.account_id, BuyerRoleRow.lead_id == entry.lead_id
                )
            )
            if row is None:
                saved = replace(entry, updated_at=None)
                op = self.outbox.record(
                    session, EntityKind.BUYER_ROLE, saved.id, OpKind.CREATE, op_fields(EntityKind.BUYER_ROLE, saved)
                )
                saved.updated_at = op.created_at
                session.add(
                    BuyerRoleRow(
                        id=saved.id,
                        account_id=saved.account_id,
                        lead_id=saved.lead_id,
                        role=saved.role,
                        stance=saved.stance,
                        influence=saved.influence,
                        reports_to_lead_id=saved.reports_to_lead_id,
                        updated_at=saved.updated_at,
                        field_clock={},
                    )
                )
                return saved
            # The contact already has a stored place (maybe under another id): edit that one.
            changes = {name: getattr(entry, name) for name in ROLE_EDITABLE if getattr(row, name) != getattr(entry, name)}
            if changes:
                self.outbox.patch(session, EntityKind.BUYER_ROLE, row, changes)
            return entry_from_row(row)

    def committee(self, account_id: str) -> Committee:
        with self.cache.session() as session:
            account_row = session.get(AccountRow, account_id)
            if account_row is None:
                raise RecordNotFound(f"no account {account_id}")
            account = account_from_row(account_row)
            contacts = self._contacts(session, account_id)
            return build_committee(account, contacts, self._entries(session, account_id), self._activities(session, account_id)[0])

    # --- the account file ----------------------------------------------------------------------

    def account_of(self, lead_id: str) -> str | None:
        with self.cache.session() as session:
            lead = session.get(LeadRow, lead_id)
            if lead is None:
                raise RecordNotFound(f"no lead {lead_id}")
            return lead.account_id

    def open_account(self, account_id: str) -> AccountFile:
        """The account, its contacts with role, last touch, stage and latest verdict, the
        timeline, the notes and the committee: six queries, whatever the size."""
        with self.cache.session() as session:
            account_row = session.get(AccountRow, account_id)
            if account_row is None:
                raise RecordNotFound(f"no account {account_id}")
            account = account_from_row(account_row)
            contacts = self._contacts(session, account_id)
            activities, names = self._activities(session, account_id)
            verdicts = self._latest_verdicts(session, account_id)
            notes = self._notes(session, account_id, None)
            entries = self._entries(session, account_id)
        committee = build_committee(account, contacts, entries, activities)
        superseded = {a.supersedes_id for a in activities if a.supersedes_id}
        timeline = [TimelineEntry(a, names.get(a.lead_id, ""), a.id in superseded) for a in activities]
        lines = []
        for member in committee.members():
            verdict, framework, reason = verdicts.get(member.lead_id, (None, None, None))
            lines.append(ContactLine(member.lead, member.entry, member.status, member.last_touch_at, verdict, framework, reason))
        return AccountFile(account, lines, timeline, notes, committee, activities)

    # --- search --------------------------------------------------------------------------------

    def search(self, query: str, *, account_id: str | None = None, limit: int = SEARCH_LIMIT) -> list[NoteHit]:
        """Notes whose text or sources hold every word typed, as substrings, in any script;
        the newest research first.

        Across the book, words of three characters or more go through the trigram index
        (newest first lets the index stop at the limit instead of ranking every match);
        shorter words can only be checked with LIKE. Within one account a plain scan of its
        few hundred notes is quicker than filtering index hits by account.
        """
        terms = [t for t in re.split(r"\s+", query.strip()) if t]
        if not terms:
            return []
        indexed = [t for t in terms if len(t) >= MIN_INDEXED_CHARS] if account_id is None else []
        scanned = [t for t in terms if t not in indexed]
        params: dict[str, Any] = {"limit": int(limit), "first": (indexed or terms)[0]}
        where: list[str] = []
        if account_id is not None:
            where.append("n.account_id = :account")
            params["account"] = account_id
        for i, term in enumerate(scanned):
            like = f"n.text LIKE :like{i} ESCAPE '\\'"
            if account_id is not None:  # a few notes: their sources are worth reading too
                like = (
                    f"({like} OR EXISTS (SELECT 1 FROM json_each(n.sources) AS s "
                    f"WHERE json_extract(s.value, '$.ref') LIKE :like{i} ESCAPE '\\'))"
                )
            where.append(like)
            params[f"like{i}"] = _like_pattern(term)
        columns = (
            "n.id, n.account_id, a.name, n.lead_id, n.template, n.section, n.field, n.pinned, "
            f"substr(n.text, max(1, instr(lower(n.text), lower(:first)) - {SNIPPET_BEFORE}), {SNIPPET_CHARS})"
        )
        if indexed:
            params["match"] = " AND ".join(_phrase(t) for t in indexed)
            sql = (
                f"SELECT {columns} FROM research_search AS f "
                "JOIN research_search_docs AS d ON d.doc = f.rowid "
                "JOIN research_notes AS n ON n.id = d.note_id "
                "JOIN accounts AS a ON a.id = n.account_id "
                "WHERE research_search MATCH :match"
                + "".join(f" AND {w}" for w in where)
                + " ORDER BY f.rowid DESC LIMIT :limit"
            )
        elif account_id is not None:
            sql = (
                f"SELECT {columns} FROM research_notes AS n JOIN accounts AS a ON a.id = n.account_id "
                "WHERE " + " AND ".join(where) + " ORDER BY n.updated_at DESC LIMIT :limit"
            )
        else:
            # No ORDER BY: the scan stops at the limit instead of reading every note.
            sql = (
                f"SELECT {columns} FROM research_notes AS n JOIN accounts AS a ON a.id = n.account_id "
                "WHERE " + " AND ".join(where) + " LIMIT :limit"
            )
        with self.cache.session() as session:
            rows = session.execute(text(sql), params).all()
        return [
            NoteHit(
                note_id=r[0],
                account_id=r[1],
                account_name=r[2],
                lead_id=r[3],
                template=Tier(r[4]),
                section=r[5],
                field=r[6],
                pinned=bool(r[7]),
                snippet=(r[8] or "").replace("\n", " "),
            )
            for r in rows
        ]

    # --- internals -------------------------------------------------------------------------------

    def _insert_note(self, session: Session, note: ResearchNote, author: str) -> ResearchNote:
        saved = replace(note, author_id=None, updated_at=None, sources=list(note.sources))
        op = self.outbox.record(
            session, EntityKind.RESEARCH_NOTE, saved.id, OpKind.CREATE, op_fields(EntityKind.RESEARCH_NOTE, saved)
        )
        saved.updated_at = op.created_at
        saved.author_id = author
        session.add(
            ResearchNoteRow(
                id=saved.id,
                account_id=saved.account_id,
                template=saved.template,
                section=saved.section,
                field=saved.field,
                updated_at=saved.updated_at,
                author_id=author,
                field_clock={},
                **_note_values(saved),
            )
        )
        return saved

    def _patch_note(self, session: Session, row: ResearchNoteRow, changes: dict[str, Any], author: str) -> None:
        if not changes:
            return
        self.outbox.patch(session, EntityKind.RESEARCH_NOTE, row, changes)
        row.author_id = author

    def _check_contact(self, session: Session, account_id: str, lead_id: str | None) -> None:
        if lead_id is None:
            return
        lead = session.get(LeadRow, lead_id)
        if lead is None:
            raise RecordNotFound(f"no lead {lead_id}")
        if lead.account_id != account_id:
            raise CommitteeError(
                CommitteeProblem.OTHER_ACCOUNT, f"{lead.full_name} is a contact of another account"
            )

    def _notes(self, session: Session, account_id: str, template: Tier | None) -> list[ResearchNote]:
        stmt = select(ResearchNoteRow).where(ResearchNoteRow.account_id == account_id)
        if template is not None:
            stmt = stmt.where(ResearchNoteRow.template == template)
        notes = [note_from_row(r) for r in session.scalars(stmt)]
        order = {tier: i for i, tier in enumerate(Tier)}

        def place(note: ResearchNote) -> tuple[int, int, int, float]:
            tmpl = self.templates.get(note.template)
            section = tmpl.section(note.section) if tmpl else None
            spec = section.field(note.field) if section else None
            s = tmpl.sections.index(section) if tmpl and section else 999
            f = section.fields.index(spec) if section and spec else 999
            stamp = -note.updated_at.timestamp() if note.updated_at else 0.0
            return (order[note.template], s, f, stamp)

        notes.sort(key=place)
        return notes

    def _contacts(self, session: Session, account_id: str) -> list[Lead]:
        rows = session.scalars(select(LeadRow).where(LeadRow.account_id == account_id).order_by(LeadRow.full_name))
        return [lead_from_row(r) for r in rows]

    def _entries(self, session: Session, account_id: str) -> list[BuyerRoleEntry]:
        rows = session.scalars(select(BuyerRoleRow).where(BuyerRoleRow.account_id == account_id))
        return [entry_from_row(r) for r in rows]

    def _activities(self, session: Session, account_id: str) -> tuple[list[Activity], dict[str, str]]:
        """The account's activities, newest first, read as plain rows (no ORM objects: 2,000+ of them)."""
        a = ActivityRow.__table__.c
        leads = LeadRow.__table__.c
        stmt = (
            select(
                a.id, a.lead_id, a.channel, a.outcome, a.occurred_at, a.step, a.duration_s, a.notes,
                a.author_id, a.supersedes_id, leads.full_name,
            )
            .join_from(ActivityRow.__table__, LeadRow.__table__, leads.id == a.lead_id)
            .where(leads.account_id == account_id)
            .order_by(a.occurred_at.desc())
        )
        activities: list[Activity] = []
        names: dict[str, str] = {}
        for r in session.execute(stmt):
            activities.append(Activity(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]))
            names[r[1]] = r[10]
        return activities, names

    def _latest_verdicts(
        self, session: Session, account_id: str
    ) -> dict[str, tuple[Verdict, str, DisqualifyReason | None]]:
        q = QualificationRow.__table__.c
        leads = LeadRow.__table__.c
        stmt = (
            select(q.lead_id, q.version, q.verdict, q.framework, q.reason)
            .join_from(QualificationRow.__table__, LeadRow.__table__, leads.id == q.lead_id)
            .where(leads.account_id == account_id)
            .order_by(q.lead_id, q.version)
        )
        # Ascending versions: the last one written per lead wins.
        return {r[0]: (r[2], r[3], r[4]) for r in session.execute(stmt)}


__all__ = [
    "AccountFile",
    "AccountResearch",
    "ContactLine",
    "NoteHit",
    "TimelineEntry",
    "build_committee",
    "entry_from_row",
    "note_from_row",
]
