"""The lead's stage: new -> working -> MQL -> SQL (sales accepted) -> opportunity, or nurture, or disqualified.

The rep moves a lead up to MQL (or out to nurture / disqualified); what happens after the
hand-off belongs to the server, which applies the sales side's decisions. A client asking
for a server-owned move is refused: it must send a command instead (DESIGN.md "Conflicts").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sdr_desk.core.entities import DisqualifyReason, LeadClass, Stage, Verdict


class Actor(StrEnum):
    REP = "rep"  # the desktop client, on the rep's behalf
    SERVER = "server"  # hand-offs, sales acceptance and sales' outcomes


@dataclass(frozen=True, slots=True)
class Move:
    owner: Actor
    why: str


# Every legal move, who may make it, and what it means. Anything else is refused.
_MOVES: dict[tuple[Stage, Stage], Move] = {
    (Stage.NEW, Stage.WORKING): Move(Actor.REP, "first touch logged"),
    (Stage.NEW, Stage.MQL): Move(Actor.REP, "qualified on the first contact"),
    (Stage.NEW, Stage.NURTURE): Move(Actor.REP, "not ready yet"),
    (Stage.NEW, Stage.DISQUALIFIED): Move(Actor.REP, "disqualified before any touch"),
    (Stage.WORKING, Stage.MQL): Move(Actor.REP, "qualified"),
    (Stage.WORKING, Stage.NURTURE): Move(Actor.REP, "not now"),
    (Stage.WORKING, Stage.DISQUALIFIED): Move(Actor.REP, "not qualified"),
    (Stage.NURTURE, Stage.WORKING): Move(Actor.REP, "re-engaged"),
    (Stage.NURTURE, Stage.MQL): Move(Actor.REP, "qualified while in nurture"),
    (Stage.NURTURE, Stage.DISQUALIFIED): Move(Actor.REP, "not qualified"),
    (Stage.DISQUALIFIED, Stage.WORKING): Move(Actor.REP, "reopened: the prospect came back"),
    (Stage.DISQUALIFIED, Stage.NURTURE): Move(Actor.REP, "never throw a lead away"),
    # After the hand-off, sales decides; the server records it.
    (Stage.MQL, Stage.SQL): Move(Actor.SERVER, "sales accepted after the first meeting"),
    (Stage.MQL, Stage.WORKING): Move(Actor.SERVER, "sales sent it back to the rep"),
    (Stage.MQL, Stage.NURTURE): Move(Actor.SERVER, "sales declined: nurture"),
    (Stage.MQL, Stage.DISQUALIFIED): Move(Actor.SERVER, "sales declined: not qualified"),
    (Stage.SQL, Stage.OPPORTUNITY): Move(Actor.SERVER, "sales opened an opportunity"),
    (Stage.SQL, Stage.NURTURE): Move(Actor.SERVER, "no deal this cycle"),
    (Stage.OPPORTUNITY, Stage.NURTURE): Move(Actor.SERVER, "opportunity lost"),
}


class TransitionRefused(ValueError):
    """An illegal stage change; `reason` is what the rep is told."""

    def __init__(self, current: Stage, target: Stage, reason: str) -> None:
        self.current = current
        self.target = target
        self.reason = reason
        super().__init__(f"{current.value} -> {target.value}: {reason}")


@dataclass(frozen=True, slots=True)
class StageChange:
    previous: Stage
    stage: Stage
    by: Actor
    why: str
    server_owned: bool
    reason: DisqualifyReason | None = None
    lead_class: LeadClass | None = None


def allowed_targets(current: Stage, by: Actor = Actor.REP) -> tuple[Stage, ...]:
    """Stages `by` may move a lead to from `current`, in Stage order (for menus)."""
    return tuple(t for t in Stage if (m := _MOVES.get((current, t))) is not None and _may(by, m))


def is_server_owned(current: Stage, target: Stage) -> bool:
    move = _MOVES.get((current, target))
    return move is not None and move.owner is Actor.SERVER


def _may(by: Actor, move: Move) -> bool:
    # The server may apply a rep's move too (a pushed op); a rep never applies sales' moves.
    return by is Actor.SERVER or move.owner is Actor.REP


def transition(
    current: Stage,
    target: Stage,
    *,
    by: Actor = Actor.REP,
    verdict: Verdict | None = None,
    reason: DisqualifyReason | None = None,
) -> StageChange:
    """Check and describe one stage change; raises TransitionRefused with a human reason.

    Reaching MQL needs a qualified verdict; disqualifying needs a reason.
    """
    if current is target:
        raise TransitionRefused(current, target, f"the lead is already {target.value}")
    move = _MOVES.get((current, target))
    if move is None:
        raise TransitionRefused(current, target, _why_not(current, target))
    if not _may(by, move):
        raise TransitionRefused(
            current, target,
            f"{move.why}: only the server records this; send the hand-off command instead",
        )
    if target is Stage.MQL and by is Actor.REP and verdict is not Verdict.QUALIFIED:
        raise TransitionRefused(current, target, "an MQL needs a qualification whose verdict is qualified")
    if target is Stage.DISQUALIFIED and reason is None:
        raise TransitionRefused(current, target, "say why the lead is disqualified")
    if target is not Stage.DISQUALIFIED and target is not Stage.NURTURE and reason is not None:
        raise TransitionRefused(current, target, "a reason belongs only to disqualify or nurture")
    return StageChange(
        previous=current,
        stage=target,
        by=by,
        why=move.why,
        server_owned=move.owner is Actor.SERVER,
        reason=reason,
        lead_class=lead_class_for(target, reason),
    )


def _why_not(current: Stage, target: Stage) -> str:
    if current in HANDED_OFF:
        return f"the lead is with sales ({current.value}); only sales' outcome can move it"
    if target in (Stage.SQL, Stage.OPPORTUNITY):
        return f"only sales can make a lead {target.value}, and only from {_prior(target).value}"
    return f"a {current.value} lead cannot become {target.value}"


def _prior(target: Stage) -> Stage:
    return Stage.MQL if target is Stage.SQL else Stage.SQL


# Handed off: out of the rep's call queue.
HANDED_OFF = frozenset({Stage.SQL, Stage.OPPORTUNITY})

# Where each stage routes (DOMAIN.md lead classes); raw leads are not routed yet.
_CLASS: dict[Stage, LeadClass] = {
    Stage.OPPORTUNITY: LeadClass.OPP,
    Stage.SQL: LeadClass.SQL,
    Stage.MQL: LeadClass.MQL,
    Stage.NURTURE: LeadClass.MA,
}


def lead_class_for(stage: Stage, reason: DisqualifyReason | None = None) -> LeadClass | None:
    """The routing class of a lead at `stage`. A disqualified lead keeps nurture unless its data is bad."""
    if stage is Stage.DISQUALIFIED:
        return LeadClass.NON_POTENTIAL if reason in (None, DisqualifyReason.BAD_DATA) else LeadClass.MA
    return _CLASS.get(stage)


def goes_to_sales(lead_class: LeadClass | None) -> bool:
    return lead_class in (LeadClass.OPP, LeadClass.SQL)


def invited_to_events(lead_class: LeadClass | None) -> bool:
    """SQL and MQL leads are invited to community and offline events."""
    return lead_class in (LeadClass.SQL, LeadClass.MQL)
