"""Alembic environment for the workstation's local cache (SQLite)."""

from alembic import context

from sdr_desk.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand against a cache file
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _include(obj, name, type_, reflected, compare_to) -> bool:
    # The research search index is an FTS5 virtual table the migrations own, not the models.
    return not (type_ == "table" and reflected and name.startswith("research_search"))


def _run(connection) -> None:
    # render_as_batch: SQLite can only change columns by copying the table.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
