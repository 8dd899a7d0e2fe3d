"""The call queue: a lead's priority is a sum of named components, each with its reason.

Components (DESIGN.md "Priority"): SLA urgency for untouched inbound leads, score,
learner, grade, tier, due call-back / scheduled touch / nurture touch, and penalties for
being outside the prospect's calling window, for a recent unanswered attempt and for many
attempts. Excluded leads (do-not-call, disqualified, handed off, owned by someone else)
never enter the queue.

Speed: the store keeps one compact `QueueFacts` per lead. The `Ranker` splits each lead's
priority into a part that never changes with time, a part that is constant until a known
moment (kept in a heap of those moments), and a continuous part (SLA ramp, back-offs)
computed at each ranking for the few leads in that phase. Leads are grouped by calling
window (time zone, country), whose state is computed once per group; within a group the
order is kept sorted, so a full ranking is a merge of sorted runs, and the merged order is
kept between rankings so that a minute passing or one logged outcome costs a few
binary-search edits rather than a sort.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, model_validator

from sdr_desk import paths
from sdr_desk.core.callwindows import CallWindowRules, CallWindows, WindowState, load_call_window_rules, load_holiday_rules
from sdr_desk.core.entities import Account, Direction, Grade, Lead, LeadSource, Outcome, Stage, Tier
from sdr_desk.core.rules import RulesModel, load_rules
from sdr_desk.core.scoring import Reason
from sdr_desk.core.timezones import prospect_country, prospect_time_zone

Bonus = Annotated[float, Field(ge=0, le=100_000)]
Penalty = Annotated[float, Field(ge=-10_000, le=0)]


class SlaWeights(RulesModel):
    overdue: Bonus = 10_000  # must beat every other component together
    approaching: Bonus = 800  # just before the deadline
    pending: Bonus = 300  # untouched inbound lead with time left
    ramp_minutes: float = Field(default=30, gt=0, le=24 * 60)


class ScoreWeights(RulesModel):
    weight: float = Field(default=1.0, ge=0, le=100)
    cap: float = Field(default=200, ge=0, le=10_000)  # score points used are clipped to 0..cap
    learner: Penalty = -40


class DueWeights(RulesModel):
    call_back: Bonus = 150  # promised call-back is due
    next_touch: Bonus = 80  # a scheduled touch is due
    nurture: Bonus = 60  # a nurture cadence touch is due


class Penalties(RulesModel):
    outside_window: Penalty = -250
    retry_backoff: Penalty = -120  # right after an unanswered attempt, fading to 0
    backoff_minutes: float = Field(default=120, gt=0, le=7 * 24 * 60)
    # Right after a touch that reached the prospect (or was sent to them), fading to 0, and
    # over at once when a scheduled touch falls due: the lead just worked does not come straight back.
    recent_touch: Penalty = -150
    recent_touch_minutes: float = Field(default=240, gt=0, le=7 * 24 * 60)
    unanswered: tuple[Outcome, ...] = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL, Outcome.GATEKEEPER)
    free_attempts: int = Field(default=6, ge=0, le=1000)
    per_extra_attempt: Penalty = -10
    max_attempts_penalty: Penalty = -100


class Exclusions(RulesModel):
    # A lead in an excluded stage still comes back for its nurture touches while enrolled.
    stages: tuple[Stage, ...] = (Stage.DISQUALIFIED, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY)
    inbound_missing_profile: bool = True  # untouched inbound leads below scoring's profile.min_fit


class PriorityRules(RulesModel):
    sla: SlaWeights = SlaWeights()
    score: ScoreWeights = ScoreWeights()
    grade: dict[Grade, Bonus] = Field(default_factory=lambda: {Grade.A: 40, Grade.B: 0})
    tier: dict[Tier, Bonus] = Field(default_factory=lambda: {Tier.T1: 60, Tier.T2: 30, Tier.T3: 0})
    due: DueWeights = DueWeights()
    penalties: Penalties = Penalties()
    exclude: Exclusions = Exclusions()

    @model_validator(mode="after")
    def _sla_on_top(self) -> PriorityRules:
        s = self.sla
        if not s.pending <= s.approaching <= s.overdue:
            raise ValueError("sla points must rise: pending <= approaching <= overdue")
        most = (self.score.weight * self.score.cap + max(self.grade.values(), default=0)
                + max(self.tier.values(), default=0) + self.due.call_back + self.due.next_touch + self.due.nurture)
        p = self.penalties
        worst = p.outside_window + min(p.retry_backoff, p.recent_touch) + p.max_attempts_penalty + self.score.learner
        least = min(self.grade.values(), default=0) + min(self.tier.values(), default=0)
        if s.overdue + worst + least <= most:
            raise ValueError(
                f"sla.overdue must exceed {most - worst - least:g} so an overdue inbound lead "
                "outranks every lead without SLA pressure"
            )
        return self


def load_priority_rules(path: Path | None = None, override: Path | None = None) -> PriorityRules:
    return load_rules(PriorityRules, path or paths.RULES / "priority.toml", override)


# --- inputs and outputs ----------------------------------------------------------------------


@dataclass(slots=True)
class QueueFacts:
    """What the queue needs to know about one lead: stored columns, no joins at ranking time."""

    lead_id: str
    score: float = 0.0  # stored total of the six scoring models
    learner: bool = False
    misses_profile: bool = False  # stored with the score (ScoreCard.misses_profile)
    grade: Grade = Grade.B
    tier: Tier = Tier.T3
    direction: Direction = Direction.INBOUND
    source: LeadSource = LeadSource.WEB_FORM
    stage: Stage = Stage.NEW
    owner_id: str | None = None
    do_not_call: bool = False
    time_zone: str | None = None  # IANA, already resolved (lead, else phone, else country)
    country: str | None = None  # whose calling hours and holidays apply
    first_touch_at: datetime | None = None
    sla_due_at: datetime | None = None
    next_touch_at: datetime | None = None  # scheduled touch or promised call-back
    nurture_due_at: datetime | None = None
    attempts: int = 0
    last_attempt_at: datetime | None = None
    last_outcome: Outcome | None = None


def standing_without_account(direction: Direction) -> tuple[Grade, Tier]:
    """DOMAIN.md: outbound accounts are grade A, inbound grade B; an unknown account is tier 3."""
    return (Grade.A if direction is Direction.OUTBOUND else Grade.B), Tier.T3


def queue_facts(
    lead: Lead,
    account: Account | None,
    *,
    score: float = 0.0,
    learner: bool = False,
    misses_profile: bool = False,
    attempts: int = 0,
    last_attempt_at: datetime | None = None,
    last_outcome: Outcome | None = None,
    nurture_due_at: datetime | None = None,
    call_rules: CallWindowRules | None = None,
) -> QueueFacts:
    """Facts from a lead and its account; the time zone from the lead, its phone, else its country."""
    country = prospect_country(lead, account)
    zone = prospect_time_zone(lead, account, call_rules)
    grade, tier = (account.grade, account.tier) if account is not None else standing_without_account(lead.direction)
    return QueueFacts(
        lead_id=lead.id, score=score, learner=learner, misses_profile=misses_profile, grade=grade, tier=tier,
        direction=lead.direction, source=lead.source, stage=lead.stage, owner_id=lead.owner_id,
        do_not_call=lead.do_not_call, time_zone=zone, country=country,
        first_touch_at=lead.first_touch_at, sla_due_at=lead.sla_due_at, next_touch_at=lead.next_touch_at,
        nurture_due_at=nurture_due_at, attempts=attempts, last_attempt_at=last_attempt_at, last_outcome=last_outcome,
    )


@dataclass(frozen=True, slots=True)
class Component:
    code: str  # sla, score, learner, grade, tier, due, nurture, window, retry, touched, attempts
    points: float
    reason: Reason


def _ago(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"


_INF = float("inf")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class PriorityPolicy:
    """The rules of the queue for one rep: who is excluded, and each component's points."""

    def __init__(self, rules: PriorityRules, windows: CallWindows, owner_id: str | None = None,
                 include_unassigned: bool = True) -> None:
        self.rules = rules
        self.windows = windows
        self.owner_id = owner_id
        self.include_unassigned = include_unassigned
        self._excluded_stages = frozenset(rules.exclude.stages)
        self._unanswered = frozenset(rules.penalties.unanswered)
        self._ramp = rules.sla.ramp_minutes * 60.0
        self._backoff = rules.penalties.backoff_minutes * 60.0
        self._touch_backoff = rules.penalties.recent_touch_minutes * 60.0
        # Read once per lead at every start-up (100,000 leads): plain attributes, not rule lookups.
        self._score_cap, self._score_weight = rules.score.cap, rules.score.weight
        self._learner_points = rules.score.learner
        self._grade_points = {g: rules.grade.get(g, 0.0) for g in Grade}
        self._tier_points = {t: rules.tier.get(t, 0.0) for t in Tier}
        p = rules.penalties
        self._free_attempts, self._per_attempt, self._max_attempts = p.free_attempts, p.per_extra_attempt, p.max_attempts_penalty
        self._call_back_points, self._next_touch_points = rules.due.call_back, rules.due.next_touch

    @classmethod
    def load(
        cls,
        owner_id: str | None = None,
        *,
        priority_override: Path | None = None,
        call_windows_override: Path | None = None,
        holidays_override: Path | None = None,
    ) -> PriorityPolicy:
        """The shipped rules, each optionally overridden by a team's file."""
        windows = CallWindows(load_call_window_rules(override=call_windows_override),
                              load_holiday_rules(override=holidays_override))
        return cls(load_priority_rules(override=priority_override), windows, owner_id)

    # exclusion -------------------------------------------------------------------------
    def exclusion(self, f: QueueFacts) -> Reason | None:
        if f.do_not_call:
            return Reason("excluded.do_not_call", {}, "Do not call")
        if f.stage in self._excluded_stages and f.nurture_due_at is None:
            return Reason("excluded.stage", {"stage": f.stage.value}, f"Stage is {f.stage.value}")
        if (f.misses_profile and self.rules.exclude.inbound_missing_profile
                and f.direction is Direction.INBOUND and f.first_touch_at is None):
            return Reason("excluded.profile", {}, "Inbound lead outside the ideal profile")
        if f.owner_id is None:
            if not self.include_unassigned:
                return Reason("excluded.unassigned", {}, "Not assigned to you")
        elif self.owner_id is not None and f.owner_id != self.owner_id:
            return Reason("excluded.owner", {"owner_id": f.owner_id}, "Owned by someone else")
        return None

    # time-independent part ----------------------------------------------------------------
    def nurture_only(self, f: QueueFacts) -> bool:
        """Queued only while a nurture touch is due (its stage is otherwise excluded): a lead
        disqualified or handed off leaves the queue at once and comes back for its touches."""
        return f.nurture_due_at is not None and f.stage in self._excluded_stages

    def base_points(self, f: QueueFacts) -> float:
        if self.nurture_only(f):
            return 0.0  # the due nurture touch alone brings it back
        score = f.score
        total = (0.0 if score <= 0.0 else min(score, self._score_cap)) * self._score_weight
        if f.learner:
            total += self._learner_points
        total += self._grade_points.get(f.grade, 0.0) + self._tier_points.get(f.tier, 0.0)
        if f.attempts > self._free_attempts:
            total += self._attempts_penalty(f.attempts)
        return total

    def _attempts_penalty(self, attempts: int) -> float:
        extra = attempts - self._free_attempts
        return max(extra * self._per_attempt, self._max_attempts) if extra > 0 else 0.0

    # time-dependent part (window aside) -----------------------------------------------------
    def _sla_t(self, f: QueueFacts) -> float | None:
        if f.sla_due_at is not None and f.first_touch_at is None and f.direction is Direction.INBOUND:
            return f.sla_due_at.timestamp()
        return None

    def _retry_t(self, f: QueueFacts) -> float | None:
        if f.last_attempt_at is not None and f.last_outcome in self._unanswered:
            return f.last_attempt_at.timestamp()
        return None

    def _touched_t(self, f: QueueFacts) -> float | None:
        """When the last touch that was not an unanswered attempt happened (stored as no outcome)."""
        if f.last_attempt_at is not None and f.last_outcome is None:
            return f.last_attempt_at.timestamp()
        return None

    def _due_points(self, f: QueueFacts) -> float:
        return self._call_back_points if f.last_outcome is Outcome.CALL_BACK else self._next_touch_points

    def phase(self, sla_t: float | None, touch_t: float | None, touch_pts: float, nurture_t: float | None,
              retry_t: float | None, touched_t: float | None, t: float) -> tuple[float, float, bool]:
        """Time-dependent points at t, until when they hold, and whether they vary continuously."""
        r = self.rules
        points, until, live = 0.0, _INF, False
        if sla_t is not None:
            left = sla_t - t
            if left <= 0:
                points += r.sla.overdue
            elif left <= self._ramp:
                points += r.sla.approaching - (r.sla.approaching - r.sla.pending) * (left / self._ramp)
                live = True
            else:
                points += r.sla.pending
                until = sla_t - self._ramp
        if touch_t is not None:
            if t >= touch_t:
                points += touch_pts
            elif touch_t < until:
                until = touch_t
        if nurture_t is not None:
            if t >= nurture_t:
                points += r.due.nurture
            elif nurture_t < until:
                until = nurture_t
        if retry_t is not None:
            elapsed = t - retry_t
            if elapsed < 0:  # asked about a moment before the attempt: full penalty until then
                points += r.penalties.retry_backoff
                until = min(until, retry_t)
            elif elapsed < self._backoff:
                points += r.penalties.retry_backoff * (1.0 - elapsed / self._backoff)
                live = True
        if touched_t is not None and not (touch_t is not None and touched_t < touch_t <= t):
            elapsed = t - touched_t
            if elapsed < 0:
                points += r.penalties.recent_touch
                until = min(until, touched_t)
            elif elapsed < self._touch_backoff:
                points += r.penalties.recent_touch * (1.0 - elapsed / self._touch_backoff)
                live = True
        return points, until, live

    def window(self, f: QueueFacts, t: float) -> WindowState | None:
        cal = self.windows.calendar(f.time_zone, f.country)
        return None if cal is None else cal.state(t)

    # the public questions ---------------------------------------------------------------
    def callable_now(self, f: QueueFacts, now: datetime) -> bool:
        """Not excluded and inside the prospect's calling window (unknown window counts as open)."""
        if self.exclusion(f) is not None:
            return False
        st = self.window(f, now.timestamp())
        return st is None or st.open

    def priority(self, f: QueueFacts, now: datetime) -> float | None:
        """None for an excluded lead."""
        comps = self.explain(f, now)
        return None if comps is None else sum(c.points for c in comps)

    def explain(self, f: QueueFacts, now: datetime) -> list[Component] | None:
        """"Why is this lead here?": every non-zero component with its reason; None if excluded."""
        if self.exclusion(f) is not None:
            return None
        r = self.rules
        t = now.timestamp()
        out: list[Component] = []
        if self.nurture_only(f):
            return self._explain_nurture_only(f, t)  # None while its touch is not yet due
        sla_t = self._sla_t(f)
        if sla_t is not None:
            pts, _, _ = self.phase(sla_t, None, 0.0, None, None, None, t)
            left = sla_t - t
            if left <= 0:
                reason = Reason("sla.overdue", {"minutes": int(-left // 60)},
                                f"SLA overdue by {_ago(left)}: untouched inbound lead")
            elif left <= self._ramp:
                reason = Reason("sla.due_soon", {"minutes": int(left // 60)}, f"SLA due in {_ago(left)}: call now")
            else:
                reason = Reason("sla.pending", {"minutes": int(left // 60)},
                                f"New inbound lead: SLA due in {_ago(left)}")
            out.append(Component("sla", pts, reason))
        score_pts = min(max(f.score, 0.0), r.score.cap) * r.score.weight
        if score_pts:
            out.append(Component("score", score_pts, Reason("score", {"score": round(f.score, 1)},
                                                             f"Score {f.score:.0f} (fit + engagement - spam)")))
        if f.learner and r.score.learner:
            out.append(Component("learner", r.score.learner, Reason(
                "learner", {}, "Learner: consumes content but shows no buying signal")))
        g = r.grade.get(f.grade, 0.0)
        if g:
            out.append(Component("grade", g, Reason("grade", {"grade": f.grade.value}, f"Grade {f.grade.value}")))
        tp = r.tier.get(f.tier, 0.0)
        if tp:
            out.append(Component("tier", tp, Reason("tier", {"tier": f.tier.value}, f"Tier {f.tier.value} account")))
        if f.next_touch_at is not None and t >= f.next_touch_at.timestamp():
            ago = t - f.next_touch_at.timestamp()
            if f.last_outcome is Outcome.CALL_BACK:
                reason = Reason("due.call_back", {"minutes": int(ago // 60)}, f"Promised call-back due ({_ago(ago)} ago)")
            else:
                reason = Reason("due.next_touch", {"minutes": int(ago // 60)}, f"Scheduled touch due ({_ago(ago)} ago)")
            out.append(Component("due", self._due_points(f), reason))
        if f.nurture_due_at is not None and t >= f.nurture_due_at.timestamp():
            ago = t - f.nurture_due_at.timestamp()
            out.append(Component("nurture", r.due.nurture, Reason(
                "due.nurture", {"minutes": int(ago // 60)}, f"Nurture touch due ({_ago(ago)} ago)")))
        st = self.window(f, t)
        if st is not None and not st.open and r.penalties.outside_window:
            if st.opens_at is not None:
                # Not strftime("%a"): that follows the process locale, which the GUI may change.
                hhmm, weekday = f"{st.opens_at.hour:02d}:{st.opens_at.minute:02d}", st.opens_at.isoweekday()
                same_day = st.opens_at.date() == datetime.fromtimestamp(t, st.opens_at.tzinfo).date()
                text = f"Outside calling hours: callable {hhmm} their time" + (
                    "" if same_day else f" ({_WEEKDAYS[weekday - 1]})")
                params: dict[str, Any] = {"local_time": hhmm, "weekday": weekday, "same_day": same_day,
                                          "time_zone": f.time_zone, "opens_at": st.opens_at.astimezone(UTC).isoformat()}
            else:
                text, params = "Outside calling hours", {"time_zone": f.time_zone}
            out.append(Component("window", r.penalties.outside_window, Reason("window.closed", params, text)))
        retry_t = self._retry_t(f)
        if retry_t is not None:
            pts, _, _ = self.phase(None, None, 0.0, None, retry_t, None, t)
            if pts:
                outcome = f.last_outcome.value.replace("_", " ") if f.last_outcome else ""
                out.append(Component("retry", pts, Reason(
                    "retry.backoff", {"minutes": int(max(t - retry_t, 0) // 60), "outcome": f.last_outcome.value if f.last_outcome else None},
                    f"Tried {_ago(max(t - retry_t, 0))} ago ({outcome}): give it time")))
        touched_t = self._touched_t(f)
        if touched_t is not None:
            touch_t = f.next_touch_at.timestamp() if f.next_touch_at is not None else None
            pts, _, _ = self.phase(None, touch_t, 0.0, None, None, touched_t, t)
            if pts:
                ago = max(t - touched_t, 0)
                out.append(Component("touched", pts, Reason(
                    "touched.recently", {"minutes": int(ago // 60)}, f"Touched {_ago(ago)} ago: give it time")))
        ap = self._attempts_penalty(f.attempts)
        if ap:
            out.append(Component("attempts", ap, Reason("attempts.many", {"attempts": f.attempts},
                                                        f"{f.attempts} attempts already")))
        return out

    def _explain_nurture_only(self, f: QueueFacts, t: float) -> list[Component] | None:
        assert f.nurture_due_at is not None
        due_t = f.nurture_due_at.timestamp()
        if t < due_t:
            return None
        r = self.rules
        ago = t - due_t
        out = [Component("nurture", r.due.nurture, Reason(
            "due.nurture_only", {"minutes": int(ago // 60), "stage": f.stage.value},
            f"Nurture touch due ({_ago(ago)} ago); otherwise {f.stage.value}"))]
        st = self.window(f, t)
        if st is not None and not st.open and r.penalties.outside_window:
            out.append(Component("window", r.penalties.outside_window,
                                 Reason("window.closed", {"time_zone": f.time_zone}, "Outside calling hours")))
        return out


# --- the ranker --------------------------------------------------------------------------------


class _Entry:
    __slots__ = ("facts", "base", "sla_t", "touch_t", "touch_pts", "nurture_t", "retry_t", "touched_t",
                 "group", "key", "live", "stamp")

    def __init__(self, facts: QueueFacts, policy: PriorityPolicy) -> None:
        self.facts = facts
        self.base = policy.base_points(facts)
        self.sla_t = policy._sla_t(facts)
        self.touch_t = facts.next_touch_at.timestamp() if facts.next_touch_at is not None else None
        self.touch_pts = policy._due_points(facts)
        self.nurture_t = facts.nurture_due_at.timestamp() if facts.nurture_due_at is not None else None
        self.retry_t = policy._retry_t(facts)
        self.touched_t = policy._touched_t(facts)
        if policy.nurture_only(facts):  # only its nurture touches bring it back
            self.sla_t = self.touch_t = self.retry_t = self.touched_t = None
        self.group: _Group | None = None
        self.key = 0.0  # -(base + step) while in a group
        self.live = False
        self.stamp = 0  # guards heap items made stale by a later update


class _Group:
    """Leads sharing one calling window, sorted by (-points, lead id) without the window part."""

    __slots__ = ("zone", "country", "index", "keys", "ids", "state", "state_from")

    def __init__(self, zone: str | None, country: str | None) -> None:
        self.zone, self.country = zone, country
        self.index = 0  # place in the ranker's group order: breaks ties between groups
        self.keys: list[float] = []
        self.ids: list[str] = []
        self.state: WindowState | None = None
        self.state_from = _INF

    def add(self, key: float, lead_id: str) -> None:
        lo = bisect_left(self.keys, key)
        hi = bisect_right(self.keys, key, lo)
        pos = bisect_left(self.ids, lead_id, lo, hi)
        self.keys.insert(pos, key)
        self.ids.insert(pos, lead_id)

    def drop(self, key: float, lead_id: str) -> None:
        lo = bisect_left(self.keys, key)
        hi = bisect_right(self.keys, key, lo)
        pos = bisect_left(self.ids, lead_id, lo, hi)
        if pos < hi and self.ids[pos] == lead_id:
            del self.keys[pos]
            del self.ids[pos]


class Ranker:
    """The whole queue, ranked at any `now`; one lead can be updated without a rebuild.

    The order is by priority (highest first); equal priorities keep a fixed order
    (calling-window group, then lead id), so the same facts always rank the same way.

    Between rankings the merged order of all non-live leads is kept, and single changes
    are applied to it by binary search; it is rebuilt only when a calling window opens or
    closes or a new time zone appears.
    """

    EDIT_LIMIT = 256  # leads changed at once that are edited into the kept order one by one

    def __init__(self, policy: PriorityPolicy) -> None:
        self.policy = policy
        self._entries: dict[str, _Entry] = {}
        self._groups: dict[tuple[str, str], _Group] = {}
        self._order: list[_Group] = []
        self._live: dict[str, _Entry] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._t: float | None = None
        self._stamp = 0
        # merged order of the groups' leads: key with window points, group index, lead id
        self._mk: list[float] = []
        self._mg: list[int] = []
        self._mi: list[str] = []
        self._moff: list[float] = []
        self._mvalid = False
        # Leads queued only for their nurture touches, with when the next one falls due: they
        # stay out of every ranking until then (a handful, so filtering them costs nothing).
        self._waiting: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, lead_id: object) -> bool:
        return lead_id in self._entries

    def __iter__(self) -> Iterator[str]:
        """The queued leads' ids, in no particular order."""
        return iter(self._entries)

    def facts(self, lead_id: str) -> QueueFacts | None:
        e = self._entries.get(lead_id)
        return None if e is None else e.facts

    # building -----------------------------------------------------------------------------
    def load(self, facts: Iterable[QueueFacts]) -> None:
        """Replace the whole queue (e.g. at start-up, or after a rescoring)."""
        self._entries.clear()
        self._groups.clear()
        self._order.clear()
        self._live.clear()
        self._heap.clear()
        self._t = None
        self._mvalid = False
        self._waiting.clear()
        excluded = self.policy.exclusion
        for f in facts:
            if excluded(f) is None:
                e = _Entry(f, self.policy)
                e.group = self._group(f)
                self._entries[f.lead_id] = e
                self._note_waiting(f, e)

    def update(self, facts: QueueFacts) -> None:
        """Insert or replace one lead (after a logged outcome, a sync, a rescoring)."""
        self.remove(facts.lead_id)
        if self.policy.exclusion(facts) is not None:
            return
        e = _Entry(facts, self.policy)
        e.group = self._group(facts)
        self._entries[facts.lead_id] = e
        self._note_waiting(facts, e)
        if self._t is not None:
            self._place(e, self._t)

    def update_many(self, facts: Iterable[QueueFacts], removed: Iterable[str] = ()) -> None:
        """Many leads at once (a rescored chunk, a pull): as `update` and `remove` lead by lead,
        but past `EDIT_LIMIT` leads the kept order is dropped and rebuilt at the next ranking.
        Editing a 100,000-lead sorted order costs a memmove per lead, and a thread doing
        thousands of them starves the UI thread of the interpreter."""
        changed, gone = list(facts), list(removed)
        if len(changed) + len(gone) <= self.EDIT_LIMIT:
            for lead_id in gone:
                self.remove(lead_id)
            for f in changed:
                self.update(f)
            return
        excluded = self.policy.exclusion
        for lead_id in gone:
            self._entries.pop(lead_id, None)
            self._waiting.pop(lead_id, None)
        for f in changed:
            self._waiting.pop(f.lead_id, None)
            if excluded(f) is None:
                e = _Entry(f, self.policy)
                e.group = self._group(f)
                self._entries[f.lead_id] = e
                self._note_waiting(f, e)
            else:
                self._entries.pop(f.lead_id, None)
        self._t = None  # the next ranking rebuilds the time-dependent state, as after `load`
        self._mvalid = False

    def remove(self, lead_id: str) -> None:
        self._waiting.pop(lead_id, None)
        e = self._entries.pop(lead_id, None)
        if e is None:
            return
        e.stamp = -1
        if e.live:
            self._live.pop(lead_id, None)
        elif self._t is not None and e.group is not None:
            self._drop(e)

    def _note_waiting(self, f: QueueFacts, e: _Entry) -> None:
        if e.nurture_t is not None and self.policy.nurture_only(f):
            self._waiting[f.lead_id] = e.nurture_t

    def _hidden(self, t: float) -> set[str]:
        """Nurture-only leads whose touch is not due yet at t."""
        return {lead_id for lead_id, due in self._waiting.items() if due > t} if self._waiting else set()

    def _group(self, f: QueueFacts) -> _Group:
        gk = (f.time_zone or "", f.country or "")
        g = self._groups.get(gk)
        if g is None:
            g = self._groups[gk] = _Group(f.time_zone, f.country)
            self._order = [self._groups[k] for k in sorted(self._groups)]
            for i, each in enumerate(self._order):
                each.index = i
            self._mvalid = False
        return g

    # time ---------------------------------------------------------------------------------
    def _place(self, e: _Entry, t: float) -> None:
        """Put an entry where it belongs at t: in its group with a fixed key, or in the live set."""
        pts, until, live = self.policy.phase(e.sla_t, e.touch_t, e.touch_pts, e.nurture_t, e.retry_t, e.touched_t, t)
        self._stamp += 1
        e.stamp = self._stamp
        if live:
            e.live = True
            self._live[e.facts.lead_id] = e
            return
        e.live = False
        e.key = -(e.base + pts)
        self._add(e)
        if until != _INF:
            heapq.heappush(self._heap, (until, e.stamp, e.facts.lead_id))

    def _advance(self, t: float) -> None:
        if self._t is None or t < self._t:
            # First ranking, or time moved back (e.g. `--at`): rebuild the time-dependent state.
            self._live.clear()
            self._heap.clear()
            for g in self._order:
                g.keys.clear()
                g.ids.clear()
                g.state, g.state_from = None, _INF
            self._t = t
            self._rebuild(t)
            return
        self._t = t
        heap = self._heap
        while heap and heap[0][0] <= t:
            _, stamp, lead_id = heapq.heappop(heap)
            e = self._entries.get(lead_id)
            if e is None or e.stamp != stamp or e.live:
                continue
            self._drop(e)
            self._place(e, t)
        for lead_id in list(self._live):
            e = self._live[lead_id]
            live = self.policy.phase(e.sla_t, e.touch_t, e.touch_pts, e.nurture_t, e.retry_t, e.touched_t, t)[2]
            if not live:
                del self._live[lead_id]
                self._place(e, t)

    # the merged order ------------------------------------------------------------------------
    def _merged_pos(self, e: _Entry) -> tuple[int, float]:
        """Where an entry is (or belongs) in the merged order, and its merged key."""
        assert e.group is not None
        w = self._moff[e.group.index]
        mk = e.key - w if w else e.key
        lo = bisect_left(self._mk, mk)
        hi = bisect_right(self._mk, mk, lo)
        want = (e.group.index, e.facts.lead_id)
        mg, mi = self._mg, self._mi
        while lo < hi:  # equal keys are ordered by (group index, lead id)
            mid = (lo + hi) // 2
            if (mg[mid], mi[mid]) < want:
                lo = mid + 1
            else:
                hi = mid
        return lo, mk

    def _add(self, e: _Entry) -> None:
        assert e.group is not None
        e.group.add(e.key, e.facts.lead_id)
        if self._mvalid:
            pos, mk = self._merged_pos(e)
            self._mk.insert(pos, mk)
            self._mg.insert(pos, e.group.index)
            self._mi.insert(pos, e.facts.lead_id)

    def _drop(self, e: _Entry) -> None:
        assert e.group is not None
        e.group.drop(e.key, e.facts.lead_id)
        if self._mvalid:
            pos, _ = self._merged_pos(e)
            if pos < len(self._mi) and self._mi[pos] == e.facts.lead_id:
                del self._mk[pos]
                del self._mg[pos]
                del self._mi[pos]
            else:  # cannot happen if the structures agree; rebuild rather than rank wrongly
                self._mvalid = False

    def _merge(self, offsets: list[float]) -> None:
        keys: list[float] = []
        groups: list[int] = []
        ids: list[str] = []
        for g in self._order:
            if not g.ids:
                continue
            w = offsets[g.index]
            if w:
                keys.extend([k - w for k in g.keys])
            else:
                keys.extend(g.keys)
            groups.extend([g.index] * len(g.ids))
            ids.extend(g.ids)
        # The groups are sorted runs: the sort merges them in near-linear time.
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self._mk = [keys[i] for i in order]
        self._mg = [groups[i] for i in order]
        self._mi = [ids[i] for i in order]
        self._moff = offsets
        self._mvalid = True

    def _rebuild(self, t: float) -> None:
        """Place every entry at t, sorting each group once instead of inserting one by one."""
        self._mvalid = False
        phase = self.policy.phase
        runs: dict[int, list[tuple[float, str]]] = {id(g): [] for g in self._order}
        heap = self._heap
        for lead_id, e in self._entries.items():
            pts, until, live = phase(e.sla_t, e.touch_t, e.touch_pts, e.nurture_t, e.retry_t, e.touched_t, t)
            self._stamp += 1
            e.stamp = self._stamp
            if live:
                e.live = True
                self._live[lead_id] = e
                continue
            e.live = False
            e.key = -(e.base + pts)
            runs[id(e.group)].append((e.key, lead_id))
            if until != _INF:
                heap.append((until, e.stamp, lead_id))
        heapq.heapify(heap)
        for g in self._order:
            run = runs[id(g)]
            run.sort()
            g.keys = [k for k, _ in run]
            g.ids = [i for _, i in run]

    def _window_points(self, g: _Group, t: float) -> float:
        st = g.state
        if st is None or t < g.state_from or (st.changes_at is not None and t >= st.changes_at):
            cal = self.policy.windows.calendar(g.zone, g.country)
            if cal is None:
                return 0.0
            st = g.state = cal.state(t)
            g.state_from = t
        return 0.0 if st.open else self.policy.rules.penalties.outside_window

    # ranking ------------------------------------------------------------------------------
    def rank(self, now: datetime) -> list[str]:
        """Every queued lead id, highest priority first."""
        t = now.timestamp()
        self._advance(t)
        offsets = [self._window_points(g, t) for g in self._order]
        if not self._mvalid or offsets != self._moff:
            self._merge(offsets)
        hidden = self._hidden(t)
        if not self._live:
            return [i for i in self._mi if i not in hidden] if hidden else self._mi[:]
        phase = self.policy.phase
        live = []
        for lead_id, e in self._live.items():
            pts = phase(e.sla_t, e.touch_t, e.touch_pts, e.nurture_t, e.retry_t, e.touched_t, t)[0]
            assert e.group is not None
            live.append((-(e.base + pts + offsets[e.group.index]), lead_id))
        live.sort()
        # Live leads go after the non-live leads of equal priority, in lead id order.
        mk, mi = self._mk, self._mi
        out: list[str] = []
        start = 0
        for key, lead_id in live:
            pos = bisect_right(mk, key, start)
            out.extend(mi[start:pos])
            out.append(lead_id)
            start = pos
        out.extend(mi[start:])
        return [i for i in out if i not in hidden] if hidden else out

    def rank_detailed(self, now: datetime) -> tuple[list[str], list[float], list[bool]]:
        """The same order as `rank`, with each lead's priority and whether it is callable now.

        Read off the merged order in one pass: asking `priority` lead by lead costs a
        calendar look-up each, which a 100,000-lead queue cannot afford on every re-rank.
        """
        t = now.timestamp()
        self._advance(t)
        offsets = [self._window_points(g, t) for g in self._order]
        if not self._mvalid or offsets != self._moff:
            self._merge(offsets)
        mk, mg, mi = self._mk, self._mg, self._mi
        open_group = [w == 0.0 for w in offsets]
        phase = self.policy.phase
        live = []
        for lead_id, e in self._live.items():
            pts = phase(e.sla_t, e.touch_t, e.touch_pts, e.nurture_t, e.retry_t, e.touched_t, t)[0]
            assert e.group is not None
            live.append((-(e.base + pts + offsets[e.group.index]), lead_id, e.group.index))
        live.sort()
        ids: list[str] = []
        points: list[float] = []
        callable_: list[bool] = []
        start = 0
        for key, lead_id, group in [*live, (_INF, "", -1)]:
            pos = bisect_right(mk, key, start) if group >= 0 else len(mk)
            ids.extend(mi[start:pos])
            points.extend([-k for k in mk[start:pos]])
            callable_.extend([open_group[g] for g in mg[start:pos]])
            if group >= 0:
                ids.append(lead_id)
                points.append(-key)
                callable_.append(open_group[group])
            start = pos
        hidden = self._hidden(t)
        if hidden:
            keep = [i not in hidden for i in ids]
            return list(compress(ids, keep)), list(compress(points, keep)), list(compress(callable_, keep))
        return ids, points, callable_

    def top(self, now: datetime, n: int) -> list[str]:
        return self.rank(now)[:n]

    def priority(self, lead_id: str, now: datetime) -> float | None:
        e = self._entries.get(lead_id)
        if e is None or lead_id in self._hidden(now.timestamp()):
            return None
        t = now.timestamp()
        pts = self.policy.phase(e.sla_t, e.touch_t, e.touch_pts, e.nurture_t, e.retry_t, e.touched_t, t)[0]
        assert e.group is not None
        cal = self.policy.windows.calendar(e.group.zone, e.group.country)
        w = 0.0 if cal is None or cal.state(t).open else self.policy.rules.penalties.outside_window
        return e.base + pts + w

    def callable_now(self, lead_id: str, now: datetime) -> bool:
        """For the "callable now" filter: queued and inside its calling window (one check per group)."""
        e = self._entries.get(lead_id)
        if e is None or lead_id in self._hidden(now.timestamp()):
            return False
        assert e.group is not None
        return self._window_points(e.group, now.timestamp()) == 0.0

    def explain(self, lead_id: str, now: datetime) -> list[Component] | None:
        e = self._entries.get(lead_id)
        return None if e is None else self.policy.explain(e.facts, now)
