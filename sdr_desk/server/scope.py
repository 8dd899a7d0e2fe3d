"""Who may see and touch what (DESIGN.md "Scope"): checked on every pushed op and pulled change.

An SDR sees their own leads and their team's unassigned pool; a team lead sees the whole
team; an admin sees everything. Accounts and their research belong to a team.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, or_

from sdr_desk.core.entities import UserRole
from sdr_desk.server import tables as t
from sdr_desk.server.auth import Principal

NO_TEAM = "-"  # matches no team id, so a user without a team sees no team's records


def sees_lead(p: Principal, lead: Mapping[str, Any]) -> bool:
    if p.role == UserRole.ADMIN:
        return True
    if p.team_id is None or lead["team_id"] != p.team_id:
        return False
    return p.role == UserRole.LEAD or lead["owner_id"] in (None, p.user_id)


def edits_lead(p: Principal, lead: Mapping[str, Any]) -> bool:
    """Editing needs ownership for an SDR: pool leads are claimed first."""
    if not sees_lead(p, lead):
        return False
    return p.role != UserRole.SDR or lead["owner_id"] == p.user_id


def sees_team(p: Principal, team_id: str | None) -> bool:
    if p.role == UserRole.ADMIN:
        return True
    return p.team_id is not None and team_id == p.team_id


def pull_filter(p: Principal, lead: Any = t.leads):  # type: ignore[no-untyped-def]
    """SQL condition over changes (c) outer-joined to leads (`lead`, the table or a lateral
    read of it): what this user may receive."""
    c = t.changes
    if p.role == UserRole.ADMIN:
        return c.c.kind != "revoke"
    team = p.team_id or NO_TEAM
    if p.role == UserRole.LEAD:
        lead_visible = lead.c.team_id == team
        lead_hidden = or_(lead.c.team_id.is_(None), lead.c.team_id != team)
    else:
        lead_visible = and_(lead.c.team_id == team,
                            or_(lead.c.owner_id.is_(None), lead.c.owner_id == p.user_id))
        lead_hidden = or_(lead.c.team_id.is_(None), lead.c.team_id != team,
                          and_(lead.c.owner_id.is_not(None), lead.c.owner_id != p.user_id))
    visible = or_(and_(c.c.lead_id.is_not(None), lead_visible),
                  and_(c.c.lead_id.is_(None), c.c.team_id == team))
    # A revoke reaches its audience only while the record is still out of their scope.
    revoke = and_(c.c.kind == "revoke",
                  or_(c.c.audience_user_id == p.user_id, c.c.audience_team_id == team),
                  lead_hidden)
    return or_(and_(c.c.kind != "revoke", visible), revoke)
