"""Nurture tracks (welcome, drip, re-engagement, education, active funnel) and enrolments in them.

Tracks are timed touches per channel in resources/rules/nurture.toml. An enrolment walks its
track one touch at a time; the next due touch feeds the call queue. A reply, a booked
meeting or a qualified verdict ends it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, model_validator

from sdr_desk.core.entities import Channel, DisqualifyReason, NurtureEnrolment, Outcome, Verdict
from sdr_desk.core.qualification import Text, rule_error
from sdr_desk.core.rules import RulesModel, load_rules
from sdr_desk.paths import RULES

NURTURE_FILE = RULES / "nurture.toml"

# Channels a track can schedule a touch on; meetings and notes are outcomes, not touches.
TOUCH_CHANNELS = frozenset({Channel.PHONE, Channel.EMAIL, Channel.WECHAT, Channel.SMS})
_AUTOMATABLE = frozenset({Channel.EMAIL, Channel.WECHAT, Channel.SMS})


class TouchMode(StrEnum):
    AUTOMATED = "automated"  # sent by marketing automation
    PERSONAL = "personal"  # written or made by the rep


class EndReason(StrEnum):
    REPLY = "reply"
    MEETING_BOOKED = "meeting_booked"
    QUALIFIED = "qualified"
    COMPLETED = "completed"  # every touch done; the lead moves to the track's successor
    MOVED = "moved"  # the rep put the lead on another track


# --- rules schemas ------------------------------------------------------------------------


class Touch(RulesModel):
    day: int = Field(ge=0)
    channel: Channel
    mode: TouchMode = TouchMode.PERSONAL
    purpose: Text | None = None

    @model_validator(mode="after")
    def _channel(self) -> Touch:
        if self.channel not in TOUCH_CHANNELS:
            raise rule_error(("channel",), f"a touch cannot be on {self.channel.value}", self.channel)
        if self.mode is TouchMode.AUTOMATED and self.channel not in _AUTOMATABLE:
            raise rule_error(("mode",), f"a {self.channel.value} touch cannot be automated", self.mode)
        return self


class Bound(RulesModel):
    channels: tuple[Channel, ...] = Field(min_length=1)
    min: int = Field(ge=0)
    max: int = Field(ge=0)


class Track(RulesModel):
    label: Text
    description: Text
    duration_days: int = Field(gt=0)
    touches: tuple[Touch, ...] = Field(min_length=1)
    then: str | None = None
    bounds: tuple[Bound, ...] = ()

    @model_validator(mode="after")
    def _timeline(self) -> Track:
        for i in range(1, len(self.touches)):
            if self.touches[i].day < self.touches[i - 1].day:
                raise rule_error(("touches", i, "day"), "touches must be in day order", self.touches[i].day)
        last = self.touches[-1].day
        if last >= self.duration_days:
            raise rule_error(("duration_days",), f"the last touch (day {last}) falls outside the track's days", self.duration_days)
        for j, b in enumerate(self.bounds):
            n = sum(1 for t in self.touches if t.channel in b.channels)
            if not b.min <= n <= b.max:
                names = ", ".join(c.value for c in b.channels)
                raise rule_error(("bounds", j), f"{n} touches on {names}; the campaign calls for {b.min} to {b.max}")
        return self


class NurtureRules(RulesModel):
    # A touch made up to this many hours before it falls due still counts as that touch.
    early_hours: float = Field(default=24, ge=0, le=24 * 14)
    new_lead_track: str
    dormant_track: str
    on_reason: dict[DisqualifyReason, str]
    ends_on: dict[Outcome, EndReason]
    tracks: dict[str, Track]

    @model_validator(mode="after")
    def _tracks_exist(self) -> NurtureRules:
        refs: list[tuple[tuple[str | int, ...], str]] = [
            (("new_lead_track",), self.new_lead_track), (("dormant_track",), self.dormant_track),
        ]
        refs += [(("on_reason", r.value), t) for r, t in self.on_reason.items()]
        refs += [(("tracks", name, "then"), t.then) for name, t in self.tracks.items() if t.then is not None]
        for loc, track in refs:
            if track not in self.tracks:
                raise rule_error(loc, f"no track named {track!r}", track)
        for outcome, why in self.ends_on.items():
            if why not in (EndReason.REPLY, EndReason.MEETING_BOOKED):
                raise rule_error(("ends_on", outcome.value), "an outcome ends nurture as reply or meeting_booked", why)
        return self

    def track(self, track_id: str) -> Track:
        try:
            return self.tracks[track_id]
        except KeyError:
            raise KeyError(f"no nurture track {track_id!r}") from None


def load_nurture_rules(path: Path = NURTURE_FILE, override: Path | None = None) -> NurtureRules:
    return load_rules(NurtureRules, path, override)


@cache
def default_nurture_rules() -> NurtureRules:
    return load_nurture_rules()


def _nrules(rules: NurtureRules | None) -> NurtureRules:
    return rules if rules is not None else default_nurture_rules()


def _aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")


# --- schedules ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScheduledTouch:
    track: str
    index: int  # position in the track, from 0
    of: int  # how many touches the track has
    touch: Touch
    due_at: datetime


def schedule(track_id: str, started_at: datetime, rules: NurtureRules | None = None) -> tuple[ScheduledTouch, ...]:
    _aware(started_at, "started_at")
    track = _nrules(rules).track(track_id)
    n = len(track.touches)
    return tuple(
        ScheduledTouch(track_id, i, n, t, started_at + timedelta(days=t.day)) for i, t in enumerate(track.touches)
    )


def track_for_reason(reason: DisqualifyReason, rules: NurtureRules | None = None) -> str | None:
    """The track a disqualified or put-off lead enters; None: no nurture (e.g. bad data)."""
    return _nrules(rules).on_reason.get(reason)


# --- enrolments ---------------------------------------------------------------------------


def enrol(
    *, id: str, lead_id: str, track_id: str, now: datetime, rules: NurtureRules | None = None
) -> NurtureEnrolment:
    touches = schedule(track_id, now, rules)
    return NurtureEnrolment(id=id, lead_id=lead_id, track=track_id, started_at=now, next_due_at=touches[0].due_at)


def enrol_for_reason(
    *, id: str, lead_id: str, reason: DisqualifyReason, now: datetime, rules: NurtureRules | None = None
) -> NurtureEnrolment | None:
    """Disqualifying or "not now" enrols the lead in the track for its reason; None: no nurture."""
    track_id = track_for_reason(reason, rules)
    if track_id is None:
        return None
    return enrol(id=id, lead_id=lead_id, track_id=track_id, now=now, rules=rules)


def next_touch(enrolment: NurtureEnrolment, rules: NurtureRules | None = None) -> ScheduledTouch | None:
    """The touch the lead is waiting for, or None once the enrolment has ended or run out."""
    if enrolment.ended_at is not None:
        return None
    touches = schedule(enrolment.track, enrolment.started_at, rules)
    return touches[enrolment.step_index] if enrolment.step_index < len(touches) else None


def next_personal_touch(enrolment: NurtureEnrolment, rules: NurtureRules | None = None) -> ScheduledTouch | None:
    """The next touch the rep makes by hand; automated sends are marketing automation's."""
    if enrolment.ended_at is not None:
        return None
    touches = schedule(enrolment.track, enrolment.started_at, rules)
    return next((t for t in touches[enrolment.step_index:] if t.touch.mode is TouchMode.PERSONAL), None)


