"""Qualification frameworks from data: the form, submission checks, verdicts and versions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sdr_desk.core.entities import CriterionAnswer, CriterionStatus, DisqualifyReason, Verdict
from sdr_desk.core.qualification import (
    DEFAULT_FRAMEWORK,
    ProblemKind,
    SubmissionError,
    build_qualification,
    default_frameworks,
    describe_missing,
    evaluate,
    form_description,
    framework,
    next_version,
    validate_submission,
)

Y, P, N, U = CriterionStatus.YES, CriterionStatus.PARTLY, CriterionStatus.NO, CriterionStatus.UNKNOWN

# Criteria in form order and the DOMAIN.md reason a "no" on each gives.
EXPECTED = {
    "mantcp": [
        ("money", DisqualifyReason.NO_BUDGET),
        ("authority", DisqualifyReason.NOT_DECISION_MAKER),
        ("need", DisqualifyReason.NO_NEED),
        ("time", DisqualifyReason.NOT_NOW),
        ("competitor", DisqualifyReason.INCUMBENT_VENDOR),
        ("people", DisqualifyReason.NO_OPERATOR),
    ],
    "bant": [
        ("budget", DisqualifyReason.NO_BUDGET),
        ("authority", DisqualifyReason.NOT_DECISION_MAKER),
        ("need", DisqualifyReason.NO_NEED),
        ("time", DisqualifyReason.NOT_NOW),
    ],
    "aunm": [
        ("authority", DisqualifyReason.NOT_DECISION_MAKER),
        ("urgency", DisqualifyReason.NO_NEED),
        ("need", DisqualifyReason.NO_NEED),
        ("money", DisqualifyReason.NO_BUDGET),
    ],
    "pact": [
        ("people", DisqualifyReason.NO_OPERATOR),
        ("authority", DisqualifyReason.NOT_DECISION_MAKER),
        ("competitor", DisqualifyReason.INCUMBENT_VENDOR),
        ("time", DisqualifyReason.NOT_NOW),
    ],
    "faint": [
        ("funds", DisqualifyReason.NO_BUDGET),
        ("authority", DisqualifyReason.NOT_DECISION_MAKER),
        ("interest", DisqualifyReason.NO_NEED),
        ("need", DisqualifyReason.NO_NEED),
        ("time", DisqualifyReason.NOT_NOW),
    ],
}


def answers(framework_id: str, **statuses: CriterionStatus) -> dict[str, CriterionAnswer]:
    """Every criterion "yes" with a note, except the ones given."""
    out = {}
    for cid, _ in EXPECTED[framework_id]:
        status = statuses.get(cid, Y)
        out[cid] = CriterionAnswer(status, f"heard on the call about {cid}" if status is not U else "")
    return out


def test_every_framework_ships_and_mantcp_is_the_default() -> None:
    assert DEFAULT_FRAMEWORK == "mantcp"
    assert list(default_frameworks())[0] == "mantcp"
    assert set(default_frameworks()) == set(EXPECTED)


@pytest.mark.parametrize("framework_id", list(EXPECTED))
def test_criteria_come_from_the_file_in_order(framework_id: str) -> None:
    assert [c.id for c in framework(framework_id).criteria] == [cid for cid, _ in EXPECTED[framework_id]]


@pytest.mark.parametrize("framework_id", list(EXPECTED))
def test_all_yes_with_evidence_is_qualified(framework_id: str) -> None:
    result = evaluate(framework(framework_id), answers(framework_id))
    assert (result.verdict, result.reason, result.missing) == (Verdict.QUALIFIED, None, ())


NO_CASES = [(fw, cid, reason) for fw, rows in EXPECTED.items() for cid, reason in rows]


@pytest.mark.parametrize(("framework_id", "criterion", "reason"), NO_CASES)
def test_a_no_disqualifies_with_the_domain_reason(framework_id: str, criterion: str, reason: DisqualifyReason) -> None:
    result = evaluate(framework(framework_id), answers(framework_id, **{criterion: N}))
    assert result.verdict is Verdict.NOT_QUALIFIED
    assert result.reason is reason
    assert result.failed == (criterion,)


# Criteria whose "unknown" leaves the form incomplete (all but Competitor: never having met
# a competitor does not block a deal).
UNKNOWN_CASES = [(fw, cid) for fw, rows in EXPECTED.items() for cid, _ in rows if cid != "competitor"]


@pytest.mark.parametrize(("framework_id", "criterion"), UNKNOWN_CASES)
def test_an_unknown_leaves_the_verdict_incomplete_naming_it(framework_id: str, criterion: str) -> None:
    result = evaluate(framework(framework_id), answers(framework_id, **{criterion: U}))
    assert result.verdict is Verdict.INCOMPLETE
    assert result.missing == (criterion,)
    assert result.reason is None


@pytest.mark.parametrize("framework_id", ["mantcp", "pact"])
def test_competitor_unknown_still_qualifies(framework_id: str) -> None:
    assert evaluate(framework(framework_id), answers(framework_id, competitor=U)).verdict is Verdict.QUALIFIED


@pytest.mark.parametrize(
    ("statuses", "verdict", "missing"),
    [
        ({"money": P, "authority": P, "people": P, "competitor": P}, Verdict.QUALIFIED, ()),
        ({"need": P}, Verdict.INCOMPLETE, ("need",)),  # a need must be strong and urgent
        ({"time": P}, Verdict.INCOMPLETE, ("time",)),  # a project soon AND a meeting within a week
        ({"need": U, "time": P}, Verdict.INCOMPLETE, ("need", "time")),
    ],
)
def test_mantcp_partly_answers(statuses: dict[str, CriterionStatus], verdict: Verdict, missing: tuple[str, ...]) -> None:
    result = evaluate(framework("mantcp"), answers("mantcp", **statuses))
    assert (result.verdict, result.missing) == (verdict, missing)


def test_nothing_answered_lists_every_criterion_that_must_pass() -> None:
    result = evaluate(framework("mantcp"), {})
    assert result.verdict is Verdict.INCOMPLETE
    assert result.missing == ("money", "authority", "need", "time", "people")
    lines = describe_missing(framework("mantcp"), result.missing)
    assert lines[0] == "Money: Is there budget set aside for this?"
    assert describe_missing(framework("mantcp"), ("need",), "zh_CN") == ("需求:您试图解决的问题是什么?",)


def test_a_red_flag_disqualifies_even_with_every_criterion_met() -> None:
    result = evaluate(framework("mantcp"), answers("mantcp"), ["bought_competitor"])
    assert (result.verdict, result.reason) == (Verdict.NOT_QUALIFIED, DisqualifyReason.RED_FLAG)
    assert result.red_flags == ("bought_competitor",)


def test_a_failed_criterion_is_the_reason_before_a_red_flag_and_the_first_no_wins() -> None:
    result = evaluate(framework("mantcp"), answers("mantcp", people=N, money=N), ["internal_change"])
    assert result.reason is DisqualifyReason.NO_BUDGET  # money comes before people
    assert result.failed == ("money", "people")


def test_a_no_decides_even_while_other_criteria_are_unknown() -> None:
    result = evaluate(framework("bant"), {"need": CriterionAnswer(N, "already solved in-house")})
    assert (result.verdict, result.reason) == (Verdict.NOT_QUALIFIED, DisqualifyReason.NO_NEED)
    assert result.missing == ("budget", "authority", "time")


def test_evaluate_refuses_ids_the_framework_does_not_have() -> None:
    with pytest.raises(ValueError, match="budget"):
        evaluate(framework("mantcp"), {"budget": CriterionAnswer(Y, "x")})
    with pytest.raises(ValueError, match="made_up_flag"):
        evaluate(framework("mantcp"), {}, ["made_up_flag"])


# --- the form -----------------------------------------------------------------------------


def test_form_is_generated_from_the_framework_in_both_languages() -> None:
    en = form_description(framework("mantcp"))
    zh = form_description(framework("mantcp"), lang="zh_CN")
    assert en.title == "MANTCP"
    assert [c.label for c in en.criteria] == ["Money", "Authority", "Need", "Time", "Competitor", "People"]
    assert [c.label for c in zh.criteria] == ["资金", "权限", "需求", "时间", "友商", "人员"]
    money = en.criteria[0]
    assert money.questions[0] == "Is there budget set aside for this?"
    assert [s for s, _ in money.statuses] == [Y, P, N, U]
    assert dict(zh.criteria[0].statuses)[P] == "部分"
    assert money.evidence_required_for == {Y, P}
    assert en.criteria[4].evidence_required_for == {Y, P, N}  # which vendor they are locked into
    assert {f.id for f in en.red_flags} == {
        "bought_competitor", "missing_infrastructure", "no_problem_owner", "internal_change",
    }
    assert zh.red_flags[0].label == "最近购买了具有竞争力的解决方案"


@pytest.mark.parametrize("framework_id", list(EXPECTED))
def test_every_criterion_has_questions_in_both_languages(framework_id: str) -> None:
    for lang in ("en", "zh_CN"):
        form = form_description(framework(framework_id), lang=lang)
        assert all(c.questions and all(q.strip() for q in c.questions) for c in form.criteria)
        assert all(c.label.strip() and c.description.strip() for c in form.criteria)


# --- submission ---------------------------------------------------------------------------


def test_empty_mandatory_evidence_gives_one_clear_message_per_criterion() -> None:
    submitted = {
        "money": CriterionAnswer(Y, ""),
        "authority": CriterionAnswer(P, "   \n "),
        "need": CriterionAnswer(U, ""),  # unknown needs no note
        "competitor": CriterionAnswer(N, ""),
    }
    problems = validate_submission(framework("mantcp"), submitted)
    assert [(p.kind, p.field) for p in problems] == [
        (ProblemKind.EVIDENCE_MISSING, "money"),
        (ProblemKind.EVIDENCE_MISSING, "authority"),
        (ProblemKind.EVIDENCE_MISSING, "competitor"),
    ]
    assert problems[0].message() == 'Money: an evidence note is needed for the answer "Yes".'
    assert problems[1].message("zh_CN") == "权限:回答为“部分”时必须填写依据。"


def test_unknown_criteria_and_red_flags_are_reported() -> None:
    problems = validate_submission(framework("bant"), {"money": CriterionAnswer(U)}, ["no_wifi"])
    assert [(p.kind, p.field) for p in problems] == [
        (ProblemKind.UNKNOWN_CRITERION, "money"),
        (ProblemKind.UNKNOWN_RED_FLAG, "no_wifi"),
    ]


def test_a_complete_form_has_no_problems() -> None:
    assert validate_submission(framework("faint"), answers("faint"), ["internal_change"]) == ()


def test_build_refuses_a_bad_form_whole_and_names_every_problem() -> None:
    with pytest.raises(SubmissionError) as caught:
        build_qualification(
            id="q1", lead_id="l1", fw=framework("mantcp"),
            answers={"money": CriterionAnswer(Y), "need": CriterionAnswer(Y)},
        )
    assert [p.field for p in caught.value.problems] == ["money", "need"]
    assert "Money" in str(caught.value) and "Need" in str(caught.value)


def test_build_saves_the_next_version_with_every_criterion_and_the_verdict() -> None:
    at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    saved = build_qualification(
        id="q3", lead_id="l1", fw=framework("mantcp"),
        answers={"money": CriterionAnswer(Y, "  200k approved for Q3  "), "time": CriterionAnswer(N, "next year")},
        red_flags=["internal_change", "internal_change"],
        previous_versions=[1, 2], author_id="u1", created_at=at,
    )
    assert saved.version == 3
    assert saved.framework == "mantcp"
    assert set(saved.answers) == {"money", "authority", "need", "time", "competitor", "people"}
    assert saved.answers["authority"].status is U
    assert saved.answers["money"].evidence == "200k approved for Q3"
    assert saved.red_flags == ("internal_change",)
    assert (saved.verdict, saved.reason) == (Verdict.NOT_QUALIFIED, DisqualifyReason.NOT_NOW)
    assert saved.missing == ("authority", "need", "people")
    assert (saved.author_id, saved.created_at) == ("u1", at)


@pytest.mark.parametrize(("previous", "expected"), [([], 1), ([1], 2), ([2, 1], 3), ([1, 4], 5)])
def test_next_version(previous: list[int], expected: int) -> None:
    assert next_version(previous) == expected


def test_versions_start_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        next_version([0, 1])


@st.composite
def forms(draw: st.DrawFn) -> tuple[str, dict[str, CriterionAnswer], list[str]]:
    framework_id = draw(st.sampled_from(list(EXPECTED)))
    ids = [cid for cid, _ in EXPECTED[framework_id]]
    chosen = draw(st.lists(st.sampled_from(ids), unique=True))
    submitted = {cid: CriterionAnswer(draw(st.sampled_from(list(CriterionStatus))), "note") for cid in chosen}
    flags = draw(st.lists(st.sampled_from(["bought_competitor", "internal_change"]), max_size=2))
    return framework_id, submitted, flags


@given(forms())
def test_every_verdict_is_explained(form: tuple[str, dict[str, CriterionAnswer], list[str]]) -> None:
    framework_id, submitted, flags = form
    result = evaluate(framework(framework_id), submitted, flags)
    status = {cid: submitted.get(cid, CriterionAnswer()).status for cid, _ in EXPECTED[framework_id]}
    reasons = dict(EXPECTED[framework_id])
    answered_no = [cid for cid, s in status.items() if s is N]
    if result.verdict is Verdict.QUALIFIED:
        assert not answered_no and not flags and result.missing == ()
    elif result.verdict is Verdict.NOT_QUALIFIED:
        # The reason is the first "no" in form order, else the red flag.
        expected = reasons[answered_no[0]] if answered_no else DisqualifyReason.RED_FLAG
        assert result.reason is expected
        assert result.failed == tuple(answered_no)
    else:
        assert not answered_no and not flags
        assert result.missing and all(status[cid] in (P, U) for cid in result.missing)
