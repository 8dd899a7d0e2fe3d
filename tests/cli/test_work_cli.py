"""`sdr-desk log`, `undo`, `stage` and `qualify`: every rep action from a shell, over the desk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CSV = """full_name,title,company,country,time_zone,phones,emails,direction,source
Li Na,CTO,Acme Robotics,CN,Asia/Shanghai,138 0013 8000,li.na@acme.cn,inbound,webinar
Li Ming,CIO,Beta Logistics,CN,Asia/Shanghai,+86 139 1111 2222,,outbound,outbound_list
Zhang Wei,COO,Gamma Foods,CN,Asia/Shanghai,+86 137 2222 3333,zhang.wei@gamma.cn,inbound,web_form
"""
AT = "2026-11-24T10:00+08:00"  # a Tuesday morning in Shanghai


def _run(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdr_desk", *args, "--profile", str(profile)],
                          capture_output=True, text=True, timeout=240)


def _queue(profile: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    done = _run(profile, "queue", "--json", "--at", AT)
    assert done.returncode == 0, done.stderr
    return {row["name"]: row for row in json.loads(done.stdout)["queue"]}


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    folder = tmp_path / "profile"
    source = tmp_path / "leads.csv"
    source.write_text(CSV, encoding="utf-8")
    assert _run(folder, "import", str(source)).returncode == 0
    return folder


def test_log_names_a_lead_by_name_email_or_phone_and_the_step_follows_the_rules(profile: Path) -> None:
    done = _run(profile, "log", "li.na@acme.cn", "--channel", "phone", "--outcome", "conversation", "--notes", "Interested",
                "--at", AT, "--json")
    assert done.returncode == 0, done.stderr
    logged = json.loads(done.stdout)
    assert (logged["outcome"], logged["step"]) == ("conversation", "conversation")
    by_phone = json.loads(_run(profile, "log", "139-1111-2222", "--channel", "email", "--outcome", "sent", "--at", AT,
                               "--json").stdout)
    assert by_phone["step"] == "reach"
    components = {c["code"] for c in _queue(profile)["Li Na"]["components"]}
    assert "sla" not in components  # touched: the SLA clock stopped
    undone = _run(profile, "undo", logged["activity_id"], "--json")
    assert undone.returncode == 0 and json.loads(undone.stdout)["withdrawn"] == logged["activity_id"]
    again = _run(profile, "undo", logged["activity_id"])
    assert again.returncode == 1 and "already corrected" in again.stderr


def test_bad_input_is_one_line_exit_2_and_writes_nothing(profile: Path) -> None:
    before = _queue(profile)
    cases = [
        ("log", "Li", "--channel", "phone", "--outcome", "no_answer"),  # two leads are named Li
        ("log", "Nobody Here", "--channel", "phone", "--outcome", "no_answer"),
        ("log", "Zhang Wei", "--channel", "phone", "--outcome", "replied"),  # not a phone outcome
        ("log", "Zhang Wei", "--channel", "phone", "--outcome", "shouted"),
        ("stage", "Zhang Wei", "--to", "mql"),  # never qualified
        ("qualify", "Zhang Wei", "--answer", "money=yes"),  # "yes" needs evidence
        ("qualify", "Zhang Wei", "--answer", "money"),
    ]
    for words in cases:
        done = _run(profile, *words)
        assert done.returncode == 2, (words, done.stdout, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("sdr-desk: "), words
    assert "Li Na" in _run(profile, "log", "Li", "--channel", "phone", "--outcome", "no_answer").stderr
    assert _queue(profile) == before


def test_a_disqualified_or_handed_off_lead_is_gone_from_the_queue_at_once(profile: Path) -> None:
    assert {"Li Na", "Li Ming", "Zhang Wei"} <= set(_queue(profile))
    moved = _run(profile, "stage", "Li Ming", "--to", "disqualified", "--reason", "no_need", "--at", AT, "--json")
    assert moved.returncode == 0, moved.stderr
    out = json.loads(moved.stdout)
    assert out["stage"] == "disqualified" and out["nurture"][0]["track"] == "education"
    assert out["nurture"][0]["next_touch_at"] is not None  # the rep's own next touch, weeks away
    assert "Li Ming" not in _queue(profile)

    answers = [f"{c}=yes:evidence for {c}" for c in ("money", "authority", "need", "time", "competitor", "people")]
    args = [a for answer in answers for a in ("--answer", answer)]
    qualified = json.loads(_run(profile, "qualify", "Zhang Wei", *args, "--at", AT, "--json").stdout)
    assert (qualified["version"], qualified["verdict"]) == (1, "qualified")
    handed = _run(profile, "stage", "Zhang Wei", "--to", "mql", "--at", AT, "--json")
    assert handed.returncode == 0, handed.stderr
    assert json.loads(handed.stdout)["lead_class"] == "mql"
    assert "Zhang Wei" not in _queue(profile)
