"""Reading and writing the sales records in the local cache.

Every write goes through here so that it lands together with its outbox op in one
transaction: no caller (GUI, CLI, import) can change a record and forget to sync it.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sdr_desk.core.entities import (
    Account,
    Activity,
    EngagementEvent,
    EntityKind,
    Lead,
    OpKind,
    Stage,
    Step,
)
from sdr_desk.core.ownership import HAND_OFF_STAGES, SERVER_OWNED_FIELDS, client_fields
from sdr_desk.store.engine import Cache
from sdr_desk.store.outbox import Outbox, get_state, set_state, wire_value
from sdr_desk.store.tables import AccountRow, ActivityRow, EngagementRow, LeadRow

LOCAL_REP = "local-rep"  # the rep's id before the first login; replaced by the server's id


def wire_fields(record: Any) -> dict[str, Any]:
    return {f.name: wire_value(getattr(record, f.name)) for f in dataclasses.fields(record)}


def op_fields(entity: EntityKind, record: Any) -> dict[str, Any]:
    """A record as an op carries it: wire values, without its id or server-owned fields."""
    return client_fields(entity, wire_fields(record))


_E164 = re.compile(r"\+([1-9]\d{2,19})")


@functools.lru_cache(maxsize=512)
def _national_prefix(country_code: int) -> re.Pattern[str] | None:
    region = phonenumbers.region_code_for_country_code(country_code)
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region)
    if metadata is None:
        return None
    pattern = metadata.national_prefix_for_parsing
    return re.compile(f"(?:{pattern})") if pattern else None


def _plain_national_number(digits: str) -> str | None:
    """The national significant number of "+digits" without a full parse, where the parse
    could only split off the country code: None when it might do more (a national prefix)."""
    for size in (1, 2, 3):
        code = int(digits[:size])
        if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            rest = digits[size:]
            if not 2 <= len(rest) <= 17:
                return None
            prefix = _national_prefix(code)
            if prefix is not None and prefix.match(rest):
                return None
            return rest
    return None


def phone_search_keys(phone: str) -> list[str]:
    """Digits a rep may type for a number: full international and national significant."""
    keys = [phone.lstrip("+")]
    plain = _E164.fullmatch(phone)
    national = _plain_national_number(plain.group(1)) if plain else None
    if national is not None:  # most stored numbers: no parse needed (pulls write thousands)
        keys.append(national)
        return keys
    try:
        parsed = phonenumbers.parse(phone, None)
        keys.append(phonenumbers.national_significant_number(parsed))
    except phonenumbers.NumberParseException:
        pass
    return keys


def lead_search_text(full_name: str, company: str | None, emails: Iterable[str], phones: Iterable[str]) -> str:
    parts = [full_name.lower(), (company or "").lower(), *(e.lower() for e in emails)]
    for phone in phones:
        parts.extend(phone_search_keys(phone))
    return " | ".join(p for p in parts if p)


_LEAD_COLUMNS = {f.name for f in dataclasses.fields(Lead)}
_ACCOUNT_COLUMNS = {f.name for f in dataclasses.fields(Account)}


def lead_from_row(row: LeadRow) -> Lead:
    return Lead(**{name: getattr(row, name) for name in _LEAD_COLUMNS})


def account_from_row(row: AccountRow) -> Account:
    return Account(**{name: getattr(row, name) for name in _ACCOUNT_COLUMNS})


def activity_from_row(row: ActivityRow) -> Activity:
    return Activity(
        id=row.id,
        lead_id=row.lead_id,
        channel=row.channel,
        outcome=row.outcome,
        occurred_at=row.occurred_at,
        step=row.step,
        duration_s=row.duration_s,
        notes=row.notes,
        author_id=row.author_id,
        supersedes_id=row.supersedes_id,
    )


def engagement_from_row(row: EngagementRow) -> EngagementEvent:
    return EngagementEvent(id=row.id, lead_id=row.lead_id, kind=row.kind, occurred_at=row.occurred_at, detail=row.detail)


class RecordNotFound(LookupError):
    """The lead, account or touch asked for is not in this cache (or left the rep's scope)."""


class SalesBook:
    """The rep's book of accounts and leads in the local cache, with every write synced."""

    def __init__(self, cache: Cache, outbox: Outbox | None = None) -> None:
        self.cache = cache
        self.outbox = outbox or Outbox(cache)

    # --- who is working ----------------------------------------------------------------

    def rep_id(self) -> str:
        with self.cache.session() as session:
            return get_state(session, "user_id") or LOCAL_REP

    def set_rep_id(self, user_id: str) -> None:
        with self.cache.transaction() as session:
            set_state(session, "user_id", user_id)

    # --- reads -----------------------------------------------------------------------------

    def lead(self, lead_id: str) -> Lead:
        with self.cache.session() as session:
            row = session.get(LeadRow, lead_id)
            if row is None:
                raise RecordNotFound(f"no lead {lead_id}")
            return lead_from_row(row)

    def account(self, account_id: str) -> Account:
        with self.cache.session() as session:
            row = session.get(AccountRow, account_id)
            if row is None:
                raise RecordNotFound(f"no account {account_id}")
            return account_from_row(row)

    def activities(self, lead_id: str, limit: int | None = None) -> list[Activity]:
        stmt = select(ActivityRow).where(ActivityRow.lead_id == lead_id).order_by(ActivityRow.occurred_at.desc())
        if limit:
            stmt = stmt.limit(limit)
        with self.cache.session() as session:
            return [activity_from_row(r) for r in session.scalars(stmt)]

    def engagement(self, lead_id: str) -> list[EngagementEvent]:
        stmt = select(EngagementRow).where(EngagementRow.lead_id == lead_id).order_by(EngagementRow.occurred_at)
        with self.cache.session() as session:
            return [engagement_from_row(r) for r in session.scalars(stmt)]

    def lead_count(self) -> int:
        from sqlalchemy import func

        with self.cache.session() as session:
            return session.scalar(select(func.count()).select_from(LeadRow)) or 0

    # --- writes: each one commits with its outbox op ----------------------------------------

    def create_account(self, account: Account) -> None:
        with self.cache.transaction() as session:
            self.insert_account(session, account)

    def insert_account(self, session: Session, account: Account) -> None:
        """Add an account inside the caller's transaction (with its op)."""
        op = self.outbox.record(session, EntityKind.ACCOUNT, account.id, OpKind.CREATE, op_fields(EntityKind.ACCOUNT, account))
        account.updated_at = account.updated_at or op.created_at
        session.add(AccountRow(**{n: getattr(account, n) for n in _ACCOUNT_COLUMNS}, field_clock={}))

    def create_lead(self, lead: Lead) -> None:
        with self.cache.transaction() as session:
            self.insert_lead(session, lead)

    def insert_lead(self, session: Session, lead: Lead, company: str | None = None) -> None:
        """Add a lead inside the caller's transaction (with its op)."""
        if company is None and lead.account_id:
            account = session.get(AccountRow, lead.account_id)
            company = account.name if account else None
        lead.created_at = lead.created_at or datetime.now(UTC)
        self.outbox.record(session, EntityKind.LEAD, lead.id, OpKind.CREATE, op_fields(EntityKind.LEAD, lead))
        session.add(
            LeadRow(
                **{n: getattr(lead, n) for n in _LEAD_COLUMNS},
                field_clock={},
                search_text=lead_search_text(lead.full_name, company, lead.emails, lead.phones),
            )
        )

    def patch_lead(self, lead_id: str, changes: dict[str, Any]) -> Lead:
        """Edit a lead's own fields (per-field last-writer-wins when synced)."""
        unknown = set(changes) - _LEAD_COLUMNS
        if unknown:
            raise ValueError(f"not a lead field: {', '.join(sorted(unknown))}")
        owned = set(changes) & SERVER_OWNED_FIELDS[EntityKind.LEAD]
        if owned or changes.get("stage") in HAND_OFF_STAGES:
            raise ValueError(f"set by the server, not edited: {', '.join(sorted(owned) or ['stage'])}")
        with self.cache.transaction() as session:
            row = session.get(LeadRow, lead_id)
            if row is None:
                raise RecordNotFound(f"no lead {lead_id}")
            self.outbox.patch(session, EntityKind.LEAD, row, changes)
            row.score_rules = None  # an input of the score may have changed: score it again
            if {"full_name", "emails", "phones"} & set(changes):
                account = session.get(AccountRow, row.account_id) if row.account_id else None
                row.search_text = lead_search_text(row.full_name, account.name if account else None, row.emails, row.phones)
            return lead_from_row(row)

    def log_activity(self, activity: Activity, *, unanswered: bool = False) -> None:
        """Append a touch and update the lead's queue counters, with the op, in one transaction.

        `unanswered` marks a phone attempt that reached nobody (for retry back-off).
        """
        with self.cache.transaction() as session:
            self._append_activity(session, activity, unanswered=unanswered)

    def _append_activity(self, session: Session, activity: Activity, *, unanswered: bool) -> None:
        lead = session.get(LeadRow, activity.lead_id)
        if lead is None:
            raise RecordNotFound(f"no lead {activity.lead_id}")
        session.add(
            ActivityRow(
                id=activity.id,
                lead_id=activity.lead_id,
                channel=activity.channel,
                outcome=activity.outcome,
                step=activity.step,
                occurred_at=activity.occurred_at,
                duration_s=activity.duration_s,
                notes=activity.notes,
                author_id=activity.author_id,
                supersedes_id=activity.supersedes_id,
            )
        )
        self.outbox.record(session, EntityKind.ACTIVITY, activity.id, OpKind.APPEND, op_fields(EntityKind.ACTIVITY, activity))
        if activity.step is not None:
            lead.attempts = (lead.attempts or 0) + 1
            lead.last_attempt_at = activity.occurred_at
            lead.last_outcome = activity.outcome if unanswered else None
            if lead.first_touch_at is None:
                lead.first_touch_at = activity.occurred_at
            if lead.stage == Stage.NEW:
                lead.stage = Stage.WORKING

    def bulk_touch_counters(self, session: Session, lead_ids: Sequence[str]) -> None:
        """Recount attempts from the activity log (after an import or a pull)."""
        from sqlalchemy import func

        for lead_id in lead_ids:
            count, last = session.execute(
                select(func.count(), func.max(ActivityRow.occurred_at)).where(
                    ActivityRow.lead_id == lead_id, ActivityRow.step.is_not(None)
                )
            ).one()
            session.execute(update(LeadRow).where(LeadRow.id == lead_id).values(attempts=count, last_attempt_at=last))


__all__ = [
    "LOCAL_REP",
    "RecordNotFound",
    "SalesBook",
    "Step",
    "account_from_row",
    "activity_from_row",
    "lead_from_row",
    "lead_search_text",
    "wire_fields",
    "wire_value",
]
