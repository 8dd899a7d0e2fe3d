"""Qualification frameworks (MANTCP by default; BANT, AUNM, PACT, FAINT) as data, and the verdict.

Each framework in resources/rules/frameworks/ is a list of criteria; the form is generated
from it and the verdict follows from it, so no framework is hand-coded here. Red flags,
answer labels and disqualification reasons are shared, in resources/rules/qualification.toml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from sdr_desk.core.entities import (
    CriterionAnswer,
    CriterionStatus,
    DisqualifyReason,
    Qualification,
    Verdict,
)
from sdr_desk.core.rules import RulesError, RulesModel, find_line, load_rules
from sdr_desk.paths import RULES

FRAMEWORKS_DIR = RULES / "frameworks"
QUALIFICATION_FILE = RULES / "qualification.toml"
DEFAULT_FRAMEWORK = "mantcp"

_ID = r"^[a-z][a-z0-9_]*$"
LANGS = ("en", "zh_CN")


def rule_error(loc: tuple[str | int, ...], message: str, value: object = None) -> ValidationError:
    """A cross-field check's failure, placed at `loc` so the loader can name the exact line and key."""
    kind = PydanticCustomError("rules", "{message}", {"message": message})
    return ValidationError.from_exception_data("rules", [InitErrorDetails(type=kind, loc=loc, input=value)])


class Text(RulesModel):
    """A string shown to the rep, in every language the app ships."""

    en: str = Field(min_length=1)
    zh_CN: str = Field(min_length=1)

    def get(self, lang: str = "en") -> str:
        return self.zh_CN if lang == "zh_CN" else self.en


# --- rules schemas ------------------------------------------------------------------------


class Criterion(RulesModel):
    id: str = Field(pattern=_ID)
    label: Text
    description: Text
    questions: tuple[Text, ...] = Field(min_length=1)
    passes: tuple[CriterionStatus, ...] = Field(min_length=1)
    no_reason: DisqualifyReason | None = None
    evidence_required: tuple[CriterionStatus, ...] | None = None  # None: the framework's default

    @model_validator(mode="after")
    def _no_is_decided(self) -> Criterion:
        # A "no" either passes or says why it disqualifies: a verdict never lacks a reason.
        if CriterionStatus.NO in self.passes and self.no_reason is not None:
            raise rule_error(("no_reason",), 'no_reason is set but "no" passes', self.no_reason)
        if CriterionStatus.NO not in self.passes and self.no_reason is None:
            raise rule_error(("passes",), 'a "no" here disqualifies, so no_reason must say why', self.passes)
        return self


class Framework(RulesModel):
    id: str = Field(pattern=_ID)
    name: Text
    description: Text
    evidence_required: tuple[CriterionStatus, ...] = (CriterionStatus.YES, CriterionStatus.PARTLY)
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Framework:
        seen: set[str] = set()
        for i, c in enumerate(self.criteria):
            if c.id in seen:
                raise rule_error(("criteria", i, "id"), f"criterion id {c.id!r} is used twice", c.id)
            seen.add(c.id)
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def needs_evidence(self, criterion: Criterion, status: CriterionStatus) -> bool:
        required = criterion.evidence_required if criterion.evidence_required is not None else self.evidence_required
        return status in required


class RedFlag(RulesModel):
    id: str = Field(pattern=_ID)
    label: Text


class ReasonInfo(RulesModel):
    label: Text
    next_move: Text


class QualificationRules(RulesModel):
    statuses: dict[CriterionStatus, Text]
    red_flags: tuple[RedFlag, ...]
    reasons: dict[DisqualifyReason, ReasonInfo]

    @model_validator(mode="after")
    def _complete(self) -> QualificationRules:
        for status in CriterionStatus:
            if status not in self.statuses:
                raise rule_error(("statuses",), f"answer {status.value!r} has no label")
        for reason in DisqualifyReason:
            if reason not in self.reasons:
                raise rule_error(("reasons",), f"reason {reason.value!r} has no label")
        seen: set[str] = set()
        for i, f in enumerate(self.red_flags):
            if f.id in seen:
                raise rule_error(("red_flags", i, "id"), f"red flag id {f.id!r} is used twice", f.id)
            seen.add(f.id)
        return self

    def red_flag(self, flag_id: str) -> RedFlag:
        for f in self.red_flags:
            if f.id == flag_id:
                return f
        raise KeyError(flag_id)


# --- loading ------------------------------------------------------------------------------


def load_framework(path: Path, override: Path | None = None) -> Framework:
    framework = load_rules(Framework, path, override)
    if framework.id != path.stem:
        # The file name is the id teams select and qualifications store.
        text = path.read_text(encoding="utf-8")
        raise RulesError(path, find_line(text, ("id",)), "id", f"must be {path.stem!r}, the file's name")
    return framework


