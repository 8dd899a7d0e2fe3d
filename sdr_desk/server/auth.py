"""Passwords, sessions and tokens.

Access tokens are short-lived opaque strings; refresh tokens rotate on every use and are
stored only as SHA-256 digests. A session is one refresh-token family: presenting a rotated
refresh token again means it was copied, so the whole family is revoked. Every request
checks the session and the user in the database, so disabling a user ends access at once
and any number of server processes agree. Failed logins are counted in the database.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, and_, delete, func, insert, select, text, update

from sdr_desk.core.entities import UserRole
from sdr_desk.core.ids import new_id
from sdr_desk.server import audit
from sdr_desk.server import tables as t
from sdr_desk.server.context import ServerContext
from sdr_desk.server.db import is_postgres
from sdr_desk.server.errors import ApiError, unauthenticated
from sdr_desk.sync.protocol import ErrorCode, TokenPair, UserInfo


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: UserRole
    team_id: str | None
    session_id: str | None = None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(password)


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _issue(conn: Connection, ctx: ServerContext, session_id: str, user: dict) -> TokenPair:
    now = ctx.now()
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.execute(insert(t.access_tokens).values(
        token_hash=digest(access), session_id=session_id, user_id=user["id"],
        expires_at=now + timedelta(seconds=ctx.settings.access_ttl_s)))
    conn.execute(insert(t.refresh_tokens).values(
        token_hash=digest(refresh), session_id=session_id, issued_at=now,
        expires_at=now + timedelta(seconds=ctx.settings.refresh_ttl_s)))
    return TokenPair(
        access_token=access, refresh_token=refresh, expires_in=ctx.settings.access_ttl_s,
        refresh_expires_in=ctx.settings.refresh_ttl_s,
        user=UserInfo(id=user["id"], username=user["username"], role=UserRole(user["role"]),
                      team_id=user["team_id"], away=bool(user["away"])),
    )


def _failures_since(conn: Connection, where: Any, since: datetime) -> tuple[int, datetime | None, datetime | None]:
    """Failed logins matching `where` since `since`, counted from the last success among them
    (a rep who finally gets it right starts afresh): how many, the oldest and the latest."""
    la = t.login_attempts
    last_ok = conn.execute(select(func.max(la.c.at)).where(where, la.c.success.is_(True), la.c.at >= since)).scalar()
    start = max(since, last_ok) if last_ok else since
    count, oldest, latest = conn.execute(
        select(func.count(), func.min(la.c.at), func.max(la.c.at))
        .where(where, la.c.success.is_(False), la.c.at >= start)
    ).one()
    return int(count), oldest, latest


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def throttle_wait(conn: Connection, ctx: ServerContext, username: str, address: str, now: datetime) -> int | None:
    """Seconds this address must wait before trying this account again, or None to go ahead."""
    settings, la = ctx.settings, t.login_attempts
    window = timedelta(seconds=settings.throttle_window_s)
    # One address guessing across accounts.
    count, oldest, _ = _failures_since(conn, la.c.address == address, now - window)
    if count >= settings.max_failures_per_address and oldest is not None:
        return _seconds_until(oldest + window, now)
    # This account from this address: delays that double with each failure past the free ones.
    count, _, latest = _failures_since(conn, and_(la.c.username == username, la.c.address == address),
                                       now - timedelta(seconds=settings.throttle_memory_s))
    if count >= settings.free_failures_per_pair and latest is not None:
        delay = min(settings.throttle_max_delay_s, 2 ** min(count - settings.free_failures_per_pair, 30))
        if latest + timedelta(seconds=delay) > now:
            return _seconds_until(latest + timedelta(seconds=delay), now)
    # This account from everywhere: refused only to addresses it has not signed in from lately.
    count, oldest, _ = _failures_since(conn, la.c.username == username, now - window)
    if count >= settings.max_failures_per_account and oldest is not None:
        familiar = conn.execute(select(la.c.id).where(
            la.c.username == username, la.c.address == address, la.c.success.is_(True),
            la.c.at >= now - timedelta(seconds=settings.throttle_memory_s)).limit(1)).first()
        if familiar is None:
            return _seconds_until(oldest + window, now)
    return None


def login(conn: Connection, ctx: ServerContext, username: str, password: str,
          address: str, client_id: str | None = None) -> TokenPair | ApiError:
    """Returns the tokens, or the error to raise once this transaction (which records the
    attempt) has committed."""
    now = ctx.now()
    if is_postgres(conn):  # one login at a time per account, so parallel guesses are counted
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": "login:" + username})
    address = address[:64]
    wait = throttle_wait(conn, ctx, username[:100], address, now)
    if wait is not None:
        audit.record(conn, now, "login_throttled", actor_kind="address", actor_id=address,
                     username=username[:100], retry_after=wait)
        return ApiError(429, ErrorCode.THROTTLED, "too many failed logins; try again later", retry_after=wait)
    user = conn.execute(select(t.users).where(t.users.c.username == username)).mappings().first()
    # Unknown names are verified against a real hash too, so timing does not reveal them.
    stored = user["password_hash"] if user else ctx.dummy_hash()
    ok = _verify(ctx.hasher, stored, password) and user is not None and bool(user["active"])
    conn.execute(insert(t.login_attempts).values(username=username[:100], address=address, at=now, success=ok))
    if not ok:
        audit.record(conn, now, "login_failed", actor_kind="address", actor_id=address,
                     target_user_id=user["id"] if user else None)
        return unauthenticated("wrong username or password, or the account is disabled",
                               ErrorCode.INVALID_CREDENTIALS)
    session_id = new_id()
    conn.execute(insert(t.sessions).values(id=session_id, user_id=user["id"], created_at=now,
                                           address=address, client_id=client_id))
    audit.record(conn, now, "login", actor_id=user["id"], target_user_id=user["id"], address=address,
                 client_id=client_id)
    if ctx.hasher.check_needs_rehash(user["password_hash"]):
        conn.execute(update(t.users).where(t.users.c.id == user["id"])
                     .values(password_hash=ctx.hasher.hash(password)))
    return _issue(conn, ctx, session_id, dict(user))


def refresh(conn: Connection, ctx: ServerContext, token: str, client_id: str | None = None) -> TokenPair | ApiError:
    now = ctx.now()
    rt = t.refresh_tokens
    row = conn.execute(select(rt).where(rt.c.token_hash == digest(token))).mappings().first()
    if row is None:
        return unauthenticated("unknown refresh token")
    session = conn.execute(select(t.sessions).where(t.sessions.c.id == row["session_id"])
                           .with_for_update()).mappings().one()
    if session["revoked_at"] is not None:
        return unauthenticated("the session has ended; log in again")
    bound = session["client_id"]
    if bound is not None and client_id is not None and client_id != bound:
        return _reused(conn, session, now, "presented by another workstation", client_id)
    # Rotate atomically: of two requests with the same token, only one can mark it used.
    used = conn.execute(update(rt).where(rt.c.token_hash == row["token_hash"], rt.c.used_at.is_(None))
                        .values(used_at=now)).rowcount
    if used != 1:
        why = _why_not_a_retry(conn, ctx, row, bound, client_id, now)
        if why is not None:
            return _reused(conn, session, now, why, client_id)
        audit.record(conn, now, "refresh_retried", actor_kind="system", target_user_id=session["user_id"],
                     session_id=session["id"], client_id=client_id)
    if row["expires_at"] <= now:
        return unauthenticated("the refresh token has expired; log in again")
    user = conn.execute(select(t.users).where(t.users.c.id == session["user_id"])).mappings().one()
    if not user["active"]:
        return unauthenticated("the account is disabled")
    return _issue(conn, ctx, session["id"], dict(user))


def _reused(conn: Connection, session: Any, now: datetime, why: str, client_id: str | None) -> ApiError:
    """A refresh token presented where it should not be: the whole session ends, audited."""
    revoke_session(conn, session["id"], "refresh_reused", now)
    conn.execute(update(t.access_tokens).where(t.access_tokens.c.session_id == session["id"],
                                               t.access_tokens.c.expires_at > now).values(expires_at=now))
    audit.record(conn, now, "refresh_reused", actor_kind="system", target_user_id=session["user_id"],
                 session_id=session["id"], why=why, client_id=client_id, session_client_id=session["client_id"])
    return unauthenticated("this refresh token was already used; the session has been ended",
                           ErrorCode.REFRESH_REUSED)


def _why_not_a_retry(conn: Connection, ctx: ServerContext, row: Any, bound: str | None,
                     client_id: str | None, now: datetime) -> str | None:
    """None when a rotated token presented again is its own workstation retrying a refresh
    whose answer was lost: within the grace period, every pair issued since unused. Those
    pairs are then withdrawn (deleted: presented later, they are unknown tokens) and the
    caller issues anew. Otherwise, why it is reuse."""
    rotated_at = row["used_at"]
    if rotated_at is None or now - rotated_at > timedelta(seconds=ctx.settings.refresh_retry_grace_s):
        return "presented after the retry grace period"
    if bound is None or client_id != bound:
        return "retried without the client id the session logged in with"
    rt = t.refresh_tokens
    later = and_(rt.c.session_id == row["session_id"], rt.c.issued_at >= rotated_at,
                 rt.c.token_hash != row["token_hash"])
    spent = conn.execute(select(func.count()).select_from(rt).where(later, rt.c.used_at.is_not(None))).scalar_one()
    if spent:
        return "the pair it was swapped for is in use"
    conn.execute(delete(rt).where(later))
    # The grace runs from the latest retry honoured, so a retry whose answer is lost too can
    # itself be retried, each within the grace of the one before.
    conn.execute(update(rt).where(rt.c.token_hash == row["token_hash"]).values(used_at=now))
    conn.execute(update(t.access_tokens).where(t.access_tokens.c.session_id == row["session_id"],
                                               t.access_tokens.c.expires_at > now)
                 .values(expires_at=now))
    return None


def revoke_session(conn: Connection, session_id: str, reason: str, now: datetime) -> None:
    conn.execute(update(t.sessions).where(t.sessions.c.id == session_id, t.sessions.c.revoked_at.is_(None))
                 .values(revoked_at=now, revoked_reason=reason))


def revoke_user_sessions(conn: Connection, user_id: str, reason: str, now: datetime) -> int:
    return conn.execute(update(t.sessions).where(t.sessions.c.user_id == user_id,
                                                 t.sessions.c.revoked_at.is_(None))
                        .values(revoked_at=now, revoked_reason=reason)).rowcount


def authenticate(conn: Connection, token: str, now: datetime) -> Principal:
    at, s, u = t.access_tokens, t.sessions, t.users
    row = conn.execute(
        select(u.c.id, u.c.username, u.c.role, u.c.team_id, u.c.active, s.c.id.label("session_id"),
               s.c.revoked_at, at.c.expires_at)
        .select_from(at.join(s, s.c.id == at.c.session_id).join(u, u.c.id == at.c.user_id))
        .where(at.c.token_hash == digest(token))
    ).mappings().first()
    if row is None:
        raise unauthenticated("unknown access token")
    if row["expires_at"] <= now:
        raise unauthenticated("the access token has expired; refresh it")
    if row["revoked_at"] is not None or not row["active"]:
        raise unauthenticated("the session has ended")
    return Principal(row["id"], row["username"], UserRole(row["role"]), row["team_id"], row["session_id"])


def purge_expired(conn: Connection, now: datetime, keep_attempts_s: int) -> None:
    """Housekeeping for the sweeper: expired access tokens and old login attempts."""
    conn.execute(t.access_tokens.delete().where(t.access_tokens.c.expires_at < now))
    conn.execute(t.login_attempts.delete().where(
        and_(t.login_attempts.c.at < now - timedelta(seconds=keep_attempts_s))))
