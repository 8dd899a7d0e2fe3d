"""The buying committee of an account: who plays which buyer role, gaps, the entry point,
and how well a contact matches the team's ideal buyer profile.

Rules are data: resources/rules/committee.toml (expected size, entry-point points) and
resources/rules/ideal_profile.toml (the ideal buyer profile).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator

from sdr_desk.core.clock import utc_now
from sdr_desk.core.entities import (
    Account,
    Activity,
    BuyerRole,
    BuyerRoleEntry,
    Lead,
    Seniority,
    Stance,
    Step,
)
from sdr_desk.core.ids import new_id
from sdr_desk.core.rules import RulesModel, load_rules
from sdr_desk.paths import RULES

COMMITTEE_RULES = RULES / "committee.toml"
IDEAL_PROFILE_RULES = RULES / "ideal_profile.toml"

# Lanes of the map, in the order a purchase moves through the committee.
ROLE_ORDER: tuple[BuyerRole, ...] = (
    BuyerRole.INITIATOR,
    BuyerRole.DECIDER,
    BuyerRole.BUYER,
    BuyerRole.INFLUENCER,
    BuyerRole.USER,
    BuyerRole.GATEKEEPER,
    BuyerRole.UNKNOWN,
)
STANCE_ORDER: tuple[Stance, ...] = (
    Stance.CHAMPION,
    Stance.SUPPORTER,
    Stance.NEUTRAL,
    Stance.SCEPTIC,
    Stance.BLOCKER,
)
STEP_ORDER: tuple[Step, ...] = (Step.REACH, Step.CONNECT, Step.CONVERSATION)
INFLUENCE_MIN, INFLUENCE_MAX = 1, 5


# --- committee rules -----------------------------------------------------------------------


class SizeBand(RulesModel):
    min_employees: int = Field(ge=1)
    max_employees: int | None = Field(default=None, ge=1)
    expected_min: int = Field(ge=1)
    expected_max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> SizeBand:
        if self.max_employees is not None and self.max_employees < self.min_employees:
            raise ValueError("max_employees is below min_employees")
        if self.expected_max < self.expected_min:
            raise ValueError("expected_max is below expected_min")
        return self

    def holds(self, employees: int) -> bool:
        return employees >= self.min_employees and (self.max_employees is None or employees <= self.max_employees)


class StatusPoints(RulesModel):
    none: float = 0
    reach: float = 0
    connect: float = 0
    conversation: float = 0

    def for_step(self, step: Step | None) -> float:
        return self.none if step is None else float(getattr(self, step.value))


class EntryPointRules(RulesModel):
    role: dict[BuyerRole, float]
    stance: dict[Stance, float]
    per_influence: float = 0
    ideal_profile_weight: float = Field(default=0, ge=0)
    status: StatusPoints = StatusPoints()

    @model_validator(mode="after")
    def _complete(self) -> EntryPointRules:
        missing = [r.value for r in BuyerRole if r not in self.role] + [s.value for s in Stance if s not in self.stance]
        if missing:
            raise ValueError(f"points missing for: {', '.join(missing)}")
        return self


class CommitteeRules(RulesModel):
    size_bands: tuple[SizeBand, ...] = ()
    entry_point: EntryPointRules

    @model_validator(mode="after")
    def _no_overlap(self) -> CommitteeRules:
        bands = sorted(self.size_bands, key=lambda b: b.min_employees)
        for low, high in zip(bands, bands[1:]):
            if low.max_employees is None or low.max_employees >= high.min_employees:
                raise ValueError(f"size bands overlap at {high.min_employees} employees")
        return self

    def band_for(self, employees: int | None) -> SizeBand | None:
        if employees is None:
            return None
        return next((b for b in self.size_bands if b.holds(employees)), None)


def load_committee_rules(path: Path = COMMITTEE_RULES, override: Path | None = None) -> CommitteeRules:
    return load_rules(CommitteeRules, path, override)


# --- the committee -------------------------------------------------------------------------


class CommitteeProblem(StrEnum):
    OTHER_ACCOUNT = "other_account"
    UNKNOWN_CONTACT = "unknown_contact"
    DUPLICATE_CONTACT = "duplicate_contact"
    INFLUENCE_OUT_OF_RANGE = "influence_out_of_range"
    REPORTS_TO_SELF = "reports_to_self"
    REPORTING_CYCLE = "reporting_cycle"


class CommitteeError(ValueError):
    """An edit the committee refuses; `problem` lets the GUI word the reason in the user's language."""

    def __init__(self, problem: CommitteeProblem, reason: str) -> None:
        self.problem = problem
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class Member:
    lead: Lead
    entry: BuyerRoleEntry
    status: Step | None  # furthest step reached from the activity log
    last_touch_at: datetime | None

    @property
    def lead_id(self) -> str:
        return self.lead.id