def rep_due_at(enrolment: NurtureEnrolment, rules: NurtureRules | None = None) -> datetime | None:
    """When the enrolment next needs the rep: what puts a nurtured lead in the call queue."""
    waiting = next_personal_touch(enrolment, rules)
    return None if waiting is None else waiting.due_at


class TouchState(StrEnum):
    DONE = "done"  # made (or passed by a later touch)
    NEXT = "next"  # the rep's next touch
    DUE = "due"  # its time has come
    LATER = "later"


@dataclass(frozen=True)
class PlannedTouch:
    """One line of a nurture plan as the rep sees it."""

    touch: ScheduledTouch
    state: TouchState


def nurture_plan(enrolment: NurtureEnrolment, now: datetime, rules: NurtureRules | None = None) -> tuple[PlannedTouch, ...]:
    """The enrolment's whole track, each touch with where it stands at `now`."""
    touches = schedule(enrolment.track, enrolment.started_at, rules)
    yours = next_personal_touch(enrolment, rules)
    plan = []
    for t in touches:
        if t.index < enrolment.step_index or enrolment.ended_at is not None:
            state = TouchState.DONE
        elif yours is not None and t.index == yours.index:
            state = TouchState.NEXT
        elif t.due_at <= now:
            state = TouchState.DUE
        else:
            state = TouchState.LATER
        plan.append(PlannedTouch(t, state))
    return tuple(plan)


