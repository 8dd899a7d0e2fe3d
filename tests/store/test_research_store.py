"""Research in the cache: notes and roles commit with their ops or not at all; the account
file in one read; the trigram search index kept in step with the notes by triggers."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text

from sdr_desk.core.buyer_map import CommitteeError, CommitteeProblem
from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    BuyerRoleEntry,
    Channel,
    CriterionAnswer,
    CriterionStatus,
    EntityKind,
    Lead,
    OpKind,
    Outcome,
    ResearchNote,
    SourceKind,
    SourceRef,
    Stage,
    Stance,
    Step,
    Tier,
    Verdict,
)
from sdr_desk.core.ids import new_id
from sdr_desk.core.research import NoteProblem, NoteRejected
from sdr_desk.store.engine import _alembic_config, open_cache, schema_head
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.repositories import RecordNotFound, SalesBook
from sdr_desk.store.research import AccountResearch
from sdr_desk.store.tables import BuyerRoleRow, OutboxOp, ResearchNoteRow

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def research(book: SalesBook) -> AccountResearch:
    return AccountResearch(book, clock=lambda: NOW)


def _account(book: SalesBook, name: str = "Northwind Trading", tier: Tier = Tier.T1) -> Account:
    account = Account(id=new_id(), name=name, employees=300, tier=tier, industry="Logistics")
    book.create_account(account)
    return account


def _contact(book: SalesBook, account: Account, name: str, role: BuyerRole = BuyerRole.UNKNOWN) -> Lead:
    lead = Lead(id=new_id(), full_name=name, account_id=account.id, buyer_role=role, title="Director")
    book.create_lead(lead)
    return lead


def _note(account: Account, text_: str = "Logistics spend grows 12% a year", **kw) -> ResearchNote:  # noqa: ANN003
    values = dict(
        id=new_id(),
        account_id=account.id,
        template=Tier.T1,
        section="market_dynamics",
        field="growth",
        text=text_,
        sources=[SourceRef("https://example.com/annual-report-2025", "2026-03-31")],
    )
    values.update(kw)
    return ResearchNote(**values)


def _ops(book: SalesBook, entity: EntityKind) -> list[OutboxOp]:
    with book.cache.session() as session:
        return list(session.scalars(select(OutboxOp).where(OutboxOp.entity == entity).order_by(OutboxOp.seq)))


def _count(book: SalesBook, table: type) -> int:
    with book.cache.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


# --- notes ----------------------------------------------------------------------------------------


def test_new_note_is_saved_with_a_create_op_and_found_by_search(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    saved = research.save_note(_note(account))

    assert saved.updated_at is not None and saved.author_id == book.rep_id()
    [op] = _ops(book, EntityKind.RESEARCH_NOTE)
    assert (op.kind, op.entity_id) == (OpKind.CREATE, saved.id)
    assert op.fields["text"] == "Logistics spend grows 12% a year"
    assert op.fields["sources"] == [{"ref": "https://example.com/annual-report-2025", "date": "2026-03-31", "kind": "link"}]
    assert "author_id" not in op.fields and "updated_at" not in op.fields and "id" not in op.fields
    assert research.notes(account.id) == [saved]
    assert [h.note_id for h in research.search("spend grows")] == [saved.id]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        (SourceRef("annual report on the website"), NoteProblem.BAD_LINK),
        (SourceRef("https://example.com/q3", (NOW + timedelta(days=2)).date().isoformat()), NoteProblem.FUTURE_DATE),
        (SourceRef("  ", kind=SourceKind.DOCUMENT), NoteProblem.EMPTY_DOCUMENT),
    ],
)
def test_refused_note_writes_nothing(book: SalesBook, research: AccountResearch, source: SourceRef, problem: NoteProblem) -> None:
    account = _account(book)
    with pytest.raises(NoteRejected) as refused:
        research.save_note(_note(account, sources=[source]))
    assert [i.problem for i in refused.value.issues] == [problem]
    assert _count(book, ResearchNoteRow) == 0
    assert _ops(book, EntityKind.RESEARCH_NOTE) == []
    assert research.search("spend") == []


def test_a_refused_edit_keeps_the_saved_note(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    saved = research.save_note(_note(account))
    with pytest.raises(NoteRejected):
        research.save_note(_note(account, id=saved.id, text="   "))
    assert research.note(saved.id).text == saved.text
    assert len(_ops(book, EntityKind.RESEARCH_NOTE)) == 1


def test_note_about_a_contact_of_another_account_is_refused(book: SalesBook, research: AccountResearch) -> None:
    ours = _account(book)
    theirs = _account(book, "Contoso Retail")
    stranger = _contact(book, theirs, "Alex Morgan")
    with pytest.raises(CommitteeError) as refused:
        research.save_note(_note(ours, section="leadership", field="attitudes", lead_id=stranger.id))
    assert refused.value.problem is CommitteeProblem.OTHER_ACCOUNT
    assert _count(book, ResearchNoteRow) == 0 and _ops(book, EntityKind.RESEARCH_NOTE) == []


def test_note_for_an_unknown_account_is_refused(book: SalesBook, research: AccountResearch) -> None:
    ghost = Account(id=new_id(), name="Nowhere")
    with pytest.raises(RecordNotFound):
        research.save_note(_note(ghost))
    assert _ops(book, EntityKind.RESEARCH_NOTE) == []


def test_edit_sends_only_changed_fields_with_a_clock_each(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    saved = research.save_note(_note(account))
    edited = research.save_note(_note(account, id=saved.id, text="Spend grows 15% a year (revised)"))
    again = research.save_note(_note(account, id=saved.id, text="Spend grows 15% a year (revised)"))

    create, patch = _ops(book, EntityKind.RESEARCH_NOTE)  # the unchanged save wrote no op
    assert patch.kind is OpKind.PATCH and patch.fields == {"text": "Spend grows 15% a year (revised)"}
    with book.cache.session() as session:
        row = session.get(ResearchNoteRow, saved.id)
        assert row is not None and row.field_clock == {"text": patch.hlc}
    assert edited == again and edited.text.endswith("(revised)")
    assert research.search("revised")[0].note_id == saved.id
    assert research.search("12%") == []  # the old text left the index


def test_moving_a_note_to_another_field_is_refused(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    saved = research.save_note(_note(account))
    with pytest.raises(ValueError, match="stays on its account"):
        research.save_note(_note(account, id=saved.id, field="size"))
    assert research.note(saved.id).field == "growth"


def test_pin_and_unpin_reach_the_call_card(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    ann = _contact(book, account, "Ann Lee")
    ben = _contact(book, account, "Ben Ward")
    market = research.save_note(_note(account))
    about_ben = research.save_note(
        _note(account, section="leadership", field="attitudes", text="Prefers short calls", lead_id=ben.id, pinned=True)
    )
    assert [p.note.id for p in research.pinned_for_lead(ann.id)] == []

    research.set_pinned(market.id, True)
    assert [p.line() for p in research.pinned_for_lead(ann.id)] == ["Market dynamics · Growth: Logistics spend grows 12% a year"]
    assert [p.note.id for p in research.pinned_for_lead(ben.id)] == [market.id, about_ben.id]

    research.set_pinned(market.id, True)  # already pinned: no second op
    research.set_pinned(market.id, False)
    pins = [op for op in _ops(book, EntityKind.RESEARCH_NOTE) if op.kind is OpKind.PATCH]
    assert [op.fields for op in pins] == [{"pinned": True}, {"pinned": False}]
    assert research.pinned_for_lead(ann.id) == []


def test_delete_note_sends_a_delete_and_leaves_the_index(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    saved = research.save_note(_note(account, text="废弃的笔记 obsolete"))
    research.delete_note(saved.id)
    assert _ops(book, EntityKind.RESEARCH_NOTE)[-1].kind is OpKind.DELETE
    assert research.notes(account.id) == [] and research.search("obsolete") == [] and research.search("废弃") == []


def test_notes_come_in_template_order(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    later = research.save_note(_note(account, section="technology", field="competing", text="Runs a legacy CRM"))
    first = research.save_note(_note(account, section="market_dynamics", field="size", text="A 12 bn market"))
    t3 = research.save_note(_note(account, template=Tier.T3, section="industry", field="fact", text="Consolidating"))
    assert [n.id for n in research.notes(account.id)] == [first.id, later.id, t3.id]
    assert [n.id for n in research.notes(account.id, Tier.T3)] == [t3.id]


# --- buyer roles ----------------------------------------------------------------------------------


def test_role_upsert_creates_then_patches_with_a_clock(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    ann = _contact(book, account, "Ann Lee")
    ben = _contact(book, account, "Ben Ward")
    entry = BuyerRoleEntry(new_id(), account.id, ann.id, BuyerRole.DECIDER)
    created = research.save_role(entry)
    changed = research.save_role(
        BuyerRoleEntry(new_id(), account.id, ann.id, BuyerRole.DECIDER, Stance.CHAMPION, 5, reports_to_lead_id=ben.id)
    )

    create, patch = _ops(book, EntityKind.BUYER_ROLE)
    assert create.kind is OpKind.CREATE and create.entity_id == entry.id and create.fields["role"] == "decider"
    assert patch.kind is OpKind.PATCH and patch.entity_id == entry.id  # the stored place, not the new id
    assert patch.fields == {"stance": "champion", "influence": 5, "reports_to_lead_id": ben.id}
    assert created.updated_at is not None and changed.id == entry.id
    with book.cache.session() as session:
        row = session.get(BuyerRoleRow, entry.id)
        assert row is not None and row.field_clock == dict.fromkeys(("stance", "influence", "reports_to_lead_id"), patch.hlc)
    assert research.committee(account.id).entry(ann.id).stance is Stance.CHAMPION


def test_role_for_a_contact_of_another_account_is_refused(book: SalesBook, research: AccountResearch) -> None:
    ours = _account(book)
    _contact(book, ours, "Ann Lee")
    theirs = _account(book, "Contoso Retail")
    stranger = _contact(book, theirs, "Alex Morgan")
    with pytest.raises(CommitteeError) as refused:
        research.save_role(BuyerRoleEntry(new_id(), ours.id, stranger.id, BuyerRole.DECIDER))
    assert refused.value.problem is CommitteeProblem.OTHER_ACCOUNT
    assert _count(book, BuyerRoleRow) == 0 and _ops(book, EntityKind.BUYER_ROLE) == []


def test_role_that_closes_a_reporting_loop_is_refused(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    ann = _contact(book, account, "Ann Lee")
    ben = _contact(book, account, "Ben Ward")
    research.save_role(BuyerRoleEntry(new_id(), account.id, ann.id, BuyerRole.USER, reports_to_lead_id=ben.id))
    with pytest.raises(CommitteeError) as refused:
        research.save_role(BuyerRoleEntry(new_id(), account.id, ben.id, BuyerRole.DECIDER, reports_to_lead_id=ann.id))
    assert refused.value.problem is CommitteeProblem.REPORTING_CYCLE
    assert len(_ops(book, EntityKind.BUYER_ROLE)) == 1


# --- the account file -----------------------------------------------------------------------------


def test_open_account_gathers_contacts_timeline_verdicts_notes_and_committee(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    ann = _contact(book, account, "Ann Lee", BuyerRole.INFLUENCER)
    ben = _contact(book, account, "Ben Ward")
    other = _contact(book, _account(book, "Contoso Retail"), "Alex Morgan")
    work = LeadWork(book)
    called = work.log_touch(ann.id, Channel.PHONE, Outcome.CONVERSATION, at=NOW - timedelta(days=2))
    mailed = work.log_touch(ann.id, Channel.EMAIL, Outcome.SENT, at=NOW - timedelta(days=1))
    work.undo(mailed.id, at=NOW - timedelta(hours=1))
    work.log_touch(other.id, Channel.PHONE, Outcome.NO_ANSWER, at=NOW)
    answers = {c: CriterionAnswer(CriterionStatus.YES, "yes") for c in ("money", "authority", "need", "time", "competitor", "people")}
    work.save_qualification(ann.id, "mantcp", answers, at=NOW - timedelta(days=1))
    research.save_role(BuyerRoleEntry(new_id(), account.id, ben.id, BuyerRole.DECIDER, Stance.SCEPTIC))
    note = research.save_note(_note(account))

    opened = research.open_account(account.id)

    assert opened.account.name == "Northwind Trading"
    by_name = {c.lead.full_name: c for c in opened.contacts}
    assert set(by_name) == {"Ann Lee", "Ben Ward"}
    assert by_name["Ann Lee"].entry.role is BuyerRole.INFLUENCER  # from the lead until placed on the map
    assert by_name["Ben Ward"].entry.role is BuyerRole.DECIDER and by_name["Ben Ward"].entry.stance is Stance.SCEPTIC
    assert by_name["Ann Lee"].step is Step.CONVERSATION
    assert by_name["Ann Lee"].last_touch_at == NOW - timedelta(days=2)  # the withdrawn email does not count
    assert by_name["Ann Lee"].verdict is Verdict.QUALIFIED and by_name["Ann Lee"].framework == "mantcp"
    assert by_name["Ann Lee"].stage is Stage.WORKING
    assert by_name["Ben Ward"].verdict is None and by_name["Ben Ward"].step is None
    assert [(t.activity.id, t.contact, t.superseded) for t in opened.timeline][1:] == [
        (mailed.id, "Ann Lee", True),
        (called.id, "Ann Lee", False),
    ]
    assert opened.timeline[0].activity.outcome is Outcome.RETRACTED
    assert opened.notes == [note]
    assert sorted(opened.committee.lead_ids()) == sorted([ann.id, ben.id])
    assert research.account_of(ann.id) == account.id


def test_open_unknown_account_raises(research: AccountResearch) -> None:
    with pytest.raises(RecordNotFound):
        research.open_account("no-such-account")


def test_a_stored_reporting_loop_does_not_hide_the_account(book: SalesBook, research: AccountResearch) -> None:
    """Two offline edits can cross into a loop; the account still opens, without one line."""
    account = _account(book)
    ann = _contact(book, account, "Ann Lee")
    ben = _contact(book, account, "Ben Ward")
    with book.cache.transaction() as session:
        for lead, manager in ((ann, ben), (ben, ann)):
            session.add(BuyerRoleRow(id=new_id(), account_id=account.id, lead_id=lead.id, role=BuyerRole.USER,
                                     stance=Stance.NEUTRAL, influence=3, reports_to_lead_id=manager.id, field_clock={}))
    committee = research.open_account(account.id).committee
    lines = [committee.reports_to(ann.id), committee.reports_to(ben.id)]
    assert sorted(lines, key=str) == sorted([ben.id, None], key=str)


# --- search ---------------------------------------------------------------------------------------


def test_search_finds_substrings_in_any_script(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    zh = research.save_note(_note(account, text="华东区市场规模约 120 亿元，年增长 18% 🚀"))
    en = research.save_note(_note(account, field="size", text="Warehouse automation market: USD 12bn"))
    doc = research.save_note(
        _note(account, field="maturity", text="Mature", sources=[SourceRef("Gartner Hype Cycle deck", "2026-01-10", SourceKind.DOCUMENT)])
    )
    assert [h.note_id for h in research.search("市场规模")] == [zh.id]
    assert [h.note_id for h in research.search("🚀")] == [zh.id]  # one emoji: a short term, LIKE
    assert [h.note_id for h in research.search("housE AUTO")] == [en.id]  # case-insensitive substrings
    assert [h.note_id for h in research.search("hype cycle")] == [doc.id]  # source names are searched too
    assert [h.note_id for h in research.search("市场")] == [zh.id]  # two characters: LIKE fallback
    assert {h.note_id for h in research.search("12")} == {zh.id, en.id}
    assert [h.note_id for h in research.search("market 12")] == [en.id]  # every word must be there
    assert research.search("   ") == [] and research.search("nothing like this") == []
    hit = research.search("规模")[0]
    assert hit.account_name == "Northwind Trading" and hit.section == "market_dynamics" and "规模" in hit.snippet


def test_search_treats_query_syntax_and_wildcards_as_text(book: SalesBook, research: AccountResearch) -> None:
    account = _account(book)
    quoted = research.save_note(_note(account, text='They said "NEAR" and OR AND NOT * (x) 100%_done'))
    other = research.save_note(_note(account, field="size", text="100 percent done"))
    assert [h.note_id for h in research.search('"NEAR"')] == [quoted.id]
    assert [h.note_id for h in research.search("(x)")] == [quoted.id]
    assert [h.note_id for h in research.search("%_")] == [quoted.id]
    assert other.id not in {h.note_id for h in research.search("0%_")}


def test_search_can_stay_on_one_account_and_shows_a_snippet_of_long_notes(book: SalesBook, research: AccountResearch) -> None:
    north = _account(book)
    south = _account(book, "Southwind Foods")
    long_text = ("填充文字 filler " * 9_000) + "the procurement freeze ends in March" + (" tail" * 100)
    assert len(long_text) > 100_000
    big = research.save_note(_note(north, text=long_text))
    research.save_note(_note(south, text="procurement freeze"))
    hits = research.search("procurement freeze", account_id=north.id)
    assert [h.note_id for h in hits] == [big.id]
    assert "procurement freeze" in hits[0].snippet and len(hits[0].snippet) <= 160
    assert len(research.search("procurement freeze")) == 2


def test_rows_written_by_sync_are_indexed_too(book: SalesBook, research: AccountResearch) -> None:
    """Pulled changes land by plain SQL, not through this service: the triggers index them."""
    account = _account(book)
    with book.cache.transaction() as session:
        session.execute(
            text(
                "INSERT INTO research_notes(id, account_id, template, section, field, text, sources, pinned, field_clock) "
                "VALUES ('pulled', :account, 'T2', 'company', 'priorities', 'Pulled from a teammate', :sources, 0, '{}')"
            ),
            {"account": account.id, "sources": json.dumps([{"ref": "Board minutes", "kind": "document"}])},
        )
    assert [h.note_id for h in research.search("teammate")] == ["pulled"]
    assert [h.note_id for h in research.search("minutes")] == ["pulled"]
    with book.cache.transaction() as session:
        session.execute(text("UPDATE research_notes SET sources = '[]' WHERE id = 'pulled'"))
    assert research.search("minutes") == [] and [h.note_id for h in research.search("teammate")] == ["pulled"]


# --- the migration --------------------------------------------------------------------------------


def _migrate(cache_path: Path, target: str, *, down: bool = False) -> None:
    engine = create_engine(f"sqlite:///{cache_path}")
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, target)
    finally:
        engine.dispose()


def _schema_names(cache_path: Path) -> set[str]:
    db = sqlite3.connect(cache_path)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()


def test_a_0001_cache_with_notes_migrates_to_head_and_its_notes_are_searchable(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    _migrate(cache_path, "0001")
    db = sqlite3.connect(cache_path)
    db.execute("INSERT INTO accounts(id, name, tier, grade, is_customer, field_clock) VALUES ('a1', 'Acme', 'T1', 'A', 0, '{}')")
    db.execute(
        "INSERT INTO research_notes(id, account_id, template, section, field, text, sources, pinned, field_clock) "
        "VALUES ('n1', 'a1', 'T1', 'company', 'revenue', '营收 30 亿元 revenue', '[]', 1, '{}')"
    )
    db.commit()
    db.close()
    # 0002 goes up and down cleanly: the index and its triggers go, the notes stay.
    _migrate(cache_path, "0002")
    assert {"research_search", "research_search_docs", "research_notes_search_insert"} <= _schema_names(cache_path)
    _migrate(cache_path, "0001", down=True)
    assert not {n for n in _schema_names(cache_path) if n.startswith(("research_search", "research_notes_search"))}

    cache = open_cache(cache_path)
    try:
        with cache.session() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema_head()
            assert session.execute(text("SELECT count(*) FROM research_notes")).scalar() == 1
        research = AccountResearch(SalesBook(cache), clock=lambda: NOW)
        assert [h.note_id for h in research.search("营收 30")] == ["n1"]
        assert [h.note_id for h in research.search("revenue")] == ["n1"]
    finally:
        cache.close()
