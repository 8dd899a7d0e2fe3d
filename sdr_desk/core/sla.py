"""Speed-to-lead SLA: how soon an inbound lead must get its first touch, and the deadline.

Policies are data (resources/rules/sla.toml) per lead source and grade. A policy may count
only the team's working hours, so a form filled at 23:00 is due shortly after opening time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import Field, StrictBool, field_validator, model_validator

from sdr_desk import paths
from sdr_desk.core.callwindows import (
    Calendar,
    DAY_NAMES,
    DefaultWindow,
    HolidayRules,
    check_zone,
    load_holiday_rules,
    parse_span,
)
from sdr_desk.core.entities import Grade, LeadSource
from sdr_desk.core.rules import RulesModel, load_rules

ANY = "*"


class WorkingHours(DefaultWindow):
    """The team's own office hours (not the prospect's): the SLA clock runs only inside them."""

    time_zone: str = "Asia/Shanghai"
    country: str | None = "CN"  # whose public holidays stop the clock

    _zone = field_validator("time_zone")(check_zone)


class SlaPolicy(RulesModel):
    source: LeadSource | str = ANY
    grade: Grade | str = ANY
    first_touch_minutes: int = Field(strict=True, ge=1, le=7 * 24 * 60)
    working_hours_only: StrictBool = True

    @field_validator("source", "grade")
    @classmethod
    def _known(cls, v: str, info: object) -> str:
        allowed = {ANY, *(LeadSource if getattr(info, "field_name", "") == "source" else Grade)}
        if v not in allowed:
            raise ValueError(f"'{v}' is not one of {', '.join(sorted(allowed))}")
        return v


class SlaRules(RulesModel):
    working_hours: WorkingHours = WorkingHours()
    policies: tuple[SlaPolicy, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> SlaRules:
        seen = set()
        for p in self.policies:
            key = (str(p.source), str(p.grade))
            if key in seen:
                raise ValueError(f"two policies for source {key[0]} and grade {key[1]}")
            seen.add(key)
        return self


def load_sla_rules(path: Path | None = None, override: Path | None = None) -> SlaRules:
    return load_rules(SlaRules, path or paths.RULES / "sla.toml", override)


class SlaState(StrEnum):
    NONE = "none"  # no SLA applies
    MET = "met"  # first touch done in time
    LATE = "late"  # first touch done after the deadline
    PENDING = "pending"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class SlaStatus:
    state: SlaState
    remaining: timedelta | None  # negative when overdue: the queue's live countdown


class SlaBook:
    """Policies plus the team's working calendar: picks a policy and computes deadlines."""

    def __init__(self, rules: SlaRules, holidays: HolidayRules | None = None) -> None:
        self.rules = rules
        wh = rules.working_hours
        hol = (holidays or HolidayRules()).countries.get(wh.country or "")
        self.calendar = Calendar(
            wh.time_zone,
            tuple(parse_span(s) for s in wh.hours),
            frozenset(DAY_NAMES.index(d) + 1 for d in wh.weekend),
            frozenset(hol.holidays) if hol else frozenset(),
            frozenset(hol.workdays) if hol else frozenset(),
        )
        self._by_key = {(str(p.source), str(p.grade)): p for p in rules.policies}

    @classmethod
    def load(cls) -> SlaBook:
        return cls(load_sla_rules(), load_holiday_rules())

    def policy_for(self, source: LeadSource, grade: Grade) -> SlaPolicy | None:
        """Most specific first: source and grade, source only, grade only, the catch-all."""
        for key in ((source.value, grade.value), (source.value, ANY), (ANY, grade.value), (ANY, ANY)):
            found = self._by_key.get(key)
            if found is not None:
                return found
        return None

    def deadline(self, source: LeadSource, grade: Grade, start: datetime,
                 fallback: timedelta) -> tuple[datetime, str]:
        """When the first touch is due and why: the matching policy, else `fallback` (the
        team's own window) counted in working hours. Both are always in UTC."""
        policy = self.policy_for(source, grade)
        if policy is None:
            return self.calendar.add_open_time(start, fallback), f"team window {fallback.total_seconds() / 60:g} min"
        due = self.due_at(source, grade, start)
        assert due is not None
        hours = "working " if policy.working_hours_only else ""
        return due.astimezone(UTC), f"{policy.source}/{policy.grade}: {policy.first_touch_minutes} {hours}min"

    def is_working(self, moment: datetime) -> bool:
        """Inside the team's working hours (not a weekend or holiday)."""
        return self.calendar.is_open(moment)

    def check_open_time(self, start: datetime) -> None:
        """ValueError when the working hours never open (every day a weekend or holiday)."""
        self.calendar.add_open_time(start, timedelta(minutes=1))

    def due_at(self, source: LeadSource, grade: Grade, created_at: datetime) -> datetime | None:
        policy = self.policy_for(source, grade)
        if policy is None:
            return None
        allowed = timedelta(minutes=policy.first_touch_minutes)
        if policy.working_hours_only:
            return self.calendar.add_open_time(created_at, allowed)
        return created_at + allowed


def sla_status(due_at: datetime | None, first_touch_at: datetime | None, now: datetime) -> SlaStatus:
    if due_at is None:
        return SlaStatus(SlaState.NONE, None)
    if first_touch_at is not None:
        return SlaStatus(SlaState.MET if first_touch_at <= due_at else SlaState.LATE, None)
    remaining = due_at - now
    return SlaStatus(SlaState.PENDING if remaining > timedelta(0) else SlaState.OVERDUE, remaining)
