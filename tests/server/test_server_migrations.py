"""The Alembic scripts in db/server build exactly the tables the code declares, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

from sdr_desk.server import tables as t
from sdr_desk.server.db import make_engine
from sdr_desk.server.migrate import is_current, upgrade
from sdr_desk.server.tables import metadata


def test_migrations_match_the_tables(db_url: str) -> None:
    upgrade(db_url)  # a second upgrade is a no-op
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
            counter = conn.execute(select(t.sync_counter.c.value)).scalars().all()
        assert diff == []
        assert counter == [0]
        assert is_current(engine, db_url)
    finally:
        engine.dispose()
