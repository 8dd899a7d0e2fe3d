"""Fixtures shared by every test package: a fresh local cache and the rep's book on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt tests run without a display; a developer with one can still override it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "profile" / "cache.sqlite3"


@pytest.fixture
def cache(cache_path: Path) -> Iterator[object]:
    from sdr_desk.store.engine import open_cache

    opened = open_cache(cache_path)
    yield opened
    opened.close()


@pytest.fixture
def book(cache: object) -> object:
    from sdr_desk.store.repositories import SalesBook

    return SalesBook(cache)  # type: ignore[arg-type]
