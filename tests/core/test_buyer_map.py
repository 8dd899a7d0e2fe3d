"""The buying committee: edits and their refusals, gaps, entry point, ideal-profile match."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sdr_desk.core.buyer_map import (
    Committee,
    CommitteeError,
    CommitteeProblem,
    ContactFacts,
    FactorKind,
    GapKind,
    MatchOutcome,
    ProfileDimension,
    find_gaps,
    furthest_steps,
    load_committee_rules,
    load_ideal_profile,
    match_contact,
    rank_entry_points,
    suggest_entry_point,
)
from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    BuyerRoleEntry,
    Channel,
    Lead,
    Outcome,
    Seniority,
    Stance,
    Step,
)
from sdr_desk.core.rules import RulesError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def rules():
    return load_committee_rules()


@pytest.fixture(scope="module")
def profile():
    return load_ideal_profile()


def account(employees: int | None = 300) -> Account:
    return Account(id="acc-1", name="Northwind Trading", employees=employees)


def contacts(n: int, account_id: str = "acc-1") -> list[Lead]:
    return [Lead(id=f"lead-{i}", full_name=f"Contact {i}", account_id=account_id, title="Manager") for i in range(1, n + 1)]


def touch(lead_id: str, step: Step, minutes: int = 0, *, n: str = "", supersedes: str | None = None) -> Activity:
    outcome = {Step.REACH: Outcome.NO_ANSWER, Step.CONNECT: Outcome.CONNECTED, Step.CONVERSATION: Outcome.CONVERSATION}[step]
    return Activity(f"act-{lead_id}-{step.value}{n}", lead_id, Channel.PHONE, outcome, NOW + timedelta(minutes=minutes),
                    step, supersedes_id=supersedes)


# --- building and editing ------------------------------------------------------------------


def test_every_contact_gets_an_entry_starting_from_the_lead_role():
    leads = contacts(3)
    leads[0].buyer_role = BuyerRole.DECIDER
    existing = BuyerRoleEntry("e-2", "acc-1", "lead-2", BuyerRole.USER, Stance.CHAMPION, 5)
    committee = Committee(account(), leads, [existing])
    assert committee.entry("lead-1").role is BuyerRole.DECIDER
    assert committee.entry("lead-2") is existing
    assert committee.entry("lead-3").role is BuyerRole.UNKNOWN
    assert committee.entry("lead-3").account_id == "acc-1"
    assert len(committee) == 3 and committee.lead_ids() == ["lead-1", "lead-2", "lead-3"]


def test_edits_return_a_new_entry_and_keep_the_old_one_untouched():
    committee = Committee(account(), contacts(2))
    before = committee.entry("lead-1")
    after = committee.set_role("lead-1", BuyerRole.INITIATOR, now=NOW)
    assert after is not before and before.role is BuyerRole.UNKNOWN
    assert (after.role, after.updated_at, after.id) == (BuyerRole.INITIATOR, NOW, before.id)
    assert committee.set_stance("lead-1", Stance.CHAMPION).stance is Stance.CHAMPION
    assert committee.set_influence("lead-1", 5).influence == 5
    assert committee.set_reports_to("lead-1", "lead-2").reports_to_lead_id == "lead-2"
    assert committee.set_reports_to("lead-1", None).reports_to_lead_id is None
    assert [m.entry.role for m in committee.by_role(BuyerRole.INITIATOR)] == [BuyerRole.INITIATOR]


def test_a_contact_of_another_account_is_refused_with_a_reason():
    committee = Committee(account(), contacts(2))
    stranger = Lead(id="lead-x", full_name="Contact X", account_id="acc-2")
    with pytest.raises(CommitteeError) as err:
        committee.add_contact(stranger, BuyerRole.DECIDER)
    assert err.value.problem is CommitteeProblem.OTHER_ACCOUNT
    assert "another account" in err.value.reason
    assert "lead-x" not in committee
    with pytest.raises(CommitteeError) as err:
        committee.assign(BuyerRoleEntry("e-x", "acc-1", "lead-x", BuyerRole.DECIDER))
    assert err.value.problem is CommitteeProblem.OTHER_ACCOUNT
    with pytest.raises(CommitteeError) as err:
        committee.assign(BuyerRoleEntry("e-y", "acc-2", "lead-1", BuyerRole.DECIDER))
    assert err.value.problem is CommitteeProblem.OTHER_ACCOUNT
    with pytest.raises(CommitteeError):
        Committee(account(), [*contacts(1), stranger])
    assert committee.entry("lead-1").role is BuyerRole.UNKNOWN


def test_add_contact_of_the_account():
    committee = Committee(account(), contacts(1))
    entry = committee.add_contact(Lead(id="lead-9", full_name="Contact 9", account_id="acc-1"), BuyerRole.USER, now=NOW)
    assert (entry.lead_id, entry.role, entry.account_id) == ("lead-9", BuyerRole.USER, "acc-1")
    with pytest.raises(CommitteeError) as err:
        committee.add_contact(Lead(id="lead-9", full_name="Contact 9", account_id="acc-1"))
    assert err.value.problem is CommitteeProblem.DUPLICATE_CONTACT


@pytest.mark.parametrize("value", [0, 6, -1, 3.5, True])
def test_influence_outside_one_to_five_is_refused(value):
    committee = Committee(account(), contacts(1))
    with pytest.raises(CommitteeError) as err:
        committee.set_influence("lead-1", value)
    assert err.value.problem is CommitteeProblem.INFLUENCE_OUT_OF_RANGE
    assert "1 to 5" in err.value.reason
    assert committee.entry("lead-1").influence == 3
    with pytest.raises(CommitteeError):
        Committee(account(), contacts(1), [BuyerRoleEntry("e", "acc-1", "lead-1", BuyerRole.USER, influence=value)])


def test_a_reporting_cycle_is_refused():
    committee = Committee(account(), contacts(4))
    committee.set_reports_to("lead-1", "lead-2")
    committee.set_reports_to("lead-2", "lead-3")
    with pytest.raises(CommitteeError) as err:
        committee.set_reports_to("lead-3", "lead-1")
    assert err.value.problem is CommitteeProblem.REPORTING_CYCLE
    assert "Contact 3" in err.value.reason and "Contact 1" in err.value.reason
    assert committee.reports_to("lead-3") is None
    with pytest.raises(CommitteeError) as err:
        committee.set_reports_to("lead-4", "lead-4")
    assert err.value.problem is CommitteeProblem.REPORTS_TO_SELF
    with pytest.raises(CommitteeError) as err:
        committee.set_reports_to("lead-4", "lead-elsewhere")
    assert err.value.problem is CommitteeProblem.OTHER_ACCOUNT
    committee.set_reports_to("lead-4", "lead-1")  # a tree is fine
    cyclic = [BuyerRoleEntry("e1", "acc-1", "lead-1", BuyerRole.USER, reports_to_lead_id="lead-2"),
              BuyerRoleEntry("e2", "acc-1", "lead-2", BuyerRole.USER, reports_to_lead_id="lead-1")]
    with pytest.raises(CommitteeError) as err:
        Committee(account(), contacts(2), cyclic)
    assert err.value.problem is CommitteeProblem.REPORTING_CYCLE


def test_status_is_the_furthest_step_from_activities():
    acts = [touch("lead-1", Step.REACH), touch("lead-1", Step.CONVERSATION, 5), touch("lead-1", Step.CONNECT, 10),
            touch("lead-2", Step.REACH, n="a"), touch("lead-2", Step.CONNECT, 3, n="b"),
            # a correction replaces a wrongly logged connect with a plain reach
            touch("lead-2", Step.REACH, 4, n="c", supersedes="act-lead-2-connectb")]
    steps = furthest_steps(acts)
    assert steps["lead-1"] == (Step.CONVERSATION, NOW + timedelta(minutes=10))
    assert steps["lead-2"][0] is Step.REACH
    committee = Committee(account(), contacts(3), activities=acts)
    assert [m.status for m in committee.members()] == [Step.CONVERSATION, Step.REACH, None]
    assert committee.member("lead-3").last_touch_at is None


# --- gaps ----------------------------------------------------------------------------------


def test_no_decider_gap_goes_once_a_decider_is_named(rules):
    committee = Committee(account(employees=None), contacts(2))
    assert [g.kind for g in find_gaps(committee, rules)] == [GapKind.NO_DECIDER]
    committee.set_role("lead-2", BuyerRole.DECIDER)
    assert find_gaps(committee, rules) == []


def test_only_the_gatekeeper_reached(rules):
    leads = contacts(3)
    committee = Committee(account(employees=None), leads, activities=[touch("lead-1", Step.CONNECT)])
    committee.set_role("lead-1", BuyerRole.GATEKEEPER)
    committee.set_role("lead-2", BuyerRole.DECIDER)
    assert [g.kind for g in find_gaps(committee, rules)] == [GapKind.ONLY_GATEKEEPER_REACHED]
    committee.update_status([touch("lead-1", Step.CONNECT), touch("lead-2", Step.REACH)])
    assert find_gaps(committee, rules) == []
    committee.update_status([])  # nobody reached yet is not "only the gatekeeper"
    assert find_gaps(committee, rules) == []


@pytest.mark.parametrize(
    ("employees", "identified", "expected"),
    [(300, 5, 6), (300, 6, None), (100, 5, 6), (500, 6, None), (501, 7, 8), (5000, 8, None), (60, 1, None), (None, 1, None)],
)
def test_committee_smaller_than_expected_for_company_size(rules, employees, identified, expected):
    leads = contacts(identified + 1)
    committee = Committee(account(employees), leads)
    for lead in leads[:identified]:
        committee.set_role(lead.id, BuyerRole.DECIDER)  # the last contact keeps an unknown role: not counted
    gaps = [g for g in find_gaps(committee, rules) if g.kind is GapKind.COMMITTEE_TOO_SMALL]
    if expected is None:
        assert gaps == []
    else:
        (gap,) = gaps
        assert (gap.have, gap.expected) == (identified, expected)
        assert str(employees) in gap.reason


def test_size_bands_are_data(tmp_path: Path):
    override = tmp_path / "committee_team.toml"
    override.write_text("[[size_bands]]\nmin_employees = 10\nmax_employees = 99\nexpected_min = 3\nexpected_max = 5\n",
                        encoding="utf-8")
    team = load_committee_rules(override=override)
    committee = Committee(account(50), contacts(2))
    committee.set_role("lead-1", BuyerRole.DECIDER)
    (gap,) = find_gaps(committee, team)
    assert (gap.kind, gap.have, gap.expected) == (GapKind.COMMITTEE_TOO_SMALL, 1, 3)


def test_broken_committee_rules_name_file_line_and_key(tmp_path: Path):
    path = tmp_path / "committee.toml"
    path.write_text(
        "[[size_bands]]\nmin_employees = 100\nmax_employees = 500\nexpected_min = 6\nexpected_max = 8\n\n"
        "[entry_point]\nper_influence = 4\n\n[entry_point.role]\ninitiator = 30\n\n[entry_point.stance]\nchampion = 30\n",
        encoding="utf-8")
    with pytest.raises(RulesError, match="points missing for: decider"):
        load_committee_rules(path)
    path.write_text("[[size_bands]]\nmin_employees = 100\nexpected_min = 6\nexpected_max = 'eight'\n", encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_committee_rules(path)
    assert (err.value.line, err.value.key) == (4, "size_bands[0].expected_max")


# --- entry point ---------------------------------------------------------------------------


def six_person_committee() -> Committee:
    committee = Committee(account(300), contacts(6))
    plan = [
        ("lead-1", BuyerRole.DECIDER, Stance.NEUTRAL, 5),
        ("lead-2", BuyerRole.INITIATOR, Stance.SUPPORTER, 3),
        ("lead-3", BuyerRole.INFLUENCER, Stance.CHAMPION, 4),
        ("lead-4", BuyerRole.BUYER, Stance.SCEPTIC, 3),
        ("lead-5", BuyerRole.USER, Stance.NEUTRAL, 2),
        ("lead-6", BuyerRole.GATEKEEPER, Stance.BLOCKER, 2),
    ]
    for lead_id, role, stance, influence in plan:
        committee.set_role(lead_id, role)
        committee.set_stance(lead_id, stance)
        committee.set_influence(lead_id, influence)
    return committee


def test_entry_point_is_the_champion_influencer_with_reasons(rules):
    committee = six_person_committee()
    best = suggest_entry_point(committee, rules)
    assert best is not None and best.lead_id == "lead-3"
    kinds = {f.kind: f for f in best.factors}
    assert kinds[FactorKind.STANCE].value == "champion" and kinds[FactorKind.ROLE].value == "influencer"
    assert best.score == pytest.approx(sum(f.points for f in best.factors))
    assert "Contact 3" in best.reason and "champion" in best.reason
    ranked = rank_entry_points(committee, rules)
    assert ranked[-1].lead_id == "lead-6"  # the blocking gatekeeper is the worst way in
    assert [e.score for e in ranked] == sorted((e.score for e in ranked), reverse=True)


def test_entry_point_moves_with_stance(rules):
    committee = six_person_committee()
    committee.set_stance("lead-3", Stance.BLOCKER)
    assert suggest_entry_point(committee, rules).lead_id == "lead-2"


def test_a_connected_contact_beats_an_equal_one_never_reached(rules):
    committee = Committee(account(), contacts(2))
    committee.set_role("lead-1", BuyerRole.INITIATOR)
    committee.set_role("lead-2", BuyerRole.INITIATOR)
    assert suggest_entry_point(committee, rules).lead_id == "lead-1"  # tie: by name
    committee.update_status([touch("lead-2", Step.CONNECT)])
    best = suggest_entry_point(committee, rules)
    assert best.lead_id == "lead-2"
    assert {f.kind: f.value for f in best.factors}[FactorKind.STATUS] == "connect"
    ep = rules.entry_point
    expected = ep.role[BuyerRole.INITIATOR] + ep.stance[Stance.NEUTRAL] + 3 * ep.per_influence + ep.status.connect
    assert best.score == pytest.approx(expected)
    assert suggest_entry_point(Committee(account(), []), rules) is None


def test_ideal_profile_match_lifts_an_otherwise_equal_contact(rules):
    committee = Committee(account(), contacts(3))
    for lead_id in ("lead-1", "lead-2", "lead-3"):
        committee.set_role(lead_id, BuyerRole.USER)
    lifted = suggest_entry_point(committee, rules, {"lead-1": 20.0, "lead-3": 90.0})
    assert lifted.lead_id == "lead-3"
    factor = next(f for f in lifted.factors if f.kind is FactorKind.IDEAL_PROFILE)
    assert (factor.value, factor.points) == ("90", pytest.approx(90 * rules.entry_point.ideal_profile_weight))


def test_entry_point_ties_go_to_higher_influence_then_name(rules):
    committee = Committee(account(), contacts(3))
    for lead_id in ("lead-1", "lead-2", "lead-3"):
        committee.set_role(lead_id, BuyerRole.USER)
    assert suggest_entry_point(committee, rules).lead_id == "lead-1"


# --- ideal buyer profile -------------------------------------------------------------------


def test_the_ideal_profile_has_five_dimensions(profile):
    assert [d.id for d in profile.dimensions] == list(ProfileDimension)
    assert profile.label.zh_CN == "理想买家画像"


def test_a_strong_match_and_its_reasons(profile):
    lead = Lead(id="lead-1", full_name="Contact 1", account_id="acc-1", title="VP Digital Marketing",
                seniority=Seniority.VP, tags=["saas"])
    facts = ContactFacts(age=42, salary_band="executive",
                         notes="数据驱动的营销负责人,重视客户体验;目标是今年收入增长 30%,获客成本太高。")
    match = match_contact(profile, lead, facts, role=BuyerRole.DECIDER)
    assert match.score == 100
    assert all(r.outcome is MatchOutcome.MATCH for r in match.results)
    assert any("demographics/seniority: match (vp)" == reason for reason in match.reasons)
    assert match.by_dimension()[ProfileDimension.PSYCHOGRAPHICS] == 100


def test_a_weak_match_says_what_is_missing_and_what_is_unknown(profile):
    lead = Lead(id="lead-2", full_name="Contact 2", account_id="acc-1", title="Receptionist", seniority=Seniority.INDIVIDUAL)
    match = match_contact(profile, lead, role=BuyerRole.GATEKEEPER)
    outcomes = {r.criterion: r.outcome for r in match.results}
    assert outcomes["seniority"] is MatchOutcome.MISS
    assert outcomes["function"] is MatchOutcome.MISS
    assert outcomes["role"] is MatchOutcome.MISS
    assert outcomes["age"] is MatchOutcome.UNKNOWN and outcomes["attitude"] is MatchOutcome.UNKNOWN
    assert match.score == 0
    unknown_role = match_contact(profile, Lead(id="l", full_name="Contact 3", account_id="acc-1"))
    assert {r.criterion: r.outcome for r in unknown_role.results}["role"] is MatchOutcome.UNKNOWN


def test_short_keywords_match_whole_words_only(profile):
    it_head = Lead(id="a", full_name="Contact A", title="Head of IT", seniority=Seniority.DIRECTOR)
    security = Lead(id="b", full_name="Contact B", title="Security officer", seniority=Seniority.DIRECTOR)
    fn = lambda lead: {r.criterion: r for r in match_contact(profile, lead).results}["function"]  # noqa: E731
    assert fn(it_head).outcome is MatchOutcome.MATCH and fn(it_head).detail == "IT"
    assert fn(security).outcome is MatchOutcome.MISS


def test_a_bad_profile_is_refused(tmp_path: Path):
    path = tmp_path / "ideal_profile.toml"
    path.write_text(
        'id = "x"\nlabel = { en = "x", zh_CN = "x" }\n\n[[dimensions]]\nid = "demographics"\n'
        'label = { en = "D", zh_CN = "人" }\ncriteria = [ { id = "s", label = { en = "S", zh_CN = "S" }, '
        'attribute = "seniority", any_of = ["boss"], points = 5 } ]\n', encoding="utf-8")
    with pytest.raises(RulesError, match="boss not one of"):
        load_ideal_profile(path)
