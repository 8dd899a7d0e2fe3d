"""Lead scoring: six models from DOMAIN.md "Lead scoring", as data in resources/rules/scoring.toml.

A  demographic   title, seniority, buyer role
B  firmographic  industry, size, region against the ideal profile; existing customer
C  behaviour     web pages, downloads, webinars, buying signals
D  email         opens and clicks
E  social        WeChat follows and reads
F  spam          junk form data scores negative

Behaviour points (C, D, E) halve every `half_life_days`. The result keeps each model's
points and the reasons behind them, plus the "learner" flag: lots of content consumed and
no buying signal, which the queue shows and ranks lower.

Rescoring runs over the whole book when rules change, so everything that can be is
prepared once per `Scorer` (compiled patterns, lookup tables) or cached by input value.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Protocol

from pydantic import Field, field_validator, model_validator

from sdr_desk import paths
from sdr_desk.core.entities import (
    Account,
    BuyerRole,
    EngagementKind,
    Lead,
    Seniority,
)
from sdr_desk.core.phones import countries_for_e164
from sdr_desk.core.rules import RulesModel, load_rules

# Bump when the scoring code changes meaning, so stored scores are recomputed.
SCORING_CODE_VERSION = 1

Points = Annotated[float, Field(ge=-100, le=100)]
Cap = Annotated[float, Field(ge=0, le=500)]
Floor = Annotated[float, Field(ge=-500, le=0)]


def _check_pattern(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid pattern: {exc}") from None
    return pattern


class TitleRule(RulesModel):
    """Job-title keywords (a case-insensitive pattern, any language) and their points."""

    pattern: str
    points: Points
    label: str

    _pattern = field_validator("pattern")(_check_pattern)


class Demographic(RulesModel):
    max_points: Cap = 40
    seniority: dict[Seniority, Points] = Field(default_factory=dict)
    buyer_role: dict[BuyerRole, Points] = Field(default_factory=dict)
    titles: tuple[TitleRule, ...] = ()


class SizeBand(RulesModel):
    min_employees: int = Field(ge=0)
    max_employees: int | None = Field(default=None, ge=1)
    points: Points
    label: str


class Firmographic(RulesModel):
    max_points: Cap = 40
    min_points: Floor = -20
    industries: dict[str, Points] = Field(default_factory=dict)  # lower-case industry names
    other_industry: Points = 0
    sizes: tuple[SizeBand, ...] = ()
    unknown_size: Points = 0
    countries: dict[str, Points] = Field(default_factory=dict)
    regions: dict[str, Points] = Field(default_factory=dict)
    other_country: Points = 0
    existing_customer: Points = 0

    @field_validator("industries", "regions")
    @classmethod
    def _lower(cls, v: dict[str, float]) -> dict[str, float]:
        return {k.strip().lower(): p for k, p in v.items()}

    @model_validator(mode="after")
    def _bands(self) -> Firmographic:
        for band in self.sizes:
            if band.max_employees is not None and band.max_employees < band.min_employees:
                raise ValueError(f"size band '{band.label}' ends before it starts")
        return self


class Engagement(RulesModel):
    """One behaviour model (C, D or E): points per event kind, halving with age."""

    max_points: Cap = 40
    half_life_days: float = Field(default=30, gt=0, le=3650)
    points: dict[EngagementKind, Points] = Field(default_factory=dict)


class Spam(RulesModel):
    min_points: Floor = -100
    b2b: bool = True  # free-mail addresses only count against a lead when selling to companies
    free_mail: Annotated[float, Field(ge=-100, le=0)] = -10
    free_mail_domains: tuple[str, ...] = ()
    disposable: Annotated[float, Field(ge=-100, le=0)] = -40
    disposable_domains: tuple[str, ...] = ()
    gibberish_name: Annotated[float, Field(ge=-100, le=0)] = -25
    junk_names: tuple[str, ...] = ()  # whole names seen in junk form fills: "test", "asdf"
    phone_country_mismatch: Annotated[float, Field(ge=-100, le=0)] = -10
    titles: tuple[TitleRule, ...] = ()

    @field_validator("titles")
    @classmethod
    def _negative(cls, v: tuple[TitleRule, ...]) -> tuple[TitleRule, ...]:
        for rule in v:
            if rule.points > 0:
                raise ValueError(f"spam title '{rule.label}' must not add points")
        return v


class Learner(RulesModel):
    window_days: float = Field(default=30, gt=0, le=365)
    min_content_events: int = Field(default=8, ge=1, le=1000)
    content_kinds: tuple[EngagementKind, ...] = ()
    buying_signals: tuple[EngagementKind, ...] = ()

    @model_validator(mode="after")
    def _disjoint(self) -> Learner:
        both = set(self.content_kinds) & set(self.buying_signals)
        if both:
            raise ValueError(f"{', '.join(sorted(both))} cannot be both content and a buying signal")
        return self


class Profile(RulesModel):
    """DOMAIN.md "Target": inbound leads that miss the ideal profile are set aside first."""

    min_fit: float | None = Field(default=None, ge=-500, le=500)  # demographic + firmographic points


class ScoringRules(RulesModel):
    profile: Profile = Profile()
    demographic: Demographic = Demographic()
    firmographic: Firmographic = Firmographic()
    behaviour: Engagement = Engagement()
    email: Engagement = Engagement()
    social: Engagement = Engagement()
    spam: Spam = Spam()
    learner: Learner = Learner()

    @model_validator(mode="after")
    def _one_model_per_kind(self) -> ScoringRules:
        seen: dict[EngagementKind, str] = {}
        for name in ("behaviour", "email", "social"):
            for kind in getattr(self, name).points:
                if kind in seen:
                    raise ValueError(f"event kind {kind.value} is scored by both {seen[kind]} and {name}")
                seen[kind] = name
        return self


def load_scoring_rules(path: Path | None = None, override: Path | None = None) -> ScoringRules:
    return load_rules(ScoringRules, path or paths.RULES / "scoring.toml", override)


def rules_fingerprint(rules: ScoringRules) -> str:
    """Stable hash of the effective rules: a stored score with another fingerprint is stale."""
    text = f"{SCORING_CODE_VERSION}:{rules.model_dump_json()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """A reason shown to the rep: a stable code and parameters (for translation) plus English."""

    code: str
    params: dict[str, Any]
    text: str


@dataclass(frozen=True, slots=True)
class ModelScore:
    model: str  # demographic, firmographic, behaviour, email, social, spam
    letter: str  # A..F, as the source names the models
    points: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class ScoreCard:
    total: float
    models: tuple[ModelScore, ...]
    learner: bool
    learner_reason: Reason | None
    fingerprint: str
    scored_at: datetime
    misses_profile: bool = False

    @property
    def fit(self) -> float:
        return sum(m.points for m in self.models if m.model in ("demographic", "firmographic"))

    @property
    def engagement(self) -> float:
        return sum(m.points for m in self.models if m.model in ("behaviour", "email", "social"))

    def model(self, name: str) -> ModelScore:
        for m in self.models:
            if m.model == name:
                return m
        raise KeyError(name)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for storing the breakdown (JSON)."""
        return {
            "total": self.total,
            "learner": self.learner,
            "misses_profile": self.misses_profile,
            "fingerprint": self.fingerprint,
            "scored_at": self.scored_at.isoformat(),
            "models": {
                m.model: {
                    "points": m.points,
                    "reasons": [{"code": r.code, "params": r.params, "text": r.text} for r in m.reasons],
                }
                for m in self.models
            },
        }


