"""Leads in and out of the cache as CSV rows.

An import is checked whole before anything is written, then written in one transaction
(with outbox ops, so imported leads sync like any other change).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select

from sdr_desk.core.entities import Account, Grade, Lead
from sdr_desk.core.ids import new_id
from sdr_desk.core.lead_input import COLUMNS, LIST_SEPARATOR, FieldError, LeadInput, parse_lead
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.tables import AccountRow, LeadRow


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based data row, as a spreadsheet shows it after the header
    error: FieldError

    def __str__(self) -> str:
        return f"row {self.row}: {self.error.field}: {self.error.message}"


def read_rows(stream: IO[str]) -> Iterator[dict[str, str | None]]:
    reader = csv.DictReader(stream)
    if not reader.fieldnames:
        return
    yield from reader


def check_rows(rows: Iterable[dict[str, str | None]]) -> tuple[list[LeadInput], list[RowError]]:
    good: list[LeadInput] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=1):
        if None in row:  # more cells than header columns
            errors.append(RowError(number, FieldError("row", "has more cells than the header")))
            continue
        lead, problems = parse_lead(row)
        errors.extend(RowError(number, p) for p in problems)
        if lead is not None:
            good.append(lead)
    return good, errors


def import_leads(
    book: SalesBook,
    inputs: list[LeadInput],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write checked leads in one transaction; companies are matched to accounts by name."""
    rep = book.rep_id()
    with book.cache.transaction() as session:
        accounts = {
            name.casefold(): account_id
            for account_id, name in session.execute(select(AccountRow.id, AccountRow.name))
        }
        for done, item in enumerate(inputs, start=1):
            account_id = None
            if item.company:
                account_id = accounts.get(item.company.casefold())
                if account_id is None:
                    account_id = new_id()
                    book.insert_account(
                        session,
                        Account(
                            id=account_id,
                            name=item.company,
                            domain=item.company_domain,
                            industry=item.industry,
                            employees=item.employees,
                            country=item.country,
                            grade=Grade.A if item.direction.value == "outbound" else Grade.B,
                        ),
                    )
                    accounts[item.company.casefold()] = account_id
            book.insert_lead(
                session,
                Lead(
                    id=new_id(),
                    full_name=item.full_name,
                    account_id=account_id,
                    title=item.title,
                    seniority=item.seniority,
                    emails=item.emails,
                    phones=item.phones,
                    country=item.country,
                    time_zone=item.time_zone,
                    direction=item.direction,
                    source=item.source,
                    owner_id=rep,
                    do_not_call=item.do_not_call,
                    tags=item.tags,
                ),
                company=item.company,
            )
            if progress and done % 500 == 0:
                progress(done, len(inputs))
    if progress:
        progress(len(inputs), len(inputs))
    return len(inputs)


def export_leads(book: SalesBook, stream: IO[str]) -> int:
    writer = csv.DictWriter(stream, fieldnames=[*COLUMNS, "stage", "score"])
    writer.writeheader()
    stmt = (
        select(LeadRow, AccountRow)
        .outerjoin(AccountRow, AccountRow.id == LeadRow.account_id)
        .order_by(LeadRow.created_at, LeadRow.id)
        .execution_options(yield_per=2000)
    )
    count = 0
    with book.cache.session() as session:
        for lead, account in session.execute(stmt):
            writer.writerow(
                {
                    "full_name": lead.full_name,
                    "title": lead.title or "",
                    "seniority": lead.seniority.value,
                    "company": account.name if account else "",
                    "company_domain": (account.domain or "") if account else "",
                    "industry": (account.industry or "") if account else "",
                    "employees": (account.employees or "") if account else "",
                    "country": lead.country or "",
                    "time_zone": lead.time_zone or "",
                    "emails": LIST_SEPARATOR.join(lead.emails or []),
                    "phones": LIST_SEPARATOR.join(lead.phones or []),
                    "direction": lead.direction.value,
                    "source": lead.source.value,
                    "tags": LIST_SEPARATOR.join(lead.tags or []),
                    "do_not_call": "yes" if lead.do_not_call else "no",
                    "stage": lead.stage.value,
                    "score": lead.score_total or 0,
                }
            )
            count += 1
    return count

