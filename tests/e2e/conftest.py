"""A real server process per backend (SQLite file, PostgreSQL database), shared by a module,
with a fault proxy per test. Each test makes its own team, so tests do not see each other."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import FaultProxy, ServerProcess
from tests.support.postgres import temporary_database

_teams = itertools.count(1)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    from sdr_desk.server.migrate import upgrade

    workdir = tmp_path_factory.mktemp(f"server-{request.param}")
    with _database(request.param, workdir) as url:
        upgrade(url)
        proc = ServerProcess(url, workdir)
        proc.start()
        try:
            yield proc
        finally:
            proc.stop()


def _database(backend: str, workdir: Path):  # type: ignore[no-untyped-def]
    import contextlib

    if backend == "sqlite":
        return contextlib.nullcontext(f"sqlite:///{workdir / 'server.sqlite3'}")
    return temporary_database("sdr_e2e")  # skips visibly without PostgreSQL; fails under CI=true


@pytest.fixture(scope="package")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """For tests of the workstation itself (command line, crashes), where the server's backend does not matter."""
    from sdr_desk.server.migrate import upgrade

    workdir = tmp_path_factory.mktemp("server-sqlite-shared")
    url = f"sqlite:///{workdir / 'server.sqlite3'}"
    upgrade(url)
    proc = ServerProcess(url, workdir)
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def team_name() -> str:
    return f"team-{os.getpid()}-{next(_teams)}"


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    p = FaultProxy(server.port)
    yield p
    p.close()
