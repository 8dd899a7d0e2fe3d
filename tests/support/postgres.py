"""A throwaway PostgreSQL database for a test run, on 127.0.0.1:5432 (user postgres, trust auth).

    with temporary_database() as url: ...   # created fresh, dropped afterwards

Where PostgreSQL cannot be reached, `require_postgres()` skips with the reason shown in
the test report; with CI=true it fails instead, so CI never passes without PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

HOST = os.environ.get("SDR_DESK_TEST_PG_HOST", "127.0.0.1")
PORT = int(os.environ.get("SDR_DESK_TEST_PG_PORT", "5432"))
USER = os.environ.get("SDR_DESK_TEST_PG_USER", "postgres")


def _admin_conninfo() -> str:
    return f"host={HOST} port={PORT} user={USER} dbname=postgres connect_timeout=5"


def url_for(database: str) -> str:
    return f"postgresql+psycopg://{USER}@{HOST}:{PORT}/{database}"


def unreachable_reason() -> str | None:
    """None when PostgreSQL answers, else why not (one line)."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        return f"psycopg is not installed: {exc}"
    try:
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return None


def require_postgres() -> None:
    reason = unreachable_reason()
    if reason is None:
        return
    message = f"PostgreSQL is not reachable at {HOST}:{PORT} as {USER}: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: PostgreSQL is required)", pytrace=False)
    pytest.skip(message)  # on a developer's machine without PostgreSQL; CI=true fails instead (above)


@contextmanager
def temporary_database(prefix: str = "sdr_test") -> Iterator[str]:
    """Creates a database of its own, yields its SQLAlchemy URL, drops it afterwards."""
    import psycopg

    require_postgres()
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_for(name)
    finally:
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