class Engaged(Protocol):
    """What scoring reads of an engagement event: an EngagementEvent, or any lighter record
    with the same two fields (a full rescoring reads a million of them)."""

    @property
    def kind(self) -> EngagementKind: ...

    @property
    def occurred_at(self) -> datetime: ...


class KindDecay(NamedTuple):
    """How events of one kind count: a decayed sum elsewhere (SQLite) must use exactly these."""

    kind: EngagementKind
    points: float  # each event adds points * exp(-rate * age in seconds), age never negative
    rate: float
    content: bool  # counts towards the learner flag when inside the window
    signal: bool  # a buying signal: any one clears the learner flag


class KindTotal(NamedTuple):
    """One lead's events of one kind, summed ahead of scoring (a full rescoring has SQLite
    do it): how many, their decayed points, and how many fell inside the learner window.
    Scoring takes any tuple in this order: a rescoring passes 350,000 plain ones."""

    kind: EngagementKind
    count: int
    decayed: float
    recent: int


KindTotals = KindTotal | tuple[EngagementKind, int, float, int]


# --- the scorer ----------------------------------------------------------------------------

_DAY = 86400.0
_LN2 = math.log(2)
_DIGIT = re.compile(r"\d")
_REPEAT = re.compile(r"(.)\1\1")
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
_VOWEL = re.compile(r"[aeiouy]", re.IGNORECASE)
_KEYBOARD = ("qwert", "asdf", "zxcv", "hjkl", "uiop", "wasd")
_KIND_LABEL = {
    EngagementKind.PAGE_VIEW: "page view",
    EngagementKind.PRICING_VIEW: "pricing page view",
    EngagementKind.DEMO_REQUEST: "demo request",
    EngagementKind.CONTACT_SALES: "contact-sales request",
    EngagementKind.DOWNLOAD: "download",
    EngagementKind.WEBINAR: "webinar",
    EngagementKind.SUBSCRIPTION: "subscription",
    EngagementKind.EMAIL_OPEN: "email open",
    EngagementKind.EMAIL_CLICK: "email click",
    EngagementKind.WECHAT_FOLLOW: "WeChat follow",
    EngagementKind.WECHAT_READ: "WeChat article read",
    EngagementKind.FORM_SUBMIT: "form submission",
}
_ENGAGEMENT_MODELS = (("behaviour", "C"), ("email", "D"), ("social", "E"))


