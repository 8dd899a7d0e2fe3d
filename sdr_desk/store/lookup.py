"""Naming a lead from a script: by its id, or by a name, company, e-mail or phone number."""

from __future__ import annotations

from sqlalchemy import func, select

from sdr_desk.core.entities import Lead
from sdr_desk.store.engine import Cache
from sdr_desk.store.queue import search_clause
from sdr_desk.store.repositories import lead_from_row
from sdr_desk.store.tables import LeadRow


def find_leads(cache: Cache, text: str, limit: int = 10) -> list[Lead]:
    """The lead with this id; else the leads whose name is exactly `text` (any case); else
    those whose name, company, e-mail or phone holds it. At most `limit`, best first."""
    text = text.strip()
    if not text:
        return []
    with cache.session() as session:
        row = session.get(LeadRow, text)
        if row is not None:
            return [lead_from_row(row)]
        exact = list(session.scalars(select(LeadRow).where(func.lower(LeadRow.full_name) == text.lower()).limit(limit)))
        if exact:
            return [lead_from_row(r) for r in exact]
        clause = search_clause(text)
        if clause is None:
            return []
        return [lead_from_row(r) for r in session.scalars(select(LeadRow).where(clause).order_by(LeadRow.full_name).limit(limit))]
