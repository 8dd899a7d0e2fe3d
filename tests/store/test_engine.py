"""Opening the local cache: migrated, WAL, and refusing files it must not touch."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from sdr_desk.store.engine import CacheError, open_cache, schema_head


def test_new_cache_is_migrated_to_head_in_wal_mode_with_foreign_keys(cache_path: Path) -> None:
    cache = open_cache(cache_path)
    try:
        with cache.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema_head()
            tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
        assert {"leads", "accounts", "activities", "engagement_events", "outbox", "sync_state"} <= tables
    finally:
        cache.close()


def test_reopening_keeps_data(cache_path: Path) -> None:
    cache = open_cache(cache_path)
    with cache.transaction() as session:
        session.execute(text("INSERT INTO sync_state(key, value) VALUES ('probe', 'kept')"))
    cache.close()
    cache = open_cache(cache_path)
    with cache.session() as session:
        assert session.execute(text("SELECT value FROM sync_state WHERE key='probe'")).scalar() == "kept"
    cache.close()


def test_garbage_file_is_refused_and_left_untouched(cache_path: Path) -> None:
    cache_path.parent.mkdir(parents=True)
    cache_path.write_bytes(b"this is not a database at all" * 100)
    before = cache_path.read_bytes()
    with pytest.raises(CacheError, match="not an SDR Desk cache"):
        open_cache(cache_path)
    assert cache_path.read_bytes() == before


def test_truncated_database_is_refused(cache_path: Path) -> None:
    cache = open_cache(cache_path)
    cache.close()
    data = cache_path.read_bytes()
    cache_path.write_bytes(data[:100] + b"\x00" * 50)  # header survives, pages do not
    with pytest.raises(CacheError):
        open_cache(cache_path)


def test_cache_from_a_newer_version_is_refused_and_untouched(cache_path: Path) -> None:
    cache = open_cache(cache_path)
    cache.close()
    conn = sqlite3.connect(cache_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = cache_path.read_bytes()
    with pytest.raises(CacheError, match="newer SDR Desk"):
        open_cache(cache_path)
    assert cache_path.read_bytes() == before


def test_unwritable_folder_is_a_cache_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CacheError, match="cannot create folder"):
        open_cache(blocker / "profile" / "cache.sqlite3")


def test_migrations_build_exactly_the_tables_the_code_declares(cache_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sdr_desk.store.tables import Base

    cache = open_cache(cache_path)
    try:
        with cache.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        cache.close()
    # The research search index is an FTS5 virtual table that only the migration knows.
    unexpected = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("research_search"))]
    assert unexpected == []


def test_the_fast_path_head_is_the_newest_migration() -> None:
    from sdr_desk.store.engine import SCHEMA_HEAD

    assert SCHEMA_HEAD == schema_head()


def test_a_current_cache_opens_without_loading_alembic(cache_path: Path) -> None:
    import subprocess
    import sys

    open_cache(cache_path).close()
    probe = (
        "import sys; from pathlib import Path; from sdr_desk.store.engine import open_cache; "
        f"open_cache(Path({str(cache_path)!r})).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
