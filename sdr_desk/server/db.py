"""Engines and transactions for SQLite (embedded default) and PostgreSQL (production).

SQLite: WAL, foreign keys, and `BEGIN IMMEDIATE` for writers so two processes queue on the
write lock instead of failing to upgrade a read lock. PostgreSQL through psycopg 3.
Writers retry on deadlock or serialization failure; nothing here lives at module level.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    Engine,
    Integer,
    String,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from sdr_desk.server import tables as t

T = TypeVar("T")
READ_ONLY = "sdr_read_only"


def normalise_url(url: str) -> str:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if conn.get_execution_options().get(READ_ONLY):
                conn.exec_driver_sql("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def _retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    if code in ("40001", "40P01"):  # serialization failure, deadlock
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def write(engine: Engine, work: Callable[[Connection], T], attempts: int = 8) -> T:
    """Run `work` in one writing transaction, retrying on deadlock and lock timeouts."""
    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                return work(conn)
        except DBAPIError as exc:
            if attempt == attempts - 1 or not _retryable(exc):
                raise
            time.sleep(0.01 * (2**attempt))
    raise AssertionError("unreachable")


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction over one consistent snapshot."""
    with engine.connect() as conn:
        if is_postgres(engine):
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        else:
            conn = conn.execution_options(**{READ_ONLY: True})
        with conn.begin():
            yield conn


def ensure_counter(conn: Connection) -> None:
    if conn.execute(select(t.sync_counter.c.id)).first() is None:
        conn.execute(insert(t.sync_counter).values(id=1, value=0))


def _pg_array(column: object) -> tuple[str, str]:
    """(array type a column's values travel as, how a value is read back into the column)."""
    col_type = getattr(column, "type")  # noqa: B009
    if isinstance(col_type, t.UtcDateTime):
        return "timestamptz[]", "{}"
    if isinstance(col_type, JSON):
        return "text[]", "{}::jsonb"  # JSON text in, jsonb stored
    if isinstance(col_type, Boolean):
        return "boolean[]", "{}"
    if isinstance(col_type, (BigInteger, Integer)):
        return "bigint[]", "{}"
    return "text[]", "{}"


def insert_rows(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Many rows (all with the same keys) in one statement. On PostgreSQL an INSERT ... SELECT
    FROM unnest(one array per column): one parameter per column, however many rows; elsewhere
    an executemany."""
    if not rows:
        return
    if not is_postgres(conn):
        conn.execute(insert(table), rows)
        return
    names = list(rows[0])
    arrays, reads, params = [], [], []
    for name in names:
        column = table.c[name]
        array, read = _pg_array(column)
        arrays.append(f"%b::{array}")  # binary: no per-element escaping
        reads.append(read.format(f'"{name}"'))
        values = [row[name] for row in rows]
        if array == "text[]" and read.endswith("::jsonb"):
            values = [orjson.dumps(v).decode() for v in values]
        params.append(values)
    quoted = ", ".join(f'"{name}"' for name in names)
    conn.exec_driver_sql(
        f'INSERT INTO "{table.name}" ({quoted}) SELECT {", ".join(reads)} '
        f'FROM unnest({", ".join(arrays)}) AS u({quoted})',
        tuple(params),
    )


def in_list(conn: Connection, column: Any, values: list[str]) -> Any:
    """`column IN values` for text keys; on PostgreSQL as `= ANY(array)`, one parameter for the
    whole list instead of one per value."""
    if is_postgres(conn):
        return column == any_(bindparam(None, values, type_=ARRAY(String)))
    return column.in_(values)