def furthest_steps(activities: Iterable[Activity]) -> dict[str, tuple[Step | None, datetime | None]]:
    """Per contact: the furthest reach/connect/conversation step logged and the last touch."""
    activities = list(activities)
    superseded = {a.supersedes_id for a in activities if a.supersedes_id}
    out: dict[str, tuple[Step | None, datetime | None]] = {}
    for activity in activities:
        if activity.id in superseded or activity.step is None:
            continue
        step, last = out.get(activity.lead_id, (None, None))
        if step is None or STEP_ORDER.index(activity.step) > STEP_ORDER.index(step):
            step = activity.step
        if last is None or activity.occurred_at > last:
            last = activity.occurred_at
        out[activity.lead_id] = (step, last)
    return out


class Committee:
    """An account's buying committee, one entry per contact; every edit is checked here."""

    def __init__(
        self,
        account: Account,
        contacts: Iterable[Lead],
        entries: Iterable[BuyerRoleEntry] = (),
        activities: Iterable[Activity] = (),
    ) -> None:
        self.account = account
        self._leads: dict[str, Lead] = {}
        self._entries: dict[str, BuyerRoleEntry] = {}
        self._status: dict[str, tuple[Step | None, datetime | None]] = {}
        for lead in contacts:
            self._check_contact(lead)
            self._leads[lead.id] = lead
        for entry in entries:
            self._check_entry(entry)
            if entry.lead_id in self._entries:
                raise CommitteeError(CommitteeProblem.DUPLICATE_CONTACT, f"{self._name(entry.lead_id)} has two roles")
            self._entries[entry.lead_id] = entry
        for lead in self._leads.values():
            if lead.id not in self._entries:
                self._entries[lead.id] = BuyerRoleEntry(new_id(), account.id, lead.id, lead.buyer_role)
        for lead_id, entry in self._entries.items():
            self._check_influence(lead_id, entry.influence)
        for lead_id, entry in self._entries.items():
            if entry.reports_to_lead_id is not None:
                self._check_reports_to(lead_id, entry.reports_to_lead_id)
        self.update_status(activities)

    # -- reading

    def __len__(self) -> int:
        return len(self._leads)

    def __contains__(self, lead_id: object) -> bool:
        return lead_id in self._leads

    def lead_ids(self) -> list[str]:
        return list(self._leads)

    def members(self) -> list[Member]:
        return [self.member(lead_id) for lead_id in self._leads]

    def member(self, lead_id: str) -> Member:
        if lead_id not in self._leads:
            raise CommitteeError(CommitteeProblem.UNKNOWN_CONTACT, f"{lead_id} is not on this committee")
        step, last = self._status.get(lead_id, (None, None))
        return Member(self._leads[lead_id], self._entries[lead_id], step, last)

    def entry(self, lead_id: str) -> BuyerRoleEntry:
        return self.member(lead_id).entry

    def entries(self) -> list[BuyerRoleEntry]:
        return [self._entries[lead_id] for lead_id in self._leads]

    def by_role(self, role: BuyerRole) -> list[Member]:
        return [m for m in self.members() if m.entry.role is role]

    def reports_to(self, lead_id: str) -> str | None:
        return self.entry(lead_id).reports_to_lead_id

    # -- editing: each returns the new entry (a fresh object, safe to hand to other threads)

    def add_contact(self, lead: Lead, role: BuyerRole = BuyerRole.UNKNOWN, now: datetime | None = None) -> BuyerRoleEntry:
        self._check_contact(lead)
        if lead.id in self._leads:
            raise CommitteeError(CommitteeProblem.DUPLICATE_CONTACT, f"{lead.full_name} is already on the committee")
        self._leads[lead.id] = lead
        entry = BuyerRoleEntry(new_id(), self.account.id, lead.id, role, updated_at=now or utc_now())
        self._entries[lead.id] = entry
        return entry

    def assign(self, entry: BuyerRoleEntry) -> BuyerRoleEntry:
        """Take an entry made elsewhere (a pulled change, an import) after the same checks."""
        self._check_entry(entry)
        self._check_influence(entry.lead_id, entry.influence)
        if entry.reports_to_lead_id is not None:
            self._check_reports_to(entry.lead_id, entry.reports_to_lead_id)
        self._entries[entry.lead_id] = entry
        return entry

    def set_role(self, lead_id: str, role: BuyerRole, now: datetime | None = None) -> BuyerRoleEntry:
        return self._change(lead_id, now, role=BuyerRole(role))

    def set_stance(self, lead_id: str, stance: Stance, now: datetime | None = None) -> BuyerRoleEntry:
        return self._change(lead_id, now, stance=Stance(stance))

    def set_influence(self, lead_id: str, influence: int, now: datetime | None = None) -> BuyerRoleEntry:
        self._check_influence(lead_id, influence)
        return self._change(lead_id, now, influence=int(influence))

    def set_reports_to(self, lead_id: str, manager_id: str | None, now: datetime | None = None) -> BuyerRoleEntry:
        if manager_id is not None:
            self._check_reports_to(lead_id, manager_id)
        return self._change(lead_id, now, reports_to_lead_id=manager_id)

    def update_status(self, activities: Iterable[Activity]) -> None:
        """Recompute reach/connect/conversation per contact from the activity log."""
        steps = furthest_steps(activities)
        self._status = {lead_id: value for lead_id, value in steps.items() if lead_id in self._leads}

    # -- checks

    def _name(self, lead_id: str) -> str:
        lead = self._leads.get(lead_id)
        return lead.full_name if lead else lead_id

    def _change(self, lead_id: str, now: datetime | None, **changes: object) -> BuyerRoleEntry:
        current = self.entry(lead_id)
        entry = replace(current, updated_at=now or utc_now(), **changes)
        self._entries[lead_id] = entry
        return entry

    def _check_contact(self, lead: Lead) -> None:
        if lead.account_id != self.account.id:
            raise CommitteeError(
                CommitteeProblem.OTHER_ACCOUNT,
                f"{lead.full_name} is a contact of another account, not {self.account.name}",
            )

    def _check_entry(self, entry: BuyerRoleEntry) -> None:
        if entry.account_id != self.account.id:
            raise CommitteeError(
                CommitteeProblem.OTHER_ACCOUNT, f"this role belongs to another account, not {self.account.name}"
            )
        if entry.lead_id not in self._leads:
            raise CommitteeError(
                CommitteeProblem.OTHER_ACCOUNT,
                f"contact {entry.lead_id} is not a contact of {self.account.name}",
            )

    def _check_influence(self, lead_id: str, influence: int) -> None:
        if isinstance(influence, bool) or not isinstance(influence, int) or not INFLUENCE_MIN <= influence <= INFLUENCE_MAX:
            raise CommitteeError(
                CommitteeProblem.INFLUENCE_OUT_OF_RANGE,
                f"influence of {self._name(lead_id)} must be {INFLUENCE_MIN} to {INFLUENCE_MAX}, not {influence!r}",
            )

    def _check_reports_to(self, lead_id: str, manager_id: str) -> None:
        if manager_id not in self._leads:
            raise CommitteeError(
                CommitteeProblem.OTHER_ACCOUNT, f"{manager_id} is not a contact of {self.account.name}"
            )
        if manager_id == lead_id:
            raise CommitteeError(CommitteeProblem.REPORTS_TO_SELF, f"{self._name(lead_id)} cannot report to themselves")
        # Walk up from the manager; meeting the contact again means the line would close a loop.
        seen = {lead_id}
        current: str | None = manager_id
        while current is not None:
            if current in seen:
                raise CommitteeError(
                    CommitteeProblem.REPORTING_CYCLE,
                    f"{self._name(lead_id)} cannot report to {self._name(manager_id)}: "
                    f"{self._name(manager_id)} already reports (directly or not) to {self._name(lead_id)}",
                )
            seen.add(current)
            entry = self._entries.get(current)
            current = entry.reports_to_lead_id if entry else None


