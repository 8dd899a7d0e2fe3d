"""The demo book: deterministic, valid numbers and zones, benchmark ratios, consistent counters, all or nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import timezone as phone_zones
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from sdr_desk.core.entities import BuyerRole, Channel, Direction, Grade, Outcome, Seniority, Stage, Step, Tier
from sdr_desk.core.steps import is_unanswered_attempt
from sdr_desk.store.demo import DemoSummary, generate_demo
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.repositories import SalesBook, lead_search_text
from sdr_desk.store.tables import AccountRow, ActivityRow, BuyerRoleRow, EngagementRow, LeadRow, OutboxOp

NOW = datetime(2026, 11, 25, 3, 30, tzinfo=UTC)  # a Wednesday, 11:30 in Shanghai
BOOK_TABLES = ("accounts", "leads", "activities", "engagement_events", "buyer_roles")


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cache, DemoSummary]]:
    cache = open_cache(tmp_path_factory.mktemp("demo") / "cache.sqlite3")
    summary = generate_demo(cache, leads=2000, seed=11, now=NOW)
    yield cache, summary
    cache.close()


def _leads(cache: Cache) -> list[LeadRow]:
    with cache.session() as session:
        return list(session.scalars(select(LeadRow)))


def _dump(cache: Cache) -> dict[str, list[tuple[object, ...]]]:
    with cache.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))] for t in BOOK_TABLES}


def _counts(cache: Cache) -> dict[str, int]:
    with cache.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in BOOK_TABLES}


def test_same_seed_and_moment_give_the_same_book(tmp_path: Path) -> None:
    books = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        cache = open_cache(tmp_path / name / "cache.sqlite3")
        generate_demo(cache, leads=150, seed=seed, now=NOW)
        books.append(_dump(cache))
        cache.close()
    assert books[0] == books[1]
    assert books[0]["leads"] and books[0]["activities"] and books[0]["engagement_events"]
    assert books[0]["leads"] != books[2]["leads"]


def test_summary_counts_what_was_written(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, summary = demo_book
    counts = _counts(cache)
    assert summary.leads == counts["leads"] == 2000
    assert summary.accounts == counts["accounts"]
    assert summary.activities == counts["activities"]
    assert summary.engagement_events == counts["engagement_events"]
    assert summary.buyer_roles == counts["buyer_roles"]


def test_ids_are_uuid7_and_increase_in_insert_order(demo_book: tuple[Cache, DemoSummary]) -> None:
    import uuid

    cache, _ = demo_book
    with cache.engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT id FROM activities ORDER BY rowid"))]
    assert ids == sorted(ids)
    assert {uuid.UUID(i).version for i in ids[:50]} == {7}


def test_phone_numbers_are_valid_e164_for_the_lead_country_and_its_zone(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    countries: Counter[str] = Counter()
    for lead in _leads(cache):
        assert lead.phones, lead.full_name
        ZoneInfo(lead.time_zone)  # a real IANA zone
        countries[lead.country] += 1
        for phone in lead.phones:
            number = phonenumbers.parse(phone, None)
            assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == phone
            assert phonenumbers.is_valid_number(number), phone
            assert phonenumbers.region_code_for_number(number) == lead.country, phone
            assert lead.time_zone in phone_zones.time_zones_for_number(number), (phone, lead.time_zone)
    assert countries["CN"] > len(countries) and countries["US"] > 0
    assert countries["CN"] > sum(countries.values()) / 2  # a Chinese book with international accounts


def test_chinese_and_international_people_and_companies(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        rows = session.execute(select(LeadRow.full_name, LeadRow.title, LeadRow.country, AccountRow.name).join(AccountRow)).all()
    cjk = [r for r in rows if r.country == "CN"]
    latin = [r for r in rows if r.country != "CN"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r.full_name + r.title + r.name) for r in cjk)
    assert all(r.full_name.isascii() and " " in r.full_name for r in latin)
    assert len({r.name for r in rows}) > len(rows) / 4  # many distinct companies, not a handful repeated


def test_search_text_is_what_the_search_box_matches(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        rows = session.execute(select(LeadRow, AccountRow.name).join(AccountRow)).all()
    for lead, company in rows:
        assert lead.search_text == lead_search_text(lead.full_name, company, lead.emails, lead.phones)


def test_phone_touches_follow_the_benchmarks(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        steps = dict(
            session.execute(
                select(ActivityRow.step, func.count()).where(ActivityRow.channel == Channel.PHONE).group_by(ActivityRow.step)
            ).all()
        )
        meetings = session.scalar(
            select(func.count()).where(ActivityRow.channel == Channel.PHONE, ActivityRow.outcome == Outcome.MEETING_BOOKED)
        )
    dials = steps[Step.REACH] + steps[Step.CONNECT] + steps[Step.CONVERSATION]
    connects = steps[Step.CONNECT] + steps[Step.CONVERSATION]
    conversations = steps[Step.CONVERSATION]
    assert dials > connects > conversations > meetings > 0
    assert 10 <= dials / connects <= 19  # between 12.73 (mobile) and 18.83 (switchboard)
    assert 16 <= dials / conversations <= 30  # 22.5 dials per conversation
    assert 2 <= conversations / meetings <= 4.5  # 3 conversations per booked meeting


def test_written_touches_climb_reach_connect_conversation(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        rows = session.execute(
            select(ActivityRow.channel, ActivityRow.step, func.count())
            .where(ActivityRow.channel.in_([Channel.EMAIL, Channel.WECHAT]))
            .group_by(ActivityRow.channel, ActivityRow.step)
        ).all()
    by = {(c, s): n for c, s, n in rows}
    for channel in (Channel.EMAIL, Channel.WECHAT):
        assert by[(channel, Step.REACH)] > by[(channel, Step.CONNECT)] > by[(channel, Step.CONVERSATION)] > 0


def test_queue_counters_agree_with_the_activity_log(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        touches: dict[str, list[ActivityRow]] = {}
        for act in session.scalars(select(ActivityRow).where(ActivityRow.step.is_not(None)).order_by(ActivityRow.occurred_at)):
            touches.setdefault(act.lead_id, []).append(act)
        leads = list(session.scalars(select(LeadRow)))
    unanswered_last = 0
    for lead in leads:
        log = touches.get(lead.id, [])
        assert lead.attempts == len(log)
        if not log:
            assert lead.first_touch_at is None and lead.last_attempt_at is None and lead.last_outcome is None
            assert lead.stage is Stage.NEW
            continue
        assert lead.stage is not Stage.NEW
        assert lead.first_touch_at == log[0].occurred_at
        assert lead.last_attempt_at == log[-1].occurred_at
        last = log[-1]
        expected = last.outcome if is_unanswered_attempt(last.channel, last.outcome) else None
        assert lead.last_outcome == expected
        unanswered_last += expected is not None
        assert lead.created_at <= lead.first_touch_at <= NOW
    assert unanswered_last > 0


def test_everything_happened_in_the_past_months(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        for model, column in ((ActivityRow, ActivityRow.occurred_at), (EngagementRow, EngagementRow.occurred_at)):
            first, last = session.execute(select(func.min(column), func.max(column))).one()
            assert NOW - timedelta(days=240) < first < last <= NOW, model
        kinds = set(session.scalars(select(EngagementRow.kind).distinct()))
    assert {"page_view", "pricing_view", "download", "webinar", "email_open", "email_click", "wechat_follow", "wechat_read"} <= {
        k.value for k in kinds
    }


def test_stages_sla_promises_and_ownership_are_spread_like_a_real_book(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    leads = _leads(cache)
    stages = Counter(lead.stage for lead in leads)
    assert {Stage.NEW, Stage.WORKING, Stage.NURTURE, Stage.MQL, Stage.SQL, Stage.DISQUALIFIED} <= set(stages)
    assert stages[Stage.WORKING] > stages[Stage.MQL] > stages[Stage.SQL]
    assert stages[Stage.NURTURE] > stages[Stage.DISQUALIFIED]
    assert stages[Stage.SQL] + stages[Stage.DISQUALIFIED] < len(leads) * 0.15

    untouched_inbound = [lead for lead in leads if lead.direction is Direction.INBOUND and lead.first_touch_at is None]
    assert all(lead.sla_due_at is not None for lead in untouched_inbound)
    overdue = [lead for lead in untouched_inbound if lead.sla_due_at < NOW]
    due_soon = [lead for lead in untouched_inbound if NOW <= lead.sla_due_at < NOW + timedelta(days=1)]
    assert overdue and due_soon

    promised = [lead for lead in leads if lead.next_touch_at is not None]
    assert promised and any(p.next_touch_at > NOW for p in promised) and any(p.next_touch_at <= NOW for p in promised)
    do_not_call = sum(lead.do_not_call for lead in leads)
    assert 0 < do_not_call < len(leads) * 0.05

    owners = Counter(lead.owner_id for lead in leads)
    rep = SalesBook(cache).rep_id()
    assert owners[rep] > len(leads) / 2
    assert owners[None] > 0 and len(owners) >= 3  # a team pool and another rep's leads


def test_grades_tiers_and_sources_follow_the_domain(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        pairs = session.execute(select(LeadRow.direction, LeadRow.source, AccountRow.grade, AccountRow.tier).join(AccountRow)).all()
    assert all((grade is Grade.A) == (direction is Direction.OUTBOUND) for direction, _s, grade, _t in pairs)
    assert all((source.value == "outbound_list") == (direction is Direction.OUTBOUND) for direction, source, _g, _t in pairs)
    assert {s.value for _d, s, _g, _t in pairs} >= {"web_form", "whitepaper", "webinar", "trade_show", "referral", "outbound_list"}
    tiers = Counter(t for *_rest, t in pairs)
    assert 0 < tiers[Tier.T1] < tiers[Tier.T2] < tiers[Tier.T3]


def test_buyer_roles_fit_seniority(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    leads = _leads(cache)
    for lead in leads:
        if lead.seniority is Seniority.C_LEVEL:
            assert lead.buyer_role in (BuyerRole.DECIDER, BuyerRole.INITIATOR, BuyerRole.INFLUENCER)
        if lead.buyer_role is BuyerRole.GATEKEEPER:
            assert lead.seniority is Seniority.INDIVIDUAL
        if lead.seniority is Seniority.STUDENT:
            assert lead.buyer_role is BuyerRole.UNKNOWN and lead.direction is Direction.INBOUND
    with cache.session() as session:
        committee = session.execute(
            select(BuyerRoleRow.role, LeadRow.buyer_role, LeadRow.direction).join(LeadRow, LeadRow.id == BuyerRoleRow.lead_id)
        ).all()
    assert committee and all(role == lead_role and d is Direction.OUTBOUND for role, lead_role, d in committee)


def test_demo_rows_write_no_outbox_ops(demo_book: tuple[Cache, DemoSummary]) -> None:
    cache, _ = demo_book
    with cache.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxOp)) == 0


def test_averages_per_lead_are_what_was_asked(tmp_path: Path) -> None:
    cache = open_cache(tmp_path / "cache.sqlite3")
    summary = generate_demo(cache, leads=3000, seed=3, activities_per_lead=10, events_per_lead=10, now=NOW)
    cache.close()
    assert 9 <= summary.activities / summary.leads <= 11
    assert 9 <= summary.engagement_events / summary.leads <= 11


def test_leads_go_to_the_profiles_rep(cache: Cache) -> None:
    SalesBook(cache).set_rep_id("u-42")
    generate_demo(cache, leads=200, seed=1, now=NOW)
    owners = Counter(lead.owner_id for lead in _leads(cache))
    assert owners["u-42"] > 100 and "local-rep" not in owners


def test_progress_reports_leads_written(cache: Cache) -> None:
    calls: list[tuple[int, int]] = []
    generate_demo(cache, leads=2500, now=NOW, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 2500) and calls[-1] == (2500, 2500)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and len(calls) >= 4


def test_an_error_from_progress_midway_leaves_no_rows(cache: Cache) -> None:
    def stop(done: int, total: int) -> None:
        if done >= 1000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_demo(cache, leads=2500, now=NOW, progress=stop)
    assert _counts(cache) == dict.fromkeys(BOOK_TABLES, 0)


def test_a_full_disk_midway_leaves_the_cache_as_it_was(cache_path: Path) -> None:
    cache = open_cache(cache_path)
    with cache.engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()

    # The file may grow only a little: SQLite answers "database or disk is full" part way through.
    def cap(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 150}")

    cache.engine.dispose()
    event.listen(cache.engine, "connect", cap)
    with pytest.raises(OperationalError, match="full"):
        generate_demo(cache, leads=3000, now=NOW)
    cache.close()
    reopened = open_cache(cache_path)
    try:
        assert _counts(reopened) == dict.fromkeys(BOOK_TABLES, 0)
        with reopened.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    finally:
        reopened.close()


@pytest.mark.parametrize("leads", [0, -3])
def test_a_book_needs_at_least_one_lead(cache: Cache, leads: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        generate_demo(cache, leads=leads)
