"""The practice book: a demo book is practice data, kept apart from real, synced work.

A profile holding a practice book is marked so in its sync state. Practice data is never
pushed and never ranks beside assigned work: before a profile signs in, its practice data is
either set aside as a profile folder of its own (the default) or discarded.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from sdr_desk.config import CACHE_FILE
from sdr_desk.store.engine import Cache
from sdr_desk.store.outbox import get_state, set_state

PRACTICE_KEY = "practice_book"

# The rep's book and everything hanging off it, children first (foreign keys).
_BOOK_TABLES = (
    "research_search_docs",
    "research_notes",
    "buyer_roles",
    "qualifications",
    "nurture_enrolments",
    "activities",
    "engagement_events",
    "leads",
    "accounts",
    "outbox",
)
# What the practice book leaves behind in the sync state: the mark and its pretend rep.
_PRACTICE_STATE = (PRACTICE_KEY, "user_id")


class PracticeBookError(Exception):
    """The profile holds a practice book where real work is asked for (or the reverse)."""


def is_practice(session: Session) -> bool:
    return get_state(session, PRACTICE_KEY) == "1"


def mark_practice(session: Session) -> None:
    set_state(session, PRACTICE_KEY, "1")


def practice_in(cache: Cache) -> bool:
    with cache.session() as session:
        return is_practice(session)


def keep_copy(cache: Cache, folder: Path) -> Path:
    """Copy the whole cache into `folder` as a profile of its own (SQLite's online backup:
    consistent while other connections write, and never a plain file handle on the cache)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CACHE_FILE
    if target.exists():
        raise PracticeBookError(f"{target} already exists; move it away first")
    with cache.engine.connect() as conn:
        source = conn.connection.driver_connection
        assert isinstance(source, sqlite3.Connection)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    return target


def clear_practice(session: Session) -> int:
    """Delete the practice book inside the caller's transaction; returns how many leads went."""
    leads = session.execute(text("SELECT count(*) FROM leads")).scalar() or 0
    names = {r[0] for r in session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    for table in _BOOK_TABLES:
        if table in names:
            session.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed table names
    if "research_search" in names:  # the contentless full-text index is emptied with its own command
        session.execute(text("INSERT INTO research_search(research_search) VALUES ('delete-all')"))
    session.execute(text("DELETE FROM sync_state WHERE key IN :keys").bindparams(bindparam("keys", expanding=True)),
                    {"keys": list(_PRACTICE_STATE)})
    return int(leads)