# --- gaps ----------------------------------------------------------------------------------


class GapKind(StrEnum):
    NO_DECIDER = "no_decider"
    ONLY_GATEKEEPER_REACHED = "only_gatekeeper_reached"
    COMMITTEE_TOO_SMALL = "committee_too_small"


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    reason: str  # English; the GUI words it from kind/have/expected
    have: int | None = None
    expected: int | None = None


def find_gaps(committee: Committee, rules: CommitteeRules) -> list[Gap]:
    gaps: list[Gap] = []
    members = committee.members()
    if not any(m.entry.role is BuyerRole.DECIDER for m in members):
        gaps.append(Gap(GapKind.NO_DECIDER, "no decider identified"))
    reached = [m for m in members if m.status is not None]
    if reached and all(m.entry.role is BuyerRole.GATEKEEPER for m in reached):
        gaps.append(Gap(GapKind.ONLY_GATEKEEPER_REACHED, "only the gatekeeper has been reached", len(reached)))
    band = rules.band_for(committee.account.employees)
    # Contacts whose role is still unknown are not yet known to be on the committee.
    identified = sum(1 for m in members if m.entry.role is not BuyerRole.UNKNOWN)
    if band is not None and identified < band.expected_min:
        gaps.append(
            Gap(
                GapKind.COMMITTEE_TOO_SMALL,
                f"{identified} of the {band.expected_min}-{band.expected_max} people expected to decide "
                f"at a company of {committee.account.employees} employees",
                identified,
                band.expected_min,
            )
        )
    return gaps


