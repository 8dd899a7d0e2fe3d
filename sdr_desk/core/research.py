"""Research insight templates (T1/T2/T3), completeness, staleness and note validation.

The templates are data in resources/rules/research/t1.toml, t2.toml, t3.toml; this module
only reads them and applies them to the notes an SDR writes on an account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, model_validator

from sdr_desk.core.entities import (
    Account,
    Activity,
    Channel,
    ResearchNote,
    SourceKind,
    SourceRef,
    Tier,
)
from sdr_desk.core.rules import RulesError, RulesModel, find_line, load_rules
from sdr_desk.paths import RULES

RESEARCH_RULES = RULES / "research"


# --- the template schema ---------------------------------------------------------------------


class Label(RulesModel):
    """A user-visible name in every shipped language."""

    en: str = Field(min_length=1)
    zh_CN: str = Field(min_length=1)

    def text(self, locale: str = "en") -> str:
        return self.zh_CN if locale.replace("-", "_").startswith("zh") else self.en


class FieldSpec(RulesModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    # Channels whose logged activities fill this field by themselves (the "history" section).
    from_channels: tuple[Channel, ...] = ()


class SectionSpec(RulesModel):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    fields: tuple[FieldSpec, ...] = Field(min_length=1)
    fresh_days: int | None = Field(default=None, gt=0)
    per_contact: bool = False  # notes here are about one person, so they name the contact

    @model_validator(mode="after")
    def _unique_fields(self) -> SectionSpec:
        seen: set[str] = set()
        for spec in self.fields:
            if spec.id in seen:
                raise ValueError(f"field {spec.id!r} appears twice in section {self.id!r}")
            seen.add(spec.id)
        return self

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


class Template(RulesModel):
    tier: Tier
    label: Label
    fresh_days: int = Field(gt=0)
    max_text_chars: int = Field(default=1_000_000, gt=0)
    sections: tuple[SectionSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_sections(self) -> Template:
        seen: set[str] = set()
        for section in self.sections:
            if section.id in seen:
                raise ValueError(f"section {section.id!r} appears twice")
            seen.add(section.id)
        return self

    def section(self, section_id: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def fresh_limit(self, section_id: str) -> timedelta:
        section = self.section(section_id)
        days = section.fresh_days if section and section.fresh_days else self.fresh_days
        return timedelta(days=days)


def template_path(tier: Tier, rules_dir: Path = RESEARCH_RULES) -> Path:
    return rules_dir / f"{tier.value.lower()}.toml"


def load_template(tier: Tier, rules_dir: Path = RESEARCH_RULES, override: Path | None = None) -> Template:
    """Load one tier's template; a RulesError names file, line and key when it is wrong."""
    path = template_path(tier, rules_dir)
    template = load_rules(Template, path, override)
    if template.tier is not tier:
        text = path.read_text(encoding="utf-8")
        raise RulesError(path, find_line(text, ["tier"]), "tier", f"file is for {tier.value} but says {template.tier.value}")
    return template


def load_templates(rules_dir: Path = RESEARCH_RULES) -> dict[Tier, Template]:
    return {tier: load_template(tier, rules_dir) for tier in Tier}


def template_for(account: Account, templates: Mapping[Tier, Template], chosen: Tier | None = None) -> Template:
    """The account's tier picks the template; the rep may switch to another one."""
    return templates[chosen or account.tier]


# --- staleness and completeness --------------------------------------------------------------


def _parse_day(value: str) -> date:
    return date.fromisoformat(value.strip())


def as_of(note: ResearchNote) -> datetime | None:
    """When a note's facts date from: its newest source, else its last edit.

    A note edited today that quotes a two-year-old annual report is still two years old.
    """
    days: list[date] = []
    for source in note.sources:
        if source.date:
            try:
                days.append(_parse_day(source.date))
            except ValueError:
                continue
    if days:
        newest = max(days)
        return datetime(newest.year, newest.month, newest.day, tzinfo=timezone.utc)
    return note.updated_at


def is_stale(note: ResearchNote, template: Template, now: datetime) -> bool:
    """Older than the template's freshness limit for its section; undated notes count as stale."""
    moment = as_of(note)
    if moment is None:
        return True
    return now - moment > template.fresh_limit(note.section)


def _filled(note: ResearchNote) -> bool:
    return bool(note.text.strip())


