"""`sdr-desk login / sync / logout` as a rep runs them, against the real server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sdr_desk.core.entities import Activity, Channel, Lead, Outcome, Step
from sdr_desk.core.ids import new_id
import httpx
import pytest

from tests.e2e.harness import PASSWORD, REPO, FaultProxy, ServerProcess, make_team


@pytest.fixture
def server(sqlite_server: ServerProcess) -> ServerProcess:
    """The command line does not depend on the server's database: one backend is enough here."""
    return sqlite_server


def cli(*args: str, profile: Path, keyring_file: Path, stdin: str = "", backend: str = "tests.e2e.os_keyring_stub.FileKeyring") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": backend, "SDR_DESK_TEST_KEYRING": str(keyring_file), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "sdr_desk", *args, "--profile", str(profile)], input=stdin,
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=120)


def offline_work(profile: Path, calls: int) -> None:
    from sdr_desk.store.engine import open_cache
    from sdr_desk.store.repositories import SalesBook

    cache = open_cache(profile / "cache.sqlite3")
    try:
        book = SalesBook(cache)
        lead = Lead(id=new_id(), full_name="lead-1", phones=["+8613800138000"])
        book.create_lead(lead)
        for n in range(calls):
            book.log_activity(Activity(id=new_id(), lead_id=lead.id, channel=Channel.PHONE, outcome=Outcome.VOICEMAIL,
                                       occurred_at=datetime(2026, 11, 24, 10, n, tzinfo=UTC), step=Step.REACH))
    finally:
        cache.close()


def files_containing(folder: Path, secret: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_login_sync_logout_keeps_secrets_in_the_keyring_only(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    user = f"{team_name}-rep-a"
    make_team(server, team_name, [user], f"{team_name}-lead")
    profile, keyring_file = tmp_path / "profile", tmp_path / "os-keyring.json"

    done = cli("login", "--server", server.url, "--user", user, "--password-stdin", profile=profile, keyring_file=keyring_file, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert f"logged in to {server.url} as {user}" in done.stdout
    stored = json.loads(keyring_file.read_text())
    assert [(s, u) for s, u, _p in stored["items"]] == [("sdr-desk", f"{server.url}|{user}")]

    offline_work(profile, calls=5)
    done = cli("sync", profile=profile, keyring_file=keyring_file)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pushed: 6  pulled: ") and "rejected: 0  pending: 0" in done.stdout
    again = cli("sync", profile=profile, keyring_file=keyring_file)
    assert again.returncode == 0 and again.stdout.startswith("pushed: 0  pulled: ")

    history = json.loads(keyring_file.read_text())["history"]
    assert len(history) >= 3  # login, then a rotation per sync
    for secret in [*history, PASSWORD]:
        assert files_containing(profile, secret) == []

    done = cli("logout", profile=profile, keyring_file=keyring_file)
    assert done.returncode == 0 and json.loads(keyring_file.read_text())["items"] == []
    last = json.loads(keyring_file.read_text())["history"][-1]
    ended = httpx.post(f"{server.url}/api/v1/auth/refresh", json={"refresh_token": last}, timeout=10)
    assert ended.status_code == 401  # the server ended the session too
    done = cli("sync", profile=profile, keyring_file=keyring_file)
    assert done.returncode == 1 and done.stderr.strip().startswith("sdr-desk: not logged in")
    assert len(done.stderr.strip().splitlines()) == 1


def test_unreachable_server_is_one_line_and_exit_1(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    user = f"{team_name}-rep-a"
    make_team(server, team_name, [user], f"{team_name}-lead")
    profile, keyring_file = tmp_path / "profile", tmp_path / "os-keyring.json"
    proxy = FaultProxy(server.port)
    done = cli("login", "--server", proxy.url, "--user", user, "--password-stdin", profile=profile, keyring_file=keyring_file, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    proxy.close()  # the trade-show hall has no network
    offline_work(profile, calls=2)
    done = cli("sync", profile=profile, keyring_file=keyring_file)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "unreachable" in lines[0] and "3 changes stay queued" in lines[0]


def test_no_keyring_says_so_and_asks_for_the_password(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    user = f"{team_name}-rep-a"
    make_team(server, team_name, [user], f"{team_name}-lead")
    profile, keyring_file = tmp_path / "profile", tmp_path / "os-keyring.json"
    fail = "keyring.backends.fail.Keyring"
    done = cli("login", "--server", server.url, "--user", user, "--password-stdin", profile=profile, keyring_file=keyring_file, stdin=PASSWORD + "\n", backend=fail)
    assert done.returncode == 0
    assert done.stderr.strip() == "sdr-desk: no keyring available: the password will be asked at each start"
    done = cli("sync", profile=profile, keyring_file=keyring_file, backend=fail)
    assert done.returncode == 2 and "--password-stdin" in done.stderr
    offline_work(profile, calls=1)
    done = cli("sync", "--password-stdin", profile=profile, keyring_file=keyring_file, stdin=PASSWORD + "\n", backend=fail)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("pushed: 2  ")
    assert not keyring_file.exists()
    assert files_containing(profile, PASSWORD) == []


def test_signing_in_over_a_practice_book_sets_it_aside_and_pushes_none_of_it(server: ServerProcess, team_name: str, tmp_path: Path) -> None:
    user = f"{team_name}-rep-a"
    make_team(server, team_name, [user], f"{team_name}-lead")
    profile, keyring_file = tmp_path / "profile", tmp_path / "os-keyring.json"
    assert cli("demo", "--leads", "40", profile=profile, keyring_file=keyring_file).returncode == 0
    first = json.loads(cli("queue", "--top", "1", "--json", profile=profile, keyring_file=keyring_file).stdout)["queue"][0]
    practised = cli("log", first["lead_id"], "--channel", "phone", "--outcome", "no_answer", profile=profile, keyring_file=keyring_file)
    assert practised.returncode == 0, practised.stderr  # an op in the practice outbox

    done = cli("login", "--server", server.url, "--user", user, "--password-stdin", profile=profile, keyring_file=keyring_file, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert f"--profile {profile / 'practice'}" in done.stderr
    synced = cli("sync", profile=profile, keyring_file=keyring_file)
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.startswith("pushed: 0  pulled: ") and "rejected: 0  pending: 0" in synced.stdout
    queue = json.loads(cli("queue", "--json", profile=profile, keyring_file=keyring_file).stdout)["queue"]
    assert first["lead_id"] not in {q["lead_id"] for q in queue}  # no practice lead ranks beside real work
    kept = json.loads(cli("queue", "--top", "50", "--json", profile=profile / "practice", keyring_file=keyring_file).stdout)["queue"]
    assert first["lead_id"] in {q["lead_id"] for q in kept}  # the practice book lives on by itself
