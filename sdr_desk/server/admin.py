"""Teams, users and intake keys: used by the `sdr-desk server` commands and the admin API."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from sdr_desk.core.entities import LeadSource, UserRole
from sdr_desk.core.ids import new_id
from sdr_desk.server import audit
from sdr_desk.server import tables as t
from sdr_desk.server.auth import hash_password, revoke_user_sessions
from sdr_desk.server.context import ServerContext

API_KEY_PREFIX = "sdk_"


class AdminError(ValueError):
    """A request that cannot be done as asked; the message says why in one line."""


def team_id_by_name(conn: Connection, name: str) -> str:
    row = conn.execute(select(t.teams.c.id).where(t.teams.c.name == name)).first()
    if row is None:
        raise AdminError(f"no team named {name!r}")
    return row.id


def create_team(conn: Connection, name: str, sla_seconds: int, now: datetime, actor: str = "cli") -> str:
    if conn.execute(select(t.teams.c.id).where(t.teams.c.name == name)).first():
        raise AdminError(f"a team named {name!r} already exists")
    team_id = new_id()
    conn.execute(insert(t.teams).values(id=team_id, name=name, sla_seconds=sla_seconds, rr_count=0,
                                        created_at=now))
    audit.record(conn, now, "team_created", actor_kind=actor, team_id=team_id, name=name)
    return team_id


def create_user(conn: Connection, ctx: ServerContext, username: str, password: str, role: UserRole,
                team: str | None, *, weight: int = 1, capacity: int | None = None, actor: str = "cli") -> str:
    now = ctx.now()
    team_id = team_id_by_name(conn, team) if team else None
    if role != UserRole.ADMIN and team_id is None:
        raise AdminError("reps and team leads need a team (--team)")
    if len(password) < 8:
        raise AdminError("the password needs at least 8 characters")
    user_id = new_id()
    try:
        with conn.begin_nested():
            conn.execute(insert(t.users).values(
                id=user_id, username=username, password_hash=hash_password(ctx.hasher, password),
                role=role.value, team_id=team_id, active=True, away=False, weight=weight,
                capacity=capacity, created_at=now))
    except IntegrityError:
        raise AdminError(f"a user named {username!r} already exists") from None
    audit.record(conn, now, "user_created", actor_kind=actor, target_user_id=user_id, role=role.value,
                 team_id=team_id)
    return user_id


def user_by_name(conn: Connection, username: str) -> dict:
    row = conn.execute(select(t.users).where(t.users.c.username == username)).mappings().first()
    if row is None:
        raise AdminError(f"no user named {username!r}")
    return dict(row)


def update_user(conn: Connection, user_id: str, now: datetime, *, actor_kind: str, actor_id: str | None,
                **changes: object) -> dict:
    """Sets the given attributes; disabling a user or changing their role ends their sessions."""
    changes = {k: v for k, v in changes.items() if v is not None}
    before = conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().first()
    if before is None:
        raise AdminError("no such user")
    if "role" in changes:
        changes["role"] = UserRole(changes["role"]).value
    if changes:
        conn.execute(update(t.users).where(t.users.c.id == user_id).values(**changes))
        audit.record(conn, now, "user_changed", actor_kind=actor_kind, actor_id=actor_id,
                     target_user_id=user_id, changes={k: v for k, v in changes.items()},
                     before={k: before[k] for k in changes})
    if changes.get("active") is False or ("role" in changes and changes["role"] != before["role"]):
        revoke_user_sessions(conn, user_id, "disabled" if changes.get("active") is False else "role_changed", now)
    return dict(conn.execute(select(t.users).where(t.users.c.id == user_id)).mappings().one())


def create_api_key(conn: Connection, source: LeadSource, team: str, now: datetime) -> tuple[str, str]:
    """Returns (key id, secret); only the secret's digest is kept, so it is shown once."""
    team_id = team_id_by_name(conn, team)
    secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key_id = new_id()
    conn.execute(insert(t.api_keys).values(id=key_id, key_hash=hashlib.sha256(secret.encode()).hexdigest(),
                                           source=source.value, team_id=team_id, created_at=now))
    audit.record(conn, now, "api_key_created", actor_kind="cli", source=source.value, team_id=team_id,
                 key_id=key_id)
    return key_id, secret


def set_team_sla_rules(conn: Connection, team_id: str, rules: dict | None, now: datetime, *,
                       actor_kind: str, actor_id: str | None) -> dict:
    """Stores a team's own SLA rules (already validated, as JSON), or None for the bundled ones."""
    before = conn.execute(select(t.teams).where(t.teams.c.id == team_id)).mappings().first()
    if before is None:
        raise AdminError("no such team")
    conn.execute(update(t.teams).where(t.teams.c.id == team_id).values(sla_rules=rules))
    audit.record(conn, now, "sla_rules_changed", actor_kind=actor_kind, actor_id=actor_id, team_id=team_id,
                 rules=rules, before=before["sla_rules"])
    return {**before, "sla_rules": rules}

