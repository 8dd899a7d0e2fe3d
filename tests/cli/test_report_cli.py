"""`sdr-desk report funnel|activity|sla` on a demo team, as a rep and as the team lead."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import open_cache
from sdr_desk.store.repositories import SalesBook
from sdr_desk.store.team_work import TeamWork


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdr_desk", *args], capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-cli")
    cache = open_cache(folder / "cache.sqlite3")
    try:
        generate_demo(cache, leads=300)
    finally:
        cache.close()
    return folder


def _as(profile: Path, lead: bool) -> None:
    cache = open_cache(profile / "cache.sqlite3")
    try:
        TeamWork(SalesBook(cache)).switch_demo_user(lead)
    finally:
        cache.close()


def test_funnel_as_a_rep_and_as_the_team_lead(profile: Path) -> None:
    _as(profile, lead=False)
    mine = _run("report", "funnel", "--json", "--profile", str(profile))
    assert mine.returncode == 0, mine.stderr
    doc = json.loads(mine.stdout)
    assert [r["id"] for r in doc["rows"]] == ["local-rep"] and "team" not in doc
    assert doc["benchmarks"] == {"dials_per_reach": 12.73, "dials_per_conversation": 22.5, "conversations_per_meeting": 3.0}
    assert set(doc["team_median"]) == set(doc["benchmarks"])

    _as(profile, lead=True)
    team = json.loads(_run("report", "funnel", "--json", "--profile", str(profile)).stdout)
    assert len(team["rows"]) == 5
    assert team["team"]["dials"] == sum(r["dials"] for r in team["rows"])
    ratio = team["rows"][0]["ratios"]["dials_per_reach"]
    assert ratio["standing"] in ("ahead", "on_par", "behind", "no_data") and ratio["benchmark"] == 12.73

    by_team = _run("report", "funnel", "--by", "team", "--csv", "--profile", str(profile))
    rows = list(csv.DictReader(io.StringIO(by_team.stdout)))
    assert [r["id"] for r in rows] == ["demo-team"] and int(rows[0]["dials"]) == team["team"]["dials"]

    text = _run("report", "funnel", "--profile", str(profile)).stdout
    assert "Benchmark" in text and "Team median" in text and "Demo rep 3" in text

    empty = _run("report", "funnel", "--since", "2030-01-01", "--until", "2030-02-01", "--profile", str(profile))
    assert empty.returncode == 0 and empty.stdout.startswith("No touches between 2030-01-01")


def test_activity_filters_and_refusals(profile: Path) -> None:
    _as(profile, lead=True)
    done = _run("report", "activity", "--rep", "demo rep 2", "--limit", "5", "--json", "--profile", str(profile))
    assert done.returncode == 0, done.stderr
    acts = json.loads(done.stdout)["activities"]
    assert len(acts) == 5 and {a["rep"] for a in acts} == {"Demo rep 2"}
    assert [a["occurred_at"] for a in acts] == sorted((a["occurred_at"] for a in acts), reverse=True)
    unknown = _run("report", "activity", "--rep", "nobody", "--profile", str(profile))
    assert unknown.returncode == 2 and "no rep named 'nobody'" in unknown.stderr
    bad = _run("report", "activity", "--since", "yesterday", "--profile", str(profile))
    assert bad.returncode == 2 and "not a date" in bad.stderr
    _as(profile, lead=False)
    refused = _run("report", "activity", "--rep", "Demo rep 2", "--profile", str(profile))
    assert refused.returncode == 2 and "only their own" in refused.stderr


def test_sla_json(profile: Path) -> None:
    _as(profile, lead=True)
    doc = json.loads(_run("report", "sla", "--json", "--profile", str(profile)).stdout)
    team = doc["speed_to_lead"]["team"]
    assert team["count"] > 0 and team["median_s"] <= team["p90_s"]
    assert sum(b["leads"] for b in team["distribution"]) == team["count"]
    assert {"met", "late", "overdue", "breaches", "compliance"} <= set(next(iter(doc["sla_by_rep"].values())))
    assert doc["sla_by_source"]
