"""Opening the local cache: SQLite in WAL mode with foreign keys, migrated on open.

A cache that is corrupt, unreadable, or written by a newer SDR Desk is refused with a
one-line CacheError and left untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from sdr_desk import paths

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in db/client/versions. A cache already there opens without loading
# Alembic at all (it costs most of a second at start-up); a test keeps the two in step.
SCHEMA_HEAD = "0004"


class CacheError(Exception):
    """The cache cannot be opened; the message names the problem in one line."""


def _alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.CLIENT_MIGRATIONS))
    return cfg


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # FULL: a logged call survives a power cut right after "log" (WAL + NORMAL may not).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _check_readable(path: Path) -> None:
    """Refuse a file that is not an SQLite database before anything writes to it.

    Only SQLite may open the cache file: closing any other descriptor of it drops every POSIX
    lock this process holds on it, and another process's checkpoint may then delete the WAL
    under a live connection. SQLite itself keeps such descriptors open until its last lock goes.
    """
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            # Reading the schema touches the pages every open needs; a full integrity check
            # would read the whole file (most of a second at 100,000 leads) on every start.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "file is encrypted" in str(exc):
            raise CacheError(f"cache {path} is not an SDR Desk cache (corrupt or another file)") from exc
        raise CacheError(f"cache {path} is damaged: {exc}") from exc
    except sqlite3.OperationalError as exc:  # pragma: no cover - a subclass of DatabaseError above
        raise CacheError(f"cannot read cache {path}: {exc}") from exc


class Cache:
    """An open local cache: the engine, a session factory, and the migration state."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_cache(path: Path, *, migrate: bool = True) -> Cache:
    path = Path(path)
    _check_readable(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CacheError(f"cannot create folder {path.parent}: {exc.strerror}") from exc
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    try:
        _migrate(engine, path, apply=migrate)
    except CacheError:
        engine.dispose()
        raise
    except sqlite3.Error as exc:  # pragma: no cover - reached through SQLAlchemy's wrapper below
        engine.dispose()
        raise CacheError(f"cannot open cache {path}: {exc}") from exc
    except Exception as exc:
        engine.dispose()
        orig = getattr(exc, "orig", None)
        if isinstance(orig, sqlite3.Error):
            raise CacheError(f"cannot open cache {path}: {orig}") from exc
        raise
    return Cache(path, engine)


def _migrate(engine: Engine, path: Path, *, apply: bool) -> None:
    with engine.connect() as conn:
        has_version = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).scalar()
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() if has_version else []
    if current == [SCHEMA_HEAD]:
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    newer = [rev for rev in current if rev not in known]
    if newer:
        raise CacheError(
            f"cache {path} was written by a newer SDR Desk (schema {', '.join(newer)}); "
            "update SDR Desk to open it"
        )
    if not apply or set(current) == set(script.get_heads()):
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def schema_head() -> str:
    """The newest migration as Alembic sees it (SCHEMA_HEAD must agree)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""
