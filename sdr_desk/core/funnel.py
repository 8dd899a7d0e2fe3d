"""The team lead's figures: the Connect funnel per rep and team, the benchmark ratios, speed-to-lead.

Pure arithmetic over counts the store has already grouped. The funnel follows DOMAIN.md
"Connect": every touch tried is a reach, a touch the prospect noticed is a connect, a
two-way one is a conversation. The industry benchmarks count phone work, so the ratios use
dials (phone touches): a dial "reaches" the prospect when it gets to the connect step
(answered by the prospect, not by a gatekeeper or a voicemail).

A ratio with nothing to divide by is None (shown as "—"), never a division by zero.
Benchmarks are data (resources/rules/benchmarks.toml).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from statistics import median

from pydantic import Field, field_validator

from sdr_desk import paths
from sdr_desk.core.rules import RulesModel, load_rules

BENCHMARKS_FILE = paths.RULES / "benchmarks.toml"


# --- benchmarks as data ---------------------------------------------------------------------


class PhoneLine(StrEnum):
    MOBILE = "mobile"
    SWITCHBOARD = "switchboard"


class LineBenchmark(RulesModel):
    mobile: float = Field(gt=0)
    switchboard: float = Field(gt=0)


class SingleBenchmark(RulesModel):
    value: float = Field(gt=0)


class SpeedToLeadRules(RulesModel):
    buckets_minutes: tuple[int, ...] = Field(min_length=1)

    @field_validator("buckets_minutes")
    @classmethod
    def _rising(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        if any(m <= 0 for m in v):
            raise ValueError("every bucket must be a positive number of minutes")
        if any(b <= a for a, b in zip(v, v[1:], strict=False)):
            raise ValueError("buckets must rise: each upper bound above the one before")
        return v


class Benchmarks(RulesModel):
    phone_line: PhoneLine = PhoneLine.MOBILE
    tolerance: float = Field(default=0.15, ge=0, le=1)
    dials_per_reach: LineBenchmark
    dials_per_conversation: SingleBenchmark
    conversations_per_meeting: SingleBenchmark
    speed_to_lead: SpeedToLeadRules


def load_benchmarks(path: Path = BENCHMARKS_FILE, override: Path | None = None) -> Benchmarks:
    """Raises RulesError naming the file, line and field of any mistake."""
    return load_rules(Benchmarks, path, override)


@cache
def default_benchmarks() -> Benchmarks:
    return load_benchmarks()


# --- periods ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("a period needs UTC-aware times")
        if self.end <= self.start:
            raise ValueError("a period must end after it starts")

    @classmethod
    def last_days(cls, days: int, now: datetime) -> Period:
        if days <= 0:
            raise ValueError("a period covers at least one day")
        return cls(now - timedelta(days=days), now)

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


# --- the funnel ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunnelCounts:
    """One rep's (or a team's) funnel for a period. `call_*` count phone touches only."""

    dials: int = 0
    reaches: int = 0  # every touch tried, on any channel
    connects: int = 0  # touches that got at least to the connect step
    conversations: int = 0  # two-way touches
    meetings: int = 0  # meetings booked
    mqls: int = 0
    sqls: int = 0
    call_reaches: int = 0  # dials answered by the prospect (connect or conversation)
    call_conversations: int = 0  # dials that became a meaningful conversation

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise ValueError(f"{f.name} cannot be negative")

    def __add__(self, other: FunnelCounts) -> FunnelCounts:
        return FunnelCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FUNNEL_STEPS = ("dials", "reaches", "connects", "conversations", "meetings", "mqls", "sqls")


class Ratio(StrEnum):
    DIALS_PER_REACH = "dials_per_reach"
    DIALS_PER_CONVERSATION = "dials_per_conversation"
    CONVERSATIONS_PER_MEETING = "conversations_per_meeting"


class Standing(StrEnum):
    """A rep's ratio against the benchmark (every ratio here: lower is better)."""

    AHEAD = "ahead"
    ON_PAR = "on_par"
    BEHIND = "behind"
    NO_DATA = "no_data"


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator per one denominator; None when either side has nothing to count."""
    if numerator <= 0 or denominator <= 0:
        return None
    return numerator / denominator


def ratio_value(counts: FunnelCounts, which: Ratio) -> float | None:
    if which is Ratio.DIALS_PER_REACH:
        return ratio(counts.dials, counts.call_reaches)
    if which is Ratio.DIALS_PER_CONVERSATION:
        return ratio(counts.dials, counts.call_conversations)
    return ratio(counts.call_conversations, counts.meetings)


def benchmark_for(which: Ratio, benchmarks: Benchmarks, line: PhoneLine | None = None) -> float:
    if which is Ratio.DIALS_PER_REACH:
        chosen = line or benchmarks.phone_line
        return benchmarks.dials_per_reach.mobile if chosen is PhoneLine.MOBILE else benchmarks.dials_per_reach.switchboard
    if which is Ratio.DIALS_PER_CONVERSATION:
        return benchmarks.dials_per_conversation.value
    return benchmarks.conversations_per_meeting.value


@dataclass(frozen=True, slots=True)
class RatioFigure:
    ratio: Ratio
    value: float | None
    benchmark: float
    deviation: float | None  # (value - benchmark) / benchmark: +0.2 means 20 % more work than the benchmark
    standing: Standing


def standing(value: float | None, benchmark: float, tolerance: float) -> tuple[float | None, Standing]:
    if value is None:
        return None, Standing.NO_DATA
    deviation = (value - benchmark) / benchmark
    if deviation > tolerance:
        return deviation, Standing.BEHIND
    if deviation < -tolerance:
        return deviation, Standing.AHEAD
    return deviation, Standing.ON_PAR


def figures(counts: FunnelCounts, benchmarks: Benchmarks | None = None, line: PhoneLine | None = None) -> tuple[RatioFigure, ...]:
    """Each benchmark ratio for these counts, beside its benchmark, with the deviation."""
    b = benchmarks or default_benchmarks()
    out = []
    for which in Ratio:
        value = ratio_value(counts, which)
        bench = benchmark_for(which, b, line)
        deviation, where = standing(value, bench, b.tolerance)
        out.append(RatioFigure(which, value, bench, deviation, where))
    return tuple(out)


def total(counts: Iterable[FunnelCounts]) -> FunnelCounts:
    out = FunnelCounts()
    for c in counts:
        out = out + c
    return out


def team_median(by_rep: Mapping[str, FunnelCounts]) -> dict[Ratio, float | None]:
    """The median rep's figure for each ratio, over the reps who have one."""
    out: dict[Ratio, float | None] = {}
    for which in Ratio:
        values = [v for c in by_rep.values() if (v := ratio_value(c, which)) is not None]
        out[which] = median(values) if values else None
    return out


