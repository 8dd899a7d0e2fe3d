"""The window, the CLI and a sync round may all work on one profile at once: SQLite's own
locking keeps the cache whole and every committed touch and outbox op in it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sdr_desk.config import Profile
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import open_cache

WRITER = Path(__file__).with_name("cache_writer.py")
ROUNDS = 6


def _cli(profile: Path, *words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdr_desk", *words, "--profile", str(profile)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "rep"
    cache = open_cache(Profile(folder).cache_path)
    try:
        generate_demo(cache, leads=120, seed=5)
    finally:
        cache.close()
    return folder


def test_cli_commands_beside_a_writing_process_lose_nothing(profile: Path, tmp_path: Path) -> None:
    queue = json.loads(_cli(profile, "queue", "--top", "10", "--json").stdout)["queue"]
    writer_lead, cli_leads = queue[0]["lead_id"], [q["lead_id"] for q in queue[1:]]
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, str(WRITER), str(profile), writer_lead, str(stop)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        logged_by_cli = []
        for i in range(ROUNDS):
            shown = _cli(profile, "queue", "--top", "5", "--json")
            assert shown.returncode == 0, shown.stderr
            done = _cli(profile, "log", cli_leads[i % len(cli_leads)], "--channel", "phone", "--outcome", "no_answer",
                        "--json")
            assert done.returncode == 0, done.stderr
            logged_by_cli.append(json.loads(done.stdout)["activity_id"])
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    lines = out.split()
    written = [lines[i + 1] for i in range(0, len(lines), 2) if lines[i] == "ok"]
    assert "lost" not in lines, out  # the writer always saw its own commits
    assert len(written) >= ROUNDS

    conn = sqlite3.connect(profile / "cache.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        activities = {r[0] for r in conn.execute("SELECT id FROM activities")}
        ops = {r[0] for r in conn.execute("SELECT entity_id FROM outbox WHERE entity = 'activity'")}
    finally:
        conn.close()
    for activity_id in [*written, *logged_by_cli]:
        assert activity_id in activities and activity_id in ops, activity_id