def load_frameworks(folder: Path = FRAMEWORKS_DIR, overrides: Path | None = None) -> dict[str, Framework]:
    """Every framework in `folder`, the default first; `overrides` holds a team's files of the same names."""
    out: dict[str, Framework] = {}
    for path in sorted(folder.glob("*.toml"), key=lambda p: (p.stem != DEFAULT_FRAMEWORK, p.stem)):
        extra = overrides / path.name if overrides is not None else None
        out[path.stem] = load_framework(path, extra if extra is not None and extra.is_file() else None)
    if not out:
        raise RulesError(folder, None, "", "no framework files (*.toml) found")
    return out


def load_qualification_rules(path: Path = QUALIFICATION_FILE, override: Path | None = None) -> QualificationRules:
    return load_rules(QualificationRules, path, override)


@cache
def default_frameworks() -> dict[str, Framework]:
    return load_frameworks()


@cache
def default_qualification_rules() -> QualificationRules:
    return load_qualification_rules()


def framework(framework_id: str = DEFAULT_FRAMEWORK) -> Framework:
    try:
        return default_frameworks()[framework_id]
    except KeyError:
        raise KeyError(f"no qualification framework {framework_id!r}") from None


def _qrules(rules: QualificationRules | None) -> QualificationRules:
    return rules if rules is not None else default_qualification_rules()


# --- the form -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormCriterion:
    id: str
    label: str
    description: str
    questions: tuple[str, ...]
    statuses: tuple[tuple[CriterionStatus, str], ...]  # (answer, its label) in display order
    evidence_required_for: frozenset[CriterionStatus]
    passes: frozenset[CriterionStatus]


@dataclass(frozen=True, slots=True)
class FormRedFlag:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class FormSpec:
    """Everything the GUI needs to lay out a qualification form, in one language."""

    framework: str
    title: str
    description: str
    criteria: tuple[FormCriterion, ...]
    red_flags: tuple[FormRedFlag, ...]


def form_description(fw: Framework, rules: QualificationRules | None = None, lang: str = "en") -> FormSpec:
    r = _qrules(rules)
    statuses = tuple((s, r.statuses[s].get(lang)) for s in CriterionStatus)
    return FormSpec(
        framework=fw.id,
        title=fw.name.get(lang),
        description=fw.description.get(lang),
        criteria=tuple(
            FormCriterion(
                id=c.id,
                label=c.label.get(lang),
                description=c.description.get(lang),
                questions=tuple(q.get(lang) for q in c.questions),
                statuses=statuses,
                evidence_required_for=frozenset(s for s in CriterionStatus if fw.needs_evidence(c, s)),
                passes=frozenset(c.passes),
            )
            for c in fw.criteria
        ),
        red_flags=tuple(FormRedFlag(f.id, f.label.get(lang)) for f in r.red_flags),
    )


# --- checking a submission ----------------------------------------------------------------


class ProblemKind(StrEnum):
    EVIDENCE_MISSING = "evidence_missing"
    UNKNOWN_CRITERION = "unknown_criterion"
    UNKNOWN_RED_FLAG = "unknown_red_flag"


@dataclass(frozen=True, slots=True)
class FormProblem:
    """One thing wrong with a submitted form, tied to the field the GUI marks."""

    kind: ProblemKind
    field: str  # criterion id or red flag id
    text: Text

    def message(self, lang: str = "en") -> str:
        return self.text.get(lang)


class SubmissionError(ValueError):
    """A form that cannot be saved; nothing of it is stored."""

    def __init__(self, problems: Iterable[FormProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message() for p in self.problems))


def validate_submission(
    fw: Framework,
    answers: Mapping[str, CriterionAnswer],
    red_flags: Iterable[str] = (),
    rules: QualificationRules | None = None,
) -> tuple[FormProblem, ...]:
    """Per-field problems, in form order; empty when the form may be saved."""
    r = _qrules(rules)
    problems: list[FormProblem] = []
    known = {c.id for c in fw.criteria}
    for criterion_id in answers:
        if criterion_id not in known:
            problems.append(FormProblem(
                ProblemKind.UNKNOWN_CRITERION, criterion_id,
                Text(en=f"{criterion_id}: not a criterion of {fw.name.en}",
                     zh_CN=f"{criterion_id}:不是 {fw.name.zh_CN} 的判断项"),
            ))
    for c in fw.criteria:
        answer = answers.get(c.id, CriterionAnswer())
        if fw.needs_evidence(c, answer.status) and not answer.evidence.strip():
            status = r.statuses[answer.status]
            problems.append(FormProblem(
                ProblemKind.EVIDENCE_MISSING, c.id,
                Text(en=f'{c.label.en}: an evidence note is needed for the answer "{status.en}".',
                     zh_CN=f"{c.label.zh_CN}:回答为“{status.zh_CN}”时必须填写依据。"),
            ))
    flag_ids = {f.id for f in r.red_flags}
    for flag in red_flags:
        if flag not in flag_ids:
            problems.append(FormProblem(
                ProblemKind.UNKNOWN_RED_FLAG, flag,
                Text(en=f"{flag}: not a known red flag", zh_CN=f"{flag}:不是已定义的红旗情况"),
            ))
    return tuple(problems)