# --- entry point ---------------------------------------------------------------------------


class FactorKind(StrEnum):
    ROLE = "role"
    STANCE = "stance"
    INFLUENCE = "influence"
    STATUS = "status"
    IDEAL_PROFILE = "ideal_profile"


@dataclass(frozen=True, slots=True)
class EntryFactor:
    kind: FactorKind
    value: str  # the role, stance, step ("none" when never reached), influence or match score
    points: float


@dataclass(frozen=True, slots=True)
class EntryPoint:
    lead_id: str
    score: float
    factors: tuple[EntryFactor, ...]
    reason: str  # English summary; the GUI words it from factors


def _entry_factors(member: Member, rules: EntryPointRules, match: float | None) -> tuple[EntryFactor, ...]:
    entry = member.entry
    factors = [
        EntryFactor(FactorKind.ROLE, entry.role.value, rules.role[entry.role]),
        EntryFactor(FactorKind.STANCE, entry.stance.value, rules.stance[entry.stance]),
        EntryFactor(FactorKind.INFLUENCE, str(entry.influence), rules.per_influence * entry.influence),
        EntryFactor(
            FactorKind.STATUS, member.status.value if member.status else "none", rules.status.for_step(member.status)
        ),
    ]
    if match is not None:
        factors.append(EntryFactor(FactorKind.IDEAL_PROFILE, f"{match:.0f}", rules.ideal_profile_weight * match))
    return tuple(factors)


