"""The lead stage machine: legal moves, refused moves with a reason, server-owned hand-offs."""

from __future__ import annotations

import pytest

from sdr_desk.core.entities import DisqualifyReason, LeadClass, Stage, Verdict
from sdr_desk.core.stages import (
    HANDED_OFF,
    Actor,
    TransitionRefused,
    allowed_targets,
    goes_to_sales,
    invited_to_events,
    is_server_owned,
    lead_class_for,
    transition,
)


def test_the_happy_path_from_new_to_opportunity() -> None:
    s = transition(Stage.NEW, Stage.WORKING)
    assert (s.stage, s.server_owned, s.lead_class) == (Stage.WORKING, False, None)
    s = transition(s.stage, Stage.MQL, verdict=Verdict.QUALIFIED)
    assert (s.stage, s.server_owned, s.lead_class) == (Stage.MQL, False, LeadClass.MQL)
    s = transition(s.stage, Stage.SQL, by=Actor.SERVER)
    assert (s.stage, s.server_owned, s.lead_class) == (Stage.SQL, True, LeadClass.SQL)
    s = transition(s.stage, Stage.OPPORTUNITY, by=Actor.SERVER)
    assert (s.stage, s.server_owned, s.lead_class) == (Stage.OPPORTUNITY, True, LeadClass.OPP)
    assert s.previous is Stage.SQL


@pytest.mark.parametrize(
    ("current", "target", "kwargs", "words"),
    [
        (Stage.NEW, Stage.SQL, {}, "only sales can make a lead sql"),
        (Stage.WORKING, Stage.OPPORTUNITY, {}, "only sales can make a lead opportunity"),
        (Stage.SQL, Stage.WORKING, {}, "with sales"),
        (Stage.OPPORTUNITY, Stage.MQL, {"verdict": Verdict.QUALIFIED}, "with sales"),
        (Stage.NURTURE, Stage.NEW, {}, "a nurture lead cannot become new"),
        (Stage.WORKING, Stage.WORKING, {}, "already working"),
        (Stage.WORKING, Stage.MQL, {}, "verdict is qualified"),
        (Stage.WORKING, Stage.MQL, {"verdict": Verdict.INCOMPLETE}, "verdict is qualified"),
        (Stage.WORKING, Stage.DISQUALIFIED, {}, "say why"),
        (Stage.NEW, Stage.WORKING, {"reason": DisqualifyReason.NO_NEED}, "reason belongs only"),
        # A rep cannot make sales' decisions: the client sends a command instead.
        (Stage.MQL, Stage.SQL, {}, "send the hand-off command"),
        (Stage.SQL, Stage.OPPORTUNITY, {}, "send the hand-off command"),
        (Stage.MQL, Stage.WORKING, {}, "send the hand-off command"),
    ],
)
def test_illegal_moves_are_refused_with_a_reason(
    current: Stage, target: Stage, kwargs: dict[str, object], words: str
) -> None:
    with pytest.raises(TransitionRefused) as caught:
        transition(current, target, **kwargs)  # type: ignore[arg-type]
    assert words in caught.value.reason
    assert (caught.value.current, caught.value.target) == (current, target)


def test_disqualifying_records_the_reason_and_routes_the_lead() -> None:
    s = transition(Stage.WORKING, Stage.DISQUALIFIED, reason=DisqualifyReason.NO_BUDGET)
    assert (s.reason, s.lead_class) == (DisqualifyReason.NO_BUDGET, LeadClass.MA)
    s = transition(Stage.NEW, Stage.DISQUALIFIED, reason=DisqualifyReason.BAD_DATA)
    assert s.lead_class is LeadClass.NON_POTENTIAL


def test_not_now_goes_to_nurture_and_a_reply_brings_it_back() -> None:
    s = transition(Stage.WORKING, Stage.NURTURE, reason=DisqualifyReason.NOT_NOW)
    assert (s.stage, s.lead_class) == (Stage.NURTURE, LeadClass.MA)
    assert transition(Stage.NURTURE, Stage.WORKING).stage is Stage.WORKING
    assert transition(Stage.NURTURE, Stage.MQL, verdict=Verdict.QUALIFIED).stage is Stage.MQL
    assert transition(Stage.DISQUALIFIED, Stage.WORKING).stage is Stage.WORKING


def test_the_server_may_apply_a_reps_move_too() -> None:
    # A pushed op is applied by the server; MQL still needs no verdict from it (the op carried one).
    assert transition(Stage.WORKING, Stage.MQL, by=Actor.SERVER).stage is Stage.MQL


def test_what_each_actor_may_do_from_each_stage() -> None:
    assert allowed_targets(Stage.NEW) == (Stage.WORKING, Stage.MQL, Stage.NURTURE, Stage.DISQUALIFIED)
    assert allowed_targets(Stage.MQL) == ()
    assert allowed_targets(Stage.MQL, Actor.SERVER) == (Stage.WORKING, Stage.SQL, Stage.NURTURE, Stage.DISQUALIFIED)
    assert allowed_targets(Stage.OPPORTUNITY, Actor.SERVER) == (Stage.NURTURE,)


def test_server_owned_hand_offs() -> None:
    owned = {(a, b) for a in Stage for b in Stage if is_server_owned(a, b)}
    assert (Stage.MQL, Stage.SQL) in owned
    assert (Stage.SQL, Stage.OPPORTUNITY) in owned
    assert all(a in (Stage.MQL, *HANDED_OFF) for a, _ in owned)
    assert not is_server_owned(Stage.WORKING, Stage.MQL)
    assert not is_server_owned(Stage.NEW, Stage.OPPORTUNITY)  # not a move at all


@pytest.mark.parametrize(
    ("stage", "cls"),
    [
        (Stage.NEW, None), (Stage.WORKING, None), (Stage.MQL, LeadClass.MQL), (Stage.SQL, LeadClass.SQL),
        (Stage.OPPORTUNITY, LeadClass.OPP), (Stage.NURTURE, LeadClass.MA), (Stage.DISQUALIFIED, LeadClass.NON_POTENTIAL),
    ],
)
def test_lead_class_per_stage(stage: Stage, cls: LeadClass | None) -> None:
    assert lead_class_for(stage) is cls


def test_routing_by_lead_class() -> None:
    assert [c for c in LeadClass if goes_to_sales(c)] == [LeadClass.OPP, LeadClass.SQL]
    assert [c for c in LeadClass if invited_to_events(c)] == [LeadClass.SQL, LeadClass.MQL]
    assert not goes_to_sales(None)