@dataclass(frozen=True, slots=True)
class SectionCompleteness:
    section: str
    filled: int  # fields with at least one note with text
    stale: int  # filled fields whose every note is stale
    total: int
    missing: tuple[str, ...]  # field ids with nothing yet

    @property
    def ratio(self) -> float:
        return self.filled / self.total if self.total else 1.0

    @property
    def fresh_ratio(self) -> float:
        return (self.filled - self.stale) / self.total if self.total else 1.0


@dataclass(frozen=True, slots=True)
class AccountCompleteness:
    template: Tier
    sections: tuple[SectionCompleteness, ...]

    @property
    def filled(self) -> int:
        return sum(s.filled for s in self.sections)

    @property
    def stale(self) -> int:
        return sum(s.stale for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def ratio(self) -> float:
        return self.filled / self.total if self.total else 1.0

    @property
    def fresh_ratio(self) -> float:
        return (self.filled - self.stale) / self.total if self.total else 1.0

    def section(self, section_id: str) -> SectionCompleteness:
        return next(s for s in self.sections if s.section == section_id)


def section_completeness(
    template: Template, section_id: str, notes: Iterable[ResearchNote], now: datetime
) -> SectionCompleteness:
    section = template.section(section_id)
    if section is None:
        raise KeyError(section_id)
    fresh: dict[str, bool] = {}  # field id -> has a fresh note
    for note in notes:
        if note.template is not template.tier or note.section != section_id or not _filled(note):
            continue
        if section.field(note.field) is None:
            continue
        fresh[note.field] = fresh.get(note.field, False) or not is_stale(note, template, now)
    missing = tuple(f.id for f in section.fields if f.id not in fresh)
    stale = sum(1 for ok in fresh.values() if not ok)
    return SectionCompleteness(section_id, len(fresh), stale, len(section.fields), missing)


def account_completeness(template: Template, notes: Iterable[ResearchNote], now: datetime) -> AccountCompleteness:
    """Completeness of every section of the template over an account's notes (any contact's too)."""
    notes = list(notes)
    return AccountCompleteness(
        template.tier, tuple(section_completeness(template, s.id, notes, now) for s in template.sections)
    )


# --- the history section fills itself from activities ----------------------------------------


def history_notes(template: Template, account_id: str, activities: Iterable[Activity]) -> list[ResearchNote]:
    """Notes for every field fed by logged activities: a count and the last touch, dated by it.

    They are computed, not stored, so they are never out of step with the activity log.
    """
    by_channel: dict[Channel, list[Activity]] = {}
    superseded = set()
    activities = list(activities)
    for activity in activities:
        if activity.supersedes_id:
            superseded.add(activity.supersedes_id)
    for activity in activities:
        if activity.id not in superseded:
            by_channel.setdefault(activity.channel, []).append(activity)
    out: list[ResearchNote] = []
    for section in template.sections:
        for spec in section.fields:
            if not spec.from_channels:
                continue
            touches = [a for ch in spec.from_channels for a in by_channel.get(ch, ())]
            if not touches:
                continue
            last = max(touches, key=lambda a: a.occurred_at)
            text = f"{len(touches)} × {', '.join(sorted({a.outcome.value for a in touches}))}; last {last.occurred_at.date().isoformat()}"
            out.append(
                ResearchNote(
                    id=f"history:{account_id}:{section.id}:{spec.id}",
                    account_id=account_id,
                    template=template.tier,
                    section=section.id,
                    field=spec.id,
                    text=text,
                    updated_at=last.occurred_at,
                )
            )
    return out


# --- pinned insights: what the call card and the MQL hand-off show ------------------------------


@dataclass(frozen=True, slots=True)
class PinnedInsight:
    note: ResearchNote
    section_label: Label
    field_label: Label
    stale: bool

    def line(self, locale: str = "en") -> str:
        """One line for the call card or hand-off summary: "Section · Field: text"."""
        first = self.note.text.strip().splitlines()[0] if self.note.text.strip() else ""
        return f"{self.section_label.text(locale)} · {self.field_label.text(locale)}: {first}"


def pinned_insights(
    notes: Iterable[ResearchNote],
    templates: Mapping[Tier, Template],
    now: datetime,
    lead_id: str | None = None,
) -> list[PinnedInsight]:
    """Pinned notes in template order (T1 first, then section and field order).

    With `lead_id`, notes about other contacts are left out; account-wide notes stay.
    Notes whose section or field the rules no longer have are skipped, not guessed at.
    """
    out: list[tuple[tuple[int, int, int], PinnedInsight]] = []
    for note in notes:
        if not note.pinned or not note.text.strip():
            continue
        if lead_id is not None and note.lead_id not in (None, lead_id):
            continue
        template = templates.get(note.template)
        section = template.section(note.section) if template else None
        spec = section.field(note.field) if section else None
        if template is None or section is None or spec is None:
            continue
        order = (list(Tier).index(note.template), template.sections.index(section), section.fields.index(spec))
        out.append((order, PinnedInsight(note, section.label, spec.label, is_stale(note, template, now))))
    out.sort(key=lambda pair: pair[0])
    return [insight for _, insight in out]


# --- validating a note before it is saved ----------------------------------------------------


class NoteProblem(StrEnum):
    UNKNOWN_SECTION = "unknown_section"
    UNKNOWN_FIELD = "unknown_field"
    WRONG_TEMPLATE = "wrong_template"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NEEDS_CONTACT = "needs_contact"
    BAD_LINK = "bad_link"
    EMPTY_DOCUMENT = "empty_document"
    BAD_DATE = "bad_date"
    FUTURE_DATE = "future_date"


@dataclass(frozen=True, slots=True)
class NoteIssue:
    problem: NoteProblem
    key: str  # which part of the note: "text", "section", "sources[0].ref" ...
    reason: str  # English, for logs and the CLI; the GUI words it from `problem`


class NoteRejected(ValueError):
    def __init__(self, issues: list[NoteIssue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{i.key}: {i.reason}" for i in issues))


def link_problem(ref: str) -> str | None:
    """Why `ref` is not a usable web link, or None when it is one."""
    value = ref.strip()
    if not value:
        return "the link is empty"
    if any(ch.isspace() for ch in value):
        return "a link cannot contain spaces"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        return "a link must start with http:// or https://"
    host = parts.hostname or ""
    if not host or ("." not in host and host != "localhost"):
        return "the link has no web address after http(s)://"
    return None


def check_source(source: SourceRef, index: int, today: date) -> list[NoteIssue]:
    issues: list[NoteIssue] = []
    key = f"sources[{index}]"
    if source.kind is SourceKind.LINK:
        why = link_problem(source.ref)
        if why:
            issues.append(NoteIssue(NoteProblem.BAD_LINK, f"{key}.ref", f"{source.ref!r} is not a URL: {why}"))
    elif not source.ref.strip():
        issues.append(NoteIssue(NoteProblem.EMPTY_DOCUMENT, f"{key}.ref", "name the document the insight comes from"))
    if source.date:
        try:
            day = _parse_day(source.date)
        except ValueError:
            issues.append(NoteIssue(NoteProblem.BAD_DATE, f"{key}.date", f"{source.date!r} is not a date (YYYY-MM-DD)"))
        else:
            if day > today:
                issues.append(
                    NoteIssue(NoteProblem.FUTURE_DATE, f"{key}.date", f"{day.isoformat()} is in the future")
                )
    return issues


def note_issues(note: ResearchNote, template: Template, now: datetime) -> list[NoteIssue]:
    """Every reason to refuse a note; an empty list means it may be saved."""
    issues: list[NoteIssue] = []
    if note.template is not template.tier:
        issues.append(
            NoteIssue(NoteProblem.WRONG_TEMPLATE, "template", f"note is for {note.template.value}, not {template.tier.value}")
        )
    section = template.section(note.section)
    if section is None:
        issues.append(NoteIssue(NoteProblem.UNKNOWN_SECTION, "section", f"no section {note.section!r} in {template.tier.value}"))
    else:
        if section.field(note.field) is None:
            issues.append(NoteIssue(NoteProblem.UNKNOWN_FIELD, "field", f"no field {note.field!r} in section {section.id!r}"))
        if section.per_contact and not note.lead_id:
            issues.append(NoteIssue(NoteProblem.NEEDS_CONTACT, "lead_id", f"section {section.id!r} is about a person: pick the contact"))
    if not note.text.strip():
        issues.append(NoteIssue(NoteProblem.EMPTY, "text", "write the insight before saving"))
    elif len(note.text) > template.max_text_chars:
        issues.append(
            NoteIssue(NoteProblem.TOO_LONG, "text", f"{len(note.text)} characters; the limit is {template.max_text_chars}")
        )
    today = now.astimezone(timezone.utc).date()
    for index, source in enumerate(note.sources):
        issues.extend(check_source(source, index, today))
    return issues


def validate_note(note: ResearchNote, template: Template, now: datetime) -> ResearchNote:
    """Return the note unchanged, or raise NoteRejected with every reason."""
    issues = note_issues(note, template, now)
    if issues:
        raise NoteRejected(issues)
    return note