def rank_entry_points(
    committee: Committee, rules: CommitteeRules, profile_scores: Mapping[str, float] | None = None
) -> list[EntryPoint]:
    """Every contact as a way in, best first; ties go to higher influence, then name."""
    ranked: list[tuple[float, int, str, EntryPoint]] = []
    for member in committee.members():
        match = profile_scores.get(member.lead_id) if profile_scores else None
        factors = _entry_factors(member, rules.entry_point, match)
        score = round(sum(f.points for f in factors), 2)
        best = sorted((f for f in factors if f.points > 0), key=lambda f: -f.points)[:3]
        reason = f"{member.lead.full_name}: " + ", ".join(f"{f.kind.value} {f.value} (+{f.points:g})" for f in best)
        ranked.append((-score, -member.entry.influence, member.lead.full_name, EntryPoint(member.lead_id, score, factors, reason)))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]


def suggest_entry_point(
    committee: Committee, rules: CommitteeRules, profile_scores: Mapping[str, float] | None = None
) -> EntryPoint | None:
    ranked = rank_entry_points(committee, rules, profile_scores)
    return ranked[0] if ranked else None


# --- ideal buyer profile -------------------------------------------------------------------


class ProfileDimension(StrEnum):
    DEMOGRAPHICS = "demographics"
    PSYCHOGRAPHICS = "psychographics"
    WORK_DYNAMICS = "work_dynamics"
    CHALLENGES = "challenges"
    BACKGROUND = "background"


class ProfileAttribute(StrEnum):
    SENIORITY = "seniority"
    BUYER_ROLE = "buyer_role"
    AGE = "age"
    SALARY_BAND = "salary_band"
    TITLE = "title"
    TAGS = "tags"
    NOTES = "notes"  # what the rep wrote about the person in research notes


class ProfileLabel(RulesModel):
    en: str = Field(min_length=1)
    zh_CN: str = Field(min_length=1)