# --- the verdict --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Assessment:
    verdict: Verdict
    reason: DisqualifyReason | None = None
    missing: tuple[str, ...] = ()  # criterion ids whose answer does not pass yet
    failed: tuple[str, ...] = ()  # criterion ids answered "no"
    red_flags: tuple[str, ...] = ()


def evaluate(
    fw: Framework,
    answers: Mapping[str, CriterionAnswer],
    red_flags: Iterable[str] = (),
    rules: QualificationRules | None = None,
) -> Assessment:
    """Qualified -> MQL; not qualified -> a reason; incomplete -> which criteria still lack an answer.

    A "no" decides first (the first failing criterion in framework order gives the reason),
    then a red flag, then anything not yet passing.
    """
    r = _qrules(rules)
    flag_ids = {f.id for f in r.red_flags}
    flags = tuple(dict.fromkeys(red_flags))
    unknown = [f for f in flags if f not in flag_ids] + [a for a in answers if a not in {c.id for c in fw.criteria}]
    if unknown:
        raise ValueError(f"unknown criteria or red flags: {', '.join(unknown)}")
    failed: list[Criterion] = []
    missing: list[str] = []
    for c in fw.criteria:
        status = answers.get(c.id, CriterionAnswer()).status
        if status in c.passes:
            continue
        if status is CriterionStatus.NO:
            failed.append(c)
        else:
            missing.append(c.id)
    failed_ids = tuple(c.id for c in failed)
    if failed:
        return Assessment(Verdict.NOT_QUALIFIED, failed[0].no_reason, tuple(missing), failed_ids, flags)
    if flags:
        return Assessment(Verdict.NOT_QUALIFIED, DisqualifyReason.RED_FLAG, tuple(missing), (), flags)
    if missing:
        return Assessment(Verdict.INCOMPLETE, None, tuple(missing), (), ())
    return Assessment(Verdict.QUALIFIED)


def describe_missing(fw: Framework, missing: Iterable[str], lang: str = "en") -> tuple[str, ...]:
    """What an incomplete verdict still needs, as the rep reads it: label and first probing question."""
    sep = ":" if lang == "zh_CN" else ": "
    out = []
    for criterion_id in missing:
        c = fw.criterion(criterion_id)
        out.append(f"{c.label.get(lang)}{sep}{c.questions[0].get(lang)}")
    return tuple(out)


# --- versions -----------------------------------------------------------------------------


def next_version(previous: Iterable[int]) -> int:
    """Versions are append-only and start at 1; a gap left by a lost version is never reused."""
    versions = list(previous)
    if any(v < 1 for v in versions):
        raise ValueError("qualification versions start at 1")
    return max(versions, default=0) + 1


def build_qualification(
    *,
    id: str,
    lead_id: str,
    fw: Framework,
    answers: Mapping[str, CriterionAnswer],
    red_flags: Iterable[str] = (),
    previous_versions: Iterable[int] = (),
    author_id: str | None = None,
    created_at: datetime | None = None,
    rules: QualificationRules | None = None,
) -> Qualification:
    """The next saved version of a form, or SubmissionError listing every problem."""
    flags = tuple(dict.fromkeys(red_flags))
    problems = validate_submission(fw, answers, flags, rules)
    if problems:
        raise SubmissionError(problems)
    # Store every criterion, so a later reader sees "unknown" rather than a gap.
    full = {c.id: _clean(answers.get(c.id, CriterionAnswer())) for c in fw.criteria}
    result = evaluate(fw, full, flags, rules)
    return Qualification(
        id=id,
        lead_id=lead_id,
        framework=fw.id,
        version=next_version(previous_versions),
        answers=full,
        red_flags=flags,
        verdict=result.verdict,
        reason=result.reason,
        missing=result.missing,
        author_id=author_id,
        created_at=created_at,
    )


def _clean(answer: CriterionAnswer) -> CriterionAnswer:
    return CriterionAnswer(answer.status, answer.evidence.strip())
