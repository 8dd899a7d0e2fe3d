"""`sdr-desk queue`, `import` and `export` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sdr_desk", *args], capture_output=True, text=True, timeout=240, input=stdin
    )


CSV = """full_name,title,company,country,time_zone,phones,emails,direction,source
Li Na,CTO,Acme Robotics,CN,Asia/Shanghai,138 0013 8000,li.na@acme.cn,inbound,webinar
Zhang Wei,CIO,Beta Logistics,CN,Asia/Shanghai,+86 139 1111 2222,,outbound,outbound_list
"""


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    source = tmp_path / "leads.csv"
    source.write_text(CSV, encoding="utf-8")
    result = _run("import", str(source), "--profile", str(folder))
    assert result.returncode == 0, result.stderr
    assert "imported 2 lead(s)" in result.stdout
    return folder


def test_queue_json_lists_components_and_reasons_at_a_chosen_moment(profile: Path) -> None:
    # 10:00 on a Tuesday in Shanghai: inside calling hours.
    result = _run("queue", "--json", "--at", "2026-11-24T10:00+08:00", "--profile", str(profile))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["at"].startswith("2026-11-24T02:00")
    names = [row["name"] for row in out["queue"]]
    assert sorted(names) == ["Li Na", "Zhang Wei"]
    assert all(row["callable_now"] for row in out["queue"])
    assert any(row["components"] for row in out["queue"])
    for row in out["queue"]:  # the place is exactly the sum of the reasons given
        assert row["priority"] == pytest.approx(sum(c["points"] for c in row["components"]), abs=0.05)
    night = json.loads(_run("queue", "--json", "--at", "2026-11-24T23:00+08:00", "--profile", str(profile)).stdout)
    assert not any(row["callable_now"] for row in night["queue"])
    window = [c for row in night["queue"] for c in row["components"] if c["code"] == "window"]
    assert window and all(c["points"] < 0 for c in window)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["queue", "--top", "0"], "not a positive number"),
        (["queue", "--at", "tomorrow"], "not an ISO-8601 time"),
        (["queue", "--at", "2026-11-24T10:00"], "no UTC offset"),
    ],
)
def test_bad_queue_arguments_are_one_line_and_exit_2(profile: Path, args: list[str], fragment: str) -> None:
    result = _run(*args, "--profile", str(profile))
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_a_bad_row_imports_nothing_and_names_row_and_field(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(CSV + "Bad Phone,CEO,Other,US,,555,,inbound,web_form\n", encoding="utf-8")
    folder = tmp_path / "profile"
    result = _run("import", str(source), "--profile", str(folder))
    assert result.returncode == 2
    assert "row 3: phones: '555' is not a valid phone number for US" in result.stderr
    assert "nothing imported" in result.stderr
    exported = _run("export", "-", "--profile", str(folder))
    assert exported.returncode == 0 and exported.stdout.count("\n") == 1  # the header only


def test_export_round_trips_through_import(profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert _run("export", str(out), "--profile", str(profile)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "Li Na" in text and "+8613800138000" in text and "Zhang Wei" in text
    missing = _run("import", str(tmp_path / "absent.csv"), "--profile", str(profile))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
