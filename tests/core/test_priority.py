"""The call queue: each priority component, exclusions, "why here?", and ranking invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sdr_desk.core.callwindows import CallWindowRules, CallWindows, CountryWindow, DefaultWindow
from sdr_desk.core.entities import Account, Direction, Grade, Lead, Outcome, Stage, Tier
from sdr_desk.core.priority import PriorityPolicy, PriorityRules, QueueFacts, Ranker, queue_facts

# Wednesday 10:00 in Shanghai, 21:00 (Tuesday) in New York.
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
WINDOWS = CallWindows(CallWindowRules(
    default=DefaultWindow(hours=("09:00-12:00", "13:00-18:00"), weekend=("sat", "sun")),
    countries={"CN": CountryWindow(time_zone="Asia/Shanghai"), "US": CountryWindow(time_zone="America/New_York")},
))
RULES = PriorityRules()  # the defaults; the shipped file is checked in test_rules_files
OPEN = {"time_zone": "Asia/Shanghai", "country": "CN"}
CLOSED = {"time_zone": "America/New_York", "country": "US"}


def policy(owner: str | None = "me") -> PriorityPolicy:
    return PriorityPolicy(RULES, WINDOWS, owner_id=owner)


def facts(**kw: object) -> QueueFacts:
    base: dict[str, object] = {"lead_id": "L1", "owner_id": "me", "first_touch_at": NOW - timedelta(days=2), **OPEN}
    base.update(kw)
    return QueueFacts(**base)  # type: ignore[arg-type]


def mins(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


# --- components, one row per case --------------------------------------------------------------

R = RULES
P = R.penalties


@pytest.mark.parametrize(
    ("kw", "code", "points", "reason_code"),
    [
        # SLA urgency: untouched inbound lead, rising as the deadline nears
        ({"first_touch_at": None, "sla_due_at": mins(120)}, "sla", R.sla.pending, "sla.pending"),
        ({"first_touch_at": None, "sla_due_at": mins(15)}, "sla",
         R.sla.approaching - (R.sla.approaching - R.sla.pending) * 0.5, "sla.due_soon"),
        ({"first_touch_at": None, "sla_due_at": mins(0)}, "sla", R.sla.overdue, "sla.overdue"),
        ({"first_touch_at": None, "sla_due_at": mins(-90)}, "sla", R.sla.overdue, "sla.overdue"),
        ({"first_touch_at": NOW, "sla_due_at": mins(-90)}, None, 0, None),  # touched: no SLA pressure
        ({"first_touch_at": None, "sla_due_at": mins(-90), "direction": Direction.OUTBOUND}, None, 0, None),
        # score, clipped to 0..cap, and the learner
        ({"score": 87.5}, "score", 87.5, "score"),
        ({"score": -30}, None, 0, None),
        ({"score": 10_000}, "score", R.score.cap * R.score.weight, "score"),
        ({"learner": True}, "learner", R.score.learner, "learner"),
        # grade and tier: A / T1 first
        ({"grade": Grade.A}, "grade", R.grade[Grade.A], "grade"),
        ({"tier": Tier.T1}, "tier", R.tier[Tier.T1], "tier"),
        ({"tier": Tier.T2}, "tier", R.tier[Tier.T2], "tier"),
        # due touches
        ({"next_touch_at": mins(-5), "last_outcome": Outcome.CALL_BACK}, "due", R.due.call_back, "due.call_back"),
        ({"next_touch_at": mins(-5)}, "due", R.due.next_touch, "due.next_touch"),
        ({"next_touch_at": mins(5)}, None, 0, None),
        ({"nurture_due_at": mins(-60)}, "nurture", R.due.nurture, "due.nurture"),
        # a disqualified lead still enrolled in nurture comes back on the nurture points alone
        ({"nurture_due_at": mins(-60), "stage": Stage.DISQUALIFIED, "score": 90}, "nurture", R.due.nurture,
         "due.nurture_only"),
        # calling window
        (CLOSED, "window", P.outside_window, "window.closed"),
        ({"time_zone": None, "country": None}, None, 0, None),  # unknown: not penalised
        # retry back-off fades over backoff_minutes
        ({"last_attempt_at": mins(0), "last_outcome": Outcome.NO_ANSWER}, "retry", P.retry_backoff, "retry.backoff"),
        ({"last_attempt_at": mins(-P.backoff_minutes / 2), "last_outcome": Outcome.BUSY}, "retry",
         P.retry_backoff / 2, "retry.backoff"),
        ({"last_attempt_at": mins(-P.backoff_minutes), "last_outcome": Outcome.NO_ANSWER}, None, 0, None),
        ({"last_attempt_at": mins(-1), "last_outcome": Outcome.CONVERSATION}, None, 0, None),
        # a touch that reached them (stored with no unanswered outcome) backs off too, fading
        ({"last_attempt_at": mins(0)}, "touched", P.recent_touch, "touched.recently"),
        ({"last_attempt_at": mins(-P.recent_touch_minutes / 2)}, "touched", P.recent_touch / 2, "touched.recently"),
        ({"last_attempt_at": mins(-P.recent_touch_minutes)}, None, 0, None),
        # many attempts
        ({"attempts": P.free_attempts}, None, 0, None),
        ({"attempts": P.free_attempts + 2}, "attempts", 2 * P.per_extra_attempt, "attempts.many"),
        ({"attempts": 500}, "attempts", P.max_attempts_penalty, "attempts.many"),
    ],
)
def test_component(kw: dict, code: str | None, points: float, reason_code: str | None) -> None:
    comps = policy().explain(facts(**kw), NOW)
    assert comps is not None
    base_codes = {"score", "grade", "tier"}  # present in the plain facts only if non-zero
    got = [c for c in comps if c.code not in base_codes or c.code == code]
    if code is None:
        assert [c.code for c in got] == []
    else:
        (comp,) = [c for c in got if c.code == code]
        assert comp.points == pytest.approx(points)
        assert comp.reason.code == reason_code
        assert comp.reason.text


def test_the_lead_just_talked_to_steps_back_until_its_scheduled_touch_falls_due() -> None:
    p = policy()
    talked = facts(lead_id="talked", score=120, last_attempt_at=mins(-10), next_touch_at=mins(60))
    others = [facts(lead_id=f"other-{i}", score=100) for i in range(3)]
    r = Ranker(p)
    r.load([talked, *others])
    assert r.rank(NOW)[-1] == "talked"  # not straight back on top after the call
    # An hour on, the call-back it agreed is due: the back-off is over and the touch is owed.
    at_touch = NOW + timedelta(minutes=60)
    assert r.rank(at_touch)[0] == "talked"
    codes = {c.code for c in p.explain(talked, at_touch) or []}
    assert "due" in codes and "touched" not in codes
    # With nothing scheduled, the back-off just fades.
    plain = facts(lead_id="talked", score=120, last_attempt_at=mins(-10))
    r.update(plain)
    assert r.rank(NOW + timedelta(minutes=30))[-1] == "talked"
    assert r.rank(NOW + timedelta(minutes=P.recent_touch_minutes))[0] == "talked"


def test_window_reason_says_when_callable_their_time() -> None:
    comps = policy().explain(facts(**CLOSED), NOW)
    (window,) = [c for c in comps if c.code == "window"]
    assert window.reason.params["local_time"] == "09:00"
    assert window.reason.params["same_day"] is False and window.reason.params["weekday"] == 3  # 21:00 Tuesday there: next is Wednesday 09:00
    assert window.reason.text == "Outside calling hours: callable 09:00 their time (Wed)"
    assert window.reason.params["opens_at"] == "2026-11-25T14:00:00+00:00"


def test_lunch_break_is_outside_the_window() -> None:
    lunch = datetime(2026, 11, 25, 4, 30, tzinfo=UTC)  # 12:30 in Shanghai
    p = policy()
    assert not p.callable_now(facts(), lunch)
    (window,) = [c for c in p.explain(facts(), lunch) if c.code == "window"]
    assert window.reason.text == "Outside calling hours: callable 13:00 their time"


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"do_not_call": True}, "excluded.do_not_call"),
        ({"stage": Stage.DISQUALIFIED}, "excluded.stage"),
        ({"stage": Stage.MQL}, "excluded.stage"),  # handed off to sales
        ({"stage": Stage.SQL}, "excluded.stage"),
        ({"stage": Stage.OPPORTUNITY}, "excluded.stage"),
        ({"owner_id": "someone-else"}, "excluded.owner"),
        ({"misses_profile": True, "first_touch_at": None}, "excluded.profile"),
    ],
)
def test_excluded_leads(kw: dict, reason: str) -> None:
    p = policy()
    f = facts(**kw)
    assert p.exclusion(f).code == reason
    assert p.explain(f, NOW) is None and p.priority(f, NOW) is None
    assert not p.callable_now(f, NOW)
    r = Ranker(p)
    r.load([f, facts(lead_id="L2")])
    assert r.rank(NOW) == ["L2"]


@pytest.mark.parametrize(
    ("kw", "shown"),
    [
        ({"misses_profile": True}, True),  # already touched: the rep is working it
        ({"misses_profile": True, "first_touch_at": None, "direction": Direction.OUTBOUND}, True),
        ({"misses_profile": False, "first_touch_at": None}, True),
    ],
)
def test_profile_exclusion_is_for_untouched_inbound_only(kw: dict, shown: bool) -> None:
    assert (policy().exclusion(facts(**kw)) is None) is shown


def test_profile_exclusion_can_be_turned_off() -> None:
    rules = RULES.model_copy(update={"exclude": RULES.exclude.model_copy(update={"inbound_missing_profile": False})})
    assert PriorityPolicy(rules, WINDOWS).exclusion(facts(misses_profile=True, first_touch_at=None)) is None


def test_unassigned_pool_is_shown_unless_turned_off() -> None:
    f = facts(owner_id=None)
    assert policy().exclusion(f) is None
    assert PriorityPolicy(RULES, WINDOWS, "me", include_unassigned=False).exclusion(f).code == "excluded.unassigned"


def test_callable_now() -> None:
    p = policy()
    assert p.callable_now(facts(), NOW)
    assert not p.callable_now(facts(**CLOSED), NOW)
    assert p.callable_now(facts(**CLOSED), datetime(2026, 11, 25, 15, 0, tzinfo=UTC))  # 10:00 in New York


def test_ranker_callable_now_filter() -> None:
    r = Ranker(policy())
    r.load([facts(lead_id="cn"), facts(lead_id="us", **CLOSED), facts(lead_id="dnc", do_not_call=True)])
    assert [i for i in ("cn", "us", "dnc") if r.callable_now(i, NOW)] == ["cn"]
    later = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # 23:00 Shanghai, 10:00 New York
    assert [i for i in ("cn", "us", "dnc") if r.callable_now(i, later)] == ["us"]
    assert r.callable_now("us", NOW) is False  # time moved back: the window is checked again


def test_ranking_follows_the_components() -> None:
    p = policy()
    leads = [
        facts(lead_id="overdue", first_touch_at=None, sla_due_at=mins(-3), **CLOSED),
        facts(lead_id="t1-a", tier=Tier.T1, grade=Grade.A, score=50),
        facts(lead_id="callback", next_touch_at=mins(-10), last_outcome=Outcome.CALL_BACK, score=50),
        facts(lead_id="plain", score=50),
        facts(lead_id="just-tried", score=50, last_attempt_at=mins(-1), last_outcome=Outcome.NO_ANSWER),
        facts(lead_id="asleep", score=60, **CLOSED),
    ]
    r = Ranker(p)
    r.load(leads)
    assert r.rank(NOW) == ["overdue", "callback", "t1-a", "plain", "just-tried", "asleep"]
    assert r.top(NOW, 2) == ["overdue", "callback"]
    # Twelve hours later New York is open and Shanghai closed: the sleeper comes up.
    later = NOW + timedelta(hours=13)
    assert r.rank(later).index("asleep") < r.rank(later).index("plain")


def test_queue_facts_from_lead_and_account() -> None:
    lead = Lead("L9", "Chen Jie", phones=["+14155550132"], direction=Direction.OUTBOUND, owner_id="me")
    f = queue_facts(lead, None, score=42, attempts=3)
    assert (f.time_zone, f.grade, f.score, f.attempts) == ("America/Los_Angeles", Grade.A, 42, 3)
    acct = Account("a", "Acme", country="CN", tier=Tier.T1, grade=Grade.B)
    f = queue_facts(Lead("L9", "Chen Jie"), acct)
    assert (f.time_zone, f.country, f.tier, f.grade) == ("Asia/Shanghai", "CN", Tier.T1, Grade.B)
    f = queue_facts(Lead("L9", "Chen Jie", time_zone="Europe/Berlin", phones=["+8613800138000"]), acct)
    assert f.time_zone == "Europe/Berlin"


# --- properties ------------------------------------------------------------------------------

OFFSETS = st.one_of(st.none(), st.integers(-3000, 3000).map(mins))
ZONES = st.sampled_from([OPEN, CLOSED, {"time_zone": "Europe/London", "country": "GB"}, {"time_zone": None, "country": None}])


@st.composite
def facts_st(draw: st.DrawFn, lead_id: str) -> QueueFacts:
    zone = draw(ZONES)
    return QueueFacts(
        lead_id=lead_id,
        score=draw(st.floats(-100, 400, allow_nan=False)),
        learner=draw(st.booleans()),
        misses_profile=draw(st.booleans()),
        grade=draw(st.sampled_from(list(Grade))),
        tier=draw(st.sampled_from(list(Tier))),
        direction=draw(st.sampled_from(list(Direction))),
        stage=draw(st.sampled_from(list(Stage))),
        owner_id=draw(st.sampled_from(["me", "me", None, "other"])),
        do_not_call=draw(st.booleans()),
        first_touch_at=draw(OFFSETS),
        sla_due_at=draw(OFFSETS),
        next_touch_at=draw(OFFSETS),
        nurture_due_at=draw(OFFSETS),
        attempts=draw(st.integers(0, 30)),
        last_attempt_at=draw(OFFSETS),
        last_outcome=draw(st.one_of(st.none(), st.sampled_from(list(Outcome)))),
        **zone,
    )


@st.composite
def book_st(draw: st.DrawFn, max_size: int = 25) -> list[QueueFacts]:
    n = draw(st.integers(0, max_size))
    return [draw(facts_st(f"L{i:03d}")) for i in range(n)]


MOMENTS = st.integers(-2 * 24 * 60, 2 * 24 * 60).map(mins)
PROPS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(book=book_st(), now=MOMENTS)
def test_excluded_never_appear_and_the_rest_always_do(book: list[QueueFacts], now: datetime) -> None:
    p = policy()
    r = Ranker(p)
    r.load(book)
    ranked = r.rank(now)
    # Handed off or disqualified leads leave the queue, unless still enrolled in nurture.
    closed = (Stage.DISQUALIFIED, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY)
    expected = {f.lead_id for f in book if not f.do_not_call
                and (f.stage not in closed or (f.nurture_due_at is not None and f.nurture_due_at <= now))
                and f.owner_id in ("me", None)
                and not (f.misses_profile and f.direction is Direction.INBOUND and f.first_touch_at is None)}
    assert set(ranked) == expected and len(ranked) == len(expected)


@PROPS
@given(book=book_st(), now=MOMENTS)
def test_ranking_is_by_priority_and_matches_explain(book: list[QueueFacts], now: datetime) -> None:
    p = policy()
    r = Ranker(p)
    r.load(book)
    ranked = r.rank(now)
    prios = [r.priority(i, now) for i in ranked]
    assert all(a >= b - 1e-9 for a, b in zip(prios, prios[1:]))
    for lead_id, prio in zip(ranked, prios):
        assert prio == pytest.approx(p.priority(r.facts(lead_id), now), abs=1e-6)


@PROPS
@given(book=book_st(), overdue=facts_st("OVERDUE"), late_by=st.integers(0, 5000), now=MOMENTS)
def test_overdue_inbound_outranks_every_callable_lead_without_sla_pressure(
    book: list[QueueFacts], overdue: QueueFacts, late_by: int, now: datetime
) -> None:
    overdue = replace(overdue, direction=Direction.INBOUND, first_touch_at=None, do_not_call=False, misses_profile=False,
                      stage=Stage.NEW, owner_id="me", sla_due_at=now - timedelta(minutes=late_by))
    p = policy()
    r = Ranker(p)
    r.load([*book, overdue])
    ranked = r.rank(now)
    top = ranked.index("OVERDUE")
    for f in book:
        no_pressure = f.direction is Direction.OUTBOUND or f.first_touch_at is not None or f.sla_due_at is None
        if f.lead_id in ranked and no_pressure and p.callable_now(f, now):
            assert top < ranked.index(f.lead_id)


@PROPS
@given(
    book=book_st(),
    changes=st.lists(st.tuples(st.integers(0, 30), st.booleans(), st.integers(0, 3 * 24 * 60)), max_size=20),
    data=st.data(),
)
def test_incremental_updates_rank_like_one_go(book: list[QueueFacts], changes, data: st.DataObject) -> None:
    p = policy()
    r = Ranker(p)
    r.load(book)
    current = {f.lead_id: f for f in book}
    for index, delete, minute in changes:
        lead_id = f"L{index:03d}"
        r.rank(NOW + timedelta(minutes=minute))  # time moves (and sometimes back) between updates
        if delete:
            r.remove(lead_id)
            current.pop(lead_id, None)
        else:
            f = data.draw(facts_st(lead_id))
            r.update(f)
            current[lead_id] = f
    final = data.draw(st.integers(0, 4 * 24 * 60).map(mins))
    fresh = Ranker(p)
    fresh.load(current.values())
    assert r.rank(final) == fresh.rank(final)


@PROPS
@given(
    book=book_st(),
    batches=st.lists(st.tuples(st.lists(st.tuples(st.integers(0, 30), st.booleans()), max_size=12),
                               st.integers(0, 3 * 24 * 60)), max_size=4),
    edit_limit=st.integers(0, 6),
    data=st.data(),
)
def test_batched_updates_rank_like_one_go(book: list[QueueFacts], batches, edit_limit: int, data: st.DataObject) -> None:
    """Whether a batch is edited in lead by lead or makes the next ranking rebuild."""
    p = policy()
    r = Ranker(p)
    r.EDIT_LIMIT = edit_limit
    r.load(book)
    current = {f.lead_id: f for f in book}
    for batch, minute in batches:
        r.rank(NOW + timedelta(minutes=minute))
        changed, gone = {}, []
        for index, delete in batch:
            lead_id = f"L{index:03d}"
            changed.pop(lead_id, None)
            if delete:
                gone.append(lead_id)
                current.pop(lead_id, None)
            else:
                changed[lead_id] = current[lead_id] = data.draw(facts_st(lead_id))
                if lead_id in gone:
                    gone.remove(lead_id)
        r.update_many(changed.values(), gone)
    final = data.draw(st.integers(0, 4 * 24 * 60).map(mins))
    fresh = Ranker(p)
    fresh.load(current.values())
    assert r.rank(final) == fresh.rank(final)
    assert r.rank_detailed(final) == fresh.rank_detailed(final)


def test_time_passing_moves_leads_through_their_phases() -> None:
    """Rank minute by minute through SLA ramps, due touches and back-offs: always as fresh."""
    p = policy()
    book = [
        facts(lead_id="sla", first_touch_at=None, sla_due_at=mins(40), score=10),
        facts(lead_id="cb", next_touch_at=mins(25), last_outcome=Outcome.CALL_BACK, score=30),
        facts(lead_id="tried", last_attempt_at=mins(-10), last_outcome=Outcome.NO_ANSWER, score=200),
        facts(lead_id="nurture", nurture_due_at=mins(55), score=20),
        facts(lead_id="flat", score=120),
    ]
    r = Ranker(p)
    r.load(book)
    orders = set()
    for minute in range(0, 180, 3):
        now = mins(minute)
        fresh = Ranker(p)
        fresh.load(book)
        got = r.rank(now)
        assert got == fresh.rank(now)
        orders.add(tuple(got))
        assert got[0] == "sla"  # pending, then ramping, then overdue: always on top
    # back-off fading, the call-back and the nurture touch falling due each reorder the rest
    assert len(orders) >= 4


@PROPS
@given(
    book=book_st(),
    changes=st.lists(st.tuples(st.integers(0, 30), st.booleans(), st.integers(0, 600)), max_size=25),
    data=st.data(),
)
def test_updates_between_rankings_within_minutes_rank_like_one_go(book, changes, data: st.DataObject) -> None:
    """Calling windows rarely change within minutes: this drives the kept merged order."""
    p = policy()
    r = Ranker(p)
    r.load(book)
    current = {f.lead_id: f for f in book}
    moment = NOW
    for index, delete, seconds in sorted(changes, key=lambda c: c[2]):
        moment = NOW + timedelta(seconds=seconds)
        assert r.rank(moment) == _fresh_rank(p, current.values(), moment)
        lead_id = f"L{index:03d}"
        if delete:
            r.remove(lead_id)
            current.pop(lead_id, None)
        else:
            f = data.draw(facts_st(lead_id))
            r.update(f)
            current[lead_id] = f
        assert r.rank(moment) == _fresh_rank(p, current.values(), moment)


def _fresh_rank(p: PriorityPolicy, book, moment: datetime) -> list[str]:
    fresh = Ranker(p)
    fresh.load(list(book))
    return fresh.rank(moment)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=book_st(), minute=st.integers(0, 3 * 24 * 60))
def test_detailed_ranking_agrees_with_rank_priority_and_callable(book: list[QueueFacts], minute: int) -> None:
    r = Ranker(policy())
    r.load(book)
    now = mins(minute)
    r.rank(now - timedelta(minutes=7))  # an earlier ranking leaves state behind, as in the window
    ids, points, callable_now = r.rank_detailed(now)
    assert ids == r.rank(now)
    for lead_id, pts, open_now in zip(ids, points, callable_now, strict=True):
        assert pts == pytest.approx(r.priority(lead_id, now))
        assert open_now == r.callable_now(lead_id, now)


@pytest.mark.parametrize("stage", [Stage.DISQUALIFIED, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY])
def test_handed_off_or_disqualified_leads_leave_the_queue_unless_nurtured(stage: Stage) -> None:
    p = policy()
    gone = facts(lead_id="gone", stage=stage, score=150, sla_due_at=mins(10), first_touch_at=None)
    nurtured = facts(lead_id="nurtured", stage=stage, score=150, nurture_due_at=mins(-30))
    waiting = facts(lead_id="waiting", stage=stage, score=150, nurture_due_at=mins(120))
    working = facts(lead_id="working", score=10)
    r = Ranker(p)
    r.load([gone, nurtured, waiting, working])
    # the due nurture touch (+60) ahead of a working lead scoring 10; the one not yet due is out
    assert r.rank(NOW) == ["nurtured", "working"]
    assert r.rank_detailed(NOW)[0] == ["nurtured", "working"]
    assert p.explain(gone, NOW) is None and p.explain(waiting, NOW) is None
    assert r.priority("waiting", NOW) is None and not r.callable_now("waiting", NOW)
    assert sum(c.points for c in p.explain(nurtured, NOW) or []) == pytest.approx(R.due.nurture)
    # when its touch falls due, the waiting lead comes in
    later = NOW + timedelta(hours=3)
    assert r.rank(later) == ["nurtured", "waiting", "working"]  # equal points: by lead id
    assert r.rank_detailed(later)[0] == r.rank(later)
    # completing the touch (no next one due) takes it out again
    r.update(replace(waiting, nurture_due_at=mins(60 * 24 * 7)))
    assert "waiting" not in r.rank(later)
