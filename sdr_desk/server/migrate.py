"""Bring a server database to the current schema with the Alembic scripts in db/server/."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from sdr_desk import paths
from sdr_desk.server.db import ensure_counter, make_engine, normalise_url


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(paths.SERVER_MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    engine = make_engine(url)
    try:
        upgrade_engine(engine, url)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, url: str) -> None:
    config = alembic_config(url)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        ensure_counter(conn)


def is_current(engine: Engine, url: str) -> bool:
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision() == head
