"""Record data in wire form: defaults from the core dataclasses, validation, de-dup keys."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from datetime import datetime
from typing import Any

import phonenumbers
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from sdr_desk.core import entities as e
from sdr_desk.core.entities import EntityKind
from sdr_desk.sync.protocol import FIELDS_MODEL, FieldError

ENTITY_CLASS: dict[EntityKind, type] = {
    EntityKind.ACCOUNT: e.Account,
    EntityKind.LEAD: e.Lead,
    EntityKind.ENGAGEMENT: e.EngagementEvent,
    EntityKind.ACTIVITY: e.Activity,
    EntityKind.QUALIFICATION: e.Qualification,
    EntityKind.RESEARCH_NOTE: e.ResearchNote,
    EntityKind.BUYER_ROLE: e.BuyerRoleEntry,
    EntityKind.NURTURE_ENROLMENT: e.NurtureEnrolment,
}
_DATETIME = TypeAdapter(datetime)


def iso(moment: datetime | None) -> str | None:
    """The one wire spelling of a UTC datetime (the same as pydantic's)."""
    return None if moment is None else _DATETIME.dump_python(moment, mode="json")


def defaults(entity: EntityKind) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(ENTITY_CLASS[entity]):
        if f.name == "id":
            continue
        if f.default is not dataclasses.MISSING:
            out[f.name] = to_jsonable_python(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = to_jsonable_python(f.default_factory())
    return out


def validate(entity: EntityKind, fields: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """The fields as normalised wire JSON (only those given), or the errors per field."""
    model: type[BaseModel] = FIELDS_MODEL[entity]
    try:
        parsed = model.model_validate(fields)
    except ValidationError as exc:
        errors = [
            FieldError(field=".".join(str(p) for p in err["loc"]) or "fields",
                       message=err["msg"])
            for err in exc.errors()[:50]
        ]
        return {}, errors
    return parsed.model_dump(mode="json", exclude_unset=True), []


def fold(text: str | None) -> str | None:
    """Case, accents and punctuation folded away, for matching names and companies."""
    if not text:
        return None
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"[^\w]+", " ", plain).strip()[:200]  # NFKD can lengthen text; keys are capped
    return plain or None


_COMPANY_SUFFIXES = re.compile(r"\b(inc|ltd|llc|gmbh|co|corp|corporation|limited|company|plc|sa|ag)\b")


def company_key(name: str | None) -> str | None:
    folded = fold(name)
    if not folded:
        return None
    return (re.sub(r"\s+", " ", _COMPANY_SUFFIXES.sub("", folded)).strip() or folded)[:200]


def email_key(emails: list[str] | None) -> str | None:
    if not emails:
        return None
    return emails[0].strip().lower()[:320] or None


def phone_key(phones: list[str] | None, country: str | None = None) -> str | None:
    if not phones:
        return None
    raw = phones[0]
    try:
        number = phonenumbers.parse(raw, country)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[:40]
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", raw)
        return ("+" + digits)[:40] if digits else None


def lead_columns(data: dict[str, Any]) -> dict[str, Any]:
    """The lead columns mirrored from its wire data."""
    return {
        "stage": data.get("stage") or e.Stage.NEW.value,
        "direction": data.get("direction") or e.Direction.INBOUND.value,
        "email_key": email_key(data.get("emails")),
        "phone_key": phone_key(data.get("phones"), data.get("country")),
        "name_key": fold(data.get("full_name")),
    }
