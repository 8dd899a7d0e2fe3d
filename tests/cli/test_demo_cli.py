"""`sdr-desk demo` as a user runs it: one-line errors with exit 2, a book on success."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sdr_desk.config import CACHE_FILE


def _demo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sdr_desk", "demo", *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, **(env or {})},
    )


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def _lead_count(profile: Path) -> int:
    conn = sqlite3.connect(profile / CACHE_FILE)
    try:
        return conn.execute("SELECT count(*) FROM leads").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("leads", ["0", "-5", "many", "2.5"])
def test_leads_must_be_a_positive_whole_number(tmp_path: Path, leads: str) -> None:
    line = _one_line_error(_demo("--leads", leads, "--profile", str(tmp_path / "p")))
    assert "--leads" in line
    assert not (tmp_path / "p" / CACHE_FILE).exists()


def test_a_profile_folder_that_cannot_be_created_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = _one_line_error(_demo("--leads", "5", "--profile", str(blocker / "profile")))
    assert str(blocker / "profile") in line


def test_a_corrupt_cache_is_refused_and_left_untouched(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    garbage = b"definitely not sqlite" * 50
    (profile / CACHE_FILE).write_bytes(garbage)
    line = _one_line_error(_demo("--leads", "5", "--profile", str(profile)))
    assert "cache" in line
    assert (profile / CACHE_FILE).read_bytes() == garbage


def test_a_book_is_written_with_progress_on_stderr(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    result = _demo("--leads", "300", "--seed", "4", env={"SDR_DESK_PROFILE": str(profile)})
    assert result.returncode == 0, result.stderr
    assert "100%" in result.stderr and "300/300" in result.stderr
    assert "300 leads" in result.stdout
    assert _lead_count(profile) == 300


def test_if_empty_leaves_a_profile_with_leads_alone(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    assert _demo("--leads", "40", "--profile", str(profile)).returncode == 0
    again = _demo("--leads", "40", "--if-empty", "--profile", str(profile))
    assert again.returncode == 0, again.stderr
    assert "nothing to do" in again.stdout
    assert _lead_count(profile) == 40
    more = _demo("--leads", "40", "--profile", str(profile))
    assert more.returncode == 0, more.stderr
    assert _lead_count(profile) == 80  # without --if-empty a second book is added
