"""`sdr-desk server ...`: migrate, teams, users, away, disable, API keys, and `run` for real."""

from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from sdr_desk.commands import BadInput, CommandError
from sdr_desk.commands import server as server_cmd
from sdr_desk.server import tables as t
from sdr_desk.server.db import make_engine
from tests.support.sdr_server import free_port, wait_healthy


def cli(argv: list[str], stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sdr-desk")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile")
    server_cmd.add_parser(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(["server", *argv])
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
    return args.run(args)


@pytest.fixture
def url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_admin_commands(url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError, match="server migrate"):
        cli(["create-team", "north", "--db-url", url])
    assert cli(["migrate", "--db-url", url]) == 0
    assert cli(["migrate", "--db-url", url]) == 0  # idempotent
    assert cli(["create-team", "north", "--sla-minutes", "15", "--db-url", url]) == 0
    with pytest.raises(BadInput, match="already exists"):
        cli(["create-team", "north", "--db-url", url])
    assert cli(["create-user", "rep-a", "--role", "sdr", "--team", "north", "--password-stdin", "--db-url", url],
               stdin="a-long-password\n", monkeypatch=monkeypatch) == 0
    with pytest.raises(BadInput, match="--password-stdin"):  # no terminal, no flag: never a silent empty password
        cli(["create-user", "rep-b", "--role", "sdr", "--team", "north", "--db-url", url], monkeypatch=monkeypatch)
    with pytest.raises(BadInput, match="need --team"):
        cli(["create-user", "rep-c", "--role", "sdr", "--password-stdin", "--db-url", url], stdin="x" * 10,
            monkeypatch=monkeypatch)
    with pytest.raises(BadInput, match="no team named"):
        cli(["create-user", "rep-c", "--role", "sdr", "--team", "south", "--password-stdin", "--db-url", url],
            stdin="x" * 10, monkeypatch=monkeypatch)
    assert cli(["set-away", "rep-a", "on", "--db-url", url]) == 0
    capsys.readouterr()
    assert cli(["api-key", "create", "--source", "webinar", "--db-url", url]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("sdk_") and len(secret) > 30
    assert cli(["disable-user", "rep-a", "--db-url", url]) == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        team = conn.execute(select(t.teams.c.name, t.teams.c.sla_seconds)).one()
        user = conn.execute(select(t.users.c.role, t.users.c.away, t.users.c.active)).one()
        key = conn.execute(select(t.api_keys.c.source, t.api_keys.c.key_hash)).one()
    engine.dispose()
    assert tuple(team) == ("north", 900)
    assert tuple(user) == ("sdr", True, False)
    assert key.source == "webinar" and secret not in key.key_hash


def test_team_sla_rules_from_a_file_and_back(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["migrate", "--db-url", url]) == 0
    assert cli(["create-team", "north", "--db-url", url]) == 0
    changes = tmp_path / "north-sla.toml"
    changes.write_text('[working_hours]\ntime_zone = "Europe/Berlin"\ncountry = "DE"\nhours = ["08:00-17:00"]\n',
                       encoding="utf-8")
    assert cli(["team-sla", "north", "--rules", str(changes), "--db-url", url]) == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(select(t.teams.c.sla_rules)).scalar_one()
    assert stored["working_hours"]["time_zone"] == "Europe/Berlin"
    assert any(p["source"] == "web_form" for p in stored["policies"])  # the bundled policies, kept
    changes.write_text('[working_hours]\ntime_zone = "Europe/Berlin"\n\n[[policies]]\nsource = "web_form"\n'
                       'first_touch_minutes = 0\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"north-sla.toml:\d+: policies\[0\].first_touch_minutes"):
        cli(["team-sla", "north", "--rules", str(changes), "--db-url", url])
    with pytest.raises(BadInput, match="no team named"):
        cli(["team-sla", "south", "--reset", "--db-url", url])
    assert cli(["team-sla", "north", "--reset", "--db-url", url]) == 0
    with engine.connect() as conn:
        assert conn.execute(select(t.teams.c.sla_rules)).scalar_one() is None
    engine.dispose()
    assert "bundled SLA rules" in capsys.readouterr().out


def test_database_url_from_environment_and_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDR_DESK_DB_URL", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert cli(["migrate"]) == 0
    assert (tmp_path / "env.sqlite3").exists()
    monkeypatch.delenv("SDR_DESK_DB_URL")
    assert cli(["migrate", "--profile", str(tmp_path / "profile")]) == 0
    assert (tmp_path / "profile" / "server.sqlite3").exists()


def test_server_run_serves_http(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, SDR_DESK_PROFILE=str(tmp_path))
    env.pop("SDR_DESK_DB_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "sdr_desk", "server", "run", "--port", str(port),
                             "--sweep-interval", "0"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc=proc)
        response = httpx.get(f"http://127.0.0.1:{port}/openapi.json")
        assert response.status_code == 200 and response.json()["info"]["title"] == "SDR Desk server"
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert (tmp_path / "server.sqlite3").exists()
    assert b'"path": "/openapi.json"' in err  # one structured log line per request
