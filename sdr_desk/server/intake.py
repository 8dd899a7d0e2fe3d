"""Inbound leads from web forms and marketing automation: validate, de-duplicate, assign.

A lead matching an existing one of the team (same normalised email or phone, or a close
name at a close company) gets the new engagement instead of a twin. A new lead goes to the
next rep in rotation and its SLA clock starts. A repeated idempotency key gets the first
answer again.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from functools import lru_cache
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from rapidfuzz import fuzz
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from sdr_desk.core.entities import Direction, EntityKind, LeadSource, Stage
from sdr_desk.core.ids import new_id
from sdr_desk.server import assignment, audit, sla, wire
from sdr_desk.server import tables as t
from sdr_desk.server.changelog import ChangeLog
from sdr_desk.server.push import SERVER_CLIENT_ID
from sdr_desk.sync.protocol import ErrorDetail, IntakeLeadRequest, IntakeLeadResponse, IntakeStatus

NAME_MATCH = 90  # rapidfuzz scores (0..100) at or above which two names / companies are one
COMPANY_MATCH = 88


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check(req: IntakeLeadRequest) -> tuple[dict[str, Any], list[ErrorDetail]]:
    """Normalised contact data, or one error per bad field."""
    errors: list[ErrorDetail] = []
    out: dict[str, Any] = {"email": None, "phone": None, "country": None}

    def bad(field: str, message: str) -> None:
        errors.append(ErrorDetail(loc=["body", field], message=message, type="value_error"))

    country = None
    if req.country is not None:
        country = req.country.upper()
        if country not in phonenumbers.SUPPORTED_REGIONS:
            bad("country", "not an ISO 3166-1 alpha-2 country code")
            country = None
        out["country"] = country
    if req.email is not None:
        try:
            out["email"] = validate_email(req.email, check_deliverability=False).normalized.lower()
        except EmailNotValidError as exc:
            bad("email", str(exc))
    if req.phone is not None:
        try:
            number = phonenumbers.parse(req.phone, country)
            if not phonenumbers.is_valid_number(number):
                bad("phone", "not a valid phone number")
            else:
                out["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException as exc:
            bad("phone", f"not a phone number: {exc}")
    if req.time_zone is not None and req.time_zone not in _zones():
        bad("time_zone", "not an IANA time zone name")
    if not req.full_name.strip():
        bad("full_name", "a name is required")
    if req.email is None and req.phone is None:
        bad("email", "an email or a phone number is required")
    return out, errors


def _find_match(conn: Connection, team_id: str, contact: dict, req: IntakeLeadRequest) -> tuple[dict | None, str | None]:
    lead = t.leads
    base = select(lead).where(lead.c.team_id == team_id, lead.c.deleted.is_(False))
    if contact["email"]:
        row = conn.execute(base.where(lead.c.email_key == contact["email"]).limit(1).with_for_update()).mappings().first()
        if row:
            return dict(row), "email"
    if contact["phone"]:
        row = conn.execute(base.where(lead.c.phone_key == contact["phone"]).limit(1).with_for_update()).mappings().first()
        if row:
            return dict(row), "phone"
    name, company = wire.fold(req.full_name), wire.company_key(req.company)
    if name and company:
        # Candidates share the company's first letters; rapidfuzz decides among them.
        candidates = conn.execute(
            select(lead.c.id, lead.c.name_key, lead.c.company_key)
            .where(lead.c.team_id == team_id, lead.c.deleted.is_(False),
                   lead.c.company_key.like(company[:3].replace("%", "").replace("_", "") + "%"))
            .limit(2000)
        ).all()
        best, best_score = None, 0.0
        for cand in candidates:
            if not cand.name_key or not cand.company_key:
                continue
            if fuzz.token_sort_ratio(company, cand.company_key) < COMPANY_MATCH:
                continue
            score = fuzz.token_sort_ratio(name, cand.name_key)
            if score >= NAME_MATCH and score > best_score:
                best, best_score = cand.id, score
        if best:
            row = conn.execute(select(lead).where(lead.c.id == best).with_for_update()).mappings().one()
            return dict(row), "name_company"
    return None, None


def _account_for(conn: Connection, log: ChangeLog, team_id: str, company: str | None, now: datetime) -> str | None:
    key = wire.company_key(company)
    if not key:
        return None
    row = conn.execute(select(t.leads.c.data).where(t.leads.c.team_id == team_id, t.leads.c.company_key == key)
                       .limit(1)).first()
    if row is not None and row.data.get("account_id"):
        return row.data["account_id"]
    account_id = new_id()
    data = {**wire.defaults(EntityKind.ACCOUNT), "name": company.strip(), "updated_at": wire.iso(now)}
    conn.execute(insert(t.records).values(id=account_id, entity=EntityKind.ACCOUNT.value, team_id=team_id,
                                          data=data, clocks={}, deleted=False, created_at=now, updated_at=now))
    log.team_record(EntityKind.ACCOUNT, account_id, team_id)
    return account_id


def _engagement(conn: Connection, log: ChangeLog, lead_id: str, team_id: str, req: IntakeLeadRequest,
                now: datetime) -> None:
    engagement = req.engagement
    kind = engagement.kind if engagement else "form_submit"
    occurred = (engagement.occurred_at if engagement and engagement.occurred_at else now)
    record_id = new_id()
    data = {"lead_id": lead_id, "kind": str(kind), "occurred_at": wire.iso(min(occurred, now)),
            "detail": engagement.detail if engagement else None}
    conn.execute(insert(t.records).values(id=record_id, entity=EntityKind.ENGAGEMENT.value, lead_id=lead_id,
                                          team_id=team_id, data=data, clocks={}, deleted=False,
                                          created_at=now, updated_at=now))
    log.lead_child(EntityKind.ENGAGEMENT, record_id, lead_id)


def take(conn: Connection, key: Any, req: IntakeLeadRequest, contact: dict, idem: str | None,
         now: datetime, server_hlc: str) -> tuple[int, IntakeLeadResponse]:
    if idem:
        try:
            with conn.begin_nested():
                conn.execute(insert(t.intake_requests).values(api_key_id=key.id, idempotency_key=idem,
                                                              status_code=0, created_at=now))
        except IntegrityError:
            row = conn.execute(select(t.intake_requests).where(
                t.intake_requests.c.api_key_id == key.id, t.intake_requests.c.idempotency_key == idem)).one()
            answer = IntakeLeadResponse.model_validate(row.response)
            return row.status_code, answer.model_copy(update={"replayed": True})
    log = ChangeLog()
    # The team row is locked before the look-up, so two intakes of one new contact (in any
    # server processes) match-or-create one at a time: the second sees the first's lead.
    team = conn.execute(select(t.teams).where(t.teams.c.id == key.team_id).with_for_update()).mappings().one()
    match, matched_on = _find_match(conn, team["id"], contact, req)
    if match is not None:
        data, clocks = dict(match["data"]), dict(match["clocks"])
        stamp = [server_hlc, SERVER_CLIENT_ID]
        for field, value in (("emails", contact["email"]), ("phones", contact["phone"])):
            if value and value not in (data.get(field) or []):
                data[field] = [*(data.get(field) or []), value]
                clocks[field] = stamp
        data["updated_at"] = wire.iso(now)
        conn.execute(update(t.leads).where(t.leads.c.id == match["id"]).values(
            data=data, clocks=clocks, updated_at=now, **wire.lead_columns(data)))
        log.lead(match["id"])
        _engagement(conn, log, match["id"], team["id"], req, now)
        audit.record(conn, now, "intake_merged", actor_kind="api_key", actor_id=key.id, lead_id=match["id"],
                     matched_on=matched_on)
        status, answer = 200, IntakeLeadResponse(
            lead_id=match["id"], status=IntakeStatus.MERGED, matched_on=matched_on, team_id=team["id"],
            owner_id=match["owner_id"], sla_due_at=match["sla_due_at"])
    else:
        lead_id = new_id()
        owner = assignment.next_rep(conn, team["id"])
        data = {
            **wire.defaults(EntityKind.LEAD),
            "full_name": req.full_name.strip(), "title": req.title,
            "emails": [contact["email"]] if contact["email"] else [],
            "phones": [contact["phone"]] if contact["phone"] else [],
            "country": contact["country"], "time_zone": req.time_zone, "tags": list(req.tags),
            "direction": Direction.INBOUND.value, "source": LeadSource(key.source).value,
            "stage": Stage.NEW.value, "owner_id": owner, "team_id": team["id"],
            "account_id": _account_for(conn, log, team["id"], req.company, now),
            "created_at": wire.iso(now), "updated_at": wire.iso(now), "first_touch_at": None,
        }
        due, rule = sla.due_for(conn, team, data, now)
        data["sla_due_at"] = wire.iso(due)
        conn.execute(insert(t.leads).values(
            id=lead_id, team_id=team["id"], owner_id=owner, deleted=False, sla_due_at=due, data=data,
            clocks={}, created_at=now, updated_at=now, company_key=wire.company_key(req.company),
            **wire.lead_columns(data)))
        conn.execute(insert(t.assignments).values(lead_id=lead_id, user_id=owner, reason="intake", at=now))
        audit.record(conn, now, "assign", actor_kind="api_key", actor_id=key.id, lead_id=lead_id,
                     target_user_id=owner, reason="intake", sla_due_at=wire.iso(due), rule=rule)
        log.lead(lead_id)
        _engagement(conn, log, lead_id, team["id"], req, now)
        status, answer = 201, IntakeLeadResponse(lead_id=lead_id, status=IntakeStatus.CREATED, team_id=team["id"],
                                                 owner_id=owner, sla_due_at=due)
    if idem:
        conn.execute(update(t.intake_requests).where(
            t.intake_requests.c.api_key_id == key.id, t.intake_requests.c.idempotency_key == idem).values(
            status_code=status, response=answer.model_dump(mode="json")))
    log.flush(conn, now)
    return status, answer
