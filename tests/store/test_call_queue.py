"""The call queue over the cache: ranked by the rules, refreshed after writes, explained."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_desk.core.entities import Account, Channel, Direction, EngagementKind, Grade, Lead, LeadSource, Outcome, Tier
from sdr_desk.core.ids import new_id
from sdr_desk.store.lead_work import LeadWork
from sdr_desk.store.queue import CallQueue, QueueFilter, SearchIndex
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.scoring_job import Rescorer
from sdr_desk.store.tables import EngagementRow, LeadRow

# A Tuesday, 10:00 in Shanghai: inside Chinese calling hours.
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def _lead(book: SalesBook, name: str, *, grade: Grade = Grade.B, tier: Tier = Tier.T3, **kw: object) -> str:
    account = Account(id=new_id(), name=f"{name} Co", country="CN", grade=grade, tier=tier, industry="Software", employees=300)
    book.create_account(account)
    lead = Lead(
        id=new_id(),
        full_name=name,
        account_id=account.id,
        phones=["+8613800138000"],
        country="CN",
        time_zone="Asia/Shanghai",
        owner_id=book.rep_id(),
        **kw,  # type: ignore[arg-type]
    )
    book.create_lead(lead)
    return lead.id


def test_overdue_inbound_lead_comes_first_and_says_why(book: SalesBook) -> None:
    calm = _lead(book, "Calm Outbound", grade=Grade.A, tier=Tier.T1, direction=Direction.OUTBOUND, source=LeadSource.OUTBOUND_LIST)
    overdue = _lead(book, "Overdue Inbound", sla_due_at=NOW - timedelta(minutes=20))
    queue = CallQueue(book.cache, book.rep_id())
    assert queue.ranked_ids(QueueFilter(), NOW) == [overdue, calm]
    parts = queue.explain(overdue, NOW)
    sla = next(p for p in parts if p.code == "sla")
    assert sla.points > 0 and "overdue" in sla.reason.lower()


def test_logging_a_touch_and_refreshing_moves_the_lead(book: SalesBook) -> None:
    first = _lead(book, "First", sla_due_at=NOW + timedelta(minutes=5))
    second = _lead(book, "Second")
    queue = CallQueue(book.cache, book.rep_id())
    assert queue.ranked_ids(QueueFilter(), NOW)[0] == first
    LeadWork(book).log_touch(first, Channel.PHONE, Outcome.NO_ANSWER, at=NOW)
    queue.refresh([first])
    assert queue.ranked_ids(QueueFilter(), NOW + timedelta(minutes=1))[0] == second
    retry = next(p for p in queue.explain(first, NOW + timedelta(minutes=1)) if p.code == "retry")
    assert retry.points < 0


def test_do_not_call_set_later_leaves_the_queue_on_refresh(book: SalesBook) -> None:
    lead = _lead(book, "Soon Blocked")
    queue = CallQueue(book.cache, book.rep_id())
    assert lead in queue.ranked_ids(QueueFilter(), NOW)
    book.patch_lead(lead, {"do_not_call": True})
    queue.refresh([lead])
    assert lead not in queue.ranked_ids(QueueFilter(), NOW)


def test_filters_and_callable_now(book: SalesBook) -> None:
    inbound = _lead(book, "In", source=LeadSource.WEBINAR)
    outbound = _lead(book, "Out", direction=Direction.OUTBOUND, source=LeadSource.OUTBOUND_LIST, grade=Grade.A)
    queue = CallQueue(book.cache, book.rep_id())
    assert queue.ranked_ids(QueueFilter(direction=Direction.OUTBOUND), NOW) == [outbound]
    assert queue.ranked_ids(QueueFilter(source=LeadSource.WEBINAR), NOW) == [inbound]
    assert queue.ranked_ids(QueueFilter(grade=Grade.A), NOW) == [outbound]
    night = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    assert queue.ranked_ids(QueueFilter(), night, callable_only=True) == []
    assert set(queue.ranked_ids(QueueFilter(), NOW, callable_only=True)) == {inbound, outbound}


@pytest.mark.parametrize("kind", [EngagementKind.PRICING_VIEW, EngagementKind.DEMO_REQUEST])
def test_rescoring_stores_scores_and_only_stale_leads_are_redone(book: SalesBook, kind: EngagementKind) -> None:
    engaged = _lead(book, "Engaged", title="CIO")
    quiet = _lead(book, "Quiet", title="CIO")
    with book.cache.transaction() as session:
        for days in (1, 2, 3):
            session.add(EngagementRow(id=new_id(), lead_id=engaged, kind=kind, occurred_at=NOW - timedelta(days=days)))
    rescorer = Rescorer(book.cache)
    assert set(rescorer.stale_ids()) == {engaged, quiet}
    seen: list[tuple[int, int]] = []
    assert rescorer.rescore(None, NOW, progress=lambda d, t: seen.append((d, t))) == 2
    assert seen[-1] == (2, 2)
    assert rescorer.stale_ids() == []
    with book.cache.session() as session:
        scores = {r.id: r.score_total for r in session.query(LeadRow)}
        breakdown = session.get(LeadRow, engaged).score_breakdown  # type: ignore[union-attr]
    assert scores[engaged] > scores[quiet]
    assert breakdown["behaviour"] > 0 and set(breakdown) == {"demographic", "firmographic", "behaviour", "email", "social", "spam"}
    queue = CallQueue(book.cache, book.rep_id())
    assert queue.ranked_ids(QueueFilter(), NOW) == [engaged, quiet]


TEXT = st.text(alphabet="ab王 1", max_size=8)
TERM = st.text(alphabet="ab王 1", min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(TEXT, max_size=12),
    changes=st.lists(st.tuples(st.integers(0, 14), st.none() | TEXT), max_size=8),
    rebuild_after=st.integers(0, 4),
    terms=st.lists(TERM, min_size=1, max_size=2),
)
def test_search_over_the_joined_texts_matches_a_test_per_lead(
    texts: list[str], changes: list[tuple[int, str | None]], rebuild_after: int, terms: list[str]
) -> None:
    """Before and after leads change (new text, or gone), whether or not the join was rebuilt."""
    current = {f"lead-{i}": text for i, text in enumerate(texts)}
    index = SearchIndex(current.items())
    index.REBUILD_AFTER = rebuild_after
    index.prepare()
    for number, text in changes:
        lead_id = f"lead-{number}"
        index.put(lead_id, text)
        if text is None:
            current.pop(lead_id, None)
        else:
            current[lead_id] = text
        expected = {lead for lead, t in current.items() if any(term in t for term in terms)}
        assert index.matching(terms) == expected
    expected = {lead for lead, t in current.items() if any(term in t for term in terms)}
    assert index.matching(terms) == expected


def test_search_follows_a_renamed_lead_and_a_new_one_without_a_reload(book: SalesBook) -> None:
    renamed = _lead(book, "Zhao Lei")  # at "Zhao Lei Co"
    other = _lead(book, "Li Na")
    queue = CallQueue(book.cache, book.rep_id())
    assert queue.ranked_ids(QueueFilter(search="li na"), NOW) == [other]  # the join is built here
    book.patch_lead(renamed, {"full_name": "Sun Qiang"})
    book.patch_lead(other, {"full_name": "Li Xiu"})
    added = _lead(book, "Zhou Min")
    queue.refresh([renamed, other, added])
    assert queue.ranked_ids(QueueFilter(search="qiang"), NOW) == [renamed]
    assert queue.ranked_ids(QueueFilter(search="zhou"), NOW) == [added]
    assert queue.ranked_ids(QueueFilter(search="li xiu"), NOW) == [other]
    assert queue.ranked_ids(QueueFilter(search="zhao"), NOW) == [renamed]  # still by its company
    assert queue.ranked_ids(QueueFilter(search="li na"), NOW) == [other]  # company "Li Na Co"


def test_search_forgets_an_old_name(book: SalesBook) -> None:
    lead = Lead(id=new_id(), full_name="Wu Gang", phones=["+8613800138001"], country="CN",
                time_zone="Asia/Shanghai", owner_id=book.rep_id())  # no company to match instead
    book.create_lead(lead)
    queue = CallQueue(book.cache, book.rep_id())
    assert queue.ranked_ids(QueueFilter(search="gang"), NOW) == [lead.id]
    book.patch_lead(lead.id, {"full_name": "Wu Tao"})
    queue.refresh([lead.id])
    assert queue.ranked_ids(QueueFilter(search="gang"), NOW) == []
    assert queue.ranked_ids(QueueFilter(search="wu tao"), NOW) == [lead.id]
