"""Who may set what: the sync contract's field ownership, shared by workstation and server.

A workstation never sends a server-owned field; it asks with a command instead
(DESIGN.md "Conflicts"), and the server refuses such a field if one arrives.
"""

from __future__ import annotations

from sdr_desk.core.entities import EntityKind, Stage

SERVER_OWNED_FIELDS: dict[EntityKind, frozenset[str]] = {
    EntityKind.LEAD: frozenset({"owner_id", "team_id", "sla_due_at", "first_touch_at", "created_at", "updated_at"}),
    EntityKind.ACCOUNT: frozenset({"updated_at"}),
    EntityKind.ACTIVITY: frozenset({"author_id"}),
    EntityKind.QUALIFICATION: frozenset({"author_id"}),
    EntityKind.RESEARCH_NOTE: frozenset({"author_id", "updated_at"}),
    EntityKind.BUYER_ROLE: frozenset({"updated_at"}),
    EntityKind.ENGAGEMENT: frozenset(),
    EntityKind.NURTURE_ENROLMENT: frozenset(),
}
# Stages past the hand-off to sales: reached only by the `hand_off` command.
HAND_OFF_STAGES = frozenset({Stage.MQL, Stage.SQL, Stage.OPPORTUNITY})
# Append-only facts: never patched, never in conflict.
APPEND_ONLY = frozenset({EntityKind.ACTIVITY, EntityKind.QUALIFICATION, EntityKind.ENGAGEMENT})


def client_fields(entity: EntityKind, fields: dict[str, object]) -> dict[str, object]:
    """The fields a workstation may send for a record: no id (the op carries it), nothing server-owned."""
    owned = SERVER_OWNED_FIELDS[entity]
    return {k: v for k, v in fields.items() if k != "id" and k not in owned}