def _pts(x: float) -> str:
    """Signed points for a reason text: +12, -2.5."""
    return f"{round(x, 1) + 0.0:+g}"


_KIND_ORDER = {kind: i for i, kind in enumerate(EngagementKind)}


def _by_weight(item: tuple[EngagementKind, list[float]]) -> tuple[float, int]:
    # Ties go by kind, not by which event came first: events and totals give one order.
    return -abs(item[1][1]), _KIND_ORDER[item[0]]


def _clamp(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def looks_gibberish(name: str, junk_names: frozenset[str] = frozenset()) -> bool:
    """Names typed to get past a form: digits, keyboard runs, no vowels, triple letters."""
    text = name.strip()
    if len(text) < 2 or text.casefold() in junk_names:
        return True
    folded = text.casefold()
    if any(word in junk_names for word in folded.split()):
        return True
    if _DIGIT.search(text) or _REPEAT.search(folded) or _CONSONANT_RUN.search(text):
        return True
    if any(k in folded for k in _KEYBOARD):
        return True
    return any(not _VOWEL.search(w) for w in _LATIN_WORD.findall(text))


class Scorer:
    """Scores leads under one set of rules. Build once, call `score` many times (thread-safe reads)."""

    def __init__(self, rules: ScoringRules) -> None:
        self.rules = rules
        self.fingerprint = rules_fingerprint(rules)
        demo, firmo, spam = rules.demographic, rules.firmographic, rules.spam
        self._titles = tuple((re.compile(r.pattern, re.IGNORECASE), r) for r in demo.titles)
        self._spam_titles = tuple((re.compile(r.pattern, re.IGNORECASE), r) for r in spam.titles)
        self._free = frozenset(d.lower() for d in spam.free_mail_domains)
        self._disposable = frozenset(d.lower() for d in spam.disposable_domains)
        self._junk = frozenset(n.casefold() for n in spam.junk_names)
        self._sizes = tuple(firmo.sizes)
        # kind -> (model slot, points, decay rate per second)
        self._kinds: dict[EngagementKind, tuple[int, float, float]] = {}
        for slot, (name, _) in enumerate(_ENGAGEMENT_MODELS):
            model: Engagement = getattr(rules, name)
            rate = _LN2 / (model.half_life_days * _DAY)
            for kind, points in model.points.items():
                self._kinds[kind] = (slot, points, rate)
        content = frozenset(rules.learner.content_kinds)
        signals = frozenset(rules.learner.buying_signals)
        # kind -> everything the event loop and the reasons need, looked up once per event
        self._spec: dict[EngagementKind, tuple[Any, ...]] = {}
        for kind in EngagementKind:
            slot, points, rate = self._kinds.get(kind, (0, 0.0, 0.0))
            if not points and kind not in content and kind not in signals:
                continue
            label = _KIND_LABEL.get(kind, kind.value)
            self._spec[kind] = (slot, points, rate, kind in content, kind in signals,
                                f"{_ENGAGEMENT_MODELS[slot][0]}.event", kind.value, label, label + "s")
        self.decays = tuple(KindDecay(kind, spec[1], spec[2], spec[3], spec[4]) for kind, spec in self._spec.items())
        self._window = rules.learner.window_days * _DAY
        self._min_content = rules.learner.min_content_events
        self._caps = tuple(getattr(rules, name).max_points for name, _ in _ENGAGEMENT_MODELS)
        self._gibberish_cache: dict[str, bool] = {}
        self._demo_cache: dict[tuple[str | None, Seniority, BuyerRole], ModelScore] = {}
        self._firmo_cache: dict[tuple[Any, ...], ModelScore] = {}
        self._spam_title_cache: dict[str, tuple[float, tuple[Reason, ...]]] = {}

    @classmethod
    def load(cls, path: Path | None = None, override: Path | None = None) -> Scorer:
        return cls(load_scoring_rules(path, override))

    @property
    def learner_window_seconds(self) -> float:
        """Content events at most this old count towards the learner flag."""
        return self._window

    # A: demographic ---------------------------------------------------------------------
    def demographic(self, lead: Lead) -> ModelScore:
        key = (lead.title, lead.seniority, lead.buyer_role)
        got = self._demo_cache.get(key)
        if got is None:
            rules = self.rules.demographic
            reasons: list[Reason] = []
            total = 0.0
            p = rules.seniority.get(lead.seniority, 0.0)
            if p:
                total += p
                reasons.append(Reason("demographic.seniority", {"seniority": lead.seniority.value, "points": p},
                                      f"Seniority {lead.seniority.value.replace('_', '-')}: {_pts(p)}"))
            p = rules.buyer_role.get(lead.buyer_role, 0.0)
            if p:
                total += p
                reasons.append(Reason("demographic.buyer_role", {"role": lead.buyer_role.value, "points": p},
                                      f"Buyer role {lead.buyer_role.value}: {_pts(p)}"))
            if lead.title:
                for rx, rule in self._titles:
                    if rx.search(lead.title):
                        total += rule.points
                        reasons.append(Reason("demographic.title", {"label": rule.label, "points": rule.points},
                                              f"Title: {rule.label}: {_pts(rule.points)}"))
            got = ModelScore("demographic", "A", _clamp(total, -rules.max_points, rules.max_points), tuple(reasons))
            self._demo_cache[key] = got
        return got

    # B: firmographic --------------------------------------------------------------------
    def firmographic(self, account: Account | None, lead_country: str | None) -> ModelScore:
        if account is None:
            key: tuple[Any, ...] = (None, None, lead_country, None, False)
        else:
            key = (account.industry, account.employees, account.country or lead_country, account.region, account.is_customer)
        got = self._firmo_cache.get(key)
        if got is None:
            got = ModelScore("firmographic", "B", *self._firmographic(*key))
            self._firmo_cache[key] = got
        return got

    def _firmographic(self, industry: str | None, employees: int | None, country: str | None,
                      region: str | None, customer: bool) -> tuple[float, tuple[Reason, ...]]:
        rules = self.rules.firmographic
        reasons: list[Reason] = []
        total = 0.0
        if industry:
            p = rules.industries.get(industry.strip().lower())
            if p is not None:
                reasons.append(Reason("firmographic.industry", {"industry": industry, "points": p},
                                      f"Industry {industry}: {_pts(p)}"))
            else:
                p = rules.other_industry
                if p:
                    reasons.append(Reason("firmographic.industry_outside", {"industry": industry, "points": p},
                                          f"Industry {industry} is outside the ideal profile: {_pts(p)}"))
            total += p
        if employees is None:
            p = rules.unknown_size
            if p:
                reasons.append(Reason("firmographic.size_unknown", {"points": p}, f"Company size unknown: {_pts(p)}"))
        else:
            p = 0.0
            for band in self._sizes:
                if employees >= band.min_employees and (band.max_employees is None or employees <= band.max_employees):
                    p = band.points
                    reasons.append(Reason("firmographic.size", {"employees": employees, "label": band.label, "points": p},
                                          f"{employees} employees ({band.label}): {_pts(p)}"))
                    break
        total += p
        p_country = rules.countries.get(country.upper()) if country else None
        p_region = rules.regions.get(region.strip().lower()) if region else None
        if p_region is not None:
            total += p_region
            reasons.append(Reason("firmographic.region", {"region": region, "points": p_region},
                                  f"Region {region}: {_pts(p_region)}"))
        elif p_country is not None:
            total += p_country
            reasons.append(Reason("firmographic.country", {"country": country, "points": p_country},
                                  f"Country {country}: {_pts(p_country)}"))
        elif country and rules.other_country:
            total += rules.other_country
            reasons.append(Reason("firmographic.country_outside", {"country": country, "points": rules.other_country},
                                  f"Country {country} is outside the target regions: {_pts(rules.other_country)}"))
        if customer and rules.existing_customer:
            total += rules.existing_customer
            reasons.append(Reason("firmographic.customer", {"points": rules.existing_customer},
                                  f"Existing customer: {_pts(rules.existing_customer)}"))
        return _clamp(total, rules.min_points, rules.max_points), tuple(reasons)

    # F: spam ----------------------------------------------------------------------------
    def spam(self, lead: Lead, account: Account | None) -> ModelScore:
        rules = self.rules.spam
        reasons: list[Reason] = []
        total = 0.0
        disposable = free = None
        work_mail = False
        for email in lead.emails:
            domain = email.rpartition("@")[2].strip().lower()
            if domain in self._disposable:
                disposable = disposable or domain
            elif domain in self._free:
                free = free or domain
            elif domain:
                work_mail = True
        if disposable:
            total += rules.disposable
            reasons.append(Reason("spam.disposable_email", {"domain": disposable, "points": rules.disposable},
                                  f"Disposable email domain {disposable}: {_pts(rules.disposable)}"))
        if rules.b2b and free and not work_mail and not disposable:
            total += rules.free_mail
            reasons.append(Reason("spam.free_mail", {"domain": free, "points": rules.free_mail},
                                  f"Only a free-mail address ({free}): {_pts(rules.free_mail)}"))
        junk = self._gibberish_cache.get(lead.full_name)
        if junk is None:
            junk = looks_gibberish(lead.full_name, self._junk)
            if len(self._gibberish_cache) < 100_000:
                self._gibberish_cache[lead.full_name] = junk
        if junk:
            total += rules.gibberish_name
            reasons.append(Reason("spam.gibberish_name", {"points": rules.gibberish_name},
                                  f"Name looks made up: {_pts(rules.gibberish_name)}"))
        company_country = account.country if account is not None and account.country else None
        if company_country and lead.phones:
            phone_countries = countries_for_e164(lead.phones[0])
            if phone_countries and company_country.upper() not in phone_countries:
                shown = sorted(phone_countries)[0] if len(phone_countries) == 1 else "+" + lead.phones[0][1:2]
                total += rules.phone_country_mismatch
                reasons.append(Reason("spam.phone_country", {"phone_country": shown, "company_country": company_country,
                                                             "points": rules.phone_country_mismatch},
                                      f"Phone is from {shown} but the company is in {company_country}: "
                                      f"{_pts(rules.phone_country_mismatch)}"))
        if lead.title and self._spam_titles:
            got = self._spam_title_cache.get(lead.title)
            if got is None:
                tp, tr = 0.0, []
                for rx, rule in self._spam_titles:
                    if rx.search(lead.title):
                        tp += rule.points
                        tr.append(Reason("spam.title", {"label": rule.label, "points": rule.points},
                                         f"Title: {rule.label}: {_pts(rule.points)}"))
                got = (tp, tuple(tr))
                self._spam_title_cache[lead.title] = got
            total += got[0]
            reasons.extend(got[1])
        return ModelScore("spam", "F", max(total, rules.min_points), tuple(reasons))

    # C, D, E: engagement, and the learner flag --------------------------------------------
    def engagement(self, events: Sequence[Engaged], now: datetime) -> tuple[tuple[ModelScore, ...], bool, Reason | None]:
        now_t = now.timestamp()
        spec_of = self._spec
        window = self._window
        exp = math.exp
        agg: dict[EngagementKind, list[float]] = {}  # kind -> [count, decayed points]
        recent_content = 0
        signal = False
        for ev in events:
            spec = spec_of.get(ev.kind)
            if spec is None:
                continue
            age = now_t - ev.occurred_at.timestamp()
            if age < 0:
                age = 0.0  # a clock running ahead must not add points
            if spec[1]:
                acc = agg.get(ev.kind)
                if acc is None:
                    agg[ev.kind] = [1, spec[1] * exp(-spec[2] * age)]
                else:
                    acc[0] += 1
                    acc[1] += spec[1] * exp(-spec[2] * age)
            if spec[3]:
                if age <= window:
                    recent_content += 1
            elif spec[4]:
                signal = True
        return self._engagement_models(agg, recent_content, signal)

    def engagement_from_totals(
        self, totals: Iterable[KindTotals], *, explain: bool = True
    ) -> tuple[tuple[ModelScore, ...], bool, Reason | None]:
        """`engagement` from per-kind totals summed elsewhere with `decays`: the same models and
        reasons (none with `explain` False: the same points, for a rescoring that stores only them)."""
        spec_of = self._spec
        agg: dict[EngagementKind, list[float]] = {}
        recent_content = 0
        signal = False
        for kind, count, decayed, recent in totals:
            spec = spec_of.get(kind)
            if spec is None or not count:
                continue
            if spec[1]:
                agg[kind] = [count, decayed]
            if spec[3]:
                recent_content += recent
            elif spec[4]:
                signal = True
        return self._engagement_models(agg, recent_content, signal, explain)

    def _engagement_models(
        self, agg: dict[EngagementKind, list[float]], recent_content: int, signal: bool, explain: bool = True
    ) -> tuple[tuple[ModelScore, ...], bool, Reason | None]:
        spec_of = self._spec
        per_slot: tuple[list[Reason], list[Reason], list[Reason]] = ([], [], [])
        sums = [0.0, 0.0, 0.0]
        # Heaviest first, which also fixes the order the points are added in.
        for kind, (n, pts) in sorted(agg.items(), key=_by_weight) if len(agg) > 1 else agg.items():
            slot, _, _, _, _, code, value, one, many = spec_of[kind]
            sums[slot] += pts
            if not explain:
                continue
            p = round(pts, 1)
            count = int(n)
            per_slot[slot].append(Reason(code, {"kind": value, "count": count, "points": p},
                                         f"{count} {one if count == 1 else many}: {p + 0.0:+g}"))
        caps = self._caps
        models = (
            ModelScore("behaviour", "C", round(_clamp(sums[0], -caps[0], caps[0]), 2), tuple(per_slot[0])),
            ModelScore("email", "D", round(_clamp(sums[1], -caps[1], caps[1]), 2), tuple(per_slot[1])),
            ModelScore("social", "E", round(_clamp(sums[2], -caps[2], caps[2]), 2), tuple(per_slot[2])),
        )
        learner = recent_content >= self._min_content and not signal
        reason = None
        if learner and explain:
            days = self.rules.learner.window_days
            reason = Reason("learner", {"content_events": recent_content, "days": days},
                            f"Learner: {recent_content} content views in {days:g} days, no pricing, demo or contact-sales")
        return models, learner, reason

    def score(self, lead: Lead, account: Account | None, events: Sequence[Engaged], now: datetime) -> ScoreCard:
        return self._card(lead, account, self.engagement(events, now), now)

    def score_from_totals(self, lead: Lead, account: Account | None, totals: Iterable[KindTotals],
                          now: datetime, *, explain: bool = True) -> ScoreCard:
        """`score` with the lead's events already summed per kind (see `decays`). With `explain`
        False the behaviour models and the learner flag come without their reasons."""
        return self._card(lead, account, self.engagement_from_totals(totals, explain=explain), now)

    def _card(self, lead: Lead, account: Account | None,
              engaged: tuple[tuple[ModelScore, ...], bool, Reason | None], now: datetime) -> ScoreCard:
        a = self.demographic(lead)
        b = self.firmographic(account, lead.country)
        (c, d, e), learner, learner_reason = engaged
        f = self.spam(lead, account)
        models = (a, b, c, d, e, f)
        total = round(a.points + b.points + c.points + d.points + e.points + f.points, 2)
        min_fit = self.rules.profile.min_fit
        misses = min_fit is not None and a.points + b.points < min_fit
        return ScoreCard(total, models, learner, learner_reason, self.fingerprint, now, misses)