class Criterion(RulesModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: ProfileLabel
    attribute: ProfileAttribute
    any_of: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    points: int = Field(gt=0)

    @model_validator(mode="after")
    def _fits_attribute(self) -> Criterion:
        if self.attribute is ProfileAttribute.AGE:
            if self.min is None and self.max is None:
                raise ValueError("an age criterion needs min or max")
            return self
        if not self.any_of:
            raise ValueError(f"a {self.attribute.value} criterion needs any_of")
        vocab = {ProfileAttribute.SENIORITY: Seniority, ProfileAttribute.BUYER_ROLE: BuyerRole}.get(self.attribute)
        if vocab is not None:
            allowed = {v.value for v in vocab}
            wrong = [v for v in self.any_of if v not in allowed]
            if wrong:
                raise ValueError(f"{', '.join(wrong)} not one of {', '.join(sorted(allowed))}")
        return self


class Dimension(RulesModel):
    id: ProfileDimension
    label: ProfileLabel
    criteria: tuple[Criterion, ...] = Field(min_length=1)


class IdealProfile(RulesModel):
    id: str
    label: ProfileLabel
    dimensions: tuple[Dimension, ...]

    @model_validator(mode="after")
    def _each_dimension_once(self) -> IdealProfile:
        ids = [d.id for d in self.dimensions]
        missing = [d.value for d in ProfileDimension if d not in ids]
        if missing:
            raise ValueError(f"dimensions missing: {', '.join(missing)}")
        if len(set(ids)) != len(ids):
            raise ValueError("a dimension appears twice")
        return self


def load_ideal_profile(path: Path = IDEAL_PROFILE_RULES, override: Path | None = None) -> IdealProfile:
    return load_rules(IdealProfile, path, override)


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """What the rep knows about a person beyond the lead record."""

    age: int | None = None
    salary_band: str | None = None
    notes: str = ""


class MatchOutcome(StrEnum):
    MATCH = "match"
    MISS = "miss"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    dimension: ProfileDimension
    criterion: str
    outcome: MatchOutcome
    points: int  # earned
    possible: int
    detail: str  # what matched, or what was seen


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    score: int  # 0..100
    results: tuple[CriterionResult, ...]

    @property
    def reasons(self) -> list[str]:
        return [f"{r.dimension.value}/{r.criterion}: {r.outcome.value} ({r.detail})" for r in self.results]

    def by_dimension(self) -> dict[ProfileDimension, int]:
        """Percentage matched per dimension."""
        out: dict[ProfileDimension, int] = {}
        for dim in ProfileDimension:
            rows = [r for r in self.results if r.dimension is dim]
            possible = sum(r.possible for r in rows)
            if possible:
                out[dim] = round(100 * sum(r.points for r in rows) / possible)
        return out


def _keyword_hit(keywords: Iterable[str], text: str) -> str | None:
    for word in keywords:
        if word.isascii():
            # Latin words match at a word start (so "lead" finds "leads"); short ones only whole.
            pattern = rf"\b{re.escape(word)}\b" if len(word) <= 3 else rf"\b{re.escape(word)}"
            flags = 0 if len(word) <= 3 and word.isupper() else re.IGNORECASE
            if re.search(pattern, text, flags):
                return word
        elif word.casefold() in text.casefold():
            return word
    return None


def _judge(criterion: Criterion, lead: Lead, facts: ContactFacts, role: BuyerRole) -> tuple[MatchOutcome, str]:
    attr = criterion.attribute
    if attr is ProfileAttribute.SENIORITY or attr is ProfileAttribute.BUYER_ROLE:
        value = lead.seniority if attr is ProfileAttribute.SENIORITY else role
        if value.value == "unknown":
            return MatchOutcome.UNKNOWN, f"{attr.value} unknown"
        return (MatchOutcome.MATCH if value.value in criterion.any_of else MatchOutcome.MISS), value.value
    if attr is ProfileAttribute.AGE:
        if facts.age is None:
            return MatchOutcome.UNKNOWN, "age unknown"
        ok = (criterion.min is None or facts.age >= criterion.min) and (criterion.max is None or facts.age <= criterion.max)
        return (MatchOutcome.MATCH if ok else MatchOutcome.MISS), str(facts.age)
    if attr is ProfileAttribute.SALARY_BAND:
        if not facts.salary_band:
            return MatchOutcome.UNKNOWN, "salary band unknown"
        ok = facts.salary_band.casefold() in {v.casefold() for v in criterion.any_of}
        return (MatchOutcome.MATCH if ok else MatchOutcome.MISS), facts.salary_band
    text = {
        ProfileAttribute.TITLE: lead.title or "",
        ProfileAttribute.TAGS: " ".join(lead.tags),
        ProfileAttribute.NOTES: facts.notes,
    }[attr]
    if not text.strip():
        return MatchOutcome.UNKNOWN, f"no {attr.value}"
    hit = _keyword_hit(criterion.any_of, text)
    return (MatchOutcome.MATCH, hit) if hit else (MatchOutcome.MISS, f"none of {', '.join(criterion.any_of)}")


def match_contact(
    profile: IdealProfile, lead: Lead, facts: ContactFacts | None = None, role: BuyerRole | None = None
) -> ProfileMatch:
    """How well a contact fits the ideal buyer profile: 0-100 with a reason per criterion.

    Unknown attributes earn nothing but are reported as unknown, not as a miss, so the rep
    sees what research would raise the score. `role` is the contact's committee role when
    known (it may differ from the role first noted on the lead).
    """
    facts = facts or ContactFacts()
    role = role if role is not None else lead.buyer_role
    results: list[CriterionResult] = []
    for dimension in profile.dimensions:
        for criterion in dimension.criteria:
            outcome, detail = _judge(criterion, lead, facts, role)
            earned = criterion.points if outcome is MatchOutcome.MATCH else 0
            results.append(CriterionResult(dimension.id, criterion.id, outcome, earned, criterion.points, detail))
    possible = sum(r.possible for r in results)
    score = round(100 * sum(r.points for r in results) / possible) if possible else 0
    return ProfileMatch(score, tuple(results))
