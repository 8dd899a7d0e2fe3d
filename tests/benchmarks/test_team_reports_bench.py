"""The team lead's figures over a real cache: funnel by rep, activity log filters, SLA, CLI.

Size from SDR_DESK_BENCH_SIZE: small (2,000 leads, for `make test`) or full (100,000 leads
with 10 activities each: a million touches). Targets at full size: funnel by rep for 90 days
within 200 ms; a log filter change to rows shown within 100 ms; `report funnel --json` within
0.5 s beyond start-up. Prints figures only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from sdr_desk.config import Profile
from sdr_desk.core.entities import Channel, Outcome, Step
from sdr_desk.core.funnel import Period
from sdr_desk.store.demo import generate_demo
from sdr_desk.store.engine import Cache, open_cache
from sdr_desk.store.reports import LogFilter, TeamReports

pytestmark = pytest.mark.benchmark

SIZES = {"small": 2_000, "full": 100_000}
N = SIZES.get(os.environ.get("SDR_DESK_BENCH_SIZE", "small"), SIZES["small"])
LABEL = f"{N // 1000}k"
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Profile, Cache]]:
    profile = Profile(tmp_path_factory.mktemp("team-bench"))
    cache = open_cache(profile.cache_path)
    generate_demo(cache, leads=N, activities_per_lead=10, events_per_lead=0, now=NOW)
    yield profile, cache
    cache.close()


def _timed(fn, runs: int = 7) -> tuple[float, float, object]:  # noqa: ANN001
    """(first run, median of the rest) in seconds, and the last result."""
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times[1:]), result


def test_funnel_by_rep(profile: tuple[Profile, Cache]) -> None:
    _profile, cache = profile
    reports = TeamReports(cache)
    with cache.session() as s:
        activities = s.connection().exec_driver_sql("SELECT count(*) FROM activities").scalar()
    print(f"\nteam-bench-activities-{LABEL}: {activities} rows")
    period = Period.last_days(90, NOW)
    first, median, by_rep = _timed(lambda: reports.funnel_by_rep(period))
    print(f"team-funnel-by-rep-90d-{LABEL}-first: {first * 1000:.1f} ms")
    print(f"team-funnel-by-rep-90d-{LABEL}: {median * 1000:.1f} ms")
    assert sum(c.dials for c in by_rep.values()) > 0  # type: ignore[union-attr]
    _first, trend, weeks = _timed(lambda: reports.weekly_trend(period), runs=3)
    print(f"team-weekly-trend-90d-{LABEL}: {trend * 1000:.1f} ms")
    assert len(weeks) >= 12  # type: ignore[arg-type]


def test_log_filter_change_to_rows_shown(profile: tuple[Profile, Cache]) -> None:
    _profile, cache = profile
    reports = TeamReports(cache)
    filters = {
        "none": LogFilter(),
        "rep": LogFilter(rep_id="demo-rep-3"),
        "channel": LogFilter(channel=Channel.WECHAT),
        "step": LogFilter(step=Step.CONVERSATION),
        "outcome": LogFilter(outcome=Outcome.MEETING_BOOKED),
        "rep-outcome": LogFilter(rep_id="demo-rep-2", outcome=Outcome.MEETING_BOOKED),
        "dates": LogFilter(since=datetime(2026, 10, 1, tzinfo=UTC), until=datetime(2026, 10, 8, tzinfo=UTC)),
        "lead-text": LogFilter(lead_text="co"),
    }
    worst = 0.0
    for name, flt in filters.items():
        # What the desk does on a filter change: the first page of ids, then the rows on screen.
        def page(f: LogFilter = flt) -> int:
            ids = reports.log_ids(f, 500)
            return len(reports.log_rows(ids[:200]))

        _first, median, shown = _timed(page, runs=5)
        worst = max(worst, median)
        print(f"team-log-filter-{name}-{LABEL}: {median * 1000:.1f} ms")
        assert isinstance(shown, int)
    print(f"team-log-filter-worst-{LABEL}: {worst * 1000:.1f} ms")
    _first, count, total = _timed(lambda: reports.log_count(LogFilter(channel=Channel.PHONE)), runs=3)
    print(f"team-log-count-phone-{LABEL}: {count * 1000:.1f} ms")
    assert total > 0  # type: ignore[operator]


def test_speed_sla_and_workload(profile: tuple[Profile, Cache]) -> None:
    _profile, cache = profile
    reports = TeamReports(cache)
    period = Period.last_days(90, NOW)
    _f, speed, result = _timed(lambda: reports.speed_to_lead(period), runs=3)
    print(f"\nteam-speed-to-lead-{LABEL}: {speed * 1000:.1f} ms")
    _f, sla, _r = _timed(lambda: reports.sla(period, NOW), runs=3)
    print(f"team-sla-{LABEL}: {sla * 1000:.1f} ms")
    _f, load, (rows, _pool) = _timed(lambda: reports.workload(), runs=3)  # type: ignore[misc]
    print(f"team-workload-{LABEL}: {load * 1000:.1f} ms")
    assert result[""].count > 0 and rows  # type: ignore[index]


def test_report_funnel_json_beyond_start_up(profile: tuple[Profile, Cache]) -> None:
    folder, _cache = profile
    env = {**os.environ, "SDR_DESK_PROFILE": str(folder.folder)}

    def run(*args: str) -> float:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "sdr_desk", *args], env=env, capture_output=True, text=True, check=True)
        assert done.stdout
        return time.perf_counter() - started

    def load_libraries() -> float:
        # What every command that reads the cache loads first: SQLAlchemy, pydantic, the store.
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sdr_desk.cli, sdr_desk.store.repositories, sdr_desk.core.funnel"],
                       env=env, check=True)
        return time.perf_counter() - started

    start_up = statistics.median(run("--version") for _ in range(3))
    libraries = statistics.median(load_libraries() for _ in range(3))
    report = statistics.median(run("report", "funnel", "--json", "--since", "2026-08-26") for _ in range(3))
    print(f"\nteam-cli-start-up: {start_up:.2f} s")
    print(f"team-cli-start-up-with-store: {libraries:.2f} s")
    print(f"team-cli-report-funnel-json-{LABEL}: {report:.2f} s")
    print(f"team-cli-report-funnel-json-beyond-start-up-{LABEL}: {report - libraries:.2f} s")


def test_report_funnel_json_in_process(profile: tuple[Profile, Cache], capsys: pytest.CaptureFixture[str]) -> None:
    """The command's own work once its modules are loaded: open the cache, count, write JSON."""
    folder, _cache = profile
    from sdr_desk.cli import main

    def run() -> int:
        return main(["report", "funnel", "--json", "--since", "2026-08-26", "--profile", str(folder.folder)])

    _first, median, code = _timed(run, runs=4)
    out = capsys.readouterr().out
    assert code == 0 and '"rows"' in out
    with capsys.disabled():
        print(f"\nteam-cli-report-funnel-json-in-process-{LABEL}: {median * 1000:.0f} ms")
