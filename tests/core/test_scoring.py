"""The six scoring models, decay, the learner flag and the rules fingerprint."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdr_desk.core.entities import Account, BuyerRole, EngagementEvent, EngagementKind as K, Lead, Seniority
from sdr_desk.core.scoring import (
    Demographic,
    Engagement,
    Firmographic,
    KindTotal,
    Learner,
    Scorer,
    ScoringRules,
    SizeBand,
    Spam,
    TitleRule,
    looks_gibberish,
    rules_fingerprint,
)

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

RULES = ScoringRules(
    demographic=Demographic(
        max_points=40,
        seniority={Seniority.VP: 18, Seniority.MANAGER: 8, Seniority.STUDENT: -10},
        buyer_role={BuyerRole.DECIDER: 15, BuyerRole.USER: 3},
        titles=(TitleRule(pattern="marketing|市场", points=10, label="marketing function"),),
    ),
    firmographic=Firmographic(
        max_points=40,
        min_points=-20,
        industries={"Software": 12},
        other_industry=-5,
        sizes=(
            SizeBand(min_employees=1, max_employees=49, points=-5, label="small"),
            SizeBand(min_employees=100, max_employees=500, points=15, label="mid-market"),
            SizeBand(min_employees=501, points=8, label="large"),
        ),
        unknown_size=-2,
        countries={"CN": 10},
        regions={"east china": 12},
        other_country=-5,
        existing_customer=5,
    ),
    behaviour=Engagement(max_points=50, half_life_days=10,
                         points={K.PAGE_VIEW: 1, K.PRICING_VIEW: 12, K.DEMO_REQUEST: 30, K.DOWNLOAD: 4}),
    email=Engagement(max_points=20, half_life_days=5, points={K.EMAIL_OPEN: 1, K.EMAIL_CLICK: 4}),
    social=Engagement(max_points=10, half_life_days=30, points={K.WECHAT_FOLLOW: 6, K.WECHAT_READ: 2}),
    spam=Spam(
        free_mail=-10, free_mail_domains=("gmail.com", "qq.com"),
        disposable=-40, disposable_domains=("mailinator.com",),
        gibberish_name=-25, junk_names=("test", "测试"),
        phone_country_mismatch=-10,
        titles=(TitleRule(pattern="student|学生", points=-25, label="student"),),
    ),
    learner=Learner(window_days=30, min_content_events=5,
                    content_kinds=(K.PAGE_VIEW, K.DOWNLOAD, K.WECHAT_READ),
                    buying_signals=(K.PRICING_VIEW, K.DEMO_REQUEST)),
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(RULES)


def lead(**kw: object) -> Lead:
    base: dict[str, object] = {"id": "l1", "full_name": "Wang Fang", "emails": ["wang@acme.cn"]}
    base.update(kw)
    return Lead(**base)  # type: ignore[arg-type]


def ev(kind: K, days_ago: float, n: int = 0) -> EngagementEvent:
    return EngagementEvent(f"e{kind}{days_ago}{n}", "l1", kind, NOW - timedelta(days=days_ago))


# --- A. demographic -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("title", "seniority", "role", "points", "codes"),
    [
        (None, Seniority.UNKNOWN, BuyerRole.UNKNOWN, 0, []),
        ("VP Marketing", Seniority.VP, BuyerRole.DECIDER, 40, ["demographic.seniority", "demographic.buyer_role", "demographic.title"]),
        ("市场经理", Seniority.MANAGER, BuyerRole.USER, 21, ["demographic.seniority", "demographic.buyer_role", "demographic.title"]),
        ("Engineer", Seniority.MANAGER, BuyerRole.UNKNOWN, 8, ["demographic.seniority"]),
        ("Student", Seniority.STUDENT, BuyerRole.UNKNOWN, -10, ["demographic.seniority"]),
    ],
)
def test_demographic(scorer: Scorer, title, seniority, role, points, codes) -> None:
    got = scorer.demographic(lead(title=title, seniority=seniority, buyer_role=role))
    assert got.letter == "A"
    assert got.points == points  # VP+decider+title is 43, capped at 40
    assert [r.code for r in got.reasons] == codes


# --- B. firmographic ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("account", "points", "codes"),
    [
        (Account("a", "Acme", industry="software", employees=300, country="CN"), 37,
         ["firmographic.industry", "firmographic.size", "firmographic.country"]),
        (Account("a", "Acme", industry="Software", employees=300, country="CN", region="East China"), 39,
         ["firmographic.industry", "firmographic.size", "firmographic.region"]),
        (Account("a", "Acme", industry="Mining", employees=20, country="BR"), -15,
         ["firmographic.industry_outside", "firmographic.size", "firmographic.country_outside"]),
        (Account("a", "Acme", industry="Mining", employees=20, country="BR", is_customer=True), -10,
         ["firmographic.industry_outside", "firmographic.size", "firmographic.country_outside", "firmographic.customer"]),
        (Account("a", "Acme", employees=None, country="CN"), 8, ["firmographic.size_unknown", "firmographic.country"]),
        (Account("a", "Acme", industry="software", employees=80, country="CN"), 22, ["firmographic.industry", "firmographic.country"]),
        (None, -2, ["firmographic.size_unknown"]),
    ],
)
def test_firmographic(scorer: Scorer, account: Account | None, points: float, codes: list[str]) -> None:
    got = scorer.firmographic(account, None)
    assert got.letter == "B"
    assert got.points == points
    assert [r.code for r in got.reasons] == codes


def test_firmographic_floor(scorer: Scorer) -> None:
    rules = RULES.model_copy(update={"firmographic": RULES.firmographic.model_copy(update={"other_industry": -30})})
    got = Scorer(rules).firmographic(Account("a", "X", industry="Mining", employees=5, country="BR"), None)
    assert got.points == -20


def test_lead_country_used_without_company_country(scorer: Scorer) -> None:
    assert scorer.firmographic(None, "CN").points == 8  # unknown size -2, China +10


# --- C, D, E. engagement and decay ------------------------------------------------------------

@pytest.mark.parametrize(
    ("events", "model", "points"),
    [
        ([ev(K.PRICING_VIEW, 0)], "behaviour", 12),
        ([ev(K.PRICING_VIEW, 10)], "behaviour", 6),  # one half-life
        ([ev(K.PRICING_VIEW, 20)], "behaviour", 3),  # two half-lives
        ([ev(K.DEMO_REQUEST, 0), ev(K.DEMO_REQUEST, 0, 1)], "behaviour", 50),  # capped
        ([ev(K.EMAIL_CLICK, 5), ev(K.EMAIL_OPEN, 0)], "email", 3),
        ([ev(K.WECHAT_FOLLOW, 30), ev(K.WECHAT_READ, 0)], "social", 5),
        ([ev(K.WECHAT_FOLLOW, -3)], "social", 6),  # a future event counts as fresh, never more
        ([ev(K.EMAIL_CLICK, 0)], "behaviour", 0),  # each kind scores in one model only
    ],
)
def test_engagement_models_decay(scorer: Scorer, events, model: str, points: float) -> None:
    card = scorer.score(lead(), None, events, NOW)
    assert card.model(model).points == pytest.approx(points, abs=0.01)


def test_engagement_reason_counts_events(scorer: Scorer) -> None:
    card = scorer.score(lead(), None, [ev(K.PAGE_VIEW, 0, i) for i in range(3)], NOW)
    (reason,) = card.model("behaviour").reasons
    assert reason.code == "behaviour.event"
    assert reason.params["count"] == 3 and reason.params["kind"] == "page_view"
    assert reason.text == "3 page views: +3"


def test_points_fall_as_time_passes(scorer: Scorer) -> None:
    events = [ev(K.DOWNLOAD, 1), ev(K.PRICING_VIEW, 2)]
    later = [scorer.score(lead(), None, events, NOW + timedelta(days=d)).total for d in (0, 5, 20, 60)]
    assert later == sorted(later, reverse=True) and later[0] > later[-1]


# --- F. spam --------------------------------------------------------------------------------

CN_ACCOUNT = Account("a", "Acme", country="CN")


@pytest.mark.parametrize(
    ("kw", "account", "points", "codes"),
    [
        ({}, CN_ACCOUNT, 0, []),
        ({"emails": ["x@mailinator.com"]}, CN_ACCOUNT, -40, ["spam.disposable_email"]),
        ({"emails": ["x@gmail.com"]}, CN_ACCOUNT, -10, ["spam.free_mail"]),
        ({"emails": ["x@gmail.com", "x@acme.cn"]}, CN_ACCOUNT, 0, []),  # has a work address too
        ({"full_name": "asdfgh"}, CN_ACCOUNT, -25, ["spam.gibberish_name"]),
        ({"full_name": "测试"}, CN_ACCOUNT, -25, ["spam.gibberish_name"]),
        ({"phones": ["+14155550132"]}, CN_ACCOUNT, -10, ["spam.phone_country"]),
        ({"phones": ["+8613800138000"]}, CN_ACCOUNT, 0, []),
        ({"phones": ["+14155550132"]}, Account("a", "Acme", country="CA"), 0, []),  # +1 is shared
        ({"phones": ["+14155550132"]}, None, 0, []),  # nothing to contradict
        ({"title": "Graduate student"}, CN_ACCOUNT, -25, ["spam.title"]),
        ({"title": "学生", "emails": ["x@qq.com"], "full_name": "test"}, CN_ACCOUNT, -60,
         ["spam.free_mail", "spam.gibberish_name", "spam.title"]),
    ],
)
def test_spam(scorer: Scorer, kw, account, points, codes) -> None:
    got = scorer.spam(lead(**kw), account)
    assert got.letter == "F"
    assert got.points == points
    assert [r.code for r in got.reasons] == codes


def test_free_mail_is_fine_when_not_selling_b2b() -> None:
    rules = RULES.model_copy(update={"spam": RULES.spam.model_copy(update={"b2b": False})})
    assert Scorer(rules).spam(lead(emails=["x@gmail.com"]), CN_ACCOUNT).points == 0


def test_spam_floor() -> None:
    rules = RULES.model_copy(update={"spam": RULES.spam.model_copy(update={"min_points": -50})})
    got = Scorer(rules).spam(lead(emails=["x@mailinator.com"], full_name="asdf", title="student"), CN_ACCOUNT)
    assert got.points == -50


@pytest.mark.parametrize(
    ("name", "junk"),
    [("Wang Fang", False), ("李娜", False), ("Mary-Ann O'Neil", False), ("Lynn Smyth", False),
     ("qwerty", True), ("Bob123", True), ("zzz top", True), ("Xkcdfgh Li", True), ("T", True),
     ("Mr Brwkt", True), ("test user", True)],
)
def test_gibberish_names(name: str, junk: bool) -> None:
    assert looks_gibberish(name, frozenset({"test"})) is junk


# --- learner --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("events", "learner"),
    [
        ([ev(K.PAGE_VIEW, i) for i in range(5)], True),
        ([ev(K.PAGE_VIEW, i) for i in range(4)], False),  # not enough content
        ([ev(K.PAGE_VIEW, i) for i in range(5)] + [ev(K.PRICING_VIEW, 20)], False),  # a buying signal
        ([ev(K.PAGE_VIEW, 40 + i) for i in range(5)], False),  # content outside the window
        ([ev(K.DOWNLOAD, 1, i) for i in range(3)] + [ev(K.WECHAT_READ, 2, i) for i in range(2)], True),
    ],
)
def test_learner_flag(scorer: Scorer, events, learner: bool) -> None:
    card = scorer.score(lead(), None, events, NOW)
    assert card.learner is learner
    assert (card.learner_reason is not None) is learner
    if learner:
        assert card.learner_reason.params["content_events"] == len(events)


# --- the card -------------------------------------------------------------------------------

def test_total_is_the_sum_of_six_models(scorer: Scorer) -> None:
    card = scorer.score(
        lead(title="VP Marketing", seniority=Seniority.VP, emails=["x@gmail.com"]),
        Account("a", "Acme", industry="software", employees=300, country="CN"),
        [ev(K.PRICING_VIEW, 0), ev(K.EMAIL_CLICK, 0), ev(K.WECHAT_FOLLOW, 0)],
        NOW,
    )
    assert [m.letter for m in card.models] == list("ABCDEF")
    assert card.total == pytest.approx(sum(m.points for m in card.models))
    assert card.total == pytest.approx(28 + 37 + 12 + 4 + 6 - 10)
    assert card.fit == pytest.approx(65) and card.engagement == pytest.approx(22)
    stored = card.as_dict()
    assert stored["fingerprint"] == scorer.fingerprint
    assert stored["models"]["spam"]["reasons"][0]["code"] == "spam.free_mail"


def test_fingerprint_changes_with_rules_only() -> None:
    same = ScoringRules.model_validate(RULES.model_dump())
    changed = RULES.model_copy(update={"email": RULES.email.model_copy(update={"half_life_days": 6})})
    assert rules_fingerprint(same) == rules_fingerprint(RULES)
    assert rules_fingerprint(changed) != rules_fingerprint(RULES)


def test_scoring_does_not_depend_on_cache_state(scorer: Scorer) -> None:
    fresh = Scorer(RULES)
    a = lead(title="VP Marketing", seniority=Seniority.VP)
    acct = Account("a", "Acme", industry="software", employees=300, country="CN")
    scorer.score(a, acct, [], NOW)  # warms the caches
    assert scorer.score(a, acct, [], NOW) == fresh.score(a, acct, [], NOW)


@pytest.mark.parametrize(
    ("min_fit", "kw", "account", "misses"),
    [
        (None, {}, None, False),  # no threshold: nobody misses
        (10, {"seniority": Seniority.VP}, Account("a", "A", industry="software", employees=300, country="CN"), False),
        (10, {"seniority": Seniority.MANAGER}, None, True),  # 8 - 2 = 6 < 10
        (0, {"seniority": Seniority.STUDENT}, Account("a", "A", industry="mining", employees=20, country="BR"), True),
    ],
)
def test_misses_ideal_profile(min_fit, kw, account, misses: bool) -> None:
    rules = RULES.model_copy(update={"profile": RULES.profile.model_copy(update={"min_fit": min_fit})})
    card = Scorer(rules).score(lead(**kw), account, [], NOW)
    assert card.misses_profile is misses
    assert card.as_dict()["misses_profile"] is misses


# --- scoring from per-kind totals (a full rescoring has SQLite sum the events) ----------------

EVENT = st.builds(
    lambda kind, seconds_ago: (kind, NOW - timedelta(microseconds=seconds_ago)),
    st.sampled_from(list(K)),
    # up to 400 days back, down to a day ahead (a clock running fast), to the microsecond
    st.integers(min_value=-86_400_000_000, max_value=400 * 86_400_000_000),
)


def totals_of(scorer: Scorer, events: list[EngagementEvent], now: datetime) -> list[KindTotal]:
    """Sums per kind with `decays`, in the order given: what the store asks SQLite for."""
    decay = {d.kind: d for d in scorer.decays}
    sums: dict[K, list[float]] = {}
    for e in events:
        d = decay.get(e.kind)
        if d is None:
            continue
        age = max(now.timestamp() - e.occurred_at.timestamp(), 0.0)
        acc = sums.setdefault(e.kind, [0, 0.0, 0])
        acc[0] += 1
        acc[1] += d.points * math.exp(-d.rate * age)
        acc[2] += age <= scorer.learner_window_seconds
    return [KindTotal(kind, int(n), s, int(r)) for kind, (n, s, r) in sums.items()]


@settings(max_examples=300, deadline=None)
@given(st.lists(EVENT, max_size=40), st.randoms(use_true_random=False))
def test_totals_give_the_same_card_as_the_events(raw: list[tuple[K, datetime]], rnd) -> None:
    scorer = Scorer(RULES)
    events = [EngagementEvent(f"e{i}", "l1", kind, at) for i, (kind, at) in enumerate(raw)]
    by_time = sorted(events, key=lambda e: e.occurred_at)
    totals = totals_of(scorer, by_time, NOW)
    rnd.shuffle(totals)  # SQLite returns the kinds in its own order
    acct = Account("a", "Acme", industry="software", employees=300, country="CN")
    # Summed in the same order, the totals are the loop's to the bit: cards equal, reasons and all.
    assert scorer.score_from_totals(lead(), acct, totals, NOW) == scorer.score(lead(), acct, by_time, NOW)
    lean = scorer.score_from_totals(lead(), acct, totals, NOW, explain=False)
    full = scorer.score(lead(), acct, by_time, NOW)
    assert [m.points for m in lean.models] == [m.points for m in full.models]
    assert (lean.total, lean.learner, lean.misses_profile) == (full.total, full.learner, full.misses_profile)
    assert all(not m.reasons for m in lean.models[2:5]) and lean.learner_reason is None
    # Summed in another order (a newer SQLite sums more exactly) a model's points move by a
    # few units in the last place at most: far below the 0.1 the rescoring stores.
    other = scorer.score_from_totals(lead(), acct, totals_of(scorer, by_time[::-1], NOW), NOW)
    for mine, theirs in zip(other.models, full.models, strict=True):
        assert mine.points == pytest.approx(theirs.points, rel=1e-12, abs=1e-9)


def test_equal_points_are_listed_by_kind_whatever_came_first() -> None:
    rules = RULES.model_copy(update={"behaviour": RULES.behaviour.model_copy(
        update={"points": {K.PAGE_VIEW: 2, K.DOWNLOAD: 2}})})
    scorer = Scorer(rules)
    download_first = [ev(K.DOWNLOAD, 1), ev(K.PAGE_VIEW, 1)]
    orders = {tuple(r.params["kind"] for r in scorer.score(lead(), None, events, NOW).model("behaviour").reasons)
              for events in (download_first, download_first[::-1])}
    assert orders == {("page_view", "download")}


def test_decays_name_every_kind_scoring_reads() -> None:
    scorer = Scorer(RULES)
    decay = {d.kind: d for d in scorer.decays}
    assert decay[K.PRICING_VIEW] == (K.PRICING_VIEW, 12, math.log(2) / (10 * 86400), False, True)
    assert decay[K.WECHAT_READ].content and decay[K.WECHAT_READ].points == 2
    assert K.CONTACT_SALES not in decay and K.FORM_SUBMIT not in decay  # neither scored nor in the learner rules
    assert scorer.learner_window_seconds == 30 * 86400