def format_ratio(value: float | None, dash: str = "—") -> str:
    return dash if value is None else f"{value:.1f}"


# --- speed to lead and the SLA ------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float | None:
    """Nearest-rank percentile of sorted-or-not `values` (share in 0..1); None when empty."""
    if not values:
        return None
    if not 0 < share <= 1:
        raise ValueError("share must be in (0, 1]")
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class SpeedToLead:
    """Time from a lead's arrival to its first touch, in seconds."""

    count: int
    median_s: float | None
    p90_s: float | None
    # (upper bound in minutes, or None for "longer"), leads in that bucket
    distribution: tuple[tuple[int | None, int], ...]


def speed_to_lead(delays_s: Iterable[float], benchmarks: Benchmarks | None = None) -> SpeedToLead:
    """Median, p90 and bucketed distribution; a negative delay (touched before arrival) counts as 0."""
    b = benchmarks or default_benchmarks()
    values = [max(0.0, float(d)) for d in delays_s]
    bounds = b.speed_to_lead.buckets_minutes
    counts = [0] * (len(bounds) + 1)
    for v in values:
        minutes = v / 60
        for i, upper in enumerate(bounds):
            if minutes <= upper:
                counts[i] += 1
                break
        else:
            counts[-1] += 1
    distribution = tuple(zip((*bounds, None), counts, strict=True))
    return SpeedToLead(
        count=len(values),
        median_s=median(values) if values else None,
        p90_s=percentile(values, 0.9),
        distribution=distribution,
    )


@dataclass(frozen=True, slots=True)
class SlaTally:
    """Inbound leads with an SLA deadline, by how their first touch went."""

    met: int = 0
    late: int = 0  # touched after the deadline
    overdue: int = 0  # still untouched past the deadline
    pending: int = 0  # untouched, deadline still ahead
    reassigned: int = 0  # moved to another rep by the SLA (known to the server)

    @property
    def breaches(self) -> int:
        return self.late + self.overdue

    @property
    def compliance(self) -> float | None:
        """Share of decided leads touched in time; None when none is decided yet."""
        decided = self.met + self.late + self.overdue
        return None if decided == 0 else self.met / decided

    def __add__(self, other: SlaTally) -> SlaTally:
        return SlaTally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


def sla_outcome(due_at: datetime, first_touch_at: datetime | None, now: datetime) -> str:
    """met, late, overdue or pending: the SlaTally field this lead counts in."""
    if first_touch_at is not None:
        return "met" if first_touch_at <= due_at else "late"
    return "overdue" if due_at <= now else "pending"


def tally(outcomes: Iterable[str]) -> SlaTally:
    counts = {"met": 0, "late": 0, "overdue": 0, "pending": 0}
    for o in outcomes:
        counts[o] += 1
    return SlaTally(**counts)


def percent(share: float | None, dash: str = "—") -> str:
    return dash if share is None else f"{share * 100:.0f} %"


def duration_text(seconds: float | None, dash: str = "—") -> str:
    """A short human duration: 45 s, 12 min, 3.5 h, 2.0 d."""
    if seconds is None:
        return dash
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86_400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86_400:.1f} d"
