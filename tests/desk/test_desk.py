"""The desk: every use case returns what it changed, and the queue always equals one ranked
from the cache from scratch."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sdr_desk.config import Profile
from sdr_desk.core.entities import (
    Account,
    Channel,
    CriterionAnswer,
    CriterionStatus,
    Direction,
    DisqualifyReason,
    Lead,
    LeadSource,
    Outcome,
    ResearchNote,
    SourceRef,
    Stage,
    Tier,
)
from sdr_desk.core.ids import new_id
from sdr_desk.core.stages import TransitionRefused
from sdr_desk.desk import Change, Desk, default_practice_copy
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.practice import PracticeBookError
from sdr_desk.store.queue import CallQueue, QueueFilter
from sdr_desk.store.repositories import SalesBook
from sdr_desk.sync.client import PracticeBook, SyncClient
from sdr_desk.sync.credentials import MemoryTokens

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Wednesday
LEADS = 8


def _all_yes() -> dict[str, CriterionAnswer]:
    return {c: CriterionAnswer(CriterionStatus.YES, f"evidence for {c}")
            for c in ("money", "authority", "need", "time", "competitor", "people")}


def _fill(cache: Cache, leads: int = LEADS) -> list[str]:
    """A small book: inbound leads with SLA clocks running, and outbound ones."""
    book = SalesBook(cache)
    ids = []
    for i in range(leads):
        account = Account(id=f"acc-{i}", name=f"Firm {i}", country="CN", tier=(Tier.T1, Tier.T2, Tier.T3)[i % 3])
        book.create_account(account)
        inbound = i % 2 == 0
        lead = Lead(
            id=f"lead-{i}", full_name=f"Rep Lead {i}", account_id=account.id, country="CN", time_zone="Asia/Shanghai",
            phones=[f"+86138001380{i:02d}"], direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            source=LeadSource.WEB_FORM if inbound else LeadSource.OUTBOUND_LIST,
            sla_due_at=NOW + timedelta(minutes=59 + 30 * i) if inbound else None,
        )
        book.create_lead(lead)
        ids.append(lead.id)
    return ids


@pytest.fixture
def desk(cache: Cache) -> Iterator[Desk]:
    _fill(cache)
    desk = Desk.open(cache)
    desk.queue.load()
    yield desk


def _fresh(desk: Desk, now: datetime) -> list[str]:
    return CallQueue(desk.cache, desk.rep_id()).ranked_ids(QueueFilter(), now)


def test_a_handed_off_lead_leaves_the_queue_at_once(desk: Desk) -> None:
    desk.log_touch("lead-0", Channel.PHONE, Outcome.CONVERSATION, at=NOW)
    desk.save_qualification("lead-0", "mantcp", _all_yes(), at=NOW + timedelta(minutes=1))
    done = desk.hand_off("lead-0", at=NOW + timedelta(minutes=2))
    assert done.value.stage is Stage.MQL
    assert done.changes.touches_lead("lead-0") and Change.STAGE in done.changes.kinds
    later = NOW + timedelta(minutes=3)
    assert "lead-0" not in desk.queue.ranked_ids(QueueFilter(), later)
    assert desk.queue.ranked_ids(QueueFilter(), later) == _fresh(desk, later)


def test_a_disqualified_lead_leaves_the_queue_and_a_touched_one_shows_working(desk: Desk) -> None:
    desk.log_touch("lead-2", Channel.PHONE, Outcome.NO_ANSWER, at=NOW)
    assert desk.queue.rows(["lead-2"])["lead-2"].stage is Stage.WORKING
    parts = {p.code for p in desk.queue.explain("lead-2", NOW)}
    assert "sla" not in parts  # touched: no SLA pressure any more
    desk.move_stage("lead-4", Stage.DISQUALIFIED, at=NOW, reason=DisqualifyReason.NO_BUDGET)
    assert "lead-4" not in desk.queue.ranked_ids(QueueFilter(), NOW)


def test_a_refused_move_changes_nothing(desk: Desk) -> None:
    before = desk.queue.ranked_ids(QueueFilter(), NOW)
    with pytest.raises(TransitionRefused):
        desk.hand_off("lead-1", at=NOW)  # never qualified
    assert desk.queue.ranked_ids(QueueFilter(), NOW) == before
    assert desk.outbox_counts().pending == 2 * LEADS  # the book's own creates only


def test_a_lead_written_by_a_sync_round_is_ranked_and_explained(desk: Desk, cache_path: Path) -> None:
    # A sync round writes through its own connection, as the window's sync thread does.
    other = open_cache(cache_path)
    try:
        SalesBook(other).create_lead(Lead(
            id="pulled", full_name="From The Server", country="CN", time_zone="Asia/Shanghai",
            sla_due_at=NOW + timedelta(minutes=59), owner_id=None))
    finally:
        other.close()
    assert desk.queue.explain("pulled", NOW) == ()  # the desk has not heard of it yet
    changes = desk.pulled(["pulled"])
    assert changes.touches_lead("pulled") and changes.moves_queue
    parts = {p.code: p for p in desk.queue.explain("pulled", NOW)}
    assert parts["sla"].reason_code == "sla.pending"  # its place is explained
    assert desk.queue.ranked_ids(QueueFilter(), NOW) == _fresh(desk, NOW)


def test_pinning_an_insight_names_the_account_whose_call_cards_change(desk: Desk) -> None:
    note = ResearchNote(id=new_id(), account_id="acc-1", template=Tier.T1, section="market_dynamics", field="growth",
                        text="Opened a second plant in Suzhou this year",
                        sources=[SourceRef("https://example.com/annual-report-2025", "2026-03-31")])
    saved = desk.save_note(note)
    pinned = desk.set_pinned(saved.value.id, True)
    assert pinned.value.pinned and pinned.changes.touches_account("acc-1")
    assert not pinned.changes.moves_queue  # research does not move the queue
    assert [i.note.text for i in desk.research.pinned_for_lead("lead-1")] == ["Opened a second plant in Suzhou this year"]


# --- the queue always equals a fresh one ------------------------------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["call", "reply", "undo", "disqualify", "nurture", "hand_off", "rename", "wait"]),
        st.integers(0, LEADS - 1),
        st.sampled_from([Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.CONVERSATION, Outcome.CALL_BACK]),
    ),
    max_size=10,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_after_any_sequence_of_use_cases_the_queue_equals_one_rebuilt_from_the_cache(actions: list) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        cache = open_cache(Path(folder) / "cache.sqlite3")
        try:
            ids = _fill(cache)
            desk = Desk.open(cache)
            desk.queue.load()
            now = NOW
            logged: list[str] = []
            for action, index, outcome in actions:
                lead_id = ids[index]
                now += timedelta(minutes=7)
                try:
                    if action == "call":
                        logged.append(desk.log_touch(lead_id, Channel.PHONE, outcome, at=now).value.id)
                    elif action == "reply":
                        logged.append(desk.log_touch(lead_id, Channel.EMAIL, Outcome.REPLIED, at=now).value.id)
                    elif action == "undo" and logged:
                        desk.undo_touch(logged.pop(), at=now)
                    elif action == "disqualify":
                        desk.move_stage(lead_id, Stage.DISQUALIFIED, at=now, reason=DisqualifyReason.NO_NEED)
                    elif action == "nurture":
                        desk.move_stage(lead_id, Stage.NURTURE, at=now, reason=DisqualifyReason.NOT_NOW)
                    elif action == "hand_off":
                        desk.save_qualification(lead_id, "mantcp", _all_yes(), at=now)
                        desk.hand_off(lead_id, at=now + timedelta(seconds=1))
                    elif action == "rename":
                        desk.edit_lead(lead_id, {"title": f"Head of IT {index}"})
                    elif action == "wait":
                        now += timedelta(days=30)  # nurture touches fall due, SLA clocks run out
                except (TransitionRefused, ValueError):
                    pass  # refused moves write nothing; the queue must still agree
                live = desk.queue.rank(QueueFilter(), now)
                fresh = CallQueue(cache, desk.rep_id()).rank(QueueFilter(), now)
                assert live.ids == fresh.ids
                assert live.points == pytest.approx(fresh.points)
                assert live.callable_now == fresh.callable_now
        finally:
            cache.close()


# --- the practice book ----------------------------------------------------------------------------


@pytest.fixture
def practice(tmp_path: Path) -> Iterator[Desk]:
    profile = Profile(tmp_path / "rep")
    cache = open_cache(profile.cache_path)
    generate_demo(cache, leads=60, seed=3, now=NOW)
    desk = Desk.open(cache)
    yield desk
    cache.close()


def test_a_demo_book_is_practice_and_is_never_signed_in_over(practice: Desk) -> None:
    assert practice.practice
    # Refused before anything is sent: nothing listens on port 9, and the refusal is not "unreachable".
    with SyncClient(practice.cache, "http://127.0.0.1:9", MemoryTokens(), outbox=practice.outbox) as client:
        with pytest.raises(PracticeBook, match="practice book"):
            client.login("rep-a", "secret")
        with pytest.raises(PracticeBook):
            client.run_round()


def test_setting_the_practice_book_aside_keeps_it_as_a_profile_and_starts_fresh(practice: Desk) -> None:
    practice.log_touch(practice.queue.ranked_ids(QueueFilter(), NOW)[0], Channel.PHONE, Outcome.NO_ANSWER, at=NOW)
    leads = practice.book.lead_count()
    keep_in = default_practice_copy(practice.cache.path.parent)
    done = practice.leave_practice(keep_in)
    assert done.value == leads and done.changes.whole_book
    assert not practice.practice and not practice.is_practice()
    assert practice.book.lead_count() == 0 and practice.outbox_counts().pending == 0
    assert practice.queue.ranked_ids(QueueFilter(), NOW) == []
    kept = Desk.open_profile(Profile(keep_in))
    try:
        assert kept.practice and kept.book.lead_count() == leads
        assert kept.cache.engine.connect().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        kept.close()
    with pytest.raises(PracticeBookError):
        practice.leave_practice(None)  # nothing left to leave


def test_discarding_the_practice_book_keeps_no_copy(practice: Desk) -> None:
    practice.leave_practice(None)
    assert practice.book.lead_count() == 0
    assert not default_practice_copy(practice.cache.path.parent).exists()
