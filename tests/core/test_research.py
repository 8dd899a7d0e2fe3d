"""Research templates, completeness, staleness and note validation (core, no Qt, no database)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sdr_desk.core.entities import (
    Account,
    Activity,
    Channel,
    Outcome,
    ResearchNote,
    SourceKind,
    SourceRef,
    Step,
    Tier,
)
from sdr_desk.core.research import (
    NoteProblem,
    NoteRejected,
    history_notes,
    is_stale,
    load_template,
    load_templates,
    account_completeness,
    note_issues,
    pinned_insights,
    section_completeness,
    template_for,
    validate_note,
)
from sdr_desk.core.rules import RulesError

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)

T1_SECTIONS = {
    "market_dynamics": {"size", "growth", "maturity", "disruption", "competitors"},
    "company": {"revenue", "profitability", "growth", "market_share", "stock", "outlook", "acquisitions", "history"},
    "leadership": {"buying_team", "stability", "culture", "values", "key_roles", "attitudes", "preferences", "biases"},
    "relationships": {"org_structure", "reporting_lines", "power_centres", "buying_team"},
    "strategy": {"business_model", "priorities", "initiatives", "successes", "failures", "gaps"},
    "connections": {"past_work", "memberships"},
    "history": {"emails", "meetings", "calls", "deals"},
    "technology": {"competing", "complementary", "collaborating"},
    "ice_breakers": {"university", "home_town", "sports_teams", "interests", "events_attended"},
}


@pytest.fixture(scope="module")
def templates():
    return load_templates()


def note(section: str, field: str, text: str = "fact", *, tier: Tier = Tier.T1, lead_id: str | None = None,
         sources: list[SourceRef] | None = None, updated_at: datetime | None = NOW, n: int = 0) -> ResearchNote:
    return ResearchNote(
        id=f"n{n}-{section}-{field}", account_id="acc-1", template=tier, section=section, field=field,
        text=text, lead_id=lead_id, sources=sources or [], updated_at=updated_at,
    )


# --- loading -------------------------------------------------------------------------------


def test_t1_has_every_section_and_field_of_the_insight_profile(templates):
    t1 = templates[Tier.T1]
    assert {s.id: {f.id for f in s.fields} for s in t1.sections} == T1_SECTIONS
    assert [s.id for s in t1.sections][0] == "market_dynamics"


def test_t3_is_three_facts_industry_company_person(templates):
    t3 = templates[Tier.T3]
    assert [s.id for s in t3.sections] == ["industry", "company", "person"]
    assert all(len(s.fields) == 1 for s in t3.sections)
    assert t3.section("person").per_contact and not t3.section("company").per_contact


def test_t2_sits_between_t1_and_t3_in_depth(templates):
    depth = {tier: sum(len(s.fields) for s in t.sections) for tier, t in templates.items()}
    assert depth[Tier.T3] < depth[Tier.T2] < depth[Tier.T1]


def test_labels_in_english_and_chinese(templates):
    for template in templates.values():
        for section in template.sections:
            assert section.label.en and section.label.zh_CN != section.label.en
            for spec in section.fields:
                assert spec.label.text("zh_CN") == spec.label.zh_CN
                assert spec.label.text("en") == spec.label.en
    assert templates[Tier.T1].section("ice_breakers").label.text("zh-CN") == "敲门砖"


def test_freshness_limit_per_section_falls_back_to_template(templates):
    t1 = templates[Tier.T1]
    assert t1.fresh_limit("market_dynamics") == timedelta(days=90)
    assert t1.fresh_limit("strategy") == timedelta(days=t1.fresh_days)


def test_a_broken_template_names_file_line_and_key(tmp_path: Path):
    (tmp_path / "t3.toml").write_text(
        'tier = "T3"\nlabel = { en = "x", zh_CN = "x" }\nfresh_days = 90\n\n'
        '[[sections]]\nid = "industry"\nlabel = { en = "I", zh_CN = "行业" }\nfresh_days = -3\n'
        'fields = [ { id = "fact", label = { en = "F", zh_CN = "事实" } } ]\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesError) as err:
        load_template(Tier.T3, tmp_path)
    assert err.value.file.endswith("t3.toml")
    assert err.value.line == 8
    assert err.value.key == "sections[0].fresh_days"


def test_duplicate_field_and_wrong_tier_are_refused(tmp_path: Path):
    base = 'label = { en = "x", zh_CN = "x" }\nfresh_days = 90\n\n[[sections]]\nid = "industry"\nlabel = { en = "I", zh_CN = "行业" }\n'
    (tmp_path / "t3.toml").write_text(
        'tier = "T3"\n' + base + 'fields = [ { id = "fact", label = { en = "F", zh_CN = "事" } }, '
        '{ id = "fact", label = { en = "G", zh_CN = "事" } } ]\n', encoding="utf-8")
    with pytest.raises(RulesError, match="appears twice"):
        load_template(Tier.T3, tmp_path)
    (tmp_path / "t3.toml").write_text(
        'tier = "T2"\n' + base + 'fields = [ { id = "fact", label = { en = "F", zh_CN = "事" } } ]\n', encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_template(Tier.T3, tmp_path)
    assert err.value.line == 1 and err.value.key == "tier"


def test_a_team_override_changes_one_limit(tmp_path: Path):
    override = tmp_path / "t1_team.toml"
    override.write_text("fresh_days = 30\n", encoding="utf-8")
    t1 = load_template(Tier.T1, override=override)
    assert t1.fresh_days == 30 and t1.fresh_limit("strategy") == timedelta(days=30)
    assert t1.fresh_limit("market_dynamics") == timedelta(days=90)


def test_account_tier_picks_the_template_and_the_rep_can_switch(templates):
    account = Account(id="acc-1", name="Northwind", tier=Tier.T1)
    assert template_for(account, templates).tier is Tier.T1
    assert template_for(account, templates, chosen=Tier.T3).tier is Tier.T3
    assert template_for(Account(id="a2", name="Small Co"), templates).tier is Tier.T3


# --- completeness and staleness ------------------------------------------------------------


def test_completeness_per_section_and_account(templates):
    t1 = templates[Tier.T1]
    notes = [
        note("market_dynamics", "size", "≈ 120 亿元"),
        note("market_dynamics", "growth", "18 % a year", n=1),
        note("market_dynamics", "growth", "second note on the same field", n=2),
        note("market_dynamics", "maturity", "   "),  # blank text does not count
        note("company", "revenue"),
        note("market_dynamics", "no_such_field"),  # not in the template: ignored
        note("company", "revenue", tier=Tier.T3, n=3),  # another template: ignored
    ]
    market = section_completeness(t1, "market_dynamics", notes, NOW)
    assert (market.filled, market.total, market.stale) == (2, 5, 0)
    assert market.ratio == pytest.approx(0.4)
    assert set(market.missing) == {"maturity", "disruption", "competitors"}
    whole = account_completeness(t1, notes, NOW)
    assert whole.total == sum(len(f) for f in T1_SECTIONS.values())
    assert whole.filled == 3
    assert whole.section("company").filled == 1
    assert whole.ratio == pytest.approx(3 / whole.total)
    assert account_completeness(t1, [], NOW).ratio == 0


def test_t3_complete_with_three_facts(templates):
    t3 = templates[Tier.T3]
    notes = [note("industry", "fact", tier=Tier.T3), note("company", "fact", tier=Tier.T3),
             note("person", "fact", tier=Tier.T3, lead_id="lead-1")]
    assert account_completeness(t3, notes, NOW).ratio == 1.0
    assert account_completeness(t3, notes[:2], NOW).ratio == pytest.approx(2 / 3)


def test_stale_by_section_limit_using_newest_source_date(templates):
    t1 = templates[Tier.T1]
    old_source = note("market_dynamics", "size", sources=[SourceRef("https://example.com/report", "2026-01-10")])
    assert is_stale(old_source, t1, NOW)  # edited today, but the fact is from January
    fresh_source = note("market_dynamics", "size", sources=[
        SourceRef("https://example.com/a", "2026-01-10"), SourceRef("Annual report 2026", "2026-11-01", SourceKind.DOCUMENT)])
    assert not is_stale(fresh_source, t1, NOW)
    # No dated source: the last edit counts; 90 days for market dynamics, 180 for strategy.
    edited = NOW - timedelta(days=100)
    assert is_stale(note("market_dynamics", "size", updated_at=edited), t1, NOW)
    assert not is_stale(note("strategy", "priorities", updated_at=edited), t1, NOW)
    assert is_stale(note("strategy", "priorities", updated_at=None), t1, NOW)


def test_stale_fields_counted_in_completeness(templates):
    t1 = templates[Tier.T1]
    old = NOW - timedelta(days=400)
    notes = [
        note("company", "revenue", updated_at=old),
        note("company", "growth", updated_at=old, n=1),
        note("company", "growth", updated_at=NOW, n=2),  # a fresh note on the field keeps it fresh
    ]
    company = section_completeness(t1, "company", notes, NOW)
    assert (company.filled, company.stale) == (2, 1)
    assert company.fresh_ratio == pytest.approx(1 / 8)


def test_history_fills_itself_from_activities(templates):
    t1 = templates[Tier.T1]
    day = timedelta(days=1)
    acts = [
        Activity("a1", "lead-1", Channel.EMAIL, Outcome.SENT, NOW - 5 * day, Step.REACH),
        Activity("a2", "lead-1", Channel.EMAIL, Outcome.REPLIED, NOW - 2 * day, Step.CONVERSATION),
        Activity("a3", "lead-2", Channel.PHONE, Outcome.NO_ANSWER, NOW - 1 * day, Step.REACH),
        Activity("a4", "lead-2", Channel.PHONE, Outcome.CONNECTED, NOW, Step.CONNECT, supersedes_id="a3"),
    ]
    notes = history_notes(t1, "acc-1", acts)
    by_field = {n.field: n for n in notes}
    assert set(by_field) == {"emails", "calls"}
    assert by_field["emails"].text.startswith("2 ×") and "replied" in by_field["emails"].text
    assert by_field["calls"].text.startswith("1 ×")  # the superseded call is not counted twice
    assert by_field["emails"].updated_at == NOW - 2 * day
    history = section_completeness(t1, "history", notes, NOW)
    assert (history.filled, history.total) == (2, 4)
    assert history_notes(templates[Tier.T3], "acc-1", acts) == []


# --- validating notes ----------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["not a url", "www.example.com", "ftp://example.com/x", "https://", "http://intranet",
                                 "https://exa mple.com"])
def test_a_link_that_is_not_a_url_is_refused_with_a_reason(templates, ref):
    bad = note("company", "revenue", sources=[SourceRef(ref, "2026-03-01")])
    with pytest.raises(NoteRejected) as err:
        validate_note(bad, templates[Tier.T1], NOW)
    (issue,) = err.value.issues
    assert issue.problem is NoteProblem.BAD_LINK and issue.key == "sources[0].ref"
    assert "not a URL" in str(err.value)


def test_links_and_documents_that_are_fine(templates):
    good = note("company", "revenue", sources=[
        SourceRef("https://ir.example.com/2025/annual-report.pdf?lang=zh", "2026-03-01"),
        SourceRef("http://例子.中国/新闻", None),
        SourceRef("Analyst briefing, Q3 deck", "2026-11-25", SourceKind.DOCUMENT),
    ])
    assert validate_note(good, templates[Tier.T1], NOW) is good


def test_a_source_date_in_the_future_is_refused(templates):
    tomorrow = (NOW + timedelta(days=1)).date().isoformat()
    bad = note("company", "revenue", sources=[SourceRef("https://example.com", tomorrow)])
    issues = note_issues(bad, templates[Tier.T1], NOW)
    assert [(i.problem, i.key) for i in issues] == [(NoteProblem.FUTURE_DATE, "sources[0].date")]
    assert "future" in issues[0].reason
    garbled = note("company", "revenue", sources=[SourceRef("https://example.com", "25/11/2026")])
    assert [i.problem for i in note_issues(garbled, templates[Tier.T1], NOW)] == [NoteProblem.BAD_DATE]


def test_every_reason_is_reported_at_once(templates):
    bad = note("ice_breakers", "nickname", "", sources=[SourceRef("", None, SourceKind.DOCUMENT)])
    problems = {i.problem for i in note_issues(bad, templates[Tier.T1], NOW)}
    assert problems == {NoteProblem.UNKNOWN_FIELD, NoteProblem.NEEDS_CONTACT, NoteProblem.EMPTY, NoteProblem.EMPTY_DOCUMENT}
    assert {i.problem for i in note_issues(note("gossip", "x"), templates[Tier.T1], NOW)} == {NoteProblem.UNKNOWN_SECTION}
    wrong = note("industry", "fact", tier=Tier.T3)
    assert {i.problem for i in note_issues(wrong, templates[Tier.T1], NOW)} >= {NoteProblem.WRONG_TEMPLATE}


def test_long_chinese_and_emoji_notes_are_fine(templates):
    text = ("市场规模约 120 亿元,年增长 18%。🚀📈 " * 4000)[:100_000]
    assert len(text.encode("utf-8")) > 100_000
    big = note("person", "fact", text, tier=Tier.T3, lead_id="lead-1",
               sources=[SourceRef("https://news.example.cn/文章/123", "2026-11-20")])
    assert validate_note(big, templates[Tier.T3], NOW).text == text
    limit = templates[Tier.T3].max_text_chars
    too_long = note("industry", "fact", "字" * (limit + 1), tier=Tier.T3)
    assert [i.problem for i in note_issues(too_long, templates[Tier.T3], NOW)] == [NoteProblem.TOO_LONG]


def test_pinned_insights_for_the_call_card(templates):
    old = NOW - timedelta(days=200)
    notes = [
        note("strategy", "priorities", "扩大华东市场 🚀\nsecond line", n=1),
        note("market_dynamics", "growth", "18 % a year", n=2),
        note("company", "revenue", "not pinned", n=3),
        note("ice_breakers", "university", "Same university as our VP", lead_id="lead-2", n=4),
        note("person", "fact", "Spoke at a trade show", tier=Tier.T3, lead_id="lead-1", updated_at=old, n=5),
        note("gone_section", "x", "rules changed", n=6),
    ]
    for item in notes:
        item.pinned = item.text != "not pinned"
    pinned = pinned_insights(notes, templates, NOW)
    assert [p.note.field for p in pinned] == ["growth", "priorities", "university", "fact"]
    assert pinned[1].line() == "Strategy · Priorities: 扩大华东市场 🚀"
    assert pinned[1].line("zh_CN") == "战略 · 优先事项: 扩大华东市场 🚀"
    assert [p.stale for p in pinned] == [False, False, False, True]
    for_lead_1 = pinned_insights(notes, templates, NOW, lead_id="lead-1")
    assert [p.note.field for p in for_lead_1] == ["growth", "priorities", "fact"]
