"""The MQL hand-off summary, built from plain records."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    BuyerRoleEntry,
    Channel,
    CriterionAnswer,
    CriterionStatus,
    Lead,
    Outcome,
    Qualification,
    ResearchNote,
    SourceRef,
    Stance,
    Step,
    Tier,
)
from sdr_desk.core.handoff import current_touches, handoff_summary
from sdr_desk.core.qualification import build_qualification, framework

T0 = datetime(2026, 2, 2, 8, 0, tzinfo=UTC)
Y = CriterionStatus.YES

LEAD = Lead(id="l1", full_name="Prospect One", account_id="a1", title="Head of Marketing",
            phones=["+862155550101"], emails=["prospect.one@example.cn"], country="CN")
BOSS = Lead(id="l2", full_name="Prospect Two", account_id="a1", title="CMO")
ACCOUNT = Account(id="a1", name="Example Instruments", industry="Manufacturing", employees=420)


def qualified(**overrides: object) -> Qualification:
    answers = {
        "money": CriterionAnswer(Y, "Budget of 300k approved\nfor H2"),
        "authority": CriterionAnswer(Y, "Runs the selection, CMO signs"),
        "need": CriterionAnswer(Y, "Leads lost between events and sales"),
        "time": CriterionAnswer(Y, "Vendor by April; meeting Thursday"),
        "competitor": CriterionAnswer(CriterionStatus.PARTLY, "Saw two demos last year"),
        "people": CriterionAnswer(Y, "Two marketing-ops staff"),
    }
    return build_qualification(id="q1", lead_id="l1", fw=framework("mantcp"), answers=answers,
                               previous_versions=[1], created_at=T0, **overrides)  # type: ignore[arg-type]


def touch(i: str, days: int, channel: Channel, outcome: Outcome, step: Step | None, **kw: object) -> Activity:
    return Activity(id=i, lead_id="l1", channel=channel, outcome=outcome,
                    occurred_at=T0 - timedelta(days=days), step=step, **kw)  # type: ignore[arg-type]


ACTIVITIES = [
    touch("t1", 10, Channel.PHONE, Outcome.NO_ANSWER, Step.REACH),
    touch("t2", 9, Channel.EMAIL, Outcome.SENT, Step.REACH),
    touch("t3", 8, Channel.EMAIL, Outcome.OPENED, Step.CONNECT),
    touch("t4", 5, Channel.PHONE, Outcome.CONNECTED, Step.CONNECT, notes="wrong outcome"),
    touch("t5", 5, Channel.PHONE, Outcome.MEETING_BOOKED, Step.CONVERSATION, supersedes_id="t4",
          notes="Agreed to meet sales Thursday"),
]

RESEARCH = [
    ResearchNote(id="r1", account_id="a1", template=Tier.T2, section="company", field="growth",
                 text="Opened a second plant in Suzhou", pinned=True,
                 sources=[SourceRef("annual report", "2025-12-01")]),
    ResearchNote(id="r2", account_id="a1", template=Tier.T2, section="company", field="history",
                 text="Founded 1998, unpinned detail", pinned=False),
]

ROLES = [
    BuyerRoleEntry(id="b1", account_id="a1", lead_id="l1", role=BuyerRole.INFLUENCER, stance=Stance.CHAMPION, influence=3),
    BuyerRoleEntry(id="b2", account_id="a1", lead_id="l2", role=BuyerRole.DECIDER, influence=5),
]


def summary(**kw: object) -> str:
    args: dict[str, object] = dict(lead=LEAD, account=ACCOUNT, qualification=qualified(), framework=framework("mantcp"),
                                   buyer_roles=ROLES, people={"l2": BOSS}, research=RESEARCH, activities=ACTIVITIES)
    args.update(kw)
    return handoff_summary(**args)  # type: ignore[arg-type]


def test_summary_carries_evidence_roles_research_and_history() -> None:
    text = summary()
    lines = text.splitlines()
    assert lines[0] == "# Hand-off: Prospect One — Example Instruments"
    assert "Qualified with MANTCP, version 2 (2026-02-02 08:00 UTC)" in lines
    assert "- **Money** — Yes: Budget of 300k approved\n  for H2" in text
    assert "- **Competitor** — Partly: Saw two demos last year" in lines
    assert "None ticked." in lines
    # The decider leads the committee: most influence first.
    roles = [line for line in lines if line.startswith("- Prospect Two") or line.startswith("- Prospect One")]
    assert roles == ["- Prospect Two (CMO): decider, neutral, influence 5/5",
                     "- Prospect One (Head of Marketing): influencer, champion, influence 3/5"]
    assert "- [T2] company › growth: Opened a second plant in Suzhou — annual report (2025-12-01)" in lines
    assert "unpinned detail" not in text
    assert "4 touches: 2 reach, 1 connect, 1 conversation" in lines
    assert "wrong outcome" not in text  # superseded by the correction
    history = lines[lines.index("## Touch history") + 2:]
    assert history[0].startswith("- 2026-01-23 08:00 UTC · phone · no_answer (reach)")
    assert history[-1] == "- 2026-01-28 08:00 UTC · phone · meeting_booked (conversation) — Agreed to meet sales Thursday"


def test_red_flags_are_listed_by_label() -> None:
    flagged = replace(qualified(), red_flags=("internal_change",))
    text = summary(qualification=flagged)
    assert "- Internal change will block the deal" in text
    assert "None ticked." not in text


def test_long_histories_show_the_latest_touches() -> None:
    text = summary(max_touches=2)
    assert "... 2 earlier touches not shown" in text
    assert "no_answer" not in text and "meeting_booked" in text


def test_summary_in_chinese_uses_the_chinese_labels() -> None:
    text = summary(lang="zh_CN")
    assert text.startswith("# 移交销售: Prospect One — Example Instruments")
    assert "- **资金** — 是: Budget of 300k approved" in text
    assert "- Prospect Two (CMO): 决策者" in text
    assert "共 4 次触达:2 触达, 1 联系, 1 对话" in text


def test_empty_sections_say_so() -> None:
    text = handoff_summary(lead=LEAD, qualification=qualified(), framework=framework("mantcp"))
    assert text.splitlines()[0] == "# Hand-off: Prospect One"
    for line in ("No roles known yet.", "No pinned research.", "No touches logged."):
        assert line in text.splitlines()


def test_only_a_qualified_lead_is_handed_off() -> None:
    q = build_qualification(id="q2", lead_id="l1", fw=framework("mantcp"), answers={})
    with pytest.raises(ValueError, match="only a qualified lead"):
        handoff_summary(lead=LEAD, qualification=q, framework=framework("mantcp"))
    with pytest.raises(ValueError, match="'mantcp', not 'bant'"):
        handoff_summary(lead=LEAD, qualification=qualified(), framework=framework("bant"))


def test_current_touches_drop_superseded_entries_and_sort_by_time() -> None:
    assert [a.id for a in current_touches(list(reversed(ACTIVITIES)))] == ["t1", "t2", "t3", "t5"]
