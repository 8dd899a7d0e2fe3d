"""Checking a lead typed or imported by a person: every problem named by field, nothing guessed.

Used by CSV import; each row either becomes a clean Lead or a list of field errors.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from sdr_desk.core.entities import Direction, LeadSource, Seniority
from sdr_desk.core.phones import to_e164

# Columns a CSV may carry; anything else is reported, not silently dropped.
COLUMNS = (
    "full_name",
    "title",
    "seniority",
    "company",
    "company_domain",
    "industry",
    "employees",
    "country",
    "time_zone",
    "emails",
    "phones",
    "direction",
    "source",
    "tags",
    "do_not_call",
)
REQUIRED = ("full_name",)
LIST_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


@dataclass(slots=True)
class LeadInput:
    full_name: str
    title: str | None = None
    seniority: Seniority = Seniority.UNKNOWN
    company: str | None = None
    company_domain: str | None = None
    industry: str | None = None
    employees: int | None = None
    country: str | None = None
    time_zone: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    direction: Direction = Direction.INBOUND
    source: LeadSource = LeadSource.WEB_FORM
    tags: list[str] = field(default_factory=list)
    do_not_call: bool = False


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]


def _enum_value(enum_cls: type, text: str, name: str, errors: list[FieldError]):  # noqa: ANN202
    try:
        return enum_cls(text.strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        errors.append(FieldError(name, f"{text!r} is not one of: {allowed}"))
        return None


def parse_lead(values: Mapping[str, str | None]) -> tuple[LeadInput | None, list[FieldError]]:
    """Turn one row of text into a LeadInput, or say what is wrong with each field."""
    errors: list[FieldError] = []
    raw = {k.strip().lower(): (v or "").strip() for k, v in values.items() if k is not None}
    for name in sorted(set(raw) - set(COLUMNS)):
        errors.append(FieldError(name, "unknown column"))
    for name in REQUIRED:
        if not raw.get(name):
            errors.append(FieldError(name, "is required"))
    country = raw.get("country", "").upper() or None
    if country and country not in phonenumbers.SUPPORTED_REGIONS:
        errors.append(FieldError("country", f"{country!r} is not an ISO 3166 two-letter country code"))
        country = None
    result = LeadInput(full_name=raw.get("full_name", ""), country=country)
    result.title = raw.get("title") or None
    result.company = raw.get("company") or None
    result.company_domain = raw.get("company_domain") or None
    result.industry = raw.get("industry") or None
    if raw.get("seniority"):
        result.seniority = _enum_value(Seniority, raw["seniority"], "seniority", errors) or Seniority.UNKNOWN
    if raw.get("employees"):
        try:
            result.employees = int(raw["employees"].replace(",", ""))
            if result.employees < 1:
                raise ValueError
        except ValueError:
            errors.append(FieldError("employees", f"{raw['employees']!r} is not a positive whole number"))
    if raw.get("time_zone"):
        if raw["time_zone"] in _zones():
            result.time_zone = raw["time_zone"]
        else:
            errors.append(FieldError("time_zone", f"{raw['time_zone']!r} is not an IANA time zone such as Asia/Shanghai"))
    for email in _split(raw.get("emails", "")):
        try:
            result.emails.append(validate_email(email, check_deliverability=False).normalized.lower())
        except EmailNotValidError as exc:
            errors.append(FieldError("emails", f"{email!r}: {exc}"))
    for phone in _split(raw.get("phones", "")):
        e164 = to_e164(phone, country)
        if e164 is None:
            where = f" for {country}" if country else " (add a +country code or a country column)"
            errors.append(FieldError("phones", f"{phone!r} is not a valid phone number{where}"))
        else:
            result.phones.append(e164)
    if raw.get("direction"):
        result.direction = _enum_value(Direction, raw["direction"], "direction", errors) or Direction.INBOUND
    if raw.get("source"):
        result.source = _enum_value(LeadSource, raw["source"], "source", errors) or LeadSource.WEB_FORM
    result.tags = _split(raw.get("tags", ""))
    dnc = raw.get("do_not_call", "").lower()
    if dnc in ("1", "true", "yes", "y"):
        result.do_not_call = True
    elif dnc not in ("", "0", "false", "no", "n"):
        errors.append(FieldError("do_not_call", f"{raw['do_not_call']!r} is not yes or no"))
    return (None, errors) if errors else (result, [])