def due_touches(
    enrolment: NurtureEnrolment, now: datetime, rules: NurtureRules | None = None
) -> tuple[ScheduledTouch, ...]:
    """Touches not yet done whose time has come, oldest first (several if the rep fell behind)."""
    _aware(now, "now")
    if enrolment.ended_at is not None:
        return ()
    touches = schedule(enrolment.track, enrolment.started_at, rules)
    return tuple(t for t in touches[enrolment.step_index:] if t.due_at <= now)


def complete_touch(
    enrolment: NurtureEnrolment, at: datetime, rules: NurtureRules | None = None
) -> NurtureEnrolment:
    """The current touch was made: move to the next, or end the enrolment as completed."""
    _aware(at, "at")
    current = next_touch(enrolment, rules)
    if current is None:
        raise ValueError("this enrolment has no touch left to complete")
    following = next_touch(replace(enrolment, step_index=enrolment.step_index + 1), rules)
    if following is None:
        return replace(
            enrolment, step_index=enrolment.step_index + 1, next_due_at=None,
            ended_at=at, end_reason=EndReason.COMPLETED,
        )
    return replace(enrolment, step_index=following.index, next_due_at=following.due_at)


def successor(enrolment: NurtureEnrolment, rules: NurtureRules | None = None) -> str | None:
    """Where a lead goes after running out of touches; a lead that answered goes nowhere."""
    if enrolment.end_reason != EndReason.COMPLETED:
        return None
    return _nrules(rules).track(enrolment.track).then


def end(enrolment: NurtureEnrolment, reason: EndReason, at: datetime) -> NurtureEnrolment:
    _aware(at, "at")
    if enrolment.ended_at is not None:
        raise ValueError(f"the enrolment already ended ({enrolment.end_reason})")
    return replace(enrolment, ended_at=at, end_reason=reason, next_due_at=None)


def end_reason_for(channel: Channel, outcome: Outcome, rules: NurtureRules | None = None) -> EndReason | None:
    """Whether a logged touch ends nurture: a reply or a booked meeting, on any channel."""
    del channel  # a reply ends nurture whichever channel it came on
    return _nrules(rules).ends_on.get(outcome)


def on_activity(
    enrolment: NurtureEnrolment, channel: Channel, outcome: Outcome, at: datetime,
    rules: NurtureRules | None = None, *, touch: bool = True,
) -> NurtureEnrolment:
    """The enrolment after a logged touch: ended if the touch was a reply or a booked meeting;
    otherwise, a touch on the channel of the next personal touch, made when it is due (or up
    to `early_hours` before), completes that step and schedules the next.

    `touch` is False for entries that are not a touch made by the rep (a note, a correction)."""
    if enrolment.ended_at is not None:
        return enrolment
    reason = end_reason_for(channel, outcome, rules)
    if reason is not None:
        return end(enrolment, reason, at)
    waiting = next_personal_touch(enrolment, rules)
    if not touch or waiting is None or waiting.touch.channel is not channel:
        return enrolment
    if waiting.due_at - timedelta(hours=_nrules(rules).early_hours) > at:
        return enrolment
    # Automated sends scheduled before it went out meanwhile: the track moves past them too.
    return complete_touch(replace(enrolment, step_index=waiting.index), at, rules)


def on_verdict(enrolment: NurtureEnrolment, verdict: Verdict, at: datetime) -> NurtureEnrolment:
    """Qualifying a lead ends its nurture: sales is contacted at once."""
    if verdict is not Verdict.QUALIFIED or enrolment.ended_at is not None:
        return enrolment
    return end(enrolment, EndReason.QUALIFIED, at)
